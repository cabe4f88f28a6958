/*
 * test_mime.c: the MIME writer: encoded-words that decode back to what
 * was given, folding within 78 characters, quoted-printable of long
 * lines, "=" and trailing space, the parts and their boundaries, and
 * refusal of anything that would inject a header.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "kit/arena.h"
#include "kit/buf.h"
#include "kit/mime.h"

struct fx {
	struct arena	*arena;
	struct buf	 buf;
};

static int
setup(void **state)
{
	struct fx	*fx;

	if ((fx = calloc(1, sizeof(*fx))) == NULL ||
	    (fx->arena = arena_new()) == NULL) {
		free(fx);
		return -1;
	}
	buf_init(&fx->buf, fx->arena);
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

/* A message with every field set to something plain. */
static struct mime_msg
msg(void)
{
	struct mime_msg	 m;

	memset(&m, 0, sizeof(m));
	m.from_name = "Recovery College";
	m.from = "college@example.org";
	m.reply_to = "office@example.org";
	m.to = "learner@example.net";
	m.subject = "Your place is booked";
	m.date = 1796000000;
	m.msgid = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	m.host = "college.example.org";
	m.text = "Hello,\nyour place is booked.\n";
	m.html = "<!doctype html><p>Hello</p>\n";
	return m;
}

static char *
write_ok(struct fx *fx, const struct mime_msg *m)
{
	buf_init(&fx->buf, fx->arena);
	assert_int_equal(mime_write(&fx->buf, m), 0);
	return fx->buf.data;
}

/* Every line ends in CRLF, no bare CR or LF; header lines (up to the
 * first empty line) within 78, all within 998. */
static void
check_lines(const char *s, size_t hdr_max)
{
	const char	*p = s, *eol;
	int		 in_hdr = 1;

	while (*p != '\0') {
		eol = strstr(p, "\r\n");
		assert_non_null(eol);
		assert_null(memchr(p, '\n', (size_t)(eol - p)));
		assert_null(memchr(p, '\r', (size_t)(eol - p)));
		if (eol == p)
			in_hdr = 0;
		if (in_hdr)
			assert_true((size_t)(eol - p) <= hdr_max);
		assert_true(eol - p <= MIME_LINE_MAX);
		p = eol + 2;
	}
}

/* The value of header name in s, unfolded (CRLF before a space taken
 * out), in the arena; NULL if there is none. */
static char *
header(struct fx *fx, const char *s, const char *name)
{
	const char	*p = s, *end;
	char		*out, *o;
	size_t		 n = strlen(name);

	for (;;) {
		if (strncmp(p, "\r\n", 2) == 0)
			return NULL;
		if (strncasecmp(p, name, n) == 0 && p[n] == ':')
			break;
		p = strstr(p, "\r\n");
		assert_non_null(p);
		p += 2;
	}
	p += n + 1;
	if (*p == ' ')
		p++;
	for (end = p; !(end[0] == '\r' && end[2] != ' ' && end[2] != '\t');
	    end++)
		continue;
	out = o = arena_alloc(fx->arena, (size_t)(end - p) + 1);
	for (; p < end; p++) {
		if (p[0] == '\r' && p[1] == '\n') {
			p++;
			continue;
		}
		*o++ = *p;
	}
	*o = '\0';
	return out;
}

/* Decode RFC 2047 "B" words in a header value (words next to each other
 * joined, as section 6.2 says); the plain parts kept. */
static char *
decode_words(struct fx *fx, const char *v)
{
	char		*out = arena_alloc(fx->arena, strlen(v) + 1), *o = out;
	const char	*p = v, *q, *gap;
	unsigned char	 bin[256];
	size_t		 binlen;

	while (*p != '\0') {
		if (strncmp(p, "=?UTF-8?B?", 10) == 0) {
			q = strstr(p + 10, "?=");
			assert_non_null(q);
			assert_int_equal(sodium_base642bin(bin, sizeof(bin),
			    p + 10, (size_t)(q - p - 10), NULL, &binlen, NULL,
			    sodium_base64_VARIANT_ORIGINAL), 0);
			memcpy(o, bin, binlen);
			o += binlen;
			p = q + 2;
			/* Space between two encoded-words is not text. */
			for (gap = p; *gap == ' '; gap++)
				continue;
			if (strncmp(gap, "=?", 2) == 0)
				p = gap;
			continue;
		}
		*o++ = *p++;
	}
	*o = '\0';
	return out;
}

