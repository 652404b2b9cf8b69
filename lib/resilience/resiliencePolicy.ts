import {
  BrokenCircuitError, BulkheadRejectedError, bulkhead, circuitBreaker, CircuitState, ConsecutiveBreaker,
  ExponentialBackoff, handleWhen, retry, TaskCancelledError, timeout, TimeoutStrategy, wrap,
} from 'cockatiel';
import { createRateLimiter, type RateLimiterOptions } from './rateLimiter.js';
import { isTransient, UpstreamError, type UpstreamErrorCode } from './UpstreamError.js';

/** A breaker's state as metrics and health checks show it. */
export type BreakerState = 'closed' | 'open' | 'half-open' | 'isolated';

/** What became of one logical call (all its attempts). */
export type CallOutcome = 'success' | Lowercase<UpstreamErrorCode>;

/** Hooks for metrics; each is optional. */
export interface ResilienceListener {
  /** Once per {@link ResiliencePolicy.execute}, with its wall time in ms. */
  onCall?(outcome: CallOutcome, durationMs: number): void;
  /** Before each retry of an idempotent call. */
  onRetry?(attempt: number): void;
  onBreakerStateChange?(state: BreakerState): void;
}

/** Options for {@link createResiliencePolicy}; every duration is in ms. */
export interface ResilienceOptions {
  /** Name used in error messages. */
  readonly name: string;
  /** Timeout of each attempt. @default 400 */
  readonly callTimeoutMs?: number;
  /** Retries after the first attempt, for idempotent calls only. @default 2 */
  readonly retries?: number;
  /** First backoff delay; later ones grow exponentially with decorrelated jitter. @default 50 */
  readonly backoffInitialMs?: number;
  /** @default 400 */
  readonly backoffMaxMs?: number;
  /** Consecutive transient failures that open the breaker. @default 5 */
  readonly breakerThreshold?: number;
  /** How long the breaker stays open before a half-open trial call. @default 5000 */
  readonly breakerHalfOpenMs?: number;
  /** Calls in flight at once. @default 16 */
  readonly bulkheadLimit?: number;
  /** Calls queued behind them; more are refused with BULKHEAD_FULL. @default 64 */
  readonly bulkheadQueue?: number;
  /** Client-side rate limit; `Retry-After` from a 429 always pauses calls. */
  readonly rateLimit?: RateLimiterOptions;
  readonly listener?: ResilienceListener;
}

/** Options of one call. */
export interface CallOptions {
  /** Only idempotent calls are retried; a POST that creates something must say `false`. */
  readonly idempotent: boolean;
  /** The caller's overall deadline; aborting it ends the call with DEADLINE_EXCEEDED and does not count against the upstream. */
  readonly signal?: AbortSignal;
}

/**
 * One upstream's policy: client-side rate limit (honouring `Retry-After`) → bulkhead →
 * retry with exponential backoff and jitter (idempotent calls only) → circuit breaker →
 * per-attempt timeout, all but the rate limit from cockatiel. Share one per upstream.
 */
export interface ResiliencePolicy {
  /**
   * Runs `attempt` (given the attempt's abort signal) under the policy. Every failure is an
   * {@link UpstreamError}; only transient ones (timeouts, 5xx, broken connections) are
   * retried and counted by the breaker.
   */
  execute<T>(attempt: (signal: AbortSignal) => Promise<T>, options: CallOptions): Promise<T>;
  readonly breakerState: BreakerState;
  /** Epoch ms until which a `Retry-After` holds calls back; 0 when none. */
  readonly rateLimitedUntil: number;
}

const STATES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'isolated',
};

export function createResiliencePolicy(options: ResilienceOptions): ResiliencePolicy {
  const { name, listener = {} } = options;
  const callTimeoutMs = options.callTimeoutMs ?? 400;
  const limiter = createRateLimiter(options.rateLimit);
  const transient = handleWhen(isTransient);
  const breaker = circuitBreaker(transient, {
    halfOpenAfter: options.breakerHalfOpenMs ?? 5_000,
    breaker: new ConsecutiveBreaker(options.breakerThreshold ?? 5),
  });
  breaker.onStateChange((state) => listener.onBreakerStateChange?.(STATES[state]));
  const retries = retry(transient, {
    maxAttempts: options.retries ?? 2,
    backoff: new ExponentialBackoff({ initialDelay: options.backoffInitialMs ?? 50, maxDelay: options.backoffMaxMs ?? 400 }),
  });
  retries.onRetry(({ attempt }) => listener.onRetry?.(attempt));
  // Cooperative: the attempt sees the abort and fails with it, so a timeout is told apart from the caller's deadline.
  const perAttempt = timeout(callTimeoutMs, TimeoutStrategy.Cooperative);
  const slots = bulkhead(options.bulkheadLimit ?? 16, options.bulkheadQueue ?? 64);
  const idempotentPolicy = wrap(slots, retries, breaker, perAttempt);
  const oncePolicy = wrap(slots, breaker, perAttempt);

  async function execute<T>(attempt: (signal: AbortSignal) => Promise<T>, call: CallOptions): Promise<T> {
    const started = performance.now();
    const deadline = call.signal;
    try {
      if (deadline?.aborted) throw new UpstreamError('DEADLINE_EXCEEDED', `${name}: deadline passed before the call`);
      limiter.acquire();
      const policy = call.idempotent ? idempotentPolicy : oncePolicy;
      const result = await policy.execute(async ({ signal }) => {
        try {
          return await attempt(signal);
        } catch (error) {
          if (deadline?.aborted) throw new UpstreamError('DEADLINE_EXCEEDED', `${name}: deadline passed`, { cause: error });
          if (signal.aborted) throw new UpstreamError('TIMEOUT', `${name}: no answer within ${callTimeoutMs} ms`, { cause: error });
          const failure = toUpstreamError(name, error);
          if (failure.code === 'RATE_LIMITED') limiter.pause(failure.details.retryAfterMs ?? 1_000);
          throw failure;
        }
      }, deadline);
      listener.onCall?.('success', performance.now() - started);
      return result;
    } catch (error) {
      const failure = fromPolicyError(name, error, deadline);
      listener.onCall?.(failure.code.toLowerCase() as CallOutcome, performance.now() - started);
      throw failure;
    }
  }

  return {
    execute,
    get breakerState() {
      return STATES[breaker.state];
    },
    get rateLimitedUntil() {
      return limiter.pausedUntil;
    },
  };
}

/** Network-level failures (refused, reset, closed sockets) are the upstream's: UNAVAILABLE. */
function toUpstreamError(name: string, error: unknown): UpstreamError {
  if (error instanceof UpstreamError) return error;
  return new UpstreamError('UNAVAILABLE', `${name}: ${(error as Error)?.message ?? String(error)}`, { cause: error });
}

function fromPolicyError(name: string, error: unknown, deadline: AbortSignal | undefined): UpstreamError {
  if (error instanceof UpstreamError) return error;
  if (error instanceof BrokenCircuitError) return new UpstreamError('CIRCUIT_OPEN', `${name}: circuit open`, { cause: error });
  if (error instanceof BulkheadRejectedError) return new UpstreamError('BULKHEAD_FULL', `${name}: too many calls in flight`, { cause: error });
  if (error instanceof TaskCancelledError || deadline?.aborted) return new UpstreamError('DEADLINE_EXCEEDED', `${name}: deadline passed`, { cause: error });
  return toUpstreamError(name, error);
}
