/*
 * attendance.c: check-in by QR code, short code and roster tap; the
 * sessions and rosters staff see; support needs shown on request.
 */
#include <err.h>
#include <stdio.h>
#include <string.h>


#include "kit/arena.h"
#include "kit/db.h"
#include "kit/fold.h"
#include "kit/i18n.h"
#include "kit/token.h"
#include "kit/view.h"
#include "college/attendance.h"
#include "college/booking.h"
#include "college/college.h"
#include "college/staff.h"
#include "college/stmts.h"
#include "college/when.h"

static const char *const status_words[ATT_STATUS__MAX] = {
	[ATT_PRESENT] = "present",
	[ATT_LATE] = "late",
	[ATT_ABSENT] = "absent",
	[ATT_EXCUSED] = "excused",
};

/* Marked for translation; looked up when shown (i18n_text()). */
static const char *const status_texts[ATT_STATUS__MAX] = {
	[ATT_PRESENT] = N_("Present"),
	[ATT_LATE] = N_("Late"),
	[ATT_ABSENT] = N_("Absent"),
	[ATT_EXCUSED] = N_("Excused"),
};

static const char *const method_words[ATT_METHOD__MAX] = {
	[ATT_QR] = "qr",
	[ATT_TAP] = "tap",
	[ATT_CODE] = "code",
	[ATT_PAPER] = "paper",
};

static const char *const method_texts[ATT_METHOD__MAX] = {
	[ATT_QR] = N_("QR code"),
	[ATT_TAP] = N_("roster"),
	[ATT_CODE] = N_("short code"),
	[ATT_PAPER] = N_("paper sheet"),
};

static const char *const result_words[CHECKIN__MAX] = {
	[CHECKIN_DONE] = "checked_in",
	[CHECKIN_ALREADY] = "already",
	[CHECKIN_CANCELLED] = "cancelled",
	[CHECKIN_WAITLISTED] = "waitlisted",
	[CHECKIN_NOT_TODAY] = "not_today",
	[CHECKIN_OTHER_RUN] = "other_course",
	[CHECKIN_UNKNOWN] = "unknown",
	[CHECKIN_FORBIDDEN] = "forbidden",
	[CHECKIN_READY] = "ready",
};

/* A booking as check-in needs it. */
struct bk {
	long long	 id;
	long long	 run_id;
	const char	*status;	/* "confirmed", "waitlisted", "cancelled" */
	const char	*name;
	const char	*course_title;
	const char	*needs;		/* STMT_ATT_BOOKING only, else NULL */
};

const char *
attendance_status_word(enum att_status s)
{
	return (unsigned)s < ATT_STATUS__MAX ? status_words[s] : NULL;
}

int
attendance_status_parse(const char *s)
{
	int	 i;

	for (i = 0; s != NULL && i < ATT_STATUS__MAX; i++)
		if (strcmp(s, status_words[i]) == 0)
			return i;
	return -1;
}

const char *
attendance_method_word(enum att_method m)
{
	return (unsigned)m < ATT_METHOD__MAX ? method_words[m] : NULL;
}

static int
method_parse(const char *s)
{
	int	 i;

	for (i = 0; s != NULL && i < ATT_METHOD__MAX; i++)
		if (strcmp(s, method_words[i]) == 0)
			return i;
	return -1;
}

const char *
attendance_result_word(enum checkin_result r)
{
	return (unsigned)r < CHECKIN__MAX ? result_words[r] : NULL;
}

int
attendance_result_parse(const char *s)
{
	int	 i;

	for (i = 0; s != NULL && i < CHECKIN__MAX; i++)
		if (result_words[i] != NULL && strcmp(s, result_words[i]) == 0)
			return i;
	return -1;
}

int
attendance_day(time_t now, time_t *start, time_t *end)
{
	struct tm	 tm, day;

	if (localtime_r(&now, &tm) == NULL)
		return -1;
	day = tm;
	day.tm_hour = day.tm_min = day.tm_sec = 0;
	day.tm_isdst = -1;
	if ((*start = mktime(&day)) == (time_t)-1)
		return -1;
	day = tm;
	day.tm_mday++;
	day.tm_hour = day.tm_min = day.tm_sec = 0;
	day.tm_isdst = -1;
	if ((*end = mktime(&day)) == (time_t)-1)
		return -1;
	return 0;
}

/* The midnight days after the one of now. */
static int
days_after(time_t now, int days, time_t *t)
{
	struct tm	 tm;

	if (localtime_r(&now, &tm) == NULL)
		return -1;
	tm.tm_mday += days;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	return (*t = mktime(&tm)) == (time_t)-1 ? -1 : 0;
}

const char *
attendance_first_name(struct arena *a, const char *name)
{
	size_t	 n;

	if (name == NULL)
		return NULL;
	while (*name == ' ')
		name++;
	n = strcspn(name, " ");
	return arena_strndup(a, name, n);
}

int
attendance_code_norm(const char *in, char *out, size_t outsz)
{
	size_t	 n = 0;
	char	 c;

	if (in == NULL || outsz < ATT_CODE_MAX + 1)
		return -1;
	for (; *in != '\0'; in++) {
		c = *in;
		if (c == ' ' || c == '-')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) ||
		    n >= ATT_CODE_MAX)
			return -1;
		out[n++] = c;
	}
	out[n] = '\0';
	return n >= ATT_CODE_MIN ? 0 : -1;
}

int
attendance_scanned_token(const char *text, char *out, size_t outsz)
{
	const char	*p, *t;
	size_t		 n;

	if (text == NULL || outsz < TOKEN_B32_LEN + 1 ||
	    strnlen(text, ATT_SCAN_MAX + 1) > ATT_SCAN_MAX)
		return -1;
	/* The last "/c/" in the text: the path of BASE_URL/c/TOKEN. */
	t = text;
	for (p = text; (p = strstr(p, "/c/")) != NULL; p++)
		t = p + 3;
	n = strcspn(t, "?#");
	if (n != TOKEN_B32_LEN)
		return -1;
	memcpy(out, t, n);
	out[n] = '\0';
	return token_valid(out) ? 0 : -1;
}

int
attendance_nonce_valid(const char *s)
{
	size_t	 n;

	if (s == NULL)
		return 0;
	n = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789_-");
	return s[n] == '\0' && n >= ATT_NONCE_MIN && n <= ATT_NONCE_MAX;
}

int
attendance_may(const struct staff_user *u, const struct att_session *s)
{
	return u != NULL && s != NULL &&
	    (u->role == STAFF_ADMIN || s->facilitates);
}

static void
dberr(struct db *db)
{
	warnx("attendance: %s", db_errmsg(db));
}

int
attendance_session(struct db *db, struct arena *a, long long id,
    const struct staff_user *u, struct att_session *out)
{
	struct db_stmt	*s;
	const char	*st, *rst;
	int		 rc;

	memset(out, 0, sizeof(*out));
	if ((s = db_stmt(db, STMT_ATT_SESSION)) == NULL)
		return -1;
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, u != NULL ? u->id : 0);
	if ((rc = db_step(s)) != DB_ROW) {
		db_reset(s);
		if (rc == DB_DONE)
			return 1;
		dberr(db);
		return -1;
	}
	out->id = id;
	out->run_id = db_col_int(s, 0);
	out->starts_at = (time_t)db_col_int(s, 1);
	out->ends_at = (time_t)db_col_int(s, 2);
	st = db_col_text(s, 3);
	rst = db_col_text(s, 4);
	out->scheduled = st != NULL && strcmp(st, "scheduled") == 0 &&
	    rst != NULL && strcmp(rst, "cancelled") != 0;
	out->course_title = db_col_dup(s, 5, a);
	out->venue = db_col_dup(s, 6, a);
	out->online = (int)db_col_int(s, 7) != 0;
	out->facilitates = (int)db_col_int(s, 8) != 0;
	out->number = (int)db_col_int(s, 9);
	out->count = (int)db_col_int(s, 10);
	db_reset(s);
	if (out->course_title == NULL || out->venue == NULL)
		return -1;
	return 0;
}

/* "Session 2 of 6" for a run of several sessions, else "". */
static int
set_session_text(struct view *v, int scheduled, int number, int count)
{
	if (!scheduled)
		return view_set(v, "session_text", _("Cancelled session"));
	if (count > 1 && number >= 1) {
		char		 nb[24], cb[24];
		const char	*names[] = { "number", "count" };
		const char	*vals[] = { nb, cb };

		snprintf(nb, sizeof(nb), "%d", number);
		snprintf(cb, sizeof(cb), "%d", count);
		return view_set(v, "session_text", i18n_say(view_arena(v),
		    _("Session {number} of {count}"), names, vals, 2));
	}
	return view_set(v, "session_text", "");
}

