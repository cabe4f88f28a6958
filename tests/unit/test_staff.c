/*
 * test_staff.c: logging in and staff sessions on an in-memory database
 * with the real migrations: right and wrong passwords, one answer for
 * unknown accounts, the throttle per account and per address and its
 * end, new and hashed session ids, the idle and absolute timeouts with
 * a clock the tests move, log-out, disabled accounts, and rehashing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <sqlite3.h>

#include "kit/arena.h"
#include "kit/db.h"
#include "kit/pw.h"
#include "kit/token.h"
#include "college/staff.h"
#include "fixture.h"

/* 2026-03-02 10:00 UTC. */
#define NOW	((time_t)1772445600)
#define HOUR	(60 * 60)
#define PASS	"correct horse battery staple"

struct fx {
	struct db	*db;
	struct arena	*arena;
};

/* The hash of PASS, made once: Argon2id is slow on purpose. */
static char	pass_hash[PW_HASH_MAX];

/* Add a user with PASS as password. */
static void
add_user(struct db *db, long long id, const char *email, const char *name,
    const char *role, int disabled)
{
	sqlite3_stmt	*st;

	assert_int_equal(sqlite3_prepare_v2(db_handle(db),
	    "INSERT INTO user(id, email, name, role, pwhash, disabled,"
	    " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0)", -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, email, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, role, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, pass_hash, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, disabled);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
}

static int
group_setup(void **state)
{
	(void)state;
	return pw_hash(PASS, pass_hash);
}

static int
setup(void **state)
{
	struct fx	*fx;

	if ((fx = calloc(1, sizeof(*fx))) == NULL)
		return -1;
	fx->db = fx_db();
	if ((fx->arena = arena_new()) == NULL)
		return -1;
	add_user(fx->db, 1, "sam@example.org", "Sam Peer", "educator", 0);
	add_user(fx->db, 2, "jo@example.org", "Jo Admin", "admin", 0);
	add_user(fx->db, 3, "gone@example.org", "Gone Away", "educator", 1);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx	*fx = *state;

	db_close(fx->db);
	arena_free(fx->arena);
	free(fx);
	return 0;
}

static enum staff_login_result
login(struct fx *fx, const char *email, const char *pw, const char *addr,
    time_t now, char sid[TOKEN_B32_LEN + 1])
{
	long	 retry;

	return staff_login(fx->db, email, pw, addr, now, sid, &retry);
}

static void
test_staff_hash_known(void **state)
{
	char	 h[STAFF_HASH_HEX + 1];

	(void)state;
	/* FIPS 180-2, appendix B.1. */
	assert_int_equal(staff_hash("abc", h), 0);
	assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
}

static void
test_staff_role_words(void **state)
{
	(void)state;
	assert_string_equal(staff_role_word(STAFF_ADMIN), "admin");
	assert_string_equal(staff_role_word(STAFF_EDUCATOR), "educator");
	assert_int_equal(staff_role_parse("admin"), STAFF_ADMIN);
	assert_int_equal(staff_role_parse("educator"), STAFF_EDUCATOR);
	assert_int_equal(staff_role_parse("root"), -1);
	assert_int_equal(staff_role_parse(NULL), -1);
}

static void
test_staff_login_ok_makes_hashed_session(void **state)
{
	struct fx		*fx = *state;
	struct staff_user	 u;
	char			 sid[TOKEN_B32_LEN + 1], h[STAFF_HASH_HEX + 1];
	char			 sql[256];

	assert_int_equal(login(fx, "sam@example.org", PASS, "192.0.2.1", NOW,
	    sid), STAFF_LOGIN_OK);
	assert_true(token_valid(sid));
	/* Only the hash is stored. */
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM auth_session"),
	    1);
	assert_int_equal(staff_hash(sid, h), 0);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM auth_session WHERE "
	    "id_hash = '%s' AND user_id = 1 AND created_at = %lld", h,
	    (long long)NOW);
	assert_int_equal(fx_count(fx->db, "%s", sql), 1);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM auth_session WHERE "
	    "id_hash = '%s'", sid);
	assert_int_equal(fx_count(fx->db, "%s", sql), 0);
	/* A good attempt leaves no failure behind. */
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM login_failure"),
	    0);
	assert_int_equal(staff_session(fx->db, fx->arena, sid, NOW + 1, &u),
	    STAFF_SESSION_OK);
	assert_int_equal(u.id, 1);
	assert_int_equal(u.role, STAFF_EDUCATOR);
	assert_string_equal(u.name, "Sam Peer");
	assert_string_equal(u.email, "sam@example.org");
}

