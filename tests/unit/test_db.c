/*
 * test_db.c: opening with every setting read back, migrations,
 * statement caching, transactions, and the college's real schema.
 * SQLite's own (the SQLite driver, WAL, the writers' flock): it opens
 * SQLite whatever TESSERA_TEST_DB says; test_db_pg.c is PostgreSQL's.
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
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <sqlite3.h>

#include "kit/arena.h"
#include "kit/db.h"
#include "kit/db_sqlite.h"
#include "college/sqlfiles.h"

#define MEM	":memory:"

enum { S_ECHO, S_INSERT, S_COUNT, S_ROWS, S_ECHO2, S_U_ADD, S_U_IGNORE,
    S_W_ADD, S_U_COPY, S_U_PUT, S__MAX };

static const struct db_sql stmts[S__MAX] = {
	[S_ECHO] = { "SELECT ?1", NULL },
	[S_INSERT] = { "INSERT INTO t (x) VALUES (?1)", NULL },
	[S_COUNT] = { "SELECT count(*) FROM t", NULL },
	[S_ROWS] = { "SELECT x FROM t ORDER BY x", NULL },
	[S_ECHO2] = { "SELECT ?1, ?2", NULL },
	/* Table u of the interface tests (u_table). */
	[S_U_ADD] = { "INSERT INTO u (name, n) VALUES (?1, ?2) RETURNING id",
	    NULL },
	[S_U_IGNORE] = { "INSERT INTO u (name, n) VALUES (?1, ?2)"
	    " ON CONFLICT (name) DO NOTHING RETURNING id",
	    "INSERT INTO u (name, n) VALUES (?1, ?2)"
	    " ON CONFLICT (name) DO NOTHING RETURNING id" },
	[S_W_ADD] = { "INSERT INTO w (id, x) VALUES (?1, ?2) RETURNING id",
	    NULL },
	[S_U_COPY] = { "INSERT INTO u (name, n) SELECT name || '2', n FROM u"
	    " RETURNING id", NULL },
	[S_U_PUT] = { "INSERT INTO u (name, n) VALUES (?1, ?2)", NULL },
};

static const struct db_migration two[] = {
	{ 1, "001_a.sql", "CREATE TABLE a (x INTEGER);", NULL },
	{ 2, "002_b.sql", "CREATE TABLE b (y INTEGER);"
	    " INSERT INTO b (y) VALUES (7);", NULL },
};

/*
 * Every fdatasync(2) in this program passes here, SQLite's included:
 * while sync_lock names a database's writers' lock file, each is
 * counted, and counted again in syncs_locked if that lock was held
 * (another open file description of it cannot take it) as it ran.
 */
static const char	*sync_lock;
static int		 syncs, syncs_locked;

int
fdatasync(int fd)
{
	int	 l;

	if (sync_lock != NULL) {
		syncs++;
		if ((l = open(sync_lock, O_RDONLY | O_CLOEXEC)) != -1) {
			if (flock(l, LOCK_EX | LOCK_NB) == -1)
				syncs_locked++;
			close(l);
		}
	}
	return (int)syscall(SYS_fdatasync, fd);
}

/* A temporary directory for file databases, removed in teardown. */
struct tmp {
	char	dir[64];
	char	path[128];
};

static int
tmp_setup(void **state)
{
	struct tmp	*t;

	if ((t = calloc(1, sizeof(*t))) == NULL)
		return -1;
	snprintf(t->dir, sizeof(t->dir), "/tmp/test_db.XXXXXX");
	if (mkdtemp(t->dir) == NULL) {
		free(t);
		return -1;
	}
	snprintf(t->path, sizeof(t->path), "%s/t.db", t->dir);
	*state = t;
	return 0;
}

