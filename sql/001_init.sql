-- 001_init.sql: the college, as tables.
--
-- Times are INTEGER seconds since the Unix epoch, UTC; they are shown in
-- the college's zone (setting 'timezone'). Text is UTF-8. Every status
-- is a CHECKed word, so a bad write fails instead of lying.

CREATE TABLE setting (
	key		TEXT PRIMARY KEY,
	value		TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE topic (
	id		INTEGER PRIMARY KEY,
	slug		TEXT NOT NULL UNIQUE,
	name		TEXT NOT NULL
);

CREATE TABLE venue (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL,
	address		TEXT NOT NULL DEFAULT '',
	access		TEXT NOT NULL DEFAULT '',	-- step-free access, hearing loop, ...
	online		INTEGER NOT NULL DEFAULT 0 CHECK (online IN (0, 1))
);

CREATE TABLE course (
	id		INTEGER PRIMARY KEY,
	slug		TEXT NOT NULL UNIQUE,
	title		TEXT NOT NULL,
	summary		TEXT NOT NULL DEFAULT '',
	description	TEXT NOT NULL DEFAULT '',
	topic_id	INTEGER REFERENCES topic(id),
	status		TEXT NOT NULL DEFAULT 'draft'
			    CHECK (status IN ('draft', 'published'))
);

-- One offering of a course (a cohort); a workshop has one session.
CREATE TABLE run (
	id		INTEGER PRIMARY KEY,
	course_id	INTEGER NOT NULL REFERENCES course(id),
	capacity	INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 1000),
	status		TEXT NOT NULL DEFAULT 'draft'
			    CHECK (status IN ('draft', 'published', 'cancelled')),
	online_details	TEXT NOT NULL DEFAULT ''	-- joining link etc.: confirmed learners only
);
CREATE INDEX run_course ON run(course_id);

CREATE TABLE session (
	id		INTEGER PRIMARY KEY,
	run_id		INTEGER NOT NULL REFERENCES run(id),
	starts_at	INTEGER NOT NULL,
	ends_at		INTEGER NOT NULL CHECK (ends_at > starts_at),
	venue_id	INTEGER NOT NULL REFERENCES venue(id),
	status		TEXT NOT NULL DEFAULT 'scheduled'
			    CHECK (status IN ('scheduled', 'cancelled'))
);
CREATE INDEX session_run ON session(run_id, starts_at);
CREATE INDEX session_start ON session(starts_at);

-- Staff: educators and administrators.
CREATE TABLE user (
	id		INTEGER PRIMARY KEY,
	email		TEXT NOT NULL UNIQUE,		-- lowercased
	name		TEXT NOT NULL,
	role		TEXT NOT NULL CHECK (role IN ('educator', 'admin')),
	pwhash		TEXT NOT NULL,			-- crypto_pwhash_str (Argon2id)
	disabled	INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
	created_at	INTEGER NOT NULL
);

CREATE TABLE facilitator (
	run_id		INTEGER NOT NULL REFERENCES run(id),
	user_id		INTEGER NOT NULL REFERENCES user(id),
	role		TEXT NOT NULL CHECK (role IN ('peer', 'clinical', 'other')),
	PRIMARY KEY (run_id, user_id)
) WITHOUT ROWID;
CREATE INDEX facilitator_user ON facilitator(user_id);

-- A learner is enrolled once, by email, and reused for every booking.
CREATE TABLE learner (
	id		INTEGER PRIMARY KEY,
	email		TEXT UNIQUE,			-- lowercased; NULL once erased
	name		TEXT NOT NULL,
	phone		TEXT NOT NULL DEFAULT '',
	consent_at	INTEGER,			-- privacy notice accepted
	created_at	INTEGER NOT NULL,
	erased_at	INTEGER
);

-- Waiting-list order is booking id order among a run's waitlisted bookings.
CREATE TABLE booking (
	id		INTEGER PRIMARY KEY,
	run_id		INTEGER NOT NULL REFERENCES run(id),
	learner_id	INTEGER NOT NULL REFERENCES learner(id),
	status		TEXT NOT NULL
			    CHECK (status IN ('confirmed', 'waitlisted', 'cancelled')),
	token		TEXT NOT NULL UNIQUE,		-- 26 base32 characters
	code		TEXT NOT NULL,			-- short check-in code
	needs		TEXT NOT NULL DEFAULT '',	-- support needs, shown on request
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL,
	UNIQUE (run_id, learner_id),
	UNIQUE (run_id, code)
);
CREATE INDEX booking_run_status ON booking(run_id, status, id);
CREATE INDEX booking_learner ON booking(learner_id);

-- At most one record per booking and session, whatever the number of scans.
CREATE TABLE attendance (
	booking_id	INTEGER NOT NULL REFERENCES booking(id),
	session_id	INTEGER NOT NULL REFERENCES session(id),
	status		TEXT NOT NULL
			    CHECK (status IN ('present', 'late', 'absent', 'excused')),
	at		INTEGER NOT NULL,
	by_user		INTEGER REFERENCES user(id),
	method		TEXT NOT NULL CHECK (method IN ('qr', 'tap', 'code')),
	PRIMARY KEY (booking_id, session_id)
) WITHOUT ROWID;
CREATE INDEX attendance_session ON attendance(session_id);

-- Staff sessions: the id is only ever stored hashed.
CREATE TABLE auth_session (
	id_hash		TEXT PRIMARY KEY,
	user_id		INTEGER NOT NULL REFERENCES user(id),
	created_at	INTEGER NOT NULL,
	seen_at		INTEGER NOT NULL
) WITHOUT ROWID;

-- Failed logins, per account and per address, for throttling.
CREATE TABLE login_failure (
	id		INTEGER PRIMARY KEY,
	key		TEXT NOT NULL,			-- 'email:...' or 'addr:...'
	at		INTEGER NOT NULL
);
CREATE INDEX login_failure_key ON login_failure(key, at);

CREATE TABLE audit (
	id		INTEGER PRIMARY KEY,
	at		INTEGER NOT NULL,
	user_id		INTEGER REFERENCES user(id),
	action		TEXT NOT NULL,
	detail		TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_at ON audit(at);

INSERT INTO setting(key, value) VALUES
	('college_name', 'Recovery College'),
	('timezone', 'Europe/London'),
	('contact_email', ''),
	('contact_phone', ''),
	('privacy_notice', '');
