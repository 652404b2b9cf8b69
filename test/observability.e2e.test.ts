import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql } from './helpers/graphql.js';
import { startTestStack, type TestStack } from './helpers/stack.js';

/** The value of the sample of `name` whose labels include `labels` (in any order), or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

const metricsUrl = (graphqlUrl: string) => graphqlUrl.replace(/graphql$/, 'metrics');
const get = async (url: string) => {
  const res = await fetch(url);
  return { status: res.status, text: await res.text(), contentType: res.headers.get('content-type') };
};

describe('observability', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack('pglite', { products: 10 });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('serves Prometheus metrics for requests, errors, operations, subgraph fetches and the plan cache', async () => {
    const page = 'query ProductPage { product(id: "p-1") { name price { amount } stock { available } } }';
    await gql(stack.url, page);
    await gql(stack.url, page);
    await gql(stack.url, '{ product(id: "p-999999") { id } }');
    const gateway = await get(metricsUrl(stack.url));
    expect(gateway.status).toBe(200);
    expect(gateway.contentType).toContain('text/plain');
    const g = (name: string, labels: Record<string, string>) => sample(gateway.text, name, { service: 'gateway', ...labels });
    expect(g('graphql_requests_total', { operation: 'ProductPage', type: 'query' })).toBe(2);
    expect(g('graphql_errors_total', { code: 'PRODUCT_NOT_FOUND' })).toBe(1);
    expect(g('graphql_request_duration_seconds_count', { operation: 'ProductPage', type: 'query' })).toBe(2);
    expect(g('gateway_subgraph_fetch_duration_seconds_count', { subgraph: 'pricing', outcome: 'ok' })).toBe(2);
    expect(g('gateway_query_plan_cache_total', { result: 'miss' })).toBe(2);
    expect(g('gateway_query_plan_cache_total', { result: 'hit' })).toBe(1);
    expect(g('http_responses_total', { status: '200' })).toBeGreaterThanOrEqual(3);
    expect(gateway.text).toMatch(/process_cpu_seconds_total/);

    const pricing = await get(metricsUrl(stack.subgraphs.pricing.url));
    expect(pricing.status).toBe(200);
    expect(pricing.text).toMatch(/graphql_requests_total\{operation="ProductPage__pricing__\d+",type="query",service="pricing"\} 2/);
    expect(sample(pricing.text, 'http_responses_total', { service: 'pricing', status: '200' })).toBe(2);
  });

  it('reports relay throughput and lag, subscriptions and carrier outcomes', async () => {
    const relayedBefore = sample((await get(metricsUrl(stack.url))).text, 'events_relayed_total', { schema: 'inventory' }) ?? 0;
    await stack.db.query("UPDATE inventory.stock SET on_hand = on_hand + 1 WHERE product_id = 'p-2'");
    await stack.db.query("UPDATE pricing.prices SET list_amount = list_amount + 1 WHERE product_id = 'p-2' AND currency = 'EUR'");
    let gateway = '';
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
      gateway = (await get(metricsUrl(stack.url))).text;
      if ((sample(gateway, 'events_relayed_total', { schema: 'inventory' }) ?? 0) >= relayedBefore + 3) break;
    }
    expect(sample(gateway, 'events_relayed_total', { schema: 'inventory' })).toBe(relayedBefore + 3); // one event per warehouse row
    expect(sample(gateway, 'events_relayed_total', { schema: 'pricing' })).toBeGreaterThanOrEqual(1);
    expect(sample(gateway, 'outbox_lag_seconds', { schema: 'pricing' })).toBe(0);
    expect(sample(gateway, 'gateway_subscriptions', { kind: 'subscriptions' })).toBe(0);

    await gql(stack.url, '{ shippingQuotes(destination: { country: "DE", postalCode: "10115" }, items: [{ productId: "p-1", quantity: 1 }]) { quotes { carrier } } }');
    // A store subgraph reports on its process's registry: the gateway's, in the embedded stack.
    const shipping = (await get(metricsUrl(stack.url))).text;
    expect(sample(shipping, 'carrier_calls', { carrier: 'parcelo', outcome: 'success' })).toBeGreaterThanOrEqual(1);
    expect(sample(shipping, 'carrier_breaker_state', { carrier: 'skyway' })).toBe(0);
  });

  it('folds oversize and surplus operation names into one "other" label (issue 15 item 5)', async () => {
    const before = (await get(metricsUrl(stack.url))).text.length;
    for (let i = 0; i < 3; i++) {
      const name = `Q${i}${'x'.repeat(300 * 1024)}`;
      const res = await gql(stack.url, `query ${name} { product(id: "p-1") { id } }`);
      expect(res.status).toBe(200);
    }
    const text = (await get(metricsUrl(stack.url))).text;
    expect(text).not.toContain('x'.repeat(100));
    expect(text.length - before).toBeLessThan(20 * 1024);
    expect(sample(text, 'graphql_requests_total', { operation: 'other' })).toBeGreaterThanOrEqual(3);
  });

  it('lets other modules add metrics to the gateway registry', async () => {
    stack.gateway.metrics.gauge('gateway_subscriptions_active', 'Active subscriptions').set(3);
    expect((await get(metricsUrl(stack.url))).text).toMatch(/gateway_subscriptions_active\{service="gateway"\} 3/);
  });

  it('answers /healthz and /readyz on the gateway and every subgraph, without a signature', async () => {
    for (const url of [stack.url, ...Object.values(stack.subgraphs).map((s) => s.url)]) {
      const base = url.replace(/\/graphql$/, '');
      expect((await get(`${base}/healthz`)).status).toBe(200);
      const ready = await get(`${base}/readyz`);
      expect(ready.status).toBe(200);
      expect(JSON.parse(ready.text)).toMatchObject({ status: 'ready', checks: { store: 'ok' } });
    }
  });

  it('keeps a client request id, returns it, puts it in errors and forwards it to every subgraph called', async () => {
    const seen: string[] = [];
    const listeners = Object.values(stack.subgraphs).map((s) => {
      const listener = (req: { headers: Record<string, unknown> }) => void seen.push(String(req.headers['x-request-id']));
      s.httpServer.on('request', listener);
      return () => s.httpServer.off('request', listener);
    });
    const res = await fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'trace-me-123' },
      body: JSON.stringify({ query: '{ product(id: "p-1") { name price { amount } } missing: product(id: "p-999999") { id } }' }),
    });
    listeners.forEach((off) => off());
    const body = (await res.json()) as any;
    expect(res.headers.get('x-request-id')).toBe('trace-me-123');
    expect(body.errors).toMatchObject([{ extensions: { code: 'PRODUCT_NOT_FOUND', requestId: 'trace-me-123' } }]);
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(new Set(seen)).toEqual(new Set(['trace-me-123']));
  });

  it('replaces a malformed request id with a fresh one', async () => {
    const res = await fetch(stack.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'bad id "forged": true' }, body: '{' });
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(((await res.json()) as any).errors[0].extensions).toEqual({ code: 'BAD_REQUEST', requestId: id });
  });

  it('reports not ready when Redis is configured and unreachable', async () => {
    const { healthRoutes, redisCheck } = await import('../lib/health/index.js');
    const routes = healthRoutes([redisCheck('redis://127.0.0.1:1')], 500);
    const res = { status: 0, body: '', writeHead(status: number) { this.status = status; }, end(body: string) { this.body = body; } };
    await routes['/readyz']({} as never, res as never);
    expect(res.status).toBe(503);
    expect(JSON.parse(res.body)).toEqual({ status: 'unavailable', checks: { redis: 'failed' } });
  });
});
