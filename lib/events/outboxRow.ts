/**
 * The outbox contract, read only here (lib/events/outboxMigrations/002_event_parts.sql): a row
 * holds either a whole CloudEvent (`event`, its JSON as written) or the event's parts (`id`,
 * `type`, `subject`, `data`, `actor`; `time` is `created_at`), which {@link outboxEventSql}
 * assembles into the same JSON. The statement triggers write parts, so a bulk write builds and
 * stores only each change's `data`; row triggers and application code write whole events.
 */

/**
 * The SQL expression (over a row of `<schema>.outbox`) of the row's CloudEvent JSON text: the
 * stored event, or one assembled from the parts with `source` `/commerce/<schema>`, in the
 * attribute order the triggers used to write, `time` in UTC with milliseconds (as
 * `<schema>.event_time`), `data` as stored. Assembled by PostgreSQL in the query that claims or
 * reads the rows: one text column, as whole events always were. Not validated here (the relay
 * validates what it publishes).
 */
export const outboxEventSql = (schema: string): string => {
  if (!/^[a-z_]+$/.test(schema)) throw new Error(`not an outbox schema: ${JSON.stringify(schema)}`);
  return `coalesce(event::text, '{"specversion":"1.0","id":"' || id::text || '","source":"/commerce/${schema}","type":' || to_json(type)::text
    || ',"subject":' || to_json(subject)::text || ',"time":"' || to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
    || '","datacontenttype":"application/json","data":' || data::text || coalesce(',"actor":' || to_json(actor)::text, '') || '}')`;
};
