import type { BreakerState } from '../../../lib/resilience/index.js';

/** Where a parcel goes. `country` is ISO 3166-1 alpha-2; `postalCode` normalised. */
export interface Destination {
  readonly country: string;
  readonly postalCode: string;
}

/** One box: total weight and outer dimensions. */
export interface Parcel {
  readonly weightGrams: number;
  readonly lengthMm: number;
  readonly widthMm: number;
  readonly heightMm: number;
}

/** A carrier's offer for one service, normalised from its API's shape. */
export interface CarrierQuote {
  readonly carrier: string;
  /** The carrier's service code. */
  readonly service: string;
  readonly serviceName: string;
  /** Integer minor units and ISO 4217 currency. */
  readonly amount: { readonly amount: number; readonly currency: string };
  readonly estimatedDays: { readonly min: number; readonly max: number };
}

/**
 * A carrier's rate-quote API. Every failure is an `UpstreamError` with a stable code
 * (TIMEOUT, UNAVAILABLE, RATE_LIMITED, DECLINED, CIRCUIT_OPEN, …).
 */
export interface Carrier extends ShipmentCarrier {
  readonly name: string;
  /** Every service the carrier offers for the parcel; `signal` is the caller's overall deadline. */
  quote(destination: Destination, parcel: Parcel, signal: AbortSignal): Promise<CarrierQuote[]>;
  readonly breakerState: BreakerState;
  close(): Promise<void>;
}

/** Who receives the parcel. */
export interface Recipient {
  readonly name: string;
  readonly line1: string;
  readonly line2?: string | null;
  readonly city: string;
  readonly postalCode: string;
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
}

/** A label to book: idempotent at the carrier by `key` (the same key books once). */
export interface BookingRequest {
  readonly key: string;
  /** The carrier's service code, as quoted. */
  readonly service: string;
  /** Our reference printed on the label: the order id. */
  readonly reference: string;
  readonly recipient: Recipient;
  readonly parcel: Parcel;
}

/**
 * A carrier's shipment API: book a label (its tracking number comes back; tracking events
 * are then pushed to the shipping subgraph's webhook) and void it. Failures are
 * `UpstreamError`s as for quotes; DECLINED when the carrier refuses the shipment.
 */
export interface ShipmentCarrier {
  book(request: BookingRequest, signal: AbortSignal): Promise<{ readonly trackingNumber: string }>;
  /** Voids the label; a label already voided (or unknown) is not an error. */
  cancel(trackingNumber: string, signal: AbortSignal): Promise<void>;
}
