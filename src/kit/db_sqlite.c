/*
 * db_sqlite.c: the SQLite driver of the database interface (db.h,
 * db_driver.h): one connection per process, opened with every safety
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
#include <strings.h>
#include <time.h>

#include <sqlite3.h>

#include "db.h"
#include "db_driver.h"
#include "db_sqlite.h"
#include "fold.h"

struct conn {
	sqlite3		*h;
	int		 lockfd;	/* writers' lock, or -1 */
	int		 locked;
	int		 busy_ms;
	int		 full;		/* commits wait for the disk (db_sync) */
	int		 deferred;	/* this transaction's sync is ours */
	sqlite3_stmt	*dv;		/* PRAGMA data_version, or NULL */
	long long	 seen;		/* its last answer, -1 before */
};

/*
 * A statement. SQLite runs RETURNING through a temporary table opened
 * and closed on every run, which costs about as much as a small insert
 * itself (https://sqlite.org/lang_returning.html). For the one form the
 * college uses, "INSERT ... RETURNING id" into a rowid table whose id is
 * its INTEGER PRIMARY KEY, the driver prepares the INSERT without the
 * clause and answers the row itself: sqlite3_last_insert_rowid() when
 * the insert added a row, no row when it added none (ON CONFLICT DO
 * NOTHING, an INSERT ... SELECT that chose nothing). Triggers do not
 * disturb it: the rowid reverts when a trigger's own insert ends.
 */
struct sstmt {
	sqlite3_stmt	*s;
	sqlite3		*h;
	int		 rowid;		/* RETURNING id answered here */
	int		 state;		/* RID_* */
	long long	 id;
};

enum {
	RID_NONE,	/* not run, or a plain statement */
	RID_ROW,	/* the id row is current */
	RID_DONE,	/* the id row has been read past */
};

