-- The outbox trigger per statement instead of per row: a bulk UPDATE of N prices writes its N
-- events with one INSERT … SELECT over the statement's transition tables and notifies the relay
-- once, where the row trigger ran a PL/pgSQL call, an INSERT and a pg_notify per row. Same
-- events, same JSON, same rules: nothing under `commerce.suppress_events`, no event for an
-- update that changes only version/updated_at. An update that changes a row's key is its
-- removal plus a creation. (bench/events.bench.ts: "trigger cost")
CREATE FUNCTION pricing.emit_price_changes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  emitted bigint;
  event_time text := pricing.event_time(now());
BEGIN
  IF current_setting('commerce.suppress_events', true) = 'on' THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO pricing.outbox (event)
    SELECT json_build_object('specversion', '1.0', 'id', gen_random_uuid()::text, 'source', '/commerce/pricing',
      'type', 'commerce.pricing.price_changed.v1', 'subject', n.product_id, 'time', event_time, 'datacontenttype', 'application/json',
      'data', json_build_object('productId', n.product_id, 'currency', n.currency, 'before', NULL, 'after', pricing.price_state(n)))
    FROM new_rows n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO pricing.outbox (event)
    SELECT json_build_object('specversion', '1.0', 'id', gen_random_uuid()::text, 'source', '/commerce/pricing',
      'type', 'commerce.pricing.price_changed.v1', 'subject', o.product_id, 'time', event_time, 'datacontenttype', 'application/json',
      'data', json_build_object('productId', o.product_id, 'currency', o.currency, 'before', pricing.price_state(o), 'after', NULL))
    FROM old_rows o;
  ELSE
    INSERT INTO pricing.outbox (event)
    SELECT json_build_object('specversion', '1.0', 'id', gen_random_uuid()::text, 'source', '/commerce/pricing',
      'type', 'commerce.pricing.price_changed.v1', 'subject', c.product_id, 'time', event_time, 'datacontenttype', 'application/json',
      'data', json_build_object('productId', c.product_id, 'currency', c.currency, 'before', c.before_state, 'after', c.after_state))
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

DROP TRIGGER prices_outbox ON pricing.prices;
DROP FUNCTION pricing.emit_price_changed();
CREATE TRIGGER prices_outbox_insert AFTER INSERT ON pricing.prices
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pricing.emit_price_changes();
CREATE TRIGGER prices_outbox_update AFTER UPDATE ON pricing.prices
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pricing.emit_price_changes();
CREATE TRIGGER prices_outbox_delete AFTER DELETE ON pricing.prices
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION pricing.emit_price_changes();
