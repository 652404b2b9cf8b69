import { createScratchDatabase } from '../scratchDatabase.js';
import { DEAD_LETTER_STREAM } from '../../lib/events/streams.js';
import { Redis } from 'ioredis';
import pg from 'pg';
import { mintDevToken } from '../../lib/auth/index.js';
import { SUBGRAPH_NAMES, SUBGRAPHS } from '../../lib/config/index.js';
import { OUTBOX_SCHEMAS, streamOf, type EventType } from '../../lib/events/index.js';
import { startMultiProcessStack, type MultiProcessStack } from '../multiProcess/startMultiProcessStack.js';
import { INVARIANTS, type Evidence, type InvariantResult, type Key, type StreamEvent } from './invariants.js';
import { atFixedRate, postGraphQL, QUERIES, type RequestRecord } from './load.js';
import { startDurableRedis, type DurableRedis } from './privateRedis.js';
import { percentile, type Window } from './stats.js';
import { openConnection, watch, WAREHOUSE, type Connection, type Subscriber } from './subscribers.js';

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
const REQUEST_DEADLINE_MS = 10_000;
const RECOVERY_GRACE_MS = 5_000;
const PRICE: EventType = 'commerce.pricing.price_changed.v1';
const STOCK: EventType = 'commerce.inventory.stock_changed.v1';
const PRODUCT: EventType = 'commerce.catalog.product_changed.v1';

interface Fault {
  readonly label: string;
  run(): Promise<void>;
}

function faultsOf(stack: MultiProcessStack, redis: DurableRedis): Record<string, Fault> {
  const killRestart = (name: string, downMs: number, what = name): Fault => ({
    label: `kill -9 ${what}, restart after ${downMs / 1000} s`,
    run: async () => {
      await stack.supervisor.kill(name);
      await sleep(downMs);
      await stack.supervisor.start(name, 120_000);
    },
  });
  const admin = (path: string, method: string, body?: unknown) =>
    fetch(`${stack.simulatorUrls.shipping}/admin/${path}`, { method, body: body ? JSON.stringify(body) : undefined, headers: { 'content-type': 'application/json' } })
      .then(async (res) => { if (!res.ok) throw new Error(`simulator ${path}: ${res.status} ${await res.text()}`); });
  const what: Record<string, string> = { index: 'and its indexer', external: 'and its simulator' };
  return {
    ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => {
      const kind: string = SUBGRAPHS[name].kind;
      return [name, killRestart(name, 3000, what[kind] ? `${name} (${what[kind]})` : name)];
    })),
    relay: killRestart('relay', 3000, 'the outbox relay'),
    'gateway-1': killRestart('gateway-1', 3000, 'gateway-1'),
    'gateway-2': killRestart('gateway-2', 3000, 'gateway-2'),
    redis: {
      label: 'kill -9 Redis, start it after 5 s',
      run: async () => {
        await redis.kill();
        await sleep(5000);
        await redis.start();
      },
    },
    carrier: {
      label: 'carrier parcelo hangs (simulator admin API) for 8 s',
      run: async () => {
        await admin('faults/parcelo', 'PUT', { outage: 'hang' });
        await sleep(8000);
        await admin('faults/parcelo', 'PUT', { outage: 'none' });
      },
    },
  };
}

/** How long after settling the search index may take to reflect the stores. */
const SEARCH_BOUND_MS = 20_000;
/** The name a rename writes: its marker `w<i>x` is the write's number, as a price write's amount is. */
const renamedTo = (productId: string, i: number) => `Chaos Renamed ${productId} w${i}x`;
/** The marker of a renamed product's name; -1 for a name no rename wrote. */
const renameMarker = (name: string) => Number(/ w(\d+)x$/.exec(name)?.[1] ?? -1);
/** Product renames per second, in the catalog store. */
const RENAMES_PER_SECOND = 1;

