-- Stock held for a checkout until it is committed (on hand drops) or released, per warehouse.
-- The id is the caller's idempotency key (saga id + step): the same key twice is one
-- reservation. `inventory.stock.reserved` is the sum of the held lines per stock row (plus
-- whatever was loaded directly); every change to it goes through the stock trigger, so the
-- outbox carries a commerce.inventory.stock_changed.v1 event for each (002_outbox.sql).
CREATE TABLE inventory.reservations (
  id                  text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 200),
  -- held: stock reserved; committed: on hand decremented; released: nothing held (a release
  -- of an unknown id records a released tombstone, so a late reserve with it reserves nothing);
  -- expired: released by the sweeper.
  status              text NOT NULL CHECK (status IN ('held', 'committed', 'released', 'expired')),
  destination_country char(2),
  -- The lines as requested ([{ productId, quantity }], sorted by product), to refuse a key reused for other lines.
  requested           jsonb NOT NULL,
  expires_at          timestamptz NOT NULL,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);

-- The sweeper's scan: held reservations by expiry.
CREATE INDEX reservations_held_expiry ON inventory.reservations (expires_at) WHERE status = 'held';

-- Where each requested line was allocated; a line split across warehouses has several rows.
CREATE TABLE inventory.reservation_allocations (
  reservation_id text NOT NULL REFERENCES inventory.reservations (id),
  product_id     text NOT NULL,
  warehouse_id   text NOT NULL,
  quantity       integer NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (reservation_id, product_id, warehouse_id),
  FOREIGN KEY (warehouse_id) REFERENCES inventory.warehouses (id)
);
