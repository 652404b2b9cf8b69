import type { Db } from '../../lib/db/index.js';
import { manyLoader } from '../../lib/loaders.js';
import type { SubgraphCaller } from '../../lib/subgraph/index.js';
import type { Carts } from './carts.js';
import { cartStore } from './cartStore.js';
import type { CheckoutSaga } from './checkout/checkoutSaga.js';
import { createOrderReader } from './orders.js';
import { orderStore } from './orderStore.js';

/** What the orders subgraph shares between requests. */
export interface OrdersService {
  readonly db: Db;
  readonly carts: Carts;
  readonly saga: CheckoutSaga;
  /** How long `checkout` waits for its saga before answering PENDING, in ms. */
  readonly checkoutWaitMs: number;
}

export function createOrdersContext(service: OrdersService) {
  return {
    ...service,
    orders: createOrderReader(service.db),
    cartLines: manyLoader((ids) => cartStore.linesOf(service.db, ids), (row) => row.cart_id),
    orderLines: manyLoader((ids) => orderStore.linesOf(service.db, ids), (row) => row.order_id),
  };
}

/** What {@link createOrdersContext} builds per request. */
export type OrdersRequestContext = ReturnType<typeof createOrdersContext>;
/** What resolvers see: that plus the verified caller. */
export type OrdersContext = OrdersRequestContext & SubgraphCaller;
