// The carrier simulator alone: `node dist/subgraphs/shipping/simulator/main.js`
// (CARRIER_SIMULATOR_PORT, default 4090). It accepts the credentials in CARRIER_* when all
// are set, else generates some for this run and prints the variables that use them.
import type { CarrierSettings } from '../../../lib/config/index.js';
import { runMain } from '../../../lib/main.js';
import { generateDevCredentials, startCarrierSimulator, type SimulatorCredentials } from './carrierSimulator.js';
import { simulatorCarrierSettings } from './startDevCarriers.js';

function credentialsFrom({ parcelo, skyway, freightly }: CarrierSettings): SimulatorCredentials | undefined {
  if (!parcelo.apiKey || !skyway.clientId || !skyway.clientSecret || !freightly.username || !freightly.password) return undefined;
  return {
    parcelo: { apiKey: parcelo.apiKey },
    skyway: { clientId: skyway.clientId, clientSecret: skyway.clientSecret },
    freightly: { username: freightly.username, password: freightly.password },
  };
}

await runMain('carrier-simulator', async (config, logger) => {
  const given = credentialsFrom(config.carriers);
  const simulator = await startCarrierSimulator({ port: config.shipping.simulatorPort, host: config.host, credentials: given ?? generateDevCredentials() });
  logger.info({ url: simulator.url, admin: `${simulator.url}/admin/stats` }, 'carrier simulator ready');
  if (!given) {
    const s = simulatorCarrierSettings(simulator);
    process.stdout.write(`\n  Credentials generated for this run; start the shipping subgraph with:\n` +
      `  CARRIER_PARCELO_URL=${s.parcelo.baseUrl} CARRIER_PARCELO_API_KEY=${s.parcelo.apiKey} \\\n` +
      `  CARRIER_SKYWAY_URL=${s.skyway.baseUrl} CARRIER_SKYWAY_CLIENT_ID=${s.skyway.clientId} CARRIER_SKYWAY_CLIENT_SECRET=${s.skyway.clientSecret} \\\n` +
      `  CARRIER_FREIGHTLY_URL=${s.freightly.baseUrl} CARRIER_FREIGHTLY_USERNAME=${s.freightly.username} CARRIER_FREIGHTLY_PASSWORD=${s.freightly.password}\n\n`);
  }
  return { close: () => simulator.close() };
});
