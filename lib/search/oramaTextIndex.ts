import { count, create, getByID, insertMultiple, load, removeMultiple, save, type AnyOrama, type RawData } from '@orama/orama';
import { index as oramaIndex, internalDocumentIDStore, tokenizer as oramaTokenizer } from '@orama/orama/components';
import { foldAccents } from './foldText.js';
// Must run before any index is used: Orama's word lookup is quadratic without it.
import './oramaFixes.js';
import { DEFAULT_RANKING } from './ranking.js';
import type { SearchDocument } from './SearchIndex.js';
import { SynonymExpander, type QueryClause } from './synonymExpansion.js';
import type { SynonymRule } from './synonyms.js';

/** `word` with each pair of neighbouring letters swapped (no duplicates, not the word itself). */
function swaps(word: string): string[] {
  const variants = new Set<string>();
  for (let i = 0; i + 1 < word.length; i++) {
    if (word[i] !== word[i + 1]) variants.add(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
  }
  return [...variants];
}

/**
 * A number or a single letter ("T" of "T-Shirt") matches only itself: by prefix, "7" would find
 * 70–79 and 700–799, and "t" every word starting with it. As Elasticsearch's match query, which
 * matches no prefixes at all.
 */
const wholeWordOnly = (word: string): boolean => word.length === 1 || /^\d+$/.test(word);

/** The searched text of one product. */
export interface ProductText {
  readonly id: string;
  readonly name: string;
  /** A field of its own: a brand named in the query is a strong intent (it weighs as the name does). */
  readonly brand: string;
  /** Attributes and description: one field, since each searched field is one more walk per word. */
  readonly keywords: string;
}

export const productText = (doc: SearchDocument): ProductText => ({ id: doc.id, name: doc.name, brand: doc.brand, keywords: `${doc.attributes} ${doc.description}` });

/** Text fields searched and their weights: a match in the name or brand counts most (a ranking variant may say otherwise). */
const BOOST: FieldBoosts = { name: DEFAULT_RANKING.nameBoost, brand: DEFAULT_RANKING.brandBoost, keywords: DEFAULT_RANKING.keywordsBoost };
const FIELDS = Object.keys(BOOST) as (keyof FieldBoosts)[];

/** The weight of a match in each searched field. */
export interface FieldBoosts {
  readonly name: number;
  readonly brand: number;
  readonly keywords: number;
}
/** Orama's default BM25 parameters. */
const K = 1.2;
const B = 0.75;
const D = 0.5;
/**
 * A synonym counts this much of a word of the query's own, per word (a two-word synonym of one
 * word is averaged over its two), so the products that say what was asked rank first.
 */
const SYNONYM_WEIGHT = 0.5;
/**
 * A query of this many words (clauses) or more matches products with half of them (rounded
 * down), as Elasticsearch's `minimum_should_match: "3<50%"`: a whole product name finds that
 * product first, then its brand's others of its kind, where "every word" found the one product
 * alone. Shorter queries need every word.
 */
const RELAX_FROM = 4;
const RELAXED_SHARE = 0.5;
/**
 * How much a matched word of a long query counts beside BM25, per unit of its IDF: products
 * matching the query's rarer words (the number, the kind of product) rank above those matching
 * its common ones (an adjective), and the whole name above all.
 */
const MATCHED_IDF_WEIGHT = 5;

interface IndexStore {
  indexes: Record<string, { node: { find(params: { term: string; exact: boolean; tolerance: number }): Record<string, number[]> } }>;
  tokenOccurrences: Record<string, Record<string, number>>;
  fieldLengths: Record<string, Record<number, number>>;
  avgFieldLength: Record<string, number>;
}

/**
 * Orama's English tokenizer with its (Porter) stemmer, fed accent-folded text with hyphens as
 * word breaks: the words Elasticsearch's `product_text` analyser makes (standard tokenizer,
 * asciifolding, English stemmer), so "Café" finds "cafe", "shoes" finds "shoe", and "T-Shirt" is
 * two words. Orama's own splitter would cut "Zürich" in two, so folding comes first. A product's
 * text (Orama passes the field) is indexed with its words as written beside their stems, so a
 * half-typed word still finds them by prefix ("sleepin" → "sleeping", whose stem is "sleep");
 * a query is looked up by its stems only.
 */
export function productTokenizer() {
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

/** The statistics our BM25 reads: how many documents hold a word, and each document's field lengths. */
interface ScoreStatistics {
  sharedInternalDocumentStore: unknown;
  avgFieldLength: Record<string, number>;
  fieldLengths: Record<string, Record<number, number | undefined>>;
  frequencies: Record<string, Record<number, unknown>>;
  tokenOccurrences: Record<string, Record<string, number>>;
}

/**
 * Orama's index component without its per-document term frequencies. Our BM25 counts each word
 * once per field (tf = 1 / length), so Orama's map of every word of every document, per field,
 * was never read: it was the largest part of the index's heap and a fifth of its build time.
 */
const leanIndex = {
  ...oramaIndex.createIndex(),
  insertDocumentScoreParameters(index: ScoreStatistics, prop: string, id: number, tokens: readonly string[], docsCount: number) {
    const slot = internalDocumentIDStore.getInternalDocumentId(index.sharedInternalDocumentStore as never, id);
    index.avgFieldLength[prop] = ((index.avgFieldLength[prop] ?? 0) * (docsCount - 1) + tokens.length) / docsCount;
    index.fieldLengths[prop]![slot] = tokens.length;
  },
  insertTokenScoreParameters(index: ScoreStatistics, prop: string, _id: number, _tokens: readonly string[], token: string) {
    const occurrences = index.tokenOccurrences[prop]!;
    occurrences[token] = (occurrences[token] ?? 0) + 1;
  },
};

/**
 * Full-text matching on Orama (@orama/orama): its tokenizer, its radix tree of words (prefix
 * and typo lookups) and its BM25 statistics. Every document has a slot — Orama's internal id —
 * that the caller's columns are addressed by.
 */
export class OramaTextIndex {
  private readonly db: AnyOrama = create({
    schema: { name: 'string', brand: 'string', keywords: 'string' },
    components: { tokenizer: productTokenizer(), index: leanIndex },
  } as any) as AnyOrama;
  private readonly synonyms: SynonymExpander;

  /** @param synonyms applied to queries (the index holds the products' own words, so a rule change needs no reindex) */
  constructor(synonyms: readonly SynonymRule[] = []) {
    this.synonyms = new SynonymExpander(synonyms, (text) => this.tokenize(text));
  }

  private tokenize(text: string): string[] {
    return (this.db as any).tokenizer.tokenize(text);
  }

  private readonly stems = new Map<string, string>();
  /** The stem of an indexed word (itself when it is one). */
  private stemOf(word: string): string {
    let stem = this.stems.get(word);
    if (stem === undefined) {
      stem = this.tokenize(word)[0] ?? word;
      if (this.stems.size > 100_000) this.stems.clear();
      this.stems.set(word, stem);
    }
    return stem;
  }

  async upsert(texts: readonly ProductText[]): Promise<void> {
    if (texts.length === 0) return;
    await this.delete(texts.map((t) => t.id));
    await insertMultiple(this.db, texts as any[], 1000);
  }

  async delete(ids: readonly string[]): Promise<void> {
    const present = ids.filter((id) => getByID(this.db, id) !== undefined);
    if (present.length > 0) await removeMultiple(this.db, present, 1000);
  }

  /** The slot of a product (assigned on first sight, kept across updates). */
  slotOf(id: string): number {
    return internalDocumentIDStore.getInternalDocumentId((this.db as any).internalDocumentIDStore, id);
  }

  count(): number {
    return count(this.db);
  }

  /**
   * Slots in which every word of `text` (three quarters of them from {@link RELAX_FROM} words)
   * matches a word (by prefix, or within `tolerance` edits) of the name or keywords, with their
   * score, among those `accept` lets through. A phrase with
   * synonyms matches when any of its alternatives does (all of that alternative's words), scoring
   * as its best one ({@link SYNONYM_WEIGHT}). The score is BM25 per matched word and field times the field's boost,
   * summed, counting each word once per field: repeating a word in a description does not lift a product.
   */
  match(text: string, tolerance: number, accept: (slot: number) => boolean, boosts: FieldBoosts = BOOST, typoFallback = true): Map<number, number> {
    const clauses = this.synonyms.expand(this.tokenize(text));
    if (clauses.length >= RELAX_FROM) return this.matchMost(clauses, tolerance, accept, boosts, typoFallback);
    let scores: Map<number, number> | undefined;
    for (const clause of clauses) {
      const own = clause.words.join(' ');
      if (clause.alternatives.length === 1 && clause.alternatives[0]!.join(' ') === own) {
        // No synonym (the usual case): add each word's scores to the running total in place.
        for (const word of clause.words) {
          scores = this.addWordScores(word, tolerance, scores, accept, boosts);
          if (scores.size === 0) return scores;
        }
        continue;
      }
      const before = scores;
      const best = this.clauseScores(clause, tolerance, before ? (slot: number) => before.has(slot) : accept, boosts);
      scores = new Map([...best].map(([slot, score]) => [slot, score + (before?.get(slot) ?? 0)]));
      if (scores.size === 0) return scores;
    }
    return scores ?? new Map();
  }

  /**
   * Long queries ({@link RELAX_FROM}): slots matching enough clauses, each matched clause adding
   * its IDF weight ({@link MATCHED_IDF_WEIGHT}) to the BM25. Accumulates in arrays by slot, not
   * maps: a long query's common words each touch a large share of the products.
   */
  private matchMost(clauses: readonly QueryClause[], tolerance: number, accept: (slot: number) => boolean, boosts: FieldBoosts, typoFallback: boolean): Map<number, number> {
    const required = Math.max(2, Math.floor(clauses.length * RELAXED_SHARE));
    const slots = ((this.db as any).internalDocumentIDStore.internalIdToId as unknown[]).length + 1;
    const score = new Float64Array(slots);
    const matched = new Uint8Array(slots);
    /** 0: not asked yet, 1: accepted, 2: refused. */
    const accepted = new Uint8Array(slots);
    const touched: number[] = [];
    const docsCount = this.count();
    for (const clause of clauses) {
      // A word that matches nothing as typed is looked up with one typo, alone: the rest of the query stays exact.
      let found = this.clauseSlots(clause, tolerance, boosts);
      if (found.size === 0 && tolerance === 0 && typoFallback) found = this.clauseSlots(clause, 1, boosts);
      const weight = MATCHED_IDF_WEIGHT * Math.log(1 + (docsCount - found.size + 0.5) / (found.size + 0.5));
      for (const [slot, s] of found) {
        if (accepted[slot] === 0) accepted[slot] = accept(slot) ? 1 : 2;
        if (accepted[slot] === 2) continue;
        if (matched[slot] === 0) touched.push(slot);
        matched[slot]! += 1;
        score[slot]! += s + weight;
      }
    }
    const scores = new Map<number, number>();
    for (const slot of touched) if (matched[slot]! >= required) scores.set(slot, score[slot]!);
    return scores;
  }

  /** A clause's slots and scores: a single word straight from the postings, synonyms by {@link clauseScores}. */
  private clauseSlots(clause: QueryClause, tolerance: number, boosts: FieldBoosts): Map<number, number> {
    if (clause.alternatives.length === 1 && clause.alternatives[0]!.length === 1 && clause.alternatives[0]![0] === clause.words.join(' ')) {
      const found = new Map<number, number>();
      this.eachWordScore(clause.alternatives[0]![0]!, tolerance, boosts, (slot, s) => found.set(slot, (found.get(slot) ?? 0) + s));
      return found;
    }
    return this.clauseScores(clause, tolerance, () => true, boosts);
  }

  /** The slots one clause matches (any alternative, all its words), scored as its best alternative. */
  private clauseScores(clause: QueryClause, tolerance: number, accept: (slot: number) => boolean, boosts: FieldBoosts): Map<number, number> {
    const own = clause.words.join(' ');
    const best = new Map<number, number>();
    for (const alternative of clause.alternatives) {
      const weight = alternative.join(' ') === own ? 1 : SYNONYM_WEIGHT / alternative.length;
      let sum: Map<number, number> | undefined;
      for (const word of alternative) {
        sum = this.addWordScores(word, tolerance, sum, accept, boosts);
        if (sum.size === 0) break;
      }
      for (const [slot, score] of sum ?? []) if (score * weight > (best.get(slot) ?? -Infinity)) best.set(slot, score * weight);
    }
    return best;
  }

  /**
   * `base` plus the BM25 of one query word (its prefix and typo matches in every field, boosted),
   * for the slots in `base` that the word matches; without `base`, for the matching slots `accept` lets through.
   */
  private addWordScores(word: string, tolerance: number, base: Map<number, number> | undefined, accept: (slot: number) => boolean, boosts: FieldBoosts): Map<number, number> {
    const next = new Map<number, number>();
    this.eachWordScore(word, tolerance, boosts, (slot, score) => {
      const before = next.get(slot) ?? (base ? base.get(slot) : 0);
      if (before === undefined || (base === undefined && !next.has(slot) && !accept(slot))) return;
      next.set(slot, before + score);
    });
    return next;
  }

  /** Calls `visit` with every (slot, BM25 × boost) of one query word: its prefix and typo matches in every field. */
  private eachWordScore(word: string, tolerance: number, boosts: FieldBoosts, visit: (slot: number, score: number) => void): void {
    const store = (this.db as any).data.index as IndexStore;
    const docsCount = this.count();
    // With a tolerance, two swapped neighbouring letters count as one typo too ("runnign"),
    // as in Elasticsearch; Orama's Levenshtein counts them as two. A swapped word is stemmed
    // again ("running" → "run"), as the indexed words were.
    const lookups = [{ term: word, tolerance }, ...(tolerance > 0 ? swaps(word).flatMap((w) => this.tokenize(w)).map((term) => ({ term, tolerance: 0 })) : [])];
    for (const field of FIELDS) {
      const occurrences = store.tokenOccurrences[field]!;
      const lengths = store.fieldLengths[field]!;
      const averageLength = store.avgFieldLength[field]!;
      const found: Record<string, number[]> = {};
      for (const lookup of lookups) Object.assign(found, store.indexes[field]!.node.find({ ...lookup, exact: wholeWordOnly(lookup.term) }));
      for (const matched in found) {
        // A word as written whose stem matched too adds nothing: every product with it has the stem.
        const stem = this.stemOf(matched);
        if (stem !== matched && stem in found) continue;
        const matching = occurrences[matched] ?? 0;
        const idf = Math.log(1 + (docsCount - matching + 0.5) / (matching + 0.5));
        for (const slot of found[matched]!) {
          const tf = 1 / lengths[slot]!;
          visit(slot, boosts[field] * ((idf * (D + tf * (K + 1))) / (tf + K * (1 - B + (B * lengths[slot]!) / averageLength))));
        }
      }
    }
  }

  save(): RawData {
    return save(this.db);
  }

  load(raw: RawData): void {
    load(this.db, raw);
  }
}
