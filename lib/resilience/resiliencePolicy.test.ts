import { describe, expect, it } from 'vitest';
import { createResiliencePolicy } from './resiliencePolicy.js';
import { UpstreamError } from './UpstreamError.js';

const fail = (code: ConstructorParameters<typeof UpstreamError>[0], details = {}) => () => Promise.reject(new UpstreamError(code, code, details));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createResiliencePolicy', () => {
  it('retries transient failures of idempotent calls and then succeeds', async () => {
    const policy = createResiliencePolicy({ name: 't', retries: 2, backoffInitialMs: 1 });
    let calls = 0;
    const result = await policy.execute(async () => {
      calls++;
      if (calls < 3) throw new UpstreamError('UNAVAILABLE', '503');
      return 'ok';
    }, { idempotent: true });
    expect(result).toBe('ok');
    expect(calls).toBe(3);
  });

  it('does not retry a call that is not idempotent', async () => {
    const policy = createResiliencePolicy({ name: 't', retries: 2, backoffInitialMs: 1 });
    let calls = 0;
    await expect(policy.execute(() => { calls++; return fail('UNAVAILABLE')(); }, { idempotent: false })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(calls).toBe(1);
  });

  it('does not retry rejections or rate limiting', async () => {
    const policy = createResiliencePolicy({ name: 't', retries: 2, backoffInitialMs: 1 });
    let calls = 0;
    await expect(policy.execute(() => { calls++; return fail('DECLINED')(); }, { idempotent: true })).rejects.toMatchObject({ code: 'DECLINED' });
    expect(calls).toBe(1);
  });

  it('turns a slow attempt into TIMEOUT through the abort signal it passes', async () => {
    const policy = createResiliencePolicy({ name: 't', callTimeoutMs: 30, retries: 0 });
    let aborted = false;
    await expect(policy.execute((signal) => new Promise((_resolve, reject) => {
      signal.addEventListener('abort', () => { aborted = true; reject(new Error('aborted')); });
    }), { idempotent: true })).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(aborted).toBe(true);
  });

  it('reports DEADLINE_EXCEEDED, not a failure of the upstream, when the caller\'s deadline passes', async () => {
    const policy = createResiliencePolicy({ name: 't', callTimeoutMs: 1_000, breakerThreshold: 1 });
    const deadline = AbortSignal.timeout(20);
    await expect(policy.execute((signal) => new Promise((_resolve, reject) => {
      signal.addEventListener('abort', () => reject(new Error('aborted')));
    }), { idempotent: true, signal: deadline })).rejects.toMatchObject({ code: 'DEADLINE_EXCEEDED' });
    expect(policy.breakerState).toBe('closed');
  });

  it('opens the breaker after consecutive failures, half-opens after the pause and closes on success', async () => {
    const states: string[] = [];
    const policy = createResiliencePolicy({
      name: 't', retries: 0, breakerThreshold: 2, breakerHalfOpenMs: 50, listener: { onBreakerStateChange: (s) => states.push(s) },
    });
    for (let i = 0; i < 2; i++) await expect(policy.execute(fail('UNAVAILABLE'), { idempotent: true })).rejects.toBeDefined();
    expect(policy.breakerState).toBe('open');
    let called = false;
    await expect(policy.execute(async () => { called = true; }, { idempotent: true })).rejects.toMatchObject({ code: 'CIRCUIT_OPEN' });
    expect(called).toBe(false);
    await sleep(60);
    await policy.execute(async () => 'ok', { idempotent: true });
    expect(policy.breakerState).toBe('closed');
    expect(states).toEqual(['open', 'half-open', 'closed']);
  });

  it('refuses calls beyond the bulkhead with BULKHEAD_FULL', async () => {
    const policy = createResiliencePolicy({ name: 't', bulkheadLimit: 1, bulkheadQueue: 0 });
    const slow = policy.execute(() => sleep(30), { idempotent: true });
    await expect(policy.execute(async () => 'x', { idempotent: true })).rejects.toMatchObject({ code: 'BULKHEAD_FULL' });
    await slow;
  });

  it('holds calls back for Retry-After after a 429, without calling the upstream', async () => {
    const policy = createResiliencePolicy({ name: 't' });
    await expect(policy.execute(fail('RATE_LIMITED', { retryAfterMs: 60 }), { idempotent: true })).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect(policy.rateLimitedUntil).toBeGreaterThan(Date.now());
    let called = false;
    await expect(policy.execute(async () => { called = true; }, { idempotent: true })).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect(called).toBe(false);
    await sleep(70);
    await policy.execute(async () => { called = true; }, { idempotent: true });
    expect(called).toBe(true);
  });

  it('reports each call\'s outcome and duration', async () => {
    const outcomes: string[] = [];
    const policy = createResiliencePolicy({ name: 't', retries: 0, listener: { onCall: (o) => outcomes.push(o) } });
    await policy.execute(async () => 1, { idempotent: true });
    await policy.execute(fail('DECLINED'), { idempotent: true }).catch(() => {});
    await policy.execute(() => Promise.reject(new Error('ECONNRESET')), { idempotent: true }).catch(() => {});
    expect(outcomes).toEqual(['success', 'declined', 'unavailable']);
  });
});
