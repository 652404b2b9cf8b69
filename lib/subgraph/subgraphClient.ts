import { ANONYMOUS, signedRequestHeaders, type Identity } from '../auth/index.js';
import { createHttpUpstream, isTransient, UpstreamError, type HttpUpstream } from '../resilience/index.js';

/** Options for {@link createSubgraphClient}. */
export interface SubgraphClientOptions {
  /** The subgraph's name (lib/config/subgraphs.ts): the audience its calls are signed for, and the name in errors and the breaker. */
  readonly name: string;
  /** Its GraphQL endpoint, e.g. `http://127.0.0.1:4003/graphql`, or its replicas' (see {@link createSubgraphClient}). */
  readonly url: string | readonly string[];
  /** The key subgraphs verify signed calls with (the gateway's). */
  readonly signingKey: string;
  /** Who calls: a service identity such as `{ subject: 'service:orders', roles: [], scopes: ['inventory:reserve'] }`. @default anonymous */
  readonly identity?: Identity;
  /** One attempt's timeout, in ms. @default 2000 */
  readonly timeoutMs?: number;
  /** Retries of a call marked idempotent, on transient failures. @default 1 */
  readonly retries?: number;
}

/** Per call: retry only what is safe to repeat. */
export interface SubgraphCallOptions {
  /** Read-only fields, or a mutation idempotent by a key it carries. @default false */
  readonly idempotent?: boolean;
  /** The caller's overall deadline. */
  readonly signal?: AbortSignal;
}

/**
 * A failed call to another subgraph. `code` is the subgraph's own `extensions.code` when it
 * answered with an error (OUT_OF_STOCK, CONFLICT, FORBIDDEN, …), else SUBGRAPH_UNAVAILABLE
 * with `reason` naming the transport failure (TIMEOUT, UNAVAILABLE, CIRCUIT_OPEN, AUTH_FAILED, …).
 */
export class SubgraphCallError extends Error {
  override name = 'SubgraphCallError';
  constructor(
    readonly code: string,
    message: string,
    readonly details: { readonly serviceName: string; readonly reason?: string; readonly extensions?: Readonly<Record<string, unknown>> },
  ) {
    super(message);
  }
}

/** How one subgraph calls another over HTTP: signed as a service, pooled, with a timeout, retries and a breaker. */
export interface SubgraphClient {
  /** Runs one operation and returns its `data`; any GraphQL error is a {@link SubgraphCallError}. */
  request<D>(query: string, variables?: Readonly<Record<string, unknown>>, options?: SubgraphCallOptions): Promise<D>;
  close(): Promise<void>;
}

interface GraphQLBody<D> {
  readonly data?: D | null;
  readonly errors?: readonly { readonly message: string; readonly extensions?: Record<string, unknown> }[];
}

/** Failures after which the call provably never reached the replica: safe to send elsewhere, even a write. */
const notSent = (error: unknown) => error instanceof UpstreamError
  && (error.code === 'CIRCUIT_OPEN' || error.code === 'BULKHEAD_FULL' || (error.cause as { code?: string } | undefined)?.code === 'ECONNREFUSED');

/**
 * With several replicas, calls go round-robin; each replica has its own pool and breaker, so a
 * dead one fails fast (refused, then circuit open). A call that failed on one replica goes to
 * the next when that is safe: always when it never left (refused, circuit open), otherwise
 * only when it is idempotent and the failure transient — a write is never applied twice.
 */
export function createSubgraphClient(options: SubgraphClientOptions): SubgraphClient {
  const replicas = (typeof options.url === 'string' ? [options.url] : options.url).map((href) => {
    const url = new URL(href);
    const http: HttpUpstream = createHttpUpstream({
      name: options.name, baseUrl: url.origin, callTimeoutMs: options.timeoutMs ?? 2_000, retries: options.retries ?? 1, breakerHalfOpenMs: 1_000,
    });
    return { path: url.pathname, http };
  });
  if (replicas.length === 0) throw new Error(`createSubgraphClient: no URL for ${options.name}`);
  const identity = options.identity ?? ANONYMOUS;
  let next = 0;
  return {
    async request<D>(query: string, variables: Readonly<Record<string, unknown>> = {}, call: SubgraphCallOptions = {}) {
      let body: GraphQLBody<D> | undefined;
      const start = next++ % replicas.length;
      for (let i = 0; body === undefined; i++) {
        const replica = replicas[(start + i) % replicas.length]!;
        try {
          ({ body } = await replica.http.request<GraphQLBody<D>>({
            method: 'POST',
            path: replica.path,
            // Signed per attempt: a retry of a call the subgraph received carries a fresh nonce, not a replay it would refuse.
            headers: () => ({ 'content-type': 'application/json', ...signedRequestHeaders(options.signingKey, { audience: options.name, query, variables, identity }) }),
            body: JSON.stringify({ query, variables }),
            idempotent: call.idempotent ?? false,
            signal: call.signal,
          }));
        } catch (error) {
          const another = i + 1 < replicas.length && !call.signal?.aborted && (notSent(error) || (call.idempotent === true && isTransient(error)));
          if (another) continue;
          const reason = error instanceof UpstreamError ? error.code : (error as { code?: string }).code ?? 'UNKNOWN';
          throw new SubgraphCallError('SUBGRAPH_UNAVAILABLE', `${options.name} could not be reached (${reason})`, { serviceName: options.name, reason });
        }
      }
      const first = body.errors?.[0];
      if (first) {
        const code = typeof first.extensions?.code === 'string' ? first.extensions.code : 'INTERNAL_SERVER_ERROR';
        throw new SubgraphCallError(code, `${options.name}: ${first.message}`, { serviceName: options.name, extensions: first.extensions });
      }
      if (body.data === undefined || body.data === null) {
        throw new SubgraphCallError('SUBGRAPH_UNAVAILABLE', `${options.name} answered without data`, { serviceName: options.name, reason: 'BAD_RESPONSE' });
      }
      return body.data;
    },
    close: async () => { await Promise.all(replicas.map((r) => r.http.close())); },
  };
}
