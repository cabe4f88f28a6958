/*
 * test_export.c: the attendance and summary exports against an
 * in-memory database with the real migrations: exact CSV for a small
 * college, the filters, hostile values, the file name, and 100,000 rows
 * streamed through a counting sink with the heap watched.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define HAVE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HAVE_ASAN 1
#endif
#endif
#ifdef HAVE_ASAN
/* From the sanitizer runtime (sanitizer/allocator_interface.h, which
 * Debian's gcc does not install). */
size_t	__sanitizer_get_current_allocated_bytes(void);
#endif

#include "kit/arena.h"
#include "kit/buf.h"
#include "kit/db.h"
#include "college/export.h"
#include "college/when.h"
#include "fixture.h"

#define HOUR	3600
#define DAY	(24 * HOUR)

struct fx {
	struct db	*db;
	struct arena	*arena;
	struct buf	 out;
	struct sink	 sink;
	time_t		 now;
};

static int
setup(void **state)
{
	struct fx	*fx;

	if ((fx = calloc(1, sizeof(*fx))) == NULL)
		return -1;
	fx->db = fx_db();
	if ((fx->arena = arena_new()) == NULL ||
	    when_set_zone("Europe/London") == -1)
		return -1;
	buf_init(&fx->out, fx->arena);
	fx->sink = sink_buf(&fx->out);
	fx->now = fx_utc(2026, 3, 20, 12, 0);
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

/* Empty the output buffer. */
static void
clear(struct fx *fx)
{
	arena_reset(fx->arena);
	buf_init(&fx->out, fx->arena);
	fx->sink = sink_buf(&fx->out);
}

/* A learner with one booking of run; returns the booking. */
static long long
book(struct fx *fx, long long run_id, const char *name, const char *email,
    const char *status)
{
	return fx_booking(fx->db, run_id, fx_learner(fx->db, name, email),
	    status);
}

static void
attend(struct fx *fx, long long booking, long long sess, const char *status,
    time_t at, long long by, const char *method)
{
	fx_sql(fx->db, "INSERT INTO attendance(booking_id, session_id, status, "
	    "at, by_user, method) VALUES (%lld, %lld, %Q, %lld, "
	    "NULLIF(%lld, 0), %Q)", booking, sess, status, (long long)at, by,
	    method);
}

/*
 * The small college: runs 1 (anxiety, co-delivered, two sessions and a
 * cancelled one), 2 (sleep, one session), 3 (anxiety, cancelled) and 4
 * (anxiety, in April, no bookings).
 */
static void
college(struct fx *fx)
{
	long long	 hub, anx, slp, a, b, c, d, sam, alex;
	long long	 s1, s2, sb, sc, ann, bob, dan;

	hub = fx_venue(fx->db, "Hub, Room 2");
	sam = fx_user(fx->db, "sam@example.org", "Sam Peer");
	alex = fx_user(fx->db, "alex@example.org", "Alex Clinical");
	anx = fx_course(fx->db, "anxiety", "Understanding anxiety");
	slp = fx_course(fx->db, "sleep", "Sleep and wellbeing");
	a = fx_run(fx->db, anx, 10, "published");
	b = fx_run(fx->db, slp, 8, "published");
	c = fx_run(fx->db, anx, 10, "cancelled");
	d = fx_run(fx->db, anx, 12, "published");
	assert_int_equal(a, 1);
	assert_int_equal(d, 4);
	fx_sql(fx->db, "INSERT INTO facilitator VALUES (%lld, %lld, 'peer'), "
	    "(%lld, %lld, 'clinical'), (%lld, %lld, 'peer')", a, sam, a, alex,
	    b, sam);
	s1 = fx_session(fx->db, a, fx_utc(2026, 3, 10, 10, 0), 120, hub,
	    "scheduled");
	s2 = fx_session(fx->db, a, fx_utc(2026, 3, 17, 10, 0), 120, hub,
	    "scheduled");
	fx_session(fx->db, a, fx_utc(2026, 3, 24, 10, 0), 120, hub,
	    "cancelled");
	sb = fx_session(fx->db, b, fx_utc(2026, 3, 12, 18, 0), 90, hub,
	    "scheduled");
	sc = fx_session(fx->db, c, fx_utc(2026, 3, 11, 10, 0), 60, hub,
	    "scheduled");
	fx_session(fx->db, d, fx_utc(2026, 4, 1, 9, 0), 60, hub, "scheduled");
	ann = book(fx, a, "Ann Able", "ann@example.org", "confirmed");
	bob = book(fx, a, "Bob Brown", "bob@example.org", "confirmed");
	book(fx, a, "Cat Cole", "cat@example.org", "waitlisted");
	dan = book(fx, a, "Dan Dee", "dan@example.org", "cancelled");
	book(fx, b, "Eve Ever", "eve@example.org", "confirmed");
	attend(fx, book(fx, c, "Fay Far", "fay@example.org", "confirmed"),
	    sc, "present", fx_utc(2026, 3, 11, 10, 0), sam, "qr");
	attend(fx, ann, s1, "present", fx_utc(2026, 3, 10, 9, 58), sam, "qr");
	attend(fx, bob, s1, "late", fx_utc(2026, 3, 10, 10, 20), alex, "tap");
	attend(fx, dan, s1, "present", fx_utc(2026, 3, 10, 9, 59), sam, "code");
	attend(fx, ann, s2, "absent", fx_utc(2026, 3, 17, 12, 30), sam, "tap");
	(void)sb;
}

static void
test_export_attendance_empty(void **state)
{
	struct fx	*fx = *state;
	size_t		 n = 99;

	assert_int_equal(export_attendance(fx->db, NULL, &fx->sink, &n), 0);
	assert_int_equal(n, 0);
	assert_string_equal(fx->out.data, EXPORT_ATTENDANCE_HEADER "\r\n");
	assert_string_equal(EXPORT_ATTENDANCE_HEADER,
	    "session_date,session_start,session_end,course,run,venue,"
	    "learner_name,learner_email,booking_status,attendance,"
	    "checked_in_at,checked_in_by,method");
}

static void
test_export_attendance_rows(void **state)
{
	struct fx	*fx = *state;
	size_t		 n;

	college(fx);
	assert_int_equal(export_attendance(fx->db, NULL, &fx->sink, &n), 0);
	assert_int_equal(n, 6);
	assert_string_equal(fx->out.data, EXPORT_ATTENDANCE_HEADER "\r\n"
	    "2026-03-10,10:00,12:00,Understanding anxiety,1,\"Hub, Room 2\","
	    "Ann Able,ann@example.org,confirmed,present,"
	    "2026-03-10T09:58:00+00:00,Sam Peer,qr\r\n"
	    "2026-03-10,10:00,12:00,Understanding anxiety,1,\"Hub, Room 2\","
	    "Bob Brown,bob@example.org,confirmed,late,"
	    "2026-03-10T10:20:00+00:00,Alex Clinical,tap\r\n"
	    "2026-03-10,10:00,12:00,Understanding anxiety,1,\"Hub, Room 2\","
	    "Dan Dee,dan@example.org,cancelled,present,"
	    "2026-03-10T09:59:00+00:00,Sam Peer,code\r\n"
	    "2026-03-12,18:00,19:30,Sleep and wellbeing,2,\"Hub, Room 2\","
	    "Eve Ever,eve@example.org,confirmed,,,,\r\n"
	    "2026-03-17,10:00,12:00,Understanding anxiety,1,\"Hub, Room 2\","
	    "Ann Able,ann@example.org,confirmed,absent,"
	    "2026-03-17T12:30:00+00:00,Sam Peer,tap\r\n"
	    "2026-03-17,10:00,12:00,Understanding anxiety,1,\"Hub, Room 2\","
	    "Bob Brown,bob@example.org,confirmed,,,,\r\n");
}

/* Times are shown in the college's zone: in summer, an hour on. */
static void
test_export_attendance_local_time(void **state)
{
	struct fx	*fx = *state;
	long long	 v, c, r, b;

	v = fx_venue(fx->db, "Online");
	c = fx_course(fx->db, "summer", "Summer");
	r = fx_run(fx->db, c, 5, "published");
	attend(fx, b = book(fx, r, "Gus", "gus@example.org", "confirmed"),
	    fx_session(fx->db, r, fx_utc(2026, 6, 30, 23, 30), 60, v,
	    "scheduled"),
	    "present", fx_utc(2026, 6, 30, 23, 25), 0, "qr");
	(void)b;
	assert_int_equal(export_attendance(fx->db, NULL, &fx->sink, NULL), 0);
	assert_non_null(strstr(fx->out.data, "\r\n2026-07-01,00:30,01:30,"
	    "Summer,1,Online,Gus,gus@example.org,confirmed,present,"
	    "2026-07-01T00:25:00+01:00,,qr\r\n"));
}

static void
test_export_attendance_filters(void **state)
{
	struct fx	*fx = *state;
	static const struct {
		int		 from[3], to[3];	/* y m d; 0: none */
		const char	*course;
		long long	 run;
		size_t		 rows;
	} cases[] = {
		{ { 0 }, { 0 }, NULL, 0, 6 },
		{ { 2026, 3, 11 }, { 0 }, NULL, 0, 3 },
		/* to is exclusive: the 12th's midnight leaves the 12th out */
		{ { 0 }, { 2026, 3, 12 }, NULL, 0, 3 },
		{ { 2026, 3, 10 }, { 2026, 3, 13 }, NULL, 0, 4 },
		{ { 0 }, { 0 }, "anxiety", 0, 5 },
		{ { 0 }, { 0 }, "sleep", 0, 1 },
		{ { 0 }, { 0 }, "no-such-course", 0, 0 },
		{ { 0 }, { 0 }, NULL, 2, 1 },
		{ { 0 }, { 0 }, "anxiety", 2, 0 },
		/* a cancelled run is never exported */
		{ { 0 }, { 0 }, NULL, 3, 0 },
		{ { 2026, 3, 17 }, { 2026, 3, 18 }, "anxiety", 1, 2 },
	};
	struct export_filter	 f;
	size_t			 i, n;

	college(fx);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&f, 0, sizeof(f));
		if (cases[i].from[0] != 0)
			f.from = fx_utc(cases[i].from[0], cases[i].from[1],
			    cases[i].from[2], 0, 0);
		if (cases[i].to[0] != 0)
			f.to = fx_utc(cases[i].to[0], cases[i].to[1],
			    cases[i].to[2], 0, 0);
		f.course = cases[i].course;
		f.run = cases[i].run;
		clear(fx);
		assert_int_equal(export_attendance(fx->db, &f, &fx->sink, &n),
		    0);
		if (n != cases[i].rows)
			fail_msg("case %zu: %zu rows, want %zu", i, n,
			    cases[i].rows);
	}
	/* A slug longer than any course's is refused. */
	memset(&f, 0, sizeof(f));
	f.course = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
	assert_int_equal(export_attendance(fx->db, &f, &fx->sink, &n), -1);
}

