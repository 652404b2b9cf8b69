import type { Metrics } from '../metrics/index.js';
import { STORE_SUBGRAPH_NAMES, type StoreSubgraphName } from '../config/index.js';
import type { Db } from '../db/index.js';
import type { EventLog } from './EventLog.js';
import { outboxEventSql } from './outboxRow.js';
import { OUTBOX_CHANNEL } from './streams.js';
import { deadLetterEntry, eventEntry, type EntryFields } from './streamEntry.js';
import { validateEventJson } from './validateEvent.js';

/** The schemas with an outbox table (`<schema>.outbox`, see subgraphs/<name>/migrations/002_outbox.sql): the store subgraphs'. */
export const OUTBOX_SCHEMAS = STORE_SUBGRAPH_NAMES;
export type OutboxSchema = StoreSubgraphName;

/** Batches (transactions) of one relay in flight at once: one claiming while others wait for Redis or commit. */
const MAX_IN_FLIGHT = 2;

/** One claimed batch, for {@link OutboxRelayOptions.afterPublish}: how many of its rows went to their streams, how many to the dead letters. */
export interface RelayBatch {
  readonly schema: OutboxSchema;
  readonly published: number;
  readonly deadLettered: number;
}

/** Options for {@link startOutboxRelay}. */
export interface OutboxRelayOptions {
  readonly db: Db;
  /** Where the events are appended: the one path every reader (durable consumers, live subscribers) follows. */
  readonly log: EventLog;
  /** @default all three */
  readonly schemas?: readonly OutboxSchema[];
  /** Outbox rows claimed per transaction. @default 1000 */
  readonly batchSize?: number;
  /** Poll interval when no NOTIFY arrives (the fallback; also the retry delay after a failure), in ms. @default 1000 */
  readonly pollIntervalMs?: number;
  /** Told about failed batches (rolled back and retried) and dead-lettered events. */
  readonly onError?: (error: Error, context: { readonly schema?: OutboxSchema }) => void;
  /** Where `events_relayed_total` and `outbox_lag_seconds` (age of the oldest unpublished row) are reported. */
  readonly metrics?: Metrics;
  /** Runs after a batch is appended, before its rows are marked (deleted); a throw rolls the batch back. Fault tests only. */
  readonly afterPublish?: (batch: RelayBatch) => void | Promise<void>;
}

/** A running relay. */
export interface OutboxRelay {
  /** Publishes until every outbox is empty; resolves with the number of rows published meanwhile (by any pass). */
  drain(): Promise<number>;
  /** Stops after the batch in hand. */
  stop(): Promise<void>;
}

/**
 * Moves committed outbox rows to Redis. Per schema and batch, in one transaction: claim up to
 * `batchSize` rows (`FOR UPDATE SKIP LOCKED`, so concurrent relays split the work and never
 * publish a row twice) as event text (a whole event, or one assembled from its parts by
 * {@link outboxEventSql}), validate each event, append them to their streams (`events:<type>`, one
 * script call; invalid ones to `events:dead-letter` with the reason), then delete the rows:
 * deletion is the "published" mark
 * and commits only after Redis accepted the batch. A relay killed before the commit leaves its
 * rows to the next claim: at-least-once, duplicates carry the same event id. Two batches overlap
 * (one claims while the other waits for Redis) and still reach the streams in outbox order; the
 * changes of one row are in commit order (row locks serialise them). Woken by NOTIFY on
 * `commerce_outbox`, polling every `pollIntervalMs` as the fallback and after a failure.
 */
