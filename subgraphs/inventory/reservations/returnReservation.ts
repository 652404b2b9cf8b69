import type { Db } from '../../../lib/db/index.js';
import { ErrorCode, userError } from '../../../lib/errors/index.js';
import type { Reservation } from './Reservation.js';
import { changeStock, loadReservation, lockStock, setStatus } from './reservationStore.js';
import { checkId } from './reserveStock.js';

/**
 * Puts a committed reservation's units back on hand, in the warehouses they left (a
 * cancelled order), recorded in `stock_movements`. Idempotent: a returned reservation is
 * returned as it is, and one never committed (held, released, expired) is left alone, so
 * the compensation of a checkout may call it whatever became of its commit.
 */
export async function returnReservation(db: Db, id: string): Promise<Reservation> {
  checkId(id);
  return db.transaction(async (tx) => {
    const reservation = await loadReservation(tx, id, 'update');
    if (!reservation) throw userError(ErrorCode.RESERVATION_NOT_FOUND, `No reservation ${id}`, { reservationId: id });
    if (reservation.status !== 'committed') return reservation;
    await lockStock(tx, [...new Set(reservation.allocations.map((a) => a.productId))]);
    await changeStock(tx, reservation.allocations, { reserved: 0, onHand: 1 });
    await tx.query(
      `INSERT INTO inventory.stock_movements (product_id, warehouse_id, delta, reason)
       SELECT product_id, warehouse_id, quantity, 'reservation ' || reservation_id || ' returned'
       FROM inventory.reservation_allocations WHERE reservation_id = $1`, [id]);
    await setStatus(tx, id, 'returned');
    return { ...reservation, status: 'returned' };
  });
}
