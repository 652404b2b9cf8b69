import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listen } from '../../../lib/http/listen.js';
import { rate, type RateRequest, type Refusal, type TariffName } from './rates.js';
import { createSimulatedShipments, type SimulatedShipments, type TrackingFaults } from './shipmentsApi.js';
import type { TrackingSecrets } from './trackingPushes.js';
import { NO_HTTP_FAULTS, Reply, header, readBody, safeEqual, type HttpFaults } from '../../../lib/simulator/index.js';

/** The simulated carriers, each with its own API shape under `/<name>/…`. */
export const SIMULATED_CARRIERS = ['parcelo', 'skyway', 'freightly'] as const satisfies readonly TariffName[];
export type SimulatedCarrier = (typeof SIMULATED_CARRIERS)[number];

/**
 * Credentials the simulator accepts (an API key, OAuth2 client credentials, HTTP Basic) and
 * the secrets it signs its tracking pushes with (a query token, a JWT key, an HMAC key).
 */
export interface SimulatorCredentials {
  readonly parcelo: { readonly apiKey: string; readonly webhookToken: string };
  readonly skyway: { readonly clientId: string; readonly clientSecret: string; readonly webhookKey: string };
  readonly freightly: { readonly username: string; readonly password: string; readonly webhookSecret: string };
}

/** Faults injected into one carrier, changeable at run time. */
export interface CarrierFaults extends HttpFaults, TrackingFaults {
  /** Lifetime of issued OAuth tokens (skyway only), in seconds. @default 3600 */
  readonly tokenTtlSec: number;
}

/** Calls the simulator saw, per carrier. */
export interface CarrierStats {
  /** Every request, whatever became of it. */
  requests: number;
  /** Rate-quote requests (every page counts). */
  quotes: number;
  /** OAuth token requests. */
  tokens: number;
  /** Answers by HTTP status (`reset` and hung calls have none). */
  byStatus: Record<string, number>;
}

/** A running simulator. */
export interface CarrierSimulator {
  /** `http://host:port` */
  readonly url: string;
  /** Base URL of each carrier's API. */
  readonly baseUrls: Readonly<Record<SimulatedCarrier, string>>;
  readonly credentials: SimulatorCredentials;
  /** Merges `faults` into the carrier's current faults. */
  setFaults(carrier: SimulatedCarrier, faults: Partial<CarrierFaults>): void;
  faults(carrier: SimulatedCarrier): CarrierFaults;
  /** Clears the faults (of one carrier or all) and the counters. */
  reset(carrier?: SimulatedCarrier): void;
  stats(): Readonly<Record<SimulatedCarrier, CarrierStats>>;
  /** Invalidates every OAuth token issued so far (a rotated signing key). */
  revokeTokens(): void;
  /** Booked labels and the tracking pushed for them (to `setWebhookUrl`'s URL of each carrier). */
  readonly shipments: SimulatedShipments;
  close(): Promise<void>;
}

/** Options for {@link startCarrierSimulator}. */
export interface CarrierSimulatorOptions {
  /** 0 picks a free port. */
  readonly port: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  readonly credentials: SimulatorCredentials;
  /** Each carrier's latency before any injected fault, in ms. @default parcelo 30, skyway 60, freightly 40 (per page) */
  readonly baseLatencyMs?: Partial<Record<SimulatedCarrier, number>>;
}

export const NO_FAULTS: CarrierFaults = Object.freeze({
  ...NO_HTTP_FAULTS, tokenTtlSec: 3600, trackingStepMs: 3000, trackingExceptionRate: 0, webhookDelayMs: 0, webhookJitterMs: 0, webhookDuplicateRate: 0,
});

const DEFAULT_BASE_LATENCY: Record<SimulatedCarrier, number> = { parcelo: 30, skyway: 60, freightly: 40 };
const FREIGHTLY_PAGE_SIZE = 2;
const QUOTE_ROUTES: Record<SimulatedCarrier, string> = { parcelo: 'GET /v1/rates', skyway: 'POST /v2/quotes', freightly: 'GET /api/rates' };
const TOKEN_ROUTE = 'POST /oauth/token';

/** Fresh random credentials for a dev or test run (never stored). */
export function generateDevCredentials(): SimulatorCredentials {
  const secret = () => randomBytes(18).toString('base64url');
  return {
    parcelo: { apiKey: `pk_dev_${secret()}`, webhookToken: secret() },
    skyway: { clientId: `dev-${randomBytes(4).toString('hex')}`, clientSecret: secret(), webhookKey: secret() },
    freightly: { username: `dev-${randomBytes(4).toString('hex')}`, password: secret(), webhookSecret: secret() },
  };
}

