import { runStoreSubgraphMain } from '../../lib/subgraph/index.js';
import { createOrdersSubgraph, ordersSubgraph } from './index.js';

await runStoreSubgraphMain(ordersSubgraph, (config) => createOrdersSubgraph({ sagaLeaseMs: config.checkoutSagaLeaseMs }));
