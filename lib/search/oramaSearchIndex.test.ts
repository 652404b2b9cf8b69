import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contractDocument, describeSearchIndexContract } from './SearchIndex.contract.js';
import { createOramaSearchIndex, nameSortKey } from './oramaSearchIndex.js';
import { DEFAULT_RANKING, parseRanking } from './ranking.js';

describeSearchIndexContract('embedded (Orama)', ({ synonyms }) => createOramaSearchIndex({ synonyms }));

describe('createOramaSearchIndex words', () => {
  it('finds half-typed words by prefix and typos in a suffix, though words are stemmed', async () => {
    const index = await createOramaSearchIndex();
    await index.upsert([
      contractDocument({ n: 1, name: 'Acme Sleeping Bag', brand: 'Acme', category: 'c-5' }),
      contractDocument({ n: 2, name: 'Acme Running Shoe', brand: 'Acme', category: 'c-2' }),
    ]);
    const ids = async (text: string) => (await index.search({ text, offset: 0, limit: 5 })).hits.map((h) => h.id);
    expect(await ids('sleepin')).toEqual(['p-1']); // the stem is "sleep": only the word as written has this prefix
    expect(await ids('runni')).toEqual(['p-2']);
    expect(await ids('sleepieg bags')).toEqual(['p-1']);
    expect(await ids('sleeps')).toEqual(['p-1']);
  });
});

describe('createOramaSearchIndex text updates', () => {
  // Orama's removeMultiple removed only its first 1,000 ids before returning (the rest on a timer),
  // so one upsert renaming more products than that threw DOCUMENT_ALREADY_EXISTS on the old text index.
  it('renames 1,500 products in one upsert: each is found by its new name only', async () => {
    const index = await createOramaSearchIndex();
    const specs = Array.from({ length: 1500 }, (_, i) => ({ n: i + 1, name: `Acme Kettle ${i + 1}`, brand: 'Acme', category: 'c-5' }));
    await index.upsert(specs.map(contractDocument));
    await index.upsert(specs.map((spec) => contractDocument({ ...spec, name: `Acme Teapot ${spec.n}` })));
    expect(await index.count()).toBe(1500);
    expect((await index.search({ text: 'teapot', offset: 0, limit: 1 })).total).toBe(1500);
    expect((await index.search({ text: 'kettle', offset: 0, limit: 1 })).total).toBe(0);
  });
});

