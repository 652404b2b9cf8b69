import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGateway, type GatewayServer } from '../gateway/startGateway.js';
import { DEFAULT_SUBSCRIPTION_LIMITS } from '../lib/config/index.js';
import { userError } from '../lib/errors/index.js';
import { authHeader } from './helpers/auth.js';
import { errorCodes, gql, leaksStack } from './helpers/graphql.js';
import { startGatewayOver, startTestStack, type TestStack } from './helpers/stack.js';
import { price, priceChanged, stockChanged, subscribe, wsClient } from './helpers/subscriptions.js';
import { deleteKeys, randomPrefix, testRedisClusterUrl } from './helpers/redis.js';

const PRICE_SUB = /* GraphQL */ `
  subscription Prices($ids: [ID!]!) {
    priceChanged(productIds: $ids) {
      eventId currency changedAt
      before { list { amount } version }
      after { list { amount currency } sale { amount } version }
      product { id name price(currency: "EUR") { amount currency } stock { available } }
    }
  }`;

const STOCK_SUB = /* GraphQL */ `
  subscription Stock($ids: [ID!]!, $warehouse: ID) {
    stockChanged(productIds: $ids, warehouseId: $warehouse) {
      eventId warehouseId after { onHand available }
      product { id sku stock { available } }
    }
  }`;

const PRODUCT_NOW = /* GraphQL */ `
  query Now($id: ID!) { product(id: $id) { name price(currency: "EUR") { amount list { amount } version } stock { available } } }`;

const LIMITS = { ...DEFAULT_SUBSCRIPTION_LIMITS, maxProductIds: 5, maxPerConnection: 3, maxBufferedBytes: 64 * 1024 };

