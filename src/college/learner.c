/*
 * learner.c: finding learners, what is held about them, erasure (see
 * learner.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>


#include "kit/arena.h"
#include "kit/db.h"
#include "kit/fold.h"
#include "kit/i18n.h"
#include "kit/view.h"
#include "college/college.h"
#include "college/learner.h"
#include "college/stmts.h"
#include "college/when.h"

int	 learner_wait_ms = LEARNER_CHECKPOINT_WAIT_MS;

/*
 * A stored word (a booking's or an attendance's status, a check-in
 * method) for the office's page, in the reader's language: the msgids
 * are the words themselves, with ctx as their msgctxt, so an English
 * page shows them as stored. A word not among them as it stands. The
 * JSON export keeps the stored words.
 */
static const char *
word_text(const char *ctx, const char *word)
{
	static const struct {
		const char	*ctx, *word;
	} words[] = {
		{ "booking-status", NC_("booking-status", "confirmed") },
		{ "booking-status", NC_("booking-status", "waitlisted") },
		{ "booking-status", NC_("booking-status", "cancelled") },
		{ "attendance-status", NC_("attendance-status", "present") },
		{ "attendance-status", NC_("attendance-status", "late") },
		{ "attendance-status", NC_("attendance-status", "absent") },
		{ "attendance-status", NC_("attendance-status", "excused") },
		{ "check-in-method", NC_("check-in-method", "qr") },
		{ "check-in-method", NC_("check-in-method", "tap") },
		{ "check-in-method", NC_("check-in-method", "code") },
		{ "check-in-method", NC_("check-in-method", "paper") },
	};
	size_t	 i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(words[i].ctx, ctx) == 0 &&
		    strcmp(words[i].word, word) == 0)
			return i18n_text(ctx, word);
	return word;
}

/* Columns of STMT_LEARNER_FIND. */
enum find_col { FC_ID, FC_NAME, FC_EMAIL, FC_PHONE, FC_BOOKINGS, FC__MAX };

/* Columns of STMT_LEARNER_GET. */
enum get_col {
	GC_ID, GC_EMAIL, GC_NAME, GC_PHONE, GC_CONSENT, GC_CREATED, GC_ERASED,
	GC__MAX
};

/* Columns of STMT_LEARNER_BOOKINGS. */
enum booking_col {
	BC_ID,
	BC_RUN,
	BC_COURSE,
	BC_SLUG,
	BC_STATUS,
	BC_NEEDS,
	BC_CREATED,
	BC_UPDATED,
	BC_RUN_STATUS,
	BC_FIRST,
	BC_SESSIONS,
	BC_ATTENDED,
	BC_POSITION,
	BC__MAX
};

/* Columns of STMT_LEARNER_ATTENDANCE. */
enum att_col {
	AC_BOOKING, AC_SESSION, AC_START, AC_COURSE, AC_STATUS, AC_AT,
	AC_METHOD, AC_BY, AC__MAX
};

/* Set name to column i as ISO 8601, or null when it is NULL. */
static int
set_iso(struct view *v, const char *name, struct db_stmt *st, int i)
{
	char	 b[WHEN_BUF];

	if (db_col_null(st, i))
		return view_set_null(v, name);
	if (when_iso(b, sizeof(b), (time_t)db_col_int(st, i)) ==
	    NULL)
		return -1;
	return view_set(v, name, b);
}

/* Set name to column i as text, or null when it is NULL. */
static int
set_text_or_null(struct view *v, const char *name, struct db_stmt *st, int i)
{
	if (db_col_null(st, i))
		return view_set_null(v, name);
	return view_set(v, name, db_col_text(st, i));
}

/* An audit line's detail: the learner by id only. */
#define AUDIT_LEARNER	"learner %lld"

