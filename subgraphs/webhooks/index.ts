import { DEFAULT_WEBHOOK_SETTINGS, type WebhookSettings } from '../../lib/config/index.js';
import type { StoreSubgraph } from '../../lib/subgraph/index.js';
import { createWebhooksContext, type WebhooksRequestContext } from './context.js';
import { createWebhookSender, startWebhooks, type Webhooks } from './delivery/index.js';
import { resolvers } from './resolvers.js';

export { createWebhookStore, eventTypesOf, EVENT_FAMILIES } from './delivery/index.js';

/**
 * Partner webhooks: endpoints per API client in the `webhooks` schema, managed by staff in the
 * graph (`webhooks:admin`) or by `npm run webhooks`; and, as the subgraph's background work, the
 * fan-out consumer of the change feed and the dispatcher that signs and sends (delivery/).
 */
export function createWebhooksSubgraph(settings: WebhookSettings = DEFAULT_WEBHOOK_SETTINGS): StoreSubgraph<WebhooksRequestContext> {
  return {
    name: 'webhooks',
    readsChangeFeed: true,
    create(db, services) {
      const production = services.environment === 'production';
      const senderOptions = {
        allowance: settings.allowLoopback && !production ? 'loopback' as const : 'public' as const,
        allowHttp: !production, timeoutMs: settings.timeoutMs,
      };
      const rules = createWebhookSender(senderOptions); // its URL rules, for registrations
      let running: Webhooks | undefined;
      return {
        name: 'webhooks',
        resolvers,
        context: () => createWebhooksContext(db, rules),
        async start() {
          if (!services.eventLog) {
            services.logger.warn('webhooks: no shared change feed in this process (REDIS_URL is not set): nothing is delivered');
            return;
          }
          running = await startWebhooks({
            db: services.backgroundDb ?? db, log: services.eventLog, logger: services.logger, metrics: services.metrics, ...senderOptions,
            retryHorizonMs: settings.retryHorizonSeconds * 1000, concurrencyPerEndpoint: settings.concurrencyPerEndpoint,
          });
        },
        async close() {
          await running?.stop();
          await rules.close();
        },
      };
    },
  };
}

export const webhooksSubgraph = createWebhooksSubgraph();
