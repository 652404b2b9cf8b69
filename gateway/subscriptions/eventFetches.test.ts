import { buildSchema, graphql, GraphQLError, type FormattedExecutionResult } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ANONYMOUS, type Identity } from '../../lib/auth/index.js';
import { eventFetches } from './eventFetches.js';
import type { FederatedExecutor } from './subscriptionHub.js';

const schema = buildSchema(`
  type Price { amount: Int! currency: String! }
  type Product { id: ID! name: String! price(currency: String!): Price stock: Int }
  type Query { product(id: ID!): Product }
`);
const products: Record<string, { id: string; name: string }> = { 'p-1': { id: 'p-1', name: 'Mug' } };
const rootValue = {
  product: ({ id }: { id: string }) => products[id] && {
    ...products[id],
    price: ({ currency }: { currency: string }) => ({ amount: currency === 'EUR' ? 100 : 110, currency }),
    stock: () => { throw new GraphQLError('inventory down', { extensions: { code: 'SUBGRAPH_UNAVAILABLE' } }); },
  },
};

/** A small real schema standing in for the gateway: executes each query and records it. */
function executor() {
  const sent: { query: string; identity: Identity }[] = [];
  const execute: FederatedExecutor = async (query, variables, identity) => {
    sent.push({ query, identity });
    return JSON.parse(JSON.stringify(await graphql({ schema, source: query, variableValues: variables, rootValue }))) as FormattedExecutionResult;
  };
  return { sent, execute };
}

const EUR = 'query SubscriptionProduct($productId: ID!, $c: String!) { product(id: $productId) { ...P price(currency: $c) { amount } } } fragment P on Product { id }';
const NAMED = 'query SubscriptionProduct($productId: ID!) { product(id: $productId) { ...P } } fragment P on Product { title: name }';
const STOCK = 'query SubscriptionProduct($productId: ID!) { product(id: $productId) { name stock } }';
const SIGNED_IN: Identity = { ...ANONYMOUS, subject: 'u-1' };

describe('eventFetches', () => {
  it('sends the distinct requests of one caller in one tick as one operation, each answered as if alone', async () => {
    const { sent, execute } = executor();
    const fetch = eventFetches(execute, () => {});
    const answers = await Promise.all([
      fetch(EUR, { productId: 'p-1', c: 'EUR' }, ANONYMOUS, 'anon'),
      fetch(EUR, { productId: 'p-1', c: 'USD' }, ANONYMOUS, 'anon'),
      fetch(NAMED, { productId: 'p-1' }, ANONYMOUS, 'anon'),
      fetch(NAMED, { productId: 'p-1' }, ANONYMOUS, 'anon'),
    ]);
    expect(sent).toHaveLength(1);
    expect(answers).toEqual([
      { data: { product: { id: 'p-1', price: { amount: 100 } } } },
      { data: { product: { id: 'p-1', price: { amount: 110 } } } },
      { data: { product: { title: 'Mug' } } },
      { data: { product: { title: 'Mug' } } },
    ]);
  });

  it('gives each request only its own errors, at its own paths', async () => {
    const { execute } = executor();
    const fetch = eventFetches(execute, () => {});
    const [named, stock] = await Promise.all([fetch(NAMED, { productId: 'p-1' }, ANONYMOUS, 'anon'), fetch(STOCK, { productId: 'p-1' }, ANONYMOUS, 'anon')]);
    expect(named).toEqual({ data: { product: { title: 'Mug' } } });
    expect(stock).toMatchObject({ data: { product: { name: 'Mug', stock: null } }, errors: [{ message: 'inventory down', path: ['product', 'stock'] }] });
  });

  it('retries a merged operation that failed as a whole as its separate requests', async () => {
    const { sent, execute } = executor();
    const fetch = eventFetches(execute, () => {});
    // A variable of the wrong type fails the whole operation before it runs.
    const [bad, good] = await Promise.all([fetch(EUR, { productId: 'p-1', c: 5 }, ANONYMOUS, 'anon'), fetch(NAMED, { productId: 'p-1' }, ANONYMOUS, 'anon')]);
    expect(sent).toHaveLength(3);
    expect(bad.data).toBeUndefined();
    expect(bad.errors?.[0]?.message).toMatch(/\$c/);
    expect(good).toEqual({ data: { product: { title: 'Mug' } } });
  });

  it('fetches separately for different callers, and counts each operation sent', async () => {
    const { sent, execute } = executor();
    let operations = 0;
    const fetch = eventFetches(execute, () => void operations++);
    await Promise.all([fetch(NAMED, { productId: 'p-1' }, ANONYMOUS, 'anon'), fetch(NAMED, { productId: 'p-1' }, SIGNED_IN, 'u-1')]);
    expect(sent.map((s) => s.identity.subject)).toEqual([ANONYMOUS.subject, 'u-1']);
    expect(operations).toBe(2);
  });
});
