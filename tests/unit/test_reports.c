/*
 * test_reports.c: the reports page's figures, the dashboard and the SVG
 * bar chart, against an in-memory database with the real migrations.
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

#include <sqlite3.h>

#include "kit/arena.h"
#include "kit/buf.h"
#include "kit/db.h"
#include "kit/view.h"
#include "college/reports.h"
#include "college/sqlfiles.h"
#include "college/stmts.h"
#include "college/when.h"

struct fx {
	struct db	*db;
	struct arena	*arena;
	struct view	*v;
	struct buf	 out;
	struct sink	 sink;
	time_t		 now;
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

static time_t
day(const char *ymd)
{
	time_t	 t;

	if (when_parse_date(ymd, &t) == -1)
		fail_msg("bad date %s", ymd);
	return t;
}

static int
setup(void **state)
{
	struct fx	*fx;
	char		 err[256];

	if ((fx = calloc(1, sizeof(*fx))) == NULL)
		return -1;
	fx->db = db_open(":memory:", 1, college_stmts, STMT__MAX, err,
	    sizeof(err));
	if (fx->db == NULL || db_migrate(fx->db, college_migrations,
	    college_nmigrations, err, sizeof(err)) == -1) {
		fprintf(stderr, "setup: %s\n", err);
		return -1;
	}
	if ((fx->arena = arena_new()) == NULL ||
	    (fx->v = view_new(fx->arena)) == NULL ||
	    when_set_zone("Europe/London") == -1)
		return -1;
	buf_init(&fx->out, fx->arena);
	fx->sink = sink_buf(&fx->out);
	fx->now = utc(2026, 3, 20, 12, 0);
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
course(struct fx *fx, const char *slug, const char *title)
{
	return sql(fx, "INSERT INTO course(slug, title, status) "
	    "VALUES (%Q, %Q, 'published')", slug, title);
}

static long long
run(struct fx *fx, long long course_id, int capacity, const char *status)
{
	return sql(fx, "INSERT INTO run(course_id, capacity, status) "
	    "VALUES (%lld, %d, %Q)", course_id, capacity, status);
}

static long long
session(struct fx *fx, long long run_id, time_t start, int minutes,
    const char *status)
{
	return sql(fx, "INSERT INTO session(run_id, starts_at, ends_at, "
	    "venue_id, status) VALUES (%lld, %lld, %lld, 1, %Q)", run_id,
	    (long long)start, (long long)start + minutes * 60, status);
}

/* A learner (consented if consent) with one booking; returns it. */
static long long
book(struct fx *fx, long long run_id, const char *name, const char *status,
    int consent)
{
	long long	 l;

	l = sql(fx, "INSERT INTO learner(email, name, phone, consent_at, "
	    "created_at) VALUES (lower(replace(%Q, ' ', '.')) || "
	    "'@example.org', %Q, '0113 496 0000', %s, 0)", name, name,
	    consent ? "1" : "NULL");
	return sql(fx, "INSERT INTO booking(run_id, learner_id, status, "
	    "token, code, created_at, updated_at) VALUES (%lld, %lld, %Q, "
	    "printf('TOKEN%%021d', %lld), printf('C%%05d', %lld), 0, 0)",
	    run_id, l, status, l, l);
}

static void
attend(struct fx *fx, long long booking, long long sess, const char *status)
{
	sql(fx, "INSERT INTO attendance(booking_id, session_id, status, at, "
	    "method) VALUES (%lld, %lld, %Q, 0, 'tap')", booking, sess,
	    status);
}

/* As test_export.c's college: runs 1 (co-delivered), 2, 3 (cancelled),
 * 4 (April). */
