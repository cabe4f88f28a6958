/*
 * test_ascii.c: the kit's ASCII character classes, byte by byte against
 * the "C" locale's <ctype.h>, and their answers outside ASCII.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ctype.h>
#include <locale.h>

#include "kit/ascii.h"

/* Every byte as the "C" locale classes it; nothing above 0x7f. */
static void
test_ascii_matches_c_locale(void **state)
{
	int	 c;

	assert_non_null(setlocale(LC_CTYPE, "C"));
	for (c = 0; c < 256; c++) {
		assert_int_equal(ascii_space(c) != 0, isspace(c) != 0);
		assert_int_equal(ascii_digit(c) != 0, isdigit(c) != 0);
		assert_int_equal(ascii_alpha(c) != 0, isalpha(c) != 0);
		assert_int_equal(ascii_lower(c), tolower(c));
	}
}

/* The six spaces by name, and what is not one. */
static void
test_ascii_space(void **state)
{
	assert_true(ascii_space(' '));
	assert_true(ascii_space('\t'));
	assert_true(ascii_space('\n'));
	assert_true(ascii_space('\r'));
	assert_true(ascii_space('\f'));
	assert_true(ascii_space('\v'));
	assert_false(ascii_space('\0'));
	assert_false(ascii_space('x'));
	assert_false(ascii_space(0xa0));	/* Latin-1 no-break space */
	assert_false(ascii_space(0x85));	/* Latin-1 next line */
}

/* A UTF-8 byte read through a signed char is negative: never a class,
 * and kept as it is by ascii_lower. */
static void
test_ascii_signed_bytes(void **state)
{
	const char	*s = "Ŵ";	/* 0xc5 0xb4 */
	int		 c;

	for (; *s != '\0'; s++) {
		c = *s;
		assert_false(ascii_space(c));
		assert_false(ascii_digit(c));
		assert_false(ascii_alpha(c));
		assert_int_equal(ascii_lower(c), c);
	}
	assert_int_equal(ascii_lower(-1), -1);
	assert_int_equal(ascii_lower('Q'), 'q');
	assert_int_equal(ascii_lower('q'), 'q');
	assert_int_equal(ascii_lower('@'), '@');
	assert_int_equal(ascii_lower('['), '[');
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ascii_matches_c_locale),
		cmocka_unit_test(test_ascii_space),
		cmocka_unit_test(test_ascii_signed_bytes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