/*
 * Hostile values, as learners' names: each must come out as one cell
 * a spreadsheet shows as text (formula characters prefixed with ') and
 * that a CSV reader splits correctly (quoted, quotes doubled).
 */
static void
test_export_attendance_hostile(void **state)
{
	struct fx	*fx = *state;
	static const struct {
		const char	*name;
		const char	*cell;
	} cases[] = {
		{ "=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0" },
		{ "+1", "'+1" },
		{ "-1", "'-1" },
		{ "@x", "'@x" },
		{ "\tx", "'\tx" },
		{ "\rx", "\"'\rx\"" },
		{ "a\"b", "\"a\"\"b\"" },
		{ "a,b", "\"a,b\"" },
		{ "a\nb", "\"a\nb\"" },
		{ "=1+1,\"x\"\r\n", "\"'=1+1,\"\"x\"\"\r\n\"" },
		{ "\"=1\"", "\"\"\"=1\"\"\"" },
		{ "Zoë ☃", "Zoë ☃" },
		{ "plain", "plain" },
	};
	char		 email[64], want[256];
	long long	 v, c, r, s;
	size_t		 i, n;

	v = fx_venue(fx->db, "@venue");
	c = fx_course(fx->db, "hostile", "=HYPERLINK(\"http://x\",\"y\")");
	r = fx_run(fx->db, c, 100, "published");
	s = fx_session(fx->db, r, fx_utc(2026, 3, 2, 10, 0), 60, v,
	    "scheduled");
	(void)s;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(email, sizeof(email), "h%zu@example.org", i);
		book(fx, r, cases[i].name, email, "confirmed");
	}
	assert_int_equal(export_attendance(fx->db, NULL, &fx->sink, &n), 0);
	assert_int_equal(n, sizeof(cases) / sizeof(cases[0]));
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(want, sizeof(want), ",'@venue,%s,h%zu@example.org,"
		    "confirmed,,,,\r\n", cases[i].cell, i);
		if (strstr(fx->out.data, want) == NULL)
			fail_msg("case %zu: no %s in\n%s", i, want,
			    fx->out.data);
	}
	assert_non_null(strstr(fx->out.data,
	    ",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",1,"));
}

static void
test_export_summary_rows(void **state)
{
	struct fx	*fx = *state;
	size_t		 n;

	college(fx);
	assert_int_equal(export_summary(fx->db, NULL, fx->now, &fx->sink, &n),
	    0);
	assert_int_equal(n, 3);
	assert_string_equal(fx->out.data, EXPORT_SUMMARY_HEADER "\r\n"
	    "Understanding anxiety,1,2026-03-10,2,10,2,1,2,2,50.0,yes\r\n"
	    "Sleep and wellbeing,2,2026-03-12,1,8,1,0,1,0,0.0,no\r\n"
	    "Understanding anxiety,4,2026-04-01,1,12,0,0,0,0,,no\r\n");
	/* Nothing about a person: no name, no email. */
	assert_null(strstr(fx->out.data, "Ann"));
	assert_null(strstr(fx->out.data, "@"));
}

static void
test_export_summary_filters(void **state)
{
	struct fx		*fx = *state;
	struct export_filter	 f;
	size_t			 n;

	college(fx);
	memset(&f, 0, sizeof(f));
	f.from = fx_utc(2026, 3, 15, 0, 0);
	f.to = fx_utc(2026, 3, 31, 0, 0);
	assert_int_equal(export_summary(fx->db, &f, fx->now, &fx->sink, &n),
	    0);
	assert_int_equal(n, 1);
	/* Only the session of the 17th is in range: Ann was absent. */
	assert_string_equal(fx->out.data, EXPORT_SUMMARY_HEADER "\r\n"
	    "Understanding anxiety,1,2026-03-17,1,10,2,1,1,0,0.0,yes\r\n");
	clear(fx);
	memset(&f, 0, sizeof(f));
	f.course = "sleep";
	assert_int_equal(export_summary(fx->db, &f, fx->now, &fx->sink, &n),
	    0);
	assert_int_equal(n, 1);
	clear(fx);
	f.course = NULL;
	f.run = 4;
	/* Held sessions are those started by now. */
	assert_int_equal(export_summary(fx->db, &f, fx_utc(2026, 4, 2, 0, 0),
	    &fx->sink, &n), 0);
	assert_string_equal(fx->out.data, EXPORT_SUMMARY_HEADER "\r\n"
	    "Understanding anxiety,4,2026-04-01,1,12,0,0,1,0,,no\r\n");
}

static void
test_export_attendance_sink_fails(void **state)
{
	struct fx		*fx = *state;
	struct fx_failing	 f = { 300 };
	struct sink		 s = { fx_failing_write, &f };
	size_t			 n;

	college(fx);
	assert_int_equal(export_attendance(fx->db, NULL, &s, &n), -1);
	assert_true(n < 6);
	/* The statement was reset: the next export works. */
	assert_int_equal(export_attendance(fx->db, NULL, &fx->sink, &n), 0);
	assert_int_equal(n, 6);
}

static void
test_export_filename_cases(void **state)
{
	static const struct {
		const char	*kind;
		const char	*from, *to;	/* local days; NULL none */
		const char	*course;
		long long	 run;
		const char	*want;
	} cases[] = {
		{ "attendance", NULL, NULL, NULL, 0, "attendance.csv" },
		{ "summary", "2026-03-01", NULL, NULL, 0,
		    "summary-from-2026-03-01.csv" },
		/* to is exclusive: the name shows the last day included,
		 * across the change to summer time */
		{ "attendance", "2026-03-01", "2026-04-01", "anxiety", 12,
		    "attendance-from-2026-03-01-to-2026-03-31-anxiety-run-12.csv" },
		{ "attendance", NULL, NULL, "../../etc/passwd\r\nX: y\"", 0,
		    "attendance-etcpasswdxy.csv" },
		{ "attendance", NULL, NULL, "Ünï", 0, "attendance-n.csv" },
	};
	char			 b[EXPORT_FILENAME_MAX];
	struct export_filter	 f;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&f, 0, sizeof(f));
		if (cases[i].from != NULL)
			f.from = fx_day(cases[i].from);
		if (cases[i].to != NULL)
			f.to = fx_day(cases[i].to);
		f.course = cases[i].course;
		f.run = cases[i].run;
		assert_non_null(export_filename(b, sizeof(b), cases[i].kind,
		    &f));
		assert_string_equal(b, cases[i].want);
	}
	memset(&f, 0, sizeof(f));
	assert_null(export_filename(b, 8, "attendance", &f));
}