int
learner_find(struct db *db, const char *q, struct view *v)
{
	struct view	*r;
	struct db_stmt	*st;
	const char	*pat;
	size_t		 n;
	long long	 found = 0;
	int		 rc, e;

	if (view_loop(v, "learners") == -1)
		return -1;
	if (q == NULL || q[0] == '\0')
		return view_set_int(v, "found", 0) == -1 ||
		    view_set_bool(v, "more", 0) == -1 ? -1 : 0;
	if ((n = strlen(q)) > LEARNER_Q_MAX)
		return -1;
	/* Compared folded (kit/fold.h): "sian" finds "Siân". */
	if ((pat = fold_arena(view_arena(v), q)) == NULL)
		return -1;
	if ((st = db_stmt(db, STMT_LEARNER_FIND)) == NULL)
		return -1;
	if (db_bind_text(st, 1, pat) != DB_OK ||
	    db_bind_int(st, 2, LEARNER_FIND_MAX + 1) != DB_OK)
		goto fail;
	while ((rc = db_step(st)) == DB_ROW) {
		if (found == LEARNER_FIND_MAX) {
			found++;
			break;
		}
		if ((r = view_row(v, "learners")) == NULL)
			goto fail;
		e = 0;
		e |= view_set_int(r, "id", db_col_int(st, FC_ID));
		e |= view_set(r, "name", db_col_text(st, FC_NAME));
		e |= view_set(r, "email", db_col_text(st, FC_EMAIL));
		e |= view_set(r, "phone", db_col_text(st, FC_PHONE));
		e |= view_set_int(r, "bookings", db_col_int(st,
		    FC_BOOKINGS));
		if (e != 0)
			goto fail;
		found++;
	}
	if (rc != DB_DONE && rc != DB_ROW)
		goto fail;
	db_reset(st);
	if (view_set_int(v, "found", found > LEARNER_FIND_MAX ?
	    LEARNER_FIND_MAX : found) == -1 ||
	    view_set_bool(v, "more", found > LEARNER_FIND_MAX) == -1)
		return -1;
	return 0;
fail:
	db_reset(st);
	return -1;
}

/*
 * The learner's row into v, as the page (export 0) or the JSON
 * download (export 1) wants it. 0, 1 if there is none, -1 on error.
 */
static int
learner_row(struct db *db, long long id, int export, struct view *v,
    int *erased)
{
	struct db_stmt	*st;
	int		 rc, e = 0;

	if ((st = db_stmt(db, STMT_LEARNER_GET)) == NULL)
		return -1;
	if (db_bind_int(st, 1, id) != DB_OK)
		goto fail;
	if ((rc = db_step(st)) == DB_DONE) {
		db_reset(st);
		return 1;
	}
	if (rc != DB_ROW)
		goto fail;
	*erased = !db_col_null(st, GC_ERASED);
	if (export) {
		e |= view_set_int(v, "learner_id", id);
		e |= view_set(v, "name", db_col_text(st, GC_NAME));
		e |= set_text_or_null(v, "email", st, GC_EMAIL);
		e |= view_set(v, "phone", db_col_text(st, GC_PHONE));
		e |= set_iso(v, "consent_at", st, GC_CONSENT);
		e |= set_iso(v, "created_at", st, GC_CREATED);
		e |= set_iso(v, "erased_at", st, GC_ERASED);
	} else {
		e |= view_set_int(v, "id", id);
		e |= view_set(v, "name", db_col_text(st, GC_NAME));
		e |= view_set(v, "email", db_col_text(st, GC_EMAIL));
		e |= view_set(v, "phone", db_col_text(st, GC_PHONE));
		e |= view_set_bool(v, "consented",
		    !db_col_null(st, GC_CONSENT));
		e |= college_set_date(v, "consent_date", st, GC_CONSENT);
		e |= college_set_date(v, "created_date", st, GC_CREATED);
		e |= view_set_bool(v, "erased", *erased);
		e |= college_set_date(v, "erased_date", st, GC_ERASED);
	}
	db_reset(st);
	return e == 0 ? 0 : -1;
fail:
	db_reset(st);
	return -1;
}

/* The learner's bookings into the loop "bookings". 0 or -1. */
static int
bookings(struct db *db, long long id, int export, int show_needs,
    struct view *v)
{
	struct view	*r;
	struct db_stmt	*st;
	int		 rc, e, any = 0, needs = 0, has;

