import type { Db } from '../../lib/db/index.js';
import { manyLoader } from '../../lib/loaders.js';
import { createInventoryStore } from './store.js';

export function createInventoryContext(db: Db) {
  const store = createInventoryStore(db);
  return { db, store, stockOf: manyLoader(store.stockByProductIds, (row) => row.product_id) };
}

export type InventoryContext = ReturnType<typeof createInventoryContext>;
