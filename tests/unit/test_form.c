/*
 * test_form.c: parsing urlencoded and multipart bodies, UTF-8 checking
 * and validation against a field table.
 *
 * Every parser input is copied into a malloc'd buffer of exactly its
 * length, with no NUL after it, so that AddressSanitizer catches any read
 * past len.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "kit/arena.h"
#include "kit/buf.h"
#include "kit/form.h"

/* A string literal and its length, NULs inside included. */
#define S(x)	(x), (sizeof(x) - 1)
#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static int
setup(void **state)
{
	*state = arena_new();
	return *state == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	arena_free(*state);
	return 0;
}

static void
check_str(size_t i, const char *what, const char *got, const char *want)
{
	if (got == NULL && want == NULL)
		return;
	if (got == NULL || want == NULL || strcmp(got, want) != 0)
		fail_msg("case %zu: %s is \"%s\", want \"%s\"", i, what,
		    got != NULL ? got : "(null)",
		    want != NULL ? want : "(null)");
}

/* len bytes of s, alone in a heap block of exactly that size. */
static char *
exact_copy(const char *s, size_t len)
{
	char	*p;

	p = malloc(len > 0 ? len : 1);
	assert_non_null(p);
	if (len > 0)
		memcpy(p, s, len);
	return p;
}

static enum form_err
ue(struct arena *a, const char *s, size_t len, struct form *f)
{
	enum form_err	 e;
	char		*p;

	p = exact_copy(s, len);
	e = form_parse_urlencoded(a, p, len, f);
	free(p);
	return e;
}

static enum form_err
mp(struct arena *a, const char *ctype, const char *s, size_t len,
    struct form *f)
{
	enum form_err	 e;
	char		*p;

	p = exact_copy(s, len);
	e = form_parse_multipart(a, ctype, p, len, f);
	free(p);
	return e;
}

/* n copies of c, NUL-terminated, in the arena. */
static char *
repeat(struct arena *a, char c, size_t n)
{
	char	*s;

	s = arena_alloc(a, n + 1);
	assert_non_null(s);
	memset(s, c, n);
	return s;
}

/*
 * utf8_valid
 */

struct utf8_case {
	const char	*s;
	size_t		 len;
	int		 ok;
};

static const struct utf8_case utf8_cases[] = {
	{ S(""), 1 },
	{ S("plain ASCII ~"), 1 },
	{ S("\xC2\x80"), 1 },			/* U+0080, smallest 2-byte */
	{ S("\xDF\xBF"), 1 },			/* U+07FF */
	{ S("\xE0\xA0\x80"), 1 },		/* U+0800, smallest 3-byte */
	{ S("\xED\x9F\xBF"), 1 },		/* U+D7FF, below surrogates */
	{ S("\xEE\x80\x80"), 1 },		/* U+E000, above surrogates */
	{ S("\xEF\xBF\xBF"), 1 },		/* U+FFFF */
	{ S("\xF0\x90\x80\x80"), 1 },		/* U+10000, smallest 4-byte */
	{ S("\xF4\x8F\xBF\xBF"), 1 },		/* U+10FFFF, the last */
	{ S("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"), 1 },
	{ S("\x00"), 0 },			/* NUL */
	{ S("a\x00" "b"), 0 },
	{ S("\xC0\x80"), 0 },			/* overlong NUL */
	{ S("\xC0\xAF"), 0 },			/* overlong '/' */
	{ S("\xC1\xBF"), 0 },			/* overlong 2-byte */
	{ S("\xE0\x80\xAF"), 0 },		/* overlong 3-byte '/' */
	{ S("\xE0\x9F\xBF"), 0 },		/* overlong U+07FF */
	{ S("\xF0\x80\x80\xAF"), 0 },		/* overlong 4-byte '/' */
	{ S("\xF0\x8F\xBF\xBF"), 0 },		/* overlong U+FFFF */
	{ S("\xED\xA0\x80"), 0 },		/* U+D800 */
	{ S("\xED\xBF\xBF"), 0 },		/* U+DFFF */
	{ S("\xED\xA0\xBD\xED\xB8\x80"), 0 },	/* CESU-8 surrogate pair */
	{ S("\xF4\x90\x80\x80"), 0 },		/* U+110000 */
	{ S("\xF5\x80\x80\x80"), 0 },
	{ S("\xF7\xBF\xBF\xBF"), 0 },
	{ S("\xF8\x88\x80\x80\x80"), 0 },	/* old 5-byte form */
	{ S("\xFC\x84\x80\x80\x80\x80"), 0 },	/* old 6-byte form */
	{ S("\xFE"), 0 },
	{ S("\xFF"), 0 },
	{ S("\xC3"), 0 },			/* truncated 2-byte */
	{ S("\xE2\x82"), 0 },			/* truncated 3-byte */
	{ S("\xF0\x9F\x98"), 0 },		/* truncated 4-byte */
	{ S("ab\xE2"), 0 },			/* truncated at the end */
	{ S("\xC3" "a"), 0 },			/* lead byte then ASCII */
	{ S("\xE2\x28\xA1"), 0 },		/* bad second byte */
	{ S("\xE2\x82\x28"), 0 },		/* bad third byte */
	{ S("\xF0\x9F\x98\x28"), 0 },		/* bad fourth byte */
	{ S("\x80"), 0 },			/* stray continuation */
	{ S("\xBF"), 0 },
	{ S("a\x80" "b"), 0 },
	{ S("\xC3\xA9\xA9"), 0 },		/* one continuation too many */
};

static void
test_utf8_valid_table(void **state)
{
	const struct utf8_case	*c;
	char			*p;
	size_t			 i;

	for (i = 0; i < NELEM(utf8_cases); i++) {
		c = &utf8_cases[i];
		p = exact_copy(c->s, c->len);
		if (utf8_valid(p, c->len) != c->ok)
			fail_msg("case %zu: utf8_valid gave %d", i, !c->ok);
		free(p);
	}
}

static void
test_utf8_valid_stops_at_len(void **state)
{
	/* The bytes past len would make it invalid; they are not read. */
	assert_true(utf8_valid("ab\xFF", 2));
	/* A sequence cut by len is truncated even if the bytes follow. */
	assert_false(utf8_valid("\xC3\xA9", 1));
	assert_true(utf8_valid(NULL, 0));
}

/*
 * form_decode, form_strerror
 */

static void
test_form_decode_cases(void **state)
{
	struct arena	*a = *state;
	char		*d;
	size_t		 n;

	d = form_decode(a, S("a+b%20c%2B%2b%4a%4A"), 1, &n);
	assert_non_null(d);
	assert_string_equal(d, "a b c++JJ");
	assert_int_equal(n, 9);

	d = form_decode(a, S("a+b"), 0, &n);
	assert_non_null(d);
	assert_string_equal(d, "a+b");

	d = form_decode(a, S("x%00y"), 0, &n);
	assert_non_null(d);
	assert_int_equal(n, 3);
	assert_memory_equal(d, "x\0y", 3);

	assert_null(form_decode(a, S("%"), 1, &n));
	assert_null(form_decode(a, S("%4"), 1, &n));
	assert_null(form_decode(a, S("%zz"), 1, &n));
	assert_null(form_decode(a, S("%G1"), 1, &n));
	assert_null(form_decode(a, S("ok%1g"), 1, &n));
	/* "%41" cut after "%4" is malformed: len is respected. */
	assert_null(form_decode(a, "%41", 2, 1, &n));
	d = form_decode(a, "", 0, 1, NULL);
	assert_non_null(d);
	assert_string_equal(d, "");
}

static void
test_form_strerror_every_code(void **state)
{
	const char	*s[FORM_E__MAX];
	int		 i, j;

	for (i = 0; i < FORM_E__MAX; i++) {
		s[i] = form_strerror((enum form_err)i);
		assert_non_null(s[i]);
		assert_true(strlen(s[i]) > 0);
		for (j = 0; j < i; j++)
			assert_string_not_equal(s[i], s[j]);
	}
	assert_non_null(form_strerror(FORM_E__MAX));
	assert_string_equal(form_strerror(FORM_E__MAX),
	    form_strerror((enum form_err)1000));
}

/*
 * form_parse_urlencoded
 */

struct ue_case {
	const char	*in;
	size_t		 len;
	enum form_err	 err;
	size_t		 n;
	const char	*names[3];
	const char	*vals[3];
};

