import type { Db } from '../../../lib/db/index.js';
import { badUserInput, conflict, ErrorCode, userError } from '../../../lib/errors/index.js';
import { assertCountryCode, assertProductId } from '../../../lib/validation/index.js';
import { allocate } from './allocate.js';
import type { Reservation, ReservationAllocation, ReservationLine } from './Reservation.js';
import { changeStock, insertAllocations, insertReservation, loadReservation, lockStock } from './reservationStore.js';

/** Input of {@link reserveStock}. */
export interface ReserveStockInput {
  /** Idempotency key: saga id + step (1 to 200 characters). */
  readonly id: string;
  readonly lines: readonly ReservationLine[];
  /** ISO 3166-1 alpha-2 country of the delivery address: its warehouses are preferred. */
  readonly destinationCountry?: string | null;
  /** How long the stock is held before the sweeper releases it. @default 900000 (15 min) */
  readonly ttlMs?: number;
}

export const RESERVATION_LIMITS = Object.freeze({
  maxLines: 100,
  maxQuantity: 100_000,
  minTtlMs: 1_000,
  maxTtlMs: 24 * 3600_000,
  defaultTtlMs: 15 * 60_000,
});

/**
 * Reserves every line or none, in one transaction: each line is allocated across
 * warehouses (see {@link allocate}) from stock locked for the transaction, so concurrent
 * reservations never oversell. Fails with OUT_OF_STOCK (and `shortfalls`) when a line
 * cannot be covered; a product with no stock anywhere counts as 0 available.
 *
 * Idempotent by `id`: a second call returns the existing reservation, whatever its status
 * (a reservation released or expired stays so; a release that arrived first wins). The
 * same id with other lines is a CONFLICT.
 */
export async function reserveStock(db: Db, input: ReserveStockInput): Promise<Reservation> {
  const id = checkId(input.id);
  const lines = checkLines(input.lines);
  const destinationCountry = input.destinationCountry ? assertCountryCode(input.destinationCountry, 'destinationCountry') : null;
  const ttlMs = input.ttlMs ?? RESERVATION_LIMITS.defaultTtlMs;
  if (!Number.isInteger(ttlMs) || ttlMs < RESERVATION_LIMITS.minTtlMs || ttlMs > RESERVATION_LIMITS.maxTtlMs) {
    throw badUserInput(`ttlMs must be from ${RESERVATION_LIMITS.minTtlMs} to ${RESERVATION_LIMITS.maxTtlMs}`, 'ttlMs');
  }

  return db.transaction(async (tx) => {
    if (!(await insertReservation(tx, { id, status: 'held', destinationCountry, lines, ttlMs }))) {
      const existing = (await loadReservation(tx, id))!;
      const tombstone = existing.lines.length === 0;
      if (!tombstone && !sameLines(existing.lines, lines)) {
        throw conflict(`Reservation ${id} exists with other lines`, { reservationId: id });
      }
      return existing;
    }
    const stock = await lockStock(tx, lines.map((l) => l.productId));
    const allocations: ReservationAllocation[] = [];
    const shortfalls: { productId: string; requested: number; available: number }[] = [];
    for (const line of lines) {
      const candidates = stock.filter((s) => s.product_id === line.productId)
        .map((s) => ({ warehouseId: s.warehouse_id, country: s.country, available: s.on_hand - s.reserved }));
      const plan = allocate(line.quantity, candidates, destinationCountry);
      if (plan.shortfall > 0) shortfalls.push({ productId: line.productId, requested: line.quantity, available: line.quantity - plan.shortfall });
      for (const a of plan.allocations) allocations.push({ productId: line.productId, warehouseId: a.warehouseId, quantity: a.quantity });
    }
    if (shortfalls.length > 0) {
      throw userError(ErrorCode.OUT_OF_STOCK, `Not enough stock for ${shortfalls.map((s) => s.productId).join(', ')}`, { shortfalls });
    }
    await changeStock(tx, allocations, { reserved: 1, onHand: 0 });
    await insertAllocations(tx, id, allocations);
    return (await loadReservation(tx, id))!;
  });
}

export function checkId(id: string): string {
  if (typeof id !== 'string' || id.length < 1 || id.length > 200) throw badUserInput('The reservation id (idempotency key) must be 1 to 200 characters', 'id');
  return id;
}

function checkLines(lines: readonly ReservationLine[]): ReservationLine[] {
  if (!Array.isArray(lines) || lines.length === 0 || lines.length > RESERVATION_LIMITS.maxLines) {
    throw badUserInput(`lines must hold 1 to ${RESERVATION_LIMITS.maxLines} lines`, 'lines');
  }
  const seen = new Set<string>();
  const checked = lines.map((line, i) => {
    const productId = assertProductId(line.productId, `lines[${i}].productId`);
    if (seen.has(productId)) throw badUserInput(`lines name ${productId} twice; send one line per product`, `lines[${i}].productId`);
    seen.add(productId);
    if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > RESERVATION_LIMITS.maxQuantity) {
      throw badUserInput(`quantity must be from 1 to ${RESERVATION_LIMITS.maxQuantity} (got ${line.quantity})`, `lines[${i}].quantity`);
    }
    return { productId, quantity: line.quantity };
  });
  return checked.sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0));
}

const sameLines = (a: readonly ReservationLine[], b: readonly ReservationLine[]) =>
  a.length === b.length && a.every((line, i) => line.productId === b[i]!.productId && line.quantity === b[i]!.quantity);
