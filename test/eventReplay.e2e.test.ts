import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFold, createEventStoreReader } from '../lib/eventStore/index.js';
import { createOramaSearchIndex } from '../lib/search/index.js';
import type { SearchDocument, SearchIndex, SearchQuery } from '../lib/search/SearchIndex.js';
import {
  createSearchDocumentFold, loadCategoryPaths, readStoreDocuments, reindex, replaySearchIndex, SEARCH_REPLAY_TYPES,
  type ReplayProgress,
} from '../subgraphs/search/indexing/index.js';
import type { ProductEvent } from '../lib/events/index.js';
import { createRedisCacheStore, entityTag, replayCacheInvalidation, rootTag } from '../gateway/entityCache/index.js';
import { randomPrefix, testRedisUrl } from './helpers/redis.js';
import { authHeader } from './helpers/auth.js';
import { waitFor } from './helpers/events.js';
import { gql } from './helpers/graphql.js';
import { startTestStack, type TestStack } from './helpers/stack.js';

const SET_PRICE = /* GraphQL */ `mutation ($input: SetPriceInput!) { setPrice(input: $input) { version } }`;
const ADJUST_STOCK = /* GraphQL */ `mutation ($input: AdjustStockInput!) { adjustStock(input: $input) { version } }`;

// One moment for both rebuilds: which sale prices apply depends on it.
const NOW = new Date();

async function storeDocuments(stack: TestStack): Promise<SearchDocument[]> {
  const all: SearchDocument[] = [];
  for await (const batch of readStoreDocuments(stack.db, { now: NOW, batchSize: 17 })) all.push(...batch);
  return all;
}

async function allHits(index: SearchIndex, query: Omit<SearchQuery, 'offset' | 'limit'>) {
  return index.search({ ...query, offset: 0, limit: 500 });
}

