import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../lib/db/index.js';
import { clearOutboxes, openStoreDb, outboxEvents } from '../../test/helpers/storeSubgraphHarness.js';
import { DB_KINDS, recordingDb } from '../../test/helpers/testDb.js';
import { createPricingStore, saleActive, type PriceRow, type PricingStore, type PriceWrite } from './store.js';

const write = (productId: string, currency: string, listAmount: number, sale: Partial<PriceWrite> = {}): PriceWrite =>
  ({ productId, currency, listAmount, saleAmount: null, saleValidFrom: null, saleValidTo: null, ...sale });

const row = (over: Partial<PriceRow>): PriceRow => ({
  product_id: 'p-1', currency: 'EUR', list_amount: 1000, sale_amount: null, sale_valid_from: null, sale_valid_to: null,
  version: 1, updated_at: new Date(), ...over,
});

describe('saleActive', () => {
  const now = new Date('2026-06-01T12:00:00Z');
  it('is false without a sale amount, whatever the window', () => {
    expect(saleActive(row({ sale_valid_from: new Date('2026-01-01') }), now)).toBe(false);
  });
  it('is true for an open-ended sale', () => {
    expect(saleActive(row({ sale_amount: 800 }), now)).toBe(true);
  });
  it('starts at saleValidFrom (inclusive) and ends at saleValidTo (exclusive)', () => {
    expect(saleActive(row({ sale_amount: 800, sale_valid_from: now }), now)).toBe(true);
    expect(saleActive(row({ sale_amount: 800, sale_valid_from: new Date(now.getTime() + 1) }), now)).toBe(false);
    expect(saleActive(row({ sale_amount: 800, sale_valid_to: now }), now)).toBe(false);
    expect(saleActive(row({ sale_amount: 800, sale_valid_to: new Date(now.getTime() + 1) }), now)).toBe(true);
  });
});

