import { describe, expect, it } from 'vitest';
import { contractDocument } from './SearchIndex.contract.js';
import { ProductColumns } from './productColumns.js';
import type { SearchDocument } from './SearchIndex.js';
import { StoredDocuments } from './storedDocuments.js';

describe('StoredDocuments', () => {
  it('gives back every document as stored, through updates that change its keys, deletes and compaction', () => {
    let seed = 3;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const columns = new ProductColumns(['EUR', 'USD']);
    const seen = new Set<number>();
    // Slots as the text index assigns them: one per id on first sight, kept across updates and deletes.
    const stored = new StoredDocuments(columns, (id) => (seen.has(Number(id.slice(2))) ? Number(id.slice(2)) : undefined));
    const model = new Map<string, SearchDocument>();
    const put = (n: number) => {
      const base = contractDocument({ n, name: `Product ${n} ${random()}`, brand: `B${n % 7}`, category: ['c-2', 'c-3', 'c-5'][n % 3]!, eur: Math.floor(random() * 9000), inStock: random() < 0.5 });
      const prices: Record<string, number> = { ...base.prices, ...(random() < 0.3 ? { CHF: Math.floor(random() * 9000) } : {}), ...(random() < 0.3 ? { USD: 12 } : {}) };
      if (random() < 0.1) delete prices.EUR;
      const stock: Record<string, number> = random() < 0.5 ? { 'wh-a': 3 } : { 'wh-b': Math.floor(random() * 9), 'wh-a': 0, [`wh-${n % 4}`]: 1 };
      const sale = random();
      const doc: SearchDocument = {
        ...base, prices, stock, inStock: Object.values(stock).some((v) => v > 0),
        ...(sale < 0.3 ? {} : { saleCurrencies: sale < 0.6 ? [] : ['USD', 'CHF', 'EUR'] }),
        versions: { product: 1 + Math.floor(random() * 5), prices: Object.fromEntries(Object.keys(prices).map((c, i) => [c, i + 0.5])), stock: Object.fromEntries(Object.keys(stock).map((w) => [w, 7])) },
      };
      const slot = n;
      seen.add(n);
      columns.set(slot, doc, 0);
      stored.set(doc, slot);
      model.set(doc.id, doc);
    };
    for (let step = 0; step < 5000; step++) {
      const n = Math.floor(random() * 300);
      if (random() < 0.1) {
        columns.clear(n);
        stored.delete(`p-${n}`);
        model.delete(`p-${n}`);
      } else {
        put(n);
      }
    }
    expect(stored.size).toBe(model.size);
    for (const [id, doc] of model) expect(stored.get(id), id).toEqual(doc);
    expect([...stored.values()].length).toBe(model.size);
    expect(stored.get('p-999')).toBeUndefined();
    expect(stored.has('p-999')).toBe(false);
  });
});
