// The gateway run alone: serves the supergraph file named by SUPERGRAPH_PATH, with
// subgraph URLs from the file or from SUBGRAPH_<NAME>_URL. The file is hot-reloaded when
// it changes and on SIGHUP. With REDIS_URL, subscriptions and entity-cache invalidation
// are fed by the change events the store subgraphs' relays publish there: read from the
// event streams (not pub/sub), so none is lost while Redis or the connection to it is down.
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { createStreamEventBus, openEventLog } from '../lib/events/index.js';
import { redisCheck } from '../lib/health/index.js';
import { runMain } from '../lib/main.js';
import { createGatewayEntityCache } from './entityCache/index.js';
import { gatewaySecurityFromConfig } from './gatewaySecurity.js';
import { startGateway } from './startGateway.js';
import { createFileSupergraphSource } from './supergraphSource.js';

await runMain('gateway', async (config, logger) => {
  const supergraph = createFileSupergraphSource({ path: config.supergraphPath, logger });
  const log = config.redisUrl ? openEventLog({ redisUrl: config.redisUrl, keyPrefix: config.eventsKeyPrefix }) : undefined;
  const events = log
    ? { bus: createStreamEventBus({ log, onError: (err, context) => logger.debug({ err, ...context }, 'event stream') }) }
    : undefined;
  if (!events) logger.warn('REDIS_URL is not set: no subscriptions and no entity cache (they need the change-event feed)');
  const entityCache = events ? await createGatewayEntityCache(config, events.bus, logger) : undefined;
  const server = await startGateway({
    supergraphSdl: supergraph,
    subgraphUrls: config.subgraphUrls,
    port: config.gatewayPort,
    host: config.host,
    maxBodyBytes: config.maxBodyBytes,
    environment: config.environment,
    logger,
    ...gatewaySecurityFromConfig(config),
    readiness: config.redisUrl ? [redisCheck(config.redisUrl)] : [],
    eventBus: events?.bus,
    subscriptionLimits: config.subscriptions,
    entityCache: entityCache?.cache,
    // Caching is the entity cache's job (README, Performance).
    plugins: [ApolloServerPluginCacheControlDisabled()],
  });
  logger.info({ url: server.url, supergraph: config.supergraphPath, schemaHash: supergraph.schemaHash }, 'gateway ready');
  return {
    close: async () => {
      await server.close();
      await entityCache?.close();
      await events?.bus.close();
      await log?.close();
    },
  };
});
