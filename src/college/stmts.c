/*
 * stmts.c: the college's SQL, by enum stmt index. Parameters are always
 * bound (?1, ?2 ...); no statement is ever built from strings.
 *
 * Each entry is a struct db_sql (kit/db.h): the SQLite text and, where
 * PostgreSQL needs other words, its form beside it (none: the same text
 * serves both). A new row's id comes back through RETURNING id. What
 * PostgreSQL would need beyond the forms written here is marked
 * "pg: TODO" (none is left). Names sort by lower(x), which is what
 * SQLite's COLLATE NOCASE does (ASCII letters folded, then byte order)
 * and needs no collation of PostgreSQL's. Counts of a condition are sums of CASE WHEN ... THEN
 * 1 ELSE 0 END, not of the comparison (a boolean, not a number, in
 * PostgreSQL). The table user is always written "user", quoted: a
 * reserved word in PostgreSQL, an ordinary name to SQLite.
 */
#include "college/stmts.h"

/*
 * fold(x) for PostgreSQL, where the C function of kit/fold.h cannot be
 * registered: lower case, decomposed (NFD) with its combining marks
 * (U+0300 to U+036F) dropped, and the letters fold.c maps by hand
 * mapped the same way; ß becomes ss as in full case folding. It gives
 * fold_utf8()'s answers for the Latin letters the college's names are
 * written in (Welsh, Irish, Polish, Nordic, Spanish ...); both sides
 * of a comparison are folded (the search by fold_arena() in C), so a
 * letter outside them is still found when typed as it is stored.
 * It is a function of the schema (sql/pg/022_search_texts.sql), so
 * that the search columns fold their texts the same way (a generated
 * column may only call immutable functions, and this one is).
 */
#define PG_FOLD(x) "fold(" x ")"

/*
 * catalogue.c. A run's sessions are its scheduled ones, or all of them
 * once the run is cancelled; its first session is the earliest of them.
 */
#define CATALOGUE_SESSIONS(s, r) \
	"(" s ".status = 'scheduled' OR " r ".status = 'cancelled')"
#define CATALOGUE_FIRST_SESSION \
	"(SELECT s.id FROM session AS s WHERE s.run_id = r.id AND " \
	CATALOGUE_SESSIONS("s", "r") " ORDER BY s.starts_at, s.id LIMIT 1)"
/* The search: course_fts MATCH and its rank on SQLite; on PostgreSQL
 * the tsvector course.search (a GIN index) matched with to_tsquery()
 * and ranked with ts_rank() (higher is better, where bm25's rank is
 * lower is better): CATALOGUE_FILTER_PG below.
 * Upcoming published runs of published courses matching the filter:
 * ?1 now, ?2 FTS5 query over course_fts (sql/011_search.sql) and
 * course_text_fts (sql/022_search_texts.sql: the texts in every
 * language) or NULL,
 * ?3 topic slug, ?4 1 online / 0 in person /
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
	" AND (?2 IS NULL OR c.id IN (SELECT rowid FROM course_fts" \
	"  WHERE course_fts MATCH ?2 UNION ALL SELECT course_id" \
	"  FROM course_text_fts WHERE course_text_fts MATCH ?2))" \
	" AND (?3 IS NULL OR t.slug = ?3)" \
	" AND (?4 IS NULL OR ?4 = NOT EXISTS (SELECT 1 FROM session AS s" \
	"  JOIN venue AS w ON w.id = s.venue_id WHERE s.run_id = r.id" \
	"  AND s.status = 'scheduled' AND w.online = 0))" \
	" AND (?5 IS NULL OR fs.starts_at >= ?5)" \
	" AND (?6 IS NULL OR fs.starts_at < ?6)"
/* The same filter for PostgreSQL: parameters typed (PostgreSQL cannot
 * guess the type of "?2 IS NULL"), and the search through course.search
 * (sql/pg/001_init.sql). fts_query()'s FTS5 text, ("w" OR "pre"*) AND
 * ..., is rewritten into to_tsquery's (w | pre:*) & ...: its words hold
 * only letters and digits, so nothing else of it can reach to_tsquery. */
#define CATALOGUE_TSQUERY \
	"to_tsquery('tessera', fold(replace(replace(replace(replace(replace(" \
	"?2::text, '\" OR \"', ' | '), '\"*)', ':*)'), '(\"', '('), ' AND ', ' & ')," \
	" '\"\"', '')))"
#define CATALOGUE_FILTER_PG \
	" FROM run AS r" \
	" JOIN course AS c ON c.id = r.course_id" \
	" LEFT JOIN topic AS t ON t.id = c.topic_id" \
	" JOIN session AS fs ON fs.id = " CATALOGUE_FIRST_SESSION \
	" WHERE r.status = 'published' AND c.status = 'published'" \
	" AND r.id IN (SELECT s.run_id FROM session AS s" \
	"  WHERE s.starts_at > ?9::bigint AND s.ends_at > ?1::bigint" \
	"  AND s.status = 'scheduled')" \
	" AND (?2::text IS NULL OR c.search @@ " CATALOGUE_TSQUERY \
	"  OR c.id IN (SELECT x.course_id FROM course_text AS x" \
	"  WHERE x.search @@ " CATALOGUE_TSQUERY "))" \
	" AND (?3::text IS NULL OR t.slug = ?3::text)" \
	" AND (?4::int IS NULL OR ?4::int = CASE WHEN NOT EXISTS (SELECT 1" \
	"  FROM session AS s JOIN venue AS w ON w.id = s.venue_id" \
	"  WHERE s.run_id = r.id AND s.status = 'scheduled'" \
	"  AND w.online = 0) THEN 1 ELSE 0 END)" \
	" AND (?5::bigint IS NULL OR fs.starts_at >= ?5::bigint)" \
	" AND (?6::bigint IS NULL OR fs.starts_at < ?6::bigint)"
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

