import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityOf } from '../auth/index.js';
import { createLogger } from '../logging/index.js';
import { createSubgraphClient } from './subgraphClient.js';
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
});
