import { describe, expect, it } from 'vitest';
import { SynonymExpander } from './synonymExpansion.js';
import { parseSynonyms } from './synonyms.js';

// A stand-in for the index's tokenizer: words, lower-cased, a trailing "s" dropped (a crude stemmer).
const tokenize = (text: string) => text.toLowerCase().split(/[^a-z]+/).filter(Boolean).map((w) => w.replace(/s$/, ''));
const expander = new SynonymExpander(parseSynonyms('sneaker, running shoe\ntee => t-shirt\nhead torch, torch => headlamp'), tokenize);
const expand = (text: string) => expander.expand(tokenize(text)).map((clause) => clause.alternatives);

describe('SynonymExpander', () => {
  it('offers every phrase of an equivalence, in either direction, words stemmed by the tokenizer', () => {
    expect(expand('Sneakers')).toEqual([[['sneaker'], ['running', 'shoe']]]);
    expect(expand('acme running shoes')).toEqual([[['acme']], [['sneaker'], ['running', 'shoe']]]);
  });

  it('replaces the phrase of a one-way rule by its target', () => {
    expect(expand('red tee')).toEqual([[['red']], [['t', 'shirt']]]);
    expect(expand('t-shirt')).toEqual([[['t']], [['shirt']]]);
  });

  it('prefers the longest phrase starting at a word, and leaves other words alone', () => {
    expect(expand('head torch')).toEqual([[['headlamp']]]);
    expect(expand('torch head')).toEqual([[['headlamp']], [['head']]]);
    expect(expand('running fast')).toEqual([[['running']], [['fast']]]);
  });

  it('keeps the query\'s own words of each clause', () => {
    expect(expander.expand(tokenize('acme running shoes')).map((clause) => clause.words)).toEqual([['acme'], ['running', 'shoe']]);
  });
});
