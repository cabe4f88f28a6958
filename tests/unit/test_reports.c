/*
 * test_reports.c: the reports page's figures and the dashboard, against
 * an in-memory database with the real migrations (the chart itself:
 * test_chart.c).
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

#include "kit/arena.h"
#include "kit/buf.h"
#include "kit/db.h"
#include "kit/i18n.h"
#include "kit/view.h"
#include "college/reports.h"
#include "college/when.h"
#include "fixture.h"

#ifndef TESSERA_LOCALEDIR
#define TESSERA_LOCALEDIR "../../build/locale"
#endif

struct fx {
	struct db	*db;
	struct arena	*arena;
	struct view	*v;
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
	    (fx->v = view_new(fx->arena)) == NULL ||
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

/* A learner (consented if consent) with one booking; returns it. */
static long long
book(struct fx *fx, long long run_id, const char *name, const char *status,
    int consent)
{
	long long	 l;

	l = fx_sql(fx->db, "INSERT INTO learner(email, name, phone, "
	    "consent_at, created_at) VALUES (lower(replace(%Q, ' ', '.')) || "
	    "'@example.org', %Q, '0113 496 0000', %s, 0) RETURNING id", name,
	    name,
	    consent ? "1" : "NULL");
	return fx_booking(fx->db, run_id, l, status);
}

static void
attend(struct fx *fx, long long booking, long long sess, const char *status)
{
	fx_sql(fx->db, "INSERT INTO attendance(booking_id, session_id, status, "
	    "at, method) VALUES (%lld, %lld, %Q, 0, 'tap')", booking, sess,
	    status);
}

/* As test_export.c's college: runs 1 (co-delivered), 2, 3 (cancelled),
 * 4 (April). */