static const struct ue_case ue_cases[] = {
	{ S("a=1&b=2"), FORM_OK, 2, { "a", "b" }, { "1", "2" } },
	{ S(""), FORM_OK, 0, { NULL }, { NULL } },
	{ S("&"), FORM_OK, 0, { NULL }, { NULL } },
	{ S("&&&"), FORM_OK, 0, { NULL }, { NULL } },
	{ S("a=1&&b=2"), FORM_OK, 2, { "a", "b" }, { "1", "2" } },
	{ S("&a=1&"), FORM_OK, 1, { "a" }, { "1" } },
	{ S("=x"), FORM_OK, 0, { NULL }, { NULL } },
	{ S("="), FORM_OK, 0, { NULL }, { NULL } },
	{ S("=x&a=1"), FORM_OK, 1, { "a" }, { "1" } },
	{ S("a"), FORM_OK, 1, { "a" }, { "" } },
	{ S("a="), FORM_OK, 1, { "a" }, { "" } },
	{ S("a&b"), FORM_OK, 2, { "a", "b" }, { "", "" } },
	{ S("a=b=c"), FORM_OK, 1, { "a" }, { "b=c" } },
	{ S("a=1;b=2"), FORM_OK, 1, { "a" }, { "1;b=2" } },
	{ S("a=b+c%20d"), FORM_OK, 1, { "a" }, { "b c d" } },
	{ S("a+b=%2B%2b"), FORM_OK, 1, { "a b" }, { "++" } },
	{ S("%41=%4a%4A%e2%82%ac"), FORM_OK, 1, { "A" }, { "JJ\xE2\x82\xAC" } },
	{ S("q=caf\xC3\xA9"), FORM_OK, 1, { "q" }, { "caf\xC3\xA9" } },
	{ S("a=%26&b=%3D"), FORM_OK, 2, { "a", "b" }, { "&", "=" } },
	/* Malformed percent-encoding, in values and in names. */
	{ S("a=%"), FORM_E_ENCODING, 0, { NULL }, { NULL } },
	{ S("a=%4"), FORM_E_ENCODING, 0, { NULL }, { NULL } },
	{ S("a=%zz"), FORM_E_ENCODING, 0, { NULL }, { NULL } },
	{ S("a=%G1"), FORM_E_ENCODING, 0, { NULL }, { NULL } },
	{ S("a=%1G"), FORM_E_ENCODING, 0, { NULL }, { NULL } },
	{ S("a=%%41"), FORM_E_ENCODING, 0, { NULL }, { NULL } },
	{ S("a=%4&b=1"), FORM_E_ENCODING, 0, { NULL }, { NULL } },
	{ S("b=1&a=%"), FORM_E_ENCODING, 0, { NULL }, { NULL } },
	{ S("%"), FORM_E_ENCODING, 0, { NULL }, { NULL } },
	{ S("%=1"), FORM_E_ENCODING, 0, { NULL }, { NULL } },
	{ S("a%4=1"), FORM_E_ENCODING, 0, { NULL }, { NULL } },
	{ S("%zz=1"), FORM_E_ENCODING, 0, { NULL }, { NULL } },
	/* NUL, encoded or raw, in values and names. */
	{ S("a=%00"), FORM_E_NUL, 0, { NULL }, { NULL } },
	{ S("a=x%00y"), FORM_E_NUL, 0, { NULL }, { NULL } },
	{ S("%00=1"), FORM_E_NUL, 0, { NULL }, { NULL } },
	{ S("a=x\0y"), FORM_E_NUL, 0, { NULL }, { NULL } },
	/* Invalid UTF-8 after decoding, and raw. */
	{ S("a=%C3%28"), FORM_E_UTF8, 0, { NULL }, { NULL } },
	{ S("a=%C0%80"), FORM_E_UTF8, 0, { NULL }, { NULL } },
	{ S("a=%E0%80%AF"), FORM_E_UTF8, 0, { NULL }, { NULL } },
	{ S("a=%ED%A0%80"), FORM_E_UTF8, 0, { NULL }, { NULL } },
	{ S("a=%F4%90%80%80"), FORM_E_UTF8, 0, { NULL }, { NULL } },
	{ S("a=%E2%82"), FORM_E_UTF8, 0, { NULL }, { NULL } },
	{ S("a=%80"), FORM_E_UTF8, 0, { NULL }, { NULL } },
	{ S("a=%FF"), FORM_E_UTF8, 0, { NULL }, { NULL } },
	{ S("a=\xC3("), FORM_E_UTF8, 0, { NULL }, { NULL } },
	{ S("%FF=1"), FORM_E_UTF8, 0, { NULL }, { NULL } },
	/* Only len bytes are read. */
	{ "a=1&b=2", 3, FORM_OK, 1, { "a" }, { "1" } },
	{ "a=%41", 4, FORM_E_ENCODING, 0, { NULL }, { NULL } },
	{ "a=%41", 5, FORM_OK, 1, { "a" }, { "A" } },
};

static void
test_form_parse_urlencoded_table(void **state)
{
	struct arena		*a = *state;
	const struct ue_case	*c;
	struct form		 f;
	enum form_err		 e;
	size_t			 i, k;

	for (i = 0; i < NELEM(ue_cases); i++) {
		c = &ue_cases[i];
		e = ue(a, c->in, c->len, &f);
		if (e != c->err)
			fail_msg("case %zu: got %s, want %s", i,
			    form_strerror(e), form_strerror(c->err));
		if (f.n != c->n)
			fail_msg("case %zu: %zu fields, want %zu", i, f.n,
			    c->n);
		if (e != FORM_OK)
			assert_null(f.fields);
		for (k = 0; k < f.n; k++) {
			check_str(i, "name", f.fields[k].name, c->names[k]);
			check_str(i, "value", f.fields[k].value, c->vals[k]);
			assert_int_equal(f.fields[k].len, strlen(c->vals[k]));
			assert_null(f.fields[k].filename);
			assert_null(f.fields[k].ctype);
		}
	}
}

static void
test_form_parse_urlencoded_repeated_in_order(void **state)
{
	struct arena	*a = *state;
	struct form	 f;

	assert_int_equal(ue(a, S("a=1&b=2&a=3&a=&c=4"), &f), FORM_OK);
	assert_int_equal(f.n, 5);
	assert_string_equal(f.fields[0].value, "1");
	assert_string_equal(f.fields[2].name, "a");
	assert_string_equal(f.fields[2].value, "3");
	assert_string_equal(f.fields[3].name, "a");
	assert_string_equal(f.fields[3].value, "");
	assert_string_equal(f.fields[4].name, "c");
	assert_string_equal(form_get(&f, "a"), "1");
	assert_string_equal(form_get(&f, "c"), "4");
	assert_null(form_get(&f, "d"));
	assert_int_equal(form_count(&f, "a"), 3);
	assert_int_equal(form_count(&f, "b"), 1);
	assert_int_equal(form_count(&f, "d"), 0);
}

static void
test_form_parse_urlencoded_name_limit(void **state)
{
	struct arena	*a = *state;
	struct buf	 b;
	struct form	 f;
	size_t		 i;

	/* FORM_NAME_MAX bytes: kept. */
	buf_init(&b, a);
	buf_puts(&b, repeat(a, 'n', FORM_NAME_MAX));
	buf_puts(&b, "=1");
	assert_int_equal(ue(a, b.data, b.len, &f), FORM_OK);
	assert_int_equal(f.n, 1);
	assert_int_equal(strlen(f.fields[0].name), FORM_NAME_MAX);

	/* One more: refused. */
	buf_init(&b, a);
	buf_puts(&b, repeat(a, 'n', FORM_NAME_MAX + 1));
	buf_puts(&b, "=1");
	assert_int_equal(ue(a, b.data, b.len, &f), FORM_E_TOO_LONG);
	assert_int_equal(f.n, 0);

	/* The limit is on decoded bytes: %6E is one byte. */
	buf_init(&b, a);
	for (i = 0; i < FORM_NAME_MAX; i++)
		buf_puts(&b, "%6E");
	buf_puts(&b, "=1");
	assert_false(buf_failed(&b));
	assert_int_equal(ue(a, b.data, b.len, &f), FORM_OK);
	assert_string_equal(f.fields[0].name, repeat(a, 'n', FORM_NAME_MAX));
	buf_puts(&b, "&%6E%6E");
	buf_puts(&b, repeat(a, 'n', FORM_NAME_MAX - 1));
	assert_int_equal(ue(a, b.data, b.len, &f), FORM_E_TOO_LONG);
}

