import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { startDurableRedis } from '../../stack/chaos/privateRedis.js';

/** The shared Redis `npm test` provides. */
export function testRedisUrl(): string {
  const url = process.env.REDIS_URL;
  if (!url) throw new Error('REDIS_URL is not set: run the tests with `npm test`, which starts Redis');
  return url;
}

/** A key prefix of its own, so tests never see each other's streams or channels. */
export const randomPrefix = () => `test:${randomBytes(6).toString('hex')}:`;

/** Deletes every key under `prefix`. */
export async function deleteKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
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
