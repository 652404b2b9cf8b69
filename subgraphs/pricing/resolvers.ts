import { badUserInput, ErrorCode, userError } from '../../lib/errors/index.js';
import { assertCurrency, assertPageSize, decodeCursor, encodeCursor, parseTimestamp } from '../../lib/validation/index.js';
import type { Resolvers } from './generated/types.js';
import { stateAsPrice, type PriceState } from './priceHistory.js';
import { setPrice } from './setPrice.js';
import { saleActive } from './store.js';

const money = (amount: number, currency: string) => ({ amount, currency });

/** A time argument of a history field: ISO 8601, not in the future (a future price would be a guess). */
function pastTime(value: string, field: string, now: Date): Date {
  const time = parseTimestamp(value, field)!;
  if (time > now) throw badUserInput(`${field} must not be in the future`, field);
  return time;
}

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
      const time = pastTime(at, 'at', new Date());
      const found = await ctx.history.stateAt(id, wanted, time);
      if ('state' in found) return stateAsPrice(id, wanted, found.state, time);
      if (found.historyStartsAt === undefined) return null;
      throw userError(ErrorCode.HISTORY_NOT_AVAILABLE, `The price of ${id} in ${wanted} is recorded from ${found.historyStartsAt.toISOString()} on`, {
        historyStartsAt: found.historyStartsAt.toISOString(),
      });
    },
    prices: ({ id }, _args, ctx) => ctx.pricesOf.load(id),
    async priceHistory({ id }, args, ctx) {
      const currency = assertCurrency(args.currency ?? 'EUR');
      const now = new Date();
      const from = args.from === null || args.from === undefined ? null : pastTime(args.from, 'from', now);
      const to = args.to === null || args.to === undefined ? now : parseTimestamp(args.to, 'to')!;
      if (from && to <= from) throw badUserInput('to must be after from', 'to');
      const first = assertPageSize(args.first ?? 50, 500);
      const after = args.after ? decodeCursor(args.after) : 0;
      const states = await ctx.history.states(id, currency, { from, to }, first, after);
      const page = states.slice(0, first);
      return {
        nodes: page.map((s) => ({ validFrom: s.validFrom.toISOString(), validTo: s.validTo?.toISOString() ?? null, price: snapshot(s, currency) })),
        pageInfo: { hasNextPage: states.length > first, endCursor: page.length > 0 ? encodeCursor(page.at(-1)!.seq) : null },
      };
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
