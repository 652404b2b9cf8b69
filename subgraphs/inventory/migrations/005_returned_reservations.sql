-- A committed reservation whose stock went back on hand (its order was cancelled).
ALTER TABLE inventory.reservations DROP CONSTRAINT reservations_status_check;
ALTER TABLE inventory.reservations ADD CONSTRAINT reservations_status_check
  CHECK (status IN ('held', 'committed', 'released', 'expired', 'returned'));
