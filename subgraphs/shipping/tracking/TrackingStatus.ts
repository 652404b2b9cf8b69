/** Where a parcel is, in the carriers' common terms (schema/shipping.graphql `ShipmentStatus`). */
export const TRACKING_STATUSES = ['LABEL_CREATED', 'PICKED_UP', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED', 'EXCEPTION'] as const;
export type TrackingStatus = (typeof TRACKING_STATUSES)[number];

/** A verified tracking event a carrier pushed, in carrier-neutral terms. */
export interface TrackingUpdate {
  readonly carrier: string;
  /** The carrier's id of the event: a duplicate or replay of it is dropped. */
  readonly eventId: string;
  readonly trackingNumber: string;
  readonly status: TrackingStatus;
  /** When the carrier scanned it (its clock): what orders the events, not when they arrived. */
  readonly occurredAt: Date;
  readonly location: string | null;
}

/** Each carrier's own status words: the simulator speaks them, the verifiers map them back. */
export const CARRIER_STATUS_CODES = {
  parcelo: { LABEL_CREATED: 'label_created', PICKED_UP: 'picked_up', IN_TRANSIT: 'in_transit', OUT_FOR_DELIVERY: 'out_for_delivery', DELIVERED: 'delivered', EXCEPTION: 'exception' },
  skyway: { LABEL_CREATED: 'LC', PICKED_UP: 'PU', IN_TRANSIT: 'IT', OUT_FOR_DELIVERY: 'OD', DELIVERED: 'DL', EXCEPTION: 'EX' },
  freightly: {
    LABEL_CREATED: 'consignment.created', PICKED_UP: 'consignment.collected', IN_TRANSIT: 'consignment.in_transit',
    OUT_FOR_DELIVERY: 'consignment.out_for_delivery', DELIVERED: 'consignment.delivered', EXCEPTION: 'consignment.exception',
  },
} as const satisfies Record<string, Record<TrackingStatus, string>>;

export type TrackingCarrier = keyof typeof CARRIER_STATUS_CODES;
export const TRACKING_CARRIERS = Object.keys(CARRIER_STATUS_CODES) as TrackingCarrier[];

/** The neutral status of a carrier's code; undefined for a code we do not know. */
export function statusOfCode(carrier: TrackingCarrier, code: unknown): TrackingStatus | undefined {
  const codes = CARRIER_STATUS_CODES[carrier] as Record<TrackingStatus, string>;
  return TRACKING_STATUSES.find((status) => codes[status] === code);
}

/**
 * Which event wins when two disagree: the later scan by the carrier's clock; at the same
 * instant (carriers with whole-second clocks), the one further along: delivered beats
 * everything, and an EXCEPTION ranks with out for delivery, so a later scan moves on from it.
 */
export function isNewer(a: { status: string; occurredAt: Date }, b: { status: string; occurredAt: Date }): boolean {
  if (a.occurredAt.getTime() !== b.occurredAt.getTime()) return a.occurredAt.getTime() > b.occurredAt.getTime();
  return rank(a.status) > rank(b.status);
}

const RANK: Readonly<Record<string, number>> = { LABEL_CREATED: 0, PICKED_UP: 1, IN_TRANSIT: 2, OUT_FOR_DELIVERY: 3, EXCEPTION: 3, DELIVERED: 4 };
const rank = (status: string) => RANK[status] ?? -1;
