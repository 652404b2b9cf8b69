import type { Queryable } from '../db/index.js';
import type { AnyEvent, EventType } from '../events/index.js';

/** An event as the store holds it. */
export interface StoredEvent {
  readonly event: AnyEvent;
  /** Who made the change (the event's `actor` attribute), when the write carried a caller. */
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
  /**
   * `stream`: the stream order ({@link StoredEvent.streamId}), exact within a type. `time`: the
   * events' own times first, then the stream order, which across types follows the writes
   * rather than the order the relay happened to publish the outboxes in (an audit trail).
   * @default 'stream'
   */
  readonly by?: 'stream' | 'time';
  /** Events skipped first (pages of an audit trail). @default 0 */
  readonly offset?: number;
}

/** Which events {@link EventStoreReader.scan} and {@link EventStoreReader.count} cover. */
export interface ScanQuery {
  /** Scanned one type after the other, in this order. */
  readonly types: readonly EventType[];
  /** Events at or after this time. @default the first */
  readonly from?: Date;
  /** Events per batch. @default 5000 */
  readonly batchSize?: number;
}

/** The read port over the event store (time travel, the audit trail and replays build on it). */
export interface EventStoreReader {
  /** The events of one subject in a time range, of some types, in stream order (see {@link StoredEvent.streamId}). */
  eventsOf(query: SubjectEventsQuery): Promise<StoredEvent[]>;
  /**
   * Every event of `types` since `from`, type by type, each in time order, in batches (keyset
   * pages over the (type, time) index: memory stays flat whatever the store holds). A replay's source.
   */
  scan(query: ScanQuery): AsyncGenerator<StoredEvent[]>;
  /** How many events {@link scan} would read (a replay's progress total). */
  count(query: Omit<ScanQuery, 'batchSize'>): Promise<number>;
}

interface Row {
  id: string; type: EventType; source: string; subject: string; time: string; data: string; actor: string | null; stream_id: string;
}

/**
 * Reads `event_store.events` through the (subject, time) index; PostgreSQL prunes the
 * partitions outside the time range. Events come back as
 * CloudEvents (time in UTC with milliseconds, as the producers write it).
 */
const COLUMNS = `id, type, source, subject, to_char(time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS time,
  data::text AS data, actor, stream_ms || '-' || stream_seq AS stream_id`;

const toStored = (row: Row): StoredEvent => ({
  event: {
    specversion: '1.0', id: row.id, source: row.source, type: row.type, subject: row.subject, time: row.time,
    datacontenttype: 'application/json', data: JSON.parse(row.data), ...(row.actor === null ? {} : { actor: row.actor }),
  } as AnyEvent,
  actor: row.actor,
  streamId: row.stream_id,
});

export function createEventStoreReader(db: Queryable): EventStoreReader {
  return {
    async *scan({ types, from, batchSize = 5000 }) {
      for (const type of types) {
        // Keyset on (time, id): the time text keeps microseconds so no event is skipped or repeated.
        let after: { time: string; id: string } | undefined;
        for (;;) {
          const params: unknown[] = [type, from?.toISOString() ?? '-infinity', batchSize];
          let keyset = '';
          if (after) {
            params.push(after.time, after.id);
            keyset = 'AND (time, id) > ($4::timestamptz, $5)';
          }
          const { rows } = await db.query<Row & { exact_time: string }>(
            `SELECT ${COLUMNS}, time::text AS exact_time FROM event_store.events
             WHERE type = $1 AND time >= $2::timestamptz ${keyset} ORDER BY time, id LIMIT $3`, params);
          if (rows.length === 0) break;
          yield rows.map(toStored);
          const last = rows[rows.length - 1]!;
          after = { time: last.exact_time, id: last.id };
          if (rows.length < batchSize) break;
        }
      }
    },
    async count({ types, from }) {
      const { rows } = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM event_store.events WHERE type = ANY($1::text[]) AND time >= $2::timestamptz',
        [types, from?.toISOString() ?? '-infinity']);
      return rows[0]?.n ?? 0;
    },
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
      if (query.offset) {
        params.push(query.offset);
        limit += ` OFFSET $${params.length}`;
      }
      const { rows } = await db.query<Row>(
        `SELECT ${COLUMNS}
         FROM event_store.events WHERE ${where.join(' AND ')}
         ORDER BY ${query.by === 'time' ? `time ${direction}, ` : ''}stream_ms ${direction}, stream_seq ${direction}, time ${direction}, type ${direction} ${limit}`, params);
      return rows.map(toStored);
    },
  };
}