int
attendance_session_view(const struct att_session *s, time_t now,
    struct view *v)
{
	char	 date[WHEN_BUF], range[WHEN_BUF];
	time_t	 d0, d1;

	if (attendance_day(now, &d0, &d1) == -1 ||
	    when_date(date, sizeof(date), s->starts_at) == NULL ||
	    when_range(range, sizeof(range), s->starts_at, s->ends_at) == NULL)
		return -1;
	if (view_set_int(v, "session_id", s->id) == -1 ||
	    view_set(v, "course_title", s->course_title) == -1 ||
	    view_set(v, "venue", s->venue) == -1 ||
	    view_set_bool(v, "online", s->online) == -1 ||
	    view_set(v, "date", date) == -1 ||
	    view_set(v, "time_range", range) == -1 ||
	    set_session_text(v, s->scheduled, s->number, s->count) == -1 ||
	    view_set_bool(v, "scheduled", s->scheduled) == -1 ||
	    view_set_bool(v, "today", s->starts_at >= d0 &&
	    s->starts_at < d1) == -1 ||
	    view_set_bool(v, "in_progress", s->starts_at <= now &&
	    now < s->ends_at) == -1 ||
	    view_set_bool(v, "over", s->ends_at <= now) == -1)
		return -1;
	return 0;
}

int
attendance_upcoming(struct db *db, const struct staff_user *u, time_t now,
    struct view *v)
{
	struct db_stmt	*s;
	struct view	*day = NULL, *row;
	char		 date[WHEN_BUF], range[WHEN_BUF];
	time_t		 today, tomorrow, until, start, end, d0 = 0, d1 = 0;
	int		 rc, n = 0, number, count;

	if (attendance_day(now, &today, &tomorrow) == -1 ||
	    days_after(now, ATT_DAYS, &until) == -1)
		return -1;
	if (view_set_bool(v, "admin", u->role == STAFF_ADMIN) == -1 ||
	    view_loop(v, "days") == -1 ||
	    (s = db_stmt(db, STMT_ATT_UPCOMING)) == NULL)
		return -1;
	db_bind_int(s, 1, (long long)today);
	db_bind_int(s, 2, (long long)until);
	db_bind_int(s, 3, u->id);
	db_bind_int(s, 4, u->role == STAFF_ADMIN);
	while ((rc = db_step(s)) == DB_ROW) {
		start = (time_t)db_col_int(s, 1);
		end = (time_t)db_col_int(s, 2);
		/* Rows come in time order: a new day starts a new group. */
		if (day == NULL || start < d0 || start >= d1) {
			if (attendance_day(start, &d0, &d1) == -1 ||
			    when_date(date, sizeof(date), start) == NULL ||
			    (day = view_row(v, "days")) == NULL ||
			    view_set(day, "date", date) == -1 ||
			    view_set(day, "label", d0 == today ? _("Today") :
			    d0 == tomorrow ? _("Tomorrow") : "") == -1 ||
			    view_set_bool(day, "today", d0 == today) == -1)
				goto fail;
		}
		number = (int)db_col_int(s, 8);
		count = (int)db_col_int(s, 9);
		if (when_range(range, sizeof(range), start, end) == NULL ||
		    (row = view_row(day, "sessions")) == NULL ||
		    view_set_int(row, "id", db_col_int(s, 0)) == -1 ||
		    view_set(row, "time_range", range) == -1 ||
		    view_set(row, "course_title",
		    db_col_text(s, 3)) == -1 ||
		    view_set(row, "venue",
		    db_col_text(s, 4)) == -1 ||
		    view_set_bool(row, "online",
		    (int)db_col_int(s, 5)) == -1 ||
		    view_set_int(row, "booked", db_col_int(s, 6)) == -1 ||
		    view_set_int(row, "checked_in",
		    db_col_int(s, 7)) == -1 ||
		    set_session_text(row, 1, number, count) == -1 ||
		    view_set_bool(row, "in_progress", start <= now &&
		    now < end) == -1 ||
		    view_set_bool(row, "over", end <= now) == -1)
			goto fail;
		n++;
	}
	db_reset(s);
	if (rc != DB_DONE) {
		dberr(db);
		return -1;
	}
	return view_set_bool(v, "empty", n == 0);
fail:
	db_reset(s);
	return -1;
}

/* The roster's counts over every confirmed learner of s. */
static int
roster_counts(struct db *db, const struct att_session *s, struct view *v)
{
	static const char *const names[] = {
		"booked", "present", "late", "absent", "excused",
	};
	struct db_stmt	*st;
	long long	 c[5];
	size_t		 i;

	if ((st = db_stmt(db, STMT_ATT_COUNTS)) == NULL)
		return -1;
	db_bind_int(st, 1, s->id);
	db_bind_int(st, 2, s->run_id);
	if (db_step(st) != DB_ROW) {
		dberr(db);
		db_reset(st);
		return -1;
	}
	for (i = 0; i < 5; i++)
		c[i] = db_col_int(st, (int)i);
	db_reset(st);
	for (i = 0; i < 5; i++)
		if (view_set_int(v, names[i], c[i]) == -1)
			return -1;
	if (view_set_int(v, "checked_in", c[1] + c[2]) == -1 ||
	    view_set_int(v, "unmarked", c[0] - c[1] - c[2] - c[3] - c[4]) == -1)
		return -1;
	return 0;
}

/* One learner's row of the roster from the statement's current row. */
static int
roster_row(struct db_stmt *st, struct view *row)
{
	char		 t[WHEN_BUF];
	const char	*sw = db_col_text(st, 3);
	int		 status = attendance_status_parse(sw), m, i;

	m = method_parse(db_col_text(st, 5));
	if (view_set_int(row, "booking_id", db_col_int(st, 0)) == -1 ||
	    view_set(row, "name", db_col_text(st, 1)) ==
	    -1 ||
	    view_set_bool(row, "has_needs", (int)db_col_int(st, 2)) == -1 ||
	    view_set(row, "status", status >= 0 ? status_words[status] : "") ==
	    -1 ||
	    view_set(row, "status_text", status >= 0 ?
	    i18n_text(NULL, status_texts[status]) : _("Not checked in")) == -1 ||
	    view_set_bool(row, "unmarked", status < 0) == -1 ||
	    view_set_bool(row, "checked_in", status == ATT_PRESENT ||
	    status == ATT_LATE) == -1)
		return -1;
	for (i = 0; i < ATT_STATUS__MAX; i++)
		if (view_set_bool(row, status_words[i], status == i) == -1)
			return -1;
	if (status < 0)
		return 0;
	if (when_time(t, sizeof(t),
	    (time_t)db_col_int(st, 4)) == NULL ||
	    view_set(row, "at_time", t) == -1 ||
	    view_set(row, "by", db_col_text(st, 6)) == -1 ||
	    view_set(row, "method_text", m >= 0 ?
	    i18n_text(NULL, method_texts[m]) : "") == -1)
		return -1;
	return 0;
}

int
attendance_roster(struct db *db, const struct staff_user *u,
    const struct att_session *s, const char *search, struct view *v)
{
	struct db_stmt	*st;
	struct view	*row;
	const char	*pat = NULL;
	int		 rc, n = 0;

	if (!attendance_may(u, s))
		return 1;
	if (search != NULL && *search != '\0' &&
	    (pat = fold_arena(view_arena(v), search)) == NULL)
		return -1;
	if (roster_counts(db, s, v) == -1 ||
	    view_set_bool(v, "searched", pat != NULL) == -1 ||
	    view_loop(v, "learners") == -1 ||
	    (st = db_stmt(db, STMT_ATT_ROSTER)) == NULL)
		return -1;
	db_bind_int(st, 1, s->id);
	db_bind_int(st, 2, s->run_id);
	if (pat != NULL)
		db_bind_text(st, 3, pat);
	while ((rc = db_step(st)) == DB_ROW) {
		if ((row = view_row(v, "learners")) == NULL ||
		    roster_row(st, row) == -1) {
			db_reset(st);
			return -1;
		}
		n++;
	}
	db_reset(st);
	if (rc != DB_DONE) {
		dberr(db);
		return -1;
	}
	return view_set_bool(v, "no_match", pat != NULL && n == 0);
}

