import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../lib/db/index.js';
import { clearOutboxes, openStoreDb, outboxEvents } from '../../test/helpers/storeSubgraphHarness.js';
import { DB_KINDS, recordingDb } from '../../test/helpers/testDb.js';
import { createInventoryStore, type InventoryStore } from './store.js';

/** Sets a stock row to known quantities without a change event (a fixture, not a change). */
async function setStock(db: Db, productId: string, warehouseId: string, onHand: number, reserved: number) {
  await db.transaction(async (tx) => {
    await tx.exec("SET LOCAL commerce.suppress_events = 'on'");
    await tx.query('UPDATE inventory.stock SET on_hand = $3, reserved = $4 WHERE product_id = $1 AND warehouse_id = $2',
      [productId, warehouseId, onHand, reserved]);
  });
}

const movementsOf = async (db: Db, productId: string) =>
  (await db.query<{ warehouse_id: string; delta: number; reason: string }>(
    'SELECT warehouse_id, delta, reason FROM inventory.stock_movements WHERE product_id = $1 ORDER BY id', [productId])).rows;

describe.each(DB_KINDS)('createInventoryStore on %s', (kind) => {
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

  it('loads the stock of many products in one statement, with each warehouse joined in', async () => {
    await setStock(db, 'p-1', 'wh-newark', 12, 3);
    const recorded = recordingDb(db);
    const rows = await createInventoryStore(recorded.db).stockByProductIds(['p-1', 'p-2', 'p-404']);
    expect(recorded.statements).toHaveLength(1);
    expect(rows.filter((r) => r.product_id === 'p-1').map((r) => r.warehouse_id)).toEqual(['wh-berlin', 'wh-newark', 'wh-rotterdam']);
    expect(rows.filter((r) => r.product_id === 'p-2')).toHaveLength(3);
    expect(rows).toHaveLength(6);
    expect(rows.find((r) => r.product_id === 'p-1' && r.warehouse_id === 'wh-newark')).toMatchObject({
      warehouse_name: 'Newark', warehouse_country: 'US', on_hand: 12, reserved: 3, version: 1,
    });
  });

  it('lists warehouses in id order', async () => {
    expect(await store.warehouses()).toEqual([
      { id: 'wh-berlin', name: 'Berlin', country: 'DE' },
      { id: 'wh-lyon', name: 'Lyon', country: 'FR' },
      { id: 'wh-newark', name: 'Newark', country: 'US' },
      { id: 'wh-rotterdam', name: 'Rotterdam', country: 'NL' },
    ]);
  });

  it('tells whether a warehouse exists', async () => {
    expect(await db.transaction((tx) => store.warehouseExists(tx, 'wh-berlin'))).toBe(true);
    expect(await db.transaction((tx) => store.warehouseExists(tx, 'wh-atlantis'))).toBe(false);
  });

  it('applies a movement to an existing row: sets on hand, bumps the version, records it and writes one event', async () => {
    await setStock(db, 'p-3', 'wh-berlin', 10, 2);
    const saved = await db.transaction((tx) => store.applyMovement(tx, { productId: 'p-3', warehouseId: 'wh-berlin', delta: 5, reason: 'receipt', onHand: 15 }));
    expect(saved).toMatchObject({ product_id: 'p-3', warehouse_id: 'wh-berlin', warehouse_name: 'Berlin', on_hand: 15, reserved: 2, version: 2 });
    expect(await movementsOf(db, 'p-3')).toEqual([{ warehouse_id: 'wh-berlin', delta: 5, reason: 'receipt' }]);
    const events = await outboxEvents(db, 'inventory');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'commerce.inventory.stock_changed.v1', source: '/commerce/inventory', subject: 'p-3',
      data: { productId: 'p-3', warehouseId: 'wh-berlin', before: { onHand: 10, reserved: 2, version: 1 }, after: { onHand: 15, reserved: 2, version: 2 } },
    });
  });

  it('inserts the row at version 1 when the product had no stock in that warehouse', async () => {
    const saved = await db.transaction((tx) => store.applyMovement(tx, { productId: 'p-4', warehouseId: 'wh-lyon', delta: 7, reason: 'first delivery', onHand: 7 }));
    expect(saved).toMatchObject({ warehouse_id: 'wh-lyon', warehouse_country: 'FR', on_hand: 7, reserved: 0, version: 1 });
    expect((await outboxEvents(db, 'inventory')).map((e) => e.data)).toEqual([
      { productId: 'p-4', warehouseId: 'wh-lyon', before: null, after: { onHand: 7, reserved: 0, version: 1 } },
    ]);
  });

  it('loses the movement and its event together with the change when the transaction rolls back', async () => {
    const before = await store.stockByProductIds(['p-5']);
    await expect(db.transaction(async (tx) => {
      await store.applyMovement(tx, { productId: 'p-5', warehouseId: 'wh-rotterdam', delta: 1, reason: 'count', onHand: 999 });
      expect(await outboxEvents(tx, 'inventory')).toHaveLength(1);
      throw new Error('abort');
    })).rejects.toThrow('abort');
    expect(await store.stockByProductIds(['p-5'])).toEqual(before);
    expect(await movementsOf(db, 'p-5')).toEqual([]);
    expect(await outboxEvents(db, 'inventory')).toEqual([]);
  });

  it('locks every warehouse row of a product, so a second writer reads it only after the first commits', async () => {
    await setStock(db, 'p-6', 'wh-berlin', 20, 0);
    let locked!: () => void;
    const lockTaken = new Promise<void>((resolve) => { locked = resolve; });
    const first = db.transaction(async (tx) => {
      const rows = await store.lockProductStock(tx, 'p-6');
      locked();
      await new Promise((resolve) => setTimeout(resolve, 200));
      await store.applyMovement(tx, { productId: 'p-6', warehouseId: 'wh-berlin', delta: -5, reason: 'sale', onHand: 15 });
      return rows;
    });
    await lockTaken;
    const seenBySecond = db.transaction(async (tx) => (await store.lockProductStock(tx, 'p-6')).find((r) => r.warehouse_id === 'wh-berlin')!);
    expect((await first).map((r) => r.warehouse_id).sort()).toEqual(['wh-berlin', 'wh-newark', 'wh-rotterdam']);
    expect(await seenBySecond).toMatchObject({ on_hand: 15, version: 2 });
  });
});