static void
test_form_parse_urlencoded_value_limit(void **state)
{
	struct arena	*a = *state;
	struct buf	 b;
	struct form	 f;
	size_t		 i;

	buf_init(&b, a);
	buf_puts(&b, "v=");
	buf_puts(&b, repeat(a, 'x', FORM_VALUE_MAX));
	assert_int_equal(ue(a, b.data, b.len, &f), FORM_OK);
	assert_int_equal(f.fields[0].len, FORM_VALUE_MAX);

	buf_putc(&b, 'x');
	assert_int_equal(ue(a, b.data, b.len, &f), FORM_E_TOO_LONG);

	/* Encoded, FORM_VALUE_MAX decoded bytes take three times as many. */
	buf_init(&b, a);
	buf_puts(&b, "v=");
	for (i = 0; i < FORM_VALUE_MAX / 2; i++)
		buf_puts(&b, "%C3%A9");		/* U+00E9, two bytes */
	assert_false(buf_failed(&b));
	assert_int_equal(ue(a, b.data, b.len, &f), FORM_OK);
	assert_int_equal(f.fields[0].len, FORM_VALUE_MAX);
	buf_puts(&b, "+");
	assert_int_equal(ue(a, b.data, b.len, &f), FORM_E_TOO_LONG);
}

static void
test_form_parse_urlencoded_field_limit(void **state)
{
	struct arena	*a = *state;
	struct buf	 b;
	struct form	 f;
	size_t		 i;

	buf_init(&b, a);
	for (i = 0; i < FORM_FIELDS_MAX; i++)
		buf_printf(&b, "%sf%zu=%zu", i ? "&" : "", i, i);
	assert_int_equal(ue(a, b.data, b.len, &f), FORM_OK);
	assert_int_equal(f.n, FORM_FIELDS_MAX);
	assert_string_equal(f.fields[FORM_FIELDS_MAX - 1].name, "f63");

	/* Skipped pairs do not count. */
	buf_puts(&b, "&&=skipped&");
	assert_int_equal(ue(a, b.data, b.len, &f), FORM_OK);
	assert_int_equal(f.n, FORM_FIELDS_MAX);

	buf_puts(&b, "&one=more");
	assert_int_equal(ue(a, b.data, b.len, &f), FORM_E_TOO_MANY);
	assert_int_equal(f.n, 0);
	assert_null(f.fields);
}

/*
 * form_parse_multipart
 */

#define CT_B	"multipart/form-data; boundary=B"

static const char good_body[] =
	"This preamble is ignored.\r\n"
	"--XyZ\r\n"
	"Content-Disposition: form-data; name=\"name\"\r\n"
	"\r\n"
	"Ada Lovelace\r\n"
	"--XyZ\r\n"
	"content-disposition: FORM-DATA; name=needs\r\n"
	"Content-Type: text/plain; charset=utf-8\r\n"
	"X-Ignored:   anything  \r\n"
	"\r\n"
	"Step-free access,\r\nplease\r\n"
	"--XyZ  \r\n"
	"Content-Disposition: form-data; name=\"photo\"; "
	    "filename=\"C:\\caf\xC3\xA9.png\"\r\n"
	"Content-Type: image/png\r\n"
	"\r\n"
	"\x89PNG\r\n\x1A\n\x00\xFF\xFE\r\n"
	"--XyZ--\r\n"
	"This epilogue is ignored, even --XyZ in it.";

static void
test_form_parse_multipart_good(void **state)
{
	struct arena	*a = *state;
	struct form	 f;
	static const char png[] = "\x89PNG\r\n\x1A\n\x00\xFF\xFE";

	assert_int_equal(mp(a, "multipart/form-data; boundary=XyZ",
	    S(good_body), &f), FORM_OK);
	assert_int_equal(f.n, 3);

	assert_string_equal(f.fields[0].name, "name");
	assert_string_equal(f.fields[0].value, "Ada Lovelace");
	assert_int_equal(f.fields[0].len, 12);
	assert_null(f.fields[0].filename);
	assert_string_equal(f.fields[0].ctype, "text/plain");

	assert_string_equal(f.fields[1].name, "needs");
	assert_string_equal(f.fields[1].value, "Step-free access,\r\nplease");
	assert_string_equal(f.fields[1].ctype, "text/plain; charset=utf-8");
	assert_null(f.fields[1].filename);

	assert_string_equal(f.fields[2].name, "photo");
	assert_string_equal(f.fields[2].filename, "C:\\caf\xC3\xA9.png");
	assert_string_equal(f.fields[2].ctype, "image/png");
	assert_int_equal(f.fields[2].len, sizeof(png) - 1);
	assert_memory_equal(f.fields[2].value, png, sizeof(png) - 1);
	assert_int_equal(f.fields[2].value[f.fields[2].len], '\0');

	assert_string_equal(form_get(&f, "needs"),
	    "Step-free access,\r\nplease");
}

/* A one-part body "a" = "1" delimited by bnd. */
static const char *
one_part(struct arena *a, const char *bnd, size_t *len)
{
	struct buf	 b;

	buf_init(&b, a);
	buf_printf(&b, "--%s\r\nContent-Disposition: form-data; name=\"a\""
	    "\r\n\r\n1\r\n--%s--\r\n", bnd, bnd);
	assert_false(buf_failed(&b));
	*len = b.len;
	return b.data;
}

struct bnd_case {
	const char	*ctype;
	const char	*bnd;		/* as used in the body */
	enum form_err	 err;
};

static const struct bnd_case bnd_cases[] = {
	{ "multipart/form-data; boundary=XyZ", "XyZ", FORM_OK },
	{ "multipart/form-data; boundary=\"XyZ\"", "XyZ", FORM_OK },
	{ "Multipart/Form-Data; BOUNDARY=XyZ", "XyZ", FORM_OK },
	{ "multipart/form-data;boundary=XyZ", "XyZ", FORM_OK },
	{ "  multipart/form-data ; boundary=XyZ ; ", "XyZ", FORM_OK },
	{ "multipart/form-data; charset=utf-8; boundary=XyZ", "XyZ", FORM_OK },
	{ "multipart/form-data; boundary=\"a'()+_,-./:=? z\"",
	    "a'()+_,-./:=? z", FORM_OK },
	{ "multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxk",
	    "----WebKitFormBoundary7MA4YWxk", FORM_OK },
	{ "multipart/form-data", "XyZ", FORM_E_BOUNDARY },
	{ "multipart/form-data;", "XyZ", FORM_E_BOUNDARY },
	{ "multipart/form-data; charset=utf-8", "XyZ", FORM_E_BOUNDARY },
	{ "multipart/form-data; boundary=", "XyZ", FORM_E_BOUNDARY },
	{ "multipart/form-data; boundary=\"\"", "XyZ", FORM_E_BOUNDARY },
	{ "multipart/form-data; boundary=\"XyZ", "XyZ", FORM_E_BOUNDARY },
	{ "multipart/form-data; boundary = XyZ", "XyZ", FORM_E_BOUNDARY },
	{ "multipart/form-data; boundary=XyZ; boundary=XyZ", "XyZ",
	    FORM_E_BOUNDARY },
	{ "multipart/form-data; boundary=\"XyZ \"", "XyZ ", FORM_E_BOUNDARY },
	{ "multipart/form-data; boundary=X@Z", "X@Z", FORM_E_BOUNDARY },
	{ "multipart/form-data; boundary=\"X;Z\"", "X;Z", FORM_E_BOUNDARY },
	{ "multipart/form-data; boundary=\"X\\Z\"", "X\\Z", FORM_E_BOUNDARY },
	{ "multipart/form-data; boundary=XyZ junk", "XyZ", FORM_E_BOUNDARY },
	{ "multipart/form-datax; boundary=XyZ", "XyZ", FORM_E_BOUNDARY },
	{ "multipart/mixed; boundary=XyZ", "XyZ", FORM_E_BOUNDARY },
	{ "application/x-www-form-urlencoded", "XyZ", FORM_E_BOUNDARY },
	{ "", "XyZ", FORM_E_BOUNDARY },
	{ NULL, "XyZ", FORM_E_BOUNDARY },
};

static void
test_form_parse_multipart_boundary_table(void **state)
{
	struct arena		*a = *state;
	const struct bnd_case	*c;
	const char		*body;
	struct form		 f;
	enum form_err		 e;
	size_t			 i, len;

	for (i = 0; i < NELEM(bnd_cases); i++) {
		c = &bnd_cases[i];
		body = one_part(a, c->bnd, &len);
		e = mp(a, c->ctype, body, len, &f);
		if (e != c->err)
			fail_msg("case %zu: got %s, want %s", i,
			    form_strerror(e), form_strerror(c->err));
		if (e == FORM_OK) {
			assert_int_equal(f.n, 1);
			assert_string_equal(f.fields[0].value, "1");
		} else
			assert_int_equal(f.n, 0);
	}
}