static const struct {
	const char	*subject;
	int		 encoded;	/* whether it must be encoded */
} subjects[] = {
	{ "Your place is booked", 0 },
	{ "A very long subject line that goes on and on about the course "
	    "you booked so that it has to be folded somewhere sensible", 0 },
	{ "Votre place est réservée ✓", 1 },
	{ "Ваше место забронировано на курс «Понимание тревоги» и на "
	    "все его занятия в колледже", 1 },
	{ "学习焦虑：您的位置已预订，请查看附件中的日历", 1 },
	{ "Emoji 🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂 end", 1 },
	{ "Looks like =?UTF-8?B?eA==?= a word", 1 },
	{ "Tab\there", 1 },
	/* runs of spaces stay with the next word; no all-space line */
	{ "  Runs  of   spaces    between     words      that       go"
	    "        on           until            it           folds   ", 0 },
	{ "Averyveryverylongwordwithoutanyspacesthatcannotbefoldedatallbecause"
	    "itgoesonandon", 1 },
};

static void
test_mime_write_subject_roundtrip(void **state)
{
	struct fx	*fx = *state;
	struct mime_msg	 m = msg();
	char		*s, *v;
	size_t		 i;

	for (i = 0; i < sizeof(subjects) / sizeof(subjects[0]); i++) {
		m.subject = subjects[i].subject;
		s = write_ok(fx, &m);
		check_lines(s, MIME_HEADER_LINE);
		v = header(fx, s, "Subject");
		assert_non_null(v);
		if (subjects[i].encoded)
			assert_non_null(strstr(v, "=?UTF-8?B?"));
		else
			assert_null(strstr(v, "=?"));
		assert_string_equal(decode_words(fx, v), subjects[i].subject);
	}
}

static void
test_mime_write_words_whole_characters(void **state)
{
	struct fx	*fx = *state;
	struct mime_msg	 m = msg();
	const char	*p, *q;
	unsigned char	 bin[128];
	size_t		 binlen;
	char		*s;

	/* Each encoded-word alone decodes to whole UTF-8 (RFC 2047 5). */
	m.subject = subjects[5].subject;
	s = write_ok(fx, &m);
	for (p = s; (p = strstr(p, "=?UTF-8?B?")) != NULL; p = q + 2) {
		q = strstr(p + 10, "?=");
		assert_true(q - p + 2 <= 75);
		assert_int_equal(sodium_base642bin(bin, sizeof(bin), p + 10,
		    (size_t)(q - p - 10), NULL, &binlen, NULL,
		    sodium_base64_VARIANT_ORIGINAL), 0);
		/* No cut sequence at the end: the last lead byte's length
		 * fits. */
		assert_true(binlen > 0);
		assert_true((bin[binlen - 1] & 0xc0) != 0xc0);
		assert_true(bin[0] < 0x80 || (bin[0] & 0xc0) == 0xc0);
	}
}

static void
test_mime_write_display_name(void **state)
{
	struct fx	*fx = *state;
	struct mime_msg	 m = msg();
	char		*s, *v;

	s = write_ok(fx, &m);
	assert_string_equal(header(fx, s, "From"),
	    "Recovery College <college@example.org>");
	m.from_name = "Collège de rétablissement, Nord";
	s = write_ok(fx, &m);
	v = header(fx, s, "From");
	assert_non_null(strstr(v, "=?UTF-8?B?"));
	assert_string_equal(decode_words(fx, v),
	    "Collège de rétablissement, Nord <college@example.org>");
	/* A special (",") in an ASCII name is encoded, not left bare. */
	m.from_name = "Smith, Recovery College";
	s = write_ok(fx, &m);
	v = header(fx, s, "From");
	assert_non_null(strstr(v, "=?UTF-8?B?"));
	assert_string_equal(decode_words(fx, v),
	    "Smith, Recovery College <college@example.org>");
	check_lines(s, MIME_HEADER_LINE);
}

