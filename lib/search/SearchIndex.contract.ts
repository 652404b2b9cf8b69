// The behaviour every SearchIndex adapter must show. Run it from an adapter's test:
//   describeSearchIndexContract('orama', ({ synonyms }) => createOramaSearchIndex({ synonyms }));
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchDocument, SearchIndex, SearchQuery } from './SearchIndex.js';
import { parseRanking } from './ranking.js';
import { parseSynonyms, type SynonymRule } from './synonyms.js';

/** The synonyms every adapter is created with: one two-way rule with a two-word phrase, one one-way rule. */
export const CONTRACT_SYNONYMS: readonly SynonymRule[] = parseSynonyms(`
sandal, flip flop
parka => jacket
`);

type Spec = { n: number; name: string; brand: string; category: string; eur?: number; usd?: number; inStock?: boolean; description?: string };

// Categories: c-1 Footwear > c-2 Running Shoes, c-3 Sandals; c-4 Apparel > c-5 Jackets.
const PATHS: Record<string, string[]> = { 'c-2': ['c-1', 'c-2'], 'c-3': ['c-1', 'c-3'], 'c-5': ['c-4', 'c-5'] };

const SPECS: Spec[] = [
  { n: 1, name: 'Acme Running Shoe', brand: 'Acme', category: 'c-2', eur: 8999, usd: 9999 },
  { n: 2, name: 'Globex Trail Sneaker', brand: 'Globex', category: 'c-2', eur: 12999, description: 'A light shoe for running on trails.' },
  { n: 3, name: 'Acme Beach Sandal', brand: 'Acme', category: 'c-3', eur: 1999, inStock: false },
  { n: 4, name: 'Stark Waterproof Jacket', brand: 'Stark', category: 'c-5', eur: 24999, usd: 26999 },
  { n: 5, name: 'Acme Merino Jacket', brand: 'Acme', category: 'c-5', eur: 15999 },
  { n: 6, name: 'Globex Running Jacket', brand: 'Globex', category: 'c-5', eur: 5999, inStock: false },
  { n: 7, name: 'Initech Office Sandal', brand: 'Initech', category: 'c-3', eur: 2999 },
  { n: 8, name: 'Zeta Running Shoe Pro', brand: 'Zeta', category: 'c-2' },
  ...Array.from({ length: 22 }, (_, i): Spec => ({
    n: 9 + i, name: `Umbrella Everyday Sock ${String.fromCharCode(65 + i)}`, brand: 'Umbrella', category: 'c-5', eur: 500 + i * 100, inStock: i % 2 === 0,
  })),
];

/** A complete search document for the contract's fixtures. */
export function contractDocument(spec: Spec): SearchDocument {
  const prices: Record<string, number> = {};
  if (spec.eur !== undefined) prices.EUR = spec.eur;
  if (spec.usd !== undefined) prices.USD = spec.usd;
  const inStock = spec.inStock ?? true;
  return {
    id: `p-${spec.n}`, seq: spec.n, name: spec.name, brand: spec.brand, categoryId: spec.category, categoryPath: PATHS[spec.category]!,
    description: spec.description ?? `The ${spec.name}, made for every day.`, attributes: 'black cotton',
    prices, stock: { 'wh-berlin': inStock ? 5 : 0 }, inStock,
    versions: { product: 1, prices: Object.fromEntries(Object.keys(prices).map((c) => [c, 1])), stock: { 'wh-berlin': 1 } },
  };
}

const DOCS = SPECS.map(contractDocument);
const byId = new Map(DOCS.map((d) => [d.id, d]));

