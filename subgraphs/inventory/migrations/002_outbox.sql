-- Transactional outbox: every change to a stock row writes a CloudEvents 1.0 event
-- (commerce.inventory.stock_changed.v1) in the same transaction, whether it came from a
-- mutation or from plain SQL. The relay (lib/events/outboxRelay.ts) claims rows with
-- FOR UPDATE SKIP LOCKED, publishes them to Redis and deletes them in its transaction:
-- a row in this table is an event not yet published.
CREATE TABLE inventory.outbox (
  seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- json, not jsonb: stored as written, so the relay reads it back without re-serialising.
  event      json NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- ISO 8601 in UTC with milliseconds, as CloudEvents `time` uses.
CREATE FUNCTION inventory.event_time(ts timestamptz) RETURNS text LANGUAGE sql STABLE AS
$$ SELECT to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') $$;

CREATE FUNCTION inventory.stock_state(s inventory.stock) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object('onHand', s.on_hand, 'reserved', s.reserved, 'version', s.version)
$$;

-- `SET LOCAL commerce.suppress_events = 'on'` skips events for bulk loads (the sample store).
-- An update that changes nothing but version/updated_at is not a change: no event.
CREATE FUNCTION inventory.emit_stock_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  before_state jsonb;
  after_state  jsonb;
  product_id   text;
  warehouse_id text;
BEGIN
  IF current_setting('commerce.suppress_events', true) = 'on' THEN RETURN NULL; END IF;
  IF TG_OP <> 'INSERT' THEN
    before_state := inventory.stock_state(OLD);
    product_id := OLD.product_id; warehouse_id := OLD.warehouse_id;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    after_state := inventory.stock_state(NEW);
    product_id := NEW.product_id; warehouse_id := NEW.warehouse_id;
  END IF;
  IF TG_OP = 'UPDATE' AND before_state - 'version' = after_state - 'version' THEN RETURN NULL; END IF;
  INSERT INTO inventory.outbox (event) VALUES (json_build_object(
    'specversion', '1.0', 'id', gen_random_uuid()::text, 'source', '/commerce/inventory',
    'type', 'commerce.inventory.stock_changed.v1', 'subject', product_id, 'time', inventory.event_time(now()),
    'datacontenttype', 'application/json',
    'data', json_build_object('productId', product_id, 'warehouseId', warehouse_id, 'before', before_state, 'after', after_state)));
  PERFORM pg_notify('commerce_outbox', 'inventory');
  RETURN NULL;
END
$$;

CREATE TRIGGER stock_outbox AFTER INSERT OR UPDATE OR DELETE ON inventory.stock
  FOR EACH ROW EXECUTE FUNCTION inventory.emit_stock_changed();
