import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../lib/db/index.js';
import { clearOutboxes, openStoreDb, outboxEvents } from '../../test/helpers/storeSubgraphHarness.js';
import { DB_KINDS } from '../../test/helpers/testDb.js';
import type { SetPriceInput } from './generated/types.js';
import { setPrice } from './setPrice.js';
import { createPricingStore, type PriceRow, type PricingStore } from './store.js';

describe.each(DB_KINDS)('setPrice on %s', (kind) => {
  let db: Db;
  let store: PricingStore;
  beforeAll(async () => {
    db = await openStoreDb(kind, { products: 20 });
    store = createPricingStore(db);
  });
  afterAll(async () => {
    await db?.close();
  });
  beforeEach(async () => {
    await clearOutboxes(db);
  });

  const priceOf = async (productId: string, currency: string): Promise<PriceRow | undefined> =>
    (await store.pricesByProductIds([productId])).find((r) => r.currency === currency);

  /** Runs setPrice and expects it refused with `code` (and `extensions`), leaving prices and the outbox as they were. */
  async function expectRefused(input: SetPriceInput, code: string, extensions: Record<string, unknown> = {}) {
    const before = await store.pricesByProductIds([input.productId]);
    await expect(setPrice(db, store, input)).rejects.toMatchObject({ extensions: { code, ...extensions } });
    expect(await store.pricesByProductIds([input.productId])).toEqual(before);
    expect(await outboxEvents(db, 'pricing')).toEqual([]);
  }

  it('writes a price and exactly one change event', async () => {
    const saved = await setPrice(db, store, { productId: 'p-1', currency: 'EUR', listAmount: 1299, saleAmount: 999,
      saleValidFrom: '2026-01-01T00:00:00Z', saleValidTo: '2026-02-01T00:00:00.000Z' });
    expect(saved).toMatchObject({ product_id: 'p-1', currency: 'EUR', list_amount: 1299, sale_amount: 999, version: 2 });
    expect(saved.sale_valid_from?.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(await priceOf('p-1', 'EUR')).toEqual(saved);
    const events = await outboxEvents(db, 'pricing');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ subject: 'p-1', data: { currency: 'EUR', after: {
      listAmount: 1299, saleAmount: 999, saleValidFrom: '2026-01-01T00:00:00.000Z', saleValidTo: '2026-02-01T00:00:00.000Z', version: 2 } } });
  });

  it('adds a currency a priced product has no price in yet, at version 1', async () => {
    const saved = await setPrice(db, store, { productId: 'p-2', currency: 'JPY', listAmount: 150000, expectedVersion: 0 });
    expect(saved).toMatchObject({ currency: 'JPY', version: 1, sale_amount: null });
    expect(await outboxEvents(db, 'pricing')).toHaveLength(1);
  });

  it('clears a sale when saleAmount is null', async () => {
    await setPrice(db, store, { productId: 'p-3', currency: 'USD', listAmount: 5000, saleAmount: 4000 });
    const cleared = await setPrice(db, store, { productId: 'p-3', currency: 'USD', listAmount: 5000, saleAmount: null });
    expect(cleared).toMatchObject({ sale_amount: null, sale_valid_from: null, sale_valid_to: null });
    expect((await outboxEvents(db, 'pricing')).map((e) => e.data.after.saleAmount)).toEqual([4000, null]);
  });

  it('accepts a write whose expectedVersion matches the stored version', async () => {
    const current = await priceOf('p-4', 'EUR');
    const saved = await setPrice(db, store, { productId: 'p-4', currency: 'EUR', listAmount: 100, expectedVersion: current!.version });
    expect(saved.version).toBe(current!.version + 1);
  });

  it('fails with CONFLICT and the current version when expectedVersion is stale, writing nothing', async () => {
    const current = await priceOf('p-5', 'EUR');
    await expectRefused({ productId: 'p-5', currency: 'EUR', listAmount: 100, expectedVersion: current!.version + 3 }, 'CONFLICT',
      { productId: 'p-5', currentVersion: current!.version });
    await expectRefused({ productId: 'p-5', currency: 'CHF', listAmount: 100, expectedVersion: 1 }, 'CONFLICT', { currentVersion: 0 });
  });

  it('lets exactly one of two concurrent writes with the same expectedVersion commit', async () => {
    const current = await priceOf('p-6', 'GBP');
    const attempt = (listAmount: number) =>
      setPrice(db, store, { productId: 'p-6', currency: 'GBP', listAmount, expectedVersion: current!.version });
    const outcomes = await Promise.allSettled([attempt(111), attempt(222)]);
    const committed = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(committed).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.reason).toMatchObject({ extensions: { code: 'CONFLICT', currentVersion: current!.version + 1 } });
    expect((await priceOf('p-6', 'GBP'))!.version).toBe(current!.version + 1);
    expect(await outboxEvents(db, 'pricing')).toHaveLength(1);
  });

  it('fails with BAD_USER_INPUT on productId for a product pricing has never priced', async () => {
    await expectRefused({ productId: 'p-404', currency: 'EUR', listAmount: 100 }, 'BAD_USER_INPUT', { field: 'productId' });
  });

  const invalid: [string, SetPriceInput, string][] = [
    ['a malformed product id', { productId: 'sku-1', currency: 'EUR', listAmount: 100 }, 'productId'],
    ['a lower-case currency', { productId: 'p-7', currency: 'eur', listAmount: 100 }, 'currency'],
    ['an unknown currency', { productId: 'p-7', currency: 'ABC', listAmount: 100 }, 'currency'],
    ['a negative list amount', { productId: 'p-7', currency: 'EUR', listAmount: -1 }, 'listAmount'],
    ['a list amount above 2,000,000,000', { productId: 'p-7', currency: 'EUR', listAmount: 2_000_000_001 }, 'listAmount'],
    ['a negative sale amount', { productId: 'p-7', currency: 'EUR', listAmount: 100, saleAmount: -5 }, 'saleAmount'],
    ['a sale above the list price', { productId: 'p-7', currency: 'EUR', listAmount: 100, saleAmount: 101 }, 'saleAmount'],
    ['a malformed saleValidFrom', { productId: 'p-7', currency: 'EUR', listAmount: 100, saleAmount: 50, saleValidFrom: 'tomorrow' }, 'saleValidFrom'],
    ['a sale that ends before it starts', { productId: 'p-7', currency: 'EUR', listAmount: 100, saleAmount: 50,
      saleValidFrom: '2026-03-01T00:00:00Z', saleValidTo: '2026-03-01T00:00:00Z' }, 'saleValidTo'],
    ['a sale window without a sale amount', { productId: 'p-7', currency: 'EUR', listAmount: 100, saleValidTo: '2026-03-01T00:00:00Z' }, 'saleAmount'],
  ];
  it.each(invalid)('fails with BAD_USER_INPUT naming the field for %s, writing nothing', async (_name, input, field) => {
    await expectRefused(input, 'BAD_USER_INPUT', { field });
  });

  it('accepts the largest amount, 2,000,000,000 minor units, and a sale equal to the list price', async () => {
    const saved = await setPrice(db, store, { productId: 'p-8', currency: 'EUR', listAmount: 2_000_000_000, saleAmount: 2_000_000_000 });
    expect(saved).toMatchObject({ list_amount: 2_000_000_000, sale_amount: 2_000_000_000 });
  });
});
