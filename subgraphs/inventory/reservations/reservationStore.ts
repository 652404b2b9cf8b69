import type { Queryable, Tx } from '../../../lib/db/index.js';
import type { Reservation, ReservationAllocation, ReservationLine, ReservationStatus } from './Reservation.js';

// SQL of the reservation functions. Lock order everywhere: the reservation row, then the
// stock rows sorted by (product_id, warehouse_id); so concurrent reservations, releases,
// commits and sweeps queue behind each other instead of deadlocking.

interface ReservationRow {
  readonly id: string;
  readonly status: ReservationStatus;
  readonly destination_country: string | null;
  readonly requested: ReservationLine[] | string;
  readonly expires_at: Date | string;
}

/** Stock of the requested products, locked, with the warehouse's country. */
export interface LockedStockRow {
  readonly product_id: string;
  readonly warehouse_id: string;
  readonly country: string;
  readonly on_hand: number;
  readonly reserved: number;
}

const COLUMNS = 'id, status, destination_country::text AS destination_country, requested, expires_at';

/** Inserts a reservation unless its id exists; true when this call inserted it. */
export async function insertReservation(tx: Tx, r: {
  id: string; status: 'held' | 'released'; destinationCountry: string | null; lines: readonly ReservationLine[]; ttlMs: number;
}): Promise<boolean> {
  const { rows } = await tx.query(
    `INSERT INTO inventory.reservations (id, status, destination_country, requested, expires_at)
     VALUES ($1, $2, $3, $4::jsonb, now() + $5 * interval '1 millisecond') ON CONFLICT (id) DO NOTHING RETURNING id`,
    [r.id, r.status, r.destinationCountry, JSON.stringify(r.lines), r.ttlMs]);
  return rows.length === 1;
}

/** A reservation with its allocations; `lock` waits for and takes its row lock. */
export async function loadReservation(tx: Queryable, id: string, lock: 'none' | 'update' = 'none'): Promise<Reservation | undefined> {
  const suffix = lock === 'update' ? ' FOR UPDATE' : '';
  const { rows } = await tx.query<ReservationRow>(`SELECT ${COLUMNS} FROM inventory.reservations WHERE id = $1${suffix}`, [id]);
  const row = rows[0];
  if (!row) return undefined;
  const { rows: allocations } = await tx.query<{ product_id: string; warehouse_id: string; quantity: number }>(
    `SELECT product_id, warehouse_id, quantity FROM inventory.reservation_allocations
     WHERE reservation_id = $1 ORDER BY product_id, warehouse_id`, [id]);
  const requested = typeof row.requested === 'string' ? (JSON.parse(row.requested) as ReservationLine[]) : row.requested;
  return {
    id: row.id,
    status: row.status,
    destinationCountry: row.destination_country,
    lines: requested.map((l) => ({ productId: l.productId, quantity: l.quantity })),
    allocations: allocations.map((a) => ({ productId: a.product_id, warehouseId: a.warehouse_id, quantity: a.quantity })),
    expiresAt: new Date(row.expires_at),
  };
}

/** Locks and returns the stock rows of `productIds` in every warehouse, in lock order. */
export async function lockStock(tx: Tx, productIds: readonly string[]): Promise<LockedStockRow[]> {
  const { rows } = await tx.query<LockedStockRow>(
    `SELECT s.product_id, s.warehouse_id, w.country::text AS country, s.on_hand, s.reserved
     FROM inventory.stock s JOIN inventory.warehouses w ON w.id = s.warehouse_id
     WHERE s.product_id = ANY($1) ORDER BY s.product_id, s.warehouse_id FOR UPDATE OF s`, [productIds]);
  return rows;
}

/**
 * Adds `reservedDelta` to reserved and `onHandDelta` to on hand of each allocation's stock row
 * (locked beforehand). The stock trigger writes one stock_changed outbox event per row.
 */
export async function changeStock(tx: Tx, allocations: readonly ReservationAllocation[], sign: { reserved: 0 | 1 | -1; onHand: 0 | 1 | -1 }): Promise<void> {
  if (allocations.length === 0) return;
  await tx.query(
    `UPDATE inventory.stock s SET reserved = s.reserved + $4 * a.quantity, on_hand = s.on_hand + $5 * a.quantity,
       version = s.version + 1, updated_at = now()
     FROM unnest($1::text[], $2::text[], $3::int[]) AS a (product_id, warehouse_id, quantity)
     WHERE s.product_id = a.product_id AND s.warehouse_id = a.warehouse_id`,
    [allocations.map((a) => a.productId), allocations.map((a) => a.warehouseId), allocations.map((a) => a.quantity), sign.reserved, sign.onHand]);
}

export async function insertAllocations(tx: Tx, id: string, allocations: readonly ReservationAllocation[]): Promise<void> {
  await tx.query(
    `INSERT INTO inventory.reservation_allocations (reservation_id, product_id, warehouse_id, quantity)
     SELECT $1, * FROM unnest($2::text[], $3::text[], $4::int[])`,
    [id, allocations.map((a) => a.productId), allocations.map((a) => a.warehouseId), allocations.map((a) => a.quantity)]);
}

export async function setStatus(tx: Tx, id: string, status: ReservationStatus): Promise<void> {
  await tx.query('UPDATE inventory.reservations SET status = $2, updated_at = now() WHERE id = $1', [id, status]);
}

/**
 * Gives back a held reservation's stock (reserved drops) and marks it `status`. The
 * reservation row must be locked by the caller.
 */
export async function releaseHeld(tx: Tx, reservation: Reservation, status: 'released' | 'expired'): Promise<Reservation> {
  await lockStock(tx, [...new Set(reservation.allocations.map((a) => a.productId))]);
  await changeStock(tx, reservation.allocations, { reserved: -1, onHand: 0 });
  await setStatus(tx, reservation.id, status);
  return { ...reservation, status };
}
