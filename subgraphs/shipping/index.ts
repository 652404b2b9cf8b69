import { DEFAULT_SHIPPING_SETTINGS, NO_CARRIERS, type CarrierSettings, type ShippingSettings } from '../../lib/config/index.js';
import type { Db } from '../../lib/db/index.js';
import type { StoreSubgraph, StoreSubgraphInstance, StoreSubgraphServices } from '../../lib/subgraph/index.js';
import { createCarrierMetrics, registerCarrierMetrics, type CarrierMetrics } from './CarrierMetrics.js';
import type { Carrier } from './carriers/Carrier.js';
import type { CarrierOptions } from './carriers/CarrierOptions.js';
import { createCarriers } from './carriers/createCarriers.js';
import { createCatalogProductSource } from './catalogProductSource.js';
import { createShippingContext, type ShippingRequestContext, type ShippingService } from './context.js';
import { resolvers } from './resolvers.js';
import { createShippingQuoter, type ShippingQuoter } from './shippingQuoter.js';
import type { CarrierSimulator } from './simulator/carrierSimulator.js';
import { carriersForEnvironment } from './simulator/startDevCarriers.js';
import { TRACKING_PATHS, trackingRoutes } from './tracking/trackingRoutes.js';
import { TRACKING_CARRIERS } from './tracking/TrackingStatus.js';

export { createCarrierMetrics, LATENCY_BUCKETS_MS } from './CarrierMetrics.js';
export type { CarrierMetrics, CarrierMetricsEntry, CarrierMetricsSnapshot } from './CarrierMetrics.js';
export { carriersForEnvironment, hasConfiguredCarrier, startDevCarriers } from './simulator/startDevCarriers.js';
export type { CarrierSimulator } from './simulator/carrierSimulator.js';
export { TRACKING_PATHS } from './tracking/trackingRoutes.js';

/** Options for {@link createShippingSubgraph}. */
export interface ShippingSubgraphOptions {
  /** Carrier APIs (config `carriers`). With none configured outside production: the carrier simulator on `settings.simulatorPort`. @default none */
  readonly carriers?: CarrierSettings;
  /** @default DEFAULT_SHIPPING_SETTINGS with the simulator on a free port */
  readonly settings?: Partial<ShippingSettings>;
  /** Overrides of the carriers' policy (breaker threshold, retries…), for tests and benchmarks. */
  readonly carrierOptions?: Omit<CarrierOptions, 'listener'>;
  /** Interface the simulator binds to. */
  readonly host?: string;
}

/** A shipping subgraph as started in a process. */
export interface ShippingInstance extends StoreSubgraphInstance<ShippingRequestContext> {
  /** Per-carrier latency, outcomes and breaker state. */
  readonly metrics: CarrierMetrics;
  /** The quoter and carriers (after start). */
  quoter(): ShippingQuoter;
  carriers(): readonly Carrier[];
  /** The carrier simulator this instance started, if it did. */
  carrierSimulator(): CarrierSimulator | undefined;
}

/**
 * Shipping: live carrier quotes (`shippingQuotes`, `Product.shippingEstimate`), the labels the
 * checkout saga books (`bookShipment`, scope `shipping:book`), and the carriers' tracking
 * pushes (`/webhooks/tracking/<carrier>`) folded into `Order.shipment`.
 */
export function createShippingSubgraph(options: ShippingSubgraphOptions = {}): StoreSubgraph<ShippingRequestContext> & { create(db: Db, services: StoreSubgraphServices): ShippingInstance } {
  const settings = { ...DEFAULT_SHIPPING_SETTINGS, simulatorPort: 0, ...options.settings };
  return {
    name: 'shipping',
    create(db, services) {
      const metrics = createCarrierMetrics();
      if (services.metrics) registerCarrierMetrics(services.metrics, metrics);
      let started: (ShippingService & { carrierSettings: CarrierSettings; simulator: CarrierSimulator | undefined }) | undefined;
      const running = () => {
        if (!started) throw new Error('the shipping subgraph has not started its carriers yet');
        return started;
      };
      return {
        name: 'shipping',
        resolvers,
        metrics,
        quoter: () => running().quoter,
        carriers: () => running().carriers,
        carrierSimulator: () => started?.simulator,
        context: () => createShippingContext(running()),
        routes: trackingRoutes({
          db, logger: services.logger, metrics: services.metrics,
          checks(carrier) {
            const c = started?.carrierSettings;
            if (carrier === 'parcelo') return c?.parcelo.webhookToken ? { secret: c.parcelo.webhookToken } : undefined;
            if (carrier === 'skyway') return c?.skyway.webhookKey ? { secret: c.skyway.webhookKey, audience: c.skyway.clientId } : undefined;
            return c?.freightly.webhookSecret ? { secret: c.freightly.webhookSecret } : undefined;
          },
        }),
        async start() {
          const { carriers: carrierSettings, simulator } = await carriersForEnvironment({
            carriers: options.carriers ?? NO_CARRIERS, environment: services.environment, port: settings.simulatorPort, host: options.host, logger: services.logger,
          });
          const carriers = createCarriers(carrierSettings, {
            callTimeoutMs: settings.callTimeoutMs, breakerHalfOpenMs: settings.breakerHalfOpenMs, ...options.carrierOptions, metrics,
          });
          if (carriers.length === 0) services.logger.warn('shipping: no carrier is configured (CARRIER_*_URL); every quote will be empty');
          const quoter = createShippingQuoter({ carriers, deadlineMs: settings.deadlineMs, cacheTtlMs: settings.quoteCacheTtlMs, metrics });
          const products = createCatalogProductSource(services.subgraphUrls('catalog'), { signingKey: services.signingKey });
          // The simulator pushes tracking here, as a carrier's dashboard would be told to.
          const self = new URL(services.subgraphUrls('shipping')[0]!);
          for (const carrier of TRACKING_CARRIERS) simulator?.shipments.setWebhookUrl(carrier, new URL(TRACKING_PATHS[carrier], self.origin).href);
          started = { db, quoter, carriers, products, logger: services.logger, maxQuotesPerRequest: settings.maxQuotesPerRequest, carrierSettings, simulator };
        },
        async close() {
          if (!started) return;
          await Promise.all([started.products.close(), ...started.carriers.map((c) => c.close())]);
          await started.simulator?.close();
        },
      };
    },
  };
}

export const shippingSubgraph = createShippingSubgraph();
