import type { Db } from '../../lib/db/index.js';
import { createEventStoreReader } from '../../lib/eventStore/index.js';
import { manyLoader, oneLoader } from '../../lib/loaders.js';
import { createCatalogStore } from './store.js';

/** Per-request context: the store, the event store (the audit trail) and DataLoaders that batch entity lookups. */
export function createCatalogContext(db: Db) {
  const store = createCatalogStore(db);
  return {
    store,
    events: createEventStoreReader(db),
    productById: oneLoader(store.productsByIds, (row) => row.id),
    categoryById: oneLoader(store.categoriesByIds, (row) => row.id),
    childrenOf: manyLoader(store.childCategories, (row) => row.parent_id ?? ''),
  };
}

export type CatalogContext = ReturnType<typeof createCatalogContext>;