	if ((st = db_stmt(db, STMT_LEARNER_BOOKINGS)) == NULL)
		return -1;
	if (db_bind_int(st, 1, id) != DB_OK ||
	    view_loop(v, "bookings") == -1)
		goto fail;
	while ((rc = db_step(st)) == DB_ROW) {
		if ((r = view_row(v, "bookings")) == NULL)
			goto fail;
		has = db_col_text(st, BC_NEEDS)[0] != '\0';
		needs |= has;
		e = 0;
		e |= view_set_int(r, "booking_id", db_col_int(st,
		    BC_ID));
		e |= view_set(r, "course", db_col_text(st, BC_COURSE));
		e |= view_set_int(r, "run_id", db_col_int(st,
		    BC_RUN));
		e |= view_set(r, "status", db_col_text(st, BC_STATUS));
		if (db_col_null(st, BC_POSITION))
			e |= view_set_null(r, "waitlist_position");
		else
			e |= view_set_int(r, "waitlist_position",
			    db_col_int(st, BC_POSITION));
		if (export) {
			e |= view_set(r, "support_needs",
			    db_col_text(st, BC_NEEDS));
			e |= set_iso(r, "booked_at", st, BC_CREATED);
			e |= set_iso(r, "updated_at", st, BC_UPDATED);
			e |= view_set(r, "run_status",
			    db_col_text(st, BC_RUN_STATUS));
			e |= set_iso(r, "first_session", st, BC_FIRST);
		} else {
			e |= view_set(r, "status_text", word_text(
			    "booking-status", db_col_text(st, BC_STATUS)));
			e |= view_set(r, "slug", db_col_text(st, BC_SLUG));
			e |= college_set_date(r, "first_date", st, BC_FIRST);
			e |= view_set_int(r, "sessions_count",
			    db_col_int(st, BC_SESSIONS));
			e |= view_set_int(r, "attended",
			    db_col_int(st, BC_ATTENDED));
			e |= view_set_bool(r, "run_cancelled", strcmp(
			    db_col_text(st, BC_RUN_STATUS), "cancelled") == 0);
			e |= view_set_bool(r, "has_needs", has);
			e |= view_set(r, "needs", show_needs ?
			    db_col_text(st, BC_NEEDS) : "");
			e |= college_set_date(r, "booked_date", st, BC_CREATED);
		}
		if (e != 0)
			goto fail;
		any = 1;
	}
	if (rc != DB_DONE)
		goto fail;
	db_reset(st);
	if (!export && (view_set_bool(v, "has_bookings", any) == -1 ||
	    view_set_bool(v, "has_needs", needs) == -1))
		return -1;
	return 0;
fail:
	db_reset(st);
	return -1;
}

/* The learner's attendance records into the loop "attendance". */
static int
attendance(struct db *db, long long id, int export, struct view *v)
{
	struct view	*r;
	struct db_stmt	*st;
	char		 b[WHEN_BUF];
	int		 rc, e, any = 0;

	if ((st = db_stmt(db, STMT_LEARNER_ATTENDANCE)) == NULL)
		return -1;
	if (db_bind_int(st, 1, id) != DB_OK ||
	    view_loop(v, "attendance") == -1)
		goto fail;
	while ((rc = db_step(st)) == DB_ROW) {
		if ((r = view_row(v, "attendance")) == NULL)
			goto fail;
		e = 0;
		e |= view_set(r, "course", db_col_text(st, AC_COURSE));
		e |= view_set(r, "status", db_col_text(st, AC_STATUS));
		e |= view_set(r, "method", db_col_text(st, AC_METHOD));
		e |= view_set(r, "recorded_by", db_col_text(st, AC_BY));
		if (export) {
			e |= view_set_int(r, "booking_id",
			    db_col_int(st, AC_BOOKING));
			e |= set_iso(r, "session_start", st, AC_START);
			e |= set_iso(r, "recorded_at", st, AC_AT);
		} else {
			e |= view_set(r, "status_text", word_text(
			    "attendance-status", db_col_text(st, AC_STATUS)));
			e |= view_set(r, "method_text", word_text(
			    "check-in-method", db_col_text(st, AC_METHOD)));
			e |= college_set_date(r, "date", st, AC_START);
			e |= view_set(r, "time", when_time(b, sizeof(b),
			    (time_t)db_col_int(st, AC_START)) ?
			    b : "");
			e |= view_set(r, "recorded_at", when_time(b,
			    sizeof(b), (time_t)db_col_int(st,
			    AC_AT)) ? b : "");
		}
		if (e != 0)
			goto fail;
		any = 1;
	}
	if (rc != DB_DONE)
		goto fail;
	db_reset(st);
	if (!export && view_set_bool(v, "has_attendance", any) == -1)
		return -1;
	return 0;
fail:
	db_reset(st);
	return -1;
}

int
learner_show(struct db *db, long long id, int show_needs, long long by_user,
    struct view *v)
{
	int	 rc, erased = 0;

	if ((rc = learner_row(db, id, 0, v, &erased)) != 0)
		return rc;
	/* Every look at a learner's record by staff is on the record. */
	if (college_auditf(db, by_user, "learner.view", AUDIT_LEARNER,
	    id) == -1)
		return -1;
	if (show_needs && college_auditf(db, by_user, "needs.reveal",
	    AUDIT_LEARNER, id) == -1)
		return -1;
	if (bookings(db, id, 0, show_needs, v) == -1 ||
	    attendance(db, id, 0, v) == -1 ||
	    view_set_bool(v, "needs_shown", show_needs) == -1)
		return -1;
	return 0;
}

