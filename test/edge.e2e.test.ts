import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClientStore, documentHash, readDocumentManifest } from '../subgraphs/clients/index.js';
import { authHeader } from './helpers/auth.js';
import { errorCodes, gql } from './helpers/graphql.js';
import { deleteKeys, randomPrefix, testRedisUrl } from './helpers/redis.js';
import { startTestStack, type TestStack } from './helpers/stack.js';
import { subscribe, wsClient } from './helpers/subscriptions.js';

const CREATE = /* GraphQL */ `mutation ($input: CreateApiClientInput!) {
  createApiClient(input: $input) { apiKey key { id prefix live } client { id kind requestsPerSecond costPerMinute keys { id live } } }
}`;
const ROTATE = /* GraphQL */ `mutation ($clientId: ID!, $overlapHours: Int) { rotateApiKey(clientId: $clientId, overlapHours: $overlapHours) { apiKey key { id } client { keys { id live expiresAt } } } }`;
const REVOKE = /* GraphQL */ `mutation ($keyId: ID!) { revokeApiKey(keyId: $keyId) { id live revokedAt } }`;
const UPDATE = /* GraphQL */ `mutation ($input: UpdateApiClientInput!) { updateApiClient(input: $input) { id disabled costPerMinute } }`;
const PRODUCT = /* GraphQL */ `{ product(id: "p-1") { id name } }`;
const LISTING = /* GraphQL */ `{ products(first: 20) { edges { node { id name } } } }`;

