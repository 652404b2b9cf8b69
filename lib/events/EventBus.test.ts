import { describe, expect, it } from 'vitest';
import { deleteKeys, randomPrefix, testRedisUrl } from '../../test/helpers/redis.js';
import { samplePriceChanged, waitFor } from '../../test/helpers/events.js';
import { describeEventBusContract } from './EventBus.contract.js';
import { createInProcessEventBus } from './inProcessEventBus.js';
import { createRedisEventBus } from './redisEventBus.js';

describeEventBusContract('in-process', async () => {
  const bus = createInProcessEventBus();
  return { publisher: bus, subscriber: bus, close: () => bus.close() };
});

describeEventBusContract('Redis pub/sub', async () => {
  const url = testRedisUrl();
  const keyPrefix = randomPrefix();
  const publisher = createRedisEventBus({ url, keyPrefix });
  const subscriber = createRedisEventBus({ url, keyPrefix });
  return { publisher, subscriber, close: async () => { await publisher.close(); await subscriber.close(); } };
});

describe('createRedisEventBus', () => {
  it('reports a message that is not a valid event instead of delivering it', async () => {
    const url = testRedisUrl();
    const keyPrefix = randomPrefix();
    const errors: string[] = [];
    const subscriber = createRedisEventBus({ url, keyPrefix, onError: (e) => void errors.push(e.message) });
    const publisher = createRedisEventBus({ url, keyPrefix });
    try {
      const got: string[] = [];
      await subscriber.subscribe('commerce.pricing.price_changed.v1', (e) => void got.push(e.id));
      const bad = { ...samplePriceChanged(), source: '/commerce/catalog' };
      await publisher.publish(bad as never);
      const good = samplePriceChanged();
      await publisher.publish(good);
      await waitFor(() => got.length === 1, 3000, 'the valid event');
      expect(got).toEqual([good.id]);
      expect(errors).toEqual([expect.stringMatching(/invalid event: source/)]);
    } finally {
      await publisher.close();
      await subscriber.close();
      await deleteKeys(url, keyPrefix);
    }
  });

  it('keeps prefixes apart: a bus with another prefix hears nothing', async () => {
    const url = testRedisUrl();
    const [mine, other] = [createRedisEventBus({ url, keyPrefix: randomPrefix() }), createRedisEventBus({ url, keyPrefix: randomPrefix() })];
    try {
      const heard: string[] = [];
      const mineHeard: string[] = [];
      await other.subscribe('commerce.pricing.price_changed.v1', (e) => void heard.push(e.id));
      await mine.subscribe('commerce.pricing.price_changed.v1', (e) => void mineHeard.push(e.id));
      await mine.publish(samplePriceChanged());
      await waitFor(() => mineHeard.length === 1, 3000, 'own event');
      expect(heard).toEqual([]);
    } finally {
      await mine.close();
      await other.close();
    }
  });
});
