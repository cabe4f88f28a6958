/*
 * manage.c: venues, courses, runs, sessions, facilitators, staff, the
 * retention setting and the audit log (see manage.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>


#include "kit/db.h"
#include "kit/pw.h"
#include "kit/view.h"
#include "college/booking.h"
#include "college/catalogue.h"
#include "college/college.h"
#include "college/learner.h"
#include "college/mail.h"
#include "college/manage.h"
#include "college/stmts.h"
#include "college/when.h"

#define DETAIL_MAX	160	/* bytes of an audit detail */

static const char *const messages[MANAGE__MAX] = {
	[MANAGE_OK] = "Saved.",
	[MANAGE_NOT_FOUND] = "That no longer exists. It may have been "
	    "changed by someone else: go back to the list and try again.",
	[MANAGE_DUPLICATE] = "That is already in use. Choose another.",
	[MANAGE_BELOW_CONFIRMED] = "The number of places cannot be lower "
	    "than the places already confirmed.",
	[MANAGE_BAD_TIME] = "The end time must be after the start time.",
	[MANAGE_BAD_REF] = "Choose one from the list.",
	[MANAGE_LAST_ADMIN] = "This is the last administrator who can log "
	    "in: add or enable another administrator first.",
	[MANAGE_SELF] = "You cannot do this to your own account.",
	[MANAGE_CANCELLED] = "This has been cancelled and cannot be "
	    "changed.",
	[MANAGE_NO_SESSIONS] = "Add at least one session before publishing "
	    "the course dates.",
	[MANAGE_BOOKED] = "People hold places or are on the waiting list: "
	    "cancel the run instead.",
};

const char *
manage_strerror(enum manage_result r)
{
	if (r == MANAGE_ERROR)
		return "Something went wrong and nothing was saved. Please "
		    "try again.";
	if (r < 0 || r >= MANAGE__MAX || messages[r] == NULL)
		return "";
	return messages[r];
}

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

/* Prepare statement idx bound as types says; NULL on failure. The
 * caller steps it and must reset it. */
static struct db_stmt *
stmt(struct db *db, int idx, const char *types, ...)
{
	struct db_stmt	*st;
	va_list		 ap;
	int		 rc;

	if ((st = db_stmt(db, (size_t)idx)) == NULL)
		return NULL;
	va_start(ap, types);
	rc = vbind(st, types, ap);
	va_end(ap);
	if (rc == -1) {
		db_reset(st);
		return NULL;
	}
	return st;
}

/* Run a statement that answers no rows. 0, or -1; *changes (may be
 * NULL) gets the rows it changed. */
static int
exec(struct db *db, int *changes, int idx, const char *types, ...)
{
	struct db_stmt	*st;
	va_list		 ap;
	int		 rc;

	if ((st = db_stmt(db, (size_t)idx)) == NULL)
		return -1;
	va_start(ap, types);
	rc = vbind(st, types, ap);
	va_end(ap);
	if (rc == 0)
		rc = db_step(st) == DB_DONE ? 0 : -1;
	db_reset(st);
	if (rc == 0 && changes != NULL)
		*changes = db_changes(db);
	return rc;
}

/* Run an INSERT ... RETURNING id; the new row's id in *id. 0 or -1. */
static int
insert(struct db *db, long long *id, int idx, const char *types, ...)
{
	struct db_stmt	*st;
	va_list		 ap;
	int		 rc;

	if ((st = db_stmt(db, (size_t)idx)) == NULL)
		return -1;
	va_start(ap, types);
	rc = vbind(st, types, ap);
	va_end(ap);
	if (rc == 0 && db_step(st) == DB_ROW)
		*id = db_col_int(st, 0);
	else
		rc = -1;
	db_reset(st);
	return rc;
}

/*
 * Step st (bound by stmt(); NULL is an error) to its end, adding a row
 * to loop name of v for each result, filled by fill (0, or -1 to stop
 * with an error). The loop is declared even when empty. Resets st.
 * 0 or -1.
 */
