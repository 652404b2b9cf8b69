import type { Db } from '../../../lib/db/index.js';
import { loadReservation, releaseHeld } from './reservationStore.js';

/**
 * Releases up to `limit` held reservations whose expiry has passed, each in its own
 * transaction; one that another process holds locked is skipped (it is being committed,
 * released or swept). Safe to run from several processes at once.
 * @returns the ids released by this call (status `expired`).
 */
export async function releaseExpiredReservations(db: Db, options: { readonly limit?: number } = {}): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM inventory.reservations WHERE status = 'held' AND expires_at <= now() ORDER BY expires_at LIMIT $1`,
    [options.limit ?? 100]);
  const released: string[] = [];
  for (const { id } of rows) {
    const done = await db.transaction(async (tx) => {
      // Checked again under the lock, by the database's clock: it may have been committed meanwhile.
      const { rows: due } = await tx.query(
        `SELECT id FROM inventory.reservations WHERE id = $1 AND status = 'held' AND expires_at <= now() FOR UPDATE SKIP LOCKED`, [id]);
      if (due.length === 0) return false;
      await releaseHeld(tx, (await loadReservation(tx, id))!, 'expired');
      return true;
    });
    if (done) released.push(id);
  }
  return released;
}

/** Options for {@link startReservationSweeper}. */
export interface ReservationSweeperOptions {
  /** Pause between sweeps, in ms. @default 1000 */
  readonly intervalMs?: number;
  /** Reservations released per sweep at most; a full batch sweeps again at once. @default 100 */
  readonly batchSize?: number;
  /** Called with each sweep's failure (the sweeper keeps going). */
  readonly onError?: (error: unknown) => void;
  /** Called with the ids each sweep released, when any. */
  readonly onReleased?: (ids: readonly string[]) => void;
}

/** Sweeps expired reservations until `stop()` (which waits for a sweep in progress). */
export function startReservationSweeper(db: Db, options: ReservationSweeperOptions = {}): { stop(): Promise<void> } {
  const intervalMs = options.intervalMs ?? 1_000;
  const limit = options.batchSize ?? 100;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const sweep = async () => {
    let again = false;
    try {
      const ids = await releaseExpiredReservations(db, { limit });
      if (ids.length > 0) options.onReleased?.(ids);
      again = ids.length === limit;
    } catch (error) {
      options.onError?.(error);
    }
    if (!stopped) timer = setTimeout(() => { running = sweep(); }, again ? 0 : intervalMs);
  };
  timer = setTimeout(() => { running = sweep(); }, 0);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
