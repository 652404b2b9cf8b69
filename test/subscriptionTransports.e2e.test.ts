import { ApolloClient, CombinedGraphQLErrors, gql as parseGql, HttpLink, InMemoryCache } from '@apollo/client';
import { createClient as createSseClient } from 'graphql-sse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SUBSCRIPTION_LIMITS } from '../lib/config/index.js';
import { authHeader } from './helpers/auth.js';
import { waitFor } from './helpers/events.js';
import { startTestStack, type TestStack } from './helpers/stack.js';
import { price, priceChanged, stockChanged, subscribe, wsClient, type Received } from './helpers/subscriptions.js';

const PRICE_SUB = 'subscription Prices($ids: [ID!]!) { priceChanged(productIds: $ids) { eventId after { list { amount } } product { id name } } }';
const RESERVED_SUB = 'subscription Reserved($ids: [ID!]!) { stockChanged(productIds: $ids) { eventId after { onHand reserved } } }';
const LIMITS = { ...DEFAULT_SUBSCRIPTION_LIMITS, maxProductIds: 5 };

/** What the three clients share: graphql-ws's and graphql-sse's `subscribe(payload, sink)`. */
interface SinkClient {
  subscribe(payload: { query: string; variables?: Record<string, unknown> }, sink: { next(value: unknown): void; error(error: unknown): void; complete(): void }): () => void;
}

/** Apollo Client (HttpLink: multipart HTTP subscriptions) behind the same `subscribe(payload, sink)`, its GraphQL errors as `{ errors }` results. */
function apolloSinkClient(url: string, headers: Record<string, string>): SinkClient & { stop(): void } {
  const client = new ApolloClient({ link: new HttpLink({ uri: url, headers }), cache: new InMemoryCache() });
  return {
    subscribe(payload, sink) {
      const subscription = client.subscribe({ query: parseGql(payload.query), variables: payload.variables }).subscribe({
        next: (result) => sink.next(CombinedGraphQLErrors.is(result.error) ? { errors: result.error.errors } : result.error ? { errors: [{ message: result.error.message }] } : { data: result.data }),
        error: (error) => (CombinedGraphQLErrors.is(error) ? (sink.next({ errors: error.errors }), sink.complete()) : sink.error(error)),
        complete: () => sink.complete(),
      });
      return () => subscription.unsubscribe();
    },
    stop: () => client.stop(),
  };
}

const codesOf = (received: Received) => received.results.flatMap((r) => (r.errors ?? []).map((e: { extensions?: { code?: string } }) => e.extensions?.code));

