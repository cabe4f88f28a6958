/*
 * test_when.c: the college zone, date and time formatting, and parsing,
 * across the Europe/London daylight-saving changes of 2026 (clocks go
 * forward at 01:00 UTC on 29 March and back at 01:00 UTC on 25 October).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kit/i18n.h"
#include "college/when.h"
#include "fixture.h"

static int
london(void **state)
{
	(void)state;
	return when_set_zone("Europe/London");
}

static void
test_when_set_zone_cases(void **state)
{
	static const struct {
		const char	*tz;
		int		 rc;
	} cases[] = {
		{ "Europe/London", 0 },
		{ "America/New_York", 0 },
		{ "America/Argentina/Buenos_Aires", 0 },
		{ "Etc/GMT+5", 0 },
		{ "UTC", 0 },
		{ NULL, -1 },
		{ "", -1 },
		{ "Europe/Atlantis", -1 },	/* no such file */
		{ "Europe", -1 },		/* a directory */
		{ "../../../etc/passwd", -1 },
		{ "Europe/../Europe/London", -1 },
		{ "/usr/share/zoneinfo/UTC", -1 },
		{ "-UTC", -1 },
		{ "Europe/London ", -1 },
		{ "Europe/London\n", -1 },
		{ "Europe\\London", -1 },
		{ "Europe/Lond%6fn", -1 },
		{ "UTC0BST,M3.5.0/1,M10.5.0", -1 },	/* POSIX rule, not a name */
		{ "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
		    -1 },
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (when_set_zone(cases[i].tz) != cases[i].rc)
			fail_msg("when_set_zone(\"%s\") != %d",
			    cases[i].tz ? cases[i].tz : "(null)", cases[i].rc);
	}
	/* The last good zone set stays in force after refusals. */
	assert_int_equal(when_set_zone("Asia/Tokyo"), 0);
	assert_int_equal(when_set_zone("Nowhere/Land"), -1);
	assert_string_equal(when_zone(), "Asia/Tokyo");
	assert_string_equal(getenv("TZ"), "Asia/Tokyo");
	assert_int_equal(london(NULL), 0);
	assert_string_equal(when_zone(), "Europe/London");
}

static void
test_when_date_long_and_short(void **state)
{
	char	 buf[WHEN_BUF];

	(void)state;
	assert_ptr_equal(when_date(buf, sizeof(buf),
	    fx_utc(2026, 12, 3, 10, 0)),
	    buf);
	assert_string_equal(buf, "Thursday 3 December 2026");
	assert_non_null(when_short_date(buf, sizeof(buf),
	    fx_utc(2026, 12, 3, 10, 0)));
	assert_string_equal(buf, "Thu 3 Dec");
	assert_non_null(when_date(buf, sizeof(buf),
	    fx_utc(2024, 2, 29, 12, 0)));
	assert_string_equal(buf, "Thursday 29 February 2024");
	assert_non_null(when_short_date(buf, sizeof(buf),
	    fx_utc(2026, 7, 1, 8, 0)));
	assert_string_equal(buf, "Wed 1 Jul");
	/* 23:30 UTC on 30 June is already 1 July in London (BST). */
	assert_non_null(when_date(buf, sizeof(buf),
	    fx_utc(2026, 6, 30, 23, 30)));
	assert_string_equal(buf, "Wednesday 1 July 2026");
	/* ... but not in winter (GMT). */
	assert_non_null(when_date(buf, sizeof(buf),
	    fx_utc(2026, 1, 31, 23, 30)));
	assert_string_equal(buf, "Saturday 31 January 2026");
}

/* A session at 09:00 UTC on each side of both 2026 changes. */
static void
test_when_time_across_dst(void **state)
{
	static const struct {
		int		 y, mo, d, h, mi;
		const char	*shown;
	} cases[] = {
		{ 2026, 3, 28, 9, 0, "09:00" },		/* GMT */
		{ 2026, 3, 29, 0, 59, "00:59" },	/* last GMT minute */
		{ 2026, 3, 29, 1, 0, "02:00" },		/* BST begins */
		{ 2026, 3, 29, 9, 0, "10:00" },
		{ 2026, 3, 30, 9, 0, "10:00" },		/* BST */
		{ 2026, 10, 24, 9, 0, "10:00" },	/* BST */
		{ 2026, 10, 25, 0, 30, "01:30" },	/* BST, first 01:30 */
		{ 2026, 10, 25, 1, 30, "01:30" },	/* GMT, second 01:30 */
		{ 2026, 10, 26, 9, 0, "09:00" },	/* GMT */
		{ 2026, 12, 3, 10, 0, "10:00" },
	};
	char	 buf[WHEN_BUF];
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_non_null(when_time(buf, sizeof(buf), fx_utc(cases[i].y,
		    cases[i].mo, cases[i].d, cases[i].h, cases[i].mi)));
		if (strcmp(buf, cases[i].shown) != 0)
			fail_msg("case %zu: %s, want %s", i, buf,
			    cases[i].shown);
	}
}

