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
    stock: async ({ id }, _args, ctx) => ({ productId: id, rows: await ctx.stockOf.load(id) }),
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
    adjustStock: (_root, { input }, ctx) => adjustStock(ctx.db, ctx.store, input),
    ...reservationResolvers.Mutation,
  },
};
