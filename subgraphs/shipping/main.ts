// The shipping subgraph alone: `node dist/subgraphs/shipping/main.js` (SHIPPING_PORT, default 4005).
// Carriers come from CARRIER_*; with none configured outside production, it starts the
// carrier simulator in-process with credentials generated for this run (never in production).
import { runMain } from '../../lib/main.js';
import { configuredNonceStore } from '../../lib/subgraph/index.js';
import { carriersForEnvironment, startShippingService } from './index.js';

await runMain('shipping', async (config, logger) => {
  const { carriers, simulator } = await carriersForEnvironment({
    carriers: config.carriers, environment: config.environment, port: config.shipping.simulatorPort, host: config.host, logger,
  });
  const service = await startShippingService({
    carriers,
    settings: config.shipping,
    catalogUrl: config.subgraphUrls.catalog ?? `http://127.0.0.1:${config.subgraphPorts.catalog}/graphql`,
    port: config.subgraphPorts.shipping,
    host: config.host,
    maxBodyBytes: config.maxBodyBytes,
    logger,
    signingKey: config.subgraphSigningKey,
    signatureMaxAgeSeconds: config.subgraphSignatureMaxAgeSeconds,
    nonceStore: configuredNonceStore(config),
  });
  logger.info({ url: service.server.url, carriers: service.quoter.carriers }, 'shipping subgraph ready');
  return {
    close: async () => {
      await service.close();
      await simulator?.close();
    },
  };
});
