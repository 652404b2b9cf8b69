import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCarrierMetrics, type CarrierMetrics } from './CarrierMetrics.js';
import type { Carrier, Destination, Parcel } from './carriers/Carrier.js';
import type { CarrierOptions } from './carriers/CarrierOptions.js';
import { createCarriers } from './carriers/createCarriers.js';
import { createShippingQuoter, type ShippingQuoter } from './shippingQuoter.js';
import { generateDevCredentials, startCarrierSimulator, type CarrierSimulator } from './simulator/carrierSimulator.js';
import { simulatorCarrierSettings } from './simulator/startDevCarriers.js';

const BERLIN: Destination = { country: 'DE', postalCode: '10115' };
const BOX: Parcel = { weightGrams: 1200, lengthMm: 300, widthMm: 200, heightMm: 100 };
/** A different parcel per call, so the quote cache never answers. */
let serial = 0;
const freshBox = (): Parcel => ({ ...BOX, weightGrams: 1000 + ++serial });

interface Rig {
  simulator: CarrierSimulator;
  carriers: Carrier[];
  quoter: ShippingQuoter;
  metrics: CarrierMetrics;
}

async function rig(options: { deadlineMs?: number; cacheTtlMs?: number; carrier?: Omit<CarrierOptions, 'listener'> } = {}): Promise<Rig> {
  const simulator = await startCarrierSimulator({ port: 0, credentials: generateDevCredentials() });
  const metrics = createCarrierMetrics();
  const carriers = createCarriers(simulatorCarrierSettings(simulator), { callTimeoutMs: 300, breakerHalfOpenMs: 5_000, ...options.carrier, metrics });
  const quoter = createShippingQuoter({ carriers, deadlineMs: options.deadlineMs ?? 800, cacheTtlMs: options.cacheTtlMs ?? 0, metrics });
  return { simulator, carriers, quoter, metrics };
}

const timed = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const started = performance.now();
  const result = await fn();
  return [result, performance.now() - started];
};

