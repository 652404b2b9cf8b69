import type { Db } from '../../lib/db/index.js';
import { manyLoader } from '../../lib/loaders.js';
import type { SubgraphCaller } from '../../lib/subgraph/index.js';
import { createPriceHistory } from './priceHistory.js';
import { createPricingStore } from './store.js';

export function createPricingContext(db: Db) {
  const store = createPricingStore(db);
  return { db, store, history: createPriceHistory(db), pricesOf: manyLoader(store.pricesByProductIds, (row) => row.product_id) };
}

/** What {@link createPricingContext} builds per request. */
export type PricingRequestContext = ReturnType<typeof createPricingContext>;
/** What resolvers see: that plus the verified caller. */
export type PricingContext = PricingRequestContext & SubgraphCaller;