static void
test_form_parse_multipart_boundary_length(void **state)
{
	struct arena	*a = *state;
	const char	*bnd, *body;
	char		*ctype;
	struct form	 f;
	size_t		 len;

	bnd = repeat(a, 'b', FORM_BOUNDARY_MAX);
	body = one_part(a, bnd, &len);
	ctype = arena_printf(a, "multipart/form-data; boundary=%s", bnd);
	assert_int_equal(mp(a, ctype, body, len, &f), FORM_OK);
	assert_int_equal(f.n, 1);

	bnd = repeat(a, 'b', FORM_BOUNDARY_MAX + 1);
	body = one_part(a, bnd, &len);
	ctype = arena_printf(a, "multipart/form-data; boundary=\"%s\"", bnd);
	assert_int_equal(mp(a, ctype, body, len, &f), FORM_E_BOUNDARY);
}

#define CD_A	"Content-Disposition: form-data; name=\"a\"\r\n"

struct mp_case {
	const char	*body;
	size_t		 len;
	enum form_err	 err;
	size_t		 n;
};

static const struct mp_case mp_cases[] = {
	/* Framing that holds. */
	{ S("--B\r\n" CD_A "\r\n1\r\n--B--"), FORM_OK, 1 },
	{ S("--B \t\r\n" CD_A "\r\n1\r\n--B--\r\n"), FORM_OK, 1 },
	{ S("junk\r\n--B\r\n" CD_A "\r\n1\r\n--B--junk"), FORM_OK, 1 },
	{ S("--B\r\n" CD_A "\r\n\r\n--B--"), FORM_OK, 1 },	/* empty */
	{ S("--B--\r\n"), FORM_OK, 0 },
	{ S("--B\r\nContent-Disposition: form-data; name=\"\"\r\n\r\n1\r\n"
	    "--B\r\n" CD_A "\r\n2\r\n--B--"), FORM_OK, 1 },
	{ S("--B\r\nContent-Disposition: form-data; name=\"a\"; "
	    "filename=\"\"\r\n\r\n\r\n--B--"), FORM_OK, 1 },
	{ S("--B\r\nContent-Disposition: form-data; name=\"a\"; "
	    "filename*=UTF-8''x.txt; size=3\r\n\r\n1\r\n--B--"), FORM_OK, 1 },
	/* Missing, truncated or broken framing. */
	{ S(""), FORM_E_ENCODING, 0 },
	{ S("a=1&b=2"), FORM_E_ENCODING, 0 },
	{ S("--B"), FORM_E_ENCODING, 0 },
	{ S("--B\r\n"), FORM_E_ENCODING, 0 },
	{ S("--B\r\nContent-Disposition: form-da"), FORM_E_ENCODING, 0 },
	{ S("--B\r\n" CD_A), FORM_E_ENCODING, 0 },
	{ S("--B\r\n" CD_A "\r\n12"), FORM_E_ENCODING, 0 },
	{ S("--B\r\n" CD_A "\r\n1\r\n"), FORM_E_ENCODING, 0 },
	{ S("--B\r\n" CD_A "\r\n1\r\n--B"), FORM_E_ENCODING, 0 },
	{ S("--B\r\n" CD_A "\r\n1\r\n--B-"), FORM_E_ENCODING, 0 },
	{ S("--B\r\n" CD_A "\r\n1\r\n--B\r\n"), FORM_E_ENCODING, 0 },
	{ S("--B\r\n" CD_A "\r\n1\r\n--B\r\n" CD_A "\r\n2"),
	    FORM_E_ENCODING, 0 },
	{ S("--B\r\n" CD_A "\r\n1\r\n--Bx\r\n" CD_A "\r\n2\r\n--B--"),
	    FORM_E_ENCODING, 0 },
	{ S("--Bx\r\n" CD_A "\r\n1\r\n--B--"), FORM_E_ENCODING, 0 },
	{ S("--B\n" CD_A "\n1\n--B--"), FORM_E_ENCODING, 0 },
	/* Headers that do not say what the part is. */
	{ S("--B\r\n\r\n1\r\n--B--"), FORM_E_ENCODING, 0 },
	{ S("--B\r\nContent-Type: text/plain\r\n\r\n1\r\n--B--"),
	    FORM_E_ENCODING, 0 },
	{ S("--B\r\nContent-Disposition: form-data\r\n\r\n1\r\n--B--"),
	    FORM_E_ENCODING, 0 },
	{ S("--B\r\nContent-Disposition: form-data; filename=\"x\"\r\n"
	    "\r\n1\r\n--B--"), FORM_E_ENCODING, 0 },
	{ S("--B\r\nContent-Disposition: attachment; name=\"a\"\r\n"
	    "\r\n1\r\n--B--"), FORM_E_ENCODING, 0 },
	{ S("--B\r\nContent-Disposition: form-data; name=\"a\"; name=\"b\""
	    "\r\n\r\n1\r\n--B--"), FORM_E_ENCODING, 0 },
	{ S("--B\r\nContent-Disposition: form-data; name=\"a\r\n\r\n1\r\n"
	    "--B--"), FORM_E_ENCODING, 0 },
	{ S("--B\r\n" CD_A CD_A "\r\n1\r\n--B--"), FORM_E_ENCODING, 0 },
	{ S("--B\r\n" CD_A "Content-Type: a\r\nContent-Type: b\r\n"
	    "\r\n1\r\n--B--"), FORM_E_ENCODING, 0 },
	{ S("--B\r\n" CD_A "No colon here\r\n\r\n1\r\n--B--"),
	    FORM_E_ENCODING, 0 },
	{ S("--B\r\n" CD_A "Bad Name: x\r\n\r\n1\r\n--B--"),
	    FORM_E_ENCODING, 0 },
	{ S("--B\r\n" CD_A " folded: x\r\n\r\n1\r\n--B--"),
	    FORM_E_ENCODING, 0 },
	{ S("--B\r\n" CD_A "X-A: 1\nX-B: 2\r\n\r\n1\r\n--B--"),
	    FORM_E_ENCODING, 0 },
	{ S("--B\r\n" CD_A "X-A: 1\r2\r\n\r\n1\r\n--B--"),
	    FORM_E_ENCODING, 0 },
	/* Bad bytes in headers, names and text values. */
	{ S("--B\r\n" CD_A "X-A: 1\0" "2\r\n\r\n1\r\n--B--"), FORM_E_NUL, 0 },
	{ S("--B\r\n" CD_A "\r\n1\0" "2\r\n--B--"), FORM_E_NUL, 0 },
	{ S("--B\r\n" CD_A "\r\n\xC3(\r\n--B--"), FORM_E_UTF8, 0 },
	{ S("--B\r\n" CD_A "\r\n\xED\xA0\x80\r\n--B--"), FORM_E_UTF8, 0 },
	{ S("--B\r\nContent-Disposition: form-data; name=\"\xFF\"\r\n"
	    "\r\n1\r\n--B--"), FORM_E_UTF8, 0 },
	{ S("--B\r\nContent-Disposition: form-data; name=\"f\"; "
	    "filename=\"\xC0\xAF.txt\"\r\n\r\n1\r\n--B--"), FORM_E_UTF8, 0 },
	{ S("--B\r\nContent-Disposition: form-data; name=\"f\"; "
	    "filename=\"a\0.txt\"\r\n\r\n1\r\n--B--"), FORM_E_NUL, 0 },
	/* A file part may hold any bytes. */
	{ S("--B\r\nContent-Disposition: form-data; name=\"f\"; "
	    "filename=\"x.bin\"\r\n\r\n\0\xFF\xC3(\r\n--B--"), FORM_OK, 1 },
};

static void
test_form_parse_multipart_table(void **state)
{
	struct arena		*a = *state;
	const struct mp_case	*c;
	struct form		 f;
	enum form_err		 e;
	size_t			 i;

	for (i = 0; i < NELEM(mp_cases); i++) {
		c = &mp_cases[i];
		e = mp(a, CT_B, c->body, c->len, &f);
		if (e != c->err)
			fail_msg("case %zu: got %s, want %s", i,
			    form_strerror(e), form_strerror(c->err));
		if (f.n != c->n)
			fail_msg("case %zu: %zu fields, want %zu", i, f.n,
			    c->n);
	}
}

