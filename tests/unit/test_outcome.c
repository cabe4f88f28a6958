/*
 * test_outcome.c: the one mapping from an outcome (kit/outcome.h) to
 * the status a handler returns (resp_outcome(), kit/http.h), the
 * modules' outcomes keeping the kit's shared values, and no module's
 * own outcome colliding with a shared one.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "kit/http.h"
#include "kit/outcome.h"
#include "college/attendance.h"
#include "college/booking.h"
#include "college/export.h"
#include "college/learner.h"
#include "college/mail.h"
#include "college/manage.h"
#include "college/move.h"
#include "college/settings.h"
#include "college/staff.h"
#include "college/when.h"
#include "../../cgi-bin/web.h"

/*
 * Each module's first own outcome is OUTCOME__SHARED, so a module's
 * outcome never takes the number that means "not found": checked when
 * this file is compiled, before any test runs.
 */
#define SHARED_FIRST(x)	_Static_assert((int)(x) == (int)OUTCOME__SHARED, \
			    #x " is not OUTCOME__SHARED")
SHARED_FIRST(BOOKING_SAME);
SHARED_FIRST(BOOKING_MOVE_REFUSED);
SHARED_FIRST(CHECKIN_ALREADY);
SHARED_FIRST(ATT_PAPER_REFUSED);
SHARED_FIRST(MAIL_COMPOSE_DROP);
SHARED_FIRST(MAIL_LOST_ADDR_LIMIT);
SHARED_FIRST(STAFF_LOGIN_BAD);
SHARED_FIRST(STAFF_SESSION_EXPIRED);
SHARED_FIRST(STAFF_ADD_BAD_EMAIL);
SHARED_FIRST(SETTINGS_INVALID);
SHARED_FIRST(LEARNER_ERASE_PENDING);
SHARED_FIRST(MOVE_NOT_EMPTY);
SHARED_FIRST(WHEN_SPAN_BAD);
SHARED_FIRST(WEB_WHO_NOBODY);
SHARED_FIRST(MANAGE_DUPLICATE);
SHARED_FIRST(MAIL_RESEND_CANCELLED);
SHARED_FIRST(EXPORT_NO_COURSE);

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

/* Every module's own outcome, by name. */
static const struct {
	const char	*name;
	int		 value;
} own[] = {
#define O(x)	{ #x, x }
	O(BOOKING_SAME), O(BOOKING_ELSEWHERE), O(BOOKING_REFUSED),
	O(BOOKING_INVALID), O(BOOKING_LIMITED), O(BOOKING_MOVE_REFUSED),
	O(CHECKIN_ALREADY), O(CHECKIN_CANCELLED), O(CHECKIN_WAITLISTED),
	O(CHECKIN_NOT_TODAY), O(CHECKIN_OTHER_RUN), O(CHECKIN_FORBIDDEN),
	O(CHECKIN_READY), O(ATT_PAPER_REFUSED),
	O(MAIL_COMPOSE_DROP), O(MAIL_LOST_ADDR_LIMIT),
	O(MAIL_LOST_CLIENT_LIMIT),
	O(STAFF_LOGIN_BAD), O(STAFF_LOGIN_THROTTLED), O(STAFF_SESSION_EXPIRED),
	O(STAFF_ADD_BAD_EMAIL), O(STAFF_ADD_BAD_NAME), O(STAFF_ADD_BAD_ROLE),
	O(STAFF_ADD_BAD_PASSWORD), O(STAFF_ADD_DUPLICATE),
	O(SETTINGS_INVALID), O(LEARNER_ERASE_PENDING), O(MOVE_NOT_EMPTY),
	O(WHEN_SPAN_BAD), O(WHEN_SPAN_START_SKIPPED), O(WHEN_SPAN_END_SKIPPED),
	O(WHEN_SPAN_ORDER), O(WEB_WHO_NOBODY), O(MAIL_RESEND_CANCELLED),
	O(EXPORT_NO_COURSE), O(EXPORT_NO_RUN),
#undef O
};

/*
 * No module's own outcome collides with a shared one: each is at least
 * OUTCOME__SHARED, so none reads as done, "not found" or an error, and
 * one that reaches resp_outcome() unanswered is a 500, never a 404.
 */
static void
test_module_outcomes_apart(void **state)
{
	size_t	 i;

	for (i = 0; i < sizeof(own) / sizeof(own[0]); i++) {
		if (own[i].value < OUTCOME__SHARED)
			fail_msg("%s is %d, below OUTCOME__SHARED",
			    own[i].name, own[i].value);
		assert_int_equal(resp_outcome(own[i].value), 500);
	}
}

/* Where a module's outcome means what a shared one means, it is that
 * one, so the one mapping answers it the same way. */
static void
test_module_shared_names(void **state)
{
	static const struct {
		int	 module, shared;
	} same[] = {
		{ BOOKING_ERROR, OUTCOME_ERROR }, { BOOKING_MADE, OUTCOME_OK },
		{ BOOKING_MOVE_ERROR, OUTCOME_ERROR },
		{ BOOKING_MOVED, OUTCOME_OK },
		{ BOOKING_MOVE_NONE, OUTCOME_NOT_FOUND },
		{ CHECKIN_ERROR, OUTCOME_ERROR }, { CHECKIN_DONE, OUTCOME_OK },
		{ CHECKIN_UNKNOWN, OUTCOME_NOT_FOUND },
		{ ATT_PAPER_ERROR, OUTCOME_ERROR },
		{ ATT_PAPER_SAVED, OUTCOME_OK },
		{ MAIL_COMPOSE_ERROR, OUTCOME_ERROR },
		{ MAIL_COMPOSE_OK, OUTCOME_OK },
		{ MAIL_LOST_ERROR, OUTCOME_ERROR },
		{ MAIL_LOST_QUEUED, OUTCOME_OK },
		{ STAFF_LOGIN_ERROR, OUTCOME_ERROR },
		{ STAFF_LOGIN_OK, OUTCOME_OK },
		{ STAFF_SESSION_ERROR, OUTCOME_ERROR },
		{ STAFF_SESSION_OK, OUTCOME_OK },
		{ STAFF_SESSION_NONE, OUTCOME_NOT_FOUND },
		{ STAFF_ADD_ERROR, OUTCOME_ERROR }, { STAFF_ADD_OK, OUTCOME_OK },
		{ SETTINGS_SAVE_ERROR, OUTCOME_ERROR },
		{ SETTINGS_SAVED, OUTCOME_OK },
		{ MOVE_FAILED, OUTCOME_ERROR }, { MOVE_OK, OUTCOME_OK },
		{ WHEN_SPAN_OK, OUTCOME_OK },
		{ WEB_WHO_ERROR, OUTCOME_ERROR }, { WEB_WHO_STAFF, OUTCOME_OK },
	};
	size_t	 i;

	for (i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		assert_int_equal(same[i].module, same[i].shared);
		assert_int_equal(resp_outcome(same[i].module),
		    resp_outcome(same[i].shared));
	}
	assert_int_equal(resp_outcome(CHECKIN_UNKNOWN), 404);
	assert_int_equal(resp_outcome(BOOKING_MOVE_NONE), 404);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resp_outcome_shared),
		cmocka_unit_test(test_resp_outcome_module_own),
		cmocka_unit_test(test_outcome_values),
		cmocka_unit_test(test_module_outcomes_apart),
		cmocka_unit_test(test_module_shared_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
