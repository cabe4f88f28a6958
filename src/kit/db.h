/*
 * db.h: the kit's database interface. The college speaks only this;
 * which engine is underneath is chosen once, by db_open().
 *
 * Engines. TESSERA_DB (or any "where" given to db_open) is either a
 * file path, ":memory:" included, for SQLite (the default, embedded),
 * or a "postgresql://" or "postgres://" URL in libpq's syntax for
 * PostgreSQL. Each engine is one driver file behind db.c (db_sqlite.c,
 * db_pg.c) implementing struct db_ops (db_driver.h).
 *
 * SQLite is opened the one safe way: db_open() applies, and then reads
 * back, journal_mode=WAL (not for ":memory:"), foreign_keys=ON,
 * busy_timeout=DB_BUSY_MS, trusted_schema=OFF, secure_delete=ON,
 * synchronous=FULL and SQLITE_DBCONFIG_DEFENSIVE; if one did not take
 * it fails, so that a program refuses to start rather than run
 * unsafely. Every SQLite connection has the SQL function fold(x)
 * (fold.h).
 *
 * Statements (sqlbox style) are listed once by the caller as an array
 * of struct db_sql indexed by its own enum, prepared on first use and
 * kept for the life of the connection. Each has its SQLite text and,
 * where the dialects differ, a PostgreSQL form beside it. Parameters are
 * always bound, written ?1 ?2 ... in both forms (the PostgreSQL driver
 * rewrites them to $1 $2 ...); parameters count from 1, result columns
 * from 0. A new row's id comes back as a column through "RETURNING id",
 * never from an engine's last-insert call.
 *
 * Statuses. Every call that can fail answers an enum db_rc: DB_OK,
 * DB_ROW or DB_DONE on success, a negative status on failure. No call
 * exits; none logs a bound parameter's value.
 *
 * The kit knows nothing of the college's tables.
 */
#ifndef KIT_DB_H
#define KIT_DB_H

#include <stddef.h>

struct arena;

#define DB_BUSY_MS	5000	/* how long a writer waits for the lock */
#define DB_STMTS_MAX	256	/* statements one program may list */
#define DB_PARAMS_MAX	32	/* highest ?N a statement may use */

struct db;
struct db_stmt;

enum db_rc {
	DB_OK = 0,		/* done; no rows involved */
	DB_ROW = 1,		/* db_step: a row is ready to read */
	DB_DONE = 2,		/* db_step: the statement has finished */
	DB_ERROR = -1,		/* anything else: logged, see db_errmsg() */
	DB_CONSTRAINT = -2,	/* a UNIQUE, PRIMARY KEY or CHECK violation */
	DB_BUSY = -3,		/* the lock was not had within the timeout,
				 * or (PostgreSQL) a serialization failure:
				 * the transaction may be tried again */
};

/*
 * One statement: its SQLite text, and its PostgreSQL form where that
 * differs (NULL: the same text serves both). A form the PostgreSQL
 * driver cannot yet use is left NULL with a "pg: TODO" comment.
 */
struct db_sql {
	const char	*sql;
	const char	*pg;
};

/*
 * One numbered migration: the script for SQLite and, where it differs,
 * the script for PostgreSQL (sql/pg/NNN_name.sql; NULL: the same text
 * serves both).
 */
struct db_migration {
	int		 version;	/* 1, 2, 3, ... in order */
	const char	*name;		/* "001_init.sql" */
	const char	*sql;
	const char	*pg;
};

/*
 * Open where (a path or a PostgreSQL URL, see above; a SQLite file is
 * created if absent when create is set) with the settings above, and
 * register n statements (kept by pointer: they must outlive the db).
 * NULL on failure with a message in err; a URL the build has no driver
 * for says so.
 */
struct db	*db_open(const char *where, int create,
		    const struct db_sql *stmts, size_t n,
		    char *err, size_t errlen);
/* Close the connection and every statement of it; NULL is a no-op. */
void		 db_close(struct db *);
/* "sqlite" or "postgresql": for messages and tests, not for branching
 * the college's logic on. */
const char	*db_engine(struct db *);
/* Whether where names a PostgreSQL database (a postgres[ql]:// URL). */
int		 db_is_url(const char *where);
/* The last error's message on this connection (never a bound value);
 * valid until the next call on it. */
