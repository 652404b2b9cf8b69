import type { Queryable } from '../db/index.js';
import type { AnyEvent, EventType } from '../events/index.js';

/** One event to store and where it was read: its stream entry id (`<ms>-<seq>`), the stream's order. */
export interface EventToStore {
  readonly event: AnyEvent;
  readonly streamId: string;
}

/**
 * Appends `events` to `event_store.events` in one multi-row INSERT (one array per column),
 * skipping those stored already (same id and time: a redelivery).
 * @returns how many were new, per type
 */
export async function appendEvents(db: Queryable, events: readonly EventToStore[]): Promise<Map<EventType, number>> {
  if (events.length === 0) return new Map();
  const columns: unknown[][] = [[], [], [], [], [], [], [], [], []];
  const [time, ms, seq, id, type, source, subject, actor, data] = columns as [string[], string[], string[], string[], string[], string[], string[], (string | null)[], string[]];
  for (const { event, streamId } of events) {
    const dash = streamId.indexOf('-');
    time.push(event.time);
    ms.push(streamId.slice(0, dash));
    seq.push(streamId.slice(dash + 1));
    id.push(event.id);
    type.push(event.type);
    source.push(event.source);
    subject.push(event.subject);
    actor.push(event.actor ?? null);
    data.push(JSON.stringify(event.data));
  }
  const { rows } = await db.query<{ type: EventType; n: number }>(
    `WITH added AS (
       INSERT INTO event_store.events (time, stream_ms, stream_seq, id, type, source, subject, actor, data)
       SELECT * FROM unnest($1::timestamptz[], $2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::jsonb[])
       ON CONFLICT (id, time) DO NOTHING
       RETURNING type)
     SELECT type, count(*)::int AS n FROM added GROUP BY type`, columns);
  return new Map(rows.map(({ type, n }) => [type, n]));
}