/** What the simulator keeps per carrier: faults, counters, rate-limit windows, issued tokens and pending sleeps. */
interface SimulatorState {
  readonly baseLatency: Readonly<Record<SimulatedCarrier, number>>;
  readonly faults: Record<SimulatedCarrier, CarrierFaults>;
  readonly stats: Record<SimulatedCarrier, CarrierStats>;
  readonly windows: Map<SimulatedCarrier, { start: number; count: number }>;
  /** OAuth token → expiry (unix ms). */
  readonly tokens: Map<string, number>;
  readonly timers: Set<NodeJS.Timeout>;
}

const emptyStats = (): CarrierStats => ({ requests: 0, quotes: 0, tokens: 0, byStatus: {} });

function createSimulatorState(baseLatencyMs: CarrierSimulatorOptions['baseLatencyMs']): SimulatorState {
  return {
    baseLatency: { ...DEFAULT_BASE_LATENCY, ...baseLatencyMs },
    faults: Object.fromEntries(SIMULATED_CARRIERS.map((c) => [c, { ...NO_FAULTS }])) as Record<SimulatedCarrier, CarrierFaults>,
    stats: Object.fromEntries(SIMULATED_CARRIERS.map((c) => [c, emptyStats()])) as Record<SimulatedCarrier, CarrierStats>,
    windows: new Map(),
    tokens: new Map(),
    timers: new Set(),
  };
}

/** Waits `ms`, in a timer `close()` clears. */
function sleep(state: SimulatorState, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    if (ms <= 0) return resolve();
    const timer = setTimeout(() => { state.timers.delete(timer); resolve(); }, ms);
    state.timers.add(timer);
  });
}

