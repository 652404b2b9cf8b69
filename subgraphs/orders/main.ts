import { runStoreSubgraphMain } from '../../lib/subgraph/index.js';
import { ordersSubgraph } from './index.js';

await runStoreSubgraphMain(ordersSubgraph);
