import type { Db } from '../../lib/db/index.js';
import { manyLoader } from '../../lib/loaders.js';
import { createPricingStore } from './store.js';

export function createPricingContext(db: Db) {
  const store = createPricingStore(db);
  return { db, store, pricesOf: manyLoader(store.pricesByProductIds, (row) => row.product_id) };
}

export type PricingContext = ReturnType<typeof createPricingContext>;
