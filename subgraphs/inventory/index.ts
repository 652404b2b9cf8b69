import type { StoreSubgraph } from '../../lib/subgraph/index.js';
import { createInventoryContext, type InventoryRequestContext } from './context.js';
import { startReservationSweeper } from './reservations/index.js';
import { resolvers } from './resolvers.js';

/** Stock per product and warehouse; extends `Product` with `stock`; holds stock for checkouts, released by a sweeper when they expire. */
export const inventorySubgraph: StoreSubgraph<InventoryRequestContext> = {
  name: 'inventory',
  create: (db, { logger, backgroundDb }) => {
    let sweeper: { stop(): Promise<void> } | undefined;
    return {
      name: 'inventory',
      resolvers,
      context: () => createInventoryContext(db),
      async start() {
        sweeper = startReservationSweeper(backgroundDb ?? db, {
          onError: (err) => logger.warn({ err }, 'reservation sweeper'),
          onReleased: (ids) => logger.info({ count: ids.length }, 'expired reservations released'),
        });
      },
      async close() {
        await sweeper?.stop();
      },
    };
  },
};
