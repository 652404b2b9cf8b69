import { describe, expect, it } from 'vitest';
import { samplePriceChanged, waitFor } from '../../test/helpers/events.js';
import { deleteKeys, randomPrefix, startPrivateRedis, testRedisClusterUrl, testRedisUrl } from '../../test/helpers/redis.js';
import { describeEventBusContract } from './EventBus.contract.js';
import { createInProcessEventLog } from './inProcessEventLog.js';
import { createRedisEventLog } from './redisEventLog.js';
import { createStreamEventBus } from './streamEventBus.js';
import { eventEntry } from './streamEntry.js';

describeEventBusContract('in-process log', async () => {
  const log = createInProcessEventLog();
  const [publisher, subscriber] = [createStreamEventBus({ log }), createStreamEventBus({ log })];
  return { publisher, subscriber, close: async () => { await publisher.close(); await subscriber.close(); await log.close(); } };
});

const clusterUrl = testRedisClusterUrl();
for (const [name, redisUrl] of [['Redis streams', async () => testRedisUrl()], ['Redis streams on a Redis Cluster', () => clusterUrl]] as const)
describeEventBusContract(name, async () => {
  const url = await redisUrl();
  const keyPrefix = randomPrefix();
  // Two logs: two processes, each with its own connections.
  const logs = [createRedisEventLog({ url, keyPrefix }), createRedisEventLog({ url, keyPrefix })];
  const [publisher, subscriber] = logs.map((log) => createStreamEventBus({ log }));
  return {
    publisher: publisher!, subscriber: subscriber!,
    close: async () => { await publisher!.close(); await subscriber!.close(); for (const log of logs) await log.close(); await deleteKeys(url, keyPrefix); },
  };
});

describe('createStreamEventBus', () => {
  it('delivers what the event log appends (the relay\'s entries), not what was there before it subscribed', async () => {
    const url = testRedisUrl();
    const keyPrefix = randomPrefix();
    const log = createRedisEventLog({ url, keyPrefix });
    const bus = createStreamEventBus({ log });
    try {
      const before = samplePriceChanged('p-1');
      await log.append([eventEntry(before)]);
      const got: string[] = [];
      await bus.subscribe('commerce.pricing.price_changed.v1', (e) => void got.push(e.id));
      const after = [samplePriceChanged('p-2'), samplePriceChanged('p-3')];
      await log.append(after.map((e) => eventEntry(e)));
      await waitFor(() => got.length === 2, 5000, 'two events');
      expect(got).toEqual(after.map((e) => e.id));
    } finally {
      await bus.close();
      await log.close();
      await deleteKeys(url, keyPrefix);
    }
  });

  it('reports an entry that is not a valid event instead of delivering it', async () => {
    const log = createInProcessEventLog();
    const errors: string[] = [];
    const bus = createStreamEventBus({ log, onError: (e) => void errors.push(e.message) });
    try {
      const got: string[] = [];
      await bus.subscribe('commerce.pricing.price_changed.v1', (e) => void got.push(e.id));
      const bad = { ...samplePriceChanged(), source: '/commerce/catalog' };
      const good = samplePriceChanged();
      await log.append([bad, good].map((e) => eventEntry(e)));
      await waitFor(() => got.length === 1, 3000, 'the valid event');
      expect(got).toEqual([good.id]);
      expect(errors).toEqual([expect.stringMatching(/invalid event: source/)]);
    } finally {
      await bus.close();
      await log.close();
    }
  });

  it('keeps prefixes apart: a bus over another prefix hears nothing', async () => {
    const url = testRedisUrl();
    const logs = [createRedisEventLog({ url, keyPrefix: randomPrefix() }), createRedisEventLog({ url, keyPrefix: randomPrefix() })];
    const [mine, other] = logs.map((log) => createStreamEventBus({ log }));
    try {
      const heard: string[] = [];
      const mineHeard: string[] = [];
      await other!.subscribe('commerce.pricing.price_changed.v1', (e) => void heard.push(e.id));
      await mine!.subscribe('commerce.pricing.price_changed.v1', (e) => void mineHeard.push(e.id));
      await mine!.publish(samplePriceChanged());
      await waitFor(() => mineHeard.length === 1, 3000, 'own event');
      await new Promise((r) => setTimeout(r, 100));
      expect(heard).toEqual([]);
    } finally {
      await mine!.close();
      await other!.close();
      for (const log of logs) await log.close();
    }
  });

  it('loses nothing appended right after Redis restarts, before its reader reconnected', async () => {
    const redis = await startPrivateRedis();
    const log = createRedisEventLog({ url: redis.url });
    const subscriber = createStreamEventBus({ log, blockMs: 100 });
    const got: string[] = [];
    try {
      await subscriber.subscribe('commerce.pricing.price_changed.v1', (e) => void got.push(e.id));
      const first = samplePriceChanged('p-1');
      const publisher = createRedisEventLog({ url: redis.url });
      const append = (events: ReturnType<typeof samplePriceChanged>[]) =>
        publisher.append(events.map((e) => eventEntry(e)));
      await append([first]);
      await waitFor(() => got.length === 1, 5000, 'the first event');
      await redis.stop();
      await new Promise((r) => setTimeout(r, 500));
      await redis.start();
      const later = Array.from({ length: 20 }, (_, i) => samplePriceChanged(`p-${i + 2}`));
      await append(later); // at once: the subscriber's reader is still reconnecting
      await publisher.close();
      await waitFor(() => got.length === 21, 10_000, 'every event appended after the restart');
      expect(got).toEqual([first, ...later].map((e) => e.id));
    } finally {
      await subscriber.close();
      await log.close();
      await redis.stop();
    }
  });
});
