/**
 * How relevance is computed: one ranking variant. Variants are configuration
 * (`SEARCH_RANKING_PATH`, docs/search.md) so an experiment can compare them on live traffic and
 * `npm run bench -- relevance -- --variant <name>` offline on the judged set. Both adapters
 * apply every setting (the embedded index in its scoring, Elasticsearch in the request body).
 */
export interface Ranking {
  /** Weight of a query word matched in the product name. @default 3 */
  readonly nameBoost: number;
  /** Weight of a query word matched in the brand. @default 3 */
  readonly brandBoost: number;
  /** Weight of a word matched in attributes or description. @default 1 */
  readonly keywordsBoost: number;
  /**
   * `fallback`: exact words (and prefixes) first, one typo per word only when they find nothing;
   * `always`: one typo per word allowed from the start; `off`: never. @default 'fallback'
   */
  readonly typoTolerance: 'fallback' | 'always' | 'off';
  /** A product available somewhere scores `1 + inStockBoost` times as much. @default 0 */
  readonly inStockBoost: number;
  /** A product whose price in the query's currency is a sale price scores `1 + onSaleBoost` times as much. @default 0 */
  readonly onSaleBoost: number;
  /** Among the hits, the newest product scores `1 + recencyBoost` times as much, the oldest unchanged, linear by creation order between. @default 0 */
  readonly recencyBoost: number;
}

/** The ranking every search used before variants: what `default` names. */
export const DEFAULT_RANKING: Ranking = Object.freeze({ nameBoost: 3, brandBoost: 3, keywordsBoost: 1, typoTolerance: 'fallback', inStockBoost: 0, onSaleBoost: 0, recencyBoost: 0 });

/** The name of {@link DEFAULT_RANKING}; a file may not redefine it. */
export const DEFAULT_VARIANT = 'default';

const TOLERANCES = ['fallback', 'always', 'off'] as const;
const NUMBERS = ['nameBoost', 'brandBoost', 'keywordsBoost', 'inStockBoost', 'onSaleBoost', 'recencyBoost'] as const;

/** A variant's settings from JSON, defaults filled in; throws a RangeError naming the bad key. */
export function parseRanking(name: string, value: unknown): Ranking {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new RangeError(`variant ${name} must be an object`);
  const input = value as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (!(NUMBERS as readonly string[]).includes(key) && key !== 'typoTolerance') throw new RangeError(`variant ${name}: unknown setting ${key}`);
  }
  const ranking: Record<string, unknown> = { ...DEFAULT_RANKING };
  for (const key of NUMBERS) {
    if (input[key] === undefined) continue;
    const n = input[key];
    if (typeof n !== 'number' || !Number.isFinite(n) || n < 0 || n > 100) throw new RangeError(`variant ${name}: ${key} must be a number from 0 to 100`);
    ranking[key] = n;
  }
  if (input.typoTolerance !== undefined) {
    if (!TOLERANCES.includes(input.typoTolerance as never)) throw new RangeError(`variant ${name}: typoTolerance must be one of ${TOLERANCES.join(', ')}`);
    ranking.typoTolerance = input.typoTolerance;
  }
  if ((ranking.nameBoost as number) + (ranking.brandBoost as number) + (ranking.keywordsBoost as number) === 0) {
    throw new RangeError(`variant ${name}: nameBoost, brandBoost and keywordsBoost cannot all be 0`);
  }
  return Object.freeze(ranking) as unknown as Ranking;
}
