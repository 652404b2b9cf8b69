import { Pool } from 'undici';
import { createResiliencePolicy, type ResilienceOptions, type ResiliencePolicy } from './resiliencePolicy.js';
import { errorForStatus, UpstreamError } from './UpstreamError.js';

/** Options for {@link createHttpUpstream}. */
export interface HttpUpstreamOptions extends ResilienceOptions {
  /** Origin plus an optional path prefix, e.g. `https://api.carrier.example/v2`. */
  readonly baseUrl: string;
  /** Keep-alive connections in the pool. @default 16 */
  readonly connections?: number;
  /** How long an idle connection is kept. @default 30000 */
  readonly keepAliveTimeoutMs?: number;
  /**
   * A policy shared with other upstreams of the same service (e.g. its OAuth token
   * endpoint on another origin), so they share one breaker, bulkhead and rate limit.
   * The policy options above are then ignored. @default a new policy from these options
   */
  readonly policy?: ResiliencePolicy;
}

/** One HTTP call; `path` is relative to the base URL's path. */
export interface UpstreamRequest {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number>>;
  /** Or a function, called for every attempt (a signature with a fresh nonce per attempt). */
  readonly headers?: Readonly<Record<string, string>> | (() => Readonly<Record<string, string>>);
  readonly body?: string;
  /** Retried on transient failures only when true. @default true for GET, false otherwise */
  readonly idempotent?: boolean;
  /** The caller's overall deadline. */
  readonly signal?: AbortSignal;
}

export interface UpstreamResponse<T> {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: T;
}

/** A JSON HTTP API behind a pooled keep-alive undici dispatcher and a {@link ResiliencePolicy}. */
export interface HttpUpstream {
  /** Sends the request under the policy; a non-2xx status or a body that is not JSON is an {@link UpstreamError}. */
  request<T = unknown>(request: UpstreamRequest): Promise<UpstreamResponse<T>>;
  readonly policy: ResiliencePolicy;
  close(): Promise<void>;
}

export function createHttpUpstream(options: HttpUpstreamOptions): HttpUpstream {
  const base = new URL(options.baseUrl);
  const prefix = base.pathname.replace(/\/$/, '');
  const pool = new Pool(base.origin, {
    connections: options.connections ?? 16,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000,
    connect: { timeout: options.callTimeoutMs ?? 400 },
  });
  const policy = options.policy ?? createResiliencePolicy(options);

  return {
    policy,
    request<T>(request: UpstreamRequest) {
      const query = request.query ? `?${new URLSearchParams(Object.entries(request.query).map(([k, v]): [string, string] => [k, String(v)]))}` : '';
      const path = `${prefix}${request.path}${query}`;
      const what = `${options.name} ${request.method} ${request.path}`;
      return policy.execute(async (signal) => {
        const headers = typeof request.headers === 'function' ? request.headers() : request.headers;
        const response = await pool.request({ method: request.method, path, headers, body: request.body, signal });
        if (response.statusCode >= 300) {
          const text = await response.body.text().catch(() => '');
          const error = errorForStatus(response.statusCode, response.headers['retry-after'], what);
          throw new UpstreamError(error.code, `${error.message} ${text.slice(0, 200)}`.trim(), error.details);
        }
        let body: T;
        try {
          body = (await response.body.json()) as T;
        } catch (error) {
          if (signal.aborted) throw error;
          throw new UpstreamError('BAD_RESPONSE', `${what}: the body is not JSON`, { status: response.statusCode, cause: error });
        }
        return { status: response.statusCode, headers: response.headers, body };
      }, { idempotent: request.idempotent ?? request.method === 'GET', signal: request.signal });
    },
    close: () => pool.close(),
  };
}
