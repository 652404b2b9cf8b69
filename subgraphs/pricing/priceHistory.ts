import type { Queryable } from '../../lib/db/index.js';
import type { PriceRow } from './store.js';

/** One recorded state of a price (pricing.price_history) and when it was in force. */
export interface PriceState {
  readonly seq: number;
  readonly validFrom: Date;
  /** When the next state took effect; null for the current one. */
  readonly validTo: Date | null;
  /** Null while the product had no price in the currency (it was removed). */
  readonly listAmount: number | null;
  readonly saleAmount: number | null;
  readonly saleValidFrom: Date | null;
  readonly saleValidTo: Date | null;
  readonly version: number;
}

interface StateRow {
  seq: string;
  valid_from: Date;
  valid_to: Date | null;
  list_amount: number | null;
  sale_amount: number | null;
  sale_valid_from: Date | null;
  sale_valid_to: Date | null;
  version: number;
}

const toState = (row: StateRow): PriceState => ({
  seq: Number(row.seq), validFrom: row.valid_from, validTo: row.valid_to, listAmount: row.list_amount, saleAmount: row.sale_amount,
  saleValidFrom: row.sale_valid_from, saleValidTo: row.sale_valid_to, version: row.version,
});

/** The states of one product's price in one currency, each with the start of the next as its end. */
const TIMELINE = `
  SELECT seq, valid_from, lead(valid_from) OVER (ORDER BY valid_from, seq) AS valid_to,
         list_amount, sale_amount, sale_valid_from, sale_valid_to, version
  FROM pricing.price_history WHERE product_id = $1 AND currency = $2`;

const DAY_MS = 86_400_000;

/** The amount that applied at `at` in `state`: the sale amount inside its window, else the list amount. */
export function effectiveAmount(state: Pick<PriceState, 'listAmount' | 'saleAmount' | 'saleValidFrom' | 'saleValidTo'>, at: Date): number | null {
  if (state.listAmount === null) return null;
  const sale = state.saleAmount !== null && (state.saleValidFrom === null || state.saleValidFrom <= at) && (state.saleValidTo === null || state.saleValidTo > at);
  return sale ? state.saleAmount : state.listAmount;
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
  const history = {
    /**
     * The state in force at `at`, or, when none was recorded by then, when the history of
     * this price starts (undefined when it has none: the product was never priced in it).
     */
    async stateAt(productId: string, currency: string, at: Date): Promise<{ state: PriceState } | { historyStartsAt: Date | undefined }> {
      const { rows } = await db.query<StateRow>(
        `SELECT seq, valid_from, NULL::timestamptz AS valid_to, list_amount, sale_amount, sale_valid_from, sale_valid_to, version
         FROM pricing.price_history WHERE product_id = $1 AND currency = $2 AND valid_from <= $3
         ORDER BY valid_from DESC, seq DESC LIMIT 1`, [productId, currency, at]);
      if (rows[0]) return { state: toState(rows[0]) };
      const first = await db.query<{ first: Date | null }>(
        'SELECT min(valid_from) AS first FROM pricing.price_history WHERE product_id = $1 AND currency = $2', [productId, currency]);
      return { historyStartsAt: first.rows[0]?.first ?? undefined };
    },

    /** States in force at any moment of [from, to), oldest first, after the one with `afterSeq`; one more than `first` tells there are more. */
    async states(productId: string, currency: string, range: { from: Date | null; to: Date }, first: number, afterSeq = 0): Promise<PriceState[]> {
      const { rows } = await db.query<StateRow>(
        `SELECT * FROM (${TIMELINE}) t
         WHERE valid_from < $3 AND (valid_to IS NULL OR (valid_to > valid_from AND ($4::timestamptz IS NULL OR valid_to > $4))) AND seq > $5
         ORDER BY valid_from, seq LIMIT $6`, [productId, currency, range.to, range.from, afterSeq, first + 1]);
      return rows.map(toState);
    },

    /**
     * While a sale price applies at `now`: the lowest amount that applied in the 30 days
     * before the reduction began (when the current run of states with this sale started, or
     * its window opened, whichever is later). Null when no sale applies or no earlier price is known.
     */
    async lowestPrice30d(productId: string, currency: string, now: Date): Promise<number | null> {
      const { rows } = await db.query<StateRow>(
        `SELECT seq, valid_from, NULL::timestamptz AS valid_to, list_amount, sale_amount, sale_valid_from, sale_valid_to, version
         FROM pricing.price_history WHERE product_id = $1 AND currency = $2 AND valid_from <= $3
         ORDER BY valid_from DESC, seq DESC LIMIT 100`, [productId, currency, now]);
      const recent = rows.map(toState);
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
      const before = await history.states(productId, currency, { from: windowFrom, to: reducedAt }, 10_000);
      return lowestAmount(before, windowFrom, reducedAt);
    },
  };
  return history;
}

export type PriceHistory = ReturnType<typeof createPriceHistory>;

/** A recorded state as the `Price` type serves it, its amount and `onSale` as of `asOf`. */
export const stateAsPrice = (productId: string, currency: string, state: PriceState, asOf: Date): PriceRow | null =>
  state.listAmount === null ? null : {
    product_id: productId, currency, list_amount: state.listAmount, sale_amount: state.saleAmount,
    sale_valid_from: state.saleValidFrom, sale_valid_to: state.saleValidTo, version: state.version, updated_at: state.validFrom, asOf,
  };
