/*
 * test_timetable.c: a run's sessions read one way (college/timetable.h)
 * for the booking page and the mail: in time order whatever order they
 * were added in, cancelled ones too, each with its venue and revision;
 * strings that outlive the statement; one session, or none.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "kit/arena.h"
#include "kit/db.h"
#include "college/timetable.h"
#include "fixture.h"

#define HOUR	3600
#define DAY	86400

struct fx {
	struct db	*db;
	struct arena	*a;
	time_t		 now;
	long long	 hall, online, run, late, early, gone;
};

static int
setup(void **state)
{
	struct fx	*fx;

	if ((fx = calloc(1, sizeof(*fx))) == NULL ||
	    (fx->a = arena_new()) == NULL)
		return -1;
	fx->db = fx_db();
	fx->now = fx_utc(2026, 3, 20, 12, 0);
	fx->hall = fx_venue(fx->db, "Hope Hub");
	fx_sql(fx->db, "UPDATE venue SET address = '1 Park Road', access ="
	    " 'Step-free entrance' WHERE id = %lld", fx->hall);
	fx->online = fx_venue(fx->db, "Video call");
	fx_sql(fx->db, "UPDATE venue SET online = 1 WHERE id = %lld",
	    fx->online);
	fx->run = fx_run(fx->db, fx_course(fx->db, "anxiety",
	    "Understanding anxiety"), 10, "published");
	/* Added out of time order. */
	fx->late = fx_session(fx->db, fx->run, fx->now + 9 * DAY, 90,
	    fx->online, "scheduled");
	fx->early = fx_session(fx->db, fx->run, fx->now + 2 * DAY, 120,
	    fx->hall, "scheduled");
	fx->gone = fx_session(fx->db, fx->run, fx->now + 5 * DAY, 60,
	    fx->hall, "cancelled");
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx	*fx = *state;

	db_close(fx->db);
	arena_free(fx->a);
	free(fx);
	return 0;
}

static void
test_timetable_of_run_in_time_order(void **state)
{
	struct fx		*fx = *state;
	struct timetable_row	*r;
	size_t			 n;

	fx_sql(fx->db, "UPDATE session SET seq = 3 WHERE id = %lld",
	    fx->late);
	assert_int_equal(timetable_of_run(fx->db, fx->a, fx->run, &r, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(r[0].id, fx->early);
	assert_int_equal(r[1].id, fx->gone);
	assert_int_equal(r[2].id, fx->late);
	assert_int_equal(r[0].start, fx->now + 2 * DAY);
	assert_int_equal(r[0].end, fx->now + 2 * DAY + 2 * HOUR);
	assert_false(r[0].cancelled);
	assert_true(r[1].cancelled);
	assert_string_equal(r[0].venue, "Hope Hub");
	assert_string_equal(r[0].address, "1 Park Road");
	assert_string_equal(r[0].access, "Step-free entrance");
	assert_false(r[0].online);
	assert_true(r[2].online);
	assert_string_equal(r[2].venue, "Video call");
	assert_int_equal(r[2].seq, 3);
	/* The strings are the arena's: other statements do not touch them. */
	assert_int_equal(timetable_of_run(fx->db, fx->a, fx->run + 1, &r, &n),
	    0);
	assert_int_equal(n, 0);
	assert_int_equal(timetable_of_run(fx->db, fx->a, fx->run, &r, &n), 0);
	fx_exec(fx->db, "UPDATE venue SET name = 'Renamed'");
	assert_string_equal(r[0].venue, "Hope Hub");
}

static void
test_timetable_one(void **state)
{
	struct fx		*fx = *state;
	struct timetable_row	 r;

	memset(&r, 0, sizeof(r));
	assert_int_equal(timetable_one(fx->db, fx->a, fx->gone, &r), 0);
	assert_int_equal(r.id, fx->gone);
	assert_true(r.cancelled);
	assert_int_equal(r.end - r.start, HOUR);
	assert_string_equal(r.address, "1 Park Road");
	assert_int_equal(timetable_one(fx->db, fx->a, fx->gone + 100, &r), 1);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_timetable_of_run_in_time_order),
		T(test_timetable_one),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
