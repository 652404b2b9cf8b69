-- Every attempt of a delivery, as staff see it in `WebhookDelivery.attemptLog`: when, what the
-- partner answered (or why nothing came back) and how long it took. A replay starts counting
-- attempts again; the log keeps the earlier ones.
CREATE TABLE webhooks.attempts (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  delivery_id bigint NOT NULL REFERENCES webhooks.deliveries (id) ON DELETE CASCADE,
  attempt     integer NOT NULL,
  at          timestamptz NOT NULL DEFAULT now(),
  status      integer,
  error       text,
  latency_ms  integer NOT NULL
);
CREATE INDEX attempts_by_delivery ON webhooks.attempts (delivery_id, id);