static int
each_row(struct db_stmt *st, struct view *v, const char *name,
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
static int
row_end(struct db_stmt *st, int rc, int e)
{
	db_reset(st);
	if (rc == DB_DONE)
		return 1;
	return rc == DB_ROW && e == 0 ? 0 : -1;
}

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

/* An audit line (inside the caller's transaction): college.h's
 * college_auditf, under the short name this file's calls use. */
#define audit	college_auditf

/* End a change: commit on MANAGE_OK, else roll back. Returns r, or
 * MANAGE_ERROR if the commit failed. */
static enum manage_result
finish(struct db *db, enum manage_result r)
{
	if (r != MANAGE_OK) {
		db_rollback(db);
		return r;
	}
	return db_commit(db) == 0 ? MANAGE_OK : MANAGE_ERROR;
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

/* --- Venues ------------------------------------------------------------- */

static int
venue_row(struct view *r, struct db_stmt *st, void *arg)
{
	int	 e = 0;

	e |= view_set_int(r, "id", db_col_int(st, 0));
	e |= view_set(r, "name", db_col_text(st, 1));
	e |= view_set(r, "address", db_col_text(st, 2));
	e |= view_set_bool(r, "online", (int)db_col_int(st, 3));
	e |= view_set_int(r, "upcoming", db_col_int(st, 4));
	return e;
}

int
manage_venues(struct db *db, time_t now, struct view *v)
{
	return each_row(stmt(db, STMT_ADMIN_VENUES, "i", (long long)now), v,
	    "venues", venue_row, NULL);
}

int
manage_venue_get(struct db *db, long long id, struct view *v)
{
	struct db_stmt	*st;
	int		 rc, e = 0;

	if ((st = stmt(db, STMT_ADMIN_VENUE_GET, "i", id)) == NULL)
		return -1;
	if ((rc = db_step(st)) == DB_ROW) {
		e |= view_set_int(v, "id", id);
		e |= view_set(v, "name", db_col_text(st, 1));
		e |= view_set(v, "address", db_col_text(st, 2));
		e |= view_set(v, "access", db_col_text(st, 3));
		e |= view_set_bool(v, "online", (int)db_col_int(st, 4));
	}
	return row_end(st, rc, e);
}

enum manage_result
manage_venue_save(struct db *db, long long by, long long *id,
    const struct manage_venue *f)
{
	enum manage_result	 r = MANAGE_ERROR;
	int			 changed = 0;

	if (db_begin(db) != DB_OK)
		return MANAGE_ERROR;
	if (*id == 0) {
		if (insert(db, id, STMT_ADMIN_VENUE_ADD, "ttti", f->name,
		    f->address, f->access, (long long)(f->online != 0)) == 0) {
			r = audit(db, by, "venue.add", "venue %lld", *id) == 0 ?
			    MANAGE_OK : MANAGE_ERROR;
		}
	} else if (exec(db, &changed, STMT_ADMIN_VENUE_SET, "ittti",
	    *id, f->name, f->address, f->access,
	    (long long)(f->online != 0)) == 0)
		r = changed == 0 ? MANAGE_NOT_FOUND :
		    audit(db, by, "venue.edit", "venue %lld", *id) == 0 ?
		    MANAGE_OK : MANAGE_ERROR;
	return finish(db, r);
}

/* A venue choice; arg points to the selected id. */
static int
venue_option_row(struct view *r, struct db_stmt *st, void *arg)
{
	int	 e = 0;

	e |= view_set_int(r, "id", db_col_int(st, 0));
	e |= view_set(r, "name", db_col_text(st, 1));
	e |= view_set_bool(r, "online", (int)db_col_int(st, 3));
	e |= view_set_bool(r, "selected",
	    db_col_int(st, 0) == *(const long long *)arg);
	return e;
}

int
manage_venue_options(struct db *db, long long selected, struct view *v,
    const char *name)
{
	return each_row(stmt(db, STMT_ADMIN_VENUES, "i", (long long)0), v,
	    name, venue_option_row, &selected);
}

/* A topic choice; arg points to the selected id. */
static int
topic_option_row(struct view *r, struct db_stmt *st, void *arg)
{
	int	 e = 0;

	e |= view_set_int(r, "id", db_col_int(st, 0));
	e |= view_set(r, "name", db_col_text(st, 2));
	e |= view_set_bool(r, "selected",
	    db_col_int(st, 0) == *(const long long *)arg);
	return e;
}

int
manage_topic_options(struct db *db, long long selected, struct view *v,
    const char *name)
{
	return each_row(stmt(db, STMT_ADMIN_TOPICS, ""), v, name,
	    topic_option_row, &selected);
}

/* --- Courses ------------------------------------------------------------ */

static int
course_row(struct view *r, struct db_stmt *st, void *arg)
{
	int	 e = 0;

	e |= view_set_int(r, "id", db_col_int(st, 0));
	e |= view_set(r, "slug", db_col_text(st, 1));
	e |= view_set(r, "title", db_col_text(st, 2));
	e |= view_set(r, "status", db_col_text(st, 3));
	e |= view_set_bool(r, "published",
	    strcmp(db_col_text(st, 3), "published") == 0);
	e |= view_set(r, "topic", db_col_text(st, 4));
	e |= view_set_int(r, "runs", db_col_int(st, 5));
	e |= view_set_int(r, "upcoming_runs", db_col_int(st, 6));
	return e;
}

int
manage_courses(struct db *db, time_t now, struct view *v)
{
	return each_row(stmt(db, STMT_ADMIN_COURSES, "i", (long long)now), v,
	    "courses", course_row, NULL);
}

/* The course to mark selected: by id, or by slug when not NULL. */
struct course_selected {
	long long	 id;
	const char	*slug;
};

static int
course_option_row(struct view *r, struct db_stmt *st, void *arg)
{
	const struct course_selected	*sel = arg;
	int				 e = 0;

	e |= view_set_int(r, "id", db_col_int(st, 0));
	e |= view_set(r, "slug", db_col_text(st, 1));
	e |= view_set(r, "title", db_col_text(st, 2));
	e |= view_set_bool(r, "selected",
	    db_col_int(st, 0) == sel->id ||
	    (sel->slug != NULL && strcmp(db_col_text(st, 1), sel->slug) == 0));
	return e;
}

int
manage_course_options(struct db *db, long long selected,
    const char *selected_slug, struct view *v, const char *name)
{
	struct course_selected	 sel = { selected, selected_slug };

	return each_row(stmt(db, STMT_ADMIN_COURSES, "i", (long long)0), v,
	    name, course_option_row, &sel);
}

int
manage_course_get(struct db *db, long long id, struct view *v)
{
	struct db_stmt	*st;
	int		 rc, e = 0;

	if ((st = stmt(db, STMT_ADMIN_COURSE_GET, "i", id)) == NULL)
		return -1;
	if ((rc = db_step(st)) == DB_ROW) {
		e |= view_set_int(v, "id", id);
		e |= view_set(v, "slug", db_col_text(st, 1));
		e |= view_set(v, "title", db_col_text(st, 2));
		e |= view_set(v, "summary", db_col_text(st, 3));
		e |= view_set(v, "description", db_col_text(st, 4));
		e |= view_set_int(v, "topic_id", db_col_int(st, 5));
		e |= view_set(v, "status", db_col_text(st, 6));
	}
	return row_end(st, rc, e);
}

/* The id of the course with slug into *id (0 if none). 0 or -1. */
static int
course_by_slug(struct db *db, const char *slug, long long *id)
{
	struct db_stmt	*st;
	int		 rc;

	*id = 0;
	if ((st = stmt(db, STMT_ADMIN_COURSE_SLUG, "t", slug)) == NULL)
		return -1;
	if ((rc = db_step(st)) == DB_ROW)
		*id = db_col_int(st, 0);
	db_reset(st);
	return rc == DB_ROW || rc == DB_DONE ? 0 : -1;
}

/* Whether a row exists for statement idx with one id. 1, 0, -1. */
static int
exists(struct db *db, int idx, long long id)
{
	struct db_stmt	*st;
	int		 rc;

	if ((st = stmt(db, idx, "i", id)) == NULL)
		return -1;
	rc = db_step(st);
	db_reset(st);
	if (rc == DB_ROW)
		return 1;
	return rc == DB_DONE ? 0 : -1;
}

/* Whether topic id exists (the topics list is short). 1, 0, -1. */
static int
topic_exists(struct db *db, long long id)
{
	struct db_stmt	*st;
	int		 rc, found = 0;

	if ((st = stmt(db, STMT_ADMIN_TOPICS, "")) == NULL)
		return -1;
	while ((rc = db_step(st)) == DB_ROW)
		if (db_col_int(st, 0) == id)
			found = 1;
	db_reset(st);
	return rc == DB_DONE ? found : -1;
}

enum manage_result
manage_course_save(struct db *db, long long by, long long *id,
    const struct manage_course *f)
{
	enum manage_result	 r = MANAGE_ERROR;
	long long		 other;
	int			 changed = 0, t = 1;

	if (db_begin(db) != DB_OK)
		return MANAGE_ERROR;
	if (course_by_slug(db, f->slug, &other) == -1 ||
	    (f->topic_id != 0 && (t = topic_exists(db, f->topic_id)) == -1))
		return finish(db, MANAGE_ERROR);
	if (other != 0 && other != *id)
		return finish(db, MANAGE_DUPLICATE);
	if (t == 0)
		return finish(db, MANAGE_BAD_REF);
	if (*id == 0) {
		if (insert(db, id, STMT_ADMIN_COURSE_ADD, "ttttzt", f->slug,
		    f->title, f->summary, f->description, f->topic_id,
		    f->status) == 0) {
			r = catalogue_reindex(db) == 0 && audit(db, by,
			    "course.add", "course %lld %s", *id,
			    f->slug) == 0 ? MANAGE_OK : MANAGE_ERROR;
		}
	} else if (exec(db, &changed, STMT_ADMIN_COURSE_SET, "ittttzt", *id,
	    f->slug, f->title, f->summary, f->description, f->topic_id,
	    f->status) == 0 && catalogue_reindex(db) == 0)
		r = changed == 0 ? MANAGE_NOT_FOUND :
		    audit(db, by, "course.edit", "course %lld %s %s", *id,
		    f->slug, f->status) == 0 ? MANAGE_OK : MANAGE_ERROR;
	return finish(db, r);
}

/* --- Runs --------------------------------------------------------------- */

/* Columns of STMT_ADMIN_RUNS. */
enum runs_col {
	RL_ID, RL_COURSE, RL_STATUS, RL_CAPACITY, RL_CONFIRMED, RL_WAITLISTED,
	RL_FIRST, RL_LAST, RL_SESSIONS, RL_COURSE_ID, RL__MAX
};

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
	return each_row(stmt(db, STMT_ADMIN_RUNS, "izi", (long long)now,
	    course, (long long)(past != 0)), v, "runs", run_row, NULL);
}

/* Columns of STMT_ADMIN_RUN_GET. */
enum run_col {
	RG_ID, RG_COURSE_ID, RG_COURSE, RG_SLUG, RG_CAPACITY, RG_STATUS,
	RG_ONLINE, RG_CONFIRMED, RG_WAITLISTED, RG_FIRST, RG__MAX
};

static const char *
role_text(const char *role)
{
	if (strcmp(role, "peer") == 0)
		return "Peer trainer";
	if (strcmp(role, "clinical") == 0)
		return "Clinical trainer";
	return "Facilitator";
}

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
	return each_row(stmt(db, STMT_ADMIN_RUN_SESSIONS, "i", id), v,
	    "sessions", run_session_row, &now);
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
	e |= view_set(r, "role_text", role_text(db_col_text(st, 2)));
	e |= view_set_bool(r, "disabled", (int)db_col_int(st, 3));
	return e;
}

