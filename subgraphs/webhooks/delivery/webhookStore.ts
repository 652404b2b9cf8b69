import { randomBytes } from 'node:crypto';
import type { Queryable } from '../../../lib/db/index.js';
import { EVENT_TYPES, type EventType } from '../../../lib/events/index.js';

/** The event families a partner subscribes to by short name (`price`, `stock`, …), or by full type. */
export const EVENT_FAMILIES: Readonly<Record<string, EventType>> = {
  price: 'commerce.pricing.price_changed.v1',
  stock: 'commerce.inventory.stock_changed.v1',
  product: 'commerce.catalog.product_changed.v1',
  order: 'commerce.orders.order_placed.v1',
  'order-status': 'commerce.orders.order_status_changed.v1',
  payment: 'commerce.payments.payment_status_changed.v1',
  shipment: 'commerce.shipping.shipment_status_changed.v1',
};

/** The full event types `names` stand for; throws on an unknown one. */
export function eventTypesOf(names: readonly string[]): EventType[] {
  const types = names.map((name) => {
    const type = EVENT_FAMILIES[name] ?? (EVENT_TYPES as readonly string[]).find((t) => t === name);
    if (!type) throw new Error(`unknown event type "${name}" (one of ${Object.keys(EVENT_FAMILIES).join(', ')}, or a full type)`);
    return type as EventType;
  });
  if (types.length === 0) throw new Error('name at least one event type');
  return [...new Set(types)];
}