static void
college(struct fx *fx)
{
	long long	 anx, slp, a, b, c, d, sam, alex, s1, s2, sc;
	long long	 ann, bob, dan;

	sql(fx, "INSERT INTO venue(name) VALUES ('Hub')");
	sam = sql(fx, "INSERT INTO user(email, name, role, pwhash, "
	    "created_at) VALUES ('sam@example.org', 'Sam', 'educator', 'x', 0)");
	alex = sql(fx, "INSERT INTO user(email, name, role, pwhash, "
	    "created_at) VALUES ('alex@example.org', 'Alex', 'educator', 'x',"
	    " 0)");
	anx = course(fx, "anxiety", "Understanding anxiety");
	slp = course(fx, "sleep", "Sleep and wellbeing");
	a = run(fx, anx, 10, "published");
	b = run(fx, slp, 8, "published");
	c = run(fx, anx, 10, "cancelled");
	d = run(fx, anx, 12, "published");
	sql(fx, "INSERT INTO facilitator VALUES (%lld, %lld, 'peer'), "
	    "(%lld, %lld, 'clinical'), (%lld, %lld, 'peer')", a, sam, a, alex,
	    b, sam);
	s1 = session(fx, a, utc(2026, 3, 10, 10, 0), 120, "scheduled");
	s2 = session(fx, a, utc(2026, 3, 17, 10, 0), 120, "scheduled");
	session(fx, a, utc(2026, 3, 24, 10, 0), 120, "cancelled");
	session(fx, b, utc(2026, 3, 12, 18, 0), 90, "scheduled");
	sc = session(fx, c, utc(2026, 3, 11, 10, 0), 60, "scheduled");
	session(fx, d, utc(2026, 4, 1, 9, 0), 60, "scheduled");
	ann = book(fx, a, "Ann Able", "confirmed", 1);
	bob = book(fx, a, "Bob Brown", "confirmed", 1);
	book(fx, a, "Cat Cole", "waitlisted", 1);
	dan = book(fx, a, "Dan Dee", "cancelled", 1);
	book(fx, b, "Eve Ever", "confirmed", 1);
	attend(fx, book(fx, c, "Fay Far", "confirmed", 1), sc, "present");
	attend(fx, ann, s1, "present");
	attend(fx, bob, s1, "late");
	attend(fx, dan, s1, "present");
	attend(fx, ann, s2, "absent");
}

/* Typed lookups that fail the test on a wrong type. */
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

/* Times a string occurs in s. */
static int
count(const char *s, const char *what)
{
	int	 n = 0;

	while ((s = strstr(s, what)) != NULL) {
		n++;
		s += strlen(what);
	}
	return n;
}

static void
test_report_rate_text_cases(void **state)
{
	static const struct {
		long long	 attended, expected;
		const char	*want;
	} cases[] = {
		{ 0, 0, "–" },
		{ 3, 0, "–" },
		{ 0, 5, "0.0%" },
		{ 1, 2, "50.0%" },
		{ 2, 3, "66.7%" },
		{ 1, 3, "33.3%" },
		{ 1, 8, "12.5%" },	/* half up */
		{ 1, 16, "6.3%" },
		{ 7, 7, "100.0%" },
	};
	char	 b[32];
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(report_rate_text(b, sizeof(b),
		    cases[i].attended, cases[i].expected), cases[i].want);
}

static void
test_report_svg_bars_draws(void **state)
{
	struct fx		*fx = *state;
	const struct report_bar	 bars[] = {
		{ "Full", 1000, "100.0%" },
		{ "Half", 500, "50.0%" },
		{ "None", 0, "0.0%" },
		{ "Tiny", 1, "0.1%" },
	};

	assert_int_equal(report_svg_bars(&fx->sink, "chart-a", "Rates",
	    bars, 4, 1000), 0);
	assert_int_equal(strncmp(fx->out.data, "<svg class=\"chart\"", 18), 0);
	assert_non_null(strstr(fx->out.data, "viewBox=\"0 0 640 104\""));
	assert_non_null(strstr(fx->out.data, "aria-labelledby=\"chart-a\""
	    "><title id=\"chart-a\">Rates</title>"));
	assert_non_null(strstr(fx->out.data, "width=\"300\""));
	assert_non_null(strstr(fx->out.data, "width=\"150\""));
	assert_non_null(strstr(fx->out.data, "width=\"0\""));
	assert_non_null(strstr(fx->out.data, "width=\"1\""));
	assert_non_null(strstr(fx->out.data, ">50.0%</text>"));
	assert_int_equal(count(fx->out.data, "<rect"), 4);
	assert_int_equal(strcmp(fx->out.data + fx->out.len - 6, "</svg>"), 0);
}

/* max 0 scales to the largest value. */
static void
test_report_svg_bars_scales(void **state)
{
	struct fx		*fx = *state;
	const struct report_bar	 bars[] = {
		{ "a", 4, "4" }, { "b", 2, "2" },
	};

	assert_int_equal(report_svg_bars(&fx->sink, "w", "t", bars, 2, 0), 0);
	assert_non_null(strstr(fx->out.data, "width=\"300\""));
	assert_non_null(strstr(fx->out.data, "width=\"150\""));
}

