import { runStoreSubgraphMain } from '../../lib/subgraph/index.js';
import { clientsSubgraph } from './index.js';

await runStoreSubgraphMain(clientsSubgraph);
