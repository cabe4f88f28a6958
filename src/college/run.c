/*
 * run.c: a course's runs (see run.h).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kit/db.h"
#include "kit/i18n.h"
#include "kit/view.h"
#include "college/booking.h"
#include "college/college.h"
#include "college/facilitator.h"
#include "college/mail.h"
#include "college/manage_db.h"
#include "college/run.h"
#include "college/stmts.h"
#include "college/when.h"

/* Columns of STMT_ADMIN_RUNS. */
enum runs_col {
	RL_ID, RL_COURSE, RL_STATUS, RL_CAPACITY, RL_CONFIRMED, RL_WAITLISTED,
	RL_FIRST, RL_LAST, RL_SESSIONS, RL_COURSE_ID, RL__MAX
};

/* A run's status word, and draft, published and cancelled. 0 or -1. */
static int
set_status(struct view *v, const char *s)
{
	int	 e = 0;

	e |= view_set(v, "status", s);
	e |= view_set_bool(v, "draft", strcmp(s, "draft") == 0);
	e |= view_set_bool(v, "published", strcmp(s, "published") == 0);
	e |= view_set_bool(v, "cancelled", strcmp(s, "cancelled") == 0);
	return e;
}

static int
run_row(struct view *r, struct db_stmt *st, void *arg)
{
	int	 e = 0;

	e |= view_set_int(r, "id", db_col_int(st, RL_ID));
	e |= view_set(r, "course", db_col_text(st, RL_COURSE));
	e |= view_set_int(r, "course_id", db_col_int(st,
	    RL_COURSE_ID));
	e |= set_status(r, db_col_text(st, RL_STATUS));
	e |= view_set_int(r, "capacity", db_col_int(st,
	    RL_CAPACITY));
	e |= view_set_int(r, "confirmed", db_col_int(st,
	    RL_CONFIRMED));
	e |= view_set_int(r, "waitlisted", db_col_int(st,
	    RL_WAITLISTED));
	e |= view_set_int(r, "sessions_count", db_col_int(st,
	    RL_SESSIONS));
	e |= college_set_date(r, "first_date", st, RL_FIRST);
	return e;
}

int
manage_runs(struct db *db, time_t now, long long course, int past,
    struct view *v)
{
	return manage_each_row(manage_stmt(db, STMT_ADMIN_RUNS, "izi",
	    (long long)now, course, (long long)(past != 0)), v, "runs", run_row,
	    NULL);
}

/* Columns of STMT_ADMIN_RUN_GET. */
enum run_col {
	RG_ID, RG_COURSE_ID, RG_COURSE, RG_SLUG, RG_CAPACITY, RG_STATUS,
	RG_ONLINE, RG_CONFIRMED, RG_WAITLISTED, RG_FIRST, RG__MAX
};

/* One of a run's sessions; arg points to now. */
static int
run_session_row(struct view *r, struct db_stmt *st, void *arg)
{
	char	 date[WHEN_BUF], range[WHEN_BUF], ymd[WHEN_BUF];
	char	 hm0[WHEN_BUF], hm1[WHEN_BUF];
	time_t	 t0, t1;
	int	 e = 0;

	t0 = (time_t)db_col_int(st, 1);
	t1 = (time_t)db_col_int(st, 2);
	if (when_date(date, sizeof(date), t0) == NULL ||
	    when_range(range, sizeof(range), t0, t1) == NULL ||
	    when_ymd(ymd, sizeof(ymd), t0) == NULL ||
	    when_time(hm0, sizeof(hm0), t0) == NULL ||
	    when_time(hm1, sizeof(hm1), t1) == NULL)
		return -1;
	e |= view_set_int(r, "id", db_col_int(st, 0));
	e |= view_set(r, "date", date);
	e |= view_set(r, "time_range", range);
	e |= view_set(r, "start_ymd", ymd);
	e |= view_set(r, "start_hm", hm0);
	e |= view_set(r, "end_hm", hm1);
	e |= view_set(r, "status", db_col_text(st, 3));
	e |= view_set_bool(r, "cancelled",
	    strcmp(db_col_text(st, 3), "cancelled") == 0);
	e |= view_set(r, "venue", db_col_text(st, 4));
	e |= view_set_bool(r, "online", (int)db_col_int(st, 5));
	e |= view_set_bool(r, "past", t1 <= *(const time_t *)arg);
	e |= view_set_int(r, "records", db_col_int(st, 6));
	return e;
}

