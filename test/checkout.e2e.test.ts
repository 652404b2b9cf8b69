import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeader, tokenFor } from './helpers/auth.js';
import { subscribe, wsClient } from './helpers/subscriptions.js';
import { errorCodes, gql } from './helpers/graphql.js';
import { deleteKeys, randomPrefix, testRedisUrl } from './helpers/redis.js';
import { waitFor } from './helpers/events.js';
import { startTestStack, type TestStack } from './helpers/stack.js';
import { entryJson, fieldsOf } from '../lib/events/index.js';
import { createSubgraphClient } from '../lib/subgraph/index.js';
import { cartStore } from '../subgraphs/orders/cartStore.js';
import { sagaStore } from '../subgraphs/orders/checkout/sagaStore.js';
import { orderStore } from '../subgraphs/orders/orderStore.js';
import { ORDERS_SERVICE_IDENTITY } from '../subgraphs/orders/services/serviceClients.js';
import { simulatorProviders } from '../subgraphs/payments/paymentProviders.js';

// Checkout end to end through the gateway: the orders subgraph prices the cart from pricing
// and shipping, reserves stock in inventory, authorizes at the payment simulator over HTTP
// and places the order, on PostgreSQL, with the events on Redis.

const CREATE = 'mutation ($currency: String!) { createCart(currency: $currency) { id status } }';
const ADD = 'mutation ($cartId: ID!, $productId: ID!, $quantity: Int!) { addCartLine(cartId: $cartId, productId: $productId, quantity: $quantity) { id itemCount } }';
const CART = 'query ($id: ID!) { cart(id: $id) { id status itemCount lines { quantity product { id price(currency: "EUR") { amount } stock { available } } } } }';
const ORDER_FIELDS = `id status failureCode currency itemsTotal { amount currency } shippingTotal { amount } total { amount currency }
  lines { quantity unitPrice { amount currency } lineTotal { amount } product { id } }`;
const CHECKOUT = `mutation ($input: CheckoutInput!) { checkout(input: $input) { ${ORDER_FIELDS} } }`;
const SETTLED = `query ($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`;
const ORDER = 'query ($id: ID!) { order(id: $id) { id status failureCode } }';
const MY_ORDERS = 'query ($first: Int!, $after: String) { myOrders(first: $first, after: $after) { edges { node { id status } } pageInfo { hasNextPage endCursor } } }';
const ADDRESS = { name: 'Ada Lovelace', line1: 'Unter den Linden 1', city: 'Berlin', postalCode: '10117', country: 'DE' };

