/*
 * session.c: a run's sessions (see session.h).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kit/db.h"
#include "kit/view.h"
#include "college/college.h"
#include "college/mail.h"
#include "college/manage_db.h"
#include "college/session.h"
#include "college/stmts.h"
#include "college/when.h"

int
manage_session_get(struct db *db, long long id, struct view *v)
{
	struct db_stmt	*st;
	char		 ymd[WHEN_BUF], hm0[WHEN_BUF], hm1[WHEN_BUF];
	time_t		 t0, t1;
	int		 rc, e = 0;

	if ((st = manage_stmt(db, STMT_ADMIN_SESSION_GET, "i", id)) == NULL)
		return -1;
	if ((rc = db_step(st)) == DB_ROW) {
		t0 = (time_t)db_col_int(st, 2);
		t1 = (time_t)db_col_int(st, 3);
		if (when_ymd(ymd, sizeof(ymd), t0) == NULL ||
		    when_time(hm0, sizeof(hm0), t0) == NULL ||
		    when_time(hm1, sizeof(hm1), t1) == NULL)
			e = -1;
		e |= view_set_int(v, "session_id", id);
		e |= view_set_int(v, "run_id", db_col_int(st, 1));
		e |= view_set(v, "course", db_col_text(st, 6));
		e |= view_set(v, "start_ymd", ymd);
		e |= view_set(v, "start_hm", hm0);
		e |= view_set(v, "end_hm", hm1);
		e |= view_set_int(v, "venue_id", db_col_int(st, 5));
		e |= view_set(v, "status", db_col_text(st, 4));
		e |= view_set_bool(v, "cancelled",
		    strcmp(db_col_text(st, 4), "cancelled") == 0);
		e |= view_set_bool(v, "run_cancelled",
		    strcmp(db_col_text(st, 7), "cancelled") == 0);
	}
	return manage_row_end(st, rc, e);
}

/* What a session was before a move (STMT_ADMIN_SESSION_GET). */
struct session_was {
	long long	 run;
	time_t		 start, end;
	long long	 venue;
};

/* Checks shared by adding and moving: times and venue. */
static int
session_checks(struct db *db, const struct manage_session *s)
{
	int	 found;

	if (s->end <= s->start)
		return MANAGE_BAD_TIME;
	if ((found = manage_exists(db, STMT_ADMIN_VENUE_GET,
	    s->venue_id)) == OUTCOME_ERROR)
		return OUTCOME_ERROR;
	return found == OUTCOME_OK ? OUTCOME_OK : MANAGE_BAD_REF;
}

int
manage_session_add(struct db *db, long long by, long long run,
    const struct manage_session *s, long long *id)
{
	struct run_state	 rs;
	int			 r;
	char			 when[WHEN_BUF * 2 + 2];

	if ((r = manage_begin_run(db, run, &rs)) != OUTCOME_OK)
		return r;
	if (strcmp(rs.status, "cancelled") == 0)
		return manage_finish(db, MANAGE_CANCELLED);
	if ((r = session_checks(db, s)) != OUTCOME_OK)
		return manage_finish(db, r);
	if (manage_insert(db, id, STMT_ADMIN_SESSION_ADD, "iiii", run,
	    (long long)s->start, (long long)s->end, s->venue_id) == -1)
		return manage_finish(db, OUTCOME_ERROR);
	if (college_auditf(db, by, "session.add",
	    "session %lld run %lld at %s", *id, run, manage_stamp(when,
	    sizeof(when), s->start)) == -1)
		return manage_finish(db, OUTCOME_ERROR);
	return manage_finish(db, OUTCOME_OK);
}

/*
 * Begin a change to session id (the transaction) and read its run into
 * *run. OUTCOME_OK to go on; otherwise the transaction has ended and the
 * result is OUTCOME_NOT_FOUND, MANAGE_CANCELLED (the session or its run
 * is cancelled) or OUTCOME_ERROR.
 */
