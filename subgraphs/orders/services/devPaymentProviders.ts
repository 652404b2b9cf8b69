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
 * (0: a free one) with credentials generated for this run. Never in production: there is no
 * provider configuration yet (the payments subgraph of issue 16 will own it), so orders
 * refuses to start there.
 */
export async function startDevPaymentProviders(options: { readonly environment: string; readonly port?: number; readonly host?: string }): Promise<{ providers: PaymentProvider[]; simulator: PaymentSimulator }> {
  if (options.environment === 'production') {
    throw new Error('orders: no payment providers are configured in production (the payments subgraph is not built yet); the simulator never runs there');
  }
  const simulator = await startPaymentSimulator({ port: options.port ?? 0, host: options.host, credentials: generatePaymentCredentials() });
  return { providers: simulatorPaymentProviders(simulator), simulator };
}
