import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listen } from '../../../lib/http/listen.js';
import { createAcquiraApi } from './acquiraApi.js';
import { Reply, readBody, type Answer } from '../../../lib/simulator/index.js';
import { NO_HTTP_FAULTS, type HttpFaults } from '../../../lib/simulator/index.js';
import { SIMULATED_PROVIDERS, type LedgerEntry, type SimulatedProvider } from './ledger.js';
import { createPayviaApi, payviaSignature } from './payviaApi.js';
import { createWebhookSender, type WebhookFaults, type WebhookStats } from '../../../lib/simulator/index.js';

/** Credentials and signing keys the simulator uses (fresh per dev or test run). */
export interface PaymentSimulatorCredentials {
  readonly payvia: { readonly secretKey: string; readonly webhookSecret: string };
  /** `hmacKey` is hex, as Adyen shows it. */
  readonly acquira: { readonly apiKey: string; readonly merchantAccount: string; readonly hmacKey: string };
}

/** Faults injected into one provider, changeable at run time: the common HTTP faults and the payment ones. */
export interface ProviderFaults extends HttpFaults, WebhookFaults {
  /**
   * Share of charging calls (create+confirm, confirm, authorise) that the provider processes,
   * recording the authorization, and then never answers: the hard, ambiguous case. @default 0
   */
  readonly lostAnswerRate: number;
  /** How an answer is lost: `reset` drops the connection, `hang` never answers. @default 'reset' */
  readonly lostAnswer: 'reset' | 'hang';
  /**
   * Which calls the faults above (latency, errors, timeouts, outage, rate limit) hit: every
   * call, or only charging calls (a provider whose payment path fails while lookups work). @default 'all'
   */
  readonly scope: 'all' | 'charges';
  /** Payvia only: how long a new intent stays invisible to search (eventual consistency). @default 0 */
  readonly searchLagMs: number;
  /** Payvia only: how long a `tok_async` intent stays `processing`. @default 200 */
  readonly asyncDelayMs: number;
}

export const NO_PAYMENT_FAULTS: ProviderFaults = Object.freeze({
  ...NO_HTTP_FAULTS, lostAnswerRate: 0, lostAnswer: 'reset', scope: 'all',
  searchLagMs: 0, asyncDelayMs: 200, webhookDelayMs: 0, webhookJitterMs: 0, webhookDuplicateRate: 0,
});

/** Calls and webhook deliveries the simulator saw, per provider. */
export interface ProviderStats {
  requests: number;
  /** Answers by HTTP status (dropped and hung calls have none). */
  byStatus: Record<string, number>;
  /** Charging calls processed whose answer was then lost. */
  lostAnswers: number;
  webhooks: WebhookStats;
}

export interface PaymentSimulator {
  /** `http://host:port` */
  readonly url: string;
  /** Base URL of each provider's API. */
  readonly baseUrls: Readonly<Record<SimulatedProvider, string>>;
  readonly credentials: PaymentSimulatorCredentials;
  setFaults(provider: SimulatedProvider, faults: Partial<ProviderFaults>): void;
  faults(provider: SimulatedProvider): ProviderFaults;
  /** Where each provider posts its webhooks; undefined stops sending. */
  setWebhookUrl(provider: SimulatedProvider, url: string | undefined): void;
  /** Every authorization attempt each provider recorded, oldest first. */
  ledger(provider?: SimulatedProvider): LedgerEntry[];
  stats(): Readonly<Record<SimulatedProvider, ProviderStats>>;
  /** Resolves once every webhook in flight has been delivered or given up. */
  drainWebhooks(): Promise<void>;
  /** Clears faults, counters and (with `{ ledger: true }`) the providers' records. */
  reset(options?: { readonly ledger?: boolean }): void;
  close(): Promise<void>;
}