static int
begin_session(struct db *db, long long id, struct session_was *was)
{
	struct db_stmt	*st;
	int		 rc, cancelled = 0;

	if (db_begin(db) != DB_OK)
		return OUTCOME_ERROR;
	if ((st = manage_stmt(db, STMT_ADMIN_SESSION_GET, "i", id)) == NULL)
		return manage_finish(db, OUTCOME_ERROR);
	if ((rc = db_step(st)) == DB_ROW) {
		was->run = db_col_int(st, 1);
		was->start = (time_t)db_col_int(st, 2);
		was->end = (time_t)db_col_int(st, 3);
		was->venue = db_col_int(st, 5);
		cancelled = strcmp(db_col_text(st, 4), "cancelled") == 0 ||
		    strcmp(db_col_text(st, 7), "cancelled") == 0;
	}
	if ((rc = manage_row_end(st, rc, 0)) != 0)
		return manage_finish(db, rc == 1 ? OUTCOME_NOT_FOUND :
		    OUTCOME_ERROR);
	return cancelled ? manage_finish(db, MANAGE_CANCELLED) : OUTCOME_OK;
}

int
manage_session_move(struct db *db, long long by, long long id,
    const struct manage_session *s, time_t now)
{
	int			 r;
	char			 when[WHEN_BUF * 2 + 2];
	char			 detail[OUTBOX_DETAIL_MAX];
	struct session_was	 was;

	if ((r = begin_session(db, id, &was)) != OUTCOME_OK)
		return r;
	if ((r = session_checks(db, s)) != OUTCOME_OK)
		return manage_finish(db, r);
	/* Saved with the same time and place: nothing to tell anyone. */
	if (s->start == was.start && s->end == was.end &&
	    s->venue_id == was.venue)
		return manage_finish(db, OUTCOME_OK);
	/* The old time and place as the event fixes them (outbox.h). */
	snprintf(detail, sizeof(detail), "old_start=%lld;old_end=%lld;"
	    "old_venue=%lld", (long long)was.start, (long long)was.end,
	    was.venue);
	if (manage_exec(db, NULL, STMT_ADMIN_SESSION_MOVE, "iiii", id,
	    (long long)s->start, (long long)s->end, s->venue_id) == -1 ||
	    college_auditf(db, by, "session.move",
	    "session %lld run %lld to %s venue %lld", id, was.run,
	    manage_stamp(when, sizeof(when), s->start), s->venue_id) == -1 ||
	    mail_queue_run(db, MAIL_SESSION_MOVED, was.run, id, detail,
	    now) == -1)
		return manage_finish(db, OUTCOME_ERROR);
	return manage_finish(db, OUTCOME_OK);
}

int
manage_session_cancel(struct db *db, long long by, long long id,
    time_t now)
{
	int			 r;
	struct session_was	 was;

	if ((r = begin_session(db, id, &was)) != OUTCOME_OK)
		return r;
	if (manage_exec(db, NULL, STMT_ADMIN_SESSION_STATUS, "it", id,
	    "cancelled") == -1 || college_auditf(db, by, "session.cancel",
	    "session %lld run %lld", id, was.run) == -1 || mail_queue_run(db,
	    MAIL_SESSION_CANCELLED, was.run, id, NULL, now) == -1)
		return manage_finish(db, OUTCOME_ERROR);
	return manage_finish(db, OUTCOME_OK);
}


int
manage_local_time(const char *ymd, const char *hm, time_t *t)
{
	struct tm	 tm;
	time_t		 day;
	int		 h, m;

	if (when_parse_date(ymd, &day) == -1 || hm == NULL ||
	    strlen(hm) != 5 || hm[2] != ':' ||
	    sscanf(hm, "%2d:%2d", &h, &m) != 2 || h < 0 || h > 23 ||
	    m < 0 || m > 59)
		return -1;
	if (localtime_r(&day, &tm) == NULL)
		return -1;
	tm.tm_hour = h;
	tm.tm_min = m;
	tm.tm_sec = 0;
	tm.tm_isdst = -1;
	if ((*t = mktime(&tm)) == (time_t)-1)
		return -1;
	return 0;
}
