import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { createWebhookSender, readBody, Reply, type WebhookFaults, type WebhookStats } from '../../../lib/simulator/index.js';
import { TRACKING_STATUSES, type TrackingCarrier, type TrackingStatus } from '../tracking/TrackingStatus.js';
import { trackingPush, type TrackingEvent, type TrackingSecrets } from './trackingPushes.js';

/** How a carrier's tracking pushes go out. */
export interface TrackingFaults extends WebhookFaults {
  /** Between the steps of a parcel's journey, in ms; 0 pushes none on its own. */
  readonly trackingStepMs: number;
  /** Share of journeys (0..1) with an EXCEPTION scan (a failed delivery attempt) before they go on. */
  readonly trackingExceptionRate: number;
}

/**
 * What `npm start` and the tests' dev simulator push like, as real carriers do: now and then
 * twice, and late enough to overtake the next step. `reset()` clears it.
 */
export const LIFELIKE_TRACKING: Partial<TrackingFaults> = Object.freeze({ webhookJitterMs: 4_000, webhookDuplicateRate: 0.1, trackingExceptionRate: 0.05 });

/** A label the simulator booked. */
export interface SimulatedShipment {
  readonly carrier: TrackingCarrier;
  readonly trackingNumber: string;
  readonly service: string;
  readonly reference: string;
  cancelled: boolean;
  /** What was pushed so far, in order of sending. */
  readonly pushed: TrackingStatus[];
}

