-- The statement trigger writes each change's parts (lib/events/outboxMigrations/002_event_parts.sql)
-- instead of the whole CloudEvent: the relay assembles the same JSON around `data`. A bulk write
-- no longer builds each event's envelope nor draws a random uuid per change (one per statement).
-- Same events and rules as 005_statement_outbox.sql. (bench/events.bench.ts: "trigger cost")
CREATE OR REPLACE FUNCTION pricing.emit_price_changes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  emitted bigint;
  statement uuid := gen_random_uuid();
BEGIN
  IF current_setting('commerce.suppress_events', true) = 'on' THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO pricing.outbox (id, type, subject, data)
    SELECT pricing.outbox_event_id(statement, row_number() OVER ()), 'commerce.pricing.price_changed.v1', n.product_id,
      json_build_object('productId', n.product_id, 'currency', n.currency, 'before', NULL, 'after', pricing.price_state(n))
    FROM new_rows n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO pricing.outbox (id, type, subject, data)
    SELECT pricing.outbox_event_id(statement, row_number() OVER ()), 'commerce.pricing.price_changed.v1', o.product_id,
      json_build_object('productId', o.product_id, 'currency', o.currency, 'before', pricing.price_state(o), 'after', NULL)
    FROM old_rows o;
  ELSE
    INSERT INTO pricing.outbox (id, type, subject, data)
    SELECT pricing.outbox_event_id(statement, row_number() OVER ()), 'commerce.pricing.price_changed.v1', c.product_id,
      json_build_object('productId', c.product_id, 'currency', c.currency, 'before', c.before_state, 'after', c.after_state)
    FROM (
      SELECT product_id, currency,
        CASE WHEN o.version IS NULL THEN NULL ELSE pricing.price_state(o) END AS before_state,
        CASE WHEN n.version IS NULL THEN NULL ELSE pricing.price_state(n) END AS after_state
      FROM old_rows o FULL JOIN new_rows n USING (product_id, currency)
      WHERE o.version IS NULL OR n.version IS NULL OR (o.list_amount, o.sale_amount, o.sale_valid_from, o.sale_valid_to) IS DISTINCT FROM (n.list_amount, n.sale_amount, n.sale_valid_from, n.sale_valid_to)
    ) c;
  END IF;
  GET DIAGNOSTICS emitted = ROW_COUNT;
  IF emitted > 0 THEN PERFORM pg_notify('commerce_outbox', 'pricing'); END IF;
  RETURN NULL;
END
$$;
