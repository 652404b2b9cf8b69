import { hostname } from 'node:os';
import { BrokenCircuitError, circuitBreaker, ConsecutiveBreaker, handleWhen, type CircuitBreakerPolicy } from 'cockatiel';
import type { Db } from '../../../lib/db/index.js';
import { EVENT_TYPES, startDurableConsumer, type EventLog } from '../../../lib/events/index.js';
import type { Logger } from '../../../lib/logging/index.js';
import type { Metrics } from '../../../lib/metrics/index.js';
import { createWebhookSender, type SendOutcome, type WebhookSenderOptions } from './sendWebhook.js';

/** Consumer group of the webhooks fan-out: each event becomes deliveries once per deployment. */
export const WEBHOOKS_GROUP = 'webhooks';

/** Options for {@link startWebhooks}. */
export interface WebhooksOptions extends WebhookSenderOptions {
  readonly db: Db;
  readonly log: EventLog;
  readonly logger: Logger;
  readonly metrics?: Metrics;
  /** Retries stop this long after the event (then the delivery is `dead`, replayable). @default 24 h */
  readonly retryHorizonMs?: number;
  /** First retry delay; each next one doubles, with jitter, up to `maxRetryDelayMs`. @default 5 s */
  readonly baseRetryDelayMs?: number;
  /** @default 1 h */
  readonly maxRetryDelayMs?: number;
  /** Requests in flight to one endpoint at most, so one slow partner never holds the others' turns. @default 4 */
  readonly concurrencyPerEndpoint?: number;
  /** Consecutive failures that open an endpoint's circuit, and how long it stays open. @default 5, 30 s */
  readonly breakerThreshold?: number;
  readonly breakerOpenMs?: number;
  /** How often the dispatcher looks for due deliveries when idle. @default 250 ms */
  readonly pollIntervalMs?: number;
}

/** The delay before attempt `attempt + 1`: exponential from `base`, capped, the upper half jittered (no herd of retries). */
export function retryDelay(attempt: number, base: number, cap: number, random = Math.random): number {
  const full = Math.min(cap, base * 2 ** Math.max(0, attempt - 1));
  return Math.round(full / 2 + random() * (full / 2));
}

interface DueDelivery { id: string; endpoint_id: string; url: string; event_id: string; payload: string; attempts: number; created_at: Date; secrets: string[] }

/**
 * Partner webhooks: a durable consumer of every change event (group {@link WEBHOOKS_GROUP})
 * writes one delivery per subscribed endpoint, and a dispatcher sends the due ones: at most
 * `concurrencyPerEndpoint` at a time per endpoint, only the oldest undelivered one per
 * (endpoint, subject) so each partner sees a subject's changes in order, behind a circuit
 * breaker per endpoint, retried with exponential backoff and jitter until the horizon, then
 * `dead`. Leases in the table let any number of dispatchers run (in the relay process and the
 * embedded stack), and free the deliveries of one that died. The `webhooks` schema must be
 * migrated (the webhooks subgraph's migrations).
 */
