import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createEntityCache, createMemoryCacheStore, createRedisCacheStore, subscribeCacheInvalidation, type CacheStore,
} from '../gateway/entityCache/index.js';
import { createInProcessEventLog, createStreamEventBus, type CloudEvent, type EventBus, type Events } from '../lib/events/index.js';
import type { RunningServer } from '../lib/http/index.js';
import { createLogger } from '../lib/logging/index.js';
import { authHeader } from './helpers/auth.js';
import { gql } from './helpers/graphql.js';
import { startPrivateRedis } from './helpers/redis.js';
import { startGatewayOver, startTestStack, type TestStack } from './helpers/stack.js';
import { subscribe, wsClient } from './helpers/subscriptions.js';

const PRODUCT_PAGE = /* GraphQL */ `
  query ProductPage($id: ID!) {
    product(id: $id) {
      id name brand category { name }
      price { amount currency version }
      stock { available inStock }
    }
  }`;
const SET_PRICE = /* GraphQL */ `
  mutation SetPrice($input: SetPriceInput!) { setPrice(input: $input) { amount version } }`;

const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'silent', service: 'test' });

/** What the change pipeline's relay publishes after `setPrice` commits (the pipeline is built elsewhere). */
const priceChanged = (productId: string, listAmount: number, version: number): CloudEvent<'commerce.pricing.price_changed.v1', Events['commerce.pricing.price_changed.v1']> => ({
  specversion: '1.0', id: randomBytes(8).toString('hex'), source: '/commerce/pricing', type: 'commerce.pricing.price_changed.v1',
  subject: productId, time: new Date().toISOString(), datacontenttype: 'application/json',
  data: { productId, currency: 'EUR', before: null, after: { listAmount, saleAmount: null, saleValidFrom: null, saleValidTo: null, version } },
});

/** A gateway with the entity cache over `stack`'s subgraphs, invalidated from `bus`. */
async function cachedGateway(stack: TestStack, stores: CacheStore[], bus: EventBus, disabled: string[] = [], reads: string[] = []) {
  const inner = createEntityCache({ stores, ttlMs: 60_000, logger, disabled });
  const cache = { ...inner, get: (keys: readonly string[]) => (reads.push(...keys), inner.get(keys)) };
  const unsubscribe = await subscribeCacheInvalidation(cache, bus);
  const gateway = await startGatewayOver(stack, { logger, entityCache: cache });
  return {
    gateway,
    async close() {
      await unsubscribe();
      await gateway.close();
      await cache.close();
    },
  };
}

async function setPrice(stack: TestStack, productId: string, listAmount: number) {
  const res = await gql(stack.url, SET_PRICE, { input: { productId, currency: 'EUR', listAmount } }, await authHeader(stack, 'merchandiser'));
  expect(res.body.errors).toBeUndefined();
  return res.body.data.setPrice as { amount: number; version: number };
}

