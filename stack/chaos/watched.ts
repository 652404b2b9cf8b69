import type pg from 'pg';
import type { Key } from './invariants.js';
import { WAREHOUSE } from './subscribers.js';

/** The name a rename writes: its marker `w<i>x` is the write's number, as a price write's amount is. */
export const renamedTo = (productId: string, i: number) => `Chaos Renamed ${productId} w${i}x`;
/** The marker of a renamed product's name; -1 for a name no rename wrote. */
export const renameMarker = (name: string) => Number(/ w(\d+)x$/.exec(name)?.[1] ?? -1);

/** The hot products: the first `count` with an EUR price and stock in the watched warehouse. */
export async function hotProducts(pool: pg.Pool, count: number): Promise<string[]> {
  return (await pool.query<{ id: string }>(
    `SELECT p.product_id AS id FROM pricing.prices p JOIN inventory.stock s ON s.product_id = p.product_id AND s.warehouse_id = $1
      WHERE p.currency = 'EUR' ORDER BY p.product_id LIMIT $2`, [WAREHOUSE, count])).rows.map((r) => r.id);
}

/** The watched keys of `hot` products (EUR price, stock in the watched warehouse, name) as the stores hold them now. */
export async function readWatchedState(pool: pg.Pool, hot: readonly string[]): Promise<Map<Key, { version: number; value: number }>> {
  const state = new Map<Key, { version: number; value: number }>();
  const prices = await pool.query<{ id: string; version: number; value: number }>(
    `SELECT product_id AS id, version, list_amount AS value FROM pricing.prices WHERE currency = 'EUR' AND product_id = ANY($1)`, [hot]);
  for (const r of prices.rows) state.set(`price:${r.id}`, { version: r.version, value: r.value });
  const stock = await pool.query<{ id: string; version: number; value: number }>(
    `SELECT product_id AS id, version, on_hand AS value FROM inventory.stock WHERE warehouse_id = $1 AND product_id = ANY($2)`, [WAREHOUSE, hot]);
  for (const r of stock.rows) state.set(`stock:${r.id}`, { version: r.version, value: r.value });
  const products = await pool.query<{ id: string; version: number; name: string }>(
    'SELECT id, version, name FROM catalog.products WHERE id = ANY($1)', [hot]);
  for (const r of products.rows) state.set(`product:${r.id}`, { version: r.version, value: renameMarker(r.name) });
  return state;
}
