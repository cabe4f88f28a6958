/*
 * booking.c: booking a run, the waiting list, cancelling, and what the
 * booking pages show. The rules are in booking.h.
 *
 * Every write is one BEGIN IMMEDIATE transaction (db_begin): SQLite
 * then lets one writer at a time in, so counting the confirmed places
 * and inserting the booking cannot interleave with another booking of
 * the same run, whichever process makes it.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>
#include <sqlite3.h>

#include "kit/arena.h"
#include "kit/db.h"
#include "kit/ical.h"
#include "kit/token.h"
#include "kit/view.h"
#include "college/booking.h"
#include "college/college.h"
#include "college/mail.h"
#include "college/stmts.h"
#include "college/when.h"

static const char *const status_words[BOOKING_STATUS__MAX] = {
	[BOOKING_CONFIRMED] = "confirmed",
	[BOOKING_WAITLISTED] = "waitlisted",
	[BOOKING_CANCELLED] = "cancelled",
};

static const char *const closed_words[BOOKING_CLOSED__MAX] = {
	[BOOKING_OPEN] = "",
	[BOOKING_NO_RUN] = "not-open",
	[BOOKING_NOT_OPEN] = "not-open",
	[BOOKING_RUN_CANCELLED] = "cancelled",
	[BOOKING_STARTED] = "started",
};

static const char *const closed_texts[BOOKING_CLOSED__MAX] = {
	[BOOKING_OPEN] = "",
	[BOOKING_NO_RUN] = "There is no course to book at this address.",
	[BOOKING_NOT_OPEN] = "This course is not open for booking.",
	[BOOKING_RUN_CANCELLED] = "The college has cancelled this course, "
	    "so it cannot be booked.",
	[BOOKING_STARTED] = "This course has already started, so it can "
	    "no longer be booked.",
};

/* A run as booking needs it (STMT_BOOKING_RUN). */
struct run_state {
	enum booking_closed	 closed;
	long long		 capacity;
	time_t			 first_start;	/* 0: no scheduled session */
	int			 published;	/* run and course published */
	int			 cancelled;	/* the run is */
	int			 course_public;	/* course published, run not draft */
	const char		*slug;		/* with an arena only */
	const char		*title;
};

/* An existing booking of one learner on one run (STMT_BOOKING_EXISTING). */
struct existing {
	long long		 id;		/* 0: none */
	enum booking_status	 status;
	char			 token[TOKEN_B32_LEN + 1];
	char			 code[BOOKING_CODE_LEN + 1];
	char			 hash[BOOKING_HASH_HEX + 1];
};

const char *
booking_status_word(enum booking_status s)
{
	return ((int)s >= 0 && s < BOOKING_STATUS__MAX) ? status_words[s] : "";
}

const char *
booking_closed_text(enum booking_closed c)
{
	return ((int)c >= 0 && c < BOOKING_CLOSED__MAX) ? closed_texts[c] : "";
}

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == '\f' || c == '\v';
}

