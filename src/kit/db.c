/*
 * db.c: the engine-neutral half of the database interface (db.h). It
 * picks the driver from the "where" string, keeps the caller's list of
 * statements with one prepared statement per entry, and hands every
 * other call to the driver (db_driver.h).
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "db.h"
#include "db_driver.h"

struct db_stmt {
	struct db	*db;
	void		*st;	/* the driver's, or NULL until prepared */
};

struct db {
	const struct db_ops	*ops;
	void			*conn;
	const struct db_sql	*sql;	/* the caller's statements, by index */
	struct db_stmt		*stmts;
	size_t			 n;
	size_t			 own;	/* db_prepare()s so far: their numbers */
};

static const char *const	url_schemes[] = {
	"postgresql://", "postgres://", NULL
};

int
db_is_url(const char *where)
{
	size_t	 i;

	if (where == NULL)
		return 0;
	for (i = 0; url_schemes[i] != NULL; i++)
		if (strncasecmp(where, url_schemes[i],
		    strlen(url_schemes[i])) == 0)
			return 1;
	return 0;
}

/* The driver for where, or NULL with a message in err. */
static const struct db_ops *
driver(const char *where, char *err, size_t errlen)
{
	if (!db_is_url(where))
		return &db_sqlite_ops;
#ifdef TESSERA_PG
	return &db_pg_ops;
#else
	snprintf(err, errlen, "this build has no PostgreSQL driver: "
	    "TESSERA_DB must be a SQLite file path");
	return NULL;
#endif
}

