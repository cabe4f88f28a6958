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
 * Output is English and independent of the C locale.
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

#endif