describe('entity cache through the gateway (in-process store)', () => {
  let stack: TestStack;
  let bus: EventBus;
  let cached: Awaited<ReturnType<typeof cachedGateway>>;
  let gateway: RunningServer;
  const sql = () => stack.statements.length;
  const page = async (id: string, headers: Record<string, string> = {}) => {
    const res = await gql(gateway.url, PRODUCT_PAGE, { id }, headers);
    expect(res.body.errors).toBeUndefined();
    return res.body.data.product;
  };

  beforeAll(async () => {
    stack = await startTestStack('pglite');
    bus = createStreamEventBus({ log: createInProcessEventLog() });
    cached = await cachedGateway(stack, [createMemoryCacheStore()], bus);
    gateway = cached.gateway;
  });
  afterAll(async () => {
    await cached?.close();
    await stack?.close();
  });

  it('serves a repeated product page without touching the subgraphs', async () => {
    const first = await page('p-11');
    stack.statements.length = 0;
    expect(await page('p-11')).toEqual(first);
    expect(sql()).toBe(0);
  });

  it('answers a repeated page from the response cache without running the query plan', async () => {
    const reads: string[] = [];
    const spied = await cachedGateway(stack, [createMemoryCacheStore()], bus, [], reads);
    try {
      await gql(spied.gateway.url, PRODUCT_PAGE, { id: 'p-18' });
      reads.length = 0;
      const res = await gql(spied.gateway.url, PRODUCT_PAGE, { id: 'p-18' });
      expect(res.body.data.product.id).toBe('p-18');
      expect(reads).toHaveLength(1);
      expect(reads[0]).toMatch(/^gateway\|Response\|/);
    } finally {
      await spied.close();
    }
  });

  it('never caches an answer with errors', async () => {
    const first = await gql(gateway.url, PRODUCT_PAGE, { id: 'p-999999' });
    expect(first.body.errors?.[0]?.extensions?.code).toBe('PRODUCT_NOT_FOUND');
    stack.statements.length = 0;
    const again = await gql(gateway.url, PRODUCT_PAGE, { id: 'p-999999' });
    expect(again.body.errors?.[0]?.extensions?.code).toBe('PRODUCT_NOT_FOUND');
    expect(stack.statements.some((sql) => sql.includes('catalog.'))).toBe(true);
  });

  it('never caches a search: which products match changes with data outside the answer', async () => {
    const SEARCH = 'query($p: Int!) { search(filters: { price: { min: $p, max: $p, currency: "EUR" } }) { edges { node { id } } } }';
    const empty = await gql(gateway.url, SEARCH, { p: 654321 });
    expect(empty.body.data.search.edges).toEqual([]);
    // The stack's own pipeline (outbox → relay → durable indexer) updates the index.
    await stack.db.query(`UPDATE pricing.prices SET list_amount = 654321, sale_amount = NULL, version = version + 1 WHERE product_id = 'p-19' AND currency = 'EUR'`);
    let ids: string[] = [];
    for (const deadline = Date.now() + 15_000; Date.now() < deadline && ids.length === 0; await new Promise((r) => setTimeout(r, 50))) {
      ids = (await gql(gateway.url, SEARCH, { p: 654321 })).body.data.search.edges.map((e: any) => e.node.id);
    }
    expect(ids).toEqual(['p-19']);
  });

  it('never shares an answer with a caller that sent an identity header', async () => {
    await page('p-12');
    stack.statements.length = 0;
    await page('p-12', await authHeader(stack, 'customer'));
    for (const schema of ['catalog.', 'pricing.', 'inventory.']) expect(stack.statements.some((s) => s.includes(schema))).toBe(true);
  });

  it('shows the new price once the change event is processed, and only refetches the price', async () => {
    const before = await page('p-13');
    await setPrice(stack, 'p-13', before.price.amount + 100);
    await bus.publish(priceChanged('p-13', before.price.amount + 100, before.price.version + 1));
    stack.statements.length = 0;
    const after = await page('p-13');
    expect(after.price).toMatchObject({ amount: before.price.amount + 100, version: before.price.version + 1 });
    expect(after.stock).toEqual(before.stock);
    // Catalog and inventory entries survived: one statement, on pricing.
    expect(stack.statements).toHaveLength(1);
    expect(stack.statements[0]).toContain('pricing.');
  });

  it('keeps the entries of other products when one product is invalidated', async () => {
    await page('p-14');
    await page('p-15');
    await bus.publish(priceChanged('p-14', 1, 99));
    stack.statements.length = 0;
    await page('p-15');
    expect(sql()).toBe(0);
  });

  it('never caches a type turned off in config, and still caches the others', async () => {
    const off = await cachedGateway(stack, [createMemoryCacheStore()], bus, ['pricing.Product']);
    try {
      await gql(off.gateway.url, PRODUCT_PAGE, { id: 'p-17' });
      stack.statements.length = 0;
      const res = await gql(off.gateway.url, PRODUCT_PAGE, { id: 'p-17' });
      expect(res.body.errors).toBeUndefined();
      expect(stack.statements).toHaveLength(1);
      expect(stack.statements[0]).toContain('pricing.');
    } finally {
      await off.close();
    }
  });

  it('never serves an older price after the event, even with reads in flight during the change', async () => {
    const start = await page('p-16');
    let running = true;
    let eventDoneAt = Infinity;
    const seen: { startedAt: number; amount: number }[] = [];
    const reader = async () => {
      while (running) {
        const startedAt = performance.now();
        const product = await page('p-16');
        seen.push({ startedAt, amount: product.price.amount });
      }
    };
    const readers = Array.from({ length: 4 }, reader);
    let amount = start.price.amount;
    for (let i = 0; i < 5; i++) {
      amount += 7;
      const written = await setPrice(stack, 'p-16', amount);
      await bus.publish(priceChanged('p-16', amount, written.version));
      eventDoneAt = performance.now();
      await new Promise((r) => setTimeout(r, 30));
      expect(seen.filter((s) => s.startedAt > eventDoneAt).every((s) => s.amount === amount)).toBe(true);
    }
    // Let some reads start and finish after the last event before stopping (slow, shared machine).
    for (let i = 0; i < 100 && seen.filter((s) => s.startedAt > eventDoneAt).length < 4; i++) await new Promise((r) => setTimeout(r, 50));
    running = false;
    await Promise.all(readers);
    const late = seen.filter((s) => s.startedAt > eventDoneAt);
    expect(late.length).toBeGreaterThan(0);
    expect(late.every((s) => s.amount === amount)).toBe(true);
  });
});

