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

#include <pthread.h>
#include <sqlite3.h>

#include "kit/arena.h"
#include "kit/buf.h"
#include "kit/db.h"
#include "kit/db_sqlite.h"
#include "kit/json.h"
#include "kit/token.h"
#include "kit/view.h"
#include "college/export.h"
#include "college/learner.h"
#include "college/when.h"
#include "fixture.h"

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

static long long
learner(struct fx *fx, const char *name, const char *email, time_t created)
{
	return fx_sql(fx->db, "INSERT INTO learner(email, name, phone, "
	    "consent_at, created_at) VALUES (%Q, %Q, '07700 900123', %lld, "
	    "%lld) RETURNING id", email, name, (long long)created, (long long)created);
}

static long long
book(struct fx *fx, long long run_id, long long l, const char *status,
    const char *needs, time_t at)
{
	char	 token[32], code[16];

	snprintf(token, sizeof(token), "TOKENAAAAAAAAAAAAAAAA%05lld", l);
	snprintf(code, sizeof(code), "C%05lld", l);
	return fx_sql(fx->db, "INSERT INTO booking(run_id, learner_id, status, "
	    "token, code, needs, created_at, updated_at) VALUES (%lld, %lld, "
	    "%Q, %Q, %Q, %Q, %lld, %lld) RETURNING id", run_id, l, status,
	    token, code, needs, (long long)at, (long long)at);
}

/*
 * A run with two sessions in March 2026: Ann (needs, present then
 * absent), Bob (present), Cy (waitlisted).
 */
static void
fixtures(struct fx *fx)
{
	long long	 c, a, b;

	fx_venue(fx->db, "Hub");
	fx->admin = fx_sql(fx->db, "INSERT INTO \"user\"(email, name, role, "
	    "pwhash, created_at) VALUES ('jo@example.org', 'Jo Admin', "
	    "'admin', 'x', 0) RETURNING id");
	c = fx_course(fx->db, "anxiety", "Understanding anxiety");
	fx->run = fx_run(fx->db, c, 2, "published");
	fx->s1 = fx_session(fx->db, fx->run, fx_utc(2026, 3, 3, 10, 0), 120, 1,
	    "scheduled");
	fx->s2 = fx_session(fx->db, fx->run, fx_utc(2026, 3, 10, 10, 0), 120,
	    1, "scheduled");
	fx->ann = learner(fx, "Ann Able", "ann.able@example.org",
	    fx_utc(2026, 2, 1, 9, 0));
	fx->bob = learner(fx, "Bob 100% Brown", "bob_b@example.org",
	    fx_utc(2026, 2, 2, 9, 0));
	a = book(fx, fx->run, fx->ann, "confirmed", "Step-free access, "
	    "please; I use a wheelchair", fx_utc(2026, 2, 1, 9, 0));
	b = book(fx, fx->run, fx->bob, "confirmed", "",
	    fx_utc(2026, 2, 2, 9, 0));
	book(fx, fx->run, learner(fx, "Cy Cole", "cy@example.org",
	    fx_utc(2026, 2, 3, 9, 0)), "waitlisted", "",
	    fx_utc(2026, 2, 3, 9, 0));
	fx_sql(fx->db, "INSERT INTO attendance VALUES (%lld, %lld, 'present', "
	    "%lld, %lld, 'qr'), (%lld, %lld, 'absent', %lld, %lld, 'tap'), "
	    "(%lld, %lld, 'present', %lld, %lld, 'code')",
	    a, fx->s1, (long long)fx_utc(2026, 3, 3, 9, 58), fx->admin,
	    a, fx->s2, (long long)fx_utc(2026, 3, 10, 12, 0), fx->admin,
	    b, fx->s1, (long long)fx_utc(2026, 3, 3, 10, 5), fx->admin);
}

