/*
 * db.c: one SQLite connection per process, opened with every safety
 * setting read back, statements prepared once, numbered migrations.
 *
 * Functions that take an err buffer put their message there and log
 * nothing; the others log to stderr (warnx: "program: message"). No
 * message ever holds a bound parameter's value.
 */
#include <sys/file.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "db.h"
#include "fold.h"

struct db {
	sqlite3			 *h;
	const char *const	 *sql;	/* the caller's statements, by index */
	sqlite3_stmt		**stmts;	/* prepared on first use, or NULL */
	size_t			  n;
	int			  lockfd;	/* writers' lock, or -1 */
	int			  locked;
	int			  busy_ms;
};

/*
 * Writers take an flock(2) of "<database>-writer" before BEGIN
 * IMMEDIATE. SQLite's own busy handler retries after sleeps that grow to
 * 100 ms, which under load leaves the database idle while writers sleep
 * and gives a long tail; here a waiter retries after at most
 * DB_LOCK_POLL_US, so the lock is handed on within a fraction of a
 * millisecond, and gives up after the busy timeout like SQLite would.
 * The lock dies with its process. SQLite's busy timeout stays as the
 * backstop for writers that do not take it (the sqlite3 shell).
 */
#define DB_LOCK_POLL_US	100
#define DB_LOCK_SUFFIX	"-writer"

/*
 * The per-connection settings, each set and then read back as an
 * integer (https://sqlite.org/pragma.html). busy_timeout is set with
 * sqlite3_busy_timeout() and only read back here; journal_mode answers
 * text and is handled in set_journal().
 */
static const struct setting {
	const char	*name;
	const char	*set;	/* NULL: set through the C API */
	const char	*get;
	int		 want;
} settings[] = {
	{ "busy_timeout", NULL, "PRAGMA busy_timeout", DB_BUSY_MS },
	{ "foreign_keys", "PRAGMA foreign_keys = ON",
	    "PRAGMA foreign_keys", 1 },
	{ "trusted_schema", "PRAGMA trusted_schema = OFF",
	    "PRAGMA trusted_schema", 0 },
	{ "secure_delete", "PRAGMA secure_delete = ON",
	    "PRAGMA secure_delete", 1 },
	{ "synchronous", "PRAGMA synchronous = FULL",
	    "PRAGMA synchronous", 2 },
};

#define MEMORY_PATH	":memory:"

static const char	sql_version_table[] =
	"CREATE TABLE IF NOT EXISTS schema_version ("
	" version INTEGER PRIMARY KEY,"
	" name TEXT NOT NULL,"
	" applied_at INTEGER NOT NULL)";
static const char	sql_has_version_table[] =
	"SELECT count(*) FROM sqlite_master"
	" WHERE type = 'table' AND name = 'schema_version'";
static const char	sql_max_version[] =
	"SELECT coalesce(max(version), 0) FROM schema_version";
static const char	sql_insert_version[] =
	"INSERT INTO schema_version (version, name, applied_at)"
	" VALUES (?1, ?2, ?3)";
static const char	sql_fk_check[] = "PRAGMA foreign_key_check";

/*
 * Run a query that answers one row of one integer column into *out.
 * 0, or -1 with SQLite's message in err.
 */
static int
query_int(sqlite3 *h, const char *sql, int *out, char *err, size_t errlen)
{
	sqlite3_stmt	*s;
	int		 rc;

	if (sqlite3_prepare_v2(h, sql, -1, &s, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s", sqlite3_errmsg(h));
		return -1;
	}
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		snprintf(err, errlen, "%s", rc == SQLITE_DONE ?
		    "no row answered" : sqlite3_errmsg(h));
		sqlite3_finalize(s);
		return -1;
	}
	*out = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return 0;
}

/*
 * Ask for WAL and read the mode back: "wal" for a file, "memory" for
 * ":memory:" (which has no journal file to put in WAL mode).
 */
