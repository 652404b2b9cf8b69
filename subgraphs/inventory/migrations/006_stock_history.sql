-- Every state a stock row has had, for time travel (Product.stock(at:), stockHistory): written
-- by the write's own transaction, so history never lags stock and needs no consumer to be up
-- (docs/time-travel.md). One row per committed state, valid from its commit-time clock until
-- the next row of the same product and warehouse; a removed row is a state without quantities.
-- Statement-level triggers: a bulk load costs one INSERT … SELECT. Rows are never updated or deleted.
CREATE TABLE inventory.stock_history (
  seq          bigint GENERATED ALWAYS AS IDENTITY,
  product_id   text NOT NULL,
  warehouse_id text NOT NULL,
  valid_from   timestamptz NOT NULL,
  on_hand      integer,
  reserved     integer,
  version      integer NOT NULL,
  -- The caller's subject when the write carried one (`SET LOCAL commerce.actor`).
  changed_by   text,
  PRIMARY KEY (product_id, warehouse_id, valid_from, seq)
);

CREATE FUNCTION inventory.record_stock_history() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  actor text := nullif(current_setting('commerce.actor', true), '');
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO inventory.stock_history (product_id, warehouse_id, valid_from, version, changed_by)
    SELECT o.product_id, o.warehouse_id, clock_timestamp(), o.version, actor FROM old_rows o;
  ELSIF TG_OP = 'UPDATE' THEN
    -- An update that changes nothing but version/updated_at is not a change (as for events).
    INSERT INTO inventory.stock_history (product_id, warehouse_id, valid_from, on_hand, reserved, version, changed_by)
    SELECT n.product_id, n.warehouse_id, clock_timestamp(), n.on_hand, n.reserved, n.version, actor
    FROM new_rows n JOIN old_rows o USING (product_id, warehouse_id)
    WHERE (n.on_hand, n.reserved) IS DISTINCT FROM (o.on_hand, o.reserved);
  ELSE
    INSERT INTO inventory.stock_history (product_id, warehouse_id, valid_from, on_hand, reserved, version, changed_by)
    SELECT n.product_id, n.warehouse_id, clock_timestamp(), n.on_hand, n.reserved, n.version, actor FROM new_rows n;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER stock_history_insert AFTER INSERT ON inventory.stock
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION inventory.record_stock_history();
CREATE TRIGGER stock_history_update AFTER UPDATE ON inventory.stock
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION inventory.record_stock_history();
CREATE TRIGGER stock_history_delete AFTER DELETE ON inventory.stock
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION inventory.record_stock_history();

-- Stock rows that exist already start their history at their last change.
INSERT INTO inventory.stock_history (product_id, warehouse_id, valid_from, on_hand, reserved, version)
SELECT product_id, warehouse_id, updated_at, on_hand, reserved, version FROM inventory.stock;
