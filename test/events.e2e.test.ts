import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyEvent, EventType } from '../lib/events/index.js';
import { streamOf } from '../lib/events/index.js';
import { authHeader } from './helpers/auth.js';
import { gql } from './helpers/graphql.js';
import { waitFor } from './helpers/events.js';
import { deleteKeys, randomPrefix, testRedisUrl } from './helpers/redis.js';
import { startTestStack, type TestStack } from './helpers/stack.js';

const SET_PRICE = /* GraphQL */ `
  mutation SetPrice($input: SetPriceInput!) { setPrice(input: $input) { amount version } }`;
const ADJUST_STOCK = /* GraphQL */ `
  mutation AdjustStock($input: AdjustStockInput!) { adjustStock(input: $input) { onHand version } }`;

const PRICE = 'commerce.pricing.price_changed.v1' as const;
const STOCK = 'commerce.inventory.stock_changed.v1' as const;

describe.each([
  ['PGlite with the in-process bus (npm start)', 'pglite', false],
  ['PostgreSQL with Redis', 'pg', true],
] as const)('change events through the gateway on %s', (_, kind, redis) => {
  let stack: TestStack;
  let keyPrefix: string;
  const live: AnyEvent[] = [];
  beforeAll(async () => {
    keyPrefix = randomPrefix();
    stack = await startTestStack(kind, { products: 30, ...(redis ? { redisUrl: testRedisUrl(), keyPrefix } : {}) });
    for (const type of [PRICE, STOCK]) await stack.eventBus.subscribe(type, (e) => void live.push(e as AnyEvent));
  });
  afterAll(async () => {
    await stack?.close();
    if (redis) await deleteKeys(testRedisUrl(), keyPrefix);
  });
  const streamed = async (type: EventType, subject: string) =>
    (await stack.eventLog.range(streamOf(type), '0', 10_000)).map((e) => JSON.parse(e.fields.data!) as AnyEvent).filter((e) => e.subject === subject);
  const liveFor = (subject: string) => live.filter((e) => e.subject === subject);

  it('setPrice produces exactly one event, on the stream and on the bus', async () => {
    const res = await gql(stack.url, SET_PRICE, { input: { productId: 'p-11', currency: 'GBP', listAmount: 12345 } }, await authHeader(stack, 'admin'));
    expect(res.body.errors).toBeUndefined();
    await waitFor(() => liveFor('p-11').length > 0, 5000, 'the live event');
    await new Promise((r) => setTimeout(r, 300)); // a second copy would have arrived by now
    const [onStream, ...more] = await streamed(PRICE, 'p-11');
    expect(more).toEqual([]);
    expect(liveFor('p-11')).toEqual([onStream]);
    expect(onStream).toMatchObject({
      type: PRICE, source: '/commerce/pricing',
      data: { productId: 'p-11', currency: 'GBP', after: { listAmount: 12345, version: res.body.data.setPrice.version } },
    });
  });

  it('a direct SQL update produces exactly one event, on the stream and on the bus', async () => {
    await stack.db.query("UPDATE inventory.stock SET on_hand = on_hand + 40 WHERE product_id = 'p-12' AND warehouse_id = 'wh-newark'");
    await waitFor(() => liveFor('p-12').length > 0, 5000, 'the live event');
    await new Promise((r) => setTimeout(r, 300));
    const [onStream, ...more] = await streamed(STOCK, 'p-12');
    expect(more).toEqual([]);
    expect(liveFor('p-12')).toEqual([onStream]);
    expect(onStream!.data).toMatchObject({ warehouseId: 'wh-newark' });
  });

  it('a subscriber may query the gateway from its handler (the relay does not hold the store meanwhile)', async () => {
    const names: string[] = [];
    const unsubscribe = await stack.eventBus.subscribe(PRICE, async (event) => {
      if (event.subject !== 'p-14') return;
      const res = await gql(stack.url, '{ product(id: "p-14") { name price(currency: "EUR") { amount } } }');
      names.push(`${res.body.data.product.name}: ${res.body.data.product.price.amount}`);
    });
    try {
      await stack.db.query("UPDATE pricing.prices SET list_amount = 2222, sale_amount = NULL WHERE product_id = 'p-14' AND currency = 'EUR'");
      await waitFor(() => names.length === 1, 5000, 'the handler to query the gateway');
      expect(names[0]).toMatch(/: 2222$/);
    } finally {
      await unsubscribe();
    }
  });

  it('a rejected mutation produces no event', async () => {
    const res = await gql(stack.url, ADJUST_STOCK, { input: { productId: 'p-13', warehouseId: 'wh-berlin', delta: -1_000_000, reason: 'x' } }, await authHeader(stack, 'admin'));
    expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    await new Promise((r) => setTimeout(r, 300));
    expect(liveFor('p-13')).toEqual([]);
    expect(await streamed(STOCK, 'p-13')).toEqual([]);
  });
});
