import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../lib/db/index.js';
import { openStoreDb } from '../../test/helpers/storeSubgraphHarness.js';
import { DB_KINDS, recordingDb } from '../../test/helpers/testDb.js';
import { createCatalogStore, type CatalogStore } from './store.js';

// The sample store puts product p-n in the ((n - 1) mod 20)th leaf category: c-2..c-6 under
// Footwear (c-1), c-8..c-12 under Apparel (c-7), c-14..c-18 under Outdoor (c-13), c-20..c-24 under Home (c-19).
const PRODUCTS = 45;

describe.each(DB_KINDS)('createCatalogStore on %s', (kind) => {
  let db: Db;
  let store: CatalogStore;
  beforeAll(async () => {
    db = await openStoreDb(kind, { products: PRODUCTS });
    store = createCatalogStore(db);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('loads many products by id in one statement and leaves unknown ids out', async () => {
    const recorded = recordingDb(db);
    const rows = await createCatalogStore(recorded.db).productsByIds(['p-3', 'p-1', 'p-999', 'p-40']);
    expect(recorded.statements).toHaveLength(1);
    expect(rows.map((r) => r.id).sort()).toEqual(['p-1', 'p-3', 'p-40']);
    const p3 = rows.find((r) => r.id === 'p-3')!;
    expect(p3).toMatchObject({ sku: 'SKU-000003', category_id: 'c-4', version: 1 });
    expect(typeof p3.seq).toBe('number');
    expect(p3.updated_at).toBeInstanceOf(Date);
    expect(p3.attributes.map((a) => a.name)).toEqual(['colour', 'material']);
  });

  it('finds a product by its slug, and nothing for an unknown slug', async () => {
    const [p7] = await store.productsByIds(['p-7']);
    expect((await store.productBySlug(p7!.slug))?.id).toBe('p-7');
    expect(await store.productBySlug('no-such-slug')).toBeUndefined();
  });

  it('pages through all products in seq order, one extra row telling whether more follow', async () => {
    const seen: string[] = [];
    let afterSeq = 0;
    for (;;) {
      const page = await store.listProducts({ first: 10, afterSeq, categoryId: null });
      seen.push(...page.rows.map((r) => r.id));
      expect(page.rows.length).toBeLessThanOrEqual(10);
      if (!page.hasNextPage) break;
      expect(page.rows).toHaveLength(10);
      afterSeq = page.rows.at(-1)!.seq;
    }
    expect(seen).toEqual(Array.from({ length: PRODUCTS }, (_, i) => `p-${i + 1}`));
  });

  it('says there is no next page when the last page is exactly full', async () => {
    const first = await store.listProducts({ first: 40, afterSeq: 0, categoryId: null });
    const last = await store.listProducts({ first: 5, afterSeq: first.rows.at(-1)!.seq, categoryId: null });
    expect(first.hasNextPage).toBe(true);
    expect(last.rows.map((r) => r.id)).toEqual(['p-41', 'p-42', 'p-43', 'p-44', 'p-45']);
    expect(last.hasNextPage).toBe(false);
  });

  it('filters a listing by a category and every category below it', async () => {
    const root = await store.listProducts({ first: 100, afterSeq: 0, categoryId: 'c-1' });
    // Footwear leaves are the 1st..5th: p-1..p-5, p-21..p-25, p-41..p-45.
    expect(root.rows.map((r) => r.id)).toEqual(['p-1', 'p-2', 'p-3', 'p-4', 'p-5', 'p-21', 'p-22', 'p-23', 'p-24', 'p-25', 'p-41', 'p-42', 'p-43', 'p-44', 'p-45']);
    expect(root.categoryId).toBe('c-1');
    const leaf = await store.listProducts({ first: 2, afterSeq: 0, categoryId: 'c-2' });
    expect(leaf.rows.map((r) => r.id)).toEqual(['p-1', 'p-21']);
    expect(leaf.hasNextPage).toBe(true);
    const next = await store.listProducts({ first: 2, afterSeq: leaf.rows.at(-1)!.seq, categoryId: 'c-2' });
    expect(next.rows.map((r) => r.id)).toEqual(['p-41']);
    expect(next.hasNextPage).toBe(false);
  });

  it('counts all products, or those in a category subtree', async () => {
    expect(await store.countProducts(null)).toBe(PRODUCTS);
    expect(await store.countProducts('c-1')).toBe(15);
    expect(await store.countProducts('c-2')).toBe(3);
    expect(await store.countProducts('c-999')).toBe(0);
  });

  it('loads many categories by id in one statement', async () => {
    const recorded = recordingDb(db);
    const rows = await createCatalogStore(recorded.db).categoriesByIds(['c-1', 'c-2', 'c-404']);
    expect(recorded.statements).toHaveLength(1);
    expect(rows.sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { id: 'c-1', parent_id: null, name: 'Footwear', slug: 'footwear' },
      { id: 'c-2', parent_id: 'c-1', name: 'Running Shoes', slug: 'running-shoes' },
    ]);
  });

  it('loads the children of many parents in one statement, in position order', async () => {
    const recorded = recordingDb(db);
    const rows = await createCatalogStore(recorded.db).childCategories(['c-7', 'c-1']);
    expect(recorded.statements).toHaveLength(1);
    expect(rows.filter((r) => r.parent_id === 'c-1').map((r) => r.name)).toEqual(['Running Shoes', 'Hiking Boots', 'Sandals', 'Sneakers', 'Slippers']);
    expect(rows.filter((r) => r.parent_id === 'c-7').map((r) => r.id)).toEqual(['c-8', 'c-9', 'c-10', 'c-11', 'c-12']);
    expect(rows).toHaveLength(10);
  });

  it('lists root categories, or every category when asked for all', async () => {
    expect((await store.categories(false)).map((c) => c.name)).toEqual(['Footwear', 'Apparel', 'Outdoor', 'Home']);
    const all = await store.categories(true);
    expect(all).toHaveLength(24);
    expect(new Set(all.map((c) => c.id)).size).toBe(24);
  });
});
