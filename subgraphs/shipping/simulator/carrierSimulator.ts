import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listen } from '../../../lib/http/listen.js';
import { rate, type RateRequest, type Refusal, type TariffName } from './rates.js';

/** The simulated carriers, each with its own API shape under `/<name>/…`. */
export const SIMULATED_CARRIERS = ['parcelo', 'skyway', 'freightly'] as const satisfies readonly TariffName[];
export type SimulatedCarrier = (typeof SIMULATED_CARRIERS)[number];

/** Credentials the simulator accepts: an API key, OAuth2 client credentials, HTTP Basic. */
export interface SimulatorCredentials {
  readonly parcelo: { readonly apiKey: string };
  readonly skyway: { readonly clientId: string; readonly clientSecret: string };
  readonly freightly: { readonly username: string; readonly password: string };
}

/** Faults injected into one carrier, changeable at run time. Durations in ms. */
export interface CarrierFaults {
  /** Added to every answer. @default 0 (the carrier's own base latency still applies) */
  readonly latencyMs: number;
  /** Uniform ± spread around `latencyMs`. @default 0 */
  readonly jitterMs: number;
  /** Share of calls (0..1) answered 500. @default 0 */
  readonly errorRate: number;
  /** Share of calls (0..1) never answered. @default 0 */
  readonly timeoutRate: number;
  /**
   * A full outage: `unavailable` answers 503, `reset` drops the connection, `hang` never
   * answers. @default 'none'
   */
  readonly outage: 'none' | 'unavailable' | 'reset' | 'hang';
  /** More than `limit` calls per `windowMs` get 429 with `Retry-After: retryAfterSec`; `limit: 0` is a 429 storm. */
  readonly rateLimit: { readonly limit: number; readonly windowMs: number; readonly retryAfterSec: number } | null;
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
  latencyMs: 0, jitterMs: 0, errorRate: 0, timeoutRate: 0, outage: 'none', rateLimit: null, tokenTtlSec: 3600,
});

const DEFAULT_BASE_LATENCY: Record<SimulatedCarrier, number> = { parcelo: 30, skyway: 60, freightly: 40 };
const FREIGHTLY_PAGE_SIZE = 2;
const QUOTE_ROUTES: Record<SimulatedCarrier, string> = { parcelo: 'GET /v1/rates', skyway: 'POST /v2/quotes', freightly: 'GET /api/rates' };
const TOKEN_ROUTE = 'POST /oauth/token';

/** Fresh random credentials for a dev or test run (never stored). */
export function generateDevCredentials(): SimulatorCredentials {
  const secret = () => randomBytes(18).toString('base64url');
  return {
    parcelo: { apiKey: `pk_dev_${secret()}` },
    skyway: { clientId: `dev-${randomBytes(4).toString('hex')}`, clientSecret: secret() },
    freightly: { username: `dev-${randomBytes(4).toString('hex')}`, password: secret() },
  };
}

class Reply extends Error {
  constructor(readonly status: number, readonly body: unknown, readonly headers: Record<string, string> = {}) {
    super(`HTTP ${status}`);
  }
}

/**
 * A local HTTP server speaking three carriers' rate-quote APIs (see docs/shipping.md),
 * with faults injected per carrier through {@link CarrierSimulator.setFaults} or the admin
 * endpoints `GET|PUT /admin/faults/<carrier>`, `POST /admin/reset`, `GET /admin/stats`,
 * `POST /admin/revoke-tokens`.
 */
