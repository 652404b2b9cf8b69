import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { Pool } from 'undici';
import { ErrorCode } from '../lib/errors/index.js';

/** What a data source answers: the subgraph's GraphQL response. */
export type SubgraphResponse = Awaited<ReturnType<GraphQLDataSource['process']>>;

/** Options for {@link createUndiciDataSource}. */
export interface UndiciDataSourceOptions {
  /** The subgraph's GraphQL endpoint. */
  readonly url: string;
  /** Keep-alive connections to the subgraph. @default 32 */
  readonly connections?: number;
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

/**
 * Fetches subgraph operations over an undici keep-alive {@link Pool} (pipelining off), skipping
 * the node-fetch Request/Headers objects RemoteGraphQLDataSource builds per fetch.
 * A non-2xx answer becomes a SUBGRAPH_UNAVAILABLE error, as does a connection failure.
 */
export function createUndiciDataSource(options: UndiciDataSourceOptions): UndiciDataSource {
  const url = new URL(options.url);
  const pool = new Pool(url.origin, { connections: options.connections ?? 32, keepAliveTimeout: 60_000 });
  const path = url.pathname + url.search;
  const inFlight = new Map<string, Promise<string>>();
  const dedupe = options.dedupe ?? true;

  const post = async (body: string, extra: Record<string, string> | undefined): Promise<string> => {
    const res = await pool.request({
      path,
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...extra },
      body,
    });
    const text = await res.body.text();
    if (res.statusCode < 200 || res.statusCode >= 300) {
      // GraphQL-over-HTTP servers answer request errors with 400 and a GraphQL body: pass those on.
      if (res.statusCode === 400 && text.startsWith('{')) return text;
      throw subgraphUnavailable(`${options.url} answered HTTP ${res.statusCode}`);
    }
    return text;
  };

  return {
    async process(processOptions) {
      const { request } = processOptions;
      if (!request.query) throw new Error('Missing query');
      const body = JSON.stringify({ query: request.query, variables: request.variables, operationName: request.operationName });
      const extra = options.headers?.(processOptions);
      let text: string;
      try {
        const share = !dedupe || request.query.startsWith('mutation') ? undefined
          : options.shareKey ? `${options.shareKey(processOptions)}\n${body}` : extra ? undefined : body;
        if (share === undefined) {
          text = await post(body, extra);
        } else {
          let pending = inFlight.get(share);
          if (!pending) {
            pending = post(body, extra).finally(() => inFlight.delete(share));
            inFlight.set(share, pending);
          }
          text = await pending;
        }
      } catch (error) {
        if (error instanceof GraphQLError) throw error;
        throw subgraphUnavailable(`${options.url} could not be reached: ${(error as Error).message}`);
      }
      return JSON.parse(text) as SubgraphResponse;
    },
    close: () => pool.close(),
  };
}

const subgraphUnavailable = (message: string) =>
  new GraphQLError(message, { extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE } });
