-- 006_people.sql: learners are people, not addresses; booking links
-- are stored hashed (issues 11 and 13, the booking brief).
--
-- learner.email loses UNIQUE: a family or a support worker shares one
-- address, and each person who books is recorded under the name they
-- gave. A booking reuses a learner only when the email and the name
-- both match, and never rewrites one (src/college/booking.c).
--
-- booking.token (the plaintext link) becomes nullable and is no longer
-- written. In its place:
--   token_hash	SHA-256 (hex) of the manage token, the booking link;
--   checkin_hash	SHA-256 (hex) of the check-in token, the QR code and
--			/c/{token}; the check-in token is derived from the
--			manage token, so it is never stored either;
--   token_sealed	the manage token sealed with crypto_secretbox under
--			the key file beside the database, so later mail can
--			carry the link while a copy of the database alone
--			holds no working link.
-- Rows from before keep their plaintext token until `tessera init`
-- runs its upgrade step (booking_upgrade), which fills the three and
-- blanks the token.
--
-- SQLite changes a constraint only by rebuilding the table. Bookings
-- refer to learners, and attendance and the outbox to bookings, so the
-- old rows are copied aside, the table dropped (the children's
-- references then count as deferred violations), created anew and
-- refilled: each row put back resolves the violations it caused, and
-- the count is back at nought by COMMIT.

PRAGMA defer_foreign_keys = ON;

CREATE TABLE learner_006 AS SELECT * FROM learner;
CREATE TABLE booking_006 AS SELECT * FROM booking;
DROP TABLE booking;
DROP TABLE learner;

CREATE TABLE learner (
	id		INTEGER PRIMARY KEY,
	email		TEXT,				-- lowercased; NULL once erased
	name		TEXT NOT NULL,
	phone		TEXT NOT NULL DEFAULT '',
	consent_at	INTEGER,			-- privacy notice accepted
	created_at	INTEGER NOT NULL,
	erased_at	INTEGER
);
INSERT INTO learner(id, email, name, phone, consent_at, created_at, erased_at)
	SELECT id, email, name, phone, consent_at, created_at, erased_at
	FROM learner_006;
CREATE INDEX learner_email ON learner(email);

CREATE TABLE booking (
	id		INTEGER PRIMARY KEY,
	run_id		INTEGER NOT NULL REFERENCES run(id),
	learner_id	INTEGER NOT NULL REFERENCES learner(id),
	status		TEXT NOT NULL
			    CHECK (status IN ('confirmed', 'waitlisted', 'cancelled')),
	token		TEXT UNIQUE,			-- before 006 only; NULL after the upgrade
	code		TEXT NOT NULL,			-- short check-in code
	needs		TEXT NOT NULL DEFAULT '',	-- support needs, shown on request
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL,
	queued_at	INTEGER NOT NULL DEFAULT 0,
	browser_hash	TEXT NOT NULL DEFAULT '',
	token_hash	TEXT UNIQUE,			-- SHA-256 hex of the manage token
	checkin_hash	TEXT UNIQUE,			-- SHA-256 hex of the check-in token
	token_sealed	BLOB,				-- nonce || secretbox(manage token)
	UNIQUE (run_id, learner_id),
	UNIQUE (run_id, code)
);
INSERT INTO booking(id, run_id, learner_id, status, token, code, needs,
    created_at, updated_at, queued_at, browser_hash)
	SELECT id, run_id, learner_id, status, token, code, needs,
	    created_at, updated_at, queued_at, browser_hash
	FROM booking_006;
CREATE INDEX booking_run_status ON booking(run_id, status, id);
CREATE INDEX booking_learner ON booking(learner_id);
CREATE INDEX booking_queue ON booking(run_id, status, queued_at, id);
CREATE INDEX booking_run_queued ON booking(run_id, queued_at);

DROP TABLE booking_006;
DROP TABLE learner_006;

-- New bookings per client in the last hour (BOOKING_CLIENT_MAX): the
-- client is the SHA-256 (hex) of its address (an IPv6 address by its
-- /64), never the address; rows older than the hour are pruned.
CREATE TABLE booking_client (
	id		INTEGER PRIMARY KEY,
	key_hash	TEXT NOT NULL,
	at		INTEGER NOT NULL
);
CREATE INDEX booking_client_key ON booking_client(key_hash, at);
CREATE INDEX booking_client_at ON booking_client(at);
