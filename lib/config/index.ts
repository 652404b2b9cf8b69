export { ConfigError } from './ConfigError.js';
export { EnvReader } from './EnvReader.js';
export { configVariables, DEFAULT_LIMITS, DEFAULT_SUBSCRIPTION_LIMITS, gatewayAuthProblems, loadConfig } from './loadConfig.js';
export type { AuthConfig, Config, Environment, LimitsConfig, SubscriptionLimits } from './loadConfig.js';
export { DEFAULT_SHIPPING_SETTINGS, NO_CARRIERS } from './readShippingSettings.js';
export type { CarrierSettings, ShippingSettings } from './readShippingSettings.js';
export { DEFAULT_SUBGRAPH_PORTS, forEachSubgraph, STORE_SUBGRAPH_NAMES, SUBGRAPH_NAMES, SUBGRAPHS } from './subgraphs.js';
export type { StoreSubgraphName, SubgraphName } from './subgraphs.js';
