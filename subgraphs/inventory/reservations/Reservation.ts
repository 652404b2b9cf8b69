/**
 * `held`: stock is reserved; `committed`: on hand was decremented; `released`: released by the
 * caller (or a release arrived first and left a tombstone); `expired`: released by the sweeper;
 * `returned`: committed, then its stock put back on hand (a cancelled order).
 */
export type ReservationStatus = 'held' | 'committed' | 'released' | 'expired' | 'returned';

/** One requested line: a product and how many units. */
export interface ReservationLine {
  readonly productId: string;
  readonly quantity: number;
}

/** Units of one product held in one warehouse; a line split across warehouses has several. */
export interface ReservationAllocation {
  readonly productId: string;
  readonly warehouseId: string;
  readonly quantity: number;
}

/** A stock reservation, keyed by the caller's idempotency key. */
export interface Reservation {
  /** The caller's idempotency key (saga id + step). */
  readonly id: string;
  readonly status: ReservationStatus;
  /** ISO 3166-1 alpha-2 country whose warehouses were preferred, if given. */
  readonly destinationCountry: string | null;
  /** The lines as requested, sorted by product id; empty for a release tombstone. */
  readonly lines: readonly ReservationLine[];
  /** Where the lines were allocated (kept after commit or release, for audit). */
  readonly allocations: readonly ReservationAllocation[];
  /** After this the sweeper releases a held reservation. */
  readonly expiresAt: Date;
}
