import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { count, create, getByID, insertMultiple, load, removeMultiple, save, search, type AnyOrama, type RawData } from '@orama/orama';
import { highlight } from './highlight.js';
// Must run before any index is used (Orama's numeric index loses documents without it).
import './oramaFixes.js';
import { allTermsIndex } from './allTermsIndex.js';
import { emptyPriceRanges, sortFacet } from './priceBuckets.js';
import type { ReindexSession, SearchDocument, SearchIndex, SearchQuery, SearchResult } from './SearchIndex.js';

/** Options for {@link createOramaSearchIndex}. */
export interface OramaSearchIndexOptions {
  /** Currencies to index prices in. @default ['EUR', 'USD', 'GBP'] */
  readonly currencies?: readonly string[];
  /**
   * Snapshot file: loaded at creation when present (so a restart does not reindex), written
   * atomically on `close()`, `snapshot()` and after a reindex. Unset keeps the index in memory only.
   */
  readonly snapshotPath?: string;
}

/** The embedded adapter, with {@link snapshot} to persist on demand. */
export interface OramaSearchIndex extends SearchIndex {
  readonly kind: 'embedded';
  /** Writes the snapshot now (no-op without `snapshotPath`). */
  snapshot(): Promise<void>;
  /** True when the index was restored from a snapshot at creation. */
  readonly restored: boolean;
}

const SNAPSHOT_FORMAT = 3;
/**
 * Text fields searched and their weights: a match in the name counts most. Brand, attributes
 * and description share one field: each searched field is one more walk per term.
 */
const TEXT_FIELDS = ['name', 'keywords'] as const;
const BOOST = { name: 3, keywords: 1 };
/** Typo tolerance: one edit (Levenshtein) per term, applied when the exact words find nothing. */
const TOLERANCE = 1;
const MAX = Number.MAX_SAFE_INTEGER;

function createDb(currencies: readonly string[]): AnyOrama {
  return create({
    schema: {
      seq: 'number',
      name: 'string',
      nameKey: 'number',
      keywords: 'string',
      brand: 'enum',
      categoryId: 'enum',
      categoryPath: 'enum[]',
      inStock: 'boolean',
      prices: Object.fromEntries(currencies.map((c) => [c, 'number'])),
    },
    // After any write, Orama re-sorts every sortable property on the next sorted search:
    // keep only the ones we sort by, or each write costs a localeCompare sort per text field.
    // Names sort by a numeric key, so no write ever triggers a string sort of the whole index.
    sort: { unsortableProperties: ['name', 'keywords', 'inStock'] },
    components: { tokenizer: { stemming: false }, index: allTermsIndex() },
  } as any) as AnyOrama;
}

const KEY_CHARS = ' 0123456789abcdefghijklmnopqrstuvwxyz';
/**
 * The first 10 letters and digits of a name, case- and accent-insensitive, as a number
 * (base 37 fits 10 characters in 2^53): NAME sorts by it, ties in index order.
 */
export function nameSortKey(name: string): number {
  const folded = name.normalize('NFKD').toLowerCase().replace(/[^a-z0-9 ]+/g, '').replace(/ +/g, ' ').trim();
  let key = 0;
  for (let i = 0; i < 10; i++) key = key * 37 + Math.max(0, KEY_CHARS.indexOf(folded[i] ?? ' '));
  return key;
}

/** The stored form: the document plus the fields Orama indexes for it. */
const toStored = (doc: SearchDocument) => ({ ...doc, nameKey: nameSortKey(doc.name), keywords: `${doc.brand} ${doc.attributes} ${doc.description}` });
function fromStored(stored: Record<string, any>): SearchDocument {
  const { nameKey: _n, keywords: _k, ...doc } = stored;
  return doc as SearchDocument;
}

async function upsertInto(db: AnyOrama, documents: readonly SearchDocument[]): Promise<void> {
  if (documents.length === 0) return;
  await removeMultiple(db, documents.map((d) => d.id).filter((id) => getByID(db, id) !== undefined), 1000);
  await insertMultiple(db, documents.map(toStored) as any[], 1000);
}

async function deleteFrom(db: AnyOrama, ids: readonly string[]): Promise<void> {
  const present = ids.filter((id) => getByID(db, id) !== undefined);
  if (present.length > 0) await removeMultiple(db, present, 1000);
}

/**
 * The embedded {@link SearchIndex} on Orama (@orama/orama): BM25 ranking with field boosts,
 * one-typo tolerance (when the exact words find nothing), enum/number/boolean filters, facets
 * and sort, all in process.
 * Chosen over MiniSearch by `npm run bench -- search` (see README "Search").
 */