static void
test_form_parse_multipart_empty_and_binary(void **state)
{
	struct arena	*a = *state;
	struct form	 f;

	/* An empty file input: filename "" and no bytes. */
	assert_int_equal(mp(a, CT_B, S("--B\r\nContent-Disposition: "
	    "form-data; name=\"f\"; filename=\"\"\r\nContent-Type: "
	    "application/octet-stream\r\n\r\n\r\n--B--"), &f), FORM_OK);
	assert_int_equal(f.n, 1);
	assert_string_equal(f.fields[0].filename, "");
	assert_int_equal(f.fields[0].len, 0);
	assert_string_equal(f.fields[0].ctype, "application/octet-stream");

	assert_int_equal(mp(a, CT_B, S("--B\r\nContent-Disposition: "
	    "form-data; name=\"f\"; filename=\"x\"\r\n\r\n\0\r\n\xFF\r\n--B--"),
	    &f), FORM_OK);
	assert_int_equal(f.fields[0].len, 4);
	assert_memory_equal(f.fields[0].value, "\0\r\n\xFF", 4);

	/* Only len bytes are read: the close cut off is truncation. */
	assert_int_equal(mp(a, CT_B, "--B\r\n" CD_A "\r\n1\r\n--B--",
	    sizeof("--B\r\n" CD_A "\r\n1\r\n--B--") - 3, &f),
	    FORM_E_ENCODING);
}

/* A body of one part with the given extra header lines and value. */
static const char *
with_headers(struct arena *a, const char *headers, const char *filename,
    const char *value, size_t vlen, size_t *len)
{
	struct buf	 b;

	buf_init(&b, a);
	buf_puts(&b, "--B\r\nContent-Disposition: form-data; name=\"a\"");
	if (filename != NULL)
		buf_printf(&b, "; filename=\"%s\"", filename);
	buf_puts(&b, "\r\n");
	buf_puts(&b, headers);
	buf_puts(&b, "\r\n");
	buf_append(&b, value, vlen);
	buf_puts(&b, "\r\n--B--\r\n");
	assert_false(buf_failed(&b));
	*len = b.len;
	return b.data;
}

static void
test_form_parse_multipart_header_limits(void **state)
{
	struct arena	*a = *state;
	struct buf	 h;
	const char	*body;
	struct form	 f;
	size_t		 len, i;

	/* A line of exactly FORM_PART_LINE_MAX bytes before its CRLF. */
	buf_init(&h, a);
	buf_puts(&h, "X-Pad: ");
	buf_puts(&h, repeat(a, 'p', FORM_PART_LINE_MAX - 7));
	buf_puts(&h, "\r\n");
	assert_int_equal(h.len, FORM_PART_LINE_MAX + 2);
	body = with_headers(a, h.data, NULL, "1", 1, &len);
	assert_int_equal(mp(a, CT_B, body, len, &f), FORM_OK);
	assert_int_equal(f.n, 1);

	/* One byte more. */
	buf_init(&h, a);
	buf_puts(&h, "X-Pad: ");
	buf_puts(&h, repeat(a, 'p', FORM_PART_LINE_MAX - 6));
	buf_puts(&h, "\r\n");
	body = with_headers(a, h.data, NULL, "1", 1, &len);
	assert_int_equal(mp(a, CT_B, body, len, &f), FORM_E_ENCODING);

	/* A huge one. */
	buf_init(&h, a);
	buf_puts(&h, "X-Pad: ");
	buf_puts(&h, repeat(a, 'p', 100 * 1024));
	buf_puts(&h, "\r\n");
	body = with_headers(a, h.data, NULL, "1", 1, &len);
	assert_int_equal(mp(a, CT_B, body, len, &f), FORM_E_ENCODING);

	/* FORM_PART_HEADERS_MAX lines, Content-Disposition among them. */
	buf_init(&h, a);
	for (i = 1; i < FORM_PART_HEADERS_MAX; i++)
		buf_printf(&h, "X-Pad-%zu: %zu\r\n", i, i);
	body = with_headers(a, h.data, NULL, "1", 1, &len);
	assert_int_equal(mp(a, CT_B, body, len, &f), FORM_OK);
	buf_puts(&h, "X-One-More: 1\r\n");
	body = with_headers(a, h.data, NULL, "1", 1, &len);
	assert_int_equal(mp(a, CT_B, body, len, &f), FORM_E_ENCODING);
}

static void
test_form_parse_multipart_value_limits(void **state)
{
	struct arena	*a = *state;
	const char	*body, *v;
	struct form	 f;
	size_t		 len;

	v = repeat(a, 'x', FORM_FILE_MAX + 1);
	body = with_headers(a, "", NULL, v, FORM_VALUE_MAX, &len);
	assert_int_equal(mp(a, CT_B, body, len, &f), FORM_OK);
	assert_int_equal(f.fields[0].len, FORM_VALUE_MAX);
	body = with_headers(a, "", NULL, v, FORM_VALUE_MAX + 1, &len);
	assert_int_equal(mp(a, CT_B, body, len, &f), FORM_E_TOO_LONG);

	/* A file part may be larger, up to FORM_FILE_MAX. */
	body = with_headers(a, "", "big.txt", v, FORM_VALUE_MAX + 1, &len);
	assert_int_equal(mp(a, CT_B, body, len, &f), FORM_OK);
	body = with_headers(a, "", "big.txt", v, FORM_FILE_MAX, &len);
	assert_int_equal(mp(a, CT_B, body, len, &f), FORM_OK);
	assert_int_equal(f.fields[0].len, FORM_FILE_MAX);
	body = with_headers(a, "", "big.txt", v, FORM_FILE_MAX + 1, &len);
	assert_int_equal(mp(a, CT_B, body, len, &f), FORM_E_TOO_LONG);
	assert_int_equal(f.n, 0);
}

static void
test_form_parse_multipart_field_limit(void **state)
{
	struct arena	*a = *state;
	struct buf	 b;
	struct form	 f;
	size_t		 i, len;

	buf_init(&b, a);
	for (i = 0; i < FORM_FIELDS_MAX; i++)
		buf_printf(&b, "--B\r\nContent-Disposition: form-data; "
		    "name=\"f%zu\"\r\n\r\n%zu\r\n", i, i);
	len = b.len;
	buf_puts(&b, "--B--");
	assert_int_equal(mp(a, CT_B, b.data, b.len, &f), FORM_OK);
	assert_int_equal(f.n, FORM_FIELDS_MAX);
	assert_string_equal(f.fields[FORM_FIELDS_MAX - 1].name, "f63");
	assert_string_equal(f.fields[FORM_FIELDS_MAX - 1].value, "63");

	b.len = len;
	buf_puts(&b, "--B\r\n" CD_A "\r\nmore\r\n--B--");
	assert_int_equal(mp(a, CT_B, b.data, b.len, &f), FORM_E_TOO_MANY);
	assert_int_equal(f.n, 0);
}

static void
test_form_parse_multipart_name_limit(void **state)
{
	struct arena	*a = *state;
	struct form	 f;
	char		*body;

	body = arena_printf(a, "--B\r\nContent-Disposition: form-data; "
	    "name=\"%s\"\r\n\r\n1\r\n--B--", repeat(a, 'n', FORM_NAME_MAX));
	assert_int_equal(mp(a, CT_B, body, strlen(body), &f), FORM_OK);
	body = arena_printf(a, "--B\r\nContent-Disposition: form-data; "
	    "name=\"%s\"\r\n\r\n1\r\n--B--",
	    repeat(a, 'n', FORM_NAME_MAX + 1));
	assert_int_equal(mp(a, CT_B, body, strlen(body), &f),
	    FORM_E_TOO_LONG);
}

/*
 * form_validate
 */

static const char *const modes[] = { "online", "in-person", NULL };

struct vcase {
	enum form_type		 type;
	int			 required;
	size_t			 min_len, max_len;
	long long		 min, max;
	const char *const	*choices;
	const char		*raw;	/* NULL: not sent */
	const char		*value;	/* the normalised value, if valid */
	const char		*error;	/* the message, if not */
	long long		 ival;
};

#define LABEL	"Your answer"
#define E_MISSING	"Enter your answer"
#define E_LINE		LABEL " must be a single line of text"
#define E_EMAIL		"Enter an email address like name@example.org"
#define E_INT_1_10	LABEL " must be a whole number from 1 to 10"
#define E_INT_5		LABEL " must be a whole number from -5 to 5"
#define E_INT		LABEL " must be a whole number"
#define E_DATE		LABEL " must be a real date, like 2026-03-14"
#define E_TIME		LABEL " must be a time like 09:30"
#define E_ONEOF		"Choose one of the options for your answer"
#define E_TOKEN		LABEL " must use only letters, numbers, hyphens " \
			"and underscores"

