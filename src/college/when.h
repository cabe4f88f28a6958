/*
 * when.h: the college's time zone, and dates and times as people read
 * them.
 *
 * Times are stored as UTC epoch seconds and shown in the college's zone
 * (setting 'timezone', an IANA name such as "Europe/London").
 * when_set_zone() makes that zone the process's local time (TZ), so it
 * is process-wide: call it once at start-up, before any formatting.
 * Every function below converts with localtime_r()/mktime() and so
 * follows the zone's daylight-saving rules for the instant given.
 *
 * Output is in the language in use (kit/i18n.h: i18n_use()), never the
 * C locale's: the names of days and months and the order of a date's
 * parts come from the catalogue, English where it has none; numbers
 * and the 24-hour clock are the same in every language. Two outputs
 * are not words for a reader and so the same everywhere: when_iso()
 * and when_ymd(). when_span()'s sentence about a skipped time is in
 * the language in use too.
 *
 * Ownership: the formatters write into the caller's buffer (WHEN_BUF
 * bytes is always enough) and return it, or return NULL, leaving an
 * empty string where there is room for one, when the buffer is too
 * small or the time cannot be converted.
 */
#ifndef COLLEGE_WHEN_H
#define COLLEGE_WHEN_H

#include <stddef.h>
#include <time.h>

#include "kit/outcome.h"

/* Where the zone files live (tzdata). */
#define WHEN_ZONEINFO	"/usr/share/zoneinfo"
/* Longest zone name accepted ("America/Argentina/ComodRivadavia" is 32). */
#define WHEN_ZONE_MAX	64
/* A buffer this size holds any output of the formatters below. */
#define WHEN_BUF	64

/*
 * Make tz the local zone: tz must be 1..WHEN_ZONE_MAX characters of
 * [A-Za-z0-9_/+-], not start with '/' or '-', hold no "..", and name a
 * regular file under WHEN_ZONEINFO. Sets TZ and calls tzset().
 * Returns 0, or -1 (zone unchanged) if tz is refused.
 */
int		 when_set_zone(const char *tz);
/* Whether when_set_zone() would take tz (the same checks), without
 * changing the process's zone. 1 or 0. */
int		 when_zone_known(const char *tz);
/* The zone last set by when_set_zone(), or "" if none was. Static storage. */
const char	*when_zone(void);

/* "Tuesday 3 December 2026" */
char		*when_date(char *buf, size_t len, time_t);
/* "Tue 3 Dec" */
char		*when_short_date(char *buf, size_t len, time_t);
/* "10:00" (24-hour clock) */
char		*when_time(char *buf, size_t len, time_t);
/* "10:00 to 12:00" */
char		*when_range(char *buf, size_t len, time_t start, time_t end);
/* ISO 8601 with the local offset: "2026-12-03T10:00:00+00:00" */
char		*when_iso(char *buf, size_t len, time_t);
/* "2026-12-03", the local calendar date (for date inputs). */
char		*when_ymd(char *buf, size_t len, time_t);

/*
 * Parse exactly "YYYY-MM-DD" (a real calendar date, year 1970..9999)
 * and store the epoch of that day's local midnight in *t (mktime(3)
 * with tm_isdst = -1 decides where a zone skips midnight).
 * Returns 0, or -1 with *t untouched.
 */
int		 when_parse_date(const char *s, time_t *t);

/*
 * The instants at which the college's clocks show hm ("HH:MM") on ymd
 * ("YYYY-MM-DD"), earliest first, into t: 0 when the clocks go forward
 * past it (01:30 on the spring day in London), 2 when they go back
 * through it (01:30 on the autumn day), else 1. -1 if ymd or hm is not
 * a date or a time.
 */
int		 when_local_times(const char *ymd, const char *hm, time_t t[2]);

enum when_span_result {
	WHEN_SPAN_OK = OUTCOME_OK,	/* *start and *end set */
	WHEN_SPAN_BAD = OUTCOME__SHARED, /* not a date, or not times */
	WHEN_SPAN_START_SKIPPED,	/* the clocks skip the start: why says */
	WHEN_SPAN_END_SKIPPED,	/* the clocks skip the end: why says */
	WHEN_SPAN_ORDER		/* the end is not after the start */
};

/*
 * A session on ymd from start_hm to end_hm as the clocks on the wall
 * show them, into *start and *end. A time the clocks skip (they go
 * forward) is refused, with a sentence in why (whylen bytes; WHEN_BUF * 2
 * is enough) such as "01:30 does not exist on 29 March 2026 because the
 * clocks go forward; choose a time from 02:00". A time that happens
 * twice (the clocks go back) is read so that the session lasts as long
 * as the clocks on the wall say (01:30 to 02:30 is one hour: from 01:30
 * after the clocks went back); when both readings give that, the first
 * (before the clocks go back) is taken.
 */
enum when_span_result when_span(const char *ymd, const char *start_hm,
		    const char *end_hm, time_t *start, time_t *end, char *why,
		    size_t whylen);

#endif
