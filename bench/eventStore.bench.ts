// npm run bench -- eventStore [--events=200000] [--chunk=200000] [--products=2000] [--batch=1000] [--consumers=2]
// The event store's consumer against the relay, same run, same events: `--events` price and stock
// change events spread over a simulated year (the issue's full run is --events=10000000) are written
// to the pricing and inventory outboxes in chunks; per chunk the relay drains them to the Redis
// streams (timed), then the event-store consumer appends them to event_store.events (timed). The
// chunks keep each stream under its MAXLEN trim. Reports both rates, their ratio (goal ≥ 1.5×),
// storage per stored event, and the read port's "newest price event up to t" latency.
import { randomBytes } from 'node:crypto';
import { createPgDb, type Db } from '../lib/db/index.js';
import { createEventStoreReader, createPartitionKeeper, migrateEventStore, startEventStore } from '../lib/eventStore/index.js';
import { createRedisEventLog, startOutboxRelay, type EventLog } from '../lib/events/index.js';
import { createLogger } from '../lib/logging/index.js';
import { migrateSubgraph } from '../lib/subgraph/index.js';
import { ensureServices } from '../stack/services.js';
import { createScratchDatabase } from '../stack/scratchDatabase.js';
import { waitFor } from '../test/helpers/events.js';
import { deleteKeys } from '../test/helpers/redis.js';

const flag = (name: string, fallback: number) => {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  return arg ? Number(arg.split('=')[1]) : fallback;
};
const EVENTS = flag('events', 200_000);
const CHUNK = Math.min(flag('chunk', 200_000), 1_000_000);
const PRODUCTS = flag('products', 2000);
const BATCH = flag('batch', 1000);
const CONSUMERS = flag('consumers', 2);
const YEAR_MS = 365 * 24 * 3600_000;

const { databaseUrl, redisUrl } = await ensureServices();
const database = await createScratchDatabase(databaseUrl, 'cs_bench');
const db = createPgDb(database.url, { max: 4 });
const keyPrefix = `bench:${randomBytes(4).toString('hex')}:`;
const log = createRedisEventLog({ url: redisUrl, keyPrefix });
const logger = createLogger({ level: 'warn', service: 'bench' });

const seconds = (ms: number) => (ms / 1000).toFixed(2);
const rate = (n: number, ms: number) => Math.round((n * 1000) / ms).toLocaleString('en-US');
const since = (started: number) => performance.now() - started;

// Event n of the run: even n a price change, odd n a stock change, of product p-(n % PRODUCTS + 1),
// at start + n/EVENTS of a year (UTC, milliseconds, as the outbox triggers write `time`).
const ENVELOPE = (type: string, source: string) => `json_build_object('specversion', '1.0', 'id', gen_random_uuid()::text,
  'source', '${source}', 'type', '${type}', 'subject', 'p-' || (n % $3 + 1),
  'time', to_char(($4::timestamptz + (n * $5::float8) * interval '1 millisecond') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
  'datacontenttype', 'application/json', 'data', `;
const WRITE_PRICES = `INSERT INTO pricing.outbox (event) SELECT ${ENVELOPE('commerce.pricing.price_changed.v1', '/commerce/pricing')}
  json_build_object('productId', 'p-' || (n % $3 + 1), 'currency', 'EUR',
    'before', json_build_object('listAmount', 1000 + n % 700, 'saleAmount', NULL, 'saleValidFrom', NULL, 'saleValidTo', NULL, 'version', n),
    'after', json_build_object('listAmount', 1000 + (n + 1) % 700, 'saleAmount', CASE WHEN n % 5 = 0 THEN 900 END, 'saleValidFrom', NULL, 'saleValidTo', NULL, 'version', n + 1)))
  FROM generate_series($1::bigint, $2::bigint) AS n WHERE n % 2 = 0`;
const WRITE_STOCK = `INSERT INTO inventory.outbox (event) SELECT ${ENVELOPE('commerce.inventory.stock_changed.v1', '/commerce/inventory')}
  json_build_object('productId', 'p-' || (n % $3 + 1), 'warehouseId', 'wh-' || (n % 3 + 1),
    'before', json_build_object('onHand', n % 90 + 10, 'reserved', 0, 'version', n),
    'after', json_build_object('onHand', n % 90 + 9, 'reserved', 0, 'version', n + 1)))
  FROM generate_series($1::bigint, $2::bigint) AS n WHERE n % 2 = 1`;

// Where the store's time goes: its statements, and its calls to the log by operation.
const phases: Record<string, number> = {};
const timed = <T>(phase: string, run: () => Promise<T>): Promise<T> => {
  const started = performance.now();
  return run().finally(() => { phases[phase] = (phases[phase] ?? 0) + since(started); });
};
const storeDb: Db = { ...db, query: (sql, params) => timed(/INSERT INTO event_store/.test(sql) ? 'insert' : 'other SQL', () => db.query(sql, params)) };
const storeLog: EventLog = {
  ...log,
  readGroup: (...args) => timed('readGroup', () => log.readGroup(...args)),
  seen: (keys) => timed('seen', () => log.seen(keys)),
  remember: (keys, ttl) => timed('remember', () => log.remember(keys, ttl)),
  ack: (...args) => timed('ack', () => log.ack(...args)),
};