static void
test_when_range_across_dst(void **state)
{
	char	 buf[WHEN_BUF];

	(void)state;
	assert_non_null(when_range(buf, sizeof(buf), fx_utc(2026, 12, 3, 10, 0),
	    fx_utc(2026, 12, 3, 12, 0)));
	assert_string_equal(buf, "10:00 to 12:00");
	assert_non_null(when_range(buf, sizeof(buf), fx_utc(2026, 3, 30, 9, 0),
	    fx_utc(2026, 3, 30, 11, 30)));
	assert_string_equal(buf, "10:00 to 12:30");
	/* A session spanning the spring change: 00:30 GMT to 03:00 BST. */
	assert_non_null(when_range(buf, sizeof(buf), fx_utc(2026, 3, 29, 0, 30),
	    fx_utc(2026, 3, 29, 2, 0)));
	assert_string_equal(buf, "00:30 to 03:00");
}

static void
test_when_iso_offsets(void **state)
{
	char	 buf[WHEN_BUF];

	(void)state;
	assert_non_null(when_iso(buf, sizeof(buf), fx_utc(2026, 12, 3, 10, 0)));
	assert_string_equal(buf, "2026-12-03T10:00:00+00:00");
	assert_non_null(when_iso(buf, sizeof(buf), fx_utc(2026, 3, 28, 9, 0)));
	assert_string_equal(buf, "2026-03-28T09:00:00+00:00");
	assert_non_null(when_iso(buf, sizeof(buf), fx_utc(2026, 3, 30, 9, 0)));
	assert_string_equal(buf, "2026-03-30T10:00:00+01:00");
	assert_non_null(when_iso(buf, sizeof(buf), fx_utc(2026, 10, 26, 9, 0)));
	assert_string_equal(buf, "2026-10-26T09:00:00+00:00");
	assert_non_null(when_ymd(buf, sizeof(buf),
	    fx_utc(2026, 6, 30, 23, 30)));
	assert_string_equal(buf, "2026-07-01");

	/* Negative and half-hour offsets. */
	assert_int_equal(when_set_zone("America/New_York"), 0);
	assert_non_null(when_iso(buf, sizeof(buf), fx_utc(2026, 12, 3, 10, 0)));
	assert_string_equal(buf, "2026-12-03T05:00:00-05:00");
	assert_int_equal(when_set_zone("Asia/Kolkata"), 0);
	assert_non_null(when_iso(buf, sizeof(buf), fx_utc(2026, 12, 3, 10, 0)));
	assert_string_equal(buf, "2026-12-03T15:30:00+05:30");
	assert_int_equal(when_set_zone("America/St_Johns"), 0);
	assert_non_null(when_iso(buf, sizeof(buf), fx_utc(2026, 12, 3, 10, 0)));
	assert_string_equal(buf, "2026-12-03T06:30:00-03:30");
	assert_int_equal(london(NULL), 0);
}

static void
test_when_small_buffer(void **state)
{
	char	 buf[8];
	time_t	 t = fx_utc(2026, 12, 3, 10, 0);

	(void)state;
	memset(buf, 'x', sizeof(buf));
	assert_null(when_date(buf, sizeof(buf), t));
	assert_string_equal(buf, "");
	assert_null(when_iso(buf, sizeof(buf), t));
	assert_string_equal(buf, "");
	assert_null(when_range(buf, sizeof(buf), t, t + 3600));
	assert_string_equal(buf, "");
	/* Exactly enough: "10:00" and its NUL. */
	assert_non_null(when_time(buf, 6, t));
	assert_string_equal(buf, "10:00");
	assert_null(when_time(buf, 5, t));
	assert_null(when_short_date(buf, 0, t));
}

