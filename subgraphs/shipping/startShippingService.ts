import type { CarrierSettings, ShippingSettings } from '../../lib/config/index.js';
import { startSubgraph, type ListenOptions, type SubgraphServer } from '../../lib/subgraph/index.js';
import { createCarrierMetrics, registerCarrierMetrics, type CarrierMetrics } from './CarrierMetrics.js';
import type { Carrier } from './carriers/Carrier.js';
import type { CarrierOptions } from './carriers/CarrierOptions.js';
import { createCarriers } from './carriers/createCarriers.js';
import { createCatalogProductSource } from './catalogProductSource.js';
import { createShippingSubgraph } from './createShippingSubgraph.js';
import { createShippingQuoter, type ShippingQuoter } from './shippingQuoter.js';

/** Options for {@link startShippingService}. */
export interface ShippingServiceOptions extends ListenOptions {
  /** Shipping signs its own calls to catalog with it, so it needs a real key. */
  readonly signingKey: string;
  readonly carriers: CarrierSettings;
  readonly settings: ShippingSettings;
  /** The catalog subgraph's GraphQL URL, for weighing products by id. */
  readonly catalogUrl: string | readonly string[];
  /** Overrides of the carriers' policy (breaker threshold, retries…), for tests and benchmarks. */
  readonly carrierOptions?: Omit<CarrierOptions, 'listener'>;
}

/** The running shipping subgraph with its carriers and their metrics. */
export interface ShippingService {
  readonly server: SubgraphServer;
  readonly quoter: ShippingQuoter;
  readonly carriers: readonly Carrier[];
  /** Per-carrier latency, outcomes and breaker state, for the observability layer. */
  readonly metrics: CarrierMetrics;
  close(): Promise<void>;
}

/** Builds a client per configured carrier and serves the shipping subgraph. */
export async function startShippingService(options: ShippingServiceOptions): Promise<ShippingService> {
  const { settings } = options;
  const metrics = createCarrierMetrics();
  const carriers = createCarriers(options.carriers, {
    callTimeoutMs: settings.callTimeoutMs,
    breakerHalfOpenMs: settings.breakerHalfOpenMs,
    ...options.carrierOptions,
    metrics,
  });
  if (carriers.length === 0) options.logger.warn('shipping: no carrier is configured (CARRIER_*_URL); every quote will be empty');
  const quoter = createShippingQuoter({ carriers, deadlineMs: settings.deadlineMs, cacheTtlMs: settings.quoteCacheTtlMs, metrics });
  const products = createCatalogProductSource(options.catalogUrl, { signingKey: options.signingKey });
  const server = await startSubgraph(createShippingSubgraph(quoter, products, settings.maxQuotesPerRequest), options);
  registerCarrierMetrics(server.metrics, metrics);
  return {
    server,
    quoter,
    carriers,
    metrics,
    async close() {
      await server.close();
      await Promise.all([products.close(), ...carriers.map((c) => c.close())]);
    },
  };
}
