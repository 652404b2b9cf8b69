import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { identityOf, signedRequestHeaders, type Identity } from '../../lib/auth/index.js';
import type { Db } from '../../lib/db/index.js';
import { createLogger } from '../../lib/logging/index.js';
import { migrateSubgraph, startSubgraph, type SubgraphServer } from '../../lib/subgraph/index.js';
import { postRaw } from '../../test/helpers/graphql.js';
import { openTestDb } from '../../test/helpers/testDb.js';
import { createPaymentsSubgraph, type PaymentsInstance } from './index.js';
import { paymentStore } from './paymentStore.js';
import { payviaSignature } from './simulator/payviaApi.js';
import type { PaymentSimulator } from './simulator/index.js';

const AUTHORIZE = `mutation ($input: AuthorizePaymentInput!) { authorizePayment(input: $input) { outcome provider authorizationId reason } }`;
const RELEASE = 'mutation ($input: ReleasePaymentInput!) { releasePayment(input: $input) }';
const PAYMENT = `query ($id: ID!) { _entities(representations: [{ __typename: "Order", id: $id }]) {
  ... on Order { payment { status provider amount { amount currency } failureReason attempts { provider step result code } } } } }`;
const ORDERS = identityOf('service:orders', [], ['payments:authorize']);

// The payments subgraph over PostgreSQL, authorizing at the payment simulator over HTTP and
// receiving its webhooks on its own routes.
describe('payments subgraph', { timeout: 60_000 }, () => {
  const signingKey = randomBytes(32).toString('base64url');
  const logger = createLogger({ level: 'silent', service: 'test' });
  let db: Db;
  let server: SubgraphServer;
  let instance: PaymentsInstance;
  let simulator: PaymentSimulator;

  const call = (query: string, variables: Record<string, unknown>, identity: Identity = ORDERS) =>
    postRaw(server.url, JSON.stringify({ query, variables }), signedRequestHeaders(signingKey, { audience: 'payments', query, variables, identity }));
  const order = () => {
    const orderId = randomUUID();
    return { orderId, customer: 'ada', idempotencyKey: `${orderId}:authorize`, amount: 2490, currency: 'EUR' };
  };
  const authorize = async (input: ReturnType<typeof order>, paymentMethod = 'tok_ok') => call(AUTHORIZE, { input: { ...input, paymentMethod } });
  const charges = (key: string) => simulator.ledger().filter((e) => e.idempotencyKey === key || e.reference === key);
  const paymentOf = async (orderId: string, identity: Identity = identityOf('ada', ['customer'], [])) =>
    (await call(PAYMENT, { id: orderId }, identity)).body.data._entities[0].payment;
  const webhookUrl = (provider: string) => new URL(`/webhooks/${provider}`, server.url).href;

  beforeAll(async () => {
    db = await openTestDb('pg');
    await migrateSubgraph(db, 'payments');
    let url = '';
    instance = createPaymentsSubgraph().create(db, { logger, environment: 'test', signingKey, subgraphUrls: () => [url] });
    server = await startSubgraph(instance, { port: 0, host: '127.0.0.1', logger, signingKey });
    url = server.url;
    await instance.start!();
    simulator = instance.paymentSimulator()!;
  });
  beforeEach(() => simulator.reset());
  afterAll(async () => {
    await server?.close();
    await instance?.close?.();
    await db?.close();
  });

  it('authorizes once per key: the same key again answers the same authorization, and the payment reads through Order', async () => {
    const input = order();
    const first = (await authorize(input)).body.data.authorizePayment;
    expect(first).toMatchObject({ outcome: 'AUTHORIZED', provider: 'payvia' });
    expect((await authorize(input)).body.data.authorizePayment).toEqual(first);
    expect(charges(input.idempotencyKey)).toHaveLength(1);
    expect(await paymentOf(input.orderId)).toMatchObject({
      status: 'AUTHORIZED', provider: 'payvia', amount: { amount: 2490, currency: 'EUR' }, attempts: [{ provider: 'payvia', step: 'authorize', result: 'authorized' }],
    });
    // Someone else sees no payment; staff with orders:read do.
    expect(await paymentOf(input.orderId, identityOf('eve', ['customer'], []))).toBeNull();
    expect(await paymentOf(input.orderId, identityOf('sam', ['support'], ['orders:read']))).toMatchObject({ status: 'AUTHORIZED' });
  });

  it('refuses callers without payments:authorize, and the same key for another amount', async () => {
    const input = order();
    const res = await call(AUTHORIZE, { input: { ...input, paymentMethod: 'tok_ok' } }, identityOf('ada', ['customer'], []));
    expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await authorize(input);
    const reused = await authorize({ ...input, amount: 1 });
    expect(reused.body.errors?.[0]?.extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(charges(input.idempotencyKey)).toHaveLength(1);
  });

  it('fails over to acquira when payvia is down, and never after a business refusal', async () => {
    simulator.setFaults('payvia', { outage: 'unavailable' });
    const input = order();
    expect((await authorize(input)).body.data.authorizePayment).toMatchObject({ outcome: 'AUTHORIZED', provider: 'acquira' });
    expect((await paymentOf(input.orderId)).attempts.map((a: { provider: string; step: string }) => `${a.provider}:${a.step}`)).toEqual(['payvia:authorize', 'acquira:authorize']);
    simulator.reset();
    const refused = order();
    expect((await authorize(refused, 'tok_insufficient_funds')).body.data.authorizePayment).toMatchObject({ outcome: 'DECLINED', reason: 'insufficient_funds' });
    expect(charges(refused.idempotencyKey).map((e) => e.provider)).toEqual(['payvia']);
  });

  it.each(['reset', 'hang'] as const)('charges once when payvia authorizes but its answer is lost (%s): the lookup finds it', async (lostAnswer) => {
    simulator.setFaults('payvia', { lostAnswerRate: 1, lostAnswer });
    const input = order();
    expect((await authorize(input)).body.data.authorizePayment).toMatchObject({ outcome: 'AUTHORIZED', provider: 'payvia' });
    expect(charges(input.idempotencyKey).map((e) => [e.provider, e.status])).toEqual([['payvia', 'authorized']]);
  });

  it('releases: voids what the key holds, and a release that came first refuses a late authorize', async () => {
    const held = order();
    await authorize(held);
    expect((await call(RELEASE, { input: held })).body.data.releasePayment).toBe('VOIDED');
    expect(charges(held.idempotencyKey).map((e) => e.status)).toEqual(['voided']);
    expect((await paymentOf(held.orderId)).status).toBe('VOIDED');

    const late = order();
    expect((await call(RELEASE, { input: late })).body.data.releasePayment).toBe('VOIDED');
    expect((await authorize(late)).body.data.authorizePayment).toMatchObject({ outcome: 'UNAVAILABLE' });
    expect(charges(late.idempotencyKey)).toEqual([]);
  });

  it('releases an authorization whose outcome was never recorded, found at the provider by key', async () => {
    const input = order();
    // A payments process called payvia, then died before it recorded the answer.
    await paymentStore.findOrCreate(db, input);
    simulator.setWebhookUrl('payvia', undefined);
    const [payvia] = instance.providers();
    expect((await payvia!.authorize({ idempotencyKey: input.idempotencyKey, amount: { amount: 2490, currency: 'EUR' }, method: { type: 'card', token: 'tok_ok' } })).outcome).toBe('authorized');
    expect((await call(RELEASE, { input })).body.data.releasePayment).toBe('VOIDED');
    expect(charges(input.idempotencyKey).map((e) => e.status)).toEqual(['voided']);
    simulator.setWebhookUrl('payvia', webhookUrl('payvia'));
  });

  describe('webhooks', () => {
    const payviaEvent = (type: string, intentId: string, created = Math.floor(Date.now() / 1000)) =>
      JSON.stringify({ id: `evt_${randomUUID()}`, type, created, data: { object: { id: intentId, metadata: {} } } });
    const post = (provider: string, body: string, headers: Record<string, string> = {}) =>
      fetch(webhookUrl(provider), { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
    const signed = (body: string, at = Math.floor(Date.now() / 1000)) => ({ 'payvia-signature': payviaSignature(simulator.credentials.payvia.webhookSecret, body, at) });
    const inboxRows = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM payments.webhook_inbox')).rows[0]!.n;

    it('refuses unsigned, wrongly signed and stale webhooks with 401 and stores nothing', async () => {
      const before = await inboxRows();
      const body = payviaEvent('payment_intent.canceled', 'pi_unknown');
      expect((await post('payvia', body)).status).toBe(401);
      expect((await post('payvia', body, { 'payvia-signature': payviaSignature('whsec_wrong', body, Math.floor(Date.now() / 1000)) })).status).toBe(401);
      expect((await post('payvia', body, signed(body, Math.floor(Date.now() / 1000) - 3600))).status).toBe(401);
      expect((await post('acquira', '{"notificationItems":[]}')).status).toBeGreaterThanOrEqual(400);
      expect(await inboxRows()).toBe(before);
    });

    it('applies an event once, however often it comes, and an older one arriving late changes nothing', async () => {
      const input = order();
      const { authorizationId } = (await authorize(input)).body.data.authorizePayment;
      await simulator.drainWebhooks();
      const canceled = payviaEvent('payment_intent.canceled', authorizationId);
      for (let i = 0; i < 3; i++) expect((await post('payvia', canceled, signed(canceled))).status).toBe(200);
      const stale = payviaEvent('payment_intent.amount_capturable_updated', authorizationId);
      expect((await post('payvia', stale, signed(stale))).status).toBe(200);
      expect((await paymentOf(input.orderId)).status).toBe('VOIDED');
      expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM payments.webhook_inbox WHERE authorization_id = $1 AND status = $2', [authorizationId, 'voided'])).rows[0]!.n).toBe(1);
    });

    it('keeps an event that overtook the synchronous answer, and applies it when the answer lands', async () => {
      const input = order();
      const body = payviaEvent('payment_intent.amount_capturable_updated', 'pi_early');
      expect((await post('payvia', body, signed(body))).status).toBe(200);
      const { row } = await paymentStore.findOrCreate(db, input);
      const settled = await db.transaction((tx) => paymentStore.settle(tx, row.id, { status: 'PENDING', provider: 'payvia', authorizationId: 'pi_early' }));
      expect(settled?.status).toBe('AUTHORIZED');
    });

    it('takes a pending (async) payment to AUTHORIZED when the provider\'s webhook says so', async () => {
      const input = order();
      expect((await authorize(input, 'tok_async')).body.data.authorizePayment).toMatchObject({ outcome: 'AUTHORIZED', provider: 'payvia' });
      await new Promise((resolve) => setTimeout(resolve, 400));
      await simulator.drainWebhooks();
      expect((await paymentOf(input.orderId)).status).toBe('AUTHORIZED');
    });
  });
});
