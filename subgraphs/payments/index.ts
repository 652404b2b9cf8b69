import { NO_PAYMENT_PROVIDERS, type PaymentProviderSettings } from '../../lib/config/index.js';
import type { Db } from '../../lib/db/index.js';
import type { StoreSubgraph, StoreSubgraphInstance, StoreSubgraphServices } from '../../lib/subgraph/index.js';
import { declarePaymentMetrics } from './authorizePayment.js';
import { createPaymentsContext, type PaymentsRequestContext } from './context.js';
import { startPaymentProviders, type PaymentProviders } from './paymentProviders.js';
import type { PaymentProvider } from './providers/index.js';
import { resolvers } from './resolvers.js';
import type { PaymentSimulator } from './simulator/index.js';
import { WEBHOOK_PATHS, webhookRoutes } from './webhookRoutes.js';

/** Options for {@link createPaymentsSubgraph}. */
export interface PaymentsSubgraphOptions {
  /**
   * The providers' URLs, credentials and webhook keys (config `payments`). Without any
   * provider: the payment simulator outside production, on `simulatorPort`.
   * @default none, the simulator on a free port
   */
  readonly settings?: PaymentProviderSettings;
  /** Interface the simulator binds to. */
  readonly host?: string;
}

/** A payments subgraph as started in a process. */
export interface PaymentsInstance extends StoreSubgraphInstance<PaymentsRequestContext> {
  /** The providers, in failover order (after start). */
  providers(): readonly PaymentProvider[];
  /** The payment simulator this instance started, if it did. */
  paymentSimulator(): PaymentSimulator | undefined;
}

/**
 * Payments: one per order, authorized at the providers with failover (`authorizePayment`,
 * called by the orders saga), their attempts, and the inbox of the providers' webhooks
 * (`/webhooks/<provider>`). `Order.payment` joins them to orders through federation.
 */
export function createPaymentsSubgraph(options: PaymentsSubgraphOptions = {}): Omit<StoreSubgraph<PaymentsRequestContext>, 'create'> & { create(db: Db, services: StoreSubgraphServices): PaymentsInstance } {
  return {
    name: 'payments',
    create(db, services) {
      declarePaymentMetrics(services.metrics);
      let started: PaymentProviders | undefined;
      const providers = () => started?.providers ?? [];
      // The keys are known once the providers (or the simulator) started: routes read them then.
      const keys = { get payvia() { return started?.webhookKeys.payvia; }, get acquira() { return started?.webhookKeys.acquira; } };
      return {
        name: 'payments',
        resolvers,
        providers,
        paymentSimulator: () => started?.simulator,
        context: () => createPaymentsContext({ db, providers, metrics: services.metrics }),
        routes: webhookRoutes({ db, keys, logger: services.logger, metrics: services.metrics }),
        async start() {
          started = await startPaymentProviders({
            settings: options.settings ?? { ...NO_PAYMENT_PROVIDERS, simulatorPort: 0 }, environment: services.environment, host: options.host, logger: services.logger,
          });
          // The simulator posts its webhooks here, as a provider's dashboard would be told to.
          const self = new URL(services.subgraphUrls('payments')[0]!);
          for (const provider of ['payvia', 'acquira'] as const) started.simulator?.setWebhookUrl(provider, new URL(WEBHOOK_PATHS[provider], self.origin).href);
        },
        async close() {
          await started?.close();
        },
      };
    },
  };
}

export const paymentsSubgraph = createPaymentsSubgraph();
