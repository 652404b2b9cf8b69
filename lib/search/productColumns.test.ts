import { describe, expect, it } from 'vitest';
import { contractDocument } from './SearchIndex.contract.js';
import { nameSortKey } from './oramaSearchIndex.js';
import { ProductColumns, textMatchesOf, type TextMatcher } from './productColumns.js';
import { PRICE_BUCKETS, type SearchDocument, type SearchQuery, type SearchSort } from './SearchIndex.js';

const nameKeys = new Map<string, number>();
const nameKey = (name: string) => nameKeys.get(name) ?? nameKeys.set(name, nameSortKey(name)).get(name)!;

/** The same answers computed the obvious way: filter every document, count, sort, slice. */
function expected(docs: readonly SearchDocument[], query: SearchQuery, currency: string) {
  const f = query.filters ?? {};
  const hits = docs.filter((d) =>
    (!f.categoryIds || f.categoryIds.some((c) => d.categoryPath.includes(c)))
    && (!f.brands || f.brands.includes(d.brand))
    && (f.inStock === undefined || d.inStock === f.inStock)
    && (!f.price || (d.prices[f.price.currency] !== undefined && d.prices[f.price.currency]! >= (f.price.min ?? -Infinity) && d.prices[f.price.currency]! <= (f.price.max ?? Infinity))));
  const price = (d: SearchDocument) => d.prices[currency] ?? Number.NaN;
  const byPrice = (dir: number) => (a: SearchDocument, b: SearchDocument) => {
    const pa = price(a);
    const pb = price(b);
    if (Number.isNaN(pa) || Number.isNaN(pb)) return Number.isNaN(pa) ? (Number.isNaN(pb) ? a.seq - b.seq : 1) : -1;
    return (pa - pb) * dir || a.seq - b.seq;
  };
  const compare: Record<SearchSort, (a: SearchDocument, b: SearchDocument) => number> = {
    RELEVANCE: (a, b) => a.seq - b.seq,
    NEWEST: (a, b) => b.seq - a.seq,
    NAME: (a, b) => nameKey(a.name) - nameKey(b.name) || a.seq - b.seq,
    PRICE_ASC: byPrice(1),
    PRICE_DESC: byPrice(-1),
  };
  const count = <T>(values: T[]) => [...values.reduce((m, v) => m.set(v, (m.get(v) ?? 0) + 1), new Map<T, number>())].sort();
  return {
    total: hits.length,
    page: [...hits].sort(compare[query.sort ?? 'RELEVANCE']).slice(query.offset, query.offset + query.limit).map((d) => d.id),
    brand: count(hits.map((d) => d.brand)),
    category: count(hits.map((d) => d.categoryId)),
    priceBuckets: PRICE_BUCKETS.map((min, i) => hits.filter((d) => d.prices[currency] !== undefined && d.prices[currency]! >= min && d.prices[currency]! < (PRICE_BUCKETS[i + 1] ?? Infinity)).length),
  };
}

const noText: TextMatcher = () => textMatchesOf(new Map());