const struct db_sql college_stmts[STMT__MAX] = {
	[STMT_SETTING_GET] =
	    { "SELECT value FROM setting WHERE key = ?1" },
	[STMT_AUDIT_ADD] =
	    { "INSERT INTO audit(at, user_id, action, detail) "
	    "VALUES (?1, ?2, ?3, ?4)" },
	[STMT_CATALOGUE_COUNT] =
	    { "SELECT count(*)" CATALOGUE_FILTER,
	    "SELECT count(*)" CATALOGUE_FILTER_PG },
	/* The page's runs are picked first (?7 limit, ?8 offset), with the
	 * number of all matching runs, so that the counts are computed for
	 * the page alone; a page past the end has no rows. A search ranks
	 * the best match first (bm25: FTS5's rank, lower is better; the
	 * better of the course's own texts and its translations), then
	 * by date. */
	[STMT_CATALOGUE_LIST] =
	    { "WITH page AS MATERIALIZED (SELECT r.id AS run_id,"
	    " fs.id AS first_id, fs.starts_at AS first_at,"
	    " CASE WHEN ?2 IS NULL THEN 0 ELSE (SELECT min(x) FROM"
	    "  (SELECT rank AS x FROM course_fts"
	    "  WHERE course_fts MATCH ?2 AND rowid = c.id UNION ALL"
	    "  SELECT rank FROM course_text_fts"
	    "  WHERE course_text_fts MATCH ?2 AND course_id = c.id)) END"
	    " AS score,"
	    " count(*) OVER () AS total" CATALOGUE_FILTER
	    " ORDER BY score, fs.starts_at, r.id LIMIT ?7 OFFSET ?8)"
	    " SELECT p.total, c.id, c.slug, c.title, c.summary,"
	    " coalesce(t.name, ''),"
	    " coalesce(t.slug, '')," CATALOGUE_RUN_COLS
	    " FROM page AS p"
	    " JOIN run AS r ON r.id = p.run_id"
	    " JOIN course AS c ON c.id = r.course_id"
	    " LEFT JOIN topic AS t ON t.id = c.topic_id"
	    " JOIN session AS fs ON fs.id = p.first_id"
	    " JOIN venue AS v ON v.id = fs.venue_id"
	    " ORDER BY p.score, p.first_at, p.run_id",
	    /* ts_rank: higher is better, so its negative sorts first;
	     * normalised by the text's length (1: 1 + its logarithm), as
	     * bm25 prefers the shorter of two texts that match alike. */
	    "WITH page AS MATERIALIZED (SELECT r.id AS run_id,"
	    " fs.id AS first_id, fs.starts_at AS first_at,"
	    " CASE WHEN ?2::text IS NULL THEN 0 ELSE"
	    "  -greatest(ts_rank(c.search, " CATALOGUE_TSQUERY ", 1),"
	    "  (SELECT max(ts_rank(x.search, " CATALOGUE_TSQUERY ", 1))"
	    "  FROM course_text AS x WHERE x.course_id = c.id)) END AS score,"
	    " count(*) OVER () AS total" CATALOGUE_FILTER_PG
	    " ORDER BY score, fs.starts_at, r.id LIMIT ?7::bigint"
	    " OFFSET ?8::bigint)"
	    " SELECT p.total, c.id, c.slug, c.title, c.summary,"
	    " coalesce(t.name, ''),"
	    " coalesce(t.slug, '')," CATALOGUE_RUN_COLS
	    " FROM page AS p"
	    " JOIN run AS r ON r.id = p.run_id"
	    " JOIN course AS c ON c.id = r.course_id"
	    " LEFT JOIN topic AS t ON t.id = c.topic_id"
	    " JOIN session AS fs ON fs.id = p.first_id"
	    " JOIN venue AS v ON v.id = fs.venue_id"
	    " ORDER BY p.score, p.first_at, p.run_id" },
	[STMT_CATALOGUE_TOPICS] =
	    { "SELECT t.slug, t.name FROM topic AS t WHERE EXISTS (SELECT 1"
	    " FROM course AS c WHERE c.topic_id = t.id"
	    " AND c.status = 'published') ORDER BY t.name, t.slug" },
	[STMT_CATALOGUE_COURSE] =
	    { "SELECT c.id, c.slug, c.title, c.summary, c.description,"
	    " coalesce(t.name, ''), coalesce(t.slug, '')"
	    " FROM course AS c LEFT JOIN topic AS t ON t.id = c.topic_id"
	    " WHERE c.slug = ?1 AND c.status = 'published'" },
	/* ?1 course, ?2 now, ?3 limit. */
	[STMT_CATALOGUE_COURSE_RUNS] =
	    { "SELECT" CATALOGUE_RUN_COLS
	    " FROM run AS r"
	    " JOIN session AS fs ON fs.id = " CATALOGUE_FIRST_SESSION
	    " JOIN venue AS v ON v.id = fs.venue_id"
	    " WHERE r.course_id = ?1 AND r.status IN ('published', 'cancelled')"
	    " AND EXISTS (SELECT 1 FROM session AS s WHERE s.run_id = r.id"
	    "  AND " CATALOGUE_SESSIONS("s", "r") " AND s.ends_at > ?2)"
	    " ORDER BY fs.starts_at, r.id LIMIT ?3" },
	[STMT_CATALOGUE_RUN_SESSIONS] =
	    { "SELECT s.id, s.starts_at, s.ends_at, s.status, v.name, v.address,"
	    " v.access, v.online FROM session AS s"
	    " JOIN venue AS v ON v.id = s.venue_id"
	    " WHERE s.run_id = ?1 ORDER BY s.starts_at, s.id" },
	/* ?1 course, ?2 now: staff on its upcoming published runs. */
	[STMT_CATALOGUE_FACILITATORS] =
	    { "SELECT u.name, f.role FROM facilitator AS f"
	    " JOIN \"user\" AS u ON u.id = f.user_id"
	    " JOIN run AS r ON r.id = f.run_id"
	    " WHERE r.course_id = ?1 AND r.status = 'published'"
	    " AND EXISTS (SELECT 1 FROM session AS s WHERE s.run_id = r.id"
	    "  AND s.status = 'scheduled' AND s.ends_at > ?2)"
	    " GROUP BY u.id, f.role"
	    " ORDER BY CASE f.role WHEN 'peer' THEN 0 WHEN 'clinical' THEN 1"
	    "  ELSE 2 END, u.name, u.id" },
	/* booking.c. ?1 run: statuses, capacity, first scheduled session,
	 * course slug and title. */
	[STMT_BOOKING_RUN] =
	    { "SELECT r.status, c.status, r.capacity,"
	    " (SELECT min(s.starts_at) FROM session AS s"
	    "  WHERE s.run_id = r.id AND s.status = 'scheduled'),"
	    " c.slug, c.title"
	    " FROM run AS r JOIN course AS c ON c.id = r.course_id"
	    " WHERE r.id = ?1" },
	/* ?1 run: confirmed bookings, and whether anyone is waiting
	 * (booking_run_status; EXISTS, as a waiting list may be long). */
	[STMT_BOOKING_COUNTS] =
	    { "SELECT (SELECT count(*) FROM booking"
	    "  WHERE run_id = ?1 AND status = 'confirmed'),"
	    " EXISTS (SELECT 1 FROM booking"
	    "  WHERE run_id = ?1 AND status = 'waitlisted')" },
	/* ?1 email, ?2 name, ?3 run: a learner who is this person (email
	 * and name, trimmed, ASCII case-insensitive) with no live booking on
	 * the run, to reuse; the oldest first. */
	[STMT_BOOKING_LEARNER_GET] =
	    { "SELECT l.id FROM learner AS l WHERE l.email = ?1"
	    " AND lower(trim(l.name)) = lower(trim(?2))"
	    " AND NOT EXISTS (SELECT 1 FROM booking AS b"
	    "  WHERE b.learner_id = l.id AND b.run_id = ?3"
	    "  AND b.status <> 'cancelled')"
	    " ORDER BY l.id LIMIT 1" },
	/* ?1 email, ?2 name, ?3 phone, ?4 now (consent and creation), ?5 the
	 * learner found (0: none). Run on every booking, so that a booking
	 * for a known person and for a new one take the same statements; it
	 * writes only when ?5 is 0. */
	[STMT_BOOKING_LEARNER_ADD] =
	    { "INSERT INTO learner(email, name, phone, consent_at, created_at)"
	    " SELECT ?1, ?2, ?3, ?4, ?4 WHERE ?5 = 0 RETURNING id" },
	/* ?1 run, ?2 learner. */
	[STMT_BOOKING_EXISTING] =
	    { "SELECT id, status, code FROM booking"
	    " WHERE run_id = ?1 AND learner_id = ?2" },
	/* ?1 run, ?2 learner, ?3 status, ?4 token hash, ?5 code, ?6 needs,
	 * ?7 now, ?8 browser hash, ?9 check-in hash, ?10 sealed token: at
	 * the end of the run's queue. */
	[STMT_BOOKING_INSERT] =
	    { "INSERT INTO booking(run_id, learner_id, status, token_hash, code,"
	    " needs, created_at, updated_at, queued_at, browser_hash,"
	    " checkin_hash, token_sealed)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7,"
	    " (SELECT coalesce(max(queued_at), 0) + 1 FROM booking"
	    "  WHERE run_id = ?1), ?8, ?9, ?10) RETURNING id" },
	/* ?1 booking, ?2 run, then ?3..?10 as STMT_BOOKING_INSERT: a
	 * cancelled booking made afresh. */
	[STMT_BOOKING_REOPEN] =
	    { "UPDATE booking SET status = ?3, token = NULL, token_hash = ?4,"
	    " code = ?5, needs = ?6, created_at = ?7, updated_at = ?7,"
	    " queued_at = (SELECT coalesce(max(queued_at), 0) + 1"
	    "  FROM booking WHERE run_id = ?2), browser_hash = ?8,"
	    " checkin_hash = ?9, token_sealed = ?10"
	    " WHERE id = ?1" },
	/* ?1 booking: its place on its run's waiting list (booking_queue). */
	[STMT_BOOKING_POSITION] =
	    { "SELECT count(*) FROM booking AS b JOIN booking AS w"
	    " ON w.run_id = b.run_id AND w.status = 'waitlisted'"
	    " AND (w.queued_at, w.id) <= (b.queued_at, b.id)"
	    " WHERE b.id = ?1" },
	[STMT_BOOKING_FIRST_WAITING] =
	    { "SELECT id FROM booking WHERE run_id = ?1 AND status = 'waitlisted'"
	    " ORDER BY queued_at, id LIMIT 1" },
	/* ?1 booking, ?2 status, ?3 now. */
	[STMT_BOOKING_SET_STATUS] =
	    { "UPDATE booking SET status = ?2, updated_at = ?3 WHERE id = ?1" },
	/* ?1 SHA-256 hex of the manage token. */
	[STMT_BOOKING_BY_TOKEN] =
	    { "SELECT b.id, b.run_id, b.status, b.code, r.status, r.capacity,"
	    " r.online_details, c.slug, c.title,"
	    " (SELECT min(s.starts_at) FROM session AS s"
	    "  WHERE s.run_id = r.id AND s.status = 'scheduled')"
	    " FROM booking AS b JOIN run AS r ON r.id = b.run_id"
	    " JOIN course AS c ON c.id = r.course_id"
	    " WHERE b.token_hash = ?1" },
	/* ?1 run: its staff, peer trainers first. */
	[STMT_BOOKING_FACILITATORS] =
	    { "SELECT u.name, f.role FROM facilitator AS f"
	    " JOIN \"user\" AS u ON u.id = f.user_id"
	    " WHERE f.run_id = ?1 AND u.disabled = 0"
	    " ORDER BY CASE f.role WHEN 'peer' THEN 0 WHEN 'clinical' THEN 1"
	    "  ELSE 2 END, u.name, u.id" },
	/* staff.c. ?1 email (lowercased). */
	[STMT_STAFF_USER_BY_EMAIL] =
	    { "SELECT id, pwhash, disabled FROM \"user\" WHERE email = ?1" },
	[STMT_STAFF_FAILURE_ADD] =
	    { "INSERT INTO login_failure(key, at) VALUES (?1, ?2)"
	    " RETURNING id" },
	[STMT_STAFF_FAILURE_DEL] =
	    { "DELETE FROM login_failure WHERE id = ?1" },
	/* ?1 start of the window: everything older goes. */
	[STMT_STAFF_FAILURE_PRUNE] =
	    { "DELETE FROM login_failure WHERE at <= ?1" },
	[STMT_STAFF_PWHASH_SET] =
	    { "UPDATE \"user\" SET pwhash = ?2 WHERE id = ?1" },
	/* ?1 SHA-256 of the id in hex, ?2 user, ?3 now. */
	[STMT_STAFF_SESSION_ADD] =
	    { "INSERT INTO auth_session(id_hash, user_id, created_at, seen_at)"
	    " VALUES (?1, ?2, ?3, ?3)" },
	[STMT_STAFF_SESSION_GET] =
	    { "SELECT s.user_id, s.created_at, s.seen_at, u.role, u.name,"
	    " u.email FROM auth_session AS s JOIN \"user\" AS u ON u.id = s.user_id"
	    " WHERE s.id_hash = ?1 AND u.disabled = 0" },
	[STMT_STAFF_SESSION_TOUCH] =
	    { "UPDATE auth_session SET seen_at = ?2 WHERE id_hash = ?1" },
	[STMT_STAFF_SESSION_DEL] =
	    { "DELETE FROM auth_session WHERE id_hash = ?1" },
	/* ?1 last sign of life allowed, ?2 earliest creation allowed. */
	[STMT_STAFF_SESSION_PRUNE] =
	    { "DELETE FROM auth_session WHERE seen_at < ?1 OR created_at < ?2" },
	/* attendance.c. ?1 from, ?2 to, ?3 user, ?4 1 for an admin: the
	 * scheduled sessions of published runs starting in [from, to) that
	 * the user may see, with booked (confirmed) and checked-in counts,
	 * and the session's number in its run and the run's count. */
	[STMT_ATT_UPCOMING] =
	    { "SELECT s.id, s.starts_at, s.ends_at, c.title, v.name, v.online,"
	    " (SELECT count(*) FROM booking AS b WHERE b.run_id = s.run_id"
	    "  AND b.status = 'confirmed'),"
	    " (SELECT count(*) FROM attendance AS a"
	    "  JOIN booking AS b ON b.id = a.booking_id"
	    "  WHERE a.session_id = s.id AND a.status IN ('present', 'late')"
	    "  AND b.status = 'confirmed'),"
	    " (SELECT count(*) FROM session AS t WHERE t.run_id = s.run_id"
	    "  AND t.status = 'scheduled'"
	    "  AND (t.starts_at, t.id) <= (s.starts_at, s.id)),"
	    " (SELECT count(*) FROM session AS t WHERE t.run_id = s.run_id"
	    "  AND t.status = 'scheduled')"
	    " FROM session AS s"
	    " JOIN run AS r ON r.id = s.run_id"
	    " JOIN course AS c ON c.id = r.course_id"
	    " JOIN venue AS v ON v.id = s.venue_id"
	    " WHERE s.starts_at >= ?1 AND s.starts_at < ?2"
	    " AND s.status = 'scheduled' AND r.status = 'published'"
	    " AND (?4 = 1 OR EXISTS (SELECT 1 FROM facilitator AS f"
	    "  WHERE f.run_id = s.run_id AND f.user_id = ?3))"
	    " ORDER BY s.starts_at, s.id" },
	/* ?1 session, ?2 user: the session, and whether the user is one of
	 * its run's facilitators. */
	[STMT_ATT_SESSION] =
	    { "SELECT s.run_id, s.starts_at, s.ends_at, s.status, r.status,"
	    " c.title, v.name, v.online,"
	    " EXISTS (SELECT 1 FROM facilitator AS f"
	    "  WHERE f.run_id = s.run_id AND f.user_id = ?2),"
	    " (SELECT count(*) FROM session AS t WHERE t.run_id = s.run_id"
	    "  AND t.status = 'scheduled'"
	    "  AND (t.starts_at, t.id) <= (s.starts_at, s.id)),"
	    " (SELECT count(*) FROM session AS t WHERE t.run_id = s.run_id"
	    "  AND t.status = 'scheduled')"
	    " FROM session AS s"
	    " JOIN run AS r ON r.id = s.run_id"
	    " JOIN course AS c ON c.id = r.course_id"
	    " JOIN venue AS v ON v.id = s.venue_id"
	    " WHERE s.id = ?1" },
	/* ?1 session, ?2 run, ?3 the search folded or NULL: the confirmed
	 * learners by name, each with its record for the session if any. */
	[STMT_ATT_ROSTER] =
	    { "SELECT b.id, l.name, b.needs <> '', a.status, a.at, a.method,"
	    " coalesce(u.name, '')"
	    " FROM booking AS b JOIN learner AS l ON l.id = b.learner_id"
	    " LEFT JOIN attendance AS a ON a.booking_id = b.id"
	    "  AND a.session_id = ?1"
	    " LEFT JOIN \"user\" AS u ON u.id = a.by_user"
	    " WHERE b.run_id = ?2 AND b.status = 'confirmed'"
	    " AND (?3 IS NULL OR instr(fold(l.name), ?3) > 0)"
	    " ORDER BY lower(l.name), b.id",
	    "SELECT b.id, l.name, b.needs <> '', a.status, a.at, a.method,"
	    " coalesce(u.name, '')"
	    " FROM booking AS b JOIN learner AS l ON l.id = b.learner_id"
	    " LEFT JOIN attendance AS a ON a.booking_id = b.id"
	    "  AND a.session_id = ?1"
	    " LEFT JOIN \"user\" AS u ON u.id = a.by_user"
	    " WHERE b.run_id = ?2 AND b.status = 'confirmed'"
	    " AND (?3::text IS NULL OR strpos(" PG_FOLD("l.name") ", ?3) > 0)"
	    " ORDER BY lower(l.name), b.id" },
	/* ?1 session, ?2 run: confirmed bookings, and how many of them are
	 * present, late, absent, excused. */
	[STMT_ATT_COUNTS] =
	    { "SELECT count(*),"
	    " coalesce(sum(CASE WHEN a.status = 'present' THEN 1 ELSE 0 END),"
	    "  0),"
	    " coalesce(sum(CASE WHEN a.status = 'late' THEN 1 ELSE 0 END), 0),"
	    " coalesce(sum(CASE WHEN a.status = 'absent' THEN 1 ELSE 0 END),"
	    "  0),"
	    " coalesce(sum(CASE WHEN a.status = 'excused' THEN 1 ELSE 0 END),"
	    "  0)"
	    " FROM booking AS b LEFT JOIN attendance AS a"
	    " ON a.booking_id = b.id AND a.session_id = ?1"
	    " WHERE b.run_id = ?2 AND b.status = 'confirmed'" },
	/* A booking for check-in, by ?1 the SHA-256 hex of the check-in
	 * token (the booking's checkin_hash). Columns as STMT_ATT_BY_CODE
	 * and STMT_ATT_BOOKING: id, run, status, learner's name, course. */
	[STMT_ATT_BY_TOKEN] =
	    { "SELECT b.id, b.run_id, b.status, l.name, c.title"
	    " FROM booking AS b JOIN learner AS l ON l.id = b.learner_id"
	    " JOIN run AS r ON r.id = b.run_id"
	    " JOIN course AS c ON c.id = r.course_id"
	    " WHERE b.checkin_hash = ?1" },
	/* ?1 run, ?2 code. */
	[STMT_ATT_BY_CODE] =
	    { "SELECT b.id, b.run_id, b.status, l.name, c.title"
	    " FROM booking AS b JOIN learner AS l ON l.id = b.learner_id"
	    " JOIN run AS r ON r.id = b.run_id"
	    " JOIN course AS c ON c.id = r.course_id"
	    " WHERE b.run_id = ?1 AND b.code = ?2" },
	/* ?1 booking; then also its support needs. */
	[STMT_ATT_BOOKING] =
	    { "SELECT b.id, b.run_id, b.status, l.name, c.title, b.needs"
	    " FROM booking AS b JOIN learner AS l ON l.id = b.learner_id"
	    " JOIN run AS r ON r.id = b.run_id"
	    " JOIN course AS c ON c.id = r.course_id"
	    " WHERE b.id = ?1" },
	/* ?1 run, ?2 start of today, ?3 start of tomorrow, ?4 now: the
	 * run's session today, one not yet over first, nearest first. */
	[STMT_ATT_TODAY_SESSION] =
	    { "SELECT id FROM session WHERE run_id = ?1 AND status = 'scheduled'"
	    " AND starts_at >= ?2 AND starts_at < ?3"
	    " ORDER BY ends_at <= ?4, abs(starts_at - ?4), id LIMIT 1" },
	/* ?1 run, ?2 limit: its scheduled sessions. */
	[STMT_ATT_RUN_DATES] =
	    { "SELECT starts_at, ends_at FROM session"
	    " WHERE run_id = ?1 AND status = 'scheduled'"
	    " ORDER BY starts_at, id LIMIT ?2" },
	/* A scan or a code: ?1 booking, ?2 session, ?3 status, ?4 now,
	 * ?5 user, ?6 method. The primary key decides, not a read before:
	 * of two scans at once exactly one inserts. A record of absence is
	 * replaced (the learner has come after all); any other stays. */
	[STMT_ATT_CHECKIN] =
	    { "INSERT INTO attendance(booking_id, session_id, status, at,"
	    " by_user, method) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
	    " ON CONFLICT (booking_id, session_id) DO UPDATE"
	    " SET status = excluded.status, at = excluded.at,"
	    " by_user = excluded.by_user, method = excluded.method"
	    " WHERE attendance.status IN ('absent', 'excused')" },
	/* ?1 booking, ?2 session. */
	[STMT_ATT_RECORD] =
	    { "SELECT a.status, a.at, a.method, coalesce(u.name, '')"
	    " FROM attendance AS a LEFT JOIN \"user\" AS u ON u.id = a.by_user"
	    " WHERE a.booking_id = ?1 AND a.session_id = ?2" },
	/* A roster tap, parameters as STMT_ATT_CHECKIN: the status is set;
	 * the same status again changes nothing (the first time stays). */
	[STMT_ATT_SET] =
	    { "INSERT INTO attendance(booking_id, session_id, status, at,"
	    " by_user, method) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
	    " ON CONFLICT (booking_id, session_id) DO UPDATE"
	    " SET status = excluded.status, at = excluded.at,"
	    " by_user = excluded.by_user, method = excluded.method"
	    " WHERE attendance.status <> excluded.status" },
	[STMT_ATT_UNDO] =
	    { "DELETE FROM attendance WHERE booking_id = ?1 AND session_id = ?2" },
	/* ?1 session, ?2 run, ?3 now, ?4 user: every confirmed learner
	 * without a record is marked absent. */
	[STMT_ATT_ABSENT_REST] =
	    { "INSERT INTO attendance(booking_id, session_id, status, at,"
	    " by_user, method)"
	    " SELECT b.id, ?1, 'absent', ?3, ?4, 'tap' FROM booking AS b"
	    " WHERE b.run_id = ?2 AND b.status = 'confirmed'"
	    " ON CONFLICT (booking_id, session_id) DO NOTHING" },
	/* ?1 user, ?2 nonce, ?3 now. */
	[STMT_ATT_NONCE_ADD] =
	    { "INSERT INTO scan_nonce(user_id, nonce, at) VALUES (?1, ?2, ?3)"
	    " ON CONFLICT (user_id, nonce) DO NOTHING" },
	[STMT_ATT_NONCE_GET] =
	    { "SELECT result, booking_id, session_id FROM scan_nonce"
	    " WHERE user_id = ?1 AND nonce = ?2" },
	/* ?1 user, ?2 nonce, ?3 result, ?4 booking, ?5 session. */
	[STMT_ATT_NONCE_SET] =
	    { "UPDATE scan_nonce SET result = ?3, booking_id = ?4,"
	    " session_id = ?5 WHERE user_id = ?1 AND nonce = ?2" },
	/* ?1 oldest kept. */
	[STMT_ATT_NONCE_PRUNE] =
	    { "DELETE FROM scan_nonce WHERE at < ?1" },
	/* ?1 run, ?2 user. */
	[STMT_ATT_FACILITATES] =
	    { "SELECT EXISTS (SELECT 1 FROM facilitator"
	    " WHERE run_id = ?1 AND user_id = ?2)" },
	/*
	 * export.c. ?1 from, ?2 to (session start in [from, to)), ?3
	 * course slug or NULL, ?4 run or NULL. Sessions come in start order
	 * from the session_start index and each session's bookings are
	 * sorted by name on their own (a sort of one session at a time,
	 * "USE TEMP B-TREE FOR RIGHT PART OF ORDER BY"), so memory does
	 * not grow with the size of the export.
	 */
	[STMT_EXPORT_ATTENDANCE] =
	    { "SELECT s.id, s.starts_at, s.ends_at, c.title, r.id, v.name,"
	    " l.name, l.email, b.status, a.status, a.at, u.name, a.method"
	    " FROM session AS s"
	    " JOIN run AS r ON r.id = s.run_id"
	    " JOIN course AS c ON c.id = r.course_id"
	    " JOIN venue AS v ON v.id = s.venue_id"
	    " JOIN booking AS b ON b.run_id = s.run_id"
	    " JOIN learner AS l ON l.id = b.learner_id"
	    " LEFT JOIN attendance AS a ON a.booking_id = b.id"
	    "  AND a.session_id = s.id"
	    " LEFT JOIN \"user\" AS u ON u.id = a.by_user"
	    " WHERE s.starts_at >= ?1 AND s.starts_at < ?2"
	    " AND s.status = 'scheduled' AND r.status <> 'cancelled'"
	    " AND (CAST(?3 AS TEXT) IS NULL OR c.slug = ?3)"
	    " AND (CAST(?4 AS BIGINT) IS NULL OR r.id = ?4)"
	    " AND (b.status = 'confirmed' OR a.booking_id IS NOT NULL)"
	    " ORDER BY s.starts_at, s.id, l.name, b.id" },
	/* ?1 from, ?2 to, ?3 course slug or NULL, ?4 run or NULL, ?5 now:
	 * one row per published run with a scheduled session in range. */
	[STMT_EXPORT_SUMMARY] =
	    { "WITH x AS (SELECT s.id AS sid, s.run_id AS rid,"
	    " s.starts_at AS at,"
	    " CASE WHEN s.starts_at <= ?5 THEN 1 ELSE 0 END AS held"
	    " FROM session AS s"
	    " WHERE s.starts_at >= ?1 AND s.starts_at < ?2"
	    " AND s.status = 'scheduled')"
	    " SELECT c.title, r.id, min(x.at), count(*), r.capacity,"
	    " (SELECT count(*) FROM booking AS b WHERE b.run_id = r.id"
	    "  AND b.status = 'confirmed'),"
	    " (SELECT count(*) FROM booking AS b WHERE b.run_id = r.id"
	    "  AND b.status = 'waitlisted'),"
	    " sum(x.held),"
	    " sum(CASE WHEN x.held = 1 THEN (SELECT count(*) FROM attendance AS a"
	    "  JOIN booking AS b ON b.id = a.booking_id"
	    "  WHERE a.session_id = x.sid AND b.status = 'confirmed'"
	    "  AND a.status IN ('present', 'late')) ELSE 0 END),"
	    " CASE WHEN EXISTS (SELECT 1 FROM facilitator AS f"
	    "  WHERE f.run_id = r.id AND f.role = 'peer') AND EXISTS (SELECT 1"
	    "  FROM facilitator AS f WHERE f.run_id = r.id AND f.role <> 'peer')"
	    "  THEN 1 ELSE 0 END"
	    " FROM x JOIN run AS r ON r.id = x.rid"
	    " JOIN course AS c ON c.id = r.course_id"
	    " WHERE r.status = 'published'"
	    " AND (CAST(?3 AS TEXT) IS NULL OR c.slug = ?3)"
	    " AND (CAST(?4 AS BIGINT) IS NULL OR r.id = ?4)"
	    " GROUP BY r.id, c.id ORDER BY min(x.at), r.id" },
	/*
	 * reports.c. ?1 from, ?2 to, ?3 now. REPORT_BASE is every scheduled
	 * session of a published run starting in [from, to): whether it was
	 * held (started by now), its run's confirmed bookings (expected),
	 * those of them present or late (attended), and whether its run is
	 * co-delivered (a peer trainer and another facilitator).
	 */
#define REPORT_BASE \
	"WITH base AS (SELECT s.id AS sid, s.starts_at AS at," \
	" r.course_id AS cid," \
	" CASE WHEN s.starts_at <= ?3 THEN 1 ELSE 0 END AS held," \
	" (SELECT count(*) FROM booking AS b WHERE b.run_id = r.id" \
	"  AND b.status = 'confirmed') AS expected," \
	" (SELECT count(*) FROM attendance AS a" \
	"  JOIN booking AS b ON b.id = a.booking_id" \
	"  WHERE a.session_id = s.id AND b.status = 'confirmed'" \
	"  AND a.status IN ('present', 'late')) AS attended," \
	" CASE WHEN EXISTS (SELECT 1 FROM facilitator AS f WHERE" \
	"  f.run_id = r.id AND f.role = 'peer') AND EXISTS (SELECT 1" \
	"  FROM facilitator AS f WHERE f.run_id = r.id AND f.role <> 'peer')" \
	"  THEN 1 ELSE 0 END AS co" \
	" FROM session AS s JOIN run AS r ON r.id = s.run_id" \
	" WHERE s.starts_at >= ?1 AND s.starts_at < ?2" \
	" AND s.status = 'scheduled' AND r.status = 'published')"
/* Columns after the group's: sessions, held, expected at held
 * sessions, attended at them, co-delivered sessions. */
#define REPORT_SUMS \
	" count(*), sum(held), sum(held * expected), sum(held * attended)," \
	" sum(co)"
	[STMT_REPORT_BY_COURSE] =
	    { REPORT_BASE " SELECT c.title, c.slug," REPORT_SUMS
	    " FROM base JOIN course AS c ON c.id = base.cid"
	    " GROUP BY c.id ORDER BY lower(c.title), c.id" },
	/* Months of the college's zone: the process's TZ, which
	 * college_zone_refresh() keeps to the setting "timezone"; PostgreSQL
	 * reads the same setting (Europe/London without one, as
	 * college_open()). */
	[STMT_REPORT_BY_MONTH] =
	    { REPORT_BASE " SELECT m, m," REPORT_SUMS
	    " FROM (SELECT strftime('%Y-%m', at, 'unixepoch', 'localtime')"
	    " AS m, * FROM base) GROUP BY m ORDER BY m",
	    REPORT_BASE " SELECT m, m," REPORT_SUMS
	    " FROM (SELECT to_char(to_timestamp(at) AT TIME ZONE"
	    " coalesce((SELECT value FROM setting WHERE key = 'timezone'"
	    " AND value <> ''), 'Europe/London'), 'YYYY-MM') AS m, *"
	    " FROM base) AS bm GROUP BY m ORDER BY m" },
	/* ?1 from, ?2 to: per course, its published runs with a scheduled
	 * session in range: runs, places, confirmed, waitlisted, full runs. */
	[STMT_REPORT_WAITLIST] =
	    { "SELECT c.title, count(*), sum(x.capacity), sum(x.conf),"
	    " sum(x.wait),"
	    " sum(CASE WHEN x.conf >= x.capacity THEN 1 ELSE 0 END)"
	    " FROM (SELECT r.course_id AS cid, r.capacity AS capacity,"
	    " (SELECT count(*) FROM booking AS b WHERE b.run_id = r.id"
	    "  AND b.status = 'confirmed') AS conf,"
	    " (SELECT count(*) FROM booking AS b WHERE b.run_id = r.id"
	    "  AND b.status = 'waitlisted') AS wait"
	    " FROM run AS r WHERE r.status = 'published'"
	    " AND EXISTS (SELECT 1 FROM session AS s WHERE s.run_id = r.id"
	    "  AND s.status = 'scheduled' AND s.starts_at >= ?1"
	    "  AND s.starts_at < ?2)) AS x"
	    " JOIN course AS c ON c.id = x.cid"
	    " GROUP BY c.id ORDER BY sum(x.wait) DESC,"
	    " lower(c.title), c.id" },
	/* ?1 from, ?2 to: scheduled sessions of runs not cancelled, with
	 * the run's places, confirmed and waitlisted bookings. */
	[STMT_REPORT_UPCOMING] =
	    { "SELECT s.id, s.starts_at, s.ends_at, c.title, r.id, r.status,"
	    " r.capacity, v.name,"
	    " (SELECT count(*) FROM booking AS b WHERE b.run_id = r.id"
	    "  AND b.status = 'confirmed'),"
	    " (SELECT count(*) FROM booking AS b WHERE b.run_id = r.id"
	    "  AND b.status = 'waitlisted')"
	    " FROM session AS s JOIN run AS r ON r.id = s.run_id"
	    " JOIN course AS c ON c.id = r.course_id"
	    " JOIN venue AS v ON v.id = s.venue_id"
	    " WHERE s.starts_at >= ?1 AND s.starts_at < ?2"
	    " AND s.status = 'scheduled' AND r.status <> 'cancelled'"
	    " ORDER BY s.starts_at, s.id" },
	/* ?1 start of today, ?2 start of tomorrow, ?3 now: confirmed
	 * learners marked absent today, or not recorded at a session that
	 * has ended; contact details only of those who consented. */
	[STMT_REPORT_ABSENCES] =
	    { "SELECT l.id, l.name, l.consent_at IS NOT NULL,"
	    " CASE WHEN l.consent_at IS NOT NULL THEN coalesce(l.email, '')"
	    "  ELSE '' END,"
	    " CASE WHEN l.consent_at IS NOT NULL THEN l.phone ELSE '' END,"
	    " c.title, r.id, s.starts_at, s.ends_at, coalesce(a.status, '')"
	    " FROM session AS s JOIN run AS r ON r.id = s.run_id"
	    " JOIN course AS c ON c.id = r.course_id"
	    " JOIN booking AS b ON b.run_id = s.run_id"
	    "  AND b.status = 'confirmed'"
	    " JOIN learner AS l ON l.id = b.learner_id"
	    " LEFT JOIN attendance AS a ON a.booking_id = b.id"
	    "  AND a.session_id = s.id"
	    " WHERE s.starts_at >= ?1 AND s.starts_at < ?2"
	    " AND s.status = 'scheduled' AND r.status = 'published'"
	    " AND l.erased_at IS NULL"
	    " AND (a.status = 'absent' OR (a.status IS NULL AND s.ends_at <= ?3))"
	    " ORDER BY s.starts_at, s.id, l.name, l.id" },
	/* learner.c. ?1 the search folded (kit/fold.h), ?2 limit: learners
	 * not erased whose folded name or email contains it. */
	[STMT_LEARNER_FIND] =
	    { "SELECT l.id, l.name, l.email, l.phone,"
	    " (SELECT count(*) FROM booking AS b WHERE b.learner_id = l.id)"
	    " FROM learner AS l WHERE l.erased_at IS NULL"
	    " AND (instr(fold(l.name), ?1) > 0 OR instr(fold(l.email), ?1) > 0)"
	    " ORDER BY lower(l.name), l.id LIMIT ?2",
	    "SELECT l.id, l.name, l.email, l.phone,"
	    " (SELECT count(*) FROM booking AS b WHERE b.learner_id = l.id)"
	    " FROM learner AS l WHERE l.erased_at IS NULL"
	    " AND (strpos(" PG_FOLD("l.name") ", ?1::text) > 0"
	    " OR strpos(" PG_FOLD("l.email") ", ?1::text) > 0)"
	    " ORDER BY lower(l.name), l.id LIMIT ?2" },
	[STMT_LEARNER_GET] =
	    { "SELECT id, email, name, phone, consent_at, created_at, erased_at"
	    " FROM learner WHERE id = ?1" },
	/* ?1 learner: bookings with their run, course, first scheduled
	 * session, sessions, attended (present or late) and place on the
	 * waiting list. */
	[STMT_LEARNER_BOOKINGS] =
	    { "SELECT b.id, r.id, c.title, c.slug, b.status, b.needs,"
	    " b.created_at, b.updated_at, r.status,"
	    " (SELECT min(s.starts_at) FROM session AS s"
	    "  WHERE s.run_id = r.id AND s.status = 'scheduled'),"
	    " (SELECT count(*) FROM session AS s"
	    "  WHERE s.run_id = r.id AND s.status = 'scheduled'),"
	    " (SELECT count(*) FROM attendance AS a WHERE a.booking_id = b.id"
	    "  AND a.status IN ('present', 'late')),"
	    " CASE WHEN b.status = 'waitlisted' THEN (SELECT count(*)"
	    "  FROM booking AS w WHERE w.run_id = b.run_id"
	    "  AND w.status = 'waitlisted'"
	    "  AND (w.queued_at, w.id) <= (b.queued_at, b.id)) END"
	    " FROM booking AS b JOIN run AS r ON r.id = b.run_id"
	    " JOIN course AS c ON c.id = r.course_id"
	    " WHERE b.learner_id = ?1 ORDER BY b.created_at DESC, b.id DESC" },
	/* ?1 learner: every attendance record of their bookings. */
	[STMT_LEARNER_ATTENDANCE] =
	    { "SELECT b.id, s.id, s.starts_at, c.title, a.status, a.at,"
	    " a.method, coalesce(u.name, '')"
	    " FROM booking AS b JOIN attendance AS a ON a.booking_id = b.id"
	    " JOIN session AS s ON s.id = a.session_id"
	    " JOIN run AS r ON r.id = b.run_id"
	    " JOIN course AS c ON c.id = r.course_id"
	    " LEFT JOIN \"user\" AS u ON u.id = a.by_user"
	    " WHERE b.learner_id = ?1 ORDER BY s.starts_at, s.id" },
	/* ?1 learner, ?2 now: the person goes, the row (and so every
	 * booking and attendance count) stays. */
	[STMT_LEARNER_ERASE] =
	    { "UPDATE learner SET email = NULL, name = 'Erased learner',"
	    " phone = '', consent_at = NULL, erased_at = ?2"
	    " WHERE id = ?1 AND erased_at IS NULL" },
	/* ?1 learner: support needs go; the booking links stop working
	 * (no token, hash or sealed link is left). */
	[STMT_LEARNER_ERASE_BOOKINGS] =
	    { "UPDATE booking SET needs = '', browser_hash = '',"
	    " token = NULL, token_hash = NULL, checkin_hash = NULL,"
	    " token_sealed = NULL"
	    " WHERE learner_id = ?1" },
	/* ?1 cut-off, ?2 limit: learners not erased whose last sign of
	 * life (enrolment, consent, a booking's change, the end of a
	 * session of a booking not cancelled, an attendance record) is
	 * before the cut-off. */
	[STMT_LEARNER_EXPIRED] =
	    { "SELECT l.id FROM learner AS l WHERE l.erased_at IS NULL"
	    " AND max(l.created_at, coalesce(l.consent_at, 0),"
	    " coalesce((SELECT max(b.updated_at) FROM booking AS b"
	    "  WHERE b.learner_id = l.id), 0),"
	    " coalesce((SELECT max(s.ends_at) FROM booking AS b"
	    "  JOIN session AS s ON s.run_id = b.run_id"
	    "  WHERE b.learner_id = l.id AND b.status <> 'cancelled'), 0),"
	    " coalesce((SELECT max(a.at) FROM booking AS b"
	    "  JOIN attendance AS a ON a.booking_id = b.id"
	    "  WHERE b.learner_id = l.id), 0)) < ?1"
	    " ORDER BY l.id LIMIT ?2",
	    /* max() of several values is greatest() in PostgreSQL. */
	    "SELECT l.id FROM learner AS l WHERE l.erased_at IS NULL"
	    " AND greatest(l.created_at, coalesce(l.consent_at, 0),"
	    " coalesce((SELECT max(b.updated_at) FROM booking AS b"
	    "  WHERE b.learner_id = l.id), 0),"
	    " coalesce((SELECT max(s.ends_at) FROM booking AS b"
	    "  JOIN session AS s ON s.run_id = b.run_id"
	    "  WHERE b.learner_id = l.id AND b.status <> 'cancelled'), 0),"
	    " coalesce((SELECT max(a.at) FROM booking AS b"
	    "  JOIN attendance AS a ON a.booking_id = b.id"
	    "  WHERE b.learner_id = l.id), 0)) < ?1"
	    " ORDER BY l.id LIMIT ?2" },
	/* The office (manage.h). retention.c. */
	[STMT_ADMIN_SETTING_SET] =
	    { "INSERT INTO setting(key, value) VALUES (?1, ?2)"
	    " ON CONFLICT (key) DO UPDATE SET value = excluded.value" },
	/* venue.c. ?1 now: venues with their sessions to come. */
	[STMT_ADMIN_VENUES] =
	    { "SELECT v.id, v.name, v.address, v.online,"
	    " (SELECT count(*) FROM session AS s WHERE s.venue_id = v.id"
	    "  AND s.status = 'scheduled' AND s.ends_at > ?1)"
	    " FROM venue AS v ORDER BY v.online, lower(v.name), v.id" },
	[STMT_ADMIN_VENUE_GET] =
	    { "SELECT id, name, address, access, online FROM venue"
	    " WHERE id = ?1" },
	[STMT_ADMIN_VENUE_ADD] =
	    { "INSERT INTO venue(name, address, access, online)"
	    " VALUES (?1, ?2, ?3, ?4) RETURNING id" },
	[STMT_ADMIN_VENUE_SET] =
	    { "UPDATE venue SET name = ?2, address = ?3, access = ?4,"
	    " online = ?5 WHERE id = ?1" },
	/* course.c. */
	[STMT_ADMIN_TOPICS] =
	    { "SELECT id, slug, name FROM topic ORDER BY lower(name), id" },
	/* ?1 now: courses, each with its runs and its upcoming runs. */
	[STMT_ADMIN_COURSES] =
	    { "SELECT c.id, c.slug, c.title, c.status, coalesce(t.name, ''),"
	    " (SELECT count(*) FROM run AS r WHERE r.course_id = c.id),"
	    " (SELECT count(*) FROM run AS r WHERE r.course_id = c.id"
	    "  AND r.status <> 'cancelled' AND EXISTS (SELECT 1"
	    "  FROM session AS s WHERE s.run_id = r.id"
	    "  AND s.status = 'scheduled' AND s.ends_at > ?1))"
	    " FROM course AS c LEFT JOIN topic AS t ON t.id = c.topic_id"
	    " ORDER BY lower(c.title), c.id" },
	[STMT_ADMIN_COURSE_GET] =
	    { "SELECT id, slug, title, summary, description,"
	    " coalesce(topic_id, 0), status FROM course WHERE id = ?1" },
	[STMT_ADMIN_COURSE_SLUG] =
	    { "SELECT id FROM course WHERE slug = ?1" },
	/* ?1 slug, ?2 title, ?3 summary, ?4 description, ?5 topic or
	 * NULL, ?6 status. */
	[STMT_ADMIN_COURSE_ADD] =
	    { "INSERT INTO course(slug, title, summary, description, topic_id,"
	    " status) VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id" },
	/* ?1 course, then as STMT_ADMIN_COURSE_ADD from ?2. */
	[STMT_ADMIN_COURSE_SET] =
	    { "UPDATE course SET slug = ?2, title = ?3, summary = ?4,"
	    " description = ?5, topic_id = ?6, status = ?7 WHERE id = ?1" },
	/* run.c. ?1 now, ?2 course or NULL, ?3 1 to include runs that are
	 * over: runs with their counts and first and last scheduled
	 * sessions. */
	[STMT_ADMIN_RUNS] =
	    { "SELECT x.* FROM (SELECT r.id, c.title, r.status, r.capacity,"
	    " (SELECT count(*) FROM booking AS b WHERE b.run_id = r.id"
	    "  AND b.status = 'confirmed'),"
	    " (SELECT count(*) FROM booking AS b WHERE b.run_id = r.id"
	    "  AND b.status = 'waitlisted'),"
	    " (SELECT min(s.starts_at) FROM session AS s"
	    "  WHERE s.run_id = r.id AND s.status = 'scheduled') AS first,"
	    " (SELECT max(s.ends_at) FROM session AS s"
	    "  WHERE s.run_id = r.id AND s.status = 'scheduled') AS last,"
	    " (SELECT count(*) FROM session AS s"
	    "  WHERE s.run_id = r.id AND s.status = 'scheduled'),"
	    " c.id AS cid"
	    " FROM run AS r JOIN course AS c ON c.id = r.course_id"
	    " WHERE (CAST(?2 AS BIGINT) IS NULL OR r.course_id = ?2)) AS x"
	    " WHERE ?3 = 1 OR x.last IS NULL OR x.last > ?1"
	    " ORDER BY x.first IS NULL, x.first, x.id" },
	[STMT_ADMIN_RUN_GET] =
	    { "SELECT r.id, r.course_id, c.title, c.slug, r.capacity, r.status,"
	    " r.online_details,"
	    " (SELECT count(*) FROM booking AS b WHERE b.run_id = r.id"
	    "  AND b.status = 'confirmed'),"
	    " (SELECT count(*) FROM booking AS b WHERE b.run_id = r.id"
	    "  AND b.status = 'waitlisted'),"
	    " (SELECT min(s.starts_at) FROM session AS s"
	    "  WHERE s.run_id = r.id AND s.status = 'scheduled')"
	    " FROM run AS r JOIN course AS c ON c.id = r.course_id"
	    " WHERE r.id = ?1" },
	/* ?1 course, ?2 capacity, ?3 online details: a new draft. */
	[STMT_ADMIN_RUN_ADD] =
	    { "INSERT INTO run(course_id, capacity, status, online_details)"
	    " VALUES (?1, ?2, 'draft', ?3) RETURNING id" },
	[STMT_ADMIN_RUN_SET] =
	    { "UPDATE run SET capacity = ?2, online_details = ?3 WHERE id = ?1" },
	[STMT_ADMIN_RUN_STATUS] =
	    { "UPDATE run SET status = ?2 WHERE id = ?1" },
	[STMT_ADMIN_RUN_SESSIONS] =
	    { "SELECT s.id, s.starts_at, s.ends_at, s.status, v.name, v.online,"
	    " (SELECT count(*) FROM attendance AS a WHERE a.session_id = s.id)"
	    " FROM session AS s JOIN venue AS v ON v.id = s.venue_id"
	    " WHERE s.run_id = ?1 ORDER BY s.starts_at, s.id" },
	/* session.c. */
	[STMT_ADMIN_SESSION_GET] =
	    { "SELECT s.id, s.run_id, s.starts_at, s.ends_at, s.status,"
	    " s.venue_id, c.title, r.status"
	    " FROM session AS s JOIN run AS r ON r.id = s.run_id"
	    " JOIN course AS c ON c.id = r.course_id WHERE s.id = ?1" },
	/* ?1 run, ?2 start, ?3 end, ?4 venue. */
	[STMT_ADMIN_SESSION_ADD] =
	    { "INSERT INTO session(run_id, starts_at, ends_at, venue_id)"
	    " VALUES (?1, ?2, ?3, ?4) RETURNING id" },
	/* ?1 session, ?2 start, ?3 end, ?4 venue. */
	[STMT_ADMIN_SESSION_MOVE] =
	    { "UPDATE session SET starts_at = ?2, ends_at = ?3, venue_id = ?4"
	    " WHERE id = ?1" },
	[STMT_ADMIN_SESSION_STATUS] =
	    { "UPDATE session SET status = ?2 WHERE id = ?1" },
	[STMT_ADMIN_FACILITATORS] =
	    { "SELECT u.id, u.name, f.role, u.disabled FROM facilitator AS f"
	    " JOIN \"user\" AS u ON u.id = f.user_id WHERE f.run_id = ?1"
	    " ORDER BY CASE f.role WHEN 'peer' THEN 0 WHEN 'clinical' THEN 1"
	    "  ELSE 2 END, u.name, u.id" },
	/* facilitator.c. ?1 run, ?2 user, ?3 role: added, or the role
	 * changed. */
	[STMT_ADMIN_FACILITATOR_SET] =
	    { "INSERT INTO facilitator(run_id, user_id, role) VALUES (?1, ?2, ?3)"
	    " ON CONFLICT (run_id, user_id) DO UPDATE SET role = excluded.role" },
	[STMT_ADMIN_FACILITATOR_DEL] =
	    { "DELETE FROM facilitator WHERE run_id = ?1 AND user_id = ?2" },
	/* accounts.c. */
	[STMT_ADMIN_STAFF] =
	    { "SELECT u.id, u.name, u.email, u.role, u.disabled,"
	    " (SELECT max(s.seen_at) FROM auth_session AS s"
	    "  WHERE s.user_id = u.id)"
	    " FROM \"user\" AS u ORDER BY u.disabled, lower(u.name), u.id" },
	[STMT_ADMIN_STAFF_GET] =
	    { "SELECT id, name, email, role, disabled FROM \"user\" WHERE id = ?1" },
	[STMT_ADMIN_STAFF_DISABLE] =
	    { "UPDATE \"user\" SET disabled = ?2 WHERE id = ?1" },
	[STMT_ADMIN_STAFF_PASSWORD] =
	    { "UPDATE \"user\" SET pwhash = ?2 WHERE id = ?1" },
	/* A disabled account or a new password ends every log-in. */
	[STMT_ADMIN_STAFF_SESSIONS_DEL] =
	    { "DELETE FROM auth_session WHERE user_id = ?1" },
	/* ?1 user: the admins able to log in other than that one. */
	[STMT_ADMIN_ADMINS_LEFT] =
	    { "SELECT count(*) FROM \"user\" WHERE role = 'admin' AND disabled = 0"
	    " AND id <> ?1" },
	/* audit.c. ?1 action prefix LIKE pattern or NULL, ?2 user or NULL,
	 * ?3 from, ?4 to, ?5 limit, ?6 offset: newest first, with the
	 * total. */
	[STMT_ADMIN_AUDIT] =
	    { "SELECT a.id, a.at, coalesce(u.name, ''), a.action, a.detail,"
	    " count(*) OVER ()"
	    " FROM audit AS a LEFT JOIN \"user\" AS u ON u.id = a.user_id"
	    " WHERE a.at >= ?3 AND a.at < ?4"
	    " AND (CAST(?1 AS TEXT) IS NULL OR a.action LIKE ?1 ESCAPE '\\')"
	    " AND (CAST(?2 AS BIGINT) IS NULL OR a.user_id = ?2)"
	    " ORDER BY a.at DESC, a.id DESC LIMIT ?5 OFFSET ?6" },
	/* outbox.c. ?1 kind, ?2 booking, ?3 session (NULL), ?4 detail,
	 * ?5 msgid, ?6 now: to the booking's learner's address as it is
	 * now; nothing for an erased learner (no address). */
	[STMT_OUTBOX_ADD] =
	    { "INSERT INTO outbox(kind, booking_id, session_id, rcpt, detail,"
	    " msgid, created_at, due_at)"
	    " SELECT ?1, b.id, ?3, l.email, ?4, ?5, ?6, ?6"
	    " FROM booking AS b JOIN learner AS l ON l.id = b.learner_id"
	    " WHERE b.id = ?2 AND l.email IS NOT NULL" },
	/* ?1 kind, ?2 rcpt, ?3 detail, ?4 msgid, ?5 now. */
	[STMT_OUTBOX_ADD_TO] =
	    { "INSERT INTO outbox(kind, rcpt, detail, msgid, created_at, due_at,"
	    " lang) VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)" },
	/* mail: mailer.c (delivery) */
	/* ?1 now, ?2 how many: what is due, oldest first (outbox_due). */
	[STMT_MAILER_DUE] =
	    { "SELECT id FROM outbox WHERE state = 'queued' AND due_at <= ?1"
	    " ORDER BY due_at, id LIMIT ?2" },
	/* ?1 id, if still queued: kind, rcpt, msgid, created_at, attempts,
	 * body (NULL until composed). */
	[STMT_MAILER_ROW] =
	    { "SELECT kind, rcpt, msgid, created_at, attempts, body"
	    " FROM outbox WHERE id = ?1 AND state = 'queued'" },
	/* ?1 id, ?2 bytes: kept before the first attempt, never replaced. */
	[STMT_MAILER_SET_BODY] =
	    { "UPDATE outbox SET body = ?2"
	    " WHERE id = ?1 AND state = 'queued' AND body IS NULL" },
	/* ?1 id, ?2 now. */
	[STMT_MAILER_SENT] =
	    { "UPDATE outbox SET state = 'sent', sent_at = ?2,"
	    " attempts = attempts + 1, last_error = ''"
	    " WHERE id = ?1 AND state = 'queued'" },
	/* ?1 id, ?2 next due_at, ?3 the reply. */
	[STMT_MAILER_RETRY] =
	    { "UPDATE outbox SET attempts = attempts + 1, due_at = ?2,"
	    " last_error = ?3 WHERE id = ?1 AND state = 'queued'" },
	/* ?1 id, ?2 the reason, ?3 1 if it was an attempt, 0 if not. */
	[STMT_MAILER_FAILED] =
	    { "UPDATE outbox SET state = 'failed', attempts = attempts + ?3,"
	    " last_error = ?2 WHERE id = ?1 AND state = 'queued'" },
	/* ?1 id, ?2 why: nothing left to send (sql/007). */
	[STMT_MAILER_DROPPED] =
	    { "UPDATE outbox SET state = 'dropped', last_error = ?2"
	    " WHERE id = ?1 AND state = 'queued'" },
	/* The earliest due_at still queued (NULL if none). */
	[STMT_MAILER_NEXT_DUE] =
	    { "SELECT min(due_at) FROM outbox WHERE state = 'queued'" },

	/* mail: mail.c (messages, reminders, lost link) */
	/* ?1 outbox row: the event with its booking, learner, run and
	 * course as they are now (NULLs for a 'lost' row, or a learner
	 * erased), the course's title in the row's language where it has
	 * one. Never the support needs. */
	[STMT_MAIL_ROW] =
	    { "SELECT o.kind, o.booking_id, o.session_id, o.rcpt, o.detail,"
	    " b.status, b.run_id, NULL, b.code, b.seq,"
	    " l.email IS NULL OR l.erased_at IS NOT NULL, l.reminders,"
	    " coalesce(ct.title, c.title), r.status, r.online_details, r.bring"
	    " FROM outbox AS o LEFT JOIN booking AS b ON b.id = o.booking_id"
	    " LEFT JOIN learner AS l ON l.id = b.learner_id"
	    " LEFT JOIN run AS r ON r.id = b.run_id"
	    " LEFT JOIN course AS c ON c.id = r.course_id"
	    " LEFT JOIN course_text AS ct ON ct.course_id = c.id"
	    "  AND ct.lang = o.lang WHERE o.id = ?1" },
	/* timetable.c, for booking.c and mail.c. ?1 run: its sessions,
	 * cancelled ones too, with their place and calendar revision. */
	[STMT_TIMETABLE_RUN] =
	    { "SELECT s.id, s.starts_at, s.ends_at, s.status, v.name, v.address,"
	    " v.access, v.online, s.seq FROM session AS s"
	    " JOIN venue AS v ON v.id = s.venue_id"
	    " WHERE s.run_id = ?1 ORDER BY s.starts_at, s.id" },
	/* ?1 session: the same columns for one. */
	[STMT_TIMETABLE_ONE] =
	    { "SELECT s.id, s.starts_at, s.ends_at, s.status, v.name, v.address,"
	    " v.access, v.online, s.seq FROM session AS s"
	    " JOIN venue AS v ON v.id = s.venue_id WHERE s.id = ?1" },
	/* ?1 venue: name, address, online. */
	[STMT_MAIL_VENUE] =
	    { "SELECT name, address, online FROM venue WHERE id = ?1" },
	/* ?1 address, ?2 now: the live bookings of that address (of every
	 * learner who gave it) on runs not cancelled with a scheduled
	 * session still to end, soonest first: booking, (unused), title,
	 * status, next start. */
	[STMT_MAIL_LOST_BOOKINGS] =
	    { "SELECT b.id, NULL, c.title, b.status, min(s.starts_at)"
	    " FROM learner AS l JOIN booking AS b ON b.learner_id = l.id"
	    " JOIN run AS r ON r.id = b.run_id"
	    " JOIN course AS c ON c.id = r.course_id"
	    " JOIN session AS s ON s.run_id = r.id"
	    " WHERE l.email = ?1 AND l.erased_at IS NULL"
	    " AND b.status IN ('confirmed', 'waitlisted')"
	    " AND r.status = 'published' AND s.status = 'scheduled'"
	    " AND s.ends_at > ?2"
	    " GROUP BY b.id, c.id ORDER BY min(s.starts_at), b.id" },
	/* ?1 run: the bookings that hold a place or wait for one. */
	[STMT_MAIL_RUN_BOOKINGS] =
	    { "SELECT id FROM booking WHERE run_id = ?1"
	    " AND status IN ('confirmed', 'waitlisted') ORDER BY id" },
	/* ?1 now, ?2 the window in seconds: confirmed bookings of
	 * published runs with a scheduled session starting within the
	 * window, whose learner wants reminders, that had none for it, and
	 * that were made before the session came inside the window. */
	[STMT_MAIL_REMINDERS_DUE] =
	    { "SELECT b.id, s.id FROM session AS s"
	    " JOIN run AS r ON r.id = s.run_id"
	    " JOIN booking AS b ON b.run_id = r.id"
	    " JOIN learner AS l ON l.id = b.learner_id"
	    " WHERE s.starts_at > ?1 AND s.starts_at <= ?1 + ?2"
	    " AND s.status = 'scheduled' AND r.status = 'published'"
	    " AND b.status = 'confirmed' AND b.created_at <= s.starts_at - ?2"
	    " AND l.reminders = 1 AND l.email IS NOT NULL"
	    " AND NOT EXISTS (SELECT 1 FROM reminder_sent AS m"
	    "  WHERE m.booking_id = b.id AND m.session_id = s.id)"
	    " ORDER BY s.starts_at, b.id" },
	/* ?1 booking, ?2 session, ?3 now. */
	[STMT_MAIL_REMINDER_MARK] =
	    { "INSERT OR IGNORE INTO reminder_sent(booking_id, session_id, at)"
	    " VALUES (?1, ?2, ?3)",
	    "INSERT INTO reminder_sent(booking_id, session_id, at)"
	    " VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING" },
	/* ?1 booking, ?2 1 or 0: its learner's reminders. */
	[STMT_MAIL_REMINDERS_SET] =
	    { "UPDATE learner SET reminders = ?2 WHERE erased_at IS NULL"
	    " AND id = (SELECT learner_id FROM booking WHERE id = ?1)" },
	/* ?1 booking: its learner's reminders, and the course's title. */
	[STMT_MAIL_REMINDERS_GET] =
	    { "SELECT l.reminders, c.title FROM booking AS b"
	    " JOIN learner AS l ON l.id = b.learner_id"
	    " JOIN run AS r ON r.id = b.run_id"
	    " JOIN course AS c ON c.id = r.course_id"
	    " WHERE b.id = ?1 AND l.erased_at IS NULL" },
	/* ?1 key, ?2 start of the window. */
	[STMT_MAIL_LOST_COUNT] =
	    { "SELECT count(*) FROM lost_request WHERE key = ?1 AND at >= ?2" },
	/* ?1 key, ?2 now. */
	[STMT_MAIL_LOST_ADD] =
	    { "INSERT INTO lost_request(key, at) VALUES (?1, ?2)" },
	/* ?1 start of the window: everything older goes. */
	[STMT_MAIL_LOST_PRUNE] =
	    { "DELETE FROM lost_request WHERE at < ?1" },
	/* ?1 learner, ?2 limit: what was sent to them, newest first: kind,
	 * created, state, sent, attempts, the server's last reply, course.
	 * Never the body. */
	[STMT_MAIL_LEARNER_SENT] =
	    { "SELECT o.kind, o.created_at, o.state, o.sent_at, o.attempts,"
	    " o.last_error, coalesce(c.title, '') FROM outbox AS o"
	    " LEFT JOIN booking AS b ON b.id = o.booking_id"
	    " LEFT JOIN run AS r ON r.id = b.run_id"
	    " LEFT JOIN course AS c ON c.id = r.course_id"
	    " WHERE o.booking_id IN (SELECT id FROM booking"
	    "  WHERE learner_id = ?1)"
	    " OR o.rcpt = (SELECT email FROM learner WHERE id = ?1)"
	    " ORDER BY o.id DESC LIMIT ?2" },
	/* ?1 limit: learners not erased whose latest message failed:
	 * id, name, when it failed. */
	[STMT_MAIL_UNREACHABLE] =
	    { "SELECT l.id, l.name, max(o.created_at) FROM learner AS l"
	    " JOIN booking AS b ON b.learner_id = l.id"
	    " JOIN outbox AS o ON o.booking_id = b.id"
	    " WHERE l.erased_at IS NULL AND o.state = 'failed'"
	    " AND NOT EXISTS (SELECT 1 FROM outbox AS n"
	    "  JOIN booking AS nb ON nb.id = n.booking_id"
	    "  WHERE nb.learner_id = l.id AND n.state = 'sent'"
	    "  AND n.id > o.id)"
	    " GROUP BY l.id ORDER BY max(o.created_at) DESC LIMIT ?1" },
	/* ?1 booking: its learner, whether erased, whether there is
	 * anything to resend (not cancelled by either side). */
	[STMT_MAIL_BOOKING_OF] =
	    { "SELECT b.learner_id, l.erased_at IS NOT NULL,"
	    " b.status <> 'cancelled' AND r.status <> 'cancelled'"
	    " FROM booking AS b JOIN learner AS l ON l.id = b.learner_id"
	    " JOIN run AS r ON r.id = b.run_id WHERE b.id = ?1" },
	/* ?1 booking: whether a place (so a calendar invitation) was ever
	 * queued for it. */
	[STMT_MAIL_WAS_INVITED] =
	    { "SELECT EXISTS (SELECT 1 FROM outbox WHERE booking_id = ?1"
	    " AND kind IN ('confirmed', 'promoted', 'resend'))" },
	/* ?1 run: what to bring. */
	[STMT_MAIL_BRING_GET] =
	    { "SELECT bring FROM run WHERE id = ?1" },
	/* ?1 run, ?2 what to bring. */
	[STMT_MAIL_BRING_SET] =
	    { "UPDATE run SET bring = ?2 WHERE id = ?1" },
	/* ?1 session, ?2 booking: their calendar event's SEQUENCE. */
	[STMT_BOOKING_EVENT_SEQ] =
	    { "SELECT s.seq + b.seq FROM session AS s, booking AS b"
	    " WHERE s.id = ?1 AND b.id = ?2" },

	/* booking: privacy and people */
	/* ?1 run, ?2 browser hash, ?3 email, ?4 name: this browser's live
	 * booking of the run for this person (a double click, a retry). */
	[STMT_BOOKING_SAME_BROWSER] =
	    { "SELECT b.id, b.status, b.code, b.token_sealed"
	    " FROM booking AS b JOIN learner AS l ON l.id = b.learner_id"
	    " WHERE b.run_id = ?1 AND b.browser_hash = ?2"
	    " AND b.status <> 'cancelled' AND l.email = ?3"
	    " AND lower(trim(l.name)) = lower(trim(?4))"
	    " ORDER BY b.id LIMIT 1" },
	/* ?1 booking: its sealed manage token. */
	[STMT_BOOKING_SEALED] =
	    { "SELECT token_sealed FROM booking WHERE id = ?1" },
	/* Bookings from before 006 that still hold a plaintext token. */
	[STMT_BOOKING_LEGACY] =
	    { "SELECT id, token FROM booking"
	    " WHERE token IS NOT NULL AND token_hash IS NULL ORDER BY id" },
	/* ?1 booking, ?2 token hash, ?3 check-in hash, ?4 sealed token. */
	[STMT_BOOKING_UPGRADE] =
	    { "UPDATE booking SET token_hash = ?2, checkin_hash = ?3,"
	    " token_sealed = ?4, token = NULL WHERE id = ?1" },
	/* ?1 start of the window: older rows go. */
	[STMT_BOOKING_CLIENT_PRUNE] =
	    { "DELETE FROM booking_client WHERE at <= ?1" },
	/* ?1 client key hash, ?2 start of the window. */
	[STMT_BOOKING_CLIENT_COUNT] =
	    { "SELECT count(*) FROM booking_client WHERE key_hash = ?1"
	    " AND at > ?2" },
	/* ?1 client key hash, ?2 now. */
	[STMT_BOOKING_CLIENT_ADD] =
	    { "INSERT INTO booking_client(key_hash, at) VALUES (?1, ?2)" },
	/* ?1 booking: as STMT_BOOKING_BY_TOKEN, then the course and the
	 * learner. */
	[STMT_BOOKING_BY_ID] =
	    { "SELECT b.id, b.run_id, b.status, b.code, r.status, r.capacity,"
	    " r.online_details, c.slug, c.title,"
	    " (SELECT min(s.starts_at) FROM session AS s"
	    "  WHERE s.run_id = r.id AND s.status = 'scheduled'),"
	    " r.course_id, b.learner_id"
	    " FROM booking AS b JOIN run AS r ON r.id = b.run_id"
	    " JOIN course AS c ON c.id = r.course_id"
	    " WHERE b.id = ?1" },
	/* ?1 SHA-256 hex of a check-in token. */
	[STMT_BOOKING_BY_CHECKIN] =
	    { "SELECT id FROM booking WHERE checkin_hash = ?1" },
	/* ?1 email: the first of the learners (people) with it. */
	[STMT_BOOKING_LEARNER_BY_EMAIL] =
	    { "SELECT id FROM learner WHERE email = ?1 ORDER BY id LIMIT 1" },
	[STMT_BOOKING_RUN_COURSE] =
	    { "SELECT course_id FROM run WHERE id = ?1" },
	/* ?1 booking, ?2 the new run, ?3 status, ?4 now, ?5 a new code: at
	 * the end of the new run's queue. */
	[STMT_BOOKING_MOVE] =
	    { "UPDATE booking SET run_id = ?2, status = ?3, code = ?5,"
	    " updated_at = ?4, queued_at = (SELECT coalesce(max(queued_at), 0)"
	    "  + 1 FROM booking WHERE run_id = ?2)"
	    " WHERE id = ?1" },

	/* check-in: offline and paper */
	/* ?1 start of today, ?2 start of tomorrow, ?3 user: the scheduled
	 * sessions of published runs today that the user facilitates (an
	 * admin too: only their own), for the offline rosters. */
	[STMT_DOOR_TODAY] =
	    { "SELECT s.id, s.run_id, s.starts_at, s.ends_at, c.title, v.name,"
	    " v.online"
	    " FROM session AS s"
	    " JOIN run AS r ON r.id = s.run_id"
	    " JOIN course AS c ON c.id = r.course_id"
	    " JOIN venue AS v ON v.id = s.venue_id"
	    " WHERE s.starts_at >= ?1 AND s.starts_at < ?2"
	    " AND s.status = 'scheduled' AND r.status = 'published'"
	    " AND EXISTS (SELECT 1 FROM facilitator AS f"
	    "  WHERE f.run_id = s.run_id AND f.user_id = ?3)"
	    " ORDER BY s.starts_at, s.id" },
	/* ?1 session, ?2 run: the confirmed learners by name with what the
	 * door may hold: id, name, short code, the check-in token's hash
	 * ('' before the upgrade of sql/006), and the record (status, at, by) if any. Never needs or contact. */
	[STMT_DOOR_LIST] =
	    { "SELECT b.id, l.name, b.code, coalesce(b.checkin_hash, ''),"
	    " a.status, a.at,"
	    " coalesce(u.name, '')"
	    " FROM booking AS b JOIN learner AS l ON l.id = b.learner_id"
	    " LEFT JOIN attendance AS a ON a.booking_id = b.id"
	    "  AND a.session_id = ?1"
	    " LEFT JOIN \"user\" AS u ON u.id = a.by_user"
	    " WHERE b.run_id = ?2 AND b.status = 'confirmed'"
	    " ORDER BY lower(l.name), b.id" },
	/* ?1 booking, ?2 session, ?3 status, ?4 at, ?5 user, ?6 method: the
	 * record is set whatever it was (the caller has decided). */
	[STMT_DOOR_PUT] =
	    { "INSERT INTO attendance(booking_id, session_id, status, at,"
	    " by_user, method) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
	    " ON CONFLICT (booking_id, session_id) DO UPDATE"
	    " SET status = excluded.status, at = excluded.at,"
	    " by_user = excluded.by_user, method = excluded.method" },
	/* ?1 booking, ?2 session, ?3 status: only the status changes. */
	[STMT_DOOR_STATUS] =
	    { "UPDATE attendance SET status = ?3"
	    " WHERE booking_id = ?1 AND session_id = ?2" },

	/* review: log-in, erasure, audit */
	/* ?1 learner, before its row is erased: its mail keeps the kind and
	 * the state for the office's counts; the address, the message and
	 * the server's reply (which may quote the address) go, and what
	 * was still queued is never sent. */
	[STMT_REVIEW_OUTBOX_ERASE] =
	    { "UPDATE outbox SET rcpt = '', body = NULL,"
	    " last_error = CASE WHEN state = 'queued' THEN 'learner erased'"
	    "  ELSE '' END,"
	    " state = CASE WHEN state = 'queued' THEN 'failed' ELSE state END"
	    " WHERE booking_id IN (SELECT id FROM booking WHERE learner_id = ?1)"
	    " OR rcpt = (SELECT email FROM learner WHERE id = ?1)" },
	/* ?1 learner, ?2 now: in the erasing transaction. */
	[STMT_REVIEW_PENDING_ADD] =
	    { "INSERT OR IGNORE INTO pending_erasure(learner_id, requested_at)"
	    " VALUES (?1, ?2)",
	    "INSERT INTO pending_erasure(learner_id, requested_at)"
	    " VALUES (?1, ?2) ON CONFLICT DO NOTHING" },
	/* The newest queued erasure (0 if none), read before a checkpoint. */
	[STMT_REVIEW_PENDING_MAX] =
	    { "SELECT coalesce(max(id), 0), count(*) FROM pending_erasure" },
	/* ?1 the newest that the checkpoint covered. */
	[STMT_REVIEW_PENDING_DEL] =
	    { "DELETE FROM pending_erasure WHERE id <= ?1" },
	/* staff.c. ?1 key, ?2 start of the window: its failures in the
	 * window and the time of the newest. */
	[STMT_REVIEW_FAIL_COUNT] =
	    { "SELECT count(*), coalesce(max(at), 0) FROM login_failure"
	    " WHERE key = ?1 AND at > ?2" },
	/* ?1 device id's hash, ?2 user, ?3 oldest sign of life allowed. */
	[STMT_REVIEW_DEVICE_GET] =
	    { "SELECT 1 FROM login_device WHERE id_hash = ?1 AND user_id = ?2"
	    " AND seen_at >= ?3" },
	/* ?1 device id's hash, ?2 user, ?3 now. */
	[STMT_REVIEW_DEVICE_ADD] =
	    { "INSERT INTO login_device(id_hash, user_id, created_at, seen_at)"
	    " VALUES (?1, ?2, ?3, ?3) ON CONFLICT (id_hash, user_id)"
	    " DO UPDATE SET seen_at = excluded.seen_at" },
	/* ?1 oldest sign of life allowed. */
	[STMT_REVIEW_DEVICE_PRUNE] =
	    { "DELETE FROM login_device WHERE seen_at < ?1" },
	/* ?1 email, ?2 name, ?3 role, ?4 hash, ?5 now; no change when the
	 * email is taken (the UNIQUE index decides, even against a racing
	 * writer). */
	[STMT_REVIEW_STAFF_ADD] =
	    { "INSERT INTO \"user\"(email, name, role, pwhash, created_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (email) DO NOTHING"
	    " RETURNING id" },

	/* journeys: search, settings, office */
	/* catalogue.c: course_fts (sql/011_search.sql) made again from the
	 * course table (https://sqlite.org/fts5.html#the_rebuild_command).
	 * PostgreSQL's course.search needs nothing (below). */
	[STMT_CATALOGUE_REINDEX] =
	    { "INSERT INTO course_fts(course_fts) VALUES ('rebuild')",
	    /* course.search is kept by its trigger: nothing to rebuild. A
	     * statement with no row, as the INSERT has none: the caller
	     * wants DB_DONE. */
	    "SELECT 1 WHERE false" },
	/* export.c: ?1 a course slug; ?1 a run id. */
	[STMT_EXPORT_COURSE_EXISTS] =
	    { "SELECT 1 FROM course WHERE slug = ?1" },
	[STMT_EXPORT_RUN_EXISTS] =
	    { "SELECT 1 FROM run WHERE id = ?1" },
	/* office.c. ?1 run: its live bookings, confirmed in booking order,
	 * then the waiting list in its order (queued_at, id) with each
	 * one's place on it. */
	[STMT_OFFICE_BOOKINGS] =
	    { "SELECT b.id, l.id, l.name, b.status, b.code, b.created_at,"
	    " CASE b.status WHEN 'waitlisted' THEN (SELECT count(*)"
	    "  FROM booking AS w WHERE w.run_id = b.run_id"
	    "  AND w.status = 'waitlisted'"
	    "  AND (w.queued_at, w.id) <= (b.queued_at, b.id)) ELSE 0 END"
	    " FROM booking AS b JOIN learner AS l ON l.id = b.learner_id"
	    " WHERE b.run_id = ?1 AND b.status IN ('confirmed', 'waitlisted')"
	    " ORDER BY b.status = 'waitlisted', b.queued_at, b.id" },
	/* ?1 run, ?2 now: the other published runs of its course whose
	 * first scheduled session is after now, with their places. */
	[STMT_OFFICE_MOVE_RUNS] =
	    { "SELECT x.id, x.first, x.capacity - x.confirmed FROM (SELECT r.id,"
	    " (SELECT min(s.starts_at) FROM session AS s WHERE s.run_id = r.id"
	    "  AND s.status = 'scheduled') AS first, r.capacity,"
	    " (SELECT count(*) FROM booking AS b WHERE b.run_id = r.id"
	    "  AND b.status = 'confirmed') AS confirmed"
	    " FROM run AS r JOIN course AS c ON c.id = r.course_id"
	    " WHERE r.course_id = (SELECT course_id FROM run WHERE id = ?1)"
	    " AND r.id <> ?1 AND r.status = 'published'"
	    " AND c.status = 'published') AS x"
	    " WHERE x.first > ?2 ORDER BY x.first, x.id" },
	/* ?1 booking. */
	[STMT_OFFICE_BOOKING_RUN] =
	    { "SELECT run_id FROM booking WHERE id = ?1" },

	/* languages: course texts, the booking's language */
	/* ?1 course slug, ?2 language: its title, summary, description. */
	[STMT_LANG_COURSE_TEXT] =
	    { "SELECT t.title, t.summary, t.description"
	    " FROM course_text AS t JOIN course AS c ON c.id = t.course_id"
	    " WHERE c.slug = ?1 AND t.lang = ?2" },
	/* ?1 course id: every language it has a text in. */
	[STMT_LANG_COURSE_TEXTS] =
	    { "SELECT lang, title, summary, description FROM course_text"
	    " WHERE course_id = ?1 ORDER BY lang" },
	/* ?1 course, ?2 language, ?3 title, ?4 summary, ?5 description. */
	[STMT_LANG_COURSE_TEXT_PUT] =
	    { "INSERT INTO course_text(course_id, lang, title, summary,"
	    " description) VALUES (?1, ?2, ?3, ?4, ?5)"
	    " ON CONFLICT(course_id, lang) DO UPDATE SET title = excluded.title,"
	    " summary = excluded.summary, description = excluded.description" },
	/* ?1 course, ?2 language. */
	[STMT_LANG_COURSE_TEXT_DEL] =
	    { "DELETE FROM course_text WHERE course_id = ?1 AND lang = ?2" },
	/* ?1 booking, ?2 language. */
	[STMT_LANG_BOOKING_SET] =
	    { "UPDATE booking SET lang = ?2 WHERE id = ?1" },
	/* ?1 outbox row: its kind and language; NULL for a booking's whose
	 * language is not known (made by the office, or before 021). */
	[STMT_LANG_OUTBOX] =
	    { "SELECT o.kind, CASE WHEN b.id IS NOT NULL AND b.lang IS NULL"
	    " THEN NULL ELSE o.lang END FROM outbox AS o"
	    " LEFT JOIN booking AS b ON b.id = o.booking_id WHERE o.id = ?1" },
	/* catalogue.c: course_text_fts (sql/022_search_texts.sql) made
	 * again from course_text, emptied then filled. PostgreSQL keeps
	 * course_text.search itself (a generated column, pg/022): nothing
	 * to do there. */
	[STMT_LANG_SEARCH_CLEAR] =
	    { "DELETE FROM course_text_fts", "SELECT 1" },
	[STMT_LANG_SEARCH_FILL] =
	    { "INSERT INTO course_text_fts(course_id, lang, title, summary,"
	    " description) SELECT course_id, lang, title, summary, description"
	    " FROM course_text", "SELECT 1" },
	/* ?1 booking: the language it was made in (NULL: not known). */
	[STMT_LANG_BOOKING] =
	    { "SELECT lang FROM booking WHERE id = ?1" },
};
