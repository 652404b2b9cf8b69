import { runStoreSubgraphMain } from '../../lib/subgraph/index.js';
import { catalogSubgraph } from './index.js';

await runStoreSubgraphMain(catalogSubgraph);