static int
run_facilitators(struct db *db, long long id, struct view *v)
{
	struct roles_seen	 seen = { 0, 0 };

	if (each_row(stmt(db, STMT_ADMIN_FACILITATORS, "i", id), v,
	    "facilitators", facilitator_row, &seen) == -1)
		return -1;
	return view_set_bool(v, "co_delivered", seen.peer && seen.other);
}

int
manage_run_get(struct db *db, long long id, time_t now, struct view *v)
{
	struct db_stmt	*st;
	int		 rc, e = 0;

	if ((st = stmt(db, STMT_ADMIN_RUN_GET, "i", id)) == NULL)
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
	if ((rc = row_end(st, rc, e)) != 0)
		return rc;
	if (run_sessions(db, id, now, v) == -1 ||
	    run_facilitators(db, id, v) == -1)
		return -1;
	return 0;
}

enum manage_result
manage_run_create(struct db *db, long long by, long long course,
    long long capacity, const char *online, long long *id)
{
	enum manage_result	 r = MANAGE_ERROR;
	int			 found;

	if (db_begin(db) != DB_OK)
		return MANAGE_ERROR;
	if ((found = exists(db, STMT_ADMIN_COURSE_GET, course)) != 1)
		return finish(db, found == 0 ? MANAGE_BAD_REF : MANAGE_ERROR);
	if (insert(db, id, STMT_ADMIN_RUN_ADD, "iit", course, capacity,
	    online) == 0) {
		r = audit(db, by, "run.add", "run %lld course %lld capacity "
		    "%lld", *id, course, capacity) == 0 ? MANAGE_OK :
		    MANAGE_ERROR;
	}
	return finish(db, r);
}