static int
setup(void **state)
{
	struct fx	*fx;

	if ((fx = calloc(1, sizeof(*fx))) == NULL)
		return -1;
	fx->db = fx_db();
	if ((fx->arena = arena_new()) == NULL ||
	    (fx->v = view_new(fx->arena)) == NULL ||
	    when_set_zone("Europe/London") == -1)
		return -1;
	fx->now = fx_utc(2026, 3, 20, 12, 0);
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
		if (fx_num(fx->v, "found") != cases[i].found)
			fail_msg("case %zu (%s): found %lld", i, cases[i].q,
			    fx_num(fx->v, "found"));
		assert_int_equal(fx_rows(fx->v, "learners"), cases[i].found);
		if (cases[i].first != NULL)
			assert_string_equal(fx_str(fx_row(fx->v, "learners", 0),
			    "name"), cases[i].first);
		assert_false(fx_flag(fx->v, "more"));
	}
	fresh(fx);
	assert_int_equal(learner_find(fx->db, "ann", fx->v), 0);
	assert_int_equal(fx_num(fx_row(fx->v, "learners", 0), "bookings"), 1);
	assert_string_equal(fx_str(fx_row(fx->v, "learners", 0), "email"),
	    "ann.able@example.org");
}

static void
test_learner_find_limits(void **state)
{
	struct fx	*fx = *state;
	char		 q[LEARNER_Q_MAX + 2];
	int		 i;

	for (i = 0; i < LEARNER_FIND_MAX + 5; i++)
		fx_sql(fx->db, "INSERT INTO learner(email, name, created_at) "
		    "VALUES ('pat%d@example.org', 'Pat %02d', 0)", i, i);
	fresh(fx);
	assert_int_equal(learner_find(fx->db, "pat", fx->v), 0);
	assert_int_equal(fx_num(fx->v, "found"), LEARNER_FIND_MAX);
	assert_int_equal(fx_rows(fx->v, "learners"), LEARNER_FIND_MAX);
	assert_true(fx_flag(fx->v, "more"));
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
	assert_string_equal(fx_str(fx->v, "name"), "Ann Able");
	assert_string_equal(fx_str(fx->v, "email"), "ann.able@example.org");
	assert_true(fx_flag(fx->v, "consented"));
	assert_false(fx_flag(fx->v, "erased"));
	assert_true(fx_flag(fx->v, "has_needs"));
	assert_false(fx_flag(fx->v, "needs_shown"));
	assert_int_equal(fx_rows(fx->v, "bookings"), 1);
	b = fx_row(fx->v, "bookings", 0);
	assert_string_equal(fx_str(b, "course"), "Understanding anxiety");
	assert_string_equal(fx_str(b, "status"), "confirmed");
	assert_string_equal(fx_str(b, "first_date"), "Tuesday 3 March 2026");
	assert_int_equal(fx_num(b, "sessions_count"), 2);
	assert_int_equal(fx_num(b, "attended"), 1);
	assert_true(fx_flag(b, "has_needs"));
	assert_string_equal(fx_str(b, "needs"), "");
	assert_int_equal(fx_rows(fx->v, "attendance"), 2);
	assert_string_equal(fx_str(fx_row(fx->v, "attendance", 1), "status"),
	    "absent");
	assert_string_equal(fx_str(fx_row(fx->v, "attendance", 0),
	    "recorded_at"),
	    "09:58");
	/* Looking is audited as a view; only showing the needs is a
	 * reveal. */
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM audit WHERE "
	    "action = 'needs.reveal'"), 0);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM audit WHERE "
	    "action = 'learner.view' AND user_id = %lld AND detail = "
	    "'learner %lld'", fx->admin, fx->ann), 1);

	assert_int_equal(learner_show(fx->db, fx->ann, 1, fx->admin,
	    fresh(fx)), 0);
	assert_true(fx_flag(fx->v, "needs_shown"));
	assert_string_equal(fx_str(fx_row(fx->v, "bookings", 0), "needs"),
	    "Step-free access, please; I use a wheelchair");
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM audit WHERE "
	    "action = 'needs.reveal' AND user_id = %lld AND detail = "
	    "'learner %lld'", fx->admin, fx->ann), 1);

	assert_int_equal(learner_show(fx->db, 9999, 0, fx->admin, fresh(fx)),
	    1);
	/* The waiting list position. */
	assert_int_equal(learner_show(fx->db, fx->ann + 2, 0, fx->admin,
	    fresh(fx)), 0);
	assert_int_equal(fx_num(fx_row(fx->v, "bookings", 0),
	    "waitlist_position"),
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
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM audit WHERE "
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
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM learner WHERE "
	    "id = %lld AND email IS NULL AND name = 'Erased learner' AND "
	    "phone = '' AND consent_at IS NULL AND erased_at = %lld", fx->ann,
	    (long long)fx->now), 1);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM booking WHERE "
	    "learner_id = %lld AND needs = '' AND browser_hash = '' AND "
	    "token IS NULL AND token_hash IS NULL AND checkin_hash IS NULL "
	    "AND token_sealed IS NULL", fx->ann), 1);
	/* ...the counts stay. */
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM booking"), 3);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM booking WHERE "
	    "status = 'confirmed'"), 2);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM attendance"),
	    3);
	/* Others are untouched. */
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM learner WHERE "
	    "email = 'bob_b@example.org'"), 1);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM audit WHERE "
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
	assert_true(fx_flag(fx->v, "erased"));
	assert_string_equal(fx_str(fx->v, "email"), "");
	assert_false(fx_flag(fx->v, "has_needs"));
	/* Twice, or nobody: nothing to do. */
	assert_int_equal(learner_erase(fx->db, fx->ann, fx->admin, fx->now),
	    1);
	assert_int_equal(learner_erase(fx->db, 9999, fx->admin, fx->now), 1);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM audit WHERE "
	    "action = 'learner.erase'"), 1);
	/* Erased learners are not found. */
	assert_int_equal(learner_find(fx->db, "Erased", fresh(fx)), 0);
	assert_int_equal(fx_num(fx->v, "found"), 0);
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

	fx_sqlite_only("reads SQLite's database file and write-ahead log for "
	    "the erased words");
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/test_learner.XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	snprintf(path, sizeof(path), "%s/t.db", fx->dir);
	snprintf(wal, sizeof(wal), "%s-wal", path);
	if ((fx->db = fx_open(path, 1)) == NULL)
		fail_msg("open %s", path);
	fixtures(fx);
	l = fx_sql(fx->db, "INSERT INTO learner(email, name, phone, "
	    "consent_at, created_at) VALUES (%Q, %Q, %Q, 1, 1) RETURNING id",
	    secrets[0],
	    secrets[1], secrets[2]);
	book(fx, fx->run, l, "confirmed", secrets[3], 1);
	/* Enough other learners that the pages are shared with others. */
	fx_sql(fx->db, "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL "
	    "SELECT i + 1 FROM k WHERE i < 200) INSERT INTO learner(email, "
	    "name, created_at) SELECT 'other' || i || '@example.org', "
	    "'Other ' || i, 0 FROM k");
	assert_int_equal(learner_checkpoint(fx->db, 0), 0);
	for (i = 0; i < sizeof(secrets) / sizeof(secrets[0]); i++)
		assert_int_equal(file_has(path, secrets[i]), 1);

	assert_int_equal(learner_erase(fx->db, l, fx->admin, fx->now), 0);
	for (i = 0; i < sizeof(secrets) / sizeof(secrets[0]); i++) {
		if (file_has(path, secrets[i]) != 0)
			fail_msg("%s is still in the database file", secrets[i]);
		if (file_has(wal, secrets[i]) == 1)
			fail_msg("%s is still in the log", secrets[i]);
	}
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM attendance"),
	    3);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM booking"), 4);
	db_close(fx->db);
	fx->db = mem;
	unlink(wal);
	snprintf(wal, sizeof(wal), "%s-shm", path);
	unlink(wal);
	unlink(path);
	rmdir(fx->dir);
}

