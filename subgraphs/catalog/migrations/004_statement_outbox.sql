-- The outbox trigger per statement instead of per row, as pricing's 005_statement_outbox.sql:
-- one INSERT … SELECT over the statement's transition tables and one notification per
-- statement, same events and rules (an update that changes none of the event's fields is none).
CREATE FUNCTION catalog.emit_product_changes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  emitted bigint;
  event_time text := catalog.event_time(now());
BEGIN
  IF current_setting('commerce.suppress_events', true) = 'on' THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO catalog.outbox (event)
    SELECT json_build_object('specversion', '1.0', 'id', gen_random_uuid()::text, 'source', '/commerce/catalog',
      'type', 'commerce.catalog.product_changed.v1', 'subject', n.id, 'time', event_time, 'datacontenttype', 'application/json',
      'data', json_build_object('productId', n.id, 'before', NULL, 'after', catalog.product_state(n)))
    FROM new_rows n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO catalog.outbox (event)
    SELECT json_build_object('specversion', '1.0', 'id', gen_random_uuid()::text, 'source', '/commerce/catalog',
      'type', 'commerce.catalog.product_changed.v1', 'subject', o.id, 'time', event_time, 'datacontenttype', 'application/json',
      'data', json_build_object('productId', o.id, 'before', catalog.product_state(o), 'after', NULL))
    FROM old_rows o;
  ELSE
    INSERT INTO catalog.outbox (event)
    SELECT json_build_object('specversion', '1.0', 'id', gen_random_uuid()::text, 'source', '/commerce/catalog',
      'type', 'commerce.catalog.product_changed.v1', 'subject', c.id, 'time', event_time, 'datacontenttype', 'application/json',
      'data', json_build_object('productId', c.id, 'before', c.before_state, 'after', c.after_state))
    FROM (
      SELECT id,
        CASE WHEN o.version IS NULL THEN NULL ELSE catalog.product_state(o) END AS before_state,
        CASE WHEN n.version IS NULL THEN NULL ELSE catalog.product_state(n) END AS after_state
      FROM old_rows o FULL JOIN new_rows n USING (id)
      WHERE o.version IS NULL OR n.version IS NULL OR (o.name, o.slug, o.brand, o.category_id, o.description, o.attributes) IS DISTINCT FROM (n.name, n.slug, n.brand, n.category_id, n.description, n.attributes)
    ) c;
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
