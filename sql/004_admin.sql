-- 004_admin.sql: what administration needs beyond 001-003.
--
-- retention_months: learners whose last sign of life (a booking, a
-- session of theirs, a check-in) is older than this many months are
-- erased by `tessera erase --older-than` (and from /admin/settings):
-- their name, email, phone and support needs go, the rows stay, so the
-- attendance figures stay true. 24 months is what the demo college's
-- privacy notice promises; a college sets its own.
--
-- The audit log is read newest first and filtered by who did it.

INSERT OR IGNORE INTO setting(key, value) VALUES ('retention_months', '24');

CREATE INDEX audit_user ON audit(user_id, at);
