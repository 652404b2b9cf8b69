import { ApolloServer } from '@apollo/server';
import { buildSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logging/index.js';
import { startGraphQLHttpServer, type RunningServer } from './graphqlHttpServer.js';

describe('startGraphQLHttpServer', () => {
  // Multi-byte characters: the body's length in bytes is not its length in characters.
  const name = 'Café – Ünïcödé 🚀 '.repeat(2000);
  let server: RunningServer;
  beforeAll(async () => {
    const apollo = new ApolloServer({ schema: buildSchema('type Query { name: String! }'), rootValue: { name } });
    await apollo.start();
    server = await startGraphQLHttpServer({ apollo, context: async () => ({}), logger: createLogger({ level: 'silent', service: 'test' }), port: 0 });
  });
  afterAll(() => server.close());

  it('sends a large answer whole, its content-length in bytes', async () => {
    const res = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ name }' }) });
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(res.status).toBe(200);
    expect(Number(res.headers.get('content-length'))).toBe(bytes.length);
    expect(JSON.parse(bytes.toString('utf8'))).toEqual({ data: { name } });
  });
});