/** Writes a JSON answer, counted by status for `carrier` (none for admin and unknown paths). */
function send(state: SimulatorState, res: ServerResponse, carrier: SimulatedCarrier | undefined, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (carrier) state.stats[carrier].byStatus[status] = (state.stats[carrier].byStatus[status] ?? 0) + 1;
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Applies the carrier's faults; resolves false when the request must get no answer at all. */
async function injectFaults(state: SimulatorState, carrier: SimulatedCarrier, req: IncomingMessage): Promise<boolean> {
  const f = state.faults[carrier];
  if (f.outage === 'reset') {
    req.socket.destroy();
    return false;
  }
  if (f.outage === 'hang') return false;
  if (f.outage === 'unavailable') throw new Reply(503, { error: 'service_unavailable' }, { 'retry-after': '30' });
  if (f.rateLimit) {
    const now = Date.now();
    const window = state.windows.get(carrier);
    if (!window || now - window.start >= f.rateLimit.windowMs) state.windows.set(carrier, { start: now, count: 1 });
    else window.count += 1;
    if (state.windows.get(carrier)!.count > f.rateLimit.limit) {
      throw new Reply(429, { error: 'rate_limited' }, { 'retry-after': String(f.rateLimit.retryAfterSec) });
    }
  }
  if (Math.random() < f.timeoutRate) return false;
  await sleep(state, state.baseLatency[carrier] + f.latencyMs + (Math.random() * 2 - 1) * f.jitterMs);
  if (Math.random() < f.errorRate) throw new Reply(500, { error: 'internal_error' });
  return true;
}

/** Answers one carrier API request (route `METHOD /path` below the carrier's prefix) with a JSON body, or throws a {@link Reply}. */
type CarrierHandler = (route: string, req: IncomingMessage, url: URL) => Promise<unknown>;

/** parcelo: an API key header, rates from query parameters, prices as decimal strings. */
function parceloApi(credentials: SimulatorCredentials, shipments: SimulatedShipments): CarrierHandler {
  return async (route, req, url) => {
    if (!safeEqual(header(req, 'x-api-key'), credentials.parcelo.apiKey)) throw new Reply(401, { error: 'invalid_api_key' });
    if (route !== 'GET /v1/rates') return found(await shipments.parcelo(route, req));
    const p = url.searchParams;
    const rates = quoteOrRefuse('parcelo', {
      country: p.get('to_country') ?? '', postalCode: p.get('to_postal') ?? '', weightGrams: num(p.get('weight_g')),
      lengthMm: num(p.get('length_mm')), widthMm: num(p.get('width_mm')), heightMm: num(p.get('height_mm')),
    });
    return {
      rates: rates.map((r) => ({
        service: r.code, name: r.name, price: (r.amountCents / 100).toFixed(2), currency: 'EUR',
        transit_days: { min: r.minDays, max: r.maxDays },
      })),
    };
  };
}

/** skyway: OAuth2 client credentials, then JSON quotes in kilograms and centimetres. */
function skywayApi(state: SimulatorState, credentials: SimulatorCredentials, shipments: SimulatedShipments): CarrierHandler {
  const issueToken = async (req: IncomingMessage) => {
    const form = new URLSearchParams(await readBody(req));
    const [id, secret] = basicAuth(req) ?? [form.get('client_id'), form.get('client_secret')];
    if (form.get('grant_type') !== 'client_credentials') throw new Reply(400, { error: 'unsupported_grant_type' });
    if (!safeEqual(id, credentials.skyway.clientId) || !safeEqual(secret, credentials.skyway.clientSecret)) {
      throw new Reply(401, { error: 'invalid_client' });
    }
    const token = randomBytes(24).toString('base64url');
    const ttl = state.faults.skyway.tokenTtlSec;
    state.tokens.set(token, Date.now() + ttl * 1000);
    return { access_token: token, token_type: 'Bearer', expires_in: ttl };
  };
  const checkToken = (req: IncomingMessage) => {
    const token = /^Bearer (.+)$/.exec(header(req, 'authorization') ?? '')?.[1];
    const expiresAt = token ? state.tokens.get(token) : undefined;
    if (expiresAt === undefined || expiresAt <= Date.now()) {
      throw new Reply(401, { error: 'invalid_token', error_description: expiresAt ? 'The access token expired' : 'Unknown token' },
        { 'www-authenticate': 'Bearer error="invalid_token"' });
    }
  };
  return async (route, req) => {
    if (route === TOKEN_ROUTE) return issueToken(req);
    checkToken(req);
    if (route !== 'POST /v2/quotes') return found(await shipments.skyway(route, req));
    let body: any;
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      throw new Reply(400, { error: 'invalid_json' });
    }
    const pkg = body?.packages?.[0];
    const rates = quoteOrRefuse('skyway', {
      country: String(body?.shipTo?.countryCode ?? ''), postalCode: String(body?.shipTo?.postalCode ?? ''),
      weightGrams: Math.round(num(pkg?.weight?.value) * 1000),
      lengthMm: Math.round(num(pkg?.dimensions?.length) * 10), widthMm: Math.round(num(pkg?.dimensions?.width) * 10),
      heightMm: Math.round(num(pkg?.dimensions?.height) * 10),
    });
    return {
      quotes: rates.map((r) => ({
        serviceLevel: r.code, description: r.name, totalCharge: { amountMinor: r.amountCents, currency: 'EUR' },
        deliveryWindow: { minDays: r.minDays, maxDays: r.maxDays },
      })),
    };
  };
}

/** freightly: HTTP Basic, rates paginated (two per page by default). */
function freightlyApi(credentials: SimulatorCredentials, shipments: SimulatedShipments): CarrierHandler {
  return async (route, req, url) => {
    const [user, password] = basicAuth(req) ?? [];
    if (!safeEqual(user, credentials.freightly.username) || !safeEqual(password, credentials.freightly.password)) {
      throw new Reply(401, { error: 'unauthorized' }, { 'www-authenticate': 'Basic realm="freightly"' });
    }
    if (route !== 'GET /api/rates') return found(await shipments.freightly(route, req));
    const p = url.searchParams;
    const [l, w, h] = (p.get('dims') ?? '').split('x').map(num);
    const rates = quoteOrRefuse('freightly', {
      country: p.get('country') ?? '', postalCode: p.get('zip') ?? '', weightGrams: num(p.get('weight_g')),
      lengthMm: l ?? 0, widthMm: w ?? 0, heightMm: h ?? 0,
    });
    const page = Math.max(1, Math.floor(num(p.get('page') ?? '1')));
    const perPage = Math.min(10, Math.max(1, Math.floor(num(p.get('per_page') ?? String(FREIGHTLY_PAGE_SIZE)))));
    const totalPages = Math.max(1, Math.ceil(rates.length / perPage));
    return {
      data: rates.slice((page - 1) * perPage, page * perPage).map((r) => ({
        code: r.code, label: r.name, cost: { cents: r.amountCents, currency: 'EUR' }, days: `${r.minDays}-${r.maxDays}`,
      })),
      meta: { page, per_page: perPage, total_pages: totalPages, next_page: page < totalPages ? page + 1 : null },
    };
  };
}

