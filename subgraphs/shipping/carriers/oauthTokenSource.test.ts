import { describe, expect, it } from 'vitest';
import { createOAuthTokenSource } from './oauthTokenSource.js';

describe('createOAuthTokenSource', () => {
  const counting = (now: () => number) => {
    let fetches = 0;
    const source = createOAuthTokenSource({
      now,
      refreshEarlyMs: 1_000,
      fetchToken: async () => {
        fetches++;
        await new Promise((resolve) => setTimeout(resolve, 10));
        return { accessToken: `t${fetches}`, expiresInSec: 60 };
      },
    });
    return { source, fetches: () => fetches };
  };

  it('fetches one token for many concurrent callers and reuses it until it expires', async () => {
    let now = 0;
    const { source, fetches } = counting(() => now);
    expect(new Set(await Promise.all(Array.from({ length: 50 }, () => source.get())))).toEqual(new Set(['t1']));
    now = 58_000;
    expect(await source.get()).toBe('t1');
    now = 59_500; // within the early-refresh margin
    expect(new Set(await Promise.all(Array.from({ length: 50 }, () => source.get())))).toEqual(new Set(['t2']));
    expect(fetches()).toBe(2);
  });

  it('refreshes once when many callers invalidate the same refused token', async () => {
    const { source, fetches } = counting(() => 0);
    const token = await source.get();
    for (let i = 0; i < 10; i++) source.invalidate(token);
    const next = await Promise.all(Array.from({ length: 10 }, async () => {
      source.invalidate(token);
      return source.get();
    }));
    expect(new Set(next)).toEqual(new Set(['t2']));
    expect(fetches()).toBe(2);
  });

  it('tries again on the next call after a failed fetch', async () => {
    let attempt = 0;
    const source = createOAuthTokenSource({
      fetchToken: async () => {
        if (++attempt === 1) throw new Error('token endpoint down');
        return { accessToken: 'ok', expiresInSec: 60 };
      },
    });
    await expect(source.get()).rejects.toThrow('token endpoint down');
    expect(await source.get()).toBe('ok');
  });
});
