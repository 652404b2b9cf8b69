import { Postings, type SavedPostings } from './postings.js';
import { productTokenizer, type PieceVisitor } from './productTokenizer.js';
import { DEFAULT_RANKING } from './ranking.js';
import type { SearchDocument } from './SearchIndex.js';
import { PieceCache, StringIds } from './stringIds.js';
import { SynonymExpander, type QueryClause } from './synonymExpansion.js';
import type { SynonymRule } from './synonyms.js';
import { base64Of, fromBase64, grown } from './typedArrays.js';
import { WordTrie, type SavedWordTrie } from './wordTrie.js';

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

/**
 * The searched text of one product: its name, its brand (a field of its own: a brand named in the
 * query is a strong intent, it weighs as the name does) and its keywords, which are its
 * attributes and description (one field, since each searched field is one more walk per word;
 * read from the two texts, not a string joining them).
 */
export type ProductText = Pick<SearchDocument, 'id' | 'name' | 'brand' | 'attributes' | 'description'>;

/** The weight of a match in each searched field. */
export interface FieldBoosts {
  readonly name: number;
  readonly brand: number;
  readonly keywords: number;
}

/** Text fields searched and their weights: a match in the name or brand counts most (a ranking variant may say otherwise). */
const BOOST: FieldBoosts = { name: DEFAULT_RANKING.nameBoost, brand: DEFAULT_RANKING.brandBoost, keywords: DEFAULT_RANKING.keywordsBoost };
const FIELDS = Object.keys(BOOST) as (keyof FieldBoosts)[];

/** BM25 parameters (Orama's defaults, which the index used before). */
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

/** The products one word (in one field) matches, and the BM25 × boost of each. */
interface MatchedList {
  readonly slots: Uint32Array;
  readonly boost: number;
  readonly idf: number;
  /** The field's lengths by slot, and their average. */
  readonly lengths: Uint32Array;
  readonly averageLength: number;
}

/** BM25 (one occurrence of the word in a field of `length` words) × the field's boost. */
function scoreIn(list: MatchedList, slot: number): number {
  const length = list.lengths[slot]!;
  const tf = 1 / length;
  return list.boost * ((list.idf * (D + tf * (K + 1))) / (tf + K * (1 - B + (B * length) / list.averageLength)));
}

/**
 * Scores by slot, dense: a Map (what the columns take) over a Float64Array of scores and the list
 * of slots in the order first set. Its methods are all Map's own, read from the arrays: a text
 * query's result often holds a tenth of the catalog, and a real Map of that many boxed scores
 * cost more to build (and collect) than the query's matching.
 */
export class SlotScores extends Map<number, number> {
  /** The slots of the map in the order first set: `order[0 .. count)` (typed, so a reused map keeps its room). */
  private readonly order: Int32Array;
  private count = 0;
  private readonly scores: Float64Array;
  /** 1: a slot of the map; 2: set aside ({@link refuse}). */
  private readonly state: Uint8Array;
  private readonly refused: Int32Array;
  private refusedCount = 0;

  constructor(capacity: number) {
    super();
    this.order = new Int32Array(capacity);
    this.scores = new Float64Array(capacity);
    this.state = new Uint8Array(capacity);
    this.refused = new Int32Array(capacity);
  }

  /** The slots of the map in the order first set (a view, valid until the map changes). */
  get slots(): Int32Array {
    return this.order.subarray(0, this.count);
  }

  get capacity(): number {
    return this.state.length;
  }

  /** Marks a slot that is not in the map and must stay out of it (see {@link isRefused}). */
  refuse(slot: number): void {
    this.state[slot] = 2;
    this.refused[this.refusedCount++] = slot;
  }

  isRefused(slot: number): boolean {
    return this.state[slot] === 2;
  }

  /** Empties the map, refusals too, in time proportional to its size (for reuse). */
  reset(): void {
    const { order, state, scores, refused } = this;
    for (let i = 0; i < this.count; i++) {
      const slot = order[i]!;
      state[slot] = 0;
      scores[slot] = 0;
    }
    for (let i = 0; i < this.refusedCount; i++) state[refused[i]!] = 0;
    this.count = 0;
    this.refusedCount = 0;
  }

