import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { NonceStore } from './NonceStore.js';

/** The behaviour every {@link NonceStore} adapter must show. */
export function nonceStoreContract(name: string, open: () => NonceStore | Promise<NonceStore>): void {
  describe(`${name} (NonceStore contract)`, () => {
    const nonce = () => randomBytes(16).toString('base64url');

    it('accepts a nonce once and refuses it while it is fresh', async () => {
      const store = await open();
      try {
        const n = nonce();
        expect(await store.claim(n, 10_000)).toBe(true);
        expect(await store.claim(n, 10_000)).toBe(false);
        expect(await store.claim(nonce(), 10_000)).toBe(true);
      } finally {
        await store.close();
      }
    });

    it('accepts a nonce again once it has expired', async () => {
      const store = await open();
      try {
        const n = nonce();
        expect(await store.claim(n, 50)).toBe(true);
        await new Promise((resolve) => setTimeout(resolve, 120));
        expect(await store.claim(n, 50)).toBe(true);
      } finally {
        await store.close();
      }
    });

    it('lets exactly one of many concurrent claims of a nonce win', async () => {
      const store = await open();
      try {
        const n = nonce();
        const results = await Promise.all(Array.from({ length: 20 }, () => store.claim(n, 10_000)));
        expect(results.filter(Boolean)).toHaveLength(1);
      } finally {
        await store.close();
      }
    });
  });
}
