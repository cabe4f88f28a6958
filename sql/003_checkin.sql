-- 003_checkin.sql: what staff log-in and check-in need beyond 001.
--
-- scan_nonce: the in-page scanner sends a fresh random nonce with each
-- scan. A request sent again (a retry on a poor connection) finds its
-- nonce already here and gets the first answer back, so it is never
-- taken for a second scan. The attendance table's primary key is what
-- guarantees one record per booking and session; this only makes the
-- answer to a retry the same as the first. Rows older than a day are
-- deleted as new ones come (no foreign key on booking_id: erasing a
-- learner must not be held up by a day-old nonce).

CREATE TABLE scan_nonce (
	user_id		INTEGER NOT NULL REFERENCES user(id),
	nonce		TEXT NOT NULL,
	at		INTEGER NOT NULL,
	result		TEXT NOT NULL DEFAULT '',	-- the first answer's word
	booking_id	INTEGER,
	session_id	INTEGER,
	PRIMARY KEY (user_id, nonce)
) WITHOUT ROWID;
CREATE INDEX scan_nonce_at ON scan_nonce(at);

-- Expired staff sessions are deleted by age; a user's by user.
CREATE INDEX auth_session_user ON auth_session(user_id);
CREATE INDEX auth_session_seen ON auth_session(seen_at);
-- Old failures are deleted by age across all keys.
CREATE INDEX login_failure_at ON login_failure(at);
