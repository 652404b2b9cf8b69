import type { Db } from '../../../lib/db/index.js';
import { conflict } from '../../../lib/errors/index.js';
import type { Reservation } from './Reservation.js';
import { insertReservation, loadReservation, releaseHeld } from './reservationStore.js';
import { checkId } from './reserveStock.js';

/**
 * Gives a held reservation's stock back (compensation). Idempotent: a reservation already
 * released or expired is returned as it is. An unknown id records a `released` tombstone,
 * so a reserve with that id still in flight (its answer lost) reserves nothing when it lands.
 * A committed reservation is a CONFLICT: its stock has left; returning it is a restock.
 */
export async function releaseReservation(db: Db, id: string): Promise<Reservation> {
  checkId(id);
  return db.transaction(async (tx) => {
    if (await insertReservation(tx, { id, status: 'released', destinationCountry: null, lines: [], ttlMs: 0 })) {
      return (await loadReservation(tx, id))!;
    }
    const reservation = (await loadReservation(tx, id, 'update'))!;
    if (reservation.status === 'committed') throw conflict(`Reservation ${id} is committed and cannot be released`, { reservationId: id, status: reservation.status });
    if (reservation.status !== 'held') return reservation;
    return releaseHeld(tx, reservation, 'released');
  });
}
