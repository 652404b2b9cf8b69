-- The event store: every CloudEvent the relay published, appended by the event-store consumer
-- (lib/eventStore/startEventStore.ts) and never changed afterwards.
CREATE SCHEMA event_store;

-- Partitioned by the event's time, one partition per month (events_YYYY_MM, created ahead of
-- time and for the month of any event that arrives; lib/eventStore/partitions.ts), plus a
-- default partition so that no event is ever rejected for want of one.
--
-- Idempotency: a primary key on a partitioned table must contain the partition key, so the key
-- is (id, time). That is as strong as a key on id alone here, because an event's time is fixed
-- when its outbox row is written: a redelivered event (the relay re-publishing after a crash)
-- carries the same id and the same time, lands in the same partition and conflicts there. Not a
-- separate non-partitioned table of ids: that would cost a second index and write per event and
-- would never shrink when old partitions are detached. (docs/decisions/event-store-idempotency.md)
CREATE TABLE event_store.events (
  time       timestamptz NOT NULL,
  -- The stream entry id `<ms>-<seq>` the event was read from: the stream's order. Per type it
  -- is the relay's order; across the types of one subject it is the order of appends to the log.
  stream_ms  bigint      NOT NULL,
  stream_seq bigint      NOT NULL,
  id         text        NOT NULL,
  type       text        NOT NULL,
  source     text        NOT NULL,
  subject    text        NOT NULL,
  -- Who made the change, when the event names one (an `actor` attribute); the events of this
  -- project carry none yet, so it is NULL until a producer adds one.
  actor      text,
  data       jsonb       NOT NULL,
  PRIMARY KEY (id, time)
) PARTITION BY RANGE (time);

CREATE INDEX events_subject_time ON event_store.events (subject, time);
CREATE INDEX events_type_time ON event_store.events (type, time);

CREATE TABLE event_store.events_default PARTITION OF event_store.events DEFAULT;

-- Append-only: an UPDATE, DELETE or TRUNCATE of the events fails, whoever sends it.
-- Old months leave by DETACH PARTITION (the retention setting), which this does not block.
CREATE FUNCTION event_store.reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'event_store.events is append-only: % is not allowed', TG_OP USING ERRCODE = 'read_only_sql_transaction';
END
$$;

CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON event_store.events
  FOR EACH ROW EXECUTE FUNCTION event_store.reject_change();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON event_store.events
  FOR EACH STATEMENT EXECUTE FUNCTION event_store.reject_change();