export async function startOutboxRelay(options: OutboxRelayOptions): Promise<OutboxRelay> {
  const { db, log } = options;
  const schemas = options.schemas ?? OUTBOX_SCHEMAS;
  const batchSize = options.batchSize ?? 1000;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const onError = options.onError ?? (() => {});

  let relayed = 0; // rows published and marked, by any pass
  const relayedTotal = options.metrics?.counter('events_relayed_total', 'Outbox rows published to the event streams', ['schema']);
  if (options.metrics) reportOutboxLag(options.metrics, db, schemas);

  /**
   * One batch in its own transaction. `turn` orders batches that overlap: `claimed` fires once the
   * rows are claimed (so the next batch may claim the rows after them), and the batch sends its
   * Redis commands only after the previous batch sent its own (`after`), then fires `sent`:
   * streams keep outbox order while one batch's claim overlaps another's round trip to Redis.
   */
  const relayBatch = (schema: OutboxSchema, turn: { after: Promise<void>; claimed(n: number): void; sent(): void }): Promise<number> =>
    db.transaction(async (tx) => {
      // Losing this commit in a database crash only republishes the batch (at-least-once): skip the WAL flush wait.
      await tx.exec('SET LOCAL synchronous_commit = off');
      // The claimed rows are deleted by their tuple ids (a TID scan; they stay put while this statement holds
      // their locks), not looked up again in the seq index: about a fifth less of the claim's CPU in PostgreSQL.
      const { rows } = await tx.query<{ seq: string; event: string }>(
        `DELETE FROM ${schema}.outbox WHERE ctid = ANY(ARRAY(
           SELECT ctid FROM ${schema}.outbox ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED))
         RETURNING seq, ${outboxEventSql(schema)} AS event`, [batchSize]);
      turn.claimed(rows.length);
      if (rows.length === 0) return 0;
      rows.sort((a, b) => Number(a.seq) - Number(b.seq));
      const { published, entries } = toStreamEntries(schema, rows, onError);
      await turn.after;
      const appended = log.append(entries);
      turn.sent();
      await appended;
      await options.afterPublish?.({ schema, published, deadLettered: rows.length - published });
      return rows.length;
    }).then((n) => {
      relayed += n;
      relayedTotal?.inc({ schema }, n);
      return n;
    }).finally(() => {
      turn.claimed(0); // no-ops unless the batch failed before getting there
      turn.sent();
    });

  /** Every full batch of one schema, up to MAX_IN_FLIGHT transactions at once. */
  const drainSchema = async (schema: OutboxSchema): Promise<number> => {
    const inFlight: Promise<number>[] = [];
    let previousSent: Promise<void> = Promise.resolve();
    try {
      for (;;) {
        let claimed!: (n: number) => void;
        let sent!: () => void;
        const claimedRows = new Promise<number>((resolve) => (claimed = resolve));
        const sentCommands = new Promise<void>((resolve) => (sent = resolve));
        inFlight.push(relayBatch(schema, { after: previousSent, claimed, sent }));
        previousSent = sentCommands;
        const n = await claimedRows;
        if (n < batchSize || stopped) break;
        if (inFlight.length >= MAX_IN_FLIGHT) await inFlight[inFlight.length - MAX_IN_FLIGHT];
      }
    } finally {
      const results = await Promise.allSettled(inFlight);
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    }
    return inFlight.length;
  };

  let stopped = false;
  /** One pass over every schema, repeating a schema while its batches come back full. */
  const pass = async (): Promise<number> => {
    const before = relayed;
    for (const schema of schemas) await drainSchema(schema);
    return relayed - before;
  };
  let running: Promise<number> = Promise.resolve(0);
  const serial = () => (running = running.catch(() => 0).then(pass));
  const loop = await runWhenNotified(db, { pollIntervalMs, onError, stopped: () => stopped }, serial);

  return {
    async drain() {
      const before = relayed;
      while ((await serial()) > 0);
      return relayed - before;
    },
    async stop() {
      stopped = true;
      await loop.stop();
      await running.catch(() => 0);
    },
  };
}

/**
 * Validates claimed rows into stream entries: valid events to `events:<type>` as the text they
 * came in, the rest to the dead-letter stream with the reason. The parsed events are not kept:
 * only the text waits for Redis, so a batch leaves less for the garbage collector to copy.
 */
function toStreamEntries(schema: OutboxSchema, rows: readonly { seq: string; event: string }[], onError: NonNullable<OutboxRelayOptions['onError']>) {
  let published = 0;
  const entries: { stream: string; fields: EntryFields }[] = [];
  for (const row of rows) {
    const json = row.event;
    const validation = validateEventJson(json);
    if (validation.ok) {
      published++;
      entries.push(eventEntry(validation.event, json));
    } else {
      entries.push(deadLetterEntry(`invalid event: ${validation.reason}`, { source: `${schema}.outbox` }, json));
      onError(new Error(`dead-lettered outbox row ${schema}.outbox#${row.seq}: ${validation.reason}`), { schema });
    }
  }
  return { published, entries };
}

/** `outbox_lag_seconds{schema}`: the age of the oldest unpublished row, read when metrics are scraped. */
function reportOutboxLag(metrics: Metrics, db: Db, schemas: readonly OutboxSchema[]): void {
  const lag = metrics.gauge('outbox_lag_seconds', 'Age of the oldest unpublished outbox row (0 when empty)', ['schema']);
  metrics.onCollect(async () => {
    for (const schema of schemas) {
      const { rows } = await db.query<{ age: number | null }>(`SELECT extract(epoch FROM now() - min(created_at))::float8 AS age FROM ${schema}.outbox`);
      lag.set({ schema }, Math.max(0, rows[0]?.age ?? 0));
    }
  });
}

/**
 * Runs `work` until stopped: again at once when NOTIFY on the outbox channel arrived meanwhile,
 * else after `pollIntervalMs` (the fallback, and the retry delay after a failure).
 */
async function runWhenNotified(
  db: Db,
  options: { readonly pollIntervalMs: number; readonly onError: NonNullable<OutboxRelayOptions['onError']>; readonly stopped: () => boolean },
  work: () => Promise<unknown>,
): Promise<{ stop(): Promise<void> }> {
  const { pollIntervalMs, onError, stopped } = options;
  let notified = false;
  let wake: (() => void) | undefined;
  const unlisten = await db.listen?.(OUTBOX_CHANNEL, () => {
    notified = true;
    wake?.();
  }).catch((error: Error) => {
    onError(error, {});
    return undefined; // polling still works
  });
  /** Waits `ms`, or less when woken (unless `failed`: a NOTIFY must not turn retries into a busy loop). */
  const idle = (ms: number, failed: boolean) => new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    wake = () => {
      if (failed && !stopped()) return;
      clearTimeout(timer);
      resolve();
    };
    if (stopped() || (notified && !failed)) wake();
  });

  const loop = (async () => {
    while (!stopped()) {
      notified = false;
      let failed = false;
      try {
        await work();
      } catch (error) {
        failed = true;
        onError(error as Error, {});
      }
      if (!stopped()) await idle(pollIntervalMs, failed);
    }
  })();

  return {
    async stop() {
      wake?.();
      await loop;
      await unlisten?.();
    },
  };
}
