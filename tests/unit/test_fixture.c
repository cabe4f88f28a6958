/*
 * test_fixture.c: the unit fixture itself, on whichever engine
 * TESSERA_TEST_DB names (tests/unit/fixture.c): that it is that engine,
 * that every test starts from the migrated schema with nothing of the
 * test before it (rows, ids, refusing triggers), and that the helpers'
 * ids are the rows' ids on both engines.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kit/db.h"
#include "fixture.h"

/* The settings the migrations put in, counted on a fresh database. */
static long long	settings_fresh = -1;

static void
test_fixture_engine(void **state)
{
	struct db	*db = fx_db();

	(void)state;
	assert_string_equal(db_engine(db), fx_is_pg() ? "postgresql" :
	    "sqlite");
	assert_int_equal(fx_is_pg(), db_is_url(getenv("TESSERA_TEST_DB")));
	db_close(db);
}

/* Leaves rows, used ids and a refusing trigger behind for the next. */
static void
test_fixture_dirty(void **state)
{
	struct db	*db = fx_db();

	(void)state;
	settings_fresh = fx_count(db, "SELECT count(*) FROM setting");
	assert_true(settings_fresh > 0);
	assert_int_equal(fx_venue(db, "First"), 1);
	fx_exec(db, "INSERT INTO venue(id, name) VALUES (7, 'Seventh')");
	/* The next id follows the largest, as SQLite's rowids do. */
	assert_int_equal(fx_venue(db, "Eighth"), 8);
	fx_exec(db, "DELETE FROM setting");
	fx_refuse(db, "venue", 1);
	assert_int_equal(fx_count(db, "SELECT count(*) FROM venue"), 3);
	db_close(db);
}

/* Runs after test_fixture_dirty: none of it shows. */
static void
test_fixture_fresh(void **state)
{
	struct db	*db = fx_db();

	(void)state;
	assert_true(settings_fresh > 0);
	assert_int_equal(fx_count(db, "SELECT count(*) FROM venue"), 0);
	assert_int_equal(fx_count(db, "SELECT count(*) FROM setting"),
	    settings_fresh);
	/* No refusing trigger left, and ids start again. */
	assert_int_equal(fx_venue(db, "Again"), 1);
	assert_string_equal(fx_text(db, "SELECT name FROM venue WHERE id = 1"),
	    "Again");
	db_close(db);
}

/* A file database and a second connection to it (as a forked child
 * makes) see the same rows. */
static void
test_fixture_file(void **state)
{
	char		 dir[] = "/tmp/test_fixture.XXXXXX", path[64];
	struct db	*a, *b;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/t.db", dir);
	assert_non_null(a = fx_open(path, 1));
	fx_venue(a, "Shared");
	assert_non_null(b = fx_open(path, 0));
	assert_int_equal(fx_count(b, "SELECT count(*) FROM venue WHERE "
	    "name = 'Shared'"), 1);
	db_close(b);
	db_close(a);
	(void)unlink(path);
	snprintf(path, sizeof(path), "%s/t.db-wal", dir);
	(void)unlink(path);
	snprintf(path, sizeof(path), "%s/t.db-shm", dir);
	(void)unlink(path);
	(void)rmdir(dir);
}

/* A refused insert fails; allowed again, it passes. */
static void
test_fixture_refuse(void **state)
{
	struct db	*db = fx_db();
	static const struct db_sql	add = {
		"INSERT INTO venue(name) VALUES ('Refused')", NULL
	};
	struct db_stmt	*s;

	(void)state;
	fx_refuse(db, "venue", 1);
	assert_non_null(s = db_prepare(db, &add));
	assert_true(db_step(s) < 0);
	db_finalize(s);
	fx_refuse(db, "venue", 0);
	assert_int_equal(fx_venue(db, "Allowed"), 1);
	db_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixture_engine),
		cmocka_unit_test(test_fixture_dirty),
		cmocka_unit_test(test_fixture_fresh),
		cmocka_unit_test(test_fixture_file),
		cmocka_unit_test(test_fixture_refuse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
