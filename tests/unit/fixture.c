/*
 * fixture.c: the unit tests' shared fixtures (see fixture.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "kit/db.h"
#include "kit/view.h"
#include "college/sqlfiles.h"
#include "college/stmts.h"
#include "college/when.h"
#include "fixture.h"

/*
 * The engine. TESSERA_TEST_DB unset (or a file path): SQLite, as the
 * programs have it by default, each test's database in memory. A
 * "postgresql://" URL (tests/pg/unit.sh sets it, to a throwaway
 * cluster): PostgreSQL.
 *
 * On PostgreSQL one migrated template is made per run; each test binary
 * copies it once (CREATE DATABASE ... TEMPLATE), and each test then
 * empties that copy and puts back the rows the migrations made
 * (FX_RESET, one round trip). Measured on this 2-core machine shared
 * with other builds: a copy of the template takes 0.5 to 1 s and
 * dropping one up to 1.5 s, so a copy per test would add minutes to
 * the suite; running every migration afresh (a schema per test) takes
 * about 110 ms; the reset 20 to 26 ms. The reset DELETEs rather than
 * TRUNCATEs: the tables hold a few rows, and TRUNCATE makes new files
 * for every table and index.
 */
#define FX_TEMPLATE	"tessera_unit_template"
#define FX_NAME_MAX	64	/* a database's name, NUL included */
#define FX_URL_MAX	1024
#define FX_MADE_MAX	16	/* databases one process makes and drops */

/*
 * Made in the template once it is migrated: schema fx keeps a copy of
 * every table the migrations put rows in; fx.resync() sets every
 * identity to follow the largest id its table holds (rows put in with
 * their ids, as the tests' scripts do, do not move PostgreSQL's
 * identities, and the next row made without one would take an id
 * already used); fx.reset() empties every table, with triggers and
 * foreign keys off while it does, puts the copies back, and drops the
 * triggers fx_refuse() made; fx.refuse() is what those triggers run.
 */
static const char	fx_template_sql[] =
	"CREATE SCHEMA fx;"
	"DO $$ DECLARE r record; n bigint; BEGIN"
	" FOR r IN SELECT tablename AS t FROM pg_tables"
	"  WHERE schemaname = 'public' LOOP"
	"  EXECUTE format('SELECT count(*) FROM public.%I', r.t) INTO n;"
	"  IF n > 0 THEN EXECUTE format("
	"   'CREATE TABLE fx.%I AS SELECT * FROM public.%I', r.t, r.t);"
	"  END IF;"
	" END LOOP; END $$;"
	"CREATE FUNCTION fx.resync() RETURNS void LANGUAGE plpgsql AS $$"
	" DECLARE r record; m bigint; BEGIN"
	" FOR r IN SELECT c.relname AS t, a.attname AS col"
	"  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
	"  JOIN pg_namespace n ON n.oid = c.relnamespace"
	"  WHERE a.attidentity <> '' AND n.nspname = 'public' LOOP"
	"  EXECUTE format('SELECT max(%I) FROM public.%I', r.col, r.t) INTO m;"
	"  PERFORM setval(pg_get_serial_sequence("
	"   format('public.%I', r.t), r.col), coalesce(m, 0) + 1, false);"
	" END LOOP; END $$;"
	"CREATE FUNCTION fx.reset() RETURNS void LANGUAGE plpgsql AS $$"
	" DECLARE r record; BEGIN"
	" SET LOCAL session_replication_role = replica;"
	" FOR r IN SELECT tablename AS t FROM pg_tables"
	"  WHERE schemaname = 'public' LOOP"
	"  EXECUTE format('DELETE FROM public.%I', r.t);"
	" END LOOP;"
	" FOR r IN SELECT tablename AS t FROM pg_tables"
	"  WHERE schemaname = 'fx' LOOP"
	"  EXECUTE format('INSERT INTO public.%I SELECT * FROM fx.%I',"
	"   r.t, r.t);"
	" END LOOP;"
	" PERFORM fx.resync();"
	" FOR r IN SELECT t.tgname AS g, c.relname AS t FROM pg_trigger t"
	"  JOIN pg_class c ON c.oid = t.tgrelid"
	"  WHERE NOT t.tgisinternal AND t.tgname LIKE 'fx\\_%' LOOP"
	"  EXECUTE format('DROP TRIGGER %I ON public.%I', r.g, r.t);"
	" END LOOP; END $$;"
	"CREATE FUNCTION fx.refuse() RETURNS trigger LANGUAGE plpgsql AS $$"
	" BEGIN RAISE EXCEPTION 'refused by the test'; END $$";