/** The contract suite, run against a fresh, empty index from `create` (currencies EUR, USD, GBP) with the given synonyms. */
export function describeSearchIndexContract(name: string, create: (options: { synonyms: readonly SynonymRule[] }) => Promise<SearchIndex>): void {
  describe(`SearchIndex contract: ${name}`, () => {
    let index: SearchIndex;
    const search = (query: Partial<SearchQuery>) => index.search({ offset: 0, limit: 50, ...query });
    const ids = async (query: Partial<SearchQuery>) => (await search(query)).hits.map((h) => h.id);

    beforeAll(async () => {
      index = await create({ synonyms: CONTRACT_SYNONYMS });
      await index.upsert(DOCS);
    });
    afterAll(async () => {
      await index?.close();
    });

    it('counts the documents upserted', async () => {
      expect(await index.count()).toBe(DOCS.length);
      expect((await index.get(['p-1', 'p-404'])).get('p-1')).toEqual(byId.get('p-1'));
    });

    it('ranks with the variant it is given: typo policy and in-stock boost', async () => {
      expect(await ids({ text: 'jackett' })).not.toEqual([]);
      expect(await ids({ text: 'jackett', ranking: parseRanking('strict', { typoTolerance: 'off' }) })).toEqual([]);
      const socks = await search({ text: 'sock', limit: 11, ranking: parseRanking('stock', { inStockBoost: 10 }) });
      expect(socks.total).toBe(22);
      expect(socks.hits.every((h) => byId.get(h.id)!.inStock)).toBe(true);
    });

    it('ranks a product naming every term above one mentioning them in its description', async () => {
      const hits = await ids({ text: 'running shoe' });
      expect(hits).toContain('p-2');
      expect(hits.indexOf('p-1')).toBeLessThan(hits.indexOf('p-2'));
      expect(hits.indexOf('p-8')).toBeLessThan(hits.indexOf('p-2'));
      expect(hits).not.toContain('p-6'); // a running jacket is not a running shoe
    });

    it('tolerates a typo of one letter', async () => {
      expect(await ids({ text: 'jaket' })).toEqual(expect.arrayContaining(['p-4', 'p-5', 'p-6']));
      expect(await ids({ text: 'waterprof' })).toEqual(['p-4']);
    });

    it('tolerates two swapped letters as one typo', async () => {
      expect(await ids({ text: 'runnign shoe' })).toEqual(expect.arrayContaining(['p-1', 'p-8']));
      expect(await ids({ text: 'mreino' })).toEqual(['p-5']);
    });

    it('highlights matched words in the name', async () => {
      const { hits } = await search({ text: 'merino' });
      expect(hits).toEqual([{ id: 'p-5', highlight: 'Acme <em>Merino</em> Jacket' }]);
      expect((await search({ filters: { brands: ['Stark'] } })).hits[0]!.highlight).toBeNull();
    });

    it('filters by category including its descendants', async () => {
      expect((await ids({ filters: { categoryIds: ['c-1'] } })).sort()).toEqual(['p-1', 'p-2', 'p-3', 'p-7', 'p-8']);
      expect((await ids({ filters: { categoryIds: ['c-3'] } })).sort()).toEqual(['p-3', 'p-7']);
      expect((await ids({ filters: { categoryIds: ['c-3', 'c-2'] } })).sort()).toEqual(['p-1', 'p-2', 'p-3', 'p-7', 'p-8']);
    });

    it('filters by brand', async () => {
      expect((await ids({ filters: { brands: ['Acme', 'Stark'] } })).sort()).toEqual(['p-1', 'p-3', 'p-4', 'p-5']);
      expect(await ids({ filters: { brands: ['acme'] } })).toEqual([]);
    });

    it('filters by price range in the given currency, bounds inclusive, unpriced products excluded', async () => {
      expect((await ids({ filters: { price: { min: 5999, max: 12999, currency: 'EUR' } } })).sort()).toEqual(['p-1', 'p-2', 'p-6']);
      expect((await ids({ filters: { price: { min: 10000, currency: 'USD' } } })).sort()).toEqual(['p-4']);
      expect((await ids({ filters: { price: { max: 600, currency: 'EUR' } } })).sort()).toEqual(['p-10', 'p-9']);
    });

    it('filters by stock', async () => {
      const out = await ids({ filters: { inStock: false } });
      expect(out.sort()).toEqual(DOCS.filter((d) => !d.inStock).map((d) => d.id).sort());
    });

    it('combines text and every filter with AND', async () => {
      expect(await ids({ text: 'jacket', filters: { categoryIds: ['c-4'], brands: ['Acme', 'Globex'], price: { min: 1000, max: 20000, currency: 'EUR' }, inStock: true } }))
        .toEqual(['p-5']);
    });

    it('counts facets over the whole result set, not just the page', async () => {
      const result = await search({ filters: { categoryIds: ['c-1'] }, limit: 1 });
      expect(result.total).toBe(5);
      expect(result.hits).toHaveLength(1);
      expect(result.facets.brand).toEqual([
        { value: 'Acme', count: 2 }, { value: 'Globex', count: 1 }, { value: 'Initech', count: 1 }, { value: 'Zeta', count: 1 },
      ]);
      expect(result.facets.category).toEqual([{ value: 'c-2', count: 3 }, { value: 'c-3', count: 2 }]);
      expect(result.facets.priceRanges.map((r) => [r.min, r.max, r.count])).toEqual([
        [0, 2500, 1], [2500, 5000, 1], [5000, 10000, 1], [10000, 20000, 1], [20000, null, 0],
      ]);
      expect(result.facets.priceRanges.every((r) => r.currency === 'EUR')).toBe(true);
      const usd = await search({ filters: { categoryIds: ['c-1'] }, currency: 'USD' });
      expect(usd.facets.priceRanges.map((r) => r.count)).toEqual([0, 0, 1, 0, 0]);
    });

    it('sorts by price both ways, by name and by newest', async () => {
      const priced = DOCS.filter((d) => d.prices.EUR !== undefined);
      const asc = (await ids({ sort: 'PRICE_ASC', filters: { price: { currency: 'EUR' } } }));
      expect(asc).toEqual([...priced].sort((a, b) => a.prices.EUR! - b.prices.EUR!).map((d) => d.id));
      const desc = await ids({ sort: 'PRICE_DESC', filters: { price: { currency: 'EUR' } } });
      expect(desc).toEqual([...asc].reverse());
      expect(await ids({ sort: 'NAME', filters: { categoryIds: ['c-1'] } })).toEqual(['p-3', 'p-1', 'p-2', 'p-7', 'p-8']);
      expect(await ids({ sort: 'NEWEST', limit: 3 })).toEqual(['p-30', 'p-29', 'p-28']);
    });

    it('pages through every result with no duplicates or gaps', async () => {
      for (const query of [{ text: 'sock' }, { sort: 'PRICE_ASC' as const, filters: { price: { currency: 'EUR' } } }, { sort: 'NAME' as const }, {}]) {
        const all = await ids({ ...query, limit: 100 });
        const paged: string[] = [];
        for (let offset = 0; offset < all.length + 7; offset += 7) paged.push(...(await ids({ ...query, offset, limit: 7 })));
        expect(paged).toEqual(all);
        expect(new Set(paged).size).toBe(all.length);
      }
    });

    it('finds a renamed product by its new name only', async () => {
      await index.upsert([{ ...byId.get('p-7')!, name: 'Initech Velvet Slipper', description: 'A soft slipper.', versions: { ...byId.get('p-7')!.versions, product: 2 } }]);
      expect(await ids({ text: 'velvet' })).toEqual(['p-7']);
      expect(await ids({ text: 'office' })).toEqual([]);
      expect(await index.count()).toBe(DOCS.length);
    });

    it('finds a product by its whole name, also when one of its words begins another (water, waterproof)', async () => {
      const original = byId.get('p-4')!;
      await index.upsert([{ ...original, name: 'Stark Waterproof Water Jacket', description: 'Keeps the rain out.', versions: { ...original.versions, product: 2 } }]);
      try {
        expect(await ids({ text: 'Stark Waterproof Water Jacket' })).toEqual(['p-4']);
        expect(await ids({ text: 'water jacket' })).toEqual(['p-4']);
        // Every word must match, in any field: "sneaker" is only in p-2's name, "light" only in its description.
        expect(await ids({ text: 'globex sneaker light' })).toEqual(['p-2']);
      } finally {
        await index.upsert([original]);
      }
    });

    it('needs half the words of a long query: the product matching most comes first, then its kin; a short query needs every word', async () => {
      // No product says "deluxe": four words, two needed.
      const hits = await ids({ text: 'Acme Running Shoe Deluxe' });
      expect(hits[0]).toBe('p-1');
      expect(hits).toContain('p-8'); // running shoe
      expect(hits).not.toContain('p-5'); // Acme alone is one word of four
      expect(await ids({ text: 'Acme Running Deluxe' })).toEqual([]);
    });

    /** Runs `check` with products temporarily renamed (name and description), then puts them back. */
    const renamed = async (names: Record<string, string>, check: () => Promise<void>) => {
      const stored = await index.get(Object.keys(names));
      const originals = Object.keys(names).map((id) => stored.get(id)!);
      await index.upsert(originals.map((d) => ({ ...d, name: names[d.id]!, description: `The ${names[d.id]!}.`, versions: { ...d.versions, product: 2 } })));
      try {
        await check();
      } finally {
        await index.upsert(originals);
      }
    };

    it('finds products by an equivalent phrase, both ways, a phrase of two words included (sandal ⇔ flip flop)', async () => {
      await renamed({ 'p-7': 'Initech Office Flip Flop' }, async () => {
        // Both found, the product saying what was asked first.
        expect(await ids({ text: 'sandal' })).toEqual(['p-3', 'p-7']);
        expect(await ids({ text: 'flip flop' })).toEqual(['p-7', 'p-3']);
        expect(await ids({ text: 'acme flip flops' })).toEqual(['p-3']);
        // The two words of a phrase must both match: "flip" alone is no synonym.
        expect(await ids({ text: 'flip' })).toEqual(['p-7']);
      });
    });

    it('applies a one-way rule in its direction only (parka → jacket)', async () => {
      await renamed({ 'p-5': 'Acme Merino Parka' }, async () => {
        expect((await ids({ text: 'parka' })).sort()).toEqual(['p-4', 'p-6']);
        expect((await ids({ text: 'stark parka' }))).toEqual(['p-4']);
        expect(await ids({ text: 'jacket' })).not.toContain('p-5');
      });
    });

    it('folds accents in products and queries alike (café ⇔ cafe, Zürich ⇔ zurich)', async () => {
      await renamed({ 'p-3': 'Acme Café Sandal', 'p-7': 'Initech Zürich Sandal' }, async () => {
        expect(await ids({ text: 'cafe' })).toEqual(['p-3']);
        expect(await ids({ text: 'CAFÉ sandal' })).toEqual(['p-3']);
        expect(await ids({ text: 'zurich' })).toEqual(['p-7']);
        expect(await ids({ text: 'mérino' })).toEqual(['p-5']);
        expect((await search({ text: 'cafe' })).hits[0]!.highlight).toBe('Acme <em>Café</em> Sandal');
      });
    });

    it('stems words, so plural and singular find each other (batteries ⇔ battery, jackets → jacket)', async () => {
      await renamed({ 'p-3': 'Acme Torch Batteries', 'p-7': 'Initech Office Battery' }, async () => {
        expect((await ids({ text: 'battery' })).sort()).toEqual(['p-3', 'p-7']);
        expect((await ids({ text: 'batteries' })).sort()).toEqual(['p-3', 'p-7']);
        expect((await ids({ text: 'acme batteries' }))).toEqual(['p-3']);
      });
      expect((await ids({ text: 'jackets' })).sort()).toEqual(['p-4', 'p-5', 'p-6']);
      expect((await ids({ text: 'running shoes' })).slice(0, 2).sort()).toEqual(['p-1', 'p-8']);
    });

    it('suggests brands by product count first, then names starting with the prefix, then names with a later word starting with it', async () => {
      const acme = await index.suggest('acm', 10);
      expect(acme[0]).toEqual({ text: 'Acme', kind: 'brand', count: 3 });
      expect(acme.slice(1).map((s) => s.productId).sort()).toEqual(['p-1', 'p-3', 'p-5']);
      expect(acme.slice(1).every((s) => s.kind === 'name')).toBe(true);
      expect((await index.suggest('jack', 10)).map((s) => s.productId).sort()).toEqual(['p-4', 'p-5', 'p-6']);
      expect((await index.suggest('RUNNING s', 10)).map((s) => s.text).sort()).toEqual(['Acme Running Shoe', 'Zeta Running Shoe Pro']);
      const globex = await index.suggest('glöb', 10);
      expect(globex[0]).toEqual({ text: 'Globex', kind: 'brand', count: 2 });
      expect(globex.slice(1).map((s) => s.productId).sort()).toEqual(['p-2', 'p-6']);
      const umbrella = await index.suggest('umbrella', 3);
      expect(umbrella).toHaveLength(3);
      expect(umbrella[0]).toEqual({ text: 'Umbrella', kind: 'brand', count: 22 });
      expect(await index.suggest('  ', 5)).toEqual([]);
      expect(await index.suggest('qqq', 5)).toEqual([]);
    });

    it('corrects words no product uses to close ones that products do ("did you mean")', async () => {
      expect(await index.correct('waterprooof jakcet')).toBe('waterproof jacket');
      expect(await index.correct('Merinno')).toBe('merino');
      expect(await index.correct('acme jacket')).toBeUndefined();
      expect(await index.correct('xyzzyq')).toBeUndefined();
    });

    it('deletes products, ignoring unknown ids', async () => {
      await index.delete(['p-3', 'p-404']);
      expect(await ids({ text: 'sandal' })).toEqual([]);
      expect(await index.count()).toBe(DOCS.length - 1);
      expect((await index.get(['p-3'])).size).toBe(0);
    });

    it('swaps in a rebuilt version only on commit', async () => {
      const session = await index.beginReindex();
      await session.upsert([contractDocument({ n: 100, name: 'Tyrell Replicant Lamp', brand: 'Tyrell', category: 'c-5', eur: 100 })]);
      expect(await ids({ text: 'replicant' })).toEqual([]);
      expect(await index.count()).toBe(DOCS.length - 1);
      await session.commit();
      expect(await ids({ text: 'replicant' })).toEqual(['p-100']);
      expect(await index.count()).toBe(1);
      const aborted = await index.beginReindex();
      await aborted.upsert([contractDocument({ n: 101, name: 'Wayne Cowl', brand: 'Wayne', category: 'c-5' })]);
      await aborted.abort();
      expect(await index.count()).toBe(1);
    });
  });
}
