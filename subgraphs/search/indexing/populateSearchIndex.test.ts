import { describe, expect, it } from 'vitest';
import { createOramaSearchIndex } from '../../../lib/search/oramaSearchIndex.js';
import { catchUpSearchIndex } from './populateSearchIndex.js';
import { contractDocument } from '../../../lib/search/SearchIndex.contract.js';
import type { SearchDocument } from '../../../lib/search/SearchIndex.js';

const doc = (n: number, name: string, eur: number) => contractDocument({ n, name, brand: 'Acme', category: 'c-2', eur });
const withVersions = (d: SearchDocument, versions: Partial<SearchDocument['versions']>): SearchDocument => ({ ...d, versions: { ...d.versions, ...versions } });
async function* batches(...docs: SearchDocument[]) {
  yield docs;
}

describe('catchUpSearchIndex', () => {
  it('writes what the stores changed since the snapshot, part by part, and keeps what the index has newer', async () => {
    const index = await createOramaSearchIndex();
    const unchanged = doc(1, 'Acme Kettle', 1000);
    const renamed = doc(2, 'Acme Lamp', 2000);
    // The index applied a price event (version 3) after the stores were read (version 2 there).
    const priceAhead = withVersions({ ...doc(3, 'Acme Mug', 3300) }, { prices: { EUR: 3 } });
    await index.upsert([unchanged, renamed, priceAhead]);

    const written = await catchUpSearchIndex(index, batches(
      unchanged,
      withVersions({ ...renamed, name: 'Acme Desk Lamp' }, { product: 2 }),
      withVersions({ ...doc(3, 'Acme Mug', 3000), stock: { 'wh-berlin': 0 }, inStock: false }, { prices: { EUR: 2 }, stock: { 'wh-berlin': 2 } }),
      doc(4, 'Acme Cushion', 4000), // created while the index was down
    ));

    expect(written).toBe(3);
    const held = await index.get(['p-1', 'p-2', 'p-3', 'p-4']);
    expect(held.get('p-1')).toEqual(unchanged);
    expect(held.get('p-2')!.name).toBe('Acme Desk Lamp');
    expect(held.get('p-3')).toMatchObject({ prices: { EUR: 3300 }, versions: { prices: { EUR: 3 }, stock: { 'wh-berlin': 2 } }, stock: { 'wh-berlin': 0 }, inStock: false });
    expect(held.get('p-4')!.name).toBe('Acme Cushion');
    expect((await index.search({ text: 'desk', offset: 0, limit: 5 })).hits.map((h) => h.id)).toEqual(['p-2']);
  });

  it('picks up an effective price that moved with a sale window at the same version', async () => {
    const index = await createOramaSearchIndex();
    await index.upsert([doc(1, 'Acme Kettle', 1000)]);
    expect(await catchUpSearchIndex(index, batches(doc(1, 'Acme Kettle', 800)))).toBe(1);
    expect((await index.get(['p-1'])).get('p-1')!.prices.EUR).toBe(800);
  });

  it('takes whether a price is a sale price from the side its price comes from', async () => {
    const index = await createOramaSearchIndex();
    await index.upsert([{ ...doc(1, 'Acme Kettle', 800), saleCurrencies: ['EUR'] }]);
    // The sale window closed: the stores' list price, same version, no longer on sale.
    expect(await catchUpSearchIndex(index, batches({ ...doc(1, 'Acme Kettle', 1000), saleCurrencies: [] }))).toBe(1);
    expect((await index.get(['p-1'])).get('p-1')).toMatchObject({ prices: { EUR: 1000 }, saleCurrencies: [] });
  });
});