static void
test_mime_write_headers(void **state)
{
	struct fx	*fx = *state;
	struct mime_msg	 m = msg();
	char		*s;

	setenv("TZ", "UTC", 1);
	tzset();
	s = write_ok(fx, &m);
	check_lines(s, MIME_HEADER_LINE);
	assert_string_equal(header(fx, s, "Date"),
	    "Mon, 30 Nov 2026 00:53:20 +0000");
	assert_string_equal(header(fx, s, "Message-ID"),
	    "<ABCDEFGHIJKLMNOPQRSTUVWXYZ@college.example.org>");
	assert_string_equal(header(fx, s, "To"), "learner@example.net");
	assert_string_equal(header(fx, s, "Reply-To"), "office@example.org");
	assert_string_equal(header(fx, s, "MIME-Version"), "1.0");
	assert_string_equal(header(fx, s, "Auto-Submitted"), "auto-generated");
	assert_null(header(fx, s, "List-Unsubscribe"));
	assert_non_null(strstr(header(fx, s, "Content-Type"),
	    "multipart/alternative;"));
	/* text/plain first, then text/html. */
	assert_true(strstr(s, "text/plain") < strstr(s, "text/html"));
	assert_null(strstr(s, "text/calendar"));
	assert_null(header(fx, s, "Content-Language"));

	/* The language of the words (RFC 3282), a tag and nothing else. */
	m.lang = "cy";
	s = write_ok(fx, &m);
	assert_string_equal(header(fx, s, "Content-Language"), "cy");
	m.lang = "cy\r\nBcc: victim@example.com";
	buf_init(&fx->buf, fx->arena);
	assert_int_equal(mime_write(&fx->buf, &m), -1);
	m.lang = "CY";
	assert_int_equal(mime_write(&fx->buf, &m), -1);
	m.lang = NULL;

	m.reply_to = NULL;
	m.unsubscribe = "https://college.example.org/u/TOKEN123";
	s = write_ok(fx, &m);
	assert_null(header(fx, s, "Reply-To"));
	assert_string_equal(header(fx, s, "List-Unsubscribe"),
	    "<https://college.example.org/u/TOKEN123>");
	assert_string_equal(header(fx, s, "List-Unsubscribe-Post"),
	    "List-Unsubscribe=One-Click");

	/* The local zone's offset, with English names. */
	setenv("TZ", "America/New_York", 1);
	tzset();
	s = write_ok(fx, &m);
	assert_string_equal(header(fx, s, "Date"),
	    "Sun, 29 Nov 2026 19:53:20 -0500");
	setenv("TZ", "UTC", 1);
	tzset();
}

static void
test_mime_write_calendar(void **state)
{
	struct fx	*fx = *state;
	struct mime_msg	 m = msg();
	const char	*mix, *alt, *cal;
	char		*s;

	m.ics = "BEGIN:VCALENDAR\r\nMETHOD:CANCEL\r\nEND:VCALENDAR\r\n";
	m.ics_method = "CANCEL";
	s = write_ok(fx, &m);
	check_lines(s, MIME_HEADER_LINE);
	assert_string_equal(header(fx, s, "Content-Type"),
	    "multipart/mixed; boundary=\"=_mix_ABCDEFGHIJKLMNOP\"");
	mix = strstr(s, "\r\n--=_mix_ABCDEFGHIJKLMNOP\r\nContent-Type: "
	    "multipart/alternative;");
	alt = strstr(s, "--=_alt_ABCDEFGHIJKLMNOP--\r\n");
	cal = strstr(s, "Content-Type: text/calendar; charset=UTF-8;\r\n"
	    " method=CANCEL; name=\"invite.ics\"\r\n"
	    "Content-Disposition: attachment; filename=\"invite.ics\"\r\n");
	assert_non_null(mix);
	assert_non_null(alt);
	assert_non_null(cal);
	assert_true(mix < alt && alt < cal);
	assert_non_null(strstr(cal, "\r\n\r\nBEGIN:VCALENDAR\r\n"
	    "METHOD:CANCEL\r\nEND:VCALENDAR\r\n--=_mix_ABCDEFGHIJKLMNOP--\r\n"));
	/* A method that is not a token is refused. */
	m.ics_method = "REQUEST\r\nBcc: x@y";
	buf_init(&fx->buf, fx->arena);
	assert_int_equal(mime_write(&fx->buf, &m), -1);
}

