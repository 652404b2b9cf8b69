-- An outbox row holds either a whole event (`event`, the CloudEvent JSON: row triggers and
-- application code write it so) or the event's parts, from which the relay's claim assembles the very
-- same JSON (lib/events/outboxRow.ts): `id`, `type`, `subject`, `data` (the event's `data` JSON),
-- `actor`; `source` is the schema's (`/commerce/<schema>`), `time` the row's `created_at` (the
-- transaction's start, as `now()` in the triggers), `specversion` and `datacontenttype` fixed.
-- The statement triggers write parts: a bulk write then builds and stores only the data of each
-- change, and draws one random uuid per statement instead of one per change (see
-- {{schema}}.outbox_event_id). docs/decisions/outbox-event-parts.md
ALTER TABLE {{schema}}.outbox
  ALTER COLUMN event DROP NOT NULL,
  ADD COLUMN id uuid,
  ADD COLUMN type text,
  ADD COLUMN subject text,
  ADD COLUMN data json,
  -- Who made the change (`SET LOCAL commerce.actor`, see 001_actor.sql), read once per row here
  -- instead of a trigger call per row.
  ADD COLUMN actor text DEFAULT nullif(current_setting('commerce.actor', true), ''),
  ADD CONSTRAINT outbox_event_or_parts CHECK (event IS NOT NULL OR (id IS NOT NULL AND type IS NOT NULL AND subject IS NOT NULL AND data IS NOT NULL));

-- The id of the `n`th event of a statement (n ≥ 1) whose random uuid is `statement`: its first
-- 20 hex digits (version and variant included) and `n` in the last 12. Unique because no two
-- statements draw the same uuid and `n` differs within one; fixed in the row, so a batch the
-- relay publishes again carries the same ids (consumers deduplicate by them). Inlined by the planner.
CREATE FUNCTION {{schema}}.outbox_event_id(statement uuid, n bigint) RETURNS uuid LANGUAGE sql IMMUTABLE AS
$$ SELECT (left(statement::text, 24) || lpad(to_hex(n), 12, '0'))::uuid $$;

-- Rows of parts carry the actor in their own column: the trigger now merges it into whole events only.
DROP TRIGGER outbox_actor ON {{schema}}.outbox;
CREATE TRIGGER outbox_actor BEFORE INSERT ON {{schema}}.outbox
  FOR EACH ROW WHEN (NEW.event IS NOT NULL AND current_setting('commerce.actor', true) <> '') EXECUTE FUNCTION {{schema}}.outbox_actor();
