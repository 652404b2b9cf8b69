import type { Ranking } from './ranking.js';
import type { Suggestion } from './suggestions.js';

/**
 * What the search index holds per product: the searchable text and the filterable,
 * sortable and facetable values, denormalised from catalog, pricing and inventory.
 * `versions` record the source versions applied, so replays and out-of-order events
 * are recognised (see `applyEvent`).
 */
export interface SearchDocument {
  /** Product id, `p-<n>`. */
  readonly id: string;
  /** The numeric part of the id: ids are issued in creation order, so NEWEST sorts by it. */
  readonly seq: number;
  readonly name: string;
  readonly description: string;
  readonly brand: string;
  /** The product's own (leaf) category. */
  readonly categoryId: string;
  /** Ids from the root category down to `categoryId`, so a filter on a category matches its descendants. */
  readonly categoryPath: readonly string[];
  /** Attribute values joined with spaces (colour, material…), searchable. */
  readonly attributes: string;
  /** Effective price (sale price when a sale applied at indexing time) in minor units, per ISO 4217 currency. */
  readonly prices: Readonly<Record<string, number>>;
  /** Available (on hand − reserved) per warehouse id. */
  readonly stock: Readonly<Record<string, number>>;
  /** True when any warehouse has stock available. */
  readonly inStock: boolean;
  /**
   * Currencies whose effective price was a sale price at indexing time, sorted (the on-sale
   * boost of a ranking variant reads it). Absent in documents indexed before it existed: none.
   */
  readonly saleCurrencies?: readonly string[];
  /** Source versions applied: the product row, each currency's price row, each warehouse's stock row. */
  readonly versions: {
    readonly product: number;
    readonly prices: Readonly<Record<string, number>>;
    readonly stock: Readonly<Record<string, number>>;
  };
}

/** Sort orders; ties break by product id order (`seq`), so pages are stable. */
export const SEARCH_SORTS = ['RELEVANCE', 'PRICE_ASC', 'PRICE_DESC', 'NAME', 'NEWEST'] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

/** Filters combine with AND; values inside one filter combine with OR. */
export interface SearchFilters {
  /** Products in any of these categories or their descendants. */
  readonly categoryIds?: readonly string[];
  /** Exact brand names. */
  readonly brands?: readonly string[];
  /** Effective price in `currency`, minor units, inclusive bounds. Products without a price in `currency` do not match. */
  readonly price?: { readonly min?: number; readonly max?: number; readonly currency: string };
  readonly inStock?: boolean;
}

/** A validated search request (the subgraph validates client input before building one). */
export interface SearchQuery {
  /** Free text; empty or missing means "match everything the filters allow". */
  readonly text?: string;
  readonly filters?: SearchFilters;
  /** @default 'RELEVANCE' (without text: a stable order of the adapter's choosing — catalog order on Elasticsearch) */
  readonly sort?: SearchSort;
  /** Currency for PRICE_* sorts and price-range facets. @default filters.price.currency ?? the index's first currency */
  readonly currency?: string;
  /** Hits to skip (cursor pagination is offset-based over a stable order). */
  readonly offset: number;
  readonly limit: number;
  /** How RELEVANCE scores (a ranking variant). @default DEFAULT_RANKING */
  readonly ranking?: Ranking;
}

export interface SearchHit {
  readonly id: string;
  /** The name with matched terms wrapped in `<em>…</em>` (HTML-escaped); null when there is no text query. */
  readonly highlight: string | null;
}

export interface FacetCount {
  readonly value: string;
  readonly count: number;
}

/** A price bucket: `min` inclusive, `max` exclusive (null: open-ended), minor units. */
export interface PriceRangeCount {
  readonly min: number;
  readonly max: number | null;
  readonly currency: string;
  readonly count: number;
}

export interface SearchFacets {
  /** Every brand in the result set, by count descending then value. */
  readonly brand: readonly FacetCount[];
  /** Every leaf category in the result set, by count descending then value. */
  readonly category: readonly FacetCount[];
  /** Counts per {@link PRICE_BUCKETS} bucket in the query's currency (empty buckets included). */
  readonly priceRanges: readonly PriceRangeCount[];
}

export interface SearchResult {
  /** Matching products across all pages. */
  readonly total: number;
  readonly hits: readonly SearchHit[];
  /** Facet counts over the whole result set, not just this page. */
  readonly facets: SearchFacets;
}

/** Lower bounds of the price facet buckets, minor units. */
export const PRICE_BUCKETS: readonly number[] = [0, 2500, 5000, 10000, 20000];

/** A rebuild into a fresh index version; nothing is visible until `commit()`. */
export interface ReindexSession {
  upsert(documents: readonly SearchDocument[]): Promise<void>;
  /** Makes the new version live atomically (alias swap / snapshot rename) and drops the old one. */
  commit(): Promise<void>;
  /** Drops the half-built version; the live index is untouched. */
  abort(): Promise<void>;
}

/**
 * The search port. Adapters: embedded (`oramaSearchIndex.ts`: postings and columns in process, snapshot on disk) and
 * Elasticsearch (versioned indices behind an alias). Every adapter passes
 * `SearchIndex.contract.ts`.
 */
export interface SearchIndex {
  readonly kind: 'embedded' | 'elasticsearch';
  /** Currencies whose prices are indexed (price filters, sorts and facets accept only these). */
  readonly currencies: readonly string[];
  /** Inserts or replaces documents by id. */
  upsert(documents: readonly SearchDocument[]): Promise<void>;
  /** Removes documents by id; unknown ids are ignored. */
  delete(ids: readonly string[]): Promise<void>;
  /** Stored documents by id (missing ids are absent from the map). */
  get(ids: readonly string[]): Promise<Map<string, SearchDocument>>;
  search(query: SearchQuery): Promise<SearchResult>;
  /** Up to `limit` completions of `prefix` for as-you-type boxes: brands by product count, then product names (whole-name matches first). */
  suggest(prefix: string, limit: number): Promise<Suggestion[]>;
  /** A close query built from the products' own words, for a search that found nothing ("did you mean"); undefined when there is none. */
  correct(text: string): Promise<string | undefined>;
  /** Number of documents in the live index. */
  count(): Promise<number>;
  /** Starts a zero-downtime rebuild. */
  beginReindex(): Promise<ReindexSession>;
  /** Persists (embedded snapshot) and releases resources. */
  close(): Promise<void>;
}
