CREATE SCHEMA IF NOT EXISTS orders;

-- A shopper's cart. `owner` is the JWT subject; only it (or staff) reads and changes the cart.
-- open: editable; checking_out: a checkout saga runs on it (lines frozen); checked_out: an
-- order was placed from it. A failed checkout opens it again.
CREATE TABLE orders.carts (
  id         uuid PRIMARY KEY,
  owner      text NOT NULL,
  currency   char(3) NOT NULL,
  status     text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'checking_out', 'checked_out')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX carts_owner ON orders.carts (owner, created_at DESC);

CREATE TABLE orders.cart_lines (
  cart_id    uuid NOT NULL REFERENCES orders.carts (id) ON DELETE CASCADE,
  product_id text NOT NULL,
  quantity   integer NOT NULL CHECK (quantity BETWEEN 1 AND 1000),
  added_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (cart_id, product_id)
);

-- An order is created PENDING by checkout, with its saga; it ends PLACED, FAILED (with a
-- reason code) or, from PLACED, CANCELLED. Amounts are integer minor units of `currency`,
-- known once the saga priced the cart.
CREATE TABLE orders.orders (
  id               uuid PRIMARY KEY,
  owner            text NOT NULL,
  cart_id          uuid NOT NULL REFERENCES orders.carts (id),
  -- The client's key: the same owner and key twice is the same order.
  idempotency_key  text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 200),
  status           text NOT NULL CHECK (status IN ('PENDING', 'PLACED', 'FAILED', 'CANCELLED')),
  failure_code     text,
  currency         char(3) NOT NULL,
  items_amount     bigint CHECK (items_amount >= 0),
  shipping_amount  bigint CHECK (shipping_amount >= 0),
  total_amount     bigint CHECK (total_amount >= 0),
  shipping_address jsonb NOT NULL,
  shipping_option  text NOT NULL,
  payment_method   text NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  placed_at        timestamptz,
  UNIQUE (owner, idempotency_key)
);
CREATE INDEX orders_owner ON orders.orders (owner, created_at DESC, id DESC);
-- At most one order in flight or placed per cart.
CREATE UNIQUE INDEX orders_one_live_per_cart ON orders.orders (cart_id) WHERE status IN ('PENDING', 'PLACED');

-- The cart's lines, copied at checkout; `unit_amount` is the price the saga locked.
CREATE TABLE orders.order_lines (
  order_id    uuid NOT NULL REFERENCES orders.orders (id),
  product_id  text NOT NULL,
  quantity    integer NOT NULL CHECK (quantity > 0),
  unit_amount bigint CHECK (unit_amount >= 0),
  PRIMARY KEY (order_id, product_id)
);

-- The checkout saga of an order (saga id = order id). `step` is the next step to run (or
-- the compensation under way); each step's outcome is in saga_steps. A process working on
-- a saga holds a lease; the recovery loop takes over sagas whose lease ran out.
CREATE TABLE orders.checkout_sagas (
  order_id     uuid PRIMARY KEY REFERENCES orders.orders (id),
  state        text NOT NULL CHECK (state IN ('running', 'compensating', 'done')),
  step         text NOT NULL,
  failure_code text,
  lease_until  timestamptz NOT NULL DEFAULT now(),
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX checkout_sagas_unfinished ON orders.checkout_sagas (lease_until) WHERE state <> 'done';

-- One row per step and saga, written before the step acts (started) and after (succeeded,
-- failed, compensated). `idempotency_key` (saga id + step) goes with every command to
-- another service, so a resumed step never acts twice.
CREATE TABLE orders.saga_steps (
  order_id        uuid NOT NULL REFERENCES orders.checkout_sagas (order_id),
  step            text NOT NULL,
  status          text NOT NULL CHECK (status IN ('started', 'succeeded', 'failed', 'compensated')),
  idempotency_key text NOT NULL,
  attempts        integer NOT NULL DEFAULT 1,
  result          jsonb,
  error_code      text,
  started_at      timestamptz NOT NULL DEFAULT now(),
  finished_at     timestamptz,
  PRIMARY KEY (order_id, step)
);