static void
test_report_svg_bars_escapes(void **state)
{
	struct fx		*fx = *state;
	const struct report_bar	 bars[] = {
		{ "<script>alert('x')</script> & \"co\"", 10, "<b>" },
	};

	assert_int_equal(report_svg_bars(&fx->sink, "e", "A & <B>", bars, 1,
	    10), 0);
	assert_null(strstr(fx->out.data, "<script"));
	assert_null(strstr(fx->out.data, "<b>"));
	assert_non_null(strstr(fx->out.data, "<title id=\"e\">A &amp; "
	    "&lt;B&gt;</title>"));
	assert_non_null(strstr(fx->out.data, "&lt;script&gt;alert(&#39;x"
	    "&#39;)&lt;/script&gt; &amp; &quot;co&quot;"));
	assert_non_null(strstr(fx->out.data, ">&lt;b&gt;</text>"));
}

/* Long labels are cut at a character, never inside one. */
static void
test_report_svg_bars_cuts_labels(void **state)
{
	struct fx		*fx = *state;
	char			 label[128], want[128];
	struct report_bar	 bar = { label, 1, "1" };
	size_t			 i;

	label[0] = '\0';
	for (i = 0; i < 40; i++)
		strcat(label, "é");
	want[0] = '>';
	want[1] = '\0';
	for (i = 0; i < REPORT_LABEL_MAX - 1; i++)
		strcat(want, "é");
	strcat(want, "…</text>");
	assert_int_equal(report_svg_bars(&fx->sink, "c", "t", &bar, 1, 1), 0);
	assert_non_null(strstr(fx->out.data, want));
	/* The whole label is in the bar's title. */
	assert_non_null(strstr(fx->out.data, label));
	/* A label of exactly REPORT_LABEL_MAX characters stays whole. */
	label[REPORT_LABEL_MAX * 2] = '\0';
	fx->out.len = 0;
	assert_int_equal(report_svg_bars(&fx->sink, "c", "t", &bar, 1, 1), 0);
	assert_null(strstr(fx->out.data, "…"));
}

static void
test_report_svg_bars_refuses(void **state)
{
	struct fx		*fx = *state;
	struct report_bar	 many[REPORT_BARS_MAX + 5];
	size_t			 i;

	for (i = 0; i < REPORT_BARS_MAX + 5; i++) {
		many[i].label = "x";
		many[i].value = 1;
		many[i].text = "1";
	}
	assert_int_equal(report_svg_bars(&fx->sink, "", "t", many, 1, 1), -1);
	assert_int_equal(report_svg_bars(&fx->sink, "a\"b", "t", many, 1, 1),
	    -1);
	assert_int_equal(report_svg_bars(&fx->sink, "Upper", "t", many, 1, 1),
	    -1);
	assert_int_equal(fx->out.len, 0);
	/* Nothing to draw: nothing written. */
	assert_int_equal(report_svg_bars(&fx->sink, "a", "t", many, 0, 1), 0);
	assert_int_equal(fx->out.len, 0);
	assert_int_equal(report_svg_bars(&fx->sink, "a", "t", many,
	    REPORT_BARS_MAX + 5, 1), 0);
	assert_int_equal(count(fx->out.data, "<rect"), REPORT_BARS_MAX);
}

