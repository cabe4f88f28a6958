/*
 * test_ical.c: RFC 5545 escaping, folding, a whole calendar, and that no
 * input can start a property of its own.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kit/arena.h"
#include "kit/buf.h"
#include "kit/ical.h"
#include "fixture.h"

#define MAX_LINES	64

struct fx {
	struct arena	*arena;
	struct buf	 buf;
	struct sink	 sink;
	struct ical	 ic;
	/* Physical lines of the output, without their CRLF. */
	char		*line[MAX_LINES];
	size_t		 nline;
};

static int
setup(void **state)
{
	struct fx	*fx;

	if ((fx = calloc(1, sizeof(*fx))) == NULL)
		return -1;
	if ((fx->arena = arena_new()) == NULL) {
		free(fx);
		return -1;
	}
	buf_init(&fx->buf, fx->arena);
	fx->sink = sink_buf(&fx->buf);
	fx->ic.sink = &fx->sink;
	fx->ic.failed = 0;
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx	*fx = *state;

	arena_free(fx->arena);
	free(fx);
	return 0;
}

static void
reset(struct fx *fx)
{
	buf_init(&fx->buf, fx->arena);
	fx->ic.failed = 0;
	fx->nline = 0;
}

/*
 * Split the output into physical lines, asserting that it ends in CRLF
 * and holds no CR or LF other than as CRLF pairs.
 */
static void
split(struct fx *fx)
{
	const char	*p = fx->buf.data, *end = p + fx->buf.len, *q;

	fx->nline = 0;
	assert_true(fx->buf.len >= 2);
	assert_memory_equal(end - 2, "\r\n", 2);
	while (p < end) {
		for (q = p; q < end && *q != '\r' && *q != '\n'; q++)
			continue;
		assert_true(q + 1 < end);
		assert_int_equal(q[0], '\r');
		assert_int_equal(q[1], '\n');
		assert_true(fx->nline < MAX_LINES);
		fx->line[fx->nline] = arena_strndup(fx->arena, p,
		    (size_t)(q - p));
		assert_non_null(fx->line[fx->nline]);
		fx->nline++;
		p = q + 2;
	}
}

/* The output with every fold (CRLF and one space) taken out. */
static char *
unfold(struct fx *fx)
{
	char	*out, *o;
	size_t	 i;

	out = o = arena_alloc(fx->arena, fx->buf.len + 1);
	assert_non_null(out);
	for (i = 0; i < fx->buf.len; i++) {
		if (i + 2 < fx->buf.len && fx->buf.data[i] == '\r' &&
		    fx->buf.data[i + 1] == '\n' && fx->buf.data[i + 2] == ' ') {
			i += 2;
			continue;
		}
		*o++ = fx->buf.data[i];
	}
	*o = '\0';
	return out;
}

/* Whether s is complete UTF-8 on its own (no sequence cut at an end). */
static int
utf8_whole(const char *str)
{
	const unsigned char	*s = (const unsigned char *)str;
	size_t			 k, i;

	while (*s != '\0') {
		if (*s < 0x80)
			k = 1;
		else if ((*s & 0xe0) == 0xc0)
			k = 2;
		else if ((*s & 0xf0) == 0xe0)
			k = 3;
		else if ((*s & 0xf8) == 0xf0)
			k = 4;
		else
			return 0;	/* a continuation byte first */
		for (i = 1; i < k; i++)
			if ((s[i] & 0xc0) != 0x80)
				return 0;
		s += k;
	}
	return 1;
}

