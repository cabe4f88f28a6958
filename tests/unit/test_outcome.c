/*
 * test_outcome.c: the one mapping from an outcome (kit/outcome.h) to
 * the status a handler returns (resp_outcome(), kit/http.h), and the
 * modules' outcomes keeping the kit's shared values.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "kit/http.h"
#include "kit/outcome.h"
#include "college/manage.h"

/* The shared outcomes: go on, 404, 500. */
static void
test_resp_outcome_shared(void **state)
{
	assert_int_equal(resp_outcome(OUTCOME_OK), 0);
	assert_int_equal(resp_outcome(OUTCOME_NOT_FOUND), 404);
	assert_int_equal(resp_outcome(OUTCOME_ERROR), 500);
}

/* A module's own outcome that reaches the mapping was not answered by
 * the handler: a fault, never a page that looks like success. */
static void
test_resp_outcome_module_own(void **state)
{
	assert_int_equal(resp_outcome(OUTCOME__SHARED), 500);
	assert_int_equal(resp_outcome(MANAGE_DUPLICATE), 500);
	assert_int_equal(resp_outcome(MANAGE__MAX - 1), 500);
	assert_int_equal(resp_outcome(-2), 500);
}

/* The values everyone relies on: the old "0, 1 none, -1" lookups keep
 * meaning the same, and modules extend after the shared ones. */
static void
test_outcome_values(void **state)
{
	assert_int_equal(OUTCOME_ERROR, -1);
	assert_int_equal(OUTCOME_OK, 0);
	assert_int_equal(OUTCOME_NOT_FOUND, 1);
	assert_int_equal(MANAGE_DUPLICATE, OUTCOME__SHARED);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resp_outcome_shared),
		cmocka_unit_test(test_resp_outcome_module_own),
		cmocka_unit_test(test_outcome_values),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
