/*
 * booking.c: booking a run, the waiting list, cancelling, and what the
 * booking pages show. The rules are in booking.h.
 *
 * Every write is one BEGIN IMMEDIATE transaction (db_begin): SQLite
 * then lets one writer at a time in, so counting the confirmed places
 * and inserting the booking cannot interleave with another booking of
 * the same run, whichever process makes it.
 */
#include <sys/socket.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "kit/arena.h"
#include "kit/ascii.h"
#include "kit/db.h"
#include "kit/i18n.h"
#include "kit/ical.h"
#include "kit/token.h"
#include "kit/utf8.h"
#include "kit/view.h"
#include "college/booking.h"
#include "college/college.h"
#include "college/facilitator.h"
#include "college/lang.h"
#include "college/outbox.h"
#include "college/stmts.h"
#include "college/timetable.h"
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
	[BOOKING_NO_RUN] = N_("There is no course to book at this address."),
	[BOOKING_NOT_OPEN] = N_("This course is not open for booking."),
	[BOOKING_RUN_CANCELLED] = N_("The college has cancelled this course, "
	    "so it cannot be booked."),
	[BOOKING_STARTED] = N_("This course has already started, so it can "
	    "no longer be booked."),
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
	char			 code[BOOKING_CODE_LEN + 1];
};

/* A sealed manage token: nonce, then the MAC and the ciphertext. */
#define SEALED_LEN	(crypto_secretbox_NONCEBYTES + \
			    crypto_secretbox_MACBYTES + TOKEN_B32_LEN)
#define KEY_SUFFIX	".key"
#define JOINING_URL_MAX	2000	/* bytes of a joining link */

/* The sealing key, read once per process (per key file). */
static struct {
	int		 loaded;
	char		 path[PATH_MAX];
	unsigned char	 key[BOOKING_KEY_BYTES];
} sealing;

const char *
booking_status_word(enum booking_status s)
{
	return ((int)s >= 0 && s < BOOKING_STATUS__MAX) ? status_words[s] : "";
}

const char *
booking_closed_text(enum booking_closed c)
{
	return ((int)c >= 0 && c < BOOKING_CLOSED__MAX && *closed_texts[c]) ?
	    _(closed_texts[c]) : "";
}

int
booking_email_normalise(char *out, size_t outsz, const char *email)
{
	size_t	 b = 0, e, n, i;

	if (email == NULL || out == NULL || outsz == 0)
		return -1;
	e = strlen(email);
	while (b < e && ascii_space((unsigned char)email[b]))
		b++;
	while (e > b && ascii_space((unsigned char)email[e - 1]))
		e--;
	n = e - b;
	if (n == 0 || n >= outsz)
		return -1;
	for (i = 0; i < n; i++)
		out[i] = (char)ascii_lower((unsigned char)email[b + i]);
	out[n] = '\0';
	if (utf8_chars(out, n) > BOOKING_EMAIL_MAX)
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
	n = utf8_chars(req->name, strlen(req->name));
	if (n == 0 || n > BOOKING_NAME_MAX)
		return 0;
	if (req->phone != NULL && req->phone[0] != '\0' &&
	    !booking_phone_valid(req->phone))
		return 0;
	if (req->needs != NULL && utf8_chars(req->needs,
	    strlen(req->needs)) > BOOKING_NEEDS_MAX)
		return 0;
	return 1;
}

static int
crypto_ready(void)
{
	static int	 ready;

	if (!ready) {
		if (sodium_init() < 0)
			return -1;
		ready = 1;
	}
	return 0;
}

void
booking_token_hash(const char *token, char out[BOOKING_HASH_HEX + 1])
{
	unsigned char	 h[crypto_hash_sha256_BYTES];

	(void)crypto_ready();
	crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
	sodium_bin2hex(out, BOOKING_HASH_HEX + 1, h, sizeof(h));
}

void
booking_checkin_token(const char *manage, char out[TOKEN_B32_LEN + 1])
{
	crypto_hash_sha256_state	 st;
	unsigned char			 h[crypto_hash_sha256_BYTES];
	/* 17 bytes make 28 base32 characters; the first 26 are 130 bits. */
	char				 enc[32];

	(void)crypto_ready();
	crypto_hash_sha256_init(&st);
	/* The label with its NUL: no manage token can be read as a label. */
	crypto_hash_sha256_update(&st,
	    (const unsigned char *)BOOKING_CHECKIN_LABEL,
	    sizeof(BOOKING_CHECKIN_LABEL));
	crypto_hash_sha256_update(&st, (const unsigned char *)manage,
	    strlen(manage));
	crypto_hash_sha256_final(&st, h);
	(void)base32_encode(h, 17, enc, sizeof(enc));
	memcpy(out, enc, TOKEN_B32_LEN);
	out[TOKEN_B32_LEN] = '\0';
	sodium_memzero(h, sizeof(h));
}

/* SHA-256 of the browser's csrf token in hex into out, "" if none. */
static int
browser_hash(const char *browser, char out[BOOKING_HASH_HEX + 1])
{
	out[0] = '\0';
	if (browser == NULL || browser[0] == '\0')
		return 0;
	if (crypto_ready() == -1)
		return -1;
	booking_token_hash(browser, out);
	return 0;
}

/* The key file of db into path: TESSERA_KEY_FILE, else the database's
 * file name and KEY_SUFFIX; "" for a database in memory. A database on
 * a server has no file to sit beside, and every process on every host
 * must seal with the same key: it needs TESSERA_KEY_FILE. 0 or -1. */
static int
key_path(struct db *db, char *path, size_t sz)
{
	const char	*k = getenv("TESSERA_KEY_FILE"), *f;
	int		 n;

	if (k != NULL && *k != '\0')
		n = snprintf(path, sz, "%s", k);
	else if ((f = db_path(db)) == NULL &&
	    strcmp(db_engine(db), "sqlite") != 0) {
		fprintf(stderr, "booking: TESSERA_KEY_FILE must name the "
		    "booking key file (the same on every host) for a "
		    "database on a server\n");
		return -1;
	} else if (f == NULL)
		n = snprintf(path, sz, "%s", "");
	else
		n = snprintf(path, sz, "%s%s", f, KEY_SUFFIX);
	return n < 0 || (size_t)n >= sz ? -1 : 0;
}

/* Read exactly BOOKING_KEY_BYTES from path into key. 0, 1 if there is
 * no such file, -1 on error (a message says which). */
static int
key_read(const char *path, unsigned char *key)
{
	unsigned char	 extra;
	ssize_t		 n;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1) {
		if (errno == ENOENT)
			return 1;
		fprintf(stderr, "booking: key file %s: %s\n", path,
		    strerror(errno));
		return -1;
	}
	n = read(fd, key, BOOKING_KEY_BYTES);
	if (n == BOOKING_KEY_BYTES && read(fd, &extra, 1) == 0) {
		close(fd);
		return 0;
	}
	close(fd);
	fprintf(stderr, "booking: key file %s is not %d bytes\n", path,
	    BOOKING_KEY_BYTES);
	return -1;
}

/*
 * A new key in path, from the kernel's randomness, mode 0600. Written
 * to a file of its own and linked into place, so that two processes
 * creating it at once agree: the one that loses reads the other's.
 * 0 or -1.
 */
