// npm run bench -- events [--events=200000] [--batch=1000] [--rounds=3]
// Outbox → Redis throughput of one relay on PostgreSQL and Redis, against a baseline measured in
// the same run: raw pipelined XADD of the same payloads (already in memory) in batches of the same
// size, i.e. what Redis and ioredis alone allow; and the relay's own append path from memory (its
// ceiling). Also: where the relay's time goes (claim, append, commit), what validating an event
// costs against parsing it, and what the outbox trigger costs a bulk UPDATE. Profile with
//   node --cpu-prof --import tsx bench/events.bench.ts
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { createPgDb, type Db, type Tx } from '../lib/db/index.js';
import {
  createRedisEventLog, outboxEventSql, startOutboxRelay, validateEvent, type EventLog,
} from '../lib/events/index.js';
import { migrateSubgraph } from '../lib/subgraph/index.js';
import { ensureServices } from '../stack/services.js';
import { createScratchDatabase } from '../stack/scratchDatabase.js';
import { deleteKeys } from '../test/helpers/redis.js';

const flag = (name: string, fallback: number) => {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  return arg ? Number(arg.split('=')[1]) : fallback;
};
const EVENTS = flag('events', 200_000);
const BATCH = flag('batch', 1000);
const ROUNDS = flag('rounds', 3);

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
/** CPU time (user + system) of a PostgreSQL backend on this machine, in ms; undefined when /proc does not show it (a remote server). */
const backendCpuMs = (pid: number): number | undefined => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from the 3rd on: utime is the 14th, stime the 15th
    return (Number(fields[11]) + Number(fields[12])) * 10; // clock ticks of 10 ms (USER_HZ 100)
  } catch {
    return undefined;
  }
};

const { databaseUrl, redisUrl } = await ensureServices();
const database = await createScratchDatabase(databaseUrl, 'cs_bench');
const db = createPgDb(database.url, { max: 4 });
const keyPrefix = `bench:${randomBytes(4).toString('hex')}:`;
const redis = new Redis(redisUrl);

const seconds = (ms: number) => (ms / 1000).toFixed(2);
const rate = (n: number, ms: number) => Math.round((n * 1000) / ms).toLocaleString('en-US');

