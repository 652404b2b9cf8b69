import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphQLError } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import { ANONYMOUS } from '../../lib/auth/index.js';
import { ErrorCode, userError } from '../../lib/errors/index.js';
import { createLogger } from '../../lib/logging/index.js';
import { createHttpSubscriptionStreams, streamTransportOf } from './httpStreams.js';
import type { AdmittedSubscription, SubscriptionEngine } from './subscriptionEngine.js';

const MULTIPART = 'multipart/mixed;boundary="graphql";subscriptionSpec="1.0",application/json';
const QUERY = 'subscription { priceChanged(productIds: ["p-1"]) { eventId } }';
const logger = createLogger({ level: 'silent', service: 'test' });

/** An engine stand-in: refuses with `refusal`, or admits and hands its deliver function to the test. */
function fakeEngine(refusal?: readonly GraphQLError[]) {
  const state: { deliver?: (json: string) => void; stopped: number } = { stopped: 0 };
  const engine = {
    session: () => ({ identity: ANONYMOUS, selections: new Map(), active: 0 }),
    admit: async () => refusal ?? ({
      prepared: {},
      start: (deliver: (json: string) => void) => {
        state.deliver = deliver;
        return () => { state.stopped++; };
      },
    } as unknown as AdmittedSubscription),
  } as unknown as SubscriptionEngine;
  return { engine, state };
}

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

async function serve(engine: SubscriptionEngine, options: { maxBufferedBytes?: number; heartbeatMs?: number } = {}) {
  const streams = createHttpSubscriptionStreams({
    engine: () => engine, logger, ...options,
    authenticate: async (req) => {
      if (req.headers.authorization === 'Bearer bad') throw userError(ErrorCode.UNAUTHENTICATED, 'Invalid token');
      return ANONYMOUS;
    },
    formatError: (error) => error.toJSON(),
  });
  server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    if (!(await streams.handle(req, res, JSON.parse(body)))) res.writeHead(418).end();
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, streams };
}

const post = (url: string, accept: string, headers: Record<string, string> = {}, query = QUERY) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept, ...headers }, body: JSON.stringify({ query }) });

/** Reads `response` until `done(text)` holds or the stream ends. */
async function readUntil(response: Response, done: (text: string) => boolean): Promise<string> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (!done(text)) {
    const { value, done: ended } = await reader.read();
    if (ended) break;
    text += decoder.decode(value, { stream: true });
  }
  return text;
}

describe('streamTransportOf', () => {
  it('picks SSE or multipart by the Accept header, and neither for plain JSON or @defer-style multipart', () => {
    expect(streamTransportOf('text/event-stream')).toBe('sse');
    expect(streamTransportOf(MULTIPART)).toBe('multipart');
    expect(streamTransportOf('multipart/mixed;subscriptionSpec=1.0')).toBe('multipart');
    expect(streamTransportOf('multipart/mixed;deferSpec=20220824')).toBeUndefined();
    expect(streamTransportOf('application/json')).toBeUndefined();
    expect(streamTransportOf(undefined)).toBeUndefined();
  });
});

describe('createHttpSubscriptionStreams', () => {
  it('frames multipart results in Apollo\'s format, sends {} heartbeats, and stops the subscription when the client leaves', async () => {
    const { engine, state } = fakeEngine();
    const { url, streams } = await serve(engine, { heartbeatMs: 20 });
    const controller = new AbortController();
    const response = await fetch(url, { method: 'POST', signal: controller.signal, headers: { 'content-type': 'application/json', accept: MULTIPART }, body: JSON.stringify({ query: QUERY }) });
    expect(response.headers.get('content-type')).toBe('multipart/mixed;boundary="graphql";subscriptionSpec="1.0"');
    const reader = readUntil(response, (text) => text.includes('"payload"') && text.includes('\r\n\r\n{}\r\n'));
    await expect.poll(() => state.deliver).toBeDefined();
    state.deliver!('{"data":{"n":1}}');
    const text = await reader;
    expect(text.startsWith('\r\n--graphql\r\n')).toBe(true);
    expect(text).toContain('content-type: application/json; charset=utf-8\r\n\r\n{"payload":{"data":{"n":1}}}\r\n--graphql\r\n');
    expect(text).toContain('\r\n\r\n{}\r\n--graphql\r\n');
    expect(streams.stats().streams).toBe(1);
    controller.abort();
    await expect.poll(() => state.stopped).toBe(1);
    expect(streams.stats().streams).toBe(0);
  });

  it('answers an admission refusal inside the stream with its code, then the terminating boundary', async () => {
    const { engine } = fakeEngine([userError(ErrorCode.QUERY_LIMIT_EXCEEDED, 'too deep', { limit: 'depth' })]);
    const { url } = await serve(engine);
    const text = await readUntil(await post(url, MULTIPART), () => false);
    expect(text).toMatch(/\{"payload":\{"errors":\[\{"message":"too deep".*"code":"QUERY_LIMIT_EXCEEDED".*\}\]\}\}\r\n--graphql\r\n/s);
    expect(text.endsWith('--graphql--\r\n')).toBe(true);
  });

  it('refuses a bad token with UNAUTHENTICATED over SSE, then completes', async () => {
    const { engine, state } = fakeEngine();
    const { url } = await serve(engine);
    const response = await post(url, 'text/event-stream', { authorization: 'Bearer bad' });
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const text = await readUntil(response, () => false);
    expect(text).toMatch(/^event: next\ndata: \{"errors":\[.*"code":"UNAUTHENTICATED".*\]\}\n\n/s);
    expect(text.endsWith('event: complete\ndata: \n\n')).toBe(true);
    expect(state.deliver).toBeUndefined();
  });

  it('ends a stream that would buffer past maxBufferedBytes with SLOW_CONSUMER as a multipart transport error (null payload)', async () => {
    const { engine, state } = fakeEngine();
    const { url } = await serve(engine, { maxBufferedBytes: 64 });
    const response = await post(url, MULTIPART);
    const reader = readUntil(response, () => false);
    await expect.poll(() => state.deliver).toBeDefined();
    state.deliver!(JSON.stringify({ data: { big: 'x'.repeat(200) } }));
    const text = await reader;
    expect(text).not.toContain('xxxx');
    expect(text).toMatch(/\{"payload":null,"errors":\[\{.*"code":"SLOW_CONSUMER".*\}\]\}\r\n--graphql\r\n/s);
    expect(text.endsWith('--graphql--\r\n')).toBe(true);
    expect(state.stopped).toBe(1);
  });

  it('leaves queries to the HTTP handler', async () => {
    const { engine } = fakeEngine();
    const { url } = await serve(engine);
    expect((await post(url, MULTIPART, {}, '{ product(id: "p-1") { id } }')).status).toBe(418);
  });
});
