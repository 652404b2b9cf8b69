import { describe, expect, it } from 'vitest';
import { generateDocuments, queryMix } from '../../bench/searchDocuments.js';
import { foldAccents } from './foldText.js';
import { highlight, highlighter, queryTerms } from './highlight.js';

/** The straightforward version the reused-row one replaced: the reference for its answers. */
function referenceHighlight(text: string, query: string): string {
  const escape = (t: string) => t.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const within = (a: string, b: string, max: number): boolean => {
    if (Math.abs(a.length - b.length) > max) return false;
    let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
      const current = [i];
      let rowMin = i;
      for (let j = 1; j <= b.length; j++) {
        const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
        current.push(value);
        rowMin = Math.min(rowMin, value);
      }
      if (rowMin > max) return false;
      previous = current;
    }
    return previous[b.length]! <= max;
  };
  const matches = (word: string, term: string) =>
    word.startsWith(term) || (term.length >= 4 && within(word.slice(0, term.length + 1), term, 1)) || (term.length >= 4 && within(word, term, 1));
  const terms = queryTerms(query);
  return text.split(/([\p{L}\p{N}]+)/u)
    .map((part, i) => (i % 2 === 1 && terms.some((t) => matches(foldAccents(part), t)) ? `<em>${escape(part)}</em>` : escape(part)))
    .join('');
}

describe('highlight', () => {
  it('marks the words a query matches (prefix or one typo), escaping HTML', () => {
    expect(highlight('Acme Running Shoe & <Sock>', 'runing sho')).toBe('Acme <em>Running</em> <em>Shoe</em> &#38; &#60;Sock&#62;');
    expect(highlight('Crème Brûlée Lamp', 'creme')).toBe('<em>Crème</em> Brûlée Lamp');
    expect(highlight('Waterproofed Jacket', 'waterprof')).toBe('<em>Waterproofed</em> Jacket');
  });

  it('answers as the straightforward version on 3,000 names × the bench queries and typo variants, one highlighter per query', () => {
    const names = generateDocuments(3000).map((d) => d.name).concat(['Tom & Jerry "Mug"', 'Ærøskøbing Straße Pullover', 'x', '', 'Lamp-lamp LAMP lamps']);
    const queries = queryMix().flatMap((q) => (q.query.text ? [q.query.text] : []))
      .concat(['shoo', 'jackt waterprof', 'creme brulee', 'strasse', 'l', 'lampz', 'a b c d', 'mug & tom']);
    let differing = 0;
    for (const query of queries) {
      const mark = highlighter(query);
      for (const name of names) if (mark(name) !== referenceHighlight(name, query)) differing++;
    }
    expect(differing).toBe(0);
  });
});
