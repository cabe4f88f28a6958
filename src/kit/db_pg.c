/*
 * db_pg.c: the PostgreSQL driver behind db.h, on libpq.
 *
 * Connection. TESSERA_DB is a libpq URL, several hosts included
 * ("postgresql://u@h1:5432,h2:5432/db?target_session_attrs=read-write"),
 * handed to PQconnectdb as it is. When the connection is lost (the
 * primary died), the request that meets it fails, and the next call
 * that needs the server resets it (PQreset, which tries every host of
 * the URL again and so finds the promoted standby). Prepared statements
 * die with their connection: each remembers the connection generation
 * it was prepared on and is prepared again on a newer one.
 *
 * Statements are prepared once per connection (PQprepare, named "tN"
 * after their index) from their PostgreSQL form, or their SQLite text
 * when the two are the same, with ?N rewritten to $N outside quotes and
 * comments. They run with PQexecPrepared, parameters as text, results
 * as text. The whole result is fetched at once, so a statement's rows
 * can be read while another statement runs on the same connection (the
 * college nests them).
 *
 * Writers, one at a time. db_begin() opens a READ COMMITTED transaction
 * and takes a transaction-scoped advisory lock (pg_advisory_xact_lock,
 * one key for the whole database), so writers queue exactly as behind
 * SQLite's BEGIN IMMEDIATE, on one host or on many: every check the
 * college makes inside the transaction ("is there still a place?") sees
 * every earlier writer's commit, since each statement of a READ
 * COMMITTED transaction takes a fresh snapshot after the lock is had.
 * A booking takes less (db_begin_keys, p_begin_keys): the same key
 * shared, so that it still queues behind and ahead of every db_begin(),
 * and an exclusive advisory lock per key of its own (its run, the
 * person, the client), so that bookings of different runs by different
 * people commit side by side and share the disk's flushes, while two
 * for the same run still queue: the run's lock is what keeps its places
 * from being overbooked, across hosts as on one.
 * The lock ends with the transaction, commit or rollback, or with the
 * connection. lock_timeout (the busy timeout) bounds the wait. Inside
 * the transaction each write runs after a SAVEPOINT, so that one that
 * fails is undone alone, as SQLite does it; the two go to the server
 * together in libpq's pipeline mode (exec_saved), one round trip, not
 * two. Reads need no savepoint.
 *
 * Errors map to statuses by SQLSTATE: class 23 (integrity: unique,
 * check, foreign key) DB_CONSTRAINT; 40001, 40P01 and 55P03 (retry
 * later) DB_BUSY; anything else DB_ERROR. Messages keep only the
 * primary text, never the DETAIL, which quotes the values.
 */
#ifdef TESSERA_PG

#include <err.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "pq.h"

#include "db.h"
#include "db_driver.h"

/* The advisory lock every writer takes: any constant of our own. */
#define PG_WRITER_KEY	73617261	/* any constant of ours: "tessera writers" */
#define PG_ERR_MAX	512
#define PG_INT_MAX	24	/* a long long in decimal, sign and NUL */
#define PG_TEXT_OID	25	/* the type text (pg_type.h, a server header) */
#define PG_PIPE_QUERIES	2	/* a savepoint and its statement (exec_saved) */

struct pconn {
	PGconn		*h;
	unsigned	 gen;		/* bumped on every (re)connection */
	int		 busy_ms;
	long long	 changes;
	char		 lsn[64];	/* db_changed's last answer */
	int		 seen;
	int		 tx;		/* db_begin'd and not yet ended */
	int		 lost;		/* the connection died in this request */
	char		 err[PG_ERR_MAX];
};

struct pstmt {
	struct pconn	*c;
	size_t		 idx;
	char		 name[24];	/* "t12" */
	char		*sql;		/* rewritten to $N */
	int		 nparams;
	/* Each ?N below nparams the text never names, typed text so that
	 * PostgreSQL can prepare it (SQLite allows such gaps: a filter's
	 * count may skip the list's limit and offset). 0: inferred. */
	Oid		 types[DB_PARAMS_MAX];
	unsigned	 gen;		/* prepared on this generation, 0 never */
	int		 reads;		/* a SELECT: runs without a savepoint */
	int		 stream;	/* db_stream: next run in single-row mode */
	int		 streaming;	/* rows of it still on the wire */
	const char	*vals[DB_PARAMS_MAX];
	int		 lens[DB_PARAMS_MAX];
	int		 fmts[DB_PARAMS_MAX];
	char		*owned[DB_PARAMS_MAX];	/* copies we free */
	char		 ints[DB_PARAMS_MAX][PG_INT_MAX];
	PGresult	*res;		/* the current run's rows */
	int		 row;		/* current row, -1 before the first */
	int		 done;
	unsigned char	*blob;		/* db_col_blob's last answer */
};

