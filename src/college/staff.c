/*
 * staff.c: logging in, throttling failures, staff sessions, new
 * accounts.
 */
#include <arpa/inet.h>
#include <sys/socket.h>

#include <err.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "kit/arena.h"
#include "kit/ascii.h"
#include "kit/db.h"
#include "kit/form.h"
#include "kit/i18n.h"
#include "kit/pw.h"
#include "kit/token.h"
#include "kit/utf8.h"
#include "college/college.h"
#include "college/staff.h"
#include "college/stmts.h"

/* "pair:" account "|" client, "client:" client or "dev:" hash. */
#define KEY_MAX		(sizeof("pair:|") + STAFF_EMAIL_MAX + STAFF_ADDR_MAX)

static const char *const role_words[STAFF_ROLE__MAX] = {
	[STAFF_EDUCATOR] = "educator",
	[STAFF_ADMIN] = "admin",
};

const char *
staff_role_word(enum staff_role r)
{
	return (unsigned)r < STAFF_ROLE__MAX ? role_words[r] : "educator";
}

int
staff_role_parse(const char *s)
{
	int	 i;

	if (s == NULL)
		return -1;
	for (i = 0; i < STAFF_ROLE__MAX; i++)
		if (strcmp(s, role_words[i]) == 0)
			return i;
	return -1;
}

int
staff_hash(const char *s, char out[STAFF_HASH_HEX + 1])
{
	unsigned char	 h[crypto_hash_sha256_BYTES];

	if (s == NULL || sodium_init() < 0 ||
	    crypto_hash_sha256(h, (const unsigned char *)s, strlen(s)) != 0)
		return -1;
	sodium_bin2hex(out, STAFF_HASH_HEX + 1, h, sizeof(h));
	return 0;
}

/*
 * Step s, an INSERT ... RETURNING id, once and reset it: 1 with the new
 * row's id in *id, 0 when it inserted nothing (ON CONFLICT DO NOTHING),
 * -1 with a log line.
 */
