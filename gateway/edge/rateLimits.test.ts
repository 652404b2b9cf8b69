import { afterAll, describe, expect, it } from 'vitest';
import { openRedis, type RedisClient } from '../../lib/redis/index.js';
import { deleteKeys, randomPrefix, startPrivateRedis, testRedisUrl } from '../../test/helpers/redis.js';
import type { EdgeClient } from './clientKeys.js';
import { createClientRateLimiter, RateLimited, rateLimitHeaders, type ClientRateLimiter } from './rateLimits.js';

const client = (id: string, limits: Partial<EdgeClient> = {}): EdgeClient =>
  ({ id, kind: 'storefront', requestsPerSecond: 1000, costPerMinute: 1_000_000, trustedOnly: false, ...limits });

/** Runs `charge` on each limiter in turn, all at once; counts what was admitted and refused. */
async function burst(limiters: readonly ClientRateLimiter[], times: number, charge: (l: ClientRateLimiter) => Promise<unknown>) {
  const outcomes = await Promise.all(Array.from({ length: times }, (_, i) => charge(limiters[i % limiters.length]!).then(
    () => 'admitted', (error: unknown) => (error instanceof RateLimited ? 'refused' : Promise.reject(error)))));
  return { admitted: outcomes.filter((o) => o === 'admitted').length, refused: outcomes.filter((o) => o === 'refused').length };
}

describe('client rate limits', () => {
  const prefix = randomPrefix();
  const connections: RedisClient[] = [];
  // Connected replicas: until a connection is ready, a replica counts on its in-memory insurance.
  const replicas = (n: number, url = testRedisUrl()) => Promise.all(Array.from({ length: n }, async () => {
    const redis = openRedis(url, { enableOfflineQueue: false });
    redis.on('error', () => {}); // the outage test kills its server
    connections.push(redis);
    if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
    return createClientRateLimiter({ redis, keyPrefix: prefix });
  }));
  afterAll(async () => {
    for (const c of connections) c.disconnect();
    await deleteKeys(testRedisUrl(), prefix);
  });

  it('never exceeds a cost budget across four replicas sharing Redis, and strands at most a lease per replica', async () => {
    const limiters = await replicas(4);
    const partner = client('partner-a', { costPerMinute: 1000 });
    const { admitted, refused } = await burst(limiters, 200, (l) => l.charge(partner, 10));
    expect(admitted).toBeLessThanOrEqual(100);
    expect(admitted).toBeGreaterThanOrEqual(98); // 4 replicas × a lease of 5 (0.5 % of 1,000)
    expect(refused).toBe(200 - admitted);
  });

  it('counts a busy client in Redis a lease at a time, not a round trip per request', async () => {
    const [limiter] = await replicas(1);
    const redis = connections.at(-1)!;
    const calls = async () => {
      const stats = String(await redis.info('commandstats'));
      return [...stats.matchAll(/cmdstat_(?:evalsha|eval|incrby|multi):calls=(\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);
    };
    const busy = client('storefront-busy', { requestsPerSecond: 1_000_000, costPerMinute: 10_000_000 });
    const before = await calls();
    for (let i = 0; i < 1000; i++) await limiter!.charge(busy, 20); // leases of 50,000: 2,500 charges each
    expect(await calls() - before).toBeLessThanOrEqual(3);
    const states = [];
    for (let i = 0; i < 20; i++) states.push(await limiter!.admit(busy)); // leases of 5,000 requests
    expect(states.at(-1)).toMatchObject({ window: 'requests', quota: 1_000_000, remaining: 1_000_000 - 20 });
  });

  it('refuses over the requests per second with the window\'s state, and counts clients apart', async () => {
    const [limiter] = await replicas(1);
    const small = client('small', { requestsPerSecond: 3 });
    const { admitted, refused } = await burst([limiter!], 10, (l) => l.admit(small));
    // A burst may straddle a window boundary on a busy machine: at most two windows' worth pass.
    expect(admitted).toBeGreaterThanOrEqual(3);
    expect(admitted).toBeLessThanOrEqual(6);
    expect(refused).toBe(10 - admitted);
    const error = await limiter!.admit(small).then(() => limiter!.admit(small)).then(() => limiter!.admit(small)).then(() => limiter!.admit(small)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimited);
    expect((error as RateLimited).state).toMatchObject({ window: 'requests', quota: 3, windowSeconds: 1, remaining: 0, resetSeconds: 1 });
    await expect(limiter!.admit(client('other', { requestsPerSecond: 3 }))).resolves.toMatchObject({ remaining: 2 });
  });

  it('keeps admitting on its in-memory insurance while Redis is down, to the same quota per replica', async () => {
    const redis = await startPrivateRedis();
    try {
      const [limiter] = await replicas(1, redis.url);
      const partner = client('partner-b', { costPerMinute: 50 });
      await expect(limiter!.charge(partner, 10)).resolves.toMatchObject({ remaining: 40 });
      await redis.stop();
      const { admitted, refused } = await burst([limiter!], 10, (l) => l.charge(partner, 10));
      expect(admitted).toBe(5); // the insurance counts from zero
      expect(refused).toBe(5);
    } finally {
      await redis.close();
    }
  });

  it('writes the IETF RateLimit fields, one item per window, the latest state of each', () => {
    const headers = rateLimitHeaders([
      { window: 'requests', quota: 50, windowSeconds: 1, remaining: 49, resetSeconds: 1 },
      { window: 'cost', quota: 6000, windowSeconds: 60, remaining: 5990, resetSeconds: 42 },
      { window: 'cost', quota: 6000, windowSeconds: 60, remaining: 5980, resetSeconds: 42 },
    ]);
    expect(headers).toEqual({
      'ratelimit-policy': '"requests";q=50;w=1, "cost";q=6000;w=60',
      ratelimit: '"requests";r=49;t=1, "cost";r=5980;t=42',
    });
  });
});
