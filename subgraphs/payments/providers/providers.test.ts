import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generatePaymentCredentials, startPaymentSimulator, TEST_CARDS, type PaymentSimulator } from '../simulator/index.js';
import { startWebhookInbox, type WebhookInbox } from '../simulator/webhookInbox.js';
import {
  createAcquiraProvider, createPayviaProvider, statusAfter, verifyAcquiraNotification, verifyPayviaWebhook,
  type AttemptStatus, type PaymentProvider, type ProviderEvent,
} from './index.js';

const EUR = (amount: number) => ({ amount, currency: 'EUR' });
const card = (token: string) => ({ type: 'card' as const, token });

describe('payment provider clients against the simulator', () => {
  let sim: PaymentSimulator;
  let inbox: WebhookInbox;
  let providers: Record<'payvia' | 'acquira', PaymentProvider>;
  let n = 0;
  const key = () => `saga-${process.pid}-${++n}:authorize`;

  beforeAll(async () => {
    inbox = await startWebhookInbox();
    sim = await startPaymentSimulator({
      port: 0, credentials: generatePaymentCredentials(), baseLatencyMs: { payvia: 0, acquira: 0 }, webhookRetryDelaysMs: [20],
      webhookUrls: { payvia: inbox.url, acquira: inbox.url },
    });
  });
  afterAll(async () => {
    await sim.close();
    await inbox.close();
  });
  beforeEach(async () => {
    await Promise.all(Object.values(providers ?? {}).map((p) => p.close()));
    await sim.drainWebhooks();
    sim.reset({ ledger: true });
    inbox.received.length = 0;
    const policy = { callTimeoutMs: 300, retries: 1, backoffInitialMs: 5, breakerThreshold: 3, breakerHalfOpenMs: 60_000 };
    providers = {
      payvia: createPayviaProvider({ baseUrl: sim.baseUrls.payvia, secretKey: sim.credentials.payvia.secretKey }, policy),
      acquira: createAcquiraProvider({ baseUrl: sim.baseUrls.acquira, ...sim.credentials.acquira }, policy),
    };
  });

  describe.each(['payvia', 'acquira'] as const)('%s', (name) => {
    const provider = () => providers[name];

    it('authorizes, finds the attempt by idempotency key, captures it, and then cannot void it', async () => {
      const k = key();
      const result = await provider().authorize({ idempotencyKey: k, amount: EUR(4200), method: card(TEST_CARDS.ok) });
      expect(result).toMatchObject({ outcome: 'authorized', provider: name, amount: EUR(4200) });
      const id = (result as { authorizationId: string }).authorizationId;
      expect(sim.ledger(name)).toEqual([expect.objectContaining({ id, idempotencyKey: k, amount: 4200, status: 'authorized' })]);
      expect(await provider().find(k)).toEqual([{ provider: name, authorizationId: id, status: 'authorized', amount: EUR(4200) }]);
      expect(await provider().find('saga-unknown:authorize')).toEqual([]);
      await provider().capture(id, EUR(4200));
      expect(sim.ledger(name)[0]).toMatchObject({ status: 'captured' });
    });

    it('returns business refusals as refused with the reason, without failing', async () => {
      expect(await provider().authorize({ idempotencyKey: key(), amount: EUR(100), method: card(TEST_CARDS.insufficientFunds) }))
        .toMatchObject({ outcome: 'refused', reason: 'insufficient_funds' });
      expect(await provider().authorize({ idempotencyKey: key(), amount: EUR(100), method: card(TEST_CARDS.declined) }))
        .toMatchObject({ outcome: 'refused', reason: 'declined' });
    });

    it('voids an authorization idempotently', async () => {
      const result = await provider().authorize({ idempotencyKey: key(), amount: EUR(999), method: card(TEST_CARDS.ok) });
      const id = (result as { authorizationId: string }).authorizationId;
      const expected = name === 'payvia' ? 'voided' : 'requested';
      expect(await provider().void(id)).toBe(expected);
      expect(await provider().void(id)).toBe(expected);
      expect(sim.ledger(name)).toEqual([expect.objectContaining({ id, status: 'voided' })]);
    });

    it('tells a failure that never reached the provider (503, open breaker) from an ambiguous one (charged, then the connection dropped)', async () => {
      sim.setFaults(name, { outage: 'unavailable' });
      expect(await provider().authorize({ idempotencyKey: key(), amount: EUR(100), method: card(TEST_CARDS.ok) })).toMatchObject({ outcome: 'failed', code: 'UNAVAILABLE' });
      sim.setFaults(name, { outage: 'none', lostAnswerRate: 1 });
      const k = key();
      expect(await provider().authorize({ idempotencyKey: k, amount: EUR(100), method: card(TEST_CARDS.ok) })).toMatchObject({ outcome: 'ambiguous', code: 'UNAVAILABLE' });
      sim.setFaults(name, { lostAnswerRate: 1, lostAnswer: 'hang' });
      const hung = key();
      expect(await provider().authorize({ idempotencyKey: hung, amount: EUR(100), method: card(TEST_CARDS.ok) })).toMatchObject({ outcome: 'ambiguous', code: 'TIMEOUT' });
      sim.setFaults(name, { lostAnswerRate: 0 });
      expect(await provider().find(k)).toEqual([expect.objectContaining({ status: 'authorized' })]);
      expect(await provider().find(hung)).toEqual([expect.objectContaining({ status: 'authorized' })]);
      expect(sim.ledger(name).map((e) => e.answered)).toEqual([false, false]);
      // Three transient failures in a row opened the breaker: the next call is not sent.
      const before = sim.stats()[name].requests;
      expect(await provider().authorize({ idempotencyKey: key(), amount: EUR(100), method: card(TEST_CARDS.ok) })).toMatchObject({ outcome: 'failed', code: 'CIRCUIT_OPEN' });
      expect(sim.stats()[name].requests).toBe(before);
      expect(provider().breakerState).toBe('open');
    });
  });

  it('payvia: an async card is pending until its webhook says authorized', async () => {
    sim.setFaults('payvia', { asyncDelayMs: 30 });
    const k = key();
    const result = await providers.payvia.authorize({ idempotencyKey: k, amount: EUR(500), method: card(TEST_CARDS.async) });
    expect(result).toMatchObject({ outcome: 'pending' });
    await inbox.waitFor((r) => r.some((w) => w.body.includes('amount_capturable_updated')));
    const events = inbox.received.map((w) => verifyPayviaWebhook(w.body, w.headers['payvia-signature'] as string, sim.credentials.payvia.webhookSecret));
    expect(events.map((e) => e.status)).toEqual(['created', 'pending', 'authorized']);
    expect(events.every((e) => e.idempotencyKey === k && e.authorizationId === (result as { authorizationId: string }).authorizationId)).toBe(true);
  });

  describe('webhook verification', () => {
    it('payvia: refuses a missing, forged or stale signature and a tampered body', async () => {
      await providers.payvia.authorize({ idempotencyKey: key(), amount: EUR(100), method: card(TEST_CARDS.ok) });
      await inbox.waitFor((r) => r.length >= 2);
      const { body, headers } = inbox.received[1]!;
      const signature = headers['payvia-signature'] as string;
      const secret = sim.credentials.payvia.webhookSecret;
      expect(verifyPayviaWebhook(body, signature, secret)).toMatchObject({ provider: 'payvia', status: 'authorized', eventId: expect.stringMatching(/^evt_/) });
      const code = (f: () => unknown) => { try { f(); return 'ok'; } catch (e) { return (e as { code: string }).code; } };
      expect(code(() => verifyPayviaWebhook(body, undefined, secret))).toBe('SIGNATURE_MISSING');
      expect(code(() => verifyPayviaWebhook(body, signature, 'whsec_other'))).toBe('SIGNATURE_INVALID');
      expect(code(() => verifyPayviaWebhook(body.replace('"amount":100', '"amount":1'), signature, secret))).toBe('SIGNATURE_INVALID');
      expect(code(() => verifyPayviaWebhook(body, signature, secret, { now: () => Date.now() + 600_000 }))).toBe('TIMESTAMP_OUT_OF_WINDOW');
      // A rotated secret: either v1 may match.
      expect(code(() => verifyPayviaWebhook(body, `${signature},v1=${'0'.repeat(64)}`, secret))).toBe('ok');
    });

    it('acquira: verifies each item\'s HMAC and refuses a tampered amount or a foreign key', async () => {
      await providers.acquira.authorize({ idempotencyKey: key(), amount: EUR(700), method: card(TEST_CARDS.ok) });
      await inbox.waitFor((r) => r.length >= 1);
      const { body } = inbox.received[0]!;
      const hmacKey = sim.credentials.acquira.hmacKey;
      expect(verifyAcquiraNotification(body, hmacKey)).toEqual([expect.objectContaining({ provider: 'acquira', status: 'authorized', eventId: expect.stringMatching(/^AUTHORISATION:.+:true$/) })]);
      expect(() => verifyAcquiraNotification(body.replace('"value":700', '"value":7'), hmacKey)).toThrow(expect.objectContaining({ code: 'SIGNATURE_INVALID', httpStatus: 401 }));
      expect(() => verifyAcquiraNotification(body, 'ab'.repeat(32))).toThrow(expect.objectContaining({ code: 'SIGNATURE_INVALID' }));
      expect(() => verifyAcquiraNotification(body, hmacKey, { now: () => Date.now() + 4 * 86_400_000 })).toThrow(expect.objectContaining({ code: 'TIMESTAMP_OUT_OF_WINDOW' }));
      expect(() => verifyAcquiraNotification('nope', hmacKey)).toThrow(expect.objectContaining({ code: 'MALFORMED', httpStatus: 400 }));
    });

    it('duplicated and reordered events, applied by event id and forward-only states, end where the provider\'s ledger is', async () => {
      for (const name of ['payvia', 'acquira'] as const) sim.setFaults(name, { webhookDuplicateRate: 1, webhookJitterMs: 60 });
      const ids: string[] = [];
      for (let i = 0; i < 4; i++) {
        for (const p of [providers.payvia, providers.acquira]) {
          const r = await p.authorize({ idempotencyKey: key(), amount: EUR(100 + i), method: card(i === 3 ? TEST_CARDS.insufficientFunds : TEST_CARDS.ok) });
          if (r.outcome === 'authorized') ids.push(r.authorizationId);
          if (r.outcome === 'authorized' && i % 2 === 0) await p.void(r.authorizationId);
        }
      }
      await sim.drainWebhooks();
      const seen = new Set<string>();
      const state = new Map<string, AttemptStatus | null>();
      let duplicates = 0;
      for (const w of inbox.received) {
        const events: ProviderEvent[] = w.headers['payvia-signature']
          ? [verifyPayviaWebhook(w.body, w.headers['payvia-signature'] as string, sim.credentials.payvia.webhookSecret)]
          : verifyAcquiraNotification(w.body, sim.credentials.acquira.hmacKey);
        for (const e of events) {
          if (seen.has(`${e.provider}:${e.eventId}`)) { duplicates++; continue; }
          seen.add(`${e.provider}:${e.eventId}`);
          state.set(e.authorizationId, statusAfter(state.get(e.authorizationId) ?? null, e));
        }
      }
      expect(duplicates).toBe(seen.size);
      for (const entry of sim.ledger()) expect([entry.id, state.get(entry.id)]).toEqual([entry.id, entry.status]);
      expect(ids).toHaveLength(6);
    });
  });
});