export interface PaymentSimulatorOptions {
  /** 0 picks a free port. */
  readonly port: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  readonly credentials: PaymentSimulatorCredentials;
  /** Webhook targets at start. */
  readonly webhookUrls?: Partial<Record<SimulatedProvider, string>>;
  /** Each provider's latency before injected faults. @default payvia 40, acquira 60 */
  readonly baseLatencyMs?: Partial<Record<SimulatedProvider, number>>;
  /** Waits before each webhook retry. @default [100, 500, 2000, 5000] */
  readonly webhookRetryDelaysMs?: readonly number[];
  /** @default 2000 */
  readonly webhookTimeoutMs?: number;
}

/** The calls that charge: create (and confirm) an intent, confirm one, authorise a payment. */
const CHARGE_ROUTES: Record<SimulatedProvider, RegExp> = {
  payvia: /^POST \/v1\/payment_intents(\/[^/]+\/confirm)?$/,
  acquira: /^POST \/v71\/payments$/,
};

/** Fresh random credentials for a dev or test run (never stored). */
export function generatePaymentCredentials(): PaymentSimulatorCredentials {
  const secret = () => randomBytes(18).toString('base64url');
  return {
    payvia: { secretKey: `sk_test_${secret()}`, webhookSecret: `whsec_${secret()}` },
    acquira: { apiKey: `AQE_${secret()}`, merchantAccount: 'CommerceSupergraphECOM', hmacKey: randomBytes(32).toString('hex') },
  };
}

/**
 * A local HTTP server speaking two payment providers' APIs under `/payvia/…` (intent style)
 * and `/acquira/…` (authorise/cancel/capture style), each keeping a ledger of every
 * authorization, posting signed webhooks, with faults injected per provider through
 * {@link PaymentSimulator.setFaults} or the admin endpoints `GET|PUT /admin/faults/<provider>`,
 * `PUT /admin/webhooks/<provider>` (`{ url }`), `GET /admin/ledger[/<provider>]`,
 * `GET /admin/stats`, `POST /admin/reset` (`?ledger=true` also forgets the ledger).
 */
