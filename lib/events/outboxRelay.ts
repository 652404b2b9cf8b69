import type { Db } from '../db/index.js';
import type { AnyEvent } from './CloudEvent.js';
import type { EventBus } from './EventBus.js';
import type { EventLog } from './EventLog.js';
import { DEAD_LETTER_STREAM, OUTBOX_CHANNEL, streamOf } from './streams.js';
import { validateEvent } from './validateEvent.js';

/** The schemas with an outbox table (`<schema>.outbox`, see subgraphs/<name>/migrations/002_outbox.sql). */
export const OUTBOX_SCHEMAS = ['catalog', 'pricing', 'inventory'] as const;
export type OutboxSchema = (typeof OUTBOX_SCHEMAS)[number];

/** One claimed batch, for {@link OutboxRelayOptions.afterPublish}. */
export interface RelayBatch {
  readonly schema: OutboxSchema;
  readonly events: readonly AnyEvent[];
  readonly deadLettered: number;
}

/** Options for {@link startOutboxRelay}. */
export interface OutboxRelayOptions {
  readonly db: Db;
  readonly log: EventLog;
  readonly bus: EventBus;
  /** @default all three */
  readonly schemas?: readonly OutboxSchema[];
  /** Outbox rows claimed per transaction. @default 1000 */
  readonly batchSize?: number;
  /** Poll interval when no NOTIFY arrives (the fallback; also the retry delay after a failure), in ms. @default 1000 */
  readonly pollIntervalMs?: number;
  /** Told about failed batches (rolled back and retried) and dead-lettered events. */
  readonly onError?: (error: Error, context: { readonly schema?: OutboxSchema }) => void;
  /** Runs after a batch is published, before its rows are marked (deleted); a throw rolls the batch back. Fault tests only. */
  readonly afterPublish?: (batch: RelayBatch) => void | Promise<void>;
}

/** A running relay. */
export interface OutboxRelay {
  /** Publishes until every outbox is empty; resolves with the number of events published. */
  drain(): Promise<number>;
  /** Stops after the batch in hand. */
  stop(): Promise<void>;
}

/**
 * Moves committed outbox rows to Redis. Per schema and batch, in one transaction: claim up to
 * `batchSize` rows (`FOR UPDATE SKIP LOCKED`, so concurrent relays split the work and never
 * publish a row twice), validate each event, append them to their streams (`events:<type>`,
 * one pipelined XADD round trip; invalid ones to `events:dead-letter` with the reason), publish
 * them on the bus, then delete the rows: deletion is the "published" mark and commits only after
 * Redis accepted the batch. A relay killed before the commit leaves its rows to the next claim:
 * at-least-once, duplicates carry the same event id. Woken by NOTIFY on `commerce_outbox`,
 * polling every `pollIntervalMs` as the fallback.
 */
export async function startOutboxRelay(options: OutboxRelayOptions): Promise<OutboxRelay> {
  const { db, log, bus } = options;
  const schemas = options.schemas ?? OUTBOX_SCHEMAS;
  const batchSize = options.batchSize ?? 1000;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const onError = options.onError ?? (() => {});

  const relayBatch = (schema: OutboxSchema): Promise<number> => db.transaction(async (tx) => {
    const { rows } = await tx.query<{ seq: string; event: string }>(
      `DELETE FROM ${schema}.outbox WHERE seq IN (
         SELECT seq FROM ${schema}.outbox ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING seq, event::text AS event`, [batchSize]);
    if (rows.length === 0) return 0;
    rows.sort((a, b) => Number(a.seq) - Number(b.seq));
    const events: AnyEvent[] = [];
    const entries: { stream: string; fields: Record<string, string> }[] = [];
    for (const row of rows) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(row.event);
      } catch {
        parsed = undefined;
      }
      const validation = validateEvent(parsed);
      if (validation.ok) {
        events.push(validation.event);
        entries.push({ stream: streamOf(validation.event.type), fields: { id: validation.event.id, event: row.event } });
      } else {
        entries.push({ stream: DEAD_LETTER_STREAM, fields: { reason: `invalid event: ${validation.reason}`, source: `${schema}.outbox`, event: row.event } });
        onError(new Error(`dead-lettered outbox row ${schema}.outbox#${row.seq}: ${validation.reason}`), { schema });
      }
    }
    await log.append(entries);
    await Promise.all(events.map((event) => bus.publish(event)));
    await options.afterPublish?.({ schema, events, deadLettered: rows.length - events.length });
    return rows.length;
  });

  let stopped = false;
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
      if (failed && !stopped) return;
      clearTimeout(timer);
      resolve();
    };
    if (stopped || (notified && !failed)) wake();
  });

  /** One pass over every schema, repeating a schema while its batches come back full. */
  const pass = async (): Promise<number> => {
    let total = 0;
    for (const schema of schemas) {
      for (;;) {
        const n = await relayBatch(schema);
        total += n;
        if (n < batchSize || stopped) break;
      }
    }
    return total;
  };

  let running: Promise<number> = Promise.resolve(0);
  const serial = () => (running = running.catch(() => 0).then(pass));
  const loop = (async () => {
    while (!stopped) {
      notified = false;
      let failed = false;
      try {
        await serial();
      } catch (error) {
        failed = true;
        onError(error as Error, {});
      }
      if (!stopped) await idle(pollIntervalMs, failed);
    }
  })();

  return {
    async drain() {
      let total = 0;
      for (;;) {
        const n = await serial();
        total += n;
        if (n === 0) return total;
      }
    },
    async stop() {
      stopped = true;
      wake?.();
      await loop;
      await running.catch(() => 0);
      await unlisten?.();
    },
  };
}
