import { buildSchema, type GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { cachedDocumentText, prepareSubscription, type PreparedSubscription } from './prepareSubscription.js';

const schema = buildSchema(/* GraphQL */ `
  type Query { product(id: ID!): Product }
  type Product { id: ID! name: String! price(currency: String = "EUR"): Int }
  type PriceChange { eventId: ID! product: Product! currency: String! }
  type StockChange { eventId: ID! product: Product! warehouseId: ID! }
  type Subscription {
    priceChanged(productIds: [ID!]!): PriceChange!
    stockChanged(productIds: [ID!]!, warehouseId: ID): StockChange!
  }
`);
const limits = { maxProductIds: 3 };

const prepared = (query: string, variables?: Record<string, unknown>) => {
  const result = prepareSubscription(schema, { query, variables }, limits);
  if (Array.isArray(result)) throw new Error(`refused: ${JSON.stringify(result)}`);
  return result as PreparedSubscription;
};
const codes = (query: string, variables?: Record<string, unknown>) => {
  const result = prepareSubscription(schema, { query, variables }, limits);
  return Array.isArray(result) ? (result as GraphQLError[]).map((e) => e.extensions.code) : [];
};

describe('prepareSubscription', () => {
  it('reads product ids and warehouse from literals or variables, without duplicates', () => {
    expect(prepared(`subscription { priceChanged(productIds: ["p-1", "p-1", "p-2"]) { eventId } }`).subjects).toEqual(['p-1', 'p-2']);
    const stock = prepared(`subscription S($ids: [ID!]!, $w: ID) { stockChanged(productIds: $ids, warehouseId: $w) { eventId } }`, { ids: ['p-3'], w: 'wh-1' });
    expect(stock).toMatchObject({ field: 'stockChanged', subjects: ['p-3'], args: { warehouseId: 'wh-1' } });
  });

  it('puts subscriptions that differ only in product ids or warehouse into one group', () => {
    const a = prepared(`subscription S($ids: [ID!]!) { priceChanged(productIds: $ids) { eventId product { name } } }`, { ids: ['p-1'] });
    const b = prepared(`subscription S($ids: [ID!]!) { priceChanged(productIds: $ids) { eventId product { name } } }`, { ids: ['p-2', 'p-3'] });
    const c = prepared(`subscription   S($ids: [ID!]!) {priceChanged(productIds: $ids){eventId product{name}}}`, { ids: ['p-9'] });
    expect(b.groupKey).toBe(a.groupKey);
    expect(c.groupKey).toBe(a.groupKey);
  });

  it('separates subscriptions whose selection or selection variables differ', () => {
    const query = `subscription S($ids: [ID!]!, $cur: String) { priceChanged(productIds: $ids) { product { price(currency: $cur) } } }`;
    const eur = prepared(query, { ids: ['p-1'], cur: 'EUR' });
    const usd = prepared(query, { ids: ['p-1'], cur: 'USD' });
    const other = prepared(`subscription { priceChanged(productIds: ["p-1"]) { product { name } } }`);
    const aliased = prepared(`subscription { change: priceChanged(productIds: ["p-1"]) { product { name } } }`);
    expect(new Set([eur.groupKey, usd.groupKey, other.groupKey, aliased.groupKey]).size).toBe(4);
  });

  it.each([
    ['no product ids', `subscription { priceChanged(productIds: []) { eventId } }`, undefined, 'BAD_USER_INPUT'],
    ['more product ids than allowed', `subscription { priceChanged(productIds: ["p-1", "p-2", "p-3", "p-4"]) { eventId } }`, undefined, 'TOO_MANY_PRODUCT_IDS'],
    ['an unknown field', `subscription { priceChanged(productIds: ["p-1"]) { nope } }`, undefined, 'GRAPHQL_VALIDATION_FAILED'],
    ['a parse error', `subscription {`, undefined, 'GRAPHQL_PARSE_FAILED'],
    ['a query', `{ product(id: "a") { id } }`, undefined, 'OPERATION_NOT_SUPPORTED'],
    ['a malformed product id', `subscription { priceChanged(productIds: ["p-1", "x'; drop"]) { eventId } }`, undefined, 'BAD_USER_INPUT'],
    ['a variable of the wrong type', `subscription S($ids: [ID!]!) { priceChanged(productIds: $ids) { eventId } }`, { ids: 5.5 }, 'BAD_USER_INPUT'],
    ['a missing variable', `subscription S($ids: [ID!]!) { priceChanged(productIds: $ids) { eventId } }`, {}, 'BAD_USER_INPUT'],
  ])('refuses %s with %s', (_name, query, variables, code) => {
    expect(codes(query, variables)).toEqual([code]);
  });
});

describe('prepareSubscription parse cache (issue 15 item 3)', () => {
  it('is bounded by the text it holds, not by entry count: distinct large documents do not pin memory', () => {
    const own = buildSchema(/* GraphQL */ `
      type Query { product(id: ID!): Product }
      type Product { id: ID! }
      type PriceChange { eventId: ID! product: Product! }
      type Subscription { priceChanged(productIds: [ID!]!): PriceChange! }
    `);
    const big = (i: number, kib: number) => `subscription S${i} { priceChanged(productIds: ["p-1"]) { eventId } } ${'#'.repeat(kib * 1024)}`;
    for (let i = 0; i < 200; i++) prepareSubscription(own, { query: big(i, 60) }, limits);
    expect(cachedDocumentText(own)).toBeLessThanOrEqual(2 * 1024 * 1024);
    for (let i = 0; i < 5; i++) prepareSubscription(own, { query: big(1000 + i, 900) }, limits);
    expect(cachedDocumentText(own)).toBeLessThanOrEqual(2 * 1024 * 1024);
  });
});