static int
run_sessions(struct db *db, long long id, time_t now, struct view *v)
{
	return manage_each_row(manage_stmt(db, STMT_ADMIN_RUN_SESSIONS, "i",
	    id), v, "sessions", run_session_row, &now);
}

/* Which roles a run's facilitators have, for co_delivered. */
struct roles_seen {
	int	 peer, other;
};

static int
facilitator_row(struct view *r, struct db_stmt *st, void *arg)
{
	struct roles_seen	*seen = arg;
	int			 e = 0;

	if (strcmp(db_col_text(st, 2), "peer") == 0)
		seen->peer = 1;
	else
		seen->other = 1;
	e |= view_set_int(r, "user_id", db_col_int(st, 0));
	e |= view_set(r, "name", db_col_text(st, 1));
	e |= view_set(r, "role", db_col_text(st, 2));
	e |= view_set(r, "role_text", facilitator_role_text(db_col_text(st, 2)));
	e |= view_set_bool(r, "disabled", (int)db_col_int(st, 3));
	return e;
}

static int
run_facilitators(struct db *db, long long id, struct view *v)
{
	struct roles_seen	 seen = { 0, 0 };

	if (manage_each_row(manage_stmt(db, STMT_ADMIN_FACILITATORS, "i", id),
	    v, "facilitators", facilitator_row, &seen) == -1)
		return -1;
	return view_set_bool(v, "co_delivered", seen.peer && seen.other);
}

int
manage_run_get(struct db *db, long long id, time_t now, struct view *v)
{
	struct db_stmt	*st;
	int		 rc, e = 0;

	if ((st = manage_stmt(db, STMT_ADMIN_RUN_GET, "i", id)) == NULL)
		return -1;
	if ((rc = db_step(st)) == DB_ROW) {
		e |= view_set_int(v, "id", id);
		e |= view_set_int(v, "course_id", db_col_int(st,
		    RG_COURSE_ID));
		e |= view_set(v, "course", db_col_text(st, RG_COURSE));
		e |= view_set(v, "slug", db_col_text(st, RG_SLUG));
		e |= view_set_int(v, "capacity", db_col_int(st,
		    RG_CAPACITY));
		e |= set_status(v, db_col_text(st, RG_STATUS));
		e |= view_set(v, "online_details", db_col_text(st, RG_ONLINE));
		e |= view_set_int(v, "confirmed", db_col_int(st,
		    RG_CONFIRMED));
		e |= view_set_int(v, "waitlisted", db_col_int(st,
		    RG_WAITLISTED));
		e |= college_set_date(v, "first_date", st, RG_FIRST);
		e |= view_set_bool(v, "started",
		    !db_col_null(st, RG_FIRST) &&
		    db_col_int(st, RG_FIRST) <= (long long)now);
	}
	if ((rc = manage_row_end(st, rc, e)) != 0)
		return rc;
	if (run_sessions(db, id, now, v) == -1 ||
	    run_facilitators(db, id, v) == -1)
		return -1;
	return 0;
}

int
manage_run_create(struct db *db, long long by, long long course,
    long long capacity, const char *online, long long *id)
{
	int			 r = OUTCOME_ERROR;
	int			 found;

	if (db_begin(db) != DB_OK)
		return OUTCOME_ERROR;
	if ((found = manage_exists(db, STMT_ADMIN_COURSE_GET, course)) !=
	    OUTCOME_OK)
		return manage_finish(db, found == OUTCOME_NOT_FOUND ?
		    MANAGE_BAD_REF : OUTCOME_ERROR);
	if (manage_insert(db, id, STMT_ADMIN_RUN_ADD, "iit", course, capacity,
	    online) == 0) {
		r = college_auditf(db, by, "run.add",
		    "run %lld course %lld capacity %lld", *id, course,
		    capacity) == 0 ? OUTCOME_OK : OUTCOME_ERROR;
	}
	return manage_finish(db, r);
}

/*
 * Begin a change to run id (the transaction) and read its state into
 * *rs. OUTCOME_OK to go on; otherwise the transaction has ended and the
 * result is OUTCOME_NOT_FOUND or OUTCOME_ERROR.
 */