static int
key_create(const char *path, unsigned char *key)
{
	char	 tmp[PATH_MAX];
	int	 fd, n, rc = -1;

	n = snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", path, (long)getpid());
	if (n < 0 || (size_t)n >= sizeof(tmp) ||
	    token_random(key, BOOKING_KEY_BYTES) == -1)
		return -1;
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC |
	    O_NOFOLLOW, 0600)) == -1) {
		fprintf(stderr, "booking: cannot create key file %s: %s\n",
		    tmp, strerror(errno));
		return -1;
	}
	if (write(fd, key, BOOKING_KEY_BYTES) == BOOKING_KEY_BYTES &&
	    fsync(fd) == 0)
		rc = 0;
	if (close(fd) == -1)
		rc = -1;
	if (rc == 0 && link(tmp, path) == -1) {
		rc = errno == EEXIST ? key_read(path, key) : -1;
		if (rc != 0)
			fprintf(stderr, "booking: key file %s: %s\n", path,
			    rc == 1 ? "vanished" : strerror(errno));
		rc = rc == 0 ? 0 : -1;
	}
	(void)unlink(tmp);
	return rc;
}

/* The sealing key of db into key, created when absent. A database in
 * memory (the tests) has a key of this process alone. 0 or -1. */
static int
key_get(struct db *db, unsigned char *key)
{
	char	 path[PATH_MAX];
	int	 rc;

	if (crypto_ready() == -1 || key_path(db, path, sizeof(path)) == -1)
		return -1;
	if (sealing.loaded && strcmp(sealing.path, path) == 0) {
		memcpy(key, sealing.key, BOOKING_KEY_BYTES);
		return 0;
	}
	if (path[0] == '\0') {
		if (token_random(sealing.key, BOOKING_KEY_BYTES) == -1)
			return -1;
	} else if ((rc = key_read(path, sealing.key)) == 1) {
		if (key_create(path, sealing.key) == -1)
			return -1;
	} else if (rc == -1)
		return -1;
	memcpy(sealing.path, path, strlen(path) + 1);
	sealing.loaded = 1;
	memcpy(key, sealing.key, BOOKING_KEY_BYTES);
	return 0;
}

int
booking_key_ensure(struct db *db)
{
	unsigned char	 key[BOOKING_KEY_BYTES];
	int		 rc;

	rc = key_get(db, key);
	sodium_memzero(key, sizeof(key));
	return rc;
}

int
booking_key(struct db *db, unsigned char key[BOOKING_KEY_BYTES])
{
	return key_get(db, key);
}

/* Seal token under db's key into out. 0 or -1. */
static int
seal(struct db *db, const char *token, unsigned char out[SEALED_LEN])
{
	unsigned char	 key[BOOKING_KEY_BYTES];
	int		 rc;

	if (key_get(db, key) == -1)
		return -1;
	randombytes_buf(out, crypto_secretbox_NONCEBYTES);
	rc = crypto_secretbox_easy(out + crypto_secretbox_NONCEBYTES,
	    (const unsigned char *)token, TOKEN_B32_LEN, out, key);
	sodium_memzero(key, sizeof(key));
	return rc == 0 ? 0 : -1;
}

/* Open a sealed token (n bytes) into out. 0 or -1. */
static int
unseal(struct db *db, const void *blob, size_t n,
    char out[TOKEN_B32_LEN + 1])
{
	const unsigned char	*in = blob;
	unsigned char		 key[BOOKING_KEY_BYTES];
	int			 rc;

	if (in == NULL || n != SEALED_LEN || key_get(db, key) == -1)
		return -1;
	rc = crypto_secretbox_open_easy((unsigned char *)out,
	    in + crypto_secretbox_NONCEBYTES,
	    SEALED_LEN - crypto_secretbox_NONCEBYTES, in, key);
	sodium_memzero(key, sizeof(key));
	out[TOKEN_B32_LEN] = '\0';
	if (rc != 0 || !token_valid(out)) {
		out[0] = '\0';
		return -1;
	}
	return 0;
}

/* Open the sealed token in column i of st's row into out. 0 or -1. */
static int
unseal_col(struct db *db, struct db_stmt *st, int i,
    char out[TOKEN_B32_LEN + 1])
{
	const void	*p;
	size_t		 n;

	p = db_col_blob(st, i, &n);
	return unseal(db, p, n, out);
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
col_fixed(struct db_stmt *st, int i, char *dst, size_t len)
{
	const char	*s = db_col_text(st, i);

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
	struct db_stmt	*st;
	const char	*rstat, *cstat;
	int		 step, rc = 0;

	memset(rs, 0, sizeof(*rs));
	rs->closed = BOOKING_NO_RUN;
	if ((st = db_stmt(db, STMT_BOOKING_RUN)) == NULL)
		return -1;
	if (db_bind_int(st, 1, run) != DB_OK) {
		db_reset(st);
		return -1;
	}
	if ((step = db_step(st)) == DB_ROW) {
		rstat = db_col_text(st, 0);
		cstat = db_col_text(st, 1);
		rs->capacity = db_col_int(st, 2);
		rs->first_start = db_col_null(st, 3) ?
		    0 : (time_t)db_col_int(st, 3);
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
		    ((rs->slug = db_col_dup(st, 4, a)) == NULL ||
		    (rs->title = db_col_dup(st, 5, a)) == NULL))
			rc = -1;
	} else if (step != DB_DONE)
		rc = -1;
	db_reset(st);
	return rc;
}

/* Confirmed bookings of run, and whether anyone waits. 0 or -1. */
static int
counts(struct db *db, long long run, long long *confirmed, int *waiting)
{
	struct db_stmt	*st;
	int		 rc = -1;

	if ((st = db_stmt(db, STMT_BOOKING_COUNTS)) == NULL)
		return -1;
	if (db_bind_int(st, 1, run) == DB_OK &&
	    db_step(st) == DB_ROW) {
		*confirmed = db_col_int(st, 0);
		*waiting = (int)db_col_int(st, 1) != 0;
		rc = 0;
	}
	db_reset(st);
	return rc;
}

/* The waiting-list position of booking id (waitlisted). 0 or -1. */
static int
position(struct db *db, long long id, long long *pos)
{
	struct db_stmt	*st;
	int		 rc = -1;

	if ((st = db_stmt(db, STMT_BOOKING_POSITION)) == NULL)
		return -1;
	if (db_bind_int(st, 1, id) == DB_OK &&
	    db_step(st) == DB_ROW) {
		*pos = db_col_int(st, 0);
		rc = 0;
	}
	db_reset(st);
	return rc;
}

static int
set_status(struct db *db, long long id, enum booking_status s, time_t now)
{
	struct db_stmt	*st;

	if ((st = db_stmt(db, STMT_BOOKING_SET_STATUS)) == NULL)
		return -1;
	if (db_bind_int(st, 1, id) != DB_OK ||
	    db_bind_text(st, 2, status_words[s]) != DB_OK ||
	    db_bind_int(st, 3, (long long)now) != DB_OK) {
		db_reset(st);
		return -1;
	}
	return db_step_done(st) == DB_OK ? 0 : -1;
}

/* An audit line's detail: the booking and its run by id, nothing
 * personal (college_auditf, by staff user `by` or 0 for the learner or
 * the system). */
#define AUDIT_BOOKING	"booking %lld run %lld"


/* Queue mail of kind about booking id ("position=N" for the waiting
 * list). 0 or -1. */
static int
mail(struct db *db, enum mail_kind kind, long long id, long long pos,
    time_t now)
{
	char	 detail[32];

	if (kind == MAIL_WAITLISTED) {
		snprintf(detail, sizeof(detail), "position=%lld", pos);
		return outbox_add(db, kind, id, 0, detail, now);
	}
	return outbox_add(db, kind, id, 0, NULL, now);
}