static enum db_rc	run(struct pconn *, const char *);

/* Keep the primary message of res (or of the connection), one line. */
static void
keep_error(struct pconn *c, const PGresult *res)
{
	const char	*m = NULL, *st;
	size_t		 n;

	if (res != NULL)
		m = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	if (m == NULL)
		m = PQerrorMessage(c->h);
	if (m == NULL || *m == '\0')
		m = "unknown error";
	/* Lost: the connection is down, or the server says it is going
	 * (57P01 to 57P05, e.g. "terminating connection due to unexpected
	 * postmaster exit", sent before the socket closes, while libpq may
	 * still say CONNECTION_OK) or that it cannot be reached (class
	 * 08). The request then answers 503, try again, never 500. */
	if (PQstatus(c->h) != CONNECTION_OK || (res != NULL &&
	    (st = PQresultErrorField(res, PG_DIAG_SQLSTATE)) != NULL &&
	    (strncmp(st, "57P", 3) == 0 || strncmp(st, "08", 2) == 0)))
		c->lost = 1;
	snprintf(c->err, sizeof(c->err), "%s", m);
	n = strlen(c->err);
	while (n > 0 && (c->err[n - 1] == '\n' || c->err[n - 1] == '\r'))
		c->err[--n] = '\0';
}

/* The status for a failed result, by SQLSTATE (see the top). */
static enum db_rc
status(struct pconn *c, const PGresult *res)
{
	const char	*st;

	keep_error(c, res);
	st = res != NULL ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	if (st == NULL)
		return DB_ERROR;
	if (strncmp(st, "23", 2) == 0)
		return DB_CONSTRAINT;
	if (strcmp(st, "40001") == 0 || strcmp(st, "40P01") == 0 ||
	    strcmp(st, "55P03") == 0)
		return DB_BUSY;
	return DB_ERROR;
}

/* The server's notices ("table does not exist, skipping") are not
 * ours to print. */
static void
quiet(void *arg, const char *msg)
{
}

/* Set what every connection needs; 0, or -1 with c->err set. */
static int
configure(struct pconn *c)
{
	char		 q[128];
	PGresult	*r;
	int		 ok;

	snprintf(q, sizeof(q), "SET lock_timeout = %d; "
	    "SET synchronous_commit = on; SET client_encoding = 'UTF8'",
	    c->busy_ms);
	r = PQexec(c->h, q);
	ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	if (!ok)
		keep_error(c, r);
	PQclear(r);
	return ok ? 0 : -1;
}

/*
 * Whether the connection can be used, resetting it if it was lost.
 * Never inside a transaction: a transaction cut off is the request's
 * failure, and the reset waits for the next one. 0, or -1 (c->err).
 */
static int
ready(struct pconn *c)
{
	if (PQstatus(c->h) == CONNECTION_OK)
		return 0;
	warnx("db: connection lost; reconnecting");
	PQreset(c->h);
	if (PQstatus(c->h) != CONNECTION_OK) {
		keep_error(c, NULL);
		return -1;
	}
	c->gen++;
	c->seen = 0;
	return configure(c);
}

static void *
p_open(const char *where, int create, char *err, size_t errlen)
{
	struct pconn	*c;

	/* libpq is loaded now, by the programs that use it (pq.h). */
	if (pq_load(err, errlen) == -1)
		return NULL;
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	c->busy_ms = DB_BUSY_MS;
	c->gen = 1;
	c->h = PQconnectdb(where);
	if (c->h == NULL || PQstatus(c->h) != CONNECTION_OK) {
		/* libpq's message names hosts, never the password. */
		snprintf(err, errlen, "postgresql: %s", c->h != NULL ?
		    PQerrorMessage(c->h) : "out of memory");
		err[strcspn(err, "\n")] = '\0';
		PQfinish(c->h);
		free(c);
		return NULL;
	}
	PQsetNoticeProcessor(c->h, quiet, NULL);
	if (configure(c) == -1) {
		snprintf(err, errlen, "postgresql: %s", c->err);
		PQfinish(c->h);
		free(c);
		return NULL;
	}
	return c;
}

static void
p_close(void *conn)
{
	struct pconn	*c = conn;

	if (c == NULL)
		return;
	PQfinish(c->h);
	free(c);
}

static const char *
p_errmsg(void *conn)
{
	return ((struct pconn *)conn)->err;
}

static enum db_rc
p_busy_timeout(void *conn, int ms)
{
	struct pconn	*c = conn;

	c->busy_ms = ms;
	return configure(c) == 0 ? DB_OK : DB_ERROR;
}

/*
 * sql with ?N written $N, outside '…' strings, "…" identifiers and --
 * comments; *max is the highest N, and bit N - 1 of *used is set for
 * each N named. NULL on a malformed or too high N.
 */
