// The shipping subgraph alone: `node dist/subgraphs/shipping/main.js` (SHIPPING_PORT, default 4005).
// Carriers come from CARRIER_*; with none configured outside production, it starts the
// carrier simulator in-process with credentials generated for this run.
import { DEV_SECRETS_FILE, resolveKeys } from '../../lib/auth/index.js';
import { runMain } from '../../lib/main.js';
import { configuredNonceStore } from '../../lib/subgraph/index.js';
import { fromRoot } from '../../lib/paths.js';
import { hasConfiguredCarrier, startDevCarriers, startShippingService } from './index.js';

await runMain('shipping', async (config, logger) => {
  let carriers = config.carriers;
  let simulator: Awaited<ReturnType<typeof startDevCarriers>>['simulator'] | undefined;
  if (!hasConfiguredCarrier(carriers)) {
    if (config.environment === 'production') throw new Error('no carrier is configured: set CARRIER_<NAME>_URL and its credentials');
    ({ simulator, carriers } = await startDevCarriers({ port: config.shipping.simulatorPort, host: config.host }));
    logger.warn({ url: simulator.url }, 'no CARRIER_*_URL set: quoting from the carrier simulator');
  }
  const service = await startShippingService({
    carriers,
    settings: config.shipping,
    catalogUrl: config.subgraphUrls.catalog ?? `http://127.0.0.1:${config.subgraphPorts.catalog}/graphql`,
    port: config.subgraphPorts.shipping,
    host: config.host,
    maxBodyBytes: config.maxBodyBytes,
    logger,
    signingKey: resolveKeys(config, fromRoot(...DEV_SECRETS_FILE)).subgraphSigningKey,
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
