import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMetrics, type Metrics } from '../../../lib/metrics/index.js';
import { generatePaymentCredentials, startPaymentSimulator, TEST_CARDS, type PaymentSimulator } from '../simulator/index.js';
import { authorizeWithFailover, createAcquiraProvider, createPayviaProvider, type PaymentProvider } from './index.js';

describe('authorizeWithFailover (payvia first, acquira second, over the simulator)', () => {
  let sim: PaymentSimulator;
  let providers: PaymentProvider[] = [];
  let metrics: Metrics;
  let n = 0;
  const request = (token: string = TEST_CARDS.ok) => ({ idempotencyKey: `saga-${++n}:authorize`, amount: { amount: 5_000, currency: 'EUR' }, method: { type: 'card' as const, token } });
  const live = () => sim.ledger().filter((e) => e.status === 'authorized' || e.status === 'pending');
  const counter = async (name: string) => (await metrics.registry.getSingleMetric(name)!.get()).values.map((v) => [v.labels, v.value]);

  beforeAll(async () => {
    sim = await startPaymentSimulator({ port: 0, credentials: generatePaymentCredentials(), baseLatencyMs: { payvia: 5, acquira: 5 } });
  });
  afterAll(async () => {
    await Promise.all(providers.map((p) => p.close()));
    await sim.close();
  });
  beforeEach(async () => {
    await Promise.all(providers.map((p) => p.close()));
    sim.reset({ ledger: true });
    metrics = createMetrics({ service: 'test', processMetrics: false });
    const policy = { callTimeoutMs: 250, retries: 1, backoffInitialMs: 5, breakerThreshold: 3, breakerHalfOpenMs: 60_000 };
    providers = [
      createPayviaProvider({ baseUrl: sim.baseUrls.payvia, secretKey: sim.credentials.payvia.secretKey }, policy),
      createAcquiraProvider({ baseUrl: sim.baseUrls.acquira, ...sim.credentials.acquira }, policy),
    ];
  });

  it('authorizes at provider 1 when it is healthy, never calling provider 2', async () => {
    const result = await authorizeWithFailover(providers, request(), { metrics });
    expect(result).toMatchObject({ outcome: 'authorized', provider: 'payvia', extraVoided: [], unvoided: [], unchecked: [] });
    expect(sim.stats().acquira.requests).toBe(0);
    expect(live()).toHaveLength(1);
  });

  it('fails over when provider 1 is down, within the deadline, and fast once its breaker is open', async () => {
    sim.setFaults('payvia', { outage: 'unavailable' });
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      const result = await authorizeWithFailover(providers, request(), { metrics, signal: AbortSignal.timeout(1_500) });
      expect(result).toMatchObject({ outcome: 'authorized', provider: 'acquira' });
      expect(performance.now() - started).toBeLessThan(1_500);
    }
    expect(sim.stats().payvia.requests).toBe(3); // then the breaker held calls back
    expect(live().map((e) => e.provider)).toEqual(Array(5).fill('acquira'));
    expect(await counter('payment_failovers_total')).toEqual([[{ from: 'payvia', to: 'acquira' }, 5]]);
  });

  it('fails over when provider 1 rate-limits (429), which it never processed', async () => {
    sim.setFaults('payvia', { rateLimit: { limit: 0, windowMs: 60_000, retryAfterSec: 30 } });
    expect(await authorizeWithFailover(providers, request(), { metrics })).toMatchObject({
      outcome: 'authorized', provider: 'acquira', steps: [{ provider: 'payvia', result: 'failed', code: 'RATE_LIMITED' }, { provider: 'acquira', result: 'authorized' }],
    });
    // Retry-After holds the next calls back on the client side: provider 1 is not asked again.
    expect(await authorizeWithFailover(providers, request(), { metrics })).toMatchObject({ provider: 'acquira' });
    expect(sim.stats().payvia.requests).toBe(1);
  });

  it('never fails over after a business refusal', async () => {
    const result = await authorizeWithFailover(providers, request(TEST_CARDS.insufficientFunds), { metrics });
    expect(result).toMatchObject({ outcome: 'refused', provider: 'payvia', reason: 'insufficient_funds' });
    expect(sim.stats().acquira.requests).toBe(0);
  });

  it('fails over after a technical refusal (processing error) and ends failed when every provider fails', async () => {
    expect(await authorizeWithFailover(providers, request(TEST_CARDS.processingError))).toMatchObject({
      outcome: 'failed',
      steps: [
        { provider: 'payvia', step: 'authorize', result: 'ambiguous' }, { provider: 'payvia', step: 'lookup', result: 'found' },
        { provider: 'acquira', step: 'authorize', result: 'failed' },
      ],
    });
    expect(live()).toEqual([]);
  });

  it.each(['reset', 'hang'] as const)('provider 1 charges and then the answer is lost (%s): the lookup finds the charge, no second one', async (lostAnswer) => {
    sim.setFaults('payvia', { lostAnswerRate: 1, lostAnswer });
    const req = request();
    const result = await authorizeWithFailover(providers, req, { metrics });
    expect(result).toMatchObject({ outcome: 'authorized', provider: 'payvia' });
    expect(sim.stats().acquira.requests).toBe(0);
    expect(live()).toEqual([expect.objectContaining({ provider: 'payvia', idempotencyKey: req.idempotencyKey, answered: false, id: (result as { authorizationId: string }).authorizationId })]);
  });

  it('provider 1 times out before charging: the lookup finds nothing and provider 2 authorizes once', async () => {
    sim.setFaults('payvia', { timeoutRate: 1, scope: 'charges' });
    const result = await authorizeWithFailover(providers, request(), { metrics });
    expect(result).toMatchObject({ outcome: 'authorized', provider: 'acquira', steps: [
      { provider: 'payvia', result: 'ambiguous', code: 'TIMEOUT' }, { provider: 'payvia', step: 'lookup', result: 'not_found' },
      { provider: 'acquira', result: 'authorized' }, { provider: 'payvia', step: 'recheck', result: 'not_found' },
    ] });
    expect(live().map((e) => e.provider)).toEqual(['acquira']);
  });

  it('an ambiguous attempt that cannot be looked up is unresolved: nothing else is tried', async () => {
    sim.setFaults('payvia', { outage: 'reset' });
    const result = await authorizeWithFailover(providers, request(), { metrics });
    expect(result).toMatchObject({ outcome: 'unresolved', provider: 'payvia' });
    expect(sim.stats().acquira.requests).toBe(0);
  });

  it('voids and counts an extra authorization that a lagging lookup missed, leaving one live', async () => {
    // Payvia's search lags behind its writes; acquira is slower than the lag, so the re-check sees the charge.
    sim.setFaults('payvia', { lostAnswerRate: 1, searchLagMs: 500 });
    sim.setFaults('acquira', { latencyMs: 900 });
    const patient = { callTimeoutMs: 2_000, retries: 0 };
    const slow = [
      createPayviaProvider({ baseUrl: sim.baseUrls.payvia, secretKey: sim.credentials.payvia.secretKey }, patient),
      createAcquiraProvider({ baseUrl: sim.baseUrls.acquira, ...sim.credentials.acquira }, patient),
    ];
    providers.push(...slow);
    const result = await authorizeWithFailover(slow, request(), { metrics });
    expect(result).toMatchObject({ outcome: 'authorized', provider: 'acquira', extraVoided: [expect.objectContaining({ provider: 'payvia', status: 'authorized' })], unvoided: [] });
    expect(live().map((e) => e.provider)).toEqual(['acquira']);
    expect(sim.ledger('payvia')).toEqual([expect.objectContaining({ status: 'voided', answered: false })]);
    expect(await counter('payment_extra_authorizations_voided_total')).toEqual([[{ provider: 'payvia' }, 1]]);
  });
});
