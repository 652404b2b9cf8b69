import type { Server } from 'node:http';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { Metrics } from './Metrics.js';

/** Operation names are chosen by clients: past this many distinct ones, the rest count as "other". */
const MAX_OPERATION_LABELS = 200;

/**
 * Counts GraphQL requests and errors (by `extensions.code`) and times each operation:
 * `graphql_requests_total`, `graphql_errors_total`, `graphql_request_duration_seconds`.
 */
export function metricsPlugin(metrics: Metrics): ApolloServerPlugin<BaseContext> {
  const requests = metrics.counter('graphql_requests_total', 'GraphQL requests by operation', ['operation', 'type']);
  const errors = metrics.counter('graphql_errors_total', 'GraphQL errors sent to clients, by extensions.code', ['code']);
  const duration = metrics.histogram('graphql_request_duration_seconds', 'GraphQL request latency by operation', ['operation', 'type']);
  const seen = new Set<string>();
  const label = (name: string | null | undefined) => {
    if (!name) return 'anonymous';
    if (seen.has(name)) return name;
    if (seen.size >= MAX_OPERATION_LABELS) return 'other';
    seen.add(name);
    return name;
  };
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ operationName, operation, response }) {
          const labels = { operation: operation ? label(operationName) : 'invalid', type: operation?.operation ?? 'unknown' };
          requests.inc(labels);
          duration.observe(labels, (performance.now() - started) / 1000);
          if (response.body.kind === 'single') {
            for (const error of response.body.singleResult.errors ?? []) errors.inc({ code: String(error.extensions?.code ?? 'UNKNOWN') });
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