describe('entity cache in Redis', () => {
  let stack: TestStack;
  let redis: Awaited<ReturnType<typeof startPrivateRedis>>;
  let bus: EventBus;
  let cached: Awaited<ReturnType<typeof cachedGateway>> | undefined;

  beforeAll(async () => {
    stack = await startTestStack('pglite');
    redis = await startPrivateRedis();
    bus = createStreamEventBus({ log: createInProcessEventLog() });
  });
  afterEach(async () => {
    await cached?.close();
    cached = undefined;
  });
  afterAll(async () => {
    await redis?.close();
    await stack?.close();
  });

  it('shares entries between two gateway replicas', async () => {
    const prefix = `test:ec:${randomBytes(6).toString('hex')}:`;
    const stores = [createRedisCacheStore({ url: redis.url, prefix, logger }), createRedisCacheStore({ url: redis.url, prefix, logger })];
    await Promise.all(stores.map((s) => s.ready()));
    cached = await cachedGateway(stack, [stores[0]!], bus);
    const replica = await cachedGateway(stack, [stores[1]!], bus);
    try {
      const first = (await gql(cached.gateway.url, PRODUCT_PAGE, { id: 'p-21' })).body.data.product;
      stack.statements.length = 0;
      const second = (await gql(replica.gateway.url, PRODUCT_PAGE, { id: 'p-21' })).body.data.product;
      expect(second).toEqual(first);
      expect(stack.statements).toHaveLength(0);
    } finally {
      await replica.close();
    }
  });

  it('degrades to uncached reads when Redis goes down, and shows changes made meanwhile', async () => {
    const prefix = `test:ec:${randomBytes(6).toString('hex')}:`;
    const store = createRedisCacheStore({ url: redis.url, prefix, logger });
    await store.ready();
    cached = await cachedGateway(stack, [store], bus);
    const url = cached.gateway.url;
    const before = (await gql(url, PRODUCT_PAGE, { id: 'p-22' })).body.data.product;
    await redis.stop();

    const during = await gql(url, PRODUCT_PAGE, { id: 'p-22' });
    expect(during.body.errors).toBeUndefined();
    expect(during.body.data.product).toEqual(before);
    // The invalidation cannot reach Redis; the read must still show the new price.
    await setPrice(stack, 'p-22', before.price.amount + 5);
    await bus.publish(priceChanged('p-22', before.price.amount + 5, before.price.version + 1));
    const changed = await gql(url, PRODUCT_PAGE, { id: 'p-22' });
    expect(changed.body.errors).toBeUndefined();
    expect(changed.body.data.product.price.amount).toBe(before.price.amount + 5);

    // Redis comes back empty-handed or not: the entry that missed its invalidation is never served.
    await redis.start();
    for (let i = 0; i < 20; i++) {
      const res = await gql(url, PRODUCT_PAGE, { id: 'p-22' });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.product.price.amount).toBe(before.price.amount + 5);
      await new Promise((r) => setTimeout(r, 100));
    }
  });
});

