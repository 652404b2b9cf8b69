// The gateway run alone: serves the supergraph file named by SUPERGRAPH_PATH, with
// subgraph URLs from the file or from SUBGRAPH_<NAME>_URL.
import { readFileSync } from 'node:fs';
import { redisCheck } from '../lib/health/index.js';
import { runMain } from '../lib/main.js';
import { gatewaySecurityFromConfig } from './gatewaySecurity.js';
import { startGateway } from './startGateway.js';

await runMain('gateway', async (config, logger) => {
  const server = await startGateway({
    supergraphSdl: readFileSync(config.supergraphPath, 'utf8'),
    subgraphUrls: config.subgraphUrls,
    port: config.gatewayPort,
    host: config.host,
    maxBodyBytes: config.maxBodyBytes,
    environment: config.environment,
    logger,
    ...gatewaySecurityFromConfig(config),
    readiness: config.redisUrl ? [redisCheck(config.redisUrl)] : [],
  });
  logger.info({ url: server.url, supergraph: config.supergraphPath }, 'gateway ready');
  return server;
});
