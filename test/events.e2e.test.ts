import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyEvent, EventType } from '../lib/events/index.js';
import { streamOf } from '../lib/events/index.js';
import { checkFold, createEventStoreReader } from '../lib/eventStore/index.js';
import { authHeader } from './helpers/auth.js';
import { gql } from './helpers/graphql.js';
import { waitFor } from './helpers/events.js';
import { deleteKeys, randomPrefix, testRedisClusterUrl, testRedisUrl } from './helpers/redis.js';
import { startTestStack, type TestStack } from './helpers/stack.js';

const SET_PRICE = /* GraphQL */ `
  mutation SetPrice($input: SetPriceInput!) { setPrice(input: $input) { amount version } }`;
const ADJUST_STOCK = /* GraphQL */ `
  mutation AdjustStock($input: AdjustStockInput!) { adjustStock(input: $input) { onHand version } }`;

const PRICE = 'commerce.pricing.price_changed.v1' as const;
const STOCK = 'commerce.inventory.stock_changed.v1' as const;

const clusterUrl = testRedisClusterUrl();
describe.each([
  ['PGlite with the in-process bus (npm start)', 'pglite', undefined],
  ['PostgreSQL with Redis', 'pg', async () => testRedisUrl()],
  ['PostgreSQL with a Redis Cluster', 'pg', () => clusterUrl],
] as const)('change events through the gateway on %s', (_, kind, redisUrl) => {
  let stack: TestStack;
  let keyPrefix: string;
  let redis: string | undefined;
  const live: AnyEvent[] = [];
  beforeAll(async () => {
    keyPrefix = randomPrefix();
    redis = await redisUrl?.();
    stack = await startTestStack(kind, { products: 30, ...(redis ? { redisUrl: redis, keyPrefix } : {}) });
    for (const type of [PRICE, STOCK]) await stack.eventBus.subscribe(type, (e) => void live.push(e as AnyEvent));
  });
  afterAll(async () => {
    await stack?.close();
    if (redis) await deleteKeys(redis, keyPrefix);
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

  it('the event store keeps the events of a price change through the gateway and of a plain SQL stock update', async () => {
    const reader = createEventStoreReader(stack.db);
    for (const listAmount of [1111, 2222]) {
      const res = await gql(stack.url, SET_PRICE, { input: { productId: 'p-7', currency: 'EUR', listAmount } }, await authHeader(stack, 'admin'));
      expect(res.body.errors).toBeUndefined();
    }
    await stack.db.query("UPDATE inventory.stock SET on_hand = on_hand + 3 WHERE product_id = 'p-7' AND warehouse_id = 'wh-newark'");
    await waitFor(async () => (await reader.eventsOf({ subject: 'p-7' })).length === 3, 10_000, 'three stored events of p-7');
    await waitFor(() => liveFor('p-7').length === 3, 5000, 'the live events of p-7');
    // What the store returns is what live subscribers got, in the order of the changes.
    const prices = await reader.eventsOf({ subject: 'p-7', types: [PRICE] });
    expect(prices.map((s) => s.event)).toEqual(liveFor('p-7').filter((e) => e.type === PRICE));
    expect(prices.map((s) => (s.event as Extract<AnyEvent, { type: typeof PRICE }>).data.after?.listAmount)).toEqual([1111, 2222]);
    const stock = await reader.eventsOf({ subject: 'p-7', types: [STOCK] });
    expect(stock.map((s) => s.event)).toEqual(liveFor('p-7').filter((e) => e.type === STOCK));
    expect(stock[0]!.event.data).toMatchObject({ productId: 'p-7', warehouseId: 'wh-newark' });
  });

  it('folding the event store\'s events per row gives exactly the current rows of pricing, inventory and catalog', async () => {
    await stack.db.query("UPDATE catalog.products SET name = name || ' (renamed)' WHERE id = 'p-8'");
    await stack.db.query("DELETE FROM pricing.prices WHERE product_id = 'p-8' AND currency = 'USD'");
    await waitFor(async () => (await checkFold(stack.db)).mismatches.length === 0, 10_000, 'the fold to match the stores');
    const { compared } = await checkFold(stack.db);
    expect(compared).toMatchObject({ price: 89, stock: 90, product: 30 });
    // A change that bypassed the events is caught: the fold can fail.
    await stack.db.transaction(async (tx) => {
      await tx.query("SET LOCAL commerce.suppress_events = 'on'");
      await tx.query("UPDATE pricing.prices SET list_amount = list_amount + 1, version = version + 1 WHERE product_id = 'p-9' AND currency = 'EUR'");
    });
    expect((await checkFold(stack.db)).mismatches).toEqual([expect.stringMatching(/^price p-9\/EUR: /)]);
  });
});
