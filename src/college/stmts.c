/*
 * stmts.c: the college's SQL, by enum stmt index. Parameters are always
 * bound (?1, ?2 ...); no statement is ever built from strings.
 */
#include "college/stmts.h"

/*
 * catalogue.c. A run's sessions are its scheduled ones, or all of them
 * once the run is cancelled; its first session is the earliest of them.
 */
#define CATALOGUE_SESSIONS(s, r) \
	"(" s ".status = 'scheduled' OR " r ".status = 'cancelled')"
#define CATALOGUE_FIRST_SESSION \
	"(SELECT s.id FROM session AS s WHERE s.run_id = r.id AND " \
	CATALOGUE_SESSIONS("s", "r") " ORDER BY s.starts_at, s.id LIMIT 1)"
/* Upcoming published runs of published courses matching the filter:
 * ?1 now, ?2 LIKE pattern, ?3 topic slug, ?4 1 online / 0 in person /
 * -1 nothing, ?5 from, ?6 to (NULL: no filter), ?9 now minus the longest
 * session, so that the session_start index finds the candidate runs. */
#define CATALOGUE_FILTER \
	" FROM run AS r" \
	" JOIN course AS c ON c.id = r.course_id" \
	" LEFT JOIN topic AS t ON t.id = c.topic_id" \
	" JOIN session AS fs ON fs.id = " CATALOGUE_FIRST_SESSION \
	" WHERE r.status = 'published' AND c.status = 'published'" \
	" AND r.id IN (SELECT s.run_id FROM session AS s" \
	"  WHERE s.starts_at > ?9 AND s.ends_at > ?1" \
	"  AND s.status = 'scheduled')" \
	" AND (?2 IS NULL OR c.title LIKE ?2 ESCAPE '\\'" \
	"  OR c.summary LIKE ?2 ESCAPE '\\')" \
	" AND (?3 IS NULL OR t.slug = ?3)" \
	" AND (?4 IS NULL OR ?4 = NOT EXISTS (SELECT 1 FROM session AS s" \
	"  JOIN venue AS w ON w.id = s.venue_id WHERE s.run_id = r.id" \
	"  AND s.status = 'scheduled' AND w.online = 0))" \
	" AND (?5 IS NULL OR fs.starts_at >= ?5)" \
	" AND (?6 IS NULL OR fs.starts_at < ?6)"
/* A run's columns, in enum run_col order (catalogue.c), from r, fs, v. */
#define CATALOGUE_RUN_COLS \
	" r.id, r.capacity, r.status, fs.starts_at, fs.ends_at, v.name," \
	" (SELECT count(*) FROM session AS s WHERE s.run_id = r.id AND " \
	CATALOGUE_SESSIONS("s", "r") ")," \
	" (SELECT count(*) FROM booking AS b WHERE b.run_id = r.id" \
	"  AND b.status = 'confirmed')," \
	" (SELECT count(*) FROM booking AS b WHERE b.run_id = r.id" \
	"  AND b.status = 'waitlisted')," \
	" (SELECT count(*) FROM facilitator AS f WHERE f.run_id = r.id" \
	"  AND f.role = 'peer')," \
	" (SELECT count(*) FROM facilitator AS f WHERE f.run_id = r.id" \
	"  AND f.role = 'clinical')," \
	" (SELECT count(*) FROM facilitator AS f WHERE f.run_id = r.id" \
	"  AND f.role = 'other')," \
	" NOT EXISTS (SELECT 1 FROM session AS s" \
	"  JOIN venue AS w ON w.id = s.venue_id WHERE s.run_id = r.id AND " \
	CATALOGUE_SESSIONS("s", "r") " AND w.online = 0)"

