import { LRUCache } from 'lru-cache';
import { UpstreamError, type UpstreamErrorCode } from '../../lib/resilience/index.js';
import type { CarrierMetrics } from './CarrierMetrics.js';
import type { Carrier, CarrierQuote, Destination, Parcel } from './carriers/Carrier.js';

/** A carrier that gave no quotes, and why (an `UpstreamError` code). */
export interface UnavailableCarrier {
  readonly carrier: string;
  readonly reason: UpstreamErrorCode;
}

/** Quotes from every carrier that answered in time, cheapest first, and the ones that did not. */
export interface QuoteResult {
  readonly quotes: readonly CarrierQuote[];
  readonly unavailableCarriers: readonly UnavailableCarrier[];
}

/** Options for {@link createShippingQuoter}. */
export interface ShippingQuoterOptions {
  readonly carriers: readonly Carrier[];
  /** Overall deadline of one quote request, in ms: carriers not done by then are reported DEADLINE_EXCEEDED. */
  readonly deadlineMs: number;
  /** How long one carrier's quotes for a (destination, parcel) are reused, in ms; 0 disables. */
  readonly cacheTtlMs: number;
  /** @default 10000 */
  readonly cacheMaxEntries?: number;
  readonly metrics?: CarrierMetrics;
}

/** Asks every carrier at once under one deadline. */
export interface ShippingQuoter {
  quote(destination: Destination, parcel: Parcel): Promise<QuoteResult>;
  readonly carriers: readonly string[];
}

/** Quotes with equal keys are the same question to the carriers. */
export const quoteKey = (destination: Destination, parcel: Parcel): string =>
  `${destination.country}|${destination.postalCode}|${parcel.weightGrams}|${parcel.lengthMm}x${parcel.widthMm}x${parcel.heightMm}`;

type Outcome = { quotes: readonly CarrierQuote[] } | { reason: UpstreamErrorCode };

export function createShippingQuoter(options: ShippingQuoterOptions): ShippingQuoter {
  const { carriers, deadlineMs, metrics } = options;
  const cache = options.cacheTtlMs > 0
    ? new LRUCache<string, readonly CarrierQuote[]>({ max: options.cacheMaxEntries ?? 10_000, ttl: options.cacheTtlMs })
    : undefined;

  async function ask(carrier: Carrier, destination: Destination, parcel: Parcel, key: string, deadline: AbortSignal, timedOut: Promise<void>): Promise<Outcome> {
    const cacheKey = `${carrier.name}|${key}`;
    const cached = cache?.get(cacheKey);
    if (cached) return { quotes: cached };
    try {
      // The race guarantees the deadline even if a carrier client ignored its abort signal.
      const quotes = await Promise.race([carrier.quote(destination, parcel, deadline), timedOut.then(() => undefined)]);
      if (!quotes) return { reason: 'DEADLINE_EXCEEDED' };
      cache?.set(cacheKey, quotes);
      return { quotes };
    } catch (error) {
      return { reason: error instanceof UpstreamError ? error.code : 'UNAVAILABLE' };
    }
  }

  return {
    carriers: carriers.map((c) => c.name),
    async quote(destination, parcel) {
      const key = quoteKey(destination, parcel);
      const controller = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          controller.abort(new UpstreamError('DEADLINE_EXCEEDED', `no answer within ${deadlineMs} ms`));
          resolve();
        }, deadlineMs);
      });
      try {
        const outcomes = await Promise.all(carriers.map((c) => ask(c, destination, parcel, key, controller.signal, timedOut)));
        const quotes: CarrierQuote[] = [];
        const unavailableCarriers: UnavailableCarrier[] = [];
        outcomes.forEach((outcome, i) => {
          const carrier = carriers[i]!.name;
          if ('quotes' in outcome) quotes.push(...outcome.quotes);
          else unavailableCarriers.push({ carrier, reason: outcome.reason });
          metrics?.recordQuote(carrier, 'quotes' in outcome ? 'ok' : outcome.reason.toLowerCase());
        });
        quotes.sort((a, b) => a.amount.amount - b.amount.amount || a.estimatedDays.max - b.estimatedDays.max);
        return { quotes, unavailableCarriers };
      } finally {
        clearTimeout(timer);
        controller.abort();
      }
    },
  };
}
