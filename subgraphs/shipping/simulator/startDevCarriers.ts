import type { CarrierSettings } from '../../../lib/config/index.js';
import { generateDevCredentials, startCarrierSimulator, type CarrierSimulator } from './carrierSimulator.js';

/** True when at least one carrier has a base URL configured. */
export const hasConfiguredCarrier = (carriers: CarrierSettings): boolean =>
  Object.values(carriers).some((c: { baseUrl: string | undefined }) => c.baseUrl !== undefined);

/** The carrier settings that point at `simulator` with its credentials. */
export function simulatorCarrierSettings(simulator: CarrierSimulator): CarrierSettings {
  const { baseUrls, credentials } = simulator;
  return {
    parcelo: { baseUrl: baseUrls.parcelo, apiKey: credentials.parcelo.apiKey },
    skyway: { baseUrl: baseUrls.skyway, tokenUrl: undefined, clientId: credentials.skyway.clientId, clientSecret: credentials.skyway.clientSecret },
    freightly: { baseUrl: baseUrls.freightly, username: credentials.freightly.username, password: credentials.freightly.password },
  };
}

/**
 * Starts the carrier simulator with credentials generated for this run (nothing stored)
 * and returns the carrier settings that use them.
 */
export async function startDevCarriers(options: { port: number; host?: string }): Promise<{ simulator: CarrierSimulator; carriers: CarrierSettings }> {
  const simulator = await startCarrierSimulator({ port: options.port, host: options.host, credentials: generateDevCredentials() });
  return { simulator, carriers: simulatorCarrierSettings(simulator) };
}
