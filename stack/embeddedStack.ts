import { readFileSync } from 'node:fs';
import type { SupergraphManager } from '@apollo/gateway';
import {
  DEFAULT_SUBSCRIPTION_LIMITS, forEachSubgraph, STORE_SUBGRAPH_NAMES, type CarrierSettings, type Config, type Environment, type ShippingSettings, type WebhookSettings,
  type StoreSubgraphName, type SubgraphName, type SubscriptionLimits,
} from '../lib/config/index.js';
import type { Db } from '../lib/db/index.js';
import { openEventLog, startOutboxRelay, type EventBus, type EventLog } from '../lib/events/index.js';
import { startEventStore } from '../lib/eventStore/index.js';
import { createOramaSearchIndex, loadRankingVariants, type RankingVariants, type SearchIndex } from '../lib/search/index.js';
import { startSearchIndexing, type SearchIndexer } from '../subgraphs/search/indexing/index.js';
import type { Logger } from '../lib/logging/index.js';
import { createMetrics } from '../lib/metrics/index.js';
import { fromRoot } from '../lib/paths.js';
import { createSubgraphClient, migrateSubgraph, startSubgraph, type StoreSubgraph, type SubgraphServer } from '../lib/subgraph/index.js';
import type { GatewayServer } from '../gateway/startGateway.js';
import { startGatewayService } from '../gateway/startGatewayService.js';
import { devStackSecurity, type StackSecurity } from './stackSecurity.js';
import { storeCheck, type ReadinessCheck } from '../lib/health/index.js';
import { catalogSubgraph } from '../subgraphs/catalog/index.js';
import { inventorySubgraph } from '../subgraphs/inventory/index.js';
import { pricingSubgraph } from '../subgraphs/pricing/index.js';
import { createOrdersSubgraph, ordersSubgraph, type OrdersInstance, type OrdersSubgraphOptions } from '../subgraphs/orders/index.js';
import { createPaymentsSubgraph, paymentsSubgraph, type PaymentsInstance, type PaymentsSubgraphOptions } from '../subgraphs/payments/index.js';
import { createShippingSubgraph, shippingSubgraph, type CarrierSimulator, type ShippingInstance, type ShippingSubgraphOptions } from '../subgraphs/shipping/index.js';
import { createCategorySuggestions, createSearchLogSender, createSearchSubgraph, SEARCH_SERVICE_IDENTITY, type SearchLogSink } from '../subgraphs/search/index.js';
import { createWebhooksSubgraph, webhooksSubgraph } from '../subgraphs/webhooks/index.js';
import { clientsSubgraph } from '../subgraphs/clients/index.js';
import { createInsightsSubgraph, insightsSubgraph, type InsightsSubgraphOptions } from '../subgraphs/insights/index.js';

/** The store subgraphs' modules, by name (lib/config/subgraphs.ts lists them; the compiler asks for a new one here). */
export const STORE_SUBGRAPHS: Readonly<Record<StoreSubgraphName, StoreSubgraph<any>>> = {
  catalog: catalogSubgraph, pricing: pricingSubgraph, inventory: inventorySubgraph, shipping: shippingSubgraph, orders: ordersSubgraph, payments: paymentsSubgraph,
  webhooks: webhooksSubgraph, clients: clientsSubgraph, insights: insightsSubgraph,
};