describe('checkout through the gateway', { timeout: 90_000 }, () => {
  let stack: TestStack;
  let redis: Redis;
  const keyPrefix = randomPrefix();
  const as = (subject: string) => authHeader(stack, 'customer', { subject });

  /** Sets a product's stock: `onHand` in Berlin, none elsewhere, nothing reserved. */
  const setStock = (productId: string, onHand: number) => stack.db.query(
    `UPDATE inventory.stock SET on_hand = CASE WHEN warehouse_id = 'wh-berlin' THEN $2 ELSE 0 END, reserved = 0 WHERE product_id = $1`, [productId, onHand]);
  const stockOf = async (productId: string) => (await stack.db.query<{ on_hand: number; reserved: number }>(
    'SELECT sum(on_hand)::int AS on_hand, sum(reserved)::int AS reserved FROM inventory.stock WHERE product_id = $1', [productId])).rows[0]!;
  const count = async (sql: string, params: unknown[] = []) => (await stack.db.query<{ n: number }>(sql, params)).rows[0]!.n;
  const ledger = () => stack.payments.paymentSimulator()!.ledger();

  async function cartWith(subject: string, lines: Record<string, number>): Promise<string> {
    const headers = await as(subject);
    const cartId = (await gql(stack.url, CREATE, { currency: 'EUR' }, headers)).body.data.createCart.id as string;
    for (const [productId, quantity] of Object.entries(lines)) {
      const res = await gql(stack.url, ADD, { cartId, productId, quantity }, headers);
      expect(res.body.errors).toBeUndefined();
    }
    return cartId;
  }

  /**
   * Checks the cart out; an order still PENDING when the mutation answers (the saga outlived
   * the request, as under the load of the whole suite) is read again until it settles.
   */
  async function checkout(subject: string, cartId: string, overrides: Record<string, unknown> = {}) {
    const headers = await as(subject);
    const res = await gql(stack.url, CHECKOUT, {
      input: { cartId, shippingAddress: ADDRESS, shippingOption: 'skyway:PRIORITY', paymentMethod: 'tok_ok', idempotencyKey: `k-${cartId}`, ...overrides },
    }, headers);
    const id = res.body.data?.checkout?.id;
    if (res.body.data?.checkout?.status !== 'PENDING') return res;
    let settled = res;
    await waitFor(async () => {
      settled = await gql(stack.url, SETTLED, { id }, headers);
      return settled.body.data.order.status !== 'PENDING';
    }, 60_000, `order ${id} to settle`);
    return { ...settled, body: { data: { checkout: settled.body.data.order } } } as typeof res;
  }

  /** `fn` over `items`, at most `limit` at a time, results in order. */
  async function inFlight<T, R>(limit: number, items: readonly T[], fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
    const results: R[] = [];
    let next = 0;
    await Promise.all(Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]!, i);
      }
    }));
    return results;
  }

  beforeAll(async () => {
    stack = await startTestStack('pg', { products: 40, redisUrl: testRedisUrl(), keyPrefix });
    redis = new Redis(testRedisUrl());
  });
  afterAll(async () => {
    await stack?.close();
    redis?.disconnect();
    await deleteKeys(testRedisUrl(), keyPrefix);
  });

  it('places an order: prices locked, stock committed, one authorization, one order_placed event', async () => {
    await setStock('p-1', 10);
    await setStock('p-2', 10);
    const cartId = await cartWith('alice', { 'p-1': 2, 'p-2': 1 });
    const cart = await gql(stack.url, CART, { id: cartId }, await as('alice'));
    expect(cart.body.data.cart).toMatchObject({ status: 'OPEN', itemCount: 3 });
    const prices = Object.fromEntries(cart.body.data.cart.lines.map((l: any) => [l.product.id, l.product.price.amount]));

    const res = await checkout('alice', cartId);
    expect(res.body.errors).toBeUndefined();
    const order = res.body.data.checkout;
    expect(order).toMatchObject({ status: 'PLACED', failureCode: null, currency: 'EUR' });
    const items = prices['p-1'] * 2 + prices['p-2'];
    expect(order.itemsTotal).toEqual({ amount: items, currency: 'EUR' });
    expect(order.shippingTotal.amount).toBeGreaterThan(0);
    expect(order.total).toEqual({ amount: items + order.shippingTotal.amount, currency: 'EUR' });
    expect(order.lines).toEqual(expect.arrayContaining([
      { quantity: 2, unitPrice: { amount: prices['p-1'], currency: 'EUR' }, lineTotal: { amount: prices['p-1'] * 2 }, product: { id: 'p-1' } },
    ]));

    expect(await stockOf('p-1')).toEqual({ on_hand: 8, reserved: 0 });
    expect(await stockOf('p-2')).toEqual({ on_hand: 9, reserved: 0 });
    expect(await count(`SELECT count(*)::int AS n FROM inventory.reservations WHERE id = $1 AND status = 'committed'`, [`${order.id}:reserve`])).toBe(1);
    const charges = ledger().filter((e) => e.idempotencyKey === `${order.id}:authorize`);
    expect(charges.map((e) => [e.status, e.amount, e.currency])).toEqual([['authorized', order.total.amount, 'EUR']]);
    expect((await gql(stack.url, CART, { id: cartId }, await as('alice'))).body.data.cart.status).toBe('CHECKED_OUT');
    // The payment, from the payments subgraph through federation.
    const payment = (await gql(stack.url, 'query ($id: ID!) { order(id: $id) { payment { status provider amount { amount } } } }', { id: order.id }, await as('alice'))).body.data.order.payment;
    expect(payment).toEqual({ status: 'AUTHORIZED', provider: 'payvia', amount: { amount: order.total.amount } });

    const stream = `${keyPrefix}events:commerce.orders.order_placed.v1`;
    await waitFor(async () => (await redis.xlen(stream)) > 0, 5_000, 'the order_placed event on Redis');
    const events = (await redis.xrange(stream, '-', '+')).map(([, flat]) => JSON.parse(entryJson(fieldsOf(flat))!));
    const placed = events.filter((e) => e.subject === order.id);
    expect(placed).toHaveLength(1);
    expect(placed[0].data).toMatchObject({ orderId: order.id, customer: 'alice', totalAmount: order.total.amount, currency: 'EUR' });
  });

  it('fails a declined payment with PAYMENT_DECLINED, releases the reservation and opens the cart again', async () => {
    await setStock('p-3', 5);
    const cartId = await cartWith('bob', { 'p-3': 2 });
    const res = await checkout('bob', cartId, { paymentMethod: 'tok_insufficient_funds' });
    expect(res.body.errors).toBeUndefined();
    const order = res.body.data.checkout;
    expect(order).toMatchObject({ status: 'FAILED', failureCode: 'PAYMENT_DECLINED' });
    expect(await stockOf('p-3')).toEqual({ on_hand: 5, reserved: 0 });
    expect(await count(`SELECT count(*)::int AS n FROM inventory.reservations WHERE id = $1 AND status = 'released'`, [`${order.id}:reserve`])).toBe(1);
    expect(ledger().filter((e) => e.idempotencyKey === `${order.id}:authorize` && e.status === 'authorized')).toEqual([]);
    expect((await gql(stack.url, CART, { id: cartId }, await as('bob'))).body.data.cart.status).toBe('OPEN');
  });

  it('cancels a placed order: stock back on hand, payment voided, once however often asked; only its owner or staff may', async () => {
    await setStock('p-10', 5);
    const cartId = await cartWith('ivan', { 'p-10': 2 });
    const order = (await checkout('ivan', cartId)).body.data.checkout;
    expect(order.status).toBe('PLACED');
    expect(await stockOf('p-10')).toEqual({ on_hand: 3, reserved: 0 });
    const CANCEL = 'mutation ($id: ID!) { cancelOrder(id: $id) { id status payment { status } } }';
    const stranger = await gql(stack.url, CANCEL, { id: order.id }, await as('mallory'));
    expect(errorCodes(stranger)).toEqual(['ORDER_NOT_FOUND']);
    const [first, second] = await Promise.all([gql(stack.url, CANCEL, { id: order.id }, await as('ivan')), gql(stack.url, CANCEL, { id: order.id }, await as('ivan'))]);
    expect(first.body.errors).toBeUndefined();
    expect(second.body.errors).toBeUndefined();
    await waitFor(async () => (await gql(stack.url, ORDER, { id: order.id }, await as('ivan'))).body.data.order.status === 'CANCELLED', 30_000, 'the cancellation');
    const again = await gql(stack.url, CANCEL, { id: order.id }, await authHeader(stack, 'support'));
    expect(again.body.data.cancelOrder).toEqual({ id: order.id, status: 'CANCELLED', payment: { status: 'VOIDED' } });
    expect(await stockOf('p-10')).toEqual({ on_hand: 5, reserved: 0 });
    expect(await count(`SELECT count(*)::int AS n FROM inventory.stock_movements WHERE reason = $1`, [`reservation ${order.id}:reserve returned`])).toBe(1);
    expect(ledger().filter((e) => e.idempotencyKey === `${order.id}:authorize`).map((e) => e.status)).toEqual(['voided']);
  });

  it('finishes a cancellation a dead process left half-way', async () => {
    await setStock('p-12', 5);
    const order = (await checkout('kim', await cartWith('kim', { 'p-12': 1 }))).body.data.checkout;
    expect(order.status).toBe('PLACED');
    // The dead process had started cancelling and returned the stock; its lease ran out.
    await stack.db.transaction(async (tx) => {
      await tx.query(`UPDATE orders.checkout_sagas SET state = 'cancelling', step = 'cancel', lease_until = now() - interval '1 second' WHERE order_id = $1`, [order.id]);
      await sagaStore.stepFinished(tx, order.id, 'confirm', { status: 'compensated', errorCode: null });
    });
    const inventory = createSubgraphClient({ name: 'inventory', url: stack.subgraphs.inventory.url, signingKey: stack.security.signingKey, identity: ORDERS_SERVICE_IDENTITY });
    await inventory.request('mutation ($key: ID!) { returnReservation(reservationKey: $key) { status } }', { key: `${order.id}:reserve` });
    await inventory.close();
    await waitFor(async () => (await gql(stack.url, ORDER, { id: order.id }, await as('kim'))).body.data.order.status === 'CANCELLED', 15_000, 'the resumed cancellation');
    expect(await stockOf('p-12')).toEqual({ on_hand: 5, reserved: 0 });
    expect(ledger().filter((e) => e.idempotencyKey === `${order.id}:authorize`).map((e) => e.status)).toEqual(['voided']);
  });

  it('pushes an order\'s status changes to its customer over graphql-ws, and refuses anyone else', async () => {
    await setStock('p-13', 5);
    const order = (await checkout('liam', await cartWith('liam', { 'p-13': 1 }))).body.data.checkout;
    const FOLLOW = 'subscription ($id: ID!) { orderStatusChanged(orderId: $id) { before after failureCode order { id status } } }';
    const client = async (subject: string) => wsClient(stack.url, { connectionParams: { token: await tokenFor(stack, 'customer', { subject }) } });
    const owner = await client('liam');
    const stranger = await client('mallory');
    try {
      const mine = subscribe(owner, FOLLOW, { id: order.id });
      const theirs = subscribe(stranger, FOLLOW, { id: order.id });
      await theirs.ended();
      expect(theirs.error?.[0]?.extensions?.code).toBe('ORDER_NOT_FOUND');
      const malformed = subscribe(stranger, FOLLOW, { id: 'not-an-order' });
      await malformed.ended();
      expect(malformed.error?.[0]?.extensions?.code).toBe('ORDER_NOT_FOUND');
      await new Promise((resolve) => setTimeout(resolve, 300));
      await gql(stack.url, 'mutation ($id: ID!) { cancelOrder(id: $id) { id } }', { id: order.id }, await as('liam'));
      // Under load the PENDING → PLACED event may still be on its way when the subscription starts: it arrives first then.
      const cancelled = () => mine.results.find((r) => r.data?.orderStatusChanged.after === 'CANCELLED');
      await waitFor(() => cancelled() !== undefined, 15_000, 'the CANCELLED change');
      expect(cancelled()).toEqual({ data: { orderStatusChanged: { before: 'PLACED', after: 'CANCELLED', failureCode: null, order: { id: order.id, status: 'CANCELLED' } } } });
      expect(mine.results.map((r) => r.data.orderStatusChanged.after)).toEqual(expect.arrayContaining(['CANCELLED']));
      expect(mine.results.every((r) => r.errors === undefined && r.data.orderStatusChanged.order.id === order.id)).toBe(true);
    } finally {
      await owner.dispose();
      await stranger.dispose();
    }
  });

  it('refuses to cancel an order that was never placed: ORDER_NOT_CANCELLABLE, nothing changed', async () => {
    await setStock('p-11', 5);
    const failed = (await checkout('judy', await cartWith('judy', { 'p-11': 1 }), { paymentMethod: 'tok_declined' })).body.data.checkout;
    expect(failed.status).toBe('FAILED');
    const res = await gql(stack.url, 'mutation ($id: ID!) { cancelOrder(id: $id) { id } }', { id: failed.id }, await as('judy'));
    expect(errorCodes(res)).toEqual(['ORDER_NOT_CANCELLABLE']);
    expect((await gql(stack.url, ORDER, { id: failed.id }, await as('judy'))).body.data.order.status).toBe('FAILED');
    expect(await stockOf('p-11')).toEqual({ on_hand: 5, reserved: 0 });
  });

  it('authorizes at the second provider when the first is down', async () => {
    await setStock('p-8', 5);
    const simulator = stack.payments.paymentSimulator()!;
    simulator.setFaults('payvia', { outage: 'unavailable' });
    try {
      const res = await checkout('grace', await cartWith('grace', { 'p-8': 1 }));
      const order = res.body.data.checkout;
      expect(order).toMatchObject({ status: 'PLACED' });
      const charges = ledger().filter((e) => e.idempotencyKey === `${order.id}:authorize` || e.reference === `${order.id}:authorize`);
      expect(charges.map((e) => [e.provider, e.status])).toEqual([['acquira', 'authorized']]);
    } finally {
      simulator.setFaults('payvia', { outage: 'none' });
    }
  });

  it('answers the same idempotency key twice, even at once, with the same order and one authorization', async () => {
    await setStock('p-4', 5);
    const cartId = await cartWith('carol', { 'p-4': 1 });
    const [a, b] = await Promise.all([checkout('carol', cartId, { idempotencyKey: 'click-1' }), checkout('carol', cartId, { idempotencyKey: 'click-1' })]);
    const again = await checkout('carol', cartId, { idempotencyKey: 'click-1' });
    expect(a.body.errors).toBeUndefined();
    expect(b.body.errors).toBeUndefined();
    const id = a.body.data.checkout.id;
    expect(b.body.data.checkout.id).toBe(id);
    expect(again.body.data.checkout).toMatchObject({ id, status: 'PLACED' });
    expect(await count(`SELECT count(*)::int AS n FROM orders.orders WHERE owner = 'carol'`)).toBe(1);
    expect(ledger().filter((e) => e.idempotencyKey === `${id}:authorize`)).toHaveLength(1);
    expect(await stockOf('p-4')).toEqual({ on_hand: 4, reserved: 0 });
  });

  it('sells the last units once: 500 buyers race for the last 100, exactly 100 orders are placed and nothing is oversold', async () => {
    await setStock('p-5', 100);
    const buyers = Array.from({ length: 500 }, (_, i) => `racer-${i}`);
    // At most 100 requests in flight, as a busy storefront's would be.
    const carts = await inFlight(100, buyers, (b) => cartWith(b, { 'p-5': 1 }));
    const results = await inFlight(100, buyers, (b, i) => checkout(b, carts[i]!));
    const statuses = results.map((r) => r.body.data.checkout);
    expect(statuses.filter((o) => o.status === 'PLACED')).toHaveLength(100);
    expect(statuses.filter((o) => o.status === 'FAILED').map((o) => o.failureCode)).toEqual(Array(400).fill('OUT_OF_STOCK'));
    expect(await stockOf('p-5')).toEqual({ on_hand: 0, reserved: 0 });
    const placed = new Set(statuses.filter((o) => o.status === 'PLACED').map((o) => `${o.id}:authorize`));
    const live = ledger().filter((e) => e.status === 'authorized' && statuses.some((o) => e.idempotencyKey === `${o.id}:authorize`));
    expect(live).toHaveLength(100);
    expect(live.every((e) => placed.has(e.idempotencyKey!))).toBe(true);
  }, 240_000);

  it('refuses bad input with stable codes and writes nothing', async () => {
    const headers = await as('dave');
    const cartId = (await gql(stack.url, CREATE, { currency: 'EUR' }, headers)).body.data.createCart.id;
    expect(errorCodes(await gql(stack.url, ADD, { cartId, productId: 'p-1', quantity: 0 }, headers))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await gql(stack.url, ADD, { cartId, productId: 'p-1', quantity: 1_000_000_000 }, headers))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await gql(stack.url, ADD, { cartId, productId: 'p-999999', quantity: 1 }, headers))).toEqual(['PRODUCT_NOT_FOUND']);
    expect(errorCodes(await gql(stack.url, ADD, { cartId, productId: 'nope', quantity: 1 }, headers))).toEqual(['BAD_USER_INPUT']);
    expect(await count('SELECT count(*)::int AS n FROM orders.cart_lines WHERE cart_id = $1', [cartId])).toBe(0);
    expect(errorCodes(await checkout('dave', cartId))).toEqual(['CART_EMPTY']);
    expect(errorCodes(await gql(stack.url, CREATE, { currency: 'XYZ' }, headers))).toEqual(['BAD_USER_INPUT']);

    // Someone else's cart is not found, to read, change or check out.
    const erin = await cartWith('erin', { 'p-6': 1 });
    expect(errorCodes(await gql(stack.url, CART, { id: erin }, headers))).toEqual(['CART_NOT_FOUND']);
    expect(errorCodes(await gql(stack.url, ADD, { cartId: erin, productId: 'p-1', quantity: 1 }, headers))).toEqual(['CART_NOT_FOUND']);
    expect(errorCodes(await checkout('dave', erin))).toEqual(['CART_NOT_FOUND']);
    expect(errorCodes(await gql(stack.url, CART, { id: 'not-a-uuid' }, headers))).toEqual(['CART_NOT_FOUND']);

    // Bad checkout input writes no order.
    await gql(stack.url, ADD, { cartId, productId: 'p-6', quantity: 1 }, headers);
    expect(errorCodes(await checkout('dave', cartId, { shippingAddress: { ...ADDRESS, country: 'XX' } }))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await checkout('dave', cartId, { shippingAddress: { ...ADDRESS, postalCode: '1' } }))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await checkout('dave', cartId, { shippingOption: 'cheapest' }))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await checkout('dave', cartId, { paymentMethod: '4111111111111111' }))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await checkout('dave', cartId, { idempotencyKey: 'bad key with spaces' }))).toEqual(['BAD_USER_INPUT']);
    expect(await count(`SELECT count(*)::int AS n FROM orders.orders WHERE owner = 'dave'`)).toBe(0);

    // A cart checked out cannot be checked out again with another key, nor changed; the first key cannot name another cart.
    await setStock('p-6', 5);
    const placed = await checkout('dave', cartId, { idempotencyKey: 'dave-1' });
    expect(placed.body.data.checkout.status).toBe('PLACED');
    expect(errorCodes(await checkout('dave', cartId, { idempotencyKey: 'dave-2' }))).toEqual(['CART_NOT_OPEN']);
    expect(errorCodes(await gql(stack.url, ADD, { cartId, productId: 'p-1', quantity: 1 }, headers))).toEqual(['CART_NOT_OPEN']);
    const other = await cartWith('dave', { 'p-6': 1 });
    expect(errorCodes(await checkout('dave', other, { idempotencyKey: 'dave-1' }))).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    expect(await count(`SELECT count(*)::int AS n FROM orders.orders WHERE owner = 'dave'`)).toBe(1);

    // Orders: one's own, or any with orders:read; anonymous callers get nothing.
    const orderId = placed.body.data.checkout.id;
    expect((await gql(stack.url, ORDER, { id: orderId }, headers)).body.data.order).toMatchObject({ id: orderId, status: 'PLACED' });
    expect(errorCodes(await gql(stack.url, ORDER, { id: orderId }, await as('erin')))).toEqual(['ORDER_NOT_FOUND']);
    expect((await gql(stack.url, ORDER, { id: orderId }, await authHeader(stack, 'support'))).body.data.order.id).toBe(orderId);
    expect(errorCodes(await gql(stack.url, ORDER, { id: orderId }))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await gql(stack.url, CREATE, { currency: 'EUR' }))).toEqual(['UNAUTHENTICATED']);
  });

  it('lists my orders newest first, a page at a time', async () => {
    const headers = await as('dave');
    const first = (await gql(stack.url, MY_ORDERS, { first: 1 }, headers)).body.data.myOrders;
    expect(first.edges).toHaveLength(1);
    expect(first.pageInfo.hasNextPage).toBe(false);
    expect(errorCodes(await gql(stack.url, MY_ORDERS, { first: 0 }, headers))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await gql(stack.url, MY_ORDERS, { first: 5, after: 'garbage' }, headers))).toEqual(['BAD_USER_INPUT']);
  });

  it('resumes a saga whose process died mid-way, and a step it had already sent does not act twice', async () => {
    await setStock('p-7', 4);
    const cartId = await cartWith('frank', { 'p-7': 2 });
    // What checkout had written when its process died: the order, its saga (lease run out), the frozen cart…
    const orderId = randomUUID();
    await stack.db.transaction(async (tx) => {
      await orderStore.insert(tx, {
        id: orderId, owner: 'frank', cartId, idempotencyKey: 'crashed-1', currency: 'EUR', shippingAddress: { ...ADDRESS, line2: null },
        shippingOption: 'skyway:PRIORITY', paymentMethod: 'tok_ok', lines: [{ productId: 'p-7', quantity: 2 }],
      });
      await sagaStore.insert(tx, orderId, 'price', -1);
      await cartStore.setStatus(tx, cartId, 'checking_out');
    });
    // …and the reservation its reserve step had already made at inventory before the answer was lost.
    const inventory = createSubgraphClient({ name: 'inventory', url: stack.subgraphs.inventory.url, signingKey: stack.security.signingKey, identity: ORDERS_SERVICE_IDENTITY });
    await inventory.request('mutation ($input: ReserveStockInput!) { reserveStock(input: $input) { status } }', {
      input: { reservationKey: `${orderId}:reserve`, lines: [{ productId: 'p-7', quantity: 2 }], country: 'DE' },
    });
    await inventory.close();

    // The recovery loop takes the saga over and finishes it.
    await waitFor(async () => (await gql(stack.url, ORDER, { id: orderId }, await as('frank'))).body.data.order.status !== 'PENDING', 10_000, 'the resumed saga');
    expect((await gql(stack.url, ORDER, { id: orderId }, await as('frank'))).body.data.order).toMatchObject({ status: 'PLACED', failureCode: null });
    expect(await stockOf('p-7')).toEqual({ on_hand: 2, reserved: 0 });
    expect(ledger().filter((e) => e.idempotencyKey === `${orderId}:authorize`)).toHaveLength(1);
    expect((await sagaStore.steps(stack.db, orderId)).map((s) => [s.step, s.status])).toEqual([
      ['price', 'succeeded'], ['reserve', 'succeeded'], ['authorize', 'succeeded'], ['ship', 'succeeded'], ['confirm', 'succeeded'],
    ]);
  });

  it('resumes a saga that died in authorize after failing over, keeping that authorization and charging nowhere else', async () => {
    await setStock('p-9', 4);
    const cartId = await cartWith('heidi', { 'p-9': 2 });
    const orderId = randomUUID();
    const priced = { unitAmounts: { 'p-9': 500 }, itemsAmount: 1000, shippingAmount: 490 };
    // The dead process had priced, reserved and, with payvia down, authorized at acquira; its answer was lost with it.
    await stack.db.transaction(async (tx) => {
      await orderStore.insert(tx, {
        id: orderId, owner: 'heidi', cartId, idempotencyKey: 'crashed-2', currency: 'EUR', shippingAddress: { ...ADDRESS, line2: null },
        shippingOption: 'skyway:PRIORITY', paymentMethod: 'tok_ok', lines: [{ productId: 'p-9', quantity: 2 }],
      });
      await orderStore.setPrices(tx, orderId, { unitAmounts: new Map([['p-9', 500]]), itemsAmount: 1000, shippingAmount: 490 });
      await sagaStore.insert(tx, orderId, 'authorize', -1);
      await cartStore.setStatus(tx, cartId, 'checking_out');
      for (const step of ['price', 'reserve', 'authorize']) await sagaStore.stepStarted(tx, orderId, step, `${orderId}:${step}`);
      await sagaStore.stepFinished(tx, orderId, 'price', { status: 'succeeded', result: priced });
      await sagaStore.stepFinished(tx, orderId, 'reserve', { status: 'succeeded', result: null });
    });
    const inventory = createSubgraphClient({ name: 'inventory', url: stack.subgraphs.inventory.url, signingKey: stack.security.signingKey, identity: ORDERS_SERVICE_IDENTITY });
    await inventory.request('mutation ($input: ReserveStockInput!) { reserveStock(input: $input) { status } }', {
      input: { reservationKey: `${orderId}:reserve`, lines: [{ productId: 'p-9', quantity: 2 }], country: 'DE' },
    });
    await inventory.close();
    const [, acquira] = simulatorProviders(stack.payments.paymentSimulator()!);
    // ... at the payments subgraph, which recorded the call before it failed over, then died.
    await stack.db.query(
      `INSERT INTO payments.payments (id, order_id, customer, idempotency_key, amount, currency, status, attempts, lease_until)
       VALUES ($1, $2, 'heidi', $3, 1490, 'EUR', 'AUTHORIZING', 1, now() - interval '1 second')`, [randomUUID(), orderId, `${orderId}:authorize`]);
    const held = await acquira!.authorize({ idempotencyKey: `${orderId}:authorize`, amount: { amount: 1490, currency: 'EUR' }, method: { type: 'card', token: 'tok_ok' } });
    expect(held.outcome).toBe('authorized');
    await acquira!.close();

    await waitFor(async () => (await gql(stack.url, ORDER, { id: orderId }, await as('heidi'))).body.data.order.status !== 'PENDING', 10_000, 'the resumed saga');
    expect((await gql(stack.url, ORDER, { id: orderId }, await as('heidi'))).body.data.order).toMatchObject({ status: 'PLACED' });
    const charges = ledger().filter((e) => e.idempotencyKey === `${orderId}:authorize` || e.reference === `${orderId}:authorize`);
    expect(charges.map((e) => [e.provider, e.status])).toEqual([['acquira', 'authorized']]);
    expect(await stockOf('p-9')).toEqual({ on_hand: 2, reserved: 0 });
  });

  it('keeps the reservation mutations out of the gateway API: only the orders service calls them', async () => {
    const res = await gql(stack.url, 'mutation { releaseReservation(reservationKey: "x") { status } }', {}, await authHeader(stack, 'admin'));
    expect(errorCodes(res)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });
});
