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
export interface Carrier {
  readonly name: string;
  /** Every service the carrier offers for the parcel; `signal` is the caller's overall deadline. */
  quote(destination: Destination, parcel: Parcel, signal: AbortSignal): Promise<CarrierQuote[]>;
  readonly breakerState: BreakerState;
  close(): Promise<void>;
}