/* A file database in fx->dir with one learner whose details are
 * secrets (a booking with needs, a confirmation and a lost-link mail),
 * checkpointed into the database file, or with settled 0 left in the
 * log as a booking just made is. Returns the learner. */
static long long
secret_learner(struct fx *fx, char *path, size_t pathlen, char *wal,
    size_t wallen, const char *const secrets[4], int settled)
{
	long long	 l, b;

	snprintf(fx->dir, sizeof(fx->dir), "/tmp/test_learner.XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	snprintf(path, pathlen, "%s/t.db", fx->dir);
	snprintf(wal, wallen, "%s-wal", path);
	if ((fx->db = fx_open(path, 1)) == NULL)
		fail_msg("open %s", path);
	fixtures(fx);
	l = fx_sql(fx->db, "INSERT INTO learner(email, name, phone, "
	    "consent_at, created_at) VALUES (%Q, %Q, %Q, 1, 1) RETURNING id",
	    secrets[0],
	    secrets[1], secrets[2]);
	b = book(fx, fx->run, l, "confirmed", secrets[3], 1);
	fx_sql(fx->db, "INSERT INTO outbox(kind, booking_id, rcpt, msgid, "
	    "created_at, due_at, state, body, last_error) VALUES ('confirmed', "
	    "%lld, %Q, 'm1', 1, 1, 'sent', 'Dear ' || %Q, '')", b, secrets[0],
	    secrets[1]);
	fx_sql(fx->db, "INSERT INTO outbox(kind, rcpt, msgid, created_at, "
	    "due_at, last_error) VALUES ('lost', %Q, 'm2', 1, 1, "
	    "'451 try later <' || %Q || '>')", secrets[0], secrets[0]);
	fx_sql(fx->db, "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL "
	    "SELECT i + 1 FROM k WHERE i < 200) INSERT INTO learner(email, "
	    "name, created_at) SELECT 'other' || i || '@example.org', "
	    "'Other ' || i, 0 FROM k");
	if (settled) {
		assert_int_equal(learner_checkpoint(fx->db, 0), 0);
		assert_int_equal(file_has(path, secrets[0]), 1);
	} else
		assert_int_equal(file_has(wal, secrets[0]), 1);
	return l;
}

static void
drop_files(struct fx *fx, struct db *mem, const char *path)
{
	char	 p[160];

	db_close(fx->db);
	fx->db = mem;
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
	unlink(path);
	rmdir(fx->dir);
}

/* Another process's reader, as a separate connection in a read
 * transaction on the snapshot from before the erasure. */
static sqlite3 *
reader_begin(const char *path)
{
	sqlite3	*h;

	assert_int_equal(sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "BEGIN; SELECT count(*) FROM "
	    "learner;", NULL, NULL, NULL), SQLITE_OK);
	return h;
}

