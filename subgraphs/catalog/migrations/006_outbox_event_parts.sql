-- The statement trigger writes each change's parts (lib/events/outboxMigrations/002_event_parts.sql)
-- instead of the whole CloudEvent, as pricing's 006_outbox_event_parts.sql: the relay assembles
-- the same JSON around `data`. Same events and rules as 004_statement_outbox.sql.
CREATE OR REPLACE FUNCTION catalog.emit_product_changes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  emitted bigint;
  statement uuid := gen_random_uuid();
BEGIN
  IF current_setting('commerce.suppress_events', true) = 'on' THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO catalog.outbox (id, type, subject, data)
    SELECT catalog.outbox_event_id(statement, row_number() OVER ()), 'commerce.catalog.product_changed.v1', n.id,
      json_build_object('productId', n.id, 'before', NULL, 'after', catalog.product_state(n))
    FROM new_rows n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO catalog.outbox (id, type, subject, data)
    SELECT catalog.outbox_event_id(statement, row_number() OVER ()), 'commerce.catalog.product_changed.v1', o.id,
      json_build_object('productId', o.id, 'before', catalog.product_state(o), 'after', NULL)
    FROM old_rows o;
  ELSE
    INSERT INTO catalog.outbox (id, type, subject, data)
    SELECT catalog.outbox_event_id(statement, row_number() OVER ()), 'commerce.catalog.product_changed.v1', c.id,
      json_build_object('productId', c.id, 'before', c.before_state, 'after', c.after_state)
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

