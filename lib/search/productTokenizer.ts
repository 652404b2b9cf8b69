import { tokenizer as oramaTokenizer } from '@orama/orama/components';
import { foldAccents } from './foldText.js';

/** Splits a text into the words the text index holds or looks up. */
export interface ProductTokenizer {
  /** With a `field`, a product's text: its words as written beside their stems; without, a query: its stems only. */
  tokenize(text: string, language?: string, field?: string, withCache?: boolean): string[];
}

/**
 * Orama's English tokenizer with its (Porter) stemmer, fed accent-folded text with hyphens as
 * word breaks: the words Elasticsearch's `product_text` analyser makes (standard tokenizer,
 * asciifolding, English stemmer), so "Café" finds "cafe", "shoes" finds "shoe", and "T-Shirt" is
 * two words. Orama's own splitter would cut "Zürich" in two, so folding comes first. A product's
 * text (the caller passes the field) is indexed with its words as written beside their stems, so a
 * half-typed word still finds them by prefix ("sleepin" → "sleeping", whose stem is "sleep");
 * a query is looked up by its stems only.
 */
export function productTokenizer(): ProductTokenizer {
  const stemming = oramaTokenizer.createTokenizer({ language: 'english', stemming: true });
  const plain = oramaTokenizer.createTokenizer({ language: 'english', stemming: false });
  const stem = stemming.tokenize;
  // Indexing splits each text once and stems each word once per process: a product's words
  // repeat across the catalog (numbers are their own stems and are not remembered).
  const stems = new Map<string, string[]>();
  const stemsOf = (word: string, language?: string, field?: string): string[] => {
    if (/^\d+$/.test(word)) return [word];
    let found = stems.get(word);
    if (!found) {
      found = stem(word, language, field, false);
      if (stems.size > 200_000) stems.clear();
      stems.set(word, found);
    }
    return found;
  };
  stemming.tokenize = (input: string, language?: string, field?: string, withCache?: boolean) => {
    if (typeof input !== 'string') return stem(input, language, field, withCache);
    const folded = foldAccents(input).replace(/-/g, ' ');
    if (!field) return stem(folded, language, field, withCache);
    const words = plain.tokenize(folded, language, field, withCache);
    return [...new Set([...words, ...words.flatMap((word) => stemsOf(word, language, field))])];
  };
  return stemming;
}
