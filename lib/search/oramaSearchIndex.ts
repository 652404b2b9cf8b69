import { isAscii } from './foldText.js';
import { highlighter } from './highlight.js';
import { DEFAULT_RANKING } from './ranking.js';
import { TextIndex, type ProductText, type SavedTextIndex } from './textIndex.js';
import { emptyPriceRanges, sortFacet } from './priceBuckets.js';
import { ProductColumns } from './productColumns.js';
import type { ReindexSession, SearchDocument, SearchIndex, SearchQuery, SearchResult } from './SearchIndex.js';
import { readSnapshotFile, writeSnapshotFile } from './snapshotFile.js';
import { grown } from './typedArrays.js';
import { StoredDocuments } from './storedDocuments.js';
import { SuggestionIndex } from './suggestions.js';
import type { SynonymRule } from './synonyms.js';

/** Options for {@link createOramaSearchIndex}. */
export interface OramaSearchIndexOptions {
  /** Currencies to index prices in. @default ['EUR', 'USD', 'GBP'] */
  readonly currencies?: readonly string[];
  /**
   * Snapshot file: loaded at creation when present (so a restart does not reindex), written
   * atomically on `close()`, `snapshot()` and after a reindex. Unset keeps the index in memory only.
   */
  readonly snapshotPath?: string;
  /** Synonym rules applied to queries (see `synonyms.ts`). @default [] */
  readonly synonyms?: readonly SynonymRule[];
}

/** The embedded adapter, with {@link snapshot} to persist on demand. */
export interface OramaSearchIndex extends SearchIndex {
  readonly kind: 'embedded';
  /** Writes the snapshot now (no-op without `snapshotPath`). */
  snapshot(): Promise<void>;
  /** True when the index was restored from a snapshot at creation. */
  readonly restored: boolean;
}

// 5: words stemmed and accent-folded (format 4 held them as written); 6: the brand a text field
// of its own; 7: documents say in which currencies they are on sale; 8: our own postings, not Orama's.
const SNAPSHOT_FORMAT = 9;

const KEY_CHARS = ' 0123456789abcdefghijklmnopqrstuvwxyz';
/**
 * The first 10 letters and digits of a name, case- and accent-insensitive, as a number
 * (base 37 fits 10 characters in 2^53): NAME sorts by it, ties in catalog order.
 */
export function nameSortKey(name: string): number {
  if (isAscii(name)) return asciiNameSortKey(name);
  const folded = name.normalize('NFKD').toLowerCase().replace(/[^a-z0-9 ]+/g, '').replace(/ +/g, ' ').trim();
  let key = 0;
  for (let i = 0; i < 10; i++) key = key * 37 + Math.max(0, KEY_CHARS.indexOf(folded[i] ?? ' '));
  return key;
}


/** {@link nameSortKey} of an ASCII name, read in place (most names; the build computes one per product). */
function asciiNameSortKey(name: string): number {
  let key = 0;
  let taken = 0;
  let space = true; // leading spaces, and a space after a space, are dropped
  for (let i = 0; i < name.length && taken < 10; i++) {
    let code = name.charCodeAt(i);
    if (code >= 65 && code <= 90) code += 32;
    if (code === 32) {
      if (space) continue;
      space = true;
      key = key * 37;
    } else if (code >= 97 && code <= 122) {
      space = false;
      key = key * 37 + (code - 97 + 11);
    } else if (code >= 48 && code <= 57) {
      space = false;
      key = key * 37 + (code - 48 + 1);
    } else continue;
    taken++;
  }
  for (; taken < 10; taken++) key *= 37;
  return key;
}

/**
 * One version of the index: the documents, the text index over their name, brand and keywords,
 * and the columns of their filterable values, addressed by the text index's slots (the
 * documents keep only what the columns do not hold).
 */
class Generation {
  readonly suggestions: SuggestionIndex;
  readonly text: TextIndex;
  readonly columns: ProductColumns;
  readonly documents: StoredDocuments;

