export type {
  FacetCount, PriceRangeCount, ReindexSession, SearchDocument, SearchFacets, SearchFilters, SearchHit, SearchIndex, SearchQuery,
  SearchResult, SearchSort,
} from './SearchIndex.js';
export { PRICE_BUCKETS, SEARCH_SORTS } from './SearchIndex.js';
export { createOramaSearchIndex } from './oramaSearchIndex.js';
export type { OramaSearchIndex, OramaSearchIndexOptions } from './oramaSearchIndex.js';
export { highlight, queryTerms } from './highlight.js';
export { applyEvent, effectiveAmount } from './applyEvent.js';
export type { CategoryPaths, EventOutcome } from './applyEvent.js';
export { createSearchIndexer } from './searchIndexer.js';
export type { SearchIndexer, SearchIndexerOptions } from './searchIndexer.js';
export { countStoreProducts, createCategoryPaths, loadCategoryPaths, readStoreDocuments } from './storeDocuments.js';
export { reindex } from './reindex.js';
export type { ReindexProgress } from './reindex.js';
export { populateSearchIndex } from './populateSearchIndex.js';
export { openSearchIndex } from './openSearchIndex.js';
export { SEARCH_INDEXER_GROUP, startSearchIndexing } from './startSearchIndexing.js';
