import { foldAccents } from './foldText.js';

/** `category` suggestions come from catalog (the search subgraph adds them), never from an index. */
export type SuggestionKind = 'name' | 'brand' | 'category';

/** A completion for an as-you-type box. */
export interface Suggestion {
  readonly text: string;
  readonly kind: SuggestionKind;
  /** The product a name suggestion names. */
  readonly productId?: string;
  /** Products of a brand or category suggestion. */
  readonly count?: number;
  /** The category a category suggestion names. */
  readonly categoryId?: string;
}

const wordsOf = (text: string): string[] => foldAccents(text).split(/[^a-z0-9]+/).filter(Boolean);
/** Text as suggestions compare it: folded words joined by single spaces ("Crème  Brûlée!" → "creme brulee"). */
export const suggestionKey = (text: string): string => wordsOf(text).join(' ');

/** Words a correction may offer: letters only, three or more (numbers and codes are never "corrected"). */
const isVocabularyWord = (word: string) => word.length >= 3 && /^[a-z]+$/.test(word);

/** Every string `word` becomes with one character deleted. */
function deletions(word: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i < word.length; i++) out.add(word.slice(0, i) + word.slice(i + 1));
  return [...out];
}

/** Damerau–Levenshtein distance (adjacent swaps count one), giving up past `max`. */
export function editDistance(a: string, b: string, max = 2): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    let best = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
      best = Math.min(best, d);
    }
    if (best > max) return max + 1;
  }
  return rows[a.length]![b.length]!;
}

interface Entry {
  /** The name from one of its words on ("globex kettle 5", "kettle 5", "5"): a prefix is a binary search away. */
  readonly key: string;
  readonly owner: string;
  /** The key is the whole name (it starts at the first word). */
  readonly whole: boolean;
}

/** The texts of a product that suggestions read. */
export interface SuggestedProduct { readonly name: string; readonly brand: string; readonly attributes: string }

/**
 * Where suggestions read the products from: the index's own stored documents (so no second copy
 * of every name is kept here).
 */
export interface SuggestionSource {
  /** The texts of a product now (undefined: not there). */
  textOfProduct(id: string): SuggestedProduct | undefined;
  nameOf(id: string): string | undefined;
  /** Every product now. */
  texts(): Iterable<readonly [id: string, product: SuggestedProduct]>;
}

const compareEntries = (a: Entry, b: Entry) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.owner < b.owner ? -1 : a.owner > b.owner ? 1 : 0);
const entriesOf = (id: string, name: string): Entry[] => {
  const words = wordsOf(name);
  return words.map((_, i) => ({ key: words.slice(i).join(' '), owner: id, whole: i === 0 }));
};
const vocabularyOf = (p: SuggestedProduct) => [...new Set([...wordsOf(p.name), ...wordsOf(p.brand), ...wordsOf(p.attributes)])].filter(isVocabularyWord);

/** Fewer pending changes than this are applied in place; more, and the structures are rebuilt from scratch. */
const INCREMENTAL_LIMIT = 1000;

/**
 * Completions and corrections over the products' names, brands and attributes, in memory
 * (the embedded index's; Elasticsearch answers the same from its own index). Changes are
 * applied when the next question comes: a few in place (a binary search and a splice each),
 * many (a bulk load) by one rebuild. Price and stock changes, most of the writes, change
 * nothing here.
 */
export class SuggestionIndex {
  /** Changed since the structures were last brought up to date: the product as they hold it (undefined: not there). */
  private pending = new Map<string, SuggestedProduct | undefined>();
  private fresh = false;
  /** Sorted by key, then owner. */
  private entries: Entry[] = [];
  private readonly brandCounts = new Map<string, { text: string; count: number }>();
  /** Words of names, brands and attributes, with how many products use each. */
  private readonly vocabulary = new Map<string, number>();
  /** Each vocabulary word and its one-deletion variants → the words (SymSpell's index). */
  private readonly variants = new Map<string, Set<string>>();

  constructor(private readonly source: SuggestionSource) {}

  /**
   * Tells that the source's texts of `id` changed (added, replaced or deleted); `before`: its
   * texts until now (undefined: it was not there). Price and stock changes need no call.
   */
  changed(id: string, before: SuggestedProduct | undefined): void {
    // Before the first question nothing is built, and the first one builds it all: no change to track yet (a bulk load).
    if (this.fresh && !this.pending.has(id)) this.pending.set(id, before);
  }