describe('createOramaSearchIndex suggestions', () => {
  // Suggestions read the stored documents and are told of text changes only: after renames,
  // deletes and price changes they answer as an index given the final catalog at once.
  it('follow renames and deletes after their first build, and ignore price changes', async () => {
    const specs = [
      { n: 1, name: 'Acme Kettle', brand: 'Acme', category: 'c-3' },
      { n: 2, name: 'Globex Kettle Pro', brand: 'Globex', category: 'c-3' },
      { n: 3, name: 'Stark Lamp', brand: 'Stark', category: 'c-3' },
    ];
    const changing = await createOramaSearchIndex();
    await changing.upsert(specs.map(contractDocument));
    expect((await changing.suggest('kett', 5)).map((s) => s.productId)).toEqual(['p-1', 'p-2']); // built
    await changing.upsert([contractDocument({ ...specs[0]!, name: 'Acme Teapot' }), contractDocument({ ...specs[2]!, eur: 1234 })]);
    await changing.delete(['p-2']);
    const final = await createOramaSearchIndex();
    await final.upsert([contractDocument({ ...specs[0]!, name: 'Acme Teapot' }), contractDocument(specs[2]!)]);
    for (const prefix of ['kett', 'tea', 'acme', 'glo', 'lamp', 's']) expect(await changing.suggest(prefix, 10)).toEqual(await final.suggest(prefix, 10));
    expect(await changing.suggest('tea', 5)).toEqual([{ text: 'Acme Teapot', kind: 'name', productId: 'p-1' }]);
    expect(await changing.correct('teapott')).toBe('teapot');
    expect(await changing.correct('globexx')).toBeUndefined();
  });
});

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

  it('ignores a snapshot of an older format (the caller reindexes) and writes the current one', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'search-snapshot-'));
    const snapshotPath = path.join(dir, 'index.json');
    try {
      // Format 7 held Orama's own index under `raw`.
      await writeFile(snapshotPath, JSON.stringify({ format: 7, currencies: ['EUR', 'USD', 'GBP'], raw: { internalDocumentIDStore: {} }, documents: [] }));
      const index = await createOramaSearchIndex({ snapshotPath });
      expect(index.restored).toBe(false);
      await index.upsert([contractDocument({ n: 1, name: 'Acme Running Shoe', brand: 'Acme', category: 'c-2', eur: 8999 })]);
      await index.close();
      expect(JSON.parse((await readFile(snapshotPath, 'utf8')).split('\n')[0]!).format).toBeGreaterThan(7);
      const restored = await createOramaSearchIndex({ snapshotPath });
      expect(restored.restored).toBe(true);
      expect((await restored.search({ text: 'shoe', offset: 0, limit: 5 })).hits.map((h) => h.id)).toEqual(['p-1']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rebuilds instead of failing on a torn snapshot, and writes one document per line after its header', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'search-snapshot-'));
    const snapshotPath = path.join(dir, 'index.json');
    try {
      const first = await createOramaSearchIndex({ snapshotPath });
      await first.upsert([1, 2, 3].map((n) => contractDocument({ n, name: `Acme Shoe ${n}`, brand: 'Acme', category: 'c-2', eur: 1000 * n })));
      await first.close();
      const lines = (await readFile(snapshotPath, 'utf8')).trimEnd().split('\n');
      expect(lines).toHaveLength(4);
      expect(lines.slice(1).map((line) => JSON.parse(line).id).sort()).toEqual(['p-1', 'p-2', 'p-3']);
      // Cut in the middle of a document, as a full disk would leave it (rename keeps this from happening to a live file).
      await writeFile(snapshotPath, `${lines.slice(0, 2).join('\n')}\n${lines[2]!.slice(0, 20)}`);
      const torn = await createOramaSearchIndex({ snapshotPath });
      expect(torn.restored).toBe(false);
      expect(await torn.count()).toBe(0);
      // Cut at the end of a line: fewer documents than the header counts.
      await writeFile(snapshotPath, `${lines.slice(0, 3).join('\n')}\n`);
      const short = await createOramaSearchIndex({ snapshotPath });
      expect(short.restored).toBe(false);
      expect(await short.count()).toBe(0); // nothing of the documents read before the count was found short
      expect((await short.search({ text: 'shoe', offset: 0, limit: 5 })).total).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a currency it does not index', async () => {
    const index = await createOramaSearchIndex({ currencies: ['EUR'] });
    await expect(index.search({ offset: 0, limit: 5, filters: { price: { currency: 'USD' } } })).rejects.toThrow(/not indexed/);
  });
});

describe('createOramaSearchIndex price filters under churn', () => {
  // Found by the chaos suite: Orama's numeric index (an AVL tree, which filtered prices before
  // the adapter had columns of its own) lost documents on removal; 500 price updates on 12 of
  // 200 products with unique prices left about 5 unfindable by price.
  it('finds every product at its current price, and counts every range right, after thousands of updates and deletes', async () => {
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const index = await createOramaSearchIndex({ currencies: ['EUR'] });
    const model = new Map<string, number>();
    let nextUnique = 100_000;
    // Half the writes give a price no other product has (a tree node per product), half one of
    // 20 shared prices (nodes holding many products): both removal paths are exercised.
    const newPrice = () => (random() < 0.5 ? nextUnique++ : 50_000 + Math.floor(random() * 20));
    const put = async (n: number) => {
      const eur = newPrice();
      await index.upsert([contractDocument({ n, name: `Product ${n}`, brand: 'Acme', category: 'c-2', eur })]);
      model.set(`p-${n}`, eur);
    };
    for (let n = 1; n <= 200; n++) await put(n);
    const countIn = (min: number, max: number) => [...model.values()].filter((p) => p >= min && p <= max).length;
    for (let step = 1; step <= 3000; step++) {
      const n = 1 + Math.floor(random() * (step % 3 === 0 ? 200 : 12)); // a few hot products, as in a sale
      if (random() < 0.05 && model.has(`p-${n}`)) {
        await index.delete([`p-${n}`]);
        model.delete(`p-${n}`);
      } else {
        await put(n);
      }
      if (step % 250 === 0) {
        for (const [min, max] of [[0, Number.MAX_SAFE_INTEGER], [50_000, 50_009], [100_000, 100_000 + step / 2], [100_000 + step / 2, 200_000]] as const) {
          const result = await index.search({ offset: 0, limit: 1, filters: { price: { min, max, currency: 'EUR' } } });
          expect(result.total, `products priced ${min}..${max} after ${step} writes`).toBe(countIn(min, max));
        }
      }
    }
    const missing: string[] = [];
    for (const [id, eur] of model) {
      const result = await index.search({ offset: 0, limit: 100, filters: { price: { min: eur, max: eur, currency: 'EUR' } } });
      if (!result.hits.some((hit) => hit.id === id)) missing.push(`${id} at ${eur}`);
    }
    expect(missing).toEqual([]);
  });
});