static char *
rewrite(const char *sql, int *max, unsigned long long *used)
{
	char		*out, *o;
	const char	*p;
	char		 q = 0;
	long		 v;
	char		*end;

	*max = 0;
	*used = 0;
	if ((out = malloc(strlen(sql) + 1)) == NULL)
		return NULL;
	for (p = sql, o = out; *p != '\0'; p++) {
		if (q != 0) {
			if (*p == q)
				q = 0;
			else if (q == '\n' && *p == '\n')
				q = 0;
			*o++ = *p;
			continue;
		}
		if (*p == '\'' || *p == '"') {
			q = *p;
			*o++ = *p;
			continue;
		}
		if (p[0] == '-' && p[1] == '-') {
			q = '\n';
			*o++ = *p;
			continue;
		}
		if (*p != '?') {
			*o++ = *p;
			continue;
		}
		errno = 0;
		v = strtol(p + 1, &end, 10);
		if (end == p + 1 || errno != 0 || v < 1 || v > DB_PARAMS_MAX) {
			free(out);
			return NULL;
		}
		if (v > *max)
			*max = (int)v;
		*used |= 1ULL << (v - 1);
		/* "$N" is as long as "?N": the buffer is big enough. */
		*o++ = '$';
		p++;
		while (p < end)
			*o++ = *p++;
		p--;
	}
	*o = '\0';
	return out;
}

/* Prepare st on the current connection if it is not yet; 0 or -1. */
static int
prepare_now(struct pstmt *st)
{
	struct pconn	*c = st->c;
	PGresult	*r;
	int		 ok;

	if (st->gen == c->gen)
		return 0;
	r = PQprepare(c->h, st->name, st->sql, st->nparams, st->types);
	ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	/* Preparing changes no data: on a connection found dead, and
	 * outside a transaction, mend it and try once more. */
	if (!ok && !c->tx && PQstatus(c->h) != CONNECTION_OK) {
		PQclear(r);
		if (ready(c) == -1) {
			warnx("db_stmt: statement %zu: %s", st->idx, c->err);
			return -1;
		}
		r = PQprepare(c->h, st->name, st->sql, st->nparams,
		    st->types);
		ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	}
	if (!ok) {
		keep_error(c, r);
		warnx("db_stmt: statement %zu: %s", st->idx, c->err);
	}
	PQclear(r);
	if (ok)
		st->gen = c->gen;
	return ok ? 0 : -1;
}

static void *
p_prepare(void *conn, const struct db_sql *q, size_t idx)
{
	struct pconn	*c = conn;
	struct pstmt	*st;
	const char	*text = q->pg != NULL ? q->pg : q->sql;
	unsigned long long used;
	int		 i;

	if (text == NULL) {
		warnx("db_stmt: statement %zu: no SQL", idx);
		return NULL;
	}
	if ((st = calloc(1, sizeof(*st))) == NULL) {
		warnx("db_stmt: statement %zu: out of memory", idx);
		return NULL;
	}
	st->c = c;
	st->idx = idx;
	st->row = -1;
	snprintf(st->name, sizeof(st->name), "t%zu", idx);
	if ((st->sql = rewrite(text, &st->nparams, &used)) == NULL) {
		warnx("db_stmt: statement %zu: a parameter is not ?1 to ?%d",
		    idx, DB_PARAMS_MAX);
		free(st);
		return NULL;
	}
	for (i = 0; i < DB_PARAMS_MAX; i++) {
		st->fmts[i] = 0;
		st->types[i] = (used >> i & 1) != 0 ? 0 : PG_TEXT_OID;
	}
	/* A plain read changes nothing that a failure would leave half
	 * done; it needs no savepoint (one round trip less). */
	text += strspn(text, " \t\r\n");
	st->reads = strncasecmp(text, "SELECT", 6) == 0;
	if ((!c->tx && ready(c) == -1) || prepare_now(st) == -1) {
		free(st->sql);
		free(st);
		return NULL;
	}
	return st;
}

/* Read and drop whatever results the connection still has to give. */
static void
drain(struct pconn *c)
{
	PGresult	*r;

	while ((r = PQgetResult(c->h)) != NULL)
		PQclear(r);
}

static void
end_run(struct pstmt *st)
{
	/* A stream left part-way: its other rows are read and dropped,
	 * so that the connection is free for the next statement. */
	if (st->streaming) {
		PQclear(st->res);
		st->res = NULL;
		drain(st->c);
		st->streaming = 0;
	}
	PQclear(st->res);
	st->res = NULL;
	st->row = -1;
	st->done = 0;
	PQfreemem(st->blob);
	st->blob = NULL;
}

