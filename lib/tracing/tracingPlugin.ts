import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('commerce-supergraph');

/**
 * A server span per GraphQL request, continuing the trace the caller propagated
 * (`traceparent`). A no-op when tracing is not started.
 */
export function tracingPlugin(service: string): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart({ request }) {
      const carrier: Record<string, string> = {};
      for (const [key, value] of request.http?.headers ?? []) carrier[key] = value;
      const span = tracer.startSpan(`${service} graphql`, { kind: SpanKind.SERVER }, propagation.extract(context.active(), carrier));
      return {
        async willSendResponse({ operationName, operation, errors }) {
          span.setAttributes({ 'graphql.operation.name': operationName ?? '', 'graphql.operation.type': operation?.operation ?? '' });
          if (errors?.length) span.setStatus({ code: SpanStatusCode.ERROR, message: String(errors[0]?.extensions?.code ?? 'error') });
          span.end();
        },
      };
    },
  };
}

/** Adds the active trace context (`traceparent`) to outgoing request headers. */
export function injectTraceContext(setHeader: (name: string, value: string) => void): void {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  for (const [name, value] of Object.entries(carrier)) setHeader(name, value);
}
