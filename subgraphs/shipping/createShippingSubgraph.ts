import type { SubgraphDefinition } from '../../lib/subgraph/index.js';
import type { ProductSource } from './catalogProductSource.js';
import { createShippingContext, type ShippingContext } from './context.js';
import { resolvers } from './resolvers.js';
import type { ShippingQuoter } from './shippingQuoter.js';

/** Live carrier quotes; extends `Product` with `shippingEstimate`. No store of its own. */
export function createShippingSubgraph(quoter: ShippingQuoter, products: ProductSource, maxQuotesPerRequest?: number): SubgraphDefinition<ShippingContext> {
  return { name: 'shipping', resolvers, context: () => createShippingContext(quoter, products, maxQuotesPerRequest) };
}