/* Shorthands: type, required, min_len, max_len. */
#define TEXT(r, lo, hi)	FT_TEXT, (r), (lo), (hi), 0, 0, NULL
#define LINE(r)		FT_LINE, (r), 0, 0, 0, 0, NULL
#define EMAIL(r)	FT_EMAIL, (r), 0, 0, 0, 0, NULL
#define INT(lo, hi)	FT_INT, 0, 0, 0, (lo), (hi), NULL
#define DATE(r)		FT_DATE, (r), 0, 0, 0, 0, NULL
#define TIME(r)		FT_TIME, (r), 0, 0, 0, 0, NULL
#define ONEOF(r, c)	FT_ONEOF, (r), 0, 0, 0, 0, (c)
#define BOX(r)		FT_CHECKBOX, (r), 0, 0, 0, 0, NULL
#define TOKEN(hi)	FT_TOKEN, 0, 0, (hi), 0, 0, NULL

static const struct vcase vcases[] = {
	/* FT_TEXT: absence, trimming, lengths in characters. */
	{ TEXT(0, 0, 0), NULL, NULL, NULL, 0 },
	{ TEXT(1, 0, 0), NULL, NULL, E_MISSING, 0 },
	{ TEXT(1, 0, 0), "", NULL, E_MISSING, 0 },
	{ TEXT(1, 0, 0), " \t\r\n", NULL, E_MISSING, 0 },
	{ TEXT(0, 0, 0), " \t\r\n", NULL, NULL, 0 },
	{ TEXT(1, 0, 0), "  hi there \t\r\n", "hi there", NULL, 0 },
	{ TEXT(0, 0, 0), "line one\r\nline two", "line one\r\nline two",
	    NULL, 0 },
	{ TEXT(0, 0, 3), "h\xC3\xA9\xC3\xA9", "h\xC3\xA9\xC3\xA9", NULL, 0 },
	{ TEXT(0, 0, 3), "\xE2\x82\xAC\xF0\x9F\x98\x80\xC3\xA9",
	    "\xE2\x82\xAC\xF0\x9F\x98\x80\xC3\xA9", NULL, 0 },
	{ TEXT(0, 0, 3), "h\xC3\xA9\xC3\xA9l", NULL,
	    LABEL " must be at most 3 characters", 0 },
	{ TEXT(0, 0, 3), "  abc  ", "abc", NULL, 0 },
	{ TEXT(0, 0, 1), "ab", NULL, LABEL " must be at most 1 character", 0 },
	{ TEXT(0, 2, 0), "a", NULL, LABEL " must be at least 2 characters", 0 },
	{ TEXT(0, 2, 0), " a ", NULL,
	    LABEL " must be at least 2 characters", 0 },
	{ TEXT(0, 2, 0), "\xC3\xA9", NULL,
	    LABEL " must be at least 2 characters", 0 },
	{ TEXT(0, 2, 0), "ab", "ab", NULL, 0 },

	/* FT_LINE: no C0 control and no DEL inside. */
	{ LINE(0), " one line ", "one line", NULL, 0 },
	{ LINE(0), "caf\xC3\xA9", "caf\xC3\xA9", NULL, 0 },
	{ LINE(0), "a\nb", NULL, E_LINE, 0 },
	{ LINE(0), "a\r\nb", NULL, E_LINE, 0 },
	{ LINE(0), "a\tb", NULL, E_LINE, 0 },
	{ LINE(0), "a\x7F", NULL, E_LINE, 0 },
	{ LINE(0), "\x1B[31mred", NULL, E_LINE, 0 },
	{ LINE(0), "a\x01", NULL, E_LINE, 0 },
	{ LINE(1), "\r\n", NULL, E_MISSING, 0 },

	/* FT_EMAIL: trimmed, lowercased, then shape. */
	{ EMAIL(1), "  Name@Example.ORG \r\n", "name@example.org", NULL, 0 },
	{ EMAIL(0), "a@b.co", "a@b.co", NULL, 0 },
	{ EMAIL(0), "first.last+tag@mail.example.org",
	    "first.last+tag@mail.example.org", NULL, 0 },
	{ EMAIL(1), NULL, NULL, E_MISSING, 0 },
	{ EMAIL(1), "   ", NULL, E_MISSING, 0 },
	{ EMAIL(0), "a@b", NULL, E_EMAIL, 0 },
	{ EMAIL(0), "@example.org", NULL, E_EMAIL, 0 },
	{ EMAIL(0), "name.example.org", NULL, E_EMAIL, 0 },
	{ EMAIL(0), "a@", NULL, E_EMAIL, 0 },
	{ EMAIL(0), "a@@example.org", NULL, E_EMAIL, 0 },
	{ EMAIL(0), "a@b@example.org", NULL, E_EMAIL, 0 },
	{ EMAIL(0), "a b@example.org", NULL, E_EMAIL, 0 },
	{ EMAIL(0), "a@exa mple.org", NULL, E_EMAIL, 0 },
	{ EMAIL(0), "a@example.org\nb", NULL, E_EMAIL, 0 },
	{ EMAIL(0), "a\t@example.org", NULL, E_EMAIL, 0 },
	{ EMAIL(0), "a@.example.org", NULL, E_EMAIL, 0 },
	{ EMAIL(0), "a@example.org.", NULL, E_EMAIL, 0 },
	{ EMAIL(0), "a@example..org", NULL, E_EMAIL, 0 },
	{ EMAIL(0), "a@.", NULL, E_EMAIL, 0 },

	/* FT_INT: digits with an optional '-', nothing else; range. */
	{ INT(1, 10), "1", "1", NULL, 1 },
	{ INT(1, 10), "10", "10", NULL, 10 },
	{ INT(1, 10), "007", "7", NULL, 7 },
	{ INT(1, 10), NULL, NULL, NULL, 0 },
	{ INT(1, 10), "", NULL, NULL, 0 },
	{ INT(1, 10), "0", NULL, E_INT_1_10, 0 },
	{ INT(1, 10), "11", NULL, E_INT_1_10, 0 },
	{ INT(1, 10), "-1", NULL, E_INT_1_10, 0 },
	{ INT(1, 10), "+1", NULL, E_INT_1_10, 0 },
	{ INT(1, 10), " 1", NULL, E_INT_1_10, 0 },
	{ INT(1, 10), "1 ", NULL, E_INT_1_10, 0 },
	{ INT(1, 10), " ", NULL, E_INT_1_10, 0 },
	{ INT(1, 10), "1 0", NULL, E_INT_1_10, 0 },
	{ INT(1, 10), "1.0", NULL, E_INT_1_10, 0 },
	{ INT(1, 10), "1e1", NULL, E_INT_1_10, 0 },
	{ INT(1, 10), "0x5", NULL, E_INT_1_10, 0 },
	{ INT(1, 10), "-", NULL, E_INT_1_10, 0 },
	{ INT(1, 10), "--1", NULL, E_INT_1_10, 0 },
	{ INT(1, 10), "5x", NULL, E_INT_1_10, 0 },
	{ INT(1, 10), "\xD9\xA5", NULL, E_INT_1_10, 0 },	/* Arabic 5 */
	{ INT(1, 10), "99999999999999999999", NULL, E_INT_1_10, 0 },
	{ INT(-5, 5), "-0", "0", NULL, 0 },
	{ INT(-5, 5), "-5", "-5", NULL, -5 },
	{ INT(-5, 5), "5", "5", NULL, 5 },
	{ INT(-5, 5), "-6", NULL, E_INT_5, 0 },
	{ INT(0, 0), "99999999999999999999", NULL, E_INT, 0 },
	{ INT(0, 0), "-99999999999999999999", NULL, E_INT, 0 },
	{ INT(0, 0), "9223372036854775807", "9223372036854775807", NULL,
	    9223372036854775807LL },
	{ INT(0, 0), "-9223372036854775808", "-9223372036854775808", NULL,
	    -9223372036854775807LL - 1 },
	{ INT(0, 0), "9223372036854775808", NULL, E_INT, 0 },
	{ INT(0, 0), "-9223372036854775809", NULL, E_INT, 0 },

	/* FT_DATE: YYYY-MM-DD, a day that exists, 1900 to 9999. */
	{ DATE(0), "2026-03-14", "2026-03-14", NULL, 0 },
	{ DATE(0), "2024-02-29", "2024-02-29", NULL, 0 },
	{ DATE(0), "2000-02-29", "2000-02-29", NULL, 0 },
	{ DATE(0), "2026-04-30", "2026-04-30", NULL, 0 },
	{ DATE(0), "2026-12-31", "2026-12-31", NULL, 0 },
	{ DATE(0), "1900-01-01", "1900-01-01", NULL, 0 },
	{ DATE(0), "9999-12-31", "9999-12-31", NULL, 0 },
	{ DATE(1), NULL, NULL, E_MISSING, 0 },
	{ DATE(0), "2023-02-29", NULL, E_DATE, 0 },
	{ DATE(0), "1900-02-29", NULL, E_DATE, 0 },
	{ DATE(0), "2026-02-30", NULL, E_DATE, 0 },
	{ DATE(0), "2026-04-31", NULL, E_DATE, 0 },
	{ DATE(0), "2026-13-01", NULL, E_DATE, 0 },
	{ DATE(0), "2026-00-10", NULL, E_DATE, 0 },
	{ DATE(0), "2026-01-00", NULL, E_DATE, 0 },
	{ DATE(0), "2026-01-32", NULL, E_DATE, 0 },
	{ DATE(0), "2026-1-01", NULL, E_DATE, 0 },
	{ DATE(0), "2026-01-1", NULL, E_DATE, 0 },
	{ DATE(0), "1899-12-31", NULL, E_DATE, 0 },
	{ DATE(0), "0000-01-01", NULL, E_DATE, 0 },
	{ DATE(0), "10000-01-01", NULL, E_DATE, 0 },
	{ DATE(0), "2026/03/14", NULL, E_DATE, 0 },
	{ DATE(0), "14-03-2026", NULL, E_DATE, 0 },
	{ DATE(0), "20260314", NULL, E_DATE, 0 },
	{ DATE(0), "2026-03-14 ", NULL, E_DATE, 0 },
	{ DATE(0), "2026-+3-14", NULL, E_DATE, 0 },
	{ DATE(0), "2026-03-1x", NULL, E_DATE, 0 },

	/* FT_TIME: HH:MM, 00:00 to 23:59. */
	{ TIME(0), "23:59", "23:59", NULL, 0 },
	{ TIME(0), "00:00", "00:00", NULL, 0 },
	{ TIME(0), "09:30", "09:30", NULL, 0 },
	{ TIME(1), "", NULL, E_MISSING, 0 },
	{ TIME(0), "24:00", NULL, E_TIME, 0 },
	{ TIME(0), "09:60", NULL, E_TIME, 0 },
	{ TIME(0), "9:30", NULL, E_TIME, 0 },
	{ TIME(0), "09:3", NULL, E_TIME, 0 },
	{ TIME(0), "09:30:00", NULL, E_TIME, 0 },
	{ TIME(0), "0930", NULL, E_TIME, 0 },
	{ TIME(0), "09.30", NULL, E_TIME, 0 },
	{ TIME(0), " 9:30", NULL, E_TIME, 0 },

	/* FT_ONEOF: an exact match. */
	{ ONEOF(1, modes), "online", "online", NULL, 0 },
	{ ONEOF(1, modes), "in-person", "in-person", NULL, 0 },
	{ ONEOF(1, modes), NULL, NULL, E_ONEOF, 0 },
	{ ONEOF(1, modes), "", NULL, E_ONEOF, 0 },
	{ ONEOF(0, modes), "", NULL, NULL, 0 },
	{ ONEOF(1, modes), "Online", NULL, E_ONEOF, 0 },
	{ ONEOF(1, modes), "online ", NULL, E_ONEOF, 0 },
	{ ONEOF(1, modes), "onlin", NULL, E_ONEOF, 0 },
	{ ONEOF(1, NULL), "online", NULL, E_ONEOF, 0 },

	/* FT_CHECKBOX: present or not, never missing. */
	{ BOX(1), NULL, NULL, NULL, 0 },
	{ BOX(0), "on", "on", NULL, 1 },
	{ BOX(1), "", "", NULL, 1 },

	/* FT_TOKEN: [A-Za-z0-9_-]. */
	{ TOKEN(0), "abc_DEF-123", "abc_DEF-123", NULL, 0 },
	{ TOKEN(0), "a b", NULL, E_TOKEN, 0 },
	{ TOKEN(0), " ab", NULL, E_TOKEN, 0 },
	{ TOKEN(0), "a.b", NULL, E_TOKEN, 0 },
	{ TOKEN(0), "a/b", NULL, E_TOKEN, 0 },
	{ TOKEN(0), "caf\xC3\xA9", NULL, E_TOKEN, 0 },
	{ TOKEN(3), "abc", "abc", NULL, 0 },
	{ TOKEN(3), "abcd", NULL, LABEL " must be at most 3 characters", 0 },
};

