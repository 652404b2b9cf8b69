import { create } from '@orama/orama';
import { describe, expect, it } from 'vitest';
import { withinTolerance, WordTrie } from './wordTrie.js';

interface RadixTree {
  insert(word: string, doc: number): void;
  find(params: { term: string; exact: boolean; tolerance: number }): Record<string, number[]>;
}

/** A fresh radix tree of Orama's, the one the text index used before (reached through a throwaway database: the class is not exported). */
function oramaRadixTree(): RadixTree {
  const probe = create({ schema: { s: 'string' } }) as unknown as { data: { index: { indexes: { s: { node: { constructor: new () => RadixTree } } } } } };
  return new probe.data.index.indexes.s.node.constructor();
}

function randomWords(seed: number, count: number, letters: string): string[] {
  let state = seed;
  const random = () => (state = (state * 48271) % 2147483647) / 2147483647;
  return Array.from({ length: count }, () => Array.from({ length: 1 + Math.floor(random() * 7) }, () => letters[Math.floor(random() * letters.length)]).join(''));
}

describe('WordTrie', () => {
  it("finds the words Orama's radix tree finds, by prefix, whole word, and one or two typos, over random vocabularies", () => {
    for (const [seed, letters] of [[1, 'abcd'], [2, 'abcdefgh'], [3, 'aeiorst0123']] as const) {
      const words = [...new Set(randomWords(seed, 400, letters))];
      const oramas = oramaRadixTree();
      const trie = new WordTrie(words);
      words.forEach((word, id) => (oramas.insert(word, id), trie.insert(id)));
      const terms = [...new Set([...randomWords(seed + 10, 150, letters), ...words.slice(0, 50)])];
      for (const term of terms) {
        // Two typos (which the index never asks for today) on the smallest alphabet only: the walk grows fast with the letters.
        for (const [exact, tolerance] of [[false, 0], [true, 0], [false, 1], [true, 1], ...(seed === 1 ? [[false, 2] as const] : [])] as const) {
          const found = new Set<string>();
          trie.find(term, exact, tolerance, (id) => found.add(words[id]!));
          const theirs = Object.keys(oramas.find({ term, exact, tolerance }));
          expect([...found].sort(), `${term} exact ${exact} tolerance ${tolerance}`).toEqual(theirs.sort());
        }
      }
    }
  });

  it('keeps its shape through save and load', () => {
    const words = ['run', 'running', 'runner', 'rug', 'shoe', '7', '70'];
    const trie = new WordTrie(words);
    words.forEach((_, id) => trie.insert(id));
    const copy = WordTrie.load(words, JSON.parse(JSON.stringify(trie.save())));
    const find = (t: WordTrie, term: string, tolerance: number) => {
      const found: string[] = [];
      t.find(term, false, tolerance, (id) => found.push(words[id]!));
      return found.sort();
    };
    expect(find(copy, 'run', 0)).toEqual(['run', 'runner', 'running']);
    expect(find(copy, 'rub', 1)).toEqual(find(trie, 'rub', 1));
    expect(find(copy, '7', 0)).toEqual(['7', '70']);
  });
});

describe('withinTolerance', () => {
  it('takes any word the term starts, and otherwise counts Levenshtein edits (a swap is two)', () => {
    expect(withinTolerance('run', 'running', 1)).toBe(true);
    expect(withinTolerance('runing', 'running', 1)).toBe(true);
    expect(withinTolerance('rnu', 'run', 1)).toBe(false);
    expect(withinTolerance('rnu', 'run', 2)).toBe(true);
    expect(withinTolerance('shoes', 'shoe', 1)).toBe(true);
  });
});
