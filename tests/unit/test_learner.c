/*
 * test_learner.c: finding learners, their page, the subject-access
 * download, erasure (counts kept, bytes gone from the database file and
 * its log) and retention, against the real migrations.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "kit/arena.h"
#include "kit/buf.h"
#include "kit/db.h"
#include "kit/json.h"
#include "kit/token.h"
#include "kit/view.h"
#include "college/export.h"
#include "college/learner.h"
#include "college/sqlfiles.h"
#include "college/stmts.h"
#include "college/when.h"

#define DAY	86400

struct fx {
	struct db	*db;
	struct arena	*arena;
	struct view	*v;
	time_t		 now;
	long long	 admin;
	long long	 ann, bob, run, s1, s2;	/* learners, run, sessions */
	char		 dir[64];		/* file databases live here */
};

static time_t
utc(int y, int mo, int d, int h, int mi)
{
	struct tm	 tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	return timegm(&tm);
}

static long long
sql(struct fx *fx, const char *fmt, ...)
{
	va_list		 ap;
	char		*q, *err = NULL;
	sqlite3		*h = db_handle(fx->db);

	va_start(ap, fmt);
	q = sqlite3_vmprintf(fmt, ap);
	va_end(ap);
	assert_non_null(q);
	if (sqlite3_exec(h, q, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", q, err);
	sqlite3_free(q);
	return sqlite3_last_insert_rowid(h);
}

static long long
query_int(struct fx *fx, const char *fmt, ...)
{
	va_list		 ap;
	sqlite3_stmt	*st;
	char		*q;
	long long	 v;

	va_start(ap, fmt);
	q = sqlite3_vmprintf(fmt, ap);
	va_end(ap);
	assert_int_equal(sqlite3_prepare_v2(db_handle(fx->db), q, -1, &st,
	    NULL), SQLITE_OK);
	sqlite3_free(q);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static long long
learner(struct fx *fx, const char *name, const char *email, time_t created)
{
	return sql(fx, "INSERT INTO learner(email, name, phone, consent_at, "
	    "created_at) VALUES (%Q, %Q, '07700 900123', %lld, %lld)", email,
	    name, (long long)created, (long long)created);
}

static long long
book(struct fx *fx, long long run_id, long long l, const char *status,
    const char *needs, time_t at)
{
	return sql(fx, "INSERT INTO booking(run_id, learner_id, status, "
	    "token, code, needs, created_at, updated_at) VALUES (%lld, %lld, "
	    "%Q, printf('TOKENAAAAAAAAAAAAAAAA%%05d', %lld), "
	    "printf('C%%05d', %lld), %Q, %lld, %lld)", run_id, l, status, l,
	    l, needs, (long long)at, (long long)at);
}

static long long
session(struct fx *fx, long long run_id, time_t start)
{
	return sql(fx, "INSERT INTO session(run_id, starts_at, ends_at, "
	    "venue_id) VALUES (%lld, %lld, %lld, 1)", run_id,
	    (long long)start, (long long)start + 7200);
}

/*
 * A run with two sessions in March 2026: Ann (needs, present then
 * absent), Bob (present), Cy (waitlisted).
 */
static void
fixtures(struct fx *fx)
{
	long long	 c, a, b;

	sql(fx, "INSERT INTO venue(name) VALUES ('Hub')");
	fx->admin = sql(fx, "INSERT INTO user(email, name, role, pwhash, "
	    "created_at) VALUES ('jo@example.org', 'Jo Admin', 'admin', 'x', "
	    "0)");
	c = sql(fx, "INSERT INTO course(slug, title, status) VALUES "
	    "('anxiety', 'Understanding anxiety', 'published')");
	fx->run = sql(fx, "INSERT INTO run(course_id, capacity, status) "
	    "VALUES (%lld, 2, 'published')", c);
	fx->s1 = session(fx, fx->run, utc(2026, 3, 3, 10, 0));
	fx->s2 = session(fx, fx->run, utc(2026, 3, 10, 10, 0));
	fx->ann = learner(fx, "Ann Able", "ann.able@example.org",
	    utc(2026, 2, 1, 9, 0));
	fx->bob = learner(fx, "Bob 100% Brown", "bob_b@example.org",
	    utc(2026, 2, 2, 9, 0));
	a = book(fx, fx->run, fx->ann, "confirmed", "Step-free access, "
	    "please; I use a wheelchair", utc(2026, 2, 1, 9, 0));
	b = book(fx, fx->run, fx->bob, "confirmed", "", utc(2026, 2, 2, 9, 0));
	book(fx, fx->run, learner(fx, "Cy Cole", "cy@example.org",
	    utc(2026, 2, 3, 9, 0)), "waitlisted", "", utc(2026, 2, 3, 9, 0));
	sql(fx, "INSERT INTO attendance VALUES (%lld, %lld, 'present', %lld, "
	    "%lld, 'qr'), (%lld, %lld, 'absent', %lld, %lld, 'tap'), "
	    "(%lld, %lld, 'present', %lld, %lld, 'code')",
	    a, fx->s1, (long long)utc(2026, 3, 3, 9, 58), fx->admin,
	    a, fx->s2, (long long)utc(2026, 3, 10, 12, 0), fx->admin,
	    b, fx->s1, (long long)utc(2026, 3, 3, 10, 5), fx->admin);
}

/* Open a database at path (":memory:" or a file) with the migrations. */
static struct db *
open_college(const char *path)
{
	struct db	*db;
	char		 err[256];

	db = db_open(path, 1, college_stmts, STMT__MAX, err, sizeof(err));
	if (db == NULL || db_migrate(db, college_migrations,
	    college_nmigrations, err, sizeof(err)) == -1)
		fail_msg("open %s: %s", path, err);
	return db;
}

static int
setup(void **state)
{
	struct fx	*fx;

	if ((fx = calloc(1, sizeof(*fx))) == NULL)
		return -1;
	fx->db = open_college(":memory:");
	if ((fx->arena = arena_new()) == NULL ||
	    (fx->v = view_new(fx->arena)) == NULL ||
	    when_set_zone("Europe/London") == -1)
		return -1;
	fx->now = utc(2026, 3, 20, 12, 0);
	fixtures(fx);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx	*fx = *state;

	db_close(fx->db);
	arena_free(fx->arena);
	free(fx);
	return 0;
}

static struct view *
fresh(struct fx *fx)
{
	arena_reset(fx->arena);
	assert_non_null(fx->v = view_new(fx->arena));
	return fx->v;
}

static const struct vval *
val(const struct view *v, const char *name, enum vtype type)
{
	const struct vval	*x = view_lookup_here(v, name);

	if (x == NULL)
		fail_msg("no variable %s", name);
	if (x->type != type)
		fail_msg("%s has type %d, want %d", name, x->type, type);
	return x;
}

static const char *
str(const struct view *v, const char *name)
{
	return val(v, name, VT_STR)->s;
}

static long long
num(const struct view *v, const char *name)
{
	return val(v, name, VT_INT)->i;
}

static int
flag(const struct view *v, const char *name)
{
	return (int)val(v, name, VT_BOOL)->i;
}

static unsigned
nrows(const struct view *v, const char *name)
{
	return val(v, name, VT_LOOP)->nrows;
}

static const struct view *
row(const struct view *v, const char *name, unsigned i)
{
	const struct vrow	*r = val(v, name, VT_LOOP)->rows;

	while (r != NULL && i-- > 0)
		r = r->next;
	if (r == NULL)
		fail_msg("%s has too few rows", name);
	return r->scope;
}

static void
test_learner_find_matches(void **state)
{
	struct fx	*fx = *state;
	static const struct {
		const char	*q;
		const char	*first;	/* NULL: none found */
		long long	 found;
	} cases[] = {
		{ "ann", "Ann Able", 1 },
		{ "ANN.ABLE@", "Ann Able", 1 },
		{ "example.org", "Ann Able", 3 },
		{ "100%", "Bob 100% Brown", 1 },
		{ "%", "Bob 100% Brown", 1 },	/* literal, not a wildcard */
		{ "b_b", "Bob 100% Brown", 1 },
		{ "a_b", NULL, 0 },		/* _ is literal too */
		{ "nobody", NULL, 0 },
		{ "", NULL, 0 },
	};
	size_t		 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		fresh(fx);
		assert_int_equal(learner_find(fx->db, cases[i].q, fx->v), 0);
		if (num(fx->v, "found") != cases[i].found)
			fail_msg("case %zu (%s): found %lld", i, cases[i].q,
			    num(fx->v, "found"));
		assert_int_equal(nrows(fx->v, "learners"), cases[i].found);
		if (cases[i].first != NULL)
			assert_string_equal(str(row(fx->v, "learners", 0),
			    "name"), cases[i].first);
		assert_false(flag(fx->v, "more"));
	}
	fresh(fx);
	assert_int_equal(learner_find(fx->db, "ann", fx->v), 0);
	assert_int_equal(num(row(fx->v, "learners", 0), "bookings"), 1);
	assert_string_equal(str(row(fx->v, "learners", 0), "email"),
	    "ann.able@example.org");
}

static void
test_learner_find_limits(void **state)
{
	struct fx	*fx = *state;
	char		 q[LEARNER_Q_MAX + 2];
	int		 i;

	for (i = 0; i < LEARNER_FIND_MAX + 5; i++)
		sql(fx, "INSERT INTO learner(email, name, created_at) VALUES "
		    "('pat%d@example.org', 'Pat %02d', 0)", i, i);
	fresh(fx);
	assert_int_equal(learner_find(fx->db, "pat", fx->v), 0);
	assert_int_equal(num(fx->v, "found"), LEARNER_FIND_MAX);
	assert_int_equal(nrows(fx->v, "learners"), LEARNER_FIND_MAX);
	assert_true(flag(fx->v, "more"));
	memset(q, 'a', sizeof(q) - 1);
	q[sizeof(q) - 1] = '\0';
	assert_int_equal(learner_find(fx->db, q, fresh(fx)), -1);
}

static void
test_learner_show_needs(void **state)
{
	struct fx		*fx = *state;
	const struct view	*b;

	assert_int_equal(learner_show(fx->db, fx->ann, 0, fx->admin,
	    fresh(fx)), 0);
	assert_string_equal(str(fx->v, "name"), "Ann Able");
	assert_string_equal(str(fx->v, "email"), "ann.able@example.org");
	assert_true(flag(fx->v, "consented"));
	assert_false(flag(fx->v, "erased"));
	assert_true(flag(fx->v, "has_needs"));
	assert_false(flag(fx->v, "needs_shown"));
	assert_int_equal(nrows(fx->v, "bookings"), 1);
	b = row(fx->v, "bookings", 0);
	assert_string_equal(str(b, "course"), "Understanding anxiety");
	assert_string_equal(str(b, "status"), "confirmed");
	assert_string_equal(str(b, "first_date"), "Tuesday 3 March 2026");
	assert_int_equal(num(b, "sessions_count"), 2);
	assert_int_equal(num(b, "attended"), 1);
	assert_true(flag(b, "has_needs"));
	assert_string_equal(str(b, "needs"), "");
	assert_int_equal(nrows(fx->v, "attendance"), 2);
	assert_string_equal(str(row(fx->v, "attendance", 1), "status"),
	    "absent");
	assert_string_equal(str(row(fx->v, "attendance", 0), "recorded_at"),
	    "09:58");
	/* Looking is not audited; showing the needs is. */
	assert_int_equal(query_int(fx, "SELECT count(*) FROM audit WHERE "
	    "action = 'needs.reveal'"), 0);

	assert_int_equal(learner_show(fx->db, fx->ann, 1, fx->admin,
	    fresh(fx)), 0);
	assert_true(flag(fx->v, "needs_shown"));
	assert_string_equal(str(row(fx->v, "bookings", 0), "needs"),
	    "Step-free access, please; I use a wheelchair");
	assert_int_equal(query_int(fx, "SELECT count(*) FROM audit WHERE "
	    "action = 'needs.reveal' AND user_id = %lld AND detail = "
	    "'learner %lld'", fx->admin, fx->ann), 1);

	assert_int_equal(learner_show(fx->db, 9999, 0, fx->admin, fresh(fx)),
	    1);
	/* The waiting list position. */
	assert_int_equal(learner_show(fx->db, fx->ann + 2, 0, fx->admin,
	    fresh(fx)), 0);
	assert_int_equal(num(row(fx->v, "bookings", 0), "waitlist_position"),
	    1);
}

static void
test_learner_export_everything(void **state)
{
	struct fx	*fx = *state;
	struct buf	 b;
	struct sink	 s;

	assert_int_equal(learner_export(fx->db, fx->ann, fx->admin, fx->now,
	    fresh(fx)), 0);
	buf_init(&b, fx->arena);
	s = sink_buf(&b);
	assert_int_equal(json_write_view(&s, fx->v), 0);
	assert_non_null(strstr(b.data,
	    "\"exported_at\":\"2026-03-20T12:00:00+00:00\""));
	assert_non_null(strstr(b.data, "\"name\":\"Ann Able\""));
	assert_non_null(strstr(b.data, "\"email\":\"ann.able@example.org\""));
	assert_non_null(strstr(b.data, "\"phone\":\"07700 900123\""));
	assert_non_null(strstr(b.data, "\"erased_at\":null"));
	assert_non_null(strstr(b.data, "\"support_needs\":\"Step-free access"));
	assert_non_null(strstr(b.data, "\"status\":\"confirmed\""));
	assert_non_null(strstr(b.data, "\"waitlist_position\":null"));
	assert_non_null(strstr(b.data,
	    "\"session_start\":\"2026-03-10T10:00:00+00:00\""));
	assert_non_null(strstr(b.data, "\"status\":\"absent\""));
	assert_non_null(strstr(b.data, "\"recorded_by\":\"Jo Admin\""));
	/* Nobody else's data. */
	assert_null(strstr(b.data, "Bob"));
	assert_int_equal(query_int(fx, "SELECT count(*) FROM audit WHERE "
	    "action = 'learner.export' AND detail = 'learner %lld'",
	    fx->ann), 1);
	assert_int_equal(learner_export(fx->db, 9999, fx->admin, fx->now,
	    fresh(fx)), 1);
}

/* The summary export as a string, to compare before and after. */
static char *
summary(struct fx *fx)
{
	struct buf	 b;
	struct sink	 s;

	buf_init(&b, fx->arena);
	s = sink_buf(&b);
	assert_int_equal(export_summary(fx->db, NULL, fx->now, &s, NULL), 0);
	return b.data;
}

static void
test_learner_erase_keeps_counts(void **state)
{
	struct fx	*fx = *state;
	char		*before, *after;
	struct buf	 b;
	struct sink	 s;

	arena_reset(fx->arena);
	assert_non_null(before = strdup(summary(fx)));
	assert_int_equal(learner_erase(fx->db, fx->ann, fx->admin, fx->now),
	    0);
	after = summary(fx);
	assert_string_equal(after, before);
	free(before);

	/* The person is gone... */
	assert_int_equal(query_int(fx, "SELECT count(*) FROM learner WHERE "
	    "id = %lld AND email IS NULL AND name = 'Erased learner' AND "
	    "phone = '' AND consent_at IS NULL AND erased_at = %lld", fx->ann,
	    (long long)fx->now), 1);
	assert_int_equal(query_int(fx, "SELECT count(*) FROM booking WHERE "
	    "learner_id = %lld AND needs = '' AND browser_hash = '' AND "
	    "token LIKE 'ERASED%%'", fx->ann), 1);
	/* ...the counts stay. */
	assert_int_equal(query_int(fx, "SELECT count(*) FROM booking"), 3);
	assert_int_equal(query_int(fx, "SELECT count(*) FROM booking WHERE "
	    "status = 'confirmed'"), 2);
	assert_int_equal(query_int(fx, "SELECT count(*) FROM attendance"), 3);
	/* Others are untouched. */
	assert_int_equal(query_int(fx, "SELECT count(*) FROM learner WHERE "
	    "email = 'bob_b@example.org'"), 1);
	assert_int_equal(query_int(fx, "SELECT count(*) FROM audit WHERE "
	    "action = 'learner.erase' AND user_id = %lld AND detail = "
	    "'learner %lld'", fx->admin, fx->ann), 1);

	/* The attendance export still has the rows, without the person. */
	buf_init(&b, fx->arena);
	s = sink_buf(&b);
	assert_int_equal(export_attendance(fx->db, NULL, &s, NULL), 0);
	assert_null(strstr(b.data, "ann.able"));
	assert_non_null(strstr(b.data, ",Erased learner,,confirmed,present,"));

	assert_int_equal(learner_show(fx->db, fx->ann, 1, fx->admin,
	    fresh(fx)), 0);
	assert_true(flag(fx->v, "erased"));
	assert_string_equal(str(fx->v, "email"), "");
	assert_false(flag(fx->v, "has_needs"));
	/* Twice, or nobody: nothing to do. */
	assert_int_equal(learner_erase(fx->db, fx->ann, fx->admin, fx->now),
	    1);
	assert_int_equal(learner_erase(fx->db, 9999, fx->admin, fx->now), 1);
	assert_int_equal(query_int(fx, "SELECT count(*) FROM audit WHERE "
	    "action = 'learner.erase'"), 1);
	/* Erased learners are not found. */
	assert_int_equal(learner_find(fx->db, "Erased", fresh(fx)), 0);
	assert_int_equal(num(fx->v, "found"), 0);
}

/* Whether the file at path holds the bytes of s. -1 if unreadable. */
static int
file_has(const char *path, const char *s)
{
	FILE	*f;
	char	*data;
	long	 n;
	int	 found;

	if ((f = fopen(path, "rb")) == NULL)
		return -1;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	if ((data = malloc((size_t)n + 1)) == NULL ||
	    fread(data, 1, (size_t)n, f) != (size_t)n) {
		fclose(f);
		free(data);
		return -1;
	}
	fclose(f);
	found = memmem(data, (size_t)n, s, strlen(s)) != NULL;
	free(data);
	return found;
}

/*
 * On a real file in WAL mode: before erasure the email, phone and
 * needs are in the file (so this test can fail); after it, neither the
 * database file nor its log holds them.
 */
static void
test_learner_erase_leaves_no_trace(void **state)
{
	struct fx	*fx = *state;
	static const char *const secrets[] = {
		"unique-secret-7731@example.org",
		"Zebedee Quillfeather",
		"07700 907731",
		"NEEDS-7731 hearing loop",
	};
	struct db	*mem = fx->db;
	char		 path[128], wal[140];
	long long	 l;
	size_t		 i;

	snprintf(fx->dir, sizeof(fx->dir), "/tmp/test_learner.XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	snprintf(path, sizeof(path), "%s/t.db", fx->dir);
	snprintf(wal, sizeof(wal), "%s-wal", path);
	fx->db = open_college(path);
	fixtures(fx);
	l = sql(fx, "INSERT INTO learner(email, name, phone, consent_at, "
	    "created_at) VALUES (%Q, %Q, %Q, 1, 1)", secrets[0], secrets[1],
	    secrets[2]);
	book(fx, fx->run, l, "confirmed", secrets[3], 1);
	/* Enough other learners that the pages are shared with others. */
	sql(fx, "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 "
	    "FROM k WHERE i < 200) INSERT INTO learner(email, name, "
	    "created_at) SELECT 'other' || i || '@example.org', 'Other ' || i,"
	    " 0 FROM k");
	assert_int_equal(learner_checkpoint(fx->db), 0);
	for (i = 0; i < sizeof(secrets) / sizeof(secrets[0]); i++)
		assert_int_equal(file_has(path, secrets[i]), 1);

	assert_int_equal(learner_erase(fx->db, l, fx->admin, fx->now), 0);
	for (i = 0; i < sizeof(secrets) / sizeof(secrets[0]); i++) {
		if (file_has(path, secrets[i]) != 0)
			fail_msg("%s is still in the database file", secrets[i]);
		if (file_has(wal, secrets[i]) == 1)
			fail_msg("%s is still in the log", secrets[i]);
	}
	assert_int_equal(query_int(fx, "SELECT count(*) FROM attendance"), 3);
	assert_int_equal(query_int(fx, "SELECT count(*) FROM booking"), 4);
	db_close(fx->db);
	fx->db = mem;
	unlink(wal);
	snprintf(wal, sizeof(wal), "%s-shm", path);
	unlink(wal);
	unlink(path);
	rmdir(fx->dir);
}

static void
test_learner_erase_older_retention(void **state)
{
	struct fx	*fx = *state;
	long long	 c, r, old, recent, future, gone;
	size_t		 n;

	c = sql(fx, "INSERT INTO course(slug, title) VALUES ('old', 'Old')");
	r = sql(fx, "INSERT INTO run(course_id, capacity) VALUES (%lld, 5)",
	    c);
	session(fx, r, utc(2023, 6, 1, 10, 0));
	/* Last seen at a session in June 2023: erased at 24 months. */
	old = learner(fx, "Old One", "old@example.org", utc(2023, 5, 1, 0, 0));
	book(fx, r, old, "confirmed", "x", utc(2023, 5, 1, 0, 0));
	/* Enrolled long ago, booked the same old run, but was recorded
	 * there in January 2025 (the latest sign of life counts). */
	recent = learner(fx, "Recent", "recent@example.org",
	    utc(2022, 1, 1, 0, 0));
	book(fx, r, recent, "confirmed", "", utc(2022, 1, 1, 0, 0));
	sql(fx, "INSERT INTO attendance SELECT b.id, s.id, 'present', %lld, "
	    "NULL, 'qr' FROM booking AS b JOIN session AS s ON s.run_id = "
	    "b.run_id WHERE b.learner_id = %lld",
	    (long long)utc(2025, 1, 1, 0, 0), recent);
	/* Enrolled long ago with a booking for a session to come. */
	future = learner(fx, "Future", "future@example.org",
	    utc(2022, 1, 1, 0, 0));
	r = sql(fx, "INSERT INTO run(course_id, capacity) VALUES (%lld, 5)",
	    c);
	session(fx, r, utc(2026, 9, 1, 10, 0));
	book(fx, r, future, "confirmed", "", utc(2022, 1, 1, 0, 0));
	/* Already erased: not again. */
	gone = sql(fx, "INSERT INTO learner(email, name, created_at, "
	    "erased_at) VALUES (NULL, 'Erased learner', 0, 5)");
	(void)gone;

	assert_int_equal(learner_erase_older(fx->db, 0, 0, fx->now, &n), -1);
	assert_int_equal(learner_erase_older(fx->db, 24, 0, fx->now, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(query_int(fx, "SELECT count(*) FROM learner WHERE "
	    "id = %lld AND erased_at IS NOT NULL AND email IS NULL", old), 1);
	assert_int_equal(query_int(fx, "SELECT count(*) FROM learner WHERE "
	    "erased_at IS NULL"), 5);
	assert_int_equal(query_int(fx, "SELECT count(*) FROM audit WHERE "
	    "action = 'learner.erase' AND user_id IS NULL AND detail = "
	    "'learner %lld (no activity for 24 months)'", old), 1);
	/* Run again: nothing more. */
	assert_int_equal(learner_erase_older(fx->db, 24, 0, fx->now, &n), 0);
	assert_int_equal(n, 0);
	/* At 6 months Recent (last seen January 2025) goes too. */
	assert_int_equal(learner_erase_older(fx->db, 6, 0, fx->now, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(query_int(fx, "SELECT erased_at IS NOT NULL FROM "
	    "learner WHERE id = %lld", recent), 1);
	assert_int_equal(query_int(fx, "SELECT erased_at IS NULL FROM "
	    "learner WHERE id = %lld", future), 1);
}

/* More than one batch. */
static void
test_learner_erase_older_batches(void **state)
{
	struct fx	*fx = *state;
	size_t		 n;

	sql(fx, "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 "
	    "FROM k WHERE i < %d) INSERT INTO learner(email, name, "
	    "created_at) SELECT 'gone' || i || '@example.org', 'Gone', 0 "
	    "FROM k", LEARNER_ERASE_BATCH * 2 + 7);
	assert_int_equal(learner_erase_older(fx->db, 24, 0, fx->now, &n), 0);
	assert_int_equal(n, LEARNER_ERASE_BATCH * 2 + 7);
	assert_int_equal(query_int(fx, "SELECT count(*) FROM learner WHERE "
	    "email LIKE 'gone%%'"), 0);
}

static void
test_learner_cutoff_calendar(void **state)
{
	(void)state;
	assert_int_equal(learner_cutoff(utc(2026, 3, 20, 12, 0), 24),
	    utc(2024, 3, 20, 12, 0));
	/* 13:00 in London in July (BST) is 13:00 in London in February. */
	assert_int_equal(learner_cutoff(utc(2026, 7, 1, 12, 0), 5),
	    utc(2026, 2, 1, 13, 0));
	assert_int_equal(learner_cutoff(utc(2026, 1, 15, 0, 0), 1),
	    utc(2025, 12, 15, 0, 0));
}

static void
test_learner_retention_setting(void **state)
{
	struct fx	*fx = *state;
	static const struct {
		const char	*value;
		int		 want;
	} cases[] = {
		{ "36", 36 }, { "1", 1 }, { "240", 240 }, { "241", 24 },
		{ "0", 24 }, { "-5", 24 }, { "12 months", 24 }, { "", 24 },
		{ "abc", 24 },
	};
	size_t		 i;

	/* The migration's default. */
	assert_int_equal(learner_retention(fx->db), 24);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sql(fx, "UPDATE setting SET value = %Q WHERE key = "
		    "'retention_months'", cases[i].value);
		assert_int_equal(learner_retention(fx->db), cases[i].want);
	}
	sql(fx, "DELETE FROM setting WHERE key = 'retention_months'");
	assert_int_equal(learner_retention(fx->db), LEARNER_RETENTION_DEFAULT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_learner_find_matches,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_learner_find_limits,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_learner_show_needs,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_learner_export_everything,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_learner_erase_keeps_counts,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_learner_erase_leaves_no_trace, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_learner_erase_older_retention, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_learner_erase_older_batches, setup, teardown),
		cmocka_unit_test_setup_teardown(test_learner_cutoff_calendar,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_learner_retention_setting,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
