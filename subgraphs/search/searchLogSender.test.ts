import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../lib/logging/index.js';
import { createMetrics } from '../../lib/metrics/index.js';
import { createSubgraphClient } from '../../lib/subgraph/index.js';
import { createSearchLogSender, type SearchLogEntry } from './searchLogSender.js';

const logger = createLogger({ level: 'silent', service: 'test' });
const entry = (n: number): SearchLogEntry => ({
  queryId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, query: `q ${n}`, sort: 'RELEVANCE', resultCount: 1, latencyMs: 1, variant: 'default',
  experimentId: null, client: null, sessionId: null, searchedAt: new Date().toISOString(),
  filters: { categoryIds: [], brands: [], priceMin: null, priceMax: null, currency: null, inStock: null },
});

/** An HTTP server standing in for insights: it records each batch and answers as recordSearches does. */
async function insightsStandIn(status = 200) {
  const batches: SearchLogEntry[][] = [];
  const server: Server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const { variables } = JSON.parse(body) as { variables: { searches: SearchLogEntry[] } };
    batches.push(variables.searches);
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { recordSearches: variables.searches.length } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { batches, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, close: () => new Promise((r) => server.close(r)) };
}

/** A sample's value by name and (some of) its labels, `reason="queue_full"`; 0 when absent. */
const value = async (metrics: ReturnType<typeof createMetrics>, name: string, label = '') => {
  const line = (await metrics.registry.metrics()).split('\n').find((l) => /^\w+/.exec(l)?.[0] === name && l.includes(label));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
};

describe('createSearchLogSender', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('sends full batches at once and the rest after the wait, in order, one call per batch', async () => {
    const insights = await insightsStandIn();
    cleanups.push(insights.close);
    const metrics = createMetrics({ service: 'test', processMetrics: false });
    const sender = createSearchLogSender({
      insights: () => createSubgraphClient({ name: 'insights', url: insights.url, signingKey: 'k'.repeat(40) }), logger, metrics, batchSize: 3, flushMs: 50,
    });
    cleanups.push(() => sender.close());
    for (let i = 1; i <= 7; i++) sender.record(entry(i));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(insights.batches.map((b) => b.map((e) => e.query))).toEqual([['q 1', 'q 2', 'q 3'], ['q 4', 'q 5', 'q 6'], ['q 7']]);
    expect(await value(metrics, 'search_log_sent_total')).toBe(7);
  });

  it('drops and counts what insights cannot take, and what overflows the queue, without throwing', async () => {
    const metrics = createMetrics({ service: 'test', processMetrics: false });
    const sender = createSearchLogSender({
      // Nothing listens there: every call is refused.
      insights: () => createSubgraphClient({ name: 'insights', url: 'http://127.0.0.1:1/graphql', signingKey: 'k'.repeat(40), timeoutMs: 200 }),
      logger, metrics, batchSize: 100, flushMs: 10_000, maxQueued: 4,
    });
    for (let i = 1; i <= 6; i++) sender.record(entry(i));
    expect(await value(metrics, 'search_log_dropped_total', 'reason="queue_full"')).toBe(2);
    await sender.close();
    expect(await value(metrics, 'search_log_dropped_total', 'reason="send_failed"')).toBe(4);
    expect(await value(metrics, 'search_log_sent_total')).toBe(0);
    sender.record(entry(7)); // closed: ignored
    expect(await value(metrics, 'search_log_dropped_total', 'reason="send_failed"')).toBe(4);
  });
});