static void
test_staff_login_email_any_case(void **state)
{
	struct fx	*fx = *state;
	char		 sid[TOKEN_B32_LEN + 1];

	assert_int_equal(login(fx, "Sam@Example.ORG", PASS, NULL, NOW, sid),
	    STAFF_LOGIN_OK);
}

static void
test_staff_login_new_id_each_time(void **state)
{
	struct fx	*fx = *state;
	char		 a[TOKEN_B32_LEN + 1], b[TOKEN_B32_LEN + 1];

	assert_int_equal(login(fx, "jo@example.org", PASS, NULL, NOW, a),
	    STAFF_LOGIN_OK);
	assert_int_equal(login(fx, "jo@example.org", PASS, NULL, NOW, b),
	    STAFF_LOGIN_OK);
	assert_string_not_equal(a, b);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM auth_session"),
	    2);
}

/* Wrong password, unknown account, disabled account, empty and too long
 * passwords: the same answer, no session, a failure recorded. */
static void
test_staff_login_bad_cases(void **state)
{
	static const struct {
		const char	*email;
		const char	*pw;
	} cases[] = {
		{ "sam@example.org", "correct horse battery stapl" },
		{ "sam@example.org", "" },
		{ "nobody@example.org", PASS },
		{ "gone@example.org", PASS },
		{ "sam@example.org", "x" },
	};
	struct fx	*fx = *state;
	char		 sid[TOKEN_B32_LEN + 1], longpw[PW_MAX + 2];
	size_t		 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(login(fx, cases[i].email, cases[i].pw,
		    "192.0.2.9", NOW, sid), STAFF_LOGIN_BAD);
		assert_string_equal(sid, "");
	}
	memset(longpw, 'a', sizeof(longpw) - 1);
	longpw[sizeof(longpw) - 1] = '\0';
	assert_int_equal(login(fx, "jo@example.org", longpw, NULL, NOW, sid),
	    STAFF_LOGIN_BAD);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM auth_session"),
	    0);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM login_failure "
	    "WHERE key = 'addr:192.0.2.9'"), 5);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM login_failure "
	    "WHERE key = 'email:nobody@example.org'"), 1);
}

static void
test_staff_login_throttle_account(void **state)
{
	struct fx	*fx = *state;
	char		 sid[TOKEN_B32_LEN + 1];
	long		 retry = 0;
	int		 i;

	for (i = 0; i < STAFF_FAIL_ACCOUNT; i++)
		assert_int_equal(login(fx, "sam@example.org", "guess",
		    NULL, NOW + i, sid), STAFF_LOGIN_BAD);
	/* Now even the right password is not heard, from anywhere. */
	assert_int_equal(staff_login(fx->db, "sam@example.org", PASS,
	    "198.51.100.7", NOW + 10, sid, &retry), STAFF_LOGIN_THROTTLED);
	assert_string_equal(sid, "");
	/* Until the first failure leaves the window. */
	assert_int_equal(retry, STAFF_FAIL_WINDOW - 10);
	/* Refused attempts are not counted: no lockout beyond the window. */
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM login_failure "
	    "WHERE key = 'email:sam@example.org'"), STAFF_FAIL_ACCOUNT);
	/* Another account is not affected. */
	assert_int_equal(login(fx, "jo@example.org", PASS, NULL, NOW + 10, sid),
	    STAFF_LOGIN_OK);
	/* Unknown accounts are throttled the same way. */
	for (i = 0; i < STAFF_FAIL_ACCOUNT; i++)
		assert_int_equal(login(fx, "nobody@example.org", PASS, NULL,
		    NOW, sid), STAFF_LOGIN_BAD);
	assert_int_equal(login(fx, "nobody@example.org", PASS, NULL, NOW, sid),
	    STAFF_LOGIN_THROTTLED);
	/* The window passes: the first failure is out, one try is heard. */
	assert_int_equal(login(fx, "sam@example.org", PASS, NULL,
	    NOW + STAFF_FAIL_WINDOW, sid), STAFF_LOGIN_OK);
}

static void
test_staff_login_throttle_address(void **state)
{
	struct fx	*fx = *state;
	char		 sid[TOKEN_B32_LEN + 1], email[64];
	long		 retry = 0;
	int		 i;

	/* One guess each at many accounts from one address. */
	for (i = 0; i < STAFF_FAIL_ADDRESS; i++) {
		snprintf(email, sizeof(email), "user%d@example.org", i);
		assert_int_equal(login(fx, email, "guess", "203.0.113.5",
		    NOW, sid), STAFF_LOGIN_BAD);
	}
	assert_int_equal(staff_login(fx->db, "sam@example.org", PASS,
	    "203.0.113.5", NOW + 60, sid, &retry), STAFF_LOGIN_THROTTLED);
	assert_int_equal(retry, STAFF_FAIL_WINDOW - 60);
	/* The same account from another address is fine. */
	assert_int_equal(login(fx, "sam@example.org", PASS, "203.0.113.6",
	    NOW + 60, sid), STAFF_LOGIN_OK);
	/* And the address is heard again once the window has passed. */
	assert_int_equal(login(fx, "sam@example.org", PASS, "203.0.113.5",
	    NOW + STAFF_FAIL_WINDOW + 1, sid), STAFF_LOGIN_OK);
	/* Old failures are cleared away as attempts come. */
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM login_failure"),
	    0);
}