describe('entity cache under subscriptions', () => {
  const PRICE_SUB = /* GraphQL */ `
    subscription Prices($ids: [ID!]!) {
      priceChanged(productIds: $ids) {
        eventId
        product { id name brand category { name } price { amount currency version } stock { available inStock } }
      }
    }`;
  let stack: TestStack;
  let bus: EventBus;
  let gateway: Awaited<ReturnType<typeof startGatewayOver>>;
  let cache: ReturnType<typeof createEntityCache>;
  const clients: ReturnType<typeof wsClient>[] = [];
  /** Invalidations reach the store this late, as a Redis tier's would under load. */
  let invalidationDelayMs = 0;

  beforeAll(async () => {
    stack = await startTestStack('pglite');
    bus = createStreamEventBus({ log: createInProcessEventLog() });
    const memory = createMemoryCacheStore();
    const slow: CacheStore = {
      ...memory,
      name: memory.name,
      get: (keys) => memory.get(keys),
      set: (entries, ttlMs) => memory.set(entries, ttlMs),
      invalidate: async (tags) => {
        await new Promise((r) => setTimeout(r, invalidationDelayMs));
        await memory.invalidate(tags);
      },
      close: () => memory.close(),
    };
    cache = createEntityCache({ stores: [slow], ttlMs: 60_000, logger });
    await subscribeCacheInvalidation(cache, bus);
    gateway = await startGatewayOver(stack, { logger, entityCache: cache, eventBus: bus });
  });
  afterAll(async () => {
    await Promise.all(clients.splice(0).map((c) => c.dispose()));
    await gateway?.close();
    await cache?.close();
    await stack?.close();
  });

  it('answers an event\'s fetch with the changed price from pricing and the rest from the cache, then serves the page from the refilled cache', async () => {
    invalidationDelayMs = 150;
    const before = (await gql(gateway.url, PRODUCT_PAGE, { id: 'p-31' })).body.data.product;
    const client = wsClient(gateway.url);
    clients.push(client);
    const received = subscribe(client, PRICE_SUB, { ids: ['p-31'] });
    for (let i = 0; i < 300 && gateway.subscriptions!.hub.stats().subscriptions === 0; i++) await new Promise((r) => setTimeout(r, 10));
    // The first event fills what only the subscription's query asks (its root field); the second is the steady state.
    await setPrice(stack, 'p-31', before.price.amount + 100);
    await bus.publish(priceChanged('p-31', before.price.amount + 100, before.price.version + 1));
    await received.waitFor(1);
    const amount = before.price.amount + 250;
    await setPrice(stack, 'p-31', amount);
    stack.statements.length = 0;
    await bus.publish(priceChanged('p-31', amount, before.price.version + 2));
    await received.waitFor(2);
    // The fetch waited for the (slow) invalidation: the new price, not the cached one.
    expect(received.results[1]!.data.priceChanged.product).toMatchObject({ name: before.name, price: { amount, version: before.price.version + 2 }, stock: before.stock });
    expect(stack.statements.length).toBeGreaterThan(0);
    expect(stack.statements.filter((sql) => !sql.includes('pricing.'))).toEqual([]);
    stack.statements.length = 0;
    const page = (await gql(gateway.url, PRODUCT_PAGE, { id: 'p-31' })).body.data.product;
    expect(page.price.amount).toBe(amount);
    expect(stack.statements.filter((sql) => sql.includes('pricing.'))).toEqual([]);
  });

  it('never caches what a signed-in subscriber\'s fetch returns', async () => {
    invalidationDelayMs = 0;
    const client = wsClient(gateway.url, { connectionParams: { Authorization: (await authHeader(stack, 'customer')).authorization! } });
    clients.push(client);
    const received = subscribe(client, PRICE_SUB, { ids: ['p-32'] });
    for (let i = 0; i < 300 && gateway.subscriptions!.hub.stats().subscriptions < 2; i++) await new Promise((r) => setTimeout(r, 10));
    await bus.publish(priceChanged('p-32', 1234, 77));
    await received.waitFor(1);
    stack.statements.length = 0;
    await gql(gateway.url, PRODUCT_PAGE, { id: 'p-32' });
    for (const schema of ['catalog.', 'pricing.', 'inventory.']) expect(stack.statements.some((s) => s.includes(schema))).toBe(true);
  });
});