static int
step_id(struct db *db, struct db_stmt *s, long long *id)
{
	int	 rc = db_step(s);

	if (rc == DB_ROW)
		*id = db_col_int(s, 0);
	else if (rc != DB_DONE)
		warnx("staff: %s", db_errmsg(db));
	db_reset(s);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

/*
 * The account as a key part: the email, ASCII lowercased as the user
 * table keeps it. 0, or -1 when it is too long to be anyone's.
 */
static int
account_of(const char *email, char out[STAFF_EMAIL_MAX + 1])
{
	size_t	 i, n = strlen(email);

	if (n == 0 || n > STAFF_EMAIL_MAX)
		return -1;
	for (i = 0; i < n; i++)
		out[i] = (char)ascii_lower((unsigned char)email[i]);
	out[n] = '\0';
	return 0;
}

/*
 * The client as a key part: an IPv4 address as it is, an IPv6 address
 * by its /64 (one household or office is given a /64, so each of its
 * addresses is the same client), anything else visible ASCII as it is.
 * "" when there is no usable address.
 */
static void
client_of(const char *addr, char out[STAFF_ADDR_MAX + 1])
{
	unsigned char	 in6[16];
	size_t		 i, n;

	out[0] = '\0';
	if (addr == NULL || (n = strlen(addr)) == 0 || n > STAFF_ADDR_MAX)
		return;
	for (i = 0; i < n; i++)
		if (addr[i] <= ' ' || addr[i] >= 0x7f)
			return;
	if (strchr(addr, ':') != NULL && inet_pton(AF_INET6, addr, in6) == 1) {
		memset(in6 + 8, 0, 8);
		if (inet_ntop(AF_INET6, in6, out, STAFF_ADDR_MAX + 1) != NULL &&
		    strlen(out) + 3 <= STAFF_ADDR_MAX) {
			strcat(out, "/64");
			return;
		}
	}
	memcpy(out, addr, n + 1);
}

long
staff_delay(long long n, int free)
{
	long	 d = STAFF_DELAY_BASE;

	if (n < free)
		return 0;
	for (; n > free && d < STAFF_DELAY_MAX; n--)
		d *= 2;
	return d < STAFF_DELAY_MAX ? d : STAFF_DELAY_MAX;
}

/*
 * When key, free failures allowed, will be heard again: 0 if it need
 * not wait, else its newest failure plus staff_delay(). -1 on error.
 */
static long long
heard_at(struct db *db, const char *key, int free, time_t now)
{
	struct db_stmt	*s;
	long long	 until = 0, n;
	int		 rc;

	if ((s = db_stmt(db, STMT_REVIEW_FAIL_COUNT)) == NULL)
		return -1;
	db_bind_text(s, 1, key);
	db_bind_int(s, 2, (long long)now - STAFF_FAIL_WINDOW);
	rc = db_step(s);
	if (rc == DB_ROW) {
		n = db_col_int(s, 0);
		if (n >= free)
			until = db_col_int(s, 1) +
			    staff_delay(n, free);
	} else
		until = -1;
	db_reset(s);
	return until;
}

/* Record a failure of key at now; its row id in *id. 0 or -1. */
static int
failure_add(struct db *db, const char *key, time_t now, long long *id)
{
	struct db_stmt	*s;

	if ((s = db_stmt(db, STMT_STAFF_FAILURE_ADD)) == NULL)
		return -1;
	db_bind_text(s, 1, key);
	db_bind_int(s, 2, (long long)now);
	return step_id(db, s, id) == 1 ? 0 : -1;
}

static int
exec_int(struct db *db, enum stmt idx, long long a, long long b, int nb)
{
	struct db_stmt	*s;

	if ((s = db_stmt(db, idx)) == NULL)
		return -1;
	db_bind_int(s, 1, a);
	if (nb > 1)
		db_bind_int(s, 2, b);
	return db_step_done(s) == DB_OK ? 0 : -1;
}

/* 1 if the device whose id hashes to devhash has logged in to uid
 * within STAFF_DEVICE_TTL, 0 if not, -1 on error. */
static int
device_known(struct db *db, const char *devhash, long long uid, time_t now)
{
	struct db_stmt	*s;
	int		 rc;

	if ((s = db_stmt(db, STMT_REVIEW_DEVICE_GET)) == NULL)
		return -1;
	db_bind_text(s, 1, devhash);
	db_bind_int(s, 2, uid);
	db_bind_int(s, 3, (long long)now - STAFF_DEVICE_TTL);
	rc = db_step(s);
	db_reset(s);
	if (rc == DB_ROW)
		return 1;
	return rc == DB_DONE ? 0 : -1;
}

/* What one attempt is counted against. */
struct attempt {
	char		 account[STAFF_EMAIL_MAX + 1];
	char		 client[STAFF_ADDR_MAX + 1];
	char		 devhash[STAFF_HASH_HEX + 1];	/* "" if none */
	char		 keys[2][KEY_MAX];	/* "" when unused */
	int		 free[2];
	long long	 fail[2];	/* the failures recorded */
	long long	 uid;
	int		 disabled;
	int		 trusted;	/* a device known to the account */
};

/*
 * First transaction of a log-in: read the account, choose the keys
 * (the device's own, or the pair's and the client's), refuse one that
 * must wait, and record the attempt as a failure of each. 0 to go on,
 * STAFF_LOGIN_THROTTLED when it must wait (*retry set), -1 on error.
 */
static int
login_begin(struct db *db, struct attempt *at, time_t now,
    char hash[PW_HASH_MAX], long *retry)
{
	struct db_stmt	*s;
	long long	 until, wait = 0;
	int		 rc, i;

	if (db_begin(db) != DB_OK)
		return -1;
	if (exec_int(db, STMT_STAFF_FAILURE_PRUNE,
	    (long long)now - STAFF_FAIL_WINDOW, 0, 1) == -1)
		goto fail;
	if ((s = db_stmt(db, STMT_STAFF_USER_BY_EMAIL)) == NULL)
		goto fail;
	db_bind_text(s, 1, at->account);
	rc = db_step(s);
	if (rc == DB_ROW) {
		at->uid = db_col_int(s, 0);
		at->disabled = (int)db_col_int(s, 2) != 0;
		if (db_col_null(s, 1) ||
		    strlen(db_col_text(s, 1)) >= PW_HASH_MAX) {
			/* Not a hash of ours: no password can match it. */
			at->disabled = 1;
			hash[0] = '\0';
		} else
			memcpy(hash, db_col_text(s, 1),
			    strlen(db_col_text(s, 1)) + 1);
	} else if (rc != DB_DONE) {
		db_reset(s);
		goto fail;
	}
	db_reset(s);
	if (at->uid != 0 && at->devhash[0] != '\0') {
		if ((rc = device_known(db, at->devhash, at->uid, now)) == -1)
			goto fail;
		at->trusted = rc;
	}
	if (at->trusted) {
		snprintf(at->keys[0], KEY_MAX, "dev:%s", at->devhash);
		at->free[0] = STAFF_FAIL_FREE;
	} else {
		snprintf(at->keys[0], KEY_MAX, "pair:%s|%s", at->account,
		    at->client);
		at->free[0] = STAFF_FAIL_FREE;
		if (at->client[0] != '\0') {
			snprintf(at->keys[1], KEY_MAX, "client:%s",
			    at->client);
			at->free[1] = STAFF_FAIL_CLIENT;
		}
	}
	for (i = 0; i < 2; i++) {
		if (at->keys[i][0] == '\0')
			continue;
		if ((until = heard_at(db, at->keys[i], at->free[i], now)) == -1)
			goto fail;
		if (until > wait)
			wait = until;
	}
	if (wait > (long long)now) {
		(void)db_rollback(db);
		*retry = (long)(wait - (long long)now);
		return STAFF_LOGIN_THROTTLED;
	}
	for (i = 0; i < 2; i++)
		if (at->keys[i][0] != '\0' &&
		    failure_add(db, at->keys[i], now, &at->fail[i]) == -1)
			goto fail;
	if (db_commit(db) != DB_OK)
		return -1;
	return 0;
fail:
	(void)db_rollback(db);
	return -1;
}

/* The audit line of a heard attempt: no password, no email typed. */
static void
login_audit(struct db *db, const struct attempt *at, int ok)
{
	char	 detail[STAFF_ADDR_MAX + 64];

	if (ok)
		snprintf(detail, sizeof(detail), "from %s%s",
		    at->client[0] != '\0' ? at->client : "unknown",
		    at->trusted ? ", a known device" : "");
	else if (at->uid != 0)
		snprintf(detail, sizeof(detail), "account %lld, from %s",
		    at->uid, at->client[0] != '\0' ? at->client : "unknown");
	else
		snprintf(detail, sizeof(detail), "no such account, from %s",
		    at->client[0] != '\0' ? at->client : "unknown");
	if (college_audit(db, ok ? at->uid : 0, ok ? "login" :
	    "login.failed", detail) == -1)
		warnx("staff: the log-in could not be audited");
}

enum staff_login_result
staff_login(struct db *db, const char *email, const char *password,
    const char *addr, const char *device, time_t now,
    char sid[TOKEN_B32_LEN + 1], char dev[TOKEN_B32_LEN + 1], long *retry)
{
	struct attempt	 at;
	char		 idhash[STAFF_HASH_HEX + 1];
	char		 hash[PW_HASH_MAX], fresh[PW_HASH_MAX];
	struct db_stmt	*s;
	int		 ok, rc, rehash = 0;
	size_t		 i;

	*retry = 0;
	sid[0] = '\0';
	dev[0] = '\0';
	hash[0] = '\0';
	memset(&at, 0, sizeof(at));
	if (email == NULL || password == NULL ||
	    account_of(email, at.account) == -1) {
		/* No such account can exist; spend the time all the same. */
		(void)pw_verify(NULL, password);
		return STAFF_LOGIN_BAD;
	}
	client_of(addr, at.client);
	if (device != NULL && token_valid(device) &&
	    staff_hash(device, at.devhash) == -1)
		return STAFF_LOGIN_ERROR;
	if ((rc = login_begin(db, &at, now, hash, retry)) == -1)
		return STAFF_LOGIN_ERROR;
	if (rc == STAFF_LOGIN_THROTTLED) {
		if (*retry < 1)
			*retry = 1;
		return STAFF_LOGIN_THROTTLED;
	}
	/* The slow part, outside any transaction. */
	ok = pw_verify(at.uid != 0 && hash[0] != '\0' ? hash : NULL, password);
	if (!ok || at.uid == 0 || at.disabled) {
		sodium_memzero(hash, sizeof(hash));
		login_audit(db, &at, 0);
		return STAFF_LOGIN_BAD;
	}
	if (pw_needs_rehash(hash) && pw_hash(password, fresh) == 0)
		rehash = 1;
	sodium_memzero(hash, sizeof(hash));
	if (token_new(sid, TOKEN_B32_LEN + 1) == -1 ||
	    staff_hash(sid, idhash) == -1)
		goto fail0;
	/* The browser keeps its device id; one without gets a new one. */
	if (at.devhash[0] != '\0')
		memcpy(dev, device, TOKEN_B32_LEN + 1);
	else if (token_new(dev, TOKEN_B32_LEN + 1) == -1 ||
	    staff_hash(dev, at.devhash) == -1)
		goto fail0;
	if (db_begin(db) != DB_OK)
		goto fail0;
	/* The attempt was good: it is no failure. */
	for (i = 0; i < 2; i++)
		if (at.fail[i] != 0 &&
		    exec_int(db, STMT_STAFF_FAILURE_DEL, at.fail[i], 0, 1) == -1)
			goto fail;
	if (exec_int(db, STMT_STAFF_SESSION_PRUNE,
	    (long long)now - STAFF_IDLE, (long long)now - STAFF_ABSOLUTE,
	    2) == -1 ||
	    exec_int(db, STMT_REVIEW_DEVICE_PRUNE,
	    (long long)now - STAFF_DEVICE_TTL, 0, 1) == -1)
		goto fail;
	if ((s = db_stmt(db, STMT_STAFF_SESSION_ADD)) == NULL)
		goto fail;
	db_bind_text(s, 1, idhash);
	db_bind_int(s, 2, at.uid);
	db_bind_int(s, 3, (long long)now);
	if (db_step_done(s) != DB_OK)
		goto fail;
	if ((s = db_stmt(db, STMT_REVIEW_DEVICE_ADD)) == NULL)
		goto fail;
	db_bind_text(s, 1, at.devhash);
	db_bind_int(s, 2, at.uid);
	db_bind_int(s, 3, (long long)now);
	if (db_step_done(s) != DB_OK)
		goto fail;
	if (rehash) {
		if ((s = db_stmt(db, STMT_STAFF_PWHASH_SET)) == NULL)
			goto fail;
		db_bind_int(s, 1, at.uid);
		db_bind_text(s, 2, fresh);
		if (db_step_done(s) != DB_OK)
			goto fail;
	}
	login_audit(db, &at, 1);
	if (db_commit(db) != DB_OK)
		goto fail0;
	sodium_memzero(fresh, sizeof(fresh));
	return STAFF_LOGIN_OK;
fail:
	(void)db_rollback(db);
fail0:
	sodium_memzero(fresh, sizeof(fresh));
	sodium_memzero(sid, TOKEN_B32_LEN + 1);
	sodium_memzero(dev, TOKEN_B32_LEN + 1);
	return STAFF_LOGIN_ERROR;
}

#define STR_(x)	#x
#define STR(x)	STR_(x)

const char staff_password_rule[] = "Password must be "
    STR(STAFF_PASSWORD_MIN) " to " STR(PW_MAX) " characters: a few words "
    "together are easy to remember and hard to guess";

/* The rule in the reader's language, its limits filled in (one request
 * at a time per process, so one buffer). */
static const char *
password_rule_text(void)
{
	static char		 buf[sizeof(staff_password_rule) * 4];
	static const char *const names[] = { "lo", "hi" };
	const char		*values[] = { STR(STAFF_PASSWORD_MIN), STR(PW_MAX) };
	int			 n;

	n = i18n_fill(buf, sizeof(buf), _("Password must be {lo} to {hi} "
	    "characters: a few words together are easy to remember and hard "
	    "to guess"), names, values, 2);
	return n < 0 || (size_t)n >= sizeof(buf) ? staff_password_rule : buf;
}

const char *
staff_password_problem(const char *p)
{
	size_t	 n;

	if (p == NULL || p[0] == '\0')
		return _("Enter a password");
	n = strlen(p);
	if (n > STAFF_PASSWORD_MAX || !utf8_valid(p, n))
		return password_rule_text();
	return utf8_chars(p, n) < STAFF_PASSWORD_MIN ? password_rule_text() :
	    NULL;
}

/* 1 if name is 1 to STAFF_NAME_MAX characters of valid UTF-8 with no
 * control characters, else 0. */
static int
name_ok(const char *name)
{
	size_t	 i, n;

	if (name == NULL || (n = strlen(name)) == 0 || !utf8_valid(name, n))
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
			return 0;
	return utf8_chars(name, n) <= STAFF_NAME_MAX;
}

enum staff_add_result
staff_add(struct db *db, long long by, const char *email, const char *name,
    const char *role, const char *password, time_t now, long long *id)
{
	char		 hash[PW_HASH_MAX], detail[64];
	struct db_stmt	*s;
	size_t		 n;
	int		 rc;

	*id = 0;
	if (email == NULL || (n = strlen(email)) == 0 ||
	    n > STAFF_EMAIL_MAX || strchr(email, '@') == NULL)
		return STAFF_ADD_BAD_EMAIL;
	if (!name_ok(name))
		return STAFF_ADD_BAD_NAME;
	if (staff_role_parse(role) == -1)
		return STAFF_ADD_BAD_ROLE;
	if (staff_password_problem(password) != NULL)
		return STAFF_ADD_BAD_PASSWORD;
	/* Hashing takes a while: before the write lock, not under it. */
	if (pw_hash(password, hash) == -1)
		return STAFF_ADD_ERROR;
	if (db_begin(db) != DB_OK) {
		sodium_memzero(hash, sizeof(hash));
		return STAFF_ADD_ERROR;
	}
	if ((s = db_stmt(db, STMT_REVIEW_STAFF_ADD)) == NULL)
		goto fail;
	db_bind_text(s, 1, email);
	db_bind_text(s, 2, name);
	db_bind_text(s, 3, role);
	db_bind_text(s, 4, hash);
	db_bind_int(s, 5, (long long)now);
	if ((rc = step_id(db, s, id)) == -1)
		goto fail;
	sodium_memzero(hash, sizeof(hash));
	if (rc == 0) {
		(void)db_rollback(db);
		return STAFF_ADD_DUPLICATE;
	}
	snprintf(detail, sizeof(detail), "user %lld %s", *id, role);
	if (college_audit(db, by, "user.add", detail) == -1)
		goto fail;
	if (db_commit(db) != DB_OK)
		return STAFF_ADD_ERROR;
	return STAFF_ADD_OK;
fail:
	sodium_memzero(hash, sizeof(hash));
	(void)db_rollback(db);
	*id = 0;
	return STAFF_ADD_ERROR;
}

/* Delete the session whose id hashes to idhash. 0 or -1. */
static int
session_delete(struct db *db, const char *idhash)
{
	struct db_stmt	*s;

	if ((s = db_stmt(db, STMT_STAFF_SESSION_DEL)) == NULL)
		return -1;
	db_bind_text(s, 1, idhash);
	return db_step_done(s) == DB_OK ? 0 : -1;
}

enum staff_session_result
staff_session(struct db *db, struct arena *a, const char *sid, time_t now,
    struct staff_user *user)
{
	char		 idhash[STAFF_HASH_HEX + 1];
	struct db_stmt	*s;
	long long	 created, seen;
	int		 rc, role;

	memset(user, 0, sizeof(*user));
	if (sid == NULL || !token_valid(sid))
		return STAFF_SESSION_NONE;
	if (staff_hash(sid, idhash) == -1 ||
	    (s = db_stmt(db, STMT_STAFF_SESSION_GET)) == NULL)
		return STAFF_SESSION_ERROR;
	db_bind_text(s, 1, idhash);
	if ((rc = db_step(s)) != DB_ROW) {
		db_reset(s);
		return rc == DB_DONE ? STAFF_SESSION_NONE :
		    STAFF_SESSION_ERROR;
	}
	user->id = db_col_int(s, 0);
	created = db_col_int(s, 1);
	seen = db_col_int(s, 2);
	role = staff_role_parse(db_col_text(s, 3));
	user->name = db_col_dup(s, 4, a);
	user->email = db_col_dup(s, 5, a);
	db_reset(s);
	if (user->name == NULL || user->email == NULL)
		return STAFF_SESSION_ERROR;
	/* An unknown role gets the lesser one. */
	user->role = role == STAFF_ADMIN ? STAFF_ADMIN : STAFF_EDUCATOR;
	if ((long long)now - seen > STAFF_IDLE ||
	    (long long)now - created > STAFF_ABSOLUTE) {
		memset(user, 0, sizeof(*user));
		return session_delete(db, idhash) == -1 ?
		    STAFF_SESSION_ERROR : STAFF_SESSION_EXPIRED;
	}
	if ((long long)now - seen >= STAFF_TOUCH) {
		if ((s = db_stmt(db, STMT_STAFF_SESSION_TOUCH)) == NULL)
			return STAFF_SESSION_ERROR;
		db_bind_text(s, 1, idhash);
		db_bind_int(s, 2, (long long)now);
		if (db_step_done(s) != DB_OK)
			return STAFF_SESSION_ERROR;
	}
	return STAFF_SESSION_OK;
}

int
staff_logout(struct db *db, const char *sid)
{
	char	 idhash[STAFF_HASH_HEX + 1];

	if (sid == NULL || !token_valid(sid))
		return 0;
	if (staff_hash(sid, idhash) == -1)
		return -1;
	return session_delete(db, idhash);
}
