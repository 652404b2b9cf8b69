import { readFileSync } from 'node:fs';
import type { SupergraphManager } from '@apollo/gateway';
import { DEFAULT_SHIPPING_SETTINGS, NO_CARRIERS, type CarrierSettings, type Environment, type ShippingSettings, type SubgraphName, type SubscriptionLimits, type Config } from '../lib/config/index.js';
import type { Db } from '../lib/db/index.js';
import { createStreamEventBus, openEventLog, startOutboxRelay, type EventBus, type EventLog } from '../lib/events/index.js';
import { createOramaSearchIndex, startSearchIndexing, type SearchIndex, type SearchIndexer } from '../lib/search/index.js';
import type { Logger } from '../lib/logging/index.js';
import { createMetrics } from '../lib/metrics/index.js';
import { fromRoot } from '../lib/paths.js';
import { migrateSubgraph, startSubgraph, type StoreSubgraph, type SubgraphServer } from '../lib/subgraph/index.js';
import { createGatewayEntityCache } from '../gateway/entityCache/index.js';
import { startGateway, type GatewayServer } from '../gateway/startGateway.js';
import { devStackSecurity, type StackSecurity } from './stackSecurity.js';
import { storeCheck, type ReadinessCheck } from '../lib/health/index.js';
import { catalogSubgraph } from '../subgraphs/catalog/index.js';
import { inventorySubgraph } from '../subgraphs/inventory/index.js';
import { pricingSubgraph } from '../subgraphs/pricing/index.js';
import {
  hasConfiguredCarrier, startDevCarriers, startShippingService, type CarrierSimulator, type ShippingService, type ShippingServiceOptions,
} from '../subgraphs/shipping/index.js';
import { createSearchSubgraph } from '../subgraphs/search/index.js';

export const STORE_SUBGRAPHS: readonly StoreSubgraph<any>[] = [catalogSubgraph, pricingSubgraph, inventorySubgraph];

/** Options for {@link startStack}. */
export interface StackOptions {
  readonly db: Db;
  readonly logger: Logger;
  /** Port 0 picks a free one (tests). */
  readonly gatewayPort: number;
  readonly subgraphPorts: Readonly<Record<SubgraphName, number>>;
  readonly host?: string;
  readonly environment?: Environment;
  readonly maxBodyBytes?: number;
  /** SDL or a hot-reloading source (gateway/supergraphSource.ts). @default schema/supergraph.graphql, read once */
  readonly supergraphSdl?: string | SupergraphManager;
  /** Keys and limits; @default {@link devStackSecurity}: random keys, default limits. */
  readonly security?: StackSecurity;
  /** Checked by every service's `/readyz` besides the store (e.g. Redis). */
  readonly readiness?: readonly ReadinessCheck[];
  /** Carrier APIs; when none is configured, the carrier simulator is started with credentials generated for this run. */
  readonly carriers?: CarrierSettings;
  /** @default DEFAULT_SHIPPING_SETTINGS (the simulator on port 4090: tests pass `simulatorPort: 0`) */
  readonly shipping?: Partial<ShippingSettings>;
  readonly carrierOptions?: ShippingServiceOptions['carrierOptions'];
  /** Redis for change events (bus and streams); unset uses in-process adapters. */
  readonly redisUrl?: string;
  /** Event relay and Redis key settings (lib/config defaults). */
  readonly events?: { readonly relayBatchSize?: number; readonly relayPollIntervalMs?: number; readonly keyPrefix?: string };
  /** The Db the outbox relay claims rows with. @default db */
  readonly relayDb?: Db;
  /** Feeds the gateway's subscriptions. @default the bus the outbox relay publishes to */
  readonly eventBus?: EventBus;
  readonly subscriptionLimits?: SubscriptionLimits;
  /** Gateway entity cache settings (lib/config `ENTITY_CACHE*`), invalidated by the stack's bus. @default off */
  readonly entityCache?: Pick<Config, 'entityCache' | 'entityCacheTtlMs' | 'entityCacheDisabled'>;
  /** The search index; the caller closes it. @default an in-memory embedded index, closed with the stack */
  readonly searchIndex?: SearchIndex;
}

/** The whole stack in one process: migrations, every subgraph, and the gateway pointed at them. */
export interface Stack {
  readonly gateway: GatewayServer;
  /** The keys and limits the stack runs with (tests mint tokens with `security.auth.sharedSecret`). */
  readonly security: StackSecurity;
  readonly subgraphs: Readonly<Record<SubgraphName, SubgraphServer>>;
  /** Carrier clients, quoter and metrics of the shipping subgraph. */
  readonly shipping: ShippingService;
  readonly carrierSimulator: CarrierSimulator | undefined;
  /** Live change events for subscribers (the Redis streams, or the in-process bus), fed by the outbox relay; the gateway listens to it. */
  readonly eventBus: EventBus;
  /** Durable change-event streams for `startDurableConsumer` (Redis Streams or in-process). */
  readonly eventLog: EventLog;
  readonly searchIndex: SearchIndex;
  /** Applies change events to the search index (a durable consumer of the event log). */
  readonly indexer: SearchIndexer;
  close(): Promise<void>;
}

