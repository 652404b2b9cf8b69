// The carrier simulator alone: `node dist/subgraphs/shipping/simulator/main.js`
// (CARRIER_SIMULATOR_PORT, default 4090). It accepts the credentials in CARRIER_* when all
// are set, else generates some for this run and prints the variables that use them. Tracking
// is pushed to the shipping subgraph at SUBGRAPH_SHIPPING_URL's origin.
import type { CarrierSettings } from '../../../lib/config/index.js';
import { runMain } from '../../../lib/main.js';
import { TRACKING_PATHS } from '../tracking/trackingRoutes.js';
import { generateDevCredentials, SIMULATED_CARRIERS, startCarrierSimulator, type SimulatorCredentials } from './carrierSimulator.js';
import { LIFELIKE_TRACKING } from './shipmentsApi.js';
import { simulatorCarrierSettings } from './startDevCarriers.js';

function credentialsFrom({ parcelo, skyway, freightly }: CarrierSettings): SimulatorCredentials | undefined {
  if (!parcelo.apiKey || !parcelo.webhookToken || !skyway.clientId || !skyway.clientSecret || !skyway.webhookKey ||
    !freightly.username || !freightly.password || !freightly.webhookSecret) return undefined;
  return {
    parcelo: { apiKey: parcelo.apiKey, webhookToken: parcelo.webhookToken },
    skyway: { clientId: skyway.clientId, clientSecret: skyway.clientSecret, webhookKey: skyway.webhookKey },
    freightly: { username: freightly.username, password: freightly.password, webhookSecret: freightly.webhookSecret },
  };
}

await runMain('carrier-simulator', async (config, logger) => {
  const given = credentialsFrom(config.carriers);
  const simulator = await startCarrierSimulator({ port: config.shipping.simulatorPort, host: config.host, credentials: given ?? generateDevCredentials() });
  const shipping = new URL(config.subgraphUrls.shipping?.[0] ?? `http://127.0.0.1:${config.subgraphPorts.shipping}/graphql`);
  for (const carrier of SIMULATED_CARRIERS) {
    simulator.setFaults(carrier, LIFELIKE_TRACKING);
    simulator.shipments.setWebhookUrl(carrier, new URL(TRACKING_PATHS[carrier], shipping).href);
  }
  logger.info({ url: simulator.url, admin: `${simulator.url}/admin/stats` }, 'carrier simulator ready');
  if (!given) {
    const s = simulatorCarrierSettings(simulator);
    process.stdout.write(`\n  Credentials generated for this run; start the shipping subgraph with:\n` +
      `  CARRIER_PARCELO_URL=${s.parcelo.baseUrl} CARRIER_PARCELO_API_KEY=${s.parcelo.apiKey} CARRIER_PARCELO_WEBHOOK_TOKEN=${s.parcelo.webhookToken} \\\n` +
      `  CARRIER_SKYWAY_URL=${s.skyway.baseUrl} CARRIER_SKYWAY_CLIENT_ID=${s.skyway.clientId} CARRIER_SKYWAY_CLIENT_SECRET=${s.skyway.clientSecret} CARRIER_SKYWAY_WEBHOOK_KEY=${s.skyway.webhookKey} \\\n` +
      `  CARRIER_FREIGHTLY_URL=${s.freightly.baseUrl} CARRIER_FREIGHTLY_USERNAME=${s.freightly.username} CARRIER_FREIGHTLY_PASSWORD=${s.freightly.password} CARRIER_FREIGHTLY_WEBHOOK_SECRET=${s.freightly.webhookSecret}\n\n`);
  }
  return { close: () => simulator.close() };
});
