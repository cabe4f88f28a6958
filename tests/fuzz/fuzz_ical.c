/*
 * fuzz_ical.c: the iCalendar writer on any text.
 *
 * Input: 12 bytes of times, then strings separated by NUL: uid, summary,
 * location, description, url, calendar name, time zone, a property name
 * and its value, an organizer and an attendee (invitations, RFC 5546;
 * the first byte also picks the method and a SEQUENCE). Promises checked (ical.h, RFC 5545 3.1): every line ends
 * in CRLF and holds no other CR or LF; no physical line is over 75
 * octets, nor splits a UTF-8 sequence; unfolded, the calendar has exactly
 * the properties that were written, in order, so no text could start a
 * property of its own; and a summary of plain text comes back whole
 * once unescaped.
 */
#include "fuzz.h"

#include "kit/buf.h"
#include "kit/form.h"
#include "kit/ical.h"

#define FOLD	75

/* The value of TEXT s unescaped (RFC 5545 3.3.11), in the arena. */
static char *
unescape(struct arena *a, const char *s)
{
	char	*d, *o;

	FUZZ_ASSERT((d = arena_alloc(a, strlen(s) + 1)) != NULL);
	for (o = d; *s != '\0'; s++) {
		if (*s != '\\') {
			FUZZ_ASSERT(*s != ';' && *s != ',');
			*o++ = *s;
			continue;
		}
		s++;
		FUZZ_ASSERT(*s == '\\' || *s == ';' || *s == ',' || *s == 'n');
		*o++ = *s == 'n' ? '\n' : *s;
	}
	*o = '\0';
	return d;
}

/* Whether s is text the writer keeps as it is: valid UTF-8 without
 * control characters other than TAB and a plain LF. */
static int
plain(const char *s)
{
	const char	*p;

	if (!utf8_valid(s, strlen(s)))
		return 0;
	for (p = s; *p != '\0'; p++)
		if (((unsigned char)*p < 0x20 && *p != '\t' && *p != '\n') ||
		    *p == 0x7f)
			return 0;
	return 1;
}

