export { createShippingSubgraph } from './createShippingSubgraph.js';
export { startShippingService } from './startShippingService.js';
export type { ShippingService, ShippingServiceOptions } from './startShippingService.js';
export { createCarrierMetrics, LATENCY_BUCKETS_MS } from './CarrierMetrics.js';
export type { CarrierMetrics, CarrierMetricsEntry, CarrierMetricsSnapshot } from './CarrierMetrics.js';
export { carriersForEnvironment, hasConfiguredCarrier, startDevCarriers } from './simulator/startDevCarriers.js';
export type { CarrierSimulator } from './simulator/carrierSimulator.js';
