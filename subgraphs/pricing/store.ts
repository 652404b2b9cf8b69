import type { Queryable, Tx } from '../../lib/db/index.js';

/** A product known only by id: pricing extends catalog's entity. */
export interface ProductRef {
  readonly id: string;
}

export interface PriceRow {
  readonly product_id: string;
  readonly currency: string;
  readonly list_amount: number;
  readonly sale_amount: number | null;
  readonly sale_valid_from: Date | null;
  readonly sale_valid_to: Date | null;
  readonly version: number;
  readonly updated_at: Date;
  /** For a past state (`price(at:)`): the moment its amount and `onSale` are taken at. @default now */
  readonly asOf?: Date;
}

/** What `setPrice` writes, validated. */
export interface PriceWrite {
  readonly productId: string;
  readonly currency: string;
  readonly listAmount: number;
  readonly saleAmount: number | null;
  readonly saleValidFrom: Date | null;
  readonly saleValidTo: Date | null;
}

const COLUMNS = 'product_id, currency::text AS currency, list_amount, sale_amount, sale_valid_from, sale_valid_to, version, updated_at';

/** True when a sale of `amount` (null: none) with the window [from, to) (null: open) applies at `at`. */
export const saleApplies = (amount: number | null, from: Date | null, to: Date | null, at: Date): boolean =>
  amount !== null && (from === null || from <= at) && (to === null || to > at);

/** True when the sale price applies at `now`. */
export function saleActive(row: PriceRow, now = new Date()): boolean {
  return saleApplies(row.sale_amount, row.sale_valid_from, row.sale_valid_to, now);
}

export function createPricingStore(db: Queryable) {
  return {
    async pricesByProductIds(ids: readonly string[]): Promise<PriceRow[]> {
      const { rows } = await db.query<PriceRow>(`SELECT ${COLUMNS} FROM pricing.prices WHERE product_id = ANY($1) ORDER BY currency`, [ids]);
      return rows;
    },

    /** Locks and returns every price row of a product (all currencies). */
    async lockProductPrices(tx: Tx, productId: string): Promise<PriceRow[]> {
      const { rows } = await tx.query<PriceRow>(`SELECT ${COLUMNS} FROM pricing.prices WHERE product_id = $1 FOR UPDATE`, [productId]);
      return rows;
    },

    /** Inserts or updates one currency's price, bumping its version. */
    async upsertPrice(tx: Tx, write: PriceWrite): Promise<PriceRow> {
      const { rows } = await tx.query<PriceRow>(
        `INSERT INTO pricing.prices AS p (product_id, currency, list_amount, sale_amount, sale_valid_from, sale_valid_to)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (product_id, currency) DO UPDATE SET list_amount = EXCLUDED.list_amount,
           sale_amount = EXCLUDED.sale_amount, sale_valid_from = EXCLUDED.sale_valid_from,
           sale_valid_to = EXCLUDED.sale_valid_to, version = p.version + 1, updated_at = now()
         RETURNING ${COLUMNS}`,
        [write.productId, write.currency, write.listAmount, write.saleAmount, write.saleValidFrom, write.saleValidTo]);
      return rows[0]!;
    },
  };
}

export type PricingStore = ReturnType<typeof createPricingStore>;
