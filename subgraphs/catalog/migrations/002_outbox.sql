-- Transactional outbox: every change to a product's name, slug, brand, category,
-- description or attributes writes a CloudEvents 1.0 event
-- (commerce.catalog.product_changed.v1) in the same transaction, whether it came from a
-- mutation or from plain SQL. The relay (lib/events/outboxRelay.ts) claims rows with
-- FOR UPDATE SKIP LOCKED, publishes them to Redis and deletes them in its transaction:
-- a row in this table is an event not yet published.
CREATE TABLE catalog.outbox (
  seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- json, not jsonb: stored as written, so the relay reads it back without re-serialising.
  event      json NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- ISO 8601 in UTC with milliseconds, as CloudEvents `time` uses.
CREATE FUNCTION catalog.event_time(ts timestamptz) RETURNS text LANGUAGE sql STABLE AS
$$ SELECT to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') $$;

CREATE FUNCTION catalog.product_state(p catalog.products) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object('name', p.name, 'slug', p.slug, 'brand', p.brand, 'categoryId', p.category_id,
    'description', p.description, 'attributes', p.attributes, 'version', p.version)
$$;

-- `SET LOCAL commerce.suppress_events = 'on'` skips events for bulk loads (the sample store).
-- An update that changes none of the fields above (images, dimensions, version only) is not an event.
CREATE FUNCTION catalog.emit_product_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  before_state jsonb;
  after_state  jsonb;
  product_id   text;
BEGIN
  IF current_setting('commerce.suppress_events', true) = 'on' THEN RETURN NULL; END IF;
  IF TG_OP <> 'INSERT' THEN before_state := catalog.product_state(OLD); product_id := OLD.id; END IF;
  IF TG_OP <> 'DELETE' THEN after_state := catalog.product_state(NEW); product_id := NEW.id; END IF;
  IF TG_OP = 'UPDATE' AND before_state - 'version' = after_state - 'version' THEN RETURN NULL; END IF;
  INSERT INTO catalog.outbox (event) VALUES (json_build_object(
    'specversion', '1.0', 'id', gen_random_uuid()::text, 'source', '/commerce/catalog',
    'type', 'commerce.catalog.product_changed.v1', 'subject', product_id, 'time', catalog.event_time(now()),
    'datacontenttype', 'application/json',
    'data', json_build_object('productId', product_id, 'before', before_state, 'after', after_state)));
  PERFORM pg_notify('commerce_outbox', 'catalog');
  RETURN NULL;
END
$$;

CREATE TRIGGER products_outbox AFTER INSERT OR UPDATE OR DELETE ON catalog.products
  FOR EACH ROW EXECUTE FUNCTION catalog.emit_product_changed();
