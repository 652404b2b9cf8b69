import { randomBytes } from 'node:crypto';
import { afterAll } from 'vitest';
import { masters, openRedis, slotPrefix } from '../../lib/redis/index.js';
import { startDurableRedis } from '../../stack/chaos/privateRedis.js';
import { startRedisCluster, type LocalRedisCluster } from '../../stack/redisCluster.js';

/** The shared Redis `npm test` provides. */
export function testRedisUrl(): string {
  const url = process.env.REDIS_URL;
  if (!url) throw new Error('REDIS_URL is not set: run the tests with `npm test`, which starts Redis');
  return url;
}

/** A key prefix of its own, so tests never see each other's streams or channels. */
export const randomPrefix = () => `test:${randomBytes(6).toString('hex')}:`;

/** Deletes every key under `prefix` (on a cluster, under its hash-tagged form, on every master). */
export async function deleteKeys(url: string, prefix: string): Promise<void> {
  const redis = openRedis(url);
  const match = `${slotPrefix(url, prefix, 'commerce').replace(/[*?[\]]/g, '\\$&')}*`;
  try {
    await redis.ping(); // a cluster knows its masters once connected
    for (const node of masters(redis)) {
      let cursor = '0';
      do {
        const [next, keys] = await node.scan(cursor, 'MATCH', match, 'COUNT', 1000);
        cursor = next;
        for (const key of keys) await node.del(key);
      } while (cursor !== '0');
    }
  } finally {
    redis.disconnect();
  }
}

let cluster: Promise<LocalRedisCluster> | undefined;
/**
 * A three-master Redis Cluster of this test file's own (started on first use, gone after the
 * file's tests): the events, cache and subscription suites run on it as well as on one server.
 * Call it while the file's tests are collected (module level or in a describe), not in a test.
 */
export function testRedisClusterUrl(): Promise<string> {
  if (!cluster) {
    cluster = startRedisCluster(3);
    afterAll(async () => (await cluster)?.close(), 30_000);
  }
  return cluster.then((c) => c.url);
}

/**
 * A redis-server of this test's own on a free port, durable across kill -9 (scripts/chaos
 * startDurableRedis): `stop()` kills it, `start()` brings it back on the same port and data,
 * `close()` removes it. Never touches the shared Redis.
 */
export async function startPrivateRedis(): Promise<{ url: string; start(): Promise<void>; stop(): Promise<void>; close(): Promise<void> }> {
  const redis = await startDurableRedis();
  return { url: redis.url, start: () => redis.start(), stop: () => redis.kill(), close: () => redis.destroy() };
}