static void
clear_binds(struct pstmt *st)
{
	int	 i;

	for (i = 0; i < DB_PARAMS_MAX; i++) {
		free(st->owned[i]);
		st->owned[i] = NULL;
		st->vals[i] = NULL;
		st->lens[i] = 0;
		st->fmts[i] = 0;
	}
}

static void
p_finalize(void *p)
{
	struct pstmt	*st = p;
	PGresult	*r;
	char		 q[40];

	end_run(st);
	clear_binds(st);
	if (st->gen == st->c->gen && PQstatus(st->c->h) == CONNECTION_OK &&
	    PQtransactionStatus(st->c->h) == PQTRANS_IDLE) {
		snprintf(q, sizeof(q), "DEALLOCATE %s", st->name);
		r = PQexec(st->c->h, q);
		PQclear(r);
	}
	free(st->sql);
	free(st);
}

static void
p_reset(void *st)
{
	end_run(st);
}

static void
p_rearm(void *p)
{
	struct pstmt	*st = p;

	end_run(st);
	clear_binds(st);
	st->stream = 0;
}

static void
p_stream(void *p)
{
	((struct pstmt *)p)->stream = 1;
}

static int
p_active(void *p)
{
	struct pstmt	*st = p;

	return st->res != NULL && !st->done;
}

/* Parameter i (from 1) as a slot, or -1. */
static int
slot(struct pstmt *st, int i)
{
	if (i < 1 || i > st->nparams) {
		warnx("db_bind: statement %zu has no parameter ?%d", st->idx,
		    i);
		return -1;
	}
	free(st->owned[i - 1]);
	st->owned[i - 1] = NULL;
	st->fmts[i - 1] = 0;
	st->lens[i - 1] = 0;
	return i - 1;
}

static enum db_rc
p_bind_int(void *p, int i, long long v)
{
	struct pstmt	*st = p;
	int		 k;

	if ((k = slot(st, i)) == -1)
		return DB_ERROR;
	snprintf(st->ints[k], sizeof(st->ints[k]), "%lld", v);
	st->vals[k] = st->ints[k];
	return DB_OK;
}

static enum db_rc
p_bind_text(void *p, int i, const char *s, int copy)
{
	struct pstmt	*st = p;
	int		 k;

	if ((k = slot(st, i)) == -1)
		return DB_ERROR;
	if (s != NULL && copy) {
		if ((st->owned[k] = strdup(s)) == NULL)
			return DB_ERROR;
		s = st->owned[k];
	}
	st->vals[k] = s;
	return DB_OK;
}

static enum db_rc
p_bind_null(void *p, int i)
{
	struct pstmt	*st = p;
	int		 k;

	if ((k = slot(st, i)) == -1)
		return DB_ERROR;
	st->vals[k] = NULL;
	return DB_OK;
}

/* A blob goes as a binary parameter (bytea), copied. */
static enum db_rc
p_bind_blob(void *p, int i, const void *v, size_t len)
{
	struct pstmt	*st = p;
	int		 k;

	if ((k = slot(st, i)) == -1)
		return DB_ERROR;
	st->vals[k] = NULL;
	if (v == NULL)
		return DB_OK;
	if (len > INT_MAX || (st->owned[k] = malloc(len > 0 ? len : 1)) ==
	    NULL)
		return DB_ERROR;
	memcpy(st->owned[k], v, len);
	st->vals[k] = st->owned[k];
	st->lens[k] = (int)len;
	st->fmts[k] = 1;
	return DB_OK;
}

/*
 * The next row of a statement in single-row mode: DB_ROW with it in
 * st->res (row 0), DB_DONE at the end, or a failure's status; the
 * connection is free again after all but DB_ROW.
 */
static enum db_rc
next_row(struct pstmt *st)
{
	struct pconn	*c = st->c;
	PGresult	*r;
	enum db_rc	 rc;

	PQclear(st->res);
	st->res = NULL;
	PQfreemem(st->blob);
	st->blob = NULL;
	r = PQgetResult(c->h);
	switch (PQresultStatus(r)) {
	case PGRES_SINGLE_TUPLE:
		st->res = r;
		st->row = 0;
		return DB_ROW;
	case PGRES_TUPLES_OK:
		/* The end: a result with no rows. */
		st->res = r;
		st->row = 0;
		st->done = 1;
		st->streaming = 0;
		drain(c);
		return DB_DONE;
	default:
		if (r != NULL)
			rc = status(c, r);
		else {
			keep_error(c, NULL);
			rc = DB_ERROR;
		}
		PQclear(r);
		st->streaming = 0;
		drain(c);
		return rc;
	}
}