/*
 * A booking by statement idx (STMT_ATT_BY_TOKEN: a = token;
 * STMT_ATT_BY_CODE: id = run, a = code; STMT_ATT_BOOKING: id = booking)
 * into *b. 0, 1 when none, -1 on error.
 */
static int
booking_get(struct db *db, struct arena *ar, enum stmt idx, long long id,
    const char *a, struct bk *b)
{
	struct db_stmt	*s;
	int		 rc, i = 1;

	memset(b, 0, sizeof(*b));
	if ((s = db_stmt(db, idx)) == NULL)
		return -1;
	if (idx != STMT_ATT_BY_TOKEN)
		db_bind_int(s, i++, id);
	if (a != NULL)
		db_bind_text(s, i, a);
	if ((rc = db_step(s)) != DB_ROW) {
		db_reset(s);
		if (rc == DB_DONE)
			return 1;
		dberr(db);
		return -1;
	}
	b->id = db_col_int(s, 0);
	b->run_id = db_col_int(s, 1);
	b->status = db_col_dup(s, 2, ar);
	b->name = db_col_dup(s, 3, ar);
	b->course_title = db_col_dup(s, 4, ar);
	if (idx == STMT_ATT_BOOKING)
		b->needs = db_col_dup(s, 5, ar);
	db_reset(s);
	if (b->status == NULL || b->name == NULL || b->course_title == NULL ||
	    (idx == STMT_ATT_BOOKING && b->needs == NULL))
		return -1;
	return 0;
}

/* The record of booking at session into out. 0, 1 when none, -1. */
static int
record_get(struct db *db, struct arena *a, long long booking,
    long long session, struct checkin *out)
{
	struct db_stmt	*s;
	int		 rc, st, m;

	if ((s = db_stmt(db, STMT_ATT_RECORD)) == NULL)
		return -1;
	db_bind_int(s, 1, booking);
	db_bind_int(s, 2, session);
	if ((rc = db_step(s)) != DB_ROW) {
		db_reset(s);
		if (rc == DB_DONE)
			return 1;
		dberr(db);
		return -1;
	}
	st = attendance_status_parse(db_col_text(s, 0));
	m = method_parse(db_col_text(s, 2));
	out->status = st >= 0 ? (enum att_status)st : ATT_PRESENT;
	out->at = (time_t)db_col_int(s, 1);
	out->method = m >= 0 ? (enum att_method)m : ATT_TAP;
	out->by = db_col_dup(s, 3, a);
	db_reset(s);
	return out->by == NULL ? -1 : 0;
}

/* Copy session s's times and place into out. */
static void
session_into(const struct att_session *s, struct checkin *out)
{
	out->session_id = s->id;
	out->session_run = s->run_id;
	out->starts_at = s->starts_at;
	out->ends_at = s->ends_at;
	out->number = s->number;
	out->count = s->count;
}

/* Whether user facilitates run (or is an admin): 1, 0, or -1. */
static int
may_run(struct db *db, const struct staff_user *u, long long run)
{
	struct db_stmt	*s;
	int		 v;

	if (u->role == STAFF_ADMIN)
		return 1;
	if ((s = db_stmt(db, STMT_ATT_FACILITATES)) == NULL)
		return -1;
	db_bind_int(s, 1, run);
	db_bind_int(s, 2, u->id);
	if (db_step(s) != DB_ROW) {
		dberr(db);
		db_reset(s);
		return -1;
	}
	v = (int)db_col_int(s, 0) != 0;
	db_reset(s);
	return v;
}

/* The id of run's session today ([d0, d1)), 0 if none, -1 on error. */
static long long
today_session(struct db *db, long long run, time_t d0, time_t d1, time_t now)
{
	struct db_stmt	*s;
	long long	 id = 0;
	int		 rc;

	if ((s = db_stmt(db, STMT_ATT_TODAY_SESSION)) == NULL)
		return -1;
	db_bind_int(s, 1, run);
	db_bind_int(s, 2, (long long)d0);
	db_bind_int(s, 3, (long long)d1);
	db_bind_int(s, 4, (long long)now);
	rc = db_step(s);
	if (rc == DB_ROW)
		id = db_col_int(s, 0);
	else if (rc != DB_DONE) {
		dberr(db);
		id = -1;
	}
	db_reset(s);
	return id;
}

/*
 * The check-in itself, inside the caller's transaction: sets
 * out->result and what goes with it. 0, or -1 on error.
 */
static int
decide(struct db *db, struct arena *a, const struct staff_user *u,
    const struct checkin_req *q, time_t now, struct checkin *out)
{
	struct att_session	 s;
	struct bk		 b;
	struct db_stmt		*st;
	char			 code[ATT_CODE_MAX + 1];
	char			 th[BOOKING_HASH_HEX + 1];
	long long		 sid;
	time_t			 d0, d1;
	int			 rc;

	if (attendance_day(now, &d0, &d1) == -1)
		return -1;
	memset(&s, 0, sizeof(s));
	if (q->session_id != 0) {
		if ((rc = attendance_session(db, a, q->session_id, u, &s)) == -1)
			return -1;
		if (rc == 1 || !attendance_may(u, &s)) {
			out->result = CHECKIN_FORBIDDEN;
			return 0;
		}
		session_into(&s, out);
	}
	rc = 1;
	if (q->token != NULL && token_valid(q->token)) {
		/* Only the check-in token's hash is stored (booking.h). */
		booking_token_hash(q->token, th);
		rc = booking_get(db, a, STMT_ATT_BY_TOKEN, 0, th, &b);
	} else if (q->code != NULL && q->session_id != 0 &&
	    attendance_code_norm(q->code, code, sizeof(code)) == 0)
		rc = booking_get(db, a, STMT_ATT_BY_CODE, s.run_id, code, &b);
	if (rc == -1)
		return -1;
	if (rc == 1) {
		out->result = CHECKIN_UNKNOWN;
		return 0;
	}
	/*
	 * A booking of a run the user does not facilitate answers exactly
	 * as a code no booking has: the educator learns neither the
	 * learner nor the course (a health matter) from scanning it.
	 */
	if ((rc = may_run(db, u, b.run_id)) == -1)
		return -1;
	if (rc == 0) {
		out->result = CHECKIN_UNKNOWN;
		return 0;
	}
	out->booking_id = b.id;
	out->run_id = b.run_id;
	out->name = b.name;
	out->course_title = b.course_title;
	if (q->session_id != 0) {
		if (b.run_id != s.run_id) {
			out->result = CHECKIN_OTHER_RUN;
			return 0;
		}
		if (!s.scheduled || (q->today_only &&
		    (s.starts_at < d0 || s.starts_at >= d1))) {
			out->result = CHECKIN_NOT_TODAY;
			return 0;
		}
	} else {
		if ((sid = today_session(db, b.run_id, d0, d1, now)) == -1)
			return -1;
		if (sid == 0) {
			out->result = CHECKIN_NOT_TODAY;
			return 0;
		}
		if (attendance_session(db, a, sid, u, &s) != 0)
			return -1;
		session_into(&s, out);
	}
	if (strcmp(b.status, "cancelled") == 0) {
		out->result = CHECKIN_CANCELLED;
		return 0;
	}
	if (strcmp(b.status, "confirmed") != 0) {
		out->result = CHECKIN_WAITLISTED;
		return 0;
	}
	if (q->dry_run) {
		/* Absent or excused would be replaced by a check-in. */
		if ((rc = record_get(db, a, b.id, s.id, out)) == -1)
			return -1;
		out->result = rc == 0 && out->status != ATT_ABSENT &&
		    out->status != ATT_EXCUSED ? CHECKIN_ALREADY : CHECKIN_READY;
		if (out->result == CHECKIN_READY) {
			out->at = 0;
			out->by = NULL;
		}
		return 0;
	}
	if ((st = db_stmt(db, STMT_ATT_CHECKIN)) == NULL)
		return -1;
	db_bind_int(st, 1, b.id);
	db_bind_int(st, 2, s.id);
	db_bind_text(st, 3, status_words[ATT_PRESENT]);
	db_bind_int(st, 4, (long long)now);
	db_bind_int(st, 5, u->id);
	db_bind_text(st, 6, method_words[q->method]);
	if (db_step_done(st) != DB_OK)
		return -1;
	if (db_changes(db) == 1) {
		out->result = CHECKIN_DONE;
		out->status = ATT_PRESENT;
		out->at = now;
		out->by = u->name;
		out->method = q->method;
		return 0;
	}
	out->result = CHECKIN_ALREADY;
	return record_get(db, a, b.id, s.id, out) == 0 ? 0 : -1;
}