#define FX_RESET	"SELECT fx.reset()"
#define FX_RESYNC	"SELECT fx.resync()"

static struct {
	pid_t		 owner;		/* the process that made these */
	char		 key[FX_NAME_MAX];	/* the booking key we named */
	pid_t		 key_owner;		/* the process that named it */
	struct db	*admin;		/* on the URL's own database */
	int		 have_template;
	char		 made[FX_MADE_MAX][FX_NAME_MAX];
	size_t		 nmade;
} fx_pg;

/* The PostgreSQL URL to test on, or NULL for SQLite. */
static const char *
fx_pg_url(void)
{
	const char	*u = getenv("TESSERA_TEST_DB");

	return u != NULL && db_is_url(u) ? u : NULL;
}

int
fx_is_pg(void)
{
	return fx_pg_url() != NULL;
}

/* The URL u with its database name replaced by name, into out. */
static void
fx_url_for(const char *u, const char *name, char *out, size_t outlen)
{
	const char	*host, *path, *query;

	host = strstr(u, "://");
	host = host != NULL ? host + 3 : u;
	/* The hosts part has no '/': a socket's directory is %2F-encoded. */
	if ((path = strchr(host, '/')) == NULL)
		path = host + strlen(host);
	query = strchr(path, '?');
	if ((size_t)snprintf(out, outlen, "%.*s/%s%s", (int)(path - u), u,
	    name, query != NULL ? query : "") >= outlen)
		fail_msg("the test database's URL is too long");
}

/* Run sql (CREATE or DROP DATABASE, which may not run inside a
 * transaction) on the admin connection; -1 with the reason on stderr. */
static int
fx_admin(const char *sql)
{
	char	 err[256];

	if (db_exec(fx_pg.admin, sql, err, sizeof(err)) != DB_OK) {
		fprintf(stderr, "%s: %s\n", sql, err);
		return -1;
	}
	return 0;
}

/* Drop the databases this process made (at exit; not in a forked
 * child, whose parent still uses them). */
static void
fx_pg_cleanup(void)
{
	char	 q[128];
	size_t	 i;

	if (fx_pg.admin == NULL || fx_pg.owner != getpid())
		return;
	if (fx_pg.key[0] != '\0' && fx_pg.key_owner == getpid())
		(void)unlink(fx_pg.key);
	for (i = 0; i < fx_pg.nmade; i++) {
		snprintf(q, sizeof(q), "DROP DATABASE IF EXISTS \"%s\" "
		    "WITH (FORCE)", fx_pg.made[i]);
		(void)fx_admin(q);
	}
	db_close(fx_pg.admin);
	fx_pg.admin = NULL;
}

/*
 * The run's migrated template, made by the first process that needs it
 * (the unit binaries run one after another): made under a name of its
 * own, then renamed, so that a template that exists is complete.
 * 0, or -1 with the reason on stderr.
 */
