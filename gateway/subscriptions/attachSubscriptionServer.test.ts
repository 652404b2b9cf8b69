import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createFormatError } from '../../lib/errors/index.js';
import { createInProcessEventLog, createStreamEventBus } from '../../lib/events/index.js';
import { createLogger } from '../../lib/logging/index.js';
import { price, priceChanged, priceChangedSchema } from '../../test/helpers/subscriptions.js';
import { attachSubscriptionServer, type SubscriptionServer } from './attachSubscriptionServer.js';
import { prepareSubscription, type PreparedSubscription } from './prepareSubscription.js';

// The graphql-transport-ws protocol as graphql-ws's own server speaks it: the close codes and
// messages a client library relies on.
const schema = priceChangedSchema;
const logger = createLogger({ level: 'silent', service: 'test' });
const QUERY = 'subscription { priceChanged(productIds: ["p-1"]) { eventId after { version } product { name } } }';

let http: Server | undefined;
let server: SubscriptionServer | undefined;
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  await server?.close();
  await new Promise((resolve) => http?.close(resolve));
});

async function start(options: { keepAliveMs?: number } = {}) {
  const bus = createStreamEventBus({ log: createInProcessEventLog() });
  http = createServer();
  await new Promise<void>((resolve) => http!.listen(0, '127.0.0.1', resolve));
  server = await attachSubscriptionServer({
    httpServer: http, bus, schema: () => schema, logger, formatError: createFormatError(logger), keepAliveMs: options.keepAliveMs,
    execute: async (_query, variables) => ({ data: { product: { name: `Product ${String(variables.productId)}` } } }),
  });
  return { bus, url: `ws://127.0.0.1:${(http.address() as { port: number }).port}/graphql` };
}

