import type { Db } from '../../lib/db/index.js';
import { manyLoader, oneLoader } from '../../lib/loaders.js';
import type { Metrics } from '../../lib/metrics/index.js';
import type { SubgraphCaller } from '../../lib/subgraph/index.js';
import { paymentStore } from './paymentStore.js';
import type { PaymentProvider } from './providers/index.js';

/** What the payments subgraph shares between requests. */
export interface PaymentsService {
  readonly db: Db;
  /** In failover order; resolved once the process started them. */
  providers(): readonly PaymentProvider[];
  readonly metrics?: Metrics;
}

export function createPaymentsContext(service: PaymentsService) {
  return {
    ...service,
    paymentOfOrder: oneLoader((orderIds) => paymentStore.byOrders(service.db, orderIds), (row) => row.order_id),
    attempts: manyLoader((ids) => paymentStore.attemptsOf(service.db, ids), (row) => row.payment_id),
  };
}

/** What {@link createPaymentsContext} builds per request. */
export type PaymentsRequestContext = ReturnType<typeof createPaymentsContext>;
/** What resolvers see: that plus the verified caller. */
export type PaymentsContext = PaymentsRequestContext & SubgraphCaller;
