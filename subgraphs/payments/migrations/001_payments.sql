CREATE SCHEMA IF NOT EXISTS payments;

-- The payment of one order: one per idempotency key (the orders saga's `<order id>:authorize`).
-- status follows the kept provider attempt: AUTHORIZING while a call is in flight or its
-- result is unknown; AUTHORIZED / PENDING hold money (PENDING: final state by webhook);
-- DECLINED (business refusal), FAILED (every provider failed technically), VOIDED, CAPTURED.
-- A process authorizing holds `lease_until`, so a concurrent retry with the same key waits
-- instead of charging twice; `attempts` counts calls, so a retry looks before it charges.
CREATE TABLE payments.payments (
  id                uuid PRIMARY KEY,
  order_id          text NOT NULL,
  customer          text NOT NULL,
  idempotency_key   text NOT NULL UNIQUE CHECK (idempotency_key ~ '^[A-Za-z0-9:_-]{1,80}$'),
  amount            bigint NOT NULL CHECK (amount > 0),
  currency          char(3) NOT NULL,
  status            text NOT NULL CHECK (status IN ('AUTHORIZING', 'AUTHORIZED', 'PENDING', 'DECLINED', 'FAILED', 'VOIDED', 'CAPTURED')),
  provider          text,
  authorization_id  text,
  failure_reason    text,
  attempts          integer NOT NULL DEFAULT 0,
  lease_until       timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payments_order ON payments.payments (order_id);
CREATE UNIQUE INDEX payments_authorization ON payments.payments (provider, authorization_id) WHERE authorization_id IS NOT NULL;

-- Every call made at a provider for a payment (authorize, lookup, recheck, void), for support
-- and the audit trail.
CREATE TABLE payments.attempts (
  payment_id  uuid NOT NULL REFERENCES payments.payments (id),
  seq         integer NOT NULL,
  provider    text NOT NULL,
  step        text NOT NULL,
  result      text NOT NULL,
  code        text,
  at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (payment_id, seq)
);

-- Provider webhooks, verified, once per (provider, event id): a duplicate is dropped. The
-- payment's status is the fold of its synchronous answer and every event of its
-- authorization, states only moving forward, so an event arriving late, twice or before the
-- synchronous answer changes nothing it should not.
CREATE TABLE payments.webhook_inbox (
  provider          text NOT NULL,
  event_id          text NOT NULL,
  authorization_id  text NOT NULL,
  idempotency_key   text,
  status            text,
  occurred_at       timestamptz NOT NULL,
  received_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (provider, event_id)
);
CREATE INDEX webhook_inbox_authorization ON payments.webhook_inbox (provider, authorization_id);