int
learner_export(struct db *db, long long id, long long by_user, time_t now,
    struct view *v)
{
	char	 b[WHEN_BUF];
	int	 rc, erased = 0;

	if (when_iso(b, sizeof(b), now) == NULL ||
	    view_set(v, "exported_at", b) == -1)
		return -1;
	if ((rc = learner_row(db, id, 1, v, &erased)) != 0)
		return rc;
	if (bookings(db, id, 1, 1, v) == -1 || attendance(db, id, 1, v) == -1)
		return -1;
	return college_auditf(db, by_user, "learner.export", AUDIT_LEARNER,
	    id);
}

int
learner_by_email(struct db *db, const char *email, long long *id)
{
	struct db_stmt	*st;
	int		 rc;

	*id = 0;
	if ((st = db_stmt(db, STMT_BOOKING_LEARNER_BY_EMAIL)) == NULL)
		return -1;
	if (db_bind_text(st, 1, email) != DB_OK) {
		db_reset(st);
		return -1;
	}
	rc = db_step(st);
	if (rc == DB_ROW)
		*id = db_col_int(st, 0);
	db_reset(st);
	if (rc == DB_ROW)
		return 0;
	return rc == DB_DONE ? 1 : -1;
}

int
learner_checkpoint(struct db *db, int wait_ms)
{
	struct timespec	 t0, t1, pause = { 0, LEARNER_CHECKPOINT_PAUSE_MS *
			    1000000L };
	long		 waited;
	enum db_rc	 rc;
	int		 ret;

	if (clock_gettime(CLOCK_MONOTONIC, &t0) == -1 ||
	    db_busy_timeout(db, LEARNER_CHECKPOINT_PAUSE_MS) != DB_OK)
		return -1;
	for (;;) {
		/* Busy or partly done leaves old pages readable. */
		if ((rc = db_purge(db)) == DB_OK) {
			ret = 0;
			break;
		}
		if (rc != DB_BUSY) {
			ret = -1;
			break;
		}
		if (clock_gettime(CLOCK_MONOTONIC, &t1) == -1) {
			ret = -1;
			break;
		}
		waited = (long)(t1.tv_sec - t0.tv_sec) * 1000L +
		    (t1.tv_nsec - t0.tv_nsec) / 1000000L;
		if (waited >= wait_ms) {
			ret = LEARNER_ERASE_PENDING;
			break;
		}
		(void)nanosleep(&pause, NULL);
	}
	if (db_busy_timeout(db, DB_BUSY_MS) != DB_OK)
		return -1;
	return ret;
}

int
learner_erase_pending(struct db *db, int wait_ms, size_t *left)
{
	struct db_stmt	*st;
	long long	 newest = 0, n = 0;
	int		 rc;

	*left = 0;
	if ((st = db_stmt(db, STMT_REVIEW_PENDING_MAX)) == NULL)
		return -1;
	rc = db_step(st);
	if (rc == DB_ROW) {
		newest = db_col_int(st, 0);
		n = db_col_int(st, 1);
	}
	db_reset(st);
	if (rc != DB_ROW)
		return -1;
	if (n == 0)
		return 0;
	if ((rc = learner_checkpoint(db, wait_ms)) != 0) {
		*left = (size_t)n;
		return rc == LEARNER_ERASE_PENDING ? LEARNER_ERASE_PENDING :
		    -1;
	}
	/* The log held every erasure up to newest and is now empty: those
	 * are complete. Later ones wait for their own checkpoint. */
	if (db_begin(db) != DB_OK)
		return -1;
	if ((st = db_stmt(db, STMT_REVIEW_PENDING_DEL)) == NULL ||
	    db_bind_int(st, 1, newest) != DB_OK) {
		if (st != NULL)
			db_reset(st);
		db_rollback(db);
		return -1;
	}
	if (db_step_done(st) != DB_OK) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db) != DB_OK ? -1 : 0;
}

