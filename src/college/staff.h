/*
 * staff.h: staff accounts, logging in, and staff sessions.
 *
 * Logging in.
 * - A password is checked with pw_verify() (Argon2id). An unknown or
 *   disabled account is checked against a dummy hash, so it takes as
 *   long as a wrong password, and both get the same answer.
 * - Guessing is slowed without letting a stranger lock out the real
 *   user (issue 11, point 4). Failures are counted, within
 *   STAFF_FAIL_WINDOW, per (account, client) pair and per client (the
 *   address; IPv6 by its /64), never per account alone. A pair with
 *   STAFF_FAIL_FREE failures, or a client with STAFF_FAIL_CLIENT, waits
 *   STAFF_DELAY_BASE seconds after its newest failure, doubled for each
 *   failure beyond, at most STAFF_DELAY_MAX; attempts while it waits are
 *   refused unchecked and unrecorded, so nothing locks anyone out for
 *   longer than STAFF_DELAY_MAX after they stop.
 * - A browser that has logged in to an account holds a device id
 *   (OWASP's device cookie: TOKEN_B32_LEN random base32 characters,
 *   stored only as its SHA-256, for STAFF_DEVICE_TTL seconds after its
 *   last log-in). For that account it is throttled only by its own
 *   failures (per device, the same delays), so the lock-out others
 *   cause does not reach the real user's phone.
 * - An attempt is recorded as a failure before the password is
 *   checked (so that parallel guesses cannot slip past the count) and
 *   the record is taken back when the password was right.
 * - Log-ins and failed log-ins (heard ones) are written to the audit
 *   log: "login" as the user, "login.failed" with the account's id if
 *   there is one; the client, never the password or the email typed.
 *
 * Sessions.
 * - A session id is TOKEN_B32_LEN base32 characters (130 random bits
 *   from the kernel), given to the browser once and stored only as its
 *   SHA-256 in hex. Each log-in makes a new one.
 * - A session ends after STAFF_IDLE seconds without a request, or
 *   STAFF_ABSOLUTE seconds after it began, whichever comes first; an
 *   ended session is deleted when it is next presented.
 *
 * Times are passed in (college_now() in the programs) so that tests can
 * move the clock. Statements are the STMT_STAFF_* of college/stmts.h.
 */
#ifndef COLLEGE_STAFF_H
#define COLLEGE_STAFF_H

#include <stddef.h>
#include <time.h>

#include "kit/outcome.h"
#include "kit/pw.h"
#include "kit/token.h"

struct arena;
struct db;

#define STAFF_IDLE		(8 * 60 * 60)	/* seconds a session may sit idle */
#define STAFF_ABSOLUTE		(24 * 60 * 60)	/* seconds a session may last */
#define STAFF_TOUCH		60	/* seconds between "last seen" writes */
#define STAFF_FAIL_WINDOW	(60 * 60)	/* seconds failures are counted */
#define STAFF_FAIL_FREE		5	/* failures of a pair or device before
					   it must wait */
#define STAFF_FAIL_CLIENT	30	/* failures of a client, any accounts,
					   before it must wait */
#define STAFF_DELAY_BASE	60	/* seconds of the first wait */
#define STAFF_DELAY_MAX		(15 * 60)	/* seconds of the longest */
#define STAFF_DEVICE_TTL	(180 * 24 * 60 * 60)	/* seconds a device
					   is known after its last log-in */
#define STAFF_ADDR_MAX		64	/* bytes of an address used as a key */
#define STAFF_PASSWORD_MIN	10	/* characters of a new password */
#define STAFF_PASSWORD_MAX	PW_MAX	/* bytes of a password (kit/pw.h) */
#define STAFF_NAME_MAX		100	/* characters of a staff name */
#define STAFF_EMAIL_MAX		254	/* bytes (RFC 5321, 4.5.3.1.3) */
#define STAFF_HASH_HEX		64	/* hex digits of a SHA-256 */

enum staff_role {
	STAFF_EDUCATOR,
	STAFF_ADMIN,
	STAFF_ROLE__MAX
};

/* The person behind a session. Strings live in the arena given. */
struct staff_user {
	long long	 id;
	enum staff_role	 role;
	const char	*name;
	const char	*email;
};