describe('nameSortKey', () => {
  it('orders names by their first ten letters and digits, ignoring case and accents', () => {
    const names = ['zeta', 'Éclair Lamp', 'acme shoe', 'Acme Beach', 'acme  beach 2', '9 Lives', 'Eclair Kettle'];
    expect([...names].sort((a, b) => nameSortKey(a) - nameSortKey(b))).toEqual(['9 Lives', 'Acme Beach', 'acme  beach 2', 'acme shoe', 'Eclair Kettle', 'Éclair Lamp', 'zeta']);
    expect(Number.isSafeInteger(nameSortKey('zzzzzzzzzzzzzz'))).toBe(true);
  });

  it('reads an ASCII name in place to the same key as folding it (spaces, punctuation, case, short names)', () => {
    const KEY_CHARS = ' 0123456789abcdefghijklmnopqrstuvwxyz';
    const folded = (name: string) => {
      const text = name.normalize('NFKD').toLowerCase().replace(/[^a-z0-9 ]+/g, '').replace(/ +/g, ' ').trim();
      let key = 0;
      for (let i = 0; i < 10; i++) key = key * 37 + Math.max(0, KEY_CHARS.indexOf(text[i] ?? ' '));
      return key;
    };
    let state = 3;
    const next = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const alphabet = ['a', 'Z', 'm', '0', '9', ' ', '  ', '-', '\t', "'", '!', 'T-Shirt'];
    for (let n = 0; n < 5000; n++) {
      const name = Array.from({ length: Math.floor(next() * 16) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
      expect(nameSortKey(name), JSON.stringify(name)).toBe(folded(name));
    }
  });
});

describe('createOramaSearchIndex concurrent writes', () => {
  it('applies interleaved upserts of one product in call order, text included', async () => {
    const index = await createOramaSearchIndex({ currencies: ['EUR'] });
    const version = (name: string, eur: number) => contractDocument({ n: 1, name, brand: 'Acme', category: 'c-2', eur });
    await index.upsert([version('Acme Kettle', 1000)]);
    // Not awaited one by one: the indexer and the start-up catch-up may write one product at once.
    await Promise.all([index.upsert([version('Acme Lamp', 1100)]), index.upsert([version('Acme Kettle', 1200)]), index.upsert([version('Acme Kettle', 1300)])]);
    expect((await index.get(['p-1'])).get('p-1')).toMatchObject({ name: 'Acme Kettle', prices: { EUR: 1300 } });
    expect((await index.search({ text: 'kettle', offset: 0, limit: 5 })).hits.map((h) => h.id)).toEqual(['p-1']);
    expect((await index.search({ text: 'lamp', offset: 0, limit: 5 })).total).toBe(0);
    expect(await index.count()).toBe(1);
  });

  it('takes the last entry of a product written twice in one batch, and keeps the others of the batch', async () => {
    const index = await createOramaSearchIndex({ currencies: ['EUR'] });
    const version = (n: number, name: string, eur: number) => contractDocument({ n, name, brand: 'Acme', category: 'c-2', eur });
    await index.upsert([version(1, 'Acme Kettle', 1000), version(2, 'Acme Mug', 500)]);
    await index.upsert([version(1, 'Acme Lamp', 1100), version(3, 'Acme Blanket', 700), version(1, 'Acme Teapot', 1200), version(2, 'Acme Cup', 400)]);
    expect((await index.get(['p-1'])).get('p-1')).toMatchObject({ name: 'Acme Teapot', prices: { EUR: 1200 } });
    for (const [text, total] of [['teapot', 1], ['lamp', 0], ['kettle', 0], ['cup', 1], ['mug', 0], ['blanket', 1]] as const) {
      expect((await index.search({ text, offset: 0, limit: 5 })).total, text).toBe(total);
    }
    expect(await index.count()).toBe(3);
    await index.delete(['p-1', 'p-9']);
    expect((await index.search({ text: 'teapot', offset: 0, limit: 5 })).total).toBe(0);
    expect(await index.count()).toBe(2);
  });
});

describe('createOramaSearchIndex ranking variants', () => {
  const docs = [
    contractDocument({ n: 1, name: 'Trail Tent', brand: 'Acme', category: 'c-5', description: 'Sleeps three in all weathers, with a porch.', inStock: false }),
    contractDocument({ n: 2, name: 'Camping Lamp', brand: 'Acme', category: 'c-5', description: 'Lights up a tent.' }),
    contractDocument({ n: 3, name: 'Dome Tent', brand: 'Acme', category: 'c-5', description: 'Sleeps two.' }),
  ];
  const ids = async (text: string, ranking?: Parameters<typeof parseRanking>[1]) => {
    const index = await createOramaSearchIndex();
    await index.upsert(docs);
    return (await index.search({ text, offset: 0, limit: 5, ...(ranking ? { ranking: parseRanking('v', ranking) } : {}) })).hits.map((h) => h.id);
  };

  it('ranks by the variant: name boost, in-stock boost, recency; the default ranks names first', async () => {
    expect((await ids('tent')).slice(0, 2).sort()).toEqual(['p-1', 'p-3']);
    // No weight on the name: only the product whose description says "tent" scores.
    expect((await ids('tent', { nameBoost: 0 }))[0]).toBe('p-2');
    // p-1 is out of stock: a large in-stock boost puts it last.
    expect((await ids('tent', { inStockBoost: 10 })).at(-1)).toBe('p-1');
    // Among equals, the newest first.
    expect((await ids('tent', { recencyBoost: 5 }))[0]).toBe('p-3');
  });

  it('boosts products on sale in the query\'s currency only', async () => {
    const index = await createOramaSearchIndex();
    await index.upsert([
      contractDocument({ n: 1, name: 'Dome Tent', brand: 'Acme', category: 'c-5' }),
      { ...contractDocument({ n: 2, name: 'Dome Tent', brand: 'Acme', category: 'c-5' }), saleCurrencies: ['USD'] },
    ]);
    const first = async (currency: string) =>
      (await index.search({ text: 'tent', offset: 0, limit: 2, currency, ranking: parseRanking('v', { onSaleBoost: 1 }) })).hits[0]!.id;
    expect(await first('USD')).toBe('p-2');
    expect(await first('EUR')).toBe('p-1'); // not on sale in EUR: catalog order
  });

  it('follows the typo policy: off never forgives a typo, always and fallback do', async () => {
    expect(await ids('tnet')).not.toEqual([]);
    expect(await ids('tnet', { typoTolerance: 'off' })).toEqual([]);
    expect(await ids('tnet', { typoTolerance: 'always' })).not.toEqual([]);
  });

  it('refuses unknown settings and out-of-range values, naming them', () => {
    expect(() => parseRanking('v', { nameBost: 2 })).toThrow(/unknown setting nameBost/);
    expect(() => parseRanking('v', { inStockBoost: -1 })).toThrow(/inStockBoost/);
    expect(() => parseRanking('v', { typoTolerance: 'sometimes' })).toThrow(/typoTolerance/);
    expect(parseRanking('v', {})).toEqual(DEFAULT_RANKING);
  });
});