int
booking_fill(struct db *db, long long by, long long run, long long capacity,
    time_t now, long long *confirmed, int *promoted)
{
	struct db_stmt	*st;
	long long	 c, id;
	int		 step, w;

	if (counts(db, run, &c, &w) == -1)
		return -1;
	/* Stops when full or when nobody is left waiting. */
	while (c < capacity && w) {
		if ((st = db_stmt(db, STMT_BOOKING_FIRST_WAITING)) == NULL ||
		    db_bind_int(st, 1, run) != DB_OK)
			return -1;
		step = db_step(st);
		id = step == DB_ROW ? db_col_int(st, 0) : 0;
		db_reset(st);
		if (step != DB_ROW && step != DB_DONE)
			return -1;
		if (id == 0)
			break;
		/* Whoever promotes (a cancellation, the office raising the
		 * capacity, a move), the learner hears of it. */
		if (set_status(db, id, BOOKING_CONFIRMED, now) == -1 ||
		    college_auditf(db, by, "booking.promote", AUDIT_BOOKING,
		    id, run) == -1 ||
		    mail(db, MAIL_PROMOTED, id, 0, now) == -1)
			return -1;
		c++;
		(*promoted)++;
	}
	*confirmed = c;
	return 0;
}

/* The learner who is this person (email and name) with no live booking
 * on run: *id, or 0 if none. 0 or -1. */
static int
learner_get(struct db *db, const char *email, const char *name,
    long long run, long long *id)
{
	struct db_stmt	*st;
	int		 step;

	*id = 0;
	if ((st = db_stmt(db, STMT_BOOKING_LEARNER_GET)) == NULL)
		return -1;
	if (db_bind_text(st, 1, email) != DB_OK ||
	    db_bind_text(st, 2, name) != DB_OK ||
	    db_bind_int(st, 3, run) != DB_OK) {
		db_reset(st);
		return -1;
	}
	step = db_step(st);
	if (step == DB_ROW)
		*id = db_col_int(st, 0);
	db_reset(st);
	return (step == DB_ROW || step == DB_DONE) ? 0 : -1;
}

/* A new learner unless *id names one (which is never changed): the
 * statement runs either way, so both take the same work. 0 or -1. */
static int
learner_put(struct db *db, const struct booking_request *req,
    const char *email, time_t now, long long *id)
{
	struct db_stmt	*st;
	int		 rc;

	if ((st = db_stmt(db, STMT_BOOKING_LEARNER_ADD)) == NULL)
		return -1;
	rc = db_bind_text(st, 1, email) == DB_OK &&
	    db_bind_text(st, 2, req->name) ==
	    DB_OK &&
	    db_bind_text(st, 3, req->phone ? req->phone : "") == DB_OK &&
	    db_bind_int(st, 4, (long long)now) == DB_OK &&
	    db_bind_int(st, 5, *id) == DB_OK ?
	    db_step(st) : DB_ERROR;
	/* A row only when one was inserted (RETURNING id). */
	if (rc == DB_ROW) {
		*id = db_col_int(st, 0);
		rc = DB_DONE;
	}
	db_reset(st);
	return rc == DB_DONE ? 0 : -1;
}

/* The learner's booking of run into ex (ex->id 0 if none). 0 or -1. */
static int
existing_get(struct db *db, long long run, long long learner,
    struct existing *ex)
{
	struct db_stmt	*st;
	int		 step, rc = 0;

	memset(ex, 0, sizeof(*ex));
	if ((st = db_stmt(db, STMT_BOOKING_EXISTING)) == NULL)
		return -1;
	if (db_bind_int(st, 1, run) != DB_OK ||
	    db_bind_int(st, 2, learner) != DB_OK) {
		db_reset(st);
		return -1;
	}
	if ((step = db_step(st)) == DB_ROW) {
		ex->id = db_col_int(st, 0);
		ex->status = status_of(db_col_text(st, 1));
		if (col_fixed(st, 2, ex->code, BOOKING_CODE_LEN) == -1)
			rc = -1;
	} else if (step != DB_DONE)
		rc = -1;
	db_reset(st);
	return rc;
}

/*
 * This browser's live booking of the run for this person into out:
 * 0 found, 1 none, -1 on error.
 */
static int
same_browser(struct db *db, const struct booking_request *req,
    const char *email, const char *hash, struct booking_ref *out)
{
	struct db_stmt	*st;
	int		 step, rc = 1;

	if ((st = db_stmt(db, STMT_BOOKING_SAME_BROWSER)) == NULL)
		return -1;
	if (db_bind_int(st, 1, req->run_id) != DB_OK ||
	    db_bind_text(st, 2, hash) != DB_OK ||
	    db_bind_text(st, 3, email) != DB_OK ||
	    db_bind_text(st, 4, req->name) !=
	    DB_OK) {
		db_reset(st);
		return -1;
	}
	if ((step = db_step(st)) == DB_ROW) {
		out->id = db_col_int(st, 0);
		out->status = status_of(db_col_text(st, 1));
		rc = col_fixed(st, 2, out->code, BOOKING_CODE_LEN) == -1 ||
		    unseal_col(db, st, 3, out->token) == -1 ? -1 : 0;
		if (rc == 0)
			booking_checkin_token(out->token, out->checkin);
	} else if (step != DB_DONE)
		rc = -1;
	db_reset(st);
	return rc;
}

/*
 * Write the booking: a new row, or (reopen set) the cancelled row id
 * made afresh, with a new token and code, retried on a UNIQUE
 * collision. Only the hashes and the sealed token are stored. out->id,
 * token, checkin and code set. 0 or -1.
 */
static int
booking_put(struct db *db, long long run, long long learner, long long reopen,
    const char *needs, enum booking_status s, const char *hash, time_t now,
    struct booking_ref *out)
{
	struct db_stmt	*st;
	char		 th[BOOKING_HASH_HEX + 1], ch[BOOKING_HASH_HEX + 1];
	unsigned char	 sealed[SEALED_LEN];
	int		 tries, rc = DB_ERROR, ok;
	size_t		 idx = reopen ? STMT_BOOKING_REOPEN : STMT_BOOKING_INSERT;

	for (tries = 0; tries < BOOKING_CODE_TRIES; tries++) {
		if (token_new(out->token, sizeof(out->token)) == -1 ||
		    code_new(out->code) == -1 ||
		    seal(db, out->token, sealed) == -1 ||
		    (st = db_stmt(db, idx)) == NULL)
			return -1;
		booking_checkin_token(out->token, out->checkin);
		booking_token_hash(out->token, th);
		booking_token_hash(out->checkin, ch);
		/* Both statements take ?3..?10 alike; ?1 ?2 differ. */
		ok = (reopen ?
		    db_bind_int(st, 1, reopen) == DB_OK &&
		    db_bind_int(st, 2, run) == DB_OK :
		    db_bind_int(st, 1, run) == DB_OK &&
		    db_bind_int(st, 2, learner) == DB_OK) &&
		    db_bind_text(st, 3, status_words[s]) == DB_OK &&
		    db_bind_text(st, 4, th) ==
		    DB_OK &&
		    db_bind_text(st, 5, out->code) ==
		    DB_OK &&
		    db_bind_text(st, 6, needs ? needs : "") == DB_OK &&
		    db_bind_int(st, 7, (long long)now) == DB_OK &&
		    db_bind_text(st, 8, hash) ==
		    DB_OK &&
		    db_bind_text(st, 9, ch) ==
		    DB_OK &&
		    db_bind_blob(st, 10, sealed, sizeof(sealed)) == DB_OK;
		rc = ok ? db_step(st) : DB_ERROR;
		/* The insert answers the new row's id (RETURNING id). */
		if (rc == DB_ROW && !reopen) {
			out->id = db_col_int(st, 0);
			rc = DB_DONE;
		}
		db_reset(st);
		if (rc == DB_DONE)
			break;
		/* A failed statement is undone alone; the transaction
		 * stays open. Only a taken token or code is worth a retry. */
		if (rc != DB_CONSTRAINT)
			return -1;
	}
	if (rc != DB_DONE)
		return -1;
	if (reopen)
		out->id = reopen;
	return 0;
}

