-- 005_outbox.sql: mail to learners, written in the same transaction as
-- the change it announces (issue "Mail"), delivered by `tessera mail`.
--
-- A row is an event, not yet a message: its kind, the booking (and
-- session) it is about, and the facts that the change itself fixes and
-- that later changes must not rewrite (detail: "position=3",
-- "old_start=...;old_end=..."). The mailer composes the message at its
-- first attempt and keeps the bytes in body, so a retry, or a second
-- send after a crash, is byte for byte the same message with the same
-- Message-ID (msgid, fixed here at enqueue: '<' msgid '@' host '>').
--
-- rcpt is the address at the time of the event; erasure blanks it and
-- the body with the learner's data. Nothing about support needs is
-- ever written here.
--
-- state: queued (waiting for due_at), sent, failed (permanent: a 5xx,
-- or temporary failures for longer than the retry window). attempts
-- and last_error are for the office's view ("we could not email this
-- learner"); last_error holds the server's reply, never the message.

CREATE TABLE outbox (
	id		INTEGER PRIMARY KEY,
	kind		TEXT NOT NULL CHECK (kind IN ('confirmed', 'waitlisted',
			    'promoted', 'cancelled', 'run_cancelled',
			    'session_moved', 'session_cancelled', 'reminder',
			    'lost', 'resend')),
	booking_id	INTEGER REFERENCES booking(id),	-- NULL for 'lost'
	session_id	INTEGER REFERENCES session(id),
	rcpt		TEXT NOT NULL,
	lang		TEXT NOT NULL DEFAULT 'en',
	detail		TEXT NOT NULL DEFAULT '',
	msgid		TEXT NOT NULL UNIQUE,
	created_at	INTEGER NOT NULL,
	due_at		INTEGER NOT NULL,
	state		TEXT NOT NULL DEFAULT 'queued'
			    CHECK (state IN ('queued', 'sent', 'failed')),
	attempts	INTEGER NOT NULL DEFAULT 0,
	last_error	TEXT NOT NULL DEFAULT '',
	sent_at		INTEGER,
	body		BLOB
);
-- What is due, oldest first: the mailer's one query.
CREATE INDEX outbox_due ON outbox(state, due_at);
-- A learner's mail, for the office's view and for erasure.
CREATE INDEX outbox_booking ON outbox(booking_id);
CREATE INDEX outbox_rcpt ON outbox(rcpt);
