import { runStoreSubgraphMain } from '../../lib/subgraph/index.js';
import { createPaymentsSubgraph, paymentsSubgraph } from './index.js';

await runStoreSubgraphMain(paymentsSubgraph, (config) => createPaymentsSubgraph({ settings: config.payments, host: config.host }));
