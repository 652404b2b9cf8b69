import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ANONYMOUS, signedRequestHeaders } from '../lib/auth/index.js';
import { currentRequest } from '../lib/logging/index.js';
import type { Metrics } from '../lib/metrics/index.js';
import { injectTraceContext } from '../lib/tracing/index.js';
import type { GatewayContext } from './GatewayContext.js';
import { createUndiciDataSource, type UndiciDataSource } from './undiciDataSource.js';

/** Options for {@link createSignedDataSource}. */
export interface SignedDataSourceOptions {
  readonly name: string;
  /** Its URL, or its replicas' (balanced, a failed query retried on another). */
  readonly url: string | readonly string[];
  /** The key subgraphs verify (`SUBGRAPH_SIGNING_KEY`); none: calls go unsigned (`SUBGRAPH_SIGNING=off`). */
  readonly signingKey: string | undefined;
  readonly metrics: Metrics;
}

/**
 * The headers every gateway → subgraph request carries: the request id and the caller's
 * identity, signed, plus the trace context. A replacement data source must send these too.
 */
export function subgraphRequestHeaders(signingKey: string, subgraph: string, options: GraphQLDataSourceProcessOptions): Record<string, string> {
  const context = options.context as Partial<GatewayContext> | undefined;
  const { query, operationName, variables } = options.request;
  // The API client rides in the signed identity, so a subgraph may record which app called (the search log).
  const client = context?.edge?.client?.id;
  const identity = client ? { ...(context?.identity ?? ANONYMOUS), client } : context?.identity;
  return { ...signedRequestHeaders(signingKey, { audience: subgraph, requestId: context?.requestId ?? currentRequest()?.requestId, identity, query, operationName, variables }), ...traceHeaders() };
}

/** Only the trace context: what an unsigned call still carries. */
function traceHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  injectTraceContext((name, value) => void (headers[name] = value));
  return headers;
}

/**
 * The gateway's subgraph fetcher: the undici keep-alive data source (the measured lever, see
 * docs/architecture.md), each request signed and timed (`gateway_subgraph_fetch_duration_seconds`).
 */
export function createSignedDataSource(options: SignedDataSourceOptions): UndiciDataSource {
  const fetchDuration = options.metrics.histogram('gateway_subgraph_fetch_duration_seconds', 'Gateway → subgraph fetch latency', ['subgraph', 'outcome']);
  const retries = options.metrics.counter('gateway_subgraph_retries_total', 'Subgraph fetches sent again to another replica after failing before any answer', ['subgraph']);
  const source = createUndiciDataSource({
    url: options.url,
    onRetry: () => retries.inc({ subgraph: options.name }),
    headers: (processOptions) => (options.signingKey ? subgraphRequestHeaders(options.signingKey, options.name, processOptions) : traceHeaders()),
    // Identical fetches in flight for the same caller share one round trip: the answer is theirs alike.
    shareKey: (processOptions) => JSON.stringify((processOptions.context as Partial<GatewayContext> | undefined)?.identity ?? null),
  });
  return {
    async process(processOptions: GraphQLDataSourceProcessOptions) {
      const started = performance.now();
      let outcome = 'error';
      try {
        const response = await source.process(processOptions);
        outcome = response.errors?.length ? 'graphql_errors' : 'ok';
        return response;
      } finally {
        fetchDuration.observe({ subgraph: options.name, outcome }, (performance.now() - started) / 1000);
      }
    },
    close: () => source.close(),
  } satisfies GraphQLDataSource & { close(): Promise<void> };
}
