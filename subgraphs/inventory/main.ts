import { runStoreSubgraphMain } from '../../lib/subgraph/index.js';
import { inventorySubgraph } from './index.js';

await runStoreSubgraphMain(inventorySubgraph);