describe.each(DB_KINDS)('createPricingStore on %s', (kind) => {
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

  it('loads the prices of many products in one statement, each product in currency order', async () => {
    const recorded = recordingDb(db);
    const rows = await createPricingStore(recorded.db).pricesByProductIds(['p-1', 'p-2', 'p-404']);
    expect(recorded.statements).toHaveLength(1);
    expect(rows.filter((r) => r.product_id === 'p-1').map((r) => r.currency)).toEqual(['EUR', 'GBP', 'USD']);
    expect(rows.filter((r) => r.product_id === 'p-2').map((r) => r.currency)).toEqual(['EUR', 'GBP', 'USD']);
    expect(rows).toHaveLength(6);
    expect(rows[0]).toMatchObject({ version: 1, list_amount: expect.any(Number) });
    expect(rows[0]!.updated_at).toBeInstanceOf(Date);
  });

  it('inserts a new currency at version 1 with exactly one outbox event in the same transaction', async () => {
    const saved = await db.transaction((tx) => store.upsertPrice(tx, write('p-3', 'CHF', 1990, { saleAmount: 1500 })));
    expect(saved).toMatchObject({ product_id: 'p-3', currency: 'CHF', list_amount: 1990, sale_amount: 1500, version: 1 });
    const events = await outboxEvents(db, 'pricing');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      specversion: '1.0', type: 'commerce.pricing.price_changed.v1', source: '/commerce/pricing', subject: 'p-3',
      data: { productId: 'p-3', currency: 'CHF', before: null, after: { listAmount: 1990, saleAmount: 1500, version: 1 } },
    });
  });

  it('updates an existing price, bumping its version, with one event carrying before and after', async () => {
    const [before] = (await store.pricesByProductIds(['p-4'])).filter((r) => r.currency === 'EUR');
    const saved = await db.transaction((tx) => store.upsertPrice(tx, write('p-4', 'EUR', 4242)));
    expect(saved).toMatchObject({ list_amount: 4242, sale_amount: null, version: before!.version + 1 });
    expect(saved.updated_at.getTime()).toBeGreaterThanOrEqual(before!.updated_at.getTime());
    const events = await outboxEvents(db, 'pricing');
    expect(events.map((e) => e.data)).toEqual([{
      productId: 'p-4', currency: 'EUR',
      before: expect.objectContaining({ listAmount: before!.list_amount, version: before!.version }),
      after: expect.objectContaining({ listAmount: 4242, saleAmount: null, version: before!.version + 1 }),
    }]);
  });

  it('bumps the version but writes no event when a write changes nothing', async () => {
    const [current] = (await store.pricesByProductIds(['p-5'])).filter((r) => r.currency === 'GBP');
    const same = write('p-5', 'GBP', current!.list_amount, { saleAmount: current!.sale_amount });
    const saved = await db.transaction((tx) => store.upsertPrice(tx, same));
    expect(saved.version).toBe(current!.version + 1);
    expect(await outboxEvents(db, 'pricing')).toEqual([]);
  });

  it('writes one event per changed row of a bulk statement, none for the rows it left alone (statement trigger)', async () => {
    // One UPDATE over p-10…p-13 EUR: two change an amount, two only bump the version.
    await db.query(`UPDATE pricing.prices SET version = version + 1,
      list_amount = CASE WHEN product_id IN ('p-10', 'p-11') THEN list_amount + 1 ELSE list_amount END
      WHERE currency = 'EUR' AND product_id IN ('p-10', 'p-11', 'p-12', 'p-13')`);
    const events = await outboxEvents(db, 'pricing');
    expect(events.map((e) => e.subject).sort()).toEqual(['p-10', 'p-11']);
    for (const e of events) expect(e.data.after.listAmount - e.data.before.listAmount).toBe(1);
    expect(new Set(events.map((e) => e.id)).size).toBe(2);
  });

  it('turns a change of a price\'s key into its removal and a creation, and a bulk DELETE into one event per row', async () => {
    await db.query(`UPDATE pricing.prices SET currency = 'CHF', version = version + 1 WHERE product_id = 'p-14' AND currency = 'GBP'`);
    expect((await outboxEvents(db, 'pricing')).map((e) => [e.subject, e.data.currency, e.data.before === null, e.data.after === null]).sort())
      .toEqual([['p-14', 'CHF', true, false], ['p-14', 'GBP', false, true]]);
    await clearOutboxes(db);
    await db.query(`DELETE FROM pricing.prices WHERE product_id = 'p-15'`);
    const removed = await outboxEvents(db, 'pricing');
    expect(removed.map((e) => e.data.currency).sort()).toEqual(['EUR', 'GBP', 'USD']);
    for (const e of removed) expect(e.data).toMatchObject({ productId: 'p-15', after: null, before: { version: expect.any(Number) } });
  });

  it('writes each state as price_state has it (the fold check compares them), a sale window and a product id to escape included', async () => {
    const productId = 'p-"quoted" \\ id';
    await db.query(`INSERT INTO pricing.prices (product_id, currency, list_amount, sale_amount, sale_valid_from)
      VALUES ($1, 'EUR', 500, 400, '2026-06-01T10:00:00.5Z')`, [productId]);
    await db.query(`UPDATE pricing.prices SET list_amount = 600, sale_valid_to = '2026-07-01T00:00:00Z', version = version + 1 WHERE product_id = $1`, [productId]);
    const { rows } = await db.query<{ state: unknown }>('SELECT pricing.price_state(p) AS state FROM pricing.prices p WHERE product_id = $1', [productId]);
    const [created, updated] = await outboxEvents(db, 'pricing');
    expect(created!.data).toEqual({ productId, currency: 'EUR', before: null, after: created!.data.after });
    expect(created!.data.after).toEqual({ version: 1, listAmount: 500, saleAmount: 400, saleValidFrom: '2026-06-01T10:00:00.500Z', saleValidTo: null });
    expect(updated!.data).toEqual({ productId, currency: 'EUR', before: created!.data.after, after: rows[0]!.state });
    expect(updated!.data.after).toMatchObject({ version: 2, listAmount: 600, saleValidTo: '2026-07-01T00:00:00.000Z' });
  });

  it('loses the outbox event together with the change when the transaction rolls back', async () => {
    const [before] = (await store.pricesByProductIds(['p-6'])).filter((r) => r.currency === 'USD');
    await expect(db.transaction(async (tx) => {
      await store.upsertPrice(tx, write('p-6', 'USD', 1));
      expect(await outboxEvents(tx, 'pricing')).toHaveLength(1); // written inside the transaction
      throw new Error('abort');
    })).rejects.toThrow('abort');
    expect(await outboxEvents(db, 'pricing')).toEqual([]);
    const [after] = (await store.pricesByProductIds(['p-6'])).filter((r) => r.currency === 'USD');
    expect(after).toEqual(before);
  });

  it('locks every currency of a product, so a second writer reads the row only after the first commits', async () => {
    const [start] = (await store.pricesByProductIds(['p-7'])).filter((r) => r.currency === 'EUR');
    let locked!: () => void;
    const lockTaken = new Promise<void>((resolve) => { locked = resolve; });
    const first = db.transaction(async (tx) => {
      const rows = await store.lockProductPrices(tx, 'p-7');
      locked();
      await new Promise((resolve) => setTimeout(resolve, 200));
      await store.upsertPrice(tx, write('p-7', 'EUR', 7777));
      return rows;
    });
    await lockTaken;
    const seenBySecond = db.transaction(async (tx) => (await store.lockProductPrices(tx, 'p-7')).find((r) => r.currency === 'EUR')!);
    expect((await first).map((r) => r.currency).sort()).toEqual(['EUR', 'GBP', 'USD']);
    expect(await seenBySecond).toMatchObject({ list_amount: 7777, version: start!.version + 1 });
  });

  it('returns no rows when locking a product pricing has never priced', async () => {
    expect(await db.transaction((tx) => store.lockProductPrices(tx, 'p-404'))).toEqual([]);
  });
});