  constructor(currencies: readonly string[], synonyms: readonly SynonymRule[]) {
    this.text = new TextIndex(synonyms);
    this.columns = new ProductColumns(currencies);
    this.documents = new StoredDocuments(this.columns, (id) => this.text.knownSlot(id));
    this.suggestions = new SuggestionIndex(this.documents);
  }

  // Writes run one at a time: a write compares against the documents and then awaits the text
  // index, and two interleaved writes of one product could otherwise both insert it, or leave
  // its text from the older one.
  private tail: Promise<unknown> = Promise.resolve();
  private exclusive<T>(write: () => Promise<T>): Promise<T> {
    const run = this.tail.then(write);
    this.tail = run.catch(() => undefined);
    return run;
  }

  upsert(documents: readonly SearchDocument[]): Promise<void> {
    return this.exclusive(() => this.write(documents));
  }

  /** Per slot, the entry of the batch being written that is its last (scratch of {@link write}). */
  private lastEntry = new Int32Array(0);

  private async write(documents: readonly SearchDocument[]): Promise<void> {
    if (documents.length === 0) return;
    const slots = documents.map((doc) => this.text.slotOf(doc.id));
    // Later entries of one batch win, as separate upserts would.
    this.lastEntry = grown(this.lastEntry, this.text.slotCount());
    slots.forEach((slot, entry) => (this.lastEntry[slot] = entry));
    // A price or stock change leaves the text as it is: only the columns change then.
    const replaced: ProductText[] = [];
    const changed: ProductText[] = [];
    const changedSlots: number[] = [];
    documents.forEach((doc, entry) => {
      const slot = slots[entry]!;
      if (this.lastEntry[slot] !== entry) return;
      const was = this.documents.textOf(slot);
      if (was && was.name === doc.name && was.brand === doc.brand && was.attributes === doc.attributes && was.description === doc.description) return;
      if (was) replaced.push({ id: doc.id, ...was });
      changed.push(doc);
      changedSlots.push(slot);
      this.suggestions.changed(doc.id, was);
    });
    this.text.remove(replaced);
    this.text.add(changed, changedSlots);
    documents.forEach((doc, entry) => {
      if (this.lastEntry[slots[entry]!] === entry) this.place(doc, slots[entry]!);
    });
  }

  /** Puts a document's values in its slot (suggestions read the stored documents, and are told of text changes only). */
  private place(doc: SearchDocument, slot: number): void {
    this.columns.set(slot, doc, nameSortKey(doc.name));
    this.documents.set(doc, slot);
  }

  delete(ids: readonly string[]): Promise<void> {
    return this.exclusive(async () => {
      const present = ids.flatMap((id) => {
        const slot = this.text.knownSlot(id);
        const text = slot === undefined ? undefined : this.documents.textOf(slot);
        return text ? [{ id, slot: slot!, text }] : [];
      });
      this.text.remove(present.map((p) => ({ id: p.id, ...p.text })));
      for (const { id, slot, text } of present) {
        this.columns.clear(slot);
        this.documents.delete(id);
        this.suggestions.changed(id, text);
      }
    });
  }

  snapshot(): { text: SavedTextIndex; documents: Iterable<SearchDocument>; count: number } {
    return { text: this.text.save(), documents: this.documents.values(), count: this.documents.size };
  }

  /** Restoring from a snapshot: the text index first (it holds the slots), then each document. */
  restoreText(text: SavedTextIndex): void {
    this.text.load(text);
  }

  restoreDocument(doc: SearchDocument): void {
    this.place(doc, this.text.slotOf(doc.id));
  }
}

/**
 * The embedded {@link SearchIndex}: postings of our own for the text (`TextIndex`) — BM25 ranking with a
 * name boost, prefix matching, one-typo tolerance when the exact words find nothing, English
 * stemming, accent folding, query-time synonyms — and typed
 * columns of our own for filters, facets, sorts and paging (see `ProductColumns`), all in process.
 * Chosen over MiniSearch and FlexSearch by `npm run bench -- search` (see docs/search.md).
 */
