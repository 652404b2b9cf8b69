import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORE_SUBGRAPH_NAMES } from '../config/index.js';
import type { Db } from '../db/index.js';
import { migrateSubgraph } from '../subgraph/index.js';
import { seedSampleStore } from '../../stack/sampleStore.js';
import { samplePriceChanged } from '../../test/helpers/events.js';
import { deleteKeys, randomPrefix, testRedisUrl } from '../../test/helpers/redis.js';
import { openTestDb } from '../../test/helpers/testDb.js';
import { PRODUCT_EVENT_TYPES, type AnyEvent } from './CloudEvent.js';
import type { EventLog } from './EventLog.js';
import { startOutboxRelay } from './outboxRelay.js';
import { createRedisEventLog } from './redisEventLog.js';
import { createStreamEventBus } from './streamEventBus.js';
import { streamOf } from './streams.js';

/** The consumer group a Dapr sidecar creates: its consumerID (the app id by default), as group and consumer name alike. */
const DAPR_APP = 'dapr-price-watcher';

/**
 * Reads the feed the way Dapr's `pubsub.redis` component does, and nothing more: XGROUP CREATE
 * <topic> <consumerID> 0 MKSTREAM, XREADGROUP … STREAMS <topic> >, the entry's `data` field
 * as the message body and its optional `metadata` field as a JSON object of strings, then XACK.
 * The topic is the Redis key itself (Dapr adds no prefix).
 */
async function readLikeDapr(redis: Redis, topics: readonly string[]) {
  for (const topic of topics) {
    await redis.xgroup('CREATE', topic, DAPR_APP, '0', 'MKSTREAM').catch((error: Error) => {
      if (!error.message.startsWith('BUSYGROUP')) throw error;
    });
  }
  const reply = (await redis.call('XREADGROUP', 'GROUP', DAPR_APP, DAPR_APP, 'COUNT', 100,
    'STREAMS', ...topics, ...topics.map(() => '>'))) as [string, [string, string[]][]][] | null;
  const messages: { topic: string; data: unknown; metadata: Record<string, string> | undefined }[] = [];
  for (const [topic, entries] of reply ?? []) {
    for (const [id, flat] of entries) {
      const value = (name: string) => { const i = flat.findIndex((v, j) => j % 2 === 0 && v === name); return i < 0 ? undefined : flat[i + 1]; };
      const metadata = value('metadata');
      messages.push({ topic, data: JSON.parse(value('data')!), metadata: metadata === undefined ? undefined : JSON.parse(metadata) });
      await redis.xack(topic, DAPR_APP, id);
    }
  }
  return messages;
}

describe('the change feed, read as a Dapr pubsub.redis subscriber reads it (PostgreSQL, Redis)', () => {
  const url = testRedisUrl();
  const keyPrefix = randomPrefix();
  const topic = (type: AnyEvent['type']) => `${keyPrefix}${streamOf(type)}`;
  let db: Db;
  let log: EventLog;
  let redis: Redis;
  beforeAll(async () => {
    db = await openTestDb('pg');
    for (const name of STORE_SUBGRAPH_NAMES) await migrateSubgraph(db, name);
    await seedSampleStore(db, { products: 10 });
    log = createRedisEventLog({ url, keyPrefix });
    redis = new Redis(url);
  });
  afterAll(async () => {
    await log?.close();
    redis?.disconnect();
    await db?.close();
    await deleteKeys(url, keyPrefix);
  });

  it('gets each relayed change as a CloudEvent from the data field, on the topic of its type, acknowledged', async () => {
    await db.query("UPDATE pricing.prices SET list_amount = 777 WHERE product_id = 'p-4' AND currency = 'EUR'");
    await db.query("UPDATE inventory.stock SET on_hand = 41 WHERE product_id = 'p-2' AND warehouse_id = 'wh-berlin'");
    await db.query("UPDATE catalog.products SET name = 'Renamed' WHERE id = 'p-5'");
    const relay = await startOutboxRelay({ db, log, pollIntervalMs: 60_000 });
    try {
      await relay.drain();
    } finally {
      await relay.stop();
    }

    const messages = await readLikeDapr(redis, PRODUCT_EVENT_TYPES.map(topic));
    expect(messages.map((m) => [m.topic, (m.data as AnyEvent).type]).sort()).toEqual(PRODUCT_EVENT_TYPES.map((t) => [topic(t), t]).sort());
    const byType = Object.fromEntries(messages.map((m) => [(m.data as AnyEvent).type, m.data])) as Record<string, AnyEvent>;
    expect(byType['commerce.pricing.price_changed.v1']).toMatchObject({
      specversion: '1.0', source: '/commerce/pricing', subject: 'p-4', datacontenttype: 'application/json',
      data: { productId: 'p-4', currency: 'EUR', after: { listAmount: 777 } },
    });
    expect(byType['commerce.inventory.stock_changed.v1']).toMatchObject({ subject: 'p-2', data: { warehouseId: 'wh-berlin', after: { onHand: 41 } } });
    expect(byType['commerce.catalog.product_changed.v1']).toMatchObject({ subject: 'p-5', data: { after: { name: 'Renamed' } } });
    // No metadata field, or one Dapr can parse (a JSON object of strings).
    for (const { metadata } of messages) if (metadata !== undefined) expect(Object.values(metadata).every((v) => typeof v === 'string')).toBe(true);
    // Acknowledged: nothing left pending for the group, and a second read finds nothing new.
    for (const t of PRODUCT_EVENT_TYPES) expect(((await redis.xpending(topic(t), DAPR_APP)) as [number])[0]).toBe(0);
    expect(await readLikeDapr(redis, PRODUCT_EVENT_TYPES.map(topic))).toEqual([]);
  });

  it('gets what EventBus.publish appends the same way', async () => {
    const bus = createStreamEventBus({ log });
    const event = samplePriceChanged('p-7', 1234);
    try {
      await bus.publish(event);
    } finally {
      await bus.close();
    }
    const messages = await readLikeDapr(redis, [topic(event.type)]);
    expect(messages.map((m) => m.data)).toEqual([event]);
  });
});
