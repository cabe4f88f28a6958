/*
 * reports.c: the dashboard and the reports page (see reports.h).
 *
 * Each table is one statement (STMT_REPORT_* in stmts.c) with its
 * figures summed in SQL; the rows go into the view and, up to
 * CHART_BARS_MAX of them, into a bar chart (kit/chart.h).
 */
#include <stdio.h>
#include <string.h>


#include "kit/arena.h"
#include "kit/buf.h"
#include "kit/chart.h"
#include "kit/db.h"
#include "kit/i18n.h"
#include "kit/view.h"
#include "college/college.h"
#include "college/reports.h"
#include "college/stmts.h"
#include "college/when.h"

/* Rates are charted in tenths of a percent. */
#define RATE_MAX	1000

/* The months as when.c names them (the same msgids, msgctxt "month"). */
static const char *const month_names[12] = {
	NC_("month", "January"), NC_("month", "February"),
	NC_("month", "March"), NC_("month", "April"), NC_("month", "May"),
	NC_("month", "June"), NC_("month", "July"), NC_("month", "August"),
	NC_("month", "September"), NC_("month", "October"),
	NC_("month", "November"), NC_("month", "December"),
};

/* Columns of STMT_REPORT_BY_COURSE and _BY_MONTH: two for the group,
 * then REPORT_SUMS. */
enum sum_col {
	RC_NAME,
	RC_KEY,
	RC_SESSIONS,
	RC_HELD,
	RC_EXPECTED,
	RC_ATTENDED,
	RC_CO,
	RC__MAX
};

enum wait_col {
	WC_COURSE,
	WC_RUNS,
	WC_PLACES,
	WC_CONFIRMED,
	WC_WAITLISTED,
	WC_FULL,
	WC__MAX
};

enum upcoming_col {
	UC_SESSION,
	UC_START,
	UC_END,
	UC_COURSE,
	UC_RUN,
	UC_STATUS,
	UC_CAPACITY,
	UC_VENUE,
	UC_CONFIRMED,
	UC_WAITLISTED,
	UC__MAX
};

enum absence_col {
	AB_LEARNER,
	AB_NAME,
	AB_CONSENTED,
	AB_EMAIL,
	AB_PHONE,
	AB_COURSE,
	AB_RUN,
	AB_START,
	AB_END,
	AB_STATUS,
	AB__MAX
};

/* The rate in tenths of a percent, rounded half up; 0 if none expected. */
static long long
rate_tenths(long long attended, long long expected)
{
	if (expected <= 0 || attended <= 0)
		return 0;
	return (attended * 2000 + expected) / (expected * 2);
}

char *
report_rate_text(char *buf, size_t len, long long attended,
    long long expected)
{
	static const char *const names[] = { "whole", "tenth" };
	const char	*values[2];
	char		 whole[24], tenth[4];
	long long	 t;

	if (expected <= 0) {
		snprintf(buf, len, "–");
		return buf;
	}
	t = rate_tenths(attended, expected);
	snprintf(whole, sizeof(whole), "%lld", t / 10);
	snprintf(tenth, sizeof(tenth), "%lld", t % 10);
	values[0] = whole;
	values[1] = tenth;
	/* TRANSLATORS: "66.7%", as your language writes a percentage. */
	if (i18n_fill(buf, len, _("{whole}.{tenth}%"), names, values, 2) < 0)
		snprintf(buf, len, "%lld.%lld%%", t / 10, t % 10);
	return buf;
}

