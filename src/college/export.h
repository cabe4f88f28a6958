/*
 * export.h: attendance for the college's own records and anonymous
 * figures for commissioners, as CSV or as a workbook (.xlsx).
 *
 * Both exports step one prepared statement row by row and write each
 * row through the kit's CSV writer (kit/csv.h: RFC 4180, UTF-8, CRLF,
 * formula injection neutralised) to any struct sink: a FastCGI stream,
 * a FILE, a buf in tests. No row is kept after it is written, so memory
 * stays flat whatever the number of rows (SQLite sorts at most one
 * session's bookings at a time: see stmts.c).
 *
 * Which sessions. A session is in range when it is scheduled (not
 * cancelled), its run is not cancelled, and from <= start < to. Times
 * are shown in the process's zone (college_open() sets it).
 *
 * The attendance export has one row per session in range and booking
 * of its run that is confirmed, or that has an attendance record for
 * that session whatever its status now (checked in, then cancelled):
 * so every check-in in range is in the export. Columns, in order:
 *   session_date	YYYY-MM-DD, local
 *   session_start	HH:MM, local
 *   session_end	HH:MM, local
 *   course		the course's title
 *   run		the run's id
 *   venue		the venue's name
 *   learner_name	"Erased learner" once erased
 *   learner_email	"" once erased
 *   booking_status	confirmed, waitlisted or cancelled
 *   attendance		present, late, absent, excused; "" if not recorded
 *   checked_in_at	ISO 8601 with offset; "" if not recorded
 *   checked_in_by	the staff member's name; "" if none
 *   method		qr, tap or code; "" if not recorded
 * Rows are ordered by session start, session, learner name, booking.
 *
 * The summary export has one row per published run with a session in
 * range, and nothing about any person:
 *   course, run		title and id
 *   first_session_date	YYYY-MM-DD of its first session in range
 *   sessions		its sessions in range
 *   places		its capacity
 *   confirmed		confirmed bookings now
 *   waitlisted		bookings on its waiting list now
 *   sessions_held	of its sessions in range, those started by now
 *   attendances	present or late records of confirmed bookings at
 *			those held sessions
 *   mean_attendance_rate_pct	attendances / (confirmed * sessions_held)
 *			as a percentage with one decimal ("85.7");
 *			"" when nothing was held or no one is confirmed
 *   co_delivered	"yes" when the run has a peer trainer and a
 *			clinical trainer or other facilitator, else "no"
 */
#ifndef COLLEGE_EXPORT_H
#define COLLEGE_EXPORT_H

#include <stddef.h>
#include <time.h>

#include "kit/outcome.h"

struct db;
struct sink;

#define EXPORT_ATTENDANCE_HEADER \
	"session_date,session_start,session_end,course,run,venue," \
	"learner_name,learner_email,booking_status,attendance," \
	"checked_in_at,checked_in_by,method"
#define EXPORT_SUMMARY_HEADER \
	"course,run,first_session_date,sessions,places,confirmed," \
	"waitlisted,sessions_held,attendances,mean_attendance_rate_pct," \
	"co_delivered"
/* Longest course slug accepted as a filter. */
#define EXPORT_SLUG_MAX		100
/* A buffer this size holds any export_filename(). */
#define EXPORT_FILENAME_MAX	200

/*
 * What to export. from and to are epoch seconds, [from, to); 0 means
 * no bound. course is a course slug, NULL or "" for any; run a run id,
 * 0 for any.
 */
struct export_filter {
	time_t		 from, to;
	const char	*course;
	long long	 run;
};

/*
 * Write the attendance CSV, header line first, to sink; *rows (may be
 * NULL) gets the number of data rows written. Returns 0, or -1 on a
 * database error or when the sink fails (the output is then cut short:
 * a streamed response cannot take it back).
 */
int	export_attendance(struct db *, const struct export_filter *,
	    const struct sink *, size_t *rows);

/*
 * Write the summary CSV, header line first, to sink; sessions held are
 * those started by now. *rows as above. 0 or -1.
 */
int	export_summary(struct db *, const struct export_filter *, time_t now,
	    const struct sink *, size_t *rows);

/*
 * Write the attendance or summary export (kind "attendance" or
 * "summary") with the same columns and rows as the CSV as a workbook
 * (.xlsx, Office Open XML) to the file at path, created or replaced,
 * with libxlsxwriter in constant-memory mode: memory stays flat, its
 * temporary files go to the system's temporary directory. The header
 * is the first row; run ids and counts are numbers, the rest text (never
 * formulas). *rows as above. 0, or -1 (the file may then be partial:
 * the caller removes it).
 */
int	export_xlsx(struct db *, const char *kind,
	    const struct export_filter *, time_t now, const char *path,
	    size_t *rows);

/* What export_filter_check() finds wrong with a filter: a mistake in
 * the form, not a page that is not there, so after the shared
 * outcomes (kit/outcome.h). */
#define EXPORT_NO_COURSE	OUTCOME__SHARED	/* no course has that slug */
#define EXPORT_NO_RUN		(OUTCOME__SHARED + 1) /* no run has that id */

/*
 * Whether the course and run a filter names exist, so that a mistyped
 * filter is answered with a message rather than an empty file: 0,
 * EXPORT_NO_COURSE, EXPORT_NO_RUN, or -1 on a database error.
 */
int	export_filter_check(struct db *, const struct export_filter *);

/*
 * A download name for an export of kind ("attendance", "summary") with
 * filter f, made only of [a-z0-9-] and ending ".csv", e.g.
 * "attendance-2026-03-01-to-2026-03-31-anxiety-run-12.csv", written to
 * buf (EXPORT_FILENAME_MAX bytes is enough). Anything else in the slug
 * is left out; dates are local. Returns buf, or NULL if len is too
 * small.
 */
char	*export_filename(char *buf, size_t len, const char *kind,
	    const struct export_filter *f);

/*
 * A one-line description of f for the audit log ("from 2026-03-01 to
 * 2026-03-31 course anxiety run 12", "all"), in buf. Returns buf, or
 * NULL if it did not fit.
 */
char	*export_describe(char *buf, size_t len, const struct export_filter *f);

#endif
