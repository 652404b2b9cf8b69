import { STORE_SUBGRAPH_NAMES } from '../config/index.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPgDb, type Db } from '../db/index.js';
import { migrateSubgraph } from '../subgraph/index.js';
import { seedSampleStore } from '../../stack/sampleStore.js';
import { waitFor } from '../../test/helpers/events.js';
import { deleteKeys, randomPrefix, testRedisUrl } from '../../test/helpers/redis.js';
import { createTestDatabase, openTestDb, type DbKind } from '../../test/helpers/testDb.js';
import type { AnyEvent, CloudEvent, EventType, Events } from './CloudEvent.js';
import type { EventBus } from './EventBus.js';
import type { EventLog } from './EventLog.js';
import { createInProcessEventLog } from './inProcessEventLog.js';
import { startOutboxRelay, type OutboxRelay, type OutboxRelayOptions } from './outboxRelay.js';
import { createRedisEventLog } from './redisEventLog.js';
import { createStreamEventBus } from './streamEventBus.js';
import { DEAD_LETTER_STREAM, streamOf } from './streams.js';

const PRICE = 'commerce.pricing.price_changed.v1' as const;
const STOCK = 'commerce.inventory.stock_changed.v1' as const;
const PRODUCT = 'commerce.catalog.product_changed.v1' as const;

/** A seeded store (no events from seeding). */
async function seededStore(kind: DbKind): Promise<Db> {
  const db = await openTestDb(kind);
  for (const name of STORE_SUBGRAPH_NAMES) await migrateSubgraph(db, name);
  await seedSampleStore(db, { products: 20 });
  return db;
}

/** An empty outbox on `db`, a fresh log, and everything a live follower of it (the bus) delivered. */
async function setup(kind: DbKind, db: Db, cleanup: (() => Promise<void>)[]) {
  await db.exec('DELETE FROM catalog.outbox; DELETE FROM pricing.outbox; DELETE FROM inventory.outbox');
  let log: EventLog;
  if (kind === 'pg') {
    const url = testRedisUrl();
    const keyPrefix = randomPrefix();
    log = createRedisEventLog({ url, keyPrefix });
    cleanup.push(async () => { await log.close(); await deleteKeys(url, keyPrefix); });
  } else {
    log = createInProcessEventLog();
  }
  const bus: EventBus = createStreamEventBus({ log, blockMs: 100 });
  cleanup.push(() => bus.close());
  const live: AnyEvent[] = [];
  for (const type of [PRICE, STOCK, PRODUCT]) await bus.subscribe(type, (e) => void live.push(e as AnyEvent));
  const relays: OutboxRelay[] = [];
  const relay = async (options: Partial<OutboxRelayOptions> = {}) => {
    const started = await startOutboxRelay({ db, log, pollIntervalMs: 60_000, ...options });
    relays.push(started);
    return started;
  };
  cleanup.push(async () => { for (const r of relays) await r.stop(); });
  const stream = async <K extends EventType>(type: K) =>
    (await log.range(streamOf(type), '0', 100_000)).map((e) => JSON.parse(e.fields.data!) as CloudEvent<K, Events[K]>);
  return { db, log, bus, live, relay, stream };
}

describe.each(['pglite', 'pg'] as const)('outbox and relay on %s', (kind) => {
  const cleanup: (() => Promise<void>)[] = [];
  let store: Db;
  beforeAll(async () => {
    store = await seededStore(kind);
  });
  afterAll(async () => {
    await store?.close();
  });
  afterEach(async () => {
    while (cleanup.length) await cleanup.pop()!();
  });

  it('turns a plain SQL price update into exactly one event on the stream and the bus, woken by NOTIFY', async () => {
    const { db, live, relay, stream } = await setup(kind, store, cleanup);
    await relay(); // polls once a minute: only NOTIFY can wake it in time
    const { rows: [before] } = await db.query<{ list_amount: number; version: number }>(
      "SELECT list_amount, version FROM pricing.prices WHERE product_id = 'p-4' AND currency = 'EUR'");
    await db.query("UPDATE pricing.prices SET list_amount = 777 WHERE product_id = 'p-4' AND currency = 'EUR'");
    await waitFor(() => live.length === 1, 5000, 'the live event');
    const [event] = await stream(PRICE);
    expect(await stream(PRICE)).toHaveLength(1);
    expect(live[0]).toEqual(event);
    expect(event).toMatchObject({
      specversion: '1.0', source: '/commerce/pricing', type: PRICE, subject: 'p-4', datacontenttype: 'application/json',
      data: { productId: 'p-4', currency: 'EUR', before: { listAmount: before!.list_amount, version: before!.version }, after: { listAmount: 777 } },
    });
    expect(event!.id).toMatch(/^[0-9a-f-]{36}$/);
    // Published, then marked: the row goes when the relay's transaction commits.
    await waitFor(async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM pricing.outbox')).rows[0]!.n === 0, 3000, 'the mark');
  });

  it('writes no event for an update that changes nothing, nor for a suppressed bulk load, nor for a rolled-back write', async () => {
    const { db, relay, stream } = await setup(kind, store, cleanup);
    const r = await relay();
    await db.query("UPDATE pricing.prices SET list_amount = list_amount, version = version + 1 WHERE product_id = 'p-1'");
    await db.query("UPDATE catalog.products SET images = '[]' WHERE id = 'p-1'"); // not part of the product event
    await db.transaction(async (tx) => {
      await tx.exec("SET LOCAL commerce.suppress_events = 'on'");
      await tx.query("UPDATE inventory.stock SET on_hand = on_hand + 1 WHERE product_id = 'p-1'");
    });
    await expect(db.transaction(async (tx) => {
      await tx.query("UPDATE pricing.prices SET list_amount = 5 WHERE product_id = 'p-2'");
      throw new Error('abort');
    })).rejects.toThrow('abort');
    await db.query("UPDATE inventory.stock SET on_hand = on_hand + 1 WHERE product_id = 'p-2' AND warehouse_id = 'wh-berlin'");
    await r.drain();
    expect(await stream(PRICE)).toEqual([]);
    expect(await stream(PRODUCT)).toEqual([]);
    expect((await stream(STOCK)).map((e) => [e.subject, e.data.warehouseId])).toEqual([['p-2', 'wh-berlin']]);
  });

  it('emits stock and product events for inserts, updates and deletes with before/after', async () => {
    const { db, relay, stream } = await setup(kind, store, cleanup);
    const r = await relay();
    await db.query("UPDATE catalog.products SET name = 'Renamed', attributes = '[{\"name\":\"colour\",\"value\":\"teal\"}]' WHERE id = 'p-5'");
    await db.query("INSERT INTO inventory.stock (product_id, warehouse_id, on_hand) VALUES ('p-999', 'wh-newark', 3)");
    await db.query("DELETE FROM inventory.stock WHERE product_id = 'p-999'");
    await r.drain();
    const [product] = await stream(PRODUCT);
    expect(product!.data.after).toMatchObject({ name: 'Renamed', attributes: [{ name: 'colour', value: 'teal' }], version: 1 });
    expect(product!.data.before!.name).not.toBe('Renamed');
    expect((await stream(STOCK)).map((e) => [e.data.before, e.data.after])).toEqual([
      [null, { onHand: 3, reserved: 0, version: 1 }],
      [{ onHand: 3, reserved: 0, version: 1 }, null],
    ]);
  });

  it('sends an invalid outbox event to the dead-letter stream with the reason, and the rest on', async () => {
    const { db, log, live, relay, stream } = await setup(kind, store, cleanup);
    const r = await relay();
    await db.query(`INSERT INTO pricing.outbox (event) VALUES ('{"specversion":"1.0","id":"poison","type":"commerce.pricing.price_changed.v1","source":"/commerce/pricing","subject":"p-1","time":"2026-01-01T00:00:00Z","datacontenttype":"application/json","data":{"productId":"p-1","currency":"EUR","before":null,"after":{"listAmount":-5,"saleAmount":null,"saleValidFrom":null,"saleValidTo":null,"version":1}}}')`);
    await db.query("UPDATE pricing.prices SET list_amount = 4242 WHERE product_id = 'p-1' AND currency = 'USD'");
    await r.drain();
    const letters = await log.range(DEAD_LETTER_STREAM, '0', 10);
    expect(letters).toHaveLength(1);
    expect(letters[0]!.fields).toMatchObject({ source: 'pricing.outbox', reason: expect.stringMatching(/invalid event: data\.after\.listAmount/) });
    expect(JSON.parse(letters[0]!.fields.data!).id).toBe('poison');
    expect((await stream(PRICE)).map((e) => e.data.after?.listAmount)).toEqual([4242]);
    await waitFor(() => live.length === 1, 3000, 'the valid event');
    expect(live.map((e) => e.id)).not.toContain('poison');
  });

  it('falls back to polling when the store cannot LISTEN', async () => {
    const { db, live, relay } = await setup(kind, store, cleanup);
    const { listen: _, ...withoutListen } = db;
    await relay({ db: withoutListen as Db, pollIntervalMs: 50 });
    await db.query("UPDATE inventory.stock SET reserved = 0, on_hand = on_hand + 2 WHERE product_id = 'p-3' AND warehouse_id = 'wh-rotterdam'");
    await waitFor(() => live.length === 1, 5000, 'a polled event');
    expect(live[0]).toMatchObject({ type: STOCK, subject: 'p-3' });
  });

  it('rolls a batch back when publishing fails, and publishes it on the next pass', async () => {
    const { db, relay, stream } = await setup(kind, store, cleanup);
    let fail = true;
    const errors: string[] = [];
    const r = await relay({
      onError: (e) => void errors.push(e.message),
      afterPublish: () => { if (fail) throw new Error('crash before mark'); },
    });
    await db.query("UPDATE pricing.prices SET list_amount = list_amount + 1 WHERE product_id = 'p-6'");
    await expect(r.drain()).rejects.toThrow('crash before mark');
    expect((await db.query("SELECT count(*)::int AS n FROM pricing.outbox")).rows[0]).toEqual({ n: 3 });
    fail = false;
    await r.drain();
    // At-least-once: each of the 3 events once per failed attempt (the woken loop's and drain's) plus once more.
    const events = await stream(PRICE);
    const copies = new Map<string, number>();
    for (const e of events) copies.set(e.id, (copies.get(e.id) ?? 0) + 1);
    expect(copies.size).toBe(3);
    expect([...copies.values()].every((n) => n >= 2 && n === copies.values().next().value)).toBe(true);
    expect(errors.filter((m) => m === 'crash before mark').length).toBe(events.length / 3 - 2);
    expect((await db.query("SELECT count(*)::int AS n FROM pricing.outbox")).rows[0]).toEqual({ n: 0 });
  });
});

describe('the relay on PostgreSQL', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanup.length) await cleanup.pop()!();
  });

  it('listens again after its LISTEN connection is killed', async () => {
    const db = await seededStore('pg');
    cleanup.push(() => db.close());
    const { live, relay } = await setup('pg', db, cleanup);
    await relay(); // polls once a minute
    const listener = async () => (await db.query<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN commerce_outbox'")).rows;
    const [before] = await listener();
    expect(before).toBeDefined();
    await db.query('SELECT pg_terminate_backend($1)', [before!.pid]);
    await waitFor(async () => (await listener()).some((r) => r.pid !== before!.pid), 10_000, 'a new LISTEN connection');
    await db.query("UPDATE pricing.prices SET list_amount = list_amount + 3 WHERE product_id = 'p-8' AND currency = 'EUR'");
    await waitFor(() => live.length === 1, 5000, 'an event woken by NOTIFY');
  });
});