static void
test_when_parse_date_cases(void **state)
{
	static const struct {
		const char	*s;
		int		 rc;
		int		 y, mo, d, h;	/* the UTC instant expected */
	} cases[] = {
		{ "2026-12-03", 0, 2026, 12, 3, 0 },
		{ "2026-03-28", 0, 2026, 3, 28, 0 },	/* GMT midnight */
		{ "2026-03-30", 0, 2026, 3, 29, 23 },	/* BST midnight */
		{ "2026-10-25", 0, 2026, 10, 24, 23 },	/* still BST at 00:00 */
		{ "2026-10-26", 0, 2026, 10, 26, 0 },
		{ "2024-02-29", 0, 2024, 2, 29, 0 },
		{ "2000-02-29", 0, 2000, 2, 29, 0 },
		{ "2026-02-29", -1, 0, 0, 0, 0 },
		{ "1900-02-29", -1, 0, 0, 0, 0 },
		{ "2026-04-31", -1, 0, 0, 0, 0 },
		{ "2026-13-01", -1, 0, 0, 0, 0 },
		{ "2026-00-10", -1, 0, 0, 0, 0 },
		{ "2026-01-00", -1, 0, 0, 0, 0 },
		{ "1969-12-31", -1, 0, 0, 0, 0 },
		{ "2026-1-03", -1, 0, 0, 0, 0 },
		{ "2026-12-3", -1, 0, 0, 0, 0 },
		{ "2026-12-03 ", -1, 0, 0, 0, 0 },
		{ " 2026-12-03", -1, 0, 0, 0, 0 },
		{ "2026/12/03", -1, 0, 0, 0, 0 },
		{ "2026-12-0a", -1, 0, 0, 0, 0 },
		{ "+026-12-03", -1, 0, 0, 0, 0 },
		{ "2026-12-03T00:00", -1, 0, 0, 0, 0 },
		{ "", -1, 0, 0, 0, 0 },
		{ NULL, -1, 0, 0, 0, 0 },
	};
	size_t	 i;
	time_t	 t;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		t = 12345;
		if (when_parse_date(cases[i].s, &t) != cases[i].rc)
			fail_msg("when_parse_date(\"%s\") != %d",
			    cases[i].s ? cases[i].s : "(null)", cases[i].rc);
		if (cases[i].rc == 0)
			assert_int_equal(t, fx_utc(cases[i].y, cases[i].mo,
			    cases[i].d, cases[i].h, 0));
		else
			assert_int_equal(t, 12345);
	}
	assert_int_equal(when_parse_date("2026-12-03", NULL), -1);
}

/* Parsing and showing a date agree in a zone far from UTC. */
static void
test_when_parse_date_round_trip(void **state)
{
	char	 buf[WHEN_BUF];
	time_t	 t;

	(void)state;
	assert_int_equal(when_set_zone("Pacific/Auckland"), 0);
	assert_int_equal(when_parse_date("2026-12-03", &t), 0);
	assert_int_equal(t, fx_utc(2026, 12, 2, 11, 0));	/* NZDT, +13 */
	assert_non_null(when_ymd(buf, sizeof(buf), t));
	assert_string_equal(buf, "2026-12-03");
	assert_non_null(when_time(buf, sizeof(buf), t));
	assert_string_equal(buf, "00:00");
	assert_int_equal(london(NULL), 0);
}

/* 2026-03-29 and 2026-10-25 in London: what the clocks show twice,
 * once and never. */
static void
test_when_local_times_clock_changes(void **state)
{
	time_t	 t[2];

	(void)state;
	assert_int_equal(when_local_times("2026-03-29", "00:30", t), 1);
	assert_int_equal(t[0], fx_utc(2026, 3, 29, 0, 30));
	assert_int_equal(when_local_times("2026-03-29", "01:30", t), 0);
	assert_int_equal(when_local_times("2026-03-29", "01:00", t), 0);
	assert_int_equal(when_local_times("2026-03-29", "02:00", t), 1);
	assert_int_equal(t[0], fx_utc(2026, 3, 29, 1, 0));
	assert_int_equal(when_local_times("2026-10-25", "01:30", t), 2);
	assert_int_equal(t[0], fx_utc(2026, 10, 25, 0, 30));	/* BST */
	assert_int_equal(t[1], fx_utc(2026, 10, 25, 1, 30));	/* GMT */
	assert_int_equal(when_local_times("2026-10-25", "02:00", t), 1);
	assert_int_equal(t[0], fx_utc(2026, 10, 25, 2, 0));
	assert_int_equal(when_local_times("2026-07-01", "10:00", t), 1);
	assert_int_equal(t[0], fx_utc(2026, 7, 1, 9, 0));
	assert_int_equal(when_local_times("2026-13-45", "10:00", t), -1);
	assert_int_equal(when_local_times("2026-07-01", "24:00", t), -1);
	assert_int_equal(when_local_times("2026-07-01", "9:00", t), -1);
}

