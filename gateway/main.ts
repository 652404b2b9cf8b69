// The gateway run alone: serves the supergraph file named by SUPERGRAPH_PATH, with
// subgraph URLs from the file or from SUBGRAPH_<NAME>_URL.
import { readFileSync } from 'node:fs';
import { runMain } from '../lib/main.js';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { startGateway } from './startGateway.js';
import { createUndiciDataSource } from './undiciDataSource.js';

await runMain('gateway', async (config, logger) => {
  const server = await startGateway({
    supergraphSdl: readFileSync(config.supergraphPath, 'utf8'),
    subgraphUrls: config.subgraphUrls,
    port: config.gatewayPort,
    host: config.host,
    maxBodyBytes: config.maxBodyBytes,
    environment: config.environment,
    logger,
    // Levers measured in bench/gateway.bench.ts (README, Performance).
    dataSource: ({ url }) => createUndiciDataSource({ url }),
    plugins: [ApolloServerPluginCacheControlDisabled()],
    // TODO(#8): entityCache: createGatewayEntityCache(config, <Redis EventBus>, logger) once the change-event bus lands.
  });
  logger.info({ url: server.url, supergraph: config.supergraphPath }, 'gateway ready');
  return server;
});