/*
 * Scan nonces: each answer the door sends (a scan online, an item of the
 * offline queue) carries a nonce of its user's; the first arrival is
 * applied and its answer kept, a second is answered again from what was
 * kept. These three, inside the caller's transaction, are the one place
 * both paths read and write scan_nonce.
 */

/* Forget nonces older than ATT_NONCE_KEEP, then claim user u's nonce:
 * *seen 0 when this is its first arrival (now claimed), 1 when it came
 * before. 0 or -1. */
static int
nonce_claim(struct db *db, const struct staff_user *u, const char *nonce,
    time_t now, int *seen)
{
	struct db_stmt	*s;

	if ((s = db_stmt(db, STMT_ATT_NONCE_PRUNE)) == NULL)
		return -1;
	db_bind_int(s, 1, (long long)now - ATT_NONCE_KEEP);
	if (db_step_done(s) != DB_OK ||
	    (s = db_stmt(db, STMT_ATT_NONCE_ADD)) == NULL)
		return -1;
	db_bind_int(s, 1, u->id);
	db_bind_text(s, 2, nonce);
	db_bind_int(s, 3, (long long)now);
	if (db_step_done(s) != DB_OK)
		return -1;
	*seen = db_changes(db) == 0;
	return 0;
}

/* What a claimed nonce answered: its result word (in the arena; "" if
 * none was kept), booking and session (0 for none). 0 or -1. */
static int
nonce_get(struct db *db, struct arena *a, const struct staff_user *u,
    const char *nonce, const char **word, long long *booking,
    long long *session)
{
	struct db_stmt	*s;

	if ((s = db_stmt(db, STMT_ATT_NONCE_GET)) == NULL)
		return -1;
	db_bind_int(s, 1, u->id);
	db_bind_text(s, 2, nonce);
	if (db_step(s) != DB_ROW) {
		dberr(db);
		db_reset(s);
		return -1;
	}
	*word = db_col_dup(s, 0, a);
	*booking = db_col_int(s, 1);
	*session = db_col_int(s, 2);
	db_reset(s);
	return *word != NULL ? 0 : -1;
}

/* Keep the answer to a nonce just claimed: its result word, booking and
 * session (0: none, kept as NULL). 0 or -1. */
static int
nonce_set(struct db *db, const struct staff_user *u, const char *nonce,
    const char *word, long long booking, long long session)
{
	struct db_stmt	*s;

	if ((s = db_stmt(db, STMT_ATT_NONCE_SET)) == NULL)
		return -1;
	db_bind_int(s, 1, u->id);
	db_bind_text(s, 2, nonce);
	db_bind_text(s, 3, word);
	if (booking != 0)
		db_bind_int(s, 4, booking);
	if (session != 0)
		db_bind_int(s, 5, session);
	return db_step_done(s) == DB_OK ? 0 : -1;
}

/*
 * A nonce seen before: rebuild its first answer into out from what was
 * stored, reading the booking, session and record as they are now.
 * 0 or -1.
 */
static int
replay(struct db *db, struct arena *a, const struct staff_user *u,
    const char *nonce, struct checkin *out)
{
	struct att_session	 ss;
	struct bk		 b;
	const char		*word;
	long long		 booking, session;
	int			 r, rc;

	if (nonce_get(db, a, u, nonce, &word, &booking, &session) == -1 ||
	    (r = attendance_result_parse(word)) < 0)
		return -1;
	out->result = (enum checkin_result)r;
	out->replay = 1;
	if (out->result == CHECKIN_FORBIDDEN || out->result == CHECKIN_UNKNOWN)
		return 0;
	if (booking != 0) {
		if (booking_get(db, a, STMT_ATT_BOOKING, booking, NULL, &b) != 0)
			return -1;
		out->booking_id = b.id;
		out->run_id = b.run_id;
		out->name = b.name;
		out->course_title = b.course_title;
	}
	if (session != 0) {
		if (attendance_session(db, a, session, u, &ss) != 0)
			return -1;
		session_into(&ss, out);
		if (booking != 0 && (rc = record_get(db, a, booking, session,
		    out)) == -1)
			return -1;
	}
	return 0;
}

enum checkin_result
attendance_checkin(struct db *db, struct arena *a, const struct staff_user *u,
    const struct checkin_req *q, time_t now, struct checkin *out)
{
	int		 seen = 0;

	memset(out, 0, sizeof(*out));
	out->result = CHECKIN_ERROR;
	if (u == NULL || (unsigned)q->method >= ATT_METHOD__MAX ||
	    (q->nonce != NULL && !attendance_nonce_valid(q->nonce)))
		return CHECKIN_ERROR;
	if (q->dry_run) {
		if (decide(db, a, u, q, now, out) == -1) {
			memset(out, 0, sizeof(*out));
			out->result = CHECKIN_ERROR;
		}
		return out->result;
	}
	if (db_begin(db) != DB_OK)
		return CHECKIN_ERROR;
	if (q->nonce != NULL &&
	    nonce_claim(db, u, q->nonce, now, &seen) == -1)
		goto fail;
	if (seen) {
		if (replay(db, a, u, q->nonce, out) == -1)
			goto fail;
	} else {
		if (decide(db, a, u, q, now, out) == -1)
			goto fail;
		if (q->nonce != NULL && nonce_set(db, u, q->nonce,
		    result_words[out->result], out->booking_id,
		    out->session_id) == -1)
			goto fail;
	}
	if (db_commit(db) != DB_OK) {
		out->result = CHECKIN_ERROR;
		return CHECKIN_ERROR;
	}
	return out->result;
fail:
	(void)db_rollback(db);
	memset(out, 0, sizeof(*out));
	out->result = CHECKIN_ERROR;
	return CHECKIN_ERROR;
}


/* Whether a result shows who the learner is: not to a user who may not
 * check in for their run. */
static int
shows_learner(enum checkin_result r)
{
	return r == CHECKIN_DONE || r == CHECKIN_ALREADY ||
	    r == CHECKIN_READY || r == CHECKIN_CANCELLED || r == CHECKIN_WAITLISTED ||
	    r == CHECKIN_NOT_TODAY;
}

/*
 * The run's scheduled sessions as the loop dates (date, time_range,
 * starts_iso: the start as when_iso() writes it, for a page's script);
 * *list gets them as one line, "Tue 3 Mar 10:00, Tue 10 Mar 10:00".
 */
static int
run_dates(struct db *db, long long run, struct view *v, const char **list)
{
	struct arena	*a = view_arena(v);
	struct db_stmt	*s;
	struct view	*row;
	char		 d[WHEN_BUF], t[WHEN_BUF], range[WHEN_BUF];
	char		 iso[WHEN_BUF];
	const char	*l = "";
	time_t		 start, end;
	int		 rc;

	if (view_loop(v, "dates") == -1 ||
	    (s = db_stmt(db, STMT_ATT_RUN_DATES)) == NULL)
		return -1;
	db_bind_int(s, 1, run);
	db_bind_int(s, 2, ATT_DATES_MAX);
	while ((rc = db_step(s)) == DB_ROW) {
		start = (time_t)db_col_int(s, 0);
		end = (time_t)db_col_int(s, 1);
		if (when_short_date(d, sizeof(d), start) == NULL ||
		    when_time(t, sizeof(t), start) == NULL ||
		    when_range(range, sizeof(range), start, end) == NULL ||
		    when_iso(iso, sizeof(iso), start) == NULL ||
		    (row = view_row(v, "dates")) == NULL ||
		    view_set(row, "date", d) == -1 ||
		    view_set(row, "starts_iso", iso) == -1 ||
		    view_set(row, "time_range", range) == -1 ||
		    (l = arena_printf(a, "%s%s%s %s", l, *l ? ", " : "", d,
		    t)) == NULL) {
			db_reset(s);
			return -1;
		}
	}
	db_reset(s);
	if (rc != DB_DONE) {
		dberr(db);
		return -1;
	}
	*list = l;
	return 0;
}

int
attendance_checkin_view(struct db *db, const struct checkin *c,
    struct view *v)
{
	struct arena		*a = view_arena(v);
	struct att_session	 s;
	const char		*word = attendance_result_word(c->result);
	const char		*first = "", *msg = NULL, *tone = "bad";
	const char		*dates = "", *by, *whole;
	char			 flag[VIEW_NAME_MAX], t[WHEN_BUF];
	char			 range[WHEN_BUF], nb[24], cb[24];
	const char *const	 names[] = { "name", "first_name", "time", "by",
	    "dates", "course" };
	const char		*vals[6];
	const char *const	 snames[] = { "number", "count", "time" };
	const char		*svals[3];