/*
 * A write inside a transaction: SAVEPOINT s, then the statement, in one
 * round trip (libpq's pipeline mode: both sent, then one Sync). The
 * server runs them in order, so the savepoint is there before the
 * statement starts, as when each had its own round trip; a statement
 * that fails leaves the transaction failed until p_step rolls back to
 * the savepoint. Inside an explicit transaction the Sync commits
 * nothing. The statement's result (its failure included), or NULL with
 * *rc set when the savepoint itself failed or the connection broke.
 */
static PGresult *
exec_saved(struct pstmt *st, enum db_rc *rc)
{
	struct pconn	*c = st->c;
	PGresult	*r, *res = NULL;
	ExecStatusType	 es;
	int		 ends = 0, synced = 0, spfailed = 0;

	*rc = DB_ERROR;
	if (PQenterPipelineMode(c->h) == 0) {
		keep_error(c, NULL);
		return NULL;
	}
	if (PQsendQueryParams(c->h, "SAVEPOINT s", 0, NULL, NULL, NULL,
	    NULL, 0) == 0 || PQsendQueryPrepared(c->h, st->name,
	    st->nparams, st->vals, st->lens, st->fmts, 0) == 0 ||
	    PQpipelineSync(c->h) == 0)
		keep_error(c, NULL);
	/* Each query's results end with a NULL, the whole with the Sync's
	 * own result: never more ends than queries, whatever went wrong. */
	while (ends <= PG_PIPE_QUERIES) {
		if ((r = PQgetResult(c->h)) == NULL) {
			if (PQstatus(c->h) != CONNECTION_OK)
				break;
			ends++;
			continue;
		}
		es = PQresultStatus(r);
		if (es == PGRES_PIPELINE_SYNC) {
			PQclear(r);
			synced = 1;
			break;
		}
		if (ends == 0 && es != PGRES_COMMAND_OK && !spfailed) {
			/* The savepoint failed: the statement never ran. */
			*rc = status(c, r);
			spfailed = 1;
		} else if (ends == 1 && res == NULL && !spfailed &&
		    es != PGRES_PIPELINE_ABORTED) {
			res = r;
			continue;
		}
		PQclear(r);
	}
	if (PQexitPipelineMode(c->h) == 0 || !synced || spfailed ||
	    res == NULL) {
		/* A broken connection leaves the pipeline unfinished. */
		if (!spfailed) {
			keep_error(c, NULL);
			*rc = DB_ERROR;
		}
		PQclear(res);
		return NULL;
	}
	return res;
}

static enum db_rc
p_step(void *p)
{
	struct pstmt	*st = p;
	struct pconn	*c = st->c;
	ExecStatusType	 es;
	enum db_rc	 rc;

	if (st->res == NULL) {
		/* Outside a transaction a lost connection is mended here;
		 * inside one the transaction is gone with it, and running
		 * the rest of it outside would be a half-done write. */
		if (c->tx && PQstatus(c->h) != CONNECTION_OK) {
			keep_error(c, NULL);
			return DB_ERROR;
		}
		if (!c->tx && ready(c) == -1)
			return DB_ERROR;
		if (prepare_now(st) == -1)
			return DB_ERROR;
		if (st->stream && st->reads) {
			if (PQsendQueryPrepared(c->h, st->name, st->nparams,
			    st->vals, st->lens, st->fmts, 0) == 0) {
				keep_error(c, NULL);
				return DB_ERROR;
			}
			st->streaming = 1;
			if (PQsetSingleRowMode(c->h) == 0) {
				keep_error(c, NULL);
				st->streaming = 0;
				drain(c);
				return DB_ERROR;
			}
			return next_row(st);
		}
		/* Inside a transaction a failed statement is undone alone,
		 * as in SQLite, and the college goes on (a taken check-in
		 * code is drawn again): PostgreSQL would fail the whole
		 * transaction, so each write runs after a savepoint, sent
		 * with it (exec_saved). */
		if (c->tx && !st->reads) {
			if ((st->res = exec_saved(st, &rc)) == NULL)
				return rc;
		} else
			st->res = PQexecPrepared(c->h, st->name, st->nparams,
			    st->vals, st->lens, st->fmts, 0);
		es = PQresultStatus(st->res);
		if (es == PGRES_COMMAND_OK) {
			c->changes = strtoll(PQcmdTuples(st->res), NULL, 10);
			st->done = 1;
			return DB_DONE;
		}
		if (es != PGRES_TUPLES_OK) {
			rc = status(c, st->res);
			PQclear(st->res);
			st->res = NULL;
			if (c->tx && !st->reads &&
			    PQstatus(c->h) == CONNECTION_OK &&
			    run(c, "ROLLBACK TO SAVEPOINT s") != DB_OK)
				return DB_ERROR;
			return rc;
		}
		/* INSERT … RETURNING counts its rows too. */
		if (*PQcmdTuples(st->res) != '\0')
			c->changes = strtoll(PQcmdTuples(st->res), NULL, 10);
		st->row = -1;
	}
	if (st->done)
		return DB_DONE;
	if (st->streaming)
		return next_row(st);
	PQfreemem(st->blob);
	st->blob = NULL;
	if (++st->row < PQntuples(st->res))
		return DB_ROW;
	st->done = 1;
	return DB_DONE;
}