  override get size(): number {
    return this.count;
  }

  override has(slot: number): boolean {
    return this.state[slot] === 1;
  }

  /** The slot's score (0, not undefined, for a slot not in the map: check {@link has} first when it matters). */
  override get(slot: number): number {
    return this.scores[slot]!;
  }

  override set(slot: number, score: number): this {
    if (this.state[slot] !== 1) {
      this.state[slot] = 1;
      this.order[this.count++] = slot;
    }
    this.scores[slot] = score;
    return this;
  }

  override delete(slot: number): boolean {
    if (this.state[slot] !== 1) return false;
    this.state[slot] = 0;
    const at = this.slots.indexOf(slot);
    this.order.copyWithin(at, at + 1, this.count);
    this.count--;
    return true;
  }

  override clear(): void {
    this.reset();
  }

  override keys(): MapIterator<number> {
    return Array.from(this.slots).values();
  }

  override *values(): MapIterator<number> {
    for (const slot of this.slots) yield this.scores[slot]!;
  }

  override *entries(): MapIterator<[number, number]> {
    for (const slot of this.slots) yield [slot, this.scores[slot]!];
  }

  override [Symbol.iterator](): MapIterator<[number, number]> {
    return this.entries();
  }

  override forEach(visit: (score: number, slot: number, map: Map<number, number>) => void): void {
    const { order, scores } = this;
    for (let i = 0; i < this.count; i++) visit(scores[order[i]!]!, order[i]!, this);
  }
}

/** One searched field: its words as a tree, the slots holding each word, and the BM25 statistics. */
class FieldIndex {
  /** Per word id: the products whose field holds it. */
  occurrences = new Int32Array(0);
  /** Per slot: the number of words (as written and stems) of the field. */
  lengths = new Uint32Array(0);
  averageLength = 0;

  constructor(readonly trie: WordTrie, readonly postings = new Postings()) {}

  /** The product's words are the first `n` of `ids`; `wordCount`: the length of the shared word list (every id is below it). */
  add(slot: number, ids: Int32Array, n: number, docsCount: number, wordCount: number): void {
    this.averageLength = (this.averageLength * (docsCount - 1) + n) / docsCount;
    if (slot >= this.lengths.length) this.lengths = grown(this.lengths, slot + 1);
    this.lengths[slot] = n;
    if (wordCount > this.occurrences.length) this.occurrences = grown(this.occurrences, wordCount);
    const { occurrences } = this;
    for (let i = 0; i < n; i++) {
      const word = ids[i]!;
      if (++occurrences[word]! === 1) this.trie.insert(word);
      this.postings.add(word, slot);
    }
  }

  /** The product's words are the first `n` of `ids`; `docsCount` counts the product being removed. */
  remove(slot: number, ids: Int32Array, n: number, docsCount: number): void {
    this.averageLength = docsCount > 1 ? (this.averageLength * docsCount - this.lengths[slot]!) / (docsCount - 1) : 0;
    for (let i = 0; i < n; i++) {
      this.occurrences[ids[i]!]! -= 1;
      this.postings.remove(ids[i]!, slot);
    }
  }

  save(slots: number): SavedField {
    return {
      trie: this.trie.save(), postings: this.postings.save(), averageLength: this.averageLength,
      occurrences: base64Of(this.occurrences), lengths: base64Of(this.lengths.subarray(0, slots)),
    };
  }

  static load(words: readonly string[], saved: SavedField): FieldIndex {
    const field = new FieldIndex(WordTrie.load(words, saved.trie), Postings.load(saved.postings));
    field.occurrences = fromBase64(saved.occurrences, Int32Array);
    field.lengths = fromBase64(saved.lengths, Uint32Array);
    field.averageLength = saved.averageLength;
    return field;
  }
}

interface SavedField {
  readonly trie: SavedWordTrie;
  readonly postings: SavedPostings;
  readonly occurrences: string;
  readonly lengths: string;
  readonly averageLength: number;
}

