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
