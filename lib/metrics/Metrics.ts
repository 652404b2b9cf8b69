import type { IncomingMessage, ServerResponse } from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Latency buckets in seconds: 1 ms to 10 s. */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * One service's Prometheus registry. Modules add their own metrics through the get-or-create
 * methods (calling twice with the same name returns the same metric), so the gateway,
 * subscriptions, the relay and carriers can share it without coordinating start-up order.
 */
export interface Metrics {
  readonly registry: Registry;
  counter<L extends string>(name: string, help: string, labelNames?: readonly L[]): Counter<L>;
  gauge<L extends string>(name: string, help: string, labelNames?: readonly L[]): Gauge<L>;
  /** @param buckets upper bounds in seconds; defaults to {@link LATENCY_BUCKETS} */
  histogram<L extends string>(name: string, help: string, labelNames?: readonly L[], buckets?: readonly number[]): Histogram<L>;
  /** Runs `collect` before every scrape, to set gauges read from elsewhere (hub stats, outbox lag, carrier snapshots). */
  onCollect(collect: () => void | Promise<void>): void;
  /** Serves the registry in the Prometheus text format (`GET /metrics`). */
  handler(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

/** Options for {@link createMetrics}. */
export interface MetricsOptions {
  /** Added to every metric as the `service` label. */
  readonly service: string;
  /** Process metrics (CPU, memory, event-loop lag, GC). @default true */
  readonly processMetrics?: boolean;
}

export function createMetrics(options: MetricsOptions): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service: options.service });
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });

  const collectors: (() => void | Promise<void>)[] = [];
  const getOrCreate = <M>(name: string, create: () => M): M => (registry.getSingleMetric(name) as M | undefined) ?? create();
  return {
    registry,
    counter: (name, help, labelNames = []) => getOrCreate(name, () => new Counter({ name, help, labelNames, registers: [registry] })),
    gauge: (name, help, labelNames = []) => getOrCreate(name, () => new Gauge({ name, help, labelNames, registers: [registry] })),
    histogram: (name, help, labelNames = [], buckets = LATENCY_BUCKETS) =>
      getOrCreate(name, () => new Histogram({ name, help, labelNames, buckets: [...buckets], registers: [registry] })),
    onCollect: (collect) => void collectors.push(collect),
    async handler(_req, res) {
      // A collector that fails (its store is down) leaves its gauges as they were; the scrape still answers.
      await Promise.allSettled(collectors.map(async (collect) => collect()));
      const body = await registry.metrics();
      res.writeHead(200, { 'content-type': registry.contentType });
      res.end(body);
    },
  };
}
