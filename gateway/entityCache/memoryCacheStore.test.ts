import { describe, expect, it } from 'vitest';
import { cacheStoreContract } from './CacheStore.contract.js';
import { createMemoryCacheStore } from './memoryCacheStore.js';

cacheStoreContract('createMemoryCacheStore', async () => createMemoryCacheStore());

describe('createMemoryCacheStore', () => {
  it('evicts the oldest entries beyond maxEntries', async () => {
    const store = createMemoryCacheStore({ maxEntries: 2 });
    await store.set([{ key: 'a', value: '1', tags: ['t'] }, { key: 'b', value: '2', tags: ['t'] }, { key: 'c', value: '3', tags: ['t'] }], 10_000);
    expect(await store.get(['a', 'b', 'c'])).toEqual([undefined, '2', '3']);
  });
});