/* Whether column i of the current row exists and is not NULL. */
static int
has(struct pstmt *st, int i)
{
	return st->res != NULL && !st->done && st->row >= 0 &&
	    st->row < PQntuples(st->res) && i >= 0 &&
	    i < PQnfields(st->res) && !PQgetisnull(st->res, st->row, i);
}

/* Integers; a boolean reads as 1 or 0, as SQLite's comparisons do. */
static long long
p_col_int(void *p, int i)
{
	struct pstmt	*st = p;
	const char	*v;

	if (!has(st, i))
		return 0;
	v = PQgetvalue(st->res, st->row, i);
	if (strcmp(v, "t") == 0)
		return 1;
	if (strcmp(v, "f") == 0)
		return 0;
	return strtoll(v, NULL, 10);
}

static const char *
p_col_text(void *p, int i)
{
	struct pstmt	*st = p;

	return has(st, i) ? PQgetvalue(st->res, st->row, i) : "";
}

static int
p_col_null(void *p, int i)
{
	return !has(p, i);
}

/* bytea comes back as text ("\x…"); unescaped once per column read. */
static const void *
p_col_blob(void *p, int i, size_t *len)
{
	struct pstmt	*st = p;

	*len = 0;
	if (!has(st, i))
		return NULL;
	PQfreemem(st->blob);
	st->blob = PQunescapeBytea((const unsigned char *)PQgetvalue(st->res,
	    st->row, i), len);
	if (st->blob == NULL)
		*len = 0;
	return st->blob;
}

static long long
p_changes(void *conn)
{
	return ((struct pconn *)conn)->changes;
}

/* Run fixed SQL with no rows wanted; a status, the message kept. */
static enum db_rc
run(struct pconn *c, const char *sql)
{
	PGresult	*r;
	enum db_rc	 rc = DB_OK;
	ExecStatusType	 es;

	r = PQexec(c->h, sql);
	es = PQresultStatus(r);
	if (es != PGRES_COMMAND_OK && es != PGRES_TUPLES_OK)
		rc = status(c, r);
	PQclear(r);
	return rc;
}

/*
 * Run q, a BEGIN with the locks it takes, as one round trip, and mark
 * the connection in a transaction; on failure, roll back whatever q
 * left open and say so. DB_OK or the failure.
 */
static enum db_rc
begin_with(struct pconn *c, const char *q)
{
	enum db_rc	 rc;

	if (ready(c) == -1)
		return DB_ERROR;
	if ((rc = run(c, q)) != DB_OK) {
		warnx("BEGIN: %s", c->err);
		if (PQtransactionStatus(c->h) != PQTRANS_IDLE)
			(void)run(c, "ROLLBACK");
		return rc;
	}
	c->tx = 1;
	return DB_OK;
}

static enum db_rc
p_begin(void *conn)
{
	char	 q[160];

	/* One round trip: BEGIN and the writers' lock together. */
	snprintf(q, sizeof(q), "BEGIN ISOLATION LEVEL READ COMMITTED; "
	    "SELECT pg_advisory_xact_lock(%d)", PG_WRITER_KEY);
	return begin_with(conn, q);
}

/*
 * db_begin_keys(): the writers' key shared (so that p_begin, which takes
 * it alone, waits for this transaction and it for p_begin), then each
 * key's own lock, in the caller's ascending order. A key is the two
 * 32-bit halves of the number, a space of advisory locks apart from the
 * writers' one 64-bit key. One round trip, as p_begin.
 */
static enum db_rc
p_begin_keys(void *conn, const long long *keys, size_t n)
{
	char		 q[160 + DB_KEYS_MAX * 64];
	size_t		 len, i;

	len = (size_t)snprintf(q, sizeof(q), "BEGIN ISOLATION LEVEL READ "
	    "COMMITTED; SELECT pg_advisory_xact_lock_shared(%d)",
	    PG_WRITER_KEY);
	for (i = 0; i < n && i < DB_KEYS_MAX && len < sizeof(q); i++)
		len += (size_t)snprintf(q + len, sizeof(q) - len,
		    "; SELECT pg_advisory_xact_lock(%d, %d)",
		    (int)(unsigned)((unsigned long long)keys[i] >> 32),
		    (int)(unsigned)((unsigned long long)keys[i] & 0xffffffffu));
	if (len >= sizeof(q))
		return DB_ERROR;
	return begin_with(conn, q);
}