export async function startPaymentSimulator(options: PaymentSimulatorOptions): Promise<PaymentSimulator> {
  const { credentials } = options;
  const baseLatency: Record<SimulatedProvider, number> = { payvia: 40, acquira: 60, ...options.baseLatencyMs };
  const faults = Object.fromEntries(SIMULATED_PROVIDERS.map((p) => [p, { ...NO_PAYMENT_FAULTS }])) as Record<SimulatedProvider, ProviderFaults>;
  const emptyStats = (): ProviderStats => ({ requests: 0, byStatus: {}, lostAnswers: 0, webhooks: { queued: 0, attempts: 0, delivered: 0, abandoned: 0 } });
  const stats = Object.fromEntries(SIMULATED_PROVIDERS.map((p) => [p, emptyStats()])) as Record<SimulatedProvider, ProviderStats>;
  const webhookUrls: Partial<Record<SimulatedProvider, string>> = { ...options.webhookUrls };
  const windows = new Map<SimulatedProvider, { start: number; count: number }>();
  const timers = new Set<NodeJS.Timeout>();
  const webhooks = createWebhookSender({ retryDelaysMs: options.webhookRetryDelaysMs ?? [100, 500, 2_000, 5_000], attemptTimeoutMs: options.webhookTimeoutMs ?? 2_000 });

  const later = (ms: number, fn: () => void) => {
    const timer = setTimeout(() => { timers.delete(timer); fn(); }, Math.max(0, ms));
    timers.add(timer);
  };
  const sleep = (ms: number) => new Promise<void>((resolve) => later(ms, resolve));

  const payvia = createPayviaApi({
    secretKey: credentials.payvia.secretKey,
    faults: () => faults.payvia,
    later,
    emit(event) {
      const url = webhookUrls.payvia;
      if (!url) return;
      const body = JSON.stringify(event);
      webhooks.send(url, () => ({ body, headers: { 'payvia-signature': payviaSignature(credentials.payvia.webhookSecret, body, Math.floor(Date.now() / 1000)) } }),
        faults.payvia, stats.payvia.webhooks);
    },
  });
  const acquira = createAcquiraApi({
    ...credentials.acquira,
    emit(item) {
      const url = webhookUrls.acquira;
      if (!url) return;
      const body = JSON.stringify({ live: 'false', notificationItems: [{ NotificationRequestItem: item }] });
      webhooks.send(url, () => ({ body, headers: {} }), faults.acquira, stats.acquira.webhooks);
    },
  });
  const apis = { payvia, acquira };

  const send = (res: ServerResponse, provider: SimulatedProvider | undefined, status: number, body: unknown, headers: Record<string, string> = {}) => {
    if (provider) stats[provider].byStatus[status] = (stats[provider].byStatus[status] ?? 0) + 1;
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  /** Faults before the provider acts; false when the request gets no answer at all. */
  async function before(provider: SimulatedProvider, req: IncomingMessage, route: string): Promise<boolean> {
    const f = faults[provider];
    if (f.scope === 'charges' && !CHARGE_ROUTES[provider].test(route)) {
      await sleep(baseLatency[provider]);
      return true;
    }
    if (f.outage === 'reset') {
      req.socket.destroy();
      return false;
    }
    if (f.outage === 'hang') return false;
    if (f.outage === 'unavailable') throw new Reply(503, { error: 'service_unavailable' }, { 'retry-after': '30' });
    if (f.rateLimit) {
      const now = Date.now();
      const window = windows.get(provider);
      if (!window || now - window.start >= f.rateLimit.windowMs) windows.set(provider, { start: now, count: 1 });
      else window.count += 1;
      if (windows.get(provider)!.count > f.rateLimit.limit) throw new Reply(429, { error: 'rate_limited' }, { 'retry-after': String(f.rateLimit.retryAfterSec) });
    }
    if (Math.random() < f.timeoutRate) return false;
    await sleep(baseLatency[provider] + f.latencyMs + (Math.random() * 2 - 1) * f.jitterMs);
    if (Math.random() < f.errorRate) throw new Reply(500, { error: 'internal_error' });
    return true;
  }

  async function answer(provider: SimulatedProvider, req: IncomingMessage, res: ServerResponse, route: string, url: URL) {
    if (!(await before(provider, req, route))) return;
    let result: Answer;
    try {
      result = await apis[provider].handle(route, req, url);
    } catch (error) {
      if (!(error instanceof Reply)) throw error;
      result = { status: error.status, body: error.body, headers: error.headers };
    }
    if (result.charged && Math.random() < faults[provider].lostAnswerRate) {
      stats[provider].lostAnswers += 1;
      apis[provider].markUnanswered(result.body);
      if (faults[provider].lostAnswer === 'reset') req.socket.destroy();
      return;
    }
    send(res, provider, result.status, result.body, result.headers);
  }

  async function admin(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const [, , action, name] = url.pathname.split('/');
    const provider = SIMULATED_PROVIDERS.find((p) => p === name);
    if (action === 'stats' && req.method === 'GET') return send(res, undefined, 200, simulator.stats());
    if (action === 'ledger' && req.method === 'GET' && (name === undefined || provider)) return send(res, undefined, 200, { entries: simulator.ledger(provider) });
    if (action === 'reset' && req.method === 'POST') {
      simulator.reset({ ledger: url.searchParams.get('ledger') === 'true' });
      return send(res, undefined, 200, { ok: true });
    }
    if (action === 'faults' && provider && req.method === 'GET') return send(res, undefined, 200, faults[provider]);
    if ((action === 'faults' || action === 'webhooks') && provider && req.method === 'PUT') {
      let patch: unknown;
      try {
        patch = JSON.parse(await readBody(req));
      } catch {
        return send(res, undefined, 400, { error: 'invalid_json' });
      }
      if (action === 'webhooks') {
        const target = (patch as { url?: unknown } | null)?.url;
        if (target !== null && (typeof target !== 'string' || !/^https?:\/\//.test(target))) return send(res, undefined, 400, { error: 'url must be an http(s) URL or null' });
        simulator.setWebhookUrl(provider, target ?? undefined);
        return send(res, undefined, 200, { url: target });
      }
      const problem = checkFaults(patch);
      if (problem) return send(res, undefined, 400, { error: problem });
      simulator.setFaults(provider, patch as Partial<ProviderFaults>);
      return send(res, undefined, 200, faults[provider]);
    }
    return send(res, undefined, 404, { error: 'not_found', providers: SIMULATED_PROVIDERS });
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://simulator');
    if (url.pathname.startsWith('/admin/')) {
      admin(req, res, url).catch(() => send(res, undefined, 500, { error: 'internal_error' }));
      return;
    }
    const [, name, ...rest] = url.pathname.split('/');
    const provider = SIMULATED_PROVIDERS.find((p) => p === name);
    if (!provider) return send(res, undefined, 404, { error: 'not_found', providers: SIMULATED_PROVIDERS });
    stats[provider].requests += 1;
    answer(provider, req, res, `${req.method} /${rest.join('/')}`, url).catch((error: unknown) => {
      if (error instanceof Reply) send(res, provider, error.status, error.body, error.headers);
      else send(res, provider, 500, { error: 'internal_error' });
    });
  });
  server.keepAliveTimeout = 65_000;
  const origin = (await listen(server, options.port, options.host)).origin;

  const simulator: PaymentSimulator = {
    url: origin,
    baseUrls: { payvia: `${origin}/payvia`, acquira: `${origin}/acquira` },
    credentials,
    setFaults(provider, patch) {
      faults[provider] = { ...faults[provider], ...patch };
      if (patch.rateLimit !== undefined) windows.delete(provider);
    },
    faults: (provider) => ({ ...faults[provider] }),
    setWebhookUrl(provider, target) {
      if (target === undefined) delete webhookUrls[provider];
      else webhookUrls[provider] = target;
    },
    ledger: (provider) => (provider ? apis[provider].ledger() : [...payvia.ledger(), ...acquira.ledger()])
      .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0)),
    stats: () => structuredClone(stats),
    drainWebhooks: () => webhooks.drain(),
    reset(resetOptions = {}) {
      for (const p of SIMULATED_PROVIDERS) {
        faults[p] = { ...NO_PAYMENT_FAULTS };
        stats[p] = emptyStats();
        windows.delete(p);
        if (resetOptions.ledger) apis[p].reset();
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        webhooks.close();
        for (const timer of timers) clearTimeout(timer);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return simulator;
}

function checkFaults(patch: unknown): string | undefined {
  if (typeof patch !== 'object' || patch === null) return 'expected an object of faults';
  const p = patch as Record<string, unknown>;
  for (const key of Object.keys(p)) if (!(key in NO_PAYMENT_FAULTS)) return `unknown fault ${key}`;
  for (const key of ['latencyMs', 'jitterMs', 'searchLagMs', 'asyncDelayMs', 'webhookDelayMs', 'webhookJitterMs'] as const) {
    if (key in p && !(typeof p[key] === 'number' && (p[key] as number) >= 0)) return `${key} must be a number >= 0`;
  }
  for (const key of ['errorRate', 'timeoutRate', 'lostAnswerRate', 'webhookDuplicateRate'] as const) {
    if (key in p && !(typeof p[key] === 'number' && (p[key] as number) >= 0 && (p[key] as number) <= 1)) return `${key} must be from 0 to 1`;
  }
  if ('outage' in p && !['none', 'unavailable', 'reset', 'hang'].includes(p.outage as string)) return 'outage must be none, unavailable, reset or hang';
  if ('lostAnswer' in p && !['reset', 'hang'].includes(p.lostAnswer as string)) return 'lostAnswer must be reset or hang';
  if ('scope' in p && !['all', 'charges'].includes(p.scope as string)) return 'scope must be all or charges';
  if ('rateLimit' in p && p.rateLimit !== null) {
    const r = p.rateLimit as Record<string, unknown>;
    if (typeof r !== 'object' || !['limit', 'windowMs', 'retryAfterSec'].every((k) => typeof r[k] === 'number' && (r[k] as number) >= 0)) {
      return 'rateLimit must be null or { limit, windowMs, retryAfterSec }';
    }
  }
  return undefined;
}
