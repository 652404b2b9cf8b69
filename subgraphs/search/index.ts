import type { SearchIndex } from '../../lib/search/index.js';
import type { SubgraphDefinition } from '../../lib/subgraph/index.js';
import type { CategorySuggestions } from './categorySuggestions.js';
import type { SearchContext } from './context.js';
import { resolvers } from './resolvers.js';

/**
 * Product search over a {@link SearchIndex}. Not a store subgraph: it owns no SQL schema;
 * the index is fed by the search indexer and `npm run search:reindex`.
 */
export function createSearchSubgraph(index: SearchIndex, categories?: CategorySuggestions): SubgraphDefinition<SearchContext> {
  return { name: 'search', resolvers, context: () => ({ index, ...(categories ? { categories } : {}) }) };
}

export { createCategorySuggestions } from './categorySuggestions.js';
export type { CategorySuggestions } from './categorySuggestions.js';