/* Characters (not bytes) in a UTF-8 string. */
static size_t
chars(const char *s)
{
	size_t	 n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

int
booking_email_normalise(char *out, size_t outsz, const char *email)
{
	size_t	 b = 0, e, n, i;
	char	 c;

	if (email == NULL || out == NULL || outsz == 0)
		return -1;
	e = strlen(email);
	while (b < e && is_space((unsigned char)email[b]))
		b++;
	while (e > b && is_space((unsigned char)email[e - 1]))
		e--;
	n = e - b;
	if (n == 0 || n >= outsz)
		return -1;
	for (i = 0; i < n; i++) {
		c = email[b + i];
		out[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
	}
	out[n] = '\0';
	if (chars(out) > BOOKING_EMAIL_MAX)
		return -1;
	return memchr(out, '@', n) != NULL ? 0 : -1;
}

int
booking_phone_valid(const char *s)
{
	size_t	 n;
	int	 digits = 0;

	if (s == NULL)
		return 0;
	for (n = 0; s[n] != '\0'; n++) {
		if (n >= BOOKING_PHONE_MAX)
			return 0;
		if (s[n] >= '0' && s[n] <= '9')
			digits++;
		else if (strchr(" +()-", s[n]) == NULL)
			return 0;
	}
	return digits > 0;
}

/* Whether the request's fields are within the rules' bounds; email
 * normalised into email (BOOKING_EMAIL_MAX + 1 bytes). */
static int
request_ok(const struct booking_request *req, char *email, size_t emailsz)
{
	size_t	 n;

	if (req == NULL || req->run_id <= 0 || req->name == NULL ||
	    booking_email_normalise(email, emailsz, req->email) == -1)
		return 0;
	n = chars(req->name);
	if (n == 0 || n > BOOKING_NAME_MAX)
		return 0;
	if (req->phone != NULL && req->phone[0] != '\0' &&
	    !booking_phone_valid(req->phone))
		return 0;
	if (req->needs != NULL && chars(req->needs) > BOOKING_NEEDS_MAX)
		return 0;
	return 1;
}

/* SHA-256 of the browser's csrf token in hex into out, "" if none. */
static int
browser_hash(const char *browser, char out[BOOKING_HASH_HEX + 1])
{
	static int	 ready;
	unsigned char	 h[crypto_hash_sha256_BYTES];

	out[0] = '\0';
	if (browser == NULL || browser[0] == '\0')
		return 0;
	if (!ready) {
		if (sodium_init() < 0)
			return -1;
		ready = 1;
	}
	if (crypto_hash_sha256(h, (const unsigned char *)browser,
	    strlen(browser)) != 0)
		return -1;
	sodium_bin2hex(out, BOOKING_HASH_HEX + 1, h, sizeof(h));
	return 0;
}

/* A new check-in code: BOOKING_CODE_LEN characters of the alphabet,
 * each uniform (bytes past the largest multiple of its size are
 * skipped). 0 or -1. */
static int
code_new(char out[BOOKING_CODE_LEN + 1])
{
	static const char	 alpha[] = BOOKING_CODE_ALPHABET;
	const unsigned		 n = sizeof(alpha) - 1;
	const unsigned		 lim = 256 - 256 % n;
	unsigned char		 r[16];
	size_t			 i = 0, j;

	while (i < BOOKING_CODE_LEN) {
		if (token_random(r, sizeof(r)) == -1)
			return -1;
		for (j = 0; j < sizeof(r) && i < BOOKING_CODE_LEN; j++)
			if (r[j] < lim)
				out[i++] = alpha[r[j] % n];
	}
	out[i] = '\0';
	return 0;
}

static enum booking_status
status_of(const char *s)
{
	if (strcmp(s, "confirmed") == 0)
		return BOOKING_CONFIRMED;
	if (strcmp(s, "waitlisted") == 0)
		return BOOKING_WAITLISTED;
	return BOOKING_CANCELLED;
}

/* Copy column i into dst of exactly len characters; -1 if it is not. */
static int
col_fixed(sqlite3_stmt *st, int i, char *dst, size_t len)
{
	const char	*s = college_text(st, i);

	if (strlen(s) != len)
		return -1;
	memcpy(dst, s, len + 1);
	return 0;
}

/*
 * Read run's state at now into rs; slug and title are copied only when
 * a is not NULL. 0 (rs->closed is BOOKING_NO_RUN for no such run) or -1.
 */
static int
run_state(struct db *db, struct arena *a, long long run, time_t now,
    struct run_state *rs)
{
	sqlite3_stmt	*st;
	const char	*rstat, *cstat;
	int		 step, rc = 0;

	memset(rs, 0, sizeof(*rs));
	rs->closed = BOOKING_NO_RUN;
	if ((st = db_stmt(db, STMT_BOOKING_RUN)) == NULL)
		return -1;
	if (sqlite3_bind_int64(st, 1, run) != SQLITE_OK) {
		sqlite3_reset(st);
		return -1;
	}
	if ((step = sqlite3_step(st)) == SQLITE_ROW) {
		rstat = college_text(st, 0);
		cstat = college_text(st, 1);
		rs->capacity = sqlite3_column_int64(st, 2);
		rs->first_start = sqlite3_column_type(st, 3) == SQLITE_NULL ?
		    0 : (time_t)sqlite3_column_int64(st, 3);
		rs->cancelled = strcmp(rstat, "cancelled") == 0;
		rs->published = strcmp(rstat, "published") == 0 &&
		    strcmp(cstat, "published") == 0;
		rs->course_public = strcmp(rstat, "draft") != 0 &&
		    strcmp(cstat, "published") == 0;
		if (rs->cancelled)
			rs->closed = BOOKING_RUN_CANCELLED;
		else if (!rs->published || rs->first_start == 0)
			rs->closed = BOOKING_NOT_OPEN;
		else if (rs->first_start <= now)
			rs->closed = BOOKING_STARTED;
		else
			rs->closed = BOOKING_OPEN;
		if (a != NULL &&
		    ((rs->slug = arena_strdup(a, college_text(st, 4))) == NULL ||
		    (rs->title = arena_strdup(a, college_text(st, 5))) == NULL))
			rc = -1;
	} else if (step != SQLITE_DONE)
		rc = -1;
	sqlite3_reset(st);
	return rc;
}

/* Confirmed bookings of run, and whether anyone waits. 0 or -1. */
static int
counts(struct db *db, long long run, long long *confirmed, int *waiting)
{
	sqlite3_stmt	*st;
	int		 rc = -1;

	if ((st = db_stmt(db, STMT_BOOKING_COUNTS)) == NULL)
		return -1;
	if (sqlite3_bind_int64(st, 1, run) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		*confirmed = sqlite3_column_int64(st, 0);
		*waiting = sqlite3_column_int(st, 1) != 0;
		rc = 0;
	}
	sqlite3_reset(st);
	return rc;
}

/* The waiting-list position of booking id (waitlisted). 0 or -1. */
static int
position(struct db *db, long long id, long long *pos)
{
	sqlite3_stmt	*st;
	int		 rc = -1;

	if ((st = db_stmt(db, STMT_BOOKING_POSITION)) == NULL)
		return -1;
	if (sqlite3_bind_int64(st, 1, id) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		*pos = sqlite3_column_int64(st, 0);
		rc = 0;
	}
	sqlite3_reset(st);
	return rc;
}

static int
set_status(struct db *db, long long id, enum booking_status s, time_t now)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = db_stmt(db, STMT_BOOKING_SET_STATUS)) == NULL)
		return -1;
	if (sqlite3_bind_int64(st, 1, id) != SQLITE_OK ||
	    sqlite3_bind_text(st, 2, status_words[s], -1,
	    SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 3, (sqlite3_int64)now) != SQLITE_OK) {
		sqlite3_reset(st);
		return -1;
	}
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* An audit line naming booking id and its run only (nothing personal),
 * by staff user `by`, or 0 for the learner or the system. */