/** A storefront's request with its key: status, body and the rate-limit headers. */
async function asClient(stack: TestStack, apiKey: string | undefined, query: string | Record<string, unknown> = PRODUCT) {
  const response = await fetch(stack.url, {
    method: 'POST', headers: { 'content-type': 'application/json', ...(apiKey ? { 'x-api-key': apiKey } : {}) },
    body: JSON.stringify(typeof query === 'string' ? { query } : query),
  });
  const body = (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
  return {
    status: response.status, body, codes: (body.errors ?? []).map((e) => e.extensions?.code),
    policy: response.headers.get('ratelimit-policy'), rateLimit: response.headers.get('ratelimit'), retryAfter: response.headers.get('retry-after'),
  };
}

const remainingCost = (rateLimit: string | null) => Number(/"cost";r=(\d+)/.exec(rateLimit ?? '')?.[1]);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the edge: API clients, keys and rate limits', () => {
  let stack: TestStack;
  let admin: Record<string, string>;
  const keyPrefix = randomPrefix();
  const create = async (input: Record<string, unknown>) => {
    const res = await gql(stack.url, CREATE, { input: { kind: 'STOREFRONT', name: String(input.id), requestsPerSecond: 1000, costPerMinute: 1_000_000, ...input } }, admin);
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    return res.body.data.createApiClient as { apiKey: string; key: { id: string } };
  };
  beforeAll(async () => {
    stack = await startTestStack('pg', { products: 5, redisUrl: testRedisUrl(), keyPrefix, edge: { apiKeyRequired: false, apiKeyCacheSeconds: 1, corsOrigins: ['https://shop.example'] } });
    admin = await authHeader(stack, 'admin');
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
    await deleteKeys(testRedisUrl(), keyPrefix);
  });

  it('lets staff create clients, whose key (shown once, stored hashed) names the client of each request', async () => {
    const created = await create({ id: 'storefront-web', name: 'Web shop', costPerMinute: 5000 });
    expect(created.apiKey).toMatch(/^ck_[A-Za-z0-9_-]{43}$/);
    expect(created.key).toMatchObject({ prefix: created.apiKey.slice(0, 10), live: true });
    const stored = await stack.db.query<{ key_hash: string }>("SELECT key_hash FROM clients.api_keys WHERE client_id = 'storefront-web'");
    expect(stored.rows).toHaveLength(1);
    expect(JSON.stringify(stored.rows)).not.toContain(created.apiKey.slice(3));

    const res = await asClient(stack, created.apiKey);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ product: { id: 'p-1', name: expect.any(String) } });
    expect(res.policy).toBe('"requests";q=1000;w=1, "cost";q=5000;w=60');
    expect(res.rateLimit).toMatch(/^"requests";r=999;t=1, "cost";r=\d+;t=\d+$/);
    const metrics = await (await fetch(stack.url.replace(/graphql$/, 'metrics'))).text();
    expect(metrics).toMatch(/gateway_client_requests_total\{[^}]*client="storefront-web"[^}]*outcome="admitted"[^}]*\} 1/);
    expect(metrics).toMatch(/gateway_client_cost_total\{[^}]*client="storefront-web"[^}]*\} \d+/);
  });

  it('refuses a key that is not live with 401 INVALID_API_KEY, and serves anonymous callers without one', async () => {
    for (const key of ['ck_' + 'A'.repeat(43), 'not-a-key']) {
      const res = await asClient(stack, key);
      expect(res.status).toBe(401);
      expect(res.codes).toEqual(['INVALID_API_KEY']);
      expect(res.body.data).toBeUndefined();
    }
    const anonymous = await asClient(stack, undefined);
    expect(anonymous.status).toBe(200);
    expect(anonymous.policy).toBeNull();
  });

  it('keeps client management for staff: a shopper is forbidden, an anonymous caller unauthenticated, the key lookup is not in the API', async () => {
    const shopper = await gql(stack.url, CREATE, { input: { id: 'x', name: 'x', kind: 'PARTNER', requestsPerSecond: 1, costPerMinute: 1 } }, await authHeader(stack, 'customer'));
    expect(errorCodes(shopper)).toEqual(['FORBIDDEN']);
    const anonymous = await gql(stack.url, '{ apiClients { id } }');
    expect(errorCodes(anonymous)).toEqual(['UNAUTHENTICATED']);
    const lookup = await gql(stack.url, `{ apiKeyGrant(keyHash: "${'0'.repeat(64)}") { clientId } }`, undefined, admin);
    expect(errorCodes(lookup)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const bad = await gql(stack.url, CREATE, { input: { id: 'Bad Id', name: 'x', kind: 'PARTNER', requestsPerSecond: 0, costPerMinute: 1 } }, admin);
    expect(errorCodes(bad)).toEqual(['BAD_USER_INPUT']);
    const taken = await gql(stack.url, CREATE, { input: { id: 'storefront-web', name: 'x', kind: 'PARTNER', requestsPerSecond: 1, costPerMinute: 1 } }, admin);
    expect(errorCodes(taken)).toEqual(['API_CLIENT_EXISTS']);
  });

  it('charges each operation\'s estimated cost to the client: over its cost per minute, 429 RATE_LIMITED with Retry-After', async () => {
    const { apiKey } = await create({ id: 'partner-feed', kind: 'PARTNER', costPerMinute: 1000 });
    const first = await asClient(stack, apiKey, LISTING);
    const cost = 1000 - remainingCost(first.rateLimit);
    expect(cost).toBeGreaterThanOrEqual(20); // a page of 20 products
    const admitted = Math.floor(1000 / cost);
    for (let i = 1; i < admitted; i++) expect((await asClient(stack, apiKey, LISTING)).status).toBe(200);
    const refused = await asClient(stack, apiKey, LISTING);
    expect(refused.status).toBe(429);
    expect(refused.codes).toEqual(['RATE_LIMITED']);
    expect(refused.body.errors![0]!.extensions).toMatchObject({ limit: 'cost', quota: 1000, windowSeconds: 60 });
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(60);
    expect(refused.rateLimit).toMatch(/"cost";r=0;t=\d+/);
    // Other clients are not affected.
    expect((await asClient(stack, (await create({ id: 'partner-other', kind: 'PARTNER', costPerMinute: 1000 })).apiKey)).status).toBe(200);
  });

  it('refuses requests over the client\'s requests per second with 429 and Retry-After', async () => {
    const { apiKey } = await create({ id: 'mobile-app', kind: 'MOBILE', requestsPerSecond: 2 });
    const answers = await Promise.all(Array.from({ length: 12 }, () => asClient(stack, apiKey)));
    const refused = answers.filter((a) => a.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(6); // 2 per second: a burst spans at most a few windows
    expect(answers.filter((a) => a.status === 200).length).toBe(12 - refused.length);
    for (const a of refused) {
      expect(a.codes).toEqual(['RATE_LIMITED']);
      expect(a.retryAfter).toBe('1');
      expect(a.body.errors![0]!.extensions).toMatchObject({ limit: 'requests', quota: 2 });
    }
  });

  it('rotates a key with an overlap, revokes one at once, and disables a client: within the cache time every replica refuses', async () => {
    const { apiKey: oldKey, key } = await create({ id: 'partner-rotating', kind: 'PARTNER' });
    const rotated = await gql(stack.url, ROTATE, { clientId: 'partner-rotating', overlapHours: 1 }, admin);
    expect(rotated.body.errors).toBeUndefined();
    const { apiKey: newKey, client } = rotated.body.data.rotateApiKey;
    expect(client.keys).toEqual([expect.objectContaining({ live: true, expiresAt: null }), expect.objectContaining({ id: key.id, live: true, expiresAt: expect.any(String) })]);
    expect((await asClient(stack, oldKey)).status).toBe(200);
    expect((await asClient(stack, newKey)).status).toBe(200);

    const revoked = await gql(stack.url, REVOKE, { keyId: key.id }, admin);
    expect(revoked.body.data.revokeApiKey).toMatchObject({ id: key.id, live: false, revokedAt: expect.any(String) });
    expect(errorCodes(await gql(stack.url, REVOKE, { keyId: key.id }, admin))).toEqual(['API_KEY_NOT_FOUND']);
    await sleep(1100); // API_KEY_CACHE_SECONDS=1
    expect((await asClient(stack, oldKey)).codes).toEqual(['INVALID_API_KEY']);
    expect((await asClient(stack, newKey)).status).toBe(200);

    const disabled = await gql(stack.url, UPDATE, { input: { id: 'partner-rotating', disabled: true } }, admin);
    expect(disabled.body.data.updateApiClient).toMatchObject({ disabled: true });
    await sleep(1100);
    expect((await asClient(stack, newKey)).codes).toEqual(['INVALID_API_KEY']);
  });

  it('lets a storefront on its own origin call with its key and read the rate-limit headers (CORS); other origins get nothing', async () => {
    const preflight = (origin: string) => fetch(stack.url, {
      method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, x-api-key' },
    });
    const allowed = await preflight('https://shop.example');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('x-api-key');
    const other = await preflight('https://evil.example');
    expect(other.status).toBe(403);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const { apiKey } = await create({ id: 'storefront-cors' });
    const res = await fetch(stack.url, {
      method: 'POST', headers: { origin: 'https://shop.example', 'content-type': 'application/json', 'x-api-key': apiKey }, body: JSON.stringify({ query: PRODUCT }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(res.headers.get('access-control-expose-headers')).toContain('ratelimit');
    expect(res.headers.get('vary')).toContain('Origin');
  });

  describe('trusted documents', () => {
    const productPage = documentHash(readFileSync('schema/operations/ProductPage.graphql', 'utf8'));
    const variables = { id: 'p-2', currency: 'EUR' };
    let open: string;
    let trusted: string;
    beforeAll(async () => {
      open = (await create({ id: 'storefront-docs' })).apiKey;
      trusted = (await create({ id: 'mobile-trusted', kind: 'MOBILE', trustedOnly: true })).apiKey;
      const store = createClientStore(stack.db);
      // The storefront's recorded operations are the first manifest.
      const manifest = readDocumentManifest('schema/operations');
      expect(manifest.size).toBeGreaterThanOrEqual(18);
      for (const client of ['storefront-docs', 'mobile-trusted']) {
        expect(await store.addDocuments(client, manifest)).toMatchObject({ added: manifest.size, conflicts: [] });
      }
    });

    it('runs a registered document sent by its id, for the client that registered it only', async () => {
      const res = await asClient(stack, open, { documentId: productPage, variables });
      expect(res.status).toBe(200);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data).toMatchObject({ product: { id: 'p-2' } });
      const other = await asClient(stack, (await create({ id: 'storefront-none' })).apiKey, { documentId: productPage, variables });
      expect(other.status).toBe(400);
      expect(other.codes).toEqual(['PERSISTED_DOCUMENT_NOT_FOUND']);
      const anonymous = await asClient(stack, undefined, { documentId: productPage, variables });
      expect(anonymous.codes).toEqual(['PERSISTED_DOCUMENT_NOT_FOUND']);
      expect((await asClient(stack, open, { documentId: 'f'.repeat(64) })).codes).toEqual(['PERSISTED_DOCUMENT_NOT_FOUND']);
      expect((await asClient(stack, open, { documentId: productPage, query: PRODUCT })).codes).toEqual(['BAD_REQUEST']);
      expect((await asClient(stack, open, { documentId: 42 })).codes).toEqual(['BAD_REQUEST']);
    });

    it('lets a trusted-only client send nothing but registered documents', async () => {
      expect((await asClient(stack, trusted, { documentId: productPage, variables })).status).toBe(200);
      const text = await asClient(stack, trusted, PRODUCT);
      expect(text.status).toBe(400);
      expect(text.codes).toEqual(['PERSISTED_DOCUMENT_REQUIRED']);
      const apq = await asClient(stack, trusted, { extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } });
      expect(apq.codes).toEqual(['PERSISTED_DOCUMENT_REQUIRED']);
      const get = await fetch(`${stack.url}?query=${encodeURIComponent(PRODUCT)}`, { headers: { 'x-api-key': trusted, 'apollo-require-preflight': 'true' } });
      expect(get.status).toBe(400);
      expect(((await get.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('PERSISTED_DOCUMENT_REQUIRED');
      // Other clients may still send text.
      expect((await asClient(stack, open, PRODUCT)).status).toBe(200);
    });
  });

  describe('subscriptions count against the client', () => {
    const PRICES = 'subscription { priceChanged(productIds: ["p-1"]) { eventId currency } }';

    it('closes a graphql-ws connection with a key that is not live (4401 INVALID_API_KEY); a live key connects', async () => {
      const refused = subscribe(wsClient(stack.url, { connectionParams: { 'x-api-key': 'ck_' + 'B'.repeat(43) } }), PRICES);
      await refused.ended();
      expect(refused.error).toMatchObject({ code: 4401, reason: 'INVALID_API_KEY' });
      const numeric = subscribe(wsClient(stack.url, { connectionParams: { apiKey: 42 } }), PRICES);
      await numeric.ended();
      expect(numeric.error).toMatchObject({ code: 4401, reason: 'INVALID_API_KEY' });
      const { apiKey } = await create({ id: 'ws-storefront' });
      const client = wsClient(stack.url, { connectionParams: { 'X-Api-Key': apiKey } });
      const live = subscribe(client, PRICES);
      await live.ended(500).catch(() => undefined);
      expect(live.error, JSON.stringify(live.error)).toBeUndefined(); // still open: admitted
      live.unsubscribe();
      await client.dispose();
    });

    it('charges each subscription\'s cost, over graphql-ws and SSE alike, and refuses one over the budget with RATE_LIMITED', async () => {
      const { apiKey } = await create({ id: 'ws-partner', kind: 'PARTNER', costPerMinute: 3 });
      const client = wsClient(stack.url, { connectionParams: { apiKey } });
      const received = [0, 1, 2, 3].map(() => subscribe(client, PRICES));
      await Promise.all(received.map((r) => r.ended(1000).catch(() => undefined)));
      const refused = received.filter((r) => r.error);
      expect(refused.length).toBeGreaterThanOrEqual(1);
      for (const r of refused) expect(r.error, JSON.stringify(r.error)).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'RATE_LIMITED', limit: 'cost' }) })]);
      await client.dispose();

      const sse = await fetch(stack.url, {
        method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'x-api-key': apiKey }, body: JSON.stringify({ query: PRICES }),
      });
      expect(await sse.text()).toMatch(/"code":"RATE_LIMITED"/);
    });
  });
});
