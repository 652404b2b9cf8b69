import type { EnvReader } from './EnvReader.js';

/** The payment providers the payments subgraph authorizes at, in failover order; unset ones are not used. */
export interface PaymentProviderSettings {
  /** Intent-style provider: `PAYVIA_URL`, `PAYVIA_SECRET_KEY`, `PAYVIA_WEBHOOK_SECRET`. */
  readonly payvia: { readonly baseUrl: string | undefined; readonly secretKey: string | undefined; readonly webhookSecret: string | undefined };
  /** Authorise/cancel provider: `ACQUIRA_URL`, `ACQUIRA_API_KEY`, `ACQUIRA_MERCHANT_ACCOUNT`, `ACQUIRA_HMAC_KEY` (hex). */
  readonly acquira: {
    readonly baseUrl: string | undefined; readonly apiKey: string | undefined; readonly merchantAccount: string | undefined; readonly hmacKey: string | undefined;
  };
  /** Port of the payment simulator development runs when no provider is configured. @default 4091 */
  readonly simulatorPort: number;
}

export const DEFAULT_PAYMENT_SIMULATOR_PORT = 4091;

/** No provider configured: development and tests start the payment simulator instead. */
export const NO_PAYMENT_PROVIDERS: PaymentProviderSettings = Object.freeze({
  payvia: { baseUrl: undefined, secretKey: undefined, webhookSecret: undefined },
  acquira: { baseUrl: undefined, apiKey: undefined, merchantAccount: undefined, hmacKey: undefined },
  simulatorPort: DEFAULT_PAYMENT_SIMULATOR_PORT,
});

/** True when at least one provider has a URL. */
export const anyPaymentProvider = (settings: PaymentProviderSettings): boolean =>
  settings.payvia.baseUrl !== undefined || settings.acquira.baseUrl !== undefined;

/** Reads the `PAYVIA_*`, `ACQUIRA_*` and `PAYMENT_SIMULATOR_PORT` variables; see docs/checkout.md. */
export function readPaymentSettings(read: EnvReader): { payments: PaymentProviderSettings } {
  const http = ['http:', 'https:'];
  const payments: PaymentProviderSettings = {
    payvia: { baseUrl: read.url('PAYVIA_URL', http), secretKey: read.optional('PAYVIA_SECRET_KEY'), webhookSecret: read.optional('PAYVIA_WEBHOOK_SECRET') },
    acquira: {
      baseUrl: read.url('ACQUIRA_URL', http), apiKey: read.optional('ACQUIRA_API_KEY'),
      merchantAccount: read.optional('ACQUIRA_MERCHANT_ACCOUNT'), hmacKey: read.optional('ACQUIRA_HMAC_KEY'),
    },
    simulatorPort: read.port('PAYMENT_SIMULATOR_PORT', DEFAULT_PAYMENT_SIMULATOR_PORT),
  };
  for (const [name, settings] of Object.entries(payments).filter(([name]) => name !== 'simulatorPort') as [string, Record<string, string | undefined>][]) {
    if (settings.baseUrl === undefined) continue;
    const missing = Object.keys(settings).filter((key) => settings[key] === undefined);
    if (missing.length > 0) read.problem(`${name.toUpperCase()}_URL is set but ${missing.map((k) => envName(name, k)).join(', ')} is not`);
  }
  if (payments.acquira.hmacKey !== undefined && !/^([0-9a-fA-F]{2}){16,}$/.test(payments.acquira.hmacKey)) {
    read.problem('ACQUIRA_HMAC_KEY must be the hex HMAC key the provider shows (at least 32 hex characters)');
  }
  return { payments };
}

const envName = (provider: string, key: string) =>
  `${provider.toUpperCase()}_${key === 'baseUrl' ? 'URL' : key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
