import { foldAccents } from './foldText.js';

const HTML_SPECIAL = /[&<>"']/;
const escapeHtml = (text: string) => (HTML_SPECIAL.test(text) ? text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`) : text);

/** Lower-cased, accent-folded words of a query, as the engines tokenise them. */
export const queryTerms = (text: string): string[] => foldAccents(text).split(/[^\p{L}\p{N}]+/u).filter((t) => t.length > 0);

/** Two rows of the edit-distance table, reused by every call (a page of hits would otherwise allocate hundreds). */
let rowA = new Int32Array(64);
let rowB = new Int32Array(64);

/** Levenshtein distance between the first `aLength` code units of `a` and `b`, stopping early once it exceeds `max`. */
function withinDistance(a: string, aLength: number, b: string, max: number): boolean {
  if (Math.abs(aLength - b.length) > max) return false;
  if (rowA.length <= b.length) {
    rowA = new Int32Array(b.length * 2 + 1);
    rowB = new Int32Array(b.length * 2 + 1);
  }
  let previous = rowA;
  let current = rowB;
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= aLength; i++) {
    const code = a.charCodeAt(i - 1);
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (code === b.charCodeAt(j - 1) ? 0 : 1));
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return false;
    const swap = previous;
    previous = current;
    current = swap;
  }
  return previous[b.length]! <= max;
}

/** True when a word of the document matches a query term: a prefix of it, or within one typo (terms of 4+ letters). */
export function termMatches(word: string, term: string): boolean {
  if (word.startsWith(term)) return true;
  if (term.length < 4) return false;
  // The word's start (a typo in a prefix), then the whole word when it is longer than that.
  const start = Math.min(word.length, term.length + 1);
  return withinDistance(word, start, term, 1) || (word.length > start && withinDistance(word, word.length, term, 1));
}

const WORDS = /([\p{L}\p{N}]+)/u;

/**
 * A function that gives a text, HTML-escaped, with every word that matches a term of `query`
 * wrapped in `<em>…</em>`; the query is read once for a whole page of hits. Used by the embedded
 * adapter; Elasticsearch highlights natively with the same tags.
 */
export function highlighter(query: string): (text: string) => string {
  const terms = queryTerms(query);
  const matches = (word: string) => {
    const folded = foldAccents(word);
    for (const term of terms) if (termMatches(folded, term)) return true;
    return false;
  };
  return (text) => {
    const parts = text.split(WORDS); // words at odd indexes
    let marked = '';
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      marked += i % 2 === 1 && matches(part) ? `<em>${escapeHtml(part)}</em>` : escapeHtml(part);
    }
    return marked;
  };
}

/** {@link highlighter} for one text. */
export const highlight = (text: string, query: string): string => highlighter(query)(text);
