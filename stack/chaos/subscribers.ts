import { createClient, type Client } from 'graphql-ws/client';
import WebSocket from 'ws';

/** What a subscriber watches: one product's EUR price or its stock in one warehouse. */
export type WatchKind = 'price' | 'stock';
export const WAREHOUSE = 'wh-berlin';

/** One event as a subscriber received it. */
export interface Delivery {
  readonly eventId: string;
  readonly version: number;
  readonly at: number;
  /** Index into the connection's epochs. */
  readonly epoch: number;
}

/** A graphql-ws connection's life: one epoch per successful connection (ack) until it closed. */
export interface Epoch {
  readonly connectedAt: number;
  closedAt?: number;
}

export interface Subscriber {
  readonly id: number;
  readonly gateway: string;
  readonly kind: WatchKind;
  readonly productId: string;
  readonly connection: Connection;
  readonly deliveries: Delivery[];
  readonly errors: unknown[];
}

export interface Connection {
  readonly gateway: string;
  readonly epochs: Epoch[];
  readonly client: Client;
}

const DOCS: Record<WatchKind, string> = {
  price: `subscription Price($ids: [ID!]!) { priceChanged(productIds: $ids) { eventId currency after { version list { amount } } } }`,
  stock: `subscription Stock($ids: [ID!]!) { stockChanged(productIds: $ids, warehouseId: "${WAREHOUSE}") { eventId warehouseId after { version onHand } } }`,
};

/** Opens a connection that reconnects (and re-subscribes) forever, recording its epochs. */
export function openConnection(gateway: string, httpUrl: string): Connection {
  const epochs: Epoch[] = [];
  const client = createClient({
    url: httpUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    retryWait: () => new Promise((r) => setTimeout(r, 300 + Math.random() * 700)),
    on: {
      connected: () => void epochs.push({ connectedAt: Date.now() }),
      closed: () => {
        const last = epochs.at(-1);
        if (last && last.closedAt === undefined) last.closedAt = Date.now();
      },
    },
  });
  client.on('error', () => undefined);
  return { gateway, epochs, client };
}

/** Subscribes on `connection` and records every event that arrives. */
export function watch(id: number, connection: Connection, kind: WatchKind, productId: string): Subscriber {
  const subscriber: Subscriber = { id, gateway: connection.gateway, kind, productId, connection, deliveries: [], errors: [] };
  connection.client.subscribe({ query: DOCS[kind], variables: { ids: [productId] } }, {
    next: (result: any) => {
      if (result.errors) return void subscriber.errors.push(result.errors);
      const change = kind === 'price' ? result.data?.priceChanged : result.data?.stockChanged;
      if (!change) return void subscriber.errors.push(result);
      subscriber.deliveries.push({ eventId: change.eventId, version: change.after?.version ?? -1, at: Date.now(), epoch: connection.epochs.length - 1 });
    },
    error: (error) => void subscriber.errors.push(error),
    complete: () => undefined,
  });
  return subscriber;
}
