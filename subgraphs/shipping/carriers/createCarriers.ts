import type { CarrierSettings } from '../../../lib/config/index.js';
import type { CarrierMetrics } from '../CarrierMetrics.js';
import type { Carrier } from './Carrier.js';
import type { CarrierOptions } from './CarrierOptions.js';
import { createFreightlyCarrier } from './freightlyCarrier.js';
import { createParceloCarrier } from './parceloCarrier.js';
import { createSkywayCarrier } from './skywayCarrier.js';

/** A client for every carrier whose base URL is set, each reporting to `metrics`. */
export function createCarriers(settings: CarrierSettings, options: CarrierOptions & { metrics?: CarrierMetrics } = {}): Carrier[] {
  const { metrics, ...policy } = options;
  const withListener = (name: string): CarrierOptions => ({ ...policy, ...(metrics ? { listener: metrics.listener(name) } : {}) });
  const carriers: Carrier[] = [];
  const { parcelo, skyway, freightly } = settings;
  if (parcelo.baseUrl && parcelo.apiKey) {
    carriers.push(createParceloCarrier({ baseUrl: parcelo.baseUrl, apiKey: parcelo.apiKey }, withListener('parcelo')));
  }
  if (skyway.baseUrl && skyway.clientId && skyway.clientSecret) {
    carriers.push(createSkywayCarrier({
      baseUrl: skyway.baseUrl, clientId: skyway.clientId, clientSecret: skyway.clientSecret,
      ...(skyway.tokenUrl ? { tokenUrl: skyway.tokenUrl } : {}),
    }, withListener('skyway')));
  }
  if (freightly.baseUrl && freightly.username && freightly.password) {
    carriers.push(createFreightlyCarrier({ baseUrl: freightly.baseUrl, username: freightly.username, password: freightly.password }, withListener('freightly')));
  }
  return carriers;
}
