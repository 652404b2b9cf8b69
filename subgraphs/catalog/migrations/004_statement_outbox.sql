-- The outbox trigger per statement instead of per row, as pricing's 005: one INSERT … SELECT
-- over the statement's transition tables and one notification per statement. Same events,
-- same rules (nothing under `commerce.suppress_events`, no event for an update that changes
-- none of the event's fields); an update that changes a product's id is its removal plus a creation.
CREATE FUNCTION catalog.product_event(product_id text, before_state jsonb, after_state jsonb) RETURNS json
LANGUAGE sql VOLATILE AS $$
  SELECT json_build_object(
    'specversion', '1.0', 'id', gen_random_uuid()::text, 'source', '/commerce/catalog',
    'type', 'commerce.catalog.product_changed.v1', 'subject', product_id, 'time', catalog.event_time(now()),
    'datacontenttype', 'application/json',
    'data', json_build_object('productId', product_id, 'before', before_state, 'after', after_state))
$$;

CREATE FUNCTION catalog.emit_product_changes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  emitted bigint;
BEGIN
  IF current_setting('commerce.suppress_events', true) = 'on' THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO catalog.outbox (event)
    SELECT catalog.product_event(n.id, NULL, catalog.product_state(n)) FROM new_rows n ORDER BY n.id;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO catalog.outbox (event)
    SELECT catalog.product_event(o.id, catalog.product_state(o), NULL) FROM old_rows o ORDER BY o.id;
  ELSE
    INSERT INTO catalog.outbox (event)
    SELECT catalog.product_event(coalesce(n.id, o.id),
      CASE WHEN o.id IS NULL THEN NULL ELSE catalog.product_state(o) END,
      CASE WHEN n.id IS NULL THEN NULL ELSE catalog.product_state(n) END)
    FROM old_rows o FULL JOIN new_rows n USING (id)
    WHERE o.id IS NULL OR n.id IS NULL OR catalog.product_state(o) - 'version' <> catalog.product_state(n) - 'version'
    ORDER BY coalesce(n.id, o.id);
  END IF;
  GET DIAGNOSTICS emitted = ROW_COUNT;
  IF emitted > 0 THEN PERFORM pg_notify('commerce_outbox', 'catalog'); END IF;
  RETURN NULL;
END
$$;

DROP TRIGGER products_outbox ON catalog.products;
DROP FUNCTION catalog.emit_product_changed();
CREATE TRIGGER products_outbox_insert AFTER INSERT ON catalog.products
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog.emit_product_changes();
CREATE TRIGGER products_outbox_update AFTER UPDATE ON catalog.products
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog.emit_product_changes();
CREATE TRIGGER products_outbox_delete AFTER DELETE ON catalog.products
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog.emit_product_changes();