static int
audit_by(struct db *db, long long by, const char *action, long long id,
    long long run)
{
	char	 detail[64];

	snprintf(detail, sizeof(detail), "booking %lld run %lld", id, run);
	return college_audit(db, by, action, detail);
}

static int
audit(struct db *db, const char *action, long long id, long long run)
{
	return audit_by(db, 0, action, id, run);
}

int
booking_fill(struct db *db, long long by, long long run, long long capacity,
    time_t now, long long *confirmed, int *promoted)
{
	sqlite3_stmt	*st;
	long long	 c, id;
	int		 step, w;

	if (counts(db, run, &c, &w) == -1)
		return -1;
	/* Stops when full or when nobody is left waiting. */
	while (c < capacity && w) {
		if ((st = db_stmt(db, STMT_BOOKING_FIRST_WAITING)) == NULL ||
		    sqlite3_bind_int64(st, 1, run) != SQLITE_OK)
			return -1;
		step = sqlite3_step(st);
		id = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		sqlite3_reset(st);
		if (step != SQLITE_ROW && step != SQLITE_DONE)
			return -1;
		if (id == 0)
			break;
		if (set_status(db, id, BOOKING_CONFIRMED, now) == -1 ||
		    audit_by(db, by, "booking.promote", id, run) == -1)
			return -1;
		c++;
		(*promoted)++;
	}
	*confirmed = c;
	return 0;
}

/* The learner with this (normalised) email: *id, or 0 if none. */
static int
learner_get(struct db *db, const char *email, long long *id)
{
	sqlite3_stmt	*st;
	int		 step;

	*id = 0;
	if ((st = db_stmt(db, STMT_BOOKING_LEARNER_GET)) == NULL)
		return -1;
	if (sqlite3_bind_text(st, 1, email, -1, SQLITE_STATIC) != SQLITE_OK) {
		sqlite3_reset(st);
		return -1;
	}
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return (step == SQLITE_ROW || step == SQLITE_DONE) ? 0 : -1;
}

/* A new learner, or (existing) a fresh consent date. *id set. 0 or -1. */
static int
learner_put(struct db *db, const struct booking_request *req,
    const char *email, time_t now, long long *id)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (*id != 0) {
		if ((st = db_stmt(db, STMT_BOOKING_LEARNER_CONSENT)) == NULL)
			return -1;
		rc = sqlite3_bind_int64(st, 1, *id) == SQLITE_OK &&
		    sqlite3_bind_int64(st, 2, (sqlite3_int64)now) ==
		    SQLITE_OK ? sqlite3_step(st) : SQLITE_ERROR;
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? 0 : -1;
	}
	if ((st = db_stmt(db, STMT_BOOKING_LEARNER_ADD)) == NULL)
		return -1;
	rc = sqlite3_bind_text(st, 1, email, -1, SQLITE_STATIC) == SQLITE_OK &&
	    sqlite3_bind_text(st, 2, req->name, -1, SQLITE_STATIC) ==
	    SQLITE_OK &&
	    sqlite3_bind_text(st, 3, req->phone ? req->phone : "", -1,
	    SQLITE_STATIC) == SQLITE_OK &&
	    sqlite3_bind_int64(st, 4, (sqlite3_int64)now) == SQLITE_OK ?
	    sqlite3_step(st) : SQLITE_ERROR;
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	*id = sqlite3_last_insert_rowid(db_handle(db));
	return 0;
}