int
manage_begin_run(struct db *db, long long id, struct run_state *rs)
{
	struct db_stmt	*st;
	int		 rc;

	if (db_begin(db) != DB_OK)
		return OUTCOME_ERROR;
	if ((st = manage_stmt(db, STMT_ADMIN_RUN_GET, "i", id)) == NULL)
		return manage_finish(db, OUTCOME_ERROR);
	if ((rc = db_step(st)) == DB_ROW) {
		snprintf(rs->status, sizeof(rs->status), "%s",
		    db_col_text(st, RG_STATUS));
		rs->capacity = db_col_int(st, RG_CAPACITY);
		rs->confirmed = db_col_int(st, RG_CONFIRMED);
		rs->waitlisted = db_col_int(st, RG_WAITLISTED);
		rs->first = (time_t)db_col_int(st, RG_FIRST);
	}
	if ((rc = manage_row_end(st, rc, 0)) != 0)
		return manage_finish(db, rc == 1 ? OUTCOME_NOT_FOUND :
		    OUTCOME_ERROR);
	return OUTCOME_OK;
}

int
manage_run_update(struct db *db, long long by, long long id,
    long long capacity, const char *online, time_t now, long long *confirmed,
    int *promoted)
{
	struct run_state	 rs;
	int			 r;
	long long		 after;

	*promoted = 0;
	*confirmed = 0;
	if ((r = manage_begin_run(db, id, &rs)) != OUTCOME_OK)
		return r;
	*confirmed = rs.confirmed;
	if (strcmp(rs.status, "cancelled") == 0)
		return manage_finish(db, MANAGE_CANCELLED);
	if (capacity < rs.confirmed)
		return manage_finish(db, MANAGE_BELOW_CONFIRMED);
	if (manage_exec(db, NULL, STMT_ADMIN_RUN_SET, "iit", id, capacity,
	    online) == -1 || college_auditf(db, by, "run.edit",
	    "run %lld capacity %lld (was %lld)", id, capacity,
	    rs.capacity) == -1)
		return manage_finish(db, OUTCOME_ERROR);
	if (capacity > rs.capacity && rs.waitlisted > 0 &&
	    strcmp(rs.status, "published") == 0 && rs.first > now &&
	    booking_fill(db, by, id, capacity, now, &after, promoted) == -1)
		return manage_finish(db, OUTCOME_ERROR);
	return manage_finish(db, OUTCOME_OK);
}

int
manage_run_status(struct db *db, long long by, long long id,
    const char *to, time_t now)
{
	struct run_state	 rs;
	int			 r;

	if ((r = manage_begin_run(db, id, &rs)) != OUTCOME_OK)
		return r;
	if (strcmp(rs.status, to) == 0)
		return manage_finish(db, OUTCOME_OK);
	if (strcmp(rs.status, "cancelled") == 0)
		return manage_finish(db, MANAGE_CANCELLED);
	if (strcmp(to, "published") == 0) {
		if (rs.first == 0)
			return manage_finish(db, MANAGE_NO_SESSIONS);
	} else if (strcmp(to, "draft") == 0) {
		if (rs.confirmed > 0 || rs.waitlisted > 0)
			return manage_finish(db, MANAGE_BOOKED);
	} else if (strcmp(to, "cancelled") != 0)
		return manage_finish(db, MANAGE_BAD_REF);
	if (manage_exec(db, NULL, STMT_ADMIN_RUN_STATUS, "it", id, to) == -1 ||
	    college_auditf(db, by, strcmp(to, "published") == 0 ?
	    "run.publish" : strcmp(to, "cancelled") == 0 ? "run.cancel" :
	    "run.unpublish", "run %lld", id) == -1)
		return manage_finish(db, OUTCOME_ERROR);
	/* Everyone holding or waiting for a place hears it, in this
	 * transaction: the change and its mail commit together. */
	if (strcmp(to, "cancelled") == 0 &&
	    mail_queue_run(db, MAIL_RUN_CANCELLED, id, 0, NULL, now) == -1)
		return manage_finish(db, OUTCOME_ERROR);
	return manage_finish(db, OUTCOME_OK);
}
