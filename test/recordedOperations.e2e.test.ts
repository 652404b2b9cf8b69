import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromRoot } from '../lib/paths.js';
import { readRecordedOperations } from '../lib/schema/index.js';
import { authHeader, tokenFor } from './helpers/auth.js';
import { subscribe, wsClient } from './helpers/subscriptions.js';
import { gql } from './helpers/graphql.js';
import { startTestStack, type TestStack } from './helpers/stack.js';

// The recorded storefront operations run through the gateway against the sample store.
// A newly recorded operation needs its sample variables here (or none, when it takes none).
// Cart and order operations get ids from the cart and order made in `beforeAll`.
const shopper: { cartId?: string; checkoutCartId?: string; orderId?: string; followedOrderId?: string; queryId?: string } = {};
const SAMPLE_VARIABLES: Record<string, Record<string, unknown> | (() => Record<string, unknown>)> = {
  CreateCart: { currency: 'EUR' },
  StorefrontCart: () => ({ cartId: shopper.cartId, currency: 'EUR' }),
  AddCartLine: () => ({ cartId: shopper.cartId, productId: 'p-8', quantity: 1 }),
  UpdateCartLine: () => ({ cartId: shopper.cartId, productId: 'p-3', quantity: 2 }),
  RemoveCartLine: () => ({ cartId: shopper.cartId, productId: 'p-4' }),
  Checkout: () => ({
    input: {
      cartId: shopper.checkoutCartId, shippingOption: 'skyway:PRIORITY', paymentMethod: 'tok_ok', idempotencyKey: 'recorded-checkout',
      shippingAddress: { name: 'Ada Lovelace', line1: 'Unter den Linden 1', city: 'Berlin', postalCode: '10117', country: 'DE' },
    },
  }),
  OrderPage: () => ({ orderId: shopper.orderId }),
  CancelOrder: () => ({ orderId: shopper.orderId }),
  OrderStatus: () => ({ orderId: shopper.followedOrderId }),
  MyOrders: { first: 10 },
  ProductPage: { id: 'p-7', currency: 'EUR' },
  CategoryListing: { categoryId: 'c-1', currency: 'EUR' },
  CategoryNavigation: {},
  CartLine: { productId: 'p-3', currency: 'GBP' },
  SearchPage: { query: 'running shoe', filters: { brands: ['Acme'], price: { min: 500, max: 30000, currency: 'EUR' } }, sort: 'RELEVANCE', session: 'recorded-session' },
  RecordSearchClick: () => ({ queryId: shopper.queryId, productId: 'p-3', position: 1 }),
  SearchAnalytics: { from: new Date().toISOString().slice(0, 10), to: new Date().toISOString().slice(0, 10) },
  ShippingQuotes: { destination: { country: 'DE', postalCode: '10115' }, items: [{ productId: 'p-3', quantity: 2 }] },
  SetPrice: { input: { productId: 'p-5', currency: 'EUR', listAmount: 1999, saleAmount: 1499 } },
  AdjustStock: { input: { productId: 'p-5', warehouseId: 'wh-berlin', delta: 3, reason: 'receipt' } },
};

/** What makes a recorded subscription's event happen. */
const SUBSCRIPTION_TRIGGERS: Record<string, () => Promise<unknown>> = {
  OrderStatus: async () => gql(stack.url, 'mutation ($id: ID!) { cancelOrder(id: $id) { id } }', { id: shopper.followedOrderId }, await authHeader(stack, 'admin')),
};

const { operations } = readRecordedOperations(fromRoot('schema', 'operations'));

let stack: TestStack;

describe('recorded operations through the gateway', () => {
  beforeAll(async () => {
    stack = await startTestStack('pg', { products: 300 });
    const admin = await authHeader(stack, 'admin');
    const cart = async (lines: string[]) => {
      const id = (await gql(stack.url, 'mutation { createCart(currency: "EUR") { id } }', {}, admin)).body.data.createCart.id as string;
      for (const productId of lines) {
        await gql(stack.url, 'mutation ($c: ID!, $p: ID!) { addCartLine(cartId: $c, productId: $p, quantity: 1) { id } }', { c: id, p: productId }, admin);
      }
      return id;
    };
    await stack.db.query(`UPDATE inventory.stock SET on_hand = 50, reserved = 0 WHERE product_id IN ('p-3', 'p-4', 'p-5', 'p-6')`);
    shopper.cartId = await cart(['p-3', 'p-4']);
    shopper.checkoutCartId = await cart(['p-5']);
    const placed = await gql(stack.url, `mutation ($input: CheckoutInput!) { checkout(input: $input) { id status } }`, {
      input: { ...(SAMPLE_VARIABLES.Checkout as () => { input: object })().input, cartId: await cart(['p-6']), idempotencyKey: 'recorded-setup' },
    }, admin);
    expect(placed.body.data.checkout.status).toBe('PLACED');
    shopper.orderId = placed.body.data.checkout.id;
    const followed = await gql(stack.url, `mutation ($input: CheckoutInput!) { checkout(input: $input) { id status } }`, {
      input: { ...(SAMPLE_VARIABLES.Checkout as () => { input: object })().input, cartId: await cart(['p-3']), idempotencyKey: 'recorded-followed' },
    }, admin);
    shopper.followedOrderId = followed.body.data.checkout.id;
    shopper.queryId = (await gql(stack.url, '{ search(query: "shoe", first: 1) { queryId } }')).body.data.search.queryId;
  });
  afterAll(async () => {
    await stack?.close();
  });

  it.each(operations.map((op) => [op.name, op] as const))('%s runs without errors', async (name, operation) => {
    const sample = SAMPLE_VARIABLES[name];
    expect(sample, `add sample variables for ${name} to SAMPLE_VARIABLES`).toBeDefined();
    const variables = typeof sample === 'function' ? sample() : sample;
    // A subscription runs over graphql-ws and must deliver the change its trigger makes.
    if (/^\s*subscription\b/m.test(operation.text)) {
      const client = wsClient(stack.url, { connectionParams: { token: await tokenFor(stack, 'admin') } });
      try {
        const received = subscribe(client, operation.text, variables);
        await new Promise((resolve) => setTimeout(resolve, 300));
        await SUBSCRIPTION_TRIGGERS[name]!();
        await received.waitFor(1);
        expect(received.results[0]!.errors).toBeUndefined();
        expect(Object.values(received.results[0]!.data).every((value) => value !== null)).toBe(true);
      } finally {
        await client.dispose();
      }
      return;
    }
    // Operations run as an admin: every recorded operation, mutations included, must work for a caller allowed to run it.
    const res = await gql(stack.url, operation.text, variables, await authHeader(stack, 'admin'));
    expect(res.body.errors).toBeUndefined();
    const data = res.body.data as Record<string, unknown>;
    expect(Object.values(data).every((value) => value !== null)).toBe(true);
  });

  it('CategoryListing returns a page of 24 products, each with a price and stock', async () => {
    const listing = operations.find((op) => op.name === 'CategoryListing')!;
    const res = await gql(stack.url, listing.text, SAMPLE_VARIABLES.CategoryListing as Record<string, unknown>);
    const page = res.body.data.category.products;
    expect(page.edges).toHaveLength(24);
    expect(page.totalCount).toBeGreaterThan(24);
    for (const { node } of page.edges) {
      expect(Number.isInteger(node.price.amount)).toBe(true);
      expect(typeof node.stock.available).toBe('number');
    }
  });
});