describe('shippingQuoter against the carrier simulator', () => {
  let r: Rig;
  afterEach(async () => {
    await Promise.all(r.carriers.map((c) => c.close()));
    await r.simulator.close();
  });

  describe('with healthy carriers', () => {
    beforeEach(async () => {
      r = await rig({ cacheTtlMs: 60_000 });
    });

    it('returns every service of the three carriers, cheapest first, in minor units', async () => {
      const result = await r.quoter.quote(BERLIN, BOX);
      expect(result.unavailableCarriers).toEqual([]);
      expect(new Set(result.quotes.map((q) => q.carrier))).toEqual(new Set(['parcelo', 'skyway', 'freightly']));
      // freightly pages two services at a time: all three of its services arrive.
      expect(result.quotes.filter((q) => q.carrier === 'freightly').map((q) => q.service).sort()).toEqual(['air', 'road', 'road_plus']);
      const amounts = result.quotes.map((q) => q.amount.amount);
      expect(amounts).toEqual([...amounts].sort((a, b) => a - b));
      expect(result.quotes.every((q) => Number.isInteger(q.amount.amount) && q.amount.currency === 'EUR')).toBe(true);
      // parcelo's "4.90 + 0.45/kg" tariff for 2 kg, parsed from the decimal string "5.80".
      expect(result.quotes.find((q) => q.service === 'parcelo_standard')?.amount.amount).toBe(580);
    });

    it('caches a carrier\'s quotes by destination and parcel', async () => {
      await r.quoter.quote(BERLIN, BOX);
      const before = r.simulator.stats();
      const again = await r.quoter.quote({ ...BERLIN }, { ...BOX });
      expect(again.quotes.length).toBeGreaterThan(0);
      expect(r.simulator.stats()).toEqual(before);
      await r.quoter.quote({ country: 'DE', postalCode: '80331' }, BOX);
      expect(r.simulator.stats().parcelo.quotes).toBe(before.parcelo.quotes + 1);
    });

    it('names a carrier that does not serve the destination as DECLINED, without retrying it', async () => {
      const result = await r.quoter.quote({ country: 'US', postalCode: '10001' }, BOX);
      expect(result.unavailableCarriers).toEqual([{ carrier: 'parcelo', reason: 'DECLINED' }]);
      expect(result.quotes.map((q) => q.carrier)).toContain('skyway');
      expect(r.simulator.stats().parcelo.quotes).toBe(1);
    });
  });

  it.each([
    ['reset', ['UNAVAILABLE']],
    ['unavailable', ['UNAVAILABLE']],
    ['hang', ['TIMEOUT', 'DEADLINE_EXCEEDED']],
  ] as const)('answers within 1 s when a carrier\'s outage (%s) begins, naming it', async (outage, reasons) => {
    r = await rig();
    r.simulator.setFaults('freightly', { outage });
    const [result, ms] = await timed(() => r.quoter.quote(BERLIN, freshBox()));
    expect(ms).toBeLessThan(1_000);
    expect(result.unavailableCarriers).toHaveLength(1);
    expect(result.unavailableCarriers[0]!.carrier).toBe('freightly');
    expect(reasons).toContain(result.unavailableCarriers[0]!.reason);
    expect(new Set(result.quotes.map((q) => q.carrier))).toEqual(new Set(['parcelo', 'skyway']));
  });

  it('fails over within 1 s when a carrier goes down, names it, and recovers through half-open', async () => {
    r = await rig({ carrier: { breakerThreshold: 3, breakerHalfOpenMs: 400 } });
    r.simulator.setFaults('parcelo', { outage: 'reset' });
    const [first, ms] = await timed(() => r.quoter.quote(BERLIN, freshBox()));
    expect(ms).toBeLessThan(1_000);
    expect(first.unavailableCarriers).toEqual([{ carrier: 'parcelo', reason: 'UNAVAILABLE' }]);
    expect(new Set(first.quotes.map((q) => q.carrier))).toEqual(new Set(['skyway', 'freightly']));

    // The breaker is open now: parcelo is skipped without being called.
    expect(r.carriers.find((c) => c.name === 'parcelo')!.breakerState).toBe('open');
    const calls = r.simulator.stats().parcelo.requests;
    const skipped = await r.quoter.quote(BERLIN, freshBox());
    expect(skipped.unavailableCarriers).toEqual([{ carrier: 'parcelo', reason: 'CIRCUIT_OPEN' }]);
    expect(r.simulator.stats().parcelo.requests).toBe(calls);

    // The carrier returns; after halfOpenAfter one trial call goes through and closes the breaker.
    r.simulator.setFaults('parcelo', { outage: 'none' });
    await new Promise((resolve) => setTimeout(resolve, 450));
    const recovered = await r.quoter.quote(BERLIN, freshBox());
    expect(recovered.unavailableCarriers).toEqual([]);
    expect(recovered.quotes.some((q) => q.carrier === 'parcelo')).toBe(true);
    expect(r.carriers.find((c) => c.name === 'parcelo')!.breakerState).toBe('closed');
    const parcelo = r.metrics.snapshot().carriers.parcelo!;
    expect(parcelo.breakerTransitions).toBeGreaterThanOrEqual(3); // open → half-open → closed
    expect(parcelo.quotes).toMatchObject({ unavailable: 1, circuit_open: 1, ok: 1 });
  });

  it('re-opens the breaker when the half-open trial fails', async () => {
    r = await rig({ carrier: { breakerThreshold: 2, breakerHalfOpenMs: 200, retries: 0 } });
    r.simulator.setFaults('parcelo', { outage: 'unavailable' });
    await r.quoter.quote(BERLIN, freshBox());
    await r.quoter.quote(BERLIN, freshBox());
    const parcelo = r.carriers.find((c) => c.name === 'parcelo')!;
    expect(parcelo.breakerState).toBe('open');
    await new Promise((resolve) => setTimeout(resolve, 250));
    const trial = await r.quoter.quote(BERLIN, freshBox());
    expect(trial.unavailableCarriers).toEqual([{ carrier: 'parcelo', reason: 'UNAVAILABLE' }]);
    expect(parcelo.breakerState).toBe('open');
  });

  it('answers by the deadline when a carrier hangs or is slow, with the others\' quotes', async () => {
    r = await rig({ deadlineMs: 600, carrier: { callTimeoutMs: 5_000 } });
    r.simulator.setFaults('parcelo', { latencyMs: 3_000 });
    r.simulator.setFaults('freightly', { outage: 'hang' });
    const [result, ms] = await timed(() => r.quoter.quote(BERLIN, freshBox()));
    expect(ms).toBeGreaterThanOrEqual(590);
    expect(ms).toBeLessThan(900);
    expect(result.unavailableCarriers).toEqual([
      { carrier: 'parcelo', reason: 'DEADLINE_EXCEEDED' },
      { carrier: 'freightly', reason: 'DEADLINE_EXCEEDED' },
    ]);
    expect(result.quotes.map((q) => q.carrier)).toContain('skyway');
    // The deadline is the caller's limit, not the carrier's fault: breakers stay closed.
    expect(r.carriers.map((c) => c.breakerState)).toEqual(['closed', 'closed', 'closed']);
  });

  it('times out a slow call per attempt and retries it with backoff before giving up', async () => {
    r = await rig({ deadlineMs: 2_000, carrier: { callTimeoutMs: 150, retries: 2 } });
    r.simulator.setFaults('parcelo', { latencyMs: 1_000 });
    const result = await r.quoter.quote(BERLIN, freshBox());
    expect(result.unavailableCarriers).toEqual([{ carrier: 'parcelo', reason: 'TIMEOUT' }]);
    expect(r.simulator.stats().parcelo.quotes).toBe(3);
    expect(r.metrics.snapshot().carriers.parcelo).toMatchObject({ retries: 2, calls: { timeout: 1 } });
  });

  it('honours a 429 storm\'s Retry-After without hammering the carrier', async () => {
    r = await rig();
    r.simulator.setFaults('parcelo', { rateLimit: { limit: 0, windowMs: 60_000, retryAfterSec: 1 } });
    const results = [];
    const started = performance.now();
    while (performance.now() - started < 2_500) results.push(await r.quoter.quote(BERLIN, freshBox()));
    // Every quote request during the storm names parcelo RATE_LIMITED and still has the others' quotes…
    expect(results.length).toBeGreaterThan(10);
    expect(results.every((res) => res.unavailableCarriers.some((u) => u.carrier === 'parcelo' && u.reason === 'RATE_LIMITED'))).toBe(true);
    expect(results.every((res) => res.quotes.some((q) => q.carrier === 'skyway'))).toBe(true);
    // …but parcelo is asked once per Retry-After (1 s) at most: the 429 is not retried and calls wait it out.
    const { requests, byStatus } = r.simulator.stats().parcelo;
    expect(requests).toBeGreaterThanOrEqual(2);
    expect(requests).toBeLessThanOrEqual(4);
    expect(byStatus[429]).toBe(requests);
    // Rate limiting is not failure: the breaker stays closed.
    expect(r.carriers.find((c) => c.name === 'parcelo')!.breakerState).toBe('closed');

    // Once Retry-After has passed the carrier is asked again, and answers when the storm is over.
    r.simulator.setFaults('parcelo', { rateLimit: null });
    await new Promise((resolve) => setTimeout(resolve, 1_050));
    const after = await r.quoter.quote(BERLIN, freshBox());
    expect(after.unavailableCarriers).toEqual([]);
  });

  it('retries 5xx for idempotent calls only: the OAuth token request is sent once', async () => {
    r = await rig({ carrier: { retries: 2 } });
    r.simulator.setFaults('skyway', { errorRate: 1 });
    const result = await r.quoter.quote(BERLIN, freshBox());
    expect(result.unavailableCarriers).toEqual([{ carrier: 'skyway', reason: 'UNAVAILABLE' }]);
    // The token POST failed with 500 and was not retried; the GET quotes of freightly were.
    expect(r.simulator.stats().skyway).toMatchObject({ tokens: 1, quotes: 0 });
    const before = r.simulator.stats().freightly.quotes;
    r.simulator.setFaults('freightly', { errorRate: 1 });
    await r.quoter.quote(BERLIN, freshBox());
    expect(r.simulator.stats().freightly.quotes - before).toBe(3);
  });

  // Generous timeouts: these count token requests, and a loaded machine must not turn them into timeouts.
  it('refreshes an expired OAuth token once for many concurrent quotes, not per request', async () => {
    r = await rig({ deadlineMs: 5_000, carrier: { callTimeoutMs: 3_000 } });
    r.simulator.setFaults('skyway', { tokenTtlSec: 1 });
    const burst = () => Promise.all(Array.from({ length: 20 }, () => r.quoter.quote(BERLIN, freshBox())));
    const first = await burst();
    expect(first.every((res) => res.quotes.some((q) => q.carrier === 'skyway'))).toBe(true);
    expect(r.simulator.stats().skyway.tokens).toBe(1);

    await new Promise((resolve) => setTimeout(resolve, 1_100)); // the token expires
    const second = await burst();
    expect(second.every((res) => res.unavailableCarriers.length === 0)).toBe(true);
    expect(r.simulator.stats().skyway.tokens).toBe(2);
    expect(r.simulator.stats().skyway.byStatus[401] ?? 0).toBe(0);
  });

  it('refreshes a token revoked early once when many calls are refused with 401 at the same time', async () => {
    r = await rig({ deadlineMs: 5_000, carrier: { callTimeoutMs: 3_000 } });
    await r.quoter.quote(BERLIN, freshBox());
    r.simulator.revokeTokens();
    const burst = await Promise.all(Array.from({ length: 20 }, () => r.quoter.quote(BERLIN, freshBox())));
    expect(burst.every((res) => res.unavailableCarriers.length === 0)).toBe(true);
    const skyway = r.simulator.stats().skyway;
    expect(skyway.tokens).toBe(2);
    expect(skyway.byStatus[401]).toBe(20);
  });

  it('exposes per-carrier latency, outcomes and breaker state', async () => {
    r = await rig();
    await r.quoter.quote(BERLIN, freshBox());
    const { carriers } = r.metrics.snapshot();
    expect(Object.keys(carriers).sort()).toEqual(['freightly', 'parcelo', 'skyway']);
    expect(carriers.freightly).toMatchObject({ calls: { success: 2 }, breakerState: 'closed', quotes: { ok: 1 } });
    expect(carriers.skyway!.calls.success).toBe(2); // token + quote
    const latency = carriers.parcelo!.latencyMs;
    expect(latency.count).toBe(1);
    expect(latency.sum).toBeGreaterThan(0);
    expect(latency.buckets.at(-1)!.count).toBe(1);
  });
});
