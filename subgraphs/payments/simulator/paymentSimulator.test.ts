import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generatePaymentCredentials, startPaymentSimulator, TEST_CARDS, type PaymentSimulator } from './index.js';
import { startWebhookInbox, type WebhookInbox } from './webhookInbox.js';

describe('payment simulator', () => {
  let sim: PaymentSimulator;
  let inbox: WebhookInbox;
  beforeAll(async () => {
    inbox = await startWebhookInbox();
    sim = await startPaymentSimulator({
      port: 0, credentials: generatePaymentCredentials(), baseLatencyMs: { payvia: 0, acquira: 0 }, webhookRetryDelaysMs: [20, 20],
      webhookUrls: { payvia: inbox.url, acquira: inbox.url },
    });
  });
  afterAll(async () => {
    await sim.close();
    await inbox.close();
  });
  beforeEach(async () => {
    await sim.drainWebhooks();
    sim.reset({ ledger: true });
    inbox.received.length = 0;
    inbox.answer = () => 200;
  });

  const payvia = (path: string, form?: Record<string, string>, key?: string) => fetch(`${sim.baseUrls.payvia}${path}`, {
    method: form ? 'POST' : 'GET',
    headers: { authorization: `Bearer ${sim.credentials.payvia.secretKey}`, 'content-type': 'application/x-www-form-urlencoded', ...(key ? { 'idempotency-key': key } : {}) },
    ...(form ? { body: new URLSearchParams(form).toString() } : {}),
  });
  const intent = (pm: string, reference = 'order-1', amount = '2500') =>
    ({ amount, currency: 'eur', payment_method: pm, confirm: 'true', capture_method: 'manual', 'metadata[reference]': reference });
  const acquira = (path: string, body?: unknown, key?: string) => fetch(`${sim.baseUrls.acquira}${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { 'x-api-key': sim.credentials.acquira.apiKey, 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const authorise = (token: string, reference = 'order-1', value = 2500) => ({
    merchantAccount: sim.credentials.acquira.merchantAccount, reference, amount: { value, currency: 'EUR' },
    paymentMethod: { type: 'scheme', storedPaymentMethodId: token },
  });
  const events = () => inbox.received.filter((r) => r.headers['payvia-signature']).map((r) => JSON.parse(r.body) as { id: string; type: string; data: { object: { id: string; status: string } } });
  const notifications = () => inbox.received.filter((r) => !r.headers['payvia-signature'])
    .map((r) => (JSON.parse(r.body) as { notificationItems: { NotificationRequestItem: Record<string, any> }[] }).notificationItems[0]!.NotificationRequestItem);

  it('payvia: creates and confirms an intent once per Idempotency-Key; other parameters under the key are a 409', async () => {
    expect((await fetch(`${sim.baseUrls.payvia}/v1/payment_intents`, { method: 'POST' })).status).toBe(401);
    const first = await payvia('/v1/payment_intents', intent(TEST_CARDS.ok), 'k-1');
    expect(first.status).toBe(200);
    const body = (await first.json()) as { id: string; status: string; amount: number; currency: string };
    expect(body).toMatchObject({ status: 'requires_capture', amount: 2500, currency: 'eur', metadata: { reference: 'order-1' } });
    const replay = await payvia('/v1/payment_intents', intent(TEST_CARDS.ok), 'k-1');
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(((await replay.json()) as { id: string }).id).toBe(body.id);
    const reused = await payvia('/v1/payment_intents', intent(TEST_CARDS.ok, 'order-1', '2600'), 'k-1');
    expect(reused.status).toBe(409);
    expect(await reused.json()).toMatchObject({ error: { type: 'idempotency_error' } });
    expect(sim.ledger('payvia')).toEqual([expect.objectContaining({ id: body.id, idempotencyKey: 'k-1', reference: 'order-1', amount: 2500, currency: 'EUR', status: 'authorized', answered: true })]);
  });

  it('payvia: refuses insufficient funds with 402 card_declined, signs events t=…,v1=…, cancels and finds by metadata', async () => {
    const refused = await payvia('/v1/payment_intents', intent(TEST_CARDS.insufficientFunds, 'order-2'), 'k-2');
    expect(refused.status).toBe(402);
    expect(await refused.json()).toMatchObject({ error: { type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds', payment_intent: { status: 'requires_payment_method' } } });
    const ok = (await (await payvia('/v1/payment_intents', intent(TEST_CARDS.ok, 'order-2'), 'k-3')).json()) as { id: string };
    const found = (await (await payvia(`/v1/payment_intents/search?query=${encodeURIComponent("metadata['reference']:'order-2'")}`)).json()) as { data: { id: string }[] };
    expect(found.data).toHaveLength(2);
    expect((await (await payvia(`/v1/payment_intents/${ok.id}/cancel`, {})).json())).toMatchObject({ status: 'canceled' });
    expect((await payvia(`/v1/payment_intents/${ok.id}/capture`, {})).status).toBe(400);
    expect(sim.ledger('payvia').map((e) => [e.status, e.reason])).toEqual([['refused', 'insufficient_funds'], ['voided', null]]);

    await inbox.waitFor(() => events().some((e) => e.type === 'payment_intent.canceled'));
    for (const r of inbox.received.filter((x) => x.headers['payvia-signature'])) {
      const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(r.headers['payvia-signature']))!;
      expect(createHmac('sha256', sim.credentials.payvia.webhookSecret).update(`${t}.${r.body}`).digest('hex')).toBe(v1);
      expect(Math.abs(Date.now() / 1000 - Number(t))).toBeLessThan(5);
    }
    expect(events().map((e) => e.type)).toEqual(expect.arrayContaining(['payment_intent.payment_failed', 'payment_intent.amount_capturable_updated', 'payment_intent.canceled']));
  });

  it('payvia: creates an intent unconfirmed, then confirms it (refused, then with another card authorised) under its own key', async () => {
    const created = (await (await payvia('/v1/payment_intents', { amount: '700', currency: 'eur', payment_method: TEST_CARDS.declined }, 'k-c1')).json()) as { id: string; status: string };
    expect(created.status).toBe('requires_confirmation');
    const declined = await payvia(`/v1/payment_intents/${created.id}/confirm`, {}, 'k-c2');
    expect(declined.status).toBe(402);
    expect(await declined.json()).toMatchObject({ error: { decline_code: 'do_not_honor' } });
    const ok = await payvia(`/v1/payment_intents/${created.id}/confirm`, { payment_method: TEST_CARDS.ok }, 'k-c3');
    expect(await ok.json()).toMatchObject({ id: created.id, status: 'requires_capture', last_payment_error: null });
    expect((await payvia(`/v1/payment_intents/${created.id}/confirm`, {}, 'k-c4')).status).toBe(400);
    expect((await payvia('/v1/payment_intents/pi_missing')).status).toBe(404);
    expect(sim.ledger('payvia')).toEqual([expect.objectContaining({ id: created.id, status: 'authorized' })]);
  });

  it('payvia: an async card stays processing and is authorised later, told by a webhook; search lags when told to', async () => {
    sim.setFaults('payvia', { asyncDelayMs: 50, searchLagMs: 200 });
    const created = (await (await payvia('/v1/payment_intents', intent(TEST_CARDS.async, 'order-3'), 'k-4')).json()) as { id: string; status: string };
    expect(created.status).toBe('processing');
    const search = async () => ((await (await payvia(`/v1/payment_intents/search?query=${encodeURIComponent("metadata['reference']:'order-3'")}`)).json()) as { data: unknown[] }).data;
    expect(await search()).toEqual([]);
    await inbox.waitFor(() => events().some((e) => e.type === 'payment_intent.amount_capturable_updated' && e.data.object.id === created.id));
    expect(((await (await payvia(`/v1/payment_intents/${created.id}`)).json()) as { status: string }).status).toBe('requires_capture');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await search()).toHaveLength(1);
  });

  it('acquira: answers Authorised, Refused with a reason, or Error; looks payments up by merchant reference; cancels by PSP or merchant reference', async () => {
    expect((await fetch(`${sim.baseUrls.acquira}/v71/payments`, { method: 'POST', body: '{}' })).status).toBe(401);
    const ok = (await (await acquira('/v71/payments', authorise(TEST_CARDS.ok, 'order-4'), 'k-5')).json()) as { pspReference: string };
    expect(ok).toMatchObject({ resultCode: 'Authorised', merchantReference: 'order-4', amount: { value: 2500, currency: 'EUR' } });
    const replay = (await (await acquira('/v71/payments', authorise(TEST_CARDS.ok, 'order-4'), 'k-5')).json()) as { pspReference: string };
    expect(replay.pspReference).toBe(ok.pspReference);
    expect((await acquira('/v71/payments', authorise(TEST_CARDS.ok, 'order-5'), 'k-5')).status).toBe(422);
    expect(await (await acquira('/v71/payments', authorise(TEST_CARDS.insufficientFunds, 'order-5'))).json())
      .toMatchObject({ resultCode: 'Refused', refusalReason: 'Not enough balance', refusalReasonCode: '51' });
    expect(await (await acquira('/v71/payments', authorise(TEST_CARDS.processingError, 'order-6'))).json()).toMatchObject({ resultCode: 'Error' });
    expect(await (await acquira('/v71/payments', authorise(TEST_CARDS.ok, 'order-7', 2_000_000))).json()).toMatchObject({ resultCode: 'Refused' });

    const lookup = (await (await acquira('/v71/payments?merchantReference=order-4')).json()) as { payments: { pspReference: string; status: string }[] };
    expect(lookup.payments).toEqual([expect.objectContaining({ pspReference: ok.pspReference, status: 'authorised' })]);
    const cancel = await acquira(`/v71/payments/${ok.pspReference}/cancels`, { merchantAccount: sim.credentials.acquira.merchantAccount, reference: 'void-4' });
    expect(cancel.status).toBe(201);
    expect(await cancel.json()).toMatchObject({ paymentPspReference: ok.pspReference, status: 'received' });
    const other = (await (await acquira('/v71/payments', authorise(TEST_CARDS.ok, 'order-8'))).json()) as { pspReference: string };
    expect((await acquira('/v71/cancels', { merchantAccount: sim.credentials.acquira.merchantAccount, paymentReference: 'order-8' })).status).toBe(201);
    expect(sim.ledger('acquira').map((e) => [e.reference, e.status])).toEqual([
      ['order-4', 'voided'], ['order-5', 'refused'], ['order-6', 'failed'], ['order-7', 'refused'], ['order-8', 'voided'],
    ]);

    await inbox.waitFor(() => notifications().filter((n) => n.eventCode === 'CANCELLATION').length === 2);
    const key = Buffer.from(sim.credentials.acquira.hmacKey, 'hex');
    for (const n of notifications()) {
      const signed = [n.pspReference, n.originalReference ?? '', n.merchantAccountCode, n.merchantReference, n.amount.value, n.amount.currency, n.eventCode, n.success].join(':');
      expect(createHmac('sha256', key).update(signed).digest('base64')).toBe(n.additionalData.hmacSignature);
    }
    expect(notifications().find((n) => n.eventCode === 'CANCELLATION' && n.originalReference === other.pspReference)).toMatchObject({ success: 'true' });
  });

  it('records the charge but loses the answer: the connection drops, or the call hangs', async () => {
    sim.setFaults('acquira', { lostAnswerRate: 1 });
    await expect(acquira('/v71/payments', authorise(TEST_CARDS.ok, 'order-9'), 'k-9')).rejects.toThrow();
    sim.setFaults('payvia', { lostAnswerRate: 1, lostAnswer: 'hang' });
    await expect(fetch(`${sim.baseUrls.payvia}/v1/payment_intents`, {
      method: 'POST', signal: AbortSignal.timeout(150),
      headers: { authorization: `Bearer ${sim.credentials.payvia.secretKey}`, 'idempotency-key': 'k-10' },
      body: new URLSearchParams(intent(TEST_CARDS.ok, 'order-10')).toString(),
    })).rejects.toThrow();
    // A refusal holds no money: its answer is never lost.
    expect((await payvia('/v1/payment_intents', intent(TEST_CARDS.insufficientFunds, 'order-11'), 'k-11')).status).toBe(402);
    expect(sim.ledger().map((e) => [e.provider, e.reference, e.status, e.answered])).toEqual([
      ['acquira', 'order-9', 'authorized', false], ['payvia', 'order-10', 'authorized', false], ['payvia', 'order-11', 'refused', true],
    ]);
    expect(sim.stats().acquira.lostAnswers).toBe(1);
    // The provider still tells the merchant by webhook: it may arrive before any answer does.
    const unanswered = sim.ledger('payvia')[0]!.id;
    await inbox.waitFor(() => events().some((e) => e.type === 'payment_intent.amount_capturable_updated' && e.data.object.id === unanswered));
    await inbox.waitFor(() => notifications().some((n) => n.eventCode === 'AUTHORISATION' && n.merchantReference === 'order-9' && n.success === 'true'));
    sim.setFaults('acquira', { lostAnswerRate: 0 });
    // The same key after the lost answer gets the stored answer.
    expect(await (await acquira('/v71/payments', authorise(TEST_CARDS.ok, 'order-9'), 'k-9')).json()).toMatchObject({ resultCode: 'Authorised' });
    expect(sim.ledger('acquira')).toHaveLength(1);
  });

  it('retries webhooks until acknowledged, duplicates them when told to, and gives up after the last retry', async () => {
    let failures = 2;
    inbox.answer = () => (failures-- > 0 ? 500 : 200);
    await acquira('/v71/payments', authorise(TEST_CARDS.ok, 'order-12'));
    await sim.drainWebhooks();
    expect(inbox.received.map((r) => r.status)).toEqual([500, 500, 200]);
    expect(sim.stats().acquira.webhooks).toMatchObject({ queued: 1, attempts: 3, delivered: 1, abandoned: 0 });

    inbox.received.length = 0;
    sim.setFaults('acquira', { webhookDuplicateRate: 1 });
    await acquira('/v71/payments', authorise(TEST_CARDS.ok, 'order-13'));
    await sim.drainWebhooks();
    expect(inbox.received.map((r) => r.body)).toEqual([inbox.received[0]!.body, inbox.received[0]!.body]);

    inbox.answer = () => 503;
    sim.setFaults('acquira', { webhookDuplicateRate: 0 });
    await acquira('/v71/payments', authorise(TEST_CARDS.ok, 'order-14'));
    await sim.drainWebhooks();
    expect(sim.stats().acquira.webhooks.abandoned).toBe(1);
  });

  it('injects outages, errors and latency at run time through the admin API, which also serves the ledger', async () => {
    const put = (what: string, body: unknown) => fetch(`${sim.url}/admin/${what}`, { method: 'PUT', body: JSON.stringify(body) });
    expect((await put('faults/payvia', { lostAnswerRate: 2 })).status).toBe(400);
    expect((await put('faults/payvia', { nope: 1 })).status).toBe(400);
    expect((await put('faults/payvia', { outage: 'unavailable' })).status).toBe(200);
    expect((await payvia('/v1/payment_intents', intent(TEST_CARDS.ok))).status).toBe(503);
    await put('faults/payvia', { outage: 'reset' });
    await expect(payvia('/v1/payment_intents', intent(TEST_CARDS.ok))).rejects.toThrow();
    await put('faults/payvia', { outage: 'none', errorRate: 1 });
    expect((await payvia('/v1/payment_intents', intent(TEST_CARDS.ok))).status).toBe(500);
    await put('faults/payvia', { errorRate: 0, latencyMs: 120 });
    const started = performance.now();
    expect((await payvia('/v1/payment_intents', intent(TEST_CARDS.ok, 'order-15'))).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
    expect((await put('webhooks/payvia', { url: 'ftp://x' })).status).toBe(400);
    expect((await put('webhooks/payvia', { url: null })).status).toBe(200);

    const ledger = (await (await fetch(`${sim.url}/admin/ledger/payvia`)).json()) as { entries: { reference: string; status: string }[] };
    expect(ledger.entries).toEqual([expect.objectContaining({ reference: 'order-15', status: 'authorized' })]);
    const stats = (await (await fetch(`${sim.url}/admin/stats`)).json()) as { payvia: { byStatus: Record<string, number> } };
    expect(stats.payvia.byStatus).toMatchObject({ 503: 1, 500: 1, 200: 1 });
    expect((await fetch(`${sim.url}/admin/reset?ledger=true`, { method: 'POST' })).status).toBe(200);
    expect(sim.ledger()).toEqual([]);
    sim.setWebhookUrl('payvia', inbox.url);
  });
});
