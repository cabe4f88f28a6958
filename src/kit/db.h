/*
 * db.h: the SQLite database, opened the one safe way.
 *
 * db_open() applies, and then reads back, every setting DESIGN.md asks
 * for: journal_mode=WAL (not for ":memory:"), foreign_keys=ON,
 * busy_timeout=DB_BUSY_MS, trusted_schema=OFF, secure_delete=ON,
 * synchronous=FULL, and SQLITE_DBCONFIG_DEFENSIVE. If one did not take
 * it fails: a program must refuse to start rather than run unsafely.
 * Every connection has the SQL function fold(x) (fold.h).
 *
 * Statements are listed once by the caller as an array of SQL strings
 * indexed by its own enum, prepared on first use and kept (sqlbox
 * style); db_stmt() hands one back reset and with bindings cleared.
 * Migrations are a caller's array of numbered SQL scripts; db_migrate()
 * applies each not yet recorded in schema_version, one transaction each.
 *
 * The kit knows nothing of the college's tables.
 */
#ifndef KIT_DB_H
#define KIT_DB_H

#include <stddef.h>
#include <sqlite3.h>

#define DB_BUSY_MS	5000	/* how long a writer waits for the lock */
#define DB_STMTS_MAX	256	/* statements one program may list */

struct db;

struct db_migration {
	int		 version;	/* 1, 2, 3, ... in order */
	const char	*name;		/* "001_init.sql" */
	const char	*sql;
};

/*
 * Open path (created if absent when create is set) with the settings
 * above, and register n statements (kept by pointer: they must outlive
 * the db). Returns NULL on failure with a message in err.
 */
struct db	*db_open(const char *path, int create,
		    const char *const *stmts, size_t n, char *err, size_t errlen);
void		 db_close(struct db *);
sqlite3		*db_handle(struct db *);
/* How long a writer waits for another (default DB_BUSY_MS). 0 or -1. */
int		 db_busy_timeout(struct db *, int ms);

/* Statement idx, prepared once, reset and with bindings cleared; NULL
 * (and a log line) if it does not prepare. */
sqlite3_stmt	*db_stmt(struct db *, size_t idx);

/*
 * Reset every statement left part-way through its rows. A statement
 * stepped to SQLITE_ROW and not reset holds a read snapshot: in WAL
 * mode the process would go on seeing old data and block checkpoints.
 * The request loop calls this after each request.
 */
void		 db_release(struct db *);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. 0 or -1. A failed COMMIT rolls
 * back; ROLLBACK with no transaction open (SQLite ends one itself on
 * some errors) is 0. */
int		 db_begin(struct db *);
int		 db_commit(struct db *);
int		 db_rollback(struct db *);

/* Apply migrations not yet applied; 0 or -1 with a message in err. */
int		 db_migrate(struct db *, const struct db_migration *, size_t n,
		    char *err, size_t errlen);
/* Highest applied migration version, 0 for a new database, -1 on error. */
int		 db_version(struct db *);
/* Run a script of statements with no parameters (migrations, tests). */
int		 db_exec(struct db *, const char *sql, char *err, size_t errlen);

#endif