try {
  await migrateSubgraph(db, 'pricing');
  // N price rows without events, then one UPDATE of all of them: the trigger writes N events.
  await db.transaction(async (tx) => {
    await tx.exec("SET LOCAL commerce.suppress_events = 'on'");
    await tx.query(`INSERT INTO pricing.prices (product_id, currency, list_amount, sale_amount)
      SELECT 'p-' || n, 'EUR', 1000 + n % 5000, CASE WHEN n % 7 = 0 THEN 900 ELSE NULL END FROM generate_series(1, $1::int) AS n`, [EVENTS]);
  });
  // Alternating UPDATEs of every price without and with events, ROUNDS each (all rolled back but the
  // last with events, whose rows the relay then publishes): medians of the wall clock and of the
  // PostgreSQL backend's CPU time, which a busy machine disturbs less.
  const rollback = new Error('rollback');
  const timeUpdate = async (events: boolean, commit: boolean) => {
    const timing = { wallMs: 0, cpuMs: undefined as number | undefined };
    await db.transaction(async (tx) => {
      if (!events) await tx.exec("SET LOCAL commerce.suppress_events = 'on'");
      const { pid } = (await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!;
      const cpuBefore = backendCpuMs(pid);
      const started = performance.now();
      await tx.query('UPDATE pricing.prices SET list_amount = list_amount + 1');
      timing.wallMs = performance.now() - started;
      const cpuAfter = backendCpuMs(pid);
      if (cpuBefore !== undefined && cpuAfter !== undefined) timing.cpuMs = cpuAfter - cpuBefore;
      if (!commit) throw rollback;
    }).catch((error) => { if (error !== rollback) throw error; });
    return timing;
  };
  const plain: { wallMs: number; cpuMs?: number }[] = [];
  const triggered: { wallMs: number; cpuMs?: number }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    plain.push(await timeUpdate(false, false));
    triggered.push(await timeUpdate(true, round === ROUNDS - 1));
  }
  const plainUpdateMs = median(plain.map((t) => t.wallMs));
  const triggerUpdateMs = median(triggered.map((t) => t.wallMs));
  const cpuKnown = [...plain, ...triggered].every((t) => t.cpuMs !== undefined);
  const plainCpuMs = median(plain.map((t) => t.cpuMs ?? 0));
  const triggerCpuMs = median(triggered.map((t) => t.cpuMs ?? 0));
  const { n: queued, rowBytes } = (await db.query<{ n: number; rowBytes: number }>(
    'SELECT count(*)::int AS n, avg(pg_column_size(o.*))::int AS "rowBytes" FROM pricing.outbox o')).rows[0]!;
  await db.exec('VACUUM ANALYZE pricing.outbox');

  // Baseline: the same payloads (the events the relay will assemble), from memory, pipelined XADD in batches of BATCH.
  const { rows } = await db.query<{ id: string; event: string }>(
    `SELECT e.event::json->>'id' AS id, e.event FROM pricing.outbox, LATERAL (SELECT ${outboxEventSql('pricing')} AS event) e ORDER BY seq`);
  const bytes = Math.round(rows.reduce((sum, row) => sum + row.event.length, 0) / rows.length);
  const baseStarted = performance.now();
  for (let i = 0; i < rows.length; i += BATCH) {
    const pipeline = redis.pipeline();
    for (const row of rows.slice(i, i + BATCH)) pipeline.xadd(`${keyPrefix}baseline`, 'MAXLEN', '~', 1_000_000, '*', 'id', row.id, 'data', row.event);
    await pipeline.exec();
  }
  const baselineMs = performance.now() - baseStarted;
  // Second baseline: the relay's own Redis write path (EventLog.append: one script call per batch), from memory.
  const ceilingLog = createRedisEventLog({ url: redisUrl, keyPrefix: `${keyPrefix}ceiling:` });
  const ceilingStarted = performance.now();
  for (let i = 0; i < rows.length; i += BATCH) {
    await ceilingLog.append(rows.slice(i, i + BATCH).map((row) => ({ stream: 'ceiling', fields: { id: row.id, data: row.event } })));
  }
  const ceilingMs = performance.now() - ceilingStarted;
  await ceilingLog.close();

  // The relay's own CPU per event besides the drivers: JSON.parse alone, and parse + validateEvent (best of 3 passes each).
  const cpuPerEvent = (work: (json: string) => unknown) => {
    let best = Infinity;
    for (let pass = 0; pass < 3; pass++) {
      const before = process.cpuUsage();
      for (const row of rows) work(row.event);
      const used = process.cpuUsage(before);
      best = Math.min(best, (used.user + used.system) / rows.length);
    }
    return best;
  };
  const parseUs = cpuPerEvent((json) => JSON.parse(json));
  const validateUs = cpuPerEvent((json) => {
    if (!validateEvent(JSON.parse(json)).ok) throw new Error('a bench event is invalid');
  });

  // The relay, with each phase timed.
  const phases = { claim: 0, commit: 0, xadd: 0};
  const timed = async <T>(phase: keyof typeof phases, run: () => Promise<T>) => {
    const started = performance.now();
    try {
      return await run();
    } finally {
      phases[phase] += performance.now() - started;
    }
  };
  const timedDb: Db = {
    ...db,
    transaction: <T>(fn: (tx: Tx) => Promise<T>) => {
      let ended = 0;
      const started = performance.now();
      return db.transaction(async (tx) => {
        const result = await fn({ ...tx, query: (sql, params) => timed('claim', () => tx.query(sql, params)) });
        ended = performance.now();
        return result;
      }).finally(() => { phases.commit += performance.now() - (ended || started); });
    },
  };
  const log: EventLog = createRedisEventLog({ url: redisUrl, keyPrefix });
  const timedLog: EventLog = { ...log, append: (entries) => timed('xadd', () => log.append(entries)) };
  const relay = await startOutboxRelay({ db: timedDb, log: timedLog, schemas: ['pricing'], batchSize: BATCH, pollIntervalMs: 60_000 });
  const relayStarted = performance.now();
  const cpuBefore = process.cpuUsage();
  const relayed = await relay.drain();
  const relayMs = performance.now() - relayStarted;
  const cpu = process.cpuUsage(cpuBefore);
  const relayCpuMs = (cpu.user + cpu.system) / 1000;
  await relay.stop();
  await log.close();
  const streamed = await redis.xlen(`${keyPrefix}events:commerce.pricing.price_changed.v1`);
  if (relayed !== queued || streamed !== queued) throw new Error(`relayed ${relayed}, streamed ${streamed}, expected ${queued}`);

  const pct = (ms: number) => `${((ms / relayMs) * 100).toFixed(0)}%`;
  process.stdout.write([
    `events: ${queued.toLocaleString('en-US')} price_changed events (${bytes} bytes of JSON each; outbox rows of ${rowBytes} bytes), batch ${BATCH}, one relay`,
    '',
    `baseline  raw pipelined XADD from memory            ${seconds(baselineMs)} s  ${rate(queued, baselineMs)} events/s`,
    `ceiling   EventLog.append (one script call per batch) from memory  ${seconds(ceilingMs)} s  ${rate(queued, ceilingMs)} events/s`,
    `relay     outbox → Redis stream                      ${seconds(relayMs)} s  ${rate(queued, relayMs)} events/s`,
    `          = ${(baselineMs / relayMs).toFixed(2)}× the pipelined-XADD baseline, ${(ceilingMs / relayMs).toFixed(2)}× the append ceiling`,
    '',
    'relay time per phase, as a share of its wall clock (two batches overlap, so shares may sum past 100%):',
    `  claim    SET LOCAL + DELETE … FOR UPDATE SKIP LOCKED RETURNING  ${pct(phases.claim)}`,
    `  append   stream append (script XADD)                             ${pct(phases.xadd)}`,
    `  commit                                                           ${pct(phases.commit)}`,
    `  this Node process on CPU (parse, validate, drivers, GC)          ${pct(relayCpuMs)}; the rest is waiting on PostgreSQL and Redis`,
    '',
    `validate  JSON.parse + validateEvent ${validateUs.toFixed(2)} µs CPU per event (JSON.parse alone ${parseUs.toFixed(2)} µs), best of 3 passes`,
    '',
    `trigger cost: UPDATE of ${queued.toLocaleString('en-US')} prices ${seconds(triggerUpdateMs)} s with events vs ${seconds(plainUpdateMs)} s without (${(triggerUpdateMs / plainUpdateMs).toFixed(2)}×), ${rate(queued, triggerUpdateMs)} events written/s; medians of ${ROUNDS} alternating rounds`,
    `              rounds with / without: ${triggered.map((t, i) => `${seconds(t.wallMs)} / ${seconds(plain[i]!.wallMs)}`).join(', ')} s`,
    ...(cpuKnown ? [`              PostgreSQL backend CPU ${seconds(triggerCpuMs)} s with events vs ${seconds(plainCpuMs)} s without (${(triggerCpuMs / plainCpuMs).toFixed(2)}×)`] : []),
    '',
  ].join('\n'));
} finally {
  await db.close();
  await database.drop();
  redis.disconnect();
  await deleteKeys(redisUrl, keyPrefix);
}
