import { createAcquiraProvider, createPayviaProvider, type PaymentProvider } from '../../payments/providers/index.js';
import { generatePaymentCredentials, startPaymentSimulator, type PaymentSimulator } from '../../payments/simulator/index.js';

/** Both providers' clients over `simulator`, payvia first. */
export function simulatorPaymentProviders(simulator: PaymentSimulator): PaymentProvider[] {
  const { baseUrls, credentials } = simulator;
  return [
    createPayviaProvider({ baseUrl: baseUrls.payvia, secretKey: credentials.payvia.secretKey }),
    createAcquiraProvider({ baseUrl: baseUrls.acquira, apiKey: credentials.acquira.apiKey, merchantAccount: credentials.acquira.merchantAccount }),
  ];
}

/**
 * The payment providers of a development or test run: the payment simulator on `port`
 * (0: a free one) with credentials generated for this run. Never in production (its admin
 * API is unauthenticated): there is no provider configuration yet (the payments subgraph of
 * issue 16 will own it), so there no provider is used and every checkout fails with
 * PAYMENT_UNAVAILABLE, and the log says so.
 */
export async function startDevPaymentProviders(options: {
  readonly environment: string;
  readonly port?: number;
  readonly host?: string;
  readonly logger: { warn(object: object, message: string): void };
}): Promise<{ providers: PaymentProvider[]; simulator: PaymentSimulator | undefined }> {
  if (options.environment === 'production') {
    options.logger.warn({}, 'orders: no payment providers in production yet (the payments subgraph is not built); checkouts fail with PAYMENT_UNAVAILABLE');
    return { providers: [], simulator: undefined };
  }
  const simulator = await startPaymentSimulator({ port: options.port ?? 0, host: options.host, credentials: generatePaymentCredentials() });
  options.logger.warn({ url: simulator.url }, 'orders: authorizing payments at the payment simulator');
  return { providers: simulatorPaymentProviders(simulator), simulator };
}
