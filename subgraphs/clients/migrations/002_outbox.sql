-- The outbox every store subgraph has (the relay reads each one). Clients commit no change
-- events yet: the gateway re-reads a key after API_KEY_CACHE_SECONDS.
CREATE TABLE clients.outbox (
  seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event      json NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
