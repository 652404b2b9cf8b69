import { Redis } from 'ioredis';
import type { NonceStore } from './NonceStore.js';

/** Options for {@link createRedisNonceStore}. */
export interface RedisNonceStoreOptions {
  readonly url: string;
  /** Prefix of the nonce keys. @default 'commerce:nonce:' */
  readonly keyPrefix?: string;
}

/**
 * A {@link NonceStore} in Redis (`SET key 1 PX ttl NX`), shared by every replica of a
 * subgraph: a call replayed against another replica is refused too. Keys expire by themselves.
 */
export function createRedisNonceStore(options: RedisNonceStoreOptions): NonceStore {
  const redis = new Redis(options.url, { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true });
  const prefix = options.keyPrefix ?? 'commerce:nonce:';
  return {
    async claim(nonce, ttlMs) {
      return (await redis.set(`${prefix}${nonce}`, '1', 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX')) === 'OK';
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
