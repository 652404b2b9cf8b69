import { anyPaymentProvider, type Environment, type PaymentProviderSettings } from '../../lib/config/index.js';
import type { Logger } from '../../lib/logging/index.js';
import { createAcquiraProvider, createPayviaProvider, type PaymentProvider } from './providers/index.js';
import { generatePaymentCredentials, startPaymentSimulator, type PaymentSimulator } from './simulator/index.js';

/** The webhook keys the inbox verifies each provider's webhooks with. */
export interface WebhookKeys {
  readonly payvia?: string;
  /** Hex. */
  readonly acquira?: string;
}

/** The providers a payments subgraph authorizes at, in failover order, with their webhook keys. */
export interface PaymentProviders {
  readonly providers: readonly PaymentProvider[];
  readonly webhookKeys: WebhookKeys;
  /** The simulator they talk to, when this process started one. */
  readonly simulator?: PaymentSimulator;
  close(): Promise<void>;
}

/**
 * The configured providers (payvia first, then acquira). Without any: in production none
 * (every payment is FAILED and the log says why); elsewhere the payment simulator on
 * `simulatorPort` (0: a free one) with credentials generated for this run — never in
 * production, its admin API is unauthenticated.
 */
export async function startPaymentProviders(options: {
  readonly settings: PaymentProviderSettings;
  readonly environment: Environment;
  readonly host?: string;
  readonly logger: Pick<Logger, 'warn'>;
}): Promise<PaymentProviders> {
  const { settings } = options;
  if (anyPaymentProvider(settings)) {
    const { payvia, acquira } = settings;
    const providers: PaymentProvider[] = [];
    if (payvia.baseUrl) providers.push(createPayviaProvider({ baseUrl: payvia.baseUrl, secretKey: payvia.secretKey! }));
    if (acquira.baseUrl) providers.push(createAcquiraProvider({ baseUrl: acquira.baseUrl, apiKey: acquira.apiKey!, merchantAccount: acquira.merchantAccount! }));
    return {
      providers, webhookKeys: { payvia: payvia.webhookSecret, acquira: acquira.hmacKey },
      close: async () => { await Promise.all(providers.map((p) => p.close())); },
    };
  }
  if (options.environment === 'production') {
    options.logger.warn({}, 'payments: no payment provider is configured (PAYVIA_URL, ACQUIRA_URL); every payment fails with PAYMENT_UNAVAILABLE');
    return { providers: [], webhookKeys: {}, close: async () => undefined };
  }
  const simulator = await startPaymentSimulator({ port: settings.simulatorPort, host: options.host, credentials: generatePaymentCredentials() });
  options.logger.warn({ url: simulator.url }, 'payments: no payment provider is configured; authorizing at the payment simulator');
  const { credentials } = simulator;
  const providers = simulatorProviders(simulator);
  return {
    providers, simulator, webhookKeys: { payvia: credentials.payvia.webhookSecret, acquira: credentials.acquira.hmacKey },
    close: async () => {
      await Promise.all(providers.map((p) => p.close()));
      await simulator.close();
    },
  };
}

/** Both providers' clients over `simulator`, payvia first. */
export function simulatorProviders(simulator: PaymentSimulator): PaymentProvider[] {
  const { baseUrls, credentials } = simulator;
  return [
    createPayviaProvider({ baseUrl: baseUrls.payvia, secretKey: credentials.payvia.secretKey }),
    createAcquiraProvider({ baseUrl: baseUrls.acquira, apiKey: credentials.acquira.apiKey, merchantAccount: credentials.acquira.merchantAccount }),
  ];
}
