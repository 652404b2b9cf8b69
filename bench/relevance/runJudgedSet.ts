import type { Ranking, SearchIndex } from '../../lib/search/index.js';
import type { JudgedQuery } from './judgedQueries.js';
import { CUTOFF, summarize, type Judgments, type MetricSummary } from './metrics.js';

/** A query's judgments as a map from product id to grade. */
export const judgmentsOf = (query: JudgedQuery): Judgments =>
  new Map(Object.entries(query.judgments).flatMap(([g, ids]) => ids.map((id) => [id, Number(g)] as const)));

/** Runs every query (first page of 10, relevance order, ranked by `ranking` when given) and summarises the metrics per class and overall (key `all`). */
export async function runJudgedSet(index: SearchIndex, queries: readonly JudgedQuery[], ranking?: Ranking): Promise<Map<string, MetricSummary>> {
  const runs: { cls: string; ranked: string[]; judgments: Judgments }[] = [];
  for (const query of queries) {
    const result = await index.search({ text: query.text, sort: 'RELEVANCE', offset: 0, limit: CUTOFF, ...(ranking ? { ranking } : {}) });
    runs.push({ cls: query.class, ranked: result.hits.map((h) => h.id), judgments: judgmentsOf(query) });
  }
  const byClass = new Map<string, MetricSummary>();
  for (const cls of new Set(runs.map((r) => r.cls))) byClass.set(cls, summarize(runs.filter((r) => r.cls === cls)));
  byClass.set('all', summarize(runs));
  return byClass;
}
