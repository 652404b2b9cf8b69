// The Grafana dashboards of the compose `observability` profile query only metrics the services
// export: every metric name in every panel expression is one that a running stack's /metrics
// declares (gateway with relay and entity cache, every subgraph).
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromRoot } from '../lib/paths.js';
import { startTestStack, type TestStack } from './helpers/stack.js';

const DASHBOARDS = fromRoot('observability', 'grafana', 'dashboards');

/** Metric names a /metrics text declares (histograms also as their _bucket, _sum and _count series). */
function declared(text: string): Set<string> {
  const names = new Set<string>();
  for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    names.add(name!);
    if (type === 'histogram' || type === 'summary') for (const suffix of ['_bucket', '_sum', '_count']) names.add(name! + suffix);
  }
  return names;
}

/** The metric names a PromQL expression reads: identifiers followed by a selector, a range or nothing, minus functions and label names. */
function queried(expr: string): string[] {
  const withoutLabels = expr.replace(/\{[^}]*\}/g, '{}').replace(/\b(by|without)\s*\([^)]*\)/g, '');
  const words = [...withoutLabels.matchAll(/\b([a-zA-Z_:][a-zA-Z0-9_:]*)\b(?!\s*\()/g)].map((m) => m[1]!);
  return words.filter((w) => !/^\d/.test(w) && w.includes('_') && !['le'].includes(w));
}

describe('observability dashboards', () => {
  let stack: TestStack;
  let exported: Set<string>;
  beforeAll(async () => {
    stack = await startTestStack('pglite', {
      products: 10, entityCache: { entityCache: true, entityCacheTtlMs: 60_000, entityCacheDisabled: [] },
    });
    const urls = [stack.gateway.url, ...Object.values(stack.subgraphs).map((s) => s.url)].map((u) => u.replace(/\/graphql$/, '/metrics'));
    exported = new Set();
    for (const url of urls) for (const name of declared(await (await fetch(url)).text())) exported.add(name);
  });
  afterAll(() => stack?.close());

  const files = readdirSync(DASHBOARDS).filter((f) => f.endsWith('.json'));

  it('has dashboards, each panel with a query', () => {
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const dashboard = JSON.parse(readFileSync(`${DASHBOARDS}/${file}`, 'utf8')) as { panels: { targets?: { expr: string }[] }[] };
      expect(dashboard.panels.length).toBeGreaterThan(0);
      for (const panel of dashboard.panels) expect(panel.targets?.[0]?.expr).toBeTruthy();
    }
  });

  it.each(files)('%s queries only metrics the services export', (file) => {
    const dashboard = JSON.parse(readFileSync(`${DASHBOARDS}/${file}`, 'utf8')) as { panels: { title: string; targets: { expr: string }[] }[] };
    const missing = dashboard.panels.flatMap((panel) =>
      panel.targets.flatMap((t) => queried(t.expr).filter((name) => !exported.has(name)).map((name) => `${panel.title}: ${name}`)));
    expect(missing).toEqual([]);
  });

  it('reads metric names as PromQL does, so an unknown one would be caught', () => {
    expect(queried('histogram_quantile(0.95, sum by (le, operation) (rate(graphql_request_duration_seconds_bucket{service="gateway"}[5m])))'))
      .toEqual(['graphql_request_duration_seconds_bucket']);
    expect(queried('sum(rate(no_such_metric_total[1m]))').filter((n) => !exported.has(n))).toEqual(['no_such_metric_total']);
  });
});