static void
test_form_validate_table(void **state)
{
	struct arena		*a = *state;
	const struct vcase	*c;
	struct form_field	 fld;
	struct form		 f;
	struct form_spec	 sp;
	struct form_value	 v;
	size_t			 i;
	int			 r;

	for (i = 0; i < NELEM(vcases); i++) {
		c = &vcases[i];
		memset(&fld, 0, sizeof(fld));
		fld.name = "x";
		fld.value = c->raw;
		fld.len = c->raw != NULL ? strlen(c->raw) : 0;
		f.fields = &fld;
		f.n = c->raw != NULL ? 1 : 0;
		memset(&sp, 0, sizeof(sp));
		sp.name = "x";
		sp.label = LABEL;
		sp.type = c->type;
		sp.required = c->required;
		sp.min_len = c->min_len;
		sp.max_len = c->max_len;
		sp.min = c->min;
		sp.max = c->max;
		sp.choices = c->choices;
		memset(&v, 0xA5, sizeof(v));

		r = form_validate(a, &f, &sp, 1, &v);
		if (r != (c->error != NULL ? 1 : 0))
			fail_msg("case %zu (%s): form_validate gave %d", i,
			    c->raw != NULL ? c->raw : "absent", r);
		if (v.raw != c->raw)
			fail_msg("case %zu: raw is not what was sent", i);
		check_str(i, "value", v.value, c->value);
		check_str(i, "error", v.error, c->error);
		if (v.ival != c->ival)
			fail_msg("case %zu: ival %lld, want %lld", i, v.ival,
			    c->ival);
	}
}

/*
 * Bidirectional controls are refused in every free-text type, one by
 * one, wherever they sit; look-alikes next to them (U+200D, U+2065,
 * U+202F, U+061B) and ordinary right-to-left text are not.
 */
static void
test_form_validate_bidi_controls(void **state)
{
	static const char *const refused[] = {
		"\xe2\x80\xaa", "\xe2\x80\xab", "\xe2\x80\xac",
		"\xe2\x80\xad", "\xe2\x80\xae",		/* U+202A..E */
		"\xe2\x81\xa6", "\xe2\x81\xa7", "\xe2\x81\xa8",
		"\xe2\x81\xa9",				/* U+2066..9 */
		"\xe2\x80\x8e", "\xe2\x80\x8f",		/* LRM, RLM */
		"\xd8\x9c",					/* ALM */
	};
	static const char *const kept[] = {
		"\xe2\x80\x8d", "\xe2\x81\xa5", "\xe2\x80\xaf",
		"\xd8\x9b", "\xd9\x85\xd8\xad\xd9\x85\xd8\xaf",	/* "محمد" */
	};
	static const enum form_type types[] = { FT_LINE, FT_TEXT };
	struct arena		*a = *state;
	struct form_field	 fld;
	struct form		 f = { &fld, 1 };
	struct form_spec	 sp = { "name", "Your name", FT_LINE,
				    1, 0, 100, 0, 0, NULL };
	struct form_value	 v;
	const char		*s;
	size_t			 i, t, at;

	memset(&fld, 0, sizeof(fld));
	fld.name = "name";
	for (t = 0; t < sizeof(types) / sizeof(types[0]); t++) {
		sp.type = types[t];
		for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
			for (at = 0; at < 3; at++) {
				s = at == 0 ? arena_printf(a, "%sAda", refused[i]) :
				    at == 1 ? arena_printf(a, "Ada %s Lovelace",
				    refused[i]) :
				    arena_printf(a, "Ada%s", refused[i]);
				fld.value = s;
				fld.len = strlen(s);
				assert_int_equal(form_validate(a, &f, &sp, 1,
				    &v), 1);
				assert_null(v.value);
				assert_string_equal(v.error, "Please remove the "
				    "hidden formatting characters from your "
				    "name");
			}
		for (i = 0; i < sizeof(kept) / sizeof(kept[0]); i++) {
			s = arena_printf(a, "Ada %s", kept[i]);
			fld.value = s;
			fld.len = strlen(s);
			assert_int_equal(form_validate(a, &f, &sp, 1, &v), 0);
			assert_string_equal(v.value, s);
		}
	}
}

