import { hostname } from 'node:os';
import { migrate, readMigrations, type Db } from '../db/index.js';
import { EVENT_TYPES, startDurableConsumer, type EventLog } from '../events/index.js';
import type { Logger } from '../logging/index.js';
import type { Metrics } from '../metrics/index.js';
import { fromRoot } from '../paths.js';
import { appendEvents } from './appendEvents.js';
import { createPartitionKeeper, type PartitionKeeper } from './partitions.js';

/** Consumer group of every event-store consumer: each event is stored once per deployment. */
export const EVENT_STORE_GROUP = 'event-store';

/** Applies the event store's pending migrations (`lib/eventStore/migrations/`, scope `event_store`). */
export async function migrateEventStore(db: Db): Promise<string[]> {
  return migrate(db, 'event_store', await readMigrations(fromRoot('lib', 'eventStore', 'migrations')));
}

/** Options for {@link startEventStore}. */
export interface EventStoreOptions {
  readonly db: Db;
  readonly log: EventLog;
  readonly logger: Logger;
  /** Where `event_store_appended_total{type}` and `event_store_lag_seconds` are reported. */
  readonly metrics?: Metrics;
  /** Months kept before the current one (`EVENT_STORE_RETENTION_MONTHS`); 0 keeps everything. @default 0 */
  readonly retentionMonths?: number;
  /** Most entries per stream and read, i.e. rows per INSERT up to one per type. @default 1000 */
  readonly batchSize?: number;
  /**
   * Consumers of the group in this process, each inserting its own reads: two INSERTs in flight
   * keep PostgreSQL busy while the other batch is read and parsed. @default 2 on PostgreSQL, 1 on PGlite (one connection)
   */
  readonly consumers?: number;
  /** How often partitions are created ahead and detached by the retention, in ms. @default 1 h */
  readonly maintenanceIntervalMs?: number;
  /** The clock of the partition keeper (tests). */
  readonly now?: () => Date;
}

/** A running event-store consumer. */
export interface EventStore {
  readonly partitions: PartitionKeeper;
  /** Events stored by this consumer (new ones, not redeliveries), since it started. */
  appended(): number;
  stop(): Promise<void>;
}

/**
 * Appends every change event (every type of `EVENT_TYPES`) to `event_store.events`: a durable
 * consumer (group {@link EVENT_STORE_GROUP}, from the oldest entry the streams still hold when the
 * group is new) whose each read becomes one multi-row INSERT … ON CONFLICT DO NOTHING. Migrates the
 * schema, creates the partitions of this month and the next two at start and every
 * `maintenanceIntervalMs` (detaching those older than the retention), and the partitions of any
 * month a batch holds before inserting it.
 */
export async function startEventStore(options: EventStoreOptions): Promise<EventStore> {
  const { db, logger } = options;
  await migrateEventStore(db);
  const partitions = createPartitionKeeper({ db, retentionMonths: options.retentionMonths, now: options.now });
  const maintain = () => partitions.maintain().then(
    ({ created, detached }) => { if (created.length + detached.length > 0) logger.info({ created, detached }, 'event store partitions'); },
    (err: Error) => logger.warn({ err }, 'event store partitions'),
  );
  await maintain();
  const timer = setInterval(maintain, options.maintenanceIntervalMs ?? 3600_000);
  timer.unref();

  const appendedTotal = options.metrics?.counter('event_store_appended_total', 'Events appended to the event store (redeliveries not counted)', ['type']);
  const lag = options.metrics?.gauge('event_store_lag_seconds', 'Age of the oldest event of the last batch the event store appended, when it was stored');
  let appended = 0;
  const consumers = await Promise.all(Array.from({ length: options.consumers ?? (db.kind === 'pg' ? 2 : 1) }, (_, i) => startDurableConsumer({
    log: options.log,
    group: EVENT_STORE_GROUP,
    consumer: `event-store-${hostname()}-${process.pid}-${i + 1}`,
    types: EVENT_TYPES,
    startFrom: '0',
    dedupe: false, // a redelivered event conflicts on (id, time) and is skipped by the INSERT itself
    readAhead: true,
    batchSize: options.batchSize ?? 1000,
    handleBatch: async (batch) => {
      await partitions.ensureFor(batch.map(({ event }) => event.time)).catch((err: Error) => logger.warn({ err }, 'event store partitions'));
      const stored = batch.map(({ event, meta }) => ({ event, streamId: meta.streamId }));
      for (const [type, n] of await appendEvents(db, stored)) {
        appended += n;
        appendedTotal?.inc({ type }, n);
      }
      lag?.set(Math.max(0, (Date.now() - Math.min(...batch.map(({ event }) => Date.parse(event.time)))) / 1000));
    },
    onError: (err, context) => logger.warn({ err, ...context }, 'event store'),
  })));
  return {
    partitions,
    appended: () => appended,
    async stop() {
      clearInterval(timer);
      await Promise.all(consumers.map((c) => c.stop()));
    },
  };
}
