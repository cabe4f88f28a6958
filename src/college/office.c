/*
 * office.c: the college office acting for a learner (office.h).
 */
#include <stdio.h>
#include <string.h>


#include "kit/db.h"
#include "kit/i18n.h"
#include "kit/view.h"
#include "college/college.h"
#include "college/office.h"
#include "college/outbox.h"
#include "college/stmts.h"
#include "college/when.h"

/* Columns of STMT_OFFICE_BOOKINGS. */
enum { OB_ID, OB_LEARNER, OB_NAME, OB_STATUS, OB_CODE, OB_CREATED,
	OB_POSITION };

static int
booking_row(struct view *row, struct db_stmt *st)
{
	const char	*status = db_col_text(st, OB_STATUS);
	int		 waiting = strcmp(status, "waitlisted") == 0, e = 0;

	e |= view_set_int(row, "booking_id", db_col_int(st, OB_ID));
	e |= view_set_int(row, "learner_id",
	    db_col_int(st, OB_LEARNER));
	e |= view_set(row, "name", db_col_text(st, OB_NAME));
	e |= view_set(row, "status", status);
	e |= view_set_bool(row, "confirmed", !waiting);
	e |= view_set_bool(row, "waitlisted", waiting);
	e |= view_set_int(row, "position", db_col_int(st,
	    OB_POSITION));
	e |= view_set(row, "code", db_col_text(st, OB_CODE));
	e |= college_set_date(row, "booked", st, OB_CREATED);
	return e == 0 ? 0 : -1;
}

/* A run a booking may move to, as a line of the office's list, in the
 * reader's language: its number, first date and free places. */
static int
move_row(struct view *row, struct db_stmt *st)
{
	static const char *const names[] = { "id", "date", "n" };
	const char	*values[3];
	char		 d[WHEN_BUF], sid[24], sn[24], text[WHEN_BUF * 2];
	long long	 id = db_col_int(st, 0);
	long long	 free_ = db_col_int(st, 2);

	if (when_date(d, sizeof(d), (time_t)db_col_int(st, 1)) ==
	    NULL)
		return -1;
	if (view_set_int(row, "run_id", id) == -1)
		return -1;
	snprintf(sid, sizeof(sid), "%lld", id);
	snprintf(sn, sizeof(sn), "%lld", free_);
	values[0] = sid;
	values[1] = d;
	values[2] = sn;
	if (i18n_fill(text, sizeof(text), free_ > 0 ? i18n_ntext(NULL,
	    "Run {id}, starting {date}: {n} place free",
	    "Run {id}, starting {date}: {n} places free",
	    (unsigned long)free_) : _("Run {id}, starting {date}: full, a "
	    "waiting list"), names, values, 3) < 0)
		return -1;
	return view_set(row, "text", text);
}

/* Step st (bound) to its end, a row of loop for each. Resets st. */
static int
rows(struct db *db, struct db_stmt *st, struct view *v, const char *loop,
    const char *flag, int (*fill)(struct view *, struct db_stmt *))
{
	struct view	*row;
	int		 rc, n = 0;

	if (view_loop(v, loop) == -1) {
		db_reset(st);
		return -1;
	}
	while ((rc = db_step(st)) == DB_ROW) {
		if ((row = view_row(v, loop)) == NULL || fill(row, st) == -1) {
			db_reset(st);
			return -1;
		}
		n++;
	}
	db_reset(st);
	if (rc != DB_DONE)
		return -1;
	return view_set_bool(v, flag, n > 0);
}

int
office_run_bookings(struct db *db, long long run, time_t now,
    struct view *v)
{
	struct db_stmt	*st;

	if ((st = db_stmt(db, STMT_OFFICE_BOOKINGS)) == NULL)
		return -1;
	db_bind_int(st, 1, run);
	if (rows(db, st, v, "bookings", "has_bookings", booking_row) == -1)
		return -1;
	if ((st = db_stmt(db, STMT_OFFICE_MOVE_RUNS)) == NULL)
		return -1;
	db_bind_int(st, 1, run);
	db_bind_int(st, 2, (long long)now);
	return rows(db, st, v, "move_options", "has_move_options", move_row);
}

int
office_booking_run(struct db *db, long long id, long long *run)
{
	struct db_stmt	*st;
	int		 rc;

	if ((st = db_stmt(db, STMT_OFFICE_BOOKING_RUN)) == NULL)
		return -1;
	db_bind_int(st, 1, id);
	if ((rc = db_step(st)) == DB_ROW)
		*run = db_col_int(st, 0);
	db_reset(st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

