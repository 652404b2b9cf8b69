import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

/** What {@link startTracing} returns: flush and stop exporting. */
export interface Tracing {
  shutdown(): Promise<void>;
}

/**
 * Exports OpenTelemetry traces by OTLP/HTTP to `endpoint` (`OTEL_EXPORTER_OTLP_ENDPOINT`,
 * e.g. `http://collector:4318`) and registers the W3C trace-context propagator, so the
 * gateway's spans (request, plan, fetch, emitted by @apollo/gateway) and the subgraphs'
 * request spans join one trace. Without an endpoint nothing is registered and the
 * OpenTelemetry API stays a no-op.
 */
export function startTracing(options: { readonly endpoint: string | undefined; readonly service: string }): Tracing {
  if (!options.endpoint) return { shutdown: async () => {} };
  const provider = new NodeTracerProvider({
    resource: new Resource({ 'service.name': options.service }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${options.endpoint.replace(/\/$/, '')}/v1/traces` }), { scheduledDelayMillis: 1000 })],
  });
  provider.register();
  return { shutdown: () => provider.shutdown() };
}
