/*
 * staff.h: staff accounts, logging in, and staff sessions.
 *
 * Logging in.
 * - A password is checked with pw_verify() (Argon2id). An unknown or
 *   disabled account is checked against a dummy hash, so it takes as
 *   long as a wrong password, and both get the same answer.
 * - Failed attempts are throttled per account (the email typed, known
 *   or not) and per address: once a key has STAFF_FAIL_ACCOUNT (or
 *   STAFF_FAIL_ADDRESS) failures within STAFF_FAIL_WINDOW seconds,
 *   further attempts are refused, unchecked and unrecorded, until the
 *   oldest of those failures leaves the window. Nothing ever locks an
 *   account for longer than the window.
 * - An attempt is recorded as a failure before the password is
 *   checked (so that parallel guesses cannot slip past the count) and
 *   the record is taken back when the password was right.
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

#include "kit/token.h"

struct arena;
struct db;

#define STAFF_IDLE		(8 * 60 * 60)	/* seconds a session may sit idle */
#define STAFF_ABSOLUTE		(24 * 60 * 60)	/* seconds a session may last */
#define STAFF_TOUCH		60	/* seconds between "last seen" writes */
#define STAFF_FAIL_WINDOW	(15 * 60)	/* seconds failures are counted */
#define STAFF_FAIL_ACCOUNT	5	/* failures per account in the window */
#define STAFF_FAIL_ADDRESS	20	/* failures per address in the window */
#define STAFF_ADDR_MAX		64	/* bytes of an address used as a key */
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
	STAFF_LOGIN_ERROR = -1,	/* database or randomness failed */
	STAFF_LOGIN_OK = 0,	/* a new session: its id in sid */
	STAFF_LOGIN_BAD,	/* wrong email or password (one answer for both) */
	STAFF_LOGIN_THROTTLED	/* too many failures: *retry seconds to wait */
};

enum staff_session_result {
	STAFF_SESSION_ERROR = -1,
	STAFF_SESSION_OK = 0,	/* *user filled */
	STAFF_SESSION_NONE,	/* no session, or not one of ours */
	STAFF_SESSION_EXPIRED	/* idle or too old: it has been deleted */
};

/*
 * Log in with email (as typed; compared lowercased) and password from
 * address addr (NULL or "" if unknown: then only the account is
 * throttled) at time now. On STAFF_LOGIN_OK the new session's id is
 * written to sid (TOKEN_B32_LEN + 1 bytes) for the cookie; on
 * STAFF_LOGIN_THROTTLED *retry is the number of seconds until an
 * attempt will be heard again (at least 1).
 */
enum staff_login_result staff_login(struct db *, const char *email,
		    const char *password, const char *addr, time_t now,
		    char sid[TOKEN_B32_LEN + 1], long *retry);

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