time_t
report_day_start(time_t t)
{
	struct tm	 tm;

	if (localtime_r(&t, &tm) == NULL)
		return t;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

/* The local midnight days after the day of t (DST-safe). */
static time_t
day_add(time_t t, int days)
{
	struct tm	 tm;

	if (localtime_r(&t, &tm) == NULL)
		return t + (time_t)days * 86400;
	tm.tm_mday += days;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

/* Draw bars into the view's arena and set name to the SVG. 0 or -1. */
static int
chart_set(struct view *v, const char *name, const char *id,
    const char *title, const struct chart_bar *bars, size_t n,
    long long max)
{
	struct buf	 b;
	struct sink	 s;

	buf_init(&b, view_arena(v));
	s = sink_buf(&b);
	if (chart_svg_bars(&s, id, title, bars, n, max) == -1 ||
	    buf_failed(&b))
		return -1;
	return view_set(v, name, b.data != NULL ? b.data : "");
}

/* "March 2026" from "2026-03", in buf, in the current language; "" if
 * it is not like that. */
static const char *
month_text(char *buf, size_t len, const char *ym)
{
	static const char *const names[] = { "month", "year" };
	const char	*values[2];
	char		 year[16];
	int		 y, m;

	if (sscanf(ym, "%4d-%2d", &y, &m) != 2 || m < 1 || m > 12) {
		buf[0] = '\0';
		return buf;
	}
	snprintf(year, sizeof(year), "%d", y);
	values[0] = i18n_text("month", month_names[m - 1]);
	values[1] = year;
	/* TRANSLATORS: a month of a report, "March 2026". */
	if (i18n_fill(buf, len, _("{month} {year}"), names, values, 2) < 0)
		buf[0] = '\0';
	return buf;
}

/* The totals kept across a table's rows. */
struct totals {
	long long	 sessions, held, expected, attended, co;
};

/* One row of the by-course or by-month table into row r. 0 or -1. */
static int
sums_row(struct view *r, struct db_stmt *st, struct totals *t)
{
	char		 rate[32], co[32];
	long long	 sessions, expected, attended, cos;
	int		 rc = 0;

	sessions = db_col_int(st, RC_SESSIONS);
	expected = db_col_int(st, RC_EXPECTED);
	attended = db_col_int(st, RC_ATTENDED);
	cos = db_col_int(st, RC_CO);
	t->sessions += sessions;
	t->held += db_col_int(st, RC_HELD);
	t->expected += expected;
	t->attended += attended;
	t->co += cos;
	rc |= view_set_int(r, "sessions", sessions);
	rc |= view_set_int(r, "held", db_col_int(st, RC_HELD));
	rc |= view_set_int(r, "expected", expected);
	rc |= view_set_int(r, "attended", attended);
	rc |= view_set(r, "rate_text", report_rate_text(rate, sizeof(rate),
	    attended, expected));
	rc |= view_set_int(r, "co_sessions", cos);
	rc |= view_set(r, "co_rate_text", report_rate_text(co, sizeof(co),
	    cos, sessions));
	return rc;
}

static int
bind_range(struct db_stmt *st, time_t from, time_t to, time_t now)
{
	return db_bind_int(st, 1, (long long)from) == DB_OK &&
	    db_bind_int(st, 2, (long long)to) == DB_OK &&
	    (now == 0 || db_bind_int(st, 3, (long long)now) ==
	    DB_OK) ? 0 : -1;
}

/* A copy of s in the view's arena for a chart label ("" if none). */
static const char *
keep(struct view *v, const char *s)
{
	const char	*c = arena_strdup(view_arena(v), s);

	return c != NULL ? c : "";
}

static int
fill_by_course(struct db *db, time_t from, time_t to, time_t now,
    struct view *v)
{
	struct chart_bar	 bars[CHART_BARS_MAX];
	struct totals		 t;
	struct view		*r;
	struct db_stmt		*st;
	size_t			 n = 0;
	char			 rate[32];
	int			 rc, ok = 0;

	memset(&t, 0, sizeof(t));
	if ((st = db_stmt(db, STMT_REPORT_BY_COURSE)) == NULL)
		return -1;
	if (bind_range(st, from, to, now) == -1 ||
	    view_loop(v, "by_course") == -1)
		goto fail;
	while ((rc = db_step(st)) == DB_ROW) {
		if ((r = view_row(v, "by_course")) == NULL ||
		    view_set(r, "course", db_col_text(st, RC_NAME)) == -1 ||
		    view_set(r, "slug", db_col_text(st, RC_KEY)) == -1 ||
		    sums_row(r, st, &t) == -1)
			goto fail;
		if (n < CHART_BARS_MAX &&
		    db_col_int(st, RC_EXPECTED) > 0) {
			bars[n].label = keep(v, db_col_text(st, RC_NAME));
			bars[n].value = rate_tenths(db_col_int(st,
			    RC_ATTENDED), db_col_int(st,
			    RC_EXPECTED));
			bars[n].text = view_str(r, view_arena(v), "rate_text");
			n++;
		}
		ok = 1;
	}
	if (rc != DB_DONE)
		goto fail;
	db_reset(st);
	rc = 0;
	rc |= view_set_bool(v, "has_by_course", ok);
	rc |= view_set_int(v, "held_total", t.held);
	rc |= view_set_int(v, "expected_total", t.expected);
	rc |= view_set_int(v, "attended_total", t.attended);
	rc |= view_set(v, "rate_text_total", report_rate_text(rate,
	    sizeof(rate), t.attended, t.expected));
	rc |= chart_set(v, "_chart_course", "chart-course",
	    _("Attendance rate by course"), bars, n, RATE_MAX);
	return rc;
fail:
	db_reset(st);
	return -1;
}

static int
fill_by_month(struct db *db, time_t from, time_t to, time_t now,
    struct view *v)
{
	struct chart_bar	 rbars[CHART_BARS_MAX], cbars[CHART_BARS_MAX];
	struct totals		 t;
	struct view		*r;
	struct db_stmt		*st;
	size_t			 n = 0, nc = 0;
	char			 mt[48], co[32];
	const char		*label;
	int			 rc, ok = 0;

	memset(&t, 0, sizeof(t));
	if ((st = db_stmt(db, STMT_REPORT_BY_MONTH)) == NULL)
		return -1;
	if (bind_range(st, from, to, now) == -1 ||
	    view_loop(v, "by_month") == -1)
		goto fail;
	while ((rc = db_step(st)) == DB_ROW) {
		month_text(mt, sizeof(mt), db_col_text(st, RC_NAME));
		if ((r = view_row(v, "by_month")) == NULL ||
		    view_set(r, "month", db_col_text(st, RC_NAME)) == -1 ||
		    view_set(r, "month_text", mt) == -1 ||
		    sums_row(r, st, &t) == -1)
			goto fail;
		label = keep(v, mt);
		if (n < CHART_BARS_MAX &&
		    db_col_int(st, RC_EXPECTED) > 0) {
			rbars[n].label = label;
			rbars[n].value = rate_tenths(db_col_int(st,
			    RC_ATTENDED), db_col_int(st,
			    RC_EXPECTED));
			rbars[n].text = view_str(r, view_arena(v), "rate_text");
			n++;
		}
		if (nc < CHART_BARS_MAX) {
			cbars[nc].label = label;
			cbars[nc].value = rate_tenths(db_col_int(st,
			    RC_CO), db_col_int(st, RC_SESSIONS));
			cbars[nc].text = view_str(r, view_arena(v),
			    "co_rate_text");
			nc++;
		}
		ok = 1;
	}
	if (rc != DB_DONE)
		goto fail;
	db_reset(st);
	rc = 0;
	rc |= view_set_bool(v, "has_by_month", ok);
	rc |= view_set_int(v, "sessions_total", t.sessions);
	rc |= view_set_int(v, "co_sessions_total", t.co);
	rc |= view_set(v, "co_rate_text", report_rate_text(co, sizeof(co),
	    t.co, t.sessions));
	rc |= chart_set(v, "_chart_month", "chart-month",
	    _("Attendance rate by month"), rbars, n, RATE_MAX);
	rc |= chart_set(v, "_chart_co", "chart-co",
	    _("Co-delivered sessions by month"), cbars, nc, RATE_MAX);
	return rc;
fail:
	db_reset(st);
	return -1;
}

static int
fill_waitlist(struct db *db, time_t from, time_t to, struct view *v)
{
	struct chart_bar	 bars[CHART_BARS_MAX];
	struct view		*r;
	struct db_stmt		*st;
	size_t			 n = 0;
	long long		 wait, total = 0;
	int			 rc, ok = 0;

	if ((st = db_stmt(db, STMT_REPORT_WAITLIST)) == NULL)
		return -1;
	if (bind_range(st, from, to, 0) == -1 ||
	    view_loop(v, "waitlist") == -1)
		goto fail;
	while ((rc = db_step(st)) == DB_ROW) {
		wait = db_col_int(st, WC_WAITLISTED);
		total += wait;
		if ((r = view_row(v, "waitlist")) == NULL ||
		    view_set(r, "course", db_col_text(st, WC_COURSE)) == -1 ||
		    view_set_int(r, "runs", db_col_int(st,
		    WC_RUNS)) == -1 ||
		    view_set_int(r, "places", db_col_int(st,
		    WC_PLACES)) == -1 ||
		    view_set_int(r, "confirmed", db_col_int(st,
		    WC_CONFIRMED)) == -1 ||
		    view_set_int(r, "waitlisted", wait) == -1 ||
		    view_set_int(r, "full_runs", db_col_int(st,
		    WC_FULL)) == -1)
			goto fail;
		if (wait > 0 && n < CHART_BARS_MAX) {
			bars[n].label = keep(v, db_col_text(st, WC_COURSE));
			bars[n].value = wait;
			bars[n].text = view_str(r, view_arena(v), "waitlisted");
			n++;
		}
		ok = 1;
	}
	if (rc != DB_DONE)
		goto fail;
	db_reset(st);
	rc = 0;
	rc |= view_set_bool(v, "has_waitlist", ok);
	rc |= view_set_int(v, "waitlisted_total", total);
	rc |= chart_set(v, "_chart_waitlist", "chart-waitlist",
	    _("People on waiting lists by course"), bars, n, 0);
	return rc;
fail:
	db_reset(st);
	return -1;
}

int
report_fill(struct db *db, time_t from, time_t to, time_t now,
    struct view *v)
{
	if (fill_by_course(db, from, to, now, v) == -1 ||
	    fill_by_month(db, from, to, now, v) == -1 ||
	    fill_waitlist(db, from, to, v) == -1)
		return -1;
	return 0;
}

/* One upcoming session as a row of its day. 0 or -1. */
static int
upcoming_row(struct view *r, struct db_stmt *st)
{
	static const char *const names[] = { "confirmed", "capacity" };
	const char	*values[2];
	char		 range[WHEN_BUF], booked[128], nconf[24], ncap[24];
	long long	 cap, conf;
	int		 rc = 0;

	cap = db_col_int(st, UC_CAPACITY);
	conf = db_col_int(st, UC_CONFIRMED);
	if (when_range(range, sizeof(range),
	    (time_t)db_col_int(st, UC_START),
	    (time_t)db_col_int(st, UC_END)) == NULL)
		return -1;
	snprintf(nconf, sizeof(nconf), "%lld", conf);
	snprintf(ncap, sizeof(ncap), "%lld", cap);
	values[0] = nconf;
	values[1] = ncap;
	if (i18n_fill(booked, sizeof(booked), _("{confirmed} of {capacity} "
	    "booked"), names, values, 2) < 0)
		booked[0] = '\0';
	rc |= view_set_int(r, "session_id", db_col_int(st,
	    UC_SESSION));
	rc |= view_set_int(r, "run_id", db_col_int(st, UC_RUN));
	rc |= view_set(r, "course", db_col_text(st, UC_COURSE));
	rc |= view_set(r, "time_range", range);
	rc |= view_set(r, "venue", db_col_text(st, UC_VENUE));
	rc |= view_set_int(r, "capacity", cap);
	rc |= view_set_int(r, "confirmed", conf);
	rc |= view_set_int(r, "waitlisted", db_col_int(st,
	    UC_WAITLISTED));
	rc |= view_set_bool(r, "full", conf >= cap);
	rc |= view_set_bool(r, "draft",
	    strcmp(db_col_text(st, UC_STATUS), "draft") == 0);
	rc |= view_set(r, "booked_text", booked);
	return rc;
}

static int
fill_upcoming(struct db *db, time_t today, time_t now, struct view *v)
{
	struct view	*day = NULL, *r;
	struct db_stmt	*st;
	char		 ymd[WHEN_BUF], last[WHEN_BUF] = "", date[WHEN_BUF];
	char		 tymd[WHEN_BUF];
	time_t		 t;
	long long	 n = 0;
	int		 rc;

	if ((st = db_stmt(db, STMT_REPORT_UPCOMING)) == NULL)
		return -1;
	if (when_ymd(tymd, sizeof(tymd), now) == NULL ||
	    bind_range(st, today, day_add(today, REPORT_AHEAD_DAYS), 0) ==
	    -1 || view_loop(v, "days") == -1)
		goto fail;
	while ((rc = db_step(st)) == DB_ROW) {
		t = (time_t)db_col_int(st, UC_START);
		if (when_ymd(ymd, sizeof(ymd), t) == NULL)
			goto fail;
		if (day == NULL || strcmp(ymd, last) != 0) {
			if (when_date(date, sizeof(date), t) == NULL ||
			    (day = view_row(v, "days")) == NULL ||
			    view_set(day, "date", date) == -1 ||
			    view_set(day, "ymd", ymd) == -1 ||
			    view_set_bool(day, "is_today",
			    strcmp(ymd, tymd) == 0) == -1 ||
			    view_loop(day, "sessions") == -1)
				goto fail;
			memcpy(last, ymd, sizeof(last));
		}
		if ((r = view_row(day, "sessions")) == NULL ||
		    upcoming_row(r, st) == -1)
			goto fail;
		n++;
	}
	if (rc != DB_DONE)
		goto fail;
	db_reset(st);
	if (view_set_int(v, "sessions_ahead", n) == -1 ||
	    view_set_bool(v, "has_days", n > 0) == -1)
		return -1;
	return 0;
fail:
	db_reset(st);
	return -1;
}

static int
fill_absences(struct db *db, time_t today, time_t now, struct view *v)
{
	struct view	*r;
	struct db_stmt	*st;
	char		 range[WHEN_BUF];
	int		 rc, any = 0, consented, e;

	if ((st = db_stmt(db, STMT_REPORT_ABSENCES)) == NULL)
		return -1;
	if (bind_range(st, today, day_add(today, 1), now) == -1 ||
	    view_loop(v, "absences") == -1)
		goto fail;
	while ((rc = db_step(st)) == DB_ROW) {
		consented = (int)db_col_int(st, AB_CONSENTED) != 0;
		if (when_range(range, sizeof(range),
		    (time_t)db_col_int(st, AB_START),
		    (time_t)db_col_int(st, AB_END)) == NULL ||
		    (r = view_row(v, "absences")) == NULL)
			goto fail;
		e = 0;
		e |= view_set_int(r, "learner_id", db_col_int(st,
		    AB_LEARNER));
		e |= view_set(r, "name", db_col_text(st, AB_NAME));
		e |= view_set(r, "course", db_col_text(st, AB_COURSE));
		e |= view_set_int(r, "run_id", db_col_int(st,
		    AB_RUN));
		e |= view_set(r, "time_range", range);
		e |= view_set_bool(r, "marked",
		    strcmp(db_col_text(st, AB_STATUS), "absent") == 0);
		e |= view_set_bool(r, "consented", consented);
		e |= view_set(r, "email", consented ?
		    db_col_text(st, AB_EMAIL) : "");
		e |= view_set(r, "phone", consented ?
		    db_col_text(st, AB_PHONE) : "");
		if (e != 0)
			goto fail;
		any = 1;
	}
	if (rc != DB_DONE)
		goto fail;
	db_reset(st);
	return view_set_bool(v, "has_absences", any);
fail:
	db_reset(st);
	return -1;
}

int
report_dashboard(struct db *db, time_t now, struct view *v)
{
	char	 date[WHEN_BUF];
	time_t	 today = report_day_start(now);

	if (when_date(date, sizeof(date), now) == NULL ||
	    view_set(v, "today", date) == -1 ||
	    fill_upcoming(db, today, now, v) == -1 ||
	    fill_absences(db, today, now, v) == -1)
		return -1;
	return 0;
}
