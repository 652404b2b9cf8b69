import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CacheStore } from './CacheStore.js';

/** The behaviour every {@link CacheStore} adapter shares; run by each adapter's test. */
export function cacheStoreContract(name: string, open: () => Promise<CacheStore>): void {
  describe(`${name} (CacheStore contract)`, () => {
    let store: CacheStore;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    it('returns stored values in the order asked and undefined for misses', async () => {
      await store.set([{ key: 'a', value: '"A"', tags: ['t1'] }, { key: 'b', value: '"B"', tags: ['t2'] }], 10_000);
      expect(await store.get(['b', 'x', 'a'])).toEqual(['"B"', undefined, '"A"']);
    });

    it('drops exactly the entries carrying an invalidated tag', async () => {
      await store.set(
        [
          { key: 'p1-price', value: '1', tags: ['pricing:Product:p-1'] },
          { key: 'p1-list', value: '2', tags: ['pricing:Product:p-1', 'pricing:Product:p-2'] },
          { key: 'p2-price', value: '3', tags: ['pricing:Product:p-2'] },
          { key: 'p1-stock', value: '4', tags: ['inventory:Product:p-1'] },
        ],
        10_000,
      );
      await store.invalidate(['pricing:Product:p-1']);
      expect(await store.get(['p1-price', 'p1-list', 'p2-price', 'p1-stock'])).toEqual([undefined, undefined, '3', '4']);
    });

    it('forgets an entry after its TTL', async () => {
      await store.set([{ key: 'short', value: '1', tags: [] }], 50);
      await new Promise((r) => setTimeout(r, 120));
      expect(await store.get(['short'])).toEqual([undefined]);
    });

    it('replaces a value written twice, keeping the new tags', async () => {
      await store.set([{ key: 'k', value: 'old', tags: ['t-old'] }], 10_000);
      await store.set([{ key: 'k', value: 'new', tags: ['t-new'] }], 10_000);
      expect(await store.get(['k'])).toEqual(['new']);
      await store.invalidate(['t-new']);
      expect(await store.get(['k'])).toEqual([undefined]);
    });
  });
}
