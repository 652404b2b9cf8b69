import type { StoreSubgraph } from '../../lib/subgraph/index.js';
import { createPricingContext, type PricingRequestContext } from './context.js';
import { resolvers } from './resolvers.js';

/** Prices per product and currency; extends `Product` with `price` and `prices`. */
export const pricingSubgraph: StoreSubgraph<PricingRequestContext> = {
  name: 'pricing',
  create: (db) => ({ name: 'pricing', resolvers, context: () => createPricingContext(db) }),
};
