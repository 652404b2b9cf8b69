import { openRedis } from '../redis/index.js';
import { createMemoryNonceStore } from './memoryNonceStore.js';
import type { NonceStore } from './NonceStore.js';

/** Options for {@link createRedisNonceStore}. */
export interface RedisNonceStoreOptions {
  readonly url: string;
  /** Prefix of the nonce keys. @default 'commerce:nonce:' */
  readonly keyPrefix?: string;
  /** How long a claim waits for Redis before the process-local store alone decides, in ms. @default 250 */
  readonly timeoutMs?: number;
}

/**
 * A {@link NonceStore} in Redis (`SET key 1 PX ttl NX`), shared by every replica of a
 * subgraph: a call replayed against another replica is refused too. Keys expire by themselves.
 * Every nonce is also claimed in a bounded process-local store, which alone decides while
 * Redis is unreachable: an outage then weakens replay protection to one replica instead of
 * failing every signed call.
 */
export function createRedisNonceStore(options: RedisNonceStoreOptions): NonceStore {
  const redis = openRedis(options.url, { maxRetriesPerRequest: 1 }); // one key per command: any slot
  const timeoutMs = options.timeoutMs ?? 250;
  redis.on('error', () => {}); // reconnects by itself; claims fall back meanwhile
  const local = createMemoryNonceStore();
  const prefix = options.keyPrefix ?? 'commerce:nonce:';
  return {
    async claim(nonce, ttlMs) {
      if (!(await local.claim(nonce, ttlMs))) return false;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
      try {
        const reply = await Promise.race([redis.set(`${prefix}${nonce}`, '1', 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX'), timedOut]);
        return reply === 'OK' || reply === 'timeout';
      } catch {
        return true;
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      await local.close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
