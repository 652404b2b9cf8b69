-- The statement trigger writes each change's parts (lib/events/outboxMigrations/002_event_parts.sql)
-- instead of the whole CloudEvent, as pricing's 006_outbox_event_parts.sql: the relay assembles
-- the same JSON around `data`. Same events and rules as 007_statement_outbox.sql.
CREATE OR REPLACE FUNCTION inventory.emit_stock_changes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  emitted bigint;
  statement uuid := gen_random_uuid();
BEGIN
  IF current_setting('commerce.suppress_events', true) = 'on' THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO inventory.outbox (id, type, subject, data)
    SELECT inventory.outbox_event_id(statement, row_number() OVER ()), 'commerce.inventory.stock_changed.v1', n.product_id,
      json_build_object('productId', n.product_id, 'warehouseId', n.warehouse_id, 'before', NULL, 'after', inventory.stock_state(n))
    FROM new_rows n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO inventory.outbox (id, type, subject, data)
    SELECT inventory.outbox_event_id(statement, row_number() OVER ()), 'commerce.inventory.stock_changed.v1', o.product_id,
      json_build_object('productId', o.product_id, 'warehouseId', o.warehouse_id, 'before', inventory.stock_state(o), 'after', NULL)
    FROM old_rows o;
  ELSE
    INSERT INTO inventory.outbox (id, type, subject, data)
    SELECT inventory.outbox_event_id(statement, row_number() OVER ()), 'commerce.inventory.stock_changed.v1', c.product_id,
      json_build_object('productId', c.product_id, 'warehouseId', c.warehouse_id, 'before', c.before_state, 'after', c.after_state)
    FROM (
      SELECT product_id, warehouse_id,
        CASE WHEN o.version IS NULL THEN NULL ELSE inventory.stock_state(o) END AS before_state,
        CASE WHEN n.version IS NULL THEN NULL ELSE inventory.stock_state(n) END AS after_state
      FROM old_rows o FULL JOIN new_rows n USING (product_id, warehouse_id)
      WHERE o.version IS NULL OR n.version IS NULL OR (o.on_hand, o.reserved) IS DISTINCT FROM (n.on_hand, n.reserved)
    ) c;
  END IF;
  GET DIAGNOSTICS emitted = ROW_COUNT;
  IF emitted > 0 THEN PERFORM pg_notify('commerce_outbox', 'inventory'); END IF;
  RETURN NULL;
END
$$;