enum staff_login_result {
	STAFF_LOGIN_ERROR = OUTCOME_ERROR, /* database or randomness failed */
	STAFF_LOGIN_OK = OUTCOME_OK,	/* a new session: its id in sid */
	STAFF_LOGIN_BAD = OUTCOME__SHARED, /* wrong email or password (one
					  * answer for both) */
	STAFF_LOGIN_THROTTLED	/* too many failures: *retry seconds to wait */
};

enum staff_session_result {
	STAFF_SESSION_ERROR = OUTCOME_ERROR,
	STAFF_SESSION_OK = OUTCOME_OK,	/* *user filled */
	STAFF_SESSION_NONE = OUTCOME_NOT_FOUND, /* no session, or not one
					       * of ours */
	STAFF_SESSION_EXPIRED = OUTCOME__SHARED /* idle or too old: it has
					       * been deleted */
};

/*
 * Log in with email (as typed; compared lowercased) and password from
 * client address addr (NULL or "" if unknown: then every such client
 * is one) with the device cookie's value device (NULL if none) at time
 * now. On STAFF_LOGIN_OK the new session's id is written to sid and
 * the device id for the cookie (the one given, if well formed, else a
 * new one) to dev, both TOKEN_B32_LEN + 1 bytes; on
 * STAFF_LOGIN_THROTTLED *retry is the number of seconds until an
 * attempt will be heard again (at least 1).
 */
enum staff_login_result staff_login(struct db *, const char *email,
		    const char *password, const char *addr,
		    const char *device, time_t now,
		    char sid[TOKEN_B32_LEN + 1], char dev[TOKEN_B32_LEN + 1],
		    long *retry);

/*
 * The wait after n failures of a key whose free allowance is free:
 * 0 below it, then STAFF_DELAY_BASE doubled per failure beyond,
 * at most STAFF_DELAY_MAX.
 */
long		 staff_delay(long long n, int free);

enum staff_add_result {
	STAFF_ADD_ERROR = OUTCOME_ERROR,
	STAFF_ADD_OK = OUTCOME_OK,
	STAFF_ADD_BAD_EMAIL = OUTCOME__SHARED, /* empty, too long or no @ */
	STAFF_ADD_BAD_NAME,	/* empty, too long, or control characters */
	STAFF_ADD_BAD_ROLE,	/* not "admin" or "educator" */
	STAFF_ADD_BAD_PASSWORD,	/* staff_password_problem() says why */
	STAFF_ADD_DUPLICATE	/* the email has an account */
};

/* The rule for new passwords, with the limits from the constants. */
extern const char staff_password_rule[];

/*
 * NULL if password (as typed: never trimmed) may be a staff password
 * (STAFF_PASSWORD_MIN to STAFF_PASSWORD_MAX, valid UTF-8, counted in
 * characters for the minimum), else the sentence to show in the
 * current language (i18n_use()): staff_password_rule, or "Enter a
 * password".
 */
const char	*staff_password_problem(const char *password);

/*
 * Add a staff account: email (already normalised: trimmed, lowercased),
 * name (1 to STAFF_NAME_MAX characters, no control characters), role
 * ("admin" or "educator"), password (staff_password_problem()), hashed
 * here with Argon2id outside the write lock; the insert and its audit
 * line ("user.add", as by, 0 for the command line) in one transaction.
 * The one owner of these rules: the admin page and `tessera user add`
 * both call it. *id gets the new account's id.
 */
enum staff_add_result staff_add(struct db *, long long by, const char *email,
		    const char *name, const char *role, const char *password,
		    time_t now, long long *id);

/*
 * The user of session id sid (the cookie's value, or NULL) at time
 * now. A live session seen more than STAFF_TOUCH seconds ago is marked
 * seen now. *user's strings are copied into the arena.
 */
enum staff_session_result staff_session(struct db *, struct arena *,
		    const char *sid, time_t now, struct staff_user *user);

/* End session sid (log out). Unknown or malformed ids are ignored.
 * 0 or -1 on a database error. */
int		 staff_logout(struct db *, const char *sid);

/* Write the SHA-256 of s as STAFF_HASH_HEX lowercase hex digits and a
 * NUL into out. 0 or -1. Exposed for tests. */
int		 staff_hash(const char *s, char out[STAFF_HASH_HEX + 1]);

/* "educator" or "admin"; role from its word, -1 if none. */
const char	*staff_role_word(enum staff_role);
int		 staff_role_parse(const char *);

#endif
