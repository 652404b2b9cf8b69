-- A placed order being cancelled: its saga runs again, undoing every step in reverse (payment
-- voided, stock returned), then the order is CANCELLED.
ALTER TABLE orders.checkout_sagas DROP CONSTRAINT checkout_sagas_state_check;
ALTER TABLE orders.checkout_sagas ADD CONSTRAINT checkout_sagas_state_check
  CHECK (state IN ('running', 'compensating', 'cancelling', 'done'));
