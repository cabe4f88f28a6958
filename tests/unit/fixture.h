/*
 * fixture.h: what the unit tests share: a college database with the
 * real migrations, rows put in with SQL, numbers read back, times in
 * UTC, typed look-ups in a view, and sinks that fail. Whatever cannot go
 * on fails the running test (cmocka's fail_msg), so callers need not
 * check, except fx_open(), which also serves forked children. Linked
 * into every test binary (build/<variant>/tests/fixture.o).
 */
#ifndef TESTS_FIXTURE_H
#define TESTS_FIXTURE_H

#include <stddef.h>
#include <time.h>

#include "kit/view.h"	/* enum vtype */

struct db;

/*
 * The engine comes from TESSERA_TEST_DB: unset, SQLite (each test's
 * database in memory); a postgresql:// URL, PostgreSQL, each test's
 * database made afresh from one migrated template per run (see
 * fixture.c; the URL's role must be a superuser: the fixture makes and
 * drops databases, and empties tables with triggers off). Tests' own
 * SQL goes through the kit's interface (these helpers, db_prepare) so
 * that it runs on both.
 */
/* Whether the tests run on PostgreSQL. */
int		 fx_is_pg(void);
/* A college database at path (":memory:" or a file, made if create)
 * with the real migrations; NULL with the reason on stderr. On
 * PostgreSQL path names a database of its own, the same in a forked
 * child, made afresh if create. */
struct db	*fx_open(const char *path, int create);
/* A new in-memory college database with the real migrations. */
struct db	*fx_db(void);
/* Run sql as it is (several statements, no formats). */
void		 fx_exec(struct db *, const char *sql);
/* Run one statement made from sqlite3_mprintf() formats (%Q quotes a
 * string, %% is a literal %); returns the first column of its first
 * row (an INSERT's "RETURNING id"), or 0 if it has none. */
long long	 fx_sql(struct db *, const char *fmt, ...);
/* The integer in the first column of the first row of a query made as
 * fx_sql() makes it; a query without a row fails the test. */
long long	 fx_count(struct db *, const char *fmt, ...);
/* On PostgreSQL, after rows were put in with their ids other than by
 * fx_exec() or fx_sql() (which do it): every identity follows the
 * largest id of its table, as SQLite's rowids do. */
void		 fx_resync(struct db *);
/* The text in the first column of the first row of such a query, in a
 * buffer of the fixture's, valid until the next call; no row, or a NULL,
 * fails the test. */
#define FX_TEXT_MAX	1024
const char	*fx_text(struct db *, const char *fmt, ...);

/* Make every INSERT into table fail (on), as a full disk would, or
 * stop that (off): a trigger, in each engine's form (on PostgreSQL the
 * next test's reset drops it in any case). */
void		 fx_refuse(struct db *, const char *table, int on);
/* On PostgreSQL, print that the running test is of SQLite's own
 * mechanics (why), and skip it; on SQLite, nothing. */
void		 fx_sqlite_only(const char *why);

/* A time given in UTC. */
time_t		 fx_utc(int y, int mo, int d, int h, int mi);
/* Local midnight of YYYY-MM-DD, as the web forms' dates are read. */
time_t		 fx_day(const char *ymd);

/* Rows, each returning its id. A course is published; a user is an
 * educator; a learner was created at 0; a booking (created at 0) has
 * the token TOKEN<learner id, 21 digits> and the code C<5 digits>. */
long long	 fx_venue(struct db *, const char *name);
long long	 fx_user(struct db *, const char *email, const char *name);
long long	 fx_course(struct db *, const char *slug, const char *title);
long long	 fx_run(struct db *, long long course, int capacity,
		    const char *status);
long long	 fx_session(struct db *, long long run, time_t start,
		    int minutes, long long venue, const char *status);
long long	 fx_learner(struct db *, const char *name, const char *email);
long long	 fx_booking(struct db *, long long run, long long learner,
		    const char *status);

/* Sinks that fail, for the paths that must report a failed write. A
 * struct fx_failing takes left bytes: each write longer than what is
 * left fails, and a shorter one after it may pass. */
struct fx_failing {
	size_t	 left;
};
int		 fx_failing_write(void *ctx, const char *p, size_t n);
/* A struct fx_limited takes left bytes, then fails every write, and
 * counts those after the first failure. */
struct fx_limited {
	size_t	 left;
	size_t	 calls_after_fail;
	int	 failed;
};
int		 fx_limited_write(void *ctx, const char *p, size_t n);

/* Variable name in this scope of v (not its parents), which must have
 * type; and the same for each type. */
const struct vval	*fx_val(const struct view *, const char *name,
			    enum vtype);
const char		*fx_str(const struct view *, const char *name);
long long		 fx_num(const struct view *, const char *name);
int			 fx_flag(const struct view *, const char *name);
/* The number of rows of loop name, and row i (from 0), which must be. */
unsigned		 fx_rows(const struct view *, const char *name);
const struct view	*fx_row(const struct view *, const char *name,
			    unsigned i);

#endif
