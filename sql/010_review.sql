-- 010_review.sql: what the review (issue 11) needed in the schema.
--
-- pending_erasure: learners whose erasure is committed but whose old
-- pages may still sit in the write-ahead log, because a reader kept the
-- truncating checkpoint from finishing (learner.h). A row is written in
-- the same transaction as the erasure and deleted only once a
-- checkpoint has emptied the log; `tessera erase --pending` and the
-- mailer's daily pass retry them. It holds the learner's id, nothing
-- personal.
-- ids grow, so a retry deletes only the rows that were there before its
-- checkpoint, never one an erasure wrote meanwhile.
CREATE TABLE pending_erasure (
	id		INTEGER PRIMARY KEY,
	learner_id	INTEGER NOT NULL UNIQUE REFERENCES learner(id),
	requested_at	INTEGER NOT NULL
);

-- login_device: browsers that have logged in to an account (OWASP's
-- device cookie, staff.h). The cookie's random id is stored only as its
-- SHA-256 in hex, once per account it has logged in to.
CREATE TABLE login_device (
	id_hash		TEXT NOT NULL,
	user_id		INTEGER NOT NULL REFERENCES user(id),
	created_at	INTEGER NOT NULL,
	seen_at		INTEGER NOT NULL,
	PRIMARY KEY (id_hash, user_id)
) WITHOUT ROWID;
CREATE INDEX login_device_seen ON login_device(seen_at);
