import { openRedis, slotPrefix, type RedisClient } from '../redis/index.js';
import type { EventLog, LogEntry } from './EventLog.js';
import { fieldsOf } from './streamEntry.js';

/** Options for {@link createRedisEventLog}. */
export interface RedisEventLogOptions {
  readonly url: string;
  /**
   * Prefixes every key (streams and idempotency keys): tests and tenants share one Redis. On a
   * Redis Cluster it is made a hash tag (`{…}`, default `{commerce}`): a batch appends to several
   * streams in one script and a consumer reads them in one XREADGROUP, so they share a slot. @default ''
   */
  readonly keyPrefix?: string;
  /** Approximate entries kept per stream (XADD MAXLEN ~). @default 1_000_000 */
  readonly maxLength?: number;
}

/**
 * XADD of a whole batch in one command: KEYS are the streams; ARGV is the MAXLEN, then runs of
 * consecutive entries with the same stream and field names (a relay's batch is mostly one run):
 * the stream's KEYS index, the number of fields, the number of entries, the field names, then
 * each entry's values. Atomic (a batch is stored entirely or not at all), and about 2.5× the
 * throughput of as many pipelined XADDs (bench/events.bench.ts): Redis parses and answers one
 * command instead of one per entry. Names sent once per run and one XADD argument list reused per
 * run take a third off the script's CPU in Redis (and a fifth off ours) against a list per entry.
 */
const APPEND_SCRIPT = `
local max = ARGV[1]
local ids = {}
local i = 2
while i <= #ARGV do
  local n, count = tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2])
  local args = { KEYS[tonumber(ARGV[i])], 'MAXLEN', '~', max, '*' }
  for f = 1, n do args[4 + 2 * f] = ARGV[i + 2 + f] end
  i = i + 3 + n
  for _ = 1, count do
    for f = 1, n do args[5 + 2 * f] = ARGV[i + f - 1] end
    ids[#ids + 1] = redis.call('XADD', unpack(args))
    i = i + n
  end
end
return ids`;

/** Entries per script call. */
const APPEND_CHUNK = 2000;

type RawEntry = [id: string, fields: string[]];

/** Throws the first error of a pipeline's results. */
function results<T>(replies: [Error | null, unknown][] | null): T[] {
  if (!replies) throw new Error('Redis pipeline was discarded');
  return replies.map(([error, value]) => {
    if (error) throw error;
    return value as T;
  });
}

/**
 * An {@link EventLog} on Redis Streams (ioredis). Commands fail fast while Redis is down
 * (after two reconnect attempts) so callers retry on their own schedule; each consumer
 * (and each follower) gets its own connection for blocking reads.
 */