/*
 * The client's key for the cap, hashed into out: the address, or for
 * IPv6 its /64 (the first four groups as written, expanded), so that
 * one household's or one attacker's addresses count as one. "" when
 * there is no usable address. 0 or -1.
 */
static int
client_key(const char *client, char out[BOOKING_HASH_HEX + 1])
{
	unsigned char	 a6[16];
	char		 key[BOOKING_CLIENT_KEY_MAX];
	int		 n;

	out[0] = '\0';
	if (client == NULL || client[0] == '\0' ||
	    strlen(client) >= BOOKING_CLIENT_KEY_MAX)
		return 0;
	if (strchr(client, ':') != NULL && inet_pton(AF_INET6, client, a6) == 1 &&
	    !(memcmp(a6, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12) == 0))
		n = snprintf(key, sizeof(key), "6:%02x%02x:%02x%02x:"
		    "%02x%02x:%02x%02x::/64", a6[0], a6[1], a6[2], a6[3],
		    a6[4], a6[5], a6[6], a6[7]);
	else
		n = snprintf(key, sizeof(key), "4:%s", client);
	if (n < 0 || (size_t)n >= sizeof(key))
		return -1;
	booking_token_hash(key, out);
	return 0;
}

/* The cap: the setting booking_client_max if it is a number (0: no
 * cap, for a test stack whose every request comes from one address),
 * else BOOKING_CLIENT_MAX. -1 on error. */
static long long
client_max(struct db *db)
{
	struct db_stmt	*st;
	const char	*v;
	char		*end;
	long long	 max = BOOKING_CLIENT_MAX, n;
	int		 step;

	if ((st = db_stmt(db, STMT_SETTING_GET)) == NULL ||
	    db_bind_text(st, 1, "booking_client_max") != DB_OK)
		return -1;
	if ((step = db_step(st)) == DB_ROW) {
		v = db_col_text(st, 0);
		n = strtoll(v, &end, 10);
		if (end != v && *end == '\0' && n >= 0 && n <= 1000000)
			max = n;
	}
	db_reset(st);
	return step == DB_ROW || step == DB_DONE ? max : -1;
}

/* Whether key has made max bookings (the cap, client_max) in the last
 * hour (older rows pruned first): 1 yes, 0 no, -1 on error. */
static int
client_over(struct db *db, const char *key, long long max, time_t now)
{
	struct db_stmt	*st;
	long long	 n = 0;
	int		 rc;

	if ((st = db_stmt(db, STMT_BOOKING_CLIENT_PRUNE)) == NULL)
		return -1;
	rc = db_bind_int(st, 1, (long long)(now -
	    BOOKING_CLIENT_WINDOW)) == DB_OK ? db_step(st) :
	    DB_ERROR;
	db_reset(st);
	if (rc != DB_DONE ||
	    (st = db_stmt(db, STMT_BOOKING_CLIENT_COUNT)) == NULL)
		return -1;
	if (db_bind_text(st, 1, key) == DB_OK &&
	    db_bind_int(st, 2, (long long)(now -
	    BOOKING_CLIENT_WINDOW)) == DB_OK &&
	    (rc = db_step(st)) == DB_ROW)
		n = db_col_int(st, 0);
	db_reset(st);
	if (rc != DB_ROW)
		return -1;
	return max > 0 && n >= max;
}

static int
client_add(struct db *db, const char *key, time_t now)
{
	struct db_stmt	*st;
	int		 rc;

	if ((st = db_stmt(db, STMT_BOOKING_CLIENT_ADD)) == NULL)
		return -1;
	rc = db_bind_text(st, 1, key) == DB_OK &&
	    db_bind_int(st, 2, (long long)now) == DB_OK ?
	    db_step(st) : DB_ERROR;
	db_reset(st);
	return rc == DB_DONE ? 0 : -1;
}

/* booking_create()'s work inside its transaction; max is the client
 * cap create_keys() read. */
static enum booking_result
create(struct db *db, const struct booking_request *req, const char *email,
    const char *hash, long long max, time_t now, struct booking_ref *out)
{
	struct run_state	 rs;
	struct existing		 ex;
	char			 ckey[BOOKING_HASH_HEX + 1];
	long long		 learner, confirmed;
	int			 promoted = 0, rc;
	enum booking_status	 s;

	out->run_id = req->run_id;
	/* The run first: a closed run answers alike for every address. */
	if (run_state(db, NULL, req->run_id, now, &rs) == -1)
		return BOOKING_ERROR;
	if (rs.closed != BOOKING_OPEN) {
		out->closed = rs.closed;
		return BOOKING_REFUSED;
	}
	/* The same browser again for the same person: its own booking. */
	if (req->by_user == 0 && hash[0] != '\0') {
		if ((rc = same_browser(db, req, email, hash, out)) == -1)
			return BOOKING_ERROR;
		if (rc == 0) {
			if (out->status == BOOKING_WAITLISTED &&
			    position(db, out->id, &out->position) == -1)
				return BOOKING_ERROR;
			return BOOKING_SAME;
		}
	}
	/* Then the client's cap, which depends on the client alone. */
	if (req->by_user == 0) {
		if (client_key(req->client, ckey) == -1)
			return BOOKING_ERROR;
		if (ckey[0] != '\0') {
			if ((rc = client_over(db, ckey, max, now)) == -1)
				return BOOKING_ERROR;
			if (rc == 1)
				return BOOKING_LIMITED;
		}
	} else
		ckey[0] = '\0';
	/* Known address or not, the same statements from here on. */
	if (learner_get(db, email, req->name, req->run_id, &learner) == -1 ||
	    learner_put(db, req, email, now, &learner) == -1 ||
	    existing_get(db, req->run_id, learner, &ex) == -1)
		return BOOKING_ERROR;
	/* Places left while people wait (capacity raised, say) go to the
	 * waiting list first, in order, before anyone new. */
	if (booking_fill(db, req->by_user, req->run_id, rs.capacity, now,
	    &confirmed, &promoted) == -1)
		return BOOKING_ERROR;
	s = confirmed < rs.capacity ? BOOKING_CONFIRMED : BOOKING_WAITLISTED;
	if (booking_put(db, req->run_id, learner, ex.id, req->needs, s,
	    req->by_user == 0 ? hash : "", now, out) == -1)
		return BOOKING_ERROR;
	out->status = s;
	if (s == BOOKING_WAITLISTED && position(db, out->id,
	    &out->position) == -1)
		return BOOKING_ERROR;
	if (mail(db, s == BOOKING_CONFIRMED ? MAIL_CONFIRMED :
	    MAIL_WAITLISTED, out->id, out->position, now) == -1 ||
	    (ckey[0] != '\0' && client_add(db, ckey, now) == -1))
		return BOOKING_ERROR;
	if (req->by_user != 0 && college_auditf(db, req->by_user,
	    "booking.office", AUDIT_BOOKING, out->id, req->run_id) == -1)
		return BOOKING_ERROR;
	/* The language, for what is mailed later: in this transaction, so
	 * that a booking costs one commit (one fsync), not two. A tag that
	 * is not one is left out; the booking stands. */
	if (req->lang != NULL && i18n_tag_ok(req->lang) &&
	    lang_booking_set(db, out->id, req->lang) == -1)
		return BOOKING_ERROR;
	return BOOKING_MADE;
}

