export { createMetrics, LATENCY_BUCKETS } from './Metrics.js';
export type { Metrics, MetricsOptions } from './Metrics.js';
export { instrumentHttpServer, metricsPlugin } from './metricsPlugin.js';