export function createRedisEventLog(options: RedisEventLogOptions): EventLog {
  const prefix = slotPrefix(options.url, options.keyPrefix ?? '', 'commerce');
  const maxLength = options.maxLength ?? 1_000_000;
  const redis = openRedis(options.url, { maxRetriesPerRequest: 2 });
  redis.on('error', () => {}); // commands report failures; ioredis reconnects
  // EVALSHA, falling back to EVAL when Redis lost its script cache (a restart).
  redis.defineCommand('appendEntries', { lua: APPEND_SCRIPT });
  const appendEntries = (redis as unknown as { appendEntries(keyCount: number, ...args: (string | number)[]): Promise<string[]> }).appendEntries.bind(redis);
  const readers = new Map<string, RedisClient>();
  const key = (stream: string) => prefix + stream;
  const unkey = (k: string) => k.slice(prefix.length);
  let closed = false;
  const reader = (consumer: string) => {
    // A closed log makes no new connection for a reader it had not seen: the read fails, as a closed one's does.
    if (closed) throw new Error('the event log is closed');
    let connection = readers.get(consumer);
    if (!connection) {
      connection = redis.duplicate();
      connection.on('error', () => {});
      readers.set(consumer, connection);
    }
    return connection;
  };

  /** One script call: entries of one chunk, in order, as runs (see APPEND_SCRIPT). */
  const appendChunk = (entries: readonly { readonly stream: string; readonly fields: Readonly<Record<string, string>> }[]) => {
    const keys: string[] = [];
    const keyIndex = new Map<string, number>();
    const args: (string | number)[] = [maxLength];
    let run: { stream: string; names: string[]; countAt: number } | undefined;
    for (const { stream, fields } of entries) {
      const names = Object.keys(fields);
      if (run?.stream !== stream || run.names.length !== names.length || run.names.some((name, i) => name !== names[i])) {
        let index = keyIndex.get(stream);
        if (index === undefined) {
          keys.push(key(stream));
          keyIndex.set(stream, (index = keys.length));
        }
        run = { stream, names, countAt: args.length + 2 };
        args.push(index, names.length, 0, ...names);
      }
      (args[run.countAt] as number)++;
      for (const name of names) args.push(fields[name]!);
    }
    return appendEntries(keys.length, ...keys, ...args);
  };

  return {
    async append(entries) {
      // One script call per chunk keeps argument lists small; the calls go out in order on one connection.
      const calls: Promise<string[]>[] = [];
      for (let i = 0; i < entries.length; i += APPEND_CHUNK) calls.push(appendChunk(entries.slice(i, i + APPEND_CHUNK)));
      return (await Promise.all(calls)).flat();
    },
    async createGroup(stream, group, from) {
      try {
        await redis.xgroup('CREATE', key(stream), group, from, 'MKSTREAM');
      } catch (error) {
        if (!String((error as Error).message).startsWith('BUSYGROUP')) throw error;
      }
    },
    async readGroup(group, consumer, streams, { count, blockMs }) {
      const block = blockMs > 0 ? ['BLOCK', blockMs] : [];
      const reply = (await reader(consumer).call('XREADGROUP', 'GROUP', group, consumer, 'COUNT', count, ...block,
        'STREAMS', ...streams.map(key), ...streams.map(() => '>'))) as [string, RawEntry[]][] | null;
      const out: LogEntry[] = [];
      for (const [k, entries] of reply ?? []) {
        for (const [id, flat] of entries) out.push({ stream: unkey(k), id, fields: fieldsOf(flat), deliveries: 1 });
      }
      return out;
    },
    async claimIdle(stream, group, consumer, { minIdleMs, count }) {
      const [, claimed] = (await redis.xautoclaim(key(stream), group, consumer, minIdleMs, '0-0', 'COUNT', count)) as [string, (RawEntry | null)[]];
      const entries = claimed.filter((e): e is RawEntry => e !== null);
      if (entries.length === 0) return [];
      // Delivery counts (this claim included) from the pending list, in one call over the claimed id range.
      const pending = (await redis.xpending(key(stream), group, entries[0]![0], entries.at(-1)![0], entries.length * 2 + 10, consumer)) as [string, string, number, number][];
      const deliveries = new Map(pending.map(([id, , , n]) => [id, Number(n)]));
      const missing = entries.map(([id]) => id).filter((id) => !deliveries.has(id));
      if (missing.length > 0) {
        // More of this consumer's entries lay in the range than the reply held: ask for each one left.
        const pipeline = redis.pipeline();
        for (const id of missing) pipeline.xpending(key(stream), group, id, id, 1);
        for (const reply of results<[string, string, number, number][]>(await pipeline.exec())) {
          for (const [id, , , n] of reply) deliveries.set(id, Number(n));
        }
      }
      return entries.map(([id, flat]) => ({ stream, id, fields: fieldsOf(flat), deliveries: deliveries.get(id) ?? 1 }));
    },
    async ack(stream, group, ids) {
      if (ids.length > 0) await redis.xack(key(stream), group, ...ids);
    },
    async read(cursors, { count, blockMs, reader: name }) {
      if (cursors.length === 0) return [];
      const block = blockMs > 0 ? ['BLOCK', blockMs] : [];
      const reply = (await reader(name).call('XREAD', 'COUNT', count, ...block,
        'STREAMS', ...cursors.map((c) => key(c.stream)), ...cursors.map((c) => c.after))) as [string, RawEntry[]][] | null;
      const out: LogEntry[] = [];
      for (const [k, entries] of reply ?? []) {
        for (const [id, flat] of entries) out.push({ stream: unkey(k), id, fields: fieldsOf(flat), deliveries: 0 });
      }
      return out;
    },
    async lastId(stream) {
      const [newest] = (await redis.xrevrange(key(stream), '+', '-', 'COUNT', 1)) as RawEntry[];
      return newest?.[0] ?? '0-0';
    },
    async range(stream, after, count) {
      const start = after === '0' || after === '0-0' ? '-' : `(${after}`;
      const entries = (await redis.xrange(key(stream), start, '+', 'COUNT', count)) as RawEntry[];
      return entries.map(([id, flat]) => ({ stream, id, fields: fieldsOf(flat), deliveries: 0 }));
    },
    async seen(keys) {
      if (keys.length === 0) return [];
      const values = await redis.mget(keys.map((k) => `${prefix}seen:${k}`));
      return values.map((v) => v !== null);
    },
    async remember(keys, ttlMs) {
      if (keys.length === 0) return;
      const pipeline = redis.pipeline();
      for (const k of keys) pipeline.set(`${prefix}seen:${k}`, '1', 'PX', ttlMs);
      results(await pipeline.exec());
    },
    async close() {
      closed = true;
      await Promise.all([redis, ...readers.values()].map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
}
