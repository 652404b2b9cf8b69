import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createMemoryNonceStore } from './memoryNonceStore.js';
import { nonceStoreContract } from './NonceStore.contract.js';
import { createRedisNonceStore } from './redisNonceStore.js';
import { testRedisClusterUrl } from '../../test/helpers/redis.js';

const redisUrl = () => {
  const url = process.env.REDIS_URL;
  if (!url) throw new Error('REDIS_URL is not set: run the tests with `npm test`, which starts Redis');
  return url;
};
const prefix = () => `test:nonce:${randomBytes(6).toString('hex')}:`;

nonceStoreContract('createMemoryNonceStore', () => createMemoryNonceStore());
nonceStoreContract('createRedisNonceStore', () => createRedisNonceStore({ url: redisUrl(), keyPrefix: prefix() }));
const clusterUrl = await testRedisClusterUrl();
nonceStoreContract('createRedisNonceStore on a Redis Cluster', () => createRedisNonceStore({ url: clusterUrl, keyPrefix: prefix() }));

describe('createMemoryNonceStore', () => {
  it('holds at most maxEntries nonces', async () => {
    const store = createMemoryNonceStore({ maxEntries: 100 });
    for (let i = 0; i < 1000; i++) await store.claim(`n${i}`, 60_000);
    // The newest 100 are remembered, the oldest forgotten.
    expect(await store.claim('n999', 60_000)).toBe(false);
    expect(await store.claim('n900', 60_000)).toBe(false);
    expect(await store.claim('n0', 60_000)).toBe(true);
  });
});

describe('createRedisNonceStore', () => {
  it('refuses on one replica a nonce claimed on another', async () => {
    const shared = prefix();
    const a = createRedisNonceStore({ url: redisUrl(), keyPrefix: shared });
    const b = createRedisNonceStore({ url: redisUrl(), keyPrefix: shared });
    try {
      expect(await a.claim('n-1', 10_000)).toBe(true);
      expect(await b.claim('n-1', 10_000)).toBe(false);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('falls back to the process-local store while Redis is unreachable', async () => {
    const store = createRedisNonceStore({ url: 'redis://127.0.0.1:1', keyPrefix: prefix(), timeoutMs: 50 });
    try {
      expect(await store.claim('n-2', 10_000)).toBe(true);
      expect(await store.claim('n-2', 10_000)).toBe(false);
    } finally {
      await store.close();
    }
  });
});
