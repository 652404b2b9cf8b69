import type { StoreSubgraph } from '../../lib/subgraph/index.js';
import { createInventoryContext, type InventoryContext } from './context.js';
import { resolvers } from './resolvers.js';

/** Stock per product and warehouse; extends `Product` with `stock`. */
export const inventorySubgraph: StoreSubgraph<InventoryContext> = {
  name: 'inventory',
  create: (db) => ({ name: 'inventory', resolvers, context: () => createInventoryContext(db) }),
};