/* Inside the caller's transaction: erase one learner. 0, 1 none, -1. */
static int
erase_one(struct db *db, long long id, long long by_user, time_t now,
    const char *why)
{
	struct db_stmt	*st;

	/* The mail first: it is found by the address the row still has. */
	if ((st = db_stmt(db, STMT_REVIEW_OUTBOX_ERASE)) == NULL)
		return -1;
	if (db_bind_int(st, 1, id) != DB_OK) {
		db_reset(st);
		return -1;
	}
	if (db_step_done(st) != DB_OK)
		return -1;
	if ((st = db_stmt(db, STMT_LEARNER_ERASE)) == NULL)
		return -1;
	if (db_bind_int(st, 1, id) != DB_OK ||
	    db_bind_int(st, 2, (long long)now) != DB_OK) {
		db_reset(st);
		return -1;
	}
	if (db_step_done(st) != DB_OK)
		return -1;
	if (db_changes(db) == 0)
		return 1;
	if ((st = db_stmt(db, STMT_LEARNER_ERASE_BOOKINGS)) == NULL ||
	    db_bind_int(st, 1, id) != DB_OK) {
		if (st != NULL)
			db_reset(st);
		return -1;
	}
	if (db_step_done(st) != DB_OK)
		return -1;
	/* Queued until a checkpoint has emptied the log. */
	if ((st = db_stmt(db, STMT_REVIEW_PENDING_ADD)) == NULL)
		return -1;
	if (db_bind_int(st, 1, id) != DB_OK ||
	    db_bind_int(st, 2, (long long)now) != DB_OK) {
		db_reset(st);
		return -1;
	}
	if (db_step_done(st) != DB_OK)
		return -1;
	return college_auditf(db, by_user, "learner.erase",
	    AUDIT_LEARNER "%s", id, why);
}

/*
 * After an erasing commit: empty the log, waiting for readers up to
 * learner_wait_ms. 0 complete, LEARNER_ERASE_PENDING if a
 * reader held on (the erasure stays queued), -1 on error.
 */
static int
complete(struct db *db)
{
	size_t	 left;

	return learner_erase_pending(db, learner_wait_ms, &left);
}

int
learner_erase(struct db *db, long long id, long long by_user, time_t now)
{
	int	 rc;

	if (db_begin(db) != DB_OK)
		return -1;
	if ((rc = erase_one(db, id, by_user, now, "")) != 0) {
		db_rollback(db);
		return rc;
	}
	if (db_commit(db) != DB_OK)
		return -1;
	return complete(db);
}

time_t
learner_cutoff(time_t now, int months)
{
	struct tm	 tm;

	if (localtime_r(&now, &tm) == NULL)
		return now - (time_t)months * 31 * 86400;
	tm.tm_mon -= months;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

int
learner_erase_older(struct db *db, int months, long long by_user,
    time_t now, size_t *erased)
{
	long long	 ids[LEARNER_ERASE_BATCH];
	struct db_stmt	*st;
	char		 why[48];
	time_t		 cut;
	size_t		 n, i;
	int		 rc;

	*erased = 0;
	if (months < 1 || months > LEARNER_RETENTION_MAX)
		return -1;
	cut = learner_cutoff(now, months);
	snprintf(why, sizeof(why), " (no activity for %d months)", months);
	for (;;) {
		/* A batch of ids first, then the writes: never write a
		 * table while a statement is reading it. */
		if ((st = db_stmt(db, STMT_LEARNER_EXPIRED)) == NULL)
			return -1;
		if (db_bind_int(st, 1, (long long)cut) !=
		    DB_OK || db_bind_int(st, 2,
		    LEARNER_ERASE_BATCH) != DB_OK) {
			db_reset(st);
			return -1;
		}
		n = 0;
		while ((rc = db_step(st)) == DB_ROW &&
		    n < LEARNER_ERASE_BATCH)
			ids[n++] = db_col_int(st, 0);
		db_reset(st);
		if (rc != DB_DONE && rc != DB_ROW)
			return -1;
		if (n == 0)
			break;
		if (db_begin(db) != DB_OK)
			return -1;
		for (i = 0; i < n; i++)
			if (erase_one(db, ids[i], by_user, now, why) == -1) {
				db_rollback(db);
				return -1;
			}
		if (db_commit(db) != DB_OK)
			return -1;
		*erased += n;
		if (n < LEARNER_ERASE_BATCH)
			break;
	}
	/* Also completes erasures queued before (by anyone): this is the
	 * daily pass that retries them. */
	return complete(db);
}

int
learner_retention(struct db *db)
{
	struct db_stmt	*st;
	const char	*s;
	char		*end;
	long		 v = LEARNER_RETENTION_DEFAULT;

	if ((st = db_stmt(db, STMT_SETTING_GET)) == NULL)
		return LEARNER_RETENTION_DEFAULT;
	if (db_bind_text(st, 1, "retention_months") ==
	    DB_OK && db_step(st) == DB_ROW &&
	    (s = db_col_text(st, 0)) != NULL &&
	    *s >= '0' && *s <= '9') {
		errno = 0;
		v = strtol(s, &end, 10);
		if (errno != 0 || *end != '\0' || v < 1 ||
		    v > LEARNER_RETENTION_MAX)
			v = LEARNER_RETENTION_DEFAULT;
	}
	db_reset(st);
	return (int)v;
}