static uint32_t
u32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena		*a = fuzz_arena();
	struct buf		 out;
	struct sink		 sink;
	struct ical		 ic;
	struct ical_event	 ev;
	char			*s[11], *u, *line, *next;
	static const char *const methods[4] = {
		"PUBLISH", "REQUEST", "CANCEL", "PUBLISH",
	};
	const char		*summary = NULL;
	const char		*p, *end, *eol;
	size_t			 n, i, want, got;
	int			 rc;

	if (size < 12)
		return 0;
	for (i = 0; i < 11; i++)
		s[i] = "";
	n = fuzz_split(a, data + 12, size - 12, '\0', s, 11);
	(void)n;
	memset(&ev, 0, sizeof(ev));
	/* Times from 1970 to 2106, some refused (end not after start). */
	ev.start = (time_t)u32(data);
	ev.end = ev.start + (time_t)(int32_t)u32(data + 4) % 86400;
	ev.stamp = (time_t)u32(data + 8);
	ev.uid = s[0];
	ev.summary = s[1];
	ev.location = s[2];
	ev.description = s[3];
	ev.url = s[4];
	ev.cancelled = data[0] & 1;
	ev.sequence = (data[1] & 0x80) ? -(long long)(data[1] & 3) :
	    (long long)(data[1] & 0x7f);
	ev.organizer = s[9][0] != '\0' ? s[9] : NULL;
	ev.attendee = s[10][0] != '\0' ? s[10] : NULL;

	buf_init(&out, a);
	sink = sink_buf(&out);
	want = 5;
	FUZZ_ASSERT(ical_begin_method(&ic, &sink, s[5][0] ? s[5] : NULL,
	    s[6][0] ? s[6] : NULL, methods[(data[0] >> 1) & 3]) == 0);
	want += (s[5][0] != '\0') + (s[6][0] != '\0');
	if (ical_event(&ic, &ev) == 0) {
		FUZZ_ASSERT(ev.uid[0] != '\0' && ev.end > ev.start);
		for (i = 0; ev.url[i] != '\0'; i++)
			FUZZ_ASSERT((unsigned char)ev.url[i] > 0x20 &&
			    (unsigned char)ev.url[i] < 0x7f);
		/* Addresses are written as they are: printable ASCII, a
		 * mailto: URI, nothing that could end the line. */
		for (i = 0; ev.organizer != NULL && ev.organizer[i]; i++)
			FUZZ_ASSERT((unsigned char)ev.organizer[i] > 0x20 &&
			    (unsigned char)ev.organizer[i] < 0x7f);
		for (i = 0; ev.attendee != NULL && ev.attendee[i]; i++)
			FUZZ_ASSERT((unsigned char)ev.attendee[i] > 0x20 &&
			    (unsigned char)ev.attendee[i] < 0x7f);
		FUZZ_ASSERT(ev.sequence >= 0);
		want += 8 + (ev.location[0] != '\0') +
		    (ev.description[0] != '\0') + (ev.url[0] != '\0') +
		    (ev.sequence > 0) + (ev.organizer != NULL) +
		    (ev.attendee != NULL);
		summary = ev.summary;
	}
	FUZZ_ASSERT(!ic.failed);
	rc = ical_text_line(&ic, s[7], s[8]);
	if (rc == 0) {
		want++;
		FUZZ_ASSERT(s[7][0] != '\0' && strspn(s[7],
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		    "0123456789-") == strlen(s[7]));
	}
	FUZZ_ASSERT(ical_end(&ic) == 0);
	want++;
	FUZZ_ASSERT(!buf_failed(&out));

	/* Physical lines. */
	p = out.data;
	end = out.data + out.len;
	FUZZ_ASSERT(memchr(p, '\0', out.len) == NULL);
	while (p < end) {
		eol = memmem(p, (size_t)(end - p), "\r\n", 2);
		FUZZ_ASSERT(eol != NULL);
		FUZZ_ASSERT(eol - p <= FOLD);
		FUZZ_ASSERT(memchr(p, '\r', (size_t)(eol - p)) == NULL);
		FUZZ_ASSERT(memchr(p, '\n', (size_t)(eol - p)) == NULL);
		FUZZ_ASSERT(utf8_valid(p, (size_t)(eol - p)));
		p = eol + 2;
	}

	/* Logical lines: unfold (CRLF and one space) and count. */
	u = arena_strdup(a, out.data);
	FUZZ_ASSERT(u != NULL);
	{
		char	*r, *w;

		for (r = w = u; *r != '\0'; ) {
			if (r[0] == '\r' && r[1] == '\n' && r[2] == ' ') {
				r += 3;
				continue;
			}
			*w++ = *r++;
		}
		*w = '\0';
	}
	got = 0;
	for (line = u; *line != '\0'; line = next) {
		char	*colon;

		FUZZ_ASSERT((next = strstr(line, "\r\n")) != NULL);
		*next = '\0';
		next += 2;
		colon = strchr(line, ':');
		FUZZ_ASSERT(colon != NULL && colon > line);
		/* The one property written with parameters. */
		if (strncmp(line, "ATTENDEE;", 9) == 0)
			FUZZ_ASSERT(strncmp(line, "ATTENDEE;ROLE=REQ-PARTICIPANT;"
			    "RSVP=FALSE:mailto:", 48) == 0);
		else
			FUZZ_ASSERT(strspn(line, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "abcdefghijklmnopqrstuvwxyz0123456789-") ==
			    (size_t)(colon - line));
		if (got == 0)
			FUZZ_ASSERT(strcmp(line, "BEGIN:VCALENDAR") == 0);
		/* The event's SUMMARY is the first (s[7] may add one). */
		if (summary != NULL && strncmp(line, "SUMMARY:", 8) == 0) {
			if (plain(summary))
				FUZZ_ASSERT(strcmp(unescape(a, colon + 1),
				    summary) == 0);
			summary = NULL;
		}
		got++;
		if (*next == '\0')
			FUZZ_ASSERT(strcmp(line, "END:VCALENDAR") == 0);
	}
	FUZZ_ASSERT(got == want);
	return 0;
}
