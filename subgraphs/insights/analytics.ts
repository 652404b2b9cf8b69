import type { Queryable } from '../../lib/db/index.js';
import { sessionCtrTest, type SessionSums } from './sessionCtrTest.js';
import { twoProportionTest } from './twoProportionTest.js';

/** Most days one `searchAnalytics` may span. */
export const MAX_SPAN_DAYS = 366;

interface Counts { searches: number; zeroResults: number; clickedSearches: number; reciprocalRankSum: number }

/** The rates of some counts (0 without searches). */
const rates = (c: Counts) => ({
  searches: c.searches,
  zeroResults: c.zeroResults,
  zeroResultRate: c.searches ? c.zeroResults / c.searches : 0,
  clickThroughRate: c.searches ? c.clickedSearches / c.searches : 0,
  meanReciprocalRank: c.searches ? c.reciprocalRankSum / c.searches : 0,
});

interface QueryRow { normalized_query: string; searches: string; zero_results: string; clicked_searches: string; reciprocal_rank_sum: number; latency_sum_ms: number; latency_max_ms: number }

const queryStats = (r: QueryRow) => {
  const counts = { searches: Number(r.searches), zeroResults: Number(r.zero_results), clickedSearches: Number(r.clicked_searches), reciprocalRankSum: r.reciprocal_rank_sum };
  return { query: r.normalized_query, ...rates(counts), meanLatencyMs: counts.searches ? r.latency_sum_ms / counts.searches : 0, maxLatencyMs: r.latency_max_ms };
};

export type QueryStats = ReturnType<typeof queryStats>;

const PER_QUERY = `
  SELECT normalized_query, sum(searches) AS searches, sum(zero_results) AS zero_results, sum(clicked_searches) AS clicked_searches,
    sum(reciprocal_rank_sum)::float8 AS reciprocal_rank_sum, sum(latency_sum_ms)::float8 AS latency_sum_ms, max(latency_max_ms)::float8 AS latency_max_ms
  FROM insights.query_days WHERE day BETWEEN $1::date AND $2::date AND normalized_query <> ''
  GROUP BY normalized_query`;

/**
 * The query log between two UTC days (inclusive), from the aggregates the fold keeps: totals
 * (browsing without text included), and the `first` top, zero-result and slowest queries
 * (with text only), ties by query text.
 */
export async function searchAnalytics(db: Queryable, from: string, to: string, first: number) {
  const [totals, top, zero, slow] = await Promise.all([
    db.query<{ searches: string | null; zero_results: string | null; clicked_searches: string | null; reciprocal_rank_sum: number | null }>(
      `SELECT sum(searches) AS searches, sum(zero_results) AS zero_results, sum(clicked_searches) AS clicked_searches, sum(reciprocal_rank_sum)::float8 AS reciprocal_rank_sum
       FROM insights.query_days WHERE day BETWEEN $1::date AND $2::date`, [from, to]),
    db.query<QueryRow>(`${PER_QUERY} ORDER BY sum(searches) DESC, normalized_query LIMIT $3`, [from, to, first]),
    db.query<QueryRow>(`${PER_QUERY} HAVING sum(zero_results) > 0 ORDER BY sum(zero_results) DESC, normalized_query LIMIT $3`, [from, to, first]),
    db.query<QueryRow>(`${PER_QUERY} HAVING sum(searches) > 0 ORDER BY sum(latency_sum_ms) / sum(searches) DESC, normalized_query LIMIT $3`, [from, to, first]),
  ]);
  const t = totals.rows[0]!;
  const overall = rates({ searches: Number(t.searches ?? 0), zeroResults: Number(t.zero_results ?? 0), clickedSearches: Number(t.clicked_searches ?? 0), reciprocalRankSum: t.reciprocal_rank_sum ?? 0 });
  return {
    from, to,
    searches: overall.searches, zeroResultRate: overall.zeroResultRate, clickThroughRate: overall.clickThroughRate, meanReciprocalRank: overall.meanReciprocalRank,
    topQueries: top.rows.map(queryStats), zeroResultQueries: zero.rows.map(queryStats), slowestQueries: slow.rows.map(queryStats),
  };
}

/**
 * One experiment's figures per variant, each tested against the control (`default`, else the
 * first variant by name) on click-through: a z-test with sessions as the units
 * ({@link sessionCtrTest}); when that has nothing to go on (under two sessions a side, or every
 * session alike), the pooled two-proportion z-test over searches. Undefined when no search was
 * logged under it.
 */
export async function experimentReport(db: Queryable, id: string) {
  const [{ rows }, sessionRows] = await Promise.all([
    db.query<{ variant: string; searches: string; zero_results: string; clicked_searches: string; reciprocal_rank_sum: number }>(
      `SELECT variant, searches, zero_results, clicked_searches, reciprocal_rank_sum FROM insights.experiment_variants WHERE experiment_id = $1 ORDER BY variant`, [id]),
    db.query<{ variant: string; sessions: string; searches: string; clicked: string; searches_squared: string; clicked_squared: string; product: string }>(
      `SELECT variant, count(*) AS sessions, sum(searches) AS searches, sum(clicked_searches) AS clicked, sum(searches * searches) AS searches_squared,
         sum(clicked_searches * clicked_searches) AS clicked_squared, sum(searches * clicked_searches) AS product
       FROM insights.experiment_sessions WHERE experiment_id = $1 GROUP BY variant`, [id]),
  ]);
  if (rows.length === 0) return undefined;
  const sums = new Map<string, SessionSums>(sessionRows.rows.map((r) => [r.variant, {
    sessions: Number(r.sessions), searches: Number(r.searches), clicked: Number(r.clicked),
    searchesSquared: Number(r.searches_squared), clickedSquared: Number(r.clicked_squared), product: Number(r.product),
  }]));
  const variants = rows.map((r) => ({
    variant: r.variant,
    counts: { searches: Number(r.searches), zeroResults: Number(r.zero_results), clickedSearches: Number(r.clicked_searches), reciprocalRankSum: r.reciprocal_rank_sum },
  }));
  const control = variants.find((v) => v.variant === 'default') ?? variants[0]!;
  const trial = (c: Counts) => ({ successes: c.clickedSearches, trials: c.searches });
  return {
    id,
    control: control.variant,
    variants: variants.map(({ variant, counts }) => {
      const bySession = () => {
        const [a, b] = [sums.get(control.variant), sums.get(variant)];
        return a && b ? sessionCtrTest(a, b) : undefined;
      };
      const test = variant === control.variant ? undefined : bySession() ?? twoProportionTest(trial(control.counts), trial(counts));
      const { zeroResults: _, ...figures } = rates(counts);
      return { variant, ...figures, zScore: test?.z ?? null, pValue: test?.pValue ?? null };
    }),
  };
}
