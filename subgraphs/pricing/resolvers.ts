import { assertCurrency } from '../../lib/validation/index.js';
import type { Resolvers } from './generated/types.js';
import { setPrice } from './setPrice.js';
import { saleActive } from './store.js';

const money = (amount: number, currency: string) => ({ amount, currency });

export const resolvers: Resolvers = {
  Product: {
    __resolveReference: ({ id }) => ({ id }),
    async price({ id }, { currency }, ctx) {
      const wanted = assertCurrency(currency ?? 'EUR');
      return (await ctx.pricesOf.load(id)).find((row) => row.currency === wanted) ?? null;
    },
    prices: ({ id }, _args, ctx) => ctx.pricesOf.load(id),
  },
  Price: {
    amount: (row) => (saleActive(row) ? row.sale_amount! : row.list_amount),
    list: (row) => money(row.list_amount, row.currency),
    sale: (row) => (row.sale_amount === null ? null : money(row.sale_amount, row.currency)),
    saleValidFrom: (row) => row.sale_valid_from?.toISOString() ?? null,
    saleValidTo: (row) => row.sale_valid_to?.toISOString() ?? null,
    onSale: (row) => saleActive(row),
    updatedAt: (row) => row.updated_at.toISOString(),
  },
  Mutation: {
    setPrice: (_root, { input }, ctx) => setPrice(ctx.db, ctx.store, input),
  },
};
