import type { Queryable } from '../../lib/db/index.js';
import { createHistoryTable, type HistoryRow } from '../../lib/history/index.js';
import { saleApplies, type PriceRow } from './store.js';

/** The columns of one recorded state of a price (pricing.price_history). */
interface PriceColumns {
  /** Null while the product had no price in the currency (it was removed). */
  readonly listAmount: number | null;
  readonly saleAmount: number | null;
  readonly saleValidFrom: Date | null;
  readonly saleValidTo: Date | null;
  readonly version: number;
}

/** One recorded state of a price and when it was in force. */
export type PriceState = HistoryRow<PriceColumns>;

const DAY_MS = 86_400_000;

/** The amount that applied at `at` in `state`: the sale amount inside its window, else the list amount. */
export function effectiveAmount(state: Pick<PriceState, 'listAmount' | 'saleAmount' | 'saleValidFrom' | 'saleValidTo'>, at: Date): number | null {
  if (state.listAmount === null) return null;
  return saleApplies(state.saleAmount, state.saleValidFrom, state.saleValidTo, at) ? state.saleAmount : state.listAmount;
}

/**
 * The lowest amount that applied at any moment of [from, to), over states ordered in time:
 * within each state's span, the sale amount while its window was open and the list amount
 * outside it. Null when no priced state covers any of the interval.
 */
export function lowestAmount(states: readonly PriceState[], from: Date, to: Date): number | null {
  let lowest: number | null = null;
  const consider = (amount: number, a: number, b: number) => {
    if (a < b && (lowest === null || amount < lowest)) lowest = amount;
  };
  for (const s of states) {
    if (s.listAmount === null) continue;
    const a = Math.max(s.validFrom.getTime(), from.getTime());
    const b = Math.min(s.validTo?.getTime() ?? Number.POSITIVE_INFINITY, to.getTime());
    if (s.saleAmount === null) {
      consider(s.listAmount, a, b);
      continue;
    }
    const saleFrom = s.saleValidFrom?.getTime() ?? Number.NEGATIVE_INFINITY;
    const saleTo = s.saleValidTo?.getTime() ?? Number.POSITIVE_INFINITY;
    consider(s.saleAmount, Math.max(a, saleFrom), Math.min(b, saleTo));
    consider(s.listAmount, a, Math.min(b, saleFrom));
    consider(s.listAmount, Math.max(a, saleTo), b);
  }
  return lowest;
}

const sameTime = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);

/** Reads pricing.price_history (migration 004): what a price was, when. */
export function createPriceHistory(db: Queryable) {
  const table = createHistoryTable<PriceColumns>(db, {
    table: 'pricing.price_history', key: ['product_id', 'currency'],
    columns: 'list_amount, sale_amount, sale_valid_from, sale_valid_to, version',
    read: (row) => ({
      listAmount: row.list_amount as number | null, saleAmount: row.sale_amount as number | null,
      saleValidFrom: row.sale_valid_from as Date | null, saleValidTo: row.sale_valid_to as Date | null, version: row.version as number,
    }),
  });
  return {
    stateAt: table.stateAt,
    states: table.states,

    /**
     * While a sale price applies at `now`: the lowest amount that applied in the 30 days
     * before the reduction began (when the current run of states with this sale started, or
     * its window opened, whichever is later). Null when no sale applies or no earlier price is known.
     */
    async lowestPrice30d(productId: string, currency: string, now: Date): Promise<number | null> {
      const recent = await table.latest(productId, currency, now, 100);
      const current = recent[0];
      if (!current || current.saleAmount === null || effectiveAmount(current, now) !== current.saleAmount) return null;
      // A list price change during the sale is no new reduction: walk back over states with the same sale.
      let start = current;
      for (const state of recent.slice(1)) {
        if (state.saleAmount !== current.saleAmount || !sameTime(state.saleValidFrom, current.saleValidFrom) || !sameTime(state.saleValidTo, current.saleValidTo)) break;
        start = state;
      }
      const reducedAt = new Date(Math.max(start.validFrom.getTime(), current.saleValidFrom?.getTime() ?? Number.NEGATIVE_INFINITY));
      const windowFrom = new Date(reducedAt.getTime() - 30 * DAY_MS);
      return lowestAmount(await table.states(productId, currency, { from: windowFrom, to: reducedAt }, 10_000), windowFrom, reducedAt);
    },
  };
}

export type PriceHistory = ReturnType<typeof createPriceHistory>;

/** A recorded state as the `Price` type serves it, its amount and `onSale` as of `asOf`. */
export const stateAsPrice = (productId: string, currency: string, state: PriceState, asOf: Date): PriceRow | null =>
  state.listAmount === null ? null : {
    product_id: productId, currency, list_amount: state.listAmount, sale_amount: state.saleAmount,
    sale_valid_from: state.saleValidFrom, sale_valid_to: state.saleValidTo, version: state.version, updated_at: state.validFrom, asOf,
  };