/*
 * COMMIT. PostgreSQL answers a COMMIT of a failed transaction with
 * "ROLLBACK": that is a failure. Either way the transaction is over.
 */
static enum db_rc
p_commit(void *conn)
{
	struct pconn	*c = conn;
	PGresult	*r;
	enum db_rc	 rc = DB_OK;

	c->tx = 0;
	r = PQexec(c->h, "COMMIT");
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		rc = status(c, r);
		if (rc == DB_OK)
			rc = DB_ERROR;
	} else if (strcmp(PQcmdStatus(r), "COMMIT") != 0) {
		snprintf(c->err, sizeof(c->err), "the transaction had failed "
		    "and was rolled back");
		rc = DB_ERROR;
	}
	PQclear(r);
	if (rc != DB_OK) {
		warnx("COMMIT: %s", c->err);
		if (PQstatus(c->h) == CONNECTION_OK &&
		    PQtransactionStatus(c->h) != PQTRANS_IDLE)
			(void)run(c, "ROLLBACK");
	}
	return rc;
}

static enum db_rc
p_rollback(void *conn)
{
	struct pconn	*c = conn;

	c->tx = 0;
	if (PQstatus(c->h) != CONNECTION_OK ||
	    PQtransactionStatus(c->h) == PQTRANS_IDLE)
		return DB_OK;
	return run(c, "ROLLBACK");
}

static int
p_in_tx(void *conn)
{
	struct pconn	*c = conn;
	PGTransactionStatusType	 t;

	if (c->tx)
		return 1;
	if (PQstatus(c->h) != CONNECTION_OK)
		return 0;
	t = PQtransactionStatus(c->h);
	return t == PQTRANS_INTRANS || t == PQTRANS_INERROR;
}

static void
p_release(void *conn)
{
	/* The advisory lock is transaction-scoped: nothing to drop. A
	 * lost connection was this request's news; the next one mends. */
	((struct pconn *)conn)->lost = 0;
}

static int
p_lost(void *conn)
{
	return ((struct pconn *)conn)->lost;
}

/*
 * Whether anyone wrote since we last asked: the end of the write-ahead
 * log moves with every commit that changed anything. It also moves for
 * the server's own housekeeping; a needless "changed" costs a cache
 * miss, never a stale page.
 */
static int
p_changed(void *conn)
{
	struct pconn	*c = conn;
	PGresult	*r;
	int		 rc;

	if (ready(c) == -1)
		return DB_ERROR;
	r = PQexec(c->h, "SELECT pg_current_wal_insert_lsn()");
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
		(void)status(c, r);
		PQclear(r);
		return DB_ERROR;
	}
	rc = !c->seen || strcmp(c->lsn, PQgetvalue(r, 0, 0)) != 0;
	snprintf(c->lsn, sizeof(c->lsn), "%s", PQgetvalue(r, 0, 0));
	c->seen = 1;
	PQclear(r);
	return rc;
}

/*
 * PostgreSQL keeps a deleted row's bytes until VACUUM reuses the page
 * and old write-ahead log is recycled; the driver cannot force that in
 * one short call. It answers DB_OK: erasure on this engine relies on
 * the server's autovacuum and WAL retention, which README documents.
 */
static enum db_rc
p_purge(void *conn)
{
	return DB_OK;
}

static const char *
p_path(void *conn)
{
	return NULL;
}

static enum db_rc
p_backup(void *conn, const char *file, char *err, size_t errlen)
{
	snprintf(err, errlen, "a PostgreSQL college is backed up with the "
	    "server's own tools (pg_dump, pg_basebackup)");
	return DB_ERROR;
}

/* A single integer answer of sql; 0 or -1 (c->err). */
static int
query_int(struct pconn *c, const char *sql, long long *out)
{
	PGresult	*r;
	int		 ok;

	r = PQexec(c->h, sql);
	ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 &&
	    PQnfields(r) == 1;
	if (ok)
		*out = PQgetisnull(r, 0, 0) ? 0 :
		    strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	else
		(void)status(c, r);
	PQclear(r);
	return ok ? 0 : -1;
}

static const char	sql_has_version[] =
	"SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
	" AND tablename = 'schema_version'";
static const char	sql_version[] =
	"SELECT coalesce(max(version), 0) FROM schema_version";

/* Highest applied version, 0 without the table; 0 or -1 (c->err). */
static int
version(struct pconn *c, long long *v)
{
	if (query_int(c, sql_has_version, v) == -1)
		return -1;
	if (*v == 0)
		return 0;
	return query_int(c, sql_version, v);
}

