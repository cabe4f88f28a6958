/*
 * test_clock.c: college_now() and TESSERA_NOW.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <time.h>

#include "college/clock.h"

static int
unset(void **state)
{
	return unsetenv("TESSERA_NOW");
}

static void
test_college_now_real_clock(void **state)
{
	time_t	 before, now, after;

	before = time(NULL);
	now = college_now();
	after = time(NULL);
	assert_true(now >= before && now <= after);
}

static void
test_college_now_fixed(void **state)
{
	static const struct {
		const char	*env;
		long long	 want;
	} cases[] = {
		{ "0", 0 },
		{ "1770000000", 1770000000LL },
		{ "253402300799", CLOCK_NOW_MAX },
	};
	size_t	 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(setenv("TESSERA_NOW", cases[i].env, 1), 0);
		assert_int_equal((long long)college_now(), cases[i].want);
	}
}

/* A bad value is not half-read: the real clock is used instead. */
static void
test_college_now_refused(void **state)
{
	static const char *const bad[] = {
		"", "-1", "+5", " 5", "5 ", "5x", "1e9", "253402300800",
		"99999999999999999999999",
	};
	time_t	 before, now;
	size_t	 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(setenv("TESSERA_NOW", bad[i], 1), 0);
		before = time(NULL);
		now = college_now();
		assert_true(now >= before && now <= time(NULL));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_college_now_real_clock,
		    unset, unset),
		cmocka_unit_test_setup_teardown(test_college_now_fixed,
		    unset, unset),
		cmocka_unit_test_setup_teardown(test_college_now_refused,
		    unset, unset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