static void *
reader_later(void *arg)
{
	struct timespec	 t = { 1, 500000000L };

	nanosleep(&t, NULL);
	sqlite3_exec(arg, "COMMIT", NULL, NULL, NULL);
	return NULL;
}

static long
ms_since(const struct timespec *t0)
{
	struct timespec	 t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (long)(t1.tv_sec - t0->tv_sec) * 1000L +
	    (t1.tv_nsec - t0->tv_nsec) / 1000000L;
}

/*
 * A reader holds the log during the erasure and lets go 1.5 s later:
 * the erasure waits for it (it used to return at once, busy, with the
 * person still in the log), then leaves no copy anywhere, mail
 * included.
 */
static void
test_learner_erase_waits_for_reader(void **state)
{
	struct fx	*fx = *state;
	static const char *const secrets[] = {
		"wait-secret-5521@example.org",
		"Ottoline Waitforth",
		"07700 905521",
		"NEEDS-5521 step-free",
	};
	struct db	*mem = fx->db;
	struct timespec	 t0;
	pthread_t	 th;
	sqlite3		*rd;
	char		 path[128], wal[140];
	long long	 l;
	size_t		 i;

	fx_sqlite_only("a SQLite reader holding the write-ahead log");
	l = secret_learner(fx, path, sizeof(path), wal, sizeof(wal), secrets,
	    1);
	rd = reader_begin(path);
	assert_int_equal(pthread_create(&th, NULL, reader_later, rd), 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(learner_erase(fx->db, l, fx->admin, fx->now), 0);
	assert_true(ms_since(&t0) >= 1000);
	pthread_join(th, NULL);
	sqlite3_close(rd);
	for (i = 0; i < sizeof(secrets) / sizeof(secrets[0]); i++) {
		if (file_has(path, secrets[i]) != 0)
			fail_msg("%s is still in the database file", secrets[i]);
		if (file_has(wal, secrets[i]) == 1)
			fail_msg("%s is still in the log", secrets[i]);
	}
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM "
	    "pending_erasure"), 0);
	/* The mail stays counted, without address, words or reply; the
	 * lost-link mail that was queued is never sent. */
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM outbox WHERE "
	    "rcpt = '' AND body IS NULL"), 2);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM outbox WHERE "
	    "kind = 'lost' AND state = 'failed' AND last_error = "
	    "'learner erased'"), 1);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM outbox WHERE "
	    "kind = 'confirmed' AND state = 'sent' AND last_error = ''"), 1);
	drop_files(fx, mem, path);
}