	if (word == NULL)
		return -1;
	if (shows_learner(c->result) && c->name != NULL &&
	    (first = attendance_first_name(a, c->name)) == NULL)
		return -1;
	whole = shows_learner(c->result) && c->name != NULL ? c->name : "";
	snprintf(flag, sizeof(flag), "result_%s", word);
	t[0] = '\0';
	if ((c->result == CHECKIN_DONE || c->result == CHECKIN_ALREADY) &&
	    c->at != 0 && when_time(t, sizeof(t), c->at) == NULL)
		return -1;
	by = (c->by != NULL && *c->by != '\0') ? c->by : _("a member of staff");
	if (c->result == CHECKIN_NOT_TODAY && c->run_id != 0 &&
	    run_dates(db, c->run_id, v, &dates) == -1)
		return -1;
	/* The values the messages may name: {name} (the whole name),
	 * {first_name}, {time}, {by}, {dates}, {course}. */
	vals[0] = whole;
	vals[1] = first;
	vals[2] = t;
	vals[3] = by;
	vals[4] = dates;
	vals[5] = c->course_title != NULL ? c->course_title : "";
	switch (c->result) {
	case CHECKIN_DONE:
		tone = "ok";
		msg = _("{name}: checked in at {time}.");
		break;
	case CHECKIN_ALREADY:
		tone = "warn";
		msg = c->status == ATT_LATE ?
		    _("{name}: already checked in (late) at {time} by {by}.") :
		    _("{name}: already checked in at {time} by {by}.");
		break;
	case CHECKIN_CANCELLED:
		msg = _("Booking cancelled: {first_name} does not have a "
		    "place.");
		break;
	case CHECKIN_WAITLISTED:
		msg = _("On the waiting list, not confirmed: {first_name} "
		    "does not have a place yet.");
		break;
	case CHECKIN_NOT_TODAY:
		msg = *dates != '\0' ? _("No session of this course today. "
		    "Its sessions: {dates}.") :
		    _("No session of this course today.");
		break;
	case CHECKIN_OTHER_RUN:
		msg = _("Booked on another course: {course}.");
		break;
	case CHECKIN_UNKNOWN:
		/* The one answer for a code that is not on the user's
		 * sessions, whether no booking has it or a booking of
		 * someone else's course does. */
		msg = _("Not on your sessions: no booking on your sessions "
		    "has this code.");
		break;
	case CHECKIN_FORBIDDEN:
		msg = _("Not one of your courses: you cannot check in for "
		    "it.");
		break;
	case CHECKIN_READY:
		tone = "info";
		msg = _("Not checked in yet: {first_name}.");
		break;
	default:
		return -1;
	}
	msg = i18n_say(a, msg, names, vals, sizeof(names) / sizeof(names[0]));
	if (msg == NULL ||
	    view_set(v, "result", word) == -1 ||
	    view_set_bool(v, flag, 1) == -1 ||
	    view_set(v, "tone", tone) == -1 ||
	    view_set(v, "message", msg) == -1 ||
	    view_set_bool(v, "replay", c->replay) == -1 ||
	    view_set(v, "first_name", first) == -1 ||
	    view_set(v, "name", whole) == -1 ||
	    view_set(v, "course_title", (shows_learner(c->result) ||
	    c->result == CHECKIN_OTHER_RUN) && c->course_title != NULL ?
	    c->course_title : "") == -1 ||
	    view_set(v, "at_time", t) == -1 ||
	    view_set(v, "by", (c->result == CHECKIN_DONE ||
	    c->result == CHECKIN_ALREADY) ? by : "") == -1 ||
	    view_set_bool(v, "by_unnamed", (c->result == CHECKIN_DONE ||
	    c->result == CHECKIN_ALREADY) && (c->by == NULL ||
	    *c->by == '\0')) == -1 ||
	    view_set(v, "status", (c->result == CHECKIN_DONE ||
	    c->result == CHECKIN_ALREADY) && (unsigned)c->status <
	    ATT_STATUS__MAX ? status_words[c->status] : "") == -1)
		return -1;
	if (c->session_id == 0 || c->result == CHECKIN_FORBIDDEN)
		return view_set(v, "session_text", "");
	if (when_range(range, sizeof(range), c->starts_at, c->ends_at) == NULL ||
	    view_set(v, "time_range", range) == -1 ||
	    snprintf(nb, sizeof(nb), "%d", c->number) < 0 ||
	    snprintf(cb, sizeof(cb), "%d", c->count) < 0)
		return -1;
	svals[0] = nb;
	svals[1] = cb;
	svals[2] = range;
	if (view_set(v, "session_text", c->count > 1 ? i18n_say(a,
	    _("Session {number} of {count}, {time}"), snames, svals, 3) :
	    range) == -1)
		return -1;
	/* The running count for the door. */
	memset(&s, 0, sizeof(s));
	s.id = c->session_id;
	s.run_id = c->session_run;
	return roster_counts(db, &s, v);
}

int
attendance_counts(struct db *db, const struct att_session *s, struct view *v)
{
	return roster_counts(db, s, v);
}

int
attendance_recall(struct db *db, struct arena *a, const struct staff_user *u,
    const struct att_session *s, enum checkin_result r, long long booking,
    struct checkin *out)
{
	struct bk	 b;
	int		 rc;

	memset(out, 0, sizeof(*out));
	if (!attendance_may(u, s)) {
		out->result = CHECKIN_FORBIDDEN;
		return 0;
	}
	session_into(s, out);
	out->result = r;
	if (r != CHECKIN_DONE && r != CHECKIN_ALREADY &&
	    r != CHECKIN_CANCELLED && r != CHECKIN_WAITLISTED)
		return 0;
	if ((rc = booking_get(db, a, STMT_ATT_BOOKING, booking, NULL,
	    &b)) == -1)
		return -1;
	if (rc == 1 || b.run_id != s->run_id) {
		out->result = CHECKIN_UNKNOWN;
		return 0;
	}
	out->booking_id = b.id;
	out->run_id = b.run_id;
	out->name = b.name;
	out->course_title = b.course_title;
	if (r == CHECKIN_DONE || r == CHECKIN_ALREADY)
		return record_get(db, a, b.id, s->id, out) == -1 ? -1 : 0;
	return 0;
}

/* Whether booking is a confirmed booking of run: 1, 0, or -1. */
static int
booking_in_run(struct db *db, long long booking, long long run)
{
	struct db_stmt	*s;
	const char	*st;
	int		 rc, v = 0;

	if ((s = db_stmt(db, STMT_ATT_BOOKING)) == NULL)
		return -1;
	db_bind_int(s, 1, booking);
	if ((rc = db_step(s)) == DB_ROW) {
		st = db_col_text(s, 2);
		v = db_col_int(s, 1) == run && st != NULL &&
		    strcmp(st, "confirmed") == 0;
	} else if (rc != DB_DONE) {
		dberr(db);
		v = -1;
	}
	db_reset(s);
	return v;
}

int
attendance_mark(struct db *db, const struct staff_user *u,
    const struct att_session *s, long long booking, const char *what,
    time_t now)
{
	struct db_stmt	*st;
	char		 detail[96];
	int		 status = -1, rc;

	if (!attendance_may(u, s) || what == NULL)
		return 1;
	if (strcmp(what, "undo") != 0 &&
	    (status = attendance_status_parse(what)) < 0)
		return 1;
	if (db_begin(db) != DB_OK)
		return -1;
	if ((rc = booking_in_run(db, booking, s->run_id)) != 1) {
		(void)db_rollback(db);
		return rc == 0 ? 1 : -1;
	}
	if (status < 0) {
		if ((st = db_stmt(db, STMT_ATT_UNDO)) == NULL)
			goto fail;
		db_bind_int(st, 1, booking);
		db_bind_int(st, 2, s->id);
		if (db_step_done(st) != DB_OK)
			goto fail;
		snprintf(detail, sizeof(detail), "booking %lld, session %lld",
		    booking, s->id);
		if (db_changes(db) == 1 &&
		    college_audit(db, u->id, "attendance.undo", detail) == -1)
			goto fail;
	} else {
		if ((st = db_stmt(db, STMT_ATT_SET)) == NULL)
			goto fail;
		db_bind_int(st, 1, booking);
		db_bind_int(st, 2, s->id);
		db_bind_text(st, 3, status_words[status]);
		db_bind_int(st, 4, (long long)now);
		db_bind_int(st, 5, u->id);
		db_bind_text(st, 6, method_words[ATT_TAP]);
		if (db_step_done(st) != DB_OK)
			goto fail;
	}
	return db_commit(db) == 0 ? 0 : -1;
fail:
	(void)db_rollback(db);
	return -1;
}

