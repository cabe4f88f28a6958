/*
 * ical.c: iCalendar (RFC 5545) content lines, folded and escaped.
 *
 * Nothing a caller passes can start a new property: CR and LF in TEXT
 * become the two characters \n, other control characters become a
 * space, invalid UTF-8 becomes U+FFFD, and a URL with anything but
 * printable ASCII is refused. The only CRLF in the output are the ones
 * this file writes at line ends and folds.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "ical.h"
#include "utf8.h"

/* Longest physical line in octets, not counting CRLF (RFC 5545, 3.1). */
#define ICAL_FOLD	75
/* Bytes gathered before each write to the sink. */
#define ICAL_CHUNK	512
#define ICAL_PRODID	"-//tessera//recovery college//EN"

/* One content line being written: the output so far and the column. */
struct line {
	struct ical	*ic;
	size_t		 col;		/* octets on the current physical line */
	size_t		 len;		/* bytes waiting in buf */
	char		 buf[ICAL_CHUNK];
};

static void
flush(struct line *l)
{
	if (l->len > 0 && !l->ic->failed &&
	    sink_write(l->ic->sink, l->buf, l->len) == -1)
		l->ic->failed = 1;
	l->len = 0;
}

static void
raw(struct line *l, const char *p, size_t n)
{
	if (l->len + n > sizeof(l->buf))
		flush(l);
	memcpy(l->buf + l->len, p, n);
	l->len += n;
}

/*
 * Append one unit of n octets (n <= 4: a character or an escape pair)
 * that must stay on one physical line, folding first if it would not
 * fit. A fold is CRLF and one space, which the reader removes.
 */
static void
unit(struct line *l, const char *p, size_t n)
{
	if (l->col + n > ICAL_FOLD) {
		raw(l, "\r\n ", 3);
		l->col = 1;
	}
	raw(l, p, n);
	l->col += n;
}

/* A value escaped as TEXT (RFC 5545, 3.3.11). */
static void
text(struct line *l, const char *value)
{
	const unsigned char	*s = (const unsigned char *)value;
	size_t			 n = strlen(value), k;
	char			 esc[2] = { '\\', 0 };

	while (n > 0) {
		if (*s == '\\' || *s == ';' || *s == ',') {
			esc[1] = (char)*s;
			unit(l, esc, 2);
		} else if (*s == '\r' || *s == '\n') {
			/* CRLF, LF and a lone CR are each one newline. */
			if (*s == '\r' && n > 1 && s[1] == '\n') {
				s++;
				n--;
			}
			unit(l, "\\n", 2);
		} else if ((*s < 0x20 && *s != '\t') || *s == 0x7f)
			unit(l, " ", 1);
		else if (*s < 0x80)
			unit(l, (const char *)s, 1);
		else if ((k = utf8_char((const char *)s, n, NULL)) > 0) {
			unit(l, (const char *)s, k);
			s += k - 1;
			n -= k - 1;
		} else
			unit(l, "\xef\xbf\xbd", 3);
		s++;
		n--;
	}
}