/** A raw protocol client: every message it gets, and how it was closed. */
async function connect(url: string, protocol: string | null = 'graphql-transport-ws', options: WebSocket.ClientOptions = {}) {
  const socket = protocol === null ? new WebSocket(url, options) : new WebSocket(url, protocol, options);
  sockets.push(socket);
  const messages: any[] = [];
  socket.on('message', (data) => messages.push(JSON.parse(String(data))));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const send = (message: unknown) => socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  const next = async (type: string) => {
    for (let i = 0; i < 200; i++) {
      const found = messages.findIndex((m) => m.type === type);
      if (found >= 0) return messages.splice(found, 1)[0];
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no ${type} message`);
  };
  const acknowledged = async () => {
    send({ type: 'connection_init' });
    await next('connection_ack');
  };
  return { socket, messages, closed, send, next, acknowledged };
}

describe('the graphql-transport-ws server', () => {
  it('acknowledges, answers pings, delivers a subscription and stops it on complete', async () => {
    const { bus, url } = await start();
    const client = await connect(url);
    await client.acknowledged();
    client.send({ type: 'ping', payload: { at: 1 } });
    expect(await client.next('pong')).toEqual({ type: 'pong', payload: { at: 1 } });
    client.send({ id: 'a', type: 'subscribe', payload: { query: QUERY } });
    await waitFor(() => server!.hub.stats().subscriptions === 1);
    await bus.publish(priceChanged('p-1', 'EUR', price(1), price(2, 2)));
    const next = await client.next('next');
    expect(next).toMatchObject({ id: 'a', payload: { data: { priceChanged: { after: { version: 2 }, product: { name: 'Product p-1' } } } } });
    client.send({ id: 'a', type: 'complete' });
    await waitFor(() => server!.hub.stats().subscriptions === 0);
    await bus.publish(priceChanged('p-1', 'EUR', price(2, 2), price(3, 3)));
    await server!.hub.idle();
    expect(client.messages.filter((m) => m.type === 'next')).toEqual([]);
  });

  it('answers an invalid subscription with an error message carrying its code, and keeps the connection', async () => {
    const { url } = await start();
    const client = await connect(url);
    await client.acknowledged();
    client.send({ id: 'b', type: 'subscribe', payload: { query: 'subscription { priceChanged(productIds: ["p-1"]) { nope } }' } });
    const error = await client.next('error');
    expect(error.id).toBe('b');
    expect(error.payload.map((e: any) => e.extensions.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    client.send({ id: 'b', type: 'subscribe', payload: { query: QUERY } });
    await waitFor(() => server!.hub.stats().subscriptions === 1);
  });

  it.each([
    ['a message that is not JSON', ['{nope'], 4400, 'Invalid message received'],
    ['a message of no known type', [{ type: 'hello' }], 4400, 'Invalid message received'],
    ['a subscribe before connection_init', [{ id: 'x', type: 'subscribe', payload: { query: QUERY } }], 4401, 'Unauthorized'],
    ['a second connection_init', [{ type: 'connection_init' }, { type: 'connection_init' }], 4429, 'Too many initialisation requests'],
  ])('closes on %s with %i', async (_name, messages, code, reason) => {
    const { url } = await start();
    const client = await connect(url);
    for (const message of messages) client.send(message);
    expect(await client.closed).toEqual({ code, reason });
  });

  it('closes with 4409 when a client reuses the id of a live subscription', async () => {
    const { url } = await start();
    const client = await connect(url);
    await client.acknowledged();
    client.send({ id: 'same', type: 'subscribe', payload: { query: QUERY } });
    await waitFor(() => server!.hub.stats().subscriptions === 1);
    client.send({ id: 'same', type: 'subscribe', payload: { query: QUERY } });
    expect(await client.closed).toEqual({ code: 4409, reason: 'Subscriber for same already exists' });
    await waitFor(() => server!.hub.stats().subscriptions === 0);
  });

  it('closes a connection without the subprotocol with 4406, and one without connection_init after 3 s with 4408', async () => {
    const { url } = await start();
    const other = await connect(url, null);
    expect(await other.closed).toEqual({ code: 4406, reason: 'Subprotocol not acceptable' });
    const silent = await connect(url);
    expect(await silent.closed).toEqual({ code: 4408, reason: 'Connection initialisation timeout' });
  });

  it('writes a frame at once to a connection with one subscription, and corks one with several until the tick ends', async () => {
    const { bus, url } = await start();
    const serverSockets: Socket[] = [];
    http!.on('connection', (socket: Socket) => serverSockets.push(socket));
    const single = await connect(url);
    const several = await connect(url);
    await Promise.all([single.acknowledged(), several.acknowledged()]);
    single.send({ id: 'a', type: 'subscribe', payload: { query: QUERY } });
    await waitFor(() => server!.hub.stats().subscriptions === 1);
    several.send({ id: 'b', type: 'subscribe', payload: { query: QUERY } });
    several.send({ id: 'c', type: 'subscribe', payload: { query: QUERY } });
    await waitFor(() => server!.hub.stats().subscriptions === 3);
    // A member of the same group, handed the event after the sockets' subscriptions: how are they then?
    const corked: number[][] = [];
    const prepared = prepareSubscription(schema, { query: QUERY }, { maxProductIds: 10 }) as PreparedSubscription;
    server!.hub.add(prepared, { deliver: () => void corked.push(serverSockets.map((s) => s.writableCorked)) });
    await bus.publish(priceChanged('p-1', 'EUR', price(1), price(2, 2)));
    await server!.hub.idle();
    expect(corked).toEqual([[0, 1]]);
    expect((await single.next('next')).id).toBe('a');
    expect([(await several.next('next')).id, (await several.next('next')).id].sort()).toEqual(['b', 'c']);
  });

  it('drops a connection that stops answering keep-alive pings, and keeps one that answers', async () => {
    const { url } = await start({ keepAliveMs: 100 });
    const answering = await connect(url);
    const deaf = await connect(url, 'graphql-transport-ws', { autoPong: false });
    await Promise.all([answering.acknowledged(), deaf.acknowledged()]);
    const closed = await deaf.closed;
    expect(closed.code).toBe(1006); // terminated: no close frame
    expect(answering.socket.readyState).toBe(WebSocket.OPEN);
    await waitFor(() => server!.stats().connections === 1);
  });
});

async function waitFor(condition: () => boolean) {
  for (let i = 0; i < 300 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
}