const clusterUrl = testRedisClusterUrl();
describe.each([
  ['pglite', 'pglite', undefined],
  ['pg', 'pg', undefined],
  ['pg, events on a Redis Cluster', 'pg', () => clusterUrl],
] as const)('gateway subscriptions over graphql-ws on %s', (_, kind, redisUrl) => {
  const keyPrefix = randomPrefix();
  let redis: string | undefined;
  let stack: TestStack;
  const clients: ReturnType<typeof wsClient>[] = [];
  const client = (options?: Parameters<typeof wsClient>[1], url = stack.url) => {
    const c = wsClient(url, options);
    clients.push(c);
    return c;
  };
  const statementsBySchema = () => {
    const count = (schema: string) => stack.statements.filter((sql) => sql.includes(`${schema}.`)).length;
    return { catalog: count('catalog'), pricing: count('pricing'), inventory: count('inventory') };
  };

  beforeAll(async () => {
    redis = await redisUrl?.();
    stack = await startTestStack(kind, { subscriptionLimits: LIMITS, ...(redis ? { redisUrl: redis, keyPrefix } : {}) });
  });
  afterAll(async () => {
    await stack?.close();
    if (redis) await deleteKeys(redis, keyPrefix);
  });
  beforeEach(() => {
    stack.statements.length = 0;
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.dispose()));
    await waitFor(() => stack.gateway.subscriptions!.hub.stats().subscriptions === 0);
  });

  it('delivers a committed setPrice through outbox, relay and bus, with name, price and stock filled in', async () => {
    const c = client();
    const sub = subscribe(c, PRICE_SUB, { ids: ['p-5'] });
    const now = (await gql(stack.url, PRODUCT_NOW, { id: 'p-5' })).body.data.product;
    await waitForSubscribers(stack, 1);
    const set = await gql(stack.url, `mutation { setPrice(input: { productId: "p-5", currency: "EUR", listAmount: 1234 }) { version } }`,
      undefined, await authHeader(stack, 'merchandiser'));
    expect(set.body.errors).toBeUndefined();
    // No event is published by the test: the outbox trigger wrote it and the relay delivered it.
    await sub.waitFor(1);
    expect(sub.results[0]).toEqual({
      data: {
        priceChanged: {
          eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
          currency: 'EUR',
          changedAt: expect.any(String),
          before: { list: { amount: now.price.list.amount }, version: now.price.version },
          after: { list: { amount: 1234, currency: 'EUR' }, sale: null, version: set.body.data.setPrice.version },
          product: { id: 'p-5', name: now.name, price: { amount: 1234, currency: 'EUR' }, stock: { available: now.stock.available } },
        },
      },
    });
  });

  it('delivers a stock change written with plain SQL by a warehouse system', async () => {
    const c = client();
    const sub = subscribe(c, STOCK_SUB, { ids: ['p-6'], warehouse: 'wh-newark' });
    await waitForSubscribers(stack, 1);
    await stack.db.query("UPDATE inventory.stock SET on_hand = on_hand + 11, version = version + 1 WHERE product_id = 'p-6' AND warehouse_id = 'wh-newark'");
    const { rows } = await stack.db.query<{ on_hand: number; reserved: number }>("SELECT on_hand, reserved FROM inventory.stock WHERE product_id = 'p-6' AND warehouse_id = 'wh-newark'");
    await sub.waitFor(1);
    const change = sub.results[0]!.data.stockChanged;
    expect(change).toMatchObject({ warehouseId: 'wh-newark', after: { onHand: rows[0]!.on_hand, available: rows[0]!.on_hand - rows[0]!.reserved }, product: { id: 'p-6' } });
  });

  it('sends nothing to a subscriber of other products', async () => {
    const c = client();
    const mine = subscribe(c, PRICE_SUB, { ids: ['p-1', 'p-2'] });
    const other = subscribe(c, PRICE_SUB, { ids: ['p-3'] });
    await waitForSubscribers(stack, 2);
    await stack.eventBus.publish(priceChanged('p-2', 'EUR', price(100), price(200, 2)));
    await mine.waitFor(1);
    await stack.gateway.subscriptions!.hub.idle();
    expect(mine.results[0]!.data.priceChanged.product.id).toBe('p-2');
    expect(other.results).toEqual([]);
  });

  it('resolves an event once per distinct selection, however many subscribers share it', async () => {
    const c = client();
    const subs = Array.from({ length: 3 }, () => subscribe(c, PRICE_SUB, { ids: ['p-7'] }));
    const c2 = client();
    subs.push(...Array.from({ length: 3 }, (_, i) => subscribe(c2, PRICE_SUB, { ids: ['p-7', `p-${10 + i}`] })));
    // A different selection on another connection: one more fetch, not one per subscriber.
    const c3 = client();
    const other = subscribe(c3, `subscription { priceChanged(productIds: ["p-7"]) { product { name } } }`);
    await waitForSubscribers(stack, 7);
    const before = stack.gateway.subscriptions!.hub.stats();
    stack.statements.length = 0;
    await stack.eventBus.publish(priceChanged('p-7', 'EUR', price(100), price(300, 2)));
    await Promise.all([...subs, other].map((s) => s.waitFor(1)));
    const after = stack.gateway.subscriptions!.hub.stats();
    expect(after.fetches - before.fetches).toBe(2);
    expect(after.groups).toBe(2);
    // PRICE_SUB needs catalog + pricing + inventory; the other only catalog.
    expect(statementsBySchema()).toEqual({ catalog: 2, pricing: 1, inventory: 1 });
    expect(new Set(subs.map((s) => JSON.stringify(s.results[0]))).size).toBe(1);
    expect(other.results[0]).toEqual({ data: { priceChanged: { product: { name: expect.any(String) } } } });
  });

  it('keeps aliases, fragments and variables of the product selection', async () => {
    const c = client();
    const sub = subscribe(
      c,
      `subscription S($ids: [ID!]!, $cur: String!) {
        change: priceChanged(productIds: $ids) { id: eventId product { ...P title: name } }
      }
      fragment P on Product { usd: price(currency: $cur) { amount } eur: price { amount } }`,
      { ids: ['p-8'], cur: 'USD' },
    );
    await waitForSubscribers(stack, 1);
    const now = (await gql(stack.url, `{ product(id: "p-8") { name usd: price(currency: "USD") { amount } eur: price { amount } } }`)).body.data.product;
    const event = priceChanged('p-8', 'USD', null, price(now.usd.amount));
    await stack.eventBus.publish(event);
    await sub.waitFor(1);
    expect(sub.results[0]).toEqual({ data: { change: { id: event.id, product: { usd: now.usd, eur: now.eur, title: now.name } } } });
  });

  it('filters stock changes by warehouse when one is given', async () => {
    const c = client();
    const berlin = subscribe(c, STOCK_SUB, { ids: ['p-9'], warehouse: 'wh-berlin' });
    const all = subscribe(c, STOCK_SUB, { ids: ['p-9'] });
    await waitForSubscribers(stack, 2);
    await stack.eventBus.publish(stockChanged('p-9', 'wh-newark', { onHand: 5, reserved: 1, version: 1 }, { onHand: 4, reserved: 1, version: 2 }));
    await stack.eventBus.publish(stockChanged('p-9', 'wh-berlin', { onHand: 5, reserved: 1, version: 1 }, { onHand: 9, reserved: 1, version: 2 }));
    await all.waitFor(2);
    await berlin.waitFor(1);
    await stack.gateway.subscriptions!.hub.idle();
    expect(all.results.map((r) => r.data.stockChanged.warehouseId)).toEqual(['wh-newark', 'wh-berlin']);
    expect(berlin.results).toHaveLength(1);
    expect(berlin.results[0]!.data.stockChanged).toMatchObject({ warehouseId: 'wh-berlin', after: { onHand: 9, available: 8 }, product: { id: 'p-9', sku: 'SKU-000009' } });
  });

  it('drops an event delivered twice (same id)', async () => {
    const c = client();
    const sub = subscribe(c, PRICE_SUB, { ids: ['p-11'] });
    await waitForSubscribers(stack, 1);
    const event = priceChanged('p-11', 'EUR', price(1), price(2, 2));
    await stack.eventBus.publish(event);
    await stack.eventBus.publish(event);
    await stack.eventBus.publish(priceChanged('p-11', 'EUR', price(2, 2), price(3, 3)));
    await sub.waitFor(2);
    await stack.gateway.subscriptions!.hub.idle();
    expect(sub.results.map((r) => r.data.priceChanged.after.version)).toEqual([2, 3]);
  });

  it('delivers through two gateway instances sharing one bus, each to its own clients', async () => {
    const second = await secondGateway(stack);
    try {
      const a = subscribe(client(), PRICE_SUB, { ids: ['p-12'] });
      const b = subscribe(client({}, second.url), PRICE_SUB, { ids: ['p-12'] });
      await waitForSubscribers(stack, 1);
      await waitFor(() => second.subscriptions!.hub.stats().subscriptions === 1);
      const event = priceChanged('p-12', 'EUR', price(1), price(2, 2));
      await stack.eventBus.publish(event);
      await Promise.all([a.waitFor(1), b.waitFor(1)]);
      expect(a.results[0]).toEqual(b.results[0]);
      expect(b.results[0]!.data.priceChanged.eventId).toBe(event.id);
    } finally {
      await second.close();
    }
  });

  it.each([
    ['no product ids', `subscription { priceChanged(productIds: []) { eventId } }`, 'BAD_USER_INPUT'],
    ['too many product ids', `subscription { priceChanged(productIds: ["p-1","p-2","p-3","p-4","p-5","p-6"]) { eventId } }`, 'TOO_MANY_PRODUCT_IDS'],
    ['an unknown field', `subscription { priceChanged(productIds: ["p-1"]) { product { nope } } }`, 'GRAPHQL_VALIDATION_FAILED'],
    ['an unknown subscription', `subscription { nope(productIds: ["p-1"]) { eventId } }`, 'GRAPHQL_VALIDATION_FAILED'],
    ['a document that does not parse', `subscription { priceChanged(`, 'GRAPHQL_PARSE_FAILED'],
    ['a query over WebSocket', `{ product(id: "p-1") { id } }`, 'OPERATION_NOT_SUPPORTED'],
  ])('refuses %s with %s and keeps the connection', async (_name, query, code) => {
    const c = client();
    const sub = subscribe(c, query);
    await sub.ended();
    expect(sub.error.map((e: any) => e.extensions?.code)).toEqual([code]);
    // The connection stays usable.
    const ok = subscribe(c, PRICE_SUB, { ids: ['p-13'] });
    await waitForSubscribers(stack, 1);
    await stack.eventBus.publish(priceChanged('p-13', 'EUR', price(1), price(2, 2)));
    await ok.waitFor(1);
  });

  it('refuses a subscription over the per-connection limit with TOO_MANY_SUBSCRIPTIONS', async () => {
    const c = client();
    const held = Array.from({ length: LIMITS.maxPerConnection }, () => subscribe(c, PRICE_SUB, { ids: ['p-14'] }));
    await waitForSubscribers(stack, LIMITS.maxPerConnection);
    const extra = subscribe(c, PRICE_SUB, { ids: ['p-14'] });
    await extra.ended();
    expect(extra.error.map((e: any) => e.extensions?.code)).toEqual(['TOO_MANY_SUBSCRIPTIONS']);
    held[0]!.unsubscribe();
    await waitForSubscribers(stack, LIMITS.maxPerConnection - 1);
    const again = subscribe(c, PRICE_SUB, { ids: ['p-14'] });
    await waitForSubscribers(stack, LIMITS.maxPerConnection);
    expect(again.error).toBeUndefined();
  });

  it('closes a slow consumer with 4413 SLOW_CONSUMER instead of buffering without bound', async () => {
    const c = client();
    // Tens of KB per message: every product of a top-level category with its details.
    const query = `subscription { priceChanged(productIds: ["p-15"]) { eventId product { category { parent { products(first: 100) { edges { node { id name description sku attributes { name value } images { url alt } } } } } } } } }`;
    const subs = Array.from({ length: LIMITS.maxPerConnection }, () => subscribe(c, query));
    await waitForSubscribers(stack, LIMITS.maxPerConnection);
    const socket = c.sockets[0]!;
    (socket as any)._socket.pause(); // the client stops reading
    const slowBefore = stack.gateway.subscriptions!.stats().slowConsumersClosed;
    const isClosing = () => stack.gateway.subscriptions!.stats().slowConsumersClosed > slowBefore;
    let published = 0;
    while (!isClosing() && published < 2000) {
      await stack.eventBus.publish(priceChanged('p-15', 'EUR', price(published), price(published + 1, published + 2)));
      published++;
      if (published % 20 === 0) await stack.gateway.subscriptions!.hub.idle();
    }
    expect(isClosing()).toBe(true);
    const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
    (socket as any)._socket.resume();
    expect(await closed).toEqual({ code: 4413, reason: 'SLOW_CONSUMER' });
    const delivered = subs.reduce((n, s) => n + s.results.length, 0);
    expect(delivered).toBeLessThan(published * subs.length);
  });

  it('passes the connection_init payload to onConnect and closes with 4401 when it throws UNAUTHENTICATED', async () => {
    const second = await secondGateway(stack, ({ connectionParams }) => {
      if (connectionParams.token !== 'let-me-in') throw userError('UNAUTHENTICATED', 'A valid token is required');
      return { user: 'u-1' };
    });
    try {
      const denied = subscribe(client({ connectionParams: { token: 'wrong' } }, second.url), PRICE_SUB, { ids: ['p-16'] });
      await denied.ended();
      expect(denied.error).toMatchObject({ code: 4401, reason: 'UNAUTHENTICATED' });
      const allowed = subscribe(client({ connectionParams: { token: 'let-me-in' } }, second.url), PRICE_SUB, { ids: ['p-16'] });
      await waitFor(() => second.subscriptions!.hub.stats().subscriptions === 1);
      await stack.eventBus.publish(priceChanged('p-16', 'EUR', price(1), price(2, 2)));
      await allowed.waitFor(1);
    } finally {
      await second.close();
    }
  });

  it('shows every subscription field to Sandbox through introspection over HTTP', async () => {
    const res = await gql(stack.url, `{ __schema { subscriptionType { fields { name args { name } type { ofType { name } } } } } }`);
    const fields = res.body.data.__schema.subscriptionType.fields.sort((a: any, b: any) => a.name.localeCompare(b.name));
    expect(fields).toEqual([
      { name: 'orderStatusChanged', args: [{ name: 'orderId' }], type: { ofType: { name: 'OrderStatusChange' } } },
      { name: 'priceChanged', args: [{ name: 'productIds' }], type: { ofType: { name: 'PriceChange' } } },
      { name: 'shipmentTracking', args: [{ name: 'orderId' }], type: { ofType: { name: 'ShipmentStatusChange' } } },
      { name: 'stockChanged', args: [{ name: 'productIds' }, { name: 'warehouseId' }], type: { ofType: { name: 'StockChange' } } },
    ]);
  });

  it('answers a subscription sent over HTTP with a clear error and no stack trace', async () => {
    const res = await gql(stack.url, `subscription { priceChanged(productIds: ["p-1"]) { eventId } }`);
    expect(res.status).toBe(400);
    expect(errorCodes(res)).toEqual(['OPERATION_NOT_SUPPORTED']);
    expect(leaksStack(res)).toBe(false);
  });

  it('still serves queries over HTTP on the same port', async () => {
    const res = await gql(stack.url, PRODUCT_NOW, { id: 'p-1' });
    expect(res.body.data.product.name).toEqual(expect.any(String));
  });
});

/** Waits until the gateway holds `count` subscriptions (each test starts from none). */
async function waitForSubscribers(stack: TestStack, count: number): Promise<void> {
  const hub = stack.gateway.subscriptions!.hub;
  await waitFor(() => hub.stats().subscriptions >= count);
}

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

function secondGateway(stack: TestStack, onSubscriptionConnect?: Parameters<typeof startGateway>[0]['onSubscriptionConnect']): Promise<GatewayServer> {
  return startGatewayOver(stack, { eventBus: stack.eventBus, onSubscriptionConnect });
}

