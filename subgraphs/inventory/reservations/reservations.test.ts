import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../lib/db/index.js';
import { outboxEventSql } from '../../../lib/events/index.js';
import { migrateSubgraph } from '../../../lib/subgraph/index.js';
import { DB_KINDS, openTestDb } from '../../../test/helpers/testDb.js';
import { commitReservation, releaseExpiredReservations, releaseReservation, reserveStock, returnReservation, startReservationSweeper } from './index.js';

const WAREHOUSES = [['wh-de-1', 'Berlin', 'DE'], ['wh-de-2', 'Hamburg', 'DE'], ['wh-fr', 'Lyon', 'FR']] as const;

/** Stock rows `{ product: { warehouse: onHand } }`, replacing what was there; the outbox starts empty. */
async function stockUp(db: Db, stock: Record<string, Record<string, number>>): Promise<void> {
  await db.exec(`DELETE FROM inventory.reservation_allocations; DELETE FROM inventory.reservations;
    DELETE FROM inventory.stock_movements; DELETE FROM inventory.stock`);
  for (const [productId, byWarehouse] of Object.entries(stock)) {
    for (const [warehouseId, onHand] of Object.entries(byWarehouse)) {
      await db.query('INSERT INTO inventory.stock (product_id, warehouse_id, on_hand) VALUES ($1, $2, $3)', [productId, warehouseId, onHand]);
    }
  }
  await db.exec('DELETE FROM inventory.outbox');
}

/** `{ product: { warehouse: [onHand, reserved] } }` */
async function stockOf(db: Db): Promise<Record<string, Record<string, [number, number]>>> {
  const { rows } = await db.query<{ product_id: string; warehouse_id: string; on_hand: number; reserved: number }>(
    'SELECT product_id, warehouse_id, on_hand, reserved FROM inventory.stock ORDER BY product_id, warehouse_id');
  const out: Record<string, Record<string, [number, number]>> = {};
  for (const r of rows) (out[r.product_id] ??= {})[r.warehouse_id] = [r.on_hand, r.reserved];
  return out;
}

interface StockEvent { type: string; subject: string; data: { warehouseId: string; before: { onHand: number; reserved: number }; after: { onHand: number; reserved: number } } }
async function outbox(db: Db): Promise<StockEvent[]> {
  const { rows } = await db.query<{ event: string }>(`SELECT ${outboxEventSql('inventory')} AS event FROM inventory.outbox ORDER BY seq`);
  return rows.map((r) => JSON.parse(r.event) as StockEvent);
}

const count = async (db: Db, sql: string) => (await db.query<{ n: number }>(sql)).rows[0]!.n;

