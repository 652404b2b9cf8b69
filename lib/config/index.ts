export { ConfigError } from './ConfigError.js';
export { DEFAULT_SUBGRAPH_PORTS, loadConfig, SUBGRAPH_NAMES } from './loadConfig.js';
export type { Config, Environment, SubgraphName } from './loadConfig.js';
