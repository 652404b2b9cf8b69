import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { IDENTITY_HEADER, SIGNATURE_HEADER } from '../lib/auth/index.js';
import { createMetrics } from '../lib/metrics/index.js';
import { createSignedDataSource } from './signedDataSource.js';

let server: Server;
let url: string;
let received: IncomingHttpHeaders = {};

beforeAll(async () => {
  server = createServer((req, res) => {
    received = req.headers;
    req.resume().on('end', () => res.setHeader('content-type', 'application/json').end('{"data":{"ok":true}}'));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/graphql`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const call = (signingKey: string | undefined) => createSignedDataSource({ name: 'fixture', url, signingKey, metrics: createMetrics({ service: 'test' }) })
  .process({ kind: 'health check', request: { query: '{ ok }', variables: {} }, context: {} } as unknown as GraphQLDataSourceProcessOptions);

it('signs each subgraph call with the key', async () => {
  await call('k'.repeat(32));
  expect(received[SIGNATURE_HEADER]).toMatch(/^t=\d+,n=.+,v1=/);
  expect(received[IDENTITY_HEADER]).toBeDefined();
});

it('calls unsigned without a key (SUBGRAPH_SIGNING=off: another supergraph\'s subgraphs)', async () => {
  await call(undefined);
  expect(received[SIGNATURE_HEADER]).toBeUndefined();
  expect(received[IDENTITY_HEADER]).toBeUndefined();
});
