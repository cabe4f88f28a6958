/*
 * when.c: the college's zone (TZ) and dates and times in the reader's
 * language.
 *
 * Names of days and months come from tables here rather than from
 * strftime(3) so that the output does not depend on the C locale: the
 * English names, translated by the catalogue (contexts "weekday",
 * "month", "weekday-short", "month-short"), as are the orders of the
 * parts ("{weekday} {day} {month} {year}"), so nothing needs
 * locale-gen.
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kit/i18n.h"
#include "when.h"

static const char *const days[7] = {
	NC_("weekday", "Sunday"), NC_("weekday", "Monday"),
	NC_("weekday", "Tuesday"), NC_("weekday", "Wednesday"),
	NC_("weekday", "Thursday"), NC_("weekday", "Friday"),
	NC_("weekday", "Saturday"),
};
static const char *const months[12] = {
	NC_("month", "January"), NC_("month", "February"),
	NC_("month", "March"), NC_("month", "April"), NC_("month", "May"),
	NC_("month", "June"), NC_("month", "July"), NC_("month", "August"),
	NC_("month", "September"), NC_("month", "October"),
	NC_("month", "November"), NC_("month", "December"),
};
static const char *const sdays[7] = {
	NC_("weekday-short", "Sun"), NC_("weekday-short", "Mon"),
	NC_("weekday-short", "Tue"), NC_("weekday-short", "Wed"),
	NC_("weekday-short", "Thu"), NC_("weekday-short", "Fri"),
	NC_("weekday-short", "Sat"),
};
static const char *const smonths[12] = {
	NC_("month-short", "Jan"), NC_("month-short", "Feb"),
	NC_("month-short", "Mar"), NC_("month-short", "Apr"),
	NC_("month-short", "May"), NC_("month-short", "Jun"),
	NC_("month-short", "Jul"), NC_("month-short", "Aug"),
	NC_("month-short", "Sep"), NC_("month-short", "Oct"),
	NC_("month-short", "Nov"), NC_("month-short", "Dec"),
};

#define PARTS_MAX	4	/* {name}s a date's pattern may hold */

/* The zone set last; kept for when_zone(). */
static char	zone[WHEN_ZONE_MAX + 1];

/* Whether tz looks like an IANA zone name and cannot leave WHEN_ZONEINFO. */
static int
zone_name_valid(const char *tz)
{
	size_t	 n;
	char	 c;

	if (tz == NULL || tz[0] == '\0' || tz[0] == '/' || tz[0] == '-')
		return 0;
	for (n = 0; (c = tz[n]) != '\0'; n++) {
		if (n >= WHEN_ZONE_MAX)
			return 0;
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '_' || c == '/' ||
		    c == '+' || c == '-'))
			return 0;
	}
	return strstr(tz, "..") == NULL;
}

int
when_zone_known(const char *tz)
{
	char		 path[sizeof(WHEN_ZONEINFO) + 1 + WHEN_ZONE_MAX + 1];
	char		 magic[4];
	struct stat	 st;
	ssize_t		 got;
	int		 n, fd;

	if (!zone_name_valid(tz))
		return 0;
	n = snprintf(path, sizeof(path), "%s/%s", WHEN_ZONEINFO, tz);
	if (n < 0 || (size_t)n >= sizeof(path))
		return 0;
	if (stat(path, &st) == -1 || !S_ISREG(st.st_mode))
		return 0;
	/* A zone file, not one of the database's other files (tzfile(5)). */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return 0;
	got = read(fd, magic, sizeof(magic));
	close(fd);
	return got == (ssize_t)sizeof(magic) && memcmp(magic, "TZif", 4) == 0;
}

int
when_set_zone(const char *tz)
{
	if (!when_zone_known(tz))
		return -1;
	if (setenv("TZ", tz, 1) == -1)
		return -1;
	tzset();
	/* Fits: zone_name_valid() capped the length at WHEN_ZONE_MAX. */
	memcpy(zone, tz, strlen(tz) + 1);
	return 0;
}

const char *
when_zone(void)
{
	return zone;
}

/*
 * Finish a formatter: n is what snprintf() returned for buf of len
 * bytes. Returns buf, or NULL (with buf emptied) if it was cut short.
 */
static char *
done(char *buf, size_t len, int n)
{
	if (n < 0 || (size_t)n >= len) {
		if (len > 0)
			buf[0] = '\0';
		return NULL;
	}
	return buf;
}

/* Local broken-down time of t, or -1 (buf emptied) if t cannot be shown. */
static int
local(time_t t, struct tm *tm, char *buf, size_t len)
{
	if (localtime_r(&t, tm) == NULL || tm->tm_wday < 0 ||
	    tm->tm_wday > 6 || tm->tm_mon < 0 || tm->tm_mon > 11) {
		if (buf != NULL && len > 0)
			buf[0] = '\0';
		return -1;
	}
	return 0;
}