static void
test_report_fill_figures(void **state)
{
	struct fx		*fx = *state;
	const struct view	*r;

	college(fx);
	assert_int_equal(report_fill(fx->db, day("2026-03-01"),
	    day("2026-05-01"), fx->now, fx->v), 0);

	assert_true(flag(fx->v, "has_by_course"));
	assert_int_equal(nrows(fx->v, "by_course"), 2);
	r = row(fx->v, "by_course", 1);
	assert_string_equal(str(r, "course"), "Understanding anxiety");
	assert_int_equal(num(r, "sessions"), 3);
	assert_int_equal(num(r, "held"), 2);
	assert_int_equal(num(r, "expected"), 4);
	assert_int_equal(num(r, "attended"), 2);
	assert_string_equal(str(r, "rate_text"), "50.0%");
	assert_int_equal(num(r, "co_sessions"), 2);
	r = row(fx->v, "by_course", 0);
	assert_string_equal(str(r, "course"), "Sleep and wellbeing");
	assert_string_equal(str(r, "rate_text"), "0.0%");
	assert_int_equal(num(r, "co_sessions"), 0);
	assert_int_equal(num(fx->v, "held_total"), 3);
	assert_int_equal(num(fx->v, "expected_total"), 5);
	assert_int_equal(num(fx->v, "attended_total"), 2);
	assert_string_equal(str(fx->v, "rate_text_total"), "40.0%");

	assert_int_equal(nrows(fx->v, "by_month"), 2);
	r = row(fx->v, "by_month", 0);
	assert_string_equal(str(r, "month"), "2026-03");
	assert_string_equal(str(r, "month_text"), "March 2026");
	assert_int_equal(num(r, "sessions"), 3);
	assert_string_equal(str(r, "rate_text"), "40.0%");
	assert_string_equal(str(r, "co_rate_text"), "66.7%");
	r = row(fx->v, "by_month", 1);
	assert_string_equal(str(r, "month_text"), "April 2026");
	assert_int_equal(num(r, "held"), 0);
	assert_string_equal(str(r, "rate_text"), "–");
	assert_int_equal(num(fx->v, "sessions_total"), 4);
	assert_int_equal(num(fx->v, "co_sessions_total"), 2);
	assert_string_equal(str(fx->v, "co_rate_text"), "50.0%");

	assert_int_equal(nrows(fx->v, "waitlist"), 2);
	r = row(fx->v, "waitlist", 0);
	assert_string_equal(str(r, "course"), "Understanding anxiety");
	assert_int_equal(num(r, "runs"), 2);
	assert_int_equal(num(r, "places"), 22);
	assert_int_equal(num(r, "confirmed"), 2);
	assert_int_equal(num(r, "waitlisted"), 1);
	assert_int_equal(num(r, "full_runs"), 0);
	assert_int_equal(num(fx->v, "waitlisted_total"), 1);

	/* Charts: one bar per course with someone expected, per month
	 * with a held session, per month for co-delivery, per course with
	 * a waiting list. */
	assert_int_equal(count(str(fx->v, "_chart_course"), "<rect"), 2);
	assert_non_null(strstr(str(fx->v, "_chart_course"), "width=\"150\""));
	assert_int_equal(count(str(fx->v, "_chart_month"), "<rect"), 1);
	assert_int_equal(count(str(fx->v, "_chart_co"), "<rect"), 2);
	assert_int_equal(count(str(fx->v, "_chart_waitlist"), "<rect"), 1);
}

/* A range with nothing in it gives empty tables, no charts. */
static void
test_report_fill_empty(void **state)
{
	struct fx	*fx = *state;

	college(fx);
	assert_int_equal(report_fill(fx->db, day("2025-01-01"),
	    day("2025-02-01"), fx->now, fx->v), 0);
	assert_false(flag(fx->v, "has_by_course"));
	assert_false(flag(fx->v, "has_by_month"));
	assert_false(flag(fx->v, "has_waitlist"));
	assert_int_equal(nrows(fx->v, "by_course"), 0);
	assert_string_equal(str(fx->v, "_chart_course"), "");
	assert_string_equal(str(fx->v, "co_rate_text"), "–");
}

/* A title a person typed is escaped in the chart. */
static void
test_report_fill_hostile_title(void **state)
{
	struct fx	*fx = *state;
	long long	 c, r;

	sql(fx, "INSERT INTO venue(name) VALUES ('Hub')");
	c = course(fx, "x", "<img src=x onerror=alert(1)>");
	r = run(fx, c, 5, "published");
	attend(fx, book(fx, r, "Pat", "confirmed", 1),
	    session(fx, r, utc(2026, 3, 2, 10, 0), 60, "scheduled"),
	    "present");
	assert_int_equal(report_fill(fx->db, day("2026-03-01"),
	    day("2026-04-01"), fx->now, fx->v), 0);
	assert_null(strstr(str(fx->v, "_chart_course"), "<img"));
	assert_non_null(strstr(str(fx->v, "_chart_course"), "&lt;img"));
}

