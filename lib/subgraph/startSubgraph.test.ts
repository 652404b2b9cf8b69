import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityOf, signCall } from '../auth/index.js';
import { createLogger } from '../logging/index.js';
import type { RunningServer } from '../http/index.js';
import { startSubgraph, type SubgraphCaller } from './startSubgraph.js';

const key = 'k'.repeat(40);
const query = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id } } }';
const variables = { r: [{ __typename: 'Product', id: 'p-1' }] };

describe('startSubgraph', () => {
  let server: RunningServer;
  beforeAll(async () => {
    // The pricing SDL, with a resolver that answers with the caller the subgraph verified.
    server = await startSubgraph({
      name: 'pricing',
      resolvers: { Product: { __resolveReference: (_ref: unknown, ctx: SubgraphCaller) => ({ id: `${ctx.identity.subject ?? 'anonymous'}:${ctx.identity.scopes.join(',')}` }) } },
      context: () => ({}),
    }, { port: 0, logger: createLogger({ level: 'silent', service: 'test' }), signingKey: key });
  });
  afterAll(() => server?.close());

  const post = (headers: Record<string, string>) =>
    fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });

  it('gives resolvers the identity the gateway signed', async () => {
    const headers = { 'x-request-id': 'r1', ...signCall(key, { audience: 'pricing', requestId: 'r1', identity: identityOf('alice', ['merchandiser'], []), query, variables }) };
    const res = await post(headers);
    expect(await res.json()).toEqual({ data: { _entities: [{ id: 'alice:inventory:read,pricing:write,search:analytics' }] } });
  });

  it('refuses an unsigned request with 401 UNAUTHENTICATED before running it', async () => {
    const res = await post({});
    expect(res.status).toBe(401);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a replayed signed call, even with its body reformatted (issue 15 item 6)', async () => {
    const headers = { 'x-request-id': 'r2', ...signCall(key, { audience: 'pricing', requestId: 'r2', identity: identityOf('alice', ['admin'], []), query, variables }) };
    expect((await post(headers)).status).toBe(200);
    const replay = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }, null, 2) });
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a call signed for another subgraph (issue 15 item 6)', async () => {
    const headers = { 'x-request-id': 'r3', ...signCall(key, { audience: 'inventory', requestId: 'r3', identity: identityOf('alice', ['admin'], []), query, variables }) };
    const res = await post(headers);
    expect(res.status).toBe(401);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('leaves /healthz, /readyz and /metrics open', async () => {
    const base = server.url.replace(/\/graphql$/, '');
    for (const path of ['/healthz', '/readyz', '/metrics']) expect((await fetch(base + path)).status).toBe(200);
  });
});
