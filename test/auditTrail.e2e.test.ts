import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventStoreReader } from '../lib/eventStore/index.js';
import { authHeader } from './helpers/auth.js';
import { waitFor } from './helpers/events.js';
import { gql } from './helpers/graphql.js';
import { startTestStack, type TestStack } from './helpers/stack.js';

const SET_PRICE = /* GraphQL */ `mutation ($input: SetPriceInput!) { setPrice(input: $input) { version } }`;
const ADJUST_STOCK = /* GraphQL */ `mutation ($input: AdjustStockInput!) { adjustStock(input: $input) { version } }`;
const CHANGES = /* GraphQL */ `query ($id: ID!, $types: [ChangeType!], $from: String, $to: String, $first: Int, $after: String) {
  product(id: $id) { id changes(types: $types, from: $from, to: $to, first: $first, after: $after) {
    nodes { id type at actor currency warehouseId before after }
    pageInfo { hasNextPage endCursor }
  } }
}`;

interface Change { id: string; type: string; at: string; actor: string | null; currency: string | null; warehouseId: string | null; before: string | null; after: string | null }

describe('Product.changes: the audit trail from the event store', () => {
  let stack: TestStack;
  let staff: Record<string, string>;
  let started: Date;
  beforeAll(async () => {
    stack = await startTestStack('pg', { products: 12 });
    started = new Date();
    const merchandiser = await authHeader(stack, 'merchandiser', { subject: 'mia@shop.example' });
    const warehouse = await authHeader(stack, 'warehouse', { subject: 'wes@shop.example' });
    staff = await authHeader(stack, 'support', { subject: 'sam@shop.example' });
    expect((await gql(stack.url, SET_PRICE, { input: { productId: 'p-2', currency: 'EUR', listAmount: 4100 } }, merchandiser)).body.errors).toBeUndefined();
    expect((await gql(stack.url, ADJUST_STOCK, { input: { productId: 'p-2', warehouseId: 'wh-berlin', delta: 3, reason: 'count' } }, warehouse)).body.errors).toBeUndefined();
    // Plain SQL names no caller: its events carry no actor.
    await stack.db.query("UPDATE catalog.products SET name = 'Audited Kettle', version = version + 1 WHERE id = 'p-2'");
    expect((await gql(stack.url, SET_PRICE, { input: { productId: 'p-2', currency: 'EUR', listAmount: 3900 } }, merchandiser)).body.errors).toBeUndefined();
    const reader = createEventStoreReader(stack.db);
    await waitFor(async () => (await reader.eventsOf({ subject: 'p-2', from: started })).length === 4, 20_000, 'the four changes in the event store');
  }, 60_000);
  afterAll(async () => stack?.close());

  const changes = async (variables: Record<string, unknown>, headers = staff) => gql<{ product: { changes: { nodes: Change[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } }>(
    stack.url, CHANGES, { id: 'p-2', from: started.toISOString(), ...variables }, headers);

  it('lists every change of the product, its prices and stock in order, with who made each', async () => {
    const { body } = await changes({});
    expect(body.errors).toBeUndefined();
    const nodes = body.data!.product.changes.nodes;
    expect(nodes.map((c) => [c.type, c.actor, c.currency, c.warehouseId])).toEqual([
      ['PRICE', 'mia@shop.example', 'EUR', null],
      ['STOCK', 'wes@shop.example', null, 'wh-berlin'],
      ['PRODUCT', null, null, null],
      ['PRICE', 'mia@shop.example', 'EUR', null],
    ]);
    expect(JSON.parse(nodes[0]!.after!)).toMatchObject({ listAmount: 4100 });
    expect(JSON.parse(nodes[3]!.before!)).toMatchObject({ listAmount: 4100 });
    expect(JSON.parse(nodes[3]!.after!)).toMatchObject({ listAmount: 3900 });
    expect(JSON.parse(nodes[2]!.after!)).toMatchObject({ name: 'Audited Kettle' });
    expect(JSON.parse(nodes[1]!.after!).onHand - JSON.parse(nodes[1]!.before!).onHand).toBe(3);
    expect(nodes.map((c) => c.at)).toEqual([...nodes.map((c) => c.at)].sort());
  });

  it('filters by type and time, and pages with a cursor', async () => {
    const prices = (await changes({ types: ['PRICE'] })).body.data!.product.changes.nodes;
    expect(prices.map((c) => JSON.parse(c.after!).listAmount)).toEqual([4100, 3900]);
    const first = (await changes({ first: 3 })).body.data!.product.changes;
    expect(first.nodes).toHaveLength(3);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = (await changes({ first: 3, after: first.pageInfo.endCursor })).body.data!.product.changes;
    expect(rest.nodes.map((c) => c.type)).toEqual(['PRICE']);
    expect(rest.pageInfo.hasNextPage).toBe(false);
    const lastAt = first.nodes[2]!.at;
    // `to` is exclusive: up to the third change's time leaves it out.
    const before = (await changes({ to: lastAt })).body.data!.product.changes.nodes;
    expect(before.map((c) => c.type)).toEqual(['PRICE', 'STOCK']);
  });

  it('is staff only, with the same codes as every field rule', async () => {
    const anonymous = await changes({}, {});
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const customer = await changes({}, await authHeader(stack, 'customer'));
    expect(customer.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(customer.body.errors?.[0]?.path).toEqual(['product', 'changes']);
    const admin = await changes({ types: ['STOCK'] }, await authHeader(stack, 'admin'));
    expect(admin.body.data!.product.changes.nodes.map((c) => c.actor)).toEqual(['wes@shop.example']);
  });

  it('answers bad arguments with BAD_USER_INPUT', async () => {
    for (const variables of [{ from: 'yesterday' }, { from: new Date(Date.now() + 86_400_000).toISOString() }, { first: 0 }, { after: 'not-a-cursor' }]) {
      const { body } = await changes(variables);
      expect(body.errors?.[0]?.extensions?.code, JSON.stringify(variables)).toBe('BAD_USER_INPUT');
    }
  });
});
