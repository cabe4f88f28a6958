/*
 * catalogue.h: what learners see of the prospectus (read-only).
 *
 * Two queries fill a struct view (kit/view.h) that renders as a page or
 * as JSON; the variable names below are an interface: the templates,
 * the JSON API and the HTTP tests rely on them. Nothing here knows HTTP.
 *
 * The statements are the STMT_CATALOGUE_* entries of college/stmts.h,
 * prepared once per connection by db_stmt(); open the database with
 * college_open() (or db_open() with college_stmts) before calling.
 * Times are formatted in the process's zone: call when_set_zone() first
 * (college_open() does).
 *
 * Which runs are shown. A run's sessions are its scheduled ones (all of
 * them, if the run is cancelled). A run is upcoming if one of its
 * sessions ends after now; its "first session" is the earliest of its
 * sessions (past ones included, so a course in its third week shows the
 * date it began). A run is online if every session is at an online
 * venue. A run is bookable if it is published and its first session has
 * not started; a full bookable run still takes bookings, on the waiting
 * list.
 *
 * Run variables (each row of a `runs` loop, on both pages):
 *   id			integer, the run (for /book/{id})
 *   capacity		integer
 *   confirmed		integer, confirmed bookings
 *   waitlisted		integer, bookings on the waiting list
 *   seats_left		integer, capacity - confirmed, never below 0
 *   full		bool, seats_left == 0
 *   places_text	"3 places left", "1 place left",
 *			"Full: join the waiting list"; "Booking closed"
 *			once the run has started, "Cancelled" if it is
 *   first_date		"Tuesday 3 December 2026" (first session)
 *   short_date		"Tue 3 Dec" (first session)
 *   time_range		"10:00 to 12:00" (first session)
 *   start		ISO 8601 start of the first session, with offset
 *   end		ISO 8601 end of the first session, with offset
 *   sessions_count	integer, number of sessions
 *   sessions_text	"1 session", "6 sessions"
 *   mode		"online" or "in person"
 *   online		bool
 *   venue		venue name of the first session
 *   facilitators_text	"Co-delivered by a peer trainer and a clinical
 *			trainer", "Delivered by peer trainers",
 *			"Facilitators to be confirmed", ...
 *   bookable		bool (see above)
 *   cancelled		bool
 *
 * catalogue_list() sets:
 *   courses		loop, one row per course with runs on this page,
 *			in the order of each course's earliest run here:
 *     slug, title, summary
 *     topic		topic name, "" if none
 *     topic_slug	topic slug, "" if none
 *     runs		loop of run variables, by first session start
 *   total_runs		integer, runs matching the filter (all pages)
 *   total_text		"1 course date", "34 course dates"
 *   paged		bool, pages > 1
 *   page, pages	integers; page is clamped to 1..pages, pages >= 1
 *   has_prev, has_next	bool
 *   prev_page		integer, page - 1 (meaningful when has_prev)
 *   next_page		integer, page + 1 (meaningful when has_next)
 *   empty		bool, no run matches the filter
 *   filtered		bool, some filter (q, topic, mode, from, to) is set
 *   topics		loop over topics that have published courses, by
 *			name, for the filter form: slug, name, selected (bool)
 *   modes		loop for the filter form: value ("in-person",
 *			"online"), label ("In person", "Online"),
 *			selected (bool)
 *
 * catalogue_course() sets:
 *   slug, title, summary, description
 *   topic, topic_slug	as above
 *   facilitators	loop over the staff on the course's upcoming
 *			published runs, peer trainers first: name,
 *			role_text ("Peer trainer", "Clinical trainer",
 *			"Facilitator")
 *   runs		loop of run variables (upcoming runs, published or
 *			cancelled, at most CATALOGUE_COURSE_RUNS_MAX), each
 *			also with
 *     sessions		loop, every session of the run in order:
 *       id		integer
 *       start, end	ISO 8601 with offset
 *       date		"Tuesday 3 December 2026"
 *       short_date	"Tue 3 Dec"
 *       time_range	"10:00 to 12:00"
 *       venue, address, access	venue name, address, access notes
 *       online		bool
 *       past		bool, the session has ended
 *       cancelled	bool, the session or its run is cancelled
 *   has_runs		bool, the runs loop has rows
 */
#ifndef COLLEGE_CATALOGUE_H
#define COLLEGE_CATALOGUE_H

#include <stddef.h>
#include <time.h>

struct db;
struct view;

/* Runs per page of the list. */
#define CATALOGUE_PAGE_SIZE		20
/* Longest search text: in characters (the search form's limit), and
 * in bytes, which those characters never pass in UTF-8. */
#define CATALOGUE_Q_CHARS		100
#define CATALOGUE_Q_MAX			(CATALOGUE_Q_CHARS * 4)
/* Longest course slug looked up. */
#define CATALOGUE_SLUG_MAX		100
/* Most runs listed on one course page. */
#define CATALOGUE_COURSE_RUNS_MAX	50
/* Longest a session may last and still count as upcoming while it runs:
 * lets the list start from the session_start index. */
#define CATALOGUE_SESSION_SPAN_MAX	(7 * 24 * 60 * 60)

/*
 * Filter for catalogue_list(). NULL or "" strings and 0 times mean "no
 * filter". q is words: each must match a course's title, summary or
 * description (full-text search, course_fts: stemmed, without case or
 * accents, a long word also by its first letters), and the best matches
 * come first. Anything but letters and digits only separates words. topic is a topic
 * slug; mode is "in-person" or "online" (any other value matches
 * nothing, as an unknown topic does). from <= first session start < to.
 * page counts from 1; out-of-range pages are clamped.
 */
struct catalogue_filter {
	const char	*q;
	const char	*topic;
	const char	*mode;
	time_t		 from, to;
	int		 page;
};

/*
 * Fill v with one page of upcoming published runs of published courses
 * matching f (NULL: no filter), grouped by course. Strings are copied
 * into the view's arena. Returns 0, or -1 on a database error, out of
 * memory, or q longer than CATALOGUE_Q_MAX.
 */
int	catalogue_list(struct db *, const struct catalogue_filter *f,
	    time_t now, struct view *v);

/*
 * Fill v with the published course slug and its upcoming runs. Returns 0,
 * 1 if there is no such published course (unknown, draft, NULL or
 * over-long slug), or -1 on error. v may be partly filled on -1.
 */
int	catalogue_course(struct db *, const char *slug, time_t now,
	    struct view *v);

/*
 * Make the course search index (course_fts) again from the course
 * table. SQLite cannot keep it in step by triggers here: with
 * trusted_schema=OFF (kit/db.h) a trigger may not write to an FTS5
 * table, which SQLite does not mark innocuous. So whatever changes a
 * course's title, summary or description calls this in the same
 * transaction (course.c; the demo and migration 011 rebuild it
 * themselves). A college has a few hundred courses: a rebuild takes
 * about a millisecond. Returns 0 or -1.
 */
int	catalogue_reindex(struct db *);

/*
 * The facilitators_text for a run with this many peer, clinical and
 * other facilitators, written into buf of len bytes (80 is enough).
 * Returns buf, or NULL if it did not fit. Exposed for tests.
 */
char	*catalogue_facilitators_text(char *buf, size_t len, int peer,
	    int clinical, int other);

#endif
