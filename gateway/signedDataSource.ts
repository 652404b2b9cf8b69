import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { signedRequestHeaders } from '../lib/auth/index.js';
import { currentRequest } from '../lib/logging/index.js';
import type { Metrics } from '../lib/metrics/index.js';
import { injectTraceContext } from '../lib/tracing/index.js';
import type { GatewayContext } from './GatewayContext.js';

/** Options for {@link SignedDataSource}. */
export interface SignedDataSourceOptions {
  readonly name: string;
  readonly url: string;
  /** The key subgraphs verify (`SUBGRAPH_SIGNING_KEY`). */
  readonly signingKey: string;
  readonly metrics: Metrics;
}

/**
 * The headers every gateway → subgraph request carries: the request id and the caller's
 * identity, signed. A replacement data source (another fetcher) must send these too.
 */
export function subgraphRequestHeaders(signingKey: string, options: GraphQLDataSourceProcessOptions<Partial<GatewayContext>>): Record<string, string> {
  const context = options.context as Partial<GatewayContext> | undefined;
  const { query, operationName, variables } = options.request;
  return signedRequestHeaders(signingKey, { requestId: context?.requestId ?? currentRequest()?.requestId, identity: context?.identity, query, operationName, variables });
}

/** @apollo/gateway's data source, signing each request and timing it (`gateway_subgraph_fetch_duration_seconds`). */
export class SignedDataSource extends RemoteGraphQLDataSource<Partial<GatewayContext>> {
  private readonly signingKey: string;
  private readonly subgraph: string;
  private readonly fetchDuration;

  constructor(options: SignedDataSourceOptions) {
    super({ url: options.url });
    this.signingKey = options.signingKey;
    this.subgraph = options.name;
    this.fetchDuration = options.metrics.histogram('gateway_subgraph_fetch_duration_seconds', 'Gateway → subgraph fetch latency', ['subgraph', 'outcome']);
  }

  override willSendRequest(options: GraphQLDataSourceProcessOptions<Partial<GatewayContext>>): void {
    const headers = options.request.http?.headers;
    if (!headers) return;
    for (const [name, value] of Object.entries(subgraphRequestHeaders(this.signingKey, options))) headers.set(name, value);
    injectTraceContext((name, value) => headers.set(name, value));
  }

  override async process(options: GraphQLDataSourceProcessOptions<Partial<GatewayContext>>) {
    const started = performance.now();
    let outcome = 'error';
    try {
      const response = await super.process(options);
      outcome = response.errors?.length ? 'graphql_errors' : 'ok';
      return response;
    } finally {
      this.fetchDuration.observe({ subgraph: this.subgraph, outcome }, (performance.now() - started) / 1000);
    }
  }
}
