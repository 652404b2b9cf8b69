export { createSubgraphServer, readSubgraphSdl } from './createSubgraphServer.js';
export type { SubgraphDefinition } from './createSubgraphServer.js';
export { configuredNonceStore, startSubgraph } from './startSubgraph.js';
export type { ListenOptions, SubgraphCaller, SubgraphServer } from './startSubgraph.js';
export { migrateSubgraph } from './storeSubgraph.js';
export type { StoreSubgraph, StoreSubgraphInstance, StoreSubgraphServices } from './storeSubgraph.js';
export { runStoreSubgraphMain } from './runStoreSubgraphMain.js';
export { createSubgraphClient, SubgraphCallError } from './subgraphClient.js';
export type { SubgraphCallOptions, SubgraphClient, SubgraphClientOptions } from './subgraphClient.js';