/* The learner's booking of run into ex (ex->id 0 if none). 0 or -1. */
static int
existing_get(struct db *db, long long run, long long learner,
    struct existing *ex)
{
	sqlite3_stmt	*st;
	int		 step, rc = 0;

	memset(ex, 0, sizeof(*ex));
	if ((st = db_stmt(db, STMT_BOOKING_EXISTING)) == NULL)
		return -1;
	if (sqlite3_bind_int64(st, 1, run) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, learner) != SQLITE_OK) {
		sqlite3_reset(st);
		return -1;
	}
	if ((step = sqlite3_step(st)) == SQLITE_ROW) {
		ex->id = sqlite3_column_int64(st, 0);
		ex->status = status_of(college_text(st, 1));
		if (col_fixed(st, 2, ex->token, TOKEN_B32_LEN) == -1 ||
		    col_fixed(st, 3, ex->code, BOOKING_CODE_LEN) == -1)
			rc = -1;
		/* '' (unknown browser) or a hash: anything else never matches. */
		if (col_fixed(st, 4, ex->hash, BOOKING_HASH_HEX) == -1)
			ex->hash[0] = '\0';
	} else if (step != SQLITE_DONE)
		rc = -1;
	sqlite3_reset(st);
	return rc;
}

/*
 * Write the booking: a new row, or (ex->id set) the cancelled row made
 * afresh, with a new token and code, retried on a UNIQUE collision.
 * out->id, token and code set. 0 or -1.
 */
static int
booking_put(struct db *db, const struct booking_request *req,
    long long learner, const struct existing *ex, enum booking_status s,
    const char *hash, time_t now, struct booking_ref *out)
{
	sqlite3_stmt	*st;
	int		 tries, rc = SQLITE_ERROR, ok;
	size_t		 idx = ex->id ? STMT_BOOKING_REOPEN : STMT_BOOKING_INSERT;

	for (tries = 0; tries < BOOKING_CODE_TRIES; tries++) {
		if (token_new(out->token, sizeof(out->token)) == -1 ||
		    code_new(out->code) == -1 ||
		    (st = db_stmt(db, idx)) == NULL)
			return -1;
		/* Both statements take ?3..?8 alike; ?1 ?2 differ. */
		ok = (ex->id ?
		    sqlite3_bind_int64(st, 1, ex->id) == SQLITE_OK &&
		    sqlite3_bind_int64(st, 2, req->run_id) == SQLITE_OK :
		    sqlite3_bind_int64(st, 1, req->run_id) == SQLITE_OK &&
		    sqlite3_bind_int64(st, 2, learner) == SQLITE_OK) &&
		    sqlite3_bind_text(st, 3, status_words[s], -1,
		    SQLITE_STATIC) == SQLITE_OK &&
		    sqlite3_bind_text(st, 4, out->token, -1, SQLITE_STATIC) ==
		    SQLITE_OK &&
		    sqlite3_bind_text(st, 5, out->code, -1, SQLITE_STATIC) ==
		    SQLITE_OK &&
		    sqlite3_bind_text(st, 6, req->needs ? req->needs : "", -1,
		    SQLITE_STATIC) == SQLITE_OK &&
		    sqlite3_bind_int64(st, 7, (sqlite3_int64)now) == SQLITE_OK &&
		    sqlite3_bind_text(st, 8, hash, -1, SQLITE_STATIC) ==
		    SQLITE_OK;
		rc = ok ? sqlite3_step(st) : SQLITE_ERROR;
		sqlite3_reset(st);
		if (rc == SQLITE_DONE)
			break;
		/* A failed statement is undone alone; the transaction
		 * stays open. Only a taken token or code is worth a retry. */
		if (sqlite3_extended_errcode(db_handle(db)) !=
		    SQLITE_CONSTRAINT_UNIQUE)
			return -1;
	}
	if (rc != SQLITE_DONE)
		return -1;
	out->id = ex->id ? ex->id : sqlite3_last_insert_rowid(db_handle(db));
	return 0;
}

