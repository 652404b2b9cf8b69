import type { Db } from '../../lib/db/index.js';
import { manyLoader } from '../../lib/loaders.js';
import type { SubgraphCaller } from '../../lib/subgraph/index.js';
import { createStockHistory } from './stockHistory.js';
import { createInventoryStore } from './store.js';

export function createInventoryContext(db: Db) {
  const store = createInventoryStore(db);
  return { db, store, history: createStockHistory(db), stockOf: manyLoader(store.stockByProductIds, (row) => row.product_id) };
}

/** What {@link createInventoryContext} builds per request. */
export type InventoryRequestContext = ReturnType<typeof createInventoryContext>;
/** What resolvers see: that plus the verified caller startSubgraph adds. */
export type InventoryContext = InventoryRequestContext & SubgraphCaller;
