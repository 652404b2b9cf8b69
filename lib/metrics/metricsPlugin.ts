import type { Server } from 'node:http';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { Metrics } from './Metrics.js';

/** Operation names are chosen by clients: past this many distinct ones, the rest count as "other". */
export const MAX_OPERATION_LABELS = 200;
/** Longest operation name kept as a label; longer ones (and names that are not GraphQL names) count as "other". */
export const MAX_OPERATION_LABEL_LENGTH = 64;
const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/**
 * A bounded label set for client-chosen values: at most `max` distinct values of at most
 * `maxLength` characters matching `shape`; everything else folds into `other`.
 */
export function boundedLabels(max: number, maxLength: number, shape: RegExp = GRAPHQL_NAME): (value: string) => string {
  const seen = new Set<string>();
  return (value) => {
    if (seen.has(value)) return value;
    if (value.length > maxLength || !shape.test(value) || seen.size >= max) return 'other';
    seen.add(value);
    return value;
  };
}

/**
 * Counts GraphQL requests and errors (by `extensions.code`) and times each operation:
 * `graphql_requests_total`, `graphql_errors_total`, `graphql_request_duration_seconds`.
 */
export function metricsPlugin(metrics: Metrics): ApolloServerPlugin<BaseContext> {
  const requests = metrics.counter('graphql_requests_total', 'GraphQL requests by operation', ['operation', 'type']);
  const errors = metrics.counter('graphql_errors_total', 'GraphQL errors sent to clients, by extensions.code', ['code']);
  const duration = metrics.histogram('graphql_request_duration_seconds', 'GraphQL request latency by operation', ['operation', 'type']);
  const operationLabel = boundedLabels(MAX_OPERATION_LABELS, MAX_OPERATION_LABEL_LENGTH);
  // Codes come from subgraph responses too; unregistered ones are masked, but bound them anyway.
  const codeLabel = boundedLabels(100, 64, /^[A-Z][A-Z0-9_]*$/);
  const label = (name: string | null | undefined) => (name ? operationLabel(name) : 'anonymous');
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ operationName, operation, response }) {
          const labels = { operation: operation ? label(operationName) : 'invalid', type: operation?.operation ?? 'unknown' };
          requests.inc(labels);
          duration.observe(labels, (performance.now() - started) / 1000);
          if (response.body.kind === 'single') {
            for (const error of response.body.singleResult.errors ?? []) errors.inc({ code: codeLabel(String(error.extensions?.code ?? 'UNKNOWN')) });
          }
        },
      };
    },
  };
}

/** Counts every HTTP response by status (`http_responses_total`), including requests refused before GraphQL (400, 413). */
export function instrumentHttpServer(server: Server, metrics: Metrics): void {
  const responses = metrics.counter('http_responses_total', 'HTTP responses by status code', ['status']);
  server.on('request', (_req, res) => res.once('finish', () => responses.inc({ status: String(res.statusCode) })));
}