const char	*db_errmsg(struct db *);
/* How long a writer waits for another (default DB_BUSY_MS). DB_OK or
 * DB_ERROR. */
enum db_rc	 db_busy_timeout(struct db *, int ms);

/*
 * Statement idx, prepared once, reset and with bindings cleared, owned
 * by the db; NULL (and a log line) if it does not prepare.
 */
struct db_stmt	*db_stmt(struct db *, size_t idx);

/*
 * A statement of the caller's own, outside the list given to db_open:
 * for tests and tools that run SQL made at run time (seeding and
 * checking rows), not for the programs, whose SQL is all in the list.
 * q (its SQLite text and PostgreSQL form, as in the list) is read now
 * and need not outlive the call. Use it as one from db_stmt(), then
 * give it back with db_finalize(), before db_close(). NULL (and a log
 * line) if it does not prepare.
 */
struct db_stmt	*db_prepare(struct db *, const struct db_sql *q);
/* Free a statement from db_prepare(); NULL is a no-op. */
void		 db_finalize(struct db_stmt *);

/*
 * Binds, parameter i counting from 1 (?1). Each answers DB_OK or
 * DB_ERROR (no such parameter, out of memory). Bindings hold until the
 * statement is handed out again by db_stmt().
 * db_bind_text: s is NOT copied: it must stay valid and unchanged until
 * the statement is next reset or handed out (a literal, or memory the
 * caller keeps for the call). NULL binds SQL NULL.
 * db_bind_text_copy: s is copied now; the caller may reuse it at once.
 * db_bind_blob: p, len bytes, copied now (blobs are small: sealed
 * fields); NULL binds SQL NULL.
 */
enum db_rc	 db_bind_int(struct db_stmt *, int i, long long v);
enum db_rc	 db_bind_text(struct db_stmt *, int i, const char *s);
enum db_rc	 db_bind_text_copy(struct db_stmt *, int i, const char *s);
enum db_rc	 db_bind_null(struct db_stmt *, int i);
enum db_rc	 db_bind_blob(struct db_stmt *, int i, const void *p,
		    size_t len);

/*
 * Run the statement or fetch its next row: DB_ROW with a row to read,
 * DB_DONE when finished, or DB_CONSTRAINT, DB_BUSY, DB_ERROR (the
 * statement's changes, if any, are undone; the transaction, if any, is
 * the caller's to roll back).
 */
enum db_rc	 db_step(struct db_stmt *);
/*
 * End the statement's current run (its snapshot, its rows); bindings
 * are kept. Call it once the rows wanted have been read; safe at any
 * time.
 */
void		 db_reset(struct db_stmt *);
/*
 * Step a statement that answers no rows (an INSERT, UPDATE or DELETE
 * without RETURNING) to its end, and reset it: DB_OK when it finished,
 * else the failure (DB_CONSTRAINT, DB_BUSY, DB_ERROR; a row, which such
 * a statement should not give, is DB_ERROR), with a log line naming the
 * engine's message and never a bound value. db_changes() still counts
 * its rows afterwards.
 */
enum db_rc	 db_step_done(struct db_stmt *);
/*
 * Read the rows of the statement's next run from the server one at a
 * time rather than all at once, so that an export of any size takes
 * the same memory: call after db_stmt() and before the first db_step().
 * SQLite always works so; PostgreSQL then uses libpq's single-row mode,
 * and the connection is the statement's until its last row is read or
 * it is reset: no other statement may run in between.
 */
void		 db_stream(struct db_stmt *);

/*
 * Columns of the current row, counting from 0. A NULL reads as 0, "",
 * or a NULL pointer with *len 0 for blobs; db_col_null tells them apart.
 * Text and blobs are owned by the statement and valid until it steps
 * again or is reset.
 */
long long	 db_col_int(struct db_stmt *, int i);
const char	*db_col_text(struct db_stmt *, int i);
int		 db_col_null(struct db_stmt *, int i);
const void	*db_col_blob(struct db_stmt *, int i, size_t *len);
/*
 * Column i of the current row as text copied into the arena, so that it
 * outlives the statement's next step or reset ("" for NULL); NULL only
 * when the arena is out of memory.
 */
char		*db_col_dup(struct db_stmt *, int i, struct arena *);

/* Rows inserted, updated or deleted by the last statement run to
 * DB_DONE on this connection. */
long long	 db_changes(struct db *);

