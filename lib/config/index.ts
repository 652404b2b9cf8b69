export { ConfigError } from './ConfigError.js';
export { DEFAULT_SUBGRAPH_PORTS, loadConfig, SUBGRAPH_NAMES } from './loadConfig.js';
export type { Config, Environment, SubgraphName } from './loadConfig.js';
export { DEFAULT_SHIPPING_SETTINGS, NO_CARRIERS } from './readShippingSettings.js';
export type { CarrierSettings, ShippingSettings } from './readShippingSettings.js';