char *
when_date(char *buf, size_t len, time_t t)
{
	struct tm	 tm;
	static const char *const names[PARTS_MAX] = {
		"weekday", "day", "month", "year"
	};
	const char	*values[PARTS_MAX];
	char		 day[16], year[16];

	if (local(t, &tm, buf, len) == -1)
		return NULL;
	snprintf(day, sizeof(day), "%d", tm.tm_mday);
	snprintf(year, sizeof(year), "%d", tm.tm_year + 1900);
	values[0] = i18n_text("weekday", days[tm.tm_wday]);
	values[1] = day;
	values[2] = i18n_text("month", months[tm.tm_mon]);
	values[3] = year;
	/* TRANSLATORS: a date in full: "Tuesday 3 December 2026". Keep the
	 * names in braces; order them and add words as your language
	 * writes a date. */
	return done(buf, len, i18n_fill(buf, len,
	    _("{weekday} {day} {month} {year}"), names, values, PARTS_MAX));
}

char *
when_short_date(char *buf, size_t len, time_t t)
{
	struct tm	 tm;
	static const char *const names[3] = { "weekday", "day", "month" };
	const char	*values[3];
	char		 day[16];

	if (local(t, &tm, buf, len) == -1)
		return NULL;
	snprintf(day, sizeof(day), "%d", tm.tm_mday);
	values[0] = i18n_text("weekday-short", sdays[tm.tm_wday]);
	values[1] = day;
	values[2] = i18n_text("month-short", smonths[tm.tm_mon]);
	/* TRANSLATORS: a short date: "Tue 3 Dec". */
	return done(buf, len, i18n_fill(buf, len, _("{weekday} {day} {month}"),
	    names, values, 3));
}

char *
when_time(char *buf, size_t len, time_t t)
{
	struct tm	 tm;

	if (local(t, &tm, buf, len) == -1)
		return NULL;
	return done(buf, len, snprintf(buf, len, "%02d:%02d",
	    tm.tm_hour, tm.tm_min));
}

char *
when_range(char *buf, size_t len, time_t start, time_t end)
{
	struct tm	 a, b;

	if (local(start, &a, buf, len) == -1 || local(end, &b, buf, len) == -1)
		return NULL;
	static const char *const names[2] = { "start", "end" };
	const char	*values[2];
	char		 s[8], e[8];

	snprintf(s, sizeof(s), "%02d:%02d", a.tm_hour % 100, a.tm_min % 100);
	snprintf(e, sizeof(e), "%02d:%02d", b.tm_hour % 100, b.tm_min % 100);
	values[0] = s;
	values[1] = e;
	/* TRANSLATORS: a session's times: "10:00 to 12:00". */
	return done(buf, len, i18n_fill(buf, len, _("{start} to {end}"), names,
	    values, 2));
}

char *
when_iso(char *buf, size_t len, time_t t)
{
	struct tm	 tm;
	long		 off;
	char		 sign = '+';

	if (local(t, &tm, buf, len) == -1)
		return NULL;
	/* tm_gmtoff: seconds east of UTC, a BSD and glibc field. */
	off = tm.tm_gmtoff;
	if (off < 0) {
		sign = '-';
		off = -off;
	}
	return done(buf, len, snprintf(buf, len,
	    "%04d-%02d-%02dT%02d:%02d:%02d%c%02ld:%02ld",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, sign, off / 3600, off % 3600 / 60));
}

char *
when_ymd(char *buf, size_t len, time_t t)
{
	struct tm	 tm;

	if (local(t, &tm, buf, len) == -1)
		return NULL;
	return done(buf, len, snprintf(buf, len, "%04d-%02d-%02d",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday));
}

/* The number in n ASCII digits at s, or -1 if one is not a digit. */
static int
digits(const char *s, size_t n)
{
	int	 v = 0;
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int
month_days(int year, int month)
{
	static const int	 mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
	};
	int			 leap;

	leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	return mdays[month - 1] + (month == 2 && leap);
}

int
when_parse_date(const char *s, time_t *t)
{
	struct tm	 tm;
	time_t		 v;
	int		 y, m, d;

	if (s == NULL || t == NULL || strlen(s) != 10 ||
	    s[4] != '-' || s[7] != '-')
		return -1;
	if ((y = digits(s, 4)) < 1970 || (m = digits(s + 5, 2)) < 1 ||
	    m > 12 || (d = digits(s + 8, 2)) < 1 || d > month_days(y, m))
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_isdst = -1;	/* let the zone's rules say */
	if ((v = mktime(&tm)) == (time_t)-1)
		return -1;
	*t = v;
	return 0;
}

/* Parse exactly "HH:MM" (00:00 to 23:59) into minutes. -1 if not. */
static int
parse_hm(const char *s)
{
	if (s == NULL || strlen(s) != 5 || s[2] != ':' ||
	    s[0] < '0' || s[0] > '2' || s[1] < '0' || s[1] > '9' ||
	    s[3] < '0' || s[3] > '5' || s[4] < '0' || s[4] > '9')
		return -1;
	if ((s[0] - '0') * 10 + (s[1] - '0') > 23)
		return -1;
	return ((s[0] - '0') * 10 + (s[1] - '0')) * 60 +
	    (s[3] - '0') * 10 + (s[4] - '0');
}

