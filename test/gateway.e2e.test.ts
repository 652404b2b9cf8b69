import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { authHeader } from './helpers/auth.js';
import { errorCodes, gql as anonymousGql, leaksStack, postRaw } from './helpers/graphql.js';
import { startTestStack, type TestStack } from './helpers/stack.js';
import { DB_KINDS } from './helpers/testDb.js';

const PRODUCT_PAGE = /* GraphQL */ `
  query ProductPage($id: ID!) {
    product(id: $id) {
      id sku slug name brand weightGrams
      dimensions { lengthMm widthMm heightMm }
      category { id name ancestors { name } }
      price { amount currency list { amount } onSale version }
      stock { available reserved inStock warehouses { warehouse { id } onHand version } }
    }
  }`;

const LISTING = /* GraphQL */ `
  query Listing($first: Int!, $after: String) {
    products(first: $first, after: $after) {
      edges { cursor node { id name price { amount currency } stock { available inStock } } }
      pageInfo { hasNextPage endCursor }
    }
  }`;

const SET_PRICE = /* GraphQL */ `
  mutation SetPrice($input: SetPriceInput!) { setPrice(input: $input) { amount currency version list { amount } } }`;

const ADJUST_STOCK = /* GraphQL */ `
  mutation AdjustStock($input: AdjustStockInput!) { adjustStock(input: $input) { onHand available version } }`;

