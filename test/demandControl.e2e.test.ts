import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayServer } from '../gateway/startGateway.js';
import { gql } from './helpers/graphql.js';
import { startGatewayOver, startTestStack, type TestStack } from './helpers/stack.js';

const LISTING = /* GraphQL */ `query Listing($n: Int) { products(first: $n) { edges { node { id name price { amount } stock { available } } } } }`;

describe('demand control by @cost / @listSize through the gateway', () => {
  let stack: TestStack;
  let reporting: GatewayServer;
  beforeAll(async () => {
    stack = await startTestStack('pglite', { products: 30 });
    reporting = await startGatewayOver(stack, { limits: { ...stack.security.limits, costInResponse: true } });
  }, 60_000);
  afterAll(async () => {
    await reporting?.close();
    await stack?.close();
  });

  it('estimates by the slicing argument before planning, and counts what the answer held after', async () => {
    const { body } = await gql<unknown>(reporting.url, LISTING, { n: 50 });
    expect(body.errors).toBeUndefined();
    // products 1 + 50 edges × (edge 1 + node 1 + price 1 + stock 1); 30 products exist, each priced and stocked
    expect((body as { extensions?: unknown }).extensions).toEqual({ cost: { estimated: 1 + 50 * 4, actual: 1 + 30 * 4, max: 5000 } });
  });

  it('refuses over the limit with the estimate and the limit, and calls no subgraph', async () => {
    const { body, status } = await gql<unknown>(stack.url, LISTING, { n: 2000 });
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_LIMIT_EXCEEDED', limit: 'cost', cost: { estimated: 1 + 2000 * 4, max: 5000 } });
  });

  it('reports both costs on /metrics', async () => {
    await gql(reporting.url, LISTING, { n: 5 });
    const text = await (await fetch(reporting.url.replace(/graphql$/, 'metrics'))).text();
    expect(text).toMatch(/graphql_operation_cost_count\{[^}]*kind="estimated"[^}]*\} [1-9]/);
    expect(text).toMatch(/graphql_operation_cost_count\{[^}]*kind="actual"[^}]*\} [1-9]/);
  });
});