/* The first 64 bits of a hex hash, as a number for db_begin_keys(). */
static long long
hex_key(const char *hex)
{
	unsigned long long	 k = 0;
	size_t			 i;

	for (i = 0; i < 16 && hex[i] != '\0'; i++)
		k = k << 4 | (unsigned long long)(hex[i] <= '9' ?
		    hex[i] - '0' : (hex[i] | 0x20) - 'a' + 10);
	return (long long)k;
}

/*
 * The locks a booking needs (db_begin_keys) into keys: its run (the
 * places and the waiting list), the address (the learner it finds or
 * adds) and, while there is a cap, the client. Every rule create()
 * checks is about one of these, so bookings that share none commit side
 * by side on PostgreSQL; SQLite has one writer anyway. The cap is read
 * here, once, before the transaction, into *max for create(): a change
 * to it in between is seen by the next booking. The number of keys, or
 * 0 on error.
 */
static size_t
create_keys(struct db *db, const struct booking_request *req,
    const char *email, long long keys[3], long long *max)
{
	char		 h[BOOKING_HASH_HEX + 1];
	size_t		 n = 0;

	*max = 0;
	keys[n++] = req->run_id;
	booking_token_hash(email, h);
	keys[n++] = hex_key(h);
	if (req->by_user != 0)
		return n;
	if ((*max = client_max(db)) == -1 || client_key(req->client, h) == -1)
		return 0;
	if (*max > 0 && h[0] != '\0')
		keys[n++] = hex_key(h);
	return n;
}

enum booking_result
booking_create(struct db *db, const struct booking_request *req,
    time_t now, struct booking_ref *out)
{
	char			 email[BOOKING_EMAIL_BUF];
	char			 hash[BOOKING_HASH_HEX + 1];
	long long		 keys[3], max;
	size_t			 nkeys;
	enum booking_result	 res;

	memset(out, 0, sizeof(*out));
	if (!request_ok(req, email, sizeof(email)))
		return BOOKING_INVALID;
	/* The key before the write lock: it may be created now. */
	if (browser_hash(req->browser, hash) == -1 ||
	    booking_key_ensure(db) == -1 ||
	    (nkeys = create_keys(db, req, email, keys, &max)) == 0 ||
	    db_begin_keys(db, keys, nkeys) != DB_OK)
		return BOOKING_ERROR;
	res = create(db, req, email, hash, max, now, out);
	if (res == BOOKING_MADE) {
		if (db_commit(db) != DB_OK)
			res = BOOKING_ERROR;
	} else
		(void)db_rollback(db);
	if (res == BOOKING_ERROR || res == BOOKING_LIMITED) {
		enum booking_closed	 c = out->closed;

		memset(out, 0, sizeof(*out));
		out->closed = c;
	}
	return res;
}

/* Cancel the booking that statement st (bound, not stepped) finds, by
 * by (0: the learner). 0, 1 (none) or -1. */
static int
cancel_row(struct db *db, struct db_stmt *st, long long by, time_t now,
    int *promoted)
{
	long long		 id, run, capacity, confirmed;
	enum booking_status	 s;
	time_t			 first;
	int			 step, published;

	if ((step = db_step(st)) != DB_ROW) {
		db_reset(st);
		return step == DB_DONE ? 1 : -1;
	}
	id = db_col_int(st, 0);
	run = db_col_int(st, 1);
	s = status_of(db_col_text(st, 2));
	published = strcmp(db_col_text(st, 4), "published") == 0;
	capacity = db_col_int(st, 5);
	first = db_col_null(st, 9) ? 0 :
	    (time_t)db_col_int(st, 9);
	db_reset(st);

	if (s == BOOKING_CANCELLED)
		return 0;
	if (set_status(db, id, BOOKING_CANCELLED, now) == -1 ||
	    college_auditf(db, by, by ? "booking.office_cancel" :
	    "booking.cancel", AUDIT_BOOKING, id, run) == -1 ||
	    mail(db, MAIL_CANCELLED, id, 0, now) == -1)
		return -1;
	/* Once the course has begun a newcomer would have missed it. */
	if (s == BOOKING_CONFIRMED && published && first > now &&
	    booking_fill(db, by, run, capacity, now, &confirmed,
	    promoted) == -1)
		return -1;
	return 0;
}

/* booking_cancel()'s work inside its transaction. 0, 1 or -1. */
static int
cancel(struct db *db, const char *token, time_t now, int *promoted)
{
	struct db_stmt	*st;
	char		 th[BOOKING_HASH_HEX + 1];

	booking_token_hash(token, th);
	if ((st = db_stmt(db, STMT_BOOKING_BY_TOKEN)) == NULL)
		return -1;
	if (db_bind_text_copy(st, 1, th) != DB_OK) {
		db_reset(st);
		return -1;
	}
	return cancel_row(db, st, 0, now, promoted);
}

int
booking_cancel(struct db *db, const char *token, time_t now, int *promoted)
{
	int	 n = 0, rc;

	if (promoted != NULL)
		*promoted = 0;
	if (token == NULL || !token_valid(token))
		return 1;
	if (db_begin(db) != DB_OK)
		return -1;
	rc = cancel(db, token, now, &n);
	if (rc == 0) {
		if (db_commit(db) != DB_OK)
			return -1;
	} else
		(void)db_rollback(db);
	if (rc == 0 && promoted != NULL)
		*promoted = n;
	return rc;
}

int
booking_cancel_id(struct db *db, long long id, long long by, time_t now,
    int *promoted)
{
	struct db_stmt	*st;
	int		 n = 0, rc;

	if (promoted != NULL)
		*promoted = 0;
	if (id <= 0)
		return 1;
	if (db_begin(db) != DB_OK)
		return -1;
	if ((st = db_stmt(db, STMT_BOOKING_BY_ID)) == NULL ||
	    db_bind_int(st, 1, id) != DB_OK)
		rc = -1;
	else
		rc = cancel_row(db, st, by, now, &n);
	if (rc == 0) {
		if (db_commit(db) != DB_OK)
			return -1;
	} else
		(void)db_rollback(db);
	if (rc == 0 && promoted != NULL)
		*promoted = n;
	return rc;
}

/* Fill info from a stepped row of STMT_BOOKING_BY_TOKEN or _BY_ID.
 * 0 or -1. */
static int
info_read(struct db_stmt *st, struct arena *a, time_t now,
    struct booking_info *info)
{
	const char	*rstat;
	int		 rc = 0;

	info->ref.id = db_col_int(st, 0);
	info->ref.run_id = db_col_int(st, 1);
	info->ref.status = status_of(db_col_text(st, 2));
	if (col_fixed(st, 3, info->ref.code, BOOKING_CODE_LEN) == -1)
		rc = -1;
	rstat = db_col_text(st, 4);
	info->run_published = strcmp(rstat, "published") == 0;
	info->run_cancelled = strcmp(rstat, "cancelled") == 0;
	info->capacity = db_col_int(st, 5);
	if ((info->online_details = db_col_dup(st, 6, a)) == NULL ||
	    (info->course_slug = db_col_dup(st, 7, a)) == NULL ||
	    (info->course_title = db_col_dup(st, 8, a)) == NULL)
		rc = -1;
	info->first_start = db_col_null(st, 9) ? 0 :
	    (time_t)db_col_int(st, 9);
	info->started = info->first_start != 0 && info->first_start <= now;
	return rc;
}

int
booking_find(struct db *db, struct arena *a, const char *token, time_t now,
    struct booking_info *info)
{
	struct db_stmt	*st;
	char		 th[BOOKING_HASH_HEX + 1];
	int		 step, rc = 0;

