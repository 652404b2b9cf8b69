import { readFile } from 'node:fs/promises';

/**
 * One synonym rule, Solr format (as Elasticsearch's `synonym_graph` reads it):
 * `sneaker, running shoe, trainer` makes the phrases equivalent (a query for any finds all);
 * `tee, tees => t-shirt` rewrites the left phrases to the right ones, one way only (to keep
 * the original too, list it on the right). Phrases may have several words.
 */
export type SynonymRule =
  | { readonly kind: 'equivalent'; readonly phrases: readonly string[] }
  | { readonly kind: 'oneWay'; readonly from: readonly string[]; readonly to: readonly string[] };

/** A synonym file that cannot be read as rules; `problems` name each bad line. */
export class SynonymFileError extends Error {
  override name = 'SynonymFileError';
  readonly code = 'SEARCH_SYNONYMS_INVALID';
  constructor(readonly source: string, readonly problems: readonly string[]) {
    super(`Invalid synonyms in ${source}:\n  ${problems.join('\n  ')}`);
  }
}

const phrasesOf = (side: string) => side.split(',').map((p) => p.trim().replace(/\s+/g, ' ').toLowerCase());

/**
 * Parses synonym rules: one per line, `#` starts a comment, blank lines are skipped. Every
 * problem is collected and thrown as one {@link SynonymFileError} (`source` names the file).
 */
export function parseSynonyms(text: string, source = 'synonyms'): SynonymRule[] {
  const rules: SynonymRule[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') return;
    const where = `line ${i + 1} ("${line}")`;
    const sides = line.split('=>');
    if (sides.length > 2) return void problems.push(`${where}: more than one "=>"`);
    const parts = sides.map(phrasesOf);
    if (parts.some((phrases) => phrases.some((p) => !/[\p{L}\p{N}]/u.test(p)))) return void problems.push(`${where}: an empty phrase`);
    if (parts.length === 2) rules.push({ kind: 'oneWay', from: parts[0]!, to: parts[1]! });
    else if (parts[0]!.length < 2) problems.push(`${where}: an equivalence needs at least two phrases (or use "a => b")`);
    else rules.push({ kind: 'equivalent', phrases: parts[0]! });
  });
  if (problems.length > 0) throw new SynonymFileError(source, problems);
  return rules;
}

/** Reads and parses a synonym file ({@link parseSynonyms}). */
export async function loadSynonymFile(path: string): Promise<SynonymRule[]> {
  return parseSynonyms(await readFile(path, 'utf8'), path);
}

/** A rule as a Solr-format line, for Elasticsearch's `synonym_graph` filter. */
export const solrLine = (rule: SynonymRule): string =>
  rule.kind === 'equivalent' ? rule.phrases.join(', ') : `${rule.from.join(', ')} => ${rule.to.join(', ')}`;