describe('npm run events:replay', () => {
  let stack: TestStack;
  let historyStarted: Date;
  beforeAll(async () => {
    stack = await startTestStack('pg', { products: 60, seedEvents: true });
    historyStarted = new Date();
    // A history beyond the seed: writes through the gateway and plain SQL, a rename, a new
    // product, a deleted one, a price row removed, a sale window that has not started.
    const admin = await authHeader(stack, 'admin');
    for (const [productId, listAmount] of [['p-3', 4100], ['p-3', 3900], ['p-9', 1234]] as const) {
      expect((await gql(stack.url, SET_PRICE, { input: { productId, currency: 'EUR', listAmount } }, admin)).body.errors).toBeUndefined();
    }
    for (const delta of [-2, 7]) {
      expect((await gql(stack.url, ADJUST_STOCK, { input: { productId: 'p-4', warehouseId: 'wh-berlin', delta, reason: 'count' } }, admin)).body.errors).toBeUndefined();
    }
    // Plain SQL bumps `version` as the subgraphs' writes do: consumers apply a row's newest version.
    await stack.db.query("UPDATE catalog.products SET name = 'Globex Replayed Kettle 5', version = version + 1 WHERE id = 'p-5'");
    await stack.db.query("UPDATE pricing.prices SET sale_amount = 10, sale_valid_from = now() + interval '1 day', version = version + 1 WHERE product_id = 'p-6' AND currency = 'GBP'");
    await stack.db.query("DELETE FROM pricing.prices WHERE product_id = 'p-7' AND currency = 'USD'");
    await stack.db.query("UPDATE inventory.stock SET reserved = on_hand, version = version + 1 WHERE product_id = 'p-8'");
    await stack.db.transaction(async (tx) => {
      await tx.query("DELETE FROM pricing.prices WHERE product_id = 'p-10'");
      await tx.query("DELETE FROM inventory.stock WHERE product_id = 'p-10'");
      await tx.query("DELETE FROM catalog.products WHERE id = 'p-10'");
    });
    await stack.db.query(`INSERT INTO catalog.products (id, sku, slug, name, description, brand, category_id, attributes, images, weight_grams, length_mm, width_mm, height_mm)
      VALUES ('p-61', 'SKU-000061', 'acme-new-lamp-61', 'Acme New Lamp 61', 'A lamp.', 'Acme', 'c-20', '[{"name":"colour","value":"red"}]', '[]', 500, 100, 100, 100)`);
    await stack.db.query("INSERT INTO pricing.prices (product_id, currency, list_amount) VALUES ('p-61', 'EUR', 2500)");
    // Every change has reached the event store once the fold of its events matches the stores
    // and the new product's events are in: a row without events passes the fold check while it
    // is still at version 1, as p-61 is.
    const p61Events = async () => (await stack.db.query<{ n: number }>("SELECT count(*)::int AS n FROM event_store.events WHERE subject = 'p-61'")).rows[0]!.n;
    await waitFor(async () => (await p61Events()) >= 2 && (await checkFold(stack.db)).mismatches.length === 0, 20_000, 'the event store to hold every change');
  }, 60_000);
  afterAll(async () => stack?.close());

  it('folds the events into exactly the documents a reindex reads from the stores', async () => {
    const fold = createSearchDocumentFold(await loadCategoryPaths(stack.db), NOW);
    for await (const batch of createEventStoreReader(stack.db).scan({ types: SEARCH_REPLAY_TYPES, batchSize: 50 })) {
      fold.apply(batch.map((stored) => stored.event as ProductEvent));
    }
    const fromEvents = fold.documents();
    const fromStores = await storeDocuments(stack);
    expect(fromStores).toHaveLength(60); // 60 seeded + p-61 − p-10
    expect(fromEvents.map((d) => d.id)).toEqual(fromStores.map((d) => d.id));
    expect(fromEvents).toEqual(fromStores);
    expect(fromEvents.find((d) => d.id === 'p-5')?.name).toBe('Globex Replayed Kettle 5');
    expect(fromEvents.find((d) => d.id === 'p-7')?.prices).not.toHaveProperty('USD');
  });

  it('rebuilds a search index equal to a fresh reindex, swapped in only when complete, with progress', async () => {
    const replayed = await createOramaSearchIndex();
    await replayed.upsert((await storeDocuments(stack)).slice(0, 3).map((d) => ({ ...d, name: 'stale before the replay' })));
    const reindexed = await createOramaSearchIndex();
    const progress: ReplayProgress[] = [];
    const result = await replaySearchIndex(replayed, createEventStoreReader(stack.db), await loadCategoryPaths(stack.db), {
      now: NOW, onProgress: (p) => progress.push(p),
    });
    await reindex(reindexed, readStoreDocuments(stack.db, { now: NOW }));

    expect(result.documents).toBe(60);
    expect(result.events).toBeGreaterThanOrEqual(60 * 7 + 10); // the seed's 60 products × (1 + 3 prices + 3 stock rows), then the history
    expect(progress.filter((p) => p.phase === 'events').at(-1)).toMatchObject({ done: result.events, total: result.events });
    expect(progress.at(-1)).toMatchObject({ phase: 'documents', done: 60, total: 60 });

    const ids = (await storeDocuments(stack)).map((d) => d.id);
    expect(await replayed.count()).toBe(await reindexed.count());
    expect(Object.fromEntries(await replayed.get(ids))).toEqual(Object.fromEntries(await reindexed.get(ids)));
    for (const query of [
      { text: 'kettle' }, { text: 'replayed' }, { text: 'lamp', sort: 'PRICE_ASC', currency: 'EUR' },
      { filters: { inStock: true, brands: ['Acme', 'Globex'] }, sort: 'NEWEST' },
      { filters: { price: { currency: 'GBP', min: 0, max: 2000 } }, sort: 'PRICE_DESC', currency: 'GBP' },
    ] as const) {
      expect(await allHits(replayed, query)).toEqual(await allHits(reindexed, query));
    }
  });

  it('leaves the live index untouched when the event store fails mid-replay', async () => {
    const index = await createOramaSearchIndex();
    const before = (await storeDocuments(stack)).slice(0, 2);
    await index.upsert(before);
    const reader = createEventStoreReader(stack.db);
    const failing = {
      ...reader,
      async *scan(query: Parameters<typeof reader.scan>[0]) {
        const first = await reader.scan({ ...query, batchSize: 40 }).next();
        if (!first.done) yield first.value;
        throw new Error('connection to the event store lost');
      },
    };
    await expect(replaySearchIndex(index, failing, await loadCategoryPaths(stack.db))).rejects.toThrow('connection to the event store lost');
    expect(await index.count()).toBe(2);
  });

  it('--projection cache --from <time> drops from the shared cache exactly what changed since then', async () => {
    const store = createRedisCacheStore({ url: testRedisUrl(), prefix: `${randomPrefix()}ec:` });
    await store.ready();
    const entry = (key: string, tag: string) => ({ key, value: '{}', tags: [tag] });
    await store.set([
      entry('price-3', entityTag('pricing', 'Product', 'p-3')), entry('price-50', entityTag('pricing', 'Product', 'p-50')),
      entry('name-5', entityTag('catalog', 'Product', 'p-5')), entry('name-3', entityTag('catalog', 'Product', 'p-3')),
      entry('stock-4', entityTag('inventory', 'Product', 'p-4')), entry('listing', rootTag('catalog')),
    ], 60_000);
    const read = await replayCacheInvalidation(store, createEventStoreReader(stack.db), { from: historyStarted });
    expect(read).toBeGreaterThanOrEqual(10);
    expect(read).toBeLessThan(60);
    const keys = ['price-3', 'price-50', 'name-5', 'name-3', 'stock-4', 'listing'];
    // p-3's price, p-5's name and p-4's stock changed; p-61 was created and p-10 deleted (listings change).
    expect(await store.get(keys)).toEqual([undefined, '{}', undefined, '{}', undefined, undefined]);
    await store.close();
  });
});
