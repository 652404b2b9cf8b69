-- The outbox every store subgraph has (the relay reads each one). Webhooks commit no change
-- events of their own yet; deliveries are visible in the graph and on /metrics instead.
CREATE TABLE webhooks.outbox (
  seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event      json NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