int
attendance_absent_rest(struct db *db, const struct staff_user *u,
    const struct att_session *s, time_t now, long long *n)
{
	struct db_stmt	*st;
	char		 detail[96];

	*n = 0;
	if (!attendance_may(u, s))
		return 1;
	if (db_begin(db) != DB_OK)
		return -1;
	if ((st = db_stmt(db, STMT_ATT_ABSENT_REST)) == NULL)
		goto fail;
	db_bind_int(st, 1, s->id);
	db_bind_int(st, 2, s->run_id);
	db_bind_int(st, 3, (long long)now);
	db_bind_int(st, 4, u->id);
	if (db_step_done(st) != DB_OK)
		goto fail;
	*n = db_changes(db);
	snprintf(detail, sizeof(detail), "session %lld: %lld marked absent",
	    s->id, *n);
	if (*n > 0 && college_audit(db, u->id, "attendance.absent_rest",
	    detail) == -1)
		goto fail;
	if (db_commit(db) != DB_OK) {
		*n = 0;
		return -1;
	}
	return 0;
fail:
	(void)db_rollback(db);
	*n = 0;
	return -1;
}

int
attendance_needs(struct db *db, struct arena *a, const struct staff_user *u,
    const struct att_session *s, long long booking, const char **name,
    const char **needs)
{
	struct bk	 b;
	char		 detail[96];
	int		 rc;

	*name = *needs = NULL;
	if (!attendance_may(u, s))
		return 1;
	if (db_begin(db) != DB_OK)
		return -1;
	if ((rc = booking_get(db, a, STMT_ATT_BOOKING, booking, NULL,
	    &b)) == -1)
		goto fail;
	if (rc == 1 || b.run_id != s->run_id ||
	    strcmp(b.status, "confirmed") != 0) {
		(void)db_rollback(db);
		return 1;
	}
	/* The log first: no showing goes unrecorded. */
	snprintf(detail, sizeof(detail), "booking %lld, session %lld",
	    booking, s->id);
	if (college_audit(db, u->id, "needs.reveal", detail) == -1 ||
	    db_commit(db) != DB_OK)
		goto fail;
	*name = b.name;
	*needs = b.needs;
	return 0;
fail:
	(void)db_rollback(db);
	return -1;
}

/* --- Offline check-in: the queue's items, the day's rosters ------------- */

static const char *const action_words[ATT_ACTION__MAX] = {
	[ATT_DO_PRESENT] = "present",
	[ATT_DO_LATE] = "late",
	[ATT_DO_ABSENT] = "absent",
	[ATT_DO_EXCUSED] = "excused",
	[ATT_DO_UNDO] = "undo",
	[ATT_DO_REST] = "rest",
};

/* The status an action sets (present, late, absent, excused), or -1. */
static int
action_status(enum att_action a)
{
	switch (a) {
	case ATT_DO_PRESENT: return ATT_PRESENT;
	case ATT_DO_LATE: return ATT_LATE;
	case ATT_DO_ABSENT: return ATT_ABSENT;
	case ATT_DO_EXCUSED: return ATT_EXCUSED;
	default: return -1;
	}
}

/* A decimal number of 1..18 digits at *p, up to the next space or the
 * end; *p moves past it (and one space). 0 or -1. */