	memset(info, 0, sizeof(*info));
	if (token == NULL || !token_valid(token))
		return 1;
	booking_token_hash(token, th);
	if ((st = db_stmt(db, STMT_BOOKING_BY_TOKEN)) == NULL)
		return -1;
	if (db_bind_text_copy(st, 1, th) != DB_OK) {
		db_reset(st);
		return -1;
	}
	if ((step = db_step(st)) != DB_ROW) {
		db_reset(st);
		return step == DB_DONE ? 1 : -1;
	}
	rc = info_read(st, a, now, info);
	db_reset(st);
	memcpy(info->ref.token, token, TOKEN_B32_LEN + 1);
	booking_checkin_token(token, info->ref.checkin);
	if (rc == 0 && info->ref.status == BOOKING_WAITLISTED &&
	    position(db, info->ref.id, &info->ref.position) == -1)
		rc = -1;
	return rc;
}

int
booking_checkin_find(struct db *db, const char *checkin)
{
	struct db_stmt	*st;
	char		 ch[BOOKING_HASH_HEX + 1];
	int		 step;

	if (checkin == NULL || !token_valid(checkin))
		return 1;
	booking_token_hash(checkin, ch);
	if ((st = db_stmt(db, STMT_BOOKING_BY_CHECKIN)) == NULL ||
	    db_bind_text_copy(st, 1, ch) != DB_OK)
		return -1;
	step = db_step(st);
	db_reset(st);
	if (step == DB_ROW)
		return 0;
	return step == DB_DONE ? 1 : -1;
}

int
booking_manage_token(struct db *db, long long id, char out[TOKEN_B32_LEN + 1])
{
	struct db_stmt	*st;
	int		 step, rc;

	out[0] = '\0';
	if ((st = db_stmt(db, STMT_BOOKING_SEALED)) == NULL ||
	    db_bind_int(st, 1, id) != DB_OK)
		return -1;
	step = db_step(st);
	if (step == DB_DONE ||
	    (step == DB_ROW && db_col_null(st, 0)))
		rc = 1;
	else if (step == DB_ROW)
		rc = unseal_col(db, st, 0, out);
	else
		rc = -1;
	db_reset(st);
	return rc;
}

/* The course of run into *course (0: no such run). 0 or -1. */
static int
run_course(struct db *db, long long run, long long *course)
{
	struct db_stmt	*st;
	int		 step;

	*course = 0;
	if ((st = db_stmt(db, STMT_BOOKING_RUN_COURSE)) == NULL ||
	    db_bind_int(st, 1, run) != DB_OK)
		return -1;
	if ((step = db_step(st)) == DB_ROW)
		*course = db_col_int(st, 0);
	db_reset(st);
	return step == DB_ROW || step == DB_DONE ? 0 : -1;
}

/* Put booking id on run to with status s at the end of its queue, with
 * a new check-in code (codes are unique per run), retried on a taken
 * one; code gets it. 0 or -1. */
static int
move_row(struct db *db, long long id, long long to, enum booking_status s,
    time_t now, char code[BOOKING_CODE_LEN + 1])
{
	struct db_stmt	*st;
	int		 tries, rc = DB_ERROR;

	for (tries = 0; tries < BOOKING_CODE_TRIES; tries++) {
		if (code_new(code) == -1 ||
		    (st = db_stmt(db, STMT_BOOKING_MOVE)) == NULL)
			return -1;
		rc = db_bind_int(st, 1, id) == DB_OK &&
		    db_bind_int(st, 2, to) == DB_OK &&
		    db_bind_text(st, 3, status_words[s]) == DB_OK &&
		    db_bind_int(st, 4, (long long)now) ==
		    DB_OK &&
		    db_bind_text(st, 5, code) ==
		    DB_OK ? db_step(st) : DB_ERROR;
		db_reset(st);
		if (rc == DB_DONE)
			return 0;
		if (rc != DB_CONSTRAINT)
			return -1;
	}
	return -1;
}

/* booking_move()'s work inside its transaction: what it returns. */
static enum booking_move_result
move(struct db *db, long long id, long long to, long long by, time_t now,
    struct booking_ref *out)
{
	struct db_stmt		*st;
	struct run_state	 rs;
	struct existing		 ex;
	long long		 from, course, to_course, capacity, confirmed;
	long long		 learner;
	enum booking_status	 s, was;
	time_t			 first;
	int			 step, published, promoted = 0;

	/* The booking and its run now. */
	if ((st = db_stmt(db, STMT_BOOKING_BY_ID)) == NULL ||
	    db_bind_int(st, 1, id) != DB_OK)
		return -1;
	if ((step = db_step(st)) != DB_ROW) {
		db_reset(st);
		return step == DB_DONE ? BOOKING_MOVE_NONE :
		    BOOKING_MOVE_ERROR;
	}
	from = db_col_int(st, 1);
	was = status_of(db_col_text(st, 2));
	published = strcmp(db_col_text(st, 4), "published") == 0;
	capacity = db_col_int(st, 5);
	first = db_col_null(st, 9) ? 0 :
	    (time_t)db_col_int(st, 9);
	course = db_col_int(st, 10);
	learner = db_col_int(st, 11);
	if (col_fixed(st, 3, out->code, BOOKING_CODE_LEN) == -1) {
		db_reset(st);
		return -1;
	}
	db_reset(st);
	if (was == BOOKING_CANCELLED || from == to)
		return BOOKING_MOVE_REFUSED;
	/* The new run: open, and of the same course. */
	if (run_state(db, NULL, to, now, &rs) == -1)
		return -1;
	out->closed = rs.closed;
	if (rs.closed != BOOKING_OPEN)
		return BOOKING_MOVE_REFUSED;
	if (run_course(db, to, &to_course) == -1)
		return -1;
	if (to_course != course)
		return BOOKING_MOVE_REFUSED;
	/* One booking per learner and run: one there already (even
	 * cancelled) is the office's to sort out, not to overwrite. */
	if (existing_get(db, to, learner, &ex) == -1)
		return -1;
	if (ex.id != 0)
		return BOOKING_MOVE_REFUSED;
	/* A place there, or the end of its queue (waiting first). */
	if (booking_fill(db, by, to, rs.capacity, now, &confirmed,
	    &promoted) == -1)
		return -1;
	s = confirmed < rs.capacity ? BOOKING_CONFIRMED : BOOKING_WAITLISTED;
	if (move_row(db, id, to, s, now, out->code) == -1)
		return -1;
	/* The old place freed, as a cancellation frees it. */
	if (was == BOOKING_CONFIRMED && published && first > now &&
	    booking_fill(db, by, from, capacity, now, &confirmed,
	    &promoted) == -1)
		return -1;
	out->id = id;
	out->run_id = to;
	out->status = s;
	out->position = 0;
	if (s == BOOKING_WAITLISTED && position(db, id, &out->position) == -1)
		return -1;
	if (mail(db, s == BOOKING_CONFIRMED ? MAIL_CONFIRMED :
	    MAIL_WAITLISTED, id, out->position, now) == -1 ||
	    college_auditf(db, by, "booking.move", AUDIT_BOOKING, id,
	    to) == -1)
		return -1;
	return 0;
}

enum booking_move_result
booking_move(struct db *db, long long id, long long to, long long by,
    time_t now, struct booking_ref *out)
{
	enum booking_move_result	 rc;

	memset(out, 0, sizeof(*out));
	if (id <= 0)
		return BOOKING_MOVE_NONE;
	if (to <= 0)
		return BOOKING_MOVE_REFUSED;
	if (db_begin(db) != DB_OK)
		return BOOKING_MOVE_ERROR;
	rc = move(db, id, to, by, now, out);
	if (rc == BOOKING_MOVED) {
		if (db_commit(db) != DB_OK)
			rc = BOOKING_MOVE_ERROR;
	} else
		(void)db_rollback(db);
	if (rc != BOOKING_MOVED) {
		enum booking_closed	 c = out->closed;

		memset(out, 0, sizeof(*out));
		out->closed = c;
	}
	return rc;
}

