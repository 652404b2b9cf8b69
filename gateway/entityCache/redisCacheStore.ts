import { masters, openRedis, slotPrefix } from '../../lib/redis/index.js';
import type { Logger } from '../../lib/logging/index.js';
import type { CacheEntry, CacheStore } from './CacheStore.js';

/** Options for {@link createRedisCacheStore}. */
export interface RedisCacheStoreOptions {
  readonly url: string;
  /**
   * Prefix of every key, so tests and deployments never collide. On a Redis Cluster it is made a
   * hash tag (`{cs:ec:}`): an invalidation drops a tag's entries in one script, so entries and
   * tags share a slot. @default 'cs:ec:'
   */
  readonly prefix?: string;
  /** A command that takes longer fails (and the read goes to the subgraph). @default 250 */
  readonly commandTimeoutMs?: number;
  readonly logger?: Logger;
}

// Drops every entry listed in each tag set, then the sets themselves.
const INVALIDATE = `
for _, tag in ipairs(KEYS) do
  local members = redis.call('SMEMBERS', tag)
  for _, key in ipairs(members) do redis.call('DEL', key) end
  redis.call('DEL', tag)
end
return 0`;

/**
 * A {@link CacheStore} in Redis, shared by gateway replicas: each entry is a string key
 * with a TTL, each tag a set of entry keys. Commands fail fast while Redis is unreachable
 * (no offline queue). When an invalidation fails, the store stops serving and, once Redis
 * is back, deletes everything under its prefix before serving again: entries it could not
 * drop must never be read.
 */
export function createRedisCacheStore(options: RedisCacheStoreOptions): CacheStore & { ready(): Promise<void> } {
  const prefix = slotPrefix(options.url, options.prefix ?? 'cs:ec:', 'cs:ec:');
  const logger = options.logger;
  const redis = openRedis(options.url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: options.commandTimeoutMs ?? 250,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  let lastErrorLog = 0;
  redis.on('error', (err) => {
    if (Date.now() - lastErrorLog < 5000) return;
    lastErrorLog = Date.now();
    logger?.warn({ err }, 'entity cache: Redis unavailable; reading through to the subgraphs');
  });
  let dirty = false;
  let purging: Promise<void> | undefined;
  const purge = async () => {
    for (const node of masters(redis)) {
      let cursor = '0';
      do {
        const [next, keys] = await node.scan(cursor, 'MATCH', `${prefix.replace(/[*?[\]]/g, '\\$&')}*`, 'COUNT', 500);
        if (keys.length > 0) await node.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    }
    dirty = false;
    logger?.info('entity cache: Redis back; purged entries that may have missed an invalidation');
  };
  const startPurge = () => {
    if (dirty && !purging && redis.status === 'ready') purging = purge().catch(() => undefined).finally(() => (purging = undefined));
  };
  redis.on('ready', startPurge);
  const usable = () => {
    if (!dirty) return;
    startPurge();
    throw new Error('entity cache store is purging after a failed invalidation');
  };

  return {
    name: 'redis',
    /** Resolves once connected (tests; a gateway serves, uncached, before that). */
    ready: () =>
      redis.status === 'ready' ? Promise.resolve() : new Promise<void>((resolve) => void redis.once('ready', () => resolve())),
    async get(keys) {
      usable();
      if (keys.length === 0) return [];
      const values = await redis.mget(...keys.map((k) => prefix + k));
      return values.map((v) => v ?? undefined);
    },
    async set(entries: readonly CacheEntry[], ttlMs) {
      usable();
      if (entries.length === 0) return;
      const multi = redis.pipeline();
      const tags = new Set<string>();
      for (const entry of entries) {
        multi.set(prefix + entry.key, entry.value, 'PX', ttlMs);
        for (const tag of entry.tags) {
          multi.sadd(`${prefix}t:${tag}`, prefix + entry.key);
          tags.add(tag);
        }
      }
      // A tag set outlives its entries by a little, so it never forgets one that still exists.
      for (const tag of tags) multi.pexpire(`${prefix}t:${tag}`, ttlMs + 1000);
      const results = await multi.exec();
      const failed = results?.find(([err]) => err);
      if (failed) throw failed[0];
    },
    async invalidate(tags) {
      if (tags.length === 0) return;
      try {
        await redis.eval(INVALIDATE, tags.length, ...tags.map((t) => `${prefix}t:${t}`));
      } catch (error) {
        dirty = true;
        throw error;
      }
    },
    async close() {
      redis.disconnect();
    },
  };
}
