import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { Pool } from 'undici';
import { ErrorCode } from '../lib/errors/index.js';

/** What a data source answers: the subgraph's GraphQL response. */
export type SubgraphResponse = Awaited<ReturnType<GraphQLDataSource['process']>>;

/** Options for {@link createUndiciDataSource}. */
export interface UndiciDataSourceOptions {
  /**
   * The subgraph's GraphQL endpoint, or its replicas' (balanced round-robin over those that
   * answer; see {@link createUndiciDataSource}).
   */
  readonly url: string | readonly string[];
  /** Keep-alive connections to each replica. @default 32 */
  readonly connections?: number;
  /** How often an ejected replica's `/readyz` is asked whether it may come back, in ms. @default 1000 */
  readonly probeIntervalMs?: number;
  /** Called when a fetch that failed before any answer is sent again to another replica. */
  readonly onRetry?: (from: string, to: string) => void;
  /**
   * Share one subgraph round trip between identical queries in flight at the same time
   * (same query text and variables; never mutations). Each caller parses its own copy.
   * @default true
   */
  readonly dedupe?: boolean;
  /** Extra headers per fetch, e.g. the signed caller identity (security). */
  readonly headers?: (options: GraphQLDataSourceProcessOptions) => Record<string, string> | undefined;
  /**
   * With per-fetch `headers`, which fetches may share one round trip: those with the same key
   * (e.g. the caller's identity, whose answer they all may see). Without it, fetches carrying
   * headers are never shared.
   */
  readonly shareKey?: (options: GraphQLDataSourceProcessOptions) => string;
}

/** A subgraph data source with its {@link Pool}; `close()` ends the pool. */
export interface UndiciDataSource extends GraphQLDataSource {
  close(): Promise<void>;
}

/** Connection failures after which the request provably never reached the subgraph. */
const NOT_SENT = new Set(['ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT', 'ENOTFOUND', 'EHOSTUNREACH']);

/**
 * Fetches subgraph operations over undici keep-alive {@link Pool}s (pipelining off), skipping
 * the node-fetch Request/Headers objects RemoteGraphQLDataSource builds per fetch.
 * A non-2xx answer becomes a SUBGRAPH_UNAVAILABLE error, as does a connection failure.
 *
 * With several replicas, fetches go round-robin to those not ejected. A replica whose
 * connection fails is ejected until its `/readyz` answers 200 again. A fetch that failed
 * before any answer is sent once more to another replica when that is safe: a query always
 * (entity fetches are queries), a mutation only when the request provably never left
 * (connection refused), so a write is never applied twice.
 */
export function createUndiciDataSource(options: UndiciDataSourceOptions): UndiciDataSource {
  const replicas = (typeof options.url === 'string' ? [options.url] : options.url).map((href) => {
    const url = new URL(href);
    return {
      href, origin: url.origin, path: url.pathname + url.search, ejected: false,
      pool: new Pool(url.origin, { connections: options.connections ?? 32, keepAliveTimeout: 60_000 }),
    };
  });
  type Replica = (typeof replicas)[number];
  const inFlight = new Map<string, Promise<string>>();
  const dedupe = options.dedupe ?? true;
  const probeIntervalMs = options.probeIntervalMs ?? 1000;
  let next = 0;
  let closed = false;

  /** The next replica round-robin, skipping ejected ones (all of them when none is left) and `not`. */
  const pick = (not?: Replica): Replica | undefined => {
    const candidates = replicas.filter((r) => r !== not && !r.ejected);
    const from = candidates.length > 0 ? candidates : replicas.filter((r) => r !== not);
    return from.length === 0 ? undefined : from[next++ % from.length];
  };

  /** Takes a replica out until its `/readyz` answers 200. */
  const eject = (replica: Replica) => {
    if (replica.ejected || replicas.length === 1) return;
    replica.ejected = true;
    const probe = async () => {
      if (closed) return;
      try {
        const res = await replica.pool.request({ path: '/readyz', method: 'GET', headersTimeout: probeIntervalMs, bodyTimeout: probeIntervalMs });
        await res.body.dump();
        if (res.statusCode === 200) {
          replica.ejected = false;
          return;
        }
      } catch {
        // still down
      }
      setTimeout(probe, probeIntervalMs).unref();
    };
    setTimeout(probe, probeIntervalMs).unref();
  };

  /** Extra headers made per attempt: a retry carries a fresh signature, not a replay of the first's nonce. */
  type Headers = () => Record<string, string> | undefined;

  const postTo = async (replica: Replica, body: string, extra: Headers): Promise<string> => {
    const res = await replica.pool.request({
      path: replica.path,
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...extra() },
      body,
    });
    const text = await res.body.text();
    if (res.statusCode < 200 || res.statusCode >= 300) {
      // GraphQL-over-HTTP servers answer request errors with 400 and a GraphQL body: pass those on.
      if (res.statusCode === 400 && text.startsWith('{')) return text;
      throw subgraphUnavailable(`${replica.href} answered HTTP ${res.statusCode}`);
    }
    return text;
  };

  const post = async (body: string, extra: Headers, mutation: boolean): Promise<string> => {
    const first = pick()!;
    try {
      return await postTo(first, body, extra);
    } catch (error) {
      if (error instanceof GraphQLError) throw error;
      eject(first);
      const notSent = NOT_SENT.has((error as { code?: string }).code ?? '');
      const other = (notSent || !mutation) ? pick(first) : undefined;
      if (!other) throw error;
      options.onRetry?.(first.href, other.href);
      return postTo(other, body, extra);
    }
  };

  return {
    async process(processOptions) {
      const { request } = processOptions;
      if (!request.query) throw new Error('Missing query');
      const body = JSON.stringify({ query: request.query, variables: request.variables, operationName: request.operationName });
      const extra = () => options.headers?.(processOptions);
      let text: string;
      try {
        const mutation = request.query.startsWith('mutation');
        const share = !dedupe || mutation ? undefined
          : options.shareKey ? `${options.shareKey(processOptions)}\n${body}` : options.headers ? undefined : body;
        if (share === undefined) {
          text = await post(body, extra, mutation);
        } else {
          let pending = inFlight.get(share);
          if (!pending) {
            pending = post(body, extra, false).finally(() => inFlight.delete(share));
            inFlight.set(share, pending);
          }
          text = await pending;
        }
      } catch (error) {
        if (error instanceof GraphQLError) throw error;
        throw subgraphUnavailable(`${replicas.map((r) => r.href).join(', ')} could not be reached: ${(error as Error).message}`);
      }
      return JSON.parse(text) as SubgraphResponse;
    },
    async close() {
      closed = true;
      await Promise.all(replicas.map((r) => r.pool.close()));
    },
  };
}

const subgraphUnavailable = (message: string) =>
  new GraphQLError(message, { extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE } });
