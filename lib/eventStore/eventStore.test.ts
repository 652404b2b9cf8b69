import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { samplePriceChanged, waitFor } from '../../test/helpers/events.js';
import { deleteKeys, randomPrefix, testRedisUrl } from '../../test/helpers/redis.js';
import { openTestDb, type DbKind } from '../../test/helpers/testDb.js';
import type { Db } from '../db/index.js';
import { createInProcessEventLog, createRedisEventLog, streamOf, type AnyEvent, type EventLog } from '../events/index.js';
import { createLogger } from '../logging/index.js';
import { createMetrics } from '../metrics/index.js';
import { appendEvents } from './appendEvents.js';
import { createEventStoreReader } from './eventStoreReader.js';
import { createPartitionKeeper, monthOf, partitionName } from './partitions.js';
import { migrateEventStore, startEventStore } from './startEventStore.js';

const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'silent', service: 'test' });

/** A price_changed event of `subject` at `time`. */
const priceAt = (subject: string, time: string, listAmount = 1999): AnyEvent => ({ ...samplePriceChanged(subject, listAmount), time });
const stockAt = (subject: string, time: string): AnyEvent => ({
  specversion: '1.0', id: randomUUID(), source: '/commerce/inventory', type: 'commerce.inventory.stock_changed.v1',
  subject, time, datacontenttype: 'application/json',
  data: { productId: subject, warehouseId: 'wh-1', before: null, after: { onHand: 5, reserved: 0, version: 1 } },
});
const count = async (db: Db, where = 'true') =>
  (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM event_store.events WHERE ${where}`)).rows[0]!.n;

describe.each(['pglite', 'pg'] as const)('event store on %s', (kind: DbKind) => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb(kind);
    await migrateEventStore(db);
    await createPartitionKeeper({ db }).maintain();
  });
  afterAll(async () => {
    await db?.close();
  });

  it('stores a redelivered event once, in a later batch or twice in one', async () => {
    const event = priceAt('p-dup', '2026-12-03T10:00:00.000Z');
    expect(await appendEvents(db, [{ event, streamId: '100-0' }, { event, streamId: '100-1' }])).toEqual(new Map([[event.type, 1]]));
    expect(await appendEvents(db, [{ event, streamId: '200-0' }])).toEqual(new Map());
    expect(await count(db, "subject = 'p-dup'")).toBe(1);
  });

  it('returns the events of a subject in stream order, by type and time range', async () => {
    const reader = createEventStoreReader(db);
    const first = priceAt('p-ord', '2026-12-01T08:00:00.000Z', 100);
    const second = stockAt('p-ord', '2026-12-01T09:00:00.000Z');
    const third = priceAt('p-ord', '2026-12-01T10:00:00.000Z', 300);
    // The stream's order, not the insert order: the batch arrives shuffled.
    await appendEvents(db, [
      { event: third, streamId: '1700000000300-0' }, { event: first, streamId: '1700000000100-0' },
      { event: second, streamId: '1700000000100-1' }, { event: priceAt('p-other', first.time), streamId: '1700000000100-2' },
    ]);
    const all = await reader.eventsOf({ subject: 'p-ord' });
    expect(all.map((s) => s.event)).toEqual([first, second, third]);
    expect(all.map((s) => [s.streamId, s.actor])).toEqual([['1700000000100-0', null], ['1700000000100-1', null], ['1700000000300-0', null]]);
    expect((await reader.eventsOf({ subject: 'p-ord', types: ['commerce.pricing.price_changed.v1'] })).map((s) => s.event.id)).toEqual([first.id, third.id]);
    expect((await reader.eventsOf({ subject: 'p-ord', from: new Date(second.time), to: new Date(third.time) })).map((s) => s.event.id))
      .toEqual([second.id, third.id]);
    // The price as of 09:30: the newest price event up to then.
    const asOf = await reader.eventsOf({ subject: 'p-ord', types: ['commerce.pricing.price_changed.v1'], to: new Date('2026-12-01T09:30:00Z'), order: 'desc', limit: 1 });
    expect(asOf.map((s) => s.event.id)).toEqual([first.id]);
  });

  it('refuses to update or delete an event', async () => {
    await appendEvents(db, [{ event: priceAt('p-keep', '2026-12-02T00:00:00.000Z'), streamId: '1-0' }]);
    await expect(db.query("UPDATE event_store.events SET subject = 'x' WHERE subject = 'p-keep'")).rejects.toThrow(/append-only/);
    await expect(db.query("DELETE FROM event_store.events WHERE subject = 'p-keep'")).rejects.toThrow(/append-only/);
    await expect(db.exec('TRUNCATE event_store.events')).rejects.toThrow(/append-only/);
    expect(await count(db, "subject = 'p-keep'")).toBe(1);
  });

  it('creates this month and two ahead, partitions for what arrives, and detaches what the retention no longer keeps', async () => {
    const now = () => new Date('2031-06-15T12:00:00Z');
    const keeper = createPartitionKeeper({ db, retentionMonths: 3, now });
    const june = monthOf(now());
    const { created } = await keeper.maintain();
    expect(created).toEqual([june, june + 1, june + 2]);
    // A backfill of February to April 2031: March and April are kept (3 months before June), February is too old.
    const old = ['2031-02-10T00:00:00.000Z', '2031-03-10T00:00:00.000Z', '2031-04-10T00:00:00.000Z'];
    const [february, march, april] = old.map(monthOf) as [number, number, number];
    expect(await keeper.ensureFor(old)).toEqual([march, april]);
    await appendEvents(db, old.map((time, i) => ({ event: priceAt('p-old', time), streamId: `${i + 1}-0` })));
    expect(await count(db, "subject = 'p-old'")).toBe(3); // February in the default partition: nothing rejected
    expect(await keeper.attached()).not.toContain(february);

    // Four months later the retention (3 months before October) keeps July on.
    const later = createPartitionKeeper({ db, retentionMonths: 3, now: () => new Date('2031-10-01T00:00:00Z') });
    const { detached } = await later.maintain();
    expect(detached).toEqual(expect.arrayContaining([march, april, june]));
    expect(detached).not.toContain(june + 1);
    const attached = await later.attached();
    expect(attached).toEqual(expect.arrayContaining([june + 1, june + 2, june + 4, june + 6]));
    expect(attached).not.toContain(june);
    expect(await count(db, "subject = 'p-old'")).toBe(1); // March and April left with their partitions; the default keeps its rows
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM event_store.${partitionName(april)}`);
    expect(rows[0]!.n).toBe(1); // detached, not dropped
  });

  it('leaves a month whose events already wait in the default partition there, and does not retry it on the append path', async () => {
    const keeper = createPartitionKeeper({ db, now: () => new Date('2040-01-15T00:00:00Z') });
    const event = priceAt('p-late', '2045-03-01T00:00:00.000Z');
    await appendEvents(db, [{ event, streamId: '9-0' }]); // no partition for March 2045 yet: the default takes it
    await expect(keeper.ensureFor([event.time])).rejects.toThrow(/events_2045_03/);
    expect(await keeper.ensureFor([event.time])).toEqual([]);
    await expect(keeper.maintain()).rejects.toThrow(/events_2045_03/); // maintenance tries again, and says so
    expect(await keeper.attached()).not.toContain(monthOf(event.time));
    expect((await createEventStoreReader(db).eventsOf({ subject: 'p-late' })).map((s) => s.event.id)).toEqual([event.id]);
  });
});

