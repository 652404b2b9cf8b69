import { runStoreSubgraphMain } from '../../lib/subgraph/index.js';
import { insightsSubgraph } from './index.js';

await runStoreSubgraphMain(insightsSubgraph);
