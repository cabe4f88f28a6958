-- 008_mail.sql: what the learners' mail needs besides the outbox
-- (005): calendar revision numbers, reminders sent and stopped, and
-- the "lost your link?" page's rate limits.
--
-- Calendar updates (RFC 5546, 2.1.4): a learner's calendar keeps an
-- event by its UID and takes a new version of it only when its
-- SEQUENCE is higher. An event's SEQUENCE is session.seq + booking.seq,
-- and triggers bump them on every change that a calendar must follow,
-- whichever program makes it: a session moved or cancelled, a run
-- cancelled (each of its sessions), a booking cancelled or made again.
-- Triggers rather than code in each writer, so that no future path can
-- change a session and forget the number.

ALTER TABLE session ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE booking ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;

CREATE TRIGGER session_seq AFTER UPDATE OF starts_at, ends_at, venue_id,
    status ON session
    WHEN OLD.starts_at IS NOT NEW.starts_at OR OLD.ends_at IS NOT NEW.ends_at
      OR OLD.venue_id IS NOT NEW.venue_id OR OLD.status IS NOT NEW.status
BEGIN
	UPDATE session SET seq = seq + 1 WHERE id = NEW.id;
END;

CREATE TRIGGER run_cancel_seq AFTER UPDATE OF status ON run
    WHEN NEW.status = 'cancelled' AND OLD.status IS NOT 'cancelled'
BEGIN
	UPDATE session SET seq = seq + 1 WHERE run_id = NEW.id;
END;

CREATE TRIGGER booking_seq AFTER UPDATE OF status ON booking
    WHEN (OLD.status = 'cancelled') IS NOT (NEW.status = 'cancelled')
BEGIN
	UPDATE booking SET seq = seq + 1 WHERE id = NEW.id;
END;

-- Reminders: 1 while the learner wants them; stopped with one link
-- (RFC 8058) and started again from the same page.
ALTER TABLE learner ADD COLUMN reminders INTEGER NOT NULL DEFAULT 1
    CHECK (reminders IN (0, 1));

-- What to bring or know before coming, for one run: the reminders and
-- confirmations say it ('' : a kind general line instead).
ALTER TABLE run ADD COLUMN bring TEXT NOT NULL DEFAULT '';

-- One reminder per booking and session, ever.
CREATE TABLE reminder_sent (
	booking_id	INTEGER NOT NULL REFERENCES booking(id),
	session_id	INTEGER NOT NULL REFERENCES session(id),
	at		INTEGER NOT NULL,
	PRIMARY KEY (booking_id, session_id)
) WITHOUT ROWID;

-- "Lost your link?" requests, for the rate limits: key is 'addr:' or
-- 'client:' and a hash keyed with the mail key (never the address).
CREATE TABLE lost_request (
	id		INTEGER PRIMARY KEY,
	key		TEXT NOT NULL,
	at		INTEGER NOT NULL
);
CREATE INDEX lost_request_key ON lost_request(key, at);

-- reminder_hours: hours before a session (0: no reminders). mail_from:
-- the From address ('' means noreply@ the site's host). The secret of
-- the stop-reminders links is not here but derived from the key file
-- beside the database (src/college/mail.c).
INSERT OR IGNORE INTO setting(key, value) VALUES
	('reminder_hours', '48'),
	('mail_from', '');
