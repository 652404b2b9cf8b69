import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { createUndiciDataSource } from './undiciDataSource.js';

let server: Server;
let url: string;
let requests = 0;
let status = 200;

const options = (query: string, variables: Record<string, unknown> = {}) =>
  ({ kind: 'health check', request: { query, variables }, context: {} }) as unknown as GraphQLDataSourceProcessOptions;

beforeAll(async () => {
  server = createServer((req, res) => {
    requests++;
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () =>
      setTimeout(() => {
        res.statusCode = status;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ data: { echo: JSON.parse(body).variables } }));
      }, 30),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/graphql`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('createUndiciDataSource', () => {
  it('answers with the subgraph response body', async () => {
    const source = createUndiciDataSource({ url });
    await expect(source.process(options('query Q { a }', { x: 1 }))).resolves.toEqual({ data: { echo: { x: 1 } } });
    await source.close();
  });

  it('shares one round trip between identical queries in flight, each with its own copy', async () => {
    const source = createUndiciDataSource({ url });
    requests = 0;
    const [a, b, c] = await Promise.all([
      source.process(options('query Q { a }', { x: 1 })),
      source.process(options('query Q { a }', { x: 1 })),
      source.process(options('query Q { a }', { x: 2 })),
    ]);
    expect(requests).toBe(2);
    expect(a).toEqual(b);
    expect(a).not.toBe(b);
    expect(c).toEqual({ data: { echo: { x: 2 } } });
    await source.close();
  });

  it('with per-caller headers, shares only between fetches of the same share key', async () => {
    const withCaller = (caller: string) => ({ ...options('query Q { a }', { x: 1 }), context: { caller } }) as unknown as GraphQLDataSourceProcessOptions;
    const callerOf = (o: GraphQLDataSourceProcessOptions) => (o.context as { caller: string }).caller;
    const source = createUndiciDataSource({ url, headers: (o) => ({ 'x-caller': callerOf(o) }), shareKey: callerOf });
    requests = 0;
    await Promise.all([source.process(withCaller('ann')), source.process(withCaller('ann')), source.process(withCaller('bob'))]);
    expect(requests).toBe(2);
    const unkeyed = createUndiciDataSource({ url, headers: (o) => ({ 'x-caller': callerOf(o) }) });
    requests = 0;
    await Promise.all([unkeyed.process(withCaller('ann')), unkeyed.process(withCaller('ann'))]);
    expect(requests).toBe(2);
    await Promise.all([source.close(), unkeyed.close()]);
  });

  it('never shares mutations', async () => {
    const source = createUndiciDataSource({ url });
    requests = 0;
    await Promise.all([source.process(options('mutation M { a }')), source.process(options('mutation M { a }'))]);
    expect(requests).toBe(2);
    await source.close();
  });

  it('turns an HTTP failure or an unreachable subgraph into SUBGRAPH_UNAVAILABLE', async () => {
    const source = createUndiciDataSource({ url });
    status = 502;
    await expect(source.process(options('query Q { a }'))).rejects.toMatchObject({ extensions: { code: 'SUBGRAPH_UNAVAILABLE' } });
    status = 200;
    await source.close();
    const down = createUndiciDataSource({ url: 'http://127.0.0.1:1/graphql' });
    await expect(down.process(options('query Q { a }'))).rejects.toMatchObject({ extensions: { code: 'SUBGRAPH_UNAVAILABLE' } });
    await down.close();
  });
});

describe('createUndiciDataSource over replicas', () => {
  /** A replica that counts what it gets; `mode` decides how it answers. */
  async function replica(name: string) {
    const state = { name, requests: 0, mode: 'ok' as 'ok' | 'reset', ready: 200, nonces: [] as string[] };
    const server = createServer((req, res) => {
      if (req.url === '/readyz') return void res.writeHead(state.ready).end();
      state.requests++;
      state.nonces.push(String(req.headers['x-nonce']));
      req.resume();
      req.on('end', () => {
        if (state.mode === 'reset') return void req.socket.destroy();
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ data: { from: name } }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    return {
      state, url: `http://127.0.0.1:${port}/graphql`,
      stop: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
      start: () => new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r())),
    };
  }
  const from = async (source: ReturnType<typeof createUndiciDataSource>, query = 'query Q { from }') =>
    ((await source.process(options(query))) as { data: { from: string } }).data.from;

  it('balances, rides out a replica that went away (queries retried on another), and lets it back once /readyz answers', async () => {
    const [a, b] = await Promise.all([replica('a'), replica('b')]);
    const retries: string[] = [];
    const source = createUndiciDataSource({ url: [a.url, b.url], probeIntervalMs: 50, dedupe: false, onRetry: (_from, to) => retries.push(to) });
    const answers = await Promise.all(Array.from({ length: 10 }, () => from(source)));
    expect(answers.filter((x) => x === 'a')).toHaveLength(5);
    await a.stop();
    const during = await Promise.all(Array.from({ length: 10 }, () => from(source)));
    expect(during).toEqual(Array(10).fill('b'));
    expect(retries.length).toBeGreaterThanOrEqual(1);
    await a.start();
    await new Promise((r) => setTimeout(r, 200));
    const after = await Promise.all(Array.from({ length: 10 }, () => from(source)));
    expect(after).toContain('a');
    await source.close();
    await Promise.all([a.stop(), b.stop()]);
  });

  it('retries a mutation only when it provably never left: refused yes, reset after sending no', async () => {
    const [a, b] = await Promise.all([replica('a'), replica('b')]);
    const source = createUndiciDataSource({ url: [a.url, b.url], probeIntervalMs: 60_000 });
    a.state.mode = 'reset';
    const results = await Promise.allSettled([from(source, 'mutation M { from }'), from(source, 'mutation M { from }')]);
    // The one sent to a was received there, then the connection dropped: not sent again.
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ extensions: { code: 'SUBGRAPH_UNAVAILABLE' } });
    expect(b.state.requests).toBe(1);
    await source.close();
    const refusedFirst = createUndiciDataSource({ url: ['http://127.0.0.1:1/graphql', b.url], probeIntervalMs: 60_000 });
    await expect(from(refusedFirst, 'mutation M { from }')).resolves.toBe('b');
    await refusedFirst.close();
    await Promise.all([a.stop(), b.stop()]);
  });

  it('a query received by a replica that then dropped the connection is sent to another with fresh headers (a new signature nonce)', async () => {
    const [a, b] = await Promise.all([replica('a'), replica('b')]);
    a.state.mode = 'reset';
    let nonce = 0;
    const source = createUndiciDataSource({ url: [a.url, b.url], probeIntervalMs: 60_000, headers: () => ({ 'x-nonce': String(++nonce) }), shareKey: () => 'same caller' });
    await expect(from(source)).resolves.toBe('b');
    expect(a.state.nonces).toEqual(['1']);
    expect(b.state.nonces).toEqual(['2']);
    await source.close();
    await Promise.all([a.stop(), b.stop()]);
  });
});