const SHORT_SCHEDULE = ['inventory', 'relay', 'search', 'gateway-2', 'redis', 'carrier'];
const LONG_CYCLE = ['catalog', 'relay', 'pricing', 'gateway-2', 'redis', 'search', 'inventory', 'carrier', 'shipping', 'relay', 'gateway-1'];


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
      env: { ENTITY_CACHE: 'on', RELAY_POLL_INTERVAL_MS: '500' },
    });
    cleanup.push(() => stack.close());
    log(`processes: ${stack.supervisor.names.join(', ')} (logs in ${stack.logDir})`);
    const gateways = Object.entries(stack.gatewayUrls);
    const pool = new pg.Pool({ connectionString: database.url, max: 2 });
    cleanup.push(() => pool.end());

    // The watched keys: a product's EUR price and its stock in one warehouse.
    const hot = (await pool.query<{ id: string }>(
      `SELECT p.product_id AS id FROM pricing.prices p JOIN inventory.stock s ON s.product_id = p.product_id AND s.warehouse_id = $1
        WHERE p.currency = 'EUR' ORDER BY p.product_id LIMIT $2`, [WAREHOUSE, options.hotProducts])).rows.map((r) => r.id);
    const keys: Key[] = hot.flatMap((id) => [`price:${id}`, `stock:${id}`, `product:${id}`]);
    const readState = async () => {
      const state = new Map<Key, { version: number; value: number }>();
      const prices = await pool.query<{ id: string; version: number; value: number }>(
        `SELECT product_id AS id, version, list_amount AS value FROM pricing.prices WHERE currency = 'EUR' AND product_id = ANY($1)`, [hot]);
      for (const r of prices.rows) state.set(`price:${r.id}`, { version: r.version, value: r.value });
      const stock = await pool.query<{ id: string; version: number; value: number }>(
        `SELECT product_id AS id, version, on_hand AS value FROM inventory.stock WHERE warehouse_id = $1 AND product_id = ANY($2)`, [WAREHOUSE, hot]);
      for (const r of stock.rows) state.set(`stock:${r.id}`, { version: r.version, value: r.value });
      const products = await pool.query<{ id: string; version: number; name: string }>(
        'SELECT id, version, name FROM catalog.products WHERE id = ANY($1)', [hot]);
      for (const r of products.rows) state.set(`product:${r.id}`, { version: r.version, value: renameMarker(r.name) });
      return state;
    };
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
    const queries: RequestRecord[] = [];
    const writes: RequestRecord[] = [];
    const acked: Evidence['acked'][number][] = [];
    const queryLoad = atFixedRate(options.queriesPerSecond, async (i) => {
      const [gateway, url] = gateways[i % gateways.length]!;
      const r = i % 10;
      const productId = r < 3 ? hot[i % hot.length]! : `p-${1 + (i * 7919) % 200}`;
      const [name, body] = r < 6 ? ['product', { query: QUERIES.product, variables: { id: productId } }] as const
        : r < 8 ? ['products', { query: QUERIES.products }] as const
          : r < 9 ? ['search', { query: QUERIES.search }] as const
            : ['shippingQuotes', { query: QUERIES.shipping, variables: { postalCode: String(10000 + (i % 90000)), productId } }] as const;
      queries.push(await postGraphQL(gateway, url, name, body, { deadlineMs: REQUEST_DEADLINE_MS, token }));
    });
    const writeLoad = atFixedRate(options.writesPerSecond, async (i) => {
      const [gateway, url] = gateways[Math.floor(i / 2) % gateways.length]!;
      const productId = hot[Math.floor(i / 2) % hot.length]!;
      if (i % 2 === 0) {
        const marker = 100_000 + i; // a list amount no other write uses
        const rec = await postGraphQL(gateway, url, 'setPrice', {
          query: QUERIES.setPrice, variables: { input: { productId, currency: 'EUR', listAmount: marker, saleAmount: null } },
        }, { deadlineMs: REQUEST_DEADLINE_MS, token });
        writes.push(rec);
        if (rec.outcome === 'ok') acked.push({ key: `price:${productId}`, version: rec.data.setPrice.version, value: marker });
      } else {
        const rec = await postGraphQL(gateway, url, 'adjustStock', {
          query: QUERIES.adjustStock, variables: { input: { productId, warehouseId: WAREHOUSE, delta: 1, reason: `chaos write ${i}` } },
        }, { deadlineMs: REQUEST_DEADLINE_MS, token });
        writes.push(rec);
        if (rec.outcome === 'ok') acked.push({ key: `stock:${productId}`, version: rec.data.adjustStock.version, value: rec.data.adjustStock.onHand });
      }
    });
    // Renames, straight in the catalog store (catalog has no mutation): the search probe checks
    // that names converge too. Each name carries a word no other write uses.
    let renames = 0;
    const renameLoad = atFixedRate(RENAMES_PER_SECOND, async (i) => {
      const productId = hot[i % hot.length]!;
      await pool.query<{ version: number }>('UPDATE catalog.products SET name = $2, version = version + 1 WHERE id = $1 RETURNING version', [productId, renamedTo(productId, i)])
        .then(({ rows }) => {
          renames += 1;
          acked.push({ key: `product:${productId}`, version: rows[0]!.version, value: i });
        }, (error: Error) => log(`  rename of ${productId} failed: ${error.message}`));
    });
    const startedAt = Date.now();
    log(`load: ${options.queriesPerSecond} queries/s and ${options.writesPerSecond} writes/s for ${options.seconds} s`);

    // The fault schedule, printed up front.
    const faults = faultsOf(stack, redis);
    const warmupMs = 8000;
    const cooldownMs = options.short ? 10_000 : 20_000;
    const names = options.short ? SHORT_SCHEDULE
      : Array.from({ length: Math.max(1, Math.floor((options.seconds * 1000 - warmupMs - cooldownMs) / 25_000)) }, (_, i) => LONG_CYCLE[i % LONG_CYCLE.length]!);
    const spacing = (options.seconds * 1000 - warmupMs - cooldownMs) / names.length;
    const schedule = names.map((name, i) => ({ at: warmupMs + i * spacing, fault: faults[name]! }));
    log('fault schedule:');
    for (const s of schedule) log(`  t+${(s.at / 1000).toFixed(0).padStart(3)} s  ${s.fault.label}`);
    const windows: Window[] = [];
    const busOutages: Window[] = [];
    let current = 'none';
    const faultRun = (async () => {
      for (const s of schedule) {
        const wait = startedAt + s.at - Date.now();
        if (wait > 0) await sleep(wait);
        const from = Date.now();
        current = s.fault.label;
        log(`  >>> t+${((from - startedAt) / 1000).toFixed(0)} s fault: ${s.fault.label}`);
        try {
          await s.fault.run();
        } catch (error) {
          log(`  !!! fault "${s.fault.label}" failed: ${(error as Error).message}`);
          windows.push({ from, to: Number.POSITIVE_INFINITY, label: `${s.fault.label} (did not recover)` });
          current = 'none';
          continue;
        }
        windows.push({ from, to: Date.now() + (options.recoveryGraceMs ?? RECOVERY_GRACE_MS), label: s.fault.label, recoveredAt: Date.now() });
        if (s.fault === faults.redis) busOutages.push(windows.at(-1)!);
        log(`  <<< t+${((Date.now() - startedAt) / 1000).toFixed(0)} s recovered in ${((Date.now() - from) / 1000).toFixed(1)} s: ${s.fault.label}`);
        current = 'none';
      }
    })();

    // Live progress.
    const progressMs = options.short ? 5000 : 10_000;
    const intervals: { t: number; ok: number; failed: number; p50: number; p95: number; p99: number; writes: number }[] = [];
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
      log(`[t+${String(row.t).padStart(3)} s] queries ${(ok.length / ((now - lastAt) / 1000)).toFixed(1)}/s ok, ${row.failed} failed, p50 ${row.p50} ms p99 ${row.p99} ms | writes ${row.writes} ok, ${w.length - row.writes} failed | subscriptions: ${delivered} events, ${open()}/${connections.length} connections | fault: ${current}`);
      lastAt = now;
    }, progressMs);

    await sleep(options.seconds * 1000);
    await Promise.all([queryLoad.stop(), writeLoad.stop(), renameLoad.stop()]);
    await faultRun;
    clearInterval(progress);
    log(`load stopped after ${((Date.now() - startedAt) / 1000).toFixed(0)} s; waiting for the stack to settle`);

    // Settle: outboxes drained, subscribers caught up with the stores.
    const outboxRows = async () => Object.fromEntries(await Promise.all(OUTBOX_SCHEMAS.map(async (schema) =>
      [schema, (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${schema}.outbox`)).rows[0]!.n] as const)));
    await waitUntil('the outboxes to drain', async () => Object.values(await outboxRows()).every((n) => n === 0), 60_000, log);
    const final = await readState();
    await waitUntil('subscribers to catch up', () => subscribers.every((s) =>
      s.deliveries.some((d) => d.version >= final.get(`${s.kind}:${s.productId}`)!.version) || final.get(`${s.kind}:${s.productId}`)!.version === initialVersion.get(`${s.kind}:${s.productId}`)), 30_000, log);
    await sleep(500);
    const endedAt = Date.now();

    // Evidence from Redis and the gateways.
    const client = new Redis(redis.url, { maxRetriesPerRequest: 2 });
    const stream = new Map<Key, StreamEvent[]>();
    const pendingInGroups: { stream: string; group: string; pending: number }[] = [];
    // Consumer groups on a stream (the search indexer's), logged with their position.
    const groupsOf = async (name: string, type: EventType) => {
      const groups = (await client.call('XINFO', 'GROUPS', name).catch(() => [])) as unknown[][];
      const found: { stream: string; group: string; pending: number }[] = [];
      for (const g of groups) {
        const info: Record<string, unknown> = {};
        for (let i = 0; i + 1 < g.length; i += 2) info[String(g[i])] = g[i + 1];
        found.push({ stream: streamOf(type), group: String(info.name), pending: Number(info.pending) });
        log(`group ${String(info.name)} on ${name}: last delivered ${String(info['last-delivered-id'])}, lag ${String(info.lag)}, pending ${String(info.pending)}; stream length ${await client.xlen(name)}`);
      }
      return found;
    };
    try {
      for (const type of [PRICE, STOCK, PRODUCT]) {
        const name = `chaos:${streamOf(type)}`;
        const entries = (await client.xrange(name, '-', '+')) as [string, string[]][];
        const byId = new Map<string, { key: Key; ev: StreamEvent }>();
        for (const [, flat] of entries) {
          const fields: Record<string, string> = {};
          for (let i = 0; i + 1 < flat.length; i += 2) fields[flat[i]!] = flat[i + 1]!;
          const event = JSON.parse(fields.event!);
          const data = event.data;
          if (type === PRICE ? data.currency !== 'EUR' : type === STOCK ? data.warehouseId !== WAREHOUSE : !hot.includes(data.productId)) continue;
          const key = `${type === PRICE ? 'price' : type === STOCK ? 'stock' : 'product'}:${data.productId}`;
          const seen = byId.get(event.id);
          if (seen) byId.set(event.id, { key, ev: { ...seen.ev, entries: seen.ev.entries + 1 } });
          else byId.set(event.id, { key, ev: { id: event.id, version: data.after?.version ?? -1, time: Date.parse(event.time), value: type === PRICE ? data.after?.listAmount : type === STOCK ? data.after?.onHand : renameMarker(data.after?.name ?? ''), entries: 1 } });
        }
        for (const { key, ev } of byId.values()) stream.set(key, [...(stream.get(key) ?? []), ev]);
        if (type === PRICE) {
          const dead = (await client.xrange(`chaos:${DEAD_LETTER_STREAM}`, '-', '+', 'COUNT', 5)) as [string, string[]][];
          for (const [, flat] of dead) log(`dead-lettered: ${flat.filter((_, i) => i % 2 === 1).join(' | ').slice(0, 400)}`);
        }
        pendingInGroups.push(...await groupsOf(name, type));
      }
    } finally {
      client.disconnect();
    }
    const reads: Evidence['reads'][number][] = [];
    for (const [gateway, url] of gateways) {
      for (const id of hot) {
        const r = await postGraphQL(gateway, url, 'read', {
          query: `query($id: ID!) { product(id: $id) { price(currency: "EUR") { list { amount } version } stock { warehouses { warehouse { id } onHand version } } } }`,
          variables: { id },
        }, { deadlineMs: REQUEST_DEADLINE_MS });
        const error = r.outcome === 'ok' ? undefined : `${r.outcome} ${r.codes.join(',')}`;
        const p = r.data?.product;
        const s = p?.stock?.warehouses?.find((w: any) => w.warehouse.id === WAREHOUSE);
        reads.push({ gateway, key: `price:${id}`, value: p?.price?.list?.amount, version: p?.price?.version, error });
        reads.push({ gateway, key: `stock:${id}`, value: s?.onHand, version: s?.version, error });
      }
    }

    // Search converges: for every product, a search for its current name, filtered to its current
    // effective EUR price and stock status, finds it through every gateway, within
    // SEARCH_BOUND_MS of the stack settling (each retry asks again only what was still missing).
    const truth = (await pool.query<{ id: string; name: string; amount: number | null; in_stock: boolean }>(
      `SELECT p.id, p.name,
         (SELECT CASE WHEN pr.sale_amount IS NOT NULL AND (pr.sale_valid_from IS NULL OR pr.sale_valid_from <= now())
            AND (pr.sale_valid_to IS NULL OR pr.sale_valid_to > now()) THEN pr.sale_amount ELSE pr.list_amount END
            FROM pricing.prices pr WHERE pr.product_id = p.id AND pr.currency = 'EUR') AS amount,
         EXISTS (SELECT 1 FROM inventory.stock s WHERE s.product_id = p.id AND s.on_hand - s.reserved > 0) AS in_stock
       FROM catalog.products p ORDER BY p.seq`)).rows;
    const searchStarted = Date.now();
    let pending = gateways.flatMap(([gateway, url]) => truth.map((product) => ({ gateway, url, product })));
    let misses: string[] = [];
    let probes = 0;
    for (;;) {
      const still: typeof pending = [];
      misses = [];
      for (const probe of pending) {
        const { id, name, amount, in_stock: inStock } = probe.product;
        probes += 1;
        const r = await postGraphQL(probe.gateway, probe.url, 'search', {
          query: 'query($text: String!, $price: PriceRangeInput, $inStock: Boolean!) { search(query: $text, filters: { price: $price, inStock: $inStock }, first: 100) { edges { node { id } } } }',
          variables: { text: name, price: amount === null ? null : { min: amount, max: amount, currency: 'EUR' }, inStock },
        }, { deadlineMs: REQUEST_DEADLINE_MS });
        if (r.outcome === 'ok' && (r.data as any)?.search?.edges?.some((edge: any) => edge.node.id === id)) continue;
        still.push(probe);
        misses.push(`${probe.gateway} search for ${id} "${name}" at EUR ${amount}, ${inStock ? 'in' : 'out of'} stock: ${r.outcome === 'ok' ? 'not found' : `${r.outcome} ${r.codes.join(',')}`}`);
      }
      pending = still;
      if (pending.length === 0 || Date.now() - searchStarted >= SEARCH_BOUND_MS) break;
      await sleep(500);
    }

    const evidence: Evidence = {
      keys, initialVersion, final, stream, acked, queries, writes, faultWindows: windows, subscribers, endedAt,
      subscribeGraceMs: options.subscribeGraceMs ?? 2000, busOutages, outboxRows: await outboxRows(), pendingInGroups, reads,
      search: { misses, convergedMs: Date.now() - searchStarted, boundMs: SEARCH_BOUND_MS, probes, products: truth.length },
    };
    const results = INVARIANTS.map((check) => check(evidence));

    // Report.
    const ok = queries.filter((q) => q.outcome === 'ok');
    const lat = ok.map((q) => q.end - q.start);
    const seconds = (endedAt - startedAt) / 1000;
    log('');
    log(`== chaos report: ${options.seconds} s of load, ${windows.length} faults, ${subscribers.length} subscriptions`);
    log(`queries: ${queries.length} sent, ${ok.length} ok (${(ok.length / options.seconds).toFixed(1)}/s), latency p50 ${percentile(lat, 50)} ms p95 ${percentile(lat, 95)} ms p99 ${percentile(lat, 99)} ms max ${Math.max(...lat)} ms`);
    log(`writes: ${writes.length} sent, ${acked.length - renames} acknowledged; ${renames} product renames committed in the catalog store`);
    if (!options.short) {
      log('over time (per interval): t, queries ok, failed, p50/p95/p99 ms, writes ok');
      for (const r of intervals) log(`  t+${String(r.t).padStart(4)} s  ${String(r.ok).padStart(5)} ok ${String(r.failed).padStart(4)} failed  ${r.p50}/${r.p95}/${r.p99} ms  ${r.writes} writes`);
    }
    log('faults:');
    for (const w of windows) {
      const failed = [...queries, ...writes].filter((r) => r.outcome !== 'ok' && r.start >= w.from && r.start <= w.to);
      const last = Math.max(...failed.map((r) => r.end));
      const after = failed.length > 0 && w.recoveredAt ? ` (last ${((last - w.recoveredAt) / 1000).toFixed(1)} s after recovery)` : '';
      log(`  t+${((w.from - startedAt) / 1000).toFixed(0)} s … ${Number.isFinite(w.to) ? `t+${((w.to - startedAt) / 1000).toFixed(0)} s` : 'never'}  ${w.label}: ${failed.length} requests failed${after}`);
    }
    log('invariants:');
    for (const r of results) {
      log(`  ${r.violations.length === 0 ? 'PASS' : 'FAIL'}  ${r.name}`);
      for (const n of r.notes) log(`        ${n}`);
      for (const v of r.violations) log(`        violation: ${v}`);
    }
    const passed = results.every((r) => r.violations.length === 0);
    log(passed ? `PASS (${seconds.toFixed(0)} s)` : `FAIL: ${results.reduce((n, r) => n + r.violationCount, 0)} violations (listed above)`);
    return { passed, results, faults: windows };
  } finally {
    while (cleanup.length) await cleanup.pop()!().catch((error) => log(`cleanup: ${(error as Error).message}`));
  }
}
