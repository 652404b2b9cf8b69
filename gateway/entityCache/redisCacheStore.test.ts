import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cacheStoreContract } from './CacheStore.contract.js';
import { createRedisCacheStore } from './redisCacheStore.js';
import { testRedisClusterUrl } from '../../test/helpers/redis.js';

const redisUrl = () => {
  const url = process.env.REDIS_URL;
  if (!url) throw new Error('REDIS_URL is not set: run the tests with `npm test`, which starts Redis');
  return url;
};
const open = async () => {
  // A generous command timeout: the contract is about behaviour, and on a loaded 2-core test machine
  // (CI's suites in parallel) one command once waited over 2 s; production's is 250 ms.
  const store = createRedisCacheStore({ url: redisUrl(), prefix: `test:ec:${randomBytes(6).toString('hex')}:`, commandTimeoutMs: 10_000 });
  await store.ready();
  return store;
};

cacheStoreContract('createRedisCacheStore', open);

const clusterUrl = testRedisClusterUrl();
cacheStoreContract('createRedisCacheStore on a Redis Cluster', async () => {
  const store = createRedisCacheStore({ url: await clusterUrl, prefix: `test:ec:${randomBytes(6).toString('hex')}:`, commandTimeoutMs: 10_000 });
  await store.ready();
  return store;
});

describe('createRedisCacheStore', () => {
  it('shares entries between two stores on the same prefix (gateway replicas)', async () => {
    const prefix = `test:ec:${randomBytes(6).toString('hex')}:`;
    const a = createRedisCacheStore({ url: redisUrl(), prefix });
    const b = createRedisCacheStore({ url: redisUrl(), prefix });
    await Promise.all([a.ready(), b.ready()]);
    await a.set([{ key: 'k', value: 'v', tags: ['catalog:Product:p-1'] }], 10_000);
    expect(await b.get(['k'])).toEqual(['v']);
    await b.invalidate(['catalog:Product:p-1']);
    expect(await a.get(['k'])).toEqual([undefined]);
    await a.close();
    await b.close();
  });
});
