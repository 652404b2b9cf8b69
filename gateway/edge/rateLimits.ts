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

/** The share of a quota a replica takes from Redis at once and spends locally. */
const LEASE_SHARE = 0.005;

/** Tokens a replica took from a window ahead of the requests that spend them. */
interface Lease { tokens: number; readonly expiresAt: number; readonly remaining: number }

/**
 * Fixed windows per client in Redis, by rate-limiter-flexible (atomic per count, so replicas
 * together never exceed a limit). A busy client's counts go to Redis in leases: a replica
 * takes its request's points plus 0.5 % of the quota and spends that share locally until it
 * runs out or the window ends, so a client at thousands of requests per second costs a Redis
 * round trip per several requests, not two per request; leases left unspent at a window's end
 * (at most 0.5 % of the quota per replica) make the limit that much lower, never higher. Near
 * the limit a lease that does not fit is given back and the request alone is counted. While
 * Redis is unreachable each replica falls back to an in-memory limiter of the same quota:
 * requests keep flowing, each replica limiting alone.
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

  const leases = new Map<string, Lease>();
  // A leased client's counts on one replica run in turn, so concurrent requests spend the lease
  // one taken, rather than each taking one; the queue's tail per client and window.
  const queues = new Map<string, Promise<unknown>>();

  function consume(client: EdgeClient, window: RateWindow, points: number): Promise<RateState> {
    const quota = quotaOf(client, window);
    const size = Math.floor(quota * LEASE_SHARE);
    const leaseKey = `${window}:${client.id}`;
    if (size === 0) return count(client, window, points, quota, size, leaseKey);
    const counted = (queues.get(leaseKey) ?? Promise.resolve()).then(() => count(client, window, points, quota, size, leaseKey));
    const tail = counted.catch(() => undefined);
    queues.set(leaseKey, tail);
    void tail.then(() => queues.get(leaseKey) === tail && queues.delete(leaseKey));
    return counted;
  }

  /** Spends from the lease, or takes a new one (the request's points plus `size`) from Redis. */
  async function count(client: EdgeClient, window: RateWindow, points: number, quota: number, size: number, leaseKey: string): Promise<RateState> {
    const state = (remaining: number, msBeforeNext: number): RateState => ({
      window, quota, windowSeconds: WINDOW_SECONDS[window], remaining: Math.max(0, remaining), resetSeconds: Math.max(1, Math.ceil(msBeforeNext / 1000)),
    });
    const now = Date.now();
    const lease = leases.get(leaseKey);
    const held = lease && lease.expiresAt > now ? lease.tokens : 0;
    if (lease && lease.expiresAt > now && held >= points) {
      lease.tokens -= points;
      return state(lease.remaining + lease.tokens, lease.expiresAt - now);
    }
    const limiter = limiterFor(window, quota);
    try {
      const res = await limiter.consume(client.id, points - held + size);
      leases.set(leaseKey, { tokens: size, expiresAt: now + res.msBeforeNext, remaining: res.remainingPoints });
      return state(res.remainingPoints + size, res.msBeforeNext);
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      leases.delete(leaseKey);
      if (size > 0) {
        // The lease did not fit: give it back; the request alone may.
        await limiter.reward(client.id, size);
        const consumed = refusal.consumedPoints - size;
        if (consumed <= quota) return state(quota - consumed, refusal.msBeforeNext);
      }
      throw new RateLimited(state(0, refusal.msBeforeNext));
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