/* What a change to a run depends on. */
struct run_state {
	char		 status[16];
	long long	 capacity;
	long long	 confirmed;	/* bookings */
	long long	 waitlisted;
	time_t		 first;		/* first scheduled session, 0 if none */
};

/*
 * Begin a change to run id (the transaction) and read its state into
 * *rs. MANAGE_OK to go on; otherwise the transaction has ended and the
 * result is MANAGE_NOT_FOUND or MANAGE_ERROR.
 */
static enum manage_result
begin_run(struct db *db, long long id, struct run_state *rs)
{
	struct db_stmt	*st;
	int		 rc;

	if (db_begin(db) != DB_OK)
		return MANAGE_ERROR;
	if ((st = stmt(db, STMT_ADMIN_RUN_GET, "i", id)) == NULL)
		return finish(db, MANAGE_ERROR);
	if ((rc = db_step(st)) == DB_ROW) {
		snprintf(rs->status, sizeof(rs->status), "%s",
		    db_col_text(st, RG_STATUS));
		rs->capacity = db_col_int(st, RG_CAPACITY);
		rs->confirmed = db_col_int(st, RG_CONFIRMED);
		rs->waitlisted = db_col_int(st, RG_WAITLISTED);
		rs->first = (time_t)db_col_int(st, RG_FIRST);
	}
	if ((rc = row_end(st, rc, 0)) != 0)
		return finish(db, rc == 1 ? MANAGE_NOT_FOUND : MANAGE_ERROR);
	return MANAGE_OK;
}

