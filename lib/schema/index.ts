export { composeSupergraph, readSubgraphSources, SUPERGRAPH_FILE } from './composeSupergraph.js';
export type { CompositionResult, SubgraphSource } from './composeSupergraph.js';