static int
fx_pg_template(void)
{
	struct db	*db;
	struct db_stmt	*s;
	char		 url[FX_URL_MAX], tmp[FX_NAME_MAX], q[256], err[256];
	int		 have;
	static const struct db_sql	exists = {
		"SELECT count(*) FROM pg_database WHERE datname = ?1", NULL
	};

	if (fx_pg.have_template)
		return 0;
	if ((s = db_prepare(fx_pg.admin, &exists)) == NULL)
		return -1;
	if (db_bind_text(s, 1, FX_TEMPLATE) != DB_OK ||
	    db_step(s) != DB_ROW) {
		db_finalize(s);
		return -1;
	}
	have = db_col_int(s, 0) > 0;
	db_finalize(s);
	if (!have) {
		snprintf(tmp, sizeof(tmp), "tessera_unit_making_%d",
		    (int)getpid());
		snprintf(q, sizeof(q), "CREATE DATABASE \"%s\"", tmp);
		if (fx_admin(q) == -1)
			return -1;
		fx_url_for(fx_pg_url(), tmp, url, sizeof(url));
		if ((db = db_open(url, 0, NULL, 0, err, sizeof(err))) ==
		    NULL) {
			fprintf(stderr, "open %s: %s\n", tmp, err);
			return -1;
		}
		if (db_migrate(db, college_migrations, college_nmigrations,
		    err, sizeof(err)) != DB_OK ||
		    db_exec(db, fx_template_sql, err, sizeof(err)) != DB_OK) {
			fprintf(stderr, "template %s: %s\n", tmp, err);
			db_close(db);
			return -1;
		}
		db_close(db);
		snprintf(q, sizeof(q), "ALTER DATABASE \"%s\" RENAME TO \"%s\"",
		    tmp, FX_TEMPLATE);
		if (fx_admin(q) == -1)
			return -1;
	}
	fx_pg.have_template = 1;
	return 0;
}

/* The admin connection, made once per process. 0 or -1 (stderr). */
static int
fx_pg_admin(void)
{
	char	 err[256];

	if (fx_pg.admin != NULL && fx_pg.owner == getpid())
		return 0;
	/* A forked child makes its own, and leaves the parent's be. */
	if ((fx_pg.admin = db_open(fx_pg_url(), 0, NULL, 0, err,
	    sizeof(err))) == NULL) {
		fprintf(stderr, "open %s: %s\n", fx_pg_url(), err);
		return -1;
	}
	if (fx_pg.owner == 0)
		atexit(fx_pg_cleanup);
	fx_pg.owner = getpid();
	fx_pg.nmade = 0;
	fx_pg.have_template = 0;
	return 0;
}

/* Whether this process has made database name: 1 it has, 0 it has now
 * (a copy of the template, as good as reset), -1 (stderr). */
static int
fx_pg_made(const char *name)
{
	char	 q[256];
	size_t	 i;

	if (fx_pg_admin() == -1)
		return -1;
	for (i = 0; i < fx_pg.nmade; i++)
		if (strcmp(fx_pg.made[i], name) == 0)
			return 1;
	if (fx_pg.nmade == FX_MADE_MAX) {
		fprintf(stderr, "more than %d test databases\n", FX_MADE_MAX);
		return -1;
	}
	if (fx_pg_template() == -1)
		return -1;
	snprintf(q, sizeof(q), "DROP DATABASE IF EXISTS \"%s\" WITH (FORCE)",
	    name);
	if (fx_admin(q) == -1)
		return -1;
	snprintf(q, sizeof(q), "CREATE DATABASE \"%s\" TEMPLATE \"%s\"", name,
	    FX_TEMPLATE);
	if (fx_admin(q) == -1)
		return -1;
	snprintf(fx_pg.made[fx_pg.nmade++], FX_NAME_MAX, "%s", name);
	return 0;
}

/* The PostgreSQL database standing for the SQLite path: one per
 * process for ":memory:", else one per path, so that a forked child
 * opening the path meets its parent's database. */
static void
fx_pg_name(const char *path, char *out, size_t outlen)
{
	unsigned long	 h = 5381;

	if (strcmp(path, ":memory:") == 0) {
		snprintf(out, outlen, "tessera_unit_%d", (int)getpid());
		return;
	}
	for (; *path != '\0'; path++)
		h = h * 33 + (unsigned char)*path;
	snprintf(out, outlen, "tessera_unit_f%lx", h);
}

