import { Redis } from 'ioredis';
import type { EventLog, LogEntry } from './EventLog.js';

/** Options for {@link createRedisEventLog}. */
export interface RedisEventLogOptions {
  readonly url: string;
  /** Prefixes every key (streams and idempotency keys): tests and tenants share one Redis. @default '' */
  readonly keyPrefix?: string;
  /** Approximate entries kept per stream (XADD MAXLEN ~). @default 1_000_000 */
  readonly maxLength?: number;
}

type RawEntry = [id: string, fields: string[]];

const toFields = (flat: readonly string[]) => {
  const fields: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) fields[flat[i]!] = flat[i + 1]!;
  return fields;
};

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
 * gets its own connection for blocking reads.
 */
export function createRedisEventLog(options: RedisEventLogOptions): EventLog {
  const prefix = options.keyPrefix ?? '';
  const maxLength = options.maxLength ?? 1_000_000;
  const redis = new Redis(options.url, { maxRetriesPerRequest: 2, lazyConnect: false });
  redis.on('error', () => {}); // commands report failures; ioredis reconnects
  const readers = new Map<string, Redis>();
  const key = (stream: string) => prefix + stream;
  const unkey = (k: string) => k.slice(prefix.length);
  const reader = (consumer: string) => {
    let connection = readers.get(consumer);
    if (!connection) {
      connection = redis.duplicate();
      connection.on('error', () => {});
      readers.set(consumer, connection);
    }
    return connection;
  };

  return {
    async append(entries) {
      if (entries.length === 0) return [];
      const pipeline = redis.pipeline();
      for (const { stream, fields } of entries) {
        const flat: string[] = [];
        for (const name in fields) flat.push(name, fields[name]!);
        pipeline.xadd(key(stream), 'MAXLEN', '~', maxLength, '*', ...flat);
      }
      return results<string>(await pipeline.exec());
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
        for (const [id, flat] of entries) out.push({ stream: unkey(k), id, fields: toFields(flat), deliveries: 1 });
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
      return entries.map(([id, flat]) => ({ stream, id, fields: toFields(flat), deliveries: deliveries.get(id) ?? 1 }));
    },
    async ack(stream, group, ids) {
      if (ids.length > 0) await redis.xack(key(stream), group, ...ids);
    },
    async range(stream, after, count) {
      const start = after === '0' || after === '0-0' ? '-' : `(${after}`;
      const entries = (await redis.xrange(key(stream), start, '+', 'COUNT', count)) as RawEntry[];
      return entries.map(([id, flat]) => ({ stream, id, fields: toFields(flat), deliveries: 0 }));
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
      await Promise.all([redis, ...readers.values()].map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
}
