import { tokenizer as oramaTokenizer } from '@orama/orama/components';
import { describe, expect, it } from 'vitest';
import { generateDocuments } from '../../bench/searchDocuments.js';
import { foldAccents } from './foldText.js';
import { productTokenizer } from './productTokenizer.js';
import { productText } from './textIndex.js';

// Indexing splits a text once and stems each word from a memo: the words must be exactly those
// of splitting the text twice, with and without Orama's stemmer, as the index did before.

const stemming = oramaTokenizer.createTokenizer({ language: 'english', stemming: true });
const plain = oramaTokenizer.createTokenizer({ language: 'english', stemming: false });
const twoPasses = (text: string, field: string) => {
  const folded = foldAccents(text).replace(/-/g, ' ');
  return [...new Set([...plain.tokenize(folded, 'english', field, false), ...stemming.tokenize(folded, 'english', field, false)])].sort();
};

describe('the indexing tokenizer', () => {
  const tokenizer = productTokenizer();
  const indexed = (text: string, _field: string) => [...tokenizer.indexWords(text)].sort();

  it('makes the words of two passes (as written and stemmed) from one, for every field of 5,000 products', () => {
    for (const doc of generateDocuments(5_000)) {
      for (const [field, text] of Object.entries(productText(doc))) if (field !== 'id') expect(indexed(text, field)).toEqual(twoPasses(text, field));
    }
  });

  it('keeps accents folded, hyphens as breaks, numbers as they are, and the stems of possessives', () => {
    for (const text of ['Café Zürich T-Shirt', "women's running shoes", 'Acme 100% cotton — navy/blue', 'Bateries 2x AA']) {
      expect(indexed(text, 'name')).toEqual(twoPasses(text, 'name'));
    }
    expect(indexed('Café T-Shirt 42', 'name')).toEqual(['42', 'cafe', 'shirt', 't']);
  });

  it('looks a query up by its stems only', () => {
    expect(tokenizer.queryWords('running shoes')).toEqual(['run', 'shoe']);
  });
});