static void
test_export_describe_cases(void **state)
{
	struct export_filter	 f;
	char			 b[128];

	(void)state;
	memset(&f, 0, sizeof(f));
	assert_string_equal(export_describe(b, sizeof(b), &f),
	    "from any to any course any run any");
	f.from = fx_day("2026-03-01");
	f.to = fx_day("2026-04-01");
	f.course = "anxiety";
	f.run = 7;
	assert_string_equal(export_describe(b, sizeof(b), &f),
	    "from 2026-03-01 to 2026-03-31 course anxiety run 7");
	assert_null(export_describe(b, 10, &f));
}

/* Bytes the program has on the heap now. */
static size_t
heap_used(void)
{
#ifdef HAVE_ASAN
	return __sanitizer_get_current_allocated_bytes();
#else
	struct mallinfo2	 m = mallinfo2();

	return m.uordblks + m.hblkhd;
#endif
}

/* A sink that counts and throws away, watching the heap as it goes. */
struct counting {
	size_t	 bytes, lines;
	size_t	 base, peak;	/* heap after the first lines, and its peak */
};

#define FLAT_SAMPLE	1000	/* lines between looks at the heap */

static int
counting_write(void *ctx, const char *p, size_t n)
{
	struct counting	*c = ctx;
	size_t		 i, h;

	c->bytes += n;
	for (i = 0; i < n; i++) {
		if (p[i] != '\n')
			continue;
		if (++c->lines % FLAT_SAMPLE != 0)
			continue;
		h = heap_used();
		if (c->lines == FLAT_SAMPLE)
			c->base = c->peak = h;
		else if (h > c->peak)
			c->peak = h;
	}
	return 0;
}