/*
 * A reader that does not let go: the erasure says it is not complete
 * (LEARNER_ERASE_PENDING, while the email is still in the log) and stays
 * queued; learner_erase_pending() completes it once the reader is gone.
 */
static void
test_learner_erase_pending_queue(void **state)
{
	struct fx	*fx = *state;
	static const char *const secrets[] = {
		"held-secret-6631@example.org",
		"Peregrine Heldback",
		"07700 906631",
		"NEEDS-6631 quiet room",
	};
	struct db	*mem = fx->db;
	sqlite3		*rd;
	char		 path[128], wal[140];
	long long	 l;
	size_t		 i, left = 99;

	fx_sqlite_only("a SQLite reader holding the write-ahead log");
	l = secret_learner(fx, path, sizeof(path), wal, sizeof(wal), secrets,
	    0);
	/* The reader starts before the erasure's commit: the log must
	 * keep the old pages for it. */
	rd = reader_begin(path);
	learner_wait_ms = 300;
	assert_int_equal(learner_erase(fx->db, l, fx->admin, fx->now),
	    LEARNER_ERASE_PENDING);
	assert_int_equal(file_has(wal, secrets[0]), 1);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM "
	    "pending_erasure WHERE learner_id = %lld", l), 1);
	assert_int_equal(learner_erase_pending(fx->db, 300, &left),
	    LEARNER_ERASE_PENDING);
	assert_int_equal(left, 1);
	sqlite3_exec(rd, "COMMIT", NULL, NULL, NULL);
	sqlite3_close(rd);
	assert_int_equal(learner_erase_pending(fx->db, 300, &left), 0);
	assert_int_equal(left, 0);
	learner_wait_ms = LEARNER_CHECKPOINT_WAIT_MS;
	for (i = 0; i < sizeof(secrets) / sizeof(secrets[0]); i++) {
		if (file_has(path, secrets[i]) != 0)
			fail_msg("%s is still in the database file", secrets[i]);
		if (file_has(wal, secrets[i]) == 1)
			fail_msg("%s is still in the log", secrets[i]);
	}
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM "
	    "pending_erasure"), 0);
	/* Nothing queued: nothing to do. */
	assert_int_equal(learner_erase_pending(fx->db, 0, &left), 0);
	drop_files(fx, mem, path);
}

