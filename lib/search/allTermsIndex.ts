import { index as oramaIndex } from '@orama/orama/components';

type DefaultIndex = ReturnType<typeof oramaIndex.createIndex>;
type IndexStore = Parameters<typeof oramaIndex.search>[0];
type Relevance = Parameters<typeof oramaIndex.search>[8];

/** Orama's BM25 (components/algorithms.js), so scores equal those of its own search. */
function bm25(tf: number, matching: number, docsCount: number, fieldLength: number, averageFieldLength: number, { k, b, d }: Relevance): number {
  const idf = Math.log(1 + (docsCount - matching + 0.5) / (matching + 0.5));
  return (idf * (d + tf * (k + 1))) / (tf + k * (1 - b + (b * fieldLength) / averageFieldLength));
}

interface RadixLookup {
  find(params: { term: string; exact: boolean; tolerance: number }): Record<string, number[]>;
}

/**
 * Orama's index with one change: full-text search with `threshold: 0` keeps the documents in
 * which every query word matches a word of any searched field, as Elasticsearch's `operator: and`
 * over all fields does, scored as Orama scores them (BM25 per matched word and field, times the
 * field's boost, summed).
 *
 * Orama's own threshold 0 counts, per field, the index words a document matched and keeps it
 * only when that count equals the number of query words; a query word that matches two words
 * of one document by prefix or typo ("water" → water, waterproof) overshoots the count, so
 * "Globex Waterproof Water Bottle" did not find the product of that name. Words matched in
 * different fields (brand in one, product type in the other) did not add up either. Scoring
 * here also skips the per-document bookkeeping that count needed (a Map per document per word),
 * which was most of a text query's time.
 */
const allTermsSearch: typeof oramaIndex.search = (index, term, tokenizer, language, properties, exact, tolerance, boost, relevance, docsCount, whereFiltersIDs, threshold) => {
  const words = [...new Set(tokenizer.tokenize(term, language))];
  if (threshold !== 0 || words.length === 0) {
    return oramaIndex.search(index, term, tokenizer, language, properties, exact, tolerance, boost, relevance, docsCount, whereFiltersIDs, threshold);
  }
  const store = index as IndexStore & {
    indexes: Record<string, { type: string; node: RadixLookup }>;
    tokenOccurrences: Record<string, Record<string, number>>;
    frequencies: Record<string, Record<number, Record<string, number>>>;
    fieldLengths: Record<string, Record<number, number>>;
    avgFieldLength: Record<string, number>;
  };
  // Per word, the running score of each document every earlier word matched too.
  let scores: Map<number, number> | undefined;
  for (const word of words) {
    const next = new Map<number, number>();
    for (const prop of properties) {
      const tree = store.indexes[prop];
      if (!tree || tree.type !== 'Radix') continue;
      const weight = boost[prop] ?? 1;
      const occurrences = store.tokenOccurrences[prop]!;
      const frequencies = store.frequencies[prop]!;
      const lengths = store.fieldLengths[prop]!;
      const averageLength = store.avgFieldLength[prop]!;
      const found = tree.node.find({ term: word, exact, tolerance });
      for (const matched in found) {
        const matching = typeof occurrences[matched] === 'number' ? occurrences[matched]! : 0;
        for (const id of found[matched]!) {
          if (whereFiltersIDs && !whereFiltersIDs.has(id)) continue;
          const before = next.get(id) ?? (scores ? scores.get(id) : 0);
          if (before === undefined) continue; // an earlier word did not match it
          const tf = frequencies[id]?.[matched] ?? 0;
          next.set(id, before + bm25(tf, matching, docsCount, lengths[id]!, averageLength, relevance) * weight);
        }
      }
    }
    if (next.size === 0) return [];
    scores = next;
  }
  return [...scores!].sort((a, b) => b[1] - a[1]);
};

/** The index component to pass as `components.index` to Orama's `create`. */
export const allTermsIndex = (): DefaultIndex => ({ ...oramaIndex.createIndex(), search: allTermsSearch as DefaultIndex['search'] });
