import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../lib/db/index.js';
import { createInProcessEventLog, eventEntry, type EventLog } from '../../../lib/events/index.js';
import { createLogger } from '../../../lib/logging/index.js';
import { samplePriceChanged, sampleEvents, waitFor } from '../../../test/helpers/events.js';
import { openTestDb } from '../../../test/helpers/testDb.js';
import { guardedLookup, isAllowedAddress } from './addressGuard.js';
import { createWebhookSender } from './sendWebhook.js';
import { migrateSubgraph } from '../../../lib/subgraph/index.js';
import { retryDelay, startWebhooks, type Webhooks } from './startWebhooks.js';
import { createWebhookStore, eventTypesOf, type WebhookStore } from './webhookStore.js';

interface Received { id: string; subject: string; type: string; headers: IncomingMessage['headers']; body: string }

/** A partner's receiver on loopback; `respond` decides each answer (200 by default). */
async function receiver(respond: (req: IncomingMessage, res: ServerResponse, n: number) => void | Promise<void> = (_req, res) => void res.end('ok')) {
  const received: Received[] = [];
  let n = 0;
  const server: Server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const count = ++n;
    const event = JSON.parse(body) as { id: string; subject: string; type: string };
    await respond(req, res, count);
    if (res.statusCode >= 200 && res.statusCode < 300) received.push({ id: event.id, subject: event.subject, type: event.type, headers: req.headers, body });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, received, requests: () => n, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('address guard', () => {
  it('lets public addresses through and refuses loopback, private, link-local, metadata and mapped ones', () => {
    for (const ok of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111']) expect(isAllowedAddress(ok), ok).toBe(true);
    for (const bad of ['127.0.0.1', '10.1.2.3', '172.16.0.9', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', 'not-an-ip']) {
      expect(isAllowedAddress(bad), bad).toBe(false);
    }
    expect(isAllowedAddress('127.0.0.1', 'loopback')).toBe(true);
    expect(isAllowedAddress('10.1.2.3', 'loopback')).toBe(false);
  });

  it('refuses at connect time a name that resolves to a private address', async () => {
    const error = await new Promise<Error | null>((resolve) => guardedLookup('public')('localhost', {}, (err) => resolve(err)));
    expect(error?.message).toMatch(/localhost resolves to .* which webhooks may not reach/);
  });

  it('backs off exponentially with jitter, up to the cap', () => {
    expect(retryDelay(1, 1000, 60_000, () => 0)).toBe(500);
    expect(retryDelay(1, 1000, 60_000, () => 1)).toBe(1000);
    expect(retryDelay(4, 1000, 60_000, () => 1)).toBe(8000);
    expect(retryDelay(30, 1000, 60_000, () => 1)).toBe(60_000);
  });
});

describe('createWebhookSender', () => {
  it('posts to a public-only sender nothing on loopback, as an IP or by name, and follows no redirect', async () => {
    const partner = await receiver();
    const sender = createWebhookSender({ allowHttp: true });
    const message = { id: 'msg_1', payload: '{}', secrets: ['whsec_' + Buffer.alloc(24, 1).toString('base64')] };
    try {
      expect(await sender.send({ ...message, url: partner.url })).toMatchObject({ ok: false, blocked: true });
      expect(await sender.send({ ...message, url: partner.url.replace('127.0.0.1', 'localhost') })).toMatchObject({ ok: false, blocked: true });
      expect(partner.requests()).toBe(0);
      expect(await createWebhookSender().send({ ...message, url: 'http://example.com/hooks' })).toMatchObject({ ok: false, error: expect.stringMatching(/HTTPS only/) });
    } finally {
      await sender.close();
      await partner.close();
    }
    const redirecting = await receiver((_req, res) => void res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end());
    const loopback = createWebhookSender({ allowance: 'loopback', allowHttp: true });
    try {
      expect(await loopback.send({ ...message, url: redirecting.url })).toMatchObject({ ok: false, status: 302 });
    } finally {
      await loopback.close();
      await redirecting.close();
    }
  });
});

describe('partner webhooks through the change feed (PostgreSQL)', () => {
  let db: Db;
  let log: EventLog;
  let store: WebhookStore;
  let webhooks: Webhooks | undefined;
  const logger = createLogger({ level: 'silent', service: 'test' });
  const cleanup: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    db = await openTestDb('pg');
    await migrateSubgraph(db, 'webhooks');
    store = createWebhookStore(db);
  });
  afterEach(async () => {
    await webhooks?.stop();
    webhooks = undefined;
    await log?.close();
    while (cleanup.length) await cleanup.pop()!();
    await db.query('DELETE FROM webhooks.endpoints');
  });
  afterAll(async () => db?.close());

  const start = async (options: Partial<Parameters<typeof startWebhooks>[0]> = {}) => {
    log = createInProcessEventLog();
    webhooks = await startWebhooks({ db, log, logger, allowance: 'loopback', allowHttp: true, baseRetryDelayMs: 20, maxRetryDelayMs: 100, pollIntervalMs: 20, timeoutMs: 1000, ...options });
  };
  const partner = async (...args: Parameters<typeof receiver>) => {
    const r = await receiver(...args);
    cleanup.push(r.close);
    return r;
  };
  const publish = (events: readonly { id: string; type: string }[]) => log.append(events.map((e) => eventEntry(e as never)));

  it('delivers each subscribed event once, signed by Standard Webhooks, verifiable with the published library', async () => {
    await start();
    const partnerA = await partner();
    const { endpoint, secret } = await store.create({ clientId: 'partner-a', url: partnerA.url, eventTypes: eventTypesOf(['price', 'stock']) });
    const all = sampleEvents();
    await publish([samplePriceChanged('p-1'), all['commerce.inventory.stock_changed.v1'], all['commerce.catalog.product_changed.v1']]);
    await waitFor(() => partnerA.received.length === 2, 5000, 'two deliveries');
    expect(partnerA.received.map((r) => r.type).sort()).toEqual(['commerce.inventory.stock_changed.v1', 'commerce.pricing.price_changed.v1']);
    for (const r of partnerA.received) {
      const verified = new Webhook(secret).verify(r.body, r.headers as Record<string, string>) as { id: string };
      expect(verified.id).toBe(r.id);
      expect(r.headers['webhook-id']).toBe(r.id);
    }
    expect(() => new Webhook(secret).verify(partnerA.received[0]!.body.replace('p-1', 'p-2'), partnerA.received[0]!.headers as Record<string, string>)).toThrow();
    // The receiver saw the requests; the rows are marked once its answers are read.
    await waitFor(async () => (await store.deliveries(endpoint.id, { status: 'delivered' })).length === 2, 5000, 'both rows delivered');
    expect((await store.deliveries(endpoint.id)).map((d) => [d.status, d.attempts, d.lastStatus])).toEqual([['delivered', 1, 200], ['delivered', 1, 200]]);
  });

  it('looks for due deliveries after an event that added some, not after one that reached no endpoint', async () => {
    // Counts the dispatcher's claims and the fan-out's inserts; the idle poll is too slow to run meanwhile.
    let claims = 0;
    let inserts = 0;
    const counted: Db = {
      ...db,
      async query(sql, params) {
        if (sql.includes('WITH due AS')) claims++;
        const result = await db.query(sql, params);
        if (sql.includes('INSERT INTO webhooks.deliveries')) inserts++;
        return result as never;
      },
    };
    await start({ db: counted, pollIntervalMs: 60_000 });
    await waitFor(() => claims === 1, 5000, 'the first claim');
    const partnerA = await partner();
    await store.create({ clientId: 'partner-a', url: partnerA.url, eventTypes: eventTypesOf(['price']) });
    await publish([sampleEvents()['commerce.inventory.stock_changed.v1']]);
    await waitFor(() => inserts === 1, 5000, 'the stock event handled');
    await new Promise((resolve) => setImmediate(resolve));
    expect(claims).toBe(1);
    await publish([samplePriceChanged('p-1')]);
    await waitFor(() => partnerA.received.length === 1, 5000, 'the price event delivered without waiting for the poll');
    expect(claims).toBeGreaterThan(1);
  });

  // A kick that came while the dispatcher was claiming was lost, and it slept a whole poll
  // interval: stop() waited for it (past the hook's timeout here, whose late end then closed the
  // next test's event log under its consumer).
  it('stops at once when asked during a claim, whatever the poll interval', async () => {
    let claiming: () => void = () => {};
    const claimStarted = new Promise<void>((resolve) => (claiming = resolve));
    const slowClaims: Db = {
      ...db,
      async query(sql, params) {
        if (sql.includes('WITH due AS')) {
          claiming();
          await new Promise((r) => setTimeout(r, 200));
        }
        return (await db.query(sql, params)) as never;
      },
    };
    await start({ db: slowClaims, pollIntervalMs: 60_000 });
    await claimStarted;
    const stopped = webhooks!.stop().then(() => 'stopped');
    webhooks = undefined;
    const late = new Promise((r) => setTimeout(() => r('still waiting after 5 s'), 5000));
    expect(await Promise.race([stopped, late])).toBe('stopped');
  });

  it('retries failures with backoff, keeps each subject in order, and lets healthy endpoints through meanwhile', async () => {
    await start();
    // Fails every request until the 4th, then accepts; and a slow one that always times out.
    const flaky = await partner((_req, res, n) => void (res.statusCode = n < 4 ? 503 : 200, res.end()));
    const slow = await partner(async (_req, res) => { await new Promise((r) => setTimeout(r, 3000)); res.end(); });
    const healthy = await partner();
    for (const [client, r] of [['flaky', flaky], ['slow', slow], ['healthy', healthy]] as const) await store.create({ clientId: client, url: r.url, eventTypes: eventTypesOf(['price']) });
    const events = [samplePriceChanged('p-1', 1), samplePriceChanged('p-2', 1), samplePriceChanged('p-1', 2), samplePriceChanged('p-1', 3), samplePriceChanged('p-2', 2)];
    await publish(events);
    await waitFor(() => healthy.received.length === 5, 3000, 'the healthy endpoint, while another one times out');
    await waitFor(() => flaky.received.length === 5, 10_000, 'the flaky endpoint after its failures');
    for (const r of [healthy, flaky]) {
      const order = (subject: string) => r.received.filter((x) => x.subject === subject).map((x) => x.id);
      expect(order('p-1')).toEqual(events.filter((e) => e.subject === 'p-1').map((e) => e.id));
      expect(order('p-2')).toEqual(events.filter((e) => e.subject === 'p-2').map((e) => e.id));
    }
  });

  it('dead-letters past the retry horizon, and replays dead deliveries once the partner is fixed', async () => {
    // The failures open the endpoint's circuit too: short, so the replay finds it half-open.
    await start({ retryHorizonMs: 300, breakerOpenMs: 200 });
    let broken = true;
    const r = await partner((_req, res) => void (res.statusCode = broken ? 500 : 200, res.end()));
    const { endpoint } = await store.create({ clientId: 'p', url: r.url, eventTypes: eventTypesOf(['price']) });
    await publish([samplePriceChanged('p-7')]);
    await waitFor(async () => (await store.deliveries(endpoint.id, { status: 'dead' })).length === 1, 5000, 'the delivery to die');
    const [dead] = await store.deliveries(endpoint.id);
    expect(dead).toMatchObject({ status: 'dead', lastStatus: 500, lastError: 'HTTP 500' });
    expect(dead!.attempts).toBeGreaterThanOrEqual(2);
    const failed = await store.attempts([dead!.id]);
    expect(failed).toHaveLength(dead!.attempts);
    expect(failed.map((a) => [a.attempt, a.status, a.error])).toEqual(failed.map((_, i) => [i + 1, 500, 'HTTP 500']));
    broken = false;
    expect(await store.replayDead(endpoint.id)).toBe(1);
    await waitFor(() => r.received.length === 1, 5000, 'the replayed delivery');
    // The log keeps the failed attempts and adds the one that got through, counted from 1 again.
    await waitFor(async () => (await store.attempts([dead!.id])).length === failed.length + 1, 5000, 'the successful attempt in the log');
    expect((await store.attempts([dead!.id])).at(-1)).toMatchObject({ attempt: 1, status: 200, error: null });
  });

  it('signs with both secrets while a rotation overlaps, and holds deliveries of a paused endpoint', async () => {
    await start();
    const r = await partner();
    const { endpoint, secret: old } = await store.create({ clientId: 'p', url: r.url, eventTypes: eventTypesOf(['price']) });
    const fresh = (await store.rotateSecret(endpoint.id, 60_000))!;
    await publish([samplePriceChanged('p-8')]);
    await waitFor(() => r.received.length === 1, 5000, 'a delivery');
    expect(String(r.received[0]!.headers['webhook-signature']).split(' ')).toHaveLength(2);
    for (const secret of [old, fresh]) expect(() => new Webhook(secret).verify(r.received[0]!.body, r.received[0]!.headers as Record<string, string>)).not.toThrow();
    await store.setStatus(endpoint.id, 'paused');
    await publish([samplePriceChanged('p-9')]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(r.received).toHaveLength(1);
    expect((await store.sendTestEvent(endpoint.id))).toBeDefined();
    await store.setStatus(endpoint.id, 'active');
    await waitFor(() => r.received.length === 3, 5000, 'the held delivery and the test event');
    expect(r.received.map((x) => x.type)).toContain('commerce.webhooks.test.v1');
  });

  it('sends nothing to an endpoint whose address it may not reach, and says why', async () => {
    await start({ allowance: 'public' });
    const r = await partner();
    const { endpoint } = await store.create({ clientId: 'p', url: r.url, eventTypes: eventTypesOf(['price']) });
    await publish([samplePriceChanged('p-3')]);
    await waitFor(async () => (await store.deliveries(endpoint.id, { status: 'dead' })).length === 1, 5000, 'the refused delivery');
    expect((await store.deliveries(endpoint.id))[0]!.lastError).toMatch(/not an address webhooks may reach/);
    expect(r.requests()).toBe(0);
  });
});