static void
test_staff_login_success_is_no_failure(void **state)
{
	struct fx	*fx = *state;
	char		 sid[TOKEN_B32_LEN + 1];
	int		 i;

	for (i = 0; i < STAFF_FAIL_ACCOUNT - 1; i++)
		assert_int_equal(login(fx, "sam@example.org", "guess", NULL,
		    NOW, sid), STAFF_LOGIN_BAD);
	assert_int_equal(login(fx, "sam@example.org", PASS, NULL, NOW, sid),
	    STAFF_LOGIN_OK);
	/* The fifth failure is still heard, and only then the limit. */
	assert_int_equal(login(fx, "sam@example.org", "guess", NULL, NOW, sid),
	    STAFF_LOGIN_BAD);
	assert_int_equal(login(fx, "sam@example.org", PASS, NULL, NOW, sid),
	    STAFF_LOGIN_THROTTLED);
}

static void
test_staff_session_idle_timeout(void **state)
{
	struct fx		*fx = *state;
	struct staff_user	 u;
	char			 sid[TOKEN_B32_LEN + 1];

	assert_int_equal(login(fx, "sam@example.org", PASS, NULL, NOW, sid),
	    STAFF_LOGIN_OK);
	/* Used every 7 hours, it lives on. */
	assert_int_equal(staff_session(fx->db, fx->arena, sid, NOW + 7 * HOUR,
	    &u), STAFF_SESSION_OK);
	assert_int_equal(fx_count(fx->db, "SELECT seen_at FROM auth_session"),
	    (long long)NOW + 7 * HOUR);
	assert_int_equal(staff_session(fx->db, fx->arena, sid,
	    NOW + 7 * HOUR + STAFF_IDLE, &u), STAFF_SESSION_OK);
	/* Left alone for more than STAFF_IDLE, it ends and is deleted. */
	assert_int_equal(staff_session(fx->db, fx->arena, sid,
	    NOW + 7 * HOUR + 2 * STAFF_IDLE + 1, &u), STAFF_SESSION_EXPIRED);
	assert_int_equal(u.id, 0);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM auth_session"),
	    0);
	assert_int_equal(staff_session(fx->db, fx->arena, sid,
	    NOW + 7 * HOUR + 2 * STAFF_IDLE + 2, &u), STAFF_SESSION_NONE);
}

static void
test_staff_session_touch_is_rare(void **state)
{
	struct fx		*fx = *state;
	struct staff_user	 u;
	char			 sid[TOKEN_B32_LEN + 1];

	assert_int_equal(login(fx, "sam@example.org", PASS, NULL, NOW, sid),
	    STAFF_LOGIN_OK);
	assert_int_equal(staff_session(fx->db, fx->arena, sid,
	    NOW + STAFF_TOUCH - 1, &u), STAFF_SESSION_OK);
	assert_int_equal(fx_count(fx->db, "SELECT seen_at FROM auth_session"),
	    (long long)NOW);
	assert_int_equal(staff_session(fx->db, fx->arena, sid,
	    NOW + STAFF_TOUCH, &u), STAFF_SESSION_OK);
	assert_int_equal(fx_count(fx->db, "SELECT seen_at FROM auth_session"),
	    (long long)NOW + STAFF_TOUCH);
}

static void
test_staff_session_absolute_timeout(void **state)
{
	struct fx		*fx = *state;
	struct staff_user	 u;
	char			 sid[TOKEN_B32_LEN + 1];
	time_t			 t;

	assert_int_equal(login(fx, "jo@example.org", PASS, NULL, NOW, sid),
	    STAFF_LOGIN_OK);
	/* Busy all day: never idle, yet it ends STAFF_ABSOLUTE after log-in. */
	for (t = NOW + HOUR; t <= NOW + STAFF_ABSOLUTE; t += HOUR) {
		assert_int_equal(staff_session(fx->db, fx->arena, sid, t, &u),
		    STAFF_SESSION_OK);
		assert_int_equal(u.role, STAFF_ADMIN);
	}
	assert_int_equal(staff_session(fx->db, fx->arena, sid,
	    NOW + STAFF_ABSOLUTE + 1, &u), STAFF_SESSION_EXPIRED);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM auth_session"),
	    0);
}