const char *const college_stmts[STMT__MAX] = {
	[STMT_SETTING_GET] =
	    "SELECT value FROM setting WHERE key = ?1",
	[STMT_AUDIT_ADD] =
	    "INSERT INTO audit(at, user_id, action, detail) "
	    "VALUES (?1, ?2, ?3, ?4)",
	[STMT_CATALOGUE_COUNT] =
	    "SELECT count(*)" CATALOGUE_FILTER,
	/* The page's runs are picked first (?7 limit, ?8 offset) so that the
	 * counts are computed for them alone. */
	[STMT_CATALOGUE_LIST] =
	    "WITH page AS MATERIALIZED (SELECT r.id AS run_id,"
	    " fs.id AS first_id, fs.starts_at AS first_at" CATALOGUE_FILTER
	    " ORDER BY fs.starts_at, r.id LIMIT ?7 OFFSET ?8)"
	    " SELECT c.id, c.slug, c.title, c.summary, coalesce(t.name, ''),"
	    " coalesce(t.slug, '')," CATALOGUE_RUN_COLS
	    " FROM page AS p"
	    " JOIN run AS r ON r.id = p.run_id"
	    " JOIN course AS c ON c.id = r.course_id"
	    " LEFT JOIN topic AS t ON t.id = c.topic_id"
	    " JOIN session AS fs ON fs.id = p.first_id"
	    " JOIN venue AS v ON v.id = fs.venue_id"
	    " ORDER BY p.first_at, p.run_id",
	[STMT_CATALOGUE_TOPICS] =
	    "SELECT t.slug, t.name FROM topic AS t WHERE EXISTS (SELECT 1"
	    " FROM course AS c WHERE c.topic_id = t.id"
	    " AND c.status = 'published') ORDER BY t.name, t.slug",
	[STMT_CATALOGUE_COURSE] =
	    "SELECT c.id, c.slug, c.title, c.summary, c.description,"
	    " coalesce(t.name, ''), coalesce(t.slug, '')"
	    " FROM course AS c LEFT JOIN topic AS t ON t.id = c.topic_id"
	    " WHERE c.slug = ?1 AND c.status = 'published'",
	/* ?1 course, ?2 now, ?3 limit. */
	[STMT_CATALOGUE_COURSE_RUNS] =
	    "SELECT" CATALOGUE_RUN_COLS
	    " FROM run AS r"
	    " JOIN session AS fs ON fs.id = " CATALOGUE_FIRST_SESSION
	    " JOIN venue AS v ON v.id = fs.venue_id"
	    " WHERE r.course_id = ?1 AND r.status IN ('published', 'cancelled')"
	    " AND EXISTS (SELECT 1 FROM session AS s WHERE s.run_id = r.id"
	    "  AND " CATALOGUE_SESSIONS("s", "r") " AND s.ends_at > ?2)"
	    " ORDER BY fs.starts_at, r.id LIMIT ?3",
	[STMT_CATALOGUE_RUN_SESSIONS] =
	    "SELECT s.id, s.starts_at, s.ends_at, s.status, v.name, v.address,"
	    " v.access, v.online FROM session AS s"
	    " JOIN venue AS v ON v.id = s.venue_id"
	    " WHERE s.run_id = ?1 ORDER BY s.starts_at, s.id",
	/* ?1 course, ?2 now: staff on its upcoming published runs. */
	[STMT_CATALOGUE_FACILITATORS] =
	    "SELECT u.name, f.role FROM facilitator AS f"
	    " JOIN user AS u ON u.id = f.user_id"
	    " JOIN run AS r ON r.id = f.run_id"
	    " WHERE r.course_id = ?1 AND r.status = 'published'"
	    " AND EXISTS (SELECT 1 FROM session AS s WHERE s.run_id = r.id"
	    "  AND s.status = 'scheduled' AND s.ends_at > ?2)"
	    " GROUP BY u.id, f.role"
	    " ORDER BY CASE f.role WHEN 'peer' THEN 0 WHEN 'clinical' THEN 1"
	    "  ELSE 2 END, u.name, u.id",
	/* booking.c. ?1 run: statuses, capacity, first scheduled session,
	 * course slug and title. */
	[STMT_BOOKING_RUN] =
	    "SELECT r.status, c.status, r.capacity,"
	    " (SELECT min(s.starts_at) FROM session AS s"
	    "  WHERE s.run_id = r.id AND s.status = 'scheduled'),"
	    " c.slug, c.title"
	    " FROM run AS r JOIN course AS c ON c.id = r.course_id"
	    " WHERE r.id = ?1",
	/* ?1 run: confirmed and waitlisted bookings (booking_run_status). */
	[STMT_BOOKING_COUNTS] =
	    "SELECT (SELECT count(*) FROM booking"
	    "  WHERE run_id = ?1 AND status = 'confirmed'),"
	    " (SELECT count(*) FROM booking"
	    "  WHERE run_id = ?1 AND status = 'waitlisted')",
	[STMT_BOOKING_LEARNER_GET] =
	    "SELECT id FROM learner WHERE email = ?1",
	/* ?1 email, ?2 name, ?3 phone, ?4 now (consent and creation). */
	[STMT_BOOKING_LEARNER_ADD] =
	    "INSERT INTO learner(email, name, phone, consent_at, created_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?4)",
	[STMT_BOOKING_LEARNER_CONSENT] =
	    "UPDATE learner SET consent_at = ?2 WHERE id = ?1",
	/* ?1 run, ?2 learner. */
	[STMT_BOOKING_EXISTING] =
	    "SELECT id, status, token, code, browser_hash FROM booking"
	    " WHERE run_id = ?1 AND learner_id = ?2",
	/* ?1 run, ?2 learner, ?3 status, ?4 token, ?5 code, ?6 needs,
	 * ?7 now, ?8 browser hash: at the end of the run's queue. */
	[STMT_BOOKING_INSERT] =
	    "INSERT INTO booking(run_id, learner_id, status, token, code,"
	    " needs, created_at, updated_at, queued_at, browser_hash)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7,"
	    " (SELECT coalesce(max(queued_at), 0) + 1 FROM booking"
	    "  WHERE run_id = ?1), ?8)",
	/* ?1 booking, ?2 run, ?3 status, ?4 token, ?5 code, ?6 needs,
	 * ?7 now, ?8 browser hash: a cancelled booking made afresh. */
	[STMT_BOOKING_REOPEN] =
	    "UPDATE booking SET status = ?3, token = ?4, code = ?5,"
	    " needs = ?6, created_at = ?7, updated_at = ?7,"
	    " queued_at = (SELECT coalesce(max(queued_at), 0) + 1"
	    "  FROM booking WHERE run_id = ?2), browser_hash = ?8"
	    " WHERE id = ?1",
	/* ?1 booking: its place on its run's waiting list (booking_queue). */
	[STMT_BOOKING_POSITION] =
	    "SELECT count(*) FROM booking AS b JOIN booking AS w"
	    " ON w.run_id = b.run_id AND w.status = 'waitlisted'"
	    " AND (w.queued_at, w.id) <= (b.queued_at, b.id)"
	    " WHERE b.id = ?1",
	[STMT_BOOKING_FIRST_WAITING] =
	    "SELECT id FROM booking WHERE run_id = ?1 AND status = 'waitlisted'"
	    " ORDER BY queued_at, id LIMIT 1",
	/* ?1 booking, ?2 status, ?3 now. */
	[STMT_BOOKING_SET_STATUS] =
	    "UPDATE booking SET status = ?2, updated_at = ?3 WHERE id = ?1",
	/* ?1 token. */
	[STMT_BOOKING_BY_TOKEN] =
	    "SELECT b.id, b.run_id, b.status, b.code, r.status, r.capacity,"
	    " r.online_details, c.slug, c.title,"
	    " (SELECT min(s.starts_at) FROM session AS s"
	    "  WHERE s.run_id = r.id AND s.status = 'scheduled')"
	    " FROM booking AS b JOIN run AS r ON r.id = b.run_id"
	    " JOIN course AS c ON c.id = r.course_id"
	    " WHERE b.token = ?1",
	/* ?1 run: every session, cancelled ones too. */
	[STMT_BOOKING_SESSIONS] =
	    "SELECT s.id, s.starts_at, s.ends_at, s.status, v.name, v.address,"
	    " v.access, v.online FROM session AS s"
	    " JOIN venue AS v ON v.id = s.venue_id"
	    " WHERE s.run_id = ?1 ORDER BY s.starts_at, s.id",
	/* ?1 run: its staff, peer trainers first. */
	[STMT_BOOKING_FACILITATORS] =
	    "SELECT u.name, f.role FROM facilitator AS f"
	    " JOIN user AS u ON u.id = f.user_id"
	    " WHERE f.run_id = ?1 AND u.disabled = 0"
	    " ORDER BY CASE f.role WHEN 'peer' THEN 0 WHEN 'clinical' THEN 1"
	    "  ELSE 2 END, u.name, u.id",
};
