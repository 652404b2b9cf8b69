import DataLoader from 'dataloader';
import type { ProductSource } from './catalogProductSource.js';
import type { ShippingQuoter } from './shippingQuoter.js';

/** Per-request context: the shared quoter and a DataLoader batching catalog lookups. */
export function createShippingContext(quoter: ShippingQuoter, products: ProductSource) {
  return { quoter, products: new DataLoader((ids: readonly string[]) => products.load(ids)) };
}

export type ShippingContext = ReturnType<typeof createShippingContext>;
