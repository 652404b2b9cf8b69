-- Every state a price has had, for time travel (Product.price(at:), priceHistory,
-- lowestPrice30d): written by the write's own transaction, so history never lags the price
-- and needs no consumer to be up. One row per committed state, valid from its commit time
-- until the next row of the same product and currency; a removed price is a row without
-- amounts. Statement-level triggers, so a bulk load (the sample store) costs one INSERT …
-- SELECT, not one per row. Rows are never updated or deleted.
CREATE TABLE pricing.price_history (
  seq             bigint GENERATED ALWAYS AS IDENTITY,
  product_id      text NOT NULL,
  currency        char(3) NOT NULL,
  valid_from      timestamptz NOT NULL,
  list_amount     integer,
  sale_amount     integer,
  sale_valid_from timestamptz,
  sale_valid_to   timestamptz,
  version         integer NOT NULL,
  -- The caller's subject when the write carried one (`SET LOCAL commerce.actor`).
  changed_by      text,
  PRIMARY KEY (product_id, currency, valid_from, seq)
);

CREATE FUNCTION pricing.record_price_history() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  actor text := nullif(current_setting('commerce.actor', true), '');
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO pricing.price_history (product_id, currency, valid_from, version, changed_by)
    SELECT o.product_id, o.currency, clock_timestamp(), o.version, actor FROM old_rows o;
  ELSIF TG_OP = 'UPDATE' THEN
    -- An update that changes nothing but version/updated_at is not a change (as for events).
    INSERT INTO pricing.price_history (product_id, currency, valid_from, list_amount, sale_amount, sale_valid_from, sale_valid_to, version, changed_by)
    SELECT n.product_id, n.currency, clock_timestamp(), n.list_amount, n.sale_amount, n.sale_valid_from, n.sale_valid_to, n.version, actor
    FROM new_rows n JOIN old_rows o USING (product_id, currency)
    WHERE (n.list_amount, n.sale_amount, n.sale_valid_from, n.sale_valid_to) IS DISTINCT FROM (o.list_amount, o.sale_amount, o.sale_valid_from, o.sale_valid_to);
  ELSE
    INSERT INTO pricing.price_history (product_id, currency, valid_from, list_amount, sale_amount, sale_valid_from, sale_valid_to, version, changed_by)
    SELECT n.product_id, n.currency, clock_timestamp(), n.list_amount, n.sale_amount, n.sale_valid_from, n.sale_valid_to, n.version, actor FROM new_rows n;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER prices_history_insert AFTER INSERT ON pricing.prices
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pricing.record_price_history();
CREATE TRIGGER prices_history_update AFTER UPDATE ON pricing.prices
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pricing.record_price_history();
CREATE TRIGGER prices_history_delete AFTER DELETE ON pricing.prices
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION pricing.record_price_history();

-- Prices that exist already start their history at their last change.
INSERT INTO pricing.price_history (product_id, currency, valid_from, list_amount, sale_amount, sale_valid_from, sale_valid_to, version)
SELECT product_id, currency, updated_at, list_amount, sale_amount, sale_valid_from, sale_valid_to, version FROM pricing.prices;
