/*
 * test_college.c: the rules college.c owns for every program: the audit
 * line (college_audit, college_auditf) and where the database is
 * (college_db_path).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "kit/db.h"
#include "college/college.h"
#include "fixture.h"

/* A formatted line is stored as college_audit stores a plain one: the
 * system (0) as no user, a staff user by id. */
static void
test_college_auditf_line(void **state)
{
	struct db	*db = fx_db();
	long long	 u = fx_user(db, "door@example.org", "Door");

	assert_int_equal(college_auditf(db, 0, "booking.cancel",
	    "booking %lld run %lld", 12LL, 3LL), 0);
	assert_int_equal(fx_count(db, "SELECT count(*) FROM audit WHERE"
	    " action = 'booking.cancel' AND detail = 'booking 12 run 3'"
	    " AND user_id IS NULL AND at > 0"), 1);
	assert_int_equal(college_auditf(db, u, "learner.view", "learner %lld",
	    7LL), 0);
	assert_int_equal(fx_count(db, "SELECT count(*) FROM audit WHERE"
	    " action = 'learner.view' AND detail = 'learner 7'"
	    " AND user_id = %lld", u), 1);
	/* The same line as college_audit writes it. */
	assert_int_equal(college_audit(db, u, "learner.view", "learner 7"), 0);
	assert_int_equal(fx_count(db, "SELECT count(DISTINCT detail) FROM audit"
	    " WHERE action = 'learner.view'"), 1);
	db_close(db);
}

/* A detail longer than the limit is cut, not refused. */
static void
test_college_auditf_cut(void **state)
{
	struct db	*db = fx_db();
	char		 long_word[COLLEGE_AUDIT_DETAIL_MAX * 2];

	memset(long_word, 'x', sizeof(long_word) - 1);
	long_word[sizeof(long_word) - 1] = '\0';
	assert_int_equal(college_auditf(db, 0, "test.long", "run %d: %s", 5,
	    long_word), 0);
	assert_int_equal(fx_count(db, "SELECT length(detail) FROM audit WHERE"
	    " action = 'test.long' AND detail LIKE 'run 5: xxx%%'"),
	    COLLEGE_AUDIT_DETAIL_MAX - 1);
	db_close(db);
}

/* TESSERA_DB when set and not empty, else the default: the one rule the
 * programs and the tessera command share. */
static void
test_college_db_path(void **state)
{
	assert_int_equal(unsetenv("TESSERA_DB"), 0);
	assert_string_equal(college_db_path(), COLLEGE_DB_DEFAULT);
	assert_string_equal(COLLEGE_DB_DEFAULT, "var/tessera.db");
	assert_int_equal(setenv("TESSERA_DB", "", 1), 0);
	assert_string_equal(college_db_path(), COLLEGE_DB_DEFAULT);
	assert_int_equal(setenv("TESSERA_DB", "/srv/college/t.db", 1), 0);
	assert_string_equal(college_db_path(), "/srv/college/t.db");
	assert_int_equal(setenv("TESSERA_DB", "postgresql:///tessera", 1), 0);
	assert_string_equal(college_db_path(), "postgresql:///tessera");
	assert_int_equal(unsetenv("TESSERA_DB"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_college_auditf_line),
		cmocka_unit_test(test_college_auditf_cut),
		cmocka_unit_test(test_college_db_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
