import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { DEFAULT_RANKING, DEFAULT_VARIANT, parseRanking, type Ranking } from './ranking.js';

/** An A/B test of rankers: sessions split between variants by weight. */
export interface Experiment {
  /** Lowercase letters, digits and dashes; events and `searchExperiment(id)` name it. */
  readonly id: string;
  /** Variant name → weight (positive integers; shares are weight / sum). */
  readonly weights: Readonly<Record<string, number>>;
  /** Searches take part only while it runs; at most one experiment runs at a time. */
  readonly running: boolean;
}

/** The ranking variants and experiments of `SEARCH_RANKING_PATH` (docs/search.md). */
export interface RankingVariants {
  /** Every variant by name, `default` ({@link DEFAULT_RANKING}) included. */
  readonly variants: ReadonlyMap<string, Ranking>;
  readonly experiments: readonly Experiment[];
}

/** The variant one search ranks with, and the experiment that chose it (null outside any). */
export interface VariantAssignment {
  readonly variant: string;
  readonly ranking: Ranking;
  readonly experimentId: string | null;
}

export class RankingFileError extends Error {
  override name = 'RankingFileError';
  readonly code = 'SEARCH_RANKING_INVALID';
  constructor(readonly problems: readonly string[], source: string) {
    super(`${source}:\n  ${problems.join('\n  ')}`);
  }
}

const ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Only `default` and no experiment: every search ranks as before variants existed. */
export const NO_VARIANTS: RankingVariants = { variants: new Map([[DEFAULT_VARIANT, DEFAULT_RANKING]]), experiments: [] };

/**
 * Parses `{ "variants": { name: settings }, "experiments": [{ id, variants: { name: weight }, running }] }`;
 * every problem is collected into one {@link RankingFileError}.
 */
export function parseRankingVariants(json: unknown, source = 'ranking variants'): RankingVariants {
  const problems: string[] = [];
  const root = (typeof json === 'object' && json !== null && !Array.isArray(json) ? json : {}) as Record<string, unknown>;
  if (root !== json) problems.push('the file must hold a JSON object');
  const variants = new Map<string, Ranking>([[DEFAULT_VARIANT, DEFAULT_RANKING]]);
  for (const [name, settings] of Object.entries((root.variants ?? {}) as Record<string, unknown>)) {
    if (!ID.test(name)) problems.push(`variant name ${JSON.stringify(name)} must be lowercase letters, digits and dashes`);
    else if (name === DEFAULT_VARIANT) problems.push(`variant ${DEFAULT_VARIANT} is built in and cannot be redefined`);
    else {
      try {
        variants.set(name, parseRanking(name, settings));
      } catch (error) {
        problems.push((error as Error).message);
      }
    }
  }
  const experiments: Experiment[] = [];
  const list = root.experiments ?? [];
  if (!Array.isArray(list)) problems.push('experiments must be a list');
  for (const [i, raw] of (Array.isArray(list) ? list : []).entries()) {
    const e = (raw ?? {}) as { id?: unknown; variants?: unknown; running?: unknown };
    const id = typeof e.id === 'string' && ID.test(e.id) ? e.id : undefined;
    if (!id) problems.push(`experiments[${i}].id must be lowercase letters, digits and dashes`);
    const weights = (typeof e.variants === 'object' && e.variants !== null ? e.variants : {}) as Record<string, unknown>;
    if (Object.keys(weights).length < 2) problems.push(`experiment ${id ?? i} needs at least two variants`);
    for (const [name, weight] of Object.entries(weights)) {
      if (!variants.has(name)) problems.push(`experiment ${id ?? i} names an unknown variant ${name}`);
      if (!Number.isInteger(weight) || (weight as number) < 1 || (weight as number) > 10_000) problems.push(`experiment ${id ?? i}: the weight of ${name} must be an integer from 1 to 10000`);
    }
    if (id && experiments.some((x) => x.id === id)) problems.push(`experiment ${id} is listed twice`);
    if (id) experiments.push({ id, weights: weights as Record<string, number>, running: e.running === true });
  }
  if (experiments.filter((e) => e.running).length > 1) problems.push('at most one experiment may run at a time');
  if (problems.length > 0) throw new RankingFileError(problems, source);
  return { variants, experiments };
}

/** Reads and parses a ranking variants file. */
export async function loadRankingVariants(path: string): Promise<RankingVariants> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new RankingFileError([`cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})`], path);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new RankingFileError(['it is not JSON'], path);
  }
  return parseRankingVariants(json, path);
}

/** A point in [0, 1) fixed by the session and the experiment: the same session always lands in the same place of one experiment, independently across experiments. */
export function bucketOf(experimentId: string, sessionId: string): number {
  return createHash('sha256').update(`${experimentId}\0${sessionId}`).digest().readUInt32BE(0) / 2 ** 32;
}

/**
 * The variant a search ranks with: in the running experiment, the one the session's hash
 * falls on by weight (deterministic: a session sees one ranker for the whole experiment);
 * without a session or a running experiment, `default` outside any experiment.
 */
export function assignVariant(config: RankingVariants, sessionId: string | null | undefined): VariantAssignment {
  const experiment = config.experiments.find((e) => e.running);
  if (!experiment || !sessionId) return { variant: DEFAULT_VARIANT, ranking: config.variants.get(DEFAULT_VARIANT)!, experimentId: null };
  const entries = Object.entries(experiment.weights).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  let point = bucketOf(experiment.id, sessionId) * total;
  let chosen = entries.at(-1)![0];
  for (const [name, weight] of entries) {
    if (point < weight) {
      chosen = name;
      break;
    }
    point -= weight;
  }
  return { variant: chosen, ranking: config.variants.get(chosen)!, experimentId: experiment.id };
}
