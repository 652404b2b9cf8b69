import { count, create, getByID, insertMultiple, load, removeMultiple, save, type AnyOrama, type RawData } from '@orama/orama';
import { internalDocumentIDStore } from '@orama/orama/components';
// Must run before any index is used: Orama's word lookup is quadratic without it.
import './oramaFixes.js';
import type { SearchDocument } from './SearchIndex.js';

/** `word` with each pair of neighbouring letters swapped (no duplicates, not the word itself). */
function swaps(word: string): string[] {
  const variants = new Set<string>();
  for (let i = 0; i + 1 < word.length; i++) {
    if (word[i] !== word[i + 1]) variants.add(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
  }
  return [...variants];
}

/** The searched text of one product. */
export interface ProductText {
  readonly id: string;
  readonly name: string;
  /** Brand, attributes and description: one field, since each searched field is one more walk per word. */
  readonly keywords: string;
}

export const productText = (doc: SearchDocument): ProductText => ({ id: doc.id, name: doc.name, keywords: `${doc.brand} ${doc.attributes} ${doc.description}` });

/** Text fields searched and their weights: a match in the name counts most. */
const BOOST = { name: 3, keywords: 1 } as const;
const FIELDS = Object.keys(BOOST) as (keyof typeof BOOST)[];
/** Orama's default BM25 parameters. */
const K = 1.2;
const B = 0.75;
const D = 0.5;

interface IndexStore {
  indexes: Record<string, { node: { find(params: { term: string; exact: boolean; tolerance: number }): Record<string, number[]> } }>;
  tokenOccurrences: Record<string, Record<string, number>>;
  fieldLengths: Record<string, Record<number, number>>;
  avgFieldLength: Record<string, number>;
}

/**
 * Full-text matching on Orama (@orama/orama): its tokenizer, its radix tree of words (prefix
 * and typo lookups) and its BM25 statistics. Every document has a slot — Orama's internal id —
 * that the caller's columns are addressed by.
 */
export class OramaTextIndex {
  private readonly db: AnyOrama = create({
    schema: { name: 'string', keywords: 'string' },
    components: { tokenizer: { stemming: false } },
  } as any) as AnyOrama;

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
   * Slots in which every word of `text` matches a word (by prefix, or within `tolerance` edits)
   * of the name or keywords, with their score, among those `accept` lets through. The score is
   * BM25 per matched word and field times the field's boost, summed, counting each word once
   * per field: repeating a word in a description does not lift a product.
   */
  match(text: string, tolerance: number, accept: (slot: number) => boolean): Map<number, number> {
    const words = [...new Set<string>((this.db as any).tokenizer.tokenize(text))];
    const store = (this.db as any).data.index as IndexStore;
    const docsCount = this.count();
    let scores: Map<number, number> | undefined;
    for (const word of words) {
      const next = new Map<number, number>();
      // With a tolerance, two swapped neighbouring letters count as one typo too ("runnign"),
      // as in Elasticsearch; Orama's Levenshtein counts them as two.
      const lookups = [{ term: word, tolerance }, ...(tolerance > 0 ? swaps(word).map((term) => ({ term, tolerance: 0 })) : [])];
      for (const field of FIELDS) {
        const occurrences = store.tokenOccurrences[field]!;
        const lengths = store.fieldLengths[field]!;
        const averageLength = store.avgFieldLength[field]!;
        const found: Record<string, number[]> = {};
        for (const lookup of lookups) Object.assign(found, store.indexes[field]!.node.find({ ...lookup, exact: false }));
        for (const matched in found) {
          const matching = occurrences[matched] ?? 0;
          const idf = Math.log(1 + (docsCount - matching + 0.5) / (matching + 0.5));
          for (const slot of found[matched]!) {
            const before = next.get(slot) ?? (scores ? scores.get(slot) : 0);
            if (before === undefined || (scores === undefined && !next.has(slot) && !accept(slot))) continue;
            const tf = 1 / lengths[slot]!;
            next.set(slot, before + BOOST[field] * ((idf * (D + tf * (K + 1))) / (tf + K * (1 - B + (B * lengths[slot]!) / averageLength))));
          }
        }
      }
      if (next.size === 0) return next;
      scores = next;
    }
    return scores ?? new Map();
  }

  save(): RawData {
    return save(this.db);
  }

  load(raw: RawData): void {
    load(this.db, raw);
  }
}