/* A property name is an iana-token or x-name: ALPHA, DIGIT and "-". */
static int
name_valid(const char *name)
{
	if (name == NULL || name[0] == '\0')
		return 0;
	return name[strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789-")] == '\0';
}

/*
 * A URI value is not escaped (RFC 5545, 3.3.13), so it may hold only
 * printable ASCII: RFC 3986 has no space, control or raw non-ASCII.
 */
static int
uri_valid(const char *uri)
{
	const unsigned char	*s;

	for (s = (const unsigned char *)uri; *s != '\0'; s++)
		if (*s <= 0x20 || *s >= 0x7f)
			return 0;
	return 1;
}

/* A CAL-ADDRESS (3.3.3) as we write them: "mailto:" and an address
 * of printable ASCII. */
static int
mailto_valid(const char *s)
{
	return strncmp(s, "mailto:", 7) == 0 && s[7] != '\0' &&
	    strchr(s + 7, '@') != NULL && uri_valid(s);
}

static void
line_begin(struct line *l, struct ical *ic, const char *name)
{
	l->ic = ic;
	l->col = l->len = 0;
	for (; *name != '\0'; name++)
		unit(l, name, 1);
	unit(l, ":", 1);
}

static int
line_end(struct line *l)
{
	raw(l, "\r\n", 2);
	flush(l);
	return l->ic->failed ? -1 : 0;
}

int
ical_text_line(struct ical *ic, const char *name, const char *value)
{
	struct line	 l;

	if (ic->failed)
		return -1;
	if (!name_valid(name))
		return -1;
	line_begin(&l, ic, name);
	text(&l, value != NULL ? value : "");
	return line_end(&l);
}

/* A line whose value needs no escaping: fixed words, times, URIs. */
static int
plain_line(struct ical *ic, const char *name, const char *value)
{
	struct line	 l;

	if (ic->failed)
		return -1;
	line_begin(&l, ic, name);
	for (; *value != '\0'; value++)
		unit(&l, value, 1);
	return line_end(&l);
}

/* A UTC DATE-TIME "YYYYMMDDTHHMMSSZ" (RFC 5545, 3.3.5, form #2). */
static int
utc(time_t t, char *out, size_t outsz)
{
	struct tm	 tm;
	int		 n;

	if (gmtime_r(&t, &tm) == NULL)
		return -1;
	if (tm.tm_year < 0 - 1900 || tm.tm_year > 9999 - 1900)
		return -1;
	n = snprintf(out, outsz, "%04d%02d%02dT%02d%02d%02dZ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
	    tm.tm_hour, tm.tm_min, tm.tm_sec);
	return n > 0 && (size_t)n < outsz ? 0 : -1;
}

int
ical_begin(struct ical *ic, const struct sink *s, const char *calname,
    const char *tz)
{
	return ical_begin_method(ic, s, calname, tz, "PUBLISH");
}

int
ical_begin_method(struct ical *ic, const struct sink *s, const char *calname,
    const char *tz, const char *method)
{
	ic->sink = s;
	ic->failed = 0;
	if (method == NULL || (strcmp(method, "PUBLISH") != 0 &&
	    strcmp(method, "REQUEST") != 0 && strcmp(method, "CANCEL") != 0)) {
		ic->failed = 1;
		return -1;
	}
	plain_line(ic, "BEGIN", "VCALENDAR");
	plain_line(ic, "VERSION", "2.0");
	ical_text_line(ic, "PRODID", ICAL_PRODID);
	plain_line(ic, "CALSCALE", "GREGORIAN");
	plain_line(ic, "METHOD", method);
	if (calname != NULL)
		ical_text_line(ic, "X-WR-CALNAME", calname);
	if (tz != NULL)
		ical_text_line(ic, "X-WR-TIMEZONE", tz);
	return ic->failed ? -1 : 0;
}

/*
 * An event is checked whole before anything is written, so a refused
 * event (no UID or SUMMARY, DTEND not after DTSTART, a time that does
 * not fit the format, a URL that is not plain printable ASCII) returns
 * -1 and leaves the calendar as it was. An empty LOCATION, DESCRIPTION
 * or URL is left out like a NULL one.
 */
int
ical_event(struct ical *ic, const struct ical_event *ev)
{
	char	 start[20], end[20], stamp[20], seq[24];
	int	 has_url;

	if (ic->failed)
		return -1;
	if (ev->uid == NULL || ev->uid[0] == '\0' || ev->summary == NULL)
		return -1;
	if (ev->end <= ev->start)
		return -1;	/* DTEND "MUST be later" (3.6.1) */
	if (utc(ev->start, start, sizeof(start)) == -1 ||
	    utc(ev->end, end, sizeof(end)) == -1 ||
	    utc(ev->stamp, stamp, sizeof(stamp)) == -1)
		return -1;
	has_url = ev->url != NULL && ev->url[0] != '\0';
	if (has_url && !uri_valid(ev->url))
		return -1;
	if ((ev->organizer != NULL && !mailto_valid(ev->organizer)) ||
	    (ev->attendee != NULL && !mailto_valid(ev->attendee)) ||
	    ev->sequence < 0)
		return -1;
	if (ev->sequence > 0)
		snprintf(seq, sizeof(seq), "%lld", ev->sequence);

	plain_line(ic, "BEGIN", "VEVENT");
	ical_text_line(ic, "UID", ev->uid);
	plain_line(ic, "DTSTAMP", stamp);
	plain_line(ic, "DTSTART", start);
	plain_line(ic, "DTEND", end);
	if (ev->sequence > 0)
		plain_line(ic, "SEQUENCE", seq);
	if (ev->organizer != NULL)
		plain_line(ic, "ORGANIZER", ev->organizer);
	if (ev->attendee != NULL)
		plain_line(ic, "ATTENDEE;ROLE=REQ-PARTICIPANT;RSVP=FALSE",
		    ev->attendee);
	ical_text_line(ic, "SUMMARY", ev->summary);
	if (ev->location != NULL && ev->location[0] != '\0')
		ical_text_line(ic, "LOCATION", ev->location);
	if (ev->description != NULL && ev->description[0] != '\0')
		ical_text_line(ic, "DESCRIPTION", ev->description);
	if (has_url)
		plain_line(ic, "URL", ev->url);
	plain_line(ic, "STATUS", ev->cancelled ? "CANCELLED" : "CONFIRMED");
	plain_line(ic, "END", "VEVENT");
	return ic->failed ? -1 : 0;
}

int
ical_end(struct ical *ic)
{
	return plain_line(ic, "END", "VCALENDAR");
}