describe('subscriptions over graphql-ws, SSE and multipart HTTP, with the real clients', () => {
  let stack: TestStack;
  const stops: (() => void)[] = [];
  beforeAll(async () => {
    stack = await startTestStack('pglite', { products: 12, subscriptionLimits: LIMITS });
  }, 60_000);
  afterAll(async () => {
    stops.forEach((stop) => stop());
    await stack?.close();
  });

  const clients: Record<string, (headers: Record<string, string>) => SinkClient> = {
    'graphql-ws': (headers) => {
      const client = wsClient(stack.url, { connectionParams: headers.authorization ? { authorization: headers.authorization } : {} });
      stops.push(() => void client.dispose());
      return client;
    },
    'graphql-sse': (headers) => {
      const client = createSseClient({ url: stack.url, headers, retryAttempts: 0 });
      stops.push(() => client.dispose());
      return client;
    },
    'Apollo Client (multipart)': (headers) => {
      const client = apolloSinkClient(stack.url, headers);
      stops.push(client.stop);
      return client;
    },
  };

  const live = () => stack.gateway.subscriptions!.hub.stats().subscriptions;

  describe.each(Object.keys(clients))('%s', (name) => {
    const open = (headers: Record<string, string> = {}) => clients[name]!(headers);
    afterAll(() => waitFor(() => live() === 0, 5000, 'no subscription left behind'));

    it('receives live price changes, resolved through the supergraph', async () => {
      const received = subscribe(open() as never, PRICE_SUB, { ids: ['p-2'] });
      await waitFor(() => stack.gateway.subscriptions!.hub.stats().subscriptions > 0, 5000, 'the subscription to be registered');
      await stack.eventBus.publish(priceChanged('p-2', 'EUR', price(100), price(250, 2)));
      await received.waitFor(1, 3000); // well before a heartbeat (5 s) could push a waiting part through
      // (Apollo Client adds __typename to the selections it sends.)
      expect(received.results[0]).toMatchObject({ data: { priceChanged: { eventId: expect.any(String), after: { list: { amount: 250 } }, product: { id: 'p-2', name: expect.any(String) } } } });
      received.unsubscribe();
      await waitFor(() => stack.gateway.subscriptions!.hub.stats().subscriptions === 0, 5000, 'the subscription to be gone');
    });

    it('applies the same field rules: reserved stock is FORBIDDEN without inventory:read, delivered with it', async () => {
      const shopper = subscribe(open(await authHeader(stack, 'customer')) as never, RESERVED_SUB, { ids: ['p-3'] });
      await shopper.ended();
      expect([...codesOf(shopper), shopper.error?.[0]?.extensions?.code].filter(Boolean)).toContain('FORBIDDEN');
      const staff = subscribe(open(await authHeader(stack, 'warehouse')) as never, RESERVED_SUB, { ids: ['p-3'] });
      await waitFor(() => stack.gateway.subscriptions!.hub.stats().subscriptions > 0, 5000, 'the staff subscription');
      await stack.eventBus.publish(stockChanged('p-3', 'wh-berlin', { onHand: 5, reserved: 1, version: 1 }, { onHand: 5, reserved: 2, version: 2 }));
      await staff.waitFor(1);
      expect(staff.results[0]).toMatchObject({ data: { stockChanged: { after: { onHand: 5, reserved: 2 } } } });
      staff.unsubscribe();
      await waitFor(() => stack.gateway.subscriptions!.hub.stats().subscriptions === 0, 5000, 'the subscription to be gone');
    });

    it('refuses a bad token and an over-limit subscription with the same codes', async () => {
      const limited = subscribe(open() as never, PRICE_SUB, { ids: ['p-1', 'p-2', 'p-3', 'p-4', 'p-5', 'p-6'] });
      await limited.ended();
      expect([...codesOf(limited), limited.error?.[0]?.extensions?.code].filter(Boolean)).toContain('TOO_MANY_PRODUCT_IDS');
      if (name === 'graphql-ws') return; // graphql-ws refuses a bad token by closing the connection (4401), tested in subscriptions.e2e
      const forged = subscribe(open({ authorization: 'Bearer not-a-token' }) as never, PRICE_SUB, { ids: ['p-1'] });
      await forged.ended();
      expect(codesOf(forged)).toEqual(['UNAUTHENTICATED']);
    });
  });

  it('answers a plain HTTP subscription request with OPERATION_NOT_SUPPORTED, naming the three transports', async () => {
    const response = await fetch(stack.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: PRICE_SUB, variables: { ids: ['p-1'] } }) });
    expect(response.status).toBe(400);
    const body = await response.json() as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('OPERATION_NOT_SUPPORTED');
    expect(body.errors[0]!.message).toMatch(/SSE .* multipart/);
  });

  it('streams multipart parts in Apollo\'s format, and ends the subscription with its request', async () => {
    const controller = new AbortController();
    const multipart = await fetch(stack.url, {
      method: 'POST', signal: controller.signal,
      headers: { 'content-type': 'application/json', accept: 'multipart/mixed;boundary="graphql";subscriptionSpec="1.0",application/json' },
      body: JSON.stringify({ query: PRICE_SUB, variables: { ids: ['p-7'] } }),
    });
    expect(multipart.headers.get('content-type')).toBe('multipart/mixed;boundary="graphql";subscriptionSpec="1.0"');
    await waitFor(() => stack.gateway.subscriptions!.hub.stats().subscriptions > 0, 5000, 'the multipart subscription');
    await stack.eventBus.publish(priceChanged('p-7', 'EUR', price(100), price(700, 2)));
    const reader = multipart.body!.getReader();
    let text = '';
    while (!text.includes('"payload"')) text += new TextDecoder().decode((await reader.read()).value);
    // Each part is followed at once by the next boundary: a reader need not wait for the next event to know the part ended.
    while (!/"payload".*\r\n--graphql\r\n$/s.test(text)) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toMatch(/^\r\n--graphql\r\ncontent-type: application\/json; charset=utf-8\r\n\r\n\{"payload":\{"data":\{"priceChanged":.*\}\}\r\n--graphql\r\n$/s);
    controller.abort();
    await waitFor(() => stack.gateway.subscriptions!.hub.stats().subscriptions === 0, 5000, 'the stream to end with its request');
  });
});
