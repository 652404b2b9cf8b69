// The gateway run alone: serves the supergraph file named by SUPERGRAPH_PATH, with
// subgraph URLs from the file or from SUBGRAPH_<NAME>_URL. The file is hot-reloaded when
// it changes and on SIGHUP.
import { runMain } from '../lib/main.js';
import { startGateway } from './startGateway.js';
import { createFileSupergraphSource } from './supergraphSource.js';

await runMain('gateway', async (config, logger) => {
  const supergraph = createFileSupergraphSource({ path: config.supergraphPath, logger });
  const server = await startGateway({
    supergraphSdl: supergraph,
    subgraphUrls: config.subgraphUrls,
    port: config.gatewayPort,
    host: config.host,
    maxBodyBytes: config.maxBodyBytes,
    environment: config.environment,
    logger,
  });
  logger.info({ url: server.url, supergraph: config.supergraphPath, schemaHash: supergraph.schemaHash }, 'gateway ready');
  return server;
});
