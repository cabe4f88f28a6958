/*
 * test_outbox.c: queueing mail in the caller's transaction: a row per
 * event to the learner's address as it is, nothing for an erased
 * learner, gone with a rollback, and the kind words both ways.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "kit/db.h"
#include "college/outbox.h"
#include "fixture.h"

#define NOW	((time_t)1772445600)

static long long
booking_for(struct db *db, const char *email)
{
	long long	 c, r, l;

	c = fx_course(db, "wrap", "WRAP");
	r = fx_run(db, c, 5, "published");
	l = fx_learner(db, "Ana", email);
	return fx_booking(db, r, l, "confirmed");
}

static void
test_outbox_add_queues_to_learner(void **state)
{
	struct db	*db = fx_db();
	long long	 b = booking_for(db, "ana@example.org");

	assert_int_equal(db_begin(db), 0);
	assert_int_equal(outbox_add(db, MAIL_WAITLISTED, b, 0, "position=3",
	    NOW), 0);
	assert_int_equal(db_commit(db), 0);
	assert_int_equal(fx_count(db, "SELECT count(*) FROM outbox WHERE"
	    " kind = 'waitlisted' AND booking_id = %lld AND session_id IS NULL"
	    " AND rcpt = 'ana@example.org' AND detail = 'position=3'"
	    " AND state = 'queued' AND due_at = %lld AND length(msgid) = 26",
	    b, (long long)NOW), 1);
	db_close(db);
}

static void
test_outbox_add_rollback_leaves_nothing(void **state)
{
	struct db	*db = fx_db();
	long long	 b = booking_for(db, "ana@example.org");

	assert_int_equal(db_begin(db), 0);
	assert_int_equal(outbox_add(db, MAIL_CONFIRMED, b, 0, NULL, NOW), 0);
	assert_int_equal(db_rollback(db), 0);
	assert_int_equal(fx_count(db, "SELECT count(*) FROM outbox"), 0);
	db_close(db);
}

static void
test_outbox_add_erased_learner_nothing(void **state)
{
	struct db	*db = fx_db();
	long long	 b = booking_for(db, "ana@example.org");

	fx_exec(db, "UPDATE learner SET email = NULL, erased_at = 1");
	assert_int_equal(outbox_add(db, MAIL_REMINDER, b, 0, NULL, NOW), 0);
	assert_int_equal(fx_count(db, "SELECT count(*) FROM outbox"), 0);
	db_close(db);
}

static void
test_outbox_add_msgids_differ(void **state)
{
	struct db	*db = fx_db();
	long long	 b = booking_for(db, "ana@example.org");

	assert_int_equal(outbox_add(db, MAIL_CONFIRMED, b, 0, NULL, NOW), 0);
	assert_int_equal(outbox_add(db, MAIL_CANCELLED, b, 0, NULL, NOW), 0);
	assert_int_equal(outbox_add_to(db, MAIL_LOST, "bo@example.org", NULL, NULL,
	    NOW), 0);
	assert_int_equal(fx_count(db, "SELECT count(DISTINCT msgid) FROM"
	    " outbox"), 3);
	assert_int_equal(fx_count(db, "SELECT count(*) FROM outbox WHERE"
	    " kind = 'lost' AND booking_id IS NULL"), 1);
	db_close(db);
}

static void
test_outbox_add_refuses_bad_input(void **state)
{
	struct db	*db = fx_db();
	char		 big[OUTBOX_DETAIL_MAX + 2];

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(outbox_add(db, MAIL_KIND__MAX, 1, 0, NULL, NOW), -1);
	assert_int_equal(outbox_add(db, MAIL_CONFIRMED, 0, 0, NULL, NOW), -1);
	assert_int_equal(outbox_add(db, MAIL_CONFIRMED, 1, 0, big, NOW), -1);
	assert_int_equal(outbox_add_to(db, MAIL_LOST, "", NULL, NULL, NOW), -1);
	assert_int_equal(outbox_add_to(db, MAIL_LOST, NULL, NULL, NULL, NOW), -1);
	assert_int_equal(fx_count(db, "SELECT count(*) FROM outbox"), 0);
	db_close(db);
}

static void
test_outbox_kind_word_round_trip(void **state)
{
	int	 k;

	for (k = 0; k < MAIL_KIND__MAX; k++)
		assert_int_equal(outbox_kind_of(outbox_kind_word(k)), k);
	assert_null(outbox_kind_word(MAIL_KIND__MAX));
	assert_int_equal(outbox_kind_of("nonsense"), MAIL_KIND__MAX);
	assert_int_equal(outbox_kind_of(NULL), MAIL_KIND__MAX);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_outbox_add_queues_to_learner),
		cmocka_unit_test(test_outbox_add_rollback_leaves_nothing),
		cmocka_unit_test(test_outbox_add_erased_learner_nothing),
		cmocka_unit_test(test_outbox_add_msgids_differ),
		cmocka_unit_test(test_outbox_add_refuses_bad_input),
		cmocka_unit_test(test_outbox_kind_word_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