/** Migrates the store and starts the subgraphs, then the gateway over them. */
export async function startStack(options: StackOptions): Promise<Stack> {
  for (const subgraph of STORE_SUBGRAPHS) await migrateSubgraph(options.db, subgraph.name);
  const security = options.security ?? devStackSecurity();
  const readiness = [storeCheck(options.db), ...(options.readiness ?? [])];
  const eventLog = openEventLog({ redisUrl: options.redisUrl, keyPrefix: options.events?.keyPrefix ?? 'commerce:' });
  // One registry for the process: the gateway serves it at /metrics, with the relay's figures.
  const metrics = createMetrics({ service: 'gateway' });
  const relay = await startOutboxRelay({
    db: options.relayDb ?? options.db, log: eventLog, metrics,
    batchSize: options.events?.relayBatchSize, pollIntervalMs: options.events?.relayPollIntervalMs,
    onError: (err, context) => options.logger.warn({ err, ...context }, 'event relay'),
  });
  const listen = { host: options.host, maxBodyBytes: options.maxBodyBytes, logger: options.logger };
  const signed = { signingKey: security.signingKey, signatureMaxAgeSeconds: security.signatureMaxAgeSeconds, readiness };
  const searchIndex = options.searchIndex ?? (await createOramaSearchIndex());
  const indexing = await startSearchIndexing({ index: searchIndex, db: options.db, log: eventLog, logger: options.logger });
  const definitions = [...STORE_SUBGRAPHS.map((s) => s.create(options.db)), createSearchSubgraph(searchIndex)];
  const started = await Promise.all(
    definitions.map((d) => startSubgraph(d, { ...listen, ...signed, port: options.subgraphPorts[d.name as SubgraphName] })),
  );
  const stores = Object.fromEntries(definitions.map((d, i) => [d.name, started[i]!])) as Record<StoreSubgraph['name'] | 'search', SubgraphServer>;
  const shippingSettings = { ...DEFAULT_SHIPPING_SETTINGS, ...options.shipping };
  const dev = hasConfiguredCarrier(options.carriers ?? NO_CARRIERS)
    ? undefined
    : await startDevCarriers({ port: shippingSettings.simulatorPort, host: options.host });
  const shipping = await startShippingService({
    ...listen, ...signed, port: options.subgraphPorts.shipping, catalogUrl: stores.catalog.url, settings: shippingSettings,
    carriers: dev?.carriers ?? options.carriers ?? NO_CARRIERS, carrierOptions: options.carrierOptions,
  });
  const subgraphs: Record<SubgraphName, SubgraphServer> = { ...stores, shipping: shipping.server };
  // Subscribers follow the event streams the relay appends to, on Redis or in process alike.
  const streamBus = options.eventBus ? undefined : createStreamEventBus({ log: eventLog, onError: (err) => options.logger.debug({ err }, 'event stream') });
  const eventBus = options.eventBus ?? streamBus!;
  const entityCache = options.entityCache
    ? await createGatewayEntityCache({ ...options.entityCache, redisUrl: options.redisUrl }, eventBus, options.logger)
    : undefined;
  const gateway = await startGateway({
    ...listen,
    supergraphSdl: options.supergraphSdl ?? readFileSync(fromRoot('schema', 'supergraph.graphql'), 'utf8'),
    subgraphUrls: Object.fromEntries(Object.entries(subgraphs).map(([name, server]) => [name, server.url])),
    port: options.gatewayPort,
    environment: options.environment ?? 'development',
    authenticator: security.authenticator,
    signingKey: security.signingKey,
    limits: security.limits,
    readiness,
    eventBus,
    subscriptionLimits: options.subscriptionLimits,
    entityCache: entityCache?.cache,
    metrics,
  });
  return {
    gateway,
    security,
    subgraphs,
    shipping,
    carrierSimulator: dev?.simulator,
    eventBus,
    eventLog,
    searchIndex,
    indexer: indexing.indexer,
    async close() {
      await gateway.close();
      await entityCache?.close();
      await shipping.close();
      await Promise.all(started.map((s) => s.close()));
      await indexing.stop();
      if (!options.searchIndex) await searchIndex.close();
      await dev?.simulator.close();
      await relay.stop();
      await streamBus?.close();
      await eventLog.close();
    },
  };
}
