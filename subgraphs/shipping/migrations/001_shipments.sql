CREATE SCHEMA IF NOT EXISTS shipping;

-- A parcel booked at a carrier for an order, by the checkout saga (`bookShipment`, idempotent
-- by `booking_key`). `customer` is the order's (JWT subject): who may read the shipment.
-- `status` is the one of the latest tracking event by the carrier's own time (`status_at`;
-- null until the carrier's first scan), so a late or replayed event never moves a shipment back.
CREATE TABLE shipping.shipments (
  id              uuid PRIMARY KEY,
  order_id        text NOT NULL,
  customer        text NOT NULL,
  booking_key     text NOT NULL UNIQUE,
  carrier         text NOT NULL,
  service         text NOT NULL,
  tracking_number text NOT NULL,
  status          text NOT NULL CHECK (status IN ('LABEL_CREATED', 'PICKED_UP', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED', 'EXCEPTION', 'CANCELLED')),
  status_at       timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (carrier, tracking_number)
);
-- One live shipment per order (a cancelled one stays, for the history).
CREATE UNIQUE INDEX shipments_one_live_per_order ON shipping.shipments (order_id) WHERE status <> 'CANCELLED';
CREATE INDEX shipments_order ON shipping.shipments (order_id, created_at DESC);

-- Every tracking event a carrier pushed, once: its own event id de-duplicates retries and
-- replays. `occurred_at` is the carrier's time of the scan, `received_at` ours.
CREATE TABLE shipping.tracking_events (
  carrier          text NOT NULL,
  carrier_event_id text NOT NULL,
  shipment_id      uuid NOT NULL REFERENCES shipping.shipments (id),
  status           text NOT NULL,
  occurred_at      timestamptz NOT NULL,
  location         text,
  received_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (carrier, carrier_event_id)
);
CREATE INDEX tracking_events_shipment ON shipping.tracking_events (shipment_id, occurred_at);

-- Transactional outbox, as in the other stores: every change of a shipment's status writes a
-- commerce.shipping.shipment_status_changed.v1 event (subject: the order id) in the same transaction.
CREATE TABLE shipping.outbox (
  seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event      json NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION shipping.emit_shipment_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('commerce.suppress_events', true) = 'on' THEN RETURN NULL; END IF;
  IF TG_OP = 'UPDATE' AND OLD.status = NEW.status THEN RETURN NULL; END IF;
  INSERT INTO shipping.outbox (event) VALUES (json_build_object(
    'specversion', '1.0', 'id', gen_random_uuid()::text, 'source', '/commerce/shipping',
    'type', 'commerce.shipping.shipment_status_changed.v1', 'subject', NEW.order_id,
    'time', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'datacontenttype', 'application/json',
    'data', json_build_object('orderId', NEW.order_id, 'shipmentId', NEW.id::text, 'customer', NEW.customer,
      'carrier', NEW.carrier, 'trackingNumber', NEW.tracking_number,
      'before', CASE WHEN TG_OP = 'UPDATE' THEN OLD.status END, 'after', NEW.status,
      'at', to_char(coalesce(NEW.status_at, now()) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))));
  PERFORM pg_notify('commerce_outbox', 'shipping');
  RETURN NULL;
END
$$;

CREATE TRIGGER shipments_outbox AFTER INSERT OR UPDATE OF status ON shipping.shipments
  FOR EACH ROW EXECUTE FUNCTION shipping.emit_shipment_events();