export interface Endpoint {
  readonly id: string;
  readonly clientId: string;
  readonly url: string;
  readonly eventTypes: readonly EventType[];
  readonly status: 'active' | 'paused';
  readonly createdAt: Date;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'dead';

/** One try of a delivery: what the partner answered (`status`), or why nothing came back (`error`). */
export interface DeliveryAttempt {
  readonly deliveryId: number;
  readonly attempt: number;
  readonly at: Date;
  readonly status: number | null;
  readonly error: string | null;
  readonly latencyMs: number;
}

export interface Delivery {
  readonly id: number;
  readonly endpointId: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly subject: string;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly nextAttemptAt: Date | null;
  readonly lastStatus: number | null;
  readonly lastError: string | null;
  readonly lastLatencyMs: number | null;
  readonly createdAt: Date;
  readonly deliveredAt: Date | null;
}

/** A Standard Webhooks signing secret: `whsec_` and 24 random bytes in base64. */
export const newSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

interface EndpointRow { id: string; client_id: string; url: string; event_types: string[]; status: 'active' | 'paused'; created_at: Date }
const endpointOf = (r: EndpointRow): Endpoint => ({ id: r.id, clientId: r.client_id, url: r.url, eventTypes: r.event_types as EventType[], status: r.status, createdAt: r.created_at });

/** Endpoints and their deliveries in the `webhooks` schema: what the CLI (and staff tools) manage. */
export function createWebhookStore(db: Queryable) {
  return {
    /** Registers an endpoint; returns it with its first secret (shown once). */
    async create(input: { clientId: string; url: string; eventTypes: readonly EventType[] }): Promise<{ endpoint: Endpoint; secret: string }> {
      const id = `we_${randomBytes(8).toString('hex')}`;
      const secret = newSecret();
      const { rows } = await db.query<EndpointRow>(
        `WITH e AS (INSERT INTO webhooks.endpoints (id, client_id, url, event_types) VALUES ($1, $2, $3, $4) RETURNING *),
              s AS (INSERT INTO webhooks.secrets (endpoint_id, secret) SELECT id, $5 FROM e)
         SELECT * FROM e`, [id, input.clientId, input.url, input.eventTypes, secret]);
      return { endpoint: endpointOf(rows[0]!), secret };
    },
    async list(clientId?: string): Promise<Endpoint[]> {
      const { rows } = await db.query<EndpointRow>(
        `SELECT * FROM webhooks.endpoints WHERE $1::text IS NULL OR client_id = $1 ORDER BY created_at, id`, [clientId ?? null]);
      return rows.map(endpointOf);
    },
    async get(id: string): Promise<Endpoint | undefined> {
      const { rows } = await db.query<EndpointRow>('SELECT * FROM webhooks.endpoints WHERE id = $1', [id]);
      return rows[0] && endpointOf(rows[0]);
    },
    /** Pauses or resumes: a paused endpoint's deliveries wait (and keep their order) until it is active again. */
    async setStatus(id: string, status: 'active' | 'paused'): Promise<boolean> {
      return (await db.query('UPDATE webhooks.endpoints SET status = $2 WHERE id = $1', [id, status])).rowCount > 0;
    },
    /** A new secret; the others stay valid for `overlapMs` more (deliveries carry both signatures meanwhile). */
    async rotateSecret(id: string, overlapMs: number): Promise<string | undefined> {
      if (!(await this.get(id))) return undefined;
      const secret = newSecret();
      await db.query(`UPDATE webhooks.secrets SET expires_at = least(coalesce(expires_at, 'infinity'), now() + $2 * interval '1 millisecond') WHERE endpoint_id = $1`, [id, overlapMs]);
      await db.query('INSERT INTO webhooks.secrets (endpoint_id, secret) VALUES ($1, $2)', [id, secret]);
      return secret;
    },
    async delete(id: string): Promise<boolean> {
      return (await db.query('DELETE FROM webhooks.endpoints WHERE id = $1', [id])).rowCount > 0;
    },
    /** Puts an endpoint's dead deliveries back in line, from now on. @returns how many */
    async replayDead(id: string): Promise<number> {
      const { rowCount } = await db.query(
        `UPDATE webhooks.deliveries SET status = 'pending', attempts = 0, next_attempt_at = now(), created_at = now(), last_error = NULL
         WHERE endpoint_id = $1 AND status = 'dead'`, [id]);
      return rowCount;
    },
    /** Queues a `commerce.webhooks.test.v1` CloudEvent for the endpoint (a partner checks their receiver). */
    async sendTestEvent(id: string): Promise<string | undefined> {
      if (!(await this.get(id))) return undefined;
      const eventId = randomBytes(16).toString('hex');
      const payload = JSON.stringify({
        specversion: '1.0', id: eventId, source: '/commerce/webhooks', type: 'commerce.webhooks.test.v1', subject: id,
        time: new Date().toISOString(), datacontenttype: 'application/json', data: { endpointId: id, message: 'A test event: your endpoint receives and verifies webhooks.' },
      });
      await db.query(`INSERT INTO webhooks.deliveries (endpoint_id, event_id, event_type, subject, payload) VALUES ($1, $2, 'commerce.webhooks.test.v1', $1, $3)`, [id, eventId, payload]);
      return eventId;
    },
    /** The attempts of each delivery, oldest first (for a page of deliveries at once). */
    async attempts(deliveryIds: readonly number[]): Promise<DeliveryAttempt[]> {
      const { rows } = await db.query<{ delivery_id: string; attempt: number; at: Date; status: number | null; error: string | null; latency_ms: number }>(
        'SELECT delivery_id, attempt, at, status, error, latency_ms FROM webhooks.attempts WHERE delivery_id = ANY($1) ORDER BY delivery_id, id', [deliveryIds]);
      return rows.map((r) => ({ deliveryId: Number(r.delivery_id), attempt: r.attempt, at: r.at, status: r.status, error: r.error, latencyMs: r.latency_ms }));
    },
    /** An endpoint's deliveries, newest first, optionally of one status, `first` after the delivery id `after`. */
    async deliveries(endpointId: string, options: { status?: DeliveryStatus; first?: number; after?: number } = {}): Promise<Delivery[]> {
      const { rows } = await db.query<{
        id: string; endpoint_id: string; event_id: string; event_type: string; subject: string; status: DeliveryStatus; attempts: number;
        next_attempt_at: Date; last_status: number | null; last_error: string | null; last_latency_ms: number | null; created_at: Date; delivered_at: Date | null;
      }>(`SELECT * FROM webhooks.deliveries WHERE endpoint_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::bigint IS NULL OR id < $3)
          ORDER BY id DESC LIMIT $4`, [endpointId, options.status ?? null, options.after ?? null, options.first ?? 50]);
      return rows.map((r) => ({
        id: Number(r.id), endpointId: r.endpoint_id, eventId: r.event_id, eventType: r.event_type, subject: r.subject, status: r.status,
        attempts: r.attempts, nextAttemptAt: r.status === 'pending' ? r.next_attempt_at : null, lastStatus: r.last_status, lastError: r.last_error,
        lastLatencyMs: r.last_latency_ms, createdAt: r.created_at, deliveredAt: r.delivered_at,
      }));
    },
  };
}

export type WebhookStore = ReturnType<typeof createWebhookStore>;
