import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contractDocument, describeSearchIndexContract } from './SearchIndex.contract.js';
import { createOramaSearchIndex, nameSortKey } from './oramaSearchIndex.js';

describeSearchIndexContract('embedded (Orama)', () => createOramaSearchIndex());

describe('createOramaSearchIndex snapshots', () => {
  it('restores the index from its snapshot after a restart, without reindexing', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'search-snapshot-'));
    const snapshotPath = path.join(dir, 'index.json');
    try {
      const first = await createOramaSearchIndex({ snapshotPath });
      expect(first.restored).toBe(false);
      await first.upsert([contractDocument({ n: 1, name: 'Acme Running Shoe', brand: 'Acme', category: 'c-2', eur: 8999 })]);
      await first.close();
      const second = await createOramaSearchIndex({ snapshotPath });
      expect(second.restored).toBe(true);
      expect(await second.count()).toBe(1);
      expect((await second.search({ text: 'runing', offset: 0, limit: 5, filters: { price: { min: 8000, currency: 'EUR' } } })).hits.map((h) => h.id)).toEqual(['p-1']);
      const otherCurrencies = await createOramaSearchIndex({ snapshotPath, currencies: ['EUR'] });
      expect(otherCurrencies.restored).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a currency it does not index', async () => {
    const index = await createOramaSearchIndex({ currencies: ['EUR'] });
    await expect(index.search({ offset: 0, limit: 5, filters: { price: { currency: 'USD' } } })).rejects.toThrow(/not indexed/);
  });
});

describe('nameSortKey', () => {
  it('orders names by their first ten letters and digits, ignoring case and accents', () => {
    const names = ['zeta', 'Éclair Lamp', 'acme shoe', 'Acme Beach', 'acme  beach 2', '9 Lives', 'Eclair Kettle'];
    expect([...names].sort((a, b) => nameSortKey(a) - nameSortKey(b))).toEqual(['9 Lives', 'Acme Beach', 'acme  beach 2', 'acme shoe', 'Eclair Kettle', 'Éclair Lamp', 'zeta']);
    expect(Number.isSafeInteger(nameSortKey('zzzzzzzzzzzzzz'))).toBe(true);
  });
});