/** Options for {@link startStack}. */
export interface StackOptions {
  readonly db: Db;
  readonly logger: Logger;
  /** Port 0 picks a free one (tests). */
  readonly gatewayPort: number;
  /** The offline GraphiQL at `/graphiql`. @default on outside production */
  readonly graphiql?: boolean;
  /** @default 0 for each: free ports */
  readonly subgraphPorts?: Readonly<Record<SubgraphName, number>>;
  readonly host?: string;
  readonly environment?: Environment;
  readonly maxBodyBytes?: number;
  /** SDL or a hot-reloading source (gateway/supergraphSource.ts). @default schema/supergraph.graphql, read once */
  readonly supergraphSdl?: string | SupergraphManager;
  /** Keys and limits; @default {@link devStackSecurity}: random keys, default limits. */
  readonly security?: StackSecurity;
  /** Checked by every service's `/readyz` besides the store (e.g. Redis). */
  readonly readiness?: readonly ReadinessCheck[];
  /** Carrier APIs; when none is configured outside production, the carrier simulator is started with credentials generated for this run. */
  readonly carriers?: CarrierSettings;
  /** @default DEFAULT_SHIPPING_SETTINGS with the simulator on a free port (`npm start` passes the configured 4090) */
  readonly shipping?: Partial<ShippingSettings>;
  readonly carrierOptions?: ShippingSubgraphOptions['carrierOptions'];
  /** Redis for change events (bus and streams); unset uses in-process adapters. */
  readonly redisUrl?: string;
  /** Event relay and Redis key settings (lib/config defaults). */
  readonly events?: { readonly relayBatchSize?: number; readonly relayPollIntervalMs?: number; readonly keyPrefix?: string };
  /** The event store's settings (lib/config `EVENT_STORE_*`). @default every event kept */
  readonly eventStore?: { readonly retentionMonths?: number };
  /** The Db the outbox relay claims rows with, the event store appends with, and background loops (reservation sweeper, saga recovery) poll. @default db */
  readonly relayDb?: Db;
  /** Feeds the gateway's subscriptions. @default the bus the outbox relay publishes to */
  readonly eventBus?: EventBus;
  readonly subscriptionLimits?: SubscriptionLimits;
  /** Gateway entity cache settings (lib/config `ENTITY_CACHE*`), invalidated by the stack's bus. @default off */
  readonly entityCache?: Pick<Config, 'entityCache' | 'entityCacheTtlMs' | 'entityCacheDisabled'>;
  /** Saga timings of the orders subgraph. @default its defaults */
  readonly orders?: OrdersSubgraphOptions;
  /** The payment providers. @default the payment simulator on a free port (never in production) */
  readonly payments?: PaymentsSubgraphOptions;
  /** The gateway's edge (lib/config `API_KEY_*`). @default keys optional, looked up every 10 s */
  readonly edge?: Partial<Pick<Config, 'apiKeyRequired' | 'apiKeyCacheSeconds' | 'corsOrigins'>>;
  /** How partner webhooks are sent (lib/config `WEBHOOK_*`). @default DEFAULT_WEBHOOK_SETTINGS */
  readonly webhooks?: WebhookSettings;
  /** The search index; the caller closes it. @default an in-memory embedded index, closed with the stack */
  readonly searchIndex?: SearchIndex;
  /** Ranking variants and experiments. @default stack/ranking.json */
  readonly searchRanking?: RankingVariants;
  /** How the search subgraph batches its query log to insights (ms a search may wait). @default 100 */
  readonly searchLogFlushMs?: number;
  readonly insights?: InsightsSubgraphOptions;
}

/** The whole stack in one process: migrations, every subgraph, and the gateway pointed at them. */
export interface Stack {
  readonly gateway: GatewayServer;
  /** The keys and limits the stack runs with (tests mint tokens with `security.auth.sharedSecret`). */
  readonly security: StackSecurity;
  readonly subgraphs: Readonly<Record<SubgraphName, SubgraphServer>>;
  /** Carrier clients, quoter and metrics of the shipping subgraph. */
  readonly shipping: ShippingInstance;
  readonly carrierSimulator: CarrierSimulator | undefined;
  /** Live change events for subscribers: a follower of the event log the outbox relay appends to; the gateway listens to it. */
  readonly eventBus: EventBus;
  /** Durable change-event streams for `startDurableConsumer` (Redis Streams or in-process). */
  readonly eventLog: EventLog;
  readonly searchIndex: SearchIndex;
  /** Applies change events to the search index (a durable consumer of the event log). */
  readonly indexer: SearchIndexer;
  /** The search subgraph's query log sender (`flush()` sends what is queued to insights). */
  readonly searchLog: SearchLogSink;
  /** The orders subgraph's checkout saga. */
  readonly orders: OrdersInstance;
  /** The payments subgraph's providers and payment simulator. */
  readonly payments: PaymentsInstance;
  close(): Promise<void>;
}

