-- Transactional outbox, as in the other stores: every change of a payment's status writes a
-- commerce.payments.payment_status_changed.v1 event in the same transaction.
CREATE TABLE payments.outbox (
  seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event      json NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION payments.emit_payment_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('commerce.suppress_events', true) = 'on' THEN RETURN NULL; END IF;
  IF TG_OP = 'UPDATE' AND OLD.status = NEW.status THEN RETURN NULL; END IF;
  INSERT INTO payments.outbox (event) VALUES (json_build_object(
    'specversion', '1.0', 'id', gen_random_uuid()::text, 'source', '/commerce/payments',
    'type', 'commerce.payments.payment_status_changed.v1', 'subject', NEW.order_id,
    'time', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'datacontenttype', 'application/json',
    'data', json_build_object('orderId', NEW.order_id, 'paymentId', NEW.id::text, 'customer', NEW.customer,
      'before', CASE WHEN TG_OP = 'UPDATE' THEN OLD.status END, 'after', NEW.status,
      'provider', NEW.provider, 'amount', NEW.amount, 'currency', NEW.currency::text)));
  PERFORM pg_notify('commerce_outbox', 'payments');
  RETURN NULL;
END
$$;

CREATE TRIGGER payments_outbox AFTER INSERT OR UPDATE OF status ON payments.payments
  FOR EACH ROW EXECUTE FUNCTION payments.emit_payment_events();
