import { UpstreamError } from './UpstreamError.js';

/** Options for {@link createRateLimiter}. */
export interface RateLimiterOptions {
  /** Sustained calls per second allowed to the upstream; undefined means only `Retry-After` limits. */
  readonly requestsPerSecond?: number;
  /** Calls allowed at once after idling. @default requestsPerSecond */
  readonly burst?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

/** A client-side rate limit: a token bucket plus a pause that honours the upstream's `Retry-After`. */
export interface RateLimiter {
  /** Takes a slot or throws RATE_LIMITED at once (callers work under deadlines: no queueing). */
  acquire(): void;
  /** Refuses every call for `ms` (from a 429's `Retry-After`); a longer pause already in force wins. */
  pause(ms: number): void;
  /** Epoch ms until which calls are refused; 0 when not paused. */
  readonly pausedUntil: number;
}

export function createRateLimiter(options: RateLimiterOptions = {}): RateLimiter {
  const now = options.now ?? Date.now;
  const rate = options.requestsPerSecond;
  const burst = options.burst ?? rate ?? 0;
  let tokens = burst;
  let refilledAt = now();
  let pausedUntil = 0;
  return {
    acquire() {
      const t = now();
      if (t < pausedUntil) {
        throw new UpstreamError('RATE_LIMITED', `rate limited for another ${pausedUntil - t} ms (Retry-After)`, { retryAfterMs: pausedUntil - t });
      }
      if (rate === undefined) return;
      tokens = Math.min(burst, tokens + ((t - refilledAt) / 1000) * rate);
      refilledAt = t;
      if (tokens < 1) {
        throw new UpstreamError('RATE_LIMITED', `client-side limit of ${rate}/s reached`, { retryAfterMs: Math.ceil(((1 - tokens) / rate) * 1000) });
      }
      tokens -= 1;
    },
    pause(ms) {
      pausedUntil = Math.max(pausedUntil, now() + ms);
    },
    get pausedUntil() {
      return pausedUntil > now() ? pausedUntil : 0;
    },
  };
}
