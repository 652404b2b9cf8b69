import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rateLimiter.js';
import { errorForStatus, parseRetryAfter } from './UpstreamError.js';

describe('createRateLimiter', () => {
  it('allows a burst, then the sustained rate, refusing the rest at once', () => {
    let now = 0;
    const limiter = createRateLimiter({ requestsPerSecond: 2, burst: 2, now: () => now });
    limiter.acquire();
    limiter.acquire();
    expect(() => limiter.acquire()).toThrow(expect.objectContaining({ code: 'RATE_LIMITED' }));
    now = 500;
    limiter.acquire();
    expect(() => limiter.acquire()).toThrow();
  });

  it('pauses for Retry-After, keeping the longer of two pauses', () => {
    let now = 1_000;
    const limiter = createRateLimiter({ now: () => now });
    limiter.pause(2_000);
    limiter.pause(500);
    expect(limiter.pausedUntil).toBe(3_000);
    now = 2_999;
    expect(() => limiter.acquire()).toThrow(expect.objectContaining({ code: 'RATE_LIMITED' }));
    now = 3_000;
    expect(() => limiter.acquire()).not.toThrow();
    expect(limiter.pausedUntil).toBe(0);
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('2')).toBe(2_000);
    expect(parseRetryAfter('0.5')).toBe(500);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });

  it('maps HTTP statuses to stable codes', () => {
    expect(errorForStatus(429, '3', 'x')).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterMs: 3_000 }, transient: false });
    expect(errorForStatus(503, undefined, 'x')).toMatchObject({ code: 'UNAVAILABLE', transient: true });
    expect(errorForStatus(401, undefined, 'x')).toMatchObject({ code: 'AUTH_FAILED', transient: false });
    expect(errorForStatus(422, undefined, 'x')).toMatchObject({ code: 'DECLINED', transient: false });
  });
});