static int
p_version(void *conn)
{
	struct pconn	*c = conn;
	long long	 v;

	if (ready(c) == -1 || version(c, &v) == -1) {
		warnx("db_version: %s", c->err);
		return -1;
	}
	return (int)v;
}

static enum db_rc
p_exec(void *conn, const char *sql, char *err, size_t errlen)
{
	struct pconn	*c = conn;
	PGresult	*r;
	ExecStatusType	 es;
	enum db_rc	 rc = DB_OK;

	if (ready(c) == -1) {
		snprintf(err, errlen, "%s", c->err);
		return DB_ERROR;
	}
	/* The simple protocol runs a script of several statements. */
	r = PQexec(c->h, sql);
	es = PQresultStatus(r);
	if (es != PGRES_COMMAND_OK && es != PGRES_TUPLES_OK &&
	    es != PGRES_EMPTY_QUERY) {
		rc = status(c, r);
		if (rc == DB_OK)
			rc = DB_ERROR;
		snprintf(err, errlen, "%s", c->err);
	}
	PQclear(r);
	return rc;
}

/*
 * Apply migration m (its PostgreSQL script) in its own transaction,
 * under the writers' lock, unless the database already has it (read
 * under the lock, so that programs starting together apply it once).
 */
static int
apply(struct pconn *c, const struct db_migration *m, char *err,
    size_t errlen)
{
	const char	*script = m->pg != NULL ? m->pg : m->sql;
	char		 q[160];
	const char	*params[2];
	char		 ver[PG_INT_MAX];
	PGresult	*r;
	long long	 v;
	int		 ok;

	if (p_begin(c) != DB_OK)
		goto fail;
	if (run(c, "CREATE TABLE IF NOT EXISTS schema_version ("
	    " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
	    " applied_at BIGINT NOT NULL)") != DB_OK ||
	    version(c, &v) == -1)
		goto fail;
	if (v >= m->version)
		return p_rollback(c) == DB_OK ? 0 : -1;
	if (run(c, script) != DB_OK)
		goto fail;
	if (PQtransactionStatus(c->h) != PQTRANS_INTRANS) {
		snprintf(err, errlen, "%s: the script ended the transaction",
		    m->name);
		(void)p_rollback(c);
		return -1;
	}
	snprintf(ver, sizeof(ver), "%d", m->version);
	params[0] = ver;
	params[1] = m->name;
	snprintf(q, sizeof(q), "INSERT INTO schema_version (version, name,"
	    " applied_at) VALUES ($1, $2, %lld)", (long long)time(NULL));
	r = PQexecParams(c->h, q, 2, NULL, params, NULL, NULL, 0);
	ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	if (!ok)
		(void)status(c, r);
	PQclear(r);
	if (!ok || p_commit(c) != DB_OK)
		goto fail;
	return 0;
fail:
	snprintf(err, errlen, "%s: %s", m->name, c->err);
	(void)p_rollback(c);
	return -1;
}

static enum db_rc
p_migrate(void *conn, const struct db_migration *m, size_t n, char *err,
    size_t errlen)
{
	struct pconn	*c = conn;
	size_t		 i;
	int		 v;

	if ((v = p_version(c)) == -1) {
		snprintf(err, errlen, "%s", c->err);
		return DB_ERROR;
	}
	if (n > 0 && v > m[n - 1].version) {
		snprintf(err, errlen, "the database is at version %d, newer "
		    "than this program (%d)", v, m[n - 1].version);
		return DB_ERROR;
	}
	for (i = 0; i < n; i++)
		if (apply(c, &m[i], err, errlen) == -1)
			return DB_ERROR;
	return DB_OK;
}

const struct db_ops	db_pg_ops = {
	.name = "postgresql",
	.open = p_open,
	.close = p_close,
	.errmsg = p_errmsg,
	.busy_timeout = p_busy_timeout,
	.prepare = p_prepare,
	.finalize = p_finalize,
	.reset = p_reset,
	.rearm = p_rearm,
	.active = p_active,
	.bind_int = p_bind_int,
	.bind_text = p_bind_text,
	.bind_null = p_bind_null,
	.bind_blob = p_bind_blob,
	.step = p_step,
	.stream = p_stream,
	.col_int = p_col_int,
	.col_text = p_col_text,
	.col_null = p_col_null,
	.col_blob = p_col_blob,
	.changes = p_changes,
	.begin = p_begin,
	.commit = p_commit,
	.rollback = p_rollback,
	.in_tx = p_in_tx,
	.changed = p_changed,
	.release = p_release,
	.sync = NULL,
	.purge = p_purge,
	.path = p_path,
	.backup = p_backup,
	.migrate = p_migrate,
	.version = p_version,
	.exec = p_exec,
	.lost = p_lost,
	.begin_keys = p_begin_keys,
};

#endif /* TESSERA_PG */