static void
test_staff_session_refuses_malformed(void **state)
{
	static const char *const cases[] = {
		"", "A", "abcdefghijklmnopqrstuvwxyz", "AAAAAAAAAAAAAAAAAAAAAAAAA1",
		"AAAAAAAAAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAAAAAAAA",
	};
	struct fx		*fx = *state;
	struct staff_user	 u;
	size_t			 i;

	assert_int_equal(staff_session(fx->db, fx->arena, NULL, NOW, &u),
	    STAFF_SESSION_NONE);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(staff_session(fx->db, fx->arena, cases[i], NOW,
		    &u), STAFF_SESSION_NONE);
}

static void
test_staff_logout_ends_session(void **state)
{
	struct fx		*fx = *state;
	struct staff_user	 u;
	char			 a[TOKEN_B32_LEN + 1], b[TOKEN_B32_LEN + 1];

	assert_int_equal(login(fx, "sam@example.org", PASS, NULL, NOW, a),
	    STAFF_LOGIN_OK);
	assert_int_equal(login(fx, "sam@example.org", PASS, NULL, NOW, b),
	    STAFF_LOGIN_OK);
	assert_int_equal(staff_logout(fx->db, a), 0);
	assert_int_equal(staff_session(fx->db, fx->arena, a, NOW, &u),
	    STAFF_SESSION_NONE);
	/* Only that session: the other device stays logged in. */
	assert_int_equal(staff_session(fx->db, fx->arena, b, NOW, &u),
	    STAFF_SESSION_OK);
	assert_int_equal(staff_logout(fx->db, NULL), 0);
	assert_int_equal(staff_logout(fx->db, "not a session"), 0);
}

static void
test_staff_session_disabled_user(void **state)
{
	struct fx		*fx = *state;
	struct staff_user	 u;
	char			 sid[TOKEN_B32_LEN + 1];

	assert_int_equal(login(fx, "sam@example.org", PASS, NULL, NOW, sid),
	    STAFF_LOGIN_OK);
	fx_exec(fx->db, "UPDATE user SET disabled = 1 WHERE id = 1");
	assert_int_equal(staff_session(fx->db, fx->arena, sid, NOW, &u),
	    STAFF_SESSION_NONE);
}

static void
test_staff_login_rehashes_old_hash(void **state)
{
	struct fx	*fx = *state;
	char		 old[crypto_pwhash_STRBYTES], sid[TOKEN_B32_LEN + 1];
	sqlite3_stmt	*st;
	char		 now_hash[PW_HASH_MAX];

	/* A hash made with a lower cost than today's. */
	assert_int_equal(crypto_pwhash_str_alg(old, PASS, strlen(PASS),
	    crypto_pwhash_OPSLIMIT_MIN + 0, 8 * 1024 * 1024,
	    crypto_pwhash_ALG_ARGON2ID13), 0);
	assert_int_equal(pw_needs_rehash(old), 1);
	assert_int_equal(sqlite3_prepare_v2(db_handle(fx->db),
	    "UPDATE user SET pwhash = ?1 WHERE id = 1", -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_text(st, 1, old, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	assert_int_equal(login(fx, "sam@example.org", PASS, NULL, NOW, sid),
	    STAFF_LOGIN_OK);
	assert_int_equal(sqlite3_prepare_v2(db_handle(fx->db),
	    "SELECT pwhash FROM user WHERE id = 1", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	snprintf(now_hash, sizeof(now_hash), "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	assert_string_not_equal(now_hash, old);
	assert_int_equal(pw_needs_rehash(now_hash), 0);
	assert_int_equal(pw_verify(now_hash, PASS), 1);
}

#define T(f)	cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_staff_hash_known),
		cmocka_unit_test(test_staff_role_words),
		T(test_staff_login_ok_makes_hashed_session),
		T(test_staff_login_email_any_case),
		T(test_staff_login_new_id_each_time),
		T(test_staff_login_bad_cases),
		T(test_staff_login_throttle_account),
		T(test_staff_login_throttle_address),
		T(test_staff_login_success_is_no_failure),
		T(test_staff_session_idle_timeout),
		T(test_staff_session_touch_is_rare),
		T(test_staff_session_absolute_timeout),
		T(test_staff_session_refuses_malformed),
		T(test_staff_logout_ends_session),
		T(test_staff_session_disabled_user),
		T(test_staff_login_rehashes_old_hash),
	};

	return cmocka_run_group_tests(tests, group_setup, NULL);
}
