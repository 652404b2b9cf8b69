import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventStoreReader, type EventStoreReader } from '../lib/eventStore/index.js';
import type { AnyEvent } from '../lib/events/index.js';
import { authHeader } from './helpers/auth.js';
import { waitFor } from './helpers/events.js';
import { gql } from './helpers/graphql.js';
import { deleteKeys, randomPrefix, testRedisUrl } from './helpers/redis.js';
import { startTestStack, type TestStack } from './helpers/stack.js';

const SET_PRICE = /* GraphQL */ `
  mutation SetPrice($input: SetPriceInput!) { setPrice(input: $input) { amount version } }`;

describe.each([
  ['PGlite with the in-process log (npm start)', 'pglite', false],
  ['PostgreSQL with Redis', 'pg', true],
] as const)('the event store fills from the live feed on %s', (_, kind, redis) => {
  let stack: TestStack;
  let reader: EventStoreReader;
  let keyPrefix: string;
  const live: AnyEvent[] = [];
  beforeAll(async () => {
    keyPrefix = randomPrefix();
    stack = await startTestStack(kind, { products: 20, ...(redis ? { redisUrl: testRedisUrl(), keyPrefix } : {}) });
    reader = createEventStoreReader(stack.db);
    await stack.eventBus.subscribe('commerce.pricing.price_changed.v1', (e) => void live.push(e as AnyEvent));
  });
  afterAll(async () => {
    await stack?.close();
    if (redis) await deleteKeys(testRedisUrl(), keyPrefix);
  });

  it('keeps the events of a price change made through the gateway and of a plain SQL stock update', async () => {
    for (const listAmount of [1111, 2222]) {
      const res = await gql(stack.url, SET_PRICE, { input: { productId: 'p-7', currency: 'EUR', listAmount } }, await authHeader(stack, 'admin'));
      expect(res.body.errors).toBeUndefined();
    }
    await stack.db.query("UPDATE inventory.stock SET on_hand = on_hand + 3 WHERE product_id = 'p-7' AND warehouse_id = 'wh-newark'");
    await waitFor(async () => (await reader.eventsOf({ subject: 'p-7' })).length === 3, 10_000, 'three stored events of p-7');
    await waitFor(() => live.filter((e) => e.subject === 'p-7').length === 2, 5000, 'the live price events');

    const prices = await reader.eventsOf({ subject: 'p-7', types: ['commerce.pricing.price_changed.v1'] });
    // What the store returns is what live subscribers got, in the order of the changes.
    expect(prices.map((s) => s.event)).toEqual(live.filter((e) => e.subject === 'p-7'));
    expect(prices.map((s) => (s.event as Extract<AnyEvent, { type: 'commerce.pricing.price_changed.v1' }>).data.after?.listAmount)).toEqual([1111, 2222]);
    const [stock] = await reader.eventsOf({ subject: 'p-7', types: ['commerce.inventory.stock_changed.v1'] });
    expect(stock!.event.data).toMatchObject({ productId: 'p-7', warehouseId: 'wh-newark' });
  });
});