/*
 * 100,000 rows (1,000 learners on a run of 100 sessions, a third of
 * them checked in) go through a sink that keeps nothing; the heap after
 * the first 1,000 rows and its peak later must be within FLAT_SLACK. The
 * probe itself is checked first: a 4 MB allocation must show, or the
 * test could not fail.
 */
#define FLAT_ROWS	100000
#define FLAT_SLACK	(256 * 1024)

static void
test_export_attendance_streams_flat(void **state)
{
	struct fx	*fx = *state;
	struct counting	 c;
	struct sink	 s = { counting_write, &c };
	size_t		 n, before;
	char		*big;
	long long	 v, co, r;

	before = heap_used();
	assert_non_null(big = malloc(4 << 20));
	memset(big, 1, 4 << 20);
	assert_true(heap_used() >= before + (4 << 20));
	free(big);

	v = fx_venue(fx->db, "Hall");
	co = fx_course(fx->db, "big", "Big course");
	r = fx_run(fx->db, co, 1000, "published");
	fx_sql(fx->db, "WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL "
	    "SELECT i + 1 FROM k WHERE i < 99) INSERT INTO session(run_id, "
	    "starts_at, ends_at, venue_id) SELECT %lld, %lld + i * 86400, "
	    "%lld + i * 86400 + 3600, %lld FROM k", r,
	    (long long)fx_utc(2026, 1, 5, 10, 0),
	    (long long)fx_utc(2026, 1, 5, 10, 0), v);
	fx_sql(fx->db, "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL "
	    "SELECT i + 1 FROM k WHERE i < 1000) INSERT INTO learner(email, "
	    "name, created_at) SELECT 'p' || i || '@example.org', "
	    "'Person ' || (1000 - i), 0 FROM k");
	fx_sql(fx->db, fx_is_pg() ?
	    "INSERT INTO booking(run_id, learner_id, status, token, "
	    "code, created_at, updated_at) SELECT %lld, id, 'confirmed', "
	    "'T' || lpad(id::text, 25, '0'), 'C' || lpad(id::text, 5, '0'), "
	    "0, 0 FROM learner" :
	    "INSERT INTO booking(run_id, learner_id, status, token, "
	    "code, created_at, updated_at) SELECT %lld, id, 'confirmed', "
	    "printf('T%%025d', id), printf('C%%05d', id), 0, 0 FROM learner",
	    r);
	fx_sql(fx->db, "INSERT INTO attendance(booking_id, session_id, status, "
	    "at, method) SELECT b.id, s.id, 'present', s.starts_at, 'qr' FROM "
	    "booking AS b, session AS s WHERE b.id %% 3 = 0");

	memset(&c, 0, sizeof(c));
	assert_int_equal(export_attendance(fx->db, NULL, &s, &n), 0);
	assert_int_equal(n, FLAT_ROWS);
	assert_int_equal(c.lines, FLAT_ROWS + 1);
	assert_true(c.bytes > (size_t)FLAT_ROWS * 60);
	if (c.peak > c.base + FLAT_SLACK)
		fail_msg("heap grew from %zu to %zu bytes while streaming",
		    c.base, c.peak);
}

