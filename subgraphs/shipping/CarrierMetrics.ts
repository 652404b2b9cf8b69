import type { Metrics } from '../../lib/metrics/index.js';
import type { BreakerState, CallOutcome, ResilienceListener } from '../../lib/resilience/index.js';

/** Upper bounds (ms) of the latency histogram buckets, Prometheus style (cumulative, plus +Inf). */
export const LATENCY_BUCKETS_MS = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000] as const;

/** One carrier's figures since start. */
export interface CarrierMetricsEntry {
  /** HTTP calls (each page, each token request) by outcome, after retries. */
  readonly calls: Readonly<Partial<Record<CallOutcome, number>>>;
  /** Retries of idempotent calls. */
  readonly retries: number;
  /** Wall time of calls, retries included: cumulative bucket counts by `le`, sum and count. */
  readonly latencyMs: { readonly buckets: readonly { readonly le: number; readonly count: number }[]; readonly sum: number; readonly count: number };
  /** Quote requests by result: `ok`, or the reason the carrier was reported unavailable. */
  readonly quotes: Readonly<Record<string, number>>;
  readonly breakerState: BreakerState;
  /** Times the breaker changed state. */
  readonly breakerTransitions: number;
}

export interface CarrierMetricsSnapshot {
  readonly carriers: Readonly<Record<string, CarrierMetricsEntry>>;
}

/**
 * Per-carrier latency, outcomes and breaker state, kept in memory. The observability
 * layer reads {@link CarrierMetrics.snapshot} (e.g. in a prom-client `collect()`).
 */
export interface CarrierMetrics {
  /** The hooks a carrier's policy reports to. */
  listener(carrier: string): ResilienceListener;
  /** Records the result of one quote request to `carrier`. */
  recordQuote(carrier: string, result: string): void;
  snapshot(): CarrierMetricsSnapshot;
}

interface Entry {
  calls: Partial<Record<CallOutcome, number>>;
  retries: number;
  buckets: number[];
  sum: number;
  count: number;
  quotes: Record<string, number>;
  breakerState: BreakerState;
  breakerTransitions: number;
}

export function createCarrierMetrics(): CarrierMetrics {
  const entries = new Map<string, Entry>();
  const entry = (carrier: string): Entry => {
    let e = entries.get(carrier);
    if (!e) {
      e = { calls: {}, retries: 0, buckets: LATENCY_BUCKETS_MS.map(() => 0), sum: 0, count: 0, quotes: {}, breakerState: 'closed', breakerTransitions: 0 };
      entries.set(carrier, e);
    }
    return e;
  };
  return {
    listener(carrier) {
      const e = entry(carrier);
      return {
        onCall(outcome, ms) {
          e.calls[outcome] = (e.calls[outcome] ?? 0) + 1;
          e.sum += ms;
          e.count += 1;
          LATENCY_BUCKETS_MS.forEach((le, i) => {
            if (ms <= le) e.buckets[i]! += 1;
          });
        },
        onRetry() {
          e.retries += 1;
        },
        onBreakerStateChange(state) {
          e.breakerState = state;
          e.breakerTransitions += 1;
        },
      };
    },
    recordQuote(carrier, result) {
      const e = entry(carrier);
      e.quotes[result] = (e.quotes[result] ?? 0) + 1;
    },
    snapshot() {
      return {
        carriers: Object.fromEntries([...entries].map(([carrier, e]) => [carrier, {
          calls: { ...e.calls },
          retries: e.retries,
          latencyMs: { buckets: LATENCY_BUCKETS_MS.map((le, i) => ({ le, count: e.buckets[i]! })), sum: e.sum, count: e.count },
          quotes: { ...e.quotes },
          breakerState: e.breakerState,
          breakerTransitions: e.breakerTransitions,
        }])),
      };
    },
  };
}

const BREAKER_VALUES: Readonly<Record<BreakerState, number>> = { closed: 0, 'half-open': 1, open: 2, isolated: 3 };

/** Exposes carrier figures on a service's `/metrics` (read from {@link CarrierMetrics.snapshot} at each scrape). */
export function registerCarrierMetrics(registry: Metrics, carriers: CarrierMetrics): void {
  const calls = registry.gauge('carrier_calls', 'Carrier API calls by outcome (cumulative)', ['carrier', 'outcome']);
  const quotes = registry.gauge('carrier_quote_results', 'Quote requests by result (cumulative)', ['carrier', 'result']);
  const latency = registry.gauge('carrier_latency_seconds', 'Carrier call latency: sum and count (cumulative)', ['carrier', 'stat']);
  const breaker = registry.gauge('carrier_breaker_state', 'Circuit breaker: 0 closed, 1 half-open, 2 open, 3 isolated', ['carrier']);
  registry.onCollect(() => {
    for (const [carrier, entry] of Object.entries(carriers.snapshot().carriers)) {
      for (const [outcome, n] of Object.entries(entry.calls)) calls.set({ carrier, outcome }, n ?? 0);
      for (const [result, n] of Object.entries(entry.quotes)) quotes.set({ carrier, result }, n);
      latency.set({ carrier, stat: 'sum' }, entry.latencyMs.sum / 1000);
      latency.set({ carrier, stat: 'count' }, entry.latencyMs.count);
      breaker.set({ carrier }, BREAKER_VALUES[entry.breakerState]);
    }
  });
}
