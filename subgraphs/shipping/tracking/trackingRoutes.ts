import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '../../../lib/db/index.js';
import { WebhookVerificationError, type RouteHandler } from '../../../lib/http/index.js';
import type { Logger } from '../../../lib/logging/index.js';
import type { Metrics } from '../../../lib/metrics/index.js';
import { header, readBody } from '../../../lib/simulator/index.js';
import { shipmentStore, type TrackingOutcome } from '../shipmentStore.js';
import { TRACKING_CARRIERS, type TrackingCarrier, type TrackingUpdate } from './TrackingStatus.js';
import { verifyTrackingPush, type PushCheck } from './verifyTrackingPush.js';

/** Where carriers push tracking, on the shipping subgraph's HTTP server. */
export const TRACKING_PATHS: Readonly<Record<TrackingCarrier, string>> = {
  parcelo: '/webhooks/tracking/parcelo', skyway: '/webhooks/tracking/skyway', freightly: '/webhooks/tracking/freightly',
};

/**
 * The carriers' tracking webhooks. These are not gateway calls: each push is verified the
 * carrier's own way (401 and nothing changed otherwise; 404 when we hold no secret for that
 * carrier), stored once by (carrier, event id) and folded into its shipment by the event's
 * own time. A push about a label we have not recorded yet (it can outrun the booking's
 * answer) gets 409, so the carrier retries it; a failure to store, 500.
 */
export function trackingRoutes(deps: {
  readonly db: Db;
  /** The carrier's secret (and skyway's audience), read per push: known once the carriers started. */
  checks(carrier: TrackingCarrier): Omit<PushCheck, 'now'> | undefined;
  readonly logger: Logger;
  readonly metrics?: Metrics;
}): Record<string, RouteHandler> {
  const counted = deps.metrics?.counter('carrier_tracking_pushes_total', 'Carrier tracking pushes by carrier and result', ['carrier', 'result']);
  const handle = (carrier: TrackingCarrier): RouteHandler => async (req: IncomingMessage, res: ServerResponse) => {
    const answer = (status: number, body: string, result: string) => {
      counted?.inc({ carrier, result });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(body);
    };
    if (req.method !== 'POST') return answer(405, 'POST only', 'refused');
    const check = deps.checks(carrier);
    if (!check) return answer(404, `no ${carrier} tracking webhooks are configured`, 'refused');
    let updates: TrackingUpdate[];
    try {
      const body = await readBody(req, 64 * 1024);
      const query = new URL(req.url ?? '/', 'http://shipping').searchParams;
      updates = await verifyTrackingPush(carrier, { body, query, header: (name) => header(req, name) }, check);
    } catch (error) {
      if (error instanceof WebhookVerificationError) return answer(error.httpStatus, error.code, error.code.toLowerCase());
      return answer(400, 'unreadable body', 'malformed');
    }
    try {
      const outcomes: TrackingOutcome[] = [];
      for (const update of updates) outcomes.push(await deps.db.transaction((tx) => shipmentStore.applyTracking(tx, update)));
      if (outcomes.includes('unknown_shipment')) return answer(409, 'unknown tracking number; retry later', 'unknown_shipment');
      answer(200, 'ok', outcomes.includes('applied') ? 'applied' : outcomes.includes('history') ? 'history' : 'duplicate');
    } catch (error) {
      deps.logger.error({ err: error, carrier }, 'shipping: storing a tracking push failed');
      answer(500, 'try again', 'error');
    }
  };
  return Object.fromEntries(TRACKING_CARRIERS.map((carrier) => [TRACKING_PATHS[carrier], handle(carrier)]));
}