/* A workbook of the small college: a ZIP (Office Open XML) with the
 * same number of rows as the CSV; an unknown kind is refused. */
static void
test_export_xlsx_rows(void **state)
{
	struct fx	*fx = *state;
	char		 path[] = "/tmp/tessera-test-xlsx-XXXXXX", magic[4];
	size_t		 n = 0, csv_rows = 0;
	FILE		*fp;
	int		 fd;

	college(fx);
	assert_int_equal(export_attendance(fx->db, NULL, &fx->sink,
	    &csv_rows), 0);
	assert_true((fd = mkstemp(path)) != -1);
	close(fd);
	assert_int_equal(export_xlsx(fx->db, "attendance", NULL, fx->now,
	    path, &n), 0);
	assert_int_equal(n, csv_rows);
	assert_non_null(fp = fopen(path, "rb"));
	assert_int_equal(fread(magic, 1, 4, fp), 4);
	fclose(fp);
	assert_memory_equal(magic, "PK\x03\x04", 4);
	assert_int_equal(export_xlsx(fx->db, "summary", NULL, fx->now, path,
	    &n), 0);
	assert_int_equal(export_xlsx(fx->db, "learners", NULL, fx->now, path,
	    &n), -1);
	unlink(path);
}

/* A filter naming a course or run that does not exist is told apart
 * from one that matches nothing. */
static void
test_export_filter_check_cases(void **state)
{
	struct fx		*fx = *state;
	struct export_filter	 f;

	college(fx);
	memset(&f, 0, sizeof(f));
	assert_int_equal(export_filter_check(fx->db, &f), 0);
	f.course = "anxiety";
	assert_int_equal(export_filter_check(fx->db, &f), 0);
	f.course = "no-such-course";
	assert_int_equal(export_filter_check(fx->db, &f), EXPORT_NO_COURSE);
	f.course = NULL;
	f.run = 1;
	assert_int_equal(export_filter_check(fx->db, &f), 0);
	f.run = 987654;
	assert_int_equal(export_filter_check(fx->db, &f), EXPORT_NO_RUN);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_export_attendance_empty,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_attendance_rows,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_export_attendance_local_time, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_attendance_filters,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_attendance_hostile,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_summary_rows,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_summary_filters,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_export_attendance_sink_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_filename_cases,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_describe_cases,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_export_attendance_streams_flat, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_xlsx_rows,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_filter_check_cases,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
