import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyEvent, CloudEvent, EventType, Events } from '../lib/events/index.js';
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

const event = <K extends EventType>(type: K, subject: string, data: Events[K]): CloudEvent<K, Events[K]> => ({
  specversion: '1.0', id: randomUUID(), source: '/commerce/test', type, subject, time: new Date().toISOString(), datacontenttype: 'application/json', data,
});

describe.each(DB_KINDS)('search through the gateway on %s', (kind) => {
  let stack: TestStack;
  const search = (variables: Record<string, unknown>) => gql(stack.url, LISTING, variables);
  /** Delivers an event to the search indexer as the change-event pipeline will. */
  const deliver = (e: AnyEvent) => stack.eventBus.publish(e as CloudEvent<any, any>);

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

  it('makes a price change delivered as an event searchable', async () => {
    const before = (await stack.db.query<{ list_amount: number; sale_amount: number | null; version: number }>(
      `SELECT list_amount, sale_amount, version FROM pricing.prices WHERE product_id = 'p-5' AND currency = 'EUR'`)).rows[0]!;
    const set = await gql(stack.url, `mutation { setPrice(input: { productId: "p-5", currency: "EUR", listAmount: 123457 }) { amount version } }`);
    expect(set.body.errors).toBeUndefined();
    const state = (listAmount: number, saleAmount: number | null, version: number) => ({ listAmount, saleAmount, saleValidFrom: null, saleValidTo: null, version });
    await deliver(event('commerce.pricing.price_changed.v1', 'p-5', {
      productId: 'p-5', currency: 'EUR', before: state(before.list_amount, before.sale_amount, before.version), after: state(123457, null, set.body.data.setPrice.version),
    }));
    const res = await search({ filters: { price: { min: 123457, max: 123457, currency: 'EUR' } } });
    expect(res.body.data.search.edges.map((e: any) => [e.node.id, e.node.price.amount])).toEqual([['p-5', 123457]]);
  });

  it('makes a stock change delivered as an event searchable', async () => {
    const rows = (await stack.db.query<{ warehouse_id: string; on_hand: number; reserved: number; version: number }>(
      `UPDATE inventory.stock SET on_hand = reserved, version = version + 1 WHERE product_id = 'p-6'
       RETURNING warehouse_id, on_hand, reserved, version`)).rows;
    for (const row of rows) {
      await deliver(event('commerce.inventory.stock_changed.v1', 'p-6', {
        productId: 'p-6', warehouseId: row.warehouse_id, before: null, after: { onHand: row.on_hand, reserved: row.reserved, version: row.version },
      }));
    }
    const name = (await stack.db.query<{ name: string }>(`SELECT name FROM catalog.products WHERE id = 'p-6'`)).rows[0]!.name;
    const out = await search({ query: name, filters: { inStock: false } });
    expect(out.body.data.search.edges.map((e: any) => e.node.id)).toContain('p-6');
    expect(out.body.data.search.edges.find((e: any) => e.node.id === 'p-6').node.stock).toEqual({ inStock: false, available: 0 });
    const inStock = await search({ query: name, filters: { inStock: true } });
    expect(inStock.body.data.search.edges.map((e: any) => e.node.id)).not.toContain('p-6');
  });

  it('makes a rename delivered as an event searchable under the new name only', async () => {
    const row = (await stack.db.query<any>(`UPDATE catalog.products SET name = 'Acme Zephyr Parka', version = version + 1 WHERE id = 'p-7'
      RETURNING name, slug, brand, category_id, description, attributes, version`)).rows[0]!;
    await deliver(event('commerce.catalog.product_changed.v1', 'p-7', {
      productId: 'p-7', before: null,
      after: { name: row.name, slug: row.slug, brand: row.brand, categoryId: row.category_id, description: row.description, attributes: row.attributes, version: row.version },
    }));
    const res = await search({ query: 'zephyr' });
    expect(res.body.data.search.edges).toEqual([expect.objectContaining({ highlight: 'Acme <em>Zephyr</em> Parka', node: expect.objectContaining({ id: 'p-7', name: 'Acme Zephyr Parka' }) })]);
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
});
