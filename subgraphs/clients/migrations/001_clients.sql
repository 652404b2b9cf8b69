-- API clients (a storefront, a partner, a mobile app) and their keys. The gateway names the
-- client of each request by its key (X-Api-Key) and applies its limits; keys are stored as
-- SHA-256 hashes only (they are long random strings: a fast hash is enough, and lookups
-- go by the hash). A rotation keeps the previous key valid until `expires_at`.
CREATE SCHEMA clients;

CREATE TABLE clients.clients (
  id                  text PRIMARY KEY,
  name                text NOT NULL,
  kind                text NOT NULL CHECK (kind IN ('storefront', 'partner', 'mobile', 'internal')),
  -- Requests per second, and demand-control cost per minute, across the gateway's replicas.
  requests_per_second integer NOT NULL CHECK (requests_per_second > 0),
  cost_per_minute     integer NOT NULL CHECK (cost_per_minute > 0),
  -- May send only registered documents (trusted documents), never operation text.
  trusted_only        boolean NOT NULL DEFAULT false,
  created_at          timestamptz NOT NULL DEFAULT now(),
  disabled_at         timestamptz
);

CREATE TABLE clients.api_keys (
  id         text PRIMARY KEY,
  client_id  text NOT NULL REFERENCES clients.clients (id) ON DELETE CASCADE,
  key_hash   text NOT NULL UNIQUE,
  -- The key's first characters, to tell keys apart in listings and logs.
  prefix     text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX api_keys_by_client ON clients.api_keys (client_id, created_at DESC);
