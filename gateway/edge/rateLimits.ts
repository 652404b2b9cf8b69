import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RedisClient } from '../../lib/redis/index.js';
import type { EdgeClient } from './clientKeys.js';

/** The two budgets of a client: requests per second, and estimated cost per minute. */
export type RateWindow = 'requests' | 'cost';

const WINDOW_SECONDS: Readonly<Record<RateWindow, number>> = { requests: 1, cost: 60 };
const quotaOf = (client: EdgeClient, window: RateWindow) => (window === 'requests' ? client.requestsPerSecond : client.costPerMinute);

/** Where a client stands in one window after a request: what the `RateLimit` headers say. */
export interface RateState {
  readonly window: RateWindow;
  readonly quota: number;
  readonly windowSeconds: number;
  readonly remaining: number;
  /** Seconds until the window starts over. */
  readonly resetSeconds: number;
}

/** A request over a client's budget: refused with 429 and `Retry-After`. */
export class RateLimited extends Error {
  override name = 'RateLimited';
  constructor(readonly state: RateState) {
    super(`Rate limit of ${state.quota} ${state.window === 'requests' ? 'requests per second' : 'cost per minute'} exceeded; retry in ${state.resetSeconds} s`);
  }
}

/** Counts a client's requests and cost in windows shared by every gateway replica. */
export interface ClientRateLimiter {
  /** Counts one request; throws {@link RateLimited} over the client's requests per second. */
  admit(client: EdgeClient): Promise<RateState>;
  /** Counts an operation's estimated cost; throws {@link RateLimited} over the client's cost per minute. */
  charge(client: EdgeClient, cost: number): Promise<RateState>;
}

/** Options for {@link createClientRateLimiter}. */
export interface ClientRateLimiterOptions {
  /** Shared by the replicas (one server or a cluster). Without it each process counts alone (the embedded stack). */
  readonly redis?: RedisClient;
  /** @default 'commerce:ratelimit:' */
  readonly keyPrefix?: string;
}

/**
 * Fixed windows per client in Redis, by rate-limiter-flexible (atomic per request, so replicas
 * together hold the limit exactly). While Redis is unreachable each replica falls back to an
 * in-memory limiter of the same quota: requests keep flowing, each replica limiting alone.
 */
export function createClientRateLimiter(options: ClientRateLimiterOptions = {}): ClientRateLimiter {
  const prefix = options.keyPrefix ?? 'commerce:ratelimit:';
  // One limiter per window and quota: a client whose quota changes moves to another limiter, on the same key.
  const limiters = new Map<string, RateLimiterAbstract>();
  const limiterFor = (window: RateWindow, points: number) => {
    const id = `${window}:${points}`;
    let limiter = limiters.get(id);
    if (!limiter) {
      const shape = { points, duration: WINDOW_SECONDS[window], keyPrefix: `${prefix}${window}` };
      limiter = options.redis
        ? new RateLimiterRedis({ ...shape, storeClient: options.redis, rejectIfRedisNotReady: true, insuranceLimiter: new RateLimiterMemory(shape) })
        : new RateLimiterMemory(shape);
      limiters.set(id, limiter);
    }
    return limiter;
  };

  async function consume(client: EdgeClient, window: RateWindow, points: number): Promise<RateState> {
    const quota = quotaOf(client, window);
    const stateOf = (res: RateLimiterRes): RateState => ({
      window, quota, windowSeconds: WINDOW_SECONDS[window],
      remaining: Math.max(0, res.remainingPoints), resetSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
    });
    try {
      return stateOf(await limiterFor(window, quota).consume(client.id, points));
    } catch (refusal) {
      if (refusal instanceof RateLimiterRes) throw new RateLimited(stateOf(refusal));
      throw refusal;
    }
  }

  return {
    admit: (client) => consume(client, 'requests', 1),
    charge: (client, cost) => consume(client, 'cost', Math.max(0, Math.ceil(cost))),
  };
}

/**
 * The IETF RateLimit header fields (draft-ietf-httpapi-ratelimit-headers): each policy's quota
 * and window, and what remains of each with the seconds until it resets.
 */
export function rateLimitHeaders(counted: readonly RateState[]): Record<string, string> {
  if (counted.length === 0) return {};
  const states = [...new Map(counted.map((s) => [s.window, s])).values()]; // the latest of each window, in first-seen order
  return {
    'ratelimit-policy': states.map((s) => `"${s.window}";q=${s.quota};w=${s.windowSeconds}`).join(', '),
    ratelimit: states.map((s) => `"${s.window}";r=${s.remaining};t=${s.resetSeconds}`).join(', '),
  };
}
