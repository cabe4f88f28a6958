/*
 * test_utf8.c: the kit's UTF-8 reader: whole strings checked, characters
 * counted, and one character at a time, at each edge RFC 3629 draws.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "kit/utf8.h"

static const struct {
	const char	*s;
	size_t		 len;	/* what utf8_char answers */
	unsigned long	 cp;
} chars[] = {
	{ "A", 1, 0x41 },
	{ "\x7f", 1, 0x7f },
	{ "\xc2\x80", 2, 0x80 },		/* the first of two bytes */
	{ "\xc3\xa2", 2, 0xe2 },		/* â */
	{ "\xdf\xbf", 2, 0x7ff },
	{ "\xe0\xa0\x80", 3, 0x800 },
	{ "\xc5\xb5", 2, 0x175 },		/* ŵ */
	{ "\xe2\x80\xa8", 3, 0x2028 },
	{ "\xed\x9f\xbf", 3, 0xd7ff },		/* just below the surrogates */
	{ "\xee\x80\x80", 3, 0xe000 },		/* just above */
	{ "\xef\xbf\xbf", 3, 0xffff },
	{ "\xf0\x90\x80\x80", 4, 0x10000 },
	{ "\xf0\x9f\x98\x80", 4, 0x1f600 },	/* an emoji */
	{ "\xf4\x8f\xbf\xbf", 4, 0x10ffff },
	/* Refused: */
	{ "\x80", 0, 0 },			/* a lone continuation */
	{ "\xc0\x80", 0, 0 },			/* overlong NUL */
	{ "\xc1\xbf", 0, 0 },			/* overlong */
	{ "\xe0\x9f\xbf", 0, 0 },		/* overlong */
	{ "\xed\xa0\x80", 0, 0 },		/* a surrogate */
	{ "\xed\xbf\xbf", 0, 0 },		/* a surrogate */
	{ "\xf0\x8f\xbf\xbf", 0, 0 },		/* overlong */
	{ "\xf4\x90\x80\x80", 0, 0 },		/* past U+10FFFF */
	{ "\xf5\x80\x80\x80", 0, 0 },
	{ "\xff", 0, 0 },
	{ "\xc3", 0, 0 },			/* cut short by the NUL */
	{ "\xe2\x82", 0, 0 },
	{ "\xf0\x9f\x98", 0, 0 },
	{ "\xc3(", 0, 0 },			/* not a continuation */
};

static void
test_utf8_char_edges(void **state)
{
	unsigned long	 cp;
	size_t		 i, n;

	for (i = 0; i < sizeof(chars) / sizeof(chars[0]); i++) {
		cp = 12345;
		n = utf8_char(chars[i].s, strlen(chars[i].s), &cp);
		if (n != chars[i].len)
			fail_msg("case %zu: length %zu, want %zu", i, n,
			    chars[i].len);
		if (n > 0 && cp != chars[i].cp)
			fail_msg("case %zu: U+%04lX, want U+%04lX", i, cp,
			    chars[i].cp);
		assert_int_equal(utf8_char_z(chars[i].s, NULL), chars[i].len);
		/* A whole string of it is valid exactly when it is one. */
		assert_int_equal(utf8_valid(chars[i].s, strlen(chars[i].s)),
		    chars[i].len > 0);
	}
}

/* Only n bytes are read: a character that runs past them is refused,
 * and so is nothing at all. */
static void
test_utf8_char_bounded(void **state)
{
	unsigned long	 cp = 0;

	assert_int_equal(utf8_char("\xe2\x82\xac", 3, &cp), 3);
	assert_int_equal(cp, 0x20ac);
	assert_int_equal(utf8_char("\xe2\x82\xac", 2, &cp), 0);
	assert_int_equal(utf8_char("\xe2\x82\xac", 0, &cp), 0);
	assert_int_equal(utf8_char(NULL, 3, &cp), 0);
	assert_int_equal(utf8_char_z(NULL, &cp), 0);
	assert_int_equal(utf8_char_z("", &cp), 0);
	/* The first character only. */
	assert_int_equal(utf8_char("ab", 2, &cp), 1);
	assert_int_equal(cp, 'a');
}

static void
test_utf8_valid_and_chars(void **state)
{
	const char	*s = "Si\xc3\xa2n Ll\xc5\xb5yd \xf0\x9f\x98\x80";

	assert_true(utf8_valid(s, strlen(s)));
	assert_int_equal(utf8_chars(s, strlen(s)), 12);
	assert_int_equal(utf8_chars("", 0), 0);
	assert_true(utf8_valid(NULL, 0));
	assert_true(utf8_valid("", 0));
	/* NUL is refused even though it is well-formed. */
	assert_false(utf8_valid("a\0b", 3));
	/* len bounds the check both ways. */
	assert_true(utf8_valid("ab\xff", 2));
	assert_false(utf8_valid("\xc3\xa2", 1));
	assert_false(utf8_valid("ok \xed\xa0\x80", 6));
	assert_int_equal(utf8_chars(s, 4), 3);	/* "Si" and all of \xc3\xa2 */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_char_edges),
		cmocka_unit_test(test_utf8_char_bounded),
		cmocka_unit_test(test_utf8_valid_and_chars),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
