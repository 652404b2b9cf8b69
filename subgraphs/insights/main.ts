import { runStoreSubgraphMain } from '../../lib/subgraph/index.js';
import { createInsightsSubgraph, insightsSubgraph } from './index.js';

await runStoreSubgraphMain(insightsSubgraph, (config) => createInsightsSubgraph({ retentionDays: config.searchLogRetentionDays }));