struct db *
db_open(const char *where, int create, const struct db_sql *stmts,
    size_t n, char *err, size_t errlen)
{
	struct db	*db;
	size_t		 i;

	if (where == NULL || *where == '\0') {
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
	if ((db->ops = driver(where, err, errlen)) == NULL) {
		free(db);
		return NULL;
	}
	if (n > 0 && (db->stmts = calloc(n, sizeof(*db->stmts))) == NULL) {
		snprintf(err, errlen, "out of memory");
		free(db);
		return NULL;
	}
	for (i = 0; i < n; i++)
		db->stmts[i].db = db;
	db->sql = stmts;
	db->n = n;
	if ((db->conn = db->ops->open(where, create, err, errlen)) == NULL) {
		free(db->stmts);
		free(db);
		return NULL;
	}
	return db;
}

void
db_close(struct db *db)
{
	size_t	 i;

	if (db == NULL)
		return;
	for (i = 0; i < db->n; i++)
		if (db->stmts[i].st != NULL)
			db->ops->finalize(db->stmts[i].st);
	db->ops->close(db->conn);
	free(db->stmts);
	free(db);
}

const char *
db_engine(struct db *db)
{
	return db->ops->name;
}

const char *
db_errmsg(struct db *db)
{
	return db->ops->errmsg(db->conn);
}

enum db_rc
db_busy_timeout(struct db *db, int ms)
{
	if (ms < 0)
		return DB_ERROR;
	return db->ops->busy_timeout(db->conn, ms);
}

struct db_stmt *
db_stmt(struct db *db, size_t idx)
{
	struct db_stmt	*s;

	if (idx >= db->n) {
		warnx("db_stmt: statement %zu of %zu", idx, db->n);
		return NULL;
	}
	s = &db->stmts[idx];
	if (s->st == NULL) {
		if ((s->st = db->ops->prepare(db->conn, &db->sql[idx],
		    idx)) == NULL)
			return NULL;
	} else
		db->ops->rearm(s->st);
	return s;
}

/*
 * A one-off statement is numbered after every listed one (DB_STMTS_MAX
 * and up), so that a driver that names its prepared statements by
 * number (PostgreSQL: "tN") never gives two the same name.
 */
struct db_stmt *
db_prepare(struct db *db, const struct db_sql *q)
{
	struct db_stmt	*s;

	if ((s = calloc(1, sizeof(*s))) == NULL) {
		warnx("db_prepare: out of memory");
		return NULL;
	}
	s->db = db;
	if ((s->st = db->ops->prepare(db->conn, q,
	    DB_STMTS_MAX + db->own++)) == NULL) {
		free(s);
		return NULL;
	}
	return s;
}

void
db_finalize(struct db_stmt *s)
{
	if (s == NULL)
		return;
	s->db->ops->finalize(s->st);
	free(s);
}

enum db_rc
db_bind_int(struct db_stmt *s, int i, long long v)
{
	return s->db->ops->bind_int(s->st, i, v);
}

enum db_rc
db_bind_text(struct db_stmt *s, int i, const char *v)
{
	return s->db->ops->bind_text(s->st, i, v, 0);
}

enum db_rc
db_bind_text_copy(struct db_stmt *s, int i, const char *v)
{
	return s->db->ops->bind_text(s->st, i, v, 1);
}

enum db_rc
db_bind_null(struct db_stmt *s, int i)
{
	return s->db->ops->bind_null(s->st, i);
}

enum db_rc
db_bind_blob(struct db_stmt *s, int i, const void *p, size_t len)
{
	return s->db->ops->bind_blob(s->st, i, p, len);
}

enum db_rc
db_step(struct db_stmt *s)
{
	return s->db->ops->step(s->st);
}

void
db_reset(struct db_stmt *s)
{
	s->db->ops->reset(s->st);
}

enum db_rc
db_step_done(struct db_stmt *s)
{
	enum db_rc	 rc = db_step(s);

	if (rc == DB_ROW) {
		warnx("db_step: a row from a statement that should give none");
		rc = DB_ERROR;
	} else if (rc != DB_DONE)	/* before the reset replaces it */
		warnx("db_step: %s", db_errmsg(s->db));
	db_reset(s);
	return rc == DB_DONE ? DB_OK : rc;
}

void
db_stream(struct db_stmt *s)
{
	if (s->db->ops->stream != NULL)
		s->db->ops->stream(s->st);
}

long long
db_col_int(struct db_stmt *s, int i)
{
	return s->db->ops->col_int(s->st, i);
}

const char *
db_col_text(struct db_stmt *s, int i)
{
	return s->db->ops->col_text(s->st, i);
}

int
db_col_null(struct db_stmt *s, int i)
{
	return s->db->ops->col_null(s->st, i);
}

const void *
db_col_blob(struct db_stmt *s, int i, size_t *len)
{
	return s->db->ops->col_blob(s->st, i, len);
}

char *
db_col_dup(struct db_stmt *s, int i, struct arena *a)
{
	const char	*t = db_col_text(s, i);

	return arena_strdup(a, t != NULL ? t : "");
}

long long
db_changes(struct db *db)
{
	return db->ops->changes(db->conn);
}

void
db_release(struct db *db)
{
	size_t	 i;

	for (i = 0; i < db->n; i++)
		if (db->stmts[i].st != NULL &&
		    db->ops->active(db->stmts[i].st))
			db->ops->reset(db->stmts[i].st);
	/* A transaction left open by a failed handler must not hold the
	 * database, or the writers' queue, past its request. */
	if (db->ops->in_tx(db->conn)) {
		warnx("db_release: a transaction was left open; rolled back");
		(void)db->ops->rollback(db->conn);
	}
	db->ops->release(db->conn);
}

enum db_rc
db_begin(struct db *db)
{
	return db->ops->begin(db->conn);
}

static int
key_cmp(const void *a, const void *b)
{
	long long	 x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

enum db_rc
db_begin_keys(struct db *db, const long long *keys, size_t n)
{
	long long	 k[DB_KEYS_MAX];
	size_t		 i, m = 0;

	if (db->ops->begin_keys == NULL || n == 0)
		return db->ops->begin(db->conn);
	if (n > DB_KEYS_MAX) {
		warnx("db_begin_keys: more than %d keys", DB_KEYS_MAX);
		return DB_ERROR;
	}
	/* Sorted, each once: every writer takes its keys in one order. */
	memcpy(k, keys, n * sizeof(k[0]));
	qsort(k, n, sizeof(k[0]), key_cmp);
	for (i = 0; i < n; i++)
		if (m == 0 || k[m - 1] != k[i])
			k[m++] = k[i];
	return db->ops->begin_keys(db->conn, k, m);
}

enum db_rc
db_commit(struct db *db)
{
	return db->ops->commit(db->conn);
}

enum db_rc
db_rollback(struct db *db)
{
	return db->ops->rollback(db->conn);
}

int
db_changed(struct db *db)
{
	return db->ops->changed(db->conn);
}

enum db_rc
db_sync(struct db *db, int full)
{
	if (db->ops->sync == NULL)
		return DB_OK;
	return db->ops->sync(db->conn, full);
}

enum db_rc
db_purge(struct db *db)
{
	return db->ops->purge(db->conn);
}

const char *
db_path(struct db *db)
{
	return db->ops->path(db->conn);
}

enum db_rc
db_backup(struct db *db, const char *file, char *err, size_t errlen)
{
	return db->ops->backup(db->conn, file, err, errlen);
}

enum db_rc
db_migrate(struct db *db, const struct db_migration *m, size_t n,
    char *err, size_t errlen)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (m[i].name == NULL || m[i].sql == NULL ||
		    m[i].version < 1 ||
		    (i > 0 && m[i].version <= m[i - 1].version)) {
			snprintf(err, errlen, "migration %zu (%s): versions "
			    "must be 1 or more and strictly increasing", i,
			    m[i].name != NULL ? m[i].name : "unnamed");
			return DB_ERROR;
		}
	}
	return db->ops->migrate(db->conn, m, n, err, errlen);
}

int
db_version(struct db *db)
{
	return db->ops->version(db->conn);
}

enum db_rc
db_exec(struct db *db, const char *sql, char *err, size_t errlen)
{
	return db->ops->exec(db->conn, sql, err, errlen);
}

int
db_lost(struct db *db)
{
	return db->ops->lost != NULL && db->ops->lost(db->conn);
}

void *
db_driver_conn(struct db *db)
{
	return db->conn;
}

void *
db_driver_stmt(struct db_stmt *s)
{
	return s->st;
}