export async function createOramaSearchIndex(options: OramaSearchIndexOptions = {}): Promise<OramaSearchIndex> {
  const currencies = [...(options.currencies ?? ['EUR', 'USD', 'GBP'])];
  const synonyms = options.synonyms ?? [];
  let live = new Generation(currencies, synonyms);
  let building: Generation | null = null;
  let restored = false;

  /** `count`: the documents that follow, so a snapshot cut at a line's end is not taken for a smaller catalog. */
  type SnapshotHeader = { format: number; currencies: string[]; count: number; text: SavedTextIndex };
  if (options.snapshotPath) {
    const restoring = new Generation(currencies, synonyms);
    const read = await readSnapshotFile<SnapshotHeader, SearchDocument>(options.snapshotPath, {
      header: (header) => {
        // A snapshot written with other settings is ignored: the caller reindexes.
        const usable = header.format === SNAPSHOT_FORMAT && header.currencies?.join() === currencies.join();
        if (usable) restoring.restoreText(header.text);
        return usable;
      },
      document: (doc) => restoring.restoreDocument(doc),
    });
    if (read && read.documents === read.header.count) {
      live = restoring;
      restored = true;
    }
  }

  async function writeSnapshot(): Promise<void> {
    if (!options.snapshotPath) return;
    const { text, documents, count } = live.snapshot();
    await writeSnapshotFile(options.snapshotPath, { format: SNAPSHOT_FORMAT, currencies, count, text } satisfies SnapshotHeader, documents);
  }

  function assertCurrency(currency: string): void {
    if (!currencies.includes(currency)) throw new RangeError(`currency ${currency} is not indexed (indexed: ${currencies.join(', ')})`);
  }

  async function runSearch(query: SearchQuery): Promise<SearchResult> {
    const currency = query.currency ?? query.filters?.price?.currency ?? currencies[0]!;
    assertCurrency(currency);
    if (query.filters?.price) assertCurrency(query.filters.price.currency);
    const { columns, text: textIndex, documents } = live;
    const ranking = query.ranking ?? DEFAULT_RANKING;
    const boosts = { name: ranking.nameBoost, brand: ranking.brandBoost, keywords: ranking.keywordsBoost };
    // A word of a long query that matches nothing gets one typo alone, unless the variant turns typos off.
    const found = columns.search(query, currency, (text, tolerance, accept) => textIndex.match(text, tolerance, accept, boosts, ranking.typoTolerance !== 'off'));
    const text = query.text?.trim() ?? '';
    const mark = text === '' ? undefined : highlighter(text);
    const { facets } = found;
    return {
      total: found.total,
      hits: found.page.map((slot) => {
        const id = columns.idOf(slot);
        return { id, highlight: mark ? mark(documents.nameOf(id)!) : null };
      }),
      facets: {
        brand: sortFacet(facets.brand),
        category: sortFacet(facets.category),
        priceRanges: emptyPriceRanges(currency).map((range, i) => ({ ...range, count: facets.priceBuckets[i]! })),
      },
    };
  }

  return {
    kind: 'embedded',
    currencies,
    get restored() {
      return restored;
    },
    async upsert(documents) {
      await live.upsert(documents);
      if (building) await building.upsert(documents);
    },
    async delete(ids) {
      await live.delete(ids);
      if (building) await building.delete(ids);
    },
    async get(ids) {
      const found = new Map<string, SearchDocument>();
      for (const id of ids) {
        const doc = live.documents.get(id);
        if (doc) found.set(id, doc);
      }
      return found;
    },
    search: runSearch,
    suggest: async (prefix, limit) => live.suggestions.suggest(prefix, limit),
    correct: async (text) => live.suggestions.correct(text),
    async count() {
      return live.documents.size;
    },
    async beginReindex(): Promise<ReindexSession> {
      if (building) throw new Error('a reindex is already running');
      const next = new Generation(currencies, synonyms);
      building = next;
      return {
        upsert: (documents) => next.upsert(documents),
        async commit() {
          if (building !== next) throw new Error('this reindex was aborted');
          live = next;
          building = null;
          await writeSnapshot();
        },
        async abort() {
          if (building === next) building = null;
        },
      };
    },
    snapshot: writeSnapshot,
    async close() {
      await writeSnapshot();
    },
  };
}
