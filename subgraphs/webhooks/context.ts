import type { Db } from '../../lib/db/index.js';
import type { SubgraphCaller } from '../../lib/subgraph/index.js';
import type { WebhookSender } from './delivery/index.js';
import { createWebhookStore } from './delivery/index.js';

/** What the webhooks subgraph shares between requests: the store, and the sender's URL rules (checked at registration). */
export function createWebhooksContext(db: Db, sender: Pick<WebhookSender, 'refusal'>) {
  return { store: createWebhookStore(db), urlRefusal: sender.refusal };
}

export type WebhooksRequestContext = ReturnType<typeof createWebhooksContext>;
export type WebhooksContext = WebhooksRequestContext & SubgraphCaller;