static void
test_ical_text_line_escaping(void **state)
{
	static const struct {
		const char	*in;
		const char	*out;
	} cases[] = {
		{ "plain words",	"plain words" },
		{ "a\\b",		"a\\\\b" },
		{ "a;b",		"a\\;b" },
		{ "a,b",		"a\\,b" },
		{ "a\nb",		"a\\nb" },
		{ "a\r\nb",		"a\\nb" },
		{ "a\rb",		"a\\nb" },
		{ "a\n\nb",		"a\\n\\nb" },
		{ "a\r\n\r\nb",		"a\\n\\nb" },
		{ "\\n",		"\\\\n" },	/* a real backslash-n */
		{ "a:b \"c\"",		"a:b \"c\"" },	/* not escaped in TEXT */
		{ "a\tb",		"a\tb" },	/* HTAB is TSAFE */
		{ "a\x01" "b\x1b[0m\x7f", "a b [0m " },
		{ "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
		    "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80" },
		{ "bad \xff byte",	"bad \xef\xbf\xbd byte" },
		{ "cut \xc3",		"cut \xef\xbf\xbd" },
		{ "\xed\xa0\x80",	"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
		{ "",			"" },
	};
	struct fx	*fx = *state;
	char		 exp[128];
	size_t		 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		reset(fx);
		assert_int_equal(ical_text_line(&fx->ic, "X-T", cases[i].in),
		    0);
		snprintf(exp, sizeof(exp), "X-T:%s\r\n", cases[i].out);
		assert_string_equal(fx->buf.data, exp);
	}
	reset(fx);
	assert_int_equal(ical_text_line(&fx->ic, "X-T", NULL), 0);
	assert_string_equal(fx->buf.data, "X-T:\r\n");
}

static void
test_ical_text_line_bad_name(void **state)
{
	static const char *const names[] = {
		"", "X T", "X:T", "X;T=1", "X\r\nT", "X\nT", "\xc3\xa9",
	};
	struct fx	*fx = *state;
	size_t		 i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		reset(fx);
		assert_int_equal(ical_text_line(&fx->ic, names[i], "v"), -1);
		assert_int_equal(fx->buf.len, 0);
	}
	assert_int_equal(ical_text_line(&fx->ic, NULL, "v"), -1);
	assert_int_equal(fx->buf.len, 0);
	assert_int_equal(ical_text_line(&fx->ic, "X-Ok-2", "v"), 0);
	assert_string_equal(fx->buf.data, "X-Ok-2:v\r\n");
}

static void
test_ical_text_line_fold_ascii(void **state)
{
	struct fx	*fx = *state;
	char		 val[201], exp[256];
	size_t		 i;

	memset(val, 'a', 200);
	val[200] = '\0';
	assert_int_equal(ical_text_line(&fx->ic, "DESCRIPTION", val), 0);
	split(fx);
	/* 12 + 200 octets: 75, then a space and 74, then a space and 63. */
	assert_int_equal(fx->nline, 3);
	assert_int_equal(strlen(fx->line[0]), 75);
	assert_int_equal(strlen(fx->line[1]), 75);
	assert_int_equal(strlen(fx->line[2]), 64);
	for (i = 1; i < fx->nline; i++) {
		assert_int_equal(fx->line[i][0], ' ');
		assert_int_equal(fx->line[i][1], 'a');
	}
	snprintf(exp, sizeof(exp), "DESCRIPTION:%s\r\n", val);
	assert_string_equal(unfold(fx), exp);
}

static void
test_ical_text_line_fold_utf8(void **state)
{
	struct fx	*fx = *state;
	char		 val[512], exp[600];
	size_t		 i, len;

	/* Odd offsets so 2-, 3- and 4-octet sequences meet the margin. */
	strcpy(val, "x");
	for (i = 0; i < 60; i++)
		strcat(val, "\xc3\xa9");		/* é */
	for (i = 0; i < 40; i++)
		strcat(val, "\xe2\x82\xac");		/* € */
	for (i = 0; i < 30; i++)
		strcat(val, "\xf0\x9f\x98\x80");	/* 😀 */
	strcat(val, "y");
	assert_int_equal(ical_text_line(&fx->ic, "SUMMARY", val), 0);
	split(fx);
	assert_true(fx->nline >= 5);
	for (i = 0; i < fx->nline; i++) {
		len = strlen(fx->line[i]);
		assert_true(len <= 75);
		/* A fold wastes at most 3 octets (a 4-octet sequence). */
		if (i + 1 < fx->nline)
			assert_true(len >= 72);
		if (i > 0)
			assert_int_equal(fx->line[i][0], ' ');
		assert_true(utf8_whole(fx->line[i] + (i > 0)));
	}
	snprintf(exp, sizeof(exp), "SUMMARY:%s\r\n", val);
	assert_string_equal(unfold(fx), exp);
}

