-- Transactional outbox, as in the other stores: every change of an order's status writes a
-- commerce.orders.order_status_changed.v1 event in the same transaction, and the change to
-- PLACED also a commerce.orders.order_placed.v1 event with the priced lines. The relay
-- (lib/events/outboxRelay.ts) claims, publishes and deletes the rows.
CREATE TABLE orders.outbox (
  seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- json, not jsonb: stored as written, so the relay reads it back without re-serialising.
  event      json NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- ISO 8601 in UTC with milliseconds, as CloudEvents `time` uses.
CREATE FUNCTION orders.event_time(ts timestamptz) RETURNS text LANGUAGE sql STABLE AS
$$ SELECT to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') $$;

CREATE FUNCTION orders.emit_order_events() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  before_status text;
BEGIN
  IF current_setting('commerce.suppress_events', true) = 'on' THEN RETURN NULL; END IF;
  IF TG_OP = 'UPDATE' THEN
    IF OLD.status = NEW.status THEN RETURN NULL; END IF;
    before_status := OLD.status;
  END IF;
  INSERT INTO orders.outbox (event) VALUES (json_build_object(
    'specversion', '1.0', 'id', gen_random_uuid()::text, 'source', '/commerce/orders',
    'type', 'commerce.orders.order_status_changed.v1', 'subject', NEW.id::text, 'time', orders.event_time(now()),
    'datacontenttype', 'application/json',
    'data', json_build_object('orderId', NEW.id::text, 'customer', NEW.owner, 'before', before_status,
      'after', NEW.status, 'reason', NEW.failure_code)));
  IF NEW.status = 'PLACED' AND before_status IS DISTINCT FROM 'PLACED' THEN
    INSERT INTO orders.outbox (event) VALUES (json_build_object(
      'specversion', '1.0', 'id', gen_random_uuid()::text, 'source', '/commerce/orders',
      'type', 'commerce.orders.order_placed.v1', 'subject', NEW.id::text, 'time', orders.event_time(now()),
      'datacontenttype', 'application/json',
      'data', json_build_object('orderId', NEW.id::text, 'customer', NEW.owner, 'currency', NEW.currency::text,
        'itemsAmount', NEW.items_amount, 'shippingAmount', NEW.shipping_amount, 'totalAmount', NEW.total_amount,
        'lines', (SELECT coalesce(json_agg(json_build_object('productId', l.product_id, 'quantity', l.quantity,
                    'unitAmount', l.unit_amount) ORDER BY l.product_id), '[]'::json)
                  FROM orders.order_lines l WHERE l.order_id = NEW.id))));
  END IF;
  PERFORM pg_notify('commerce_outbox', 'orders');
  RETURN NULL;
END
$$;

CREATE TRIGGER orders_outbox AFTER INSERT OR UPDATE OF status ON orders.orders
  FOR EACH ROW EXECUTE FUNCTION orders.emit_order_events();
