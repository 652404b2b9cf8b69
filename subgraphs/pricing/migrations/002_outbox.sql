-- Transactional outbox: every change to a price writes a CloudEvents 1.0 event
-- (commerce.pricing.price_changed.v1) in the same transaction, whether it came from a
-- mutation or from plain SQL. The relay (lib/events/outboxRelay.ts) claims rows with
-- FOR UPDATE SKIP LOCKED, publishes them to Redis and deletes them in its transaction:
-- a row in this table is an event not yet published.
CREATE TABLE pricing.outbox (
  seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- json, not jsonb: stored as written, so the relay reads it back without re-serialising.
  event      json NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- ISO 8601 in UTC with milliseconds, as CloudEvents `time` and the event states use.
CREATE FUNCTION pricing.event_time(ts timestamptz) RETURNS text LANGUAGE sql STABLE AS
$$ SELECT to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') $$;

CREATE FUNCTION pricing.price_state(p pricing.prices) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object('listAmount', p.list_amount, 'saleAmount', p.sale_amount,
    'saleValidFrom', pricing.event_time(p.sale_valid_from), 'saleValidTo', pricing.event_time(p.sale_valid_to),
    'version', p.version)
$$;

-- `SET LOCAL commerce.suppress_events = 'on'` skips events for bulk loads (the sample store).
-- An update that changes nothing but version/updated_at is not a change: no event.
CREATE FUNCTION pricing.emit_price_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  before_state jsonb;
  after_state  jsonb;
  product_id   text;
  currency     text;
BEGIN
  IF current_setting('commerce.suppress_events', true) = 'on' THEN RETURN NULL; END IF;
  IF TG_OP <> 'INSERT' THEN
    before_state := pricing.price_state(OLD);
    product_id := OLD.product_id; currency := OLD.currency::text;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    after_state := pricing.price_state(NEW);
    product_id := NEW.product_id; currency := NEW.currency::text;
  END IF;
  IF TG_OP = 'UPDATE' AND before_state - 'version' = after_state - 'version' THEN RETURN NULL; END IF;
  INSERT INTO pricing.outbox (event) VALUES (json_build_object(
    'specversion', '1.0', 'id', gen_random_uuid()::text, 'source', '/commerce/pricing',
    'type', 'commerce.pricing.price_changed.v1', 'subject', product_id, 'time', pricing.event_time(now()),
    'datacontenttype', 'application/json',
    'data', json_build_object('productId', product_id, 'currency', currency, 'before', before_state, 'after', after_state)));
  PERFORM pg_notify('commerce_outbox', 'pricing');
  RETURN NULL;
END
$$;

CREATE TRIGGER prices_outbox AFTER INSERT OR UPDATE OR DELETE ON pricing.prices
  FOR EACH ROW EXECUTE FUNCTION pricing.emit_price_changed();