static void
test_when_span_clock_changes(void **state)
{
	static const struct {
		const char		*ymd, *a, *b;
		enum when_span_result	 want;
		int			 minutes;	/* stored length */
		const char		*why;
	} cases[] = {
		/* Spring: the hour from 01:00 is skipped, said in words. */
		{ "2026-03-29", "01:30", "03:00", WHEN_SPAN_START_SKIPPED, 0,
		    "01:30 does not exist on 29 March 2026 because the clocks "
		    "go forward; choose a time from 02:00" },
		{ "2026-03-29", "00:30", "01:15", WHEN_SPAN_END_SKIPPED, 0,
		    "01:15 does not exist on 29 March 2026 because the clocks "
		    "go forward; choose a time from 02:00" },
		/* 00:30 to 02:30 on the spring night: one hour passes. */
		{ "2026-03-29", "00:30", "02:30", WHEN_SPAN_OK, 60, "" },
		/* Autumn: as long as the clocks on the wall say. */
		{ "2026-10-25", "01:30", "02:30", WHEN_SPAN_OK, 60, "" },
		{ "2026-10-25", "00:30", "01:30", WHEN_SPAN_OK, 60, "" },
		{ "2026-10-25", "01:15", "01:45", WHEN_SPAN_OK, 30, "" },
		{ "2026-10-25", "00:30", "02:30", WHEN_SPAN_OK, 180, "" },
		/* An ordinary day, and the old refusal. */
		{ "2026-07-01", "10:00", "12:00", WHEN_SPAN_OK, 120, "" },
		{ "2026-07-01", "12:00", "10:00", WHEN_SPAN_ORDER, 0, "" },
		{ "2026-07-01", "10:00", "10:00", WHEN_SPAN_ORDER, 0, "" },
		{ "2026-02-30", "10:00", "12:00", WHEN_SPAN_BAD, 0, "" },
	};
	char	 why[WHEN_BUF * 2];
	time_t	 s, e;
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		s = e = 0;
		assert_int_equal(when_span(cases[i].ymd, cases[i].a, cases[i].b,
		    &s, &e, why, sizeof(why)), cases[i].want);
		assert_string_equal(why, cases[i].why);
		if (cases[i].want == WHEN_SPAN_OK)
			assert_int_equal((long long)(e - s),
			    (long long)cases[i].minutes * 60);
	}
	/* 01:15 to 01:45 happens twice: the first, before the clocks go
	 * back (BST). 01:30 to 02:30: the 01:30 after they went back. */
	assert_int_equal(when_span("2026-10-25", "01:15", "01:45", &s, &e, why,
	    sizeof(why)), WHEN_SPAN_OK);
	assert_int_equal(s, fx_utc(2026, 10, 25, 0, 15));
	assert_int_equal(when_span("2026-10-25", "01:30", "02:30", &s, &e, why,
	    sizeof(why)), WHEN_SPAN_OK);
	assert_int_equal(s, fx_utc(2026, 10, 25, 1, 30));
	assert_int_equal(e, fx_utc(2026, 10, 25, 2, 30));
}

/* The skipped-time sentence in the language in use: the words, the
 * month's name and the order from the catalogue. */
static void
test_when_span_skipped_translated(void **state)
{
	const char	*dir = getenv("TESSERA_LOCALEDIR");
	char		 why[WHEN_BUF * 2];
	time_t		 s, e;

	(void)state;
	assert_int_equal(i18n_init(dir != NULL ? dir : TESSERA_LOCALEDIR), 0);
	assert_int_equal(i18n_use("cy"), 0);
	assert_int_equal(when_span("2026-03-29", "01:30", "03:00", &s, &e,
	    why, sizeof(why)), WHEN_SPAN_START_SKIPPED);
	assert_string_equal(why, "Nid yw 01:30 yn bod ar 29 Mawrth 2026 "
	    "oherwydd bod y clociau'n mynd ymlaen; dewiswch amser o 02:00 "
	    "ymlaen");
	assert_int_equal(i18n_use("es"), 0);
	assert_int_equal(when_span("2026-03-29", "00:30", "01:15", &s, &e,
	    why, sizeof(why)), WHEN_SPAN_END_SKIPPED);
	assert_string_equal(why, "Las 01:15 no existen el 29 de marzo de "
	    "2026 porque ese d\xc3\xad" "a se adelanta la hora; elige una hora "
	    "a partir de las 02:00");
	assert_int_equal(i18n_use("en"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_when_set_zone_cases),
		cmocka_unit_test(test_when_date_long_and_short),
		cmocka_unit_test(test_when_time_across_dst),
		cmocka_unit_test(test_when_range_across_dst),
		cmocka_unit_test(test_when_iso_offsets),
		cmocka_unit_test(test_when_small_buffer),
		cmocka_unit_test(test_when_parse_date_cases),
		cmocka_unit_test(test_when_parse_date_round_trip),
		cmocka_unit_test(test_when_local_times_clock_changes),
		cmocka_unit_test(test_when_span_clock_changes),
		cmocka_unit_test(test_when_span_skipped_translated),
	};

	return cmocka_run_group_tests(tests, london, NULL);
}
