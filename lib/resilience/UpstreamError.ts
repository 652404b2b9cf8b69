/**
 * Why a call to an upstream HTTP API failed, as a stable machine code. Callers branch on
 * `code`, never on message text.
 */
export type UpstreamErrorCode =
  /** One call took longer than its timeout. Transient. */
  | 'TIMEOUT'
  /** 5xx, or the connection was refused or reset. Transient. */
  | 'UNAVAILABLE'
  /** The upstream answered 429, or the client-side limiter held the call back. */
  | 'RATE_LIMITED'
  /** The upstream declined the request (4xx other than 401/403/429, e.g. a destination it does not serve): not its failure. */
  | 'DECLINED'
  /** Credentials were refused (401/403). */
  | 'AUTH_FAILED'
  /** A 2xx answer that is not what the API promises. */
  | 'BAD_RESPONSE'
  /** The circuit breaker is open: the call was not attempted. */
  | 'CIRCUIT_OPEN'
  /** The bulkhead's slots and queue are full: the call was not attempted. */
  | 'BULKHEAD_FULL'
  /** The caller's overall deadline passed (or it gave up) before an answer. */
  | 'DEADLINE_EXCEEDED';

const TRANSIENT: ReadonlySet<UpstreamErrorCode> = new Set(['TIMEOUT', 'UNAVAILABLE']);

/** A failed upstream call. `transient` failures are retried (when idempotent) and trip the breaker. */
export class UpstreamError extends Error {
  override name = 'UpstreamError';
  /** True for failures of the upstream itself: retried when idempotent, counted by the breaker. */
  readonly transient: boolean;

  constructor(
    readonly code: UpstreamErrorCode,
    message: string,
    readonly details: { readonly status?: number; readonly retryAfterMs?: number; readonly cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.transient = TRANSIENT.has(code);
  }
}

/** True for an {@link UpstreamError} that counts against the upstream. */
export const isTransient = (error: unknown): boolean => error instanceof UpstreamError && error.transient;

/**
 * Parses a `Retry-After` header (delta-seconds or an HTTP date) into milliseconds from `now`;
 * undefined when absent or malformed.
 */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text.trim() === '') return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The error for a non-2xx HTTP status. */
export function errorForStatus(status: number, retryAfter: string | string[] | undefined, what: string): UpstreamError {
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(retryAfter);
    return new UpstreamError('RATE_LIMITED', `${what}: 429 Too Many Requests`, { status, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });
  }
  if (status === 401 || status === 403) return new UpstreamError('AUTH_FAILED', `${what}: ${status}`, { status });
  if (status === 408 || status >= 500) return new UpstreamError('UNAVAILABLE', `${what}: ${status}`, { status });
  return new UpstreamError('DECLINED', `${what}: ${status}`, { status });
}