enum manage_result
manage_run_update(struct db *db, long long by, long long id,
    long long capacity, const char *online, time_t now, long long *confirmed,
    int *promoted)
{
	struct run_state	 rs;
	enum manage_result	 r;
	long long		 after;

	*promoted = 0;
	*confirmed = 0;
	if ((r = begin_run(db, id, &rs)) != MANAGE_OK)
		return r;
	*confirmed = rs.confirmed;
	if (strcmp(rs.status, "cancelled") == 0)
		return finish(db, MANAGE_CANCELLED);
	if (capacity < rs.confirmed)
		return finish(db, MANAGE_BELOW_CONFIRMED);
	if (exec(db, NULL, STMT_ADMIN_RUN_SET, "iit", id, capacity,
	    online) == -1 ||
	    audit(db, by, "run.edit", "run %lld capacity %lld (was %lld)",
	    id, capacity, rs.capacity) == -1)
		return finish(db, MANAGE_ERROR);
	if (capacity > rs.capacity && rs.waitlisted > 0 &&
	    strcmp(rs.status, "published") == 0 && rs.first > now &&
	    booking_fill(db, by, id, capacity, now, &after, promoted) == -1)
		return finish(db, MANAGE_ERROR);
	return finish(db, MANAGE_OK);
}

enum manage_result
manage_run_status(struct db *db, long long by, long long id,
    const char *to, time_t now)
{
	struct run_state	 rs;
	enum manage_result	 r;

	if ((r = begin_run(db, id, &rs)) != MANAGE_OK)
		return r;
	if (strcmp(rs.status, to) == 0)
		return finish(db, MANAGE_OK);
	if (strcmp(rs.status, "cancelled") == 0)
		return finish(db, MANAGE_CANCELLED);
	if (strcmp(to, "published") == 0) {
		if (rs.first == 0)
			return finish(db, MANAGE_NO_SESSIONS);
	} else if (strcmp(to, "draft") == 0) {
		if (rs.confirmed > 0 || rs.waitlisted > 0)
			return finish(db, MANAGE_BOOKED);
	} else if (strcmp(to, "cancelled") != 0)
		return finish(db, MANAGE_BAD_REF);
	if (exec(db, NULL, STMT_ADMIN_RUN_STATUS, "it", id, to) == -1 ||
	    audit(db, by, strcmp(to, "published") == 0 ? "run.publish" :
	    strcmp(to, "cancelled") == 0 ? "run.cancel" : "run.unpublish",
	    "run %lld", id) == -1)
		return finish(db, MANAGE_ERROR);
	/* Everyone holding or waiting for a place hears it, in this
	 * transaction: the change and its mail commit together. */
	if (strcmp(to, "cancelled") == 0 &&
	    mail_queue_run(db, MAIL_RUN_CANCELLED, id, 0, NULL, now) == -1)
		return finish(db, MANAGE_ERROR);
	return finish(db, MANAGE_OK);
}

/* --- Sessions ----------------------------------------------------------- */

int
manage_session_get(struct db *db, long long id, struct view *v)
{
	struct db_stmt	*st;
	char		 ymd[WHEN_BUF], hm0[WHEN_BUF], hm1[WHEN_BUF];
	time_t		 t0, t1;
	int		 rc, e = 0;

	if ((st = stmt(db, STMT_ADMIN_SESSION_GET, "i", id)) == NULL)
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
	return row_end(st, rc, e);
}

/* What a session was before a move (STMT_ADMIN_SESSION_GET). */
struct session_was {
	long long	 run;
	time_t		 start, end;
	long long	 venue;
};

/* Checks shared by adding and moving: times and venue. */
static enum manage_result
session_checks(struct db *db, const struct manage_session *s)
{
	int	 found;

	if (s->end <= s->start)
		return MANAGE_BAD_TIME;
	if ((found = exists(db, STMT_ADMIN_VENUE_GET, s->venue_id)) == -1)
		return MANAGE_ERROR;
	return found ? MANAGE_OK : MANAGE_BAD_REF;
}

/* "2026-03-20 10:00" for the audit log. */
static const char *
stamp(char *b, size_t len, time_t t)
{
	char	 d[WHEN_BUF], h[WHEN_BUF];

	if (when_ymd(d, sizeof(d), t) == NULL ||
	    when_time(h, sizeof(h), t) == NULL)
		snprintf(b, len, "%lld", (long long)t);
	else
		snprintf(b, len, "%s %s", d, h);
	return b;
}

