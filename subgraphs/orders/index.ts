import type { Db } from '../../lib/db/index.js';
import type { StoreSubgraph, StoreSubgraphInstance, StoreSubgraphServices } from '../../lib/subgraph/index.js';
import type { PaymentProvider } from '../payments/providers/index.js';
import type { PaymentSimulator } from '../payments/simulator/index.js';
import { createCarts } from './carts.js';
import { createCheckoutSaga, type CheckoutSaga } from './checkout/checkoutSaga.js';
import { checkoutSteps } from './checkout/checkoutSteps.js';
import { createOrdersContext, type OrdersRequestContext } from './context.js';
import type { PaymentAuthorizer } from './ports.js';
import { resolvers } from './resolvers.js';
import { catalogProducts } from './services/catalogProducts.js';
import { startDevPaymentProviders } from './services/devPaymentProviders.js';
import { inventoryReservations } from './services/inventoryReservations.js';
import { pricingPrices } from './services/pricingPrices.js';
import { providerPayments } from './services/providerPayments.js';
import { createServiceClients } from './services/serviceClients.js';
import { shippingRates } from './services/shippingRates.js';

/** Options for {@link createOrdersSubgraph}. */
export interface OrdersSubgraphOptions {
  /** The payment providers, in failover order. @default the payment simulator, started outside production */
  readonly paymentProviders?: readonly PaymentProvider[];
  /** How long `checkout` waits for its saga before answering PENDING, in ms. @default 10000 */
  readonly checkoutWaitMs?: number;
  /** Per step attempt, in ms. @default 5000 */
  readonly stepTimeoutMs?: number;
  /** How often unfinished sagas whose lease ran out are resumed, in ms. @default 1000 */
  readonly recoveryIntervalMs?: number;
  /** How long a process holds a saga it runs. @default 30000 */
  readonly sagaLeaseMs?: number;
}

/** An orders subgraph as started in a process, with its checkout saga and (outside production) payment simulator. */
export interface OrdersInstance extends StoreSubgraphInstance<OrdersRequestContext> {
  readonly saga: CheckoutSaga;
  /** The payment simulator this instance started, if it did. */
  paymentSimulator(): PaymentSimulator | undefined;
}

/**
 * Carts, orders and the checkout saga. Prices, shipping and stock come from the pricing,
 * shipping and inventory subgraphs (signed service calls as `service:orders`); payment from
 * the provider clients in this process (the payments subgraph is not built yet).
 */
export function createOrdersSubgraph(options: OrdersSubgraphOptions = {}): StoreSubgraph<OrdersRequestContext> & { create(db: Db, services: StoreSubgraphServices): OrdersInstance } {
  return {
    name: 'orders',
    create(db, services) {
      const clients = createServiceClients(services);
      let providers = options.paymentProviders;
      let simulator: PaymentSimulator | undefined;
      // Resolved in start(): the simulator (when used) listens only then.
      const payments: PaymentAuthorizer = {
        authorize: (request, signal) => providerPayments(providers!).authorize(request, signal),
        void: (authorization, signal) => providerPayments(providers!).void(authorization, signal),
      };
      const saga = createCheckoutSaga({
        db, pollDb: services.backgroundDb, logger: services.logger, stepTimeoutMs: options.stepTimeoutMs ?? 5_000, leaseMs: options.sagaLeaseMs,
        steps: checkoutSteps({ prices: pricingPrices(clients), shipping: shippingRates(clients), stock: inventoryReservations(clients), payments }),
      });
      const carts = createCarts(db, catalogProducts(clients));
      const service = { db, carts, saga, checkoutWaitMs: options.checkoutWaitMs ?? 10_000 };
      let recovery: NodeJS.Timeout | undefined;
      let stopped = false;
      return {
        name: 'orders',
        resolvers,
        saga,
        paymentSimulator: () => simulator,
        context: () => createOrdersContext(service),
        async start() {
          if (!providers) {
            const dev = await startDevPaymentProviders({ environment: services.environment, logger: services.logger });
            providers = dev.providers;
            simulator = dev.simulator;
          }
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
          if (!options.paymentProviders) await Promise.all((providers ?? []).map((p) => p.close()));
          await simulator?.close();
        },
      };
    },
  };
}

export const ordersSubgraph = createOrdersSubgraph();