static void
test_ical_text_line_fold_keeps_escapes(void **state)
{
	struct fx	*fx = *state;
	char		 val[101], exp[256], *p;
	size_t		 i;

	memset(val, ',', 100);
	val[100] = '\0';
	assert_int_equal(ical_text_line(&fx->ic, "X", val), 0);
	split(fx);
	assert_true(fx->nline >= 3);
	for (i = 0; i < fx->nline; i++) {
		assert_true(strlen(fx->line[i]) <= 75);
		p = fx->line[i] + (i == 0 ? 2 : 1);
		/* Each physical line holds whole "\," pairs only. */
		assert_int_equal(strlen(p) % 2, 0);
		for (; *p != '\0'; p += 2) {
			assert_int_equal(p[0], '\\');
			assert_int_equal(p[1], ',');
		}
	}
	p = exp;
	p += sprintf(p, "X:");
	for (i = 0; i < 100; i++)
		p += sprintf(p, "\\,");
	sprintf(p, "\r\n");
	assert_string_equal(unfold(fx), exp);
}

static const struct ical_event ev1 = {
	.uid = "s12-b34@tessera.example",
	.start = 1741600800,		/* 2025-03-10 10:00:00Z */
	.end = 1741609800,		/* 2025-03-10 12:30:00Z */
	.stamp = 1740820507,		/* 2025-03-01 09:15:07Z */
	.summary = "Understanding anxiety, together",
	.location = "Room 2; 1 High St, Leeds",
	.description = "Bring a pen.\r\nTea provided.",
	.url = "http://127.0.0.1:8080/booking/ABCDEFGHIJKLMNOPQRSTUVWXYZ",
	.cancelled = 0,
};

static const struct ical_event ev2 = {
	.uid = "s13-b34@tessera.example",
	.start = 1767222000,		/* 2025-12-31 23:00:00Z */
	.end = 1767229200,		/* 2026-01-01 01:00:00Z */
	.stamp = 1740820507,
	.summary = "New Year peer support",
	.location = NULL,
	.description = "",
	.url = NULL,
	.cancelled = 1,
};

static void
test_ical_event_calendar(void **state)
{
	static const char *const exp[] = {
		"BEGIN:VCALENDAR",
		"VERSION:2.0",
		"PRODID:-//tessera//recovery college//EN",
		"CALSCALE:GREGORIAN",
		"METHOD:PUBLISH",
		"X-WR-CALNAME:Recovery College\\, North",
		"X-WR-TIMEZONE:Europe/London",
		"BEGIN:VEVENT",
		"UID:s12-b34@tessera.example",
		"DTSTAMP:20250301T091507Z",
		"DTSTART:20250310T100000Z",
		"DTEND:20250310T123000Z",
		"SUMMARY:Understanding anxiety\\, together",
		"LOCATION:Room 2\\; 1 High St\\, Leeds",
		"DESCRIPTION:Bring a pen.\\nTea provided.",
		"URL:http://127.0.0.1:8080/booking/ABCDEFGHIJKLMNOPQRSTUVWXYZ",
		"STATUS:CONFIRMED",
		"END:VEVENT",
		"BEGIN:VEVENT",
		"UID:s13-b34@tessera.example",
		"DTSTAMP:20250301T091507Z",
		"DTSTART:20251231T230000Z",
		"DTEND:20260101T010000Z",
		"SUMMARY:New Year peer support",
		"STATUS:CANCELLED",
		"END:VEVENT",
		"END:VCALENDAR",
	};
	struct fx	*fx = *state;
	size_t		 i;

	assert_int_equal(ical_begin(&fx->ic, &fx->sink,
	    "Recovery College, North", "Europe/London"), 0);
	assert_int_equal(ical_event(&fx->ic, &ev1), 0);
	assert_int_equal(ical_event(&fx->ic, &ev2), 0);
	assert_int_equal(ical_end(&fx->ic), 0);
	split(fx);
	assert_int_equal(fx->nline, sizeof(exp) / sizeof(exp[0]));
	for (i = 0; i < fx->nline; i++)
		assert_string_equal(fx->line[i], exp[i]);
}

