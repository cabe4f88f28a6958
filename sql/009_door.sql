-- 009_door.sql: attendance taken on paper and typed back in afterwards.
--
-- attendance.method gains 'paper': the sign-in sheet printed when the
-- phone dies, whose ticks an administrator types in later. SQLite cannot
-- change a CHECK constraint in place, so the table is rebuilt (the
-- twelve steps of https://www.sqlite.org/lang_altertable.html, in the
-- migration's own transaction; no table refers to attendance, so the
-- foreign keys need no pause). Everything else about the table is as
-- 001 made it.

CREATE TABLE attendance_new (
	booking_id	INTEGER NOT NULL REFERENCES booking(id),
	session_id	INTEGER NOT NULL REFERENCES session(id),
	status		TEXT NOT NULL
			    CHECK (status IN ('present', 'late', 'absent', 'excused')),
	at		INTEGER NOT NULL,
	by_user		INTEGER REFERENCES user(id),
	method		TEXT NOT NULL
			    CHECK (method IN ('qr', 'tap', 'code', 'paper')),
	PRIMARY KEY (booking_id, session_id)
) WITHOUT ROWID;
INSERT INTO attendance_new(booking_id, session_id, status, at, by_user, method)
	SELECT booking_id, session_id, status, at, by_user, method FROM attendance;
DROP TABLE attendance;
ALTER TABLE attendance_new RENAME TO attendance;
CREATE INDEX attendance_session ON attendance(session_id);
