-- 002_booking.sql: what booking needs beyond 001.
--
-- queued_at orders a run's waiting list: (queued_at, id), smallest
-- first. 001 ordered it by id alone, but a booking cancelled and then
-- made again keeps its row (UNIQUE (run_id, learner_id)) and must still
-- go to the end of the list; it takes 1 + the run's largest queued_at,
-- as every new booking does. Rows from before (and the demo college's,
-- which leave it at 0) keep their id order.
--
-- browser_hash is the SHA-256, in hex, of the csrf cookie of the
-- browser that made the booking ('' if unknown). A repeat booking from
-- that browser (a double click, a retry) is sent to the booking it
-- already has; anyone else who merely knows the email address is not.

ALTER TABLE booking ADD COLUMN queued_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE booking ADD COLUMN browser_hash TEXT NOT NULL DEFAULT '';

UPDATE booking SET queued_at = id;

-- A run's waiting list in order, and a place in it.
CREATE INDEX booking_queue ON booking(run_id, status, queued_at, id);
-- The end of a run's queue, found in one seek by every new booking.
CREATE INDEX booking_run_queued ON booking(run_id, queued_at);