/** Migrates the store and starts the subgraphs, then the gateway over them. */
export async function startStack(options: StackOptions): Promise<Stack> {
  const stores = STORE_SUBGRAPH_NAMES.map((name) => STORE_SUBGRAPHS[name]);
  for (const subgraph of stores) await migrateSubgraph(options.db, subgraph.name);
  const security = options.security ?? devStackSecurity();
  const ports = options.subgraphPorts ?? forEachSubgraph(() => 0);
  const environment = options.environment ?? 'development';
  const readiness = [storeCheck(options.db), ...(options.readiness ?? [])];
  const eventLog = openEventLog({ redisUrl: options.redisUrl, keyPrefix: options.events?.keyPrefix ?? 'commerce:' });
  // One registry for the process: the gateway serves it at /metrics, with the relay's figures.
  const metrics = createMetrics({ service: 'gateway' });
  const relay = await startOutboxRelay({
    db: options.relayDb ?? options.db, log: eventLog, metrics,
    batchSize: options.events?.relayBatchSize, pollIntervalMs: options.events?.relayPollIntervalMs,
    onError: (err, context) => options.logger.warn({ err, ...context }, 'event relay'),
  });
  // Every event the relay appends, kept in the event_store schema (a durable consumer of the log).
  const eventStore = await startEventStore({
    db: options.relayDb ?? options.db, log: eventLog, logger: options.logger, metrics, retentionMonths: options.eventStore?.retentionMonths,
  });
  const listen = { host: options.host, maxBodyBytes: options.maxBodyBytes, logger: options.logger };
  const signed = { signingKey: security.signingKey, signatureMaxAgeSeconds: security.signatureMaxAgeSeconds, readiness };
  const searchIndex = options.searchIndex ?? (await createOramaSearchIndex());
  const indexing = await startSearchIndexing({ index: searchIndex, db: options.db, log: eventLog, logger: options.logger });
  const urls = new Map<string, string>();
  const registry = {
    ...STORE_SUBGRAPHS,
    orders: options.orders ? createOrdersSubgraph(options.orders) : ordersSubgraph,
    payments: options.payments ? createPaymentsSubgraph(options.payments) : paymentsSubgraph,
    webhooks: options.webhooks ? createWebhooksSubgraph(options.webhooks) : webhooksSubgraph,
    // `npm start` runs the carrier simulator on SHIPPING_SIMULATOR_PORT (4090); tests pass 0.
    shipping: createShippingSubgraph({ carriers: options.carriers, settings: options.shipping, carrierOptions: options.carrierOptions, host: options.host }),
    insights: options.insights ? createInsightsSubgraph(options.insights) : insightsSubgraph,
  };
  const instances = STORE_SUBGRAPH_NAMES.map((name) => registry[name].create(options.db, {
    logger: options.logger, signingKey: security.signingKey, environment, backgroundDb: options.relayDb, metrics, eventLog,
    subgraphUrls: (name) => {
      const url = urls.get(name);
      if (!url) throw new Error(`subgraph ${name} is not listening yet`);
      return [url];
    },
  }));
  const orders = instances[STORE_SUBGRAPH_NAMES.indexOf('orders')] as OrdersInstance;
  const payments = instances[STORE_SUBGRAPH_NAMES.indexOf('payments')] as PaymentsInstance;
  const shipping = instances[STORE_SUBGRAPH_NAMES.indexOf('shipping')] as ShippingInstance;
  // The search subgraph logs every search to insights, signed as the search service.
  const searchLog = createSearchLogSender({
    insights: () => createSubgraphClient({ name: 'insights', url: [urls.get('insights')!], signingKey: security.signingKey, identity: SEARCH_SERVICE_IDENTITY }),
    logger: options.logger, metrics, flushMs: options.searchLogFlushMs,
  });
  const ranking = options.searchRanking ?? (await loadRankingVariants(fromRoot('stack', 'ranking.json')));
  const definitions = [...instances, createSearchSubgraph(searchIndex, { categories: createCategorySuggestions(options.db), ranking, searchLog })];
  const started = await Promise.all(
    definitions.map((d) => startSubgraph(d, { ...listen, ...signed, port: ports[d.name as SubgraphName] })),
  );
  const subgraphs = Object.fromEntries(definitions.map((d, i) => [d.name, started[i]!])) as Record<SubgraphName, SubgraphServer>;
  for (const [name, server] of Object.entries(subgraphs)) urls.set(name, server.url);
  for (const instance of instances) await instance.start?.();
  const gateway = await startGatewayService({
    gatewayPort: options.gatewayPort, host: options.host, maxBodyBytes: options.maxBodyBytes, environment, graphiql: options.graphiql,
    subscriptions: options.subscriptionLimits ?? DEFAULT_SUBSCRIPTION_LIMITS, redisUrl: options.redisUrl,
    entityCache: options.entityCache?.entityCache ?? false, entityCacheTtlMs: options.entityCache?.entityCacheTtlMs ?? 60_000,
    entityCacheDisabled: options.entityCache?.entityCacheDisabled ?? [], eventsKeyPrefix: options.events?.keyPrefix,
    ...options.edge,
  }, {
    logger: options.logger,
    supergraph: options.supergraphSdl ?? readFileSync(fromRoot('schema', 'supergraph.graphql'), 'utf8'),
    subgraphUrls: Object.fromEntries(Object.entries(subgraphs).map(([name, server]) => [name, server.url])),
    security, readiness, metrics, eventLog, eventBus: options.eventBus,
  });
  return {
    gateway: gateway.server,
    security,
    subgraphs,
    shipping,
    get carrierSimulator() {
      return shipping.carrierSimulator();
    },
    eventBus: gateway.eventBus!,
    eventLog,
    searchIndex,
    indexer: indexing.indexer,
    searchLog,
    orders,
    payments,
    async close() {
      await gateway.close();
      await searchLog.close(); // while insights still listens
      await Promise.all(started.map((s) => s.close()));
      for (const instance of instances) await instance.close?.();
      await indexing.stop();
      if (!options.searchIndex) await searchIndex.close();
      await relay.stop();
      await eventStore.stop();
      await eventLog.close();
    },
  };
}
