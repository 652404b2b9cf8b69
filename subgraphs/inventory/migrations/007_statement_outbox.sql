-- The outbox trigger per statement instead of per row, as pricing's 005: one INSERT … SELECT
-- over the statement's transition tables and one notification per statement. Same events,
-- same rules (nothing under `commerce.suppress_events`, no event for an update that changes
-- only version/updated_at); an update that changes a row's key is its removal plus a creation.
CREATE FUNCTION inventory.stock_event(product_id text, warehouse_id text, before_state jsonb, after_state jsonb) RETURNS json
LANGUAGE sql VOLATILE AS $$
  SELECT json_build_object(
    'specversion', '1.0', 'id', gen_random_uuid()::text, 'source', '/commerce/inventory',
    'type', 'commerce.inventory.stock_changed.v1', 'subject', product_id, 'time', inventory.event_time(now()),
    'datacontenttype', 'application/json',
    'data', json_build_object('productId', product_id, 'warehouseId', warehouse_id, 'before', before_state, 'after', after_state))
$$;

CREATE FUNCTION inventory.emit_stock_changes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  emitted bigint;
BEGIN
  IF current_setting('commerce.suppress_events', true) = 'on' THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO inventory.outbox (event)
    SELECT inventory.stock_event(n.product_id, n.warehouse_id, NULL, inventory.stock_state(n)) FROM new_rows n ORDER BY n.product_id, n.warehouse_id;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO inventory.outbox (event)
    SELECT inventory.stock_event(o.product_id, o.warehouse_id, inventory.stock_state(o), NULL) FROM old_rows o ORDER BY o.product_id, o.warehouse_id;
  ELSE
    INSERT INTO inventory.outbox (event)
    SELECT inventory.stock_event(coalesce(n.product_id, o.product_id), coalesce(n.warehouse_id, o.warehouse_id),
      CASE WHEN o.product_id IS NULL THEN NULL ELSE inventory.stock_state(o) END,
      CASE WHEN n.product_id IS NULL THEN NULL ELSE inventory.stock_state(n) END)
    FROM old_rows o FULL JOIN new_rows n USING (product_id, warehouse_id)
    WHERE o.product_id IS NULL OR n.product_id IS NULL OR inventory.stock_state(o) - 'version' <> inventory.stock_state(n) - 'version'
    ORDER BY coalesce(n.product_id, o.product_id), coalesce(n.warehouse_id, o.warehouse_id);
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