static void
test_form_validate_email_lengths(void **state)
{
	struct arena		*a = *state;
	struct form_field	 fld;
	struct form		 f = { &fld, 1 };
	struct form_spec	 sp = { "email", "Email address", FT_EMAIL,
				    1, 0, 0, 0, 0, NULL };
	struct form_value	 v;
	char			*s;

	memset(&fld, 0, sizeof(fld));
	fld.name = "email";

	/* A local part of 64 octets, and of 65. */
	s = arena_printf(a, "%s@example.org", repeat(a, 'l', 64));
	fld.value = s;
	fld.len = strlen(s);
	assert_int_equal(form_validate(a, &f, &sp, 1, &v), 0);
	assert_string_equal(v.value, s);
	s = arena_printf(a, "%s@example.org", repeat(a, 'l', 65));
	fld.value = s;
	fld.len = strlen(s);
	assert_int_equal(form_validate(a, &f, &sp, 1, &v), 1);
	assert_string_equal(v.error, E_EMAIL);

	/* 254 characters in all (64 + 1 + 189), and 255. */
	s = arena_printf(a, "%s@%s.%s.%s", repeat(a, 'l', 64),
	    repeat(a, 'd', 63), repeat(a, 'd', 63), repeat(a, 'd', 61));
	assert_int_equal(strlen(s), 254);
	fld.value = s;
	fld.len = strlen(s);
	assert_int_equal(form_validate(a, &f, &sp, 1, &v), 0);
	s = arena_printf(a, "%sd", s);
	fld.value = s;
	fld.len = strlen(s);
	assert_int_equal(form_validate(a, &f, &sp, 1, &v), 1);
	assert_string_equal(v.error,
	    "Email address must be at most 254 characters");

	/* Surrounding white space does not count. */
	s = arena_printf(a, "   %s@%s.%s.%s \t", repeat(a, 'L', 64),
	    repeat(a, 'D', 63), repeat(a, 'D', 63), repeat(a, 'D', 61));
	fld.value = s;
	fld.len = strlen(s);
	assert_int_equal(form_validate(a, &f, &sp, 1, &v), 0);
	assert_ptr_equal(v.raw, s);
	assert_int_equal(strlen(v.value), 254);
	assert_int_equal(v.value[0], 'l');
	assert_int_equal(v.value[253], 'd');

	/* A smaller max_len wins. */
	sp.max_len = 10;
	fld.value = "ab@example.org";
	fld.len = strlen(fld.value);
	assert_int_equal(form_validate(a, &f, &sp, 1, &v), 1);
	assert_string_equal(v.error,
	    "Email address must be at most 10 characters");
}

static void
test_form_validate_default_max_len(void **state)
{
	struct arena		*a = *state;
	struct form_field	 fld;
	struct form		 f = { &fld, 1 };
	struct form_spec	 sp = { "notes", "Notes", FT_TEXT, 0, 0, 0,
				    0, 0, NULL };
	struct form_value	 v;

	/* max_len 0 means FORM_VALUE_MAX bytes, not characters. */
	memset(&fld, 0, sizeof(fld));
	fld.name = "notes";
	fld.value = repeat(a, 'n', FORM_VALUE_MAX);
	fld.len = FORM_VALUE_MAX;
	assert_int_equal(form_validate(a, &f, &sp, 1, &v), 0);
	assert_int_equal(strlen(v.value), FORM_VALUE_MAX);

	fld.value = repeat(a, 'n', FORM_VALUE_MAX + 1);
	fld.len = FORM_VALUE_MAX + 1;
	assert_int_equal(form_validate(a, &f, &sp, 1, &v), 1);
	assert_string_equal(v.error, "Notes is too long; make it shorter");
	assert_ptr_equal(v.raw, fld.value);
	assert_null(v.value);
}

static void
test_form_validate_whole_form(void **state)
{
	static const struct form_spec	 spec[] = {
		{ "name", "Your name", FT_LINE, 1, 0, 100, 0, 0, NULL },
		{ "email", "Email address", FT_EMAIL, 1, 0, 0, 0, 0, NULL },
		{ "seats", "Seats", FT_INT, 1, 0, 0, 1, 4, NULL },
		{ "consent", "Consent", FT_CHECKBOX, 0, 0, 0, 0, 0, NULL },
		{ "url", "URL", FT_LINE, 1, 0, 0, 0, 0, NULL },
		{ "phone", NULL, FT_LINE, 1, 0, 0, 0, 0, NULL },
		{ "mode", "Mode", FT_ONEOF, 1, 0, 0, 0, 0, modes },
	};
	struct arena		*a = *state;
	struct form		 f;
	struct form_value	 v[NELEM(spec)];

	/* seats repeats: the first value is judged. */
	assert_int_equal(ue(a, S("seats=2&email=+Ada%40Example.org+&"
	    "seats=x&other=ignored&mode=online"), &f), FORM_OK);
	assert_int_equal(form_validate(a, &f, spec, NELEM(spec), v), 3);

	assert_null(v[0].raw);
	assert_string_equal(v[0].error, "Enter your name");
	assert_string_equal(v[1].raw, " Ada@Example.org ");
	assert_string_equal(v[1].value, "ada@example.org");
	assert_null(v[1].error);
	assert_int_equal(v[2].ival, 2);
	assert_string_equal(v[2].value, "2");
	assert_null(v[3].value);
	assert_int_equal(v[3].ival, 0);
	assert_null(v[3].error);
	/* An acronym keeps its capitals; no label falls back to the name. */
	assert_string_equal(v[4].error, "Enter URL");
	assert_string_equal(v[5].error, "Enter phone");
	assert_string_equal(v[6].value, "online");

	/* Now with seats out of range first. */
	assert_int_equal(ue(a, S("seats=5&seats=2&name=Ada&url=x&phone=1&"
	    "consent=on&email=a@b.org&mode=x"), &f), FORM_OK);
	assert_int_equal(form_validate(a, &f, spec, NELEM(spec), v), 2);
	assert_string_equal(v[2].error,
	    "Seats must be a whole number from 1 to 4");
	assert_string_equal(v[2].raw, "5");
	assert_int_equal(v[3].ival, 1);
	assert_string_equal(v[6].error, "Choose one of the options for mode");
	assert_int_equal(form_validate(a, &f, spec, 0, v), 0);
}

static void
test_form_validate_file_part_as_text(void **state)
{
	static const struct form_spec	 spec[] = {
		{ "f", "Your file", FT_TEXT, 1, 0, 0, 0, 0, NULL },
	};
	struct arena		*a = *state;
	struct form		 f;
	struct form_value	 v[1];

	assert_int_equal(mp(a, CT_B, S("--B\r\nContent-Disposition: form-data;"
	    " name=\"f\"; filename=\"x\"\r\n\r\nab\0cd\r\n--B--"), &f),
	    FORM_OK);
	assert_int_equal(form_validate(a, &f, spec, 1, v), 1);
	assert_string_equal(v[0].error, "Your file must be plain text");
	assert_null(v[0].value);

	assert_int_equal(mp(a, CT_B, S("--B\r\nContent-Disposition: form-data;"
	    " name=\"f\"; filename=\"x\"\r\n\r\n  text  \r\n--B--"), &f),
	    FORM_OK);
	assert_int_equal(form_validate(a, &f, spec, 1, v), 0);
	assert_string_equal(v[0].value, "text");
}

int
main(void)
{
	const struct CMUnitTest	 tests[] = {
#define T(f)	cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_utf8_valid_table),
		T(test_utf8_valid_stops_at_len),
		T(test_form_decode_cases),
		T(test_form_strerror_every_code),
		T(test_form_parse_urlencoded_table),
		T(test_form_parse_urlencoded_repeated_in_order),
		T(test_form_parse_urlencoded_name_limit),
		T(test_form_parse_urlencoded_value_limit),
		T(test_form_parse_urlencoded_field_limit),
		T(test_form_parse_multipart_good),
		T(test_form_parse_multipart_boundary_table),
		T(test_form_parse_multipart_boundary_length),
		T(test_form_parse_multipart_table),
		T(test_form_parse_multipart_empty_and_binary),
		T(test_form_parse_multipart_header_limits),
		T(test_form_parse_multipart_value_limits),
		T(test_form_parse_multipart_field_limit),
		T(test_form_parse_multipart_name_limit),
		T(test_form_validate_table),
		T(test_form_validate_email_lengths),
		T(test_form_validate_bidi_controls),
		T(test_form_validate_default_max_len),
		T(test_form_validate_whole_form),
		T(test_form_validate_file_part_as_text),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