describe('ProductColumns', () => {
  it('answers filters, facets, sorts and pages as a scan of the documents would, through updates and deletes', () => {
    let seed = 11;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
    const columns = new ProductColumns(['EUR', 'USD']);
    const slots = new Map<string, number>(); // id → slot, as the text index assigns them: kept across updates
    const docs = new Map<string, SearchDocument>();
    const write = (n: number) => {
      // Names start with the brand, as in many catalogs: a brand's products are bunched in NAME order.
      const brand = pick(['Acme', 'Globex', 'Stark', 'Initech']);
      const doc = contractDocument({
        n, name: `${brand} ${pick(['Shoe', 'Jacket', 'Sandal', 'Lamp'])} ${Math.floor(random() * 50)}`,
        brand, category: pick(['c-2', 'c-3', 'c-5']),
        eur: random() < 0.9 ? Math.floor(random() * 30) * 1000 : undefined, usd: random() < 0.5 ? Math.floor(random() * 30000) : undefined,
        inStock: random() < 0.7,
      });
      if (!slots.has(doc.id)) slots.set(doc.id, slots.size);
      columns.set(slots.get(doc.id)!, doc, nameSortKey(doc.name));
      docs.set(doc.id, doc);
    };
    const queries: Omit<SearchQuery, 'offset' | 'limit' | 'sort'>[] = [
      {}, { filters: { categoryIds: ['c-1'] } }, { filters: { inStock: true }, currency: 'USD' }, { filters: { brands: ['Acme', 'Globex', 'Initech'] } }, { filters: { categoryIds: ['c-5'], inStock: true } },
      { filters: { brands: ['Acme', 'Stark'] }, currency: 'USD' }, { filters: { brands: ['Nobody'] } }, { filters: { brands: ['Stark'] } },
      { filters: { price: { min: 5000, max: 20000, currency: 'EUR' }, inStock: false } },
      { filters: { price: { min: 100, currency: 'USD' }, brands: ['Globex'], categoryIds: ['c-3', 'c-2'] } },
      { filters: { price: { min: 2000, max: 27000, currency: 'EUR' } } }, { filters: { price: { min: 7000, max: 7000, currency: 'EUR' } } },
      { filters: { price: { max: 15000, currency: 'USD' } }, currency: 'EUR' },
    ];
    const sorts: SearchSort[] = ['RELEVANCE', 'NEWEST', 'NAME', 'PRICE_ASC', 'PRICE_DESC'];
    for (let n = 1; n <= 400; n++) write(n);
    for (let step = 0; step < 25; step++) {
      // A burst of writes (new prices, names, stock; some deletes), then every query in every order.
      for (let i = 0; i < 1 + Math.floor(random() * 40); i++) {
        const n = 1 + Math.floor(random() * 420);
        if (random() < 0.15 && docs.has(`p-${n}`)) {
          columns.clear(slots.get(`p-${n}`)!);
          docs.delete(`p-${n}`);
        } else {
          write(n);
        }
      }
      for (const base of queries) {
        for (const sort of sorts) {
          for (const [offset, limit] of [[0, 5], [37, 10], [0, 400]] as const) {
            const query: SearchQuery = { ...base, sort, offset, limit };
            const currency = query.currency ?? query.filters?.price?.currency ?? 'EUR';
            const want = expected([...docs.values()], query, currency);
            const got = columns.search(query, currency, noText);
            const where = `step ${step} ${JSON.stringify(query)}`;
            expect(got.total, where).toBe(want.total);
            expect(got.page.map((slot) => columns.idOf(slot)), where).toEqual(want.page);
            expect([...got.facets.brand].sort(), where).toEqual(want.brand);
            expect([...got.facets.category].sort(), where).toEqual(want.category);
            expect(got.facets.priceBuckets, where).toEqual(want.priceBuckets);
          }
        }
      }
    }
  });

  it('filters and facets text matches by the columns, and pages them by score', () => {
    const columns = new ProductColumns(['EUR']);
    const docs = [
      contractDocument({ n: 1, name: 'Acme Shoe', brand: 'Acme', category: 'c-2', eur: 1000 }),
      contractDocument({ n: 2, name: 'Globex Shoe', brand: 'Globex', category: 'c-2', eur: 3000, inStock: false }),
      contractDocument({ n: 3, name: 'Acme Jacket', brand: 'Acme', category: 'c-5', eur: 6000 }),
    ];
    docs.forEach((doc, slot) => columns.set(slot, doc, nameSortKey(doc.name)));
    const shoe: TextMatcher = (_text, _tolerance, accept) => textMatchesOf(new Map([[0, 1], [1, 2]].filter(([slot]) => accept(slot!)) as [number, number][]));
    const all = columns.search({ text: 'shoe', offset: 0, limit: 10 }, 'EUR', shoe);
    expect(all.page.map((slot) => columns.idOf(slot))).toEqual(['p-2', 'p-1']);
    expect(all.facets.priceBuckets).toEqual([1, 1, 0, 0, 0]);
    const inStock = columns.search({ text: 'shoe', filters: { inStock: true }, offset: 0, limit: 10 }, 'EUR', shoe);
    expect(inStock.page.map((slot) => columns.idOf(slot))).toEqual(['p-1']);
    expect(inStock.facets.brand).toEqual([['Acme', 1]]);
  });
});
