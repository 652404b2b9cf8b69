import type { Queryable } from '../../lib/db/index.js';
import { createHistoryTable, type HistoryRow } from '../../lib/history/index.js';
import type { StockRow } from './store.js';

/** The columns of one recorded state of a stock row (inventory.stock_history); null quantities: the row was removed. */
interface StockColumns {
  readonly onHand: number | null;
  readonly reserved: number | null;
  readonly version: number;
}

/** One recorded state of a product's stock in one warehouse and when it was in force. */
export type StockState = HistoryRow<StockColumns>;

/** Reads inventory.stock_history (migration 006): what stock was, when. */
export function createStockHistory(db: Queryable) {
  const table = createHistoryTable<StockColumns>(db, {
    table: 'inventory.stock_history', key: ['product_id', 'warehouse_id'], columns: 'on_hand, reserved, version',
    read: (row) => ({ onHand: row.on_hand as number | null, reserved: row.reserved as number | null, version: row.version as number }),
  });
  return {
    states: table.states,

    /**
     * A product's stock rows as they stood at `at` (each warehouse's state then; warehouses
     * it had no row in are left out), or, when nothing was recorded by then, when its
     * history starts (undefined: the product never had stock rows).
     */
    async stockAt(productId: string, at: Date): Promise<{ rows: StockRow[] } | { historyStartsAt: Date | undefined }> {
      const { rows } = await db.query<StockRow & { on_hand: number | null }>(
        `SELECT * FROM (
           SELECT DISTINCT ON (h.warehouse_id) h.product_id, h.warehouse_id, w.name AS warehouse_name, w.country::text AS warehouse_country,
                  h.on_hand, h.reserved, h.version, h.valid_from AS updated_at
           FROM inventory.stock_history h JOIN inventory.warehouses w ON w.id = h.warehouse_id
           WHERE h.product_id = $1 AND h.valid_from <= $2
           ORDER BY h.warehouse_id, h.valid_from DESC, h.seq DESC) s
         WHERE on_hand IS NOT NULL ORDER BY warehouse_id`, [productId, at]);
      if (rows.length > 0) return { rows };
      const first = await db.query<{ first: Date | null }>('SELECT min(valid_from) AS first FROM inventory.stock_history WHERE product_id = $1', [productId]);
      const startsAt = first.rows[0]?.first ?? undefined;
      // Recorded by then, but every row removed: no stock, known.
      return startsAt !== undefined && startsAt <= at ? { rows: [] } : { historyStartsAt: startsAt };
    },
  };
}
