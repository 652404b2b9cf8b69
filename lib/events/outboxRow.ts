/**
 * The outbox contract, read only here (lib/events/outboxMigrations/002_event_parts.sql): a row
 * holds either a whole CloudEvent (`event`, its JSON as written) or the event's parts, which
 * {@link outboxEventJson} assembles into the same JSON. The statement triggers write parts, so a
 * bulk write builds and stores only each change's `data`; row triggers and application code
 * write whole events.
 */
export interface OutboxRow {
  readonly seq: string;
  /** The whole event's JSON, or null for a row of parts. */
  readonly event: string | null;
  readonly id: string | null;
  readonly type: string | null;
  readonly subject: string | null;
  /** The JSON of the event's `data`. */
  readonly data: string | null;
  /** `created_at` as CloudEvents `time` (ISO 8601 in UTC with milliseconds), for a row of parts. */
  readonly time: string | null;
  readonly actor: string | null;
}

/** The select list that reads an {@link OutboxRow} (e.g. in `DELETE … RETURNING`); `time` is formatted for rows of parts only. */
export const OUTBOX_ROW_COLUMNS = `seq, event::text AS event, id::text AS id, type, subject, data::text AS data, actor,
  CASE WHEN event IS NULL THEN to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') END AS time`;

/**
 * The CloudEvent JSON of a row of `schema`'s outbox: the stored event, or one assembled from the
 * parts with `source` `/commerce/<schema>`, in the attribute order the triggers used to write.
 * Not validated here (the relay validates what it publishes).
 */
export function outboxEventJson(schema: string, row: OutboxRow): string {
  if (row.event !== null) return row.event;
  const actor = row.actor === null ? '' : `,"actor":${JSON.stringify(row.actor)}`;
  return `{"specversion":"1.0","id":${JSON.stringify(row.id)},"source":"/commerce/${schema}","type":${JSON.stringify(row.type)},`
    + `"subject":${JSON.stringify(row.subject)},"time":${JSON.stringify(row.time)},"datacontenttype":"application/json","data":${row.data}${actor}}`;
}
