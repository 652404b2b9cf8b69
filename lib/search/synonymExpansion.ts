import type { SynonymRule } from './synonyms.js';

/**
 * One clause of a query: it matches when any of its alternatives does, and an alternative when
 * all of its words do. `words` are the query's own (an alternative equal to them is no synonym).
 */
export interface QueryClause {
  readonly words: readonly string[];
  readonly alternatives: readonly (readonly string[])[];
}

/**
 * Query-time synonym expansion for the embedded index, with the semantics of Elasticsearch's
 * `synonym_graph` filter: the longest rule phrase starting at a word wins, an equivalence offers
 * every phrase of its group, a one-way rule replaces the phrase by its targets. Phrases are
 * tokenised by the index's own tokenizer (stemmed, accent-folded), so "Trainers" meets "trainer".
 */
export class SynonymExpander {
  /** Alternatives per phrase (its words joined with a space). */
  private readonly alternatives = new Map<string, Map<string, readonly string[]>>();
  private longest = 1;

  constructor(rules: readonly SynonymRule[], private readonly tokenize: (text: string) => string[]) {
    for (const rule of rules) {
      if (rule.kind === 'equivalent') for (const phrase of rule.phrases) this.add(phrase, rule.phrases);
      else for (const phrase of rule.from) this.add(phrase, rule.to);
    }
  }

  private add(phrase: string, targets: readonly string[]): void {
    const words = this.tokenize(phrase);
    if (words.length === 0) return;
    const key = words.join(' ');
    const alternatives = this.alternatives.get(key) ?? new Map<string, readonly string[]>();
    for (const target of targets) {
      const targetWords = this.tokenize(target);
      if (targetWords.length > 0) alternatives.set(targetWords.join(' '), targetWords);
    }
    this.alternatives.set(key, alternatives);
    this.longest = Math.max(this.longest, words.length);
  }

  /** The clauses of a query given as its tokens; every clause must match. Without synonyms each clause is one word. */
  expand(words: readonly string[]): QueryClause[] {
    const clauses: QueryClause[] = [];
    for (let i = 0; i < words.length;) {
      let matched = 0;
      for (let length = Math.min(this.longest, words.length - i); length > 0 && matched === 0; length--) {
        const alternatives = this.alternatives.get(words.slice(i, i + length).join(' '));
        if (alternatives) {
          clauses.push({ words: words.slice(i, i + length), alternatives: [...alternatives.values()] });
          matched = length;
        }
      }
      if (matched === 0) {
        clauses.push({ words: [words[i]!], alternatives: [[words[i]!]] });
        matched = 1;
      }
      i += matched;
    }
    return clauses;
  }
}
