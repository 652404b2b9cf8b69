import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTracing, type Tracing } from '../lib/tracing/index.js';
import { gql } from './helpers/graphql.js';
import { startTestStack, type TestStack } from './helpers/stack.js';

interface ExportedSpan { traceId: string; spanId: string; parentSpanId?: string; name: string }

describe('tracing over OTLP', () => {
  let collector: Server;
  let tracing: Tracing;
  let stack: TestStack;
  const spans: ExportedSpan[] = [];

  beforeAll(async () => {
    // A stand-in OTLP/HTTP collector: records the JSON the exporter posts to /v1/traces.
    collector = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        const parsed = JSON.parse(body) as { resourceSpans: { scopeSpans: { spans: ExportedSpan[] }[] }[] };
        for (const r of parsed.resourceSpans) for (const s of r.scopeSpans) spans.push(...s.spans);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    tracing = startTracing({ endpoint: `http://127.0.0.1:${(collector.address() as AddressInfo).port}`, service: 'test' });
    stack = await startTestStack('pglite', { products: 5 });
  });
  afterAll(async () => {
    await stack?.close();
    await new Promise<void>((resolve) => collector?.close(() => resolve()));
  });

  it('joins the client trace, the gateway spans and each subgraph span in one trace', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    await gql(stack.url, '{ product(id: "p-1") { name price { amount } } }', {}, { traceparent: `00-${traceId}-00f067aa0ba902b7-01` });
    await tracing.shutdown(); // flushes
    const trace = spans.filter((s) => s.traceId === traceId);
    const names = trace.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['gateway.request', 'gateway.fetch', 'catalog graphql', 'pricing graphql']));
    const fetchIds = new Set(trace.filter((s) => s.name === 'gateway.fetch').map((s) => s.spanId));
    for (const subgraph of trace.filter((s) => s.name.endsWith(' graphql'))) expect(fetchIds.has(subgraph.parentSpanId!)).toBe(true);
  });
});
