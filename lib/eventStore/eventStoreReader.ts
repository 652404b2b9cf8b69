import type { Queryable } from '../db/index.js';
import type { AnyEvent, EventType } from '../events/index.js';

/** An event as the store holds it. */
export interface StoredEvent {
  readonly event: AnyEvent;
  /** Who made the change, when the event named one; `null` for every event of this project so far. */
  readonly actor: string | null;
  /**
   * The stream entry id it was read from (`<ms>-<seq>`): the order of the events of a subject.
   * Exact within a type (one stream); across types (streams numbered apart) it is the order of
   * the milliseconds they were appended in, ties broken by time and type.
   */
  readonly streamId: string;
}

/** Which events of one subject {@link EventStoreReader.eventsOf} returns. */
export interface SubjectEventsQuery {
  /** The product id (the order id for order events). */
  readonly subject: string;
  /** @default every type */
  readonly types?: readonly EventType[];
  /** Events at or after this time. @default the first */
  readonly from?: Date;
  /** Events at or before this time (`price(at:)` asks for the last one up to `at`). @default the last */
  readonly to?: Date;
  /** `desc` gives the newest first (with `limit: 1`, the state as of `to`). @default 'asc' */
  readonly order?: 'asc' | 'desc';
  /** Most events returned. @default all */
  readonly limit?: number;
}

/** The read port over the event store (the time-travel and audit-trail work builds on it). */
export interface EventStoreReader {
  /** The events of one subject in a time range, of some types, in stream order (see {@link StoredEvent.streamId}). */
  eventsOf(query: SubjectEventsQuery): Promise<StoredEvent[]>;
}

interface Row {
  id: string; type: EventType; source: string; subject: string; time: string; data: string; actor: string | null; stream_id: string;
}

/**
 * Reads `event_store.events` through the (subject, time) index; PostgreSQL prunes the
 * partitions outside the time range. Events come back as
 * CloudEvents (time in UTC with milliseconds, as the producers write it).
 */
export function createEventStoreReader(db: Queryable): EventStoreReader {
  return {
    async eventsOf(query) {
      const params: unknown[] = [query.subject];
      const where = ['subject = $1'];
      const condition = (sql: (param: string) => string, value: unknown) => {
        params.push(value);
        where.push(sql(`$${params.length}`));
      };
      if (query.types) condition((p) => `type = ANY(${p}::text[])`, query.types);
      if (query.from) condition((p) => `time >= ${p}::timestamptz`, query.from.toISOString());
      if (query.to) condition((p) => `time <= ${p}::timestamptz`, query.to.toISOString());
      const direction = query.order === 'desc' ? 'DESC' : 'ASC';
      let limit = '';
      if (query.limit !== undefined) {
        params.push(query.limit);
        limit = `LIMIT $${params.length}`;
      }
      const { rows } = await db.query<Row>(
        `SELECT id, type, source, subject, to_char(time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS time,
           data::text AS data, actor, stream_ms || '-' || stream_seq AS stream_id
         FROM event_store.events WHERE ${where.join(' AND ')}
         ORDER BY stream_ms ${direction}, stream_seq ${direction}, time ${direction}, type ${direction} ${limit}`, params);
      return rows.map((row) => ({
        event: {
          specversion: '1.0', id: row.id, source: row.source, type: row.type, subject: row.subject, time: row.time,
          datacontenttype: 'application/json', data: JSON.parse(row.data),
        } as AnyEvent,
        actor: row.actor,
        streamId: row.stream_id,
      }));
    },
  };
}
