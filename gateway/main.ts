// The gateway run alone: serves the supergraph file named by SUPERGRAPH_PATH, with
// subgraph URLs from the file or from SUBGRAPH_<NAME>_URL. The file is hot-reloaded when
// it changes and on SIGHUP. With REDIS_URL, subscriptions and entity-cache invalidation
// follow the change-event streams the relays append to, so none is lost while Redis or the
// connection to it is down.
import { openEventLog } from '../lib/events/index.js';
import { redisCheck } from '../lib/health/index.js';
import { runMain } from '../lib/main.js';
import { gatewaySecurityFromConfig } from './gatewaySecurity.js';
import { startGatewayService } from './startGatewayService.js';
import { createFileSupergraphSource } from './supergraphSource.js';

await runMain('gateway', async (config, logger) => {
  const supergraph = createFileSupergraphSource({ path: config.supergraphPath, logger });
  const eventLog = config.redisUrl ? openEventLog({ redisUrl: config.redisUrl, keyPrefix: config.eventsKeyPrefix }) : undefined;
  if (!eventLog) logger.warn('REDIS_URL is not set: no subscriptions and no entity cache (they need the change-event feed)');
  const service = await startGatewayService(config, {
    logger, supergraph, subgraphUrls: config.subgraphUrls, security: gatewaySecurityFromConfig(config),
    readiness: config.redisUrl ? [redisCheck(config.redisUrl)] : [], eventLog,
  });
  logger.info({ url: service.server.url, supergraph: config.supergraphPath, schemaHash: supergraph.schemaHash }, 'gateway ready');
  return {
    close: async () => {
      await service.close();
      await eventLog?.close();
    },
  };
});
