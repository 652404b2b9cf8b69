import type { EnvReader } from './EnvReader.js';

/** A carrier API behind an API key sent in a header. */
export interface ApiKeyCarrierSettings {
  /** `CARRIER_<NAME>_URL`; unset means "not configured" (the embedded stack starts the simulator). */
  readonly baseUrl: string | undefined;
  readonly apiKey: string | undefined;
  /** The token parcelo puts in its tracking pushes' URL (`?token=`); unset refuses its pushes. */
  readonly webhookToken: string | undefined;
}

/** A carrier API behind OAuth2 client-credentials bearer tokens. */
export interface OAuthCarrierSettings {
  readonly baseUrl: string | undefined;
  /** @default `<baseUrl>/oauth/token` */
  readonly tokenUrl: string | undefined;
  readonly clientId: string | undefined;
  readonly clientSecret: string | undefined;
  /** The HS256 key of the JWTs skyway pushes tracking in (audience: `clientId`); unset refuses its pushes. */
  readonly webhookKey: string | undefined;
}

/** A carrier API behind HTTP Basic authentication. */
export interface BasicAuthCarrierSettings {
  readonly baseUrl: string | undefined;
  readonly username: string | undefined;
  readonly password: string | undefined;
  /** The HMAC key of freightly's `X-Freightly-Signature` on tracking pushes; unset refuses its pushes. */
  readonly webhookSecret: string | undefined;
}

/**
 * Carrier endpoints and credentials, from `CARRIER_*` variables. Credentials without a URL
 * are valid: the carrier simulator run alone accepts them.
 */
export interface CarrierSettings {
  readonly parcelo: ApiKeyCarrierSettings;
  readonly skyway: OAuthCarrierSettings;
  readonly freightly: BasicAuthCarrierSettings;
}

/** Timing of the shipping subgraph. */
export interface ShippingSettings {
  /** Overall deadline of one quote request across all carriers, in ms. @default 800 */
  readonly deadlineMs: number;
  /** Timeout of one HTTP call to a carrier, in ms. @default 350 */
  readonly callTimeoutMs: number;
  /** How long a carrier's quotes for a (destination, parcel) stay cached, in ms; 0 disables. @default 30000 */
  readonly quoteCacheTtlMs: number;
  /** How long an open circuit breaker waits before letting a trial call through, in ms. @default 5000 */
  readonly breakerHalfOpenMs: number;
  /** Port of the carrier simulator `npm start` runs when no `CARRIER_*_URL` is set. @default 4090 */
  readonly simulatorPort: number;
  /**
   * `SHIPPING_MAX_QUOTES_PER_REQUEST`: distinct quotes (destination and parcel) one request to
   * the shipping subgraph may ask the carriers for; more fail with QUERY_LIMIT_EXCEEDED. Each
   * quote calls every carrier once. @default 10
   */
  readonly maxQuotesPerRequest: number;
}

export const DEFAULT_SHIPPING_SETTINGS: ShippingSettings = Object.freeze({
  deadlineMs: 800, callTimeoutMs: 350, quoteCacheTtlMs: 30_000, breakerHalfOpenMs: 5_000, simulatorPort: 4090, maxQuotesPerRequest: 10,
});

/** No carrier configured: the embedded stack and tests start the simulator instead. */
export const NO_CARRIERS: CarrierSettings = Object.freeze({
  parcelo: { baseUrl: undefined, apiKey: undefined, webhookToken: undefined },
  skyway: { baseUrl: undefined, tokenUrl: undefined, clientId: undefined, clientSecret: undefined, webhookKey: undefined },
  freightly: { baseUrl: undefined, username: undefined, password: undefined, webhookSecret: undefined },
});

/** Reads the `CARRIER_*` and `SHIPPING_*` variables; see docs/shipping.md. */
export function readShippingSettings(read: EnvReader): { carriers: CarrierSettings; shipping: ShippingSettings } {
  const http = ['http:', 'https:'];
  const carriers: CarrierSettings = {
    parcelo: {
      baseUrl: read.url('CARRIER_PARCELO_URL', http), apiKey: read.optional('CARRIER_PARCELO_API_KEY'),
      webhookToken: read.optional('CARRIER_PARCELO_WEBHOOK_TOKEN'),
    },
    skyway: {
      baseUrl: read.url('CARRIER_SKYWAY_URL', http),
      tokenUrl: read.url('CARRIER_SKYWAY_TOKEN_URL', http),
      clientId: read.optional('CARRIER_SKYWAY_CLIENT_ID'),
      clientSecret: read.optional('CARRIER_SKYWAY_CLIENT_SECRET'),
      webhookKey: read.optional('CARRIER_SKYWAY_WEBHOOK_KEY'),
    },
    freightly: {
      baseUrl: read.url('CARRIER_FREIGHTLY_URL', http),
      username: read.optional('CARRIER_FREIGHTLY_USERNAME'),
      password: read.optional('CARRIER_FREIGHTLY_PASSWORD'),
      webhookSecret: read.optional('CARRIER_FREIGHTLY_WEBHOOK_SECRET'),
    },
  };
  for (const [name, settings] of Object.entries(carriers) as [string, Record<string, string | undefined>][]) {
    if (settings.baseUrl === undefined) continue;
    // The token URL has a default; without a webhook secret the carrier's tracking pushes are refused.
    const missing = Object.keys(settings).filter((key) => key !== 'tokenUrl' && !key.startsWith('webhook') && settings[key] === undefined);
    if (missing.length > 0) read.problem(`CARRIER_${name.toUpperCase()}_URL is set but ${missing.map((k) => envName(name, k)).join(', ')} is not`);
  }
  const shipping: ShippingSettings = {
    deadlineMs: read.integer('SHIPPING_DEADLINE_MS', DEFAULT_SHIPPING_SETTINGS.deadlineMs, 50, 60_000),
    callTimeoutMs: read.integer('SHIPPING_CALL_TIMEOUT_MS', DEFAULT_SHIPPING_SETTINGS.callTimeoutMs, 10, 60_000),
    quoteCacheTtlMs: read.integer('SHIPPING_QUOTE_CACHE_TTL_MS', DEFAULT_SHIPPING_SETTINGS.quoteCacheTtlMs, 0, 24 * 3600_000),
    breakerHalfOpenMs: read.integer('SHIPPING_BREAKER_HALF_OPEN_MS', DEFAULT_SHIPPING_SETTINGS.breakerHalfOpenMs, 10, 3600_000),
    simulatorPort: read.port('CARRIER_SIMULATOR_PORT', DEFAULT_SHIPPING_SETTINGS.simulatorPort),
    maxQuotesPerRequest: read.integer('SHIPPING_MAX_QUOTES_PER_REQUEST', DEFAULT_SHIPPING_SETTINGS.maxQuotesPerRequest, 1, 10_000),
  };
  return { carriers, shipping };
}

const envName = (carrier: string, key: string) =>
  `CARRIER_${carrier.toUpperCase()}_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