static const struct {
	const char	*in;
	const char	*out;
} qp[] = {
	{ "plain", "plain\r\n" },
	{ "a=b\n", "a=3Db\r\n" },
	{ "trailing space \nand tab\t\n", "trailing space=20\r\nand tab=09\r\n" },
	{ "end space ", "end space=20\r\n" },
	{ "crlf\r\nlf\nlone\rcr", "crlf\r\nlf\r\nlone=0Dcr\r\n" },
	{ "café", "caf=C3=A9\r\n" },
	{ ".dot\nFrom me\nFromage", "=2Edot\r\n=46rom me\r\nFromage\r\n" },
	{ "", "" },
	/* 80 x: a soft break after 75, the rest on the next line. */
	{ "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    "xxxxxxxxxxxxx",
	  "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	  "xxxxxxxx=\r\nxxxxx\r\n" },
	/* exactly 76: fits, no soft break (the line ends there). */
	{ "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    "xxxxxxxxx",
	  "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	  "xxxxxxxxxx\r\n" },
	/* an encoded byte is never cut by a soft break */
	{ "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    "xxxxxx=y",
	  "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	  "xxxxxx=\r\n=3Dy\r\n" },
};

static void
test_mime_qp_table(void **state)
{
	struct fx	*fx = *state;
	size_t		 i;

	for (i = 0; i < sizeof(qp) / sizeof(qp[0]); i++) {
		buf_init(&fx->buf, fx->arena);
		assert_int_equal(mime_qp(&fx->buf, qp[i].in), 0);
		assert_string_equal(fx->buf.data, qp[i].out);
	}
}

static void
test_mime_qp_long_lines(void **state)
{
	struct fx	*fx = *state;
	char		 in[2000];
	size_t		 i;

	/* A long line of "=", spaces and UTF-8: every line within 76,
	 * and no "=_" for a boundary to meet. */
	for (i = 0; i + 3 < sizeof(in); i += 3)
		memcpy(in + i, i % 2 ? "= \xc3" : "\xa9 =", 3);
	in[i] = '\0';
	buf_init(&fx->buf, fx->arena);
	assert_int_equal(mime_qp(&fx->buf, in), 0);
	check_lines(fx->buf.data, MIME_QP_LINE);
	assert_null(strstr(fx->buf.data, "=_"));
}

static void
test_mime_write_refuses_injection(void **state)
{
	struct fx	*fx = *state;
	struct mime_msg	 m;
	size_t		 i;
	static const char *const bad[] = {
		"Hello\r\nBcc: victim@example.com",
		"Hello\nBcc: victim@example.com",
		"Hello\rBcc: victim@example.com",
		"bad \xff utf-8",
	};

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		m = msg();
		m.subject = bad[i];
		buf_init(&fx->buf, fx->arena);
		assert_int_equal(mime_write(&fx->buf, &m), -1);
		m = msg();
		m.from_name = bad[i];
		assert_int_equal(mime_write(&fx->buf, &m), -1);
		m = msg();
		m.to = bad[i];
		assert_int_equal(mime_write(&fx->buf, &m), -1);
		m = msg();
		m.reply_to = bad[i];
		assert_int_equal(mime_write(&fx->buf, &m), -1);
		m = msg();
		m.unsubscribe = bad[i];
		assert_int_equal(mime_write(&fx->buf, &m), -1);
	}
	m = msg();
	m.to = "a@b>, other@example.com";
	assert_int_equal(mime_write(&fx->buf, &m), -1);
	m = msg();
	m.to = "no-at-sign";
	assert_int_equal(mime_write(&fx->buf, &m), -1);
	m = msg();
	m.msgid = "id>\r\nX: y";
	assert_int_equal(mime_write(&fx->buf, &m), -1);
	m = msg();
	m.host = "host name";
	assert_int_equal(mime_write(&fx->buf, &m), -1);
	m = msg();
	m.unsubscribe = "https://x/<y>";
	assert_int_equal(mime_write(&fx->buf, &m), -1);
	m = msg();
	m.subject = NULL;
	assert_int_equal(mime_write(&fx->buf, &m), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_mime_write_subject_roundtrip,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_mime_write_words_whole_characters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mime_write_display_name,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_mime_write_headers,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_mime_write_calendar,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_mime_qp_table,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_mime_qp_long_lines,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_mime_write_refuses_injection, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
