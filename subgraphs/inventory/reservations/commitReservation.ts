import type { Db } from '../../../lib/db/index.js';
import { conflict, ErrorCode, userError } from '../../../lib/errors/index.js';
import type { Reservation } from './Reservation.js';
import { changeStock, loadReservation, lockStock, setStatus } from './reservationStore.js';
import { checkId } from './reserveStock.js';

/**
 * Turns a held reservation into a decrement of on-hand stock (reserved and on hand both
 * drop by each allocation), recorded in `stock_movements`. Idempotent: a committed
 * reservation is returned as it is. A released or expired one is a CONFLICT (its stock may
 * be sold to someone else: the caller compensates); an unknown id is RESERVATION_NOT_FOUND.
 * A held reservation past its expiry can still be committed until the sweeper releases it.
 */
export async function commitReservation(db: Db, id: string): Promise<Reservation> {
  checkId(id);
  return db.transaction(async (tx) => {
    const reservation = await loadReservation(tx, id, 'update');
    if (!reservation) throw userError(ErrorCode.RESERVATION_NOT_FOUND, `No reservation ${id}`, { reservationId: id });
    if (reservation.status === 'committed') return reservation;
    if (reservation.status !== 'held') throw conflict(`Reservation ${id} is ${reservation.status} and cannot be committed`, { reservationId: id, status: reservation.status });
    await lockStock(tx, [...new Set(reservation.allocations.map((a) => a.productId))]);
    await changeStock(tx, reservation.allocations, { reserved: -1, onHand: -1 });
    await tx.query(
      `INSERT INTO inventory.stock_movements (product_id, warehouse_id, delta, reason)
       SELECT product_id, warehouse_id, -quantity, 'reservation ' || reservation_id || ' committed'
       FROM inventory.reservation_allocations WHERE reservation_id = $1`, [id]);
    await setStatus(tx, id, 'committed');
    return { ...reservation, status: 'committed' };
  });
}