/** {@link TextIndex.save}'s output: JSON-safe, typed arrays in base64. */
export interface SavedTextIndex {
  readonly words: readonly string[];
  /** The product id of each slot (a deleted product's too: its slot stays its own). */
  readonly ids: readonly string[];
  /** The slots holding a product now. */
  readonly present: string;
  readonly fields: Readonly<Record<keyof FieldBoosts, SavedField>>;
}

/**
 * Full-text matching over postings of our own: per field a radix tree of words (prefix and typo
 * lookups, as Orama's radix tree made them), per word the slots of the products holding it, and
 * BM25 statistics. Every product has a slot, assigned on first sight and kept across updates and
 * deletes, that the caller's columns are addressed by.
 */
export class TextIndex {
  private readonly tokenizer = productTokenizer();
  private readonly synonyms: SynonymExpander;
  /** Every word any field ever held, by id; the fields' trees and postings use the ids. */
  private wordIds = new StringIds(true);
  private words = this.wordIds.strings;
  private fields: Record<keyof FieldBoosts, FieldIndex>;
  /** The slots, by product id. */
  private slots = new StringIds(false);
  private slotIds = this.slots.strings;
  private present = new Uint8Array(0);
  private docsCount = 0;

  /** @param synonyms applied to queries (the index holds the products' own words, so a rule change needs no reindex) */
  constructor(synonyms: readonly SynonymRule[] = []) {
    this.synonyms = new SynonymExpander(synonyms, (text) => this.tokenize(text));
    this.fields = { name: new FieldIndex(new WordTrie(this.words)), brand: new FieldIndex(new WordTrie(this.words)), keywords: new FieldIndex(new WordTrie(this.words)) };
  }

  private tokenize(text: string): string[] {
    return this.tokenizer.queryWords(text);
  }

  /** Score maps a query is done with, for the next to reuse: a query's arrays by slot are large, and mostly untouched. */
  private readonly spare: SlotScores[] = [];

  private scratch(): SlotScores {
    const capacity = this.slotIds.length;
    const reused = this.spare.pop();
    return reused && reused.capacity >= capacity ? reused : new SlotScores(capacity);
  }

  /** What {@link match} returned last, until the next call hands it back. */
  private lastMatch: SlotScores | undefined;