int
booking_upgrade(struct db *db)
{
	struct db_stmt	*st, *up = NULL;
	char		 token[TOKEN_B32_LEN + 1], ck[TOKEN_B32_LEN + 1];
	char		 th[BOOKING_HASH_HEX + 1], ch[BOOKING_HASH_HEX + 1];
	unsigned char	 sealed[SEALED_LEN];
	long long	 id;
	int		 step = DB_DONE, n = 0, rc = 0;
	const char	*t;

	if (booking_key_ensure(db) == -1 || db_begin(db) != DB_OK)
		return -1;
	if ((st = db_stmt(db, STMT_BOOKING_LEGACY)) == NULL)
		rc = -1;
	while (rc == 0 && (step = db_step(st)) == DB_ROW) {
		id = db_col_int(st, 0);
		t = db_col_text(st, 1);
		/* Not a token (an erased row's marker): nothing to keep. */
		if (!token_valid(t))
			continue;
		memcpy(token, t, sizeof(token));
		booking_checkin_token(token, ck);
		booking_token_hash(token, th);
		booking_token_hash(ck, ch);
		if (seal(db, token, sealed) == -1 ||
		    (up = db_stmt(db, STMT_BOOKING_UPGRADE)) == NULL ||
		    db_bind_int(up, 1, id) != DB_OK ||
		    db_bind_text(up, 2, th) !=
		    DB_OK ||
		    db_bind_text(up, 3, ch) !=
		    DB_OK ||
		    db_bind_blob(up, 4, sealed, sizeof(sealed)) != DB_OK ||
		    db_step(up) != DB_DONE)
			rc = -1;
		if (up != NULL)
			db_reset(up);
		up = NULL;
		n++;
	}
	if (rc == 0 && step != DB_DONE)
		rc = -1;
	if (st != NULL)
		db_reset(st);
	sodium_memzero(token, sizeof(token));
	if (rc == 0 && db_commit(db) == 0)
		return n;
	(void)db_rollback(db);
	return -1;
}

/*
 * The joining details' link into row: joining_url, the first http(s)
 * address in them ("" if none), and joining_is_url, whether the details
 * are that address alone (then the page shows only the link). 0 or -1.
 */
static int
joining_link(struct view *row, const char *joining)
{
	const char	*p = NULL, *h, *e;
	char		 url[JOINING_URL_MAX + 1];
	size_t		 n = 0;

	url[0] = '\0';
	if (joining != NULL) {
		for (h = joining; (h = strstr(h, "http")) != NULL; h++)
			if (strncmp(h, "https://", 8) == 0 ||
			    strncmp(h, "http://", 7) == 0) {
				p = h;
				break;
			}
	}
	if (p != NULL) {
		/* To the next space or character that ends an address in
		 * prose; a full stop or comma after it is not part of it. */
		for (e = p; *e != '\0' && !ascii_space((unsigned char)*e) &&
		    strchr("\"'<>()", *e) == NULL; e++)
			;
		while (e > p && strchr(".,;:!?", e[-1]) != NULL)
			e--;
		n = (size_t)(e - p);
		if (n <= JOINING_URL_MAX && n > 8) {
			memcpy(url, p, n);
			url[n] = '\0';
		} else
			n = 0;
	}
	if (view_set(row, "joining_url", url) == -1)
		return -1;
	return view_set_bool(row, "joining_is_url", n > 0 &&
	    strcmp(url, joining) == 0);
}

/*
 * Fill row with session s. full: the booking page's variables (place,
 * access, joining), else the form's short ones. joining may be NULL.
 */
static int
session_row(struct view *row, const struct timetable_row *s, time_t now,
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
	rc |= joining_link(row, s->online ? joining : NULL);
	rc |= view_set_bool(row, "past", s->end <= now);
	return rc;
}

