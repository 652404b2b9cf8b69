import { runStoreSubgraphMain } from '../../lib/subgraph/index.js';
import { pricingSubgraph } from './index.js';

await runStoreSubgraphMain(pricingSubgraph);
