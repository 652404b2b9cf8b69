import { describe, expect, it } from 'vitest';
import { type AnyEvent, type PriceState, type ProductState, type StockState } from '../../../lib/events/index.js';
import { createOramaSearchIndex } from '../../../lib/search/oramaSearchIndex.js';
import { createSearchIndexer } from './searchIndexer.js';

let nextId = 0;
const envelope = <T extends AnyEvent['type']>(type: T, subject: string, data: unknown) =>
  ({ specversion: '1.0', id: `e-${++nextId}`, source: '/test', type, subject, time: new Date().toISOString(), datacontenttype: 'application/json', data }) as AnyEvent;

const product = (version: number, name: string): ProductState => ({
  name, slug: name.toLowerCase().replace(/ /g, '-'), brand: 'Acme', categoryId: 'c-2', description: `The ${name}.`,
  attributes: [{ name: 'colour', value: 'red' }], version,
});
const productChanged = (id: string, before: ProductState | null, after: ProductState | null) =>
  envelope('commerce.catalog.product_changed.v1', id, { productId: id, before, after });
const price = (version: number, listAmount: number, saleAmount: number | null = null): PriceState =>
  ({ listAmount, saleAmount, saleValidFrom: null, saleValidTo: null, version });
const priceChanged = (id: string, currency: string, before: PriceState | null, after: PriceState | null) =>
  envelope('commerce.pricing.price_changed.v1', id, { productId: id, currency, before, after });
const stock = (version: number, onHand: number, reserved = 0): StockState => ({ onHand, reserved, version });
const stockChanged = (id: string, warehouseId: string, before: StockState | null, after: StockState | null) =>
  envelope('commerce.inventory.stock_changed.v1', id, { productId: id, warehouseId, before, after });

async function setup() {
  const index = await createOramaSearchIndex();
  const indexer = createSearchIndexer({ index, categoryPath: (id) => ['c-1', id] });
  const find = async (text: string, filters = {}) => (await index.search({ text, filters, offset: 0, limit: 10 })).hits.map((h) => h.id);
  return { index, indexer, find };
}

describe('createSearchIndexer', () => {
  it('indexes a new product with its category path, price and stock', async () => {
    const { index, indexer, find } = await setup();
    expect(await indexer.handle(productChanged('p-1', null, product(1, 'Trail Running Shoe')))).toBe('upsert');
    await indexer.handle(priceChanged('p-1', 'EUR', null, price(1, 9000, 7000)));
    await indexer.handle(stockChanged('p-1', 'wh-berlin', null, stock(1, 3, 1)));
    const doc = (await index.get(['p-1'])).get('p-1')!;
    expect(doc).toMatchObject({ categoryPath: ['c-1', 'c-2'], prices: { EUR: 7000 }, saleCurrencies: ['EUR'], stock: { 'wh-berlin': 2 }, inStock: true, attributes: 'red' });
    expect(await find('running', { categoryIds: ['c-1'], price: { min: 7000, max: 7000, currency: 'EUR' }, inStock: true })).toEqual(['p-1']);
  });

  it('keeps the currencies whose price is a sale price, for the on-sale boost', async () => {
    const { index, indexer } = await setup();
    await indexer.handle(productChanged('p-9', null, product(1, 'Camp Stove')));
    await indexer.handle(priceChanged('p-9', 'USD', null, price(1, 5000, 4000)));
    await indexer.handle(priceChanged('p-9', 'EUR', null, price(1, 5000, 4500)));
    expect((await index.get(['p-9'])).get('p-9')!.saleCurrencies).toEqual(['EUR', 'USD']);
    await indexer.handle(priceChanged('p-9', 'USD', price(1, 5000, 4000), price(2, 5000)));
    await indexer.handle(productChanged('p-9', product(1, 'Camp Stove'), product(2, 'Camp Stove Pro')));
    expect((await index.get(['p-9'])).get('p-9')!.saleCurrencies).toEqual(['EUR']);
    await indexer.handle(priceChanged('p-9', 'EUR', price(1, 5000, 4500), null));
    expect((await index.get(['p-9'])).get('p-9')!.saleCurrencies).toEqual([]);
  });

  it('ignores a replayed or older event, so the newest version wins whatever the order', async () => {
    const { index, indexer, find } = await setup();
    const v1 = productChanged('p-2', null, product(1, 'Alpine Jacket'));
    const v2 = productChanged('p-2', product(1, 'Alpine Jacket'), product(2, 'Glacier Jacket'));
    await indexer.handle(v1);
    await indexer.handle(v2);
    expect(await indexer.handle(v1)).toBe('stale');
    expect(await indexer.handle(v2)).toBe('stale');
    expect(await find('glacier')).toEqual(['p-2']);
    expect(await find('alpine')).toEqual([]);
    await indexer.handle(priceChanged('p-2', 'EUR', price(1, 100), price(2, 200)));
    expect(await indexer.handle(priceChanged('p-2', 'EUR', null, price(1, 100)))).toBe('stale');
    expect((await index.get(['p-2'])).get('p-2')!.prices).toEqual({ EUR: 200 });
  });

  it('applies concurrent events of one product one at a time without losing any', async () => {
    const { index, indexer } = await setup();
    await indexer.handle(productChanged('p-3', null, product(1, 'Camp Mug')));
    await Promise.all(['wh-a', 'wh-b', 'wh-c', 'wh-d'].map((wh, i) => indexer.handle(stockChanged('p-3', wh, null, stock(1, i)))));
    await Promise.all(['EUR', 'USD', 'GBP'].map((c) => indexer.handle(priceChanged('p-3', c, null, price(1, 500)))));
    const doc = (await index.get(['p-3'])).get('p-3')!;
    expect(doc.stock).toEqual({ 'wh-a': 0, 'wh-b': 1, 'wh-c': 2, 'wh-d': 3 });
    expect(doc.prices).toEqual({ EUR: 500, USD: 500, GBP: 500 });
  });

  it('recomputes in-stock when the last unit is reserved', async () => {
    const { indexer, find } = await setup();
    await indexer.handle(productChanged('p-4', null, product(1, 'Desk Lamp')));
    await indexer.handle(stockChanged('p-4', 'wh-berlin', null, stock(1, 1)));
    expect(await find('lamp', { inStock: true })).toEqual(['p-4']);
    await indexer.handle(stockChanged('p-4', 'wh-berlin', stock(1, 1), stock(2, 1, 1)));
    expect(await find('lamp', { inStock: true })).toEqual([]);
    expect(await find('lamp', { inStock: false })).toEqual(['p-4']);
  });

  it('holds price and stock events that arrive before their product', async () => {
    const { index, indexer } = await setup();
    expect(await indexer.handle(priceChanged('p-5', 'EUR', null, price(1, 4500)))).toBe('orphan');
    await indexer.handle(productChanged('p-5', null, product(1, 'Wool Blanket')));
    expect((await index.get(['p-5'])).get('p-5')!.prices).toEqual({ EUR: 4500 });
  });

  it('removes a deleted product and a removed price', async () => {
    const { index, indexer, find } = await setup();
    await indexer.handle(productChanged('p-6', null, product(1, 'Cork Sandal')));
    await indexer.handle(priceChanged('p-6', 'EUR', null, price(1, 900)));
    await indexer.handle(priceChanged('p-6', 'EUR', price(1, 900), null));
    expect((await index.get(['p-6'])).get('p-6')!.prices).toEqual({});
    expect(await indexer.handle(productChanged('p-6', product(1, 'Cork Sandal'), null))).toBe('delete');
    expect(await find('sandal')).toEqual([]);
    expect(await index.count()).toBe(0);
  });
});