static void
test_report_dashboard_today(void **state)
{
	struct fx		*fx = *state;
	const struct view	*d, *s, *a;
	long long		 c, r, early, late;

	college(fx);
	c = course(fx, "walk", "Walking for wellbeing");
	r = run(fx, c, 6, "published");
	early = session(fx, r, utc(2026, 3, 20, 9, 0), 60, "scheduled");
	late = session(fx, r, utc(2026, 3, 20, 15, 0), 60, "scheduled");
	book(fx, r, "Gil Green", "confirmed", 1);
	attend(fx, book(fx, r, "Hal Hill", "confirmed", 0), early, "absent");
	attend(fx, book(fx, r, "Ivy Ince", "confirmed", 1), early, "present");
	attend(fx, book(fx, r, "Jo Jones", "confirmed", 1), early, "excused");
	attend(fx, book(fx, r, "Lee Lane", "confirmed", 1), late, "absent");
	attend(fx, book(fx, r, "Kim King", "confirmed", 1), early, "present");

	assert_int_equal(report_dashboard(fx->db, fx->now, fx->v), 0);
	assert_string_equal(str(fx->v, "today"), "Friday 20 March 2026");
	assert_true(flag(fx->v, "has_days"));
	assert_int_equal(num(fx->v, "sessions_ahead"), 3);
	assert_int_equal(nrows(fx->v, "days"), 2);
	d = row(fx->v, "days", 0);
	assert_true(flag(d, "is_today"));
	assert_string_equal(str(d, "ymd"), "2026-03-20");
	assert_int_equal(nrows(d, "sessions"), 2);
	s = row(d, "sessions", 0);
	assert_string_equal(str(s, "course"), "Walking for wellbeing");
	assert_string_equal(str(s, "time_range"), "09:00 to 10:00");
	assert_string_equal(str(s, "booked_text"), "6 of 6 booked");
	assert_true(flag(s, "full"));
	d = row(fx->v, "days", 1);
	assert_false(flag(d, "is_today"));
	assert_string_equal(str(d, "date"), "Wednesday 1 April 2026");
	s = row(d, "sessions", 0);
	/* In summer time: 09:00 UTC is 10:00 in London. */
	assert_string_equal(str(s, "time_range"), "10:00 to 11:00");
	assert_string_equal(str(s, "booked_text"), "0 of 12 booked");

	/* Absences: at 09:00 (over), Gil and Lee not checked in and Hal
	 * marked absent; at 15:00 (not over yet) only Lee, marked absent. */
	assert_true(flag(fx->v, "has_absences"));
	assert_int_equal(nrows(fx->v, "absences"), 4);
	a = row(fx->v, "absences", 0);
	assert_string_equal(str(a, "name"), "Gil Green");
	assert_false(flag(a, "marked"));
	assert_true(flag(a, "consented"));
	assert_string_equal(str(a, "email"), "gil.green@example.org");
	assert_string_equal(str(a, "phone"), "0113 496 0000");
	assert_string_equal(str(a, "course"), "Walking for wellbeing");
	a = row(fx->v, "absences", 1);
	assert_string_equal(str(a, "name"), "Hal Hill");
	assert_true(flag(a, "marked"));
	assert_false(flag(a, "consented"));
	assert_string_equal(str(a, "email"), "");
	assert_string_equal(str(a, "phone"), "");
	a = row(fx->v, "absences", 2);
	assert_string_equal(str(a, "name"), "Lee Lane");
	assert_false(flag(a, "marked"));
	assert_string_equal(str(a, "time_range"), "09:00 to 10:00");
	a = row(fx->v, "absences", 3);
	assert_string_equal(str(a, "name"), "Lee Lane");
	assert_true(flag(a, "marked"));
	assert_string_equal(str(a, "time_range"), "15:00 to 16:00");
	(void)late;
}

static void
test_report_day_start_zone(void **state)
{
	(void)state;
	/* 00:30 BST on 1 July is 23:30 UTC on 30 June. */
	assert_int_equal(report_day_start(utc(2026, 7, 1, 12, 0)),
	    utc(2026, 6, 30, 23, 0));
	assert_int_equal(report_day_start(utc(2026, 1, 5, 0, 0)),
	    utc(2026, 1, 5, 0, 0));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report_rate_text_cases),
		cmocka_unit_test_setup_teardown(test_report_svg_bars_draws,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_svg_bars_scales,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_svg_bars_escapes,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_report_svg_bars_cuts_labels, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_svg_bars_refuses,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_fill_figures,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_fill_empty,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_fill_hostile_title,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_dashboard_today,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_day_start_zone,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