  /** Hands back a score map no one reads any more. */
  private recycle(scores: SlotScores | undefined): void {
    if (!scores || this.spare.length >= 8) return;
    scores.reset();
    this.spare.push(scores);
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

  /** Per piece of text (see the tokenizer's `split`), the ids of its words and stems. */
  private readonly pieces = new PieceCache<{ readonly words: readonly number[]; readonly stems: readonly number[] }>();
  /** Per word id, the text {@link wordsOf} last saw it in (so a text keeps each word once). */
  private seenIn = new Uint32Array(0);
  private textStamp = 0;
  /** Scratch of {@link wordsOf}: the text's words as written, then their stems (reused: a build reads millions of texts). */
  private textIds = new Int32Array(256);
  private wordCount = 0;
  private textStems = new Int32Array(256);
  private stemCount = 0;

  /** Adds a word of the text being read, unless it has it already; a stem waits until the words are all in. */
  private keep(id: number, stem: boolean): void {
    if (stem) {
      if (this.stemCount === this.textStems.length) this.textStems = grown(this.textStems, this.stemCount + 1);
      this.textStems[this.stemCount++] = id;
      return;
    }
    if (id >= this.seenIn.length) this.seenIn = grown(this.seenIn, id + 1);
    if (this.seenIn[id] === this.textStamp) return;
    this.seenIn[id] = this.textStamp;
    if (this.wordCount === this.textIds.length) this.textIds = grown(this.textIds, this.wordCount + 1);
    this.textIds[this.wordCount++] = id;
  }

  private readonly addPiece: PieceVisitor = (source, start, end, hash, digits) => {
    // Numbers are pieces of one product each: not worth remembering (and a number is its own stem).
    if (digits) return this.keep(this.wordIds.idOf(source, start, end, hash), false);
    let found = this.pieces.find(source, start, end, hash);
    if (!found) {
      const piece = source.slice(start, end).toLowerCase();
      const { words, stems } = this.tokenizer.analyse(piece);
      found = { words: words.map((w) => this.wordIds.idOf(w)), stems: stems.map((w) => this.wordIds.idOf(w)) };
      this.pieces.set(piece, hash, found);
    }
    for (const id of found.words) this.keep(id, false);
    for (const id of found.stems) this.keep(id, true);
  };

  /**
   * Reads the ids of a text's words (and `more`'s, as if the two were one text) as indexed into
   * the first `n` (returned) of `textIds`: as written, then their stems, each once. Valid until the next call.
   */
  private wordsOf(text: string, more?: string): number {
    if (++this.textStamp === 0xffffffff) (this.seenIn.fill(0), (this.textStamp = 1));
    this.wordCount = this.stemCount = 0;
    this.tokenizer.eachPiece(text, this.addPiece);
    if (more !== undefined) this.tokenizer.eachPiece(more, this.addPiece);
    for (let i = 0; i < this.stemCount; i++) this.keep(this.textStems[i]!, false);
    return this.wordCount;
  }

  /** {@link wordsOf} the text of one field of a product. */
  private fieldWords(text: ProductText, field: keyof FieldBoosts): number {
    return field === 'keywords' ? this.wordsOf(text.attributes, text.description) : this.wordsOf(text[field]);
  }

  /**
   * Indexes texts of products not in the index (a product in it is removed first, with its text
   * as indexed). `slots`: their {@link slotOf}, when the caller has them already.
   */
  add(texts: readonly ProductText[], slots?: readonly number[]): void {
    for (let i = 0; i < texts.length; i++) {
      const text = texts[i]!;
      const slot = slots ? slots[i]! : this.slotOf(text.id);
      if (this.present[slot] === 1) throw new Error(`product ${text.id} is in the text index already`);
      this.present[slot] = 1;
      this.docsCount++;
      for (const field of FIELDS) {
        const n = this.fieldWords(text, field);
        this.fields[field].add(slot, this.textIds, n, this.docsCount, this.words.length);
      }
    }
    for (const field of FIELDS) this.fields[field].postings.compactIfSparse();
  }

  /** Removes products, given their texts as indexed (their slots stay theirs). */
  remove(texts: readonly ProductText[]): void {
    for (const text of texts) {
      const slot = this.slots.get(text.id);
      if (slot === undefined || this.present[slot] !== 1) continue;
      for (const field of FIELDS) this.fields[field].remove(slot, this.textIds, this.fieldWords(text, field), this.docsCount);
      this.present[slot] = 0;
      this.docsCount--;
    }
  }

  /** The slot of a product (assigned on first sight, kept across updates). */
  slotOf(id: string): number {
    const slot = this.slots.idOf(id);
    if (slot >= this.present.length) this.present = grown(this.present, slot + 1);
    return slot;
  }

  /** The slot of a product seen before (undefined for one never seen). */
  knownSlot(id: string): number | undefined {
    return this.slots.get(id);
  }

  /** The number of slots assigned (every slot is below it). */
  slotCount(): number {
    return this.slotIds.length;
  }

  count(): number {
    return this.docsCount;
  }

  /**
   * Slots in which every word of `text` (half of them from {@link RELAX_FROM} words) matches a
   * word (by prefix, or within `tolerance` edits) of the name, brand or keywords, with their
   * score, among those `accept` lets through. A phrase with
   * synonyms matches when any of its alternatives does (all of that alternative's words), scoring
   * as its best one ({@link SYNONYM_WEIGHT}). The score is BM25 per matched word and field times the field's boost,
   * summed, counting each word once per field: repeating a word in a description does not lift a product.
   *
   * The map is read by the caller before it matches again: the next call reuses its arrays (a
   * map of a tenth of the catalog holds a megabyte of them, and allocating one per query had the
   * collector stop queries now and then).
   */
  match(text: string, tolerance: number, accept: (slot: number) => boolean, boosts: FieldBoosts = BOOST, typoFallback = true): SlotScores {
    this.recycle(this.lastMatch);
    this.lastMatch = this.matchAll(text, tolerance, accept, boosts, typoFallback);
    return this.lastMatch;
  }

  private matchAll(text: string, tolerance: number, accept: (slot: number) => boolean, boosts: FieldBoosts, typoFallback: boolean): SlotScores {
    const clauses = this.synonyms.expand(this.tokenize(text));
    if (clauses.length >= RELAX_FROM) return this.matchMost(clauses, tolerance, accept, boosts, typoFallback);
    let scores: SlotScores | undefined;
    for (const clause of clauses) {
      const own = clause.words.join(' ');
      if (clause.alternatives.length === 1 && clause.alternatives[0]!.join(' ') === own) {
        // No synonym (the usual case): add each word's scores to the running total.
        for (const word of clause.words) {
          const before = scores;
          scores = this.addWordScores(word, tolerance, before, accept, boosts);
          this.recycle(before);
          if (scores.size === 0) return scores;
        }
        continue;
      }
      const before = scores;
      const best = this.clauseScores(clause, tolerance, before ? (slot: number) => before.has(slot) : accept, boosts);
      scores = this.scratch();
      for (const slot of best.slots) scores.set(slot, best.get(slot) + (before ? before.get(slot) : 0));
      this.recycle(before);
      this.recycle(best);
      if (scores.size === 0) return scores;
    }
    return scores ?? this.scratch();
  }

  /**
   * Long queries ({@link RELAX_FROM}): slots matching enough clauses, each matched clause adding
   * its IDF weight ({@link MATCHED_IDF_WEIGHT}) to the BM25.
   */
  private matchMost(clauses: readonly QueryClause[], tolerance: number, accept: (slot: number) => boolean, boosts: FieldBoosts, typoFallback: boolean): SlotScores {
    const required = Math.max(2, Math.floor(clauses.length * RELAXED_SHARE));
    const slots = this.slotIds.length;
    const score = new Float64Array(slots);
    const matched = new Uint8Array(slots);
    /** 0: not asked yet, 1: accepted, 2: refused. */
    const accepted = new Uint8Array(slots);
    const touched: number[] = [];
    const docsCount = this.count();
    for (const clause of clauses) {
      // A word that matches nothing as typed is looked up with one typo, alone: the rest of the query stays exact.
      let found = this.clauseSlots(clause, tolerance, boosts);
      if (found.size === 0 && tolerance === 0 && typoFallback) {
        this.recycle(found);
        found = this.clauseSlots(clause, 1, boosts);
      }
      const weight = MATCHED_IDF_WEIGHT * Math.log(1 + (docsCount - found.size + 0.5) / (found.size + 0.5));
      for (const slot of found.slots) {
        if (accepted[slot] === 0) accepted[slot] = accept(slot) ? 1 : 2;
        if (accepted[slot] === 2) continue;
        if (matched[slot] === 0) touched.push(slot);
        matched[slot]! += 1;
        score[slot]! += found.get(slot) + weight;
      }
      this.recycle(found);
    }
    const scores = this.scratch();
    for (const slot of touched) if (matched[slot]! >= required) scores.set(slot, score[slot]!);
    return scores;
  }

  /** A clause's slots and scores: a single word straight from the postings, synonyms by {@link clauseScores}. */
  private clauseSlots(clause: QueryClause, tolerance: number, boosts: FieldBoosts): SlotScores {
    if (clause.alternatives.length === 1 && clause.alternatives[0]!.length === 1 && clause.alternatives[0]![0] === clause.words.join(' ')) {
      const found = this.scratch();
      for (const list of this.matchedLists(clause.alternatives[0]![0]!, tolerance, boosts)) {
        for (const slot of list.slots) found.set(slot, found.get(slot) + scoreIn(list, slot));
      }
      return found;
    }
    return this.clauseScores(clause, tolerance, () => true, boosts);
  }

  /** The slots one clause matches (any alternative, all its words), scored as its best alternative. */
  private clauseScores(clause: QueryClause, tolerance: number, accept: (slot: number) => boolean, boosts: FieldBoosts): SlotScores {
    const own = clause.words.join(' ');
    const best = this.scratch();
    for (const alternative of clause.alternatives) {
      const weight = alternative.join(' ') === own ? 1 : SYNONYM_WEIGHT / alternative.length;
      let sum: SlotScores | undefined;
      for (const word of alternative) {
        const before = sum;
        sum = this.addWordScores(word, tolerance, before, accept, boosts);
        this.recycle(before);
        if (sum.size === 0) break;
      }
      if (!sum) continue;
      for (const slot of sum.slots) {
        const score = sum.get(slot) * weight;
        if (score > (best.has(slot) ? best.get(slot) : -Infinity)) best.set(slot, score);
      }
      this.recycle(sum);
    }
    return best;
  }

  /**
   * `base` plus the BM25 of one query word (its prefix and typo matches in every field, boosted),
   * for the slots in `base` that the word matches; without `base`, for the matching slots `accept` lets through.
   */
  private addWordScores(word: string, tolerance: number, base: SlotScores | undefined, accept: (slot: number) => boolean, boosts: FieldBoosts): SlotScores {
    const next = this.scratch();
    for (const list of this.matchedLists(word, tolerance, boosts)) {
      const { slots } = list;
      for (let i = 0; i < slots.length; i++) {
        const slot = slots[i]!;
        if (next.has(slot)) {
          next.set(slot, next.get(slot) + scoreIn(list, slot));
        } else if (!next.isRefused(slot)) {
          if (base ? base.has(slot) : accept(slot)) next.set(slot, (base ? base.get(slot) : 0) + scoreIn(list, slot));
          else next.refuse(slot);
        }
      }
    }
    return next;
  }

  /**
   * The postings one query word matches, with their BM25 × boost: its prefix and typo matches
   * in every field, in field order. A slot is in at most one list per field and word.
   */
  private matchedLists(word: string, tolerance: number, boosts: FieldBoosts): MatchedList[] {
    const docsCount = this.count();
    // With a tolerance, two swapped neighbouring letters count as one typo too ("runnign"),
    // as in Elasticsearch; a Levenshtein distance counts them as two. A swapped word is stemmed
    // again ("running" → "run"), as the indexed words were.
    const lookups = [{ term: word, tolerance }, ...(tolerance > 0 ? swaps(word).flatMap((w) => this.tokenize(w)).map((term) => ({ term, tolerance: 0 })) : [])];
    const lists: MatchedList[] = [];
    for (const field of FIELDS) {
      const { trie, postings, occurrences, lengths, averageLength } = this.fields[field];
      const found = new Set<number>();
      const add = (id: number) => found.add(id);
      for (const lookup of lookups) trie.find(lookup.term, wholeWordOnly(lookup.term), lookup.tolerance, add);
      const boost = boosts[field];
      for (const matched of found) {
        // A word as written whose stem matched too adds nothing: every product with it has the stem.
        const text = this.words[matched]!;
        const stem = this.stemOf(text);
        if (stem !== text) {
          const stemId = this.wordIds.get(stem);
          if (stemId !== undefined && found.has(stemId)) continue;
        }
        const slots = postings.slots(matched);
        if (slots.length === 0) continue;
        const matching = occurrences[matched] ?? 0;
        const idf = Math.log(1 + (docsCount - matching + 0.5) / (matching + 0.5));
        lists.push({ slots, boost, idf, lengths, averageLength });
      }
    }
    return lists;
  }

  /** The index as JSON-safe data (see {@link SavedTextIndex}). */
  save(): SavedTextIndex {
    const slots = this.slotIds.length;
    const field = (name: keyof FieldBoosts) => this.fields[name].save(slots);
    return { words: this.words, ids: this.slotIds, present: base64Of(this.present.subarray(0, slots)), fields: { name: field('name'), brand: field('brand'), keywords: field('keywords') } };
  }

  /** Replaces the index's contents with a saved one. */
  load(saved: SavedTextIndex): void {
    this.pieces.clear();
    this.wordIds = new StringIds(true, saved.words);
    this.words = this.wordIds.strings;
    this.slots = new StringIds(false, saved.ids);
    this.slotIds = this.slots.strings;
    this.present = fromBase64(saved.present, Uint8Array);
    this.docsCount = this.present.reduce((n, p) => n + p, 0);
    this.fields = { name: FieldIndex.load(this.words, saved.fields.name), brand: FieldIndex.load(this.words, saved.fields.brand), keywords: FieldIndex.load(this.words, saved.fields.keywords) };
  }
}
