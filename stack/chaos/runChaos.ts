import pg from 'pg';
import { mintDevToken } from '../../lib/auth/index.js';
import { checkFold } from '../../lib/eventStore/index.js';
import { OUTBOX_SCHEMAS } from '../../lib/events/index.js';
import { startMultiProcessStack } from '../multiProcess/startMultiProcessStack.js';
import { createScratchDatabase } from '../scratchDatabase.js';
import { CHECKOUT_INVARIANTS, readCheckoutEvidence } from './checkoutInvariants.js';
import { checkoutJourney, checkoutProducts, startCheckouts } from './checkouts.js';
import { probeSearch, readStreamEvidence, readThroughGateways } from './evidence.js';
import { faultsOf, replicatedSubgraphs, runFaultSchedule } from './faults.js';
import { INVARIANTS, type Evidence, type InvariantResult, type Key } from './invariants.js';
import { startLoads, warmUp } from './workload.js';
import { startDurableRedis } from './privateRedis.js';
import { logChaosReport, type Interval } from './report.js';
import { percentile, type Window } from './stats.js';
import { openConnection, watch, type Connection, type Subscriber } from './subscribers.js';
import { hotProducts, readWatchedState } from './watched.js';
import { startPartners } from './partners.js';

/** Options for {@link runChaos}. */
export interface ChaosOptions {
  /** PostgreSQL server: the run creates a database of its own there and drops it at the end. */
  readonly databaseUrl: string;
  /** Seconds of load. */
  readonly seconds: number;
  /** One fault of each kind (a subgraph, the relay, search with its indexer, a gateway, Redis, a carrier) instead of a repeating schedule. */
  readonly short: boolean;
  readonly queriesPerSecond: number;
  readonly writesPerSecond: number;
  /** Customers starting a checkout per second (cart, line, checkout, retried until final). @default 2 */
  readonly checkoutsPerSecond?: number;
  readonly subscribers: number;
  readonly hotProducts: number;
  readonly auth: { readonly issuer: string; readonly audience: string };
  readonly baseEnv: Readonly<Record<string, string | undefined>>;
  /** Progress lines. */
  readonly log: (line: string) => void;
  /** After a fault recovered, how long failures still count as inside its window. @default 5000 */
  readonly recoveryGraceMs?: number;
  /** After a subscriber's connection was acknowledged, how long before it must receive every event. @default 2000 */
  readonly subscribeGraceMs?: number;
  /** Keep the database and process logs for inspection. */
  readonly keep?: boolean;
}

export interface ChaosReport {
  readonly passed: boolean;
  readonly results: readonly InvariantResult[];
  readonly faults: readonly Window[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SUBSCRIPTIONS_PER_CONNECTION = 6;
const RECOVERY_GRACE_MS = 5_000;
/** Customers taking turns at the checkouts. */
const CUSTOMERS = 20;


async function waitUntil(what: string, check: () => Promise<boolean> | boolean, timeoutMs: number, log: (l: string) => void): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(250);
  }
  log(`  (gave up waiting for ${what} after ${timeoutMs / 1000} s)`);
  return false;
}

