// Ranking metrics of the relevance bench, over graded judgments (0 = not relevant … 3 = exactly what was asked).

/** Grades of the judged products of one query, by product id; a product not listed is grade 0. */
export type Judgments = ReadonlyMap<string, number>;

/** Ranks counted by the @10 metrics. */
export const CUTOFF = 10;
/** The lowest grade that counts as relevant for precision (grade 1, "right category only", does not). */
export const RELEVANT_GRADE = 2;

/** Graded gain 2^grade − 1, so an exact hit (3 → 7) outweighs a same-category one (1 → 1). */
const gain = (grade: number) => 2 ** grade - 1;
const dcg = (grades: readonly number[]) => grades.slice(0, CUTOFF).reduce((sum, grade, i) => sum + gain(grade) / Math.log2(i + 2), 0);

/**
 * nDCG@10: the DCG of the returned ranking over that of the ideal one (every judged product,
 * best grade first). A query with no relevant product scores 1 when nothing is returned and 0
 * otherwise: for "should find nothing", silence is the right answer.
 */
export function ndcgAt10(ranked: readonly string[], judgments: Judgments): number {
  const ideal = dcg([...judgments.values()].filter((g) => g > 0).sort((a, b) => b - a));
  if (ideal === 0) return ranked.length === 0 ? 1 : 0;
  return dcg(ranked.map((id) => judgments.get(id) ?? 0)) / ideal;
}

/** Share of the first 10 ranks (10, not the number returned) holding a product of grade ≥ {@link RELEVANT_GRADE}. */
export function precisionAt10(ranked: readonly string[], judgments: Judgments): number {
  return ranked.slice(0, CUTOFF).filter((id) => (judgments.get(id) ?? 0) >= RELEVANT_GRADE).length / CUTOFF;
}

/** Per-query figures, averaged over a set of queries. */
export interface MetricSummary {
  readonly queries: number;
  readonly ndcg: number;
  readonly precision: number;
  /** Share of queries that returned nothing. */
  readonly zeroResultRate: number;
}

/** Averages of nDCG@10, precision@10 and the zero-result rate over the queries' rankings. */
export function summarize(runs: readonly { ranked: readonly string[]; judgments: Judgments }[]): MetricSummary {
  const mean = (values: number[]) => (values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length);
  return {
    queries: runs.length,
    ndcg: mean(runs.map((r) => ndcgAt10(r.ranked, r.judgments))),
    precision: mean(runs.map((r) => precisionAt10(r.ranked, r.judgments))),
    zeroResultRate: mean(runs.map((r) => (r.ranked.length === 0 ? 1 : 0))),
  };
}
