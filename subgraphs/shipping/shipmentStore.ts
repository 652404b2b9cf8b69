import { randomUUID } from 'node:crypto';
import type { Queryable, Tx } from '../../lib/db/index.js';
import { isNewer, type TrackingUpdate } from './tracking/TrackingStatus.js';

export type ShipmentStatus = TrackingUpdate['status'] | 'CANCELLED';

export interface ShipmentRow {
  readonly id: string;
  readonly order_id: string;
  readonly customer: string;
  readonly booking_key: string;
  readonly carrier: string;
  readonly service: string;
  readonly tracking_number: string;
  readonly status: ShipmentStatus;
  /** The carrier's time of the scan that set `status`; null before the first. */
  readonly status_at: Date | null;
  readonly updated_at: Date;
}

export interface TrackingEventRow {
  readonly shipment_id: string;
  readonly status: string;
  readonly occurred_at: Date;
  readonly location: string | null;
}

/** A label the carrier booked, to record. */
export interface NewShipment {
  readonly orderId: string;
  readonly customer: string;
  readonly bookingKey: string;
  readonly carrier: string;
  readonly service: string;
  readonly trackingNumber: string;
  readonly status: 'LABEL_CREATED' | 'CANCELLED';
}

const SHIPMENT = 'id::text AS id, order_id, customer, booking_key, carrier, service, tracking_number, status, status_at, updated_at';

/** What a pushed tracking event did. */
export type TrackingOutcome = 'applied' | 'history' | 'duplicate' | 'unknown_shipment';

/** SQL of shipments and their tracking history. */
export const shipmentStore = {
  async byKey(db: Queryable, key: string): Promise<ShipmentRow | undefined> {
    const { rows } = await db.query<ShipmentRow>(`SELECT ${SHIPMENT} FROM shipping.shipments WHERE booking_key = $1`, [key]);
    return rows[0];
  },

  /** Records a booked (or, for a compensation, voided) label once per key; the row under the key either way. */
  async record(db: Queryable, shipment: NewShipment): Promise<ShipmentRow> {
    await db.query(
      `INSERT INTO shipping.shipments (id, order_id, customer, booking_key, carrier, service, tracking_number, status, status_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CASE WHEN $8 = 'CANCELLED' THEN now() END) ON CONFLICT (booking_key) DO NOTHING`,
      [randomUUID(), shipment.orderId, shipment.customer, shipment.bookingKey, shipment.carrier, shipment.service, shipment.trackingNumber, shipment.status]);
    return (await shipmentStore.byKey(db, shipment.bookingKey))!;
  },

  /** Marks the shipment under `key` CANCELLED (its label voided); tracking pushed later is kept as history only. */
  async cancel(db: Queryable, key: string): Promise<void> {
    await db.query("UPDATE shipping.shipments SET status = 'CANCELLED', status_at = now(), updated_at = now() WHERE booking_key = $1 AND status <> 'CANCELLED'", [key]);
  },

  /** The newest shipment of each order. */
  async byOrders(db: Queryable, orderIds: readonly string[]): Promise<ShipmentRow[]> {
    const { rows } = await db.query<ShipmentRow>(
      `SELECT DISTINCT ON (order_id) ${SHIPMENT} FROM shipping.shipments WHERE order_id = ANY($1::text[]) ORDER BY order_id, created_at DESC`, [orderIds]);
    return rows;
  },

  /** Tracking history of each shipment, oldest scan first. */
  async eventsOf(db: Queryable, shipmentIds: readonly string[]): Promise<TrackingEventRow[]> {
    const { rows } = await db.query<TrackingEventRow>(
      `SELECT shipment_id::text AS shipment_id, status, occurred_at, location FROM shipping.tracking_events
       WHERE shipment_id = ANY($1::uuid[]) ORDER BY shipment_id, occurred_at, received_at`, [shipmentIds]);
    return rows;
  },

  /**
   * Stores a tracking event once (by carrier and event id) and moves the shipment to its
   * status when it is newer by the carrier's clock than the status it has; a late, replayed
   * or duplicated event changes nothing but the history. The shipment row is locked, so
   * concurrent pushes of one shipment apply in turn.
   */
  async applyTracking(tx: Tx, update: TrackingUpdate): Promise<TrackingOutcome> {
    const { rows } = await tx.query<ShipmentRow>(
      `SELECT ${SHIPMENT} FROM shipping.shipments WHERE carrier = $1 AND tracking_number = $2 FOR UPDATE`, [update.carrier, update.trackingNumber]);
    const shipment = rows[0];
    if (!shipment) return 'unknown_shipment';
    const inserted = await tx.query(
      `INSERT INTO shipping.tracking_events (carrier, carrier_event_id, shipment_id, status, occurred_at, location)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
      [update.carrier, update.eventId, shipment.id, update.status, update.occurredAt, update.location]);
    if (inserted.rowCount === 0) return 'duplicate';
    if (shipment.status === 'CANCELLED') return 'history';
    if (shipment.status_at && !isNewer(update, { status: shipment.status, occurredAt: shipment.status_at })) return 'history';
    await tx.query('UPDATE shipping.shipments SET status = $2, status_at = $3, updated_at = now() WHERE id = $1', [shipment.id, update.status, update.occurredAt]);
    return 'applied';
  },
};