  private count(p: SuggestedProduct, delta: 1 | -1): void {
    const brandKey = suggestionKey(p.brand);
    if (brandKey) {
      const known = this.brandCounts.get(brandKey);
      if (known) {
        known.count += delta;
        if (known.count <= 0) this.brandCounts.delete(brandKey);
      } else if (delta > 0) {
        this.brandCounts.set(brandKey, { text: p.brand, count: 1 });
      }
    }
    for (const word of vocabularyOf(p)) {
      const uses = (this.vocabulary.get(word) ?? 0) + delta;
      if (uses > 0) {
        if (!this.vocabulary.has(word)) for (const v of [word, ...deletions(word)]) this.variants.set(v, (this.variants.get(v) ?? new Set()).add(word));
        this.vocabulary.set(word, uses);
      } else {
        this.vocabulary.delete(word);
        for (const v of [word, ...deletions(word)]) {
          const words = this.variants.get(v);
          words?.delete(word);
          if (words?.size === 0) this.variants.delete(v);
        }
      }
    }
  }

  /** Finds where `entry` is (or would go) in the sorted entries. */
  private position(entry: Entry): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareEntries(this.entries[mid]!, entry) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private update(): void {
    if (this.fresh && this.pending.size === 0) return;
    if (!this.fresh || this.pending.size > INCREMENTAL_LIMIT) {
      this.entries = [];
      this.brandCounts.clear();
      this.vocabulary.clear();
      this.variants.clear();
      for (const [id, p] of this.source.texts()) {
        for (const e of entriesOf(id, p.name)) this.entries.push(e);
        this.count(p, 1);
      }
      this.entries.sort(compareEntries);
    } else {
      for (const [id, before] of this.pending) {
        const after = this.source.textOfProduct(id);
        if (before && after && before.name === after.name && before.brand === after.brand && before.attributes === after.attributes) continue;
        if (before) {
          this.count(before, -1);
          for (const e of entriesOf(id, before.name)) this.entries.splice(this.position(e), 1);
        }
        if (after) {
          this.count(after, 1);
          for (const e of entriesOf(id, after.name)) this.entries.splice(this.position(e), 0, e);
        }
      }
    }
    this.pending = new Map();
    this.fresh = true;
  }

  /**
   * Up to `limit` completions of `prefix` (accent- and case-insensitive, matching from any word
   * of a name on): brands starting with it by product count, then names starting with it, then
   * names with a later word starting with it; each text once.
   */
  suggest(prefix: string, limit: number): Suggestion[] {
    const key = suggestionKey(prefix);
    if (key === '' || limit < 1) return [];
    this.update();
    const { entries } = this;
    const brands = [...this.brandCounts].map(([k, b]) => ({ key: k, ...b }));
    const out: Suggestion[] = [];
    const seen = new Set<string>();
    const add = (s: Suggestion) => {
      const k = suggestionKey(s.text);
      if (out.length < limit && !seen.has(k)) (seen.add(k), out.push(s));
    };
    for (const b of brands.filter((b) => b.key.startsWith(key)).sort((x, y) => y.count - x.count || (x.key < y.key ? -1 : 1))) {
      add({ text: b.text, kind: 'brand', count: b.count });
    }
    // Enough matches to fill the list with whole-name ones first, without walking every match of a one-letter prefix.
    const later: Suggestion[] = [];
    for (let i = this.position({ key, owner: '', whole: false }), scanned = 0; i < entries.length && entries[i]!.key.startsWith(key) && scanned < limit * 50 && out.length < limit; i++, scanned++) {
      const { owner, whole } = entries[i]!;
      const suggestion = { text: this.source.nameOf(owner)!, kind: 'name' as const, productId: owner };
      if (whole) add(suggestion);
      else if (later.length < limit) later.push(suggestion);
    }
    for (const s of later) add(s);
    return out;
  }

  /**
   * A close query for `text`: each word the products never use replaced by the closest word
   * they do (up to two edits; the most used on a tie). Undefined when nothing needs or
   * allows correcting.
   */
  correct(text: string): string | undefined {
    const words = wordsOf(text);
    if (words.length === 0) return undefined;
    this.update();
    const { vocabulary, variants } = this;
    let changed = false;
    const fixed = words.map((word) => {
      if (!isVocabularyWord(word) || vocabulary.has(word)) return word;
      const candidates = new Set<string>();
      for (const first of [word, ...deletions(word)]) {
        for (const variant of [first, ...(first.length > 3 ? deletions(first) : [])]) for (const c of variants.get(variant) ?? []) candidates.add(c);
      }
      let best: { word: string; distance: number; uses: number } | undefined;
      for (const c of candidates) {
        const distance = editDistance(word, c);
        if (distance > 2) continue;
        const uses = vocabulary.get(c)!;
        if (!best || distance < best.distance || (distance === best.distance && (uses > best.uses || (uses === best.uses && c < best.word)))) best = { word: c, distance, uses };
      }
      if (!best) return word;
      changed = true;
      return best.word;
    });
    return changed ? fixed.join(' ') : undefined;
  }
}
