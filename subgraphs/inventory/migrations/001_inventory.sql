CREATE SCHEMA IF NOT EXISTS inventory;

CREATE TABLE inventory.warehouses (
  id      text PRIMARY KEY,
  name    text NOT NULL,
  country char(2) NOT NULL
);

CREATE TABLE inventory.stock (
  product_id   text NOT NULL,
  warehouse_id text NOT NULL REFERENCES inventory.warehouses (id),
  on_hand      integer NOT NULL CHECK (on_hand >= 0),
  reserved     integer NOT NULL DEFAULT 0 CHECK (reserved >= 0 AND reserved <= on_hand),
  version      integer NOT NULL DEFAULT 1,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (product_id, warehouse_id)
);

-- Every adjustment, for audit.
CREATE TABLE inventory.stock_movements (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  product_id   text NOT NULL,
  warehouse_id text NOT NULL,
  delta        integer NOT NULL,
  reason       text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
