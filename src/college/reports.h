/*
 * reports.h: the administrators' figures: the dashboard (the coming
 * two weeks, today's absences) and the reports page (attendance by
 * course and by month, co-delivery, waiting-list demand), each table
 * with a bar chart drawn on the server as inline SVG (kit/chart.h).
 *
 * Definitions (the same as the summary export, export.h):
 * - A session counts when it is scheduled, its run is published and it
 *   starts in [from, to). It was held when it started by now.
 * - Expected at a held session: its run's confirmed bookings now.
 *   Attended: those of them recorded present or late at it. The
 *   attendance rate is attended / expected over the held sessions.
 * - A session is co-delivered when its run has a peer trainer and
 *   another facilitator (clinical trainer or other); the co-delivery
 *   rate is the share of sessions (held or not) that are.
 * - Waiting-list demand: per course, its published runs with a session
 *   in range, their places, confirmed and waitlisted bookings now.
 *
 * Rates are shown as "85.7%" (one decimal, half up) and "–" when
 * nothing was expected. Variables are written into a struct view and
 * are an interface (templates, JSON). Names starting with "_" hold
 * SVG markup for the templates (fmt="raw") and are left out of JSON.
 */
#ifndef COLLEGE_REPORTS_H
#define COLLEGE_REPORTS_H

#include <stddef.h>
#include <time.h>

struct db;
struct view;

/* How far ahead the dashboard looks. */
#define REPORT_AHEAD_DAYS	14
/*
 * Fill v for the reports page over sessions starting in [from, to),
 * held by now. Variables:
 *   by_course		loop: course, slug, sessions, held, expected,
 *			attended, rate_text, co_sessions
 *   by_month		loop: month ("2026-03"), month_text ("March
 *			2026"), sessions, held, expected, attended,
 *			rate_text, co_sessions, co_rate_text
 *   sessions_total, co_sessions_total	integers
 *   co_rate_text	over every session in range
 *   held_total, expected_total, attended_total, rate_text_total
 *   waitlist		loop: course, runs, places, confirmed, waitlisted,
 *			full_runs
 *   waitlisted_total	integer
 *   has_by_course, has_by_month, has_waitlist	bool
 *   _chart_course, _chart_month, _chart_co, _chart_waitlist	SVG
 * Returns 0 or -1.
 */
int	report_fill(struct db *, time_t from, time_t to, time_t now,
	    struct view *v);

/*
 * Fill v for the dashboard at now. Variables:
 *   days		loop over the days from today to REPORT_AHEAD_DAYS
 *			ahead that have sessions: date ("Tuesday 3
 *			December 2026"), ymd, is_today (bool), sessions loop:
 *			session_id, run_id, course, time_range, venue,
 *			capacity, confirmed, waitlisted, full (bool),
 *			draft (bool), booked_text ("12 of 16 booked")
 *   sessions_ahead	integer
 *   absences		loop: learner_id, name, course, run_id,
 *			time_range, marked (bool: recorded absent; else
 *			not checked in at a session that has ended),
 *			consented (bool), email, phone (both "" unless
 *			consented)
 *   has_days, has_absences	bool
 *   today		"Tuesday 3 December 2026"
 * Returns 0 or -1.
 */
int	report_dashboard(struct db *, time_t now, struct view *v);

/* The rate as "85.7%" (in the current language: "85,7 %" in Dutch), or
 * "–" when expected <= 0, in buf. Returns buf. */
char	*report_rate_text(char *buf, size_t len, long long attended,
	    long long expected);

/* The local midnight starting the day of t. */
time_t	report_day_start(time_t t);

#endif
