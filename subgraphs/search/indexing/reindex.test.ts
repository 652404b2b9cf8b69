import { describe, expect, it } from 'vitest';
import { createOramaSearchIndex } from '../../../lib/search/oramaSearchIndex.js';
import { reindex, type ReindexProgress } from './reindex.js';
import { contractDocument } from '../../../lib/search/SearchIndex.contract.js';

const doc = (n: number, name: string) => contractDocument({ n, name, brand: 'Acme', category: 'c-2', eur: 1000 });

describe('reindex', () => {
  it('swaps in the rebuilt index once every batch is in, reporting progress', async () => {
    const index = await createOramaSearchIndex();
    await index.upsert([doc(1, 'Old Kettle')]);
    const progress: ReindexProgress[] = [];
    async function* source() {
      yield [doc(2, 'New Kettle'), doc(3, 'New Mug')];
      expect(await index.count()).toBe(1); // the live index is untouched while the rebuild runs
      yield [doc(4, 'New Lamp')];
    }
    expect(await reindex(index, source(), { total: 3, onProgress: (p) => progress.push(p) })).toBe(3);
    expect(progress.map((p) => [p.done, p.total])).toEqual([[2, 3], [3, 3]]);
    expect(await index.count()).toBe(3);
    expect((await index.search({ text: 'kettle', offset: 0, limit: 5 })).hits.map((h) => h.id)).toEqual(['p-2']);
  });

  it('leaves the live index as it was when the source fails halfway', async () => {
    const index = await createOramaSearchIndex();
    await index.upsert([doc(1, 'Old Kettle')]);
    async function* failing() {
      yield [doc(2, 'New Kettle')];
      throw new Error('store went away');
    }
    await expect(reindex(index, failing())).rejects.toThrow('store went away');
    expect((await index.search({ text: 'kettle', offset: 0, limit: 5 })).hits.map((h) => h.id)).toEqual(['p-1']);
    // and a new reindex may start
    expect(await reindex(index, (async function* () { yield [doc(5, 'Lamp')]; })())).toBe(1);
  });
});
