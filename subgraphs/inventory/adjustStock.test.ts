import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../lib/db/index.js';
import { clearOutboxes, openStoreDb, outboxEvents } from '../../test/helpers/storeSubgraphHarness.js';
import { DB_KINDS } from '../../test/helpers/testDb.js';
import { adjustStock } from './adjustStock.js';
import type { AdjustStockInput } from './generated/types.js';
import { createInventoryStore, type InventoryStore, type StockRow } from './store.js';

/** Sets a stock row to known quantities without a change event (a fixture, not a change). */
async function setStock(db: Db, productId: string, warehouseId: string, onHand: number, reserved: number) {
  await db.transaction(async (tx) => {
    await tx.exec("SET LOCAL commerce.suppress_events = 'on'");
    await tx.query('UPDATE inventory.stock SET on_hand = $3, reserved = $4 WHERE product_id = $1 AND warehouse_id = $2',
      [productId, warehouseId, onHand, reserved]);
  });
}

describe.each(DB_KINDS)('adjustStock on %s', (kind) => {
  let db: Db;
  let store: InventoryStore;
  beforeAll(async () => {
    db = await openStoreDb(kind, { products: 20 });
    await db.query("INSERT INTO inventory.warehouses (id, name, country) VALUES ('wh-lyon', 'Lyon', 'FR')");
    store = createInventoryStore(db);
  });
  afterAll(async () => {
    await db?.close();
  });
  beforeEach(async () => {
    await clearOutboxes(db);
  });

  const stockOf = async (productId: string, warehouseId: string): Promise<StockRow | undefined> =>
    (await store.stockByProductIds([productId])).find((r) => r.warehouse_id === warehouseId);
  const movementCount = async (productId: string) =>
    (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM inventory.stock_movements WHERE product_id = $1', [productId])).rows[0]!.n;

  /** Runs adjustStock and expects it refused with `code` (and `extensions`), leaving stock, movements and the outbox as they were. */
  async function expectRefused(input: AdjustStockInput, code: string, extensions: Record<string, unknown> = {}) {
    const before = await store.stockByProductIds([input.productId]);
    const movements = await movementCount(input.productId);
    await expect(adjustStock(db, store, input)).rejects.toMatchObject({ extensions: { code, ...extensions } });
    expect(await store.stockByProductIds([input.productId])).toEqual(before);
    expect(await movementCount(input.productId)).toBe(movements);
    expect(await outboxEvents(db, 'inventory')).toEqual([]);
  }

  it('adds delta to on hand, bumps the version, records the movement with its trimmed reason and writes one event', async () => {
    await setStock(db, 'p-1', 'wh-berlin', 10, 3);
    const saved = await adjustStock(db, store, { productId: 'p-1', warehouseId: 'wh-berlin', delta: 5, reason: '  receipt 42 ' });
    expect(saved).toMatchObject({ on_hand: 15, reserved: 3, version: 2 });
    expect(await stockOf('p-1', 'wh-berlin')).toEqual(saved);
    const { rows } = await db.query('SELECT warehouse_id, delta, reason FROM inventory.stock_movements WHERE product_id = $1', ['p-1']);
    expect(rows).toEqual([{ warehouse_id: 'wh-berlin', delta: 5, reason: 'receipt 42' }]);
    const events = await outboxEvents(db, 'inventory');
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toEqual({ productId: 'p-1', warehouseId: 'wh-berlin', before: { onHand: 10, reserved: 3, version: 1 }, after: { onHand: 15, reserved: 3, version: 2 } });
  });

  it('removes stock down to exactly what is reserved', async () => {
    await setStock(db, 'p-2', 'wh-newark', 10, 4);
    expect(await adjustStock(db, store, { productId: 'p-2', warehouseId: 'wh-newark', delta: -6, reason: 'sale' })).toMatchObject({ on_hand: 4, reserved: 4 });
  });

  it('stocks a known product in a warehouse it had no row in, at version 1 when expectedVersion is 0', async () => {
    const saved = await adjustStock(db, store, { productId: 'p-3', warehouseId: 'wh-lyon', delta: 9, reason: 'new location', expectedVersion: 0 });
    expect(saved).toMatchObject({ warehouse_id: 'wh-lyon', on_hand: 9, reserved: 0, version: 1 });
    expect(await outboxEvents(db, 'inventory')).toHaveLength(1);
  });

  it('fails with BAD_USER_INPUT when a product would enter a new warehouse with negative stock', async () => {
    await expectRefused({ productId: 'p-11', warehouseId: 'wh-lyon', delta: -1, reason: 'typo' }, 'BAD_USER_INPUT', { field: 'delta' });
  });

  it('accepts a write whose expectedVersion matches, and fails a stale one with CONFLICT and the current version', async () => {
    const current = await stockOf('p-4', 'wh-berlin');
    const saved = await adjustStock(db, store, { productId: 'p-4', warehouseId: 'wh-berlin', delta: 1, reason: 'count', expectedVersion: current!.version });
    expect(saved.version).toBe(current!.version + 1);
    await clearOutboxes(db);
    await expectRefused({ productId: 'p-4', warehouseId: 'wh-berlin', delta: 1, reason: 'count', expectedVersion: current!.version }, 'CONFLICT',
      { productId: 'p-4', currentVersion: current!.version + 1 });
    await expectRefused({ productId: 'p-4', warehouseId: 'wh-lyon', delta: 1, reason: 'count', expectedVersion: 1 }, 'CONFLICT', { currentVersion: 0 });
  });

  it('lets exactly one of two concurrent writes with the same expectedVersion commit', async () => {
    const current = await stockOf('p-5', 'wh-rotterdam');
    const attempt = () => adjustStock(db, store, { productId: 'p-5', warehouseId: 'wh-rotterdam', delta: 1, reason: 'race', expectedVersion: current!.version });
    const outcomes = await Promise.allSettled([attempt(), attempt()]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected')?.reason).toMatchObject({ extensions: { code: 'CONFLICT' } });
    expect(await stockOf('p-5', 'wh-rotterdam')).toMatchObject({ on_hand: current!.on_hand + 1, version: current!.version + 1 });
    expect(await outboxEvents(db, 'inventory')).toHaveLength(1);
  });

  it('never oversells: of two concurrent removals that only fit one at a time, one is refused', async () => {
    await setStock(db, 'p-6', 'wh-berlin', 10, 0);
    const take = () => adjustStock(db, store, { productId: 'p-6', warehouseId: 'wh-berlin', delta: -7, reason: 'sale' });
    const outcomes = await Promise.allSettled([take(), take()]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected')?.reason).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'delta' } });
    expect(await stockOf('p-6', 'wh-berlin')).toMatchObject({ on_hand: 3 });
    expect(await movementCount('p-6')).toBe(1);
    expect(await outboxEvents(db, 'inventory')).toHaveLength(1);
  });

  it('fails with BAD_USER_INPUT on delta when on hand would fall below zero or below what is reserved', async () => {
    await setStock(db, 'p-7', 'wh-newark', 5, 2);
    await expectRefused({ productId: 'p-7', warehouseId: 'wh-newark', delta: -6, reason: 'sale' }, 'BAD_USER_INPUT', { field: 'delta' });
    await expectRefused({ productId: 'p-7', warehouseId: 'wh-newark', delta: -4, reason: 'sale' }, 'BAD_USER_INPUT', { field: 'delta' });
  });

  it('fails with BAD_USER_INPUT on warehouseId for a warehouse that does not exist', async () => {
    await expectRefused({ productId: 'p-8', warehouseId: 'wh-atlantis', delta: 1, reason: 'receipt' }, 'BAD_USER_INPUT', { field: 'warehouseId' });
  });

  it('fails with BAD_USER_INPUT on productId for a product inventory has never stocked', async () => {
    await expectRefused({ productId: 'p-404', warehouseId: 'wh-berlin', delta: 1, reason: 'receipt' }, 'BAD_USER_INPUT', { field: 'productId' });
  });

  const invalid: [string, AdjustStockInput, string][] = [
    ['a malformed product id', { productId: 'P1', warehouseId: 'wh-berlin', delta: 1, reason: 'r' }, 'productId'],
    ['a zero delta', { productId: 'p-9', warehouseId: 'wh-berlin', delta: 0, reason: 'r' }, 'delta'],
    ['a delta above 1,000,000', { productId: 'p-9', warehouseId: 'wh-berlin', delta: 1_000_001, reason: 'r' }, 'delta'],
    ['a delta below -1,000,000', { productId: 'p-9', warehouseId: 'wh-berlin', delta: -1_000_001, reason: 'r' }, 'delta'],
    ['a blank reason', { productId: 'p-9', warehouseId: 'wh-berlin', delta: 1, reason: '   ' }, 'reason'],
    ['a reason over 200 characters', { productId: 'p-9', warehouseId: 'wh-berlin', delta: 1, reason: 'x'.repeat(201) }, 'reason'],
  ];
  it.each(invalid)('fails with BAD_USER_INPUT naming the field for %s, writing nothing', async (_name, input, field) => {
    await expectRefused(input, 'BAD_USER_INPUT', { field });
  });

  it('accepts the largest delta, 1,000,000, and a reason of exactly 200 characters', async () => {
    const current = await stockOf('p-10', 'wh-berlin');
    const saved = await adjustStock(db, store, { productId: 'p-10', warehouseId: 'wh-berlin', delta: 1_000_000, reason: 'y'.repeat(200) });
    expect(saved.on_hand).toBe(current!.on_hand + 1_000_000);
  });
});