static int
set_journal(sqlite3 *h, int memory, char *err, size_t errlen)
{
	sqlite3_stmt		*s;
	const unsigned char	*mode;
	const char		*want = memory ? "memory" : "wal";
	int			 ok;

	if (sqlite3_exec(h, "PRAGMA journal_mode = WAL", NULL, NULL,
	    NULL) != SQLITE_OK) {
		snprintf(err, errlen, "journal_mode: %s", sqlite3_errmsg(h));
		return -1;
	}
	if (sqlite3_prepare_v2(h, "PRAGMA journal_mode", -1, &s,
	    NULL) != SQLITE_OK) {
		snprintf(err, errlen, "journal_mode: %s", sqlite3_errmsg(h));
		return -1;
	}
	if (sqlite3_step(s) != SQLITE_ROW) {
		snprintf(err, errlen, "journal_mode: %s", sqlite3_errmsg(h));
		sqlite3_finalize(s);
		return -1;
	}
	mode = sqlite3_column_text(s, 0);
	ok = mode != NULL && strcmp((const char *)mode, want) == 0;
	if (!ok)
		snprintf(err, errlen, "journal_mode: is %s, wanted %s",
		    mode != NULL ? (const char *)mode : "(null)", want);
	sqlite3_finalize(s);
	return ok ? 0 : -1;
}

/* Apply every setting and read each back. 0, or -1 naming the setting. */
static int
configure(sqlite3 *h, int memory, char *err, size_t errlen)
{
	char	 msg[256];
	size_t	 i;
	int	 v = -1;

	if (sqlite3_db_config(h, SQLITE_DBCONFIG_DEFENSIVE, 1, &v) !=
	    SQLITE_OK || v != 1) {
		snprintf(err, errlen, "SQLITE_DBCONFIG_DEFENSIVE: did not "
		    "take (reads %d)", v);
		return -1;
	}
	/* Before journal_mode: switching to WAL may wait for a lock. */
	if (sqlite3_busy_timeout(h, DB_BUSY_MS) != SQLITE_OK) {
		snprintf(err, errlen, "busy_timeout: %s", sqlite3_errmsg(h));
		return -1;
	}
	if (set_journal(h, memory, err, errlen) == -1)
		return -1;
	for (i = 0; i < sizeof(settings) / sizeof(settings[0]); i++) {
		if (settings[i].set != NULL && sqlite3_exec(h,
		    settings[i].set, NULL, NULL, NULL) != SQLITE_OK) {
			snprintf(err, errlen, "%s: %s", settings[i].name,
			    sqlite3_errmsg(h));
			return -1;
		}
		if (query_int(h, settings[i].get, &v, msg,
		    sizeof(msg)) == -1) {
			snprintf(err, errlen, "%s: %s", settings[i].name, msg);
			return -1;
		}
		if (v != settings[i].want) {
			snprintf(err, errlen, "%s: is %d, wanted %d",
			    settings[i].name, v, settings[i].want);
			return -1;
		}
	}
	return 0;
}

