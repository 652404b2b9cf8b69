// The queries of textIndex.test.ts and what they found when the text index was Orama's
// (textIndex.expected.json, written at commit 5f98c17 with that index over the same products).
import type { FieldBoosts, ProductText } from './textIndex.js';

/** Synonym rules of the cases (as `synonyms.txt` lines). */
export const SYNONYMS = `
sandal, flip flop
parka => jacket
sneaker, trainer, running shoe
tee, t-shirt
`;

export interface TextCase {
  readonly text: string;
  readonly tolerance: number;
  readonly boosts?: FieldBoosts;
  /** Products whose number is a multiple of 3 are filtered out (`accept` refuses them). */
  readonly filtered: boolean;
}

const accepted = (filtered: boolean) => (id: string) => !filtered || Number(id.replace(/\D/g, '')) % 3 !== 0;

/** Prefixes, typos (one and two edits, swaps), numbers and single letters, synonyms, long queries, with and without a filter. */
export function cases(texts: readonly ProductText[]): (TextCase & { accept: (id: string) => boolean })[] {
  const vocabulary = [...new Set(texts.slice(0, 400).flatMap((t) => `${t.name} ${t.brand} ${t.attributes} ${t.description}`.toLowerCase().split(/[^a-z0-9]+/)))]
    .filter((w) => w.length > 0 && (!/^\d+$/.test(w) || Number(w) < 30)).sort();
  const queries = new Set<string>();
  for (const word of vocabulary) {
    for (let i = 1; i <= Math.min(word.length, 5); i++) queries.add(word.slice(0, i));
    if (word.length > 3) {
      queries.add(word.slice(1)); // first letter missing
      queries.add(`${word.slice(0, 2)}${word[3]}${word[2]}${word.slice(4)}`); // swap
      queries.add(`${word.slice(0, -2)}x${word.slice(-1)}`); // substitution
      queries.add(`${word.slice(0, 2)}${word.slice(3, -1)}`); // two deletions
    }
  }
  for (let i = 0; i + 3 < vocabulary.length; i += 7) queries.add(`${vocabulary[i]} ${vocabulary[i + 2]}`);
  for (let i = 0; i + 5 < vocabulary.length; i += 11) queries.add(`${vocabulary[i]} ${vocabulary[i + 3]} ${vocabulary[i + 5]} ${vocabulary[i + 1]}`);
  for (const t of texts.slice(0, 60)) queries.add(t.name);
  for (const q of ['flip flop', 'trainers', 'running shoe black', 'parka', 'tee', 'Café', 'T-Shirt 7', 't', '7', 'hikking boot', 'sleping bag', 'runnign shoe', 'waterproof jaket navy merino', 'zzz']) queries.add(q);
  const out: (TextCase & { accept: (id: string) => boolean })[] = [];
  for (const text of queries) {
    for (const tolerance of [0, 1]) {
      out.push({ text, tolerance, filtered: false, accept: accepted(false) });
      if (tolerance === 0) out.push({ text, tolerance, filtered: true, accept: accepted(true) });
    }
  }
  out.push({ text: 'acme running shoe', tolerance: 0, boosts: { name: 5, brand: 1, keywords: 0.5 }, filtered: false, accept: accepted(false) });
  out.push({ text: 'stark lightweight t-shirt 7', tolerance: 0, boosts: { name: 1, brand: 0, keywords: 2 }, filtered: false, accept: accepted(false) });
  return out;
}

/** What a case found: how many products, their scores' sum, and the first 2 by score (ties by id), to 12 digits. */
export interface CaseSummary {
  readonly count: number;
  readonly scoreSum: number;
  readonly top: readonly (readonly [string, number])[];
}

export function summary(scores: ReadonlyMap<number, number>, idOf: (slot: number) => string): CaseSummary {
  const all = [...scores].map(([slot, score]) => [idOf(slot), score] as const);
  all.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const round = (n: number) => Number(n.toPrecision(12));
  return { count: all.length, scoreSum: round(all.reduce((sum, [, score]) => sum + score, 0)), top: all.slice(0, 2).map(([id, score]) => [id, round(score)] as const) };
}