static int
item_num(const char **p, long long *out)
{
	long long	 v = 0;
	int		 n = 0;

	while (**p >= '0' && **p <= '9' && n < 18) {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	if (n == 0 || (**p != ' ' && **p != '\0'))
		return -1;
	if (**p == ' ')
		(*p)++;
	*out = v;
	return 0;
}

/* A word of words[0..n) at *p, up to the next space; *p moves past it
 * and one space. The index or -1. */
static int
item_word(const char **p, const char *const *words, int n)
{
	size_t	 len = strcspn(*p, " ");
	int	 i;

	for (i = 0; i < n; i++)
		if (words[i] != NULL && strlen(words[i]) == len &&
		    strncmp(*p, words[i], len) == 0) {
			*p += len;
			if (**p == ' ')
				(*p)++;
			return i;
		}
	return -1;
}

int
attendance_item_parse(const char *line, struct att_item *it)
{
	const char	*p = line;
	long long	 v;
	size_t		 n;
	int		 w;

	memset(it, 0, sizeof(*it));
	if (line == NULL || strnlen(line, ATT_SYNC_LINE_MAX + 1) >
	    ATT_SYNC_LINE_MAX)
		return -1;
	n = strcspn(p, " ");
	if (n < ATT_NONCE_MIN || n > ATT_NONCE_MAX || p[n] != ' ')
		return -1;
	memcpy(it->nonce, p, n);
	it->nonce[n] = '\0';
	if (!attendance_nonce_valid(it->nonce))
		return -1;
	p += n + 1;
	if (item_num(&p, &v) == -1 || v < 1)
		return -1;
	it->session_id = v;
	if (item_num(&p, &v) == -1)
		return -1;
	it->booking_id = v;
	if ((w = item_word(&p, action_words, ATT_ACTION__MAX)) < 0)
		return -1;
	it->action = (enum att_action)w;
	/* Paper is typed in by the office, never queued at the door. */
	if ((w = item_word(&p, method_words, ATT_PAPER)) < 0)
		return -1;
	it->method = (enum att_method)w;
	if (item_num(&p, &v) == -1 || *p != '\0' || p[-1] == ' ')
		return -1;
	it->at = (time_t)v;
	/* A learner for every action but rest, and none for rest. */
	if ((it->action == ATT_DO_REST) != (it->booking_id == 0))
		return -1;
	return 0;
}

time_t
attendance_clock(const struct att_session *s, time_t phone, time_t now)
{
	time_t	 early = s->starts_at - ATT_CLOCK_EARLY;

	if (phone > now)
		phone = now;
	if (phone < early)
		phone = early < now ? early : now;
	return phone;
}

/* Words of the sync answers, as stored with a nonce for a replay. */
enum sync_result {
	SYNC_CHECKED_IN,	/* recorded (or the earlier time now kept) */
	SYNC_ALREADY,		/* an earlier check-in stays */
	SYNC_MARKED,		/* a status set */
	SYNC_UNDONE,		/* the record removed */
	SYNC_REST,		/* everyone else marked absent */
	SYNC_CHANGED,		/* a newer record stays: nothing done */
	SYNC_UNKNOWN,		/* not a confirmed learner of the session */
	SYNC_FORBIDDEN,		/* not a session of the user's */
	SYNC__MAX
};

static const char *const sync_words[SYNC__MAX] = {
	[SYNC_CHECKED_IN] = "checked_in",
	[SYNC_ALREADY] = "already",
	[SYNC_MARKED] = "marked",
	[SYNC_UNDONE] = "undone",
	[SYNC_REST] = "rest",
	[SYNC_CHANGED] = "changed",
	[SYNC_UNKNOWN] = "unknown",
	[SYNC_FORBIDDEN] = "forbidden",
};

static const char *const sync_tones[SYNC__MAX] = {
	[SYNC_CHECKED_IN] = "ok",
	[SYNC_ALREADY] = "warn",
	[SYNC_MARKED] = "ok",
	[SYNC_UNDONE] = "ok",
	[SYNC_REST] = "ok",
	[SYNC_CHANGED] = "warn",
	[SYNC_UNKNOWN] = "bad",
	[SYNC_FORBIDDEN] = "bad",
};

/* What one item did, for the answer. */
struct synced {
	enum sync_result	 result;
	const char		*name;		/* the learner, or NULL */
	int			 has_record;
	struct checkin		 rec;		/* the record now */
	long long		 count;		/* SYNC_REST */
};

/* Set the record of booking at s to status, at, by user, method. */
static int
put_record(struct db *db, long long booking, long long session, int status,
    time_t at, long long user, enum att_method m)
{
	struct db_stmt	*st;

	if ((st = db_stmt(db, STMT_DOOR_PUT)) == NULL)
		return -1;
	db_bind_int(st, 1, booking);
	db_bind_int(st, 2, session);
	db_bind_text(st, 3, status_words[status]);
	db_bind_int(st, 4, (long long)at);
	db_bind_int(st, 5, user);
	db_bind_text(st, 6, method_words[m]);
	return db_step_done(st) == DB_OK ? 0 : -1;
}

static int
undo_record(struct db *db, const struct staff_user *u, long long booking,
    long long session)
{
	struct db_stmt	*st;
	char		 detail[96];

	if ((st = db_stmt(db, STMT_ATT_UNDO)) == NULL)
		return -1;
	db_bind_int(st, 1, booking);
	db_bind_int(st, 2, session);
	if (db_step_done(st) != DB_OK)
		return -1;
	snprintf(detail, sizeof(detail), "booking %lld, session %lld",
	    booking, session);
	if (db_changes(db) == 1 &&
	    college_audit(db, u->id, "attendance.undo", detail) == -1)
		return -1;
	return 0;
}

/*
 * The item's effect inside the caller's transaction, by the rules in
 * attendance.h; out gets what happened. 0 or -1.
 */
static int
sync_apply(struct db *db, struct arena *a, const struct staff_user *u,
    const struct att_session *s, const struct att_item *it, time_t now,
    struct synced *out)
{
	struct checkin	 r;
	struct bk	 b;
	time_t		 t = attendance_clock(s, it->at, now);
	int		 rc, want, had;
	char		 detail[96];
	struct db_stmt	*st;

	if (it->action == ATT_DO_REST) {
		if ((st = db_stmt(db, STMT_ATT_ABSENT_REST)) == NULL)
			return -1;
		db_bind_int(st, 1, s->id);
		db_bind_int(st, 2, s->run_id);
		db_bind_int(st, 3, (long long)t);
		db_bind_int(st, 4, u->id);
		if (db_step_done(st) != DB_OK)
			return -1;
		out->count = db_changes(db);
		snprintf(detail, sizeof(detail), "session %lld: %lld marked "
		    "absent", s->id, out->count);
		if (out->count > 0 && college_audit(db, u->id,
		    "attendance.absent_rest", detail) == -1)
			return -1;
		out->result = SYNC_REST;
		return 0;
	}
	if ((rc = booking_get(db, a, STMT_ATT_BOOKING, it->booking_id, NULL,
	    &b)) == -1)
		return -1;
	if (rc == 1 || b.run_id != s->run_id ||
	    strcmp(b.status, "confirmed") != 0) {
		out->result = SYNC_UNKNOWN;
		return 0;
	}
	out->name = b.name;
	memset(&r, 0, sizeof(r));
	if ((had = record_get(db, a, b.id, s->id, &r)) == -1)
		return -1;
	had = had == 0;
	want = action_status(it->action);
	if (want == ATT_PRESENT || want == ATT_LATE) {
		if (!had || r.status == ATT_ABSENT || r.status == ATT_EXCUSED) {
			/* A check-in replaces a record of absence. */
			if (put_record(db, b.id, s->id, want, t, u->id,
			    it->method) == -1)
				return -1;
			out->result = SYNC_CHECKED_IN;
		} else if (t < r.at) {
			/* The earlier check-in is kept, whoever sent it
			 * first; a tap's late or present is its word. */
			if (put_record(db, b.id, s->id, it->method == ATT_TAP ?
			    want : (int)r.status, t, u->id, it->method) == -1)
				return -1;
			out->result = SYNC_CHECKED_IN;
		} else if (it->method == ATT_TAP && want != (int)r.status) {
			/* Present to late or back: the first time stays. */
			if ((st = db_stmt(db, STMT_DOOR_STATUS)) == NULL)
				return -1;
			db_bind_int(st, 1, b.id);
			db_bind_int(st, 2, s->id);
			db_bind_text(st, 3, status_words[want]);
			if (db_step_done(st) != DB_OK)
				return -1;
			out->result = SYNC_MARKED;
		} else
			out->result = SYNC_ALREADY;
	} else if (had && r.at > t) {
		/* A newer decision stands. */
		out->result = SYNC_CHANGED;
	} else if (want >= 0) {
		if (!had || r.status != (enum att_status)want) {
			if (put_record(db, b.id, s->id, want, t, u->id,
			    it->method) == -1)
				return -1;
		}
		out->result = SYNC_MARKED;
	} else {
		if (had && undo_record(db, u, b.id, s->id) == -1)
			return -1;
		out->result = SYNC_UNDONE;
	}
	memset(&out->rec, 0, sizeof(out->rec));
	if ((rc = record_get(db, a, b.id, s->id, &out->rec)) == -1)
		return -1;
	out->has_record = rc == 0;
	return 0;
}

/* A replayed nonce: what it answered, with the record as it is now. */
static int
sync_replay(struct db *db, struct arena *a, const struct staff_user *u,
    const char *nonce, long long *session, struct synced *out)
{
	const char	*w;
	long long	 booking;
	struct bk	 b;
	int		 i, rc;

	if (nonce_get(db, a, u, nonce, &w, &booking, session) == -1)
		return -1;
	out->result = SYNC_UNKNOWN;
	for (i = 0; i < SYNC__MAX; i++)
		if (strcmp(w, sync_words[i]) == 0)
			out->result = (enum sync_result)i;
	if (booking == 0 || *session == 0 || out->result == SYNC_UNKNOWN ||
	    out->result == SYNC_FORBIDDEN)
		return 0;
	if ((rc = booking_get(db, a, STMT_ATT_BOOKING, booking, NULL,
	    &b)) == -1)
		return -1;
	if (rc == 0)
		out->name = b.name;
	if ((rc = record_get(db, a, booking, *session, &out->rec)) == -1)
		return -1;
	out->has_record = rc == 0;
	out->rec.booking_id = booking;
	return 0;
}

/* The answer's variables into row. */
static int
sync_view(const struct att_item *it, const struct synced *d, int replayed,
    struct view *row)
{
	struct arena	*a = view_arena(row);
	const char	*name = d->name != NULL ? d->name : "";
	const char	*by = "", *msg = NULL, *st = "";
	char		 t[WHEN_BUF];

	t[0] = '\0';
	if (d->has_record) {
		if (when_time(t, sizeof(t), d->rec.at) == NULL)
			return -1;
		by = d->rec.by != NULL && *d->rec.by != '\0' ? d->rec.by :
		    "a member of staff";
		st = status_words[d->rec.status];
	}
	switch (d->result) {
	case SYNC_CHECKED_IN:
		msg = arena_printf(a, "%s: checked in%s at %s.", name,
		    d->rec.status == ATT_LATE ? " (late)" : "", t);
		break;
	case SYNC_ALREADY:
		msg = arena_printf(a, "%s: already checked in%s at %s by %s.",
		    name, d->rec.status == ATT_LATE ? " (late)" : "", t, by);
		break;
	case SYNC_MARKED:
		msg = d->has_record ? arena_printf(a, "%s: marked %s.", name,
		    st) : arena_printf(a, "%s: saved.", name);
		break;
	case SYNC_UNDONE:
		msg = arena_printf(a, "%s: mark taken away.", name);
		break;
	case SYNC_REST:
		msg = arena_printf(a, "Everyone not checked in was marked "
		    "absent (%lld).", d->count);
		break;
	case SYNC_CHANGED:
		msg = d->has_record ? arena_printf(a, "%s: not changed, because "
		    "%s recorded %s at %s, after this.", name, by, st, t) :
		    arena_printf(a, "%s: not changed, because it was changed "
		    "again after this.", name);
		break;
	case SYNC_UNKNOWN:
		msg = "Not on this list: this learner has no place on this "
		    "session.";
		break;
	case SYNC_FORBIDDEN:
		msg = "This session is not one of yours: nothing was recorded.";
		break;
	default:
		return -1;
	}
	if (msg == NULL ||
	    view_set(row, "nonce", it->nonce) == -1 ||
	    view_set(row, "result", sync_words[d->result]) == -1 ||
	    view_set(row, "tone", sync_tones[d->result]) == -1 ||
	    view_set(row, "message", msg) == -1 ||
	    view_set_bool(row, "replay", replayed) == -1 ||
	    view_set_int(row, "session_id", it->session_id) == -1 ||
	    view_set_int(row, "booking_id", it->booking_id) == -1 ||
	    view_set(row, "name", name) == -1 ||
	    view_set(row, "status", st) == -1 ||
	    view_set(row, "at_time", t) == -1 ||
	    view_set(row, "by", d->has_record ? by : "") == -1 ||
	    view_set_bool(row, "by_unnamed", d->has_record &&
	    (d->rec.by == NULL || *d->rec.by == '\0')) == -1 ||
	    view_set_int(row, "count", d->count) == -1)
		return -1;
	return 0;
}

int
attendance_sync(struct db *db, const struct staff_user *u,
    const struct att_item *it, time_t now, struct view *row)
{
	struct arena		*a = view_arena(row);
	struct att_session	 s;
	struct synced		 d;
	long long		 session = 0;
	int			 seen, rc;

	memset(&d, 0, sizeof(d));
	if (u == NULL || !attendance_nonce_valid(it->nonce) ||
	    (unsigned)it->action >= ATT_ACTION__MAX ||
	    (unsigned)it->method >= ATT_PAPER)
		return -1;
	if (db_begin(db) != DB_OK)
		return -1;
	if (nonce_claim(db, u, it->nonce, now, &seen) == -1)
		goto fail;
	if (seen) {
		if (sync_replay(db, a, u, it->nonce, &session, &d) == -1)
			goto fail;
	} else {
		if ((rc = attendance_session(db, a, it->session_id, u,
		    &s)) == -1)
			goto fail;
		if (rc == 1 || !attendance_may(u, &s))
			d.result = SYNC_FORBIDDEN;
		else if (sync_apply(db, a, u, &s, it, now, &d) == -1)
			goto fail;
		if (nonce_set(db, u, it->nonce, sync_words[d.result],
		    d.name != NULL ? it->booking_id : 0,
		    d.result != SYNC_FORBIDDEN ? it->session_id : 0) == -1)
			goto fail;
	}
	if (sync_view(it, &d, seen, row) == -1)
		goto fail;
	/* The session's running count, for the door's display. */
	if (d.result != SYNC_FORBIDDEN) {
		if (seen && (rc = attendance_session(db, a, session != 0 ?
		    session : it->session_id, u, &s)) != 0)
			goto fail;
		if (roster_counts(db, &s, row) == -1)
			goto fail;
	}
	return db_commit(db) == 0 ? 0 : -1;
fail:
	(void)db_rollback(db);
	return -1;
}

/* The door's list of session (id, run) as the loop learners of v, with
 * the check-in token's hash (booking.checkin_hash, what the phone
 * matches a scanned code against) when hashes. 0 or -1. */
static int
door_list(struct db *db, long long id, long long run, int hashes,
    struct view *v)
{
	struct db_stmt	*st;
	struct view	*row;
	char		 t[WHEN_BUF];
	int		 rc, status;

	if (view_loop(v, "learners") == -1 ||
	    (st = db_stmt(db, STMT_DOOR_LIST)) == NULL)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, run);
	while ((rc = db_step(st)) == DB_ROW) {
		status = attendance_status_parse(
		    db_col_text(st, 4));
		t[0] = '\0';
		if (status >= 0 && when_time(t, sizeof(t),
		    (time_t)db_col_int(st, 5)) == NULL)
			goto fail;
		if ((row = view_row(v, "learners")) == NULL ||
		    view_set_int(row, "booking_id",
		    db_col_int(st, 0)) == -1 ||
		    view_set(row, "name",
		    db_col_text(st, 1)) == -1 ||
		    view_set(row, "code",
		    db_col_text(st, 2)) == -1 ||
		    (hashes && view_set(row, "hash",
		    db_col_text(st, 3)) == -1) ||
		    view_set(row, "status", status >= 0 ?
		    status_words[status] : "") == -1 ||
		    view_set_bool(row, "present", status == ATT_PRESENT) == -1 ||
		    view_set_bool(row, "late", status == ATT_LATE) == -1 ||
		    view_set_bool(row, "absent", status == ATT_ABSENT) == -1 ||
		    view_set_bool(row, "unmarked", status < 0) == -1 ||
		    view_set(row, "at_time", t) == -1 ||
		    view_set(row, "by", status >= 0 ?
		    db_col_text(st, 6) : "") == -1)
			goto fail;
	}
	db_reset(st);
	if (rc != DB_DONE) {
		dberr(db);
		return -1;
	}
	return 0;
fail:
	db_reset(st);
	return -1;
}

