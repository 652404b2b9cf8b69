import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeader } from './helpers/auth.js';
import { errorCodes, gql, leaksStack } from './helpers/graphql.js';
import { startTestStack, type TestStack } from './helpers/stack.js';
import { DB_KINDS } from './helpers/testDb.js';

const LISTING = /* GraphQL */ `
  query Listing($query: String, $filters: SearchFilters, $sort: SearchSort, $first: Int, $after: String) {
    search(query: $query, filters: $filters, sort: $sort, first: $first, after: $after) {
      total
      facets { brand { value count } category { value count } priceRanges { min max count } }
      edges { cursor highlight node { id name brand category { id } price { amount currency } stock { inStock available } } }
      pageInfo { hasNextPage endCursor }
    }
  }`;

/** Polls `probe` until it returns a value (the pipeline is asynchronous); fails after 15 s. */
async function eventually<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (const deadline = Date.now() + 15_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
    const value = await probe();
    if (value !== undefined) return value;
  }
  throw new Error('not visible in search within 15 s');
}

describe.each(DB_KINDS)('search through the gateway on %s', (kind) => {
  let stack: TestStack;
  const search = (variables: Record<string, unknown>) => gql(stack.url, LISTING, variables);
  /** Delivers an event to the search indexer as the change-event pipeline will. */

  beforeAll(async () => {
    stack = await startTestStack(kind, { products: 300 });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('answers the storefront listing query with ranked hits, facets, and price and stock from their owners', async () => {
    const filters = { categoryIds: ['c-1'], brands: ['Acme'], price: { min: 5000, max: 15000, currency: 'EUR' }, inStock: true };
    const res = await search({ query: 'running shoe', filters, sort: 'RELEVANCE', first: 24, after: null });
    expect(res.body.errors).toBeUndefined();
    const result = res.body.data.search;
    // Ground truth straight from the stores.
    const { rows } = await stack.db.query<{ id: string }>(`
      SELECT p.id FROM catalog.products p
      JOIN pricing.prices pr ON pr.product_id = p.id AND pr.currency = 'EUR'
      WHERE p.category_id IN (SELECT id FROM catalog.categories WHERE id = 'c-1' OR parent_id = 'c-1')
        AND p.brand = 'Acme' AND p.name ILIKE '%running shoe%'
        AND COALESCE(pr.sale_amount, pr.list_amount) BETWEEN 5000 AND 15000
        AND (SELECT sum(on_hand - reserved) FROM inventory.stock s WHERE s.product_id = p.id) > 0`);
    expect(rows.length).toBeGreaterThan(0);
    expect(result.total).toBe(rows.length);
    expect(result.edges.map((e: any) => e.node.id).sort()).toEqual(rows.map((r) => r.id).sort());
    for (const { node, highlight } of result.edges) {
      expect(node).toMatchObject({ brand: 'Acme', category: { id: 'c-2' }, price: { currency: 'EUR' }, stock: { inStock: true } });
      expect(node.price.amount).toBeGreaterThanOrEqual(5000);
      expect(node.price.amount).toBeLessThanOrEqual(15000);
      expect(highlight).toMatch(/<em>Running<\/em> <em>Shoe<\/em>/);
    }
    expect(result.facets.brand).toEqual([{ value: 'Acme', count: rows.length }]);
    expect(result.facets.category).toEqual([{ value: 'c-2', count: rows.length }]);
    expect(result.facets.priceRanges.reduce((n: number, r: any) => n + r.count, 0)).toBe(rows.length);
  });

  it('finds products despite a typo and ranks name matches first', async () => {
    const res = await search({ query: 'hikking boot', first: 5 });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.search.total).toBeGreaterThan(0);
    expect(res.body.data.search.edges.every((e: any) => /Hiking Boot/.test(e.node.name))).toBe(true);
  });

  it('browses the whole catalog with an empty query and pages through it without gaps or duplicates', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    for (let page = 0; page < 20; page++) {
      const res: any = await search({ first: 100, after, sort: 'PRICE_ASC' });
      expect(res.body.errors).toBeUndefined();
      total = res.body.data.search.total;
      seen.push(...res.body.data.search.edges.map((e: any) => e.node.id));
      if (!res.body.data.search.pageInfo.hasNextPage) break;
      after = res.body.data.search.pageInfo.endCursor;
    }
    expect(total).toBe(300);
    expect(seen).toHaveLength(300);
    expect(new Set(seen).size).toBe(300);
  });

  // Writes go through the whole pipeline: outbox trigger → relay → event stream → durable indexer.
  it('makes a committed price change searchable', async () => {
    const set = await gql(stack.url, `mutation { setPrice(input: { productId: "p-5", currency: "EUR", listAmount: 123457 }) { amount version } }`,
      undefined, await authHeader(stack, 'merchandiser'));
    expect(set.body.errors).toBeUndefined();
    const hits = await eventually(async () => {
      const res = await search({ filters: { price: { min: 123457, max: 123457, currency: 'EUR' } } });
      const found = res.body.data.search.edges.map((e: any) => [e.node.id, e.node.price.amount]);
      return found.length > 0 ? found : undefined;
    });
    expect(hits).toEqual([['p-5', 123457]]);
  });

  it('makes a stock change written with plain SQL searchable', async () => {
    await stack.db.query(`UPDATE inventory.stock SET on_hand = reserved, version = version + 1 WHERE product_id = 'p-6'`);
    const name = (await stack.db.query<{ name: string }>(`SELECT name FROM catalog.products WHERE id = 'p-6'`)).rows[0]!.name;
    const hit = await eventually(async () => {
      const out = await search({ query: name, filters: { inStock: false } });
      return out.body.data.search.edges.find((e: any) => e.node.id === 'p-6');
    });
    expect(hit.node.stock).toEqual({ inStock: false, available: 0 });
    const inStock = await search({ query: name, filters: { inStock: true } });
    expect(inStock.body.data.search.edges.map((e: any) => e.node.id)).not.toContain('p-6');
  });

  it('makes a rename written with plain SQL searchable under the new name only', async () => {
    await stack.db.query(`UPDATE catalog.products SET name = 'Acme Zephyr Parka', version = version + 1 WHERE id = 'p-7'`);
    const edges = await eventually(async () => {
      const res = await search({ query: 'zephyr' });
      return res.body.data.search.edges.length > 0 ? res.body.data.search.edges : undefined;
    });
    expect(edges).toEqual([expect.objectContaining({ highlight: 'Acme <em>Zephyr</em> Parka', node: expect.objectContaining({ id: 'p-7', name: 'Acme Zephyr Parka' }) })]);
  });

  it.each([
    ['a page size over the maximum', { first: 101 }, 'BAD_USER_INPUT', 'first'],
    ['a page size of zero', { first: 0 }, 'BAD_USER_INPUT', 'first'],
    ['a malformed cursor', { after: 'not-a-cursor' }, 'BAD_USER_INPUT', 'after'],
    ['a cursor beyond the deepest page', { after: Buffer.from('k:99999').toString('base64url') }, 'BAD_USER_INPUT', 'after'],
    ['an unknown sort', { sort: 'CHEAPEST' }, 'BAD_USER_INPUT', undefined],
    ['an unknown currency', { filters: { price: { min: 1, currency: 'XYZ' } } }, 'BAD_USER_INPUT', 'filters.price.currency'],
    ['a currency the index does not hold', { filters: { price: { min: 1, currency: 'JPY' } } }, 'BAD_USER_INPUT', 'filters.price.currency'],
    ['a price range upside down', { filters: { price: { min: 500, max: 100, currency: 'EUR' } } }, 'BAD_USER_INPUT', 'filters.price'],
    ['a malformed category id', { filters: { categoryIds: ['shoes'] } }, 'BAD_USER_INPUT', 'filters.categoryIds'],
    ['an over-long query', { query: 'x'.repeat(201) }, 'BAD_USER_INPUT', 'query'],
  ])('answers %s with %s and no stack trace', async (_name, variables, code, field) => {
    const res = await search(variables);
    expect(errorCodes(res)).toEqual([code]);
    if (field) expect(res.body.errors![0]!.extensions).toMatchObject({ field });
    expect(leaksStack(res)).toBe(false);
  });

  it('rejects an unknown sort written into the query document at validation', async () => {
    const res = await gql(stack.url, '{ search(query: "mug", sort: CHEAPEST) { total } }');
    expect(errorCodes(res)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  it('suggests completions as shoppers type: brands by product count, then names, each a product from its owners', async () => {
    const SUGGEST = 'query ($prefix: String!, $first: Int) { suggest(prefix: $prefix, first: $first) { text kind count product { id name } category { id name } } }';
    const res = await gql(stack.url, SUGGEST, { prefix: 'acm', first: 6 });
    expect(res.body.errors).toBeUndefined();
    const [brand, ...names] = res.body.data.suggest;
    expect(brand).toEqual({ text: 'Acme', kind: 'BRAND', count: expect.any(Number), product: null, category: null });
    expect(names.length).toBeGreaterThan(0);
    for (const n of names) expect(n).toEqual({ text: n.product.name, kind: 'NAME', count: null, product: { id: expect.stringMatching(/^p-/), name: expect.stringMatching(/^Acme /) }, category: null });
    // Categories by name from catalog, then names by a later word, any case.
    const [category, ...kettles] = (await gql(stack.url, SUGGEST, { prefix: 'KETT', first: 4 })).body.data.suggest;
    expect(category).toEqual({ text: 'Kettles', kind: 'CATEGORY', count: expect.any(Number), product: null, category: { id: expect.stringMatching(/^c-/), name: 'Kettles' } });
    expect(category.count).toBeGreaterThan(0);
    expect(kettles).toHaveLength(3);
    for (const k of kettles) expect(k.text).toMatch(/ Kettle /);
    const shoes = (await gql(stack.url, SUGGEST, { prefix: 'shoes', first: 5 })).body.data.suggest;
    expect(shoes[0]).toMatchObject({ text: 'Running Shoes', kind: 'CATEGORY' });
    for (const [prefix, first] of [['', 5], [' ', 5], ['x'.repeat(101), 5], ['acme', 0], ['acme', 21]] as const) {
      expect(errorCodes(await gql(stack.url, SUGGEST, { prefix, first }))).toEqual(['BAD_USER_INPUT']);
    }
  });

  it('answers a search that finds nothing with a close query that finds something', async () => {
    const DID_YOU_MEAN = 'query ($query: String, $filters: SearchFilters) { search(query: $query, filters: $filters) { total didYouMean } }';
    const miss = await gql(stack.url, DID_YOU_MEAN, { query: 'kxettlex' });
    expect(miss.body.data.search).toEqual({ total: 0, didYouMean: 'kettle' });
    expect((await gql(stack.url, DID_YOU_MEAN, { query: `kettle` })).body.data.search.didYouMean).toBeNull();
    expect((await gql(stack.url, DID_YOU_MEAN, { query: 'qqqqzzzz' })).body.data.search).toEqual({ total: 0, didYouMean: null });
    // Under filters nothing matches, the correction is not offered either.
    const filtered = await gql(stack.url, DID_YOU_MEAN, { query: 'kxettlex', filters: { brands: ['No Such Brand'] } });
    expect(filtered.body.data.search).toEqual({ total: 0, didYouMean: null });
  });
});