/**
 * `GET|PUT /admin/faults/<carrier>`, `POST /admin/reset[/<carrier>]`, `GET /admin/stats`,
 * `POST /admin/revoke-tokens`, `GET /admin/shipments`, `POST /admin/tracking/<tracking number>` `{ "status": "EXCEPTION" }`.
 */
async function handleAdmin(simulator: CarrierSimulator, state: SimulatorState, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const [, , action, name] = path.split('/');
  const carrier = SIMULATED_CARRIERS.find((c) => c === name);
  const ok = (body: unknown) => send(state, res, undefined, 200, body);
  if (action === 'stats' && req.method === 'GET') return ok(simulator.stats());
  if (action === 'shipments' && req.method === 'GET') return ok({ shipments: simulator.shipments.list() });
  if (action === 'reset' && req.method === 'POST') return void (simulator.reset(carrier), ok({ ok: true }));
  if (action === 'revoke-tokens' && req.method === 'POST') return void (simulator.revokeTokens(), ok({ ok: true }));
  if (action === 'tracking' && name && req.method === 'POST') {
    let status: unknown;
    try {
      status = (JSON.parse(await readBody(req)) as { status?: unknown }).status;
    } catch {
      return send(state, res, undefined, 400, { error: 'invalid_json' });
    }
    try {
      return ok(await simulator.shipments.pushTracking(decodeURIComponent(name), status as never));
    } catch (error) {
      return send(state, res, undefined, 404, { error: (error as Error).message });
    }
  }
  if (action === 'faults' && carrier && req.method === 'GET') return ok(state.faults[carrier]);
  if (action === 'faults' && carrier && req.method === 'PUT') {
    let patch: unknown;
    try {
      patch = JSON.parse(await readBody(req));
    } catch {
      return send(state, res, undefined, 400, { error: 'invalid_json' });
    }
    const problem = checkFaults(patch);
    if (problem) return send(state, res, undefined, 400, { error: problem });
    simulator.setFaults(carrier, patch as Partial<CarrierFaults>);
    return ok(state.faults[carrier]);
  }
  return send(state, res, undefined, 404, { error: 'not_found', carriers: SIMULATED_CARRIERS });
}

/** Counts a carrier API request, injects the carrier's faults, then answers it with its handler. */
function handleCarrier(state: SimulatorState, handlers: Record<SimulatedCarrier, CarrierHandler>, req: IncomingMessage, res: ServerResponse, url: URL): void {
  const [, name, ...rest] = url.pathname.split('/');
  const carrier = SIMULATED_CARRIERS.find((c) => c === name);
  if (!carrier) return send(state, res, undefined, 404, { error: 'not_found', carriers: SIMULATED_CARRIERS });
  state.stats[carrier].requests += 1;
  const route = `${req.method} /${rest.join('/')}`;
  if (route === TOKEN_ROUTE && carrier === 'skyway') state.stats[carrier].tokens += 1;
  if (route === QUOTE_ROUTES[carrier]) state.stats[carrier].quotes += 1;
  injectFaults(state, carrier, req)
    .then(async (answer) => {
      if (!answer) return;
      send(state, res, carrier, 200, await handlers[carrier](route, req, url));
    })
    .catch((error: unknown) => {
      if (error instanceof Reply) send(state, res, carrier, error.status, error.body, error.headers);
      else send(state, res, carrier, 500, { error: 'internal_error' });
    });
}

/**
 * A local HTTP server speaking three carriers' rate-quote APIs (see docs/shipping.md),
 * with faults injected per carrier through {@link CarrierSimulator.setFaults} or the admin
 * endpoints `GET|PUT /admin/faults/<carrier>`, `POST /admin/reset`, `GET /admin/stats`,
 * `POST /admin/revoke-tokens`.
 */
