import type { Queryable } from '../db/index.js';
import type { AnyEvent, EventType } from '../events/index.js';

/** One event to store and where it was read: its stream entry id (`<ms>-<seq>`), the stream's order. */
export interface EventToStore {
  readonly event: AnyEvent;
  readonly streamId: string;
}

/**
 * Appends `events` to `event_store.events` in one multi-row INSERT, skipping those stored
 * already (same id and time: a redelivery). The batch goes as one JSON array of rows that
 * PostgreSQL unpacks (`jsonb_array_elements`): cheaper to build and to send than nine
 * PostgreSQL array literals, whose every JSON value the driver would escape again
 * (20–30% per batch, bench/RESULTS.md "Event store").
 * @returns how many were new, per type
 */
export async function appendEvents(db: Queryable, events: readonly EventToStore[]): Promise<Map<EventType, number>> {
  if (events.length === 0) return new Map();
  const rows = events.map(({ event, streamId }) => {
    const dash = streamId.indexOf('-');
    return [event.time, streamId.slice(0, dash), streamId.slice(dash + 1), event.id, event.type, event.source, event.subject, event.actor ?? null, event.data];
  });
  const { rows: added } = await db.query<{ type: EventType; n: number }>(
    `WITH added AS (
       INSERT INTO event_store.events (time, stream_ms, stream_seq, id, type, source, subject, actor, data)
       SELECT (r->>0)::timestamptz, (r->>1)::bigint, (r->>2)::bigint, r->>3, r->>4, r->>5, r->>6, r->>7, r->8
       FROM jsonb_array_elements($1::jsonb) AS r
       ON CONFLICT (id, time) DO NOTHING
       RETURNING type)
     SELECT type, count(*)::int AS n FROM added GROUP BY type`, [JSON.stringify(rows)]);
  return new Map(added.map(({ type, n }) => [type, n]));
}
