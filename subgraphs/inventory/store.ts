import type { Queryable, Tx } from '../../lib/db/index.js';

export interface ProductRef {
  readonly id: string;
}

export interface WarehouseRow {
  readonly id: string;
  readonly name: string;
  readonly country: string;
}

/** A product's stock in one warehouse, with the warehouse joined in. */
export interface StockRow {
  readonly product_id: string;
  readonly warehouse_id: string;
  readonly warehouse_name: string;
  readonly warehouse_country: string;
  readonly on_hand: number;
  readonly reserved: number;
  readonly version: number;
  readonly updated_at: Date;
}

/** A product's stock over all warehouses. */
export interface StockSummary {
  readonly productId: string;
  readonly rows: readonly StockRow[];
}

const STOCK_SELECT = `SELECT s.product_id, s.warehouse_id, w.name AS warehouse_name, w.country::text AS warehouse_country,
  s.on_hand, s.reserved, s.version, s.updated_at
  FROM inventory.stock s JOIN inventory.warehouses w ON w.id = s.warehouse_id`;

export function createInventoryStore(db: Queryable) {
  return {
    async stockByProductIds(ids: readonly string[]): Promise<StockRow[]> {
      const { rows } = await db.query<StockRow>(`${STOCK_SELECT} WHERE s.product_id = ANY($1) ORDER BY s.warehouse_id`, [ids]);
      return rows;
    },

    async warehouses(): Promise<WarehouseRow[]> {
      const { rows } = await db.query<WarehouseRow>('SELECT id, name, country::text AS country FROM inventory.warehouses ORDER BY id');
      return rows;
    },

    async warehouseExists(tx: Tx, id: string): Promise<boolean> {
      return (await tx.query('SELECT 1 FROM inventory.warehouses WHERE id = $1', [id])).rows.length > 0;
    },

    /**
     * Locks and returns a product's stock rows in every warehouse, in warehouse order: the
     * order reservations lock them in too (reservations/reservationStore.ts), so no deadlock.
     */
    async lockProductStock(tx: Tx, productId: string): Promise<StockRow[]> {
      const { rows } = await tx.query<StockRow>(`${STOCK_SELECT} WHERE s.product_id = $1 ORDER BY s.warehouse_id FOR UPDATE OF s`, [productId]);
      return rows;
    },

    /** Sets on-hand stock in one warehouse (inserting the row if new) and records the movement. */
    async applyMovement(tx: Tx, m: { productId: string; warehouseId: string; delta: number; reason: string; onHand: number }): Promise<StockRow> {
      await tx.query(
        `INSERT INTO inventory.stock AS s (product_id, warehouse_id, on_hand) VALUES ($1, $2, $3)
         ON CONFLICT (product_id, warehouse_id) DO UPDATE SET on_hand = EXCLUDED.on_hand, version = s.version + 1, updated_at = now()`,
        [m.productId, m.warehouseId, m.onHand]);
      await tx.query('INSERT INTO inventory.stock_movements (product_id, warehouse_id, delta, reason) VALUES ($1, $2, $3, $4)',
        [m.productId, m.warehouseId, m.delta, m.reason]);
      const { rows } = await tx.query<StockRow>(`${STOCK_SELECT} WHERE s.product_id = $1 AND s.warehouse_id = $2`, [m.productId, m.warehouseId]);
      return rows[0]!;
    },
  };
}

export type InventoryStore = ReturnType<typeof createInventoryStore>;
