import { historyNotAvailable, historyPage, historyPageArgs, pastTime } from '../../lib/history/index.js';
import { adjustStock } from './adjustStock.js';
import type { Resolvers } from './generated/types.js';
import type { StockRow } from './store.js';
import { reservationResolvers } from './reservations/index.js';

const sum = (rows: readonly StockRow[], pick: (row: StockRow) => number) => rows.reduce((n, row) => n + pick(row), 0);

export const resolvers: Resolvers = {
  Query: {
    warehouses: (_root, _args, ctx) => ctx.store.warehouses(),
  },
  Product: {
    __resolveReference: ({ id }) => ({ id }),
    async stock({ id }, { at }, ctx) {
      if (at === null || at === undefined) return { productId: id, rows: await ctx.stockOf.load(id) };
      const found = await ctx.history.stockAt(id, pastTime(at, 'at'));
      if ('rows' in found) return { productId: id, rows: found.rows };
      if (found.historyStartsAt === undefined) return { productId: id, rows: [] };
      throw historyNotAvailable(`The stock of ${id}`, found.historyStartsAt);
    },
    async stockHistory({ id }, args, ctx) {
      const { range, first, afterSeq } = historyPageArgs(args);
      const states = await ctx.history.states(id, args.warehouseId, range, first + 1, afterSeq);
      return historyPage(states, first, (s) => ({
        validFrom: s.validFrom.toISOString(), validTo: s.validTo?.toISOString() ?? null, onHand: s.onHand, reserved: s.reserved,
        available: s.onHand === null || s.reserved === null ? null : s.onHand - s.reserved, version: s.version, changedBy: s.changedBy,
      }));
    },
  },
  Stock: {
    onHand: ({ rows }) => sum(rows, (r) => r.on_hand),
    reserved: ({ rows }) => sum(rows, (r) => r.reserved),
    available: ({ rows }) => sum(rows, (r) => r.on_hand - r.reserved),
    inStock: ({ rows }) => rows.some((r) => r.on_hand > r.reserved),
    warehouses: ({ rows }) => [...rows],
  },
  WarehouseStock: {
    warehouse: (row) => ({ id: row.warehouse_id, name: row.warehouse_name, country: row.warehouse_country }),
    onHand: (row) => row.on_hand,
    available: (row) => row.on_hand - row.reserved,
    updatedAt: (row) => row.updated_at.toISOString(),
  },
  Reservation: reservationResolvers.Reservation,
  Mutation: {
    adjustStock: (_root, { input }, ctx) => adjustStock(ctx.db, ctx.store, input, ctx.identity.subject),
    ...reservationResolvers.Mutation,
  },
};