describe.each(DB_KINDS)('gateway over three subgraphs on %s', (kind) => {
  let stack: TestStack;
  // Staff reads (reserved stock) and writes need a token: these tests act as an admin.
  let admin: Record<string, string>;
  const gql = (url: string, query: string, variables?: Record<string, unknown>) => anonymousGql(url, query, variables, admin);
  beforeAll(async () => {
    stack = await startTestStack(kind);
    admin = await authHeader(stack, 'admin');
  });
  afterAll(async () => {
    await stack?.close();
  });
  beforeEach(() => {
    stack.statements.length = 0;
  });

  it('serves a product page with catalog data, price and stock in one query', async () => {
    const res = await gql(stack.url, PRODUCT_PAGE, { id: 'p-7' });
    expect(res.body.errors).toBeUndefined();
    const product = res.body.data.product;
    expect(product).toMatchObject({ id: 'p-7', sku: 'SKU-000007', category: { ancestors: [{ name: 'Apparel' }] } });
    expect(product.price.currency).toBe('EUR');
    expect(Number.isInteger(product.price.amount)).toBe(true);
    expect(product.stock.warehouses).toHaveLength(3);
    const sum = product.stock.warehouses.reduce((n: number, w: { onHand: number }) => n + w.onHand, 0);
    expect(product.stock.available).toBe(sum - product.stock.reserved);
  });

  it('lists 50 products with prices and stock in one SQL statement per subgraph', async () => {
    const res = await gql(stack.url, LISTING, { first: 50 });
    expect(res.body.errors).toBeUndefined();
    const edges = res.body.data.products.edges;
    expect(edges).toHaveLength(50);
    expect(edges.every((e: any) => e.node.price.amount > 0 && typeof e.node.stock.available === 'number')).toBe(true);
    const bySchema = (schema: string) => stack.statements.filter((sql) => sql.includes(`${schema}.`)).length;
    expect({ catalog: bySchema('catalog'), pricing: bySchema('pricing'), inventory: bySchema('inventory') })
      .toEqual({ catalog: 1, pricing: 1, inventory: 1 });
    expect(stack.statements).toHaveLength(3);
  });

  it('pages through products with cursors without gaps or duplicates', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const res: any = await gql(stack.url, LISTING, { first: 50, after });
      seen.push(...res.body.data.products.edges.map((e: any) => e.node.id));
      if (!res.body.data.products.pageInfo.hasNextPage) break;
      after = res.body.data.products.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(120);
    expect(new Set(seen).size).toBe(120);
  });

  it('reads back a price and stock written by mutations, with versions bumped', async () => {
    const before = (await gql(stack.url, PRODUCT_PAGE, { id: 'p-3' })).body.data.product;
    const set = await gql(stack.url, SET_PRICE, { input: { productId: 'p-3', currency: 'EUR', listAmount: 4321, expectedVersion: before.price.version } });
    expect(set.body.errors).toBeUndefined();
    expect(set.body.data.setPrice).toMatchObject({ amount: 4321, currency: 'EUR', version: before.price.version + 1 });
    const adjust = await gql(stack.url, ADJUST_STOCK, { input: { productId: 'p-3', warehouseId: 'wh-berlin', delta: 7, reason: 'receipt' } });
    expect(adjust.body.errors).toBeUndefined();
    const after = (await gql(stack.url, PRODUCT_PAGE, { id: 'p-3' })).body.data.product;
    expect(after.price).toMatchObject({ amount: 4321, onSale: false });
    expect(after.stock.available).toBe(before.stock.available + 7);
  });

  it('refuses a stale write with CONFLICT and leaves the row unchanged', async () => {
    const before = (await gql(stack.url, PRODUCT_PAGE, { id: 'p-4' })).body.data.product;
    const stale = await gql(stack.url, SET_PRICE, { input: { productId: 'p-4', currency: 'EUR', listAmount: 1, expectedVersion: before.price.version + 5 } });
    expect(errorCodes(stale)).toEqual(['CONFLICT']);
    const staleStock = await gql(stack.url, ADJUST_STOCK, { input: { productId: 'p-4', warehouseId: 'wh-berlin', delta: 1, reason: 'count', expectedVersion: 99 } });
    expect(errorCodes(staleStock)).toEqual(['CONFLICT']);
    const after = (await gql(stack.url, PRODUCT_PAGE, { id: 'p-4' })).body.data.product;
    expect(after.price).toEqual(before.price);
    expect(after.stock).toEqual(before.stock);
  });

  it.each([
    ['a malformed product id', PRODUCT_PAGE, { id: 'robert"; drop table' }, 'BAD_USER_INPUT'],
    ['an unknown product id', PRODUCT_PAGE, { id: 'p-999999' }, 'PRODUCT_NOT_FOUND'],
    ['a negative price', SET_PRICE, { input: { productId: 'p-1', currency: 'EUR', listAmount: -5 } }, 'BAD_USER_INPUT'],
    ['an unknown currency', SET_PRICE, { input: { productId: 'p-1', currency: 'XYZ', listAmount: 5 } }, 'BAD_USER_INPUT'],
    ['a sale above the list price', SET_PRICE, { input: { productId: 'p-1', currency: 'EUR', listAmount: 5, saleAmount: 6 } }, 'BAD_USER_INPUT'],
    ['a price for an unknown product', SET_PRICE, { input: { productId: 'p-999999', currency: 'EUR', listAmount: 5 } }, 'BAD_USER_INPUT'],
    ['stock below zero', ADJUST_STOCK, { input: { productId: 'p-1', warehouseId: 'wh-berlin', delta: -100000, reason: 'x' } }, 'BAD_USER_INPUT'],
    ['an unknown warehouse', ADJUST_STOCK, { input: { productId: 'p-1', warehouseId: 'wh-mars', delta: 1, reason: 'x' } }, 'BAD_USER_INPUT'],
    ['a variable of the wrong type', SET_PRICE, { input: { productId: 'p-1', currency: 'EUR', listAmount: 'ten' } }, 'BAD_USER_INPUT'],
    ['a page size over the maximum', LISTING, { first: 1000 }, 'BAD_USER_INPUT'],
    ['a malformed cursor', LISTING, { first: 5, after: 'not-a-cursor' }, 'BAD_USER_INPUT'],
  ])('answers %s with a clear %s error and no stack trace', async (_name, query, variables, code) => {
    const res = await gql(stack.url, query, variables);
    expect(errorCodes(res)).toEqual([code]);
    expect(res.body.errors![0]!.message.length).toBeGreaterThan(10);
    expect(leaksStack(res)).toBe(false);
  });

  it('writes nothing when a mutation is refused', async () => {
    const before = (await gql(stack.url, PRODUCT_PAGE, { id: 'p-1' })).body.data.product;
    await gql(stack.url, ADJUST_STOCK, { input: { productId: 'p-1', warehouseId: 'wh-berlin', delta: -100000, reason: 'x' } });
    await gql(stack.url, SET_PRICE, { input: { productId: 'p-1', currency: 'EUR', listAmount: 5, saleAmount: 6 } });
    const after = (await gql(stack.url, PRODUCT_PAGE, { id: 'p-1' })).body.data.product;
    expect(after).toEqual(before);
  });

  it('answers a malformed JSON body with 400 BAD_REQUEST', async () => {
    const res = await postRaw(stack.url, '{"query": "{ product(id: \\"p-1\\") { id } ');
    expect(res.status).toBe(400);
    expect(errorCodes(res)).toEqual(['BAD_REQUEST']);
    expect(leaksStack(res)).toBe(false);
  });

  it('answers a query that does not parse or validate with its GraphQL code', async () => {
    expect(errorCodes(await gql(stack.url, '{ product(id: "p-1") { id '))).toEqual(['GRAPHQL_PARSE_FAILED']);
    expect(errorCodes(await gql(stack.url, '{ product(id: "p-1") { nope } }'))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  it('serves Apollo Sandbox on the landing page', async () => {
    const res = await fetch(stack.url, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('sandbox');
  });
});
