// Issue 15 items 1–4 and 9: field rules, identity and limits hold for graphql-ws subscriptions as for HTTP.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SUBSCRIPTION_LIMITS } from '../lib/config/index.js';
import { tokenFor } from './helpers/auth.js';
import { leaksStack } from './helpers/graphql.js';
import { startTestStack, type TestStack } from './helpers/stack.js';
import { stockChanged, subscribe, wsClient } from './helpers/subscriptions.js';

const LIMITS = { ...DEFAULT_SUBSCRIPTION_LIMITS, maxPerConnection: 20, maxSelectionsPerConnection: 3, maxSelectionsPerProduct: 6, maxCostPerConnection: 1000 };

const STOCK_RESERVED = 'subscription S($ids: [ID!]!) { stockChanged(productIds: $ids) { eventId after { onHand reserved } } }';
const PRODUCT_RESERVED = 'subscription S($ids: [ID!]!) { stockChanged(productIds: $ids) { eventId product { id stock { available reserved } } } }';

describe('subscription hardening (issue 15)', () => {
  let stack: TestStack;
  const clients: ReturnType<typeof wsClient>[] = [];
  const client = (options?: Parameters<typeof wsClient>[1]) => {
    const c = wsClient(stack.url, options);
    clients.push(c);
    return c;
  };
  const staff = async () => client({ connectionParams: { token: await tokenFor(stack, 'warehouse') } });
  const errorCodesOf = (received: ReturnType<typeof subscribe>) => (received.error as { extensions?: { code?: string } }[] | undefined)?.map?.((e) => e.extensions?.code);
  const hub = () => stack.gateway.subscriptions!.hub;
  const waitFor = async (condition: () => boolean) => {
    const deadline = Date.now() + 10_000;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 10));
    }
  };

  beforeAll(async () => {
    stack = await startTestStack('pglite', { products: 20, subscriptionLimits: LIMITS });
  });
  afterAll(async () => {
    await stack?.close();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.dispose()));
    await waitFor(() => hub().stats().subscriptions === 0);
  });

  describe('item 1: field rules hold inside subscription payloads', () => {
    it('refuses an anonymous subscription to StockSnapshot.reserved with UNAUTHENTICATED, and serves it to staff', async () => {
      const anonymous = subscribe(client(), STOCK_RESERVED, { ids: ['p-1'] });
      await anonymous.ended();
      expect(errorCodesOf(anonymous)).toEqual(['UNAUTHENTICATED']);

      const customer = subscribe(client({ connectionParams: { token: await tokenFor(stack, 'customer') } }), STOCK_RESERVED, { ids: ['p-1'] });
      await customer.ended();
      expect(errorCodesOf(customer)).toEqual(['FORBIDDEN']);

      const warehouse = subscribe(await staff(), STOCK_RESERVED, { ids: ['p-1'] });
      await waitFor(() => hub().stats().subscriptions === 1);
      await stack.eventBus.publish(stockChanged('p-1', 'wh-berlin', { onHand: 5, reserved: 1, version: 1 }, { onHand: 5, reserved: 3, version: 2 }));
      await warehouse.waitFor(1);
      expect(warehouse.results[0]).toEqual({ data: { stockChanged: { eventId: expect.any(String), after: { onHand: 5, reserved: 3 } } } });
    });
  });

  describe('item 2: the federated part resolves as the subscriber', () => {
    it('gives a staff subscriber scoped product fields, and an anonymous one never sees them', async () => {
      const anonymous = subscribe(client(), PRODUCT_RESERVED, { ids: ['p-2'] });
      await anonymous.ended();
      expect(errorCodesOf(anonymous)).toEqual(['UNAUTHENTICATED']);

      const warehouse = subscribe(await staff(), PRODUCT_RESERVED, { ids: ['p-2'] });
      const shopper = subscribe(client(), 'subscription S($ids: [ID!]!) { stockChanged(productIds: $ids) { product { id stock { available } } } }', { ids: ['p-2'] });
      await waitFor(() => hub().stats().subscriptions === 2);
      await stack.eventBus.publish(stockChanged('p-2', 'wh-berlin', { onHand: 5, reserved: 1, version: 1 }, { onHand: 6, reserved: 1, version: 2 }));
      await Promise.all([warehouse.waitFor(1), shopper.waitFor(1)]);
      expect(warehouse.results[0]!.errors).toBeUndefined();
      expect(warehouse.results[0]!.data.stockChanged.product).toEqual({ id: 'p-2', stock: { available: expect.any(Number), reserved: expect.any(Number) } });
      expect(shopper.results[0]!.errors).toBeUndefined();
      expect(shopper.results[0]!.data.stockChanged.product.stock).toEqual({ available: expect.any(Number) });
    });
  });

  describe('item 3: subscription documents meet the HTTP limits when they are created', () => {
    const deep = `subscription { stockChanged(productIds: ["p-3"]) { product { category { parent { parent { parent { parent { parent { parent { parent { parent { id } } } } } } } } } } } }`;
    const aliases = `subscription { stockChanged(productIds: ["p-3"]) { ${Array.from({ length: 20 }, (_, i) => `a${i}: eventId`).join(' ')} } }`;
    const listing = (alias: string) => `${alias}: products(first: 100) { edges { node { id stock { warehouses { warehouse { id } } } } } }`;
    const costly = `subscription { stockChanged(productIds: ["p-3"]) { product { category { ${listing('a')} ${listing('b')} ${listing('c')} } } } }`;
    const tokens = `subscription { stockChanged(productIds: ["p-3"]) { ${'eventId '.repeat(3000)} } }`;

    it.each([
      ['too deep', 'QUERY_LIMIT_EXCEEDED', deep],
      ['with too many aliases', 'QUERY_LIMIT_EXCEEDED', aliases],
      ['too costly', 'QUERY_LIMIT_EXCEEDED', costly],
      ['with too many tokens', 'GRAPHQL_PARSE_FAILED', tokens],
    ])('refuses a subscription %s with %s before it is added', async (_name, code, query) => {
      const received = subscribe(client(), query);
      await received.ended();
      expect(errorCodesOf(received)).toEqual([code]);
      expect(JSON.stringify(received.error)).not.toMatch(/\n\s+at /);
      expect(hub().stats().subscriptions).toBe(0);
    });
  });

  describe('item 4: distinct selections are bounded per connection and per product', () => {
    const selection = (i: number) => `subscription { stockChanged(productIds: ["p-4"]) { s${i}: eventId product { id } } }`;

    it('refuses a connection its distinct selection past SUBSCRIPTION_MAX_SELECTIONS_PER_CONNECTION, but not repeats', async () => {
      const c = client();
      const held = [0, 1, 2].map((i) => subscribe(c, selection(i)));
      const repeat = subscribe(c, selection(0));
      await waitFor(() => hub().stats().subscriptions === 4);
      const fourth = subscribe(c, selection(3));
      await fourth.ended();
      expect(errorCodesOf(fourth)).toEqual(['QUERY_LIMIT_EXCEEDED']);
      expect((fourth.error as { extensions: { limit: string } }[])[0]!.extensions.limit).toBe('subscriptionSelections');
      held[0]!.unsubscribe();
      repeat.unsubscribe();
      await waitFor(() => hub().stats().subscriptions === 2);
      const again = subscribe(c, selection(3));
      await waitFor(() => hub().stats().subscriptions === 3);
      expect(again.error).toBeUndefined();
    });

    it('refuses a selection once its connection\'s selections would cost more than SUBSCRIPTION_MAX_COST_PER_CONNECTION', async () => {
      // Each costs about 460 (20 products, their stock and warehouses):
      // two fit the connection's 1000, a third does not; a repeat of one it holds costs nothing more.
      const heavy = (i: number) => `subscription { stockChanged(productIds: ["p-5"]) { h${i}: product { category { products(first: 20) { edges { node { id stock { warehouses { warehouse { id } } } } } } } } } }`;
      const c = client();
      subscribe(c, heavy(0));
      subscribe(c, heavy(1));
      subscribe(c, heavy(0));
      await waitFor(() => hub().stats().subscriptions === 3);
      const third = subscribe(c, heavy(2));
      await third.ended();
      expect(errorCodesOf(third)).toEqual(['QUERY_LIMIT_EXCEEDED']);
      expect((third.error as { extensions: { limit: string; actual: number } }[])[0]!.extensions).toMatchObject({ limit: 'subscriptionCost', max: 1000, actual: expect.any(Number) });
      expect((third.error as { extensions: { actual: number } }[])[0]!.extensions.actual).toBeGreaterThan(1000);
      // A budget of its own: another connection is not charged for the first one's selections.
      const other = subscribe(client(), heavy(2));
      await waitFor(() => hub().stats().subscriptions === 4);
      expect(other.error).toBeUndefined();
    });

    it('bounds the federated fetches of one event by SUBSCRIPTION_MAX_SELECTIONS_PER_PRODUCT', async () => {
      const connections = [0, 1, 2].map(() => client());
      for (let i = 0; i < 6; i++) subscribe(connections[Math.floor(i / 2)]!, selection(100 + i));
      await waitFor(() => hub().stats().subscriptions === 6);
      const seventh = subscribe(client(), selection(200));
      await seventh.ended();
      expect(errorCodesOf(seventh)).toEqual(['QUERY_LIMIT_EXCEEDED']);
      const before = hub().stats().fetches;
      await stack.eventBus.publish(stockChanged('p-4', 'wh-berlin', { onHand: 5, reserved: 1, version: 1 }, { onHand: 6, reserved: 1, version: 2 }));
      await hub().idle();
      await waitFor(() => hub().stats().fetches > before);
      expect(hub().stats().fetches - before).toBeLessThanOrEqual(LIMITS.maxSelectionsPerProduct);
    });
  });

  describe('item 9: graphql-ws refuses bad credentials as HTTP does', () => {
    it.each([
      ['a numeric token', { connectionParams: { token: 42 } }],
      ['an object token', { connectionParams: { token: { sub: 'admin', roles: ['admin'] } } }],
      ['a non-string Authorization entry', { connectionParams: { Authorization: ['Bearer x'] } }],
    ])('closes a connection_init with %s with 4401', async (_name, options) => {
      const received = subscribe(client(options as Parameters<typeof wsClient>[1]), STOCK_RESERVED.replace('reserved', 'available'), { ids: ['p-6'] });
      await received.ended();
      expect(received.error).toMatchObject({ code: 4401, reason: 'UNAUTHENTICATED' });
    });

    it('closes a connection whose upgrade request has a bad Bearer header with 4401', async () => {
      const { default: WebSocket } = await import('ws');
      class WithHeader extends WebSocket {
        constructor(url: string, protocols?: string | string[]) {
          super(url, protocols, { headers: { authorization: 'Bearer not.a.jwt' } });
        }
      }
      const received = subscribe(client({ webSocketImpl: WithHeader }), 'subscription { stockChanged(productIds: ["p-6"]) { eventId } }');
      await received.ended();
      expect(received.error).toMatchObject({ code: 4401, reason: 'UNAUTHENTICATED' });
      expect(leaksStack({ status: 0, body: {}, text: JSON.stringify(received.error) })).toBe(false);
    });
  });
});
