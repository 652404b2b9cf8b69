import { historyNotAvailable, historyPage, historyPageArgs, pastTime } from '../../lib/history/index.js';
import { assertCurrency } from '../../lib/validation/index.js';
import type { Resolvers } from './generated/types.js';
import { stateAsPrice, type PriceState } from './priceHistory.js';
import { setPrice } from './setPrice.js';
import { saleActive } from './store.js';

const money = (amount: number, currency: string) => ({ amount, currency });

const snapshot = (s: PriceState, currency: string) => s.listAmount === null ? null : {
  list: money(s.listAmount, currency), sale: s.saleAmount === null ? null : money(s.saleAmount, currency),
  saleValidFrom: s.saleValidFrom?.toISOString() ?? null, saleValidTo: s.saleValidTo?.toISOString() ?? null, version: s.version,
};

export const resolvers: Resolvers = {
  Product: {
    __resolveReference: ({ id }) => ({ id }),
    async price({ id }, { currency, at }, ctx) {
      const wanted = assertCurrency(currency ?? 'EUR');
      if (at === null || at === undefined) return (await ctx.pricesOf.load(id)).find((row) => row.currency === wanted) ?? null;
      const time = pastTime(at, 'at');
      const found = await ctx.history.stateAt(id, wanted, time);
      if ('state' in found) return stateAsPrice(id, wanted, found.state, time);
      if (found.historyStartsAt === undefined) return null;
      throw historyNotAvailable(`The price of ${id} in ${wanted}`, found.historyStartsAt);
    },
    prices: ({ id }, _args, ctx) => ctx.pricesOf.load(id),
    async priceHistory({ id }, args, ctx) {
      const currency = assertCurrency(args.currency ?? 'EUR');
      const { range, first, afterSeq } = historyPageArgs(args);
      const states = await ctx.history.states(id, currency, range, first + 1, afterSeq);
      return historyPage(states, first, (s) => ({
        validFrom: s.validFrom.toISOString(), validTo: s.validTo?.toISOString() ?? null, price: snapshot(s, currency), changedBy: s.changedBy,
      }));
    },
    async lowestPrice30d({ id }, { currency }, ctx) {
      const wanted = assertCurrency(currency ?? 'EUR');
      const amount = await ctx.history.lowestPrice30d(id, wanted, new Date());
      return amount === null ? null : money(amount, wanted);
    },
  },
  Price: {
    amount: (row) => (saleActive(row, row.asOf) ? row.sale_amount! : row.list_amount),
    list: (row) => money(row.list_amount, row.currency),
    sale: (row) => (row.sale_amount === null ? null : money(row.sale_amount, row.currency)),
    saleValidFrom: (row) => row.sale_valid_from?.toISOString() ?? null,
    saleValidTo: (row) => row.sale_valid_to?.toISOString() ?? null,
    onSale: (row) => saleActive(row, row.asOf),
    updatedAt: (row) => row.updated_at.toISOString(),
  },
  Mutation: {
    setPrice: (_root, { input }, ctx) => setPrice(ctx.db, ctx.store, input, ctx.identity.subject),
  },
};