describe.each(DB_KINDS)('stock reservations on %s', (kind) => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb(kind);
    await migrateSubgraph(db, 'inventory');
    for (const [id, name, country] of WAREHOUSES) await db.query('INSERT INTO inventory.warehouses (id, name, country) VALUES ($1, $2, $3)', [id, name, country]);
  });
  afterAll(() => db.close());
  beforeEach(() => stockUp(db, { 'p-1': { 'wh-de-1': 2, 'wh-de-2': 3, 'wh-fr': 10 }, 'p-2': { 'wh-fr': 4 } }));

  it('reserves every line, preferring the destination country and splitting a line, with one stock_changed event per row', async () => {
    const reservation = await reserveStock(db, { id: 'saga-1:reserve', destinationCountry: 'DE', lines: [{ productId: 'p-2', quantity: 1 }, { productId: 'p-1', quantity: 4 }] });
    expect(reservation).toMatchObject({
      id: 'saga-1:reserve', status: 'held', destinationCountry: 'DE',
      lines: [{ productId: 'p-1', quantity: 4 }, { productId: 'p-2', quantity: 1 }],
      allocations: [
        { productId: 'p-1', warehouseId: 'wh-de-1', quantity: 1 },
        { productId: 'p-1', warehouseId: 'wh-de-2', quantity: 3 },
        { productId: 'p-2', warehouseId: 'wh-fr', quantity: 1 },
      ],
    });
    expect(reservation.expiresAt.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
    expect(await stockOf(db)).toEqual({ 'p-1': { 'wh-de-1': [2, 1], 'wh-de-2': [3, 3], 'wh-fr': [10, 0] }, 'p-2': { 'wh-fr': [4, 1] } });
    const events = await outbox(db);
    expect(events.map((e) => [e.type, e.subject, e.data.warehouseId, e.data.before.reserved, e.data.after.reserved]).sort()).toEqual([
      ['commerce.inventory.stock_changed.v1', 'p-1', 'wh-de-1', 0, 1],
      ['commerce.inventory.stock_changed.v1', 'p-1', 'wh-de-2', 0, 3],
      ['commerce.inventory.stock_changed.v1', 'p-2', 'wh-fr', 0, 1],
    ]);
  });

  it('takes the largest stock first without a destination', async () => {
    const reservation = await reserveStock(db, { id: 'r', lines: [{ productId: 'p-1', quantity: 12 }] });
    expect(reservation.allocations).toEqual([
      { productId: 'p-1', warehouseId: 'wh-de-2', quantity: 2 },
      { productId: 'p-1', warehouseId: 'wh-fr', quantity: 10 },
    ]);
  });

  it('reserves nothing when one line is short: OUT_OF_STOCK with the shortfalls, no row, no event', async () => {
    await expect(reserveStock(db, { id: 'r', lines: [{ productId: 'p-1', quantity: 1 }, { productId: 'p-2', quantity: 5 }, { productId: 'p-9', quantity: 1 }] }))
      .rejects.toMatchObject({ extensions: { code: 'OUT_OF_STOCK', shortfalls: [
        { productId: 'p-2', requested: 5, available: 4 }, { productId: 'p-9', requested: 1, available: 0 },
      ] } });
    expect(await stockOf(db)).toEqual({ 'p-1': { 'wh-de-1': [2, 0], 'wh-de-2': [3, 0], 'wh-fr': [10, 0] }, 'p-2': { 'wh-fr': [4, 0] } });
    expect(await count(db, 'SELECT count(*)::int AS n FROM inventory.reservations')).toBe(0);
    expect(await outbox(db)).toEqual([]);
  });

  it('is idempotent by id: the same key twice (even at once) is one reservation; other lines under it are a CONFLICT', async () => {
    const input = { id: 'saga-2:reserve', lines: [{ productId: 'p-2', quantity: 3 }] };
    const results = await Promise.all(Array.from({ length: 8 }, () => reserveStock(db, input)));
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
    expect((await stockOf(db))['p-2']).toEqual({ 'wh-fr': [4, 3] });
    expect(await outbox(db)).toHaveLength(1);
    await expect(reserveStock(db, { ...input, lines: [{ productId: 'p-2', quantity: 1 }] })).rejects.toMatchObject({ extensions: { code: 'CONFLICT' } });
  });

  it('releases idempotently, and a release that arrives first leaves a tombstone a late reserve cannot pass', async () => {
    await reserveStock(db, { id: 'a', lines: [{ productId: 'p-1', quantity: 13 }] });
    expect(await releaseReservation(db, 'a')).toMatchObject({ status: 'released' });
    expect(await releaseReservation(db, 'a')).toMatchObject({ status: 'released' });
    expect((await stockOf(db))['p-1']).toEqual({ 'wh-de-1': [2, 0], 'wh-de-2': [3, 0], 'wh-fr': [10, 0] });
    // Reserved in wh-de-2 (3) and wh-fr (10), then given back: four events, none for the second release.
    expect((await outbox(db)).map((e) => `${e.data.warehouseId}:${e.data.before.reserved}>${e.data.after.reserved}`).sort())
      .toEqual(['wh-de-2:0>3', 'wh-de-2:3>0', 'wh-fr:0>10', 'wh-fr:10>0']);

    expect(await releaseReservation(db, 'b')).toMatchObject({ status: 'released', lines: [], allocations: [] });
    expect(await reserveStock(db, { id: 'b', lines: [{ productId: 'p-1', quantity: 1 }] })).toMatchObject({ status: 'released', allocations: [] });
    expect(await count(db, 'SELECT sum(reserved)::int AS n FROM inventory.stock')).toBe(0);
  });

  it('commits a reservation into a decrement of on hand, once, with a stock movement per warehouse', async () => {
    await reserveStock(db, { id: 'c', destinationCountry: 'DE', lines: [{ productId: 'p-1', quantity: 4 }] });
    expect(await commitReservation(db, 'c')).toMatchObject({ status: 'committed' });
    expect(await commitReservation(db, 'c')).toMatchObject({ status: 'committed' });
    expect((await stockOf(db))['p-1']).toEqual({ 'wh-de-1': [1, 0], 'wh-de-2': [0, 0], 'wh-fr': [10, 0] });
    const { rows } = await db.query('SELECT warehouse_id, delta, reason FROM inventory.stock_movements ORDER BY warehouse_id');
    expect(rows).toEqual([
      { warehouse_id: 'wh-de-1', delta: -1, reason: 'reservation c committed' },
      { warehouse_id: 'wh-de-2', delta: -3, reason: 'reservation c committed' },
    ]);
    expect(await outbox(db)).toHaveLength(4);
    await expect(releaseReservation(db, 'c')).rejects.toMatchObject({ extensions: { code: 'CONFLICT', status: 'committed' } });
    await expect(commitReservation(db, 'nope')).rejects.toMatchObject({ extensions: { code: 'RESERVATION_NOT_FOUND' } });
    await releaseReservation(db, 'd');
    await expect(commitReservation(db, 'd')).rejects.toMatchObject({ extensions: { code: 'CONFLICT', status: 'released' } });
  });

  it('returns a committed reservation to on hand once, in the warehouses it left, and leaves one never committed alone', async () => {
    await reserveStock(db, { id: 'r', destinationCountry: 'DE', lines: [{ productId: 'p-1', quantity: 4 }] });
    await commitReservation(db, 'r');
    expect(await returnReservation(db, 'r')).toMatchObject({ status: 'returned' });
    expect(await returnReservation(db, 'r')).toMatchObject({ status: 'returned' });
    expect((await stockOf(db))['p-1']).toEqual({ 'wh-de-1': [2, 0], 'wh-de-2': [3, 0], 'wh-fr': [10, 0] });
    const { rows } = await db.query(`SELECT warehouse_id, delta FROM inventory.stock_movements WHERE reason = 'reservation r returned' ORDER BY warehouse_id`);
    expect(rows).toEqual([{ warehouse_id: 'wh-de-1', delta: 1 }, { warehouse_id: 'wh-de-2', delta: 3 }]);
    expect(await releaseReservation(db, 'r')).toMatchObject({ status: 'returned' });
    await reserveStock(db, { id: 'h', destinationCountry: 'DE', lines: [{ productId: 'p-1', quantity: 1 }] });
    expect(await returnReservation(db, 'h')).toMatchObject({ status: 'held' });
    await expect(returnReservation(db, 'nope')).rejects.toMatchObject({ extensions: { code: 'RESERVATION_NOT_FOUND' } });
  });

  it('sweeps expired reservations only, after which they cannot be committed', async () => {
    await reserveStock(db, { id: 'old', lines: [{ productId: 'p-2', quantity: 2 }] });
    await reserveStock(db, { id: 'new', lines: [{ productId: 'p-2', quantity: 1 }] });
    await db.query(`UPDATE inventory.reservations SET expires_at = now() - interval '1 second' WHERE id = 'old'`);
    expect(await releaseExpiredReservations(db)).toEqual(['old']);
    expect(await releaseExpiredReservations(db)).toEqual([]);
    expect((await stockOf(db))['p-2']).toEqual({ 'wh-fr': [4, 1] });
    await expect(commitReservation(db, 'old')).rejects.toMatchObject({ extensions: { code: 'CONFLICT', status: 'expired' } });
    expect(await commitReservation(db, 'new')).toMatchObject({ status: 'committed' });
  });

  it('runs the sweeper in the background until stopped', async () => {
    await reserveStock(db, { id: 'bg', lines: [{ productId: 'p-2', quantity: 4 }] });
    await db.query(`UPDATE inventory.reservations SET expires_at = now() - interval '1 second' WHERE id = 'bg'`);
    const released: string[] = [];
    const sweeper = startReservationSweeper(db, { intervalMs: 20, onReleased: (ids) => released.push(...ids) });
    const deadline = Date.now() + 5_000;
    while (released.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    await sweeper.stop();
    expect(released).toEqual(['bg']);
    expect((await stockOf(db))['p-2']).toEqual({ 'wh-fr': [4, 0] });
  });

  it('refuses bad input with BAD_USER_INPUT and writes nothing', async () => {
    const bad = [
      { id: '', lines: [{ productId: 'p-1', quantity: 1 }] },
      { id: 'x', lines: [] },
      { id: 'x', lines: [{ productId: 'p-1', quantity: 0 }] },
      { id: 'x', lines: [{ productId: 'p-1', quantity: 1e9 }] },
      { id: 'x', lines: [{ productId: 'p-1', quantity: 1.5 }] },
      { id: 'x', lines: [{ productId: 'nope', quantity: 1 }] },
      { id: 'x', lines: [{ productId: 'p-1', quantity: 1 }, { productId: 'p-1', quantity: 1 }] },
      { id: 'x', lines: [{ productId: 'p-1', quantity: 1 }], destinationCountry: 'XX' },
      { id: 'x', lines: [{ productId: 'p-1', quantity: 1 }], ttlMs: 10 },
    ];
    for (const input of bad) await expect(reserveStock(db, input)).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(await count(db, 'SELECT count(*)::int AS n FROM inventory.reservations')).toBe(0);
  });

  it('never oversells: 200 concurrent buyers for the last 50 units get exactly 50 units', async () => {
    await stockUp(db, { 'p-7': { 'wh-de-1': 30, 'wh-fr': 20 }, 'p-8': { 'wh-fr': 1000 } });
    // Half the buyers also take a unit of another product, so locks span several rows.
    const outcomes = await Promise.allSettled(Array.from({ length: 200 }, (_, i) => reserveStock(db, {
      id: `race-${i}`, destinationCountry: i % 2 ? 'FR' : 'DE',
      lines: i % 2 ? [{ productId: 'p-8', quantity: 1 }, { productId: 'p-7', quantity: 1 }] : [{ productId: 'p-7', quantity: 1 }],
    })));
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(won).toHaveLength(50);
    expect(lost.every((o) => (o.reason as { extensions?: { code?: string } }).extensions?.code === 'OUT_OF_STOCK')).toBe(true);
    const stock = await stockOf(db);
    expect(stock['p-7']).toEqual({ 'wh-de-1': [30, 30], 'wh-fr': [20, 20] });
    const heldP8 = await count(db, `SELECT coalesce(sum(a.quantity), 0)::int AS n FROM inventory.reservation_allocations a WHERE a.product_id = 'p-8'`);
    expect(stock['p-8']!['wh-fr']![1]).toBe(heldP8);
    // Releasing and re-reserving at once keeps reserved equal to what is held.
    const winners = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [`race-${i}`] : []));
    await Promise.all([
      ...winners.slice(0, 20).map((id) => releaseReservation(db, id)),
      ...Array.from({ length: 40 }, (_, i) => reserveStock(db, { id: `again-${i}`, lines: [{ productId: 'p-7', quantity: 1 }] }).catch(() => undefined)),
    ]);
    const held = await count(db, `SELECT coalesce(sum(a.quantity), 0)::int AS n FROM inventory.reservation_allocations a
      JOIN inventory.reservations r ON r.id = a.reservation_id WHERE r.status = 'held' AND a.product_id = 'p-7'`);
    const reserved = await count(db, `SELECT sum(reserved)::int AS n FROM inventory.stock WHERE product_id = 'p-7'`);
    expect(reserved).toBe(held);
    expect(reserved).toBeLessThanOrEqual(50);
  });
});
