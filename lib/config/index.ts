export { ConfigError } from './ConfigError.js';
export { DEFAULT_LIMITS, DEFAULT_SUBGRAPH_PORTS, gatewayAuthProblems, loadConfig, SUBGRAPH_NAMES } from './loadConfig.js';
export type { AuthConfig, Config, Environment, LimitsConfig, SubgraphName } from './loadConfig.js';