enum manage_result
manage_session_add(struct db *db, long long by, long long run,
    const struct manage_session *s, long long *id)
{
	struct run_state	 rs;
	enum manage_result	 r;
	char			 when[WHEN_BUF * 2 + 2];

	if ((r = begin_run(db, run, &rs)) != MANAGE_OK)
		return r;
	if (strcmp(rs.status, "cancelled") == 0)
		return finish(db, MANAGE_CANCELLED);
	if ((r = session_checks(db, s)) != MANAGE_OK)
		return finish(db, r);
	if (insert(db, id, STMT_ADMIN_SESSION_ADD, "iiii", run,
	    (long long)s->start, (long long)s->end, s->venue_id) == -1)
		return finish(db, MANAGE_ERROR);
	if (audit(db, by, "session.add", "session %lld run %lld at %s", *id,
	    run, stamp(when, sizeof(when), s->start)) == -1)
		return finish(db, MANAGE_ERROR);
	return finish(db, MANAGE_OK);
}

/*
 * Begin a change to session id (the transaction) and read its run into
 * *run. MANAGE_OK to go on; otherwise the transaction has ended and the
 * result is MANAGE_NOT_FOUND, MANAGE_CANCELLED (the session or its run
 * is cancelled) or MANAGE_ERROR.
 */
static enum manage_result
begin_session(struct db *db, long long id, struct session_was *was)
{
	struct db_stmt	*st;
	int		 rc, cancelled = 0;

	if (db_begin(db) != DB_OK)
		return MANAGE_ERROR;
	if ((st = stmt(db, STMT_ADMIN_SESSION_GET, "i", id)) == NULL)
		return finish(db, MANAGE_ERROR);
	if ((rc = db_step(st)) == DB_ROW) {
		was->run = db_col_int(st, 1);
		was->start = (time_t)db_col_int(st, 2);
		was->end = (time_t)db_col_int(st, 3);
		was->venue = db_col_int(st, 5);
		cancelled = strcmp(db_col_text(st, 4), "cancelled") == 0 ||
		    strcmp(db_col_text(st, 7), "cancelled") == 0;
	}
	if ((rc = row_end(st, rc, 0)) != 0)
		return finish(db, rc == 1 ? MANAGE_NOT_FOUND : MANAGE_ERROR);
	return cancelled ? finish(db, MANAGE_CANCELLED) : MANAGE_OK;
}

enum manage_result
manage_session_move(struct db *db, long long by, long long id,
    const struct manage_session *s, time_t now)
{
	enum manage_result	 r;
	char			 when[WHEN_BUF * 2 + 2];
	char			 detail[OUTBOX_DETAIL_MAX];
	struct session_was	 was;

	if ((r = begin_session(db, id, &was)) != MANAGE_OK)
		return r;
	if ((r = session_checks(db, s)) != MANAGE_OK)
		return finish(db, r);
	/* Saved with the same time and place: nothing to tell anyone. */
	if (s->start == was.start && s->end == was.end &&
	    s->venue_id == was.venue)
		return finish(db, MANAGE_OK);
	/* The old time and place as the event fixes them (outbox.h). */
	snprintf(detail, sizeof(detail), "old_start=%lld;old_end=%lld;"
	    "old_venue=%lld", (long long)was.start, (long long)was.end,
	    was.venue);
	if (exec(db, NULL, STMT_ADMIN_SESSION_MOVE, "iiii", id,
	    (long long)s->start, (long long)s->end, s->venue_id) == -1 ||
	    audit(db, by, "session.move", "session %lld run %lld to %s "
	    "venue %lld", id, was.run, stamp(when, sizeof(when), s->start),
	    s->venue_id) == -1 ||
	    mail_queue_run(db, MAIL_SESSION_MOVED, was.run, id, detail,
	    now) == -1)
		return finish(db, MANAGE_ERROR);
	return finish(db, MANAGE_OK);
}

enum manage_result
manage_session_cancel(struct db *db, long long by, long long id,
    time_t now)
{
	enum manage_result	 r;
	struct session_was	 was;

	if ((r = begin_session(db, id, &was)) != MANAGE_OK)
		return r;
	if (exec(db, NULL, STMT_ADMIN_SESSION_STATUS, "it", id,
	    "cancelled") == -1 ||
	    audit(db, by, "session.cancel", "session %lld run %lld", id,
	    was.run) == -1 ||
	    mail_queue_run(db, MAIL_SESSION_CANCELLED, was.run, id, NULL,
	    now) == -1)
		return finish(db, MANAGE_ERROR);
	return finish(db, MANAGE_OK);
}

/* --- Facilitators ------------------------------------------------------- */

enum manage_result
manage_facilitator_set(struct db *db, long long by, long long run,
    long long user, const char *role)
{
	int	 r, u;

	if (strcmp(role, "peer") != 0 && strcmp(role, "clinical") != 0 &&
	    strcmp(role, "other") != 0)
		return MANAGE_BAD_REF;
	if (db_begin(db) != DB_OK)
		return MANAGE_ERROR;
	if ((r = exists(db, STMT_ADMIN_RUN_GET, run)) == -1 ||
	    (u = exists(db, STMT_ADMIN_STAFF_GET, user)) == -1)
		return finish(db, MANAGE_ERROR);
	if (r == 0)
		return finish(db, MANAGE_NOT_FOUND);
	if (u == 0)
		return finish(db, MANAGE_BAD_REF);
	if (exec(db, NULL, STMT_ADMIN_FACILITATOR_SET, "iit", run, user,
	    role) == -1 ||
	    audit(db, by, "facilitator.set", "run %lld user %lld %s", run,
	    user, role) == -1)
		return finish(db, MANAGE_ERROR);
	return finish(db, MANAGE_OK);
}