static void
test_learner_erase_older_retention(void **state)
{
	struct fx	*fx = *state;
	long long	 c, r, old, recent, future, gone;
	size_t		 n;

	c = fx_sql(fx->db,
	    "INSERT INTO course(slug, title) VALUES ('old', 'Old') "
	    "RETURNING id");
	r = fx_sql(fx->db,
	    "INSERT INTO run(course_id, capacity) VALUES (%lld, 5) "
	    "RETURNING id",
	    c);
	fx_session(fx->db, r, fx_utc(2023, 6, 1, 10, 0), 120, 1, "scheduled");
	/* Last seen at a session in June 2023: erased at 24 months. */
	old = learner(fx, "Old One", "old@example.org",
	    fx_utc(2023, 5, 1, 0, 0));
	book(fx, r, old, "confirmed", "x", fx_utc(2023, 5, 1, 0, 0));
	/* Enrolled long ago, booked the same old run, but was recorded
	 * there in January 2025 (the latest sign of life counts). */
	recent = learner(fx, "Recent", "recent@example.org",
	    fx_utc(2022, 1, 1, 0, 0));
	book(fx, r, recent, "confirmed", "", fx_utc(2022, 1, 1, 0, 0));
	fx_sql(fx->db, "INSERT INTO attendance SELECT b.id, s.id, 'present', "
	    "%lld, NULL, 'qr' FROM booking AS b JOIN session AS s ON s.run_id "
	    "= b.run_id WHERE b.learner_id = %lld",
	    (long long)fx_utc(2025, 1, 1, 0, 0), recent);
	/* Enrolled long ago with a booking for a session to come. */
	future = learner(fx, "Future", "future@example.org",
	    fx_utc(2022, 1, 1, 0, 0));
	r = fx_sql(fx->db,
	    "INSERT INTO run(course_id, capacity) VALUES (%lld, 5) "
	    "RETURNING id",
	    c);
	fx_session(fx->db, r, fx_utc(2026, 9, 1, 10, 0), 120, 1, "scheduled");
	book(fx, r, future, "confirmed", "", fx_utc(2022, 1, 1, 0, 0));
	/* Already erased: not again. */
	gone = fx_sql(fx->db, "INSERT INTO learner(email, name, created_at, "
	    "erased_at) VALUES (NULL, 'Erased learner', 0, 5) RETURNING id");
	(void)gone;

	assert_int_equal(learner_erase_older(fx->db, 0, 0, fx->now, &n), -1);
	assert_int_equal(learner_erase_older(fx->db, 24, 0, fx->now, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM learner WHERE "
	    "id = %lld AND erased_at IS NOT NULL AND email IS NULL", old), 1);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM learner WHERE "
	    "erased_at IS NULL"), 5);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM audit WHERE "
	    "action = 'learner.erase' AND user_id IS NULL AND detail = "
	    "'learner %lld (no activity for 24 months)'", old), 1);
	/* Run again: nothing more. */
	assert_int_equal(learner_erase_older(fx->db, 24, 0, fx->now, &n), 0);
	assert_int_equal(n, 0);
	/* At 6 months Recent (last seen January 2025) goes too. */
	assert_int_equal(learner_erase_older(fx->db, 6, 0, fx->now, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(fx_count(fx->db, "SELECT erased_at IS NOT NULL FROM "
	    "learner WHERE id = %lld", recent), 1);
	assert_int_equal(fx_count(fx->db, "SELECT erased_at IS NULL FROM "
	    "learner WHERE id = %lld", future), 1);
}

/* More than one batch. */
/* The daily retention pass completes erasures queued before, even when
 * it erases no one itself. */
static void
test_learner_erase_older_completes_queue(void **state)
{
	struct fx	*fx = *state;
	size_t		 n = 99;

	fx_sql(fx->db, "INSERT INTO pending_erasure(learner_id, requested_at) "
	    "VALUES (%lld, 1)", fx->ann);
	assert_int_equal(learner_erase_older(fx->db, 240, 0, fx->now, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM "
	    "pending_erasure"), 0);
}

static void
test_learner_erase_older_batches(void **state)
{
	struct fx	*fx = *state;
	size_t		 n;

	fx_sql(fx->db, "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL "
	    "SELECT i + 1 FROM k WHERE i < %d) INSERT INTO learner(email, "
	    "name, created_at) SELECT 'gone' || i || '@example.org', 'Gone', "
	    "0 FROM k", LEARNER_ERASE_BATCH * 2 + 7);
	assert_int_equal(learner_erase_older(fx->db, 24, 0, fx->now, &n), 0);
	assert_int_equal(n, LEARNER_ERASE_BATCH * 2 + 7);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM learner WHERE "
	    "email LIKE 'gone%%'"), 0);
}

static void
test_learner_cutoff_calendar(void **state)
{
	(void)state;
	assert_int_equal(learner_cutoff(fx_utc(2026, 3, 20, 12, 0), 24),
	    fx_utc(2024, 3, 20, 12, 0));
	/* 13:00 in London in July (BST) is 13:00 in London in February. */
	assert_int_equal(learner_cutoff(fx_utc(2026, 7, 1, 12, 0), 5),
	    fx_utc(2026, 2, 1, 13, 0));
	assert_int_equal(learner_cutoff(fx_utc(2026, 1, 15, 0, 0), 1),
	    fx_utc(2025, 12, 15, 0, 0));
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
		fx_sql(fx->db, "UPDATE setting SET value = %Q WHERE key = "
		    "'retention_months'", cases[i].value);
		assert_int_equal(learner_retention(fx->db), cases[i].want);
	}
	fx_sql(fx->db, "DELETE FROM setting WHERE key = 'retention_months'");
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
		    test_learner_erase_waits_for_reader, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_learner_erase_pending_queue, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_learner_erase_older_retention, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_learner_erase_older_batches, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_learner_erase_older_completes_queue, setup, teardown),
		cmocka_unit_test_setup_teardown(test_learner_cutoff_calendar,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_learner_retention_setting,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
