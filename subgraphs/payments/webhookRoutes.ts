import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '../../lib/db/index.js';
import type { RouteHandler } from '../../lib/http/index.js';
import type { Logger } from '../../lib/logging/index.js';
import type { Metrics } from '../../lib/metrics/index.js';
import { header, readBody } from '../../lib/simulator/index.js';
import type { WebhookKeys } from './paymentProviders.js';
import { paymentStore } from './paymentStore.js';
import { verifyAcquiraNotification, verifyPayviaWebhook, WebhookVerificationError, type ProviderEvent } from './providers/index.js';

/** Where providers post their webhooks, on the payments subgraph's HTTP server. */
export const WEBHOOK_PATHS = { payvia: '/webhooks/payvia', acquira: '/webhooks/acquira' } as const;

/**
 * The providers' webhook endpoints. These are not gateway calls: each verifies the provider's
 * own signature and timestamp window (401 and nothing changed otherwise), stores every event
 * once by (provider, event id) and folds it into its payment. A provider retries until it
 * gets a 2xx, so a failure to store answers 500.
 */
export function webhookRoutes(deps: { readonly db: Db; readonly keys: WebhookKeys; readonly logger: Logger; readonly metrics?: Metrics }): Record<string, RouteHandler> {
  const counted = deps.metrics?.counter('payment_webhooks_total', 'Provider webhooks by provider and result', ['provider', 'result']);
  const handle = (provider: keyof WebhookKeys, verify: (body: string, req: IncomingMessage, key: string) => ProviderEvent[]) =>
    async (req: IncomingMessage, res: ServerResponse) => {
      const answer = (status: number, body: string, result: string) => {
        counted?.inc({ provider, result });
        res.writeHead(status, { 'content-type': 'text/plain' }).end(body);
      };
      const key = deps.keys[provider];
      if (req.method !== 'POST') return answer(405, 'POST only', 'refused');
      if (!key) return answer(404, `no ${provider} webhooks are configured`, 'refused');
      let events: ProviderEvent[];
      try {
        events = verify(await readBody(req, 256 * 1024), req, key);
      } catch (error) {
        if (error instanceof WebhookVerificationError) return answer(error.httpStatus, error.code, error.code.toLowerCase());
        return answer(400, 'unreadable body', 'malformed');
      }
      try {
        let fresh = 0;
        for (const event of events) {
          await deps.db.transaction(async (tx) => {
            if (!(await paymentStore.receive(tx, event))) return;
            fresh++;
            await paymentStore.applyInbox(tx, event.provider, event.authorizationId);
          });
        }
        // acquira (like Adyen) expects "[accepted]".
        answer(200, '[accepted]', fresh === events.length ? 'applied' : 'duplicate');
      } catch (error) {
        deps.logger.error({ err: error, provider }, 'payments: storing a webhook failed');
        answer(500, 'try again', 'error');
      }
    };
  return {
    [WEBHOOK_PATHS.payvia]: handle('payvia', (body, req, key) => [verifyPayviaWebhook(body, header(req, 'payvia-signature'), key)]),
    [WEBHOOK_PATHS.acquira]: handle('acquira', (body, _req, key) => verifyAcquiraNotification(body, key)),
  };
}
