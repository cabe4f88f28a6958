/*
 * dbcall.c: a steady measure of the database layer's own cost, for
 * valgrind --tool=callgrind (tests/bench/dbcall.sh). It makes a college
 * in a file under DIR with the real migrations, then runs N bookings
 * through booking_create() (each a real write: BEGIN IMMEDIATE, a new
 * learner, the booking, the queued mail, COMMIT) in bench_bookings(),
 * and N catalogue pages through catalogue_list() in bench_catalogue(),
 * so that each can be counted alone with --toggle-collect.
 *
 * It uses only calls whose text is the same before and after the
 * database interface (db_open with the college's statements,
 * db_migrate, db_exec), so one source measures both.
 *
 * usage: dbcall N DIR
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kit/arena.h"
#include "kit/db.h"
#include "kit/view.h"
#include "college/booking.h"
#include "college/catalogue.h"
#include "college/sqlfiles.h"
#include "college/stmts.h"
#include "college/when.h"

#define DBCALL_MAX	1000	/* bookings one run may make: the run's places */

static const char	fixture[] =
	"INSERT INTO venue(id, name, address, access, online)"
	" VALUES (1, 'Hall', '1 Road', 'Step-free', 0);"
	"INSERT INTO course(id, slug, title, summary, status)"
	" VALUES (1, 'bench', 'Benchmark course', 'For the bench.',"
	" 'published');"
	"INSERT INTO run(id, course_id, capacity, status)"
	" VALUES (1, 1, 1000, 'published');";

/* The session of run 1, two days after now. */
static void
session(struct db *db, time_t now)
{
	char	 sql[256], err[256];

	snprintf(sql, sizeof(sql), "INSERT INTO session(run_id, starts_at,"
	    " ends_at, venue_id) VALUES (1, %lld, %lld, 1)",
	    (long long)now + 2 * 86400, (long long)now + 2 * 86400 + 7200);
	if (db_exec(db, sql, err, sizeof(err)) != 0)
		errx(1, "session: %s", err);
}

/* n bookings by n new learners; the number made. Not inlined, so that
 * callgrind can count it alone. */
static int __attribute__((noinline))
bench_bookings(struct db *db, int n, time_t now)
{
	struct booking_request	 req;
	struct booking_ref	 out;
	char			 name[64], email[64];
	int			 i, made = 0;

	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "Learner %d", i);
		snprintf(email, sizeof(email), "learner%d@example.org", i);
		memset(&req, 0, sizeof(req));
		req.run_id = 1;
		req.name = name;
		req.email = email;
		if (booking_create(db, &req, now, &out) == BOOKING_MADE)
			made++;
	}
	return made;
}

/* n catalogue pages; the number that rendered. Not inlined. */
static int __attribute__((noinline))
bench_catalogue(struct db *db, int n, time_t now)
{
	struct arena	*a;
	struct view	*v;
	int		 i, ok = 0;

	for (i = 0; i < n; i++) {
		if ((a = arena_new()) == NULL || (v = view_new(a)) == NULL)
			errx(1, "out of memory");
		if (catalogue_list(db, NULL, now, v) == 0)
			ok++;
		arena_free(a);
	}
	return ok;
}

int
main(int argc, char *argv[])
{
	struct db	*db;
	char		 path[512], err[256];
	const char	*e;
	char		*end;
	long		 n;
	time_t		 now = time(NULL);
	int		 made, pages;

	if (argc != 3)
		errx(2, "usage: dbcall N DIR");
	n = strtol(argv[1], &end, 10);
	if (*argv[1] == '\0' || *end != '\0' || n < 1 || n > DBCALL_MAX)
		errx(2, "N: 1 to %d", DBCALL_MAX);
	if ((size_t)snprintf(path, sizeof(path), "%s/bench.db", argv[2]) >=
	    sizeof(path))
		errx(2, "DIR too long");
	if (when_set_zone("Europe/London") == -1)
		errx(1, "time zone");
	if ((db = db_open(path, 1, college_stmts, STMT__MAX, err,
	    sizeof(err))) == NULL)
		errx(1, "%s", err);
	if (db_migrate(db, college_migrations, college_nmigrations, err,
	    sizeof(err)) != 0 || db_exec(db, fixture, err, sizeof(err)) != 0)
		errx(1, "%s", err);
	session(db, now);
	if ((e = getenv("DBCALL_ONLY")) == NULL || strcmp(e, "catalogue") != 0)
		made = bench_bookings(db, (int)n, now);
	else
		made = (int)n;
	pages = bench_catalogue(db, (int)n, now);
	db_close(db);
	printf("dbcall: %d bookings made, %d catalogue pages\n", made, pages);
	return made == n && pages == n ? 0 : 1;
}
