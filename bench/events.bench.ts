// npm run bench -- events [--events=200000] [--batch=1000] [--rounds=3]
// Outbox → Redis throughput of one relay on PostgreSQL and Redis, against a baseline measured in
// the same run: raw pipelined XADD of the same payloads (already in memory) in batches of the same
// size, i.e. what Redis and ioredis alone allow; and the relay's own append path from memory (its
// ceiling). Also: where the relay's time goes (claim, append, commit), where the CPU goes in the
// relay and the baseline (this process, the PostgreSQL backends, redis-server, the rest of the
// machine), what validating an event costs against parsing it, and what the outbox trigger costs
// a bulk UPDATE. Profile with
//   node --cpu-prof --import tsx bench/events.bench.ts
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
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

/** Busy and total CPU time of the whole machine (all cores), in ms; undefined without /proc. */
const machineCpuMs = (): { busy: number; total: number } | undefined => {
  try {
    const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).map(Number);
    const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0); // user … steal; guest time is already in user
    return { busy: (total - ticks[3]! - ticks[4]!) * 10, total: total * 10 }; // minus idle and iowait
  } catch {
    return undefined;
  }
};

const { databaseUrl, redisUrl } = await ensureServices();
const database = await createScratchDatabase(databaseUrl, 'cs_bench');
const db = createPgDb(database.url, { max: 4 });
const keyPrefix = `bench:${randomBytes(4).toString('hex')}:`;
const redis = new Redis(redisUrl);

/**
 * CPU time by process, to subtract around a phase: this process, the PostgreSQL backends of the
 * scratch database (from /proc, so only for a local server), redis-server (its INFO; it serves
 * other clients too, if any), and the whole machine, whose remainder is everyone else's.
 */