/*
 * The instants at which the clocks show minute mins (from midnight) of
 * the day whose local midnight-ish broken-down time is day: each guess
 * (standard time, summer time) is kept only if the clocks really show
 * that day and minute at it. 0, 1 or 2 into t, earliest first.
 */
static int
instants(const struct tm *day, int mins, time_t t[2])
{
	struct tm	 tm, back;
	time_t		 x;
	int		 isdst, n = 0;

	for (isdst = 0; isdst <= 1; isdst++) {
		tm = *day;
		tm.tm_hour = mins / 60;
		tm.tm_min = mins % 60;
		tm.tm_sec = 0;
		tm.tm_isdst = isdst;
		if ((x = mktime(&tm)) == (time_t)-1 ||
		    localtime_r(&x, &back) == NULL)
			continue;
		if (back.tm_year != day->tm_year || back.tm_mon != day->tm_mon ||
		    back.tm_mday != day->tm_mday ||
		    back.tm_hour != mins / 60 || back.tm_min != mins % 60)
			continue;
		if (n == 1 && t[0] == x)
			continue;
		t[n++] = x;
	}
	if (n == 2 && t[1] < t[0]) {
		x = t[0];
		t[0] = t[1];
		t[1] = x;
	}
	return n;
}

/* The day's broken-down time from "YYYY-MM-DD". 0 or -1. */
static int
day_of(const char *ymd, struct tm *day)
{
	time_t	 t;

	if (when_parse_date(ymd, &t) == -1 || localtime_r(&t, day) == NULL)
		return -1;
	return 0;
}

int
when_local_times(const char *ymd, const char *hm, time_t t[2])
{
	struct tm	 day;
	int		 mins;

	if ((mins = parse_hm(hm)) == -1 || day_of(ymd, &day) == -1)
		return -1;
	return instants(&day, mins, t);
}

/* The sentence for a time the clocks skip, into why, in the language
 * in use. */
static void
skipped(char *why, size_t len, const struct tm *day, const char *hm,
    int mins)
{
	static const char *const names[] = {
		"time", "day", "month", "year", "next"
	};
	const char	*values[5];
	time_t		 t[2];
	char		 d[16], y[16], nx[32];
	int		 next;

	/* The first minute after it that the clocks do show. */
	for (next = mins + 1; next < 24 * 60; next++)
		if (instants(day, next, t) > 0)
			break;
	if (next >= 24 * 60)
		next = mins;
	snprintf(d, sizeof(d), "%d", day->tm_mday);
	snprintf(y, sizeof(y), "%d", day->tm_year + 1900);
	snprintf(nx, sizeof(nx), "%02d:%02d", next / 60, next % 60);
	values[0] = hm;
	values[1] = d;
	values[2] = i18n_text("month", months[day->tm_mon]);
	values[3] = y;
	values[4] = nx;
	/* TRANSLATORS: a session's time that the clocks skip in spring.
	 * {day} {month} {year} is the date ("29 March 2026"); {next} the
	 * first time that day that does exist. */
	(void)done(why, len, i18n_fill(why, len, _("{time} does not exist on "
	    "{day} {month} {year} because the clocks go forward; choose a "
	    "time from {next}"), names, values, 5));
}

enum when_span_result
when_span(const char *ymd, const char *start_hm, const char *end_hm,
    time_t *start, time_t *end, char *why, size_t whylen)
{
	struct tm	 day;
	time_t		 s[2], e[2];
	long long	 wall, diff, best = -1;
	int		 a, b, ns, ne, i, j;

	if (why != NULL && whylen > 0)
		why[0] = '\0';
	if ((a = parse_hm(start_hm)) == -1 || (b = parse_hm(end_hm)) == -1 ||
	    day_of(ymd, &day) == -1)
		return WHEN_SPAN_BAD;
	if ((ns = instants(&day, a, s)) == 0) {
		skipped(why, whylen, &day, start_hm, a);
		return WHEN_SPAN_START_SKIPPED;
	}
	if ((ne = instants(&day, b, e)) == 0) {
		skipped(why, whylen, &day, end_hm, b);
		return WHEN_SPAN_END_SKIPPED;
	}
	/* As long as the clocks on the wall say; of equals, the first. */
	wall = (long long)(b - a) * 60;
	for (i = 0; i < ns; i++)
		for (j = 0; j < ne; j++) {
			if (e[j] <= s[i])
				continue;
			diff = (long long)(e[j] - s[i]) - wall;
			if (diff < 0)
				diff = -diff;
			if (best == -1 || diff < best) {
				best = diff;
				*start = s[i];
				*end = e[j];
			}
		}
	return best == -1 ? WHEN_SPAN_ORDER : WHEN_SPAN_OK;
}
