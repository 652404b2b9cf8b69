import type { EnvReader } from './EnvReader.js';

/** A carrier API behind an API key sent in a header. */
export interface ApiKeyCarrierSettings {
  /** `CARRIER_<NAME>_URL`; unset means "not configured" (the embedded stack starts the simulator). */
  readonly baseUrl: string | undefined;
  readonly apiKey: string | undefined;
}

/** A carrier API behind OAuth2 client-credentials bearer tokens. */
export interface OAuthCarrierSettings {
  readonly baseUrl: string | undefined;
  /** @default `<baseUrl>/oauth/token` */
  readonly tokenUrl: string | undefined;
  readonly clientId: string | undefined;
  readonly clientSecret: string | undefined;
}

/** A carrier API behind HTTP Basic authentication. */
export interface BasicAuthCarrierSettings {
  readonly baseUrl: string | undefined;
  readonly username: string | undefined;
  readonly password: string | undefined;
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
}

export const DEFAULT_SHIPPING_SETTINGS: ShippingSettings = Object.freeze({
  deadlineMs: 800, callTimeoutMs: 350, quoteCacheTtlMs: 30_000, breakerHalfOpenMs: 5_000, simulatorPort: 4090,
});

/** No carrier configured: the embedded stack and tests start the simulator instead. */
export const NO_CARRIERS: CarrierSettings = Object.freeze({
  parcelo: { baseUrl: undefined, apiKey: undefined },
  skyway: { baseUrl: undefined, tokenUrl: undefined, clientId: undefined, clientSecret: undefined },
  freightly: { baseUrl: undefined, username: undefined, password: undefined },
});

/** Reads the `CARRIER_*` and `SHIPPING_*` variables; see docs/shipping.md. */
export function readShippingSettings(read: EnvReader): { carriers: CarrierSettings; shipping: ShippingSettings } {
  const http = ['http:', 'https:'];
  const carriers: CarrierSettings = {
    parcelo: { baseUrl: read.url('CARRIER_PARCELO_URL', http), apiKey: read.optional('CARRIER_PARCELO_API_KEY') },
    skyway: {
      baseUrl: read.url('CARRIER_SKYWAY_URL', http),
      tokenUrl: read.url('CARRIER_SKYWAY_TOKEN_URL', http),
      clientId: read.optional('CARRIER_SKYWAY_CLIENT_ID'),
      clientSecret: read.optional('CARRIER_SKYWAY_CLIENT_SECRET'),
    },
    freightly: {
      baseUrl: read.url('CARRIER_FREIGHTLY_URL', http),
      username: read.optional('CARRIER_FREIGHTLY_USERNAME'),
      password: read.optional('CARRIER_FREIGHTLY_PASSWORD'),
    },
  };
  for (const [name, settings] of Object.entries(carriers) as [string, Record<string, string | undefined>][]) {
    if (settings.baseUrl === undefined) continue;
    const missing = Object.keys(settings).filter((key) => key !== 'tokenUrl' && settings[key] === undefined);
    if (missing.length > 0) read.problem(`CARRIER_${name.toUpperCase()}_URL is set but ${missing.map((k) => envName(name, k)).join(', ')} is not`);
  }
  const shipping: ShippingSettings = {
    deadlineMs: read.integer('SHIPPING_DEADLINE_MS', DEFAULT_SHIPPING_SETTINGS.deadlineMs, 50, 60_000),
    callTimeoutMs: read.integer('SHIPPING_CALL_TIMEOUT_MS', DEFAULT_SHIPPING_SETTINGS.callTimeoutMs, 10, 60_000),
    quoteCacheTtlMs: read.integer('SHIPPING_QUOTE_CACHE_TTL_MS', DEFAULT_SHIPPING_SETTINGS.quoteCacheTtlMs, 0, 24 * 3600_000),
    breakerHalfOpenMs: read.integer('SHIPPING_BREAKER_HALF_OPEN_MS', DEFAULT_SHIPPING_SETTINGS.breakerHalfOpenMs, 10, 3600_000),
    simulatorPort: read.port('CARRIER_SIMULATOR_PORT', DEFAULT_SHIPPING_SETTINGS.simulatorPort),
  };
  return { carriers, shipping };
}

const envName = (carrier: string, key: string) =>
  `CARRIER_${carrier.toUpperCase()}_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
