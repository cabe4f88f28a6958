/*
 * manage_db.h: what the office's modules (venue.c, course.c, run.c,
 * session.c, facilitator.c, accounts.c, retention.c, audit.c) share to
 * read and change the database: statements bound by a type string,
 * the audit line, the end of a change. Not for anyone else: the
 * modules' headers are the interface.
 *
 * A type string binds arguments in order: 'i' long long, 't' text
 * (const char *, never NULL), 'T' text or NULL, 'z' long long or NULL
 * when 0. idx is an enum stmt (college/stmts.h).
 */
#ifndef COLLEGE_MANAGE_DB_H
#define COLLEGE_MANAGE_DB_H

#include <stddef.h>
#include <time.h>

#include "college/manage.h"

struct db;
struct db_stmt;
struct view;

/* Prepare statement idx bound as types says; NULL on failure. The
 * caller steps it and must reset it. */
struct db_stmt	*manage_stmt(struct db *, int idx, const char *types, ...);

/* Run a statement that answers no rows. 0, or -1; *changes (may be
 * NULL) gets the rows it changed. */
int		 manage_exec(struct db *, int *changes, int idx,
		    const char *types, ...);

/* Run an INSERT ... RETURNING id; the new row's id in *id. 0 or -1. */
int		 manage_insert(struct db *, long long *id, int idx,
		    const char *types, ...);

/*
 * Step st (bound by manage_stmt(); NULL is an error) to its end,
 * adding a row to loop name of v for each result, filled by fill (0,
 * or -1 to stop with an error). The loop is declared even when empty.
 * Resets st. 0 or -1.
 */
int		 manage_each_row(struct db_stmt *st, struct view *,
		    const char *name,
		    int (*fill)(struct view *, struct db_stmt *, void *),
		    void *arg);

/* The end of a one-row lookup whose step answered rc: resets st, and
 * returns 1 when there was no row, 0 when there was one and e (the
 * reading's errors) is 0, else -1. */
int		 manage_row_end(struct db_stmt *st, int rc, int e);

/* Whether a row exists for statement idx with one id: OUTCOME_OK if
 * one does, OUTCOME_NOT_FOUND if none, OUTCOME_ERROR on error. */
int		 manage_exists(struct db *, int idx, long long id);

/* End a change: commit on OUTCOME_OK, else roll back. Returns r, or
 * OUTCOME_ERROR if the commit failed. */
int	manage_finish(struct db *, int r);

/* "2026-03-20 10:00" for the audit log, in b; b. */
const char	*manage_stamp(char *b, size_t len, time_t t);

/* What a change to a run depends on (run.c). */
struct run_state {
	char		 status[16];
	long long	 capacity;
	long long	 confirmed;	/* bookings */
	long long	 waitlisted;
	time_t		 first;		/* first scheduled session, 0 if none */
};

/*
 * Begin a change to run id (the transaction) and read its state into
 * *rs. OUTCOME_OK to go on; otherwise the transaction has ended and the
 * result is OUTCOME_NOT_FOUND or OUTCOME_ERROR. (run.c)
 */
int	manage_begin_run(struct db *, long long id,
		    struct run_state *rs);

#endif
