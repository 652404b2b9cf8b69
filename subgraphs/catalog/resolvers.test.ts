import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../lib/db/index.js';
import { errorCodes, type GraphQLResponse } from '../../test/helpers/graphql.js';
import { openStoreDb, serveStoreSubgraph, type ServedSubgraph } from '../../test/helpers/storeSubgraphHarness.js';
import { DB_KINDS } from '../../test/helpers/testDb.js';
import { catalogSubgraph } from './index.js';

const PRODUCTS = 45;
const ENTITIES = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id name category { id name } } } }`;
const PAGE = `query ($first: Int, $after: String, $categoryId: ID) {
  products(first: $first, after: $after, categoryId: $categoryId) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } } }`;

describe.each(DB_KINDS)('catalog resolvers on %s', (kind) => {
  let db: Db;
  let subgraph: ServedSubgraph;
  beforeAll(async () => {
    db = await openStoreDb(kind, { products: PRODUCTS });
    subgraph = await serveStoreSubgraph(catalogSubgraph, db);
  });
  afterAll(async () => {
    await subgraph?.close();
    await db?.close();
  });

  it('resolves many Product references with one products query and one categories query', async () => {
    const ids = ['p-1', 'p-2', 'p-3', 'p-21', 'p-30', 'p-44'];
    subgraph.resetStatements();
    const res = await subgraph.call(ENTITIES, { r: ids.map((id) => ({ __typename: 'Product', id })) });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data._entities.map((p: { id: string }) => p.id)).toEqual(ids);
    expect(res.body.data._entities[3].category).toEqual({ id: 'c-2', name: 'Running Shoes' });
    expect(subgraph.statements.filter((s) => /FROM catalog\.products/.test(s))).toHaveLength(1);
    expect(subgraph.statements.filter((s) => /FROM catalog\.categories/.test(s))).toHaveLength(1);
    expect(subgraph.statements).toHaveLength(2);
  });

  it('resolves an unknown Product reference to null without failing the batch', async () => {
    const res = await subgraph.call(ENTITIES, { r: [{ __typename: 'Product', id: 'p-1' }, { __typename: 'Product', id: 'p-9999' }] });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data._entities).toEqual([{ id: 'p-1', name: expect.any(String), category: { id: 'c-2', name: 'Running Shoes' } }, null]);
  });

  it('answers product(id) with its fields, dimensions and an ISO updatedAt', async () => {
    const res = await subgraph.call('{ product(id: "p-4") { id sku weightGrams dimensions { lengthMm widthMm heightMm } updatedAt } }');
    const { rows: [row] } = await db.query<{ weight_grams: number; length_mm: number; width_mm: number; height_mm: number }>(
      "SELECT weight_grams, length_mm, width_mm, height_mm FROM catalog.products WHERE id = 'p-4'");
    expect(res.body.data.product).toMatchObject({
      id: 'p-4', sku: 'SKU-000004', weightGrams: row!.weight_grams,
      dimensions: { lengthMm: row!.length_mm, widthMm: row!.width_mm, heightMm: row!.height_mm },
    });
    expect(res.body.data.product.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('fails product(id) with PRODUCT_NOT_FOUND for an unknown id and BAD_USER_INPUT for a malformed one', async () => {
    const missing = await subgraph.call('{ product(id: "p-9999") { id } }');
    expect(errorCodes(missing)).toEqual(['PRODUCT_NOT_FOUND']);
    expect(missing.body.errors![0]!.extensions).toMatchObject({ productId: 'p-9999' });
    const malformed = await subgraph.call('{ product(id: "42") { id } }');
    expect(errorCodes(malformed)).toEqual(['BAD_USER_INPUT']);
    expect(malformed.body.errors![0]!.extensions).toMatchObject({ field: 'id' });
  });

  it('finds a product by slug, and fails with PRODUCT_NOT_FOUND for an unknown slug', async () => {
    const { rows: [row] } = await db.query<{ slug: string }>("SELECT slug FROM catalog.products WHERE id = 'p-9'");
    expect((await subgraph.call('query ($s: String!) { productBySlug(slug: $s) { id } }', { s: row!.slug })).body.data).toEqual({ productBySlug: { id: 'p-9' } });
    expect(errorCodes(await subgraph.call('{ productBySlug(slug: "nope") { id } }'))).toEqual(['PRODUCT_NOT_FOUND']);
  });

  it('pages through products with cursors until hasNextPage is false', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const res: GraphQLResponse = await subgraph.call(PAGE, { first: 20, after });
      const { edges, pageInfo, totalCount } = res.body.data.products;
      expect(totalCount).toBe(PRODUCTS);
      seen.push(...edges.map((e: { node: { id: string } }) => e.node.id));
      expect(pageInfo.endCursor).toBe(edges.at(-1).cursor);
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
    }
    expect(seen).toEqual(Array.from({ length: PRODUCTS }, (_, i) => `p-${i + 1}`));
  });

  it('filters products by a category subtree and counts only those', async () => {
    const res = await subgraph.call(PAGE, { first: 4, categoryId: 'c-1' });
    expect(res.body.data.products.totalCount).toBe(15);
    expect(res.body.data.products.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(['p-1', 'p-2', 'p-3', 'p-4']);
    expect(res.body.data.products.pageInfo.hasNextPage).toBe(true);
  });

  it('refuses a page size outside 1..100, a malformed cursor and an unknown category with stable codes', async () => {
    for (const first of [0, 101, -1]) {
      const res = await subgraph.call(PAGE, { first });
      expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.body.errors![0]!.extensions).toMatchObject({ field: 'first' });
    }
    const cursor = await subgraph.call(PAGE, { after: 'not-a-cursor' });
    expect(errorCodes(cursor)).toEqual(['BAD_USER_INPUT']);
    expect(cursor.body.errors![0]!.extensions).toMatchObject({ field: 'after' });
    expect(errorCodes(await subgraph.call(PAGE, { categoryId: 'c-999' }))).toEqual(['CATEGORY_NOT_FOUND']);
    expect(errorCodes(await subgraph.call(PAGE, { categoryId: 'shoes' }))).toEqual(['BAD_USER_INPUT']);
  });

  it('walks a category to its parent, ancestors, children and products', async () => {
    const res = await subgraph.call(`{ category(id: "c-3") {
      name parent { id } ancestors { id } children { id }
      products(first: 2) { totalCount edges { node { id } } } } }`);
    expect(res.body.data.category).toEqual({
      name: 'Hiking Boots', parent: { id: 'c-1' }, ancestors: [{ id: 'c-1' }], children: [],
      products: { totalCount: 3, edges: [{ node: { id: 'p-2' } }, { node: { id: 'p-22' } }] },
    });
    const root = await subgraph.call('{ category(id: "c-1") { parent { id } ancestors { id } children { id } } }');
    expect(root.body.data.category).toEqual({ parent: null, ancestors: [], children: ['c-2', 'c-3', 'c-4', 'c-5', 'c-6'].map((id) => ({ id })) });
    expect(errorCodes(await subgraph.call('{ category(id: "c-999") { id } }'))).toEqual(['CATEGORY_NOT_FOUND']);
  });

  it('loads the children of every listed category in one statement', async () => {
    subgraph.resetStatements();
    const res = await subgraph.call('{ categories { id children { id } } }');
    expect(res.body.data.categories.map((c: { children: unknown[] }) => c.children.length)).toEqual([5, 5, 5, 5]);
    expect(subgraph.statements).toHaveLength(2); // the roots, then every root's children at once
  });

  it('lists root categories by default and every category with all: true', async () => {
    expect((await subgraph.call('{ categories { name } }')).body.data.categories.map((c: { name: string }) => c.name))
      .toEqual(['Footwear', 'Apparel', 'Outdoor', 'Home']);
    expect((await subgraph.call('{ categories(all: true) { id } }')).body.data.categories).toHaveLength(24);
  });

  it('refuses a call the gateway did not sign with 401 UNAUTHENTICATED', async () => {
    const res = await subgraph.unsigned('{ product(id: "p-1") { id } }');
    expect(res.status).toBe(401);
    expect(errorCodes(res)).toEqual(['UNAUTHENTICATED']);
  });
});