try {
  for (const name of ['pricing', 'inventory'] as const) await migrateSubgraph(db, name);
  await migrateEventStore(db);
  const yearStart = new Date(Date.now() - YEAR_MS);
  // The monthly partitions of the simulated year, before any timing: a one-off, not the append path.
  await createPartitionKeeper({ db }).ensureFor(Array.from({ length: 14 }, (_, i) => new Date(yearStart.getTime() + i * (YEAR_MS / 13)).toISOString()));
  let relayMs = 0;
  let storeMs = 0;
  let jsonBytes = 0;
  for (let from = 0; from < EVENTS; from += CHUNK) {
    const to = Math.min(from + CHUNK, EVENTS) - 1;
    const params = [from, to, PRODUCTS, yearStart.toISOString(), YEAR_MS / EVENTS];
    await db.query(WRITE_PRICES, params);
    await db.query(WRITE_STOCK, params);
    if (from === 0) {
      jsonBytes = (await db.query<{ bytes: number }>(`SELECT avg(length(event::text))::int AS bytes FROM
        (SELECT event FROM pricing.outbox UNION ALL SELECT event FROM inventory.outbox) AS e`)).rows[0]!.bytes;
    }
    for (const schema of ['pricing', 'inventory']) await db.exec(`VACUUM ANALYZE ${schema}.outbox`);

    const relay = await startOutboxRelay({ db, log, schemas: ['pricing', 'inventory'], batchSize: BATCH, pollIntervalMs: 60_000 });
    const relayStarted = performance.now();
    const relayed = await relay.drain();
    relayMs += since(relayStarted);
    await relay.stop();
    if (relayed !== to - from + 1) throw new Error(`relayed ${relayed} of ${to - from + 1}`);

    const storeStarted = performance.now();
    const store = await startEventStore({ db: storeDb, log: storeLog, logger, batchSize: BATCH, consumers: CONSUMERS });
    await waitFor(() => store.appended() === relayed, 3600_000, `${relayed} stored events`);
    storeMs += since(storeStarted);
    await store.stop();
    process.stdout.write(`  ${(to + 1).toLocaleString('en-US')} / ${EVENTS.toLocaleString('en-US')} events: relay ${seconds(relayMs)} s, store ${seconds(storeMs)} s\n`);
  }

  await db.exec('VACUUM ANALYZE event_store.events');
  const { rows: [storage] } = await db.query<{ n: number; bytes: number; partitions: number }>(
    `SELECT (SELECT count(*)::int FROM event_store.events) AS n, sum(pg_total_relation_size(inhrelid))::float8 AS bytes, count(*)::int AS partitions
     FROM pg_inherits WHERE inhparent = 'event_store.events'::regclass`);
  if (storage!.n !== EVENTS) throw new Error(`stored ${storage!.n} of ${EVENTS}`);

  // The read port's "state as of t": the newest price event of a product up to a random moment of the year.
  const reader = createEventStoreReader(db);
  const latencies: number[] = [];
  for (let i = 0; i < 500; i++) {
    const at = new Date(yearStart.getTime() + Math.random() * YEAR_MS);
    const started = performance.now();
    await reader.eventsOf({ subject: `p-${(i * 7919) % PRODUCTS + 1}`, types: ['commerce.pricing.price_changed.v1'], to: at, order: 'desc', limit: 1 });
    latencies.push(since(started));
  }
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!.toFixed(2);

  process.stdout.write([
    '',
    `events: ${EVENTS.toLocaleString('en-US')} (price and stock changes of ${PRODUCTS} products over a simulated year, ${jsonBytes} bytes of JSON each on average), chunks of ${CHUNK.toLocaleString('en-US')}, batch ${BATCH}, ${CONSUMERS} store consumer(s)`,
    '',
    `relay        outbox → Redis streams          ${seconds(relayMs)} s  ${rate(EVENTS, relayMs)} events/s  (baseline)`,
    `event store  streams → event_store.events    ${seconds(storeMs)} s  ${rate(EVENTS, storeMs)} events/s`,
    `             = ${(relayMs / storeMs).toFixed(2)}× the relay's rate (goal ≥ 1.5×)`,
    `             time in each operation, as a share of its wall clock (reads run ahead and consumers overlap, so shares may sum past 100%):`,
    `             ${Object.entries(phases).map(([phase, ms]) => `${phase} ${((ms / storeMs) * 100).toFixed(0)}%`).join(', ')}`,
    '',
    `storage: ${(storage!.bytes / 2 ** 20).toFixed(1)} MiB in ${storage!.partitions} partitions (tables, TOAST and indexes) = ${Math.round(storage!.bytes / storage!.n)} bytes per event`,
    `read port, newest price event of a product up to a random time (500 reads): p50 ${pct(50)} ms, p95 ${pct(95)} ms`,
    '',
  ].join('\n'));
} finally {
  await log.close();
  await db.close();
  await database.drop();
  await deleteKeys(redisUrl, keyPrefix);
}
