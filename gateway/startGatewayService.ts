import type { SupergraphManager } from '@apollo/gateway';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { Config } from '../lib/config/index.js';
import { createStreamEventBus, type EventBus, type EventLog } from '../lib/events/index.js';
import type { ReadinessCheck } from '../lib/health/index.js';
import type { Logger } from '../lib/logging/index.js';
import { createMetrics, type Metrics } from '../lib/metrics/index.js';
import { openRedis } from '../lib/redis/index.js';
import { createClientRateLimiter } from './edge/index.js';
import { createGatewayEntityCache } from './entityCache/index.js';
import type { GatewaySecurity } from './gatewaySecurity.js';
import { startGateway, type GatewayServer } from './startGateway.js';

/** The settings of a gateway service: config's, whether read from the environment (gateway/main.ts) or given by the embedded stack. */
export type GatewaySettings = Pick<Config,
  'gatewayPort' | 'environment' | 'subscriptions' | 'entityCache' | 'entityCacheTtlMs' | 'entityCacheDisabled' | 'redisUrl'>
  & Partial<Pick<Config, 'host' | 'maxBodyBytes' | 'graphiql' | 'apiKeyRequired' | 'apiKeyCacheSeconds' | 'corsOrigins' | 'eventsKeyPrefix'>>;

/** What a gateway service runs over, besides its settings. */
export interface GatewayDependencies {
  readonly logger: Logger;
  /** The supergraph SDL, or a hot-reloading source of it. */
  readonly supergraph: string | SupergraphManager;
  /** Per-subgraph URL overrides (the rest come from the supergraph). */
  readonly subgraphUrls?: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly security: GatewaySecurity;
  readonly readiness?: readonly ReadinessCheck[];
  readonly metrics?: Metrics;
  /** The change-event streams: subscriptions and entity-cache invalidation follow them. Without it, neither runs. */
  readonly eventLog?: EventLog;
  /** Feeds subscriptions and invalidation instead of following `eventLog` (tests). */
  readonly eventBus?: EventBus;
}

/** A running gateway service. */
export interface GatewayService {
  readonly server: GatewayServer;
  /** What its subscriptions and cache invalidation follow; undefined without change events. */
  readonly eventBus: EventBus | undefined;
  close(): Promise<void>;
}

/**
 * The gateway as a service: follows the change events (when there are any) for subscriptions
 * and the entity cache, and serves the supergraph. The one place the gateway is wired, for its
 * own process (gateway/main.ts) and the embedded stack alike.
 */
export async function startGatewayService(settings: GatewaySettings, deps: GatewayDependencies): Promise<GatewayService> {
  const { logger } = deps;
  const followed = !deps.eventBus && deps.eventLog
    ? createStreamEventBus({ log: deps.eventLog, onError: (err, context) => logger.debug({ err, ...context }, 'event stream') })
    : undefined;
  const eventBus = deps.eventBus ?? followed;
  // One registry for the process: the gateway serves it at /metrics, with the cache's figures.
  const metrics = deps.metrics ?? createMetrics({ service: 'gateway' });
  // Rate limits are shared by the replicas through Redis; without it, each process counts alone.
  // No offline queue: while Redis is away the limiter's in-memory insurance answers at once.
  const limiterRedis = settings.redisUrl ? openRedis(settings.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 }) : undefined;
  limiterRedis?.on('error', (err) => logger.debug({ err }, 'rate limiter redis'));
  const limiter = createClientRateLimiter({ redis: limiterRedis, keyPrefix: `${settings.eventsKeyPrefix ?? 'commerce:'}ratelimit:` });
  const entityCache = eventBus ? await createGatewayEntityCache(settings, eventBus, logger, undefined, metrics) : undefined;
  const server = await startGateway({
    supergraphSdl: deps.supergraph,
    subgraphUrls: deps.subgraphUrls,
    port: settings.gatewayPort,
    host: settings.host,
    maxBodyBytes: settings.maxBodyBytes,
    environment: settings.environment,
    logger,
    ...deps.security,
    readiness: deps.readiness,
    metrics,
    graphiql: settings.graphiql ?? settings.environment !== 'production',
    eventBus,
    subscriptionLimits: settings.subscriptions,
    entityCache: entityCache?.cache,
    edge: { requireKey: settings.apiKeyRequired, keyCacheSeconds: settings.apiKeyCacheSeconds, corsOrigins: settings.corsOrigins, limiter },
    // Caching is the entity cache's job (docs/architecture.md).
    plugins: [ApolloServerPluginCacheControlDisabled()],
  });
  return {
    server,
    eventBus,
    async close() {
      await server.close();
      await entityCache?.close();
      await followed?.close();
      limiterRedis?.disconnect();
    },
  };
}