export async function startCarrierSimulator(options: CarrierSimulatorOptions): Promise<CarrierSimulator> {
  const { credentials } = options;
  const state = createSimulatorState(options.baseLatencyMs);
  const secrets: TrackingSecrets = {
    parcelo: { webhookToken: credentials.parcelo.webhookToken },
    skyway: { webhookKey: credentials.skyway.webhookKey, clientId: credentials.skyway.clientId },
    freightly: { webhookSecret: credentials.freightly.webhookSecret },
  };
  const shipments = createSimulatedShipments({ secrets, faults: (carrier) => state.faults[carrier] });
  const handlers: Record<SimulatedCarrier, CarrierHandler> = {
    parcelo: parceloApi(credentials, shipments),
    skyway: skywayApi(state, credentials, shipments),
    freightly: freightlyApi(credentials, shipments),
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://simulator');
    if (!url.pathname.startsWith('/admin/')) return handleCarrier(state, handlers, req, res, url);
    handleAdmin(simulator, state, req, res, url.pathname).catch(() => send(state, res, undefined, 500, { error: 'internal_error' }));
  });
  server.keepAliveTimeout = 65_000;

  // Its own close below ends hanging requests too (an outage may be holding them).
  const url = (await listen(server, options.port, options.host)).origin;

  const simulator: CarrierSimulator = {
    url,
    baseUrls: Object.fromEntries(SIMULATED_CARRIERS.map((c) => [c, `${url}/${c}`])) as Record<SimulatedCarrier, string>,
    credentials,
    setFaults(carrier, patch) {
      state.faults[carrier] = { ...state.faults[carrier], ...patch };
      if (patch.rateLimit !== undefined) state.windows.delete(carrier);
    },
    faults: (carrier) => ({ ...state.faults[carrier] }),
    reset(carrier) {
      for (const c of carrier ? [carrier] : SIMULATED_CARRIERS) {
        state.faults[c] = { ...NO_FAULTS };
        state.stats[c] = emptyStats();
        state.windows.delete(c);
      }
    },
    stats: () => structuredClone(state.stats),
    revokeTokens: () => state.tokens.clear(),
    shipments,
    close: () =>
      new Promise<void>((resolve) => {
        shipments.close();
        for (const timer of state.timers) clearTimeout(timer);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return simulator;
}

function quoteOrRefuse(carrier: TariffName, request: RateRequest) {
  const valid = /^[A-Z]{2}$/.test(request.country) && request.postalCode !== '' &&
    [request.weightGrams, request.lengthMm, request.widthMm, request.heightMm].every((n) => Number.isFinite(n) && n > 0);
  if (!valid) throw new Reply(400, { error: 'invalid_request' });
  const rates = rate(carrier, request);
  if (typeof rates === 'string') throw new Reply(422, { error: rates satisfies Refusal });
  return rates;
}

function checkFaults(patch: unknown): string | undefined {
  if (typeof patch !== 'object' || patch === null) return 'expected an object of faults';
  const p = patch as Record<string, unknown>;
  for (const key of Object.keys(p)) if (!(key in NO_FAULTS)) return `unknown fault ${key}`;
  for (const key of ['latencyMs', 'jitterMs', 'tokenTtlSec', 'trackingStepMs', 'webhookDelayMs', 'webhookJitterMs'] as const) {
    if (key in p && !(typeof p[key] === 'number' && (p[key] as number) >= 0)) return `${key} must be a number >= 0`;
  }
  for (const key of ['errorRate', 'timeoutRate', 'webhookDuplicateRate', 'trackingExceptionRate'] as const) {
    if (key in p && !(typeof p[key] === 'number' && (p[key] as number) >= 0 && (p[key] as number) <= 1)) return `${key} must be from 0 to 1`;
  }
  if ('outage' in p && !['none', 'unavailable', 'reset', 'hang'].includes(p.outage as string)) return 'outage must be none, unavailable, reset or hang';
  if ('rateLimit' in p && p.rateLimit !== null) {
    const r = p.rateLimit as Record<string, unknown>;
    if (typeof r !== 'object' || !['limit', 'windowMs', 'retryAfterSec'].every((k) => typeof r[k] === 'number' && (r[k] as number) >= 0)) {
      return 'rateLimit must be null or { limit, windowMs, retryAfterSec }';
    }
  }
  return undefined;
}

/** A shipment route's answer, or 404 for a route the carrier does not have. */
function found(answer: unknown): unknown {
  if (answer === undefined) throw new Reply(404, { error: 'not_found' });
  return answer;
}

const num = (value: unknown): number => (value === null || value === undefined || value === '' ? NaN : Number(value));

function basicAuth(req: IncomingMessage): [string, string] | undefined {
  const match = /^Basic (.+)$/.exec(header(req, 'authorization') ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : [decoded.slice(0, colon), decoded.slice(colon + 1)];
}
