/*
 * fixture.c: the unit tests' shared fixtures (see fixture.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "kit/db.h"
#include "kit/db_sqlite.h"
#include "kit/view.h"
#include "college/sqlfiles.h"
#include "college/stmts.h"
#include "college/when.h"
#include "fixture.h"

struct db *
fx_open(const char *path, int create)
{
	struct db	*db;
	char		 err[256];

	db = db_open(path, create, college_stmts, STMT__MAX, err, sizeof(err));
	if (db == NULL) {
		fprintf(stderr, "open %s: %s\n", path, err);
		return NULL;
	}
	if (db_migrate(db, college_migrations, college_nmigrations, err,
	    sizeof(err)) != DB_OK) {
		fprintf(stderr, "migrate %s: %s\n", path, err);
		db_close(db);
		return NULL;
	}
	return db;
}

struct db *
fx_db(void)
{
	struct db	*db;

	if ((db = fx_open(":memory:", 1)) == NULL)
		fail_msg("no in-memory college database");
	return db;
}

void
fx_exec(struct db *db, const char *sql)
{
	char	 err[256];

	if (db_exec(db, sql, err, sizeof(err)) != DB_OK)
		fail_msg("%s: %s", sql, err);
}

/* sqlite3_vmprintf() of fmt, or a failed test. Free with sqlite3_free. */
static char *
vsql(const char *fmt, va_list ap)
{
	char	*q;

	if ((q = sqlite3_vmprintf(fmt, ap)) == NULL)
		fail_msg("out of memory for %s", fmt);
	return q;
}

long long
fx_sql(struct db *db, const char *fmt, ...)
{
	va_list		 ap;
	char		*q, *err = NULL;
	sqlite3		*h = db_handle(db);

	va_start(ap, fmt);
	q = vsql(fmt, ap);
	va_end(ap);
	if (sqlite3_exec(h, q, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", q, err);
	sqlite3_free(q);
	return sqlite3_last_insert_rowid(h);
}

long long
fx_count(struct db *db, const char *fmt, ...)
{
	va_list		 ap;
	sqlite3_stmt	*st;
	char		*q;
	long long	 v;

	va_start(ap, fmt);
	q = vsql(fmt, ap);
	va_end(ap);
	if (sqlite3_prepare_v2(db_handle(db), q, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", q, sqlite3_errmsg(db_handle(db)));
	if (sqlite3_step(st) != SQLITE_ROW)
		fail_msg("%s: no row", q);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_free(q);
	return v;
}

time_t
fx_utc(int y, int mo, int d, int h, int mi)
{
	struct tm	 tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	return timegm(&tm);
}

time_t
fx_day(const char *ymd)
{
	time_t	 t;

	if (when_parse_date(ymd, &t) == -1)
		fail_msg("bad date %s", ymd);
	return t;
}

long long
fx_venue(struct db *db, const char *name)
{
	return fx_sql(db, "INSERT INTO venue(name) VALUES (%Q)", name);
}

long long
fx_user(struct db *db, const char *email, const char *name)
{
	return fx_sql(db, "INSERT INTO user(email, name, role, pwhash, "
	    "created_at) VALUES (%Q, %Q, 'educator', 'x', 0)", email, name);
}

long long
fx_course(struct db *db, const char *slug, const char *title)
{
	return fx_sql(db, "INSERT INTO course(slug, title, status) "
	    "VALUES (%Q, %Q, 'published')", slug, title);
}

long long
fx_run(struct db *db, long long course, int capacity, const char *status)
{
	return fx_sql(db, "INSERT INTO run(course_id, capacity, status) "
	    "VALUES (%lld, %d, %Q)", course, capacity, status);
}

long long
fx_session(struct db *db, long long run, time_t start, int minutes,
    long long venue, const char *status)
{
	return fx_sql(db, "INSERT INTO session(run_id, starts_at, ends_at, "
	    "venue_id, status) VALUES (%lld, %lld, %lld, %lld, %Q)", run,
	    (long long)start, (long long)start + minutes * 60, venue, status);
}

long long
fx_learner(struct db *db, const char *name, const char *email)
{
	return fx_sql(db, "INSERT INTO learner(email, name, created_at) "
	    "VALUES (%Q, %Q, 0)", email, name);
}

long long
fx_booking(struct db *db, long long run, long long learner,
    const char *status)
{
	return fx_sql(db, "INSERT INTO booking(run_id, learner_id, status, "
	    "token, code, created_at, updated_at) VALUES (%lld, %lld, %Q, "
	    "printf('TOKEN%%021d', %lld), printf('C%%05d', %lld), 0, 0)",
	    run, learner, status, learner, learner);
}

int
fx_failing_write(void *ctx, const char *p, size_t n)
{
	struct fx_failing	*f = ctx;

	(void)p;
	if (n > f->left)
		return -1;
	f->left -= n;
	return 0;
}

int
fx_limited_write(void *ctx, const char *p, size_t n)
{
	struct fx_limited	*l = ctx;

	(void)p;
	if (l->failed) {
		l->calls_after_fail++;
		return -1;
	}
	if (n > l->left) {
		l->failed = 1;
		return -1;
	}
	l->left -= n;
	return 0;
}

const struct vval *
fx_val(const struct view *v, const char *name, enum vtype type)
{
	const struct vval	*x = view_lookup_here(v, name);

	if (x == NULL)
		fail_msg("no variable %s", name);
	if (x->type != type)
		fail_msg("%s has type %d, want %d", name, x->type, type);
	return x;
}

const char *
fx_str(const struct view *v, const char *name)
{
	return fx_val(v, name, VT_STR)->s;
}

long long
fx_num(const struct view *v, const char *name)
{
	return fx_val(v, name, VT_INT)->i;
}

int
fx_flag(const struct view *v, const char *name)
{
	return (int)fx_val(v, name, VT_BOOL)->i;
}

unsigned
fx_rows(const struct view *v, const char *name)
{
	return fx_val(v, name, VT_LOOP)->nrows;
}

const struct view *
fx_row(const struct view *v, const char *name, unsigned i)
{
	const struct vrow	*r = fx_val(v, name, VT_LOOP)->rows;
	unsigned		 n;

	for (n = 0; r != NULL && n < i; n++)
		r = r->next;
	if (r == NULL)
		fail_msg("%s has no row %u", name, i);
	return r->scope;
}