/* The sessions loop of run into v; *n gets the count. 0 or -1. */
static int
sessions_fill(struct db *db, long long run, time_t now, int run_cancelled,
    int full, const char *joining, struct view *v, long long *n,
    int *online, int *inperson)
{
	struct db_stmt	*st;
	struct timetable_row s;
	struct view	*row;
	struct arena	*a = view_arena(v);
	const char	*pv = NULL, *pa = NULL;
	int		 step = DB_DONE, rc, same;

	*n = 0;
	if ((st = db_stmt(db, STMT_TIMETABLE_RUN)) == NULL)
		return -1;
	if (db_bind_int(st, 1, run) != DB_OK) {
		db_reset(st);
		return -1;
	}
	rc = view_loop(v, "sessions");
	while (rc == 0 && (step = db_step(st)) == DB_ROW) {
		timetable_read(st, &s);
		if (!s.cancelled && online != NULL && s.online)
			(*online)++;
		if (!s.cancelled && inperson != NULL && !s.online)
			(*inperson)++;
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
	if (rc == 0 && step != DB_DONE)
		rc = -1;
	db_reset(st);
	return rc;
}

/* The facilitators loop of run into v. 0 or -1. */
static int
facilitators_fill(struct db *db, long long run, struct view *v)
{
	struct db_stmt	*st;
	struct view	*row;
	const char	*role, *text;
	int		 step = DB_DONE, rc, n = 0;

	if ((st = db_stmt(db, STMT_BOOKING_FACILITATORS)) == NULL)
		return -1;
	if (db_bind_int(st, 1, run) != DB_OK) {
		db_reset(st);
		return -1;
	}
	rc = view_loop(v, "facilitators");
	while (rc == 0 && (step = db_step(st)) == DB_ROW) {
		role = db_col_text(st, 1);
		text = facilitator_role_text(role);
		if ((row = view_row(v, "facilitators")) == NULL ||
		    view_set(row, "name", db_col_text(st, 0)) == -1 ||
		    view_set(row, "role_text", text) == -1)
			rc = -1;
		n++;
	}
	if (rc == 0 && step != DB_DONE)
		rc = -1;
	db_reset(st);
	return rc == 0 ? view_set_bool(v, "has_facilitators", n > 0) : -1;
}

int
booking_view(struct db *db, const struct booking_info *info, time_t now,
    struct view *v)
{
	static const char *const	 contact[] = {
		"contact_email", "contact_phone", "privacy_notice",
	};
	const struct booking_ref	*b = &info->ref;
	char				 text[96];
	const char			*joining = NULL;
	long long			 n;
	size_t				 i;
	int				 rc = 0, online = 0, inperson = 0, live;

	switch (b->status) {
	case BOOKING_CONFIRMED:
		snprintf(text, sizeof(text), "%s", _("Your place is confirmed."));
		/* Joining details: for those with a place, nobody else. */
		if (!info->run_cancelled)
			joining = info->online_details;
		break;
	case BOOKING_WAITLISTED:
		{
			static const char *const nn[1] = { "n" };
			char		 num[24];
			const char	*nv[1] = { num };

			snprintf(num, sizeof(num), "%lld", b->position);
			i18n_fill(text, sizeof(text), _("You are number {n} on "
			    "the waiting list."), nn, nv, 1);
		}
		break;
	default:
		snprintf(text, sizeof(text), "%s",
		    _("This booking is cancelled."));
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
	rc |= view_set_bool(v, "can_cancel", b->status != BOOKING_CANCELLED);
	rc |= view_set(v, "course_title", info->course_title);
	rc |= view_set(v, "course_slug", info->course_slug);
	if (rc != 0 || sessions_fill(db, b->run_id, now, info->run_cancelled,
	    1, joining, v, &n, &online, &inperson) == -1 ||
	    view_set_int(v, "sessions_count", n) == -1 ||
	    facilitators_fill(db, b->run_id, v) == -1)
		return -1;
	/* What is true for this booking: a door code and a calendar entry
	 * only with a place; "at the door" only where there is a door. */
	live = b->status == BOOKING_CONFIRMED && !info->run_cancelled;
	rc |= view_set_bool(v, "show_qr", live && inperson > 0);
	rc |= view_set(v, "code", live ? b->code : "");
	rc |= view_set_bool(v, "show_calendar", live);
	rc |= view_set_bool(v, "in_person", inperson > 0);
	rc |= view_set_bool(v, "online", online > 0);
	rc |= view_set_bool(v, "online_only", online > 0 && inperson == 0);
	rc |= view_set_bool(v, "mailed", b->status != BOOKING_CANCELLED &&
	    !info->run_cancelled);
	rc |= view_set_bool(v, "keep_link", b->status != BOOKING_CANCELLED &&
	    !info->run_cancelled);
	/* The pages' links, by the booking's token, and how to reach the
	 * college: the booking pages' variables all come from here. */
	rc |= view_setf(v, "booking_url", "/booking/%s", b->token);
	rc |= view_setf(v, "qr_url", "/booking/%s/qr.svg", b->token);
	rc |= view_setf(v, "calendar_url", "/booking/%s/calendar.ics",
	    b->token);
	rc |= view_setf(v, "cancel_url", "/booking/%s/cancel", b->token);
	for (i = 0; i < sizeof(contact) / sizeof(contact[0]); i++)
		rc |= view_set(v, contact[i], college_setting(db,
		    view_arena(v), contact[i], ""));
	return rc == 0 ? 0 : -1;
}

static int	 calendar_write(struct db *, struct arena *,
		    const struct booking_info *, const char *, time_t,
		    const struct sink *);

/* "{course} (waiting list)" in the language in use, in the arena. */
static const char *
waiting_summary(struct arena *a, const char *course)
{
	const char *const	 names[] = { "course" };
	const char		*vals[1];
	const char		*pattern = _("{course} (waiting list)");
	char			*out;
	int			 len;

	vals[0] = course;
	if ((len = i18n_fill(NULL, 0, pattern, names, vals, 1)) < 0 ||
	    (out = arena_alloc(a, (size_t)len + 1)) == NULL)
		return NULL;
	i18n_fill(out, (size_t)len + 1, pattern, names, vals, 1);
	return out;
}

/*
 * The calendar's words (a waiting place's SUMMARY, an access note, an
 * online session's LOCATION) are in the booking's language, as its
 * mailed calendar's are, whatever the page's: a calendar is kept and
 * shared, and outlives the page it came from.
 */
int
booking_calendar(struct db *db, struct arena *a,
    const struct booking_info *info, const char *url, time_t now,
    const struct sink *sink)
{
	char		 was[I18N_TAG_MAX + 1];
	const char	*lang;
	int		 rc;

	if (lang_booking(db, a, info->ref.id, &lang) == -1)
		return -1;
	lang_use_learner(db, a, lang, was);
	rc = calendar_write(db, a, info, url, now, sink);
	(void)i18n_use(was);
	return rc;
}

/* booking_calendar() in the language in use. */
static int
calendar_write(struct db *db, struct arena *a,
    const struct booking_info *info, const char *url, time_t now,
    const struct sink *sink)
{
	struct db_stmt		*st;
	struct ical		 ic;
	struct ical_event	 ev;
	struct timetable_row	 s;
	const struct booking_ref *b = &info->ref;
	const char		*tz = when_zone(), *host;
	int			 step = DB_DONE, rc = 0, all_off;

	/* The same UIDs as the mailed invitations (mail.c): unique across
	 * installations by the site's host. */
	if ((host = college_url_host(a, url)) == NULL)
		host = "tessera.invalid";

	all_off = b->status == BOOKING_CANCELLED || info->run_cancelled;
	if (ical_begin(&ic, sink, info->course_title,
	    tz[0] != '\0' ? tz : NULL) == -1)
		return -1;
	if ((st = db_stmt(db, STMT_TIMETABLE_RUN)) == NULL)
		return -1;
	if (db_bind_int(st, 1, b->run_id) != DB_OK) {
		db_reset(st);
		return -1;
	}
	while (rc == 0 && (step = db_step(st)) == DB_ROW) {
		timetable_read(st, &s);
		memset(&ev, 0, sizeof(ev));
		ev.uid = arena_printf(a, "s%lld-b%lld@%s", s.id, b->id, host);
		ev.start = s.start;
		ev.end = s.end;
		ev.stamp = now;
		ev.summary = b->status == BOOKING_WAITLISTED ?
		    waiting_summary(a, info->course_title) :
		    info->course_title;
		ev.location = timetable_place(a, s.venue, s.address, s.online);
		/* Joining details only for a confirmed place, as on the page. */
		if (s.online)
			ev.description = b->status == BOOKING_CONFIRMED &&
			    !all_off ? info->online_details : NULL;
		else if (s.access[0] != '\0')
			ev.description = timetable_access(a, s.access);
		if (ev.description != NULL && ev.description[0] == '\0')
			ev.description = NULL;
		ev.url = url;
		ev.cancelled = all_off || s.cancelled;
		/* The same revision as the mailed invitations (mail.c). */
		ev.sequence = booking_event_sequence(db, s.id, b->id);
		if (ev.uid == NULL || ev.summary == NULL || ev.location == NULL ||
		    ev.sequence < 0 ||
		    (!s.online && s.access[0] != '\0' &&
		    ev.description == NULL) ||
		    ical_event(&ic, &ev) == -1)
			rc = -1;
	}
	if (rc == 0 && step != DB_DONE)
		rc = -1;
	db_reset(st);
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
	rc |= view_set(v, "closed_text", booking_closed_text(rs.closed));
	rc |= view_set(v, "course_title", shown ? rs.title : "");
	rc |= view_set(v, "course_slug", shown ? rs.slug : "");
	rc |= view_set_int(v, "capacity", rs.capacity);
	rc |= view_set_int(v, "seats_left", left);
	rc |= view_set_bool(v, "full", left == 0);
	rc |= view_set(v, "places_text", places);
	if (rc != 0)
		return -1;
	if (shown && sessions_fill(db, run, now, rs.cancelled, 0, NULL, v,
	    &n, NULL, NULL) == -1)
		return -1;
	if (!shown && view_loop(v, "sessions") == -1)
		return -1;
	return view_set_int(v, "sessions_count", n);
}

int
booking_client_key(const char *client, char out[BOOKING_HASH_HEX + 1])
{
	return client_key(client, out);
}

int
booking_subkey(struct db *db, const char *purpose,
    unsigned char out[BOOKING_KEY_BYTES])
{
	unsigned char	 key[BOOKING_KEY_BYTES];

	if (purpose == NULL || key_get(db, key) == -1)
		return -1;
	crypto_auth_hmacsha256(out, (const unsigned char *)purpose,
	    strlen(purpose), key);
	sodium_memzero(key, sizeof(key));
	return 0;
}

long long
booking_event_sequence(struct db *db, long long session, long long booking)
{
	struct db_stmt	*st;
	long long	 n = -1;

	if ((st = db_stmt(db, STMT_BOOKING_EVENT_SEQ)) == NULL)
		return -1;
	if (db_bind_int(st, 1, session) == DB_OK &&
	    db_bind_int(st, 2, booking) == DB_OK &&
	    db_step(st) == DB_ROW)
		n = db_col_int(st, 0);
	db_reset(st);
	return n;
}