describe('two relays on one PostgreSQL store', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanup.length) await cleanup.pop()!();
  });

  it('publish each event exactly once between them', async () => {
    const database = await createTestDatabase();
    const dbs = [createPgDb(database.url, { max: 3 }), createPgDb(database.url, { max: 3 })];
    cleanup.push(async () => { for (const d of dbs) await d.close(); await database.drop(); });
    for (const name of STORE_SUBGRAPH_NAMES) await migrateSubgraph(dbs[0]!, name);
    await seedSampleStore(dbs[0]!, { products: 500 });
    const url = testRedisUrl();
    const keyPrefix = randomPrefix();
    const log = createRedisEventLog({ url, keyPrefix });
    cleanup.push(async () => { await log.close(); await deleteKeys(url, keyPrefix); });
    const relays = await Promise.all(dbs.map((db) => startOutboxRelay({ db, log, batchSize: 50, pollIntervalMs: 20 })));
    cleanup.push(async () => { for (const r of relays) await r.stop(); });
    // 1,500 price events in 15 transactions while both relays run.
    for (let i = 0; i < 15; i++) {
      await dbs[0]!.query(`UPDATE pricing.prices SET list_amount = list_amount + 1 WHERE product_id IN (
        SELECT 'p-' || n FROM generate_series($1::int, $2::int) AS n)`, [i * 33 + 1, i * 33 + 33]);
    }
    await waitFor(async () => (await dbs[0]!.query<{ n: number }>('SELECT count(*)::int AS n FROM pricing.outbox')).rows[0]!.n === 0, 10_000, 'an empty outbox');
    await Promise.all(relays.map((r) => r.drain()));
    const entries = await log.range(streamOf(PRICE), '0', 10_000);
    const ids = entries.map((e) => e.fields.id);
    expect(ids).toHaveLength(15 * 33 * 3);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