enum manage_result
manage_facilitator_remove(struct db *db, long long by, long long run,
    long long user)
{
	int	 changed = 0;

	if (db_begin(db) != DB_OK)
		return MANAGE_ERROR;
	if (exec(db, &changed, STMT_ADMIN_FACILITATOR_DEL, "ii", run,
	    user) == -1)
		return finish(db, MANAGE_ERROR);
	if (changed == 0)
		return finish(db, MANAGE_NOT_FOUND);
	if (audit(db, by, "facilitator.remove", "run %lld user %lld", run,
	    user) == -1)
		return finish(db, MANAGE_ERROR);
	return finish(db, MANAGE_OK);
}

/* --- Staff -------------------------------------------------------------- */

static int
staff_row(struct view *r, struct db_stmt *st, void *arg)
{
	int	 e = 0;

	e |= view_set_int(r, "id", db_col_int(st, 0));
	e |= view_set(r, "name", db_col_text(st, 1));
	e |= view_set(r, "email", db_col_text(st, 2));
	e |= view_set(r, "role", db_col_text(st, 3));
	e |= view_set_bool(r, "admin", strcmp(db_col_text(st, 3), "admin") == 0);
	e |= view_set_bool(r, "disabled", (int)db_col_int(st, 4));
	e |= college_set_date(r, "last_seen", st, 5);
	return e;
}

int
manage_staff(struct db *db, struct view *v)
{
	return each_row(stmt(db, STMT_ADMIN_STAFF, ""), v, "staff", staff_row,
	    NULL);
}

int
manage_staff_options(struct db *db, struct view *v)
{
	struct view	*r;
	struct db_stmt	*st;
	int		 rc, e;

	if (view_loop(v, "staff_options") == -1 ||
	    (st = stmt(db, STMT_ADMIN_STAFF, "")) == NULL)
		return -1;
	while ((rc = db_step(st)) == DB_ROW) {
		if ((int)db_col_int(st, 4))
			continue;	/* disabled */
		if ((r = view_row(v, "staff_options")) == NULL)
			break;
		e = 0;
		e |= view_set_int(r, "id", db_col_int(st, 0));
		e |= view_set(r, "name", db_col_text(st, 1));
		if (e != 0)
			break;
	}
	db_reset(st);
	return rc == DB_DONE ? 0 : -1;
}

int
manage_staff_get(struct db *db, long long id, struct view *v)
{
	struct db_stmt	*st;
	int		 rc, e = 0;

	if ((st = stmt(db, STMT_ADMIN_STAFF_GET, "i", id)) == NULL)
		return -1;
	if ((rc = db_step(st)) == DB_ROW) {
		e |= view_set_int(v, "id", id);
		e |= view_set(v, "name", db_col_text(st, 1));
		e |= view_set(v, "email", db_col_text(st, 2));
		e |= view_set(v, "role", db_col_text(st, 3));
		e |= view_set_bool(v, "disabled", (int)db_col_int(st, 4));
	}
	return row_end(st, rc, e);
}

/* The other admins who can log in. -1 on error. */
static long long
admins_left(struct db *db, long long except)
{
	struct db_stmt	*st;
	long long	 n = -1;

	if ((st = stmt(db, STMT_ADMIN_ADMINS_LEFT, "i", except)) == NULL)
		return -1;
	if (db_step(st) == DB_ROW)
		n = db_col_int(st, 0);
	db_reset(st);
	return n;
}

enum manage_result
manage_staff_disable(struct db *db, long long by, long long id,
    int disabled)
{
	struct db_stmt	*st;
	long long	 left;
	int		 changed = 0, rc, admin = 0;

	if (id == by && disabled)
		return MANAGE_SELF;
	if (db_begin(db) != DB_OK)
		return MANAGE_ERROR;
	if ((st = stmt(db, STMT_ADMIN_STAFF_GET, "i", id)) == NULL)
		return finish(db, MANAGE_ERROR);
	if ((rc = db_step(st)) == DB_ROW)
		admin = strcmp(db_col_text(st, 3), "admin") == 0;
	db_reset(st);
	if (rc != DB_ROW)
		return finish(db, rc == DB_DONE ? MANAGE_NOT_FOUND :
		    MANAGE_ERROR);
	if (disabled && admin && (left = admins_left(db, id)) < 1)
		return finish(db, left == 0 ? MANAGE_LAST_ADMIN :
		    MANAGE_ERROR);
	if (exec(db, &changed, STMT_ADMIN_STAFF_DISABLE, "ii", id,
	    (long long)(disabled != 0)) == -1 ||
	    (disabled && exec(db, NULL, STMT_ADMIN_STAFF_SESSIONS_DEL, "i",
	    id) == -1) ||
	    audit(db, by, disabled ? "user.disable" : "user.enable",
	    "user %lld", id) == -1)
		return finish(db, MANAGE_ERROR);
	return finish(db, MANAGE_OK);
}