static void
test_ical_begin_no_tz(void **state)
{
	struct fx	*fx = *state;

	assert_int_equal(ical_begin(&fx->ic, &fx->sink, "C", NULL), 0);
	assert_int_equal(ical_end(&fx->ic), 0);
	assert_string_equal(fx->buf.data,
	    "BEGIN:VCALENDAR\r\n"
	    "VERSION:2.0\r\n"
	    "PRODID:-//tessera//recovery college//EN\r\n"
	    "CALSCALE:GREGORIAN\r\n"
	    "METHOD:PUBLISH\r\n"
	    "X-WR-CALNAME:C\r\n"
	    "END:VCALENDAR\r\n");
}

static void
test_ical_begin_method_invitation(void **state)
{
	struct fx		*fx = *state;
	struct ical_event	 ev = ev1;

	ev.sequence = 3;
	ev.organizer = "mailto:noreply@college.example.org";
	ev.attendee = "mailto:ana@example.org";
	assert_int_equal(ical_begin_method(&fx->ic, &fx->sink, "C", NULL,
	    "REQUEST"), 0);
	assert_int_equal(ical_event(&fx->ic, &ev), 0);
	assert_int_equal(ical_end(&fx->ic), 0);
	assert_non_null(strstr(fx->buf.data, "\r\nMETHOD:REQUEST\r\n"));
	assert_non_null(strstr(fx->buf.data, "\r\nSEQUENCE:3\r\n"));
	assert_non_null(strstr(fx->buf.data,
	    "\r\nORGANIZER:mailto:noreply@college.example.org\r\n"));
	assert_non_null(strstr(fx->buf.data, "\r\nATTENDEE;ROLE=REQ-PARTICIPANT;"
	    "RSVP=FALSE:mailto:ana@example.org\r\n"));
}

static void
test_ical_begin_method_refused(void **state)
{
	struct fx		*fx = *state;
	struct ical_event	 ev = ev1;

	assert_int_equal(ical_begin_method(&fx->ic, &fx->sink, "C", NULL,
	    "REPLY\r\nX"), -1);
	assert_int_equal(ical_begin_method(&fx->ic, &fx->sink, "C", NULL,
	    NULL), -1);
	assert_int_equal(ical_begin_method(&fx->ic, &fx->sink, "C", NULL,
	    "CANCEL"), 0);
	ev.organizer = "mailto:a@b\r\nX-EVIL:1";
	assert_int_equal(ical_event(&fx->ic, &ev), -1);
	ev.organizer = "http://example.org";
	assert_int_equal(ical_event(&fx->ic, &ev), -1);
	ev.organizer = NULL;
	ev.sequence = -1;
	assert_int_equal(ical_event(&fx->ic, &ev), -1);
	assert_null(strstr(fx->buf.data, "X-EVIL"));
	assert_null(strstr(fx->buf.data, "BEGIN:VEVENT"));
}

/* Property names a well-formed event may hold, at the start of a line. */
static int
known_property(const char *line)
{
	static const char *const names[] = {
		"BEGIN:", "END:", "UID:", "DTSTAMP:", "DTSTART:", "DTEND:",
		"SUMMARY:", "LOCATION:", "DESCRIPTION:", "URL:", "STATUS:",
	};
	size_t	 i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strncmp(line, names[i], strlen(names[i])) == 0)
			return 1;
	return 0;
}

