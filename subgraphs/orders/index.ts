import type { Db } from '../../lib/db/index.js';
import type { StoreSubgraph, StoreSubgraphInstance, StoreSubgraphServices } from '../../lib/subgraph/index.js';
import { createCarts } from './carts.js';
import { createCheckoutSaga, type CheckoutSaga } from './checkout/checkoutSaga.js';
import { checkoutSteps } from './checkout/checkoutSteps.js';
import { createOrdersContext, type OrdersRequestContext } from './context.js';
import { resolvers } from './resolvers.js';
import { catalogProducts } from './services/catalogProducts.js';
import { inventoryReservations } from './services/inventoryReservations.js';
import { pricingPrices } from './services/pricingPrices.js';
import { paymentsService } from './services/paymentsService.js';
import { createServiceClients } from './services/serviceClients.js';
import { shipmentBooking, shippingRates } from './services/shippingRates.js';

/** Options for {@link createOrdersSubgraph}. */
export interface OrdersSubgraphOptions {
  /** How long `checkout` waits for its saga before answering PENDING, in ms. @default 10000 */
  readonly checkoutWaitMs?: number;
  /** Per step attempt, in ms. @default 5000 */
  readonly stepTimeoutMs?: number;
  /** How often unfinished sagas whose lease ran out are resumed, in ms. @default 1000 */
  readonly recoveryIntervalMs?: number;
  /** How long a process holds a saga it runs. @default 30000 */
  readonly sagaLeaseMs?: number;
}

/** An orders subgraph as started in a process, with its checkout saga. */
export interface OrdersInstance extends StoreSubgraphInstance<OrdersRequestContext> {
  readonly saga: CheckoutSaga;
}

/**
 * Carts, orders and the checkout saga. Prices, shipping, stock and payment come from the
 * pricing, shipping, inventory and payments subgraphs (signed service calls as `service:orders`).
 */
export function createOrdersSubgraph(options: OrdersSubgraphOptions = {}): StoreSubgraph<OrdersRequestContext> & { create(db: Db, services: StoreSubgraphServices): OrdersInstance } {
  return {
    name: 'orders',
    create(db, services) {
      const stepTimeoutMs = options.stepTimeoutMs ?? 5_000;
      // Payment may fail over between providers within one call: it gets the whole step.
      const clients = createServiceClients(services, { timeoutsMs: { payments: stepTimeoutMs } });
      const saga = createCheckoutSaga({
        db, pollDb: services.backgroundDb, logger: services.logger, stepTimeoutMs, leaseMs: options.sagaLeaseMs,
        steps: checkoutSteps({
          prices: pricingPrices(clients), shipping: shippingRates(clients), stock: inventoryReservations(clients), payments: paymentsService(clients),
          shipments: shipmentBooking(clients),
        }),
      });
      const carts = createCarts(db, catalogProducts(clients));
      const service = { db, carts, saga, checkoutWaitMs: options.checkoutWaitMs ?? 10_000 };
      let recovery: NodeJS.Timeout | undefined;
      let stopped = false;
      return {
        name: 'orders',
        resolvers,
        saga,
        context: () => createOrdersContext(service),
        async start() {
          // Resumes sagas a crashed or stopped process left, now and then every interval.
          const resume = async () => {
            try {
              await saga.resume();
            } catch (error) {
              services.logger.warn({ err: error }, 'checkout saga recovery');
            }
            if (!stopped) recovery = setTimeout(resume, options.recoveryIntervalMs ?? 1_000);
          };
          await resume();
        },
        async close() {
          stopped = true;
          clearTimeout(recovery);
          await saga.drain();
          await clients.close();
        },
      };
    },
  };
}

export const ordersSubgraph = createOrdersSubgraph();
