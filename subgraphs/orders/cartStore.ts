import type { Queryable, Tx } from '../../lib/db/index.js';

export type CartStatus = 'open' | 'checking_out' | 'checked_out';

export interface CartRow {
  readonly id: string;
  readonly owner: string;
  readonly currency: string;
  readonly status: CartStatus;
}

export interface CartLineRow {
  readonly cart_id: string;
  readonly product_id: string;
  readonly quantity: number;
}

const CART = 'id::text AS id, owner, currency::text AS currency, status';

/** SQL of carts and their lines. */
export const cartStore = {
  async insert(db: Queryable, cart: { id: string; owner: string; currency: string }): Promise<CartRow> {
    const { rows } = await db.query<CartRow>(`INSERT INTO orders.carts (id, owner, currency) VALUES ($1, $2, $3) RETURNING ${CART}`, [cart.id, cart.owner, cart.currency]);
    return rows[0]!;
  },

  async byIds(db: Queryable, ids: readonly string[]): Promise<CartRow[]> {
    const { rows } = await db.query<CartRow>(`SELECT ${CART} FROM orders.carts WHERE id = ANY($1::uuid[])`, [ids]);
    return rows;
  },

  /** The cart, locked for the transaction. */
  async lock(tx: Tx, id: string): Promise<CartRow | undefined> {
    const { rows } = await tx.query<CartRow>(`SELECT ${CART} FROM orders.carts WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0];
  },

  async setStatus(tx: Tx, id: string, status: CartStatus): Promise<void> {
    await tx.query('UPDATE orders.carts SET status = $2, updated_at = now() WHERE id = $1', [id, status]);
  },

  async linesOf(db: Queryable, cartIds: readonly string[]): Promise<CartLineRow[]> {
    const { rows } = await db.query<CartLineRow>(
      'SELECT cart_id::text AS cart_id, product_id, quantity FROM orders.cart_lines WHERE cart_id = ANY($1::uuid[]) ORDER BY added_at, product_id', [cartIds]);
    return rows;
  },

  async line(tx: Tx, cartId: string, productId: string): Promise<CartLineRow | undefined> {
    const { rows } = await tx.query<CartLineRow>('SELECT cart_id::text AS cart_id, product_id, quantity FROM orders.cart_lines WHERE cart_id = $1 AND product_id = $2', [cartId, productId]);
    return rows[0];
  },

  async setLine(tx: Tx, cartId: string, productId: string, quantity: number): Promise<void> {
    await tx.query(
      `INSERT INTO orders.cart_lines (cart_id, product_id, quantity) VALUES ($1, $2, $3)
       ON CONFLICT (cart_id, product_id) DO UPDATE SET quantity = EXCLUDED.quantity`, [cartId, productId, quantity]);
    await tx.query('UPDATE orders.carts SET updated_at = now() WHERE id = $1', [cartId]);
  },

  /** True when a line was removed. */
  async removeLine(tx: Tx, cartId: string, productId: string): Promise<boolean> {
    const { rows } = await tx.query('DELETE FROM orders.cart_lines WHERE cart_id = $1 AND product_id = $2 RETURNING product_id', [cartId, productId]);
    return rows.length > 0;
  },
};