enum manage_result
manage_staff_password(struct db *db, long long by, long long id,
    const char *password)
{
	char	 hash[PW_HASH_MAX];
	int	 changed = 0, rc;

	if (pw_hash(password, hash) == -1)
		return MANAGE_ERROR;
	if (db_begin(db) != DB_OK)
		return MANAGE_ERROR;
	rc = exec(db, &changed, STMT_ADMIN_STAFF_PASSWORD, "it", id, hash);
	explicit_bzero(hash, sizeof(hash));
	if (rc == -1)
		return finish(db, MANAGE_ERROR);
	if (changed == 0)
		return finish(db, MANAGE_NOT_FOUND);
	if (exec(db, NULL, STMT_ADMIN_STAFF_SESSIONS_DEL, "i", id) == -1 ||
	    audit(db, by, "user.password", "user %lld", id) == -1)
		return finish(db, MANAGE_ERROR);
	return finish(db, MANAGE_OK);
}

enum manage_result
manage_retention_set(struct db *db, long long by, int months)
{
	char	 value[16];

	if (months < 1 || months > LEARNER_RETENTION_MAX)
		return MANAGE_BAD_REF;
	snprintf(value, sizeof(value), "%d", months);
	if (db_begin(db) != DB_OK)
		return MANAGE_ERROR;
	if (exec(db, NULL, STMT_ADMIN_SETTING_SET, "tt", "retention_months",
	    value) == -1 ||
	    audit(db, by, "setting.retention", "retention_months %d",
	    months) == -1)
		return finish(db, MANAGE_ERROR);
	return finish(db, MANAGE_OK);
}

/* --- The audit log ------------------------------------------------------ */

/* An audit line; arg points to the count of all matching lines. */
static int
audit_row(struct view *r, struct db_stmt *st, void *arg)
{
	char	 when[WHEN_BUF * 2 + 2];
	int	 e = 0;

	*(long long *)arg = db_col_int(st, 5);
	e |= view_set(r, "at", stamp(when, sizeof(when),
	    (time_t)db_col_int(st, 1)));
	e |= view_set(r, "who", db_col_null(st, 2) ||
	    db_col_text(st, 2)[0] == '\0' ? "System" : db_col_text(st, 2));
	e |= view_set(r, "action", db_col_text(st, 3));
	e |= view_set(r, "detail", db_col_text(st, 4));
	return e;
}

int
manage_audit(struct db *db, const struct manage_audit_filter *f,
    struct view *v)
{
	char		 pat[80];
	const char	*a = f->action;
	long long	 total = 0, pages;
	int		 e, page = f->page < 1 ? 1 : f->page;
	size_t		 i, n = 0;

	if (page > MANAGE_AUDIT_PAGES_MAX)
		page = MANAGE_AUDIT_PAGES_MAX;
	/* The action as a LIKE prefix, % and _ taken literally. */
	if (a != NULL && a[0] != '\0') {
		for (i = 0; a[i] != '\0' && n + 3 < sizeof(pat); i++) {
			if (a[i] == '%' || a[i] == '_' || a[i] == '\\')
				pat[n++] = '\\';
			pat[n++] = a[i];
		}
		pat[n++] = '%';
		pat[n] = '\0';
	}
	if (each_row(stmt(db, STMT_ADMIN_AUDIT, "Tziiii",
	    n > 0 ? pat : NULL, f->user,
	    (long long)(f->from != 0 ? f->from : 0),
	    (long long)(f->to != 0 ? f->to : (time_t)1 << 40),
	    (long long)MANAGE_AUDIT_PAGE,
	    (long long)(page - 1) * MANAGE_AUDIT_PAGE), v, "audit", audit_row,
	    &total) == -1)
		return -1;
	pages = total > 0 ? (total + MANAGE_AUDIT_PAGE - 1) /
	    MANAGE_AUDIT_PAGE : 1;
	e = 0;
	e |= view_set_int(v, "total", total);
	e |= view_set_int(v, "page", page);
	e |= view_set_int(v, "pages", pages);
	e |= view_set_bool(v, "has_prev", page > 1);
	e |= view_set_bool(v, "has_next", page < pages);
	e |= view_set_int(v, "prev_page", page - 1);
	e |= view_set_int(v, "next_page", page + 1);
	return e == 0 ? 0 : -1;
}