static int
open_lock(struct db *db, const char *path, char *err, size_t errlen)
{
	char	*lp;
	size_t	 n = strlen(path) + sizeof(DB_LOCK_SUFFIX);

	if ((lp = malloc(n)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	snprintf(lp, n, "%s%s", path, DB_LOCK_SUFFIX);
	db->lockfd = open(lp, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (db->lockfd == -1)
		snprintf(err, errlen, "%s: cannot open", lp);
	free(lp);
	return db->lockfd == -1 ? -1 : 0;
}

static void
unlock(struct db *db)
{
	if (db->locked) {
		(void)flock(db->lockfd, LOCK_UN);
		db->locked = 0;
	}
}

struct db *
db_open(const char *path, int create, const char *const *stmts, size_t n,
    char *err, size_t errlen)
{
	struct db	*db;
	int		 flags;

	if (path == NULL || *path == '\0') {
		snprintf(err, errlen, "no database path");
		return NULL;
	}
	if (n > DB_STMTS_MAX || (n > 0 && stmts == NULL)) {
		snprintf(err, errlen, "%zu statements (at most %d)", n,
		    DB_STMTS_MAX);
		return NULL;
	}
	if ((db = calloc(1, sizeof(*db))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (n > 0 && (db->stmts = calloc(n, sizeof(*db->stmts))) == NULL) {
		snprintf(err, errlen, "out of memory");
		free(db);
		return NULL;
	}
	db->sql = stmts;
	db->n = n;
	db->lockfd = -1;
	db->busy_ms = DB_BUSY_MS;

	flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	if (create)
		flags |= SQLITE_OPEN_CREATE;
	if (sqlite3_open_v2(path, &db->h, flags, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, db->h != NULL ?
		    sqlite3_errmsg(db->h) : "out of memory");
		goto fail;
	}
	/* Extended codes: SQLITE_CONSTRAINT_UNIQUE rather than CONSTRAINT. */
	sqlite3_extended_result_codes(db->h, 1);
	if (configure(db->h, strcmp(path, MEMORY_PATH) == 0, err,
	    errlen) == -1)
		goto fail;
	/* fold(x) for searches that ignore case and accents (fold.h). */
	if (fold_sql_register(db->h) != SQLITE_OK) {
		snprintf(err, errlen, "fold(): %s", sqlite3_errmsg(db->h));
		goto fail;
	}
	if (strcmp(path, MEMORY_PATH) != 0 && open_lock(db, path, err,
	    errlen) == -1)
		goto fail;
	return db;
fail:
	if (db->lockfd != -1)
		close(db->lockfd);
	sqlite3_close(db->h);
	free(db->stmts);
	free(db);
	return NULL;
}

void
db_close(struct db *db)
{
	size_t	 i;

	if (db == NULL)
		return;
	for (i = 0; i < db->n; i++)
		sqlite3_finalize(db->stmts[i]);
	/* A statement the caller prepared itself and left open would make
	 * sqlite3_close() fail; close_v2 closes once it is finalized. */
	if (sqlite3_close(db->h) != SQLITE_OK) {
		warnx("db_close: %s", sqlite3_errmsg(db->h));
		sqlite3_close_v2(db->h);
	}
	if (db->lockfd != -1)
		close(db->lockfd);
	free(db->stmts);
	free(db);
}

int
db_busy_timeout(struct db *db, int ms)
{
	if (ms < 0 || sqlite3_busy_timeout(db->h, ms) != SQLITE_OK)
		return -1;
	db->busy_ms = ms;
	return 0;
}

sqlite3 *
db_handle(struct db *db)
{
	return db->h;
}

/* Whether s holds nothing but white space and semicolons. */
static int
blank(const char *s)
{
	for (; *s != '\0'; s++)
		if (strchr(" \t\r\n;", *s) == NULL)
			return 0;
	return 1;
}

sqlite3_stmt *
db_stmt(struct db *db, size_t idx)
{
	sqlite3_stmt	*s;
	const char	*tail = NULL;

	if (idx >= db->n) {
		warnx("db_stmt: statement %zu of %zu", idx, db->n);
		return NULL;
	}
	if ((s = db->stmts[idx]) == NULL) {
		if (sqlite3_prepare_v3(db->h, db->sql[idx], -1,
		    SQLITE_PREPARE_PERSISTENT, &s, &tail) != SQLITE_OK) {
			warnx("db_stmt: statement %zu: %s", idx,
			    sqlite3_errmsg(db->h));
			return NULL;
		}
		/* One statement per entry: text after it would be lost. */
		if (s == NULL || !blank(tail)) {
			warnx("db_stmt: statement %zu: %s", idx, s == NULL ?
			    "no SQL" : "more than one statement");
			sqlite3_finalize(s);
			return NULL;
		}
		db->stmts[idx] = s;
	}
	/* reset() answers the last step's error, already seen by the
	 * caller of that step; the statement is reset regardless. */
	(void)sqlite3_reset(s);
	(void)sqlite3_clear_bindings(s);
	return s;
}

void
db_release(struct db *db)
{
	size_t	 i;

	for (i = 0; i < db->n; i++)
		if (db->stmts[i] != NULL && sqlite3_stmt_busy(db->stmts[i]))
			(void)sqlite3_reset(db->stmts[i]);
	/* A transaction left open by a failed handler must not hold the
	 * database, or the writers' queue, past its request. */
	if (!sqlite3_get_autocommit(db->h)) {
		warnx("db_release: a transaction was left open; rolled back");
		(void)sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	}
	unlock(db);
}

/* Run fixed SQL with no rows wanted; 0, or -1 and a log line. */
static int
run(struct db *db, const char *what, const char *sql)
{
	if (sqlite3_exec(db->h, sql, NULL, NULL, NULL) != SQLITE_OK) {
		warnx("%s: %s", what, sqlite3_errmsg(db->h));
		return -1;
	}
	return 0;
}

int
db_begin(struct db *db)
{
	struct timespec	 t0, t;
	int		 took = 0;
	long		 waited_us;

	if (db->lockfd != -1 && !db->locked) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		while (flock(db->lockfd, LOCK_EX | LOCK_NB) == -1) {
			if (errno != EWOULDBLOCK && errno != EINTR) {
				warnx("flock: %s", strerror(errno));
				return -1;
			}
			clock_gettime(CLOCK_MONOTONIC, &t);
			waited_us = (t.tv_sec - t0.tv_sec) * 1000000L +
			    (t.tv_nsec - t0.tv_nsec) / 1000;
			if (waited_us >= (long)db->busy_ms * 1000L) {
				warnx("BEGIN IMMEDIATE: database is locked");
				return -1;
			}
			usleep(DB_LOCK_POLL_US);
		}
		db->locked = took = 1;
	}
	/* On SQLITE_BUSY the busy handler has already waited. */
	if (run(db, "BEGIN IMMEDIATE", "BEGIN IMMEDIATE") == 0)
		return 0;
	if (took)
		unlock(db);
	return -1;
}

/*
 * COMMIT; if it fails the transaction is rolled back here, so that the
 * connection is never left inside one.
 */
int
db_commit(struct db *db)
{
	if (run(db, "COMMIT", "COMMIT") == 0) {
		unlock(db);
		return 0;
	}
	if (!sqlite3_get_autocommit(db->h))
		(void)run(db, "ROLLBACK", "ROLLBACK");
	unlock(db);
	return -1;
}

/*
 * ROLLBACK. Some errors (SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM, ...)
 * roll the transaction back by themselves; then there is nothing left
 * to do and this answers 0.
 */
int
db_rollback(struct db *db)
{
	int	 rc = 0;

	if (!sqlite3_get_autocommit(db->h))
		rc = run(db, "ROLLBACK", "ROLLBACK");
	unlock(db);
	return rc;
}

/* Highest version in schema_version, 0 without the table. */
static int
version(sqlite3 *h, int *out, char *err, size_t errlen)
{
	int	 has;

	if (query_int(h, sql_has_version_table, &has, err, errlen) == -1)
		return -1;
	if (!has) {
		*out = 0;
		return 0;
	}
	return query_int(h, sql_max_version, out, err, errlen);
}

int
db_version(struct db *db)
{
	char	 err[256];
	int	 v;

	if (version(db->h, &v, err, sizeof(err)) == -1) {
		warnx("db_version: %s", err);
		return -1;
	}
	return v;
}

int
db_exec(struct db *db, const char *sql, char *err, size_t errlen)
{
	char	*msg = NULL;

	if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(err, errlen, "%s", msg != NULL ? msg :
		    sqlite3_errmsg(db->h));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/* Record migration m as applied, inside the current transaction. */
static int
record(sqlite3 *h, const struct db_migration *m, char *err, size_t errlen)
{
	sqlite3_stmt	*s;
	int		 rc;

	if (sqlite3_prepare_v2(h, sql_insert_version, -1, &s,
	    NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s", sqlite3_errmsg(h));
		return -1;
	}
	if (sqlite3_bind_int(s, 1, m->version) != SQLITE_OK ||
	    sqlite3_bind_text(s, 2, m->name, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_int64(s, 3, (sqlite3_int64)time(NULL)) != SQLITE_OK) {
		snprintf(err, errlen, "%s", sqlite3_errmsg(h));
		sqlite3_finalize(s);
		return -1;
	}
	rc = sqlite3_step(s);
	if (rc != SQLITE_DONE)
		snprintf(err, errlen, "%s", sqlite3_errmsg(h));
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Whether PRAGMA foreign_key_check finds no broken reference. */
static int
fk_clean(sqlite3 *h, char *err, size_t errlen)
{
	sqlite3_stmt	*s;
	int		 rc;

	if (sqlite3_prepare_v2(h, sql_fk_check, -1, &s, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s", sqlite3_errmsg(h));
		return -1;
	}
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		snprintf(err, errlen, "foreign key broken in table %s",
		    (const char *)sqlite3_column_text(s, 0));
	else if (rc != SQLITE_DONE)
		snprintf(err, errlen, "%s", sqlite3_errmsg(h));
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * Apply migration m in its own BEGIN IMMEDIATE transaction unless the
 * database (read inside the transaction, so that two processes starting
 * together do not both apply it) already has it. 0 or -1.
 */
static int
apply(struct db *db, const struct db_migration *m, char *err, size_t errlen)
{
	char	 msg[512];
	int	 v;

	if (sqlite3_exec(db->h, "BEGIN IMMEDIATE", NULL, NULL,
	    NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", m->name, sqlite3_errmsg(db->h));
		return -1;
	}
	if (query_int(db->h, sql_max_version, &v, msg, sizeof(msg)) == -1)
		goto fail;
	if (v >= m->version) {
		(void)db_rollback(db);
		return 0;
	}
	if (db_exec(db, m->sql, msg, sizeof(msg)) == -1)
		goto fail;
	/* A script with its own COMMIT would escape the rollback below. */
	if (sqlite3_get_autocommit(db->h)) {
		snprintf(err, errlen, "%s: the script ended the transaction",
		    m->name);
		return -1;
	}
	if (fk_clean(db->h, msg, sizeof(msg)) == -1 ||
	    record(db->h, m, msg, sizeof(msg)) == -1)
		goto fail;
	if (sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(msg, sizeof(msg), "%s", sqlite3_errmsg(db->h));
		goto fail;
	}
	return 0;
fail:
	snprintf(err, errlen, "%s: %s", m->name, msg);
	(void)db_rollback(db);
	return -1;
}

int
db_migrate(struct db *db, const struct db_migration *m, size_t n,
    char *err, size_t errlen)
{
	char	 msg[256];
	size_t	 i;
	int	 v;

	for (i = 0; i < n; i++) {
		if (m[i].name == NULL || m[i].sql == NULL ||
		    m[i].version < 1 ||
		    (i > 0 && m[i].version <= m[i - 1].version)) {
			snprintf(err, errlen, "migration %zu (%s): versions "
			    "must be 1 or more and strictly increasing", i,
			    m[i].name != NULL ? m[i].name : "unnamed");
			return -1;
		}
	}
	if (db_exec(db, sql_version_table, msg, sizeof(msg)) == -1) {
		snprintf(err, errlen, "schema_version: %s", msg);
		return -1;
	}
	if (version(db->h, &v, msg, sizeof(msg)) == -1) {
		snprintf(err, errlen, "schema_version: %s", msg);
		return -1;
	}
	/* A newer program has been here: this one does not know the
	 * schema it would be writing to. */
	if (v > (n > 0 ? m[n - 1].version : 0)) {
		snprintf(err, errlen, "database is at schema version %d, "
		    "newer than this program's %d", v,
		    n > 0 ? m[n - 1].version : 0);
		return -1;
	}
	for (i = 0; i < n; i++)
		if (m[i].version > v && apply(db, &m[i], err, errlen) == -1)
			return -1;
	return 0;
}
