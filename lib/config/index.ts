export { ConfigError } from './ConfigError.js';
export { DEFAULT_LIMITS, DEFAULT_SUBGRAPH_PORTS, DEFAULT_SUBSCRIPTION_LIMITS, gatewayAuthProblems, loadConfig, SUBGRAPH_NAMES } from './loadConfig.js';
export type { AuthConfig, Config, Environment, LimitsConfig, SubgraphName, SubscriptionLimits } from './loadConfig.js';
export { DEFAULT_SHIPPING_SETTINGS, NO_CARRIERS } from './readShippingSettings.js';
export type { CarrierSettings, ShippingSettings } from './readShippingSettings.js';
