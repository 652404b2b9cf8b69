import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityOf } from '../auth/index.js';
import { createLogger } from '../logging/index.js';
import { createSubgraphClient, SubgraphCallError } from './subgraphClient.js';
import { startSubgraph, type SubgraphServer } from './startSubgraph.js';

const key = 'k'.repeat(40);
const query = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id } } }';

describe('createSubgraphClient', () => {
  let server: SubgraphServer;
  let calls = 0;
  beforeAll(async () => {
    // The pricing SDL; the first call answers only after the client gave up on it.
    server = await startSubgraph({
      name: 'pricing',
      resolvers: { Product: { __resolveReference: async (ref: { id: string }) => {
        if (calls++ === 0) await new Promise((r) => setTimeout(r, 400));
        return { id: ref.id };
      } } },
      context: () => ({}),
    }, { port: 0, logger: createLogger({ level: 'silent', service: 'test' }), signingKey: key });
  });
  afterAll(() => server?.close());

  it('retries an idempotent call the subgraph received but did not answer in time, signed afresh (not refused as a replay)', async () => {
    const client = createSubgraphClient({ name: 'pricing', url: server.url, signingKey: key, identity: identityOf('service:orders', [], []), timeoutMs: 150, retries: 1 });
    const data = await client.request<{ _entities: { id: string }[] }>(query, { r: [{ __typename: 'Product', id: 'p-1' }] }, { idempotent: true });
    expect(data._entities).toEqual([{ id: 'p-1' }]);
    expect(calls).toBe(2);
    await client.close();
  });

  describe('over replicas', () => {
    /** A port nothing listens on: connections are refused, so a call provably never arrives. */
    const refusedUrl = async () => {
      const probe = createServer();
      await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
      const { port } = probe.address() as AddressInfo;
      await new Promise((r) => probe.close(r));
      return `http://127.0.0.1:${port}/graphql`;
    };
    /** Accepts every request and never answers: a call that may have been received. */
    let silent: Server;
    let silentHits = 0;
    beforeAll(async () => {
      silent = createServer(() => { silentHits++; });
      await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    });
    afterAll(() => { silent.closeAllConnections(); return new Promise((r) => silent.close(r)); });
    const silentUrl = () => `http://127.0.0.1:${(silent.address() as AddressInfo).port}/graphql`;
    const entities = { r: [{ __typename: 'Product', id: 'p-2' }] };

    it('sends even a non-idempotent call to the next replica when the first refused the connection', async () => {
      const client = createSubgraphClient({ name: 'pricing', url: [await refusedUrl(), server.url], signingKey: key, retries: 0 });
      for (let i = 0; i < 4; i++) {
        const data = await client.request<{ _entities: { id: string }[] }>(query, entities);
        expect(data._entities).toEqual([{ id: 'p-2' }]);
      }
      await client.close();
    });

    it('never sends a non-idempotent call twice when a replica may have received it; an idempotent one goes to the next', async () => {
      const client = createSubgraphClient({ name: 'pricing', url: [silentUrl(), server.url], signingKey: key, timeoutMs: 150, retries: 0 });
      const before = silentHits;
      const write = await client.request(query, entities).then(() => 'answered', (error: unknown) => error);
      expect(write).toBeInstanceOf(SubgraphCallError);
      expect((write as SubgraphCallError).details.reason).toBe('TIMEOUT');
      expect(silentHits).toBe(before + 1);
      // The rotation now starts at the answering replica; the next call starts at the silent one again.
      await client.request(query, entities, { idempotent: true });
      const read = await client.request<{ _entities: { id: string }[] }>(query, entities, { idempotent: true });
      expect(read._entities).toEqual([{ id: 'p-2' }]);
      expect(silentHits).toBe(before + 2);
      await client.close();
    });
  });
});
