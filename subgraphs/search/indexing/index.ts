// Keeping the search index in step with the stores: the indexer (change events → documents),
// full reindex and start-up population, reading the stores through their search views.
export { applyEvent, effectiveAmount } from './applyEvent.js';
export type { CategoryPaths, EventOutcome } from './applyEvent.js';
export { createSearchIndexer } from './searchIndexer.js';
export type { SearchIndexer, SearchIndexerOptions } from './searchIndexer.js';
export { countStoreProducts, createCategoryPaths, loadCategoryPaths, readStoreDocuments } from './storeDocuments.js';
export { reindex } from './reindex.js';
export type { ReindexProgress } from './reindex.js';
export { populateSearchIndex } from './populateSearchIndex.js';
export { SEARCH_INDEXER_GROUP, startSearchIndexing } from './startSearchIndexing.js';
export { createSearchDocumentFold, SEARCH_REPLAY_TYPES } from './eventDocuments.js';
export type { SearchDocumentFold } from './eventDocuments.js';
export { replaySearchIndex } from './replaySearchIndex.js';
export type { ReplayProgress } from './replaySearchIndex.js';
