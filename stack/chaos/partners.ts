import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { createPgDb } from '../../lib/db/index.js';
import { entryJson, fieldsOf, streamOf, type EventType } from '../../lib/events/index.js';
import { createWebhookStore, eventTypesOf } from '../../subgraphs/webhooks/index.js';
import type { InvariantResult } from './invariants.js';

const TYPES: readonly EventType[] = ['commerce.pricing.price_changed.v1', 'commerce.inventory.stock_changed.v1'];

/** A partner's webhook receiver: what arrived (first arrival per event, in order), and how it behaves. */
interface Partner {
  readonly name: string;
  /** Healthy partners must receive every event; a flaky one answers 503 to every third request and sometimes hangs. */
  readonly healthy: boolean;
  readonly received: Map<string, { subject: string; at: number }>;
  /** First arrivals in order; `stream` is the event's type and subject (order is kept per stream and subject). */
  readonly order: { id: string; stream: string }[];
  server: Server;
}

function startReceiver(name: string, healthy: boolean): Promise<Partner> {
  const partner: Partner = { name, healthy, received: new Map(), order: [], server: undefined as unknown as Server };
  let requests = 0;
  partner.server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests++;
      if (!healthy && requests % 3 === 0) return void res.writeHead(503).end();
      if (!healthy && requests % 17 === 0) return; // hangs: the sender's timeout ends it
      const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string; type: string; subject: string };
      if (!partner.received.has(event.id)) {
        partner.received.set(event.id, { subject: event.subject, at: Date.now() });
        partner.order.push({ id: event.id, stream: `${event.type} ${event.subject}` });
      }
      res.writeHead(204).end();
    });
  });
  return new Promise((resolve) => partner.server.listen(0, '127.0.0.1', () => resolve(partner)));
}

/**
 * Partner webhook endpoints for the chaos run: two healthy receivers and a flaky one, each
 * subscribed to price and stock changes, registered in the webhooks store before the load
 * starts. After the run, {@link PartnerRun.check} holds the invariant: every price and stock
 * event appended after registration reached every healthy partner, in stream order per subject.
 */
export async function startPartners(databaseUrl: string) {
  const partners = await Promise.all([startReceiver('partner-a', true), startReceiver('partner-b', true), startReceiver('partner-flaky', false)]);
  const db = createPgDb(databaseUrl, { max: 1 });
  try {
    const store = createWebhookStore(db);
    for (const p of partners) {
      await store.create({ clientId: p.name, url: `http://127.0.0.1:${(p.server.address() as AddressInfo).port}/hooks`, eventTypes: eventTypesOf(['price', 'stock']) });
    }
  } finally {
    await db.close();
  }
  const registeredAt = Date.now();
  const healthy = partners.filter((p) => p.healthy);

  /** Price and stock events appended after registration, per subject in stream order. */
  async function expected(redisUrl: string, keyPrefix: string): Promise<{ id: string; subject: string }[]> {
    const client = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
    try {
      const events: { id: string; subject: string }[] = [];
      for (const type of TYPES) {
        const entries = (await client.xrange(`${keyPrefix}${streamOf(type)}`, String(registeredAt + 1000), '+')) as [string, string[]][];
        const seen = new Set<string>();
        for (const [, flat] of entries) {
          const event = JSON.parse(entryJson(fieldsOf(flat))!) as { id: string; subject: string };
          if (!seen.has(event.id)) (seen.add(event.id), events.push({ id: event.id, subject: event.subject }));
        }
      }
      return events;
    } finally {
      client.disconnect();
    }
  }

  return {
    names: partners.map((p) => `${p.name}${p.healthy ? '' : ' (flaky)'}`),
    /** Waits up to `timeoutMs` for the healthy partners to catch up, then checks the invariant. */
    async check(redisUrl: string, keyPrefix: string, timeoutMs: number): Promise<InvariantResult> {
      const events = await expected(redisUrl, keyPrefix);
      const missing = () => healthy.flatMap((p) => events.filter((e) => !p.received.has(e.id)).map((e) => `${p.name} never received ${e.id} (${e.subject})`));
      for (const deadline = Date.now() + timeoutMs; missing().length > 0 && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 250));
      const violations = [...missing()];
      // Ordered per subject: the first arrivals of a subject's events of one type follow their stream.
      const streamPosition = new Map(events.map((e, i) => [e.id, i]));
      for (const p of healthy) {
        const last = new Map<string, number>();
        for (const { id, stream } of p.order) {
          const position = streamPosition.get(id);
          if (position === undefined) continue; // appended before registration
          if ((last.get(stream) ?? -1) > position) violations.push(`${p.name} received ${id} (${stream}) after a later event of the same subject`);
          last.set(stream, Math.max(last.get(stream) ?? -1, position));
        }
      }
      const flaky = partners.find((p) => !p.healthy)!;
      return {
        name: 'every price and stock event reaches every healthy partner webhook endpoint, in order per subject',
        violations: violations.slice(0, 20), violationCount: violations.length,
        notes: [`${events.length} events since registration; ${healthy.map((p) => `${p.name} ${p.received.size}`).join(', ')}; the flaky partner (503 to every third request, some hang) ${flaky.received.size}`],
      };
    },
    close: () => Promise.all(partners.map((p) => new Promise<void>((resolve) => {
      p.server.closeAllConnections(); // the flaky partner's hanging requests
      p.server.close(() => resolve());
    }))),
  };
}
