-- Partner webhooks (lib/webhooks): endpoints registered per API client, and one delivery row
-- per (endpoint, event), written by the webhooks consumer of the change feed and sent by the
-- dispatcher until delivered or past the retry horizon (then `dead`, replayable).
CREATE SCHEMA webhooks;

CREATE TABLE webhooks.endpoints (
  id          text PRIMARY KEY,
  -- The API client (partner) the endpoint belongs to.
  client_id   text NOT NULL,
  url         text NOT NULL,
  event_types text[] NOT NULL,
  status      text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused')),
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Signing secrets (Standard Webhooks `whsec_…`). While a rotation overlaps, the old secret
-- stays until `expires_at` and each delivery carries a signature by every live secret.
CREATE TABLE webhooks.secrets (
  endpoint_id text NOT NULL REFERENCES webhooks.endpoints (id) ON DELETE CASCADE,
  secret      text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz,
  PRIMARY KEY (endpoint_id, secret)
);

CREATE TABLE webhooks.deliveries (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  endpoint_id     text NOT NULL REFERENCES webhooks.endpoints (id) ON DELETE CASCADE,
  event_id        text NOT NULL,
  event_type      text NOT NULL,
  subject         text NOT NULL,
  -- The CloudEvent as sent (the request body).
  payload         text NOT NULL,
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead')),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  -- Set while a dispatcher sends it; a lease that ran out (a dispatcher died) frees it again.
  leased_until    timestamptz,
  last_status     integer,
  last_error      text,
  last_latency_ms integer,
  created_at      timestamptz NOT NULL DEFAULT now(),
  delivered_at    timestamptz,
  UNIQUE (endpoint_id, event_id)
);
CREATE INDEX deliveries_due ON webhooks.deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX deliveries_order ON webhooks.deliveries (endpoint_id, subject, id) WHERE status = 'pending';
CREATE INDEX deliveries_listing ON webhooks.deliveries (endpoint_id, id);