static void
college(struct fx *fx)
{
	long long	 anx, slp, a, b, c, d, sam, alex, s1, s2, sc;
	long long	 ann, bob, dan;

	fx_venue(fx->db, "Hub");
	sam = fx_user(fx->db, "sam@example.org", "Sam");
	alex = fx_user(fx->db, "alex@example.org", "Alex");
	anx = fx_course(fx->db, "anxiety", "Understanding anxiety");
	slp = fx_course(fx->db, "sleep", "Sleep and wellbeing");
	a = fx_run(fx->db, anx, 10, "published");
	b = fx_run(fx->db, slp, 8, "published");
	c = fx_run(fx->db, anx, 10, "cancelled");
	d = fx_run(fx->db, anx, 12, "published");
	fx_sql(fx->db, "INSERT INTO facilitator VALUES (%lld, %lld, 'peer'), "
	    "(%lld, %lld, 'clinical'), (%lld, %lld, 'peer')", a, sam, a, alex,
	    b, sam);
	s1 = fx_session(fx->db, a, fx_utc(2026, 3, 10, 10, 0), 120, 1,
	    "scheduled");
	s2 = fx_session(fx->db, a, fx_utc(2026, 3, 17, 10, 0), 120, 1,
	    "scheduled");
	fx_session(fx->db, a, fx_utc(2026, 3, 24, 10, 0), 120, 1, "cancelled");
	fx_session(fx->db, b, fx_utc(2026, 3, 12, 18, 0), 90, 1, "scheduled");
	sc = fx_session(fx->db, c, fx_utc(2026, 3, 11, 10, 0), 60, 1,
	    "scheduled");
	fx_session(fx->db, d, fx_utc(2026, 4, 1, 9, 0), 60, 1, "scheduled");
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

/* The rate in the reader's language: the decimal mark and the space
 * before % as the catalogue writes them; English again afterwards. */
static void
test_report_rate_text_language(void **state)
{
	const char	*dir = getenv("TESSERA_LOCALEDIR");
	char		 b[32];

	(void)state;
	assert_int_equal(i18n_init(dir != NULL ? dir : TESSERA_LOCALEDIR), 0);
	assert_int_equal(i18n_use("nl"), 0);
	assert_string_equal(report_rate_text(b, sizeof(b), 2, 3), "66,7 %");
	assert_int_equal(i18n_use("es"), 0);
	assert_string_equal(report_rate_text(b, sizeof(b), 1, 8), "12,5 %");
	assert_int_equal(i18n_use("cy"), 0);
	assert_string_equal(report_rate_text(b, sizeof(b), 1, 8), "12.5%");
	assert_int_equal(i18n_use("en"), 0);
	assert_string_equal(report_rate_text(b, sizeof(b), 2, 3), "66.7%");
}

static void
test_report_fill_figures(void **state)
{
	struct fx		*fx = *state;
	const struct view	*r;

	college(fx);
	assert_int_equal(report_fill(fx->db, fx_day("2026-03-01"),
	    fx_day("2026-05-01"), fx->now, fx->v), 0);

	assert_true(fx_flag(fx->v, "has_by_course"));
	assert_int_equal(fx_rows(fx->v, "by_course"), 2);
	r = fx_row(fx->v, "by_course", 1);
	assert_string_equal(fx_str(r, "course"), "Understanding anxiety");
	assert_int_equal(fx_num(r, "sessions"), 3);
	assert_int_equal(fx_num(r, "held"), 2);
	assert_int_equal(fx_num(r, "expected"), 4);
	assert_int_equal(fx_num(r, "attended"), 2);
	assert_string_equal(fx_str(r, "rate_text"), "50.0%");
	assert_int_equal(fx_num(r, "co_sessions"), 2);
	r = fx_row(fx->v, "by_course", 0);
	assert_string_equal(fx_str(r, "course"), "Sleep and wellbeing");
	assert_string_equal(fx_str(r, "rate_text"), "0.0%");
	assert_int_equal(fx_num(r, "co_sessions"), 0);
	assert_int_equal(fx_num(fx->v, "held_total"), 3);
	assert_int_equal(fx_num(fx->v, "expected_total"), 5);
	assert_int_equal(fx_num(fx->v, "attended_total"), 2);
	assert_string_equal(fx_str(fx->v, "rate_text_total"), "40.0%");

	assert_int_equal(fx_rows(fx->v, "by_month"), 2);
	r = fx_row(fx->v, "by_month", 0);
	assert_string_equal(fx_str(r, "month"), "2026-03");
	assert_string_equal(fx_str(r, "month_text"), "March 2026");
	assert_int_equal(fx_num(r, "sessions"), 3);
	assert_string_equal(fx_str(r, "rate_text"), "40.0%");
	assert_string_equal(fx_str(r, "co_rate_text"), "66.7%");
	r = fx_row(fx->v, "by_month", 1);
	assert_string_equal(fx_str(r, "month_text"), "April 2026");
	assert_int_equal(fx_num(r, "held"), 0);
	assert_string_equal(fx_str(r, "rate_text"), "–");
	assert_int_equal(fx_num(fx->v, "sessions_total"), 4);
	assert_int_equal(fx_num(fx->v, "co_sessions_total"), 2);
	assert_string_equal(fx_str(fx->v, "co_rate_text"), "50.0%");

	assert_int_equal(fx_rows(fx->v, "waitlist"), 2);
	r = fx_row(fx->v, "waitlist", 0);
	assert_string_equal(fx_str(r, "course"), "Understanding anxiety");
	assert_int_equal(fx_num(r, "runs"), 2);
	assert_int_equal(fx_num(r, "places"), 22);
	assert_int_equal(fx_num(r, "confirmed"), 2);
	assert_int_equal(fx_num(r, "waitlisted"), 1);
	assert_int_equal(fx_num(r, "full_runs"), 0);
	assert_int_equal(fx_num(fx->v, "waitlisted_total"), 1);

	/* Charts: one bar per course with someone expected, per month
	 * with a held session, per month for co-delivery, per course with
	 * a waiting list. */
	assert_int_equal(count(fx_str(fx->v, "_chart_course"), "<rect"), 2);
	assert_non_null(strstr(fx_str(fx->v, "_chart_course"),
	    "width=\"150\""));
	assert_int_equal(count(fx_str(fx->v, "_chart_month"), "<rect"), 1);
	assert_int_equal(count(fx_str(fx->v, "_chart_co"), "<rect"), 2);
	assert_int_equal(count(fx_str(fx->v, "_chart_waitlist"), "<rect"), 1);
}

/* A range with nothing in it gives empty tables, no charts. */
static void
test_report_fill_empty(void **state)
{
	struct fx	*fx = *state;

	college(fx);
	assert_int_equal(report_fill(fx->db, fx_day("2025-01-01"),
	    fx_day("2025-02-01"), fx->now, fx->v), 0);
	assert_false(fx_flag(fx->v, "has_by_course"));
	assert_false(fx_flag(fx->v, "has_by_month"));
	assert_false(fx_flag(fx->v, "has_waitlist"));
	assert_int_equal(fx_rows(fx->v, "by_course"), 0);
	assert_string_equal(fx_str(fx->v, "_chart_course"), "");
	assert_string_equal(fx_str(fx->v, "co_rate_text"), "–");
}

/* A title a person typed is escaped in the chart. */
static void
test_report_fill_hostile_title(void **state)
{
	struct fx	*fx = *state;
	long long	 c, r;

	fx_venue(fx->db, "Hub");
	c = fx_course(fx->db, "x", "<img src=x onerror=alert(1)>");
	r = fx_run(fx->db, c, 5, "published");
	attend(fx, book(fx, r, "Pat", "confirmed", 1),
	    fx_session(fx->db, r, fx_utc(2026, 3, 2, 10, 0), 60, 1,
	    "scheduled"),
	    "present");
	assert_int_equal(report_fill(fx->db, fx_day("2026-03-01"),
	    fx_day("2026-04-01"), fx->now, fx->v), 0);
	assert_null(strstr(fx_str(fx->v, "_chart_course"), "<img"));
	assert_non_null(strstr(fx_str(fx->v, "_chart_course"), "&lt;img"));
}

static void
test_report_dashboard_today(void **state)
{
	struct fx		*fx = *state;
	const struct view	*d, *s, *a;
	long long		 c, r, early, late;

	college(fx);
	c = fx_course(fx->db, "walk", "Walking for wellbeing");
	r = fx_run(fx->db, c, 6, "published");
	early = fx_session(fx->db, r, fx_utc(2026, 3, 20, 9, 0), 60, 1,
	    "scheduled");
	late = fx_session(fx->db, r, fx_utc(2026, 3, 20, 15, 0), 60, 1,
	    "scheduled");
	book(fx, r, "Gil Green", "confirmed", 1);
	attend(fx, book(fx, r, "Hal Hill", "confirmed", 0), early, "absent");
	attend(fx, book(fx, r, "Ivy Ince", "confirmed", 1), early, "present");
	attend(fx, book(fx, r, "Jo Jones", "confirmed", 1), early, "excused");
	attend(fx, book(fx, r, "Lee Lane", "confirmed", 1), late, "absent");
	attend(fx, book(fx, r, "Kim King", "confirmed", 1), early, "present");

	assert_int_equal(report_dashboard(fx->db, fx->now, fx->v), 0);
	assert_string_equal(fx_str(fx->v, "today"), "Friday 20 March 2026");
	assert_true(fx_flag(fx->v, "has_days"));
	assert_int_equal(fx_num(fx->v, "sessions_ahead"), 3);
	assert_int_equal(fx_rows(fx->v, "days"), 2);
	d = fx_row(fx->v, "days", 0);
	assert_true(fx_flag(d, "is_today"));
	assert_string_equal(fx_str(d, "ymd"), "2026-03-20");
	assert_int_equal(fx_rows(d, "sessions"), 2);
	s = fx_row(d, "sessions", 0);
	assert_string_equal(fx_str(s, "course"), "Walking for wellbeing");
	assert_string_equal(fx_str(s, "time_range"), "09:00 to 10:00");
	assert_string_equal(fx_str(s, "booked_text"), "6 of 6 booked");
	assert_true(fx_flag(s, "full"));
	d = fx_row(fx->v, "days", 1);
	assert_false(fx_flag(d, "is_today"));
	assert_string_equal(fx_str(d, "date"), "Wednesday 1 April 2026");
	s = fx_row(d, "sessions", 0);
	/* In summer time: 09:00 UTC is 10:00 in London. */
	assert_string_equal(fx_str(s, "time_range"), "10:00 to 11:00");
	assert_string_equal(fx_str(s, "booked_text"), "0 of 12 booked");

	/* Absences: at 09:00 (over), Gil and Lee not checked in and Hal
	 * marked absent; at 15:00 (not over yet) only Lee, marked absent. */
	assert_true(fx_flag(fx->v, "has_absences"));
	assert_int_equal(fx_rows(fx->v, "absences"), 4);
	a = fx_row(fx->v, "absences", 0);
	assert_string_equal(fx_str(a, "name"), "Gil Green");
	assert_false(fx_flag(a, "marked"));
	assert_true(fx_flag(a, "consented"));
	assert_string_equal(fx_str(a, "email"), "gil.green@example.org");
	assert_string_equal(fx_str(a, "phone"), "0113 496 0000");
	assert_string_equal(fx_str(a, "course"), "Walking for wellbeing");
	a = fx_row(fx->v, "absences", 1);
	assert_string_equal(fx_str(a, "name"), "Hal Hill");
	assert_true(fx_flag(a, "marked"));
	assert_false(fx_flag(a, "consented"));
	assert_string_equal(fx_str(a, "email"), "");
	assert_string_equal(fx_str(a, "phone"), "");
	a = fx_row(fx->v, "absences", 2);
	assert_string_equal(fx_str(a, "name"), "Lee Lane");
	assert_false(fx_flag(a, "marked"));
	assert_string_equal(fx_str(a, "time_range"), "09:00 to 10:00");
	a = fx_row(fx->v, "absences", 3);
	assert_string_equal(fx_str(a, "name"), "Lee Lane");
	assert_true(fx_flag(a, "marked"));
	assert_string_equal(fx_str(a, "time_range"), "15:00 to 16:00");
	(void)late;
}

static void
test_report_day_start_zone(void **state)
{
	(void)state;
	/* 00:30 BST on 1 July is 23:30 UTC on 30 June. */
	assert_int_equal(report_day_start(fx_utc(2026, 7, 1, 12, 0)),
	    fx_utc(2026, 6, 30, 23, 0));
	assert_int_equal(report_day_start(fx_utc(2026, 1, 5, 0, 0)),
	    fx_utc(2026, 1, 5, 0, 0));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report_rate_text_cases),
		cmocka_unit_test(test_report_rate_text_language),
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