/* booking_create()'s work inside its transaction. */
static enum booking_result
create(struct db *db, const struct booking_request *req, const char *email,
    const char *hash, time_t now, struct booking_ref *out)
{
	struct run_state	 rs;
	struct existing		 ex;
	long long		 learner, confirmed;
	int			 promoted = 0;
	enum booking_status	 s;

	out->run_id = req->run_id;
	if (run_state(db, NULL, req->run_id, now, &rs) == -1)
		return BOOKING_ERROR;
	if (rs.closed == BOOKING_NO_RUN) {
		out->closed = rs.closed;
		return BOOKING_REFUSED;
	}
	if (learner_get(db, email, &learner) == -1)
		return BOOKING_ERROR;
	memset(&ex, 0, sizeof(ex));
	if (learner != 0 &&
	    existing_get(db, req->run_id, learner, &ex) == -1)
		return BOOKING_ERROR;
	if (ex.id != 0 && ex.status != BOOKING_CANCELLED) {
		/* Only the browser that booked is told which booking. */
		if (hash[0] == '\0' || ex.hash[0] == '\0' ||
		    !ct_streq(hash, ex.hash))
			return BOOKING_ELSEWHERE;
		out->id = ex.id;
		out->status = ex.status;
		memcpy(out->token, ex.token, sizeof(out->token));
		memcpy(out->code, ex.code, sizeof(out->code));
		if (ex.status == BOOKING_WAITLISTED &&
		    position(db, ex.id, &out->position) == -1)
			return BOOKING_ERROR;
		return BOOKING_SAME;
	}
	if (rs.closed != BOOKING_OPEN) {
		out->closed = rs.closed;
		return BOOKING_REFUSED;
	}
	if (learner_put(db, req, email, now, &learner) == -1)
		return BOOKING_ERROR;
	/* Places left while people wait (capacity raised, say) go to the
	 * waiting list first, in order, before anyone new. */
	if (booking_fill(db, 0, req->run_id, rs.capacity, now, &confirmed,
	    &promoted) == -1)
		return BOOKING_ERROR;
	s = confirmed < rs.capacity ? BOOKING_CONFIRMED : BOOKING_WAITLISTED;
	if (booking_put(db, req, learner, &ex, s, hash, now, out) == -1)
		return BOOKING_ERROR;
	out->status = s;
	if (s == BOOKING_WAITLISTED && position(db, out->id,
	    &out->position) == -1)
		return BOOKING_ERROR;
	return BOOKING_MADE;
}

enum booking_result
booking_create(struct db *db, const struct booking_request *req,
    time_t now, struct booking_ref *out)
{
	char			 email[BOOKING_EMAIL_BUF];
	char			 hash[BOOKING_HASH_HEX + 1];
	enum booking_result	 res;

	memset(out, 0, sizeof(*out));
	if (!request_ok(req, email, sizeof(email)))
		return BOOKING_INVALID;
	if (browser_hash(req->browser, hash) == -1 || db_begin(db) == -1)
		return BOOKING_ERROR;
	res = create(db, req, email, hash, now, out);
	if (res == BOOKING_MADE) {
		if (db_commit(db) == -1)
			res = BOOKING_ERROR;
	} else
		(void)db_rollback(db);
	if (res == BOOKING_ERROR || res == BOOKING_ELSEWHERE) {
		enum booking_closed	 c = out->closed;

		memset(out, 0, sizeof(*out));
		out->closed = c;
	}
	return res;
}

