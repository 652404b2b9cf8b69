import type { StoreSubgraph } from '../../lib/subgraph/index.js';
import { createCatalogContext, type CatalogContext } from './context.js';
import { resolvers } from './resolvers.js';

/** Products and categories; owns the `Product` entity. */
export const catalogSubgraph: StoreSubgraph<CatalogContext> = {
  name: 'catalog',
  create: (db) => ({ name: 'catalog', resolvers, context: () => createCatalogContext(db) }),
};