#define RETURNING_ID	"RETURNING id"

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
open_lock(struct conn *c, const char *path, char *err, size_t errlen)
{
	char	*lp;
	size_t	 n = strlen(path) + sizeof(DB_LOCK_SUFFIX);

	if ((lp = malloc(n)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	snprintf(lp, n, "%s%s", path, DB_LOCK_SUFFIX);
	c->lockfd = open(lp, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (c->lockfd == -1)
		snprintf(err, errlen, "%s: cannot open", lp);
	free(lp);
	return c->lockfd == -1 ? -1 : 0;
}

static void
unlock(struct conn *c)
{
	if (c->locked) {
		(void)flock(c->lockfd, LOCK_UN);
		c->locked = 0;
	}
}

/* SQLite's (extended) result code as a status. */
static enum db_rc
status(int rc)
{
	switch (rc) {
	case SQLITE_OK:
		return DB_OK;
	case SQLITE_ROW:
		return DB_ROW;
	case SQLITE_DONE:
		return DB_DONE;
	case SQLITE_CONSTRAINT_UNIQUE:
	case SQLITE_CONSTRAINT_PRIMARYKEY:
	case SQLITE_CONSTRAINT_CHECK:
		return DB_CONSTRAINT;
	default:
		break;
	}
	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
		return DB_BUSY;
	return DB_ERROR;
}

static void *
s_open(const char *path, int create, char *err, size_t errlen)
{
	struct conn	*c;
	int		 flags;

	if ((c = calloc(1, sizeof(*c))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	c->lockfd = -1;
	c->busy_ms = DB_BUSY_MS;
	c->full = 1;
	c->seen = -1;

	flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	if (create)
		flags |= SQLITE_OPEN_CREATE;
	if (sqlite3_open_v2(path, &c->h, flags, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, c->h != NULL ?
		    sqlite3_errmsg(c->h) : "out of memory");
		goto fail;
	}
	/* Extended codes: SQLITE_CONSTRAINT_UNIQUE rather than CONSTRAINT. */
	sqlite3_extended_result_codes(c->h, 1);
	if (configure(c->h, strcmp(path, MEMORY_PATH) == 0, err,
	    errlen) == -1)
		goto fail;
	/* fold(x) for searches that ignore case and accents (fold.h). */
	if (fold_sql_register(c->h) != SQLITE_OK) {
		snprintf(err, errlen, "fold(): %s", sqlite3_errmsg(c->h));
		goto fail;
	}
	if (strcmp(path, MEMORY_PATH) != 0 && open_lock(c, path, err,
	    errlen) == -1)
		goto fail;
	return c;
fail:
	if (c->lockfd != -1)
		close(c->lockfd);
	sqlite3_close(c->h);
	free(c);
	return NULL;
}

static void
s_close(void *conn)
{
	struct conn	*c = conn;

	sqlite3_finalize(c->dv);
	/* A statement a test prepared itself and left open would make
	 * sqlite3_close() fail; close_v2 closes once it is finalized. */
	if (sqlite3_close(c->h) != SQLITE_OK) {
		warnx("db_close: %s", sqlite3_errmsg(c->h));
		sqlite3_close_v2(c->h);
	}
	if (c->lockfd != -1)
		close(c->lockfd);
	free(c);
}

static const char *
s_errmsg(void *conn)
{
	return sqlite3_errmsg(((struct conn *)conn)->h);
}

static enum db_rc
s_busy_timeout(void *conn, int ms)
{
	struct conn	*c = conn;

	if (sqlite3_busy_timeout(c->h, ms) != SQLITE_OK)
		return DB_ERROR;
	c->busy_ms = ms;
	return DB_OK;
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

/*
 * Whether sql is "INSERT INTO <table> ... RETURNING id" with id the
 * rowid of table (an INTEGER PRIMARY KEY of a table with rowids); then
 * *cut is the length of sql without the clause. Anything unexpected
 * answers no, and the statement runs as written.
 */
static int
returns_rowid(sqlite3 *h, const char *sql, size_t *cut)
{
	static const char	 q[] =
	    "SELECT (SELECT count(*) FROM pragma_table_info(?1)"
	    "  WHERE name = 'id' AND pk = 1 AND upper(type) = 'INTEGER')"
	    " AND (SELECT count(*) FROM pragma_table_info(?1)"
	    "  WHERE pk > 0) = 1"
	    " AND (SELECT sql FROM sqlite_schema WHERE type = 'table'"
	    "  AND name = ?1) NOT LIKE '%WITHOUT ROWID%'";
	sqlite3_stmt	*st;
	const char	*p, *t;
	char		 table[64];
	size_t		 n = strlen(sql), len;
	int		 ok;

	while (n > 0 && strchr(" \t\r\n;", sql[n - 1]) != NULL)
		n--;
	len = sizeof(RETURNING_ID) - 1;
	if (n <= len || strncasecmp(sql + n - len, RETURNING_ID, len) != 0 ||
	    strchr(" \t\r\n", sql[n - len - 1]) == NULL)
		return 0;
	for (p = sql; *p == ' ' || *p == '\t' || *p == '\n'; p++)
		continue;
	if (strncasecmp(p, "INSERT INTO ", 12) != 0)
		return 0;
	for (p += 12, t = p; *t == '_' || (*t >= 'a' && *t <= 'z') ||
	    (*t >= 'A' && *t <= 'Z') || (*t >= '0' && *t <= '9'); t++)
		continue;
	if (t == p || (size_t)(t - p) >= sizeof(table))
		return 0;
	memcpy(table, p, (size_t)(t - p));
	table[t - p] = '\0';
	if (sqlite3_prepare_v2(h, q, -1, &st, NULL) != SQLITE_OK)
		return 0;
	ok = sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC) ==
	    SQLITE_OK && sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_int(st, 0) == 1;
	sqlite3_finalize(st);
	/* Cut before the white space ahead of RETURNING. */
	for (n -= len; n > 0 && strchr(" \t\r\n", sql[n - 1]) != NULL; n--)
		continue;
	*cut = n;
	return ok;
}

static void *
s_prepare(void *conn, const struct db_sql *q, size_t idx)
{
	struct conn	*c = conn;
	struct sstmt	*ss;
	sqlite3_stmt	*s = NULL;
	const char	*tail = NULL;
	size_t		 cut = 0;
	int		 rowid;

	if (q->sql == NULL) {
		warnx("db_stmt: statement %zu: no SQL", idx);
		return NULL;
	}
	rowid = returns_rowid(c->h, q->sql, &cut);
	if (sqlite3_prepare_v3(c->h, q->sql, rowid ? (int)cut : -1,
	    SQLITE_PREPARE_PERSISTENT, &s, &tail) != SQLITE_OK) {
		warnx("db_stmt: statement %zu: %s", idx, sqlite3_errmsg(c->h));
		return NULL;
	}
	/* One statement per entry: text after it would be lost. The
	 * clause cut off is not "after it". */
	if (s == NULL || (rowid ? tail != q->sql + cut : !blank(tail))) {
		warnx("db_stmt: statement %zu: %s", idx, s == NULL ?
		    "no SQL" : "more than one statement");
		sqlite3_finalize(s);
		return NULL;
	}
	if ((ss = calloc(1, sizeof(*ss))) == NULL) {
		warnx("db_stmt: statement %zu: out of memory", idx);
		sqlite3_finalize(s);
		return NULL;
	}
	ss->s = s;
	ss->h = c->h;
	ss->rowid = rowid;
	return ss;
}

static void
s_finalize(void *st)
{
	struct sstmt	*ss = st;

	sqlite3_finalize(ss->s);
	free(ss);
}

/* reset() answers the last step's error, already seen by the caller of
 * that step; the statement is reset regardless. */
static void
s_reset(void *st)
{
	struct sstmt	*ss = st;

	ss->state = RID_NONE;
	(void)sqlite3_reset(ss->s);
}

static void
s_rearm(void *st)
{
	struct sstmt	*ss = st;

	ss->state = RID_NONE;
	(void)sqlite3_reset(ss->s);
	(void)sqlite3_clear_bindings(ss->s);
}

static int
s_active(void *st)
{
	struct sstmt	*ss = st;

	return ss->state != RID_NONE || sqlite3_stmt_busy(ss->s);
}

static enum db_rc
s_bind_int(void *st, int i, long long v)
{
	return status(sqlite3_bind_int64(((struct sstmt *)st)->s, i,
	    (sqlite3_int64)v));
}

static enum db_rc
s_bind_text(void *st, int i, const char *v, int copy)
{
	sqlite3_stmt	*s = ((struct sstmt *)st)->s;

	if (v == NULL)
		return status(sqlite3_bind_null(s, i));
	return status(sqlite3_bind_text(s, i, v, -1, copy ?
	    SQLITE_TRANSIENT : SQLITE_STATIC));
}

static enum db_rc
s_bind_null(void *st, int i)
{
	return status(sqlite3_bind_null(((struct sstmt *)st)->s, i));
}

static enum db_rc
s_bind_blob(void *st, int i, const void *p, size_t len)
{
	sqlite3_stmt	*s = ((struct sstmt *)st)->s;

	if (p == NULL)
		return status(sqlite3_bind_null(s, i));
	return status(sqlite3_bind_blob64(s, i, p, (sqlite3_uint64)len,
	    SQLITE_TRANSIENT));
}

static enum db_rc
s_step(void *st)
{
	struct sstmt	*ss = st;
	int		 rc;

	if (!ss->rowid)
		return status(sqlite3_step(ss->s));
	switch (ss->state) {
	case RID_ROW:
		ss->state = RID_DONE;
		return DB_DONE;
	case RID_DONE:
		return DB_DONE;
	default:
		break;
	}
	if ((rc = sqlite3_step(ss->s)) != SQLITE_DONE)
		return status(rc);
	if (sqlite3_changes(ss->h) == 0) {
		ss->state = RID_DONE;
		return DB_DONE;
	}
	/* Only one id can be answered: a statement that inserts more
	 * must not pass for one that inserted one. */
	if (sqlite3_changes(ss->h) > 1) {
		warnx("db_step: INSERT ... RETURNING id inserted %d rows",
		    sqlite3_changes(ss->h));
		ss->state = RID_DONE;
		return DB_ERROR;
	}
	ss->id = (long long)sqlite3_last_insert_rowid(ss->h);
	ss->state = RID_ROW;
	return DB_ROW;
}

static long long
s_col_int(void *st, int i)
{
	struct sstmt	*ss = st;

	if (ss->rowid)
		return ss->state == RID_ROW && i == 0 ? ss->id : 0;
	return (long long)sqlite3_column_int64(ss->s, i);
}

static const char *
s_col_text(void *st, int i)
{
	struct sstmt		*ss = st;
	const unsigned char	*t;

	if (ss->rowid)
		return "";
	t = sqlite3_column_text(ss->s, i);
	return t != NULL ? (const char *)t : "";
}

static int
s_col_null(void *st, int i)
{
	struct sstmt	*ss = st;

	if (ss->rowid)
		return !(ss->state == RID_ROW && i == 0);
	return sqlite3_column_type(ss->s, i) == SQLITE_NULL;
}

static const void *
s_col_blob(void *st, int i, size_t *len)
{
	struct sstmt	*ss = st;
	const void	*p;

	*len = 0;
	if (ss->rowid)
		return NULL;
	p = sqlite3_column_blob(ss->s, i);
	*len = p != NULL ? (size_t)sqlite3_column_bytes(ss->s, i) : 0;
	return p;
}

static long long
s_changes(void *conn)
{
	return (long long)sqlite3_changes(((struct conn *)conn)->h);
}

/* Run fixed SQL with no rows wanted; a status, with a log line. */
static enum db_rc
run(struct conn *c, const char *what, const char *sql)
{
	int	 rc;

	if ((rc = sqlite3_exec(c->h, sql, NULL, NULL, NULL)) != SQLITE_OK) {
		warnx("%s: %s", what, sqlite3_errmsg(c->h));
		return status(rc);
	}
	return DB_OK;
}

static enum db_rc	 tx_end(struct conn *);

static enum db_rc
s_begin(void *conn)
{
	struct conn	*c = conn;
	struct timespec	 t0, t;
	enum db_rc	 rc;
	int		 took = 0;
	long		 waited_us;

	/* Inside a transaction BEGIN fails and the outer one goes on as it
	 * was, its lock and its deferred sync kept. */
	if (!sqlite3_get_autocommit(c->h))
		return run(c, "BEGIN IMMEDIATE", "BEGIN IMMEDIATE");
	/* The commit's own sync is done after the lock is let go (group
	 * commit, above s_commit). The pragma may not change inside a
	 * transaction, and needs no lock: it is set before taking one. */
	if (c->full && c->lockfd != -1) {
		if ((rc = run(c, "synchronous", "PRAGMA synchronous = NORMAL"))
		    != DB_OK)
			return rc;
		c->deferred = 1;
	}
	if (c->lockfd != -1 && !c->locked) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		while (flock(c->lockfd, LOCK_EX | LOCK_NB) == -1) {
			if (errno != EWOULDBLOCK && errno != EINTR) {
				warnx("flock: %s", strerror(errno));
				(void)tx_end(c);
				return DB_ERROR;
			}
			clock_gettime(CLOCK_MONOTONIC, &t);
			waited_us = (t.tv_sec - t0.tv_sec) * 1000000L +
			    (t.tv_nsec - t0.tv_nsec) / 1000;
			if (waited_us >= (long)c->busy_ms * 1000L) {
				warnx("BEGIN IMMEDIATE: database is locked");
				(void)tx_end(c);
				return DB_BUSY;
			}
			usleep(DB_LOCK_POLL_US);
		}
		c->locked = took = 1;
	}
	/* On SQLITE_BUSY the busy handler has already waited. */
	if ((rc = run(c, "BEGIN IMMEDIATE", "BEGIN IMMEDIATE")) == DB_OK)
		return DB_OK;
	if (took)
		unlock(c);
	(void)tx_end(c);
	return rc;
}

/* After a transaction whose sync was deferred: back to FULL for every
 * other write (an autocommit statement syncs in its own commit). */
static enum db_rc
tx_end(struct conn *c)
{
	if (!c->deferred)
		return DB_OK;
	c->deferred = 0;
	return run(c, "synchronous", "PRAGMA synchronous = FULL");
}

/* fdatasync the write-ahead log (SQLite's own handle on it): every
 * commit written to it so far is then on disk. DB_OK or DB_ERROR. */
static enum db_rc
wal_sync(struct conn *c)
{
	sqlite3_file	*f = NULL;
	int		 rc;

	if (sqlite3_file_control(c->h, "main", SQLITE_FCNTL_JOURNAL_POINTER,
	    &f) != SQLITE_OK || f == NULL || f->pMethods == NULL)
		return DB_OK;	/* no log open: nothing was written to one */
	if ((rc = f->pMethods->xSync(f, SQLITE_SYNC_NORMAL)) != SQLITE_OK) {
		warnx("COMMIT: sync of the log: %s", sqlite3_errstr(rc));
		return DB_ERROR;
	}
	return DB_OK;
}

/*
 * COMMIT; if it fails the transaction is rolled back here, so that the
 * connection is never left inside one.
 *
 * Group commit. With synchronous = FULL, SQLite syncs the log inside
 * COMMIT, while this process holds the writers' lock, so that every
 * writer waits for every other's fsync in turn, and bookings per second
 * can be no more than fsyncs per second. Instead a transaction here
 * commits as NORMAL (written to the log, not yet synced), lets the lock
 * go, and then syncs the log itself before answering: the next writer
 * works while this one's fsync runs, and writers whose syncs overlap
 * share one flush of the disk. The promise is the same as FULL's: when
 * db_commit() answers DB_OK the commit, and every one before it, is on
 * disk. A crash before the sync loses only commits that have not been
 * answered yet; the log's checksums keep the database whole either way
 * (https://sqlite.org/wal.html). If the sync fails the commit is
 * visible but not known to be on disk: DB_ERROR, so the caller does not
 * tell anyone it was saved.
 */
static enum db_rc
s_commit(void *conn)
{
	struct conn	*c = conn;
	enum db_rc	 rc;
	int		 deferred = c->deferred;

	if ((rc = run(c, "COMMIT", "COMMIT")) == DB_OK) {
		unlock(c);
		rc = tx_end(c);
		if (deferred && wal_sync(c) != DB_OK)
			rc = DB_ERROR;
		return rc;
	}
	if (!sqlite3_get_autocommit(c->h))
		(void)run(c, "ROLLBACK", "ROLLBACK");
	unlock(c);
	(void)tx_end(c);
	return rc;
}

/*
 * ROLLBACK. Some errors (SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM, ...)
 * roll the transaction back by themselves; then there is nothing left
 * to do and this answers DB_OK.
 */
static enum db_rc
s_rollback(void *conn)
{
	struct conn	*c = conn;
	enum db_rc	 rc = DB_OK;

	if (!sqlite3_get_autocommit(c->h))
		rc = run(c, "ROLLBACK", "ROLLBACK");
	unlock(c);
	(void)tx_end(c);
	return rc;
}

static int
s_in_tx(void *conn)
{
	return !sqlite3_get_autocommit(((struct conn *)conn)->h);
}

static void
s_release(void *conn)
{
	unlock(conn);
}

/*
 * PRAGMA data_version changes when another connection commits
 * (https://sqlite.org/pragma.html#pragma_data_version); asking opens
 * and closes a read transaction.
 */
static int
s_changed(void *conn)
{
	struct conn	*c = conn;
	long long	 v;
	int		 rc;

	if (c->dv == NULL && sqlite3_prepare_v3(c->h, "PRAGMA data_version",
	    -1, SQLITE_PREPARE_PERSISTENT, &c->dv, NULL) != SQLITE_OK) {
		warnx("data_version: %s", sqlite3_errmsg(c->h));
		return DB_ERROR;
	}
	rc = sqlite3_step(c->dv);
	v = rc == SQLITE_ROW ? (long long)sqlite3_column_int64(c->dv, 0) : -1;
	(void)sqlite3_reset(c->dv);
	if (rc != SQLITE_ROW)
		return DB_ERROR;
	rc = v != c->seen;
	c->seen = v;
	return rc;
}

/* synchronous = FULL or NORMAL (https://sqlite.org/pragma.html
 * #pragma_synchronous): in WAL mode NORMAL may lose the last commits on
 * a power cut but never corrupts the database. */
static enum db_rc
s_sync(void *conn, int full)
{
	struct conn	*c = conn;

	if (run(c, "synchronous", full ? "PRAGMA synchronous = FULL" :
	    "PRAGMA synchronous = NORMAL") != DB_OK)
		return DB_ERROR;
	c->full = full;
	return DB_OK;
}

static enum db_rc
s_purge(void *conn)
{
	struct conn	*c = conn;
	int		 rc, log = -1, done = -1;

	rc = sqlite3_wal_checkpoint_v2(c->h, NULL, SQLITE_CHECKPOINT_TRUNCATE,
	    &log, &done);
	/* Done only when the log is empty (or there is none: log -1);
	 * anything else leaves old pages readable. */
	if (rc == SQLITE_OK)
		return log <= 0 ? DB_OK : DB_BUSY;
	return status(rc) == DB_BUSY ? DB_BUSY : DB_ERROR;
}

static const char *
s_path(void *conn)
{
	const char	*f = sqlite3_db_filename(((struct conn *)conn)->h,
			    "main");

	return f != NULL && *f != '\0' ? f : NULL;
}

/*
 * Copy the live database into file, an empty file the caller created,
 * with the online backup API (https://sqlite.org/backup.html), then
 * check the copy and leave it as one file to carry away.
 */
static enum db_rc
s_backup(void *conn, const char *file, char *err, size_t errlen)
{
	struct conn	*c = conn;
	sqlite3		*dst = NULL;
	sqlite3_backup	*b;
	sqlite3_stmt	*s = NULL;
	const char	*ok;
	int		 rc, tries = 0;

	if (sqlite3_open_v2(file, &dst, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", file, dst != NULL ?
		    sqlite3_errmsg(dst) : "out of memory");
		goto fail;
	}
	if ((b = sqlite3_backup_init(dst, "main", c->h, "main")) == NULL) {
		snprintf(err, errlen, "%s: %s", file, sqlite3_errmsg(dst));
		goto fail;
	}
	while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY ||
	    rc == SQLITE_LOCKED) {
		if (++tries == DB_BACKUP_TRIES)
			break;
		sqlite3_sleep(DB_BACKUP_WAIT_MS);
	}
	if (sqlite3_backup_finish(b) != SQLITE_OK || rc != SQLITE_DONE) {
		snprintf(err, errlen, "%s: %s", file, rc != SQLITE_DONE ?
		    sqlite3_errstr(rc) : sqlite3_errmsg(dst));
		goto fail;
	}
	if (sqlite3_prepare_v2(dst, "PRAGMA quick_check", -1, &s, NULL) !=
	    SQLITE_OK || sqlite3_step(s) != SQLITE_ROW ||
	    (ok = (const char *)sqlite3_column_text(s, 0)) == NULL ||
	    strcmp(ok, "ok") != 0) {
		snprintf(err, errlen, "%s: the copy does not check out: %s",
		    file, sqlite3_errmsg(dst));
		goto fail;
	}
	sqlite3_finalize(s);
	s = NULL;
	/* The copy is one file to carry away, with no -wal beside it. */
	if (sqlite3_exec(dst, "PRAGMA journal_mode = DELETE", NULL, NULL,
	    NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", file, sqlite3_errmsg(dst));
		goto fail;
	}
	if (sqlite3_close(dst) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", file, sqlite3_errmsg(dst));
		return DB_ERROR;
	}
	return DB_OK;
fail:
	sqlite3_finalize(s);
	sqlite3_close(dst);
	return DB_ERROR;
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

static int
s_version(void *conn)
{
	char	 err[256];
	int	 v;

	if (version(((struct conn *)conn)->h, &v, err, sizeof(err)) == -1) {
		warnx("db_version: %s", err);
		return -1;
	}
	return v;
}

static enum db_rc
s_exec(void *conn, const char *sql, char *err, size_t errlen)
{
	struct conn	*c = conn;
	char		*msg = NULL;
	int		 rc;

	if ((rc = sqlite3_exec(c->h, sql, NULL, NULL, &msg)) != SQLITE_OK) {
		snprintf(err, errlen, "%s", msg != NULL ? msg :
		    sqlite3_errmsg(c->h));
		sqlite3_free(msg);
		return status(rc) == DB_OK ? DB_ERROR : status(rc);
	}
	return DB_OK;
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
 * Apply migration m (its SQLite script) in its own BEGIN IMMEDIATE
 * transaction unless the database (read inside the transaction, so that
 * two processes starting together do not both apply it) already has
 * it. 0 or -1.
 */
static int
apply(struct conn *c, const struct db_migration *m, char *err,
    size_t errlen)
{
	char	 msg[512];
	int	 v;

	if (sqlite3_exec(c->h, "BEGIN IMMEDIATE", NULL, NULL,
	    NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", m->name, sqlite3_errmsg(c->h));
		return -1;
	}
	if (query_int(c->h, sql_max_version, &v, msg, sizeof(msg)) == -1)
		goto fail;
	if (v >= m->version) {
		(void)s_rollback(c);
		return 0;
	}
	if (s_exec(c, m->sql, msg, sizeof(msg)) != DB_OK)
		goto fail;
	/* A script with its own COMMIT would escape the rollback below. */
	if (sqlite3_get_autocommit(c->h)) {
		snprintf(err, errlen, "%s: the script ended the transaction",
		    m->name);
		return -1;
	}
	if (fk_clean(c->h, msg, sizeof(msg)) == -1 ||
	    record(c->h, m, msg, sizeof(msg)) == -1)
		goto fail;
	if (sqlite3_exec(c->h, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(msg, sizeof(msg), "%s", sqlite3_errmsg(c->h));
		goto fail;
	}
	return 0;
fail:
	snprintf(err, errlen, "%s: %s", m->name, msg);
	(void)s_rollback(c);
	return -1;
}

static enum db_rc
s_migrate(void *conn, const struct db_migration *m, size_t n, char *err,
    size_t errlen)
{
	struct conn	*c = conn;
	char		 msg[256];
	size_t		 i;
	int		 v;

	if (s_exec(c, sql_version_table, msg, sizeof(msg)) != DB_OK) {
		snprintf(err, errlen, "schema_version: %s", msg);
		return DB_ERROR;
	}
	if (version(c->h, &v, msg, sizeof(msg)) == -1) {
		snprintf(err, errlen, "schema_version: %s", msg);
		return DB_ERROR;
	}
	/* A newer program has been here: this one does not know the
	 * schema it would be writing to. */
	if (v > (n > 0 ? m[n - 1].version : 0)) {
		snprintf(err, errlen, "database is at schema version %d, "
		    "newer than this program's %d", v,
		    n > 0 ? m[n - 1].version : 0);
		return DB_ERROR;
	}
	for (i = 0; i < n; i++)
		if (m[i].version > v && apply(c, &m[i], err, errlen) == -1)
			return DB_ERROR;
	return DB_OK;
}

sqlite3 *
db_handle(struct db *db)
{
	if (strcmp(db_engine(db), db_sqlite_ops.name) != 0)
		return NULL;
	return ((struct conn *)db_driver_conn(db))->h;
}

sqlite3_stmt *
db_sqlite_stmt(struct db_stmt *s)
{
	return ((struct sstmt *)db_driver_stmt(s))->s;
}

const struct db_ops db_sqlite_ops = {
	.name = "sqlite",
	.open = s_open,
	.close = s_close,
	.errmsg = s_errmsg,
	.busy_timeout = s_busy_timeout,
	.prepare = s_prepare,
	.finalize = s_finalize,
	.reset = s_reset,
	.rearm = s_rearm,
	.active = s_active,
	.bind_int = s_bind_int,
	.bind_text = s_bind_text,
	.bind_null = s_bind_null,
	.bind_blob = s_bind_blob,
	.step = s_step,
	.col_int = s_col_int,
	.col_text = s_col_text,
	.col_null = s_col_null,
	.col_blob = s_col_blob,
	.changes = s_changes,
	.begin = s_begin,
	.commit = s_commit,
	.rollback = s_rollback,
	.in_tx = s_in_tx,
	.changed = s_changed,
	.release = s_release,
	.sync = s_sync,
	.purge = s_purge,
	.path = s_path,
	.backup = s_backup,
	.migrate = s_migrate,
	.version = s_version,
	.exec = s_exec,
};
