export type {
  FacetCount, PriceRangeCount, ReindexSession, SearchDocument, SearchFacets, SearchFilters, SearchHit, SearchIndex, SearchQuery,
  SearchResult, SearchSort,
} from './SearchIndex.js';
export { PRICE_BUCKETS, SEARCH_SORTS } from './SearchIndex.js';
export { createOramaSearchIndex } from './oramaSearchIndex.js';
export type { OramaSearchIndex, OramaSearchIndexOptions } from './oramaSearchIndex.js';
export { highlight, queryTerms } from './highlight.js';
export { openSearchIndex } from './openSearchIndex.js';
export { loadSynonymFile, parseSynonyms, solrLine, SynonymFileError } from './synonyms.js';
export type { SynonymRule } from './synonyms.js';
export { editDistance, SuggestionIndex, suggestionKey } from './suggestions.js';
export type { Suggestion, SuggestionKind } from './suggestions.js';
export { DEFAULT_RANKING, DEFAULT_VARIANT, parseRanking } from './ranking.js';
export type { Ranking } from './ranking.js';
export { assignVariant, bucketOf, loadRankingVariants, NO_VARIANTS, parseRankingVariants, RankingFileError } from './rankingVariants.js';
export type { Experiment, RankingVariants, VariantAssignment } from './rankingVariants.js';
export { foldAccents } from './foldText.js';