export async function startWebhooks(options: WebhooksOptions) {
  const { db, logger } = options;
  const horizonMs = options.retryHorizonMs ?? 24 * 3600_000;
  const base = options.baseRetryDelayMs ?? 5_000;
  const cap = options.maxRetryDelayMs ?? 3600_000;
  const perEndpoint = options.concurrencyPerEndpoint ?? 4;
  const breakerOpenMs = options.breakerOpenMs ?? 30_000;
  const sender = createWebhookSender(options);
  const delivered = options.metrics?.counter('webhook_deliveries_total', 'Webhook delivery attempts by endpoint and outcome', ['endpoint', 'outcome']);
  const latency = options.metrics?.histogram('webhook_delivery_seconds', 'Webhook request latency by endpoint', ['endpoint']);

  let stopped = false;
  let wake: (() => void) | undefined;
  /** Set by a kick while the dispatcher is not waiting (claiming): it looks again at once instead of sleeping through it. */
  let kicked = false;
  const kick = () => {
    kicked = true;
    wake?.();
  };

  const fanOut = await startDurableConsumer({
    log: options.log, group: WEBHOOKS_GROUP, consumer: `webhooks-${hostname()}-${process.pid}`, types: EVENT_TYPES, startFrom: '$',
    dedupe: false, // (endpoint, event id) is unique: a redelivered event adds nothing
    batchSize: 500,
    handleBatch: async (batch) => {
      const events = batch.map(({ event }) => event);
      const { rowCount } = await db.query(
        `INSERT INTO webhooks.deliveries (endpoint_id, event_id, event_type, subject, payload)
         SELECT e.id, ev.id, ev.type, ev.subject, ev.payload
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS ev(id, type, subject, payload, n)
         JOIN webhooks.endpoints e ON ev.type = ANY (e.event_types)
         ORDER BY ev.n, e.id
         ON CONFLICT (endpoint_id, event_id) DO NOTHING`,
        [events.map((e) => e.id), events.map((e) => e.type), events.map((e) => e.subject), events.map((e) => JSON.stringify(e))]);
      // Most events reach no endpoint: looking for due deliveries then would only queue a query
      // in front of the stack's other work on the same database.
      if (rowCount > 0) kick();
    },
    onError: (err, context) => logger.warn({ err, ...context }, 'webhooks fan-out'),
  });

  const breakers = new Map<string, CircuitBreakerPolicy>();
  const breakerOf = (endpoint: string) => {
    let breaker = breakers.get(endpoint);
    if (!breaker) {
      breaker = circuitBreaker(handleWhen((e) => e instanceof DeliveryFailed), { halfOpenAfter: breakerOpenMs, breaker: new ConsecutiveBreaker(options.breakerThreshold ?? 5) });
      breakers.set(endpoint, breaker);
    }
    return breaker;
  };

  // Claims due deliveries: the oldest pending one per (endpoint, subject), at most `perEndpoint`
  // in flight per active endpoint; the lease marks them taken for other dispatchers.
  const claim = async (limit: number) => (await db.query<DueDelivery>(
    `WITH due AS (
       SELECT d.id, d.endpoint_id, row_number() OVER (PARTITION BY d.endpoint_id ORDER BY d.id) AS rank
       FROM webhooks.deliveries d JOIN webhooks.endpoints e ON e.id = d.endpoint_id AND e.status = 'active'
       WHERE d.status = 'pending' AND d.next_attempt_at <= now() AND (d.leased_until IS NULL OR d.leased_until <= now())
         AND NOT EXISTS (SELECT 1 FROM webhooks.deliveries o WHERE o.endpoint_id = d.endpoint_id AND o.subject = d.subject AND o.status = 'pending' AND o.id < d.id)
     ), in_flight AS (
       SELECT endpoint_id, count(*) AS n FROM webhooks.deliveries WHERE status = 'pending' AND leased_until > now() GROUP BY endpoint_id
     ), picked AS (
       SELECT due.id FROM due LEFT JOIN in_flight f USING (endpoint_id)
       WHERE due.rank + coalesce(f.n, 0) <= $1 ORDER BY due.id LIMIT $2
     )
     UPDATE webhooks.deliveries d SET leased_until = now() + interval '2 minutes'
     FROM picked, webhooks.endpoints e
     WHERE d.id = picked.id AND e.id = d.endpoint_id AND (d.leased_until IS NULL OR d.leased_until <= now())
     RETURNING d.id, d.endpoint_id, e.url, d.event_id, d.payload, d.attempts, d.created_at,
       ARRAY(SELECT s.secret FROM webhooks.secrets s WHERE s.endpoint_id = d.endpoint_id AND (s.expires_at IS NULL OR s.expires_at > now()) ORDER BY s.created_at DESC) AS secrets`,
    [perEndpoint, limit])).rows;

  const record = async (delivery: DueDelivery, outcome: SendOutcome | 'circuit-open') => {
    if (outcome === 'circuit-open') {
      // Not an attempt: the endpoint is resting. Try again once the circuit may close.
      await db.query(`UPDATE webhooks.deliveries SET leased_until = NULL, next_attempt_at = now() + $2 * interval '1 millisecond' WHERE id = $1`, [delivery.id, breakerOpenMs]);
      delivered?.inc({ endpoint: delivery.endpoint_id, outcome: 'circuit_open' });
      return;
    }
    latency?.observe({ endpoint: delivery.endpoint_id }, outcome.latencyMs / 1000);
    if (outcome.ok) {
      await db.query(`WITH d AS (UPDATE webhooks.deliveries SET status = 'delivered', delivered_at = now(), attempts = attempts + 1, leased_until = NULL,
          last_status = $2, last_error = NULL, last_latency_ms = $3 WHERE id = $1 RETURNING id, attempts)
        INSERT INTO webhooks.attempts (delivery_id, attempt, status, latency_ms) SELECT id, attempts, $2, $3 FROM d`, [delivery.id, outcome.status, outcome.latencyMs]);
      delivered?.inc({ endpoint: delivery.endpoint_id, outcome: 'delivered' });
      return;
    }
    const attempts = delivery.attempts + 1;
    const delay = retryDelay(attempts, base, cap);
    // A refused address never becomes reachable by waiting: dead at once, replayable after the endpoint is fixed.
    const dead = outcome.blocked || Date.now() + delay > delivery.created_at.getTime() + horizonMs;
    await db.query(`WITH d AS (UPDATE webhooks.deliveries SET attempts = $2, leased_until = NULL, last_status = $3, last_error = $4, last_latency_ms = $5,
          status = CASE WHEN $6 THEN 'dead' ELSE 'pending' END, next_attempt_at = now() + $7 * interval '1 millisecond' WHERE id = $1 RETURNING id)
        INSERT INTO webhooks.attempts (delivery_id, attempt, status, error, latency_ms) SELECT id, $2, $3, $4, $5 FROM d`,
      [delivery.id, attempts, outcome.status ?? null, outcome.error.slice(0, 500), outcome.latencyMs, dead, delay]);
    delivered?.inc({ endpoint: delivery.endpoint_id, outcome: dead ? 'dead' : 'failed' });
  };

  const sendOne = async (delivery: DueDelivery) => {
    let outcome: SendOutcome | 'circuit-open';
    try {
      outcome = await breakerOf(delivery.endpoint_id).execute(async () => {
        const result = await sender.send({ id: delivery.event_id, url: delivery.url, payload: delivery.payload, secrets: delivery.secrets });
        if (!result.ok && !result.blocked) throw new DeliveryFailed(result);
        return result;
      });
    } catch (error) {
      outcome = error instanceof DeliveryFailed ? error.outcome : error instanceof BrokenCircuitError ? 'circuit-open' : { ok: false, error: (error as Error).message, latencyMs: 0 };
    }
    await record(delivery, outcome);
  };

  const inFlight = new Set<Promise<void>>();
  const loop = (async () => {
    while (!stopped) {
      kicked = false;
      let failed = false;
      try {
        const due = await claim(64);
        for (const delivery of due) {
          const sending = sendOne(delivery).catch((err: Error) => logger.warn({ err, delivery: delivery.id }, 'webhook delivery'))
            .finally(() => { inFlight.delete(sending); kick(); });
          inFlight.add(sending);
        }
        if (due.length > 0) continue;
      } catch (err) {
        failed = true;
        if (!stopped) logger.warn({ err }, 'webhooks dispatcher');
      }
      if (stopped) break;
      if (kicked && !failed) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.pollIntervalMs ?? 250);
        wake = () => { clearTimeout(timer); resolve(); };
      });
      wake = undefined;
    }
  })();

  return {
    sender,
    async stop() {
      stopped = true;
      kick();
      await fanOut.stop();
      await loop;
      await Promise.allSettled([...inFlight]);
      await sender.close();
    },
  };
}

class DeliveryFailed extends Error {
  constructor(readonly outcome: SendOutcome) {
    super(outcome.ok ? 'delivered' : outcome.error);
  }
}

export type Webhooks = Awaited<ReturnType<typeof startWebhooks>>;