static void
test_ical_event_injection(void **state)
{
	struct fx		*fx = *state;
	struct ical_event	 ev = ev1;
	char			*un, *p, *nl;
	size_t			 n = 0;

	ev.uid = "u1@x\r\nRRULE:FREQ=SECONDLY";
	ev.summary = "Hello\r\nATTENDEE:mailto:evil@example.com";
	ev.location = "x\nBEGIN:VALARM\rTRIGGER:-PT5M\r\n";
	ev.description = "\x0b\x0c\x1b\r\r\nEND:VEVENT";
	assert_int_equal(ical_event(&fx->ic, &ev), 0);
	split(fx);
	/* Continuation lines start with a space; the rest are ours. */
	for (size_t i = 0; i < fx->nline; i++)
		assert_true(fx->line[i][0] == ' ' ||
		    known_property(fx->line[i]));
	un = unfold(fx);
	for (p = un; *p != '\0'; p = nl + 2) {
		assert_non_null(nl = strstr(p, "\r\n"));
		*nl = '\0';
		assert_true(known_property(p));
		n++;
	}
	assert_int_equal(n, 11);
	assert_non_null(strstr(fx->buf.data,
	    "\r\nSUMMARY:Hello\\nATTENDEE:mailto:evil@example.com\r\n"));
	assert_non_null(strstr(fx->buf.data,
	    "\r\nLOCATION:x\\nBEGIN:VALARM\\nTRIGGER:-PT5M\\n\r\n"));
	assert_non_null(strstr(fx->buf.data,
	    "\r\nDESCRIPTION:   \\n\\nEND:VEVENT\r\n"));
	assert_non_null(strstr(fx->buf.data,
	    "\r\nUID:u1@x\\nRRULE:FREQ=SECONDLY\r\n"));
}

static void
test_ical_event_refused(void **state)
{
	static const char *const urls[] = {
		"http://x.example/\r\nATTENDEE:mailto:e@x",
		"http://x.example/\n",
		"http://x.example/a b",
		"http://x.example/\t",
		"http://x.example/\x7f",
		"http://x.example/caf\xc3\xa9",
	};
	struct fx		*fx = *state;
	struct ical_event	 ev;
	size_t			 i;

	for (i = 0; i < sizeof(urls) / sizeof(urls[0]); i++) {
		ev = ev1;
		ev.url = urls[i];
		assert_int_equal(ical_event(&fx->ic, &ev), -1);
		assert_int_equal(fx->buf.len, 0);
	}
	ev = ev1;
	ev.end = ev.start;
	assert_int_equal(ical_event(&fx->ic, &ev), -1);
	ev.end = ev.start - 60;
	assert_int_equal(ical_event(&fx->ic, &ev), -1);
	ev = ev1;
	ev.summary = NULL;
	assert_int_equal(ical_event(&fx->ic, &ev), -1);
	ev = ev1;
	ev.uid = "";
	assert_int_equal(ical_event(&fx->ic, &ev), -1);
	ev = ev1;
	ev.start = (time_t)253402300800LL;	/* 10000-01-01: no 4 digits */
	ev.end = ev.start + 3600;
	assert_int_equal(ical_event(&fx->ic, &ev), -1);
	assert_int_equal(fx->buf.len, 0);
	/* A refused event leaves the calendar usable. */
	assert_int_equal(fx->ic.failed, 0);
	ev = ev1;
	ev.url = "";
	assert_int_equal(ical_event(&fx->ic, &ev), 0);
	assert_null(strstr(fx->buf.data, "URL"));
	assert_non_null(strstr(fx->buf.data, "\r\nSTATUS:CONFIRMED\r\n"));
}

static void
test_ical_event_sink_failure(void **state)
{
	struct fx_limited	 lim = { 100, 0, 0 };
	struct sink		 s = { fx_limited_write, &lim };
	struct ical		 ic;

	(void)state;
	assert_int_equal(ical_begin(&ic, &s, "C", "Europe/London"), -1);
	assert_int_equal(ic.failed, 1);
	assert_int_equal(ical_event(&ic, &ev1), -1);
	assert_int_equal(ical_text_line(&ic, "X", "y"), -1);
	assert_int_equal(ical_end(&ic), -1);
	assert_int_equal(lim.calls_after_fail, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ical_text_line_escaping,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_ical_text_line_bad_name,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_ical_text_line_fold_ascii,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_ical_text_line_fold_utf8,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_ical_text_line_fold_keeps_escapes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ical_event_calendar,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_ical_begin_method_invitation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ical_begin_method_refused,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_ical_begin_no_tz,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_ical_event_injection,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_ical_event_refused,
		    setup, teardown),
		cmocka_unit_test(test_ical_event_sink_failure),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
