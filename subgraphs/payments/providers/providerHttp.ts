import { Pool } from 'undici';
import { createResiliencePolicy, errorForStatus, UpstreamError, type ResilienceOptions, type ResiliencePolicy } from '../../../lib/resilience/index.js';

/** Options for {@link createProviderHttp}. */
export interface ProviderHttpOptions extends ResilienceOptions {
  /** Origin plus an optional path prefix. */
  readonly baseUrl: string;
  /** Keep-alive connections. @default 16 */
  readonly connections?: number;
}

export interface ProviderRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Retried on transient failures only when true. */
  readonly idempotent: boolean;
  readonly signal?: AbortSignal;
}

export interface ProviderHttp {
  /**
   * Sends the request under the policy. 2xx and 4xx answers (other than 401, 403 and 429)
   * are returned with their JSON body, since a provider's 4xx carries its reasons (a card
   * decline, a key reused); 5xx, 401/403, 429 and network failures throw an {@link UpstreamError}.
   */
  request(request: ProviderRequest): Promise<{ readonly status: number; readonly body: unknown }>;
  readonly policy: ResiliencePolicy;
  close(): Promise<void>;
}

/** A payment provider's HTTP API over a keep-alive undici pool and a resilience policy. */
export function createProviderHttp(options: ProviderHttpOptions): ProviderHttp {
  const base = new URL(options.baseUrl);
  const prefix = base.pathname.replace(/\/$/, '');
  const pool = new Pool(base.origin, { connections: options.connections ?? 16, connect: { timeout: options.callTimeoutMs ?? 400 } });
  const policy = createResiliencePolicy(options);
  return {
    policy,
    request(request) {
      const query = request.query ? `?${new URLSearchParams(request.query)}` : '';
      const what = `${options.name} ${request.method} ${request.path}`;
      return policy.execute(async (signal) => {
        const response = await pool.request({ method: request.method, path: `${prefix}${request.path}${query}`, headers: request.headers, body: request.body, signal });
        const text = await response.body.text();
        const status = response.statusCode;
        if (status >= 500 || status === 401 || status === 403 || status === 429) {
          const error = errorForStatus(status, response.headers['retry-after'], what);
          throw new UpstreamError(error.code, `${error.message} ${text.slice(0, 200)}`.trim(), error.details);
        }
        try {
          return { status, body: text === '' ? null : (JSON.parse(text) as unknown) };
        } catch (error) {
          throw new UpstreamError('BAD_RESPONSE', `${what}: the body is not JSON`, { status, cause: error });
        }
      }, { idempotent: request.idempotent, signal: request.signal });
    },
    close: () => pool.close(),
  };
}

const NEVER_SENT = new Set(['ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * Whether a failed call may have been processed by the provider: false only when it
 * certainly was not (never sent, refused at the door, or "unavailable" before any work).
 */
export function mayHaveReachedProvider(error: unknown): boolean {
  if (!(error instanceof UpstreamError)) return true;
  switch (error.code) {
    case 'CIRCUIT_OPEN':
    case 'BULKHEAD_FULL':
    case 'RATE_LIMITED':
    case 'AUTH_FAILED':
      return false;
    case 'DEADLINE_EXCEEDED':
      // Without a cause, the deadline had passed before the call was made.
      return error.details.cause !== undefined;
    case 'UNAVAILABLE': {
      if (error.details.status !== undefined) return error.details.status !== 503;
      return !NEVER_SENT.has(causeCode(error.details.cause) ?? '');
    }
    default:
      return true;
  }
}

function causeCode(cause: unknown): string | undefined {
  let current: unknown = cause;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
