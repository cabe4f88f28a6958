/*
 * staff.c: logging in, throttling failures, staff sessions.
 */
#include <err.h>
#include <string.h>

#include <sodium.h>
#include <sqlite3.h>

#include "kit/arena.h"
#include "kit/db.h"
#include "kit/pw.h"
#include "kit/token.h"
#include "college/staff.h"
#include "college/stmts.h"

/* "email:" or "addr:" and the value. */
#define KEY_MAX		(sizeof("email:") + STAFF_EMAIL_MAX)

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

/* Step s to its end; 0, or -1 with a log line. */
static int
step_done(struct db *db, sqlite3_stmt *s)
{
	int	 rc = sqlite3_step(s);

	if (rc != SQLITE_DONE) {
		warnx("staff: %s", sqlite3_errmsg(db_handle(db)));
		sqlite3_reset(s);
		return -1;
	}
	sqlite3_reset(s);
	return 0;
}

/*
 * The account's key: "email:" and the email, ASCII lowercased as the
 * user table keeps it. 0, or -1 when it is too long to be anyone's.
 */
static int
account_key(const char *email, char key[KEY_MAX])
{
	size_t	 i, n = strlen(email);

	if (n == 0 || n > STAFF_EMAIL_MAX)
		return -1;
	memcpy(key, "email:", 6);
	for (i = 0; i < n; i++)
		key[6 + i] = (email[i] >= 'A' && email[i] <= 'Z') ?
		    (char)(email[i] - 'A' + 'a') : email[i];
	key[6 + n] = '\0';
	return 0;
}

/* The address's key, or -1 when there is no usable address: visible
 * ASCII only, at most STAFF_ADDR_MAX bytes. */
static int
address_key(const char *addr, char key[KEY_MAX])
{
	size_t	 i, n;

	if (addr == NULL || (n = strlen(addr)) == 0 || n > STAFF_ADDR_MAX)
		return -1;
	for (i = 0; i < n; i++)
		if (addr[i] <= ' ' || addr[i] >= 0x7f)
			return -1;
	memcpy(key, "addr:", 5);
	memcpy(key + 5, addr, n + 1);
	return 0;
}

/*
 * When key, allowed limit failures per window, will be heard again:
 * 0 if it is not throttled, else the time its limit-th newest failure
 * leaves the window. -1 on error.
 */
static long long
throttled_until(struct db *db, const char *key, int limit, time_t now)
{
	sqlite3_stmt	*s;
	long long	 until = 0;
	int		 rc;

	if ((s = db_stmt(db, STMT_STAFF_THROTTLE)) == NULL)
		return -1;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)now - STAFF_FAIL_WINDOW);
	sqlite3_bind_int(s, 3, limit - 1);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		until = sqlite3_column_int64(s, 0) + STAFF_FAIL_WINDOW;
	else if (rc != SQLITE_DONE)
		until = -1;
	sqlite3_reset(s);
	return until;
}

/* Record a failure of key at now; its row id in *id. 0 or -1. */
static int
failure_add(struct db *db, const char *key, time_t now, long long *id)
{
	sqlite3_stmt	*s;

	if ((s = db_stmt(db, STMT_STAFF_FAILURE_ADD)) == NULL)
		return -1;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)now);
	if (step_done(db, s) == -1)
		return -1;
	*id = sqlite3_last_insert_rowid(db_handle(db));
	return 0;
}

