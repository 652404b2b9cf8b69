import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { hashApiKey, newApiKey } from '../../lib/auth/index.js';
import { createMetrics } from '../../lib/metrics/index.js';
import { cachedClientKeys, type EdgeClient } from './clientKeys.js';
import { createEdge } from './edge.js';
import { createClientRateLimiter } from './rateLimits.js';

const partner: EdgeClient = { id: 'partner', kind: 'partner', requestsPerSecond: 100, costPerMinute: 50, trustedOnly: false };

/** The HTTP status and code a refusal answers with. */
async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(GraphQLError);
  const { code, http } = (error as GraphQLError).extensions as { code: string; http: { status: number; headers: Map<string, string> } };
  return { code, status: http.status, headers: Object.fromEntries(http.headers) };
}

describe('the edge', () => {
  const key = newApiKey();
  const keys = cachedClientKeys(async () => partner);

  it('with API_KEY_REQUIRED refuses a request without a key (401 API_KEY_REQUIRED), and more than one key header (401 INVALID_API_KEY)', async () => {
    const edge = createEdge({ keys, limiter: createClientRateLimiter(), requireKey: true });
    expect(await refusal(edge.admit({}))).toMatchObject({ code: 'API_KEY_REQUIRED', status: 401 });
    expect(await refusal(edge.admit({ 'x-api-key': [key, key] } as never))).toMatchObject({ code: 'INVALID_API_KEY', status: 401 });
    await expect(edge.admit({ 'x-api-key': key })).resolves.toMatchObject({ client: partner });
  });

  it('charges cost per client and refuses over the budget with 429, Retry-After and the RateLimit fields', async () => {
    const metrics = createMetrics({ service: 'test', processMetrics: false });
    const edge = createEdge({ keys, limiter: createClientRateLimiter(), metrics });
    const admission = await edge.admit({ 'x-api-key': key });
    await edge.charge(admission, 30);
    const refused = await refusal(edge.charge(admission, 30));
    expect(refused).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
    expect(refused.headers).toMatchObject({ 'retry-after': expect.stringMatching(/^\d+$/), ratelimit: expect.stringContaining('"cost";r=0;') });
    await edge.charge(await edge.admit({}), 1000); // anonymous callers have no client budget
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/gateway_client_requests_total\{client="partner",outcome="cost_limited",service="test"\} 1/);
    expect(text).toMatch(/gateway_client_cost_total\{client="partner",service="test"\} 30/);
  });

  it('looks a key up once per cache time, never for a malformed key, and serves a known key while the lookup is down', async () => {
    let now = 0;
    let down = false;
    const lookups: string[] = [];
    const cached = cachedClientKeys(async (hash) => {
      lookups.push(hash);
      if (down) throw new Error('clients subgraph unreachable');
      return partner;
    }, { ttlMs: 1000, now: () => now });
    await Promise.all([cached.find(key), cached.find(key), cached.find(key)]);
    expect(lookups).toHaveLength(1);
    expect(await cached.find('ck_short')).toBeUndefined();
    expect(lookups).toHaveLength(1);
    now = 1500;
    down = true;
    expect(await cached.find(key)).toEqual(partner); // stale, while the lookup fails
    const unknown = newApiKey();
    const edge = createEdge({ keys: cached, limiter: createClientRateLimiter() });
    expect(await refusal(edge.admit({ 'x-api-key': unknown }))).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', status: 503 });
  });

  it('bounds the lookups in flight: made-up keys past the bound are refused (503) without a lookup, known keys still answer', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let lookups = 0;
    const known = newApiKey();
    const cached = cachedClientKeys(async (hash) => {
      if (hash === hashApiKey(known)) return partner;
      lookups++;
      await gate;
      return undefined;
    }, { maxLookups: 4 });
    await cached.find(known); // a known key, in the cache before the flood
    const edge = createEdge({ keys: cached, limiter: createClientRateLimiter() });
    const flood = Array.from({ length: 10 }, () => refusal(edge.admit({ 'x-api-key': newApiKey() })));
    await new Promise((r) => setTimeout(r, 10));
    expect(lookups).toBe(4);
    await expect(edge.admit({ 'x-api-key': known })).resolves.toMatchObject({ client: partner });
    release();
    const codes = (await Promise.all(flood)).map((r) => `${r.status} ${r.code}`).sort();
    expect(codes).toEqual([...Array(4).fill('401 INVALID_API_KEY'), ...Array(6).fill('503 SUBGRAPH_UNAVAILABLE')]);
  });
});
