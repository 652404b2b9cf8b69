import { identityOf } from '../../lib/auth/index.js';
import { NO_VARIANTS, type RankingVariants, type SearchIndex } from '../../lib/search/index.js';
import type { SubgraphDefinition } from '../../lib/subgraph/index.js';
import type { CategorySuggestions } from './categorySuggestions.js';
import type { SearchContext } from './context.js';
import { resolvers } from './resolvers.js';
import type { SearchLogSink } from './searchLogSender.js';

/** Who the search service is when it sends its query log to insights: it alone holds `insights:record`. */
export const SEARCH_SERVICE_IDENTITY = identityOf('service:search', [], ['insights:record']);

/** What a search subgraph ranks with and where it logs, beside its index. */
export interface SearchSubgraphOptions {
  readonly categories?: CategorySuggestions;
  /** @default NO_VARIANTS: `default` only, no experiment */
  readonly ranking?: RankingVariants;
  /** @default none: searches are not logged */
  readonly searchLog?: SearchLogSink;
}

/**
 * Product search over a {@link SearchIndex}. Not a store subgraph: it owns no SQL schema;
 * the index is fed by the search indexer and `npm run search:reindex`. Each search ranks
 * with the variant its session is assigned and is logged to insights (docs/search.md).
 */
export function createSearchSubgraph(index: SearchIndex, options: SearchSubgraphOptions = {}): SubgraphDefinition<SearchContext> {
  const ranking = options.ranking ?? NO_VARIANTS;
  return {
    name: 'search', resolvers,
    context: () => ({ index, ranking, ...(options.categories ? { categories: options.categories } : {}), ...(options.searchLog ? { searchLog: options.searchLog } : {}) }),
  };
}

export { createSearchLogSender } from './searchLogSender.js';
export type { SearchLogEntry, SearchLogSenderOptions, SearchLogSink } from './searchLogSender.js';

export { createCategorySuggestions } from './categorySuggestions.js';
export type { CategorySuggestions } from './categorySuggestions.js';
