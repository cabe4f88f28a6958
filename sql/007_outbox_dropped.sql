-- 007_outbox_dropped.sql: a fourth state for the outbox (005), 'dropped':
-- a row the mailer found nothing left to send for, without trying (the
-- learner erased since it was queued, a waiting-list message for a
-- booking that has a place by now, a reminder for a session cancelled
-- since). Not 'failed': the office's "we could not email this learner"
-- counts failures, and nothing failed here.
--
-- SQLite cannot change a CHECK constraint in place, so the table is made
-- anew, refilled and renamed (sqlite.org/lang_altertable.html, "making
-- other kinds of table schema changes"); no table refers to the outbox.

CREATE TABLE outbox_007 (
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
			    CHECK (state IN ('queued', 'sent', 'failed',
			    'dropped')),
	attempts	INTEGER NOT NULL DEFAULT 0,
	last_error	TEXT NOT NULL DEFAULT '',
	sent_at		INTEGER,
	body		BLOB
);
INSERT INTO outbox_007 (id, kind, booking_id, session_id, rcpt, lang,
    detail, msgid, created_at, due_at, state, attempts, last_error,
    sent_at, body)
    SELECT id, kind, booking_id, session_id, rcpt, lang, detail, msgid,
    created_at, due_at, state, attempts, last_error, sent_at, body
    FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_007 RENAME TO outbox;
CREATE INDEX outbox_due ON outbox(state, due_at);
CREATE INDEX outbox_booking ON outbox(booking_id);
CREATE INDEX outbox_rcpt ON outbox(rcpt);