export async function createOramaSearchIndex(options: OramaSearchIndexOptions = {}): Promise<OramaSearchIndex> {
  const currencies = [...(options.currencies ?? ['EUR', 'USD', 'GBP'])];
  let db = createDb(currencies);
  let building: AnyOrama | null = null;
  let restored = false;

  if (options.snapshotPath) {
    const text = await readFile(options.snapshotPath, 'utf8').catch(() => null);
    if (text !== null) {
      const snapshot = JSON.parse(text) as { format: number; currencies: string[]; raw: RawData };
      // A snapshot written with other settings is ignored: the caller reindexes.
      if (snapshot.format === SNAPSHOT_FORMAT && snapshot.currencies.join() === currencies.join()) {
        load(db, snapshot.raw);
        restored = true;
      }
    }
  }

  async function writeSnapshot(): Promise<void> {
    if (!options.snapshotPath) return;
    await mkdir(path.dirname(options.snapshotPath), { recursive: true });
    const tmp = `${options.snapshotPath}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify({ format: SNAPSHOT_FORMAT, currencies, raw: save(db) }));
    // rename is atomic: a crash leaves the old snapshot or the new one, never half of one.
    await rename(tmp, options.snapshotPath);
  }

  function currencyOf(query: SearchQuery): string {
    return query.currency ?? query.filters?.price?.currency ?? currencies[0]!;
  }

  function assertCurrency(currency: string): void {
    if (!currencies.includes(currency)) throw new RangeError(`currency ${currency} is not indexed (indexed: ${currencies.join(', ')})`);
  }

  async function runSearch(query: SearchQuery): Promise<SearchResult> {
    const currency = currencyOf(query);
    assertCurrency(currency);
    const filters = query.filters ?? {};
    const where: Record<string, unknown> = {};
    if (filters.categoryIds?.length) where.categoryPath = { containsAny: [...filters.categoryIds] };
    if (filters.brands?.length) where.brand = { in: [...filters.brands] };
    if (filters.inStock !== undefined) where.inStock = filters.inStock;
    if (filters.price) {
      assertCurrency(filters.price.currency);
      where[`prices.${filters.price.currency}`] = { between: [filters.price.min ?? 0, filters.price.max ?? MAX] };
    }
    const text = query.text?.trim() ?? '';
    const sort = query.sort ?? 'RELEVANCE';
    const sortBy =
      sort === 'PRICE_ASC' ? { property: `prices.${currency}`, order: 'ASC' }
        : sort === 'PRICE_DESC' ? { property: `prices.${currency}`, order: 'DESC' }
          : sort === 'NAME' ? { property: 'nameKey', order: 'ASC' }
            : sort === 'NEWEST' ? { property: 'seq', order: 'DESC' }
              // RELEVANCE without text: Orama's own stable order. A sorted search right after a
              // write re-sorts every sortable field (O(n)); listing pages need not pay that.
              : undefined;
    const ranges = emptyPriceRanges(currency);
    const params = (tolerance: number) => ({
      term: text,
      // Without text, naming the text fields would make Orama walk every token of them (50× slower).
      ...(text === '' ? {} : {
        properties: [...TEXT_FIELDS],
        boost: BOOST,
        tolerance,
        // Every term must match (in any field): a listing for "running shoe" is not "running" OR "shoe".
        threshold: 0,
      }),
      where,
      ...(sortBy ? { sortBy } : {}),
      facets: {
        brand: {},
        categoryId: {},
        [`prices.${currency}`]: { ranges: ranges.map((r) => ({ from: r.min, to: r.max === null ? MAX : r.max - 1 })) },
      },
      offset: query.offset,
      limit: query.limit,
    } as any);
    // Exact words first; only when they find nothing, allow a typo per word (a fuzzy walk of
    // the term tree costs about 3× an exact lookup, so correctly spelt queries do not pay it).
    let result = await search(db, params(0));
    if (result.count === 0 && text !== '') result = await search(db, params(TOLERANCE));
    const facets = result.facets ?? {};
    const priceValues = (facets[`prices.${currency}`]?.values ?? {}) as Record<string, number>;
    return {
      total: result.count,
      hits: result.hits.map((hit) => ({
        id: hit.id,
        highlight: text === '' ? null : highlight((hit.document as any).name as string, text),
      })),
      facets: {
        brand: sortFacet(Object.entries(facets.brand?.values ?? {})),
        category: sortFacet(Object.entries(facets.categoryId?.values ?? {})),
        priceRanges: ranges.map((r) => ({ ...r, count: priceValues[`${r.min}-${r.max === null ? MAX : r.max - 1}`] ?? 0 })),
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
      await upsertInto(db, documents);
      if (building) await upsertInto(building, documents);
    },
    async delete(ids) {
      await deleteFrom(db, ids);
      if (building) await deleteFrom(building, ids);
    },
    async get(ids) {
      const found = new Map<string, SearchDocument>();
      for (const id of ids) {
        const stored = getByID(db, id);
        if (stored) found.set(id, fromStored(stored));
      }
      return found;
    },
    search: runSearch,
    async count() {
      return count(db);
    },
    async beginReindex(): Promise<ReindexSession> {
      if (building) throw new Error('a reindex is already running');
      const next = createDb(currencies);
      building = next;
      return {
        upsert: (documents) => upsertInto(next, documents),
        async commit() {
          if (building !== next) throw new Error('this reindex was aborted');
          db = next;
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