int
attendance_today(struct db *db, const struct staff_user *u, time_t now,
    struct view *v)
{
	struct db_stmt	*st;
	struct view	*row;
	struct tm	 tm;
	char		 day[16], date[WHEN_BUF], range[WHEN_BUF];
	time_t		 d0, d1, start, end;
	long long	 ids[ATT_TODAY_MAX], runs[ATT_TODAY_MAX];
	struct view	*rows[ATT_TODAY_MAX];
	size_t		 n = 0, i;
	int		 rc;

	if (attendance_day(now, &d0, &d1) == -1 ||
	    localtime_r(&now, &tm) == NULL ||
	    strftime(day, sizeof(day), "%Y-%m-%d", &tm) == 0 ||
	    view_set(v, "day", day) == -1 ||
	    view_loop(v, "sessions") == -1 ||
	    (st = db_stmt(db, STMT_DOOR_TODAY)) == NULL)
		return -1;
	db_bind_int(st, 1, (long long)d0);
	db_bind_int(st, 2, (long long)d1);
	db_bind_int(st, 3, u->id);
	/* Read the sessions first: the lists use another statement. */
	while ((rc = db_step(st)) == DB_ROW && n < ATT_TODAY_MAX) {
		start = (time_t)db_col_int(st, 2);
		end = (time_t)db_col_int(st, 3);
		if (when_date(date, sizeof(date), start) == NULL ||
		    when_range(range, sizeof(range), start, end) == NULL ||
		    (row = view_row(v, "sessions")) == NULL ||
		    view_set_int(row, "id", db_col_int(st, 0)) == -1 ||
		    view_set(row, "course_title",
		    db_col_text(st, 4)) == -1 ||
		    view_set(row, "venue",
		    db_col_text(st, 5)) == -1 ||
		    view_set_bool(row, "online", (int)db_col_int(st, 6)) ==
		    -1 ||
		    view_set(row, "date", date) == -1 ||
		    view_set(row, "time_range", range) == -1) {
			db_reset(st);
			return -1;
		}
		ids[n] = db_col_int(st, 0);
		runs[n] = db_col_int(st, 1);
		rows[n++] = row;
	}
	db_reset(st);
	if (rc != DB_DONE && rc != DB_ROW) {
		dberr(db);
		return -1;
	}
	for (i = 0; i < n; i++)
		if (door_list(db, ids[i], runs[i], 1, rows[i]) == -1)
			return -1;
	return 0;
}

int
attendance_sheet(struct db *db, const struct staff_user *u,
    const struct att_session *s, struct view *v)
{
	if (!attendance_may(u, s))
		return 1;
	return door_list(db, s->id, s->run_id, 0, v);
}

enum att_paper_result
attendance_paper(struct db *db, struct arena *a, const struct staff_user *u,
    const struct att_session *s, size_t n, const long long *booking,
    const int *status, time_t now, long long *changed)
{
	struct checkin	 r;
	char		 detail[96];
	size_t		 i;
	int		 rc, had;

	*changed = 0;
	if (u == NULL || u->role != STAFF_ADMIN || !attendance_may(u, s))
		return ATT_PAPER_REFUSED;
	if (db_begin(db) != DB_OK)
		return ATT_PAPER_ERROR;
	for (i = 0; i < n; i++) {
		if (status[i] != -1 && status[i] != ATT_PRESENT &&
		    status[i] != ATT_LATE && status[i] != ATT_ABSENT)
			goto refuse;
		if ((rc = booking_in_run(db, booking[i], s->run_id)) == -1)
			goto fail;
		if (rc == 0)
			goto refuse;
		if ((had = record_get(db, a, booking[i], s->id, &r)) == -1)
			goto fail;
		if (status[i] == -1) {
			if (had == 0) {
				if (undo_record(db, u, booking[i], s->id) == -1)
					goto fail;
				(*changed)++;
			}
			continue;
		}
		if (had == 0 && (int)r.status == status[i])
			continue;
		if (put_record(db, booking[i], s->id, status[i], now, u->id,
		    ATT_PAPER) == -1)
			goto fail;
		(*changed)++;
	}
	snprintf(detail, sizeof(detail), "session %lld: %lld from paper",
	    s->id, *changed);
	if (college_audit(db, u->id, "attendance.paper", detail) == -1 ||
	    db_commit(db) != DB_OK) {
		*changed = 0;
		return ATT_PAPER_ERROR;
	}
	return ATT_PAPER_SAVED;
refuse:
	(void)db_rollback(db);
	*changed = 0;
	return ATT_PAPER_REFUSED;
fail:
	(void)db_rollback(db);
	*changed = 0;
	return ATT_PAPER_ERROR;
}