export async function startCarrierSimulator(options: CarrierSimulatorOptions): Promise<CarrierSimulator> {
  const { credentials } = options;
  const baseLatency = { ...DEFAULT_BASE_LATENCY, ...options.baseLatencyMs };
  const faults = Object.fromEntries(SIMULATED_CARRIERS.map((c) => [c, { ...NO_FAULTS }])) as Record<SimulatedCarrier, CarrierFaults>;
  const emptyStats = (): CarrierStats => ({ requests: 0, quotes: 0, tokens: 0, byStatus: {} });
  const stats = Object.fromEntries(SIMULATED_CARRIERS.map((c) => [c, emptyStats()])) as Record<SimulatedCarrier, CarrierStats>;
  const windows = new Map<SimulatedCarrier, { start: number; count: number }>();
  const tokens = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();

  const sleep = (ms: number) => new Promise<void>((resolve) => {
    if (ms <= 0) return resolve();
    const timer = setTimeout(() => { timers.delete(timer); resolve(); }, ms);
    timers.add(timer);
  });

  const send = (res: ServerResponse, carrier: SimulatedCarrier | undefined, status: number, body: unknown, headers: Record<string, string> = {}) => {
    if (carrier) stats[carrier].byStatus[status] = (stats[carrier].byStatus[status] ?? 0) + 1;
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  /** Applies the carrier's faults; resolves false when the request must get no answer at all. */
  async function injectFaults(carrier: SimulatedCarrier, req: IncomingMessage): Promise<boolean> {
    const f = faults[carrier];
    if (f.outage === 'reset') {
      req.socket.destroy();
      return false;
    }
    if (f.outage === 'hang') return false;
    if (f.outage === 'unavailable') throw new Reply(503, { error: 'service_unavailable' }, { 'retry-after': '30' });
    if (f.rateLimit) {
      const now = Date.now();
      const window = windows.get(carrier);
      if (!window || now - window.start >= f.rateLimit.windowMs) windows.set(carrier, { start: now, count: 1 });
      else window.count += 1;
      if (windows.get(carrier)!.count > f.rateLimit.limit) {
        throw new Reply(429, { error: 'rate_limited' }, { 'retry-after': String(f.rateLimit.retryAfterSec) });
      }
    }
    if (Math.random() < f.timeoutRate) return false;
    await sleep(baseLatency[carrier] + f.latencyMs + (Math.random() * 2 - 1) * f.jitterMs);
    if (Math.random() < f.errorRate) throw new Reply(500, { error: 'internal_error' });
    return true;
  }

  const handlers: Record<SimulatedCarrier, (route: string, req: IncomingMessage, url: URL) => Promise<unknown>> = {
    async parcelo(route, req, url) {
      if (route !== 'GET /v1/rates') throw new Reply(404, { error: 'not_found' });
      if (!safeEqual(header(req, 'x-api-key'), credentials.parcelo.apiKey)) throw new Reply(401, { error: 'invalid_api_key' });
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
    },

    async skyway(route, req) {
      if (route === 'POST /oauth/token') {
        const form = new URLSearchParams(await readBody(req));
        const [id, secret] = basicAuth(req) ?? [form.get('client_id'), form.get('client_secret')];
        if (form.get('grant_type') !== 'client_credentials') throw new Reply(400, { error: 'unsupported_grant_type' });
        if (!safeEqual(id, credentials.skyway.clientId) || !safeEqual(secret, credentials.skyway.clientSecret)) {
          throw new Reply(401, { error: 'invalid_client' });
        }
        const token = randomBytes(24).toString('base64url');
        const ttl = faults.skyway.tokenTtlSec;
        tokens.set(token, Date.now() + ttl * 1000);
        return { access_token: token, token_type: 'Bearer', expires_in: ttl };
      }
      if (route !== 'POST /v2/quotes') throw new Reply(404, { error: 'not_found' });
      const token = /^Bearer (.+)$/.exec(header(req, 'authorization') ?? '')?.[1];
      const expiresAt = token ? tokens.get(token) : undefined;
      if (expiresAt === undefined || expiresAt <= Date.now()) {
        throw new Reply(401, { error: 'invalid_token', error_description: expiresAt ? 'The access token expired' : 'Unknown token' },
          { 'www-authenticate': 'Bearer error="invalid_token"' });
      }
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
    },

    async freightly(route, req, url) {
      if (route !== 'GET /api/rates') throw new Reply(404, { error: 'not_found' });
      const [user, password] = basicAuth(req) ?? [];
      if (!safeEqual(user, credentials.freightly.username) || !safeEqual(password, credentials.freightly.password)) {
        throw new Reply(401, { error: 'unauthorized' }, { 'www-authenticate': 'Basic realm="freightly"' });
      }
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
    },
  };

  async function admin(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const [, , action, name] = path.split('/');
    const carrier = SIMULATED_CARRIERS.find((c) => c === name);
    if (action === 'stats' && req.method === 'GET') return send(res, undefined, 200, simulator.stats());
    if (action === 'reset' && req.method === 'POST') {
      simulator.reset(carrier);
      return send(res, undefined, 200, { ok: true });
    }
    if (action === 'revoke-tokens' && req.method === 'POST') {
      simulator.revokeTokens();
      return send(res, undefined, 200, { ok: true });
    }
    if (action === 'faults' && carrier && req.method === 'GET') return send(res, undefined, 200, faults[carrier]);
    if (action === 'faults' && carrier && req.method === 'PUT') {
      let patch: unknown;
      try {
        patch = JSON.parse(await readBody(req));
      } catch {
        return send(res, undefined, 400, { error: 'invalid_json' });
      }
      const problem = checkFaults(patch);
      if (problem) return send(res, undefined, 400, { error: problem });
      simulator.setFaults(carrier, patch as Partial<CarrierFaults>);
      return send(res, undefined, 200, faults[carrier]);
    }
    return send(res, undefined, 404, { error: 'not_found', carriers: SIMULATED_CARRIERS });
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://simulator');
    if (url.pathname.startsWith('/admin/')) {
      admin(req, res, url.pathname).catch(() => send(res, undefined, 500, { error: 'internal_error' }));
      return;
    }
    const [, name, ...rest] = url.pathname.split('/');
    const carrier = SIMULATED_CARRIERS.find((c) => c === name);
    if (!carrier) return send(res, undefined, 404, { error: 'not_found', carriers: SIMULATED_CARRIERS });
    stats[carrier].requests += 1;
    const route = `${req.method} /${rest.join('/')}`;
    if (route === TOKEN_ROUTE && carrier === 'skyway') stats[carrier].tokens += 1;
    if (route === QUOTE_ROUTES[carrier]) stats[carrier].quotes += 1;
    injectFaults(carrier, req)
      .then(async (answer) => {
        if (!answer) return;
        send(res, carrier, 200, await handlers[carrier](route, req, url));
      })
      .catch((error: unknown) => {
        if (error instanceof Reply) send(res, carrier, error.status, error.body, error.headers);
        else send(res, carrier, 500, { error: 'internal_error' });
      });
  });
  server.keepAliveTimeout = 65_000;

  // Its own close below ends hanging requests too (an outage may be holding them).
  const url = (await listen(server, options.port, options.host)).origin;

  const simulator: CarrierSimulator = {
    url,
    baseUrls: Object.fromEntries(SIMULATED_CARRIERS.map((c) => [c, `${url}/${c}`])) as Record<SimulatedCarrier, string>,
    credentials,
    setFaults(carrier, patch) {
      faults[carrier] = { ...faults[carrier], ...patch };
      if (patch.rateLimit !== undefined) windows.delete(carrier);
    },
    faults: (carrier) => ({ ...faults[carrier] }),
    reset(carrier) {
      for (const c of carrier ? [carrier] : SIMULATED_CARRIERS) {
        faults[c] = { ...NO_FAULTS };
        stats[c] = emptyStats();
        windows.delete(c);
      }
    },
    stats: () => structuredClone(stats),
    revokeTokens: () => tokens.clear(),
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
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
  for (const key of ['latencyMs', 'jitterMs', 'tokenTtlSec'] as const) {
    if (key in p && !(typeof p[key] === 'number' && (p[key] as number) >= 0)) return `${key} must be a number >= 0`;
  }
  for (const key of ['errorRate', 'timeoutRate'] as const) {
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

const num = (value: unknown): number => (value === null || value === undefined || value === '' ? NaN : Number(value));

const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

function basicAuth(req: IncomingMessage): [string, string] | undefined {
  const match = /^Basic (.+)$/.exec(header(req, 'authorization') ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : [decoded.slice(0, colon), decoded.slice(colon + 1)];
}

function safeEqual(given: string | null | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function readBody(req: IncomingMessage, limit = 64 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) reject(new Reply(413, { error: 'payload_too_large' }));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