/** A parcel's journey after its label, one step per `trackingStepMs` (with an EXCEPTION before the second delivery attempt, now and then). */
const JOURNEY: readonly TrackingStatus[] = ['LABEL_CREATED', 'PICKED_UP', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED'];
const WITH_EXCEPTION: readonly TrackingStatus[] = ['LABEL_CREATED', 'PICKED_UP', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'EXCEPTION', 'OUT_FOR_DELIVERY', 'DELIVERED'];
const DEPOTS = [{ city: 'Leipzig', country: 'DE' }, { city: 'Hanover', country: 'DE' }, { city: 'Berlin', country: 'DE' }];

/**
 * The carriers' shipment APIs (book a label idempotently, void it) and the tracking each
 * then pushes to its webhook URL, signed its own way, retried until a 2xx; with faults the
 * pushes come late, twice or out of order, as real carriers' do.
 */
export function createSimulatedShipments(options: { readonly secrets: TrackingSecrets; readonly faults: (carrier: TrackingCarrier) => TrackingFaults }) {
  const byKey = new Map<string, SimulatedShipment>();
  const byNumber = new Map<string, SimulatedShipment>();
  const webhookUrls = new Map<TrackingCarrier, string>();
  const stats = Object.fromEntries((['parcelo', 'skyway', 'freightly'] as const).map((c) => [c, { queued: 0, attempts: 0, delivered: 0, abandoned: 0 }])) as Record<TrackingCarrier, WebhookStats>;
  const sender = createWebhookSender({ retryDelaysMs: [200, 1_000, 5_000, 15_000], attemptTimeoutMs: 5_000 });
  const timers = new Set<NodeJS.Timeout>();

  function book(carrier: TrackingCarrier, key: string, service: string, reference: string): SimulatedShipment {
    const known = byKey.get(`${carrier}:${key}`);
    if (known) return known;
    const shipment: SimulatedShipment = { carrier, trackingNumber: trackingNumberFor(carrier), service, reference, cancelled: false, pushed: [] };
    byKey.set(`${carrier}:${key}`, shipment);
    byNumber.set(shipment.trackingNumber, shipment);
    const { trackingStepMs: stepMs, trackingExceptionRate } = options.faults(carrier);
    if (stepMs > 0) {
      (Math.random() < trackingExceptionRate ? WITH_EXCEPTION : JOURNEY).forEach((status, i) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!shipment.cancelled) void push(shipment, status);
        }, i * stepMs);
        timer.unref();
        timers.add(timer);
      });
    }
    return shipment;
  }

  function cancel(carrier: TrackingCarrier, trackingNumber: string): void {
    const shipment = byNumber.get(trackingNumber);
    if (!shipment || shipment.carrier !== carrier) throw new Reply(404, { error: 'shipment_not_found' });
    if (shipment.pushed.includes('PICKED_UP')) throw new Reply(409, { error: 'already_picked_up' });
    shipment.cancelled = true;
  }

  /** Pushes one tracking event of `shipment` (a fresh event id) to the carrier's webhook URL, if one is set. */
  async function push(shipment: SimulatedShipment, status: TrackingStatus, occurredAt = new Date()): Promise<TrackingEvent | undefined> {
    const url = webhookUrls.get(shipment.carrier);
    if (!url) return undefined;
    const event: TrackingEvent = {
      eventId: `${shipment.carrier.slice(0, 2)}_evt_${randomUUID()}`, trackingNumber: shipment.trackingNumber, status, occurredAt,
      location: DEPOTS[shipment.pushed.length % DEPOTS.length]!,
    };
    shipment.pushed.push(status);
    const signed = await trackingPush(shipment.carrier, options.secrets, event);
    const target = signed.query ? `${url}${url.includes('?') ? '&' : '?'}${signed.query}` : url;
    sender.send(target, () => ({ body: signed.body, headers: signed.headers }), options.faults(shipment.carrier), stats[shipment.carrier]);
    return event;
  }

  return {
    /** parcelo `POST /v1/shipments`, `DELETE /v1/shipments/<code>`. */
    async parcelo(route: string, req: IncomingMessage): Promise<unknown> {
      if (route === 'POST /v1/shipments') {
        const key = req.headers['idempotency-key'];
        const body = await jsonBody(req);
        if (typeof key !== 'string' || !key || typeof body.service !== 'string' || !body.to?.country) throw new Reply(400, { error: 'invalid_request' });
        const s = book('parcelo', key, body.service, String(body.reference ?? ''));
        return { shipment: { tracking_code: s.trackingNumber, status: s.cancelled ? 'cancelled' : 'created', label_url: `https://labels.parcelo.example/${s.trackingNumber}.pdf` } };
      }
      const cancelled = /^DELETE \/v1\/shipments\/([^/]+)$/.exec(route);
      if (cancelled) return (cancel('parcelo', decodeURIComponent(cancelled[1]!)), { shipment: { tracking_code: cancelled[1], status: 'cancelled' } });
      return undefined;
    },
    /** skyway `POST /v2/shipments` (idempotent by `X-Request-Id`), `POST /v2/shipments/<id>/void`. */
    async skyway(route: string, req: IncomingMessage): Promise<unknown> {
      if (route === 'POST /v2/shipments') {
        const key = req.headers['x-request-id'];
        const body = await jsonBody(req);
        if (typeof key !== 'string' || !key || typeof body.serviceLevel !== 'string' || !body.shipTo?.countryCode) throw new Reply(400, { error: 'invalid_request' });
        const s = book('skyway', key, body.serviceLevel, String(body.clientReference ?? ''));
        return { trackingId: s.trackingNumber, labels: [{ format: 'PDF', url: `https://api.skyway.example/labels/${s.trackingNumber}` }] };
      }
      const voided = /^POST \/v2\/shipments\/([^/]+)\/void$/.exec(route);
      if (voided) return (cancel('skyway', decodeURIComponent(voided[1]!)), { trackingId: voided[1], voided: true });
      return undefined;
    },
    /** freightly `POST /api/consignments` (one per `customer_ref`), `POST /api/consignments/<no>/cancel`. */
    async freightly(route: string, req: IncomingMessage): Promise<unknown> {
      if (route === 'POST /api/consignments') {
        const c = (await jsonBody(req)).consignment;
        if (typeof c?.customer_ref !== 'string' || !c.customer_ref || typeof c.product_code !== 'string' || !c.receiver?.country) throw new Reply(400, { error: 'invalid_request' });
        const s = book('freightly', c.customer_ref, c.product_code, String(c.order_ref ?? ''));
        return { data: { consignment_no: s.trackingNumber, state: s.cancelled ? 'cancelled' : 'booked' } };
      }
      const cancelled = /^POST \/api\/consignments\/([^/]+)\/cancel$/.exec(route);
      if (cancelled) return (cancel('freightly', decodeURIComponent(cancelled[1]!)), { data: { consignment_no: cancelled[1], state: 'cancelled' } });
      return undefined;
    },
    setWebhookUrl(carrier: TrackingCarrier, url: string | undefined) {
      if (url) webhookUrls.set(carrier, url);
      else webhookUrls.delete(carrier);
    },
    shipment: (trackingNumber: string): SimulatedShipment | undefined => byNumber.get(trackingNumber),
    /** Every label booked, with the key it was booked under (`GET /admin/shipments`). */
    list: () => [...byKey].map(([key, s]) => ({ key: key.slice(s.carrier.length + 1), carrier: s.carrier, trackingNumber: s.trackingNumber, reference: s.reference, cancelled: s.cancelled })),
    /** Pushes an event now (e.g. an EXCEPTION, or a step of a journey pushed by hand). */
    pushTracking(trackingNumber: string, status: TrackingStatus, occurredAt?: Date): Promise<TrackingEvent | undefined> {
      const shipment = byNumber.get(trackingNumber);
      if (!shipment) throw new Error(`no shipment ${trackingNumber}`);
      if (!TRACKING_STATUSES.includes(status)) throw new Error(`unknown status ${status}`);
      return push(shipment, status, occurredAt);
    },
    webhookStats: () => structuredClone(stats),
    drain: () => sender.drain(),
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      sender.close();
    },
  };
}

export type SimulatedShipments = ReturnType<typeof createSimulatedShipments>;

function trackingNumberFor(carrier: TrackingCarrier): string {
  const digits = (n: number) => Array.from(randomBytes(n), (b) => String(b % 10)).join('');
  if (carrier === 'parcelo') return `PCL${digits(10)}`;
  if (carrier === 'skyway') return `1Z${randomBytes(8).toString('hex').toUpperCase()}`;
  return `FR-${digits(8)}`;
}

async function jsonBody(req: IncomingMessage): Promise<any> {
  try {
    const value: unknown = JSON.parse(await readBody(req));
    if (typeof value === 'object' && value !== null) return value;
  } catch {
    // answered below
  }
  throw new Reply(400, { error: 'invalid_json' });
}