/** Starts the stack as separate processes, loads it, injects the faults, and checks the invariants. */
export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const { log } = options;
  const cleanup: (() => Promise<void>)[] = [];
  try {
    const database = await createScratchDatabase(options.databaseUrl, 'cs_chaos');
    if (!options.keep) cleanup.push(() => database.drop());
    const redis = await startDurableRedis();
    cleanup.push(() => redis.destroy());
    log(`database ${new URL(database.url).pathname.slice(1)}, private Redis ${redis.url} (append-only, fsync always)`);
    const stack = await startMultiProcessStack({
      databaseUrl: database.url, redisUrl: redis.url, products: 200, keyPrefix: 'chaos:', baseEnv: options.baseEnv,
      env: { ENTITY_CACHE: 'on', RELAY_POLL_INTERVAL_MS: '500', CHECKOUT_SAGA_LEASE_MS: '10000', WEBHOOK_ALLOW_LOOPBACK: 'on', WEBHOOK_TIMEOUT_MS: '2000' },
      // Every subgraph the schedule kills runs twice: killing one replica must fail no query.
      replicated: replicatedSubgraphs(options.short),
    });
    cleanup.push(() => stack.close());
    log(`processes: ${stack.supervisor.names.join(', ')} (logs in ${stack.logDir})`);
    const gateways = Object.entries(stack.gatewayUrls);
    const pool = new pg.Pool({ connectionString: database.url, max: 2 });
    cleanup.push(() => pool.end());

    // The watched keys: a product's EUR price, its stock in one warehouse, and its name.
    const hot = await hotProducts(pool, options.hotProducts);
    const keys: Key[] = hot.flatMap((id) => [`price:${id}`, `stock:${id}`, `product:${id}`]);
    const readState = () => readWatchedState(pool, hot);
    const initialVersion = new Map([...(await readState())].map(([k, s]) => [k, s.version]));

    // Subscribers, spread over both replicas.
    const connections: Connection[] = [];
    const subscribers: Subscriber[] = [];
    for (let i = 0; i < options.subscribers; i++) {
      const c = Math.floor(i / SUBSCRIPTIONS_PER_CONNECTION);
      if (!connections[c]) connections[c] = openConnection(...gateways[c % gateways.length]!);
      subscribers.push(watch(i, connections[c]!, i % 2 === 0 ? 'price' : 'stock', hot[Math.floor(i / 2) % hot.length]!));
    }
    cleanup.push(async () => { await Promise.all(connections.map((c) => c.client.dispose())); });
    const open = () => connections.filter((c) => c.epochs.length > 0 && c.epochs.at(-1)!.closedAt === undefined).length;
    await waitUntil('subscribers to connect', () => open() === connections.length, 60_000, log);
    await sleep(1000); // let the subscribe messages land
    log(`${subscribers.length} subscriptions on ${connections.length} graphql-ws connections over ${gateways.map(([n]) => n).join(' and ')}; watching ${hot.length} products (${keys.length} keys)`);

    const token = await mintDevToken({ secret: stack.authSharedSecret, ...options.auth, roles: ['admin'], subject: 'chaos' });
    const buyers = await Promise.all(Array.from({ length: CUSTOMERS }, async (_, i) => {
      const subject = `chaos-buyer-${i}`;
      return { subject, token: await mintDevToken({ secret: stack.authSharedSecret, ...options.auth, roles: ['customer'], subject }) };
    }));
    const products = await checkoutProducts(pool, hot);
    // Partners receiving price and stock changes as webhooks, one of them flaky.
    const partners = await startPartners(database.url);
    cleanup.push(() => partners.close().then(() => undefined));
    log(`partner webhook endpoints: ${partners.names.join(', ')}`);
    // Every code path served once on every replica before the clock starts, so a cold start is not counted as a failure.
    await warmUp({ gateways, hot, token });
    await Promise.all(gateways.map((_, i) => checkoutJourney({ gateways, tokens: buyers, products }, i)));
    const load = startLoads({ ...options, gateways, hot, pool, token, log });
    const checkouts = startCheckouts({ gateways, tokens: buyers, products, perSecond: options.checkoutsPerSecond ?? 2 });
    const { queries, writes, acked } = load;
    const startedAt = Date.now();
    log(`load: ${options.queriesPerSecond} queries/s, ${options.writesPerSecond} writes/s and ${options.checkoutsPerSecond ?? 2} checkouts/s (${CUSTOMERS} customers) for ${options.seconds} s`);

    const faultRun = runFaultSchedule(faultsOf(stack, redis), {
      short: options.short, seconds: options.seconds, startedAt, recoveryGraceMs: options.recoveryGraceMs ?? RECOVERY_GRACE_MS, log,
    });
    const { windows, busOutages } = faultRun;

    // Live progress.
    const progressMs = options.short ? 5000 : 10_000;
    const intervals: Interval[] = [];
    let lastAt = startedAt;
    const progress = setInterval(() => {
      const now = Date.now();
      const slice = queries.filter((q) => q.end > lastAt && q.end <= now);
      const ok = slice.filter((q) => q.outcome === 'ok');
      const latencies = ok.map((q) => q.end - q.start);
      const w = writes.filter((q) => q.end > lastAt && q.end <= now);
      const row = { t: Math.round((now - startedAt) / 1000), ok: ok.length, failed: slice.length - ok.length, p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), writes: w.filter((x) => x.outcome === 'ok').length };
      intervals.push(row);
      const delivered = subscribers.reduce((n, s) => n + s.deliveries.length, 0);
      log(`[t+${String(row.t).padStart(3)} s] queries ${(ok.length / ((now - lastAt) / 1000)).toFixed(1)}/s ok, ${row.failed} failed, p50 ${row.p50} ms p99 ${row.p99} ms | writes ${row.writes} ok, ${w.length - row.writes} failed | subscriptions: ${delivered} events, ${open()}/${connections.length} connections | fault: ${faultRun.current()}`);
      lastAt = now;
    }, progressMs);

    await sleep(options.seconds * 1000);
    await Promise.all([load.stop(), checkouts.stop()]);
    await faultRun.done;
    clearInterval(progress);
    log(`load stopped after ${((Date.now() - startedAt) / 1000).toFixed(0)} s; waiting for the stack to settle`);

    // Settle: outboxes drained, subscribers caught up with the stores.
    const outboxRows = async () => Object.fromEntries(await Promise.all(OUTBOX_SCHEMAS.map(async (schema) =>
      [schema, (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${schema}.outbox`)).rows[0]!.n] as const)));
    await waitUntil('every checkout saga to finish', async () =>
      (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM orders.checkout_sagas WHERE state <> 'done'`)).rows[0]!.n === 0, 90_000, log);
    await waitUntil('the outboxes to drain', async () => Object.values(await outboxRows()).every((n) => n === 0), 60_000, log);
    const final = await readState();
    await waitUntil('subscribers to catch up', () => subscribers.every((s) =>
      s.deliveries.some((d) => d.version >= final.get(`${s.kind}:${s.productId}`)!.version) || final.get(`${s.kind}:${s.productId}`)!.version === initialVersion.get(`${s.kind}:${s.productId}`)), 30_000, log);
    await sleep(500);
    const endedAt = Date.now();

    const { stream, pendingInGroups } = await readStreamEvidence(redis.url, hot, log);
    const reads = await readThroughGateways(gateways, hot);

    const search = await probeSearch(pool, gateways);
    // The event store (a consumer in the relay process) folds to the stores once it caught up.
    let fold = await checkFold(pool);
    await waitUntil('the event store to fold to the stores', async () => (fold = await checkFold(pool)).mismatches.length === 0, 30_000, log);
    const foldResult: InvariantResult = {
      name: 'folding the event store\'s events per row gives exactly the current rows of pricing, inventory and catalog',
      violations: fold.mismatches, violationCount: fold.mismatches.length,
      notes: [`rows compared: ${Object.entries(fold.compared).map(([kind, n]) => `${n} ${kind}`).join(', ')}`],
    };

    const webhookResult = await partners.check(redis.url, 'chaos:', 60_000);
    // The probes' own searches were logged to insights just now: let the relay publish them too.
    // Empty twice a second apart: a search logged before the first look reaches insights only
    // when its batch leaves (100 ms), and is in no outbox yet.
    const outboxesEmpty = async () => Object.values(await outboxRows()).every((n) => n === 0);
    await waitUntil('the outboxes to drain after the probes', async () => (await outboxesEmpty()) && (await sleep(1000), await outboxesEmpty()), 30_000, log);

    const evidence: Evidence = {
      keys, initialVersion, final, stream, acked, queries, writes, faultWindows: windows, subscribers, endedAt,
      subscribeGraceMs: options.subscribeGraceMs ?? 2000, busOutages, outboxRows: await outboxRows(), pendingInGroups, reads,
      search,
    };
    const checkoutEvidence = await readCheckoutEvidence({
      pool, paymentSimulatorUrl: stack.simulatorUrls.payments!, carrierSimulatorUrl: stack.simulatorUrls.shipping!, redisUrl: redis.url, keyPrefix: 'chaos:', checkouts: checkouts.records,
    });
    const placed = checkouts.records.filter((c) => c.status === 'PLACED').map((c) => c.end - c.start);
    log(`checkouts: ${checkouts.records.length} started, ${placed.length} placed; time to a placed order p50 ${percentile(placed, 50)} ms p95 ${percentile(placed, 95)} ms`);
    const results = [...INVARIANTS.map((check) => check(evidence)), foldResult, webhookResult, ...CHECKOUT_INVARIANTS.map((check) => check(checkoutEvidence))];

    const passed = logChaosReport({
      options, startedAt, endedAt, queries, writes, acknowledged: acked.length, renames: load.renames(), subscriptions: subscribers.length, windows, intervals, results, log,
    });
    return { passed, results, faults: windows };
  } finally {
    while (cleanup.length) await cleanup.pop()!().catch((error) => log(`cleanup: ${(error as Error).message}`));
  }
}
