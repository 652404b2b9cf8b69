-- Applied to every store subgraph's schema ({{schema}}) after its own migrations
-- (lib/subgraph/storeSubgraph.ts): the outbox is one contract, so its shared parts live once.
--
-- Who made the change: when the writing transaction named its caller (`commerce.actor`, set by
-- recordActor in lib/history), each event it emits carries it as the CloudEvents extension
-- attribute `actor`, and the event store keeps it (the audit trail of every type). Writes
-- without a caller (plain SQL, imports, the system) emit events without one.
CREATE FUNCTION {{schema}}.outbox_actor() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  actor text := nullif(current_setting('commerce.actor', true), '');
BEGIN
  IF actor IS NOT NULL THEN
    NEW.event := (NEW.event::jsonb || jsonb_build_object('actor', actor))::json;
  END IF;
  RETURN NEW;
END
$$;

-- The WHEN clause keeps writes without a caller (bulk loads, plain SQL) free of a call per row.
CREATE TRIGGER outbox_actor BEFORE INSERT ON {{schema}}.outbox
  FOR EACH ROW WHEN (current_setting('commerce.actor', true) <> '') EXECUTE FUNCTION {{schema}}.outbox_actor();
