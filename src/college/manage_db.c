/*
 * manage_db.c: what the office's modules share to read and change the
 * database (see manage_db.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kit/db.h"
#include "kit/view.h"
#include "college/college.h"
#include "college/manage_db.h"
#include "college/when.h"


/*
 * Bind arguments by a type string: 'i' long long, 't' text (const char
 * *, never NULL), 'T' text or NULL, 'z' long long or NULL when 0.
 * 0 or -1.
 */
static int
vbind(struct db_stmt *st, const char *types, va_list ap)
{
	const char	*s;
	long long	 n;
	int		 i, rc = DB_OK;

	for (i = 0; types[i] != '\0' && rc == DB_OK; i++)
		switch (types[i]) {
		case 'i':
			rc = db_bind_int(st, i + 1, va_arg(ap, long long));
			break;
		case 'z':
			n = va_arg(ap, long long);
			rc = n == 0 ? db_bind_null(st, i + 1) :
			    db_bind_int(st, i + 1, n);
			break;
		case 't':
		case 'T':
			s = va_arg(ap, const char *);
			rc = s == NULL ? db_bind_null(st, i + 1) :
			    db_bind_text(st, i + 1, s);
			break;
		default:
			return -1;
		}
	return rc == DB_OK ? 0 : -1;
}

/* Statement idx bound from ap as types says; NULL on failure (the
 * statement reset). The one prologue of the three calls below. */
static struct db_stmt *
vstmt(struct db *db, int idx, const char *types, va_list ap)
{
	struct db_stmt	*st;

	if ((st = db_stmt(db, (size_t)idx)) == NULL)
		return NULL;
	if (vbind(st, types, ap) == -1) {
		db_reset(st);
		return NULL;
	}
	return st;
}

/* Prepare statement idx bound as types says; NULL on failure. The
 * caller steps it and must reset it. */
struct db_stmt *
manage_stmt(struct db *db, int idx, const char *types, ...)
{
	struct db_stmt	*st;
	va_list		 ap;

	va_start(ap, types);
	st = vstmt(db, idx, types, ap);
	va_end(ap);
	return st;
}

/* Run a statement that answers no rows. 0, or -1; *changes (may be
 * NULL) gets the rows it changed. */
int
manage_exec(struct db *db, int *changes, int idx, const char *types, ...)
{
	struct db_stmt	*st;
	va_list		 ap;
	int		 rc;

	va_start(ap, types);
	st = vstmt(db, idx, types, ap);
	va_end(ap);
	if (st == NULL)
		return -1;
	rc = db_step(st) == DB_DONE ? 0 : -1;
	db_reset(st);
	if (rc == 0 && changes != NULL)
		*changes = db_changes(db);
	return rc;
}

/* Run an INSERT ... RETURNING id; the new row's id in *id. 0 or -1. */
int
manage_insert(struct db *db, long long *id, int idx, const char *types, ...)
{
	struct db_stmt	*st;
	va_list		 ap;
	int		 rc = 0;

	va_start(ap, types);
	st = vstmt(db, idx, types, ap);
	va_end(ap);
	if (st == NULL)
		return -1;
	if (db_step(st) == DB_ROW)
		*id = db_col_int(st, 0);
	else
		rc = -1;
	db_reset(st);
	return rc;
}

/*
 * Step st (bound by manage_stmt(); NULL is an error) to its end, adding a row
 * to loop name of v for each result, filled by fill (0, or -1 to stop
 * with an error). The loop is declared even when empty. Resets st.
 * 0 or -1.
 */
int
manage_each_row(struct db_stmt *st, struct view *v, const char *name,
    int (*fill)(struct view *, struct db_stmt *, void *), void *arg)
{
	struct view	*r;
	int		 rc;

	if (st == NULL)
		return -1;
	if (view_loop(v, name) == -1) {
		db_reset(st);
		return -1;
	}
	while ((rc = db_step(st)) == DB_ROW)
		if ((r = view_row(v, name)) == NULL || fill(r, st, arg) == -1)
			break;
	db_reset(st);
	return rc == DB_DONE ? 0 : -1;
}

/*
 * The end of a one-row lookup whose step answered rc: resets st, and
 * returns 1 when there was no row, 0 when there was one and e (the
 * reading's errors) is 0, else -1.
 */
int
manage_row_end(struct db_stmt *st, int rc, int e)
{
	db_reset(st);
	if (rc == DB_DONE)
		return 1;
	return rc == DB_ROW && e == 0 ? 0 : -1;
}


/* End a change: commit on OUTCOME_OK, else roll back. Returns r, or
 * OUTCOME_ERROR if the commit failed. */
int
manage_finish(struct db *db, int r)
{
	if (r != OUTCOME_OK) {
		db_rollback(db);
		return r;
	}
	return db_commit(db) == 0 ? OUTCOME_OK : OUTCOME_ERROR;
}

/* Whether a row exists for statement idx with one id: OUTCOME_OK,
 * OUTCOME_NOT_FOUND or OUTCOME_ERROR. */
int
manage_exists(struct db *db, int idx, long long id)
{
	struct db_stmt	*st;
	int		 rc;

	if ((st = manage_stmt(db, idx, "i", id)) == NULL)
		return OUTCOME_ERROR;
	rc = db_step(st);
	db_reset(st);
	if (rc == DB_ROW)
		return OUTCOME_OK;
	return rc == DB_DONE ? OUTCOME_NOT_FOUND : OUTCOME_ERROR;
}

/* "2026-03-20 10:00" for the audit log. */
const char *
manage_stamp(char *b, size_t len, time_t t)
{
	char	 d[WHEN_BUF], h[WHEN_BUF];

	if (when_ymd(d, sizeof(d), t) == NULL ||
	    when_time(h, sizeof(h), t) == NULL)
		snprintf(b, len, "%lld", (long long)t);
	else
		snprintf(b, len, "%s %s", d, h);
	return b;
}