const cpuNow = async () => {
  const redisInfo = await redis.info('cpu');
  const redisSeconds = ['used_cpu_user', 'used_cpu_sys'].reduce((sum, name) => sum + Number(new RegExp(`${name}:([\\d.]+)`).exec(redisInfo)![1]), 0);
  const { rows } = await db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database()');
  const machine = machineCpuMs();
  const cpu = process.cpuUsage();
  return { at: performance.now(), node: (cpu.user + cpu.system) / 1000, redis: redisSeconds * 1000, machine, backends: new Map(rows.map(({ pid }) => [pid, backendCpuMs(pid)])) };
};
type CpuSplit = { wall: number; node: number; pg?: number; redis: number; others?: number; cores?: number };
const cpuSince = async (before: Awaited<ReturnType<typeof cpuNow>>): Promise<CpuSplit> => {
  const after = await cpuNow();
  // A backend that started during the phase counts from zero; one that ended is lost (the pool keeps its clients).
  const pg = [...after.backends].every(([, ms]) => ms !== undefined)
    ? [...after.backends].reduce((sum, [pid, ms]) => sum + ms! - (before.backends.get(pid) ?? 0), 0) : undefined;
  const split: CpuSplit = { wall: after.at - before.at, node: after.node - before.node, pg, redis: after.redis - before.redis };
  if (before.machine && after.machine) {
    split.cores = (after.machine.total - before.machine.total) / split.wall;
    split.others = after.machine.busy - before.machine.busy - split.node - (pg ?? 0) - split.redis;
  }
  return split;
};

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
  // Alternating UPDATEs of every price without and with events, ROUNDS each, each after a VACUUM (all rolled back but the
  // last with events, whose rows the relay then publishes): medians of the wall clock and of the
  // PostgreSQL backend's CPU time, which a busy machine disturbs less.
  const rollback = new Error('rollback');
  const timeUpdate = async (events: boolean, commit: boolean) => {
    const timing = { wallMs: 0, cpuMs: undefined as number | undefined };
    // Every round starts from the same tables: without this a round pays for the dead rows of the
    // rounds rolled back before it, and the outbox and history grow into new pages (a running
    // system's outbox is emptied by the relay and vacuumed, so its inserts reuse space).
    await db.exec('VACUUM pricing.prices, pricing.outbox, pricing.price_history');
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

  const { rows } = await db.query<{ id: string; event: string }>(
    `SELECT e.event::json->>'id' AS id, e.event FROM pricing.outbox, LATERAL (SELECT ${outboxEventSql('pricing')} AS event) e ORDER BY seq`);
  const bytes = Math.round(rows.reduce((sum, row) => sum + row.event.length, 0) / rows.length);

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

  /** Baseline, ceiling and relay once, each with its CPU split; the relay drains the outbox as it is. */
  const measure = async (prefix: string) => {
    // Baseline: the same payloads (the events the relay will assemble), from memory, pipelined XADD in batches of BATCH.
    const baseCpu = await cpuNow();
    for (let i = 0; i < rows.length; i += BATCH) {
      const pipeline = redis.pipeline();
      for (const row of rows.slice(i, i + BATCH)) pipeline.xadd(`${prefix}baseline`, 'MAXLEN', '~', 1_000_000, '*', 'id', row.id, 'data', row.event);
      await pipeline.exec();
    }
    const baseline = await cpuSince(baseCpu);
    // Second baseline: the relay's own Redis write path (EventLog.append: one script call per batch), from memory.
    const ceilingLog = createRedisEventLog({ url: redisUrl, keyPrefix: `${prefix}ceiling:` });
    const ceilingCpu = await cpuNow();
    for (let i = 0; i < rows.length; i += BATCH) {
      await ceilingLog.append(rows.slice(i, i + BATCH).map((row) => ({ stream: 'ceiling', fields: { id: row.id, data: row.event } })));
    }
    const ceiling = await cpuSince(ceilingCpu);
    await ceilingLog.close();

    // The relay, with each phase timed.
    const phases = { claim: 0, commit: 0, xadd: 0 };
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
    const log: EventLog = createRedisEventLog({ url: redisUrl, keyPrefix: prefix });
    const timedLog: EventLog = { ...log, append: (entries) => timed('xadd', () => log.append(entries)) };
    // Measured from the start: the relay's first pass begins at once, before drain() is called.
    const relayCpu = await cpuNow();
    const relay = await startOutboxRelay({ db: timedDb, log: timedLog, schemas: ['pricing'], batchSize: BATCH, pollIntervalMs: 60_000 });
    await relay.drain();
    const relayed = await cpuSince(relayCpu);
    await relay.stop();
    await log.close();
    const streamed = await redis.xlen(`${prefix}events:commerce.pricing.price_changed.v1`);
    const { left } = (await db.query<{ left: number }>('SELECT count(*)::int AS left FROM pricing.outbox')).rows[0]!;
    if (left !== 0 || streamed !== queued) throw new Error(`${left} rows left in the outbox, ${streamed} events streamed, expected ${queued}`);
    return { baseline, ceiling, relay: relayed, phases };
  };
  // Twice: first in a fresh process (JIT, heap and connections cold, as a relay just started),
  // then again on the same rows, warm (as a relay that has been running); the outbox is refilled
  // with the very rows, ids and seqs of the first pass (in a new file: TRUNCATE, so no dead rows of the first pass remain).
  await db.exec('CREATE TABLE pricing.outbox_copy AS SELECT * FROM pricing.outbox');
  const cold = await measure(`${keyPrefix}cold:`);
  await db.exec('TRUNCATE pricing.outbox; INSERT INTO pricing.outbox OVERRIDING SYSTEM VALUE SELECT * FROM pricing.outbox_copy');
  await db.exec('VACUUM ANALYZE pricing.outbox');
  const warm = await measure(`${keyPrefix}warm:`);
  const passes = [['cold', cold], ['warm', warm]] as const;

  const pct = (ms: number, of: number) => `${((ms / of) * 100).toFixed(0)}%`.padStart(4);
  const both = (line: (pass: typeof cold) => string) => passes.map(([name, pass]) => `${name} ${line(pass)}`).join('   ');
  process.stdout.write([
    `events: ${queued.toLocaleString('en-US')} price_changed events (${bytes} bytes of JSON each; outbox rows of ${rowBytes} bytes), batch ${BATCH}, one relay;`,
    'each path measured twice: cold (first in this process) and warm (again, same rows)',
    '',
    `baseline  raw pipelined XADD from memory                           ${both((p) => `${seconds(p.baseline.wall)} s ${rate(queued, p.baseline.wall).padStart(7)} events/s`)}`,
    `ceiling   EventLog.append (one script call per batch) from memory  ${both((p) => `${seconds(p.ceiling.wall)} s ${rate(queued, p.ceiling.wall).padStart(7)} events/s`)}`,
    `relay     outbox → Redis stream                                    ${both((p) => `${seconds(p.relay.wall)} s ${rate(queued, p.relay.wall).padStart(7)} events/s`)}`,
    ...passes.map(([name, p]) => `          ${name}: ${(p.baseline.wall / p.relay.wall).toFixed(2)}× the pipelined-XADD baseline, ${(p.ceiling.wall / p.relay.wall).toFixed(2)}× the append ceiling`),
    '',
    'relay time per phase, as a share of its wall clock (two batches overlap, so shares may sum past 100%):',
    `  claim    SET LOCAL + DELETE … FOR UPDATE SKIP LOCKED RETURNING  ${both((p) => pct(p.phases.claim, p.relay.wall))}`,
    `  append   stream append (script XADD)                             ${both((p) => pct(p.phases.xadd, p.relay.wall))}`,
    `  commit                                                           ${both((p) => pct(p.phases.commit, p.relay.wall))}`,
    `  this Node process on CPU (parse, validate, drivers, GC)          ${both((p) => pct(p.relay.node, p.relay.wall))}; the rest is waiting on PostgreSQL and Redis`,
    '',
    'CPU seconds by process during each path (µs per event), against its wall clock × the cores:',
    '                 wall     this process      PostgreSQL backends  redis-server      rest of the machine',
    ...passes.flatMap(([name, pass]) => (['baseline', 'ceiling', 'relay'] as const).map((path) => {
      const split = pass[path];
      const cell = (ms: number | undefined) => (ms === undefined ? 'n/a' : `${seconds(ms)} s (${((ms * 1000) / queued).toFixed(1)})`).padEnd(18);
      return `  ${`${path}, ${name}`.padEnd(14)} ${`${seconds(split.wall)} s`.padEnd(8)} ${cell(split.node)} ${cell(split.pg).padEnd(20)} ${cell(split.redis)} ${split.others === undefined ? 'n/a' : `${cell(split.others)} of ${seconds(split.wall * split.cores!)} s`}`;
    })),
    `  load average at the end ${loadavg().map((l) => l.toFixed(1)).join(' ')}`,
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
