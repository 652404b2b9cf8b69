export { ConfigError } from './ConfigError.js';
export { DEFAULT_SUBGRAPH_PORTS, DEFAULT_SUBSCRIPTION_LIMITS, loadConfig, SUBGRAPH_NAMES } from './loadConfig.js';
export type { Config, Environment, SubgraphName, SubscriptionLimits } from './loadConfig.js';
