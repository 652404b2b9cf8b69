-- The outbox trigger per statement instead of per row, as pricing's 005_statement_outbox.sql:
-- one INSERT … SELECT over the statement's transition tables and one notification per
-- statement, same events and rules.
CREATE FUNCTION inventory.emit_stock_changes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  emitted bigint;
  event_time text := inventory.event_time(now());
BEGIN
  IF current_setting('commerce.suppress_events', true) = 'on' THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO inventory.outbox (event)
    SELECT json_build_object('specversion', '1.0', 'id', gen_random_uuid()::text, 'source', '/commerce/inventory',
      'type', 'commerce.inventory.stock_changed.v1', 'subject', n.product_id, 'time', event_time, 'datacontenttype', 'application/json',
      'data', json_build_object('productId', n.product_id, 'warehouseId', n.warehouse_id, 'before', NULL, 'after', inventory.stock_state(n)))
    FROM new_rows n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO inventory.outbox (event)
    SELECT json_build_object('specversion', '1.0', 'id', gen_random_uuid()::text, 'source', '/commerce/inventory',
      'type', 'commerce.inventory.stock_changed.v1', 'subject', o.product_id, 'time', event_time, 'datacontenttype', 'application/json',
      'data', json_build_object('productId', o.product_id, 'warehouseId', o.warehouse_id, 'before', inventory.stock_state(o), 'after', NULL))
    FROM old_rows o;
  ELSE
    INSERT INTO inventory.outbox (event)
    SELECT json_build_object('specversion', '1.0', 'id', gen_random_uuid()::text, 'source', '/commerce/inventory',
      'type', 'commerce.inventory.stock_changed.v1', 'subject', c.product_id, 'time', event_time, 'datacontenttype', 'application/json',
      'data', json_build_object('productId', c.product_id, 'warehouseId', c.warehouse_id, 'before', c.before_state, 'after', c.after_state))
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

DROP TRIGGER stock_outbox ON inventory.stock;
DROP FUNCTION inventory.emit_stock_changed();
CREATE TRIGGER stock_outbox_insert AFTER INSERT ON inventory.stock
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION inventory.emit_stock_changes();
CREATE TRIGGER stock_outbox_update AFTER UPDATE ON inventory.stock
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION inventory.emit_stock_changes();
CREATE TRIGGER stock_outbox_delete AFTER DELETE ON inventory.stock
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION inventory.emit_stock_changes();