static int
exec_int(struct db *db, enum stmt idx, long long a, long long b, int nb)
{
	sqlite3_stmt	*s;

	if ((s = db_stmt(db, idx)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, a);
	if (nb > 1)
		sqlite3_bind_int64(s, 2, b);
	return step_done(db, s);
}

/*
 * First transaction of a log-in: refuse a throttled key, record the
 * attempt as a failure of each key, and read the account. 0 to go on,
 * 1 when throttled (*retry set), -1 on error.
 */
static int
login_begin(struct db *db, const char *ekey, const char *akey, time_t now,
    long long fail[2], long long *uid, int *disabled,
    char hash[PW_HASH_MAX], long *retry)
{
	sqlite3_stmt	*s;
	long long	 u1, u2 = 0;
	int		 rc;

	if (db_begin(db) == -1)
		return -1;
	if (exec_int(db, STMT_STAFF_FAILURE_PRUNE,
	    (long long)now - STAFF_FAIL_WINDOW, 0, 1) == -1 ||
	    (u1 = throttled_until(db, ekey, STAFF_FAIL_ACCOUNT, now)) == -1 ||
	    (akey != NULL && (u2 = throttled_until(db, akey,
	    STAFF_FAIL_ADDRESS, now)) == -1))
		goto fail;
	if (u2 > u1)
		u1 = u2;
	if (u1 > (long long)now) {
		(void)db_rollback(db);
		*retry = (long)(u1 - (long long)now);
		return 1;
	}
	if (failure_add(db, ekey, now, &fail[0]) == -1 ||
	    (akey != NULL && failure_add(db, akey, now, &fail[1]) == -1))
		goto fail;
	if ((s = db_stmt(db, STMT_STAFF_USER_BY_EMAIL)) == NULL)
		goto fail;
	sqlite3_bind_text(s, 1, ekey + 6, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*uid = sqlite3_column_int64(s, 0);
		*disabled = sqlite3_column_int(s, 2) != 0;
		if (sqlite3_column_text(s, 1) == NULL ||
		    (size_t)sqlite3_column_bytes(s, 1) >= PW_HASH_MAX) {
			/* Not a hash of ours: no password can match it. */
			*disabled = 1;
			hash[0] = '\0';
		} else
			memcpy(hash, sqlite3_column_text(s, 1),
			    (size_t)sqlite3_column_bytes(s, 1) + 1);
	} else if (rc != SQLITE_DONE) {
		sqlite3_reset(s);
		goto fail;
	}
	sqlite3_reset(s);
	if (db_commit(db) == -1)
		return -1;
	return 0;
fail:
	(void)db_rollback(db);
	return -1;
}

enum staff_login_result
staff_login(struct db *db, const char *email, const char *password,
    const char *addr, time_t now, char sid[TOKEN_B32_LEN + 1], long *retry)
{
	char		 ekey[KEY_MAX], akeybuf[KEY_MAX], idhash[STAFF_HASH_HEX + 1];
	char		 hash[PW_HASH_MAX], fresh[PW_HASH_MAX];
	const char	*akey = NULL;
	sqlite3_stmt	*s;
	long long	 fail[2] = { 0, 0 }, uid = 0;
	int		 disabled = 0, ok, rc, rehash = 0;
	size_t		 i;

	*retry = 0;
	sid[0] = '\0';
	hash[0] = '\0';
	if (email == NULL || password == NULL || account_key(email, ekey) == -1) {
		/* No such account can exist; spend the time all the same. */
		(void)pw_verify(NULL, password);
		return STAFF_LOGIN_BAD;
	}
	if (address_key(addr, akeybuf) == 0)
		akey = akeybuf;
	if ((rc = login_begin(db, ekey, akey, now, fail, &uid,
	    &disabled, hash, retry)) == -1)
		return STAFF_LOGIN_ERROR;
	if (rc == 1) {
		if (*retry < 1)
			*retry = 1;
		return STAFF_LOGIN_THROTTLED;
	}
	/* The slow part, outside any transaction. */
	ok = pw_verify(uid != 0 && hash[0] != '\0' ? hash : NULL, password);
	if (!ok || uid == 0 || disabled) {
		sodium_memzero(hash, sizeof(hash));
		return STAFF_LOGIN_BAD;
	}
	if (pw_needs_rehash(hash) && pw_hash(password, fresh) == 0)
		rehash = 1;
	sodium_memzero(hash, sizeof(hash));
	if (token_new(sid, TOKEN_B32_LEN + 1) == -1 ||
	    staff_hash(sid, idhash) == -1) {
		sid[0] = '\0';
		return STAFF_LOGIN_ERROR;
	}
	if (db_begin(db) == -1)
		goto fail0;
	/* The attempt was good: it is no failure. */
	for (i = 0; i < 2; i++)
		if (fail[i] != 0 &&
		    exec_int(db, STMT_STAFF_FAILURE_DEL, fail[i], 0, 1) == -1)
			goto fail;
	if (exec_int(db, STMT_STAFF_SESSION_PRUNE,
	    (long long)now - STAFF_IDLE, (long long)now - STAFF_ABSOLUTE,
	    2) == -1)
		goto fail;
	if ((s = db_stmt(db, STMT_STAFF_SESSION_ADD)) == NULL)
		goto fail;
	sqlite3_bind_text(s, 1, idhash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, uid);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)now);
	if (step_done(db, s) == -1)
		goto fail;
	if (rehash) {
		if ((s = db_stmt(db, STMT_STAFF_PWHASH_SET)) == NULL)
			goto fail;
		sqlite3_bind_int64(s, 1, uid);
		sqlite3_bind_text(s, 2, fresh, -1, SQLITE_STATIC);
		if (step_done(db, s) == -1)
			goto fail;
	}
	if (db_commit(db) == -1)
		goto fail0;
	sodium_memzero(fresh, sizeof(fresh));
	return STAFF_LOGIN_OK;
fail:
	(void)db_rollback(db);
fail0:
	sodium_memzero(fresh, sizeof(fresh));
	sodium_memzero(sid, TOKEN_B32_LEN + 1);
	return STAFF_LOGIN_ERROR;
}

/* Delete the session whose id hashes to idhash. 0 or -1. */
static int
session_delete(struct db *db, const char *idhash)
{
	sqlite3_stmt	*s;

	if ((s = db_stmt(db, STMT_STAFF_SESSION_DEL)) == NULL)
		return -1;
	sqlite3_bind_text(s, 1, idhash, -1, SQLITE_STATIC);
	return step_done(db, s);
}

enum staff_session_result
staff_session(struct db *db, struct arena *a, const char *sid, time_t now,
    struct staff_user *user)
{
	char		 idhash[STAFF_HASH_HEX + 1];
	sqlite3_stmt	*s;
	long long	 created, seen;
	int		 rc, role;

	memset(user, 0, sizeof(*user));
	if (sid == NULL || !token_valid(sid))
		return STAFF_SESSION_NONE;
	if (staff_hash(sid, idhash) == -1 ||
	    (s = db_stmt(db, STMT_STAFF_SESSION_GET)) == NULL)
		return STAFF_SESSION_ERROR;
	sqlite3_bind_text(s, 1, idhash, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(s)) != SQLITE_ROW) {
		sqlite3_reset(s);
		return rc == SQLITE_DONE ? STAFF_SESSION_NONE :
		    STAFF_SESSION_ERROR;
	}
	user->id = sqlite3_column_int64(s, 0);
	created = sqlite3_column_int64(s, 1);
	seen = sqlite3_column_int64(s, 2);
	role = staff_role_parse((const char *)sqlite3_column_text(s, 3));
	user->name = arena_strdup(a, (const char *)sqlite3_column_text(s, 4));
	user->email = arena_strdup(a, (const char *)sqlite3_column_text(s, 5));
	sqlite3_reset(s);
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
		sqlite3_bind_text(s, 1, idhash, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 2, (sqlite3_int64)now);
		if (step_done(db, s) == -1)
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