/*
 * Reset every statement left part-way through its rows and roll back a
 * transaction left open (with a log line): a statement not reset holds
 * a read snapshot, a transaction holds the writers' lock. The request
 * loop calls this after each request.
 */
void		 db_release(struct db *);

/*
 * A write transaction. db_begin takes the writers' lock (SQLite: an
 * flock of "<database>-writer", then BEGIN IMMEDIATE; PostgreSQL: the
 * driver's own) and answers DB_OK, DB_BUSY after the busy timeout, or
 * DB_ERROR. db_commit answers DB_OK or a failure, after which the
 * transaction has been rolled back (or, when only the final sync to
 * disk failed, is not known to be on disk). DB_OK means the commit is
 * on disk (unless db_sync relaxed it); SQLite syncs after letting the
 * writers' lock go, so that writers share flushes (group commit).
 * db_rollback with no transaction open (an engine may end one itself
 * on some errors) is DB_OK.
 */
enum db_rc	 db_begin(struct db *);
/*
 * A write transaction that needs only its keys, not the whole database:
 * writers whose keys all differ may run at once, while db_begin()
 * still waits for every one of them and they for it. For a writer whose
 * every rule is about its keys alone (a booking: its run's places, the
 * person, the client's cap); keys are any numbers the caller derives
 * (at most DB_KEYS_MAX; two that collide only wait for each other).
 * PostgreSQL: a shared advisory lock on the database and an exclusive
 * one per key, taken in ascending order so that two writers never
 * deadlock. SQLite: the same as db_begin(), one writer at a time.
 */
#define DB_KEYS_MAX	8
enum db_rc	 db_begin_keys(struct db *, const long long *keys, size_t n);
enum db_rc	 db_commit(struct db *);
enum db_rc	 db_rollback(struct db *);

/*
 * Whether anyone (another connection) has committed since this
 * connection last asked: 1 yes (and always on the first call), 0 no,
 * or DB_ERROR. Caches of rendered pages use it. This connection's own
 * commits are its own to track.
 */
int		 db_changed(struct db *);

/*
 * Whether a commit waits until it is on disk (full, the default) or may
 * be lost, never half-applied, if the machine loses power (SQLite:
 * synchronous FULL or NORMAL in WAL mode). For records that can be made
 * again (the mailer's delivery notes); an engine that cannot relax
 * answers DB_OK and stays full. DB_OK or DB_ERROR.
 */
enum db_rc	 db_sync(struct db *, int full);

/*
 * Make data deleted by committed transactions unreadable from the
 * engine's files now (SQLite: a TRUNCATE checkpoint of the write-ahead
 * log; secure_delete has already zeroed the pages). One attempt:
 * DB_OK when done, DB_BUSY while a reader holds old pages (try again
 * later), DB_ERROR. An engine with nothing to do answers DB_OK.
 */
enum db_rc	 db_purge(struct db *);
/*
 * The database's file (SQLite), or NULL for one held in memory or by a
 * server: files kept beside the database (the booking key) need it.
 */
const char	*db_path(struct db *);
/*
 * Copy the live database into file, an empty file the caller created,
 * and check the copy (SQLite: the online backup API and a quick_check,
 * the copy left as one file). DB_OK, or a failure with a message in
 * err; an engine with its own tools (pg_dump) says so there.
 */
enum db_rc	 db_backup(struct db *, const char *file, char *err,
		    size_t errlen);

/*
 * Apply the migrations not yet recorded in schema_version, each in its
 * own write transaction, the engine's form of each script. Refuses a
 * database at a newer version than the last of m. DB_OK, or a failure
 * with a message in err.
 */
enum db_rc	 db_migrate(struct db *, const struct db_migration *, size_t n,
		    char *err, size_t errlen);
/* Highest applied migration version, 0 for a new database, -1 on error. */
int		 db_version(struct db *);
/*
 * Whether a call since the last db_release() failed because the
 * connection to the database server was lost (a server engine only:
 * SQLite answers 0). The request then failed through no fault of its
 * own and may simply be tried again: the programs answer 503.
 */
int		 db_lost(struct db *);
/* Run a script of statements with no parameters, as given, in the
 * connection's engine (migrations, tests). DB_OK, or a failure with a
 * message in err. */
enum db_rc	 db_exec(struct db *, const char *sql, char *err, size_t errlen);

#endif
