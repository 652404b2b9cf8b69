import { describe, expect, it } from 'vitest';
import { samplePriceChanged, waitFor } from '../../test/helpers/events.js';
import { deleteKeys, randomPrefix, startPrivateRedis, testRedisUrl } from '../../test/helpers/redis.js';
import { describeEventBusContract } from './EventBus.contract.js';
import { createRedisEventLog } from './redisEventLog.js';
import { createRedisStreamEventBus } from './redisStreamEventBus.js';
import { streamOf } from './streams.js';

describeEventBusContract('Redis streams', async () => {
  const url = testRedisUrl();
  const keyPrefix = randomPrefix();
  const publisher = createRedisStreamEventBus({ url, keyPrefix });
  const subscriber = createRedisStreamEventBus({ url, keyPrefix });
  return { publisher, subscriber, close: async () => { await publisher.close(); await subscriber.close(); await deleteKeys(url, keyPrefix); } };
});

describe('createRedisStreamEventBus', () => {
  it('delivers what the event log appends (the relay\'s entries), not what was there before it subscribed', async () => {
    const url = testRedisUrl();
    const keyPrefix = randomPrefix();
    const log = createRedisEventLog({ url, keyPrefix });
    const bus = createRedisStreamEventBus({ url, keyPrefix });
    try {
      const before = samplePriceChanged('p-1');
      await log.append([{ stream: streamOf(before.type), fields: { id: before.id, event: JSON.stringify(before) } }]);
      const got: string[] = [];
      await bus.subscribe('commerce.pricing.price_changed.v1', (e) => void got.push(e.id));
      const after = [samplePriceChanged('p-2'), samplePriceChanged('p-3')];
      await log.append(after.map((e) => ({ stream: streamOf(e.type), fields: { id: e.id, event: JSON.stringify(e) } })));
      await waitFor(() => got.length === 2, 5000, 'two events');
      expect(got).toEqual(after.map((e) => e.id));
    } finally {
      await bus.close();
      await log.close();
      await deleteKeys(url, keyPrefix);
    }
  });

  it('loses nothing appended right after Redis restarts, before its reader reconnected', async () => {
    const redis = await startPrivateRedis();
    const subscriber = createRedisStreamEventBus({ url: redis.url, blockMs: 100 });
    const got: string[] = [];
    try {
      await subscriber.subscribe('commerce.pricing.price_changed.v1', (e) => void got.push(e.id));
      const first = samplePriceChanged('p-1');
      const publisher = createRedisStreamEventBus({ url: redis.url });
      await publisher.publish(first);
      await waitFor(() => got.length === 1, 5000, 'the first event');
      await publisher.close();
      await redis.stop();
      await new Promise((r) => setTimeout(r, 500));
      await redis.start();
      const again = createRedisStreamEventBus({ url: redis.url });
      const later = Array.from({ length: 20 }, (_, i) => samplePriceChanged(`p-${i + 2}`));
      await again.publishAll!(later); // at once: the subscriber's reader is still reconnecting
      await again.close();
      await waitFor(() => got.length === 21, 10_000, 'every event published after the restart');
      expect(got).toEqual([first, ...later].map((e) => e.id));
    } finally {
      await subscriber.close();
      await redis.stop();
    }
  });
});
