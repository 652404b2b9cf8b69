CREATE SCHEMA IF NOT EXISTS pricing;

-- One row per product and currency; amounts in minor units.
CREATE TABLE pricing.prices (
  product_id      text NOT NULL,
  currency        char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  list_amount     integer NOT NULL CHECK (list_amount >= 0),
  sale_amount     integer CHECK (sale_amount >= 0 AND sale_amount <= list_amount),
  sale_valid_from timestamptz,
  sale_valid_to   timestamptz CHECK (sale_valid_to IS NULL OR sale_valid_from IS NULL OR sale_valid_to > sale_valid_from),
  version         integer NOT NULL DEFAULT 1,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (product_id, currency)
);
