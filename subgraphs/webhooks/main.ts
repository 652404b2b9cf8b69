import { runStoreSubgraphMain } from '../../lib/subgraph/index.js';
import { createWebhooksSubgraph, webhooksSubgraph } from './index.js';

await runStoreSubgraphMain(webhooksSubgraph, (config) => createWebhooksSubgraph(config.webhooks));