struct db *
fx_open(const char *path, int create)
{
	struct db	*db;
	char		 err[256], name[FX_NAME_MAX], url[FX_URL_MAX];
	const char	*where = path;
	int		 made = 0;

	if (fx_is_pg()) {
		/* A database on a server has no file for the booking key to
		 * sit beside (booking.h): one per process, unless the test
		 * names its own. */
		if (getenv("TESSERA_KEY_FILE") == NULL) {
			snprintf(fx_pg.key, sizeof(fx_pg.key),
			    "/tmp/tessera_unit_%d.key", (int)getpid());
			if (setenv("TESSERA_KEY_FILE", fx_pg.key, 1) == -1)
				return NULL;
			fx_pg.key_owner = getpid();
		}
		fx_pg_name(path, name, sizeof(name));
		if (create && (made = fx_pg_made(name)) == -1)
			return NULL;
		fx_url_for(fx_pg_url(), name, url, sizeof(url));
		where = url;
	}
	db = db_open(where, create, college_stmts, STMT__MAX, err, sizeof(err));
	if (db == NULL) {
		fprintf(stderr, "open %s: %s\n", path, err);
		return NULL;
	}
	/* A database this process made before: empty it again. */
	if (made == 1 && db_exec(db, FX_RESET, err, sizeof(err)) != DB_OK) {
		fprintf(stderr, "reset %s: %s\n", path, err);
		db_close(db);
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
fx_resync(struct db *db)
{
	char	 err[256];

	if (strcmp(db_engine(db), "postgresql") == 0 &&
	    db_exec(db, FX_RESYNC, err, sizeof(err)) != DB_OK)
		fail_msg("identities: %s", err);
}

void
fx_exec(struct db *db, const char *sql)
{
	char	 err[256];

	if (db_exec(db, sql, err, sizeof(err)) != DB_OK)
		fail_msg("%s: %s", sql, err);
	fx_resync(db);
}

/* sqlite3_vmprintf() of fmt, or a failed test. Free with sqlite3_free.
 * (SQLite's formatting only: %Q quotes as standard SQL, which both
 * engines read.) */
static char *
vsql(const char *fmt, va_list ap)
{
	char	*q;

	if ((q = sqlite3_vmprintf(fmt, ap)) == NULL)
		fail_msg("out of memory for %s", fmt);
	return q;
}

/* Fail the running test over q (which is freed, so that a failure
 * leaks nothing): the statement and why. */
static void
fx_fail_sql(char *q, const char *why)
{
	static char	 msg[FX_TEXT_MAX];

	snprintf(msg, sizeof(msg), "%s: %s", q, why);
	sqlite3_free(q);
	fail_msg("%s", msg);
}

/* Run q through the interface; the first column of its first row, or 0
 * with none. want: a row must come back. A failure frees q. */
static long long
fx_run_one(struct db *db, char *q, int want)
{
	struct db_sql	 sql = { q, NULL };
	struct db_stmt	*s;
	enum db_rc	 rc;
	long long	 v = 0;
	char		 why[256];

	if ((s = db_prepare(db, &sql)) == NULL)
		fx_fail_sql(q, db_errmsg(db));
	rc = db_step(s);
	if (rc == DB_ROW)
		v = db_col_int(s, 0);
	else if (rc != DB_DONE || want) {
		snprintf(why, sizeof(why), "%s", rc == DB_DONE ? "no row" :
		    db_errmsg(db));
		db_finalize(s);
		fx_fail_sql(q, why);
	}
	db_finalize(s);
	return v;
}

long long
fx_sql(struct db *db, const char *fmt, ...)
{
	va_list		 ap;
	char		*q;
	long long	 v;

	va_start(ap, fmt);
	q = vsql(fmt, ap);
	va_end(ap);
	v = fx_run_one(db, q, 0);
	sqlite3_free(q);
	fx_resync(db);
	return v;
}

long long
fx_count(struct db *db, const char *fmt, ...)
{
	va_list		 ap;
	char		*q;
	long long	 v;

	va_start(ap, fmt);
	q = vsql(fmt, ap);
	va_end(ap);
	v = fx_run_one(db, q, 1);
	sqlite3_free(q);
	return v;
}

void
fx_refuse(struct db *db, const char *table, int on)
{
	char	 q[256];
	int	 pg = strcmp(db_engine(db), "postgresql") == 0;

	if (on && pg)
		snprintf(q, sizeof(q), "CREATE TRIGGER fx_refuse_%s BEFORE "
		    "INSERT ON %s FOR EACH ROW EXECUTE FUNCTION fx.refuse()",
		    table, table);
	else if (on)
		snprintf(q, sizeof(q), "CREATE TEMP TRIGGER fx_refuse_%s "
		    "BEFORE INSERT ON %s BEGIN SELECT RAISE(ABORT, "
		    "'refused by the test'); END", table, table);
	else if (pg)
		snprintf(q, sizeof(q), "DROP TRIGGER fx_refuse_%s ON %s", table,
		    table);
	else
		snprintf(q, sizeof(q), "DROP TRIGGER fx_refuse_%s", table);
	fx_exec(db, q);
}

const char *
fx_text(struct db *db, const char *fmt, ...)
{
	static char	 buf[FX_TEXT_MAX];
	struct db_sql	 sql;
	struct db_stmt	*s;
	va_list		 ap;
	char		*q;

	va_start(ap, fmt);
	q = vsql(fmt, ap);
	va_end(ap);
	sql.sql = q;
	sql.pg = NULL;
	if ((s = db_prepare(db, &sql)) == NULL)
		fx_fail_sql(q, db_errmsg(db));
	if (db_step(s) != DB_ROW || db_col_null(s, 0)) {
		db_finalize(s);
		fx_fail_sql(q, "no row, or NULL");
	}
	snprintf(buf, sizeof(buf), "%s", db_col_text(s, 0));
	db_finalize(s);
	sqlite3_free(q);
	return buf;
}

void
fx_sqlite_only(const char *why)
{
	if (!fx_is_pg())
		return;
	print_message("[ SQLITE   ] SQLite only: %s\n", why);
	skip();
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
	return fx_sql(db, "INSERT INTO venue(name) VALUES (%Q) RETURNING id",
	    name);
}

long long
fx_user(struct db *db, const char *email, const char *name)
{
	return fx_sql(db, "INSERT INTO \"user\"(email, name, role, "
	    "pwhash, created_at) VALUES (%Q, %Q, 'educator', 'x', 0) "
	    "RETURNING id", email, name);
}

long long
fx_course(struct db *db, const char *slug, const char *title)
{
	return fx_sql(db, "INSERT INTO course(slug, title, status) "
	    "VALUES (%Q, %Q, 'published') RETURNING id", slug, title);
}

long long
fx_run(struct db *db, long long course, int capacity, const char *status)
{
	return fx_sql(db, "INSERT INTO run(course_id, capacity, status) "
	    "VALUES (%lld, %d, %Q) RETURNING id", course, capacity, status);
}

long long
fx_session(struct db *db, long long run, time_t start, int minutes,
    long long venue, const char *status)
{
	return fx_sql(db, "INSERT INTO session(run_id, starts_at, ends_at, "
	    "venue_id, status) VALUES (%lld, %lld, %lld, %lld, %Q) "
	    "RETURNING id", run,
	    (long long)start, (long long)start + minutes * 60, venue, status);
}

long long
fx_learner(struct db *db, const char *name, const char *email)
{
	return fx_sql(db, "INSERT INTO learner(email, name, created_at) "
	    "VALUES (%Q, %Q, 0) RETURNING id", email, name);
}

long long
fx_booking(struct db *db, long long run, long long learner,
    const char *status)
{
	char	 token[32], code[16];

	snprintf(token, sizeof(token), "TOKEN%021lld", learner);
	snprintf(code, sizeof(code), "C%05lld", learner);
	return fx_sql(db, "INSERT INTO booking(run_id, learner_id, status, "
	    "token, code, created_at, updated_at) VALUES (%lld, %lld, %Q, "
	    "%Q, %Q, 0, 0) RETURNING id", run, learner, status, token, code);
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
