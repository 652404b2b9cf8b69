import type { Queryable, Tx } from '../../lib/db/index.js';
import type { OrderStatus } from '../../lib/events/index.js';

export interface ShippingAddressValue {
  readonly name: string;
  readonly line1: string;
  readonly line2: string | null;
  readonly city: string;
  readonly postalCode: string;
  readonly country: string;
}

export interface OrderRow {
  readonly id: string;
  readonly owner: string;
  readonly cart_id: string;
  readonly idempotency_key: string;
  readonly status: OrderStatus;
  readonly failure_code: string | null;
  readonly currency: string;
  readonly items_amount: number | null;
  readonly shipping_amount: number | null;
  readonly total_amount: number | null;
  readonly shipping_address: ShippingAddressValue;
  readonly shipping_option: string;
  readonly payment_method: string;
  readonly created_at: Date;
  readonly placed_at: Date | null;
}

export interface OrderLineRow {
  readonly order_id: string;
  readonly product_id: string;
  readonly quantity: number;
  readonly unit_amount: number | null;
  /** The order's currency. */
  readonly currency: string;
}

// bigint amounts come back as strings from pg: cast to int (totals stay far below 2^31 by the cart limits).
const ORDER = `id::text AS id, owner, cart_id::text AS cart_id, idempotency_key, status, failure_code, currency::text AS currency,
  items_amount::int AS items_amount, shipping_amount::int AS shipping_amount, total_amount::int AS total_amount,
  shipping_address, shipping_option, payment_method, created_at, placed_at`;
const LINE = 'l.order_id::text AS order_id, l.product_id, l.quantity, l.unit_amount::int AS unit_amount, o.currency::text AS currency';

/** What checkout writes for a new order. */
export interface NewOrder {
  readonly id: string;
  readonly owner: string;
  readonly cartId: string;
  readonly idempotencyKey: string;
  readonly currency: string;
  readonly shippingAddress: ShippingAddressValue;
  readonly shippingOption: string;
  readonly paymentMethod: string;
  readonly lines: readonly { productId: string; quantity: number }[];
}

/** SQL of orders and their lines. */
export const orderStore = {
  async insert(tx: Tx, order: NewOrder): Promise<void> {
    await tx.query(
      `INSERT INTO orders.orders (id, owner, cart_id, idempotency_key, status, currency, shipping_address, shipping_option, payment_method)
       VALUES ($1, $2, $3, $4, 'PENDING', $5, $6::jsonb, $7, $8)`,
      [order.id, order.owner, order.cartId, order.idempotencyKey, order.currency, JSON.stringify(order.shippingAddress), order.shippingOption, order.paymentMethod]);
    await tx.query(
      `INSERT INTO orders.order_lines (order_id, product_id, quantity)
       SELECT $1, l.product_id, l.quantity FROM jsonb_to_recordset($2::jsonb) AS l(product_id text, quantity int)`,
      [order.id, JSON.stringify(order.lines.map((l) => ({ product_id: l.productId, quantity: l.quantity })))]);
  },

  async byOwnerKey(db: Queryable, owner: string, idempotencyKey: string): Promise<OrderRow | undefined> {
    const { rows } = await db.query<OrderRow>(`SELECT ${ORDER} FROM orders.orders WHERE owner = $1 AND idempotency_key = $2`, [owner, idempotencyKey]);
    return rows[0];
  },

  async byIds(db: Queryable, ids: readonly string[]): Promise<OrderRow[]> {
    const { rows } = await db.query<OrderRow>(`SELECT ${ORDER} FROM orders.orders WHERE id = ANY($1::uuid[])`, [ids]);
    return rows;
  },

  async linesOf(db: Queryable, orderIds: readonly string[]): Promise<OrderLineRow[]> {
    const { rows } = await db.query<OrderLineRow>(`SELECT ${LINE} FROM orders.order_lines l JOIN orders.orders o ON o.id = l.order_id WHERE l.order_id = ANY($1::uuid[]) ORDER BY l.product_id`, [orderIds]);
    return rows;
  },

  /** The owner's orders, newest first, after the (created_at, id) of `after`. */
  async page(db: Queryable, owner: string, first: number, after: { createdAt: string; id: string } | undefined): Promise<OrderRow[]> {
    const { rows } = await db.query<OrderRow>(
      `SELECT ${ORDER} FROM orders.orders WHERE owner = $1
         AND ($3::timestamptz IS NULL OR (created_at, id) < ($3::timestamptz, $4::uuid))
       ORDER BY created_at DESC, id DESC LIMIT $2`,
      [owner, first, after?.createdAt ?? null, after?.id ?? null]);
    return rows;
  },

  /** Locks the unit prices and totals the saga priced. */
  async setPrices(tx: Tx, orderId: string, prices: { unitAmounts: ReadonlyMap<string, number>; itemsAmount: number; shippingAmount: number }): Promise<void> {
    await tx.query(
      `UPDATE orders.order_lines l SET unit_amount = p.unit_amount
       FROM jsonb_to_recordset($2::jsonb) AS p(product_id text, unit_amount bigint)
       WHERE l.order_id = $1 AND l.product_id = p.product_id`,
      [orderId, JSON.stringify([...prices.unitAmounts].map(([product_id, unit_amount]) => ({ product_id, unit_amount })))]);
    await tx.query(
      'UPDATE orders.orders SET items_amount = $2::bigint, shipping_amount = $3::bigint, total_amount = $2::bigint + $3::bigint, updated_at = now() WHERE id = $1',
      [orderId, prices.itemsAmount, prices.shippingAmount]);
  },

  /** Sets the status (the outbox trigger emits the events); PLACED also stamps `placed_at`. */
  async setStatus(tx: Tx, orderId: string, status: OrderStatus, failureCode: string | null = null): Promise<void> {
    await tx.query(
      `UPDATE orders.orders SET status = $2, failure_code = $3, updated_at = now(),
         placed_at = CASE WHEN $2 = 'PLACED' THEN now() ELSE placed_at END WHERE id = $1`,
      [orderId, status, failureCode]);
  },
};
