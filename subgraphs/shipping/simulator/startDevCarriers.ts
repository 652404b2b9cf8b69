import type { CarrierSettings } from '../../../lib/config/index.js';
import { generateDevCredentials, SIMULATED_CARRIERS, startCarrierSimulator, type CarrierSimulator } from './carrierSimulator.js';
import { LIFELIKE_TRACKING } from './shipmentsApi.js';

/** True when at least one carrier has a base URL configured. */
export const hasConfiguredCarrier = (carriers: CarrierSettings): boolean =>
  Object.values(carriers).some((c: { baseUrl: string | undefined }) => c.baseUrl !== undefined);

/** The carrier settings that point at `simulator` with its credentials. */
export function simulatorCarrierSettings(simulator: CarrierSimulator): CarrierSettings {
  const { baseUrls, credentials } = simulator;
  return {
    parcelo: { baseUrl: baseUrls.parcelo, apiKey: credentials.parcelo.apiKey, webhookToken: credentials.parcelo.webhookToken },
    skyway: {
      baseUrl: baseUrls.skyway, tokenUrl: undefined, clientId: credentials.skyway.clientId, clientSecret: credentials.skyway.clientSecret,
      webhookKey: credentials.skyway.webhookKey,
    },
    freightly: {
      baseUrl: baseUrls.freightly, username: credentials.freightly.username, password: credentials.freightly.password,
      webhookSecret: credentials.freightly.webhookSecret,
    },
  };
}

/**
 * Starts the carrier simulator with credentials generated for this run (nothing stored),
 * pushing tracking as real carriers do ({@link LIFELIKE_TRACKING}), and returns the carrier
 * settings that use them.
 */
export async function startDevCarriers(options: { port: number; host?: string }): Promise<{ simulator: CarrierSimulator; carriers: CarrierSettings }> {
  const simulator = await startCarrierSimulator({ port: options.port, host: options.host, credentials: generateDevCredentials() });
  for (const carrier of SIMULATED_CARRIERS) simulator.setFaults(carrier, LIFELIKE_TRACKING);
  return { simulator, carriers: simulatorCarrierSettings(simulator) };
}

/**
 * The carriers shipping quotes from: the configured ones; with none configured, the simulator
 * with run-time credentials outside production. Never a simulator in production (its admin API
 * is unauthenticated): there, no carrier means every quote is empty, and the log says so.
 */
export async function carriersForEnvironment(options: {
  readonly carriers: CarrierSettings;
  readonly environment: string;
  readonly port: number;
  readonly host?: string;
  readonly logger: { warn(object: object, message: string): void };
}): Promise<{ carriers: CarrierSettings; simulator: CarrierSimulator | undefined }> {
  if (hasConfiguredCarrier(options.carriers)) return { carriers: options.carriers, simulator: undefined };
  if (options.environment === 'production') {
    options.logger.warn({}, 'no CARRIER_*_URL set: the carrier simulator is not started in production; set CARRIER_<NAME>_URL and its credentials');
    return { carriers: options.carriers, simulator: undefined };
  }
  const dev = await startDevCarriers({ port: options.port, host: options.host });
  options.logger.warn({ url: dev.simulator.url }, 'no CARRIER_*_URL set: quoting from the carrier simulator');
  return dev;
}