/* booking_cancel()'s work inside its transaction. 0, 1 or -1. */
static int
cancel(struct db *db, const char *token, time_t now, int *promoted)
{
	sqlite3_stmt		*st;
	long long		 id, run, capacity, confirmed;
	enum booking_status	 s;
	time_t			 first;
	int			 step, published;

	if ((st = db_stmt(db, STMT_BOOKING_BY_TOKEN)) == NULL)
		return -1;
	if (sqlite3_bind_text(st, 1, token, -1, SQLITE_STATIC) != SQLITE_OK) {
		sqlite3_reset(st);
		return -1;
	}
	if ((step = sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_reset(st);
		return step == SQLITE_DONE ? 1 : -1;
	}
	id = sqlite3_column_int64(st, 0);
	run = sqlite3_column_int64(st, 1);
	s = status_of(college_text(st, 2));
	published = strcmp(college_text(st, 4), "published") == 0;
	capacity = sqlite3_column_int64(st, 5);
	first = sqlite3_column_type(st, 9) == SQLITE_NULL ? 0 :
	    (time_t)sqlite3_column_int64(st, 9);
	sqlite3_reset(st);

	if (s == BOOKING_CANCELLED)
		return 0;
	if (set_status(db, id, BOOKING_CANCELLED, now) == -1 ||
	    audit(db, "booking.cancel", id, run) == -1)
		return -1;
	/* Once the course has begun a newcomer would have missed it. */
	if (s == BOOKING_CONFIRMED && published && first > now &&
	    booking_fill(db, 0, run, capacity, now, &confirmed, promoted) == -1)
		return -1;
	return 0;
}

int
booking_cancel(struct db *db, const char *token, time_t now, int *promoted)
{
	int	 n = 0, rc;

	if (promoted != NULL)
		*promoted = 0;
	if (token == NULL || !token_valid(token))
		return 1;
	if (db_begin(db) == -1)
		return -1;
	rc = cancel(db, token, now, &n);
	if (rc == 0) {
		if (db_commit(db) == -1)
			return -1;
	} else
		(void)db_rollback(db);
	if (rc == 0 && promoted != NULL)
		*promoted = n;
	return rc;
}

int
booking_find(struct db *db, struct arena *a, const char *token, time_t now,
    struct booking_info *info)
{
	sqlite3_stmt	*st;
	const char	*rstat;
	int		 step, rc = 0;

	memset(info, 0, sizeof(*info));
	if (token == NULL || !token_valid(token))
		return 1;
	if ((st = db_stmt(db, STMT_BOOKING_BY_TOKEN)) == NULL)
		return -1;
	if (sqlite3_bind_text(st, 1, token, -1, SQLITE_STATIC) != SQLITE_OK) {
		sqlite3_reset(st);
		return -1;
	}
	if ((step = sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_reset(st);
		return step == SQLITE_DONE ? 1 : -1;
	}
	info->ref.id = sqlite3_column_int64(st, 0);
	info->ref.run_id = sqlite3_column_int64(st, 1);
	info->ref.status = status_of(college_text(st, 2));
	memcpy(info->ref.token, token, TOKEN_B32_LEN + 1);
	if (col_fixed(st, 3, info->ref.code, BOOKING_CODE_LEN) == -1)
		rc = -1;
	rstat = college_text(st, 4);
	info->run_published = strcmp(rstat, "published") == 0;
	info->run_cancelled = strcmp(rstat, "cancelled") == 0;
	info->capacity = sqlite3_column_int64(st, 5);
	if ((info->online_details = arena_strdup(a, college_text(st, 6))) == NULL ||
	    (info->course_slug = arena_strdup(a, college_text(st, 7))) == NULL ||
	    (info->course_title = arena_strdup(a, college_text(st, 8))) == NULL)
		rc = -1;
	info->first_start = sqlite3_column_type(st, 9) == SQLITE_NULL ? 0 :
	    (time_t)sqlite3_column_int64(st, 9);
	info->started = info->first_start != 0 && info->first_start <= now;
	sqlite3_reset(st);
	if (rc == 0 && info->ref.status == BOOKING_WAITLISTED &&
	    position(db, info->ref.id, &info->ref.position) == -1)
		rc = -1;
	return rc;
}

/* The variables of one session row from STMT_BOOKING_SESSIONS (or the
 * calendar's reading of it). */
struct session {
	long long	 id;
	time_t		 start, end;
	int		 cancelled;	/* the session (not the run) */
	const char	*venue, *address, *access;
	int		 online;
};

static void
session_read(sqlite3_stmt *st, struct session *s)
{
	s->id = sqlite3_column_int64(st, 0);
	s->start = (time_t)sqlite3_column_int64(st, 1);
	s->end = (time_t)sqlite3_column_int64(st, 2);
	s->cancelled = strcmp(college_text(st, 3), "cancelled") == 0;
	s->venue = college_text(st, 4);
	s->address = college_text(st, 5);
	s->access = college_text(st, 6);
	s->online = sqlite3_column_int(st, 7) != 0;
}

/*
 * Fill row with session s. full: the booking page's variables (place,
 * access, joining), else the form's short ones. joining may be NULL.
 */
static int
session_row(struct view *row, const struct session *s, time_t now,
    int run_cancelled, int full, const char *joining)
{
	char	 b[WHEN_BUF];
	int	 rc = 0;

	if (when_date(b, sizeof(b), s->start) == NULL)
		return -1;
	rc |= view_set(row, "date", b);
	if (when_range(b, sizeof(b), s->start, s->end) == NULL)
		return -1;
	rc |= view_set(row, "time_range", b);
	rc |= view_set(row, "venue", s->venue);
	rc |= view_set_bool(row, "online", s->online);
	rc |= view_set_bool(row, "cancelled", s->cancelled || run_cancelled);
	if (!full)
		return rc;
	rc |= view_set_int(row, "id", s->id);
	if (when_iso(b, sizeof(b), s->start) == NULL)
		return -1;
	rc |= view_set(row, "start", b);
	if (when_iso(b, sizeof(b), s->end) == NULL)
		return -1;
	rc |= view_set(row, "end", b);
	rc |= view_set(row, "address", s->address);
	rc |= view_set(row, "access", s->access);
	rc |= view_set(row, "joining", s->online && joining ? joining : "");
	rc |= view_set_bool(row, "past", s->end <= now);
	return rc;
}

/* The sessions loop of run into v; *n gets the count. 0 or -1. */
static int
sessions_fill(struct db *db, long long run, time_t now, int run_cancelled,
    int full, const char *joining, struct view *v, long long *n)
{
	sqlite3_stmt	*st;
	struct session	 s;
	struct view	*row;
	struct arena	*a = view_arena(v);
	const char	*pv = NULL, *pa = NULL;
	int		 step = SQLITE_DONE, rc, same;

	*n = 0;
	if ((st = db_stmt(db, STMT_BOOKING_SESSIONS)) == NULL)
		return -1;
	if (sqlite3_bind_int64(st, 1, run) != SQLITE_OK) {
		sqlite3_reset(st);
		return -1;
	}
	rc = view_loop(v, "sessions");
	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
		session_read(st, &s);
		/* A weekly course in one room: say where (and its access
		 * notes) once, not six times. */
		same = pv != NULL && strcmp(pv, s.venue) == 0 &&
		    strcmp(pa, s.address) == 0;
		if ((row = view_row(v, "sessions")) == NULL ||
		    session_row(row, &s, now, run_cancelled, full,
		    joining) == -1 ||
		    (full && view_set_bool(row, "same_place", same) == -1) ||
		    (pv = arena_strdup(a, s.venue)) == NULL ||
		    (pa = arena_strdup(a, s.address)) == NULL)
			rc = -1;
		(*n)++;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = -1;
	sqlite3_reset(st);
	return rc;
}

/* The facilitators loop of run into v. 0 or -1. */
static int
facilitators_fill(struct db *db, long long run, struct view *v)
{
	sqlite3_stmt	*st;
	struct view	*row;
	const char	*role, *text;
	int		 step = SQLITE_DONE, rc, n = 0;

	if ((st = db_stmt(db, STMT_BOOKING_FACILITATORS)) == NULL)
		return -1;
	if (sqlite3_bind_int64(st, 1, run) != SQLITE_OK) {
		sqlite3_reset(st);
		return -1;
	}
	rc = view_loop(v, "facilitators");
	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
		role = college_text(st, 1);
		if (strcmp(role, "peer") == 0)
			text = "Peer trainer";
		else if (strcmp(role, "clinical") == 0)
			text = "Clinical trainer";
		else
			text = "Facilitator";
		if ((row = view_row(v, "facilitators")) == NULL ||
		    view_set(row, "name", college_text(st, 0)) == -1 ||
		    view_set(row, "role_text", text) == -1)
			rc = -1;
		n++;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = -1;
	sqlite3_reset(st);
	return rc == 0 ? view_set_bool(v, "has_facilitators", n > 0) : -1;
}

int
booking_view(struct db *db, const struct booking_info *info, time_t now,
    struct view *v)
{
	const struct booking_ref	*b = &info->ref;
	char				 text[96];
	const char			*joining = NULL;
	long long			 n;
	int				 rc = 0;

	switch (b->status) {
	case BOOKING_CONFIRMED:
		snprintf(text, sizeof(text), "Your place is confirmed.");
		/* Joining details: for those with a place, nobody else. */
		if (!info->run_cancelled)
			joining = info->online_details;
		break;
	case BOOKING_WAITLISTED:
		snprintf(text, sizeof(text), "You are number %lld on the "
		    "waiting list.", b->position);
		break;
	default:
		snprintf(text, sizeof(text), "This booking is cancelled.");
		break;
	}
	rc |= view_set(v, "status", booking_status_word(b->status));
	if (b->status == BOOKING_WAITLISTED)
		rc |= view_set_int(v, "waitlist_position", b->position);
	else
		rc |= view_set_null(v, "waitlist_position");
	rc |= view_set_bool(v, "confirmed", b->status == BOOKING_CONFIRMED);
	rc |= view_set_bool(v, "waitlisted", b->status == BOOKING_WAITLISTED);
	rc |= view_set_bool(v, "cancelled", b->status == BOOKING_CANCELLED);
	rc |= view_set(v, "status_text", text);
	rc |= view_set_bool(v, "run_cancelled", info->run_cancelled);
	rc |= view_set_bool(v, "started", info->started);
	rc |= view_set_bool(v, "show_qr", b->status != BOOKING_CANCELLED &&
	    !info->run_cancelled);
	rc |= view_set_bool(v, "can_cancel", b->status != BOOKING_CANCELLED);
	rc |= view_set(v, "course_title", info->course_title);
	rc |= view_set(v, "course_slug", info->course_slug);
	rc |= view_set(v, "code", b->code);
	if (rc != 0 || sessions_fill(db, b->run_id, now, info->run_cancelled,
	    1, joining, v, &n) == -1 ||
	    view_set_int(v, "sessions_count", n) == -1 ||
	    facilitators_fill(db, b->run_id, v) == -1)
		return -1;
	return 0;
}

/* "name, address" (or either alone) in the arena; NULL when out of
 * memory. */
static const char *
place(struct arena *a, const struct session *s)
{
	if (s->address[0] == '\0')
		return arena_strdup(a, s->venue);
	if (s->venue[0] == '\0')
		return arena_strdup(a, s->address);
	return arena_printf(a, "%s, %s", s->venue, s->address);
}

int
booking_calendar(struct db *db, struct arena *a,
    const struct booking_info *info, const char *url, time_t now,
    const struct sink *sink)
{
	sqlite3_stmt		*st;
	struct ical		 ic;
	struct ical_event	 ev;
	struct session		 s;
	const struct booking_ref *b = &info->ref;
	const char		*tz = when_zone(), *host;
	int			 step = SQLITE_DONE, rc = 0, all_off;

	/* The same UIDs as the mailed invitations (mail.c): unique across
	 * installations by the site's host. */
	if ((host = mail_url_host(a, url)) == NULL)
		host = "tessera.invalid";

	all_off = b->status == BOOKING_CANCELLED || info->run_cancelled;
	if (ical_begin(&ic, sink, info->course_title,
	    tz[0] != '\0' ? tz : NULL) == -1)
		return -1;
	if ((st = db_stmt(db, STMT_BOOKING_SESSIONS)) == NULL)
		return -1;
	if (sqlite3_bind_int64(st, 1, b->run_id) != SQLITE_OK) {
		sqlite3_reset(st);
		return -1;
	}
	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
		session_read(st, &s);
		memset(&ev, 0, sizeof(ev));
		ev.uid = arena_printf(a, "s%lld-b%lld@%s", s.id, b->id, host);
		ev.start = s.start;
		ev.end = s.end;
		ev.stamp = now;
		ev.summary = b->status == BOOKING_WAITLISTED ?
		    arena_printf(a, "%s (waiting list)", info->course_title) :
		    info->course_title;
		ev.location = place(a, &s);
		/* Joining details only for a confirmed place, as on the page. */
		if (s.online)
			ev.description = b->status == BOOKING_CONFIRMED &&
			    !all_off ? info->online_details : NULL;
		else if (s.access[0] != '\0')
			ev.description = arena_printf(a, "Access: %s", s.access);
		if (ev.description != NULL && ev.description[0] == '\0')
			ev.description = NULL;
		ev.url = url;
		ev.cancelled = all_off || s.cancelled;
		if (ev.uid == NULL || ev.summary == NULL || ev.location == NULL ||
		    (!s.online && s.access[0] != '\0' &&
		    ev.description == NULL) ||
		    ical_event(&ic, &ev) == -1)
			rc = -1;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = -1;
	sqlite3_reset(st);
	if (rc == 0 && ical_end(&ic) == -1)
		rc = -1;
	return rc;
}

int
booking_run_view(struct db *db, long long run, time_t now, struct view *v,
    enum booking_closed *closed)
{
	struct run_state	 rs;
	long long		 confirmed = 0, left, n = 0;
	int			 waiting;
	char			 places[64];
	int			 rc = 0, shown;

	*closed = BOOKING_NO_RUN;
	if (run_state(db, view_arena(v), run, now, &rs) == -1)
		return -1;
	if (rs.closed == BOOKING_NO_RUN)
		return 1;
	*closed = rs.closed;
	if (counts(db, run, &confirmed, &waiting) == -1)
		return -1;
	left = rs.capacity > confirmed ? rs.capacity - confirmed : 0;
	if (left == 0)
		snprintf(places, sizeof(places),
		    "Full: you can join the waiting list");
	else
		snprintf(places, sizeof(places), "%lld place%s left", left,
		    left == 1 ? "" : "s");
	/* A draft's title is not public yet. */
	shown = rs.course_public;
	rc |= view_set_int(v, "run_id", run);
	rc |= view_set_bool(v, "bookable", rs.closed == BOOKING_OPEN);
	rc |= view_set(v, "closed", closed_words[rs.closed]);
	rc |= view_set(v, "closed_text", closed_texts[rs.closed]);
	rc |= view_set(v, "course_title", shown ? rs.title : "");
	rc |= view_set(v, "course_slug", shown ? rs.slug : "");
	rc |= view_set_int(v, "capacity", rs.capacity);
	rc |= view_set_int(v, "seats_left", left);
	rc |= view_set_bool(v, "full", left == 0);
	rc |= view_set(v, "places_text", places);
	if (rc != 0)
		return -1;
	if (shown && sessions_fill(db, run, now, rs.cancelled, 0, NULL, v,
	    &n) == -1)
		return -1;
	if (!shown && view_loop(v, "sessions") == -1)
		return -1;
	return view_set_int(v, "sessions_count", n);
}
