import type { Db } from '../../lib/db/index.js';
import { manyLoader } from '../../lib/loaders.js';
import type { SubgraphCaller } from '../../lib/subgraph/index.js';
import type { WebhookSender } from './delivery/index.js';
import { createWebhookStore } from './delivery/index.js';

/** What the webhooks subgraph shares between requests: the store, and the sender's URL rules (checked at registration). */
export function createWebhooksContext(db: Db, sender: Pick<WebhookSender, 'refusal'>) {
  const store = createWebhookStore(db);
  // A page of deliveries reads its attempt logs in one query.
  return { store, urlRefusal: sender.refusal, attempts: manyLoader((ids) => store.attempts(ids.map(Number)), (a) => String(a.deliveryId)) };
}

export type WebhooksRequestContext = ReturnType<typeof createWebhooksContext>;
export type WebhooksContext = WebhooksRequestContext & SubgraphCaller;
