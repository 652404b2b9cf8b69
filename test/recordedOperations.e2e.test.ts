import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromRoot } from '../lib/paths.js';
import { readRecordedOperations } from '../lib/schema/index.js';
import { authHeader } from './helpers/auth.js';
import { gql } from './helpers/graphql.js';
import { startTestStack, type TestStack } from './helpers/stack.js';

// The recorded storefront operations run through the gateway against the sample store.
// A newly recorded operation needs its sample variables here (or none, when it takes none).
const SAMPLE_VARIABLES: Record<string, Record<string, unknown>> = {
  ProductPage: { id: 'p-7', currency: 'EUR' },
  CategoryListing: { categoryId: 'c-1', currency: 'EUR' },
  CategoryNavigation: {},
  CartLine: { productId: 'p-3', currency: 'GBP' },
  SearchPage: { query: 'running shoe', filters: { brands: ['Acme'], price: { min: 500, max: 30000, currency: 'EUR' } }, sort: 'RELEVANCE' },
  ShippingQuotes: { destination: { country: 'DE', postalCode: '10115' }, items: [{ productId: 'p-3', quantity: 2 }] },
  SetPrice: { input: { productId: 'p-5', currency: 'EUR', listAmount: 1999, saleAmount: 1499 } },
  AdjustStock: { input: { productId: 'p-5', warehouseId: 'wh-berlin', delta: 3, reason: 'receipt' } },
};

const { operations } = readRecordedOperations(fromRoot('schema', 'operations'));

describe('recorded operations through the gateway', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack('pg', { products: 300 });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it.each(operations.map((op) => [op.name, op] as const))('%s runs without errors', async (name, operation) => {
    const variables = SAMPLE_VARIABLES[name];
    expect(variables, `add sample variables for ${name} to SAMPLE_VARIABLES`).toBeDefined();
    // Operations run as an admin: every recorded operation, mutations included, must work for a caller allowed to run it.
    const res = await gql(stack.url, operation.text, variables, await authHeader(stack, 'admin'));
    expect(res.body.errors).toBeUndefined();
    const data = res.body.data as Record<string, unknown>;
    expect(Object.values(data).every((value) => value !== null)).toBe(true);
  });

  it('CategoryListing returns a page of 24 products, each with a price and stock', async () => {
    const listing = operations.find((op) => op.name === 'CategoryListing')!;
    const res = await gql(stack.url, listing.text, SAMPLE_VARIABLES.CategoryListing);
    const page = res.body.data.category.products;
    expect(page.edges).toHaveLength(24);
    expect(page.totalCount).toBeGreaterThan(24);
    for (const { node } of page.edges) {
      expect(Number.isInteger(node.price.amount)).toBe(true);
      expect(typeof node.stock.available).toBe('number');
    }
  });
});
