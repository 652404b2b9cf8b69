import { randomUUID } from 'node:crypto';
import { buildSchema } from 'graphql';
import { createClient, type Client, type ClientOptions } from 'graphql-ws/client';
import WebSocket from 'ws';
import type { CloudEvent, Events, PriceState, StockState } from '../../lib/events/index.js';

/** What one graphql-ws subscription received. */
export interface Received {
  readonly results: { data?: any; errors?: any[] }[];
  /** Errors of an `error` message (the subscription was refused), or the close event. */
  error?: any;
  completed: boolean;
  /** Resolves once `count` results arrived (rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  /** Resolves once the subscription ended with an error or completion. */
  ended(timeoutMs?: number): Promise<void>;
  unsubscribe(): void;
}

/** A graphql-ws client over a real socket; `sockets` holds every WebSocket it opened. */
export function wsClient(httpUrl: string, options: Partial<ClientOptions> = {}): Client & { sockets: WebSocket[] } {
  const sockets: WebSocket[] = [];
  class TrackedWebSocket extends WebSocket {
    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      super(...args);
      sockets.push(this);
    }
  }
  const client = createClient({ url: httpUrl.replace(/^http/, 'ws'), webSocketImpl: TrackedWebSocket, retryAttempts: 0, lazy: true, ...options });
  return Object.assign(client, { sockets });
}

/** Subscribes and records everything that arrives. */
export function subscribe(client: Client, query: string, variables?: Record<string, unknown>): Received {
  const waiters = new Set<() => void>();
  const notify = () => waiters.forEach((w) => w());
  const until = (done: () => boolean, what: string, timeoutMs = 10_000) =>
    new Promise<void>((resolve, reject) => {
      if (done()) return resolve();
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`timed out waiting for ${what}; got ${JSON.stringify(received.results).slice(0, 500)} error=${JSON.stringify(received.error)}`));
      }, timeoutMs);
      const check = () => {
        if (!done()) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
    });
  const received: Received = {
    results: [],
    completed: false,
    waitFor: (count, timeoutMs) => until(() => received.results.length >= count, `${count} results`, timeoutMs),
    ended: (timeoutMs) => until(() => received.completed || received.error !== undefined, 'the end', timeoutMs),
    unsubscribe: () => unsubscribe(),
  };
  const unsubscribe = client.subscribe(
    { query, variables },
    {
      next: (result) => void (received.results.push(result as any), notify()),
      error: (error) => void ((received.error = error), notify()),
      complete: () => void ((received.completed = true), notify()),
    },
  );
  return received;
}

const event = <K extends keyof Events>(type: K, source: string, data: Events[K]): CloudEvent<K, Events[K]> => ({
  specversion: '1.0',
  id: randomUUID(),
  source,
  type,
  subject: (data as { productId: string }).productId,
  time: new Date().toISOString(),
  datacontenttype: 'application/json',
  data,
});

/** A price_changed event as the relay would publish it. */
export const priceChanged = (productId: string, currency: string, before: PriceState | null, after: PriceState | null) =>
  event('commerce.pricing.price_changed.v1', '/commerce/pricing', { productId, currency, before, after });

/** A stock_changed event as the relay would publish it. */
export const stockChanged = (productId: string, warehouseId: string, before: StockState | null, after: StockState | null) =>
  event('commerce.inventory.stock_changed.v1', '/commerce/inventory', { productId, warehouseId, before, after });

export const price = (listAmount: number, version = 1): PriceState => ({ listAmount, saleAmount: null, saleValidFrom: null, saleValidTo: null, version });

/** A small API schema with `priceChanged`, for the subscription server and hub without a supergraph. */
export const priceChangedSchema = buildSchema(/* GraphQL */ `
  type Query { product(id: ID!): Product }
  type Product { id: ID! name: String! stock: Int }
  type Money { amount: Int! currency: String! }
  type PriceSnapshot { list: Money! sale: Money saleValidFrom: String saleValidTo: String version: Int! }
  type PriceChange { eventId: ID! product: Product! currency: String! before: PriceSnapshot after: PriceSnapshot changedAt: String! }
  type Subscription { priceChanged(productIds: [ID!]!): PriceChange! }
`);