static int
tmp_teardown(void **state)
{
	struct tmp	*t = *state;
	static const char *const sfx[] = { "", "-wal", "-shm", "-journal" };
	char		 p[160];
	size_t		 i;

	for (i = 0; i < sizeof(sfx) / sizeof(sfx[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", t->path, sfx[i]);
		(void)unlink(p);
	}
	(void)rmdir(t->dir);
	free(t);
	return 0;
}

/* An in-memory database with table t and the test statements. */
static struct db *
mem_t(void)
{
	struct db	*db;
	char		 err[256];

	db = db_open(MEM, 1, stmts, S__MAX, err, sizeof(err));
	assert_non_null(db);
	assert_int_equal(db_exec(db, "CREATE TABLE t (x INTEGER)", err,
	    sizeof(err)), 0);
	return db;
}

static int
pragma_int(sqlite3 *h, const char *sql)
{
	sqlite3_stmt	*s;
	int		 v;

	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

static void
assert_journal(sqlite3 *h, const char *want)
{
	sqlite3_stmt	*s;

	assert_int_equal(sqlite3_prepare_v2(h, "PRAGMA journal_mode", -1, &s,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(s, 0), want);
	sqlite3_finalize(s);
}

/* Every setting as SQLite reports it, whatever db_open believes. */
static void
assert_settings(struct db *db)
{
	sqlite3	*h = db_handle(db);
	int	 v = -1;

	assert_int_equal(pragma_int(h, "PRAGMA foreign_keys"), 1);
	assert_int_equal(pragma_int(h, "PRAGMA busy_timeout"), DB_BUSY_MS);
	assert_int_equal(pragma_int(h, "PRAGMA trusted_schema"), 0);
	assert_int_equal(pragma_int(h, "PRAGMA secure_delete"), 1);
	assert_int_equal(pragma_int(h, "PRAGMA synchronous"), 2);
	assert_int_equal(sqlite3_db_config(h, SQLITE_DBCONFIG_DEFENSIVE, -1,
	    &v), SQLITE_OK);
	assert_int_equal(v, 1);
}

static int
count(struct db *db, const char *sql)
{
	return pragma_int(db_handle(db), sql);
}

static void
test_db_open_memory_settings(void **state)
{
	struct db	*db;
	char		 err[256];

	db = db_open(MEM, 1, NULL, 0, err, sizeof(err));
	assert_non_null(db);
	assert_settings(db);
	assert_journal(db_handle(db), "memory");
	db_close(db);
}

static void
test_db_open_file_wal(void **state)
{
	struct tmp	*t = *state;
	struct db	*db;
	char		 err[256];

	db = db_open(t->path, 1, NULL, 0, err, sizeof(err));
	assert_non_null(db);
	assert_settings(db);
	assert_journal(db_handle(db), "wal");
	db_close(db);
	/* Again without create: the file is there now. */
	db = db_open(t->path, 0, NULL, 0, err, sizeof(err));
	assert_non_null(db);
	assert_journal(db_handle(db), "wal");
	db_close(db);
}

static void
test_db_open_missing_without_create(void **state)
{
	struct tmp	*t = *state;
	char		 err[256] = "";

	assert_null(db_open(t->path, 0, NULL, 0, err, sizeof(err)));
	assert_true(strlen(err) > 0);
	assert_int_equal(access(t->path, F_OK), -1);
}

static void
test_db_open_bad_arguments(void **state)
{
	char	 err[256];

	err[0] = '\0';
	assert_null(db_open(MEM, 1, stmts, DB_STMTS_MAX + 1, err,
	    sizeof(err)));
	assert_true(strlen(err) > 0);
	err[0] = '\0';
	assert_null(db_open("", 1, NULL, 0, err, sizeof(err)));
	assert_true(strlen(err) > 0);
	assert_null(db_open(MEM, 1, NULL, 2, err, sizeof(err)));
}

static void
test_db_version_new(void **state)
{
	struct db	*db = mem_t();

	assert_int_equal(db_version(db), 0);
	db_close(db);
}

static void
test_db_migrate_idempotent(void **state)
{
	struct db	*db = mem_t();
	char		 err[256];

	assert_int_equal(db_migrate(db, two, 2, err, sizeof(err)), 0);
	assert_int_equal(db_version(db), 2);
	assert_int_equal(db_migrate(db, two, 2, err, sizeof(err)), 0);
	assert_int_equal(db_version(db), 2);
	/* Each script ran once. */
	assert_int_equal(count(db, "SELECT count(*) FROM b"), 1);
	assert_int_equal(count(db, "SELECT count(*) FROM schema_version"), 2);
	assert_int_equal(count(db, "SELECT count(*) FROM schema_version"
	    " WHERE name = '002_b.sql' AND applied_at > 0"), 1);
	db_close(db);
}

static void
test_db_migrate_in_steps(void **state)
{
	struct db	*db = mem_t();
	char		 err[256];

	assert_int_equal(db_migrate(db, two, 1, err, sizeof(err)), 0);
	assert_int_equal(db_version(db), 1);
	assert_int_equal(count(db, "SELECT count(*) FROM sqlite_master"
	    " WHERE name = 'b'"), 0);
	assert_int_equal(db_migrate(db, two, 2, err, sizeof(err)), 0);
	assert_int_equal(db_version(db), 2);
	assert_int_equal(count(db, "SELECT count(*) FROM b"), 1);
	db_close(db);
}

static void
test_db_migrate_failure_rolls_back(void **state)
{
	static const struct db_migration bad[] = {
		{ 1, "001_a.sql", "CREATE TABLE a (x INTEGER);", NULL },
		{ 2, "002_bad.sql", "CREATE TABLE c (z INTEGER);"
		    " INSERT INTO c (z) VALUES (1);"
		    " INSERT INTO nosuch (z) VALUES (1);", NULL },
		{ 3, "003_never.sql", "CREATE TABLE d (w INTEGER);", NULL },
	};
	struct db	*db = mem_t();
	char		 err[256] = "";

	assert_int_equal(db_migrate(db, bad, 3, err, sizeof(err)), -1);
	assert_true(strncmp(err, "002_bad.sql: ", 13) == 0);
	assert_non_null(strstr(err, "no such table"));
	assert_int_equal(db_version(db), 1);
	assert_int_equal(count(db, "SELECT count(*) FROM sqlite_master"
	    " WHERE name IN ('c', 'd')"), 0);
	/* Not left inside a transaction. */
	assert_true(sqlite3_get_autocommit(db_handle(db)));
	db_close(db);
}

static void
test_db_migrate_out_of_order(void **state)
{
	static const struct db_migration backwards[] = {
		{ 2, "002_b.sql", "CREATE TABLE b (y INTEGER);", NULL },
		{ 1, "001_a.sql", "CREATE TABLE a (x INTEGER);", NULL },
	};
	static const struct db_migration twice[] = {
		{ 1, "001_a.sql", "CREATE TABLE a (x INTEGER);", NULL },
		{ 1, "001_b.sql", "CREATE TABLE b (y INTEGER);", NULL },
	};
	static const struct db_migration zero[] = {
		{ 0, "000_a.sql", "CREATE TABLE a (x INTEGER);", NULL },
	};
	struct db	*db = mem_t();
	char		 err[256];

	err[0] = '\0';
	assert_int_equal(db_migrate(db, backwards, 2, err, sizeof(err)), -1);
	assert_true(strlen(err) > 0);
	assert_int_equal(db_migrate(db, twice, 2, err, sizeof(err)), -1);
	assert_int_equal(db_migrate(db, zero, 1, err, sizeof(err)), -1);
	/* Refused before anything ran. */
	assert_int_equal(db_version(db), 0);
	assert_int_equal(count(db, "SELECT count(*) FROM sqlite_master"
	    " WHERE name IN ('a', 'b')"), 0);
	db_close(db);
}

static void
test_db_migrate_newer_database(void **state)
{
	struct db	*db = mem_t();
	char		 err[256] = "";

	assert_int_equal(db_migrate(db, two, 2, err, sizeof(err)), 0);
	assert_int_equal(db_migrate(db, two, 1, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "newer"));
	assert_int_equal(db_version(db), 2);
	db_close(db);
}

static void
test_db_migrate_script_with_commit(void **state)
{
	static const struct db_migration m[] = {
		{ 1, "001_commit.sql", "CREATE TABLE a (x INTEGER); COMMIT;", NULL },
	};
	struct db	*db = mem_t();
	char		 err[256] = "";

	assert_int_equal(db_migrate(db, m, 1, err, sizeof(err)), -1);
	assert_true(strncmp(err, "001_commit.sql: ", 16) == 0);
	assert_int_equal(db_version(db), 0);
	db_close(db);
}

static void
test_db_migrate_broken_foreign_key(void **state)
{
	static const struct db_migration m[] = {
		{ 1, "001_fk.sql", "CREATE TABLE p (id INTEGER PRIMARY KEY);"
		    " CREATE TABLE c (p INTEGER REFERENCES p(id)"
		    " DEFERRABLE INITIALLY DEFERRED);"
		    " INSERT INTO c (p) VALUES (9);", NULL },
	};
	struct db	*db = mem_t();
	char		 err[256] = "";

	assert_int_equal(db_migrate(db, m, 1, err, sizeof(err)), -1);
	assert_true(strncmp(err, "001_fk.sql: ", 12) == 0);
	assert_int_equal(db_version(db), 0);
	assert_int_equal(count(db, "SELECT count(*) FROM sqlite_master"
	    " WHERE name = 'c'"), 0);
	db_close(db);
}

static void
test_db_stmt_cached(void **state)
{
	struct db	*db = mem_t();
	struct db_stmt	*s;

	s = db_stmt(db, S_ECHO);
	assert_non_null(s);
	assert_ptr_equal(db_stmt(db, S_ECHO), s);
	assert_ptr_not_equal(db_stmt(db, S_COUNT), s);
	assert_ptr_equal(db_stmt(db, S_ECHO), s);
	db_close(db);
}

static void
test_db_stmt_reset_and_cleared(void **state)
{
	struct db	*db = mem_t();
	struct db_stmt	*s;

	s = db_stmt(db, S_ECHO);
	assert_int_equal(db_bind_int(s, 1, 42), DB_OK);
	assert_int_equal(db_step(s), DB_ROW);
	assert_int_equal(db_col_int(s, 0), 42);
	assert_true(sqlite3_stmt_busy(db_sqlite_stmt(s)));
	/* Left mid-way; handed back reset, with ?1 NULL again. */
	s = db_stmt(db, S_ECHO);
	assert_false(sqlite3_stmt_busy(db_sqlite_stmt(s)));
	assert_int_equal(db_step(s), DB_ROW);
	assert_true(db_col_null(s, 0));
	assert_string_equal(db_col_text(s, 0), "");
	db_close(db);
}

static void
test_db_stmt_out_of_range(void **state)
{
	struct db	*db = mem_t();
	struct db	*none;
	char		 err[256];

	assert_null(db_stmt(db, S__MAX));
	assert_null(db_stmt(db, (size_t)-1));
	db_close(db);
	none = db_open(MEM, 1, NULL, 0, err, sizeof(err));
	assert_non_null(none);
	assert_null(db_stmt(none, 0));
	db_close(none);
}

static void
test_db_stmt_bad_sql(void **state)
{
	static const struct db_sql bad[] = {
		{ "SELEC 1", NULL },
		{ "SELECT 1; SELECT 2", NULL },
		{ "", NULL },
		{ "SELECT x FROM nosuch", NULL },
	};
	struct db	*db;
	char		 err[256];
	size_t		 i;

	db = db_open(MEM, 1, bad, 4, err, sizeof(err));
	assert_non_null(db);
	for (i = 0; i < 4; i++) {
		assert_null(db_stmt(db, i));
		/* And again: a failure is not cached as a success. */
		assert_null(db_stmt(db, i));
	}
	db_close(db);
}

static void
test_db_release_resets(void **state)
{
	struct db	*db = mem_t();
	struct db_stmt	*s;
	char		 err[256];

	assert_int_equal(db_exec(db, "INSERT INTO t VALUES (1), (2)", err,
	    sizeof(err)), 0);
	s = db_stmt(db, S_ROWS);
	assert_int_equal(db_step(s), DB_ROW);
	assert_true(sqlite3_stmt_busy(db_sqlite_stmt(s)));
	db_release(db);
	assert_false(sqlite3_stmt_busy(db_sqlite_stmt(s)));
	db_close(db);
}

static void
insert(struct db *db, int x)
{
	struct db_stmt	*s = db_stmt(db, S_INSERT);

	assert_non_null(s);
	assert_int_equal(db_bind_int(s, 1, x), DB_OK);
	assert_int_equal(db_step(s), DB_DONE);
}

static void
test_db_begin_commit(void **state)
{
	struct db	*db = mem_t();

	assert_int_equal(db_begin(db), 0);
	assert_false(sqlite3_get_autocommit(db_handle(db)));
	insert(db, 1);
	assert_int_equal(db_commit(db), 0);
	assert_true(sqlite3_get_autocommit(db_handle(db)));
	assert_int_equal(count(db, "SELECT count(*) FROM t"), 1);
	db_close(db);
}

static void
test_db_begin_rollback(void **state)
{
	struct db	*db = mem_t();

	assert_int_equal(db_begin(db), 0);
	insert(db, 1);
	assert_int_equal(db_rollback(db), 0);
	assert_true(sqlite3_get_autocommit(db_handle(db)));
	assert_int_equal(count(db, "SELECT count(*) FROM t"), 0);
	/* Nothing open: nothing to do, no error. */
	assert_int_equal(db_rollback(db), 0);
	db_close(db);
}

static void
test_db_begin_nested(void **state)
{
	struct db	*db = mem_t();

	assert_int_equal(db_begin(db), 0);
	assert_int_equal(db_begin(db), -1);
	assert_int_equal(db_rollback(db), 0);
	/* COMMIT with no transaction is an error. */
	assert_int_equal(db_commit(db), -1);
	db_close(db);
}

static void
test_db_commit_failure_rolls_back(void **state)
{
	struct db	*db = mem_t();
	char		 err[256];

	assert_int_equal(db_exec(db, "CREATE TABLE p (id INTEGER PRIMARY KEY);"
	    " CREATE TABLE c (p INTEGER REFERENCES p(id)"
	    " DEFERRABLE INITIALLY DEFERRED);", err, sizeof(err)), 0);
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(db_exec(db, "INSERT INTO c (p) VALUES (9)", err,
	    sizeof(err)), 0);
	assert_int_equal(db_commit(db), -1);
	assert_true(sqlite3_get_autocommit(db_handle(db)));
	assert_int_equal(count(db, "SELECT count(*) FROM c"), 0);
	db_close(db);
}

static void
test_db_begin_busy(void **state)
{
	struct tmp	*t = *state;
	struct db	*a, *b;
	char		 err[256];

	a = db_open(t->path, 1, stmts, S__MAX, err, sizeof(err));
	assert_non_null(a);
	assert_int_equal(db_exec(a, "CREATE TABLE t (x INTEGER)", err,
	    sizeof(err)), 0);
	b = db_open(t->path, 0, stmts, S__MAX, err, sizeof(err));
	assert_non_null(b);
	/* Shorter than DB_BUSY_MS, to keep the test quick. */
	assert_int_equal(db_busy_timeout(b, 50), 0);
	assert_int_equal(db_begin(a), 0);
	insert(a, 1);
	assert_int_equal(db_begin(b), DB_BUSY);
	/* A failed nested BEGIN keeps the writer's lock of the outer one. */
	assert_int_equal(db_begin(a), DB_ERROR);
	assert_false(sqlite3_get_autocommit(db_handle(a)));
	assert_int_equal(db_begin(b), DB_BUSY);
	assert_true(sqlite3_get_autocommit(db_handle(b)));
	assert_int_equal(db_commit(a), 0);
	/* A reader in WAL mode sees the committed row; b can write now. */
	assert_int_equal(count(b, "SELECT count(*) FROM t"), 1);
	assert_int_equal(db_begin(b), 0);
	insert(b, 2);
	assert_int_equal(db_commit(b), 0);
	assert_int_equal(count(a, "SELECT count(*) FROM t"), 2);
	db_close(b);
	db_close(a);
}

static void
test_db_exec_error(void **state)
{
	struct db	*db = mem_t();
	char		 err[256] = "";

	assert_int_equal(db_exec(db, "INSERT INTO nosuch VALUES (1)", err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "nosuch"));
	db_close(db);
}

static void
test_db_foreign_keys_enforced(void **state)
{
	struct db	*db = mem_t();
	char		 err[256] = "";

	assert_int_equal(db_migrate(db, college_migrations,
	    college_nmigrations, err, sizeof(err)), 0);
	assert_int_equal(db_exec(db, "INSERT INTO run (course_id, capacity)"
	    " VALUES (999, 10)", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "FOREIGN KEY"));
	db_close(db);
}

static void
test_db_migrate_college_memory(void **state)
{
	struct db	*db;
	char		 err[256];
	int		 last;

	assert_true(college_nmigrations >= 1);
	last = college_migrations[college_nmigrations - 1].version;
	db = db_open(MEM, 1, NULL, 0, err, sizeof(err));
	assert_non_null(db);
	assert_int_equal(db_migrate(db, college_migrations,
	    college_nmigrations, err, sizeof(err)), 0);
	assert_int_equal(db_version(db), last);
	assert_int_equal(count(db, "SELECT count(*) FROM setting"
	    " WHERE key = 'timezone'"), 1);
	assert_int_equal(count(db, "SELECT count(*) FROM user"), 0);
	assert_int_equal(db_migrate(db, college_migrations,
	    college_nmigrations, err, sizeof(err)), 0);
	assert_int_equal(db_version(db), last);
	db_close(db);
}

static void
test_db_migrate_college_file(void **state)
{
	struct tmp	*t = *state;
	struct db	*db;
	char		 err[256];
	int		 last;

	last = college_migrations[college_nmigrations - 1].version;
	db = db_open(t->path, 1, NULL, 0, err, sizeof(err));
	assert_non_null(db);
	assert_int_equal(db_migrate(db, college_migrations,
	    college_nmigrations, err, sizeof(err)), 0);
	assert_int_equal(db_version(db), last);
	db_close(db);
	db = db_open(t->path, 0, NULL, 0, err, sizeof(err));
	assert_non_null(db);
	assert_journal(db_handle(db), "wal");
	assert_int_equal(db_migrate(db, college_migrations,
	    college_nmigrations, err, sizeof(err)), 0);
	assert_int_equal(db_version(db), last);
	assert_int_equal(count(db, "SELECT count(*) FROM schema_version"),
	    (int)college_nmigrations);
	db_close(db);
}

/* Table u: a UNIQUE name, a CHECKed n, a NOT NULL name. */
static void
u_table(struct db *db)
{
	char	 err[256];

	assert_int_equal(db_exec(db, "CREATE TABLE u (id INTEGER PRIMARY KEY,"
	    " name TEXT NOT NULL UNIQUE, n INTEGER CHECK (n >= 0))", err,
	    sizeof(err)), DB_OK);
}

/* Step S_U_ADD with name and n; the status, the new id in *id. */
static enum db_rc
u_add(struct db *db, const char *name, long long n, long long *id)
{
	struct db_stmt	*s = db_stmt(db, S_U_ADD);
	enum db_rc	 rc;

	assert_non_null(s);
	assert_int_equal(db_bind_text(s, 1, name), DB_OK);
	assert_int_equal(db_bind_int(s, 2, n), DB_OK);
	rc = db_step(s);
	if (rc == DB_ROW)
		*id = db_col_int(s, 0);
	db_reset(s);
	return rc;
}

static void
test_db_url_without_driver(void **state)
{
	char	 err[256] = "";

	assert_true(db_is_url("postgresql://db.example/college"));
	assert_true(db_is_url("postgres://u@h1,h2/c?target_session_attrs="
	    "read-write"));
	assert_true(db_is_url("PostgreSQL://h/c"));
	assert_false(db_is_url("var/tessera.db"));
	assert_false(db_is_url(":memory:"));
	assert_false(db_is_url("postgresql:/h/c"));
	assert_false(db_is_url(NULL));
#ifndef TESSERA_PG
	/* Never a SQLite file named like a URL: a clear refusal. */
	assert_null(db_open("postgresql://127.0.0.1/tessera", 1, stmts,
	    S__MAX, err, sizeof(err)));
	assert_non_null(strstr(err, "PostgreSQL"));
	assert_int_equal(access("postgresql:", F_OK), -1);
#else
	/* With the driver: no server there is a clear failure, never a
	 * file named like the URL. */
	assert_null(db_open("postgresql://127.0.0.1:1/tessera?"
	    "connect_timeout=2", 1, stmts, S__MAX, err, sizeof(err)));
	assert_non_null(strstr(err, "postgresql"));
	assert_int_equal(access("postgresql:", F_OK), -1);
#endif
}

static void
test_db_engine_and_path(void **state)
{
	struct tmp	*t = *state;
	struct db	*db = mem_t();
	char		 err[256];
	const char	*p;

	assert_string_equal(db_engine(db), "sqlite");
	assert_null(db_path(db));
	db_close(db);
	db = db_open(t->path, 1, NULL, 0, err, sizeof(err));
	assert_non_null(db);
	assert_non_null(p = db_path(db));
	assert_true(strlen(p) >= strlen(t->path));
	assert_string_equal(p + strlen(p) - strlen("/t.db"), "/t.db");
	db_close(db);
}

static void
test_db_returning_id_and_changes(void **state)
{
	struct db	*db = mem_t();
	struct db_stmt	*s;
	long long	 a = 0, b = 0, c = -1;

	u_table(db);
	assert_int_equal(u_add(db, "ada", 1, &a), DB_ROW);
	assert_int_equal(db_changes(db), 1);
	assert_int_equal(u_add(db, "bea", 2, &b), DB_ROW);
	assert_true(a > 0 && b > a);
	/* ON CONFLICT DO NOTHING: no row, nothing changed, no error. */
	s = db_stmt(db, S_U_IGNORE);
	assert_int_equal(db_bind_text(s, 1, "ada"), DB_OK);
	assert_int_equal(db_bind_int(s, 2, 5), DB_OK);
	assert_int_equal(db_step(s), DB_DONE);
	assert_int_equal(db_changes(db), 0);
	s = db_stmt(db, S_U_IGNORE);
	assert_int_equal(db_bind_text(s, 1, "cy"), DB_OK);
	assert_int_equal(db_bind_int(s, 2, 5), DB_OK);
	assert_int_equal(db_step(s), DB_ROW);
	c = db_col_int(s, 0);
	db_reset(s);
	assert_true(c > b);
	assert_int_equal(count(db, "SELECT count(*) FROM u"), 3);
	db_close(db);
}

static void
test_db_returning_id_cases(void **state)
{
	struct db	*db = mem_t();
	struct db_stmt	*s;
	char		 err[256];
	long long	 a = 0, b = 0;

	u_table(db);
	/* A trigger's own insert does not change the id answered. */
	assert_int_equal(db_exec(db, "CREATE TABLE log (id INTEGER PRIMARY"
	    " KEY, what TEXT); INSERT INTO log (id, what) VALUES (500, 'x');"
	    " CREATE TRIGGER u_log AFTER INSERT ON u BEGIN"
	    " INSERT INTO log (what) VALUES (new.name); END;", err,
	    sizeof(err)), DB_OK);
	assert_int_equal(u_add(db, "ada", 1, &a), DB_ROW);
	assert_int_equal(u_add(db, "bea", 1, &b), DB_ROW);
	assert_int_equal(b, a + 1);
	assert_true(a < 500);
	assert_int_equal(count(db, "SELECT count(*) FROM log"), 3);
	/* The row comes once, then DB_DONE, until handed out again. */
	s = db_stmt(db, S_U_ADD);
	assert_int_equal(db_bind_text(s, 1, "cy"), DB_OK);
	assert_int_equal(db_bind_int(s, 2, 1), DB_OK);
	assert_int_equal(db_step(s), DB_ROW);
	assert_false(db_col_null(s, 0));
	assert_int_equal(db_col_int(s, 0), b + 1);
	assert_int_equal(db_step(s), DB_DONE);
	assert_int_equal(db_step(s), DB_DONE);
	/* SQLite answers these ids without a RETURNING table. */
	assert_null(strstr(sqlite3_sql(db_sqlite_stmt(s)), "RETURNING"));
	/* A row left unread is ended by db_release() like any other. */
	s = db_stmt(db, S_U_ADD);
	assert_int_equal(db_bind_text(s, 1, "di"), DB_OK);
	assert_int_equal(db_bind_int(s, 2, 1), DB_OK);
	assert_int_equal(db_step(s), DB_ROW);
	db_release(db);
	assert_true(db_col_null(s, 0));
	assert_int_equal(count(db, "SELECT count(*) FROM u WHERE name = 'di'"),
	    1);
	/* A table without rowids keeps SQLite's own RETURNING. */
	assert_int_equal(db_exec(db, "CREATE TABLE w (id INTEGER PRIMARY KEY,"
	    " x TEXT) WITHOUT ROWID", err, sizeof(err)), DB_OK);
	s = db_stmt(db, S_W_ADD);
	assert_int_equal(db_bind_int(s, 1, 77), DB_OK);
	assert_int_equal(db_bind_text(s, 2, "x"), DB_OK);
	assert_int_equal(db_step(s), DB_ROW);
	assert_int_equal(db_col_int(s, 0), 77);
	assert_int_equal(db_step(s), DB_DONE);
	assert_non_null(strstr(sqlite3_sql(db_sqlite_stmt(s)), "RETURNING"));
	/* More than one row cannot pass for one. */
	s = db_stmt(db, S_U_COPY);
	assert_int_equal(db_step(s), DB_ERROR);
	db_close(db);
}

static void
test_db_step_statuses(void **state)
{
	struct db	*db = mem_t();
	long long	 id = 0;

	u_table(db);
	assert_int_equal(u_add(db, "ada", 1, &id), DB_ROW);
	/* UNIQUE and CHECK are DB_CONSTRAINT, the caller's to handle. */
	assert_int_equal(u_add(db, "ada", 2, &id), DB_CONSTRAINT);
	assert_int_equal(u_add(db, "bea", -1, &id), DB_CONSTRAINT);
	/* Anything else (NOT NULL here) is a plain error. */
	assert_int_equal(u_add(db, NULL, 1, &id), DB_ERROR);
	assert_non_null(strstr(db_errmsg(db), "NOT NULL"));
	assert_int_equal(count(db, "SELECT count(*) FROM u"), 1);
	/* Inside a transaction a failed statement is undone alone. */
	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(u_add(db, "bea", 2, &id), DB_ROW);
	assert_int_equal(u_add(db, "ada", 2, &id), DB_CONSTRAINT);
	assert_int_equal(db_commit(db), DB_OK);
	assert_int_equal(count(db, "SELECT count(*) FROM u"), 2);
	db_close(db);
}

/* Step S_U_PUT (no rows) with name and n through db_step_done. */
static enum db_rc
u_put(struct db *db, const char *name, long long n)
{
	struct db_stmt	*s = db_stmt(db, S_U_PUT);

	assert_non_null(s);
	assert_int_equal(db_bind_text(s, 1, name), DB_OK);
	assert_int_equal(db_bind_int(s, 2, n), DB_OK);
	return db_step_done(s);
}

static void
test_db_step_done(void **state)
{
	struct db	*db = mem_t();
	struct db_stmt	*s;

	u_table(db);
	/* Done is DB_OK, the statement reset and its row counted. */
	assert_int_equal(u_put(db, "ada", 1), DB_OK);
	assert_int_equal(db_changes(db), 1);
	assert_false(sqlite3_stmt_busy(db_sqlite_stmt(db_stmt(db, S_U_PUT))));
	/* A failure keeps its kind, and the statement is reset too. */
	assert_int_equal(u_put(db, "ada", 2), DB_CONSTRAINT);
	assert_int_equal(u_put(db, "bea", -1), DB_CONSTRAINT);
	assert_int_equal(u_put(db, NULL, 1), DB_ERROR);
	assert_false(sqlite3_stmt_busy(db_sqlite_stmt(db_stmt(db, S_U_PUT))));
	assert_int_equal(count(db, "SELECT count(*) FROM u"), 1);
	/* A statement that gives a row was not one to run this way. */
	s = db_stmt(db, S_ECHO);
	assert_int_equal(db_bind_int(s, 1, 7), DB_OK);
	assert_int_equal(db_step_done(s), DB_ERROR);
	assert_false(sqlite3_stmt_busy(db_sqlite_stmt(s)));
	db_close(db);
}

static void
test_db_col_dup(void **state)
{
	struct db	*db = mem_t();
	struct arena	*a = arena_new();
	struct db_stmt	*s;
	char		*first, *none;

	assert_non_null(a);
	s = db_stmt(db, S_ECHO2);
	assert_int_equal(db_bind_text(s, 1, "Siân"), DB_OK);
	assert_int_equal(db_bind_null(s, 2), DB_OK);
	assert_int_equal(db_step(s), DB_ROW);
	first = db_col_dup(s, 0, a);
	none = db_col_dup(s, 1, a);
	assert_non_null(first);
	assert_ptr_not_equal(first, db_col_text(s, 0));
	assert_string_equal(first, "Siân");
	assert_non_null(none);
	assert_string_equal(none, "");
	/* The copies outlive the statement's next run. */
	s = db_stmt(db, S_ECHO2);
	assert_int_equal(db_bind_text(s, 1, "other"), DB_OK);
	assert_int_equal(db_step(s), DB_ROW);
	assert_string_equal(db_col_text(s, 0), "other");
	assert_string_equal(first, "Siân");
	/* A full arena answers NULL. */
	assert_non_null(arena_alloc(a, ARENA_MAX - arena_used(a) - 2));
	assert_null(db_col_dup(s, 0, a));
	db_reset(s);
	arena_free(a);
	db_close(db);
}

static void
test_db_binds_and_columns(void **state)
{
	struct db	*db = mem_t();
	struct db_stmt	*s;
	char		 buf[16];
	const void	*p;
	size_t		 len = 99;
	static const unsigned char blob[] = { 0, 1, 2, 0, 255 };

	/* Copied text survives the caller's buffer changing. */
	s = db_stmt(db, S_ECHO2);
	snprintf(buf, sizeof(buf), "first");
	assert_int_equal(db_bind_text_copy(s, 1, buf), DB_OK);
	snprintf(buf, sizeof(buf), "second");
	assert_int_equal(db_bind_text(s, 2, "kept"), DB_OK);
	assert_int_equal(db_step(s), DB_ROW);
	assert_string_equal(db_col_text(s, 0), "first");
	assert_string_equal(db_col_text(s, 1), "kept");
	assert_false(db_col_null(s, 0));
	/* NULL text binds NULL, which reads as "" and 0. */
	s = db_stmt(db, S_ECHO2);
	assert_int_equal(db_bind_text(s, 1, NULL), DB_OK);
	assert_int_equal(db_bind_null(s, 2), DB_OK);
	assert_int_equal(db_step(s), DB_ROW);
	assert_true(db_col_null(s, 0) && db_col_null(s, 1));
	assert_string_equal(db_col_text(s, 0), "");
	assert_int_equal(db_col_int(s, 1), 0);
	assert_null(db_col_blob(s, 1, &len));
	assert_int_equal(len, 0);
	/* Blobs keep their bytes, zeros included; 64-bit integers. */
	s = db_stmt(db, S_ECHO2);
	assert_int_equal(db_bind_blob(s, 1, blob, sizeof(blob)), DB_OK);
	assert_int_equal(db_bind_int(s, 2, 5000000000LL), DB_OK);
	assert_int_equal(db_step(s), DB_ROW);
	assert_non_null(p = db_col_blob(s, 0, &len));
	assert_int_equal(len, sizeof(blob));
	assert_memory_equal(p, blob, sizeof(blob));
	assert_true(db_col_int(s, 1) == 5000000000LL);
	assert_int_equal(db_step(s), DB_DONE);
	/* No such parameter. */
	s = db_stmt(db, S_ECHO2);
	assert_int_equal(db_bind_int(s, 3, 1), DB_ERROR);
	db_close(db);
}

static void
test_db_changed_by_others(void **state)
{
	struct tmp	*t = *state;
	struct db	*a, *b;
	char		 err[256];

	a = db_open(t->path, 1, stmts, S__MAX, err, sizeof(err));
	assert_non_null(a);
	assert_int_equal(db_exec(a, "CREATE TABLE t (x INTEGER)", err,
	    sizeof(err)), DB_OK);
	b = db_open(t->path, 0, stmts, S__MAX, err, sizeof(err));
	assert_non_null(b);
	/* The first question is always "yes", then "no" until a commit. */
	assert_int_equal(db_changed(b), 1);
	assert_int_equal(db_changed(b), 0);
	assert_int_equal(db_begin(a), DB_OK);
	insert(a, 1);
	/* Not before a commits. */
	assert_int_equal(db_changed(b), 0);
	assert_int_equal(db_commit(a), DB_OK);
	assert_int_equal(db_changed(b), 1);
	assert_int_equal(db_changed(b), 0);
	/* b's own commit is b's to know about. */
	assert_int_equal(db_changed(a), 1);
	assert_int_equal(db_begin(b), DB_OK);
	insert(b, 2);
	assert_int_equal(db_commit(b), DB_OK);
	assert_int_equal(db_changed(b), 0);
	assert_int_equal(db_changed(a), 1);
	db_close(b);
	db_close(a);
}

static void
test_db_purge_empties_the_log(void **state)
{
	struct tmp	*t = *state;
	struct db	*db;
	struct stat	 st;
	char		 err[256], wal[160];

	db = db_open(t->path, 1, stmts, S__MAX, err, sizeof(err));
	assert_non_null(db);
	assert_int_equal(db_exec(db, "CREATE TABLE t (x INTEGER);"
	    " INSERT INTO t VALUES (1); DELETE FROM t", err, sizeof(err)),
	    DB_OK);
	snprintf(wal, sizeof(wal), "%s-wal", t->path);
	assert_int_equal(stat(wal, &st), 0);
	assert_true(st.st_size > 0);
	assert_int_equal(db_purge(db), DB_OK);
	assert_int_equal(stat(wal, &st), 0);
	assert_int_equal(st.st_size, 0);
	db_close(db);
}

static void
test_db_backup_copy(void **state)
{
	struct tmp	*t = *state;
	struct db	*db, *copy;
	char		 err[256], file[160], wal[170];
	int		 fd;

	db = db_open(t->path, 1, stmts, S__MAX, err, sizeof(err));
	assert_non_null(db);
	assert_int_equal(db_exec(db, "CREATE TABLE t (x INTEGER);"
	    " INSERT INTO t VALUES (1), (2)", err, sizeof(err)), DB_OK);
	snprintf(file, sizeof(file), "%s/copy.db", t->dir);
	assert_true((fd = open(file, O_WRONLY | O_CREAT | O_EXCL, 0600)) >= 0);
	close(fd);
	assert_int_equal(db_backup(db, file, err, sizeof(err)), DB_OK);
	db_close(db);
	/* One file, no log beside it, with the rows. */
	snprintf(wal, sizeof(wal), "%s-wal", file);
	assert_int_equal(access(wal, F_OK), -1);
	copy = db_open(file, 0, stmts, S__MAX, err, sizeof(err));
	assert_non_null(copy);
	assert_int_equal(count(copy, "SELECT count(*) FROM t"), 2);
	db_close(copy);
	(void)unlink(file);
	(void)unlink(wal);
	snprintf(wal, sizeof(wal), "%s-shm", file);
	(void)unlink(wal);
	snprintf(wal, sizeof(wal), "%s-writer", file);
	(void)unlink(wal);
	/* Into a file that is not there: a message, no crash. */
	db = mem_t();
	snprintf(file, sizeof(file), "%s/nosuch/copy.db", t->dir);
	err[0] = '\0';
	assert_int_equal(db_backup(db, file, err, sizeof(err)), DB_ERROR);
	assert_true(strlen(err) > 0);
	db_close(db);
}

static void
test_db_sync_relaxed_and_back(void **state)
{
	struct db	*db = mem_t();

	assert_int_equal(pragma_int(db_handle(db), "PRAGMA synchronous"), 2);
	assert_int_equal(db_sync(db, 0), DB_OK);
	assert_int_equal(pragma_int(db_handle(db), "PRAGMA synchronous"), 1);
	assert_int_equal(db_sync(db, 1), DB_OK);
	assert_int_equal(pragma_int(db_handle(db), "PRAGMA synchronous"), 2);
	db_close(db);
}

/*
 * Group commit: a transaction's commit is synced to disk before
 * db_commit() answers, but after the writers' lock is let go, so that
 * the next writer need not wait for this one's fsync. Statements outside
 * a transaction stay synchronous = FULL; a relaxed connection (db_sync
 * 0) syncs nothing.
 */
static void
test_db_commit_syncs_after_the_lock(void **state)
{
	struct tmp	*t = *state;
	struct db	*db;
	char		 err[256], lock[160];

	db = db_open(t->path, 1, stmts, S__MAX, err, sizeof(err));
	assert_non_null(db);
	assert_int_equal(db_exec(db, "CREATE TABLE t (x INTEGER)", err,
	    sizeof(err)), DB_OK);
	snprintf(lock, sizeof(lock), "%s-writer", t->path);
	sync_lock = lock;
	syncs = syncs_locked = 0;
	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(db_exec(db, "INSERT INTO t VALUES (1)", err,
	    sizeof(err)), DB_OK);
	assert_int_equal(db_commit(db), DB_OK);
	assert_true(syncs >= 1);
	assert_int_equal(syncs_locked, 0);
	/* Back to FULL for whatever comes next. */
	assert_int_equal(pragma_int(db_handle(db), "PRAGMA synchronous"), 2);
	syncs = 0;
	assert_int_equal(db_exec(db, "INSERT INTO t VALUES (2)", err,
	    sizeof(err)), DB_OK);
	assert_true(syncs >= 1);
	/* A rolled-back transaction leaves it FULL too. */
	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(db_rollback(db), DB_OK);
	assert_int_equal(pragma_int(db_handle(db), "PRAGMA synchronous"), 2);
	/* A nested begin fails and leaves the outer transaction's
	 * deferred sync as it was. */
	syncs = syncs_locked = 0;
	assert_int_equal(db_begin(db), DB_OK);
	assert_int_not_equal(db_begin(db), DB_OK);
	assert_int_equal(db_exec(db, "INSERT INTO t VALUES (4)", err,
	    sizeof(err)), DB_OK);
	assert_int_equal(db_commit(db), DB_OK);
	assert_true(syncs >= 1);
	assert_int_equal(syncs_locked, 0);
	assert_int_equal(pragma_int(db_handle(db), "PRAGMA synchronous"), 2);
	/* Relaxed: no sync at the commit. */
	assert_int_equal(db_sync(db, 0), DB_OK);
	syncs = 0;
	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(db_exec(db, "INSERT INTO t VALUES (3)", err,
	    sizeof(err)), DB_OK);
	assert_int_equal(db_commit(db), DB_OK);
	assert_int_equal(syncs, 0);
	assert_int_equal(pragma_int(db_handle(db), "PRAGMA synchronous"), 1);
	sync_lock = NULL;
	assert_int_equal(count(db, "SELECT count(*) FROM t"), 4);
	db_close(db);
	(void)unlink(lock);
}

/* Whether this process maps a shared object whose path holds name. */
static int
mapped(const char *name)
{
	FILE	*f;
	char	 line[512];
	int	 found = 0;

	assert_non_null(f = fopen("/proc/self/maps", "r"));
	while (!found && fgets(line, sizeof(line), f) != NULL)
		found = strstr(line, name) != NULL;
	fclose(f);
	return found;
}

/* The --sqlite-only child of test_db_sqlite_without_libpq: open a
 * SQLite database at path, write, and exit 0 if none of libpq, libcurl,
 * libxlsxwriter and OpenSSL is mapped, 1 if one is, 2 on error. */
static int
sqlite_only(const char *path)
{
	struct db	*db;
	char		 err[256];
	int		 rc;

	if ((db = db_open(path, 1, stmts, S__MAX, err, sizeof(err))) ==
	    NULL || db_exec(db, "CREATE TABLE t (x INTEGER)", err,
	    sizeof(err)) != DB_OK)
		return 2;
	rc = mapped("/libpq.so") || mapped("/libcurl") ||
	    mapped("/libxlsxwriter") || mapped("/libcrypto");
	db_close(db);
	return rc;
}

/* A program on SQLite never loads libpq (nor its TLS, Kerberos and
 * LDAP): it is loaded only to open a PostgreSQL database (kit/pq.h).
 * In a fresh process of its own (this one, run again), as other tests
 * here open PostgreSQL URLs. */
static void
test_db_sqlite_without_libpq(void **state)
{
	struct tmp	*t = *state;
	pid_t		 pid;
	int		 st;

	assert_true((pid = fork()) != -1);
	if (pid == 0) {
		execl("/proc/self/exe", "test_db", "--sqlite-only", t->path,
		    (char *)NULL);
		_exit(3);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

static void
test_db_migrate_engine_form(void **state)
{
	/* SQLite runs .sql; the PostgreSQL form is for the other driver. */
	static const struct db_migration m[] = {
		{ 1, "001_a.sql", "CREATE TABLE a (x INTEGER);",
		    "CREATE TABLE a (x bigint) WITH (fillfactor = 90);" },
	};
	struct db	*db = mem_t();
	char		 err[256] = "";

	assert_int_equal(db_migrate(db, m, 1, err, sizeof(err)), DB_OK);
	assert_int_equal(db_version(db), 1);
	assert_int_equal(count(db, "SELECT count(*) FROM sqlite_master"
	    " WHERE name = 'a' AND sql LIKE '%INTEGER%'"), 1);
	db_close(db);
}

static void
test_sql_file_lookup(void **state)
{
	assert_non_null(sql_file("001_init.sql"));
	assert_ptr_equal(sql_file("001_init.sql"), college_migrations[0].sql);
	assert_non_null(strstr(sql_file("001_init.sql"), "CREATE TABLE user"));
	assert_null(sql_file("nosuch.sql"));
	assert_null(sql_file("001_init"));
	assert_null(sql_file(""));
	assert_null(sql_file(NULL));
}

int
main(int argc, char *argv[])
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_db_open_memory_settings),
		cmocka_unit_test_setup_teardown(test_db_open_file_wal,
		    tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(
		    test_db_open_missing_without_create,
		    tmp_setup, tmp_teardown),
		cmocka_unit_test(test_db_open_bad_arguments),
		cmocka_unit_test(test_db_version_new),
		cmocka_unit_test(test_db_migrate_idempotent),
		cmocka_unit_test(test_db_migrate_in_steps),
		cmocka_unit_test(test_db_migrate_failure_rolls_back),
		cmocka_unit_test(test_db_migrate_out_of_order),
		cmocka_unit_test(test_db_migrate_newer_database),
		cmocka_unit_test(test_db_migrate_script_with_commit),
		cmocka_unit_test(test_db_migrate_broken_foreign_key),
		cmocka_unit_test(test_db_stmt_cached),
		cmocka_unit_test(test_db_stmt_reset_and_cleared),
		cmocka_unit_test(test_db_stmt_out_of_range),
		cmocka_unit_test(test_db_stmt_bad_sql),
		cmocka_unit_test(test_db_release_resets),
		cmocka_unit_test(test_db_begin_commit),
		cmocka_unit_test(test_db_begin_rollback),
		cmocka_unit_test(test_db_begin_nested),
		cmocka_unit_test(test_db_commit_failure_rolls_back),
		cmocka_unit_test_setup_teardown(test_db_begin_busy,
		    tmp_setup, tmp_teardown),
		cmocka_unit_test(test_db_exec_error),
		cmocka_unit_test(test_db_foreign_keys_enforced),
		cmocka_unit_test(test_db_migrate_college_memory),
		cmocka_unit_test_setup_teardown(test_db_migrate_college_file,
		    tmp_setup, tmp_teardown),
		cmocka_unit_test(test_sql_file_lookup),
		cmocka_unit_test(test_db_url_without_driver),
		cmocka_unit_test_setup_teardown(test_db_engine_and_path,
		    tmp_setup, tmp_teardown),
		cmocka_unit_test(test_db_returning_id_and_changes),
		cmocka_unit_test(test_db_step_statuses),
		cmocka_unit_test(test_db_returning_id_cases),
		cmocka_unit_test(test_db_binds_and_columns),
		cmocka_unit_test(test_db_step_done),
		cmocka_unit_test(test_db_col_dup),
		cmocka_unit_test_setup_teardown(test_db_changed_by_others,
		    tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_db_purge_empties_the_log,
		    tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_db_backup_copy,
		    tmp_setup, tmp_teardown),
		cmocka_unit_test(test_db_migrate_engine_form),
		cmocka_unit_test(test_db_sync_relaxed_and_back),
		cmocka_unit_test_setup_teardown(
		    test_db_commit_syncs_after_the_lock, tmp_setup,
		    tmp_teardown),
		cmocka_unit_test_setup_teardown(test_db_sqlite_without_libpq,
		    tmp_setup, tmp_teardown),
	};

	if (argc == 3 && strcmp(argv[1], "--sqlite-only") == 0)
		return sqlite_only(argv[2]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
