import { tokenizer as oramaTokenizer } from '@orama/orama/components';
import { describe, expect, it } from 'vitest';
import { generateDocuments } from '../../bench/searchDocuments.js';
import { foldAccents } from './foldText.js';
import { pieceHash } from './pieceHash.js';
import { PieceCache } from './stringIds.js';
import { productTokenizer } from './productTokenizer.js';

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
      for (const [field, text] of [['name', doc.name], ['brand', doc.brand], ['keywords', `${doc.attributes} ${doc.description}`]] as const) expect(indexed(text, field)).toEqual(twoPasses(text, field));
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

/** Texts with every kind of character the split cares about: cases, digits, `_`, `'`, hyphens, punctuation, accents. */
function randomTexts(count: number, seed = 1): string[] {
  let state = seed;
  const next = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const alphabet = ["a", "B", "z", "Q", "0", "7", "_", "'", "-", " ", "  ", ",", ":", "!", "\n", "é", "Ü", "ß", "œ", "Ж", "日", "T-Shirt", "don't", "x_y"];
  return Array.from({ length: count }, () => Array.from({ length: Math.floor(next() * 40) }, () => alphabet[Math.floor(next() * alphabet.length)]).join(''));
}

describe('productTokenizer().eachPiece', () => {
  const tokenizer = productTokenizer();
  const texts = [...randomTexts(3000), '', '---', "Acme Trail Hiking Boot 1234", "The Café in Zürich: T-Shirt's 2-pack", "'_'", 'ÀÉÎ-õü 42'];

  it('finds the pieces split cuts (but the empty ones), with their hash and whether they are numbers', () => {
    for (const text of texts) {
      const found: [string, number, boolean][] = [];
      tokenizer.eachPiece(text, (source, start, end, hash, digits) => found.push([source.slice(start, end).toLowerCase(), hash, digits]));
      const expected = tokenizer.split(text).filter((piece) => piece !== '').map((piece): [string, number, boolean] => [piece, pieceHash(piece), /^\d+$/.test(piece)]);
      expect(found, JSON.stringify(text)).toEqual(expected);
    }
  });
});

describe('PieceCache', () => {
  it('finds a piece inside a longer text, whatever its case, and only that piece', () => {
    const cache = new PieceCache<number>(100);
    cache.set('boot', pieceHash('boot'), 1);
    cache.set('boots', pieceHash('boots'), 2);
    const text = 'Hiking BOOT, boots and booties';
    expect(cache.find(text, 7, 11, pieceHash(text, 7, 11))).toBe(1);
    expect(cache.find(text, 13, 18, pieceHash(text, 13, 18))).toBe(2);
    expect(cache.find(text, 23, 30, pieceHash(text, 23, 30))).toBeUndefined();
    expect(cache.find(text, 0, 6, pieceHash(text, 0, 6))).toBeUndefined();
  });

  it('keeps pieces whose hashes share a place apart, and starts over at its limit', () => {
    const cache = new PieceCache<string>(1000);
    const words = Array.from({ length: 1000 }, (_, i) => `w${i.toString(36)}`);
    // The same hash for all: every lookup walks past the others.
    for (const word of words) cache.set(word, 7, word.toUpperCase());
    for (const word of words) expect(cache.find(word, 0, word.length, 7)).toBe(word.toUpperCase());
    expect(cache.size).toBe(1000);
    cache.set('one-more', pieceHash('one-more'), 'ONE');
    expect(cache.size).toBe(1);
    expect(cache.find('w0', 0, 2, 7)).toBeUndefined();
    expect(cache.find('one-more', 0, 8, pieceHash('one-more'))).toBe('ONE');
  });
});
