import { foldAccents } from './foldText.js';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Lower-cased, accent-folded words of a query, as the engines tokenise them. */
export const queryTerms = (text: string): string[] => foldAccents(text).split(/[^\p{L}\p{N}]+/u).filter((t) => t.length > 0);

/** Levenshtein distance, stopping early once it exceeds `max`. */
function withinDistance(a: string, b: string, max: number): boolean {
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
}

/** True when a word of the document matches a query term: a prefix of it, or within one typo (terms of 4+ letters). */
export function termMatches(word: string, term: string): boolean {
  return word.startsWith(term) || (term.length >= 4 && withinDistance(word.slice(0, term.length + 1), term, 1)) || (term.length >= 4 && withinDistance(word, term, 1));
}

/**
 * The text, HTML-escaped, with every word that matches a query term wrapped in
 * `<em>…</em>`. Used by the embedded adapter; Elasticsearch highlights natively with the same tags.
 */
export function highlight(text: string, query: string): string {
  const terms = queryTerms(query);
  return text
    .split(/([\p{L}\p{N}]+)/u)
    .map((part, i) => {
      const isWord = i % 2 === 1;
      return isWord && terms.some((term) => termMatches(foldAccents(part), term)) ? `<em>${escapeHtml(part)}</em>` : escapeHtml(part);
    })
    .join('');
}
