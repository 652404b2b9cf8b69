/** Faults every simulated external API can inject, changeable at run time. Durations in ms, rates 0..1. */
export interface HttpFaults {
  /** Added to every answer. @default 0 (the API's own base latency still applies) */
  readonly latencyMs: number;
  /** Uniform ± spread around `latencyMs`. @default 0 */
  readonly jitterMs: number;
  /** Share of calls answered 500 before doing anything. @default 0 */
  readonly errorRate: number;
  /** Share of calls never answered, before doing anything. @default 0 */
  readonly timeoutRate: number;
  /** A full outage: `unavailable` answers 503, `reset` drops the connection, `hang` never answers. @default 'none' */
  readonly outage: 'none' | 'unavailable' | 'reset' | 'hang';
  /** More than `limit` calls per `windowMs` get 429 with `Retry-After: retryAfterSec`; `limit: 0` is a 429 storm. @default null */
  readonly rateLimit: { readonly limit: number; readonly windowMs: number; readonly retryAfterSec: number } | null;
}

/** No fault at all. */
export const NO_HTTP_FAULTS: HttpFaults = Object.freeze({ latencyMs: 0, jitterMs: 0, errorRate: 0, timeoutRate: 0, outage: 'none', rateLimit: null });
