-- The outbox trigger per statement instead of per row: a bulk UPDATE of N prices writes its N
-- events with one INSERT … SELECT over the statement's transition tables and notifies the relay
-- once, where the row trigger ran a PL/pgSQL call, an INSERT and a pg_notify per row (4–7× the
-- cost of the UPDATE itself; bench/events.bench.ts). Same events, same JSON, same rules:
-- nothing under `commerce.suppress_events`, no event for an update that changes only
-- version/updated_at. An update that changes a price's key is its removal plus a creation.
CREATE FUNCTION pricing.price_event(product_id text, currency text, before_state jsonb, after_state jsonb) RETURNS json
LANGUAGE sql VOLATILE AS $$
  SELECT json_build_object(
    'specversion', '1.0', 'id', gen_random_uuid()::text, 'source', '/commerce/pricing',
    'type', 'commerce.pricing.price_changed.v1', 'subject', product_id, 'time', pricing.event_time(now()),
    'datacontenttype', 'application/json',
    'data', json_build_object('productId', product_id, 'currency', currency, 'before', before_state, 'after', after_state))
$$;

CREATE FUNCTION pricing.emit_price_changes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  emitted bigint;
BEGIN
  IF current_setting('commerce.suppress_events', true) = 'on' THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO pricing.outbox (event)
    SELECT pricing.price_event(n.product_id, n.currency::text, NULL, pricing.price_state(n)) FROM new_rows n ORDER BY n.product_id, n.currency;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO pricing.outbox (event)
    SELECT pricing.price_event(o.product_id, o.currency::text, pricing.price_state(o), NULL) FROM old_rows o ORDER BY o.product_id, o.currency;
  ELSE
    INSERT INTO pricing.outbox (event)
    SELECT pricing.price_event(coalesce(n.product_id, o.product_id), coalesce(n.currency, o.currency)::text,
      CASE WHEN o.product_id IS NULL THEN NULL ELSE pricing.price_state(o) END,
      CASE WHEN n.product_id IS NULL THEN NULL ELSE pricing.price_state(n) END)
    FROM old_rows o FULL JOIN new_rows n USING (product_id, currency)
    WHERE o.product_id IS NULL OR n.product_id IS NULL OR pricing.price_state(o) - 'version' <> pricing.price_state(n) - 'version'
    ORDER BY coalesce(n.product_id, o.product_id), coalesce(n.currency, o.currency);
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
