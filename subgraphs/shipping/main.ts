// The shipping subgraph alone: `node dist/subgraphs/shipping/main.js` (SHIPPING_PORT, default 4005).
// Carriers come from CARRIER_*; with none configured outside production, it starts the
// carrier simulator in-process with credentials generated for this run (never in production).
import { runStoreSubgraphMain } from '../../lib/subgraph/index.js';
import { createShippingSubgraph, shippingSubgraph } from './index.js';

await runStoreSubgraphMain(shippingSubgraph, (config) => createShippingSubgraph({ carriers: config.carriers, settings: config.shipping, host: config.host }));