describe.each([
  ['PGlite and the in-process log', 'pglite'],
  ['PostgreSQL and Redis', 'pg'],
] as const)('the event-store consumer on %s', (_, kind) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanup.length) await cleanup.pop()!();
  });

  it('appends every type from the streams, a relay duplicate once, in batches', async () => {
    const db = await openTestDb(kind);
    cleanup.push(() => db.close());
    let log: EventLog;
    if (kind === 'pg') {
      const keyPrefix = randomPrefix();
      log = createRedisEventLog({ url: testRedisUrl(), keyPrefix });
      cleanup.push(async () => { await log.close(); await deleteKeys(testRedisUrl(), keyPrefix); });
    } else {
      log = createInProcessEventLog();
      cleanup.push(() => log.close());
    }
    const anHourAgo = new Date(Date.now() - 3600_000).toISOString();
    const events = Array.from({ length: 50 }, (_, i) => (i % 2 ? priceAt(`p-${i % 5}`, anHourAgo) : stockAt(`p-${i % 5}`, anHourAgo)));
    const entries = [...events, events[0]!].map((event) => ({ stream: streamOf(event.type), fields: { id: event.id, event: JSON.stringify(event) } }));
    await log.append(entries); // before the consumer starts: a new group reads what the streams hold
    const metrics = createMetrics({ service: 'test', processMetrics: false });
    const store = await startEventStore({ db, log, logger, metrics });
    cleanup.push(() => store.stop());
    await waitFor(async () => (await count(db)) === 50, 10_000, '50 stored events');
    expect(store.appended()).toBe(50);
    const appended = await metrics.registry.getSingleMetric('event_store_appended_total')!.get();
    expect(Object.fromEntries(appended.values.map((v) => [v.labels.type, v.value]))).toEqual({
      'commerce.pricing.price_changed.v1': 25, 'commerce.inventory.stock_changed.v1': 25,
    });
    const lag = (await metrics.registry.getSingleMetric('event_store_lag_seconds')!.get()).values[0]!.value;
    expect(lag).toBeGreaterThanOrEqual(3600); // the events were an hour old when stored
    // In each type's stream order (Redis numbers each stream on its own: across types, order is by the millisecond).
    for (const type of ['commerce.pricing.price_changed.v1', 'commerce.inventory.stock_changed.v1'] as const) {
      const stored = await createEventStoreReader(db).eventsOf({ subject: 'p-1', types: [type] });
      expect(stored.map((s) => s.event.id)).toEqual(events.filter((e) => e.subject === 'p-1' && e.type === type).map((e) => e.id));
      expect(stored.length).toBeGreaterThan(0);
    }
  });
});
