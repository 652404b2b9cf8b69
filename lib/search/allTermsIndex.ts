import { index as oramaIndex } from '@orama/orama/components';

type DefaultIndex = ReturnType<typeof oramaIndex.createIndex>;

/**
 * Orama's index with one change: full-text search with `threshold: 0` keeps the documents in
 * which every query word matches a word of any searched field, as Elasticsearch's `operator: and`
 * over all fields does.
 *
 * Orama's own threshold 0 counts, per field, the index words a document matched and keeps it
 * only when that count equals the number of query words; a query word that matches two words
 * of one document by prefix or typo ("water" → water, waterproof) overshoots the count, so
 * "Globex Waterproof Water Bottle" did not find the product of that name. Words matched in
 * different fields (brand in one, product type in the other) did not add up either.
 */
const allTermsSearch: typeof oramaIndex.search = (index, term, tokenizer, language, properties, exact, tolerance, boost, relevance, docsCount, whereFiltersIDs, threshold) => {
  const words = [...new Set(tokenizer.tokenize(term, language))];
  if (threshold !== 0 || words.length <= 1) return oramaIndex.search(index, term, tokenizer, language, properties, exact, tolerance, boost, relevance, docsCount, whereFiltersIDs, threshold);
  // One search per word (BM25 of its matches over every field); a document's score is the sum,
  // as in Orama's own search, and only documents every word found stay.
  let scores: Map<number, number> | undefined;
  for (const word of words) {
    const next = new Map<number, number>();
    for (const [id, score] of oramaIndex.search(index, word, tokenizer, language, properties, exact, tolerance, boost, relevance, docsCount, whereFiltersIDs, 1)) {
      const previous = scores ? scores.get(id as number) : 0;
      if (previous !== undefined) next.set(id as number, previous + score);
    }
    if (next.size === 0) return [];
    scores = next;
  }
  return [...scores!].sort((a, b) => b[1] - a[1]);
};

/** The index component to pass as `components.index` to Orama's `create`. */
export const allTermsIndex = (): DefaultIndex => ({ ...oramaIndex.createIndex(), search: allTermsSearch as DefaultIndex['search'] });
