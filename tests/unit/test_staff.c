/*
 * test_staff.c: logging in and staff sessions on an in-memory database
 * with the real migrations: right and wrong passwords, one answer for
 * unknown accounts, the growing waits per (account, client) pair and
 * per client and their end, the device cookie that keeps the real
 * user's way in, IPv6 clients by /64, audited log-ins, new accounts
 * (staff_add: the one owner of their rules), new and hashed session ids, the idle and absolute timeouts with
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
	static const struct db_sql	q = {
		"INSERT INTO \"user\"(id, email, name, role, pwhash, disabled,"
		" created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0)", NULL
	};
	struct db_stmt	*st;

	assert_non_null(st = db_prepare(db, &q));
	assert_int_equal(db_bind_int(st, 1, id), DB_OK);
	assert_int_equal(db_bind_text(st, 2, email), DB_OK);
	assert_int_equal(db_bind_text(st, 3, name), DB_OK);
	assert_int_equal(db_bind_text(st, 4, role), DB_OK);
	assert_int_equal(db_bind_text(st, 5, pass_hash), DB_OK);
	assert_int_equal(db_bind_int(st, 6, disabled), DB_OK);
	assert_int_equal(db_step(st), DB_DONE);
	db_finalize(st);
	fx_resync(db);
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
	char	 dev[TOKEN_B32_LEN + 1];
	long	 retry;

	return staff_login(fx->db, email, pw, addr, NULL, now, sid, dev,
	    &retry);
}

/* As login(), with a device cookie (NULL for none); the device id to
 * keep in dev, the wait in *retry. */
static enum staff_login_result
login_dev(struct fx *fx, const char *email, const char *pw,
    const char *addr, const char *device, time_t now,
    char dev[TOKEN_B32_LEN + 1], long *retry)
{
	char	 sid[TOKEN_B32_LEN + 1];

	return staff_login(fx->db, email, pw, addr, device, now, sid, dev,
	    retry);
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
	    "WHERE key = 'client:192.0.2.9'"), 5);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM login_failure "
	    "WHERE key = 'pair:nobody@example.org|192.0.2.9'"), 1);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM login_failure "
	    "WHERE key = 'pair:sam@example.org|192.0.2.9'"), 3);
	/* Nothing per account alone. */
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM login_failure "
	    "WHERE key LIKE 'email:%%'"), 0);
}

static void
test_staff_delay_grows(void **state)
{
	static const struct {
		long long	 n;
		long		 want;
	} cases[] = {
		{ 0, 0 }, { 4, 0 }, { 5, 60 }, { 6, 120 }, { 7, 240 },
		{ 8, 480 }, { 9, 900 }, { 10, 900 }, { 50, 900 },
		{ 1000000, STAFF_DELAY_MAX },
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(staff_delay(cases[i].n, STAFF_FAIL_FREE),
		    cases[i].want);
}

/*
 * Five failures from one client for one account: that pair waits a
 * minute, then two, four... at most STAFF_DELAY_MAX; the same account
 * from another client is not touched; and it is never locked for
 * longer than the wait.
 */
static void
test_staff_login_throttle_pair(void **state)
{
	struct fx	*fx = *state;
	char		 sid[TOKEN_B32_LEN + 1], dev[TOKEN_B32_LEN + 1];
	long		 retry = 0;
	time_t		 t = NOW;
	int		 i;

	for (i = 0; i < STAFF_FAIL_FREE; i++)
		assert_int_equal(login(fx, "sam@example.org", "guess",
		    "203.0.113.5", t + i, sid), STAFF_LOGIN_BAD);
	t += STAFF_FAIL_FREE - 1;	/* the newest failure */
	/* Now even the right password is not heard from that client. */
	assert_int_equal(login_dev(fx, "sam@example.org", PASS, "203.0.113.5",
	    NULL, t + 10, dev, &retry), STAFF_LOGIN_THROTTLED);
	assert_int_equal(retry, STAFF_DELAY_BASE - 10);
	/* Refused attempts are not counted. */
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM login_failure "
	    "WHERE key = 'pair:sam@example.org|203.0.113.5'"),
	    STAFF_FAIL_FREE);
	/* The real user, from another client, gets in at once. */
	assert_int_equal(login(fx, "sam@example.org", PASS, "198.51.100.7",
	    t + 10, sid), STAFF_LOGIN_OK);
	/* The waits grow: 60, 120, 240 s after each failure heard. */
	t += STAFF_DELAY_BASE;
	assert_int_equal(login(fx, "sam@example.org", "guess", "203.0.113.5",
	    t, sid), STAFF_LOGIN_BAD);
	assert_int_equal(login_dev(fx, "sam@example.org", "guess",
	    "203.0.113.5", NULL, t + 1, dev, &retry), STAFF_LOGIN_THROTTLED);
	assert_int_equal(retry, 2 * STAFF_DELAY_BASE - 1);
	t += 2 * STAFF_DELAY_BASE;
	assert_int_equal(login(fx, "sam@example.org", "guess", "203.0.113.5",
	    t, sid), STAFF_LOGIN_BAD);
	assert_int_equal(login_dev(fx, "sam@example.org", "guess",
	    "203.0.113.5", NULL, t + 1, dev, &retry), STAFF_LOGIN_THROTTLED);
	assert_int_equal(retry, 4 * STAFF_DELAY_BASE - 1);
	/* No lock-out beyond the longest wait: the right password is
	 * heard from that client too once it has passed. */
	assert_int_equal(login(fx, "sam@example.org", PASS, "203.0.113.5",
	    t + STAFF_DELAY_MAX, sid), STAFF_LOGIN_OK);
	/* Unknown accounts are throttled the same way. */
	for (i = 0; i < STAFF_FAIL_FREE; i++)
		assert_int_equal(login(fx, "nobody@example.org", PASS,
		    "203.0.113.5", NOW, sid), STAFF_LOGIN_BAD);
	assert_int_equal(login(fx, "nobody@example.org", PASS, "203.0.113.5",
	    NOW, sid), STAFF_LOGIN_THROTTLED);
}

/* One client guessing at many accounts: the client waits; the accounts
 * are not locked for anyone else. */
static void
test_staff_login_throttle_client(void **state)
{
	struct fx	*fx = *state;
	char		 sid[TOKEN_B32_LEN + 1], dev[TOKEN_B32_LEN + 1];
	char		 email[64];
	long		 retry = 0;
	int		 i;

	for (i = 0; i < STAFF_FAIL_CLIENT; i++) {
		snprintf(email, sizeof(email), "user%d@example.org", i);
		assert_int_equal(login(fx, email, "guess", "203.0.113.5",
		    NOW, sid), STAFF_LOGIN_BAD);
	}
	assert_int_equal(login_dev(fx, "sam@example.org", PASS, "203.0.113.5",
	    NULL, NOW + 10, dev, &retry), STAFF_LOGIN_THROTTLED);
	assert_int_equal(retry, STAFF_DELAY_BASE - 10);
	assert_int_equal(login(fx, "sam@example.org", PASS, "203.0.113.6",
	    NOW + 10, sid), STAFF_LOGIN_OK);
	/* Heard again after its wait. */
	assert_int_equal(login(fx, "sam@example.org", PASS, "203.0.113.5",
	    NOW + STAFF_DELAY_BASE, sid), STAFF_LOGIN_OK);
	/* Failures leave with the window. */
	assert_int_equal(login(fx, "sam@example.org", PASS, "203.0.113.5",
	    NOW + STAFF_FAIL_WINDOW + 1, sid), STAFF_LOGIN_OK);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM login_failure"),
	    0);
}

/*
 * OWASP's device cookie: 50 failures from an attacker's client (even
 * behind the same address as the real user) do not keep out the
 * browser that logged in before, nor another client; the attacker is
 * slowed; the device has a limit of its own.
 */
static void
test_staff_login_device_exempt(void **state)
{
	struct fx	*fx = *state;
	char		 dev[TOKEN_B32_LEN + 1], dev2[TOKEN_B32_LEN + 1];
	char		 h[STAFF_HASH_HEX + 1];
	long		 retry = 0;
	int		 i, bad = 0, slowed = 0;

	/* Monday: Sam logs in on their phone, which keeps a device id. */
	assert_int_equal(login_dev(fx, "sam@example.org", PASS, "203.0.113.5",
	    NULL, NOW, dev, &retry), STAFF_LOGIN_OK);
	assert_true(token_valid(dev));
	assert_int_equal(staff_hash(dev, h), 0);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM login_device "
	    "WHERE id_hash = '%s' AND user_id = 1", h), 1);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM login_device "
	    "WHERE id_hash = '%s'", dev), 0);
	/* Tuesday: 50 wrong passwords from the same office address. */
	for (i = 0; i < 50; i++)
		switch (login_dev(fx, "sam@example.org", "guess", "203.0.113.5",
		    NULL, NOW + 86400 + i, dev2, &retry)) {
		case STAFF_LOGIN_BAD:
			bad++;
			break;
		case STAFF_LOGIN_THROTTLED:
			slowed++;
			break;
		default:
			fail_msg("attempt %d", i);
		}
	assert_int_equal(bad, STAFF_FAIL_FREE);
	assert_int_equal(slowed, 50 - STAFF_FAIL_FREE);
	/* The attacker is still kept waiting... */
	assert_int_equal(login_dev(fx, "sam@example.org", PASS, "203.0.113.5",
	    NULL, NOW + 86400 + 50, dev2, &retry), STAFF_LOGIN_THROTTLED);
	/* ...while Sam's phone gets in, and keeps its id. */
	assert_int_equal(login_dev(fx, "sam@example.org", PASS, "203.0.113.5",
	    dev, NOW + 86400 + 50, dev2, &retry), STAFF_LOGIN_OK);
	assert_string_equal(dev2, dev);
	/* A device id of another account, or none known, gives nothing. */
	assert_int_equal(login_dev(fx, "sam@example.org", PASS, "203.0.113.5",
	    "AAAAAAAAAAAAAAAAAAAAAAAAAA", NOW + 86400 + 51, dev2, &retry),
	    STAFF_LOGIN_THROTTLED);
	/* The device has its own limit: five of its own failures. */
	for (i = 0; i < STAFF_FAIL_FREE; i++)
		assert_int_equal(login_dev(fx, "sam@example.org", "typo",
		    "203.0.113.5", dev, NOW + 86400 + 60 + i, dev2, &retry),
		    STAFF_LOGIN_BAD);
	assert_int_equal(login_dev(fx, "sam@example.org", PASS, "203.0.113.5",
	    dev, NOW + 86400 + 70, dev2, &retry), STAFF_LOGIN_THROTTLED);
	/* Known for STAFF_DEVICE_TTL after its last log-in only. */
	fx_exec(fx->db, "DELETE FROM login_failure");
	assert_int_equal(login_dev(fx, "sam@example.org", PASS, "192.0.2.1",
	    dev, NOW + 86400 + STAFF_DEVICE_TTL + 100, dev2, &retry),
	    STAFF_LOGIN_OK);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM login_device "
	    "WHERE id_hash = '%s' AND seen_at = %lld", h,
	    (long long)(NOW + 86400 + STAFF_DEVICE_TTL + 100)), 1);
}

/* An IPv6 client is its /64: another address in it is the same client. */
static void
test_staff_login_ipv6_by_64(void **state)
{
	struct fx	*fx = *state;
	char		 sid[TOKEN_B32_LEN + 1];
	int		 i;

	for (i = 0; i < STAFF_FAIL_FREE; i++)
		assert_int_equal(login(fx, "sam@example.org", "guess",
		    i % 2 ? "2001:db8:1:2::1" : "2001:db8:1:2:aaaa::9", NOW, sid),
		    STAFF_LOGIN_BAD);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM login_failure "
	    "WHERE key = 'client:2001:db8:1:2::/64'"), STAFF_FAIL_FREE);
	assert_int_equal(login(fx, "sam@example.org", PASS,
	    "2001:db8:1:2:ffff::1", NOW, sid), STAFF_LOGIN_THROTTLED);
	assert_int_equal(login(fx, "sam@example.org", PASS, "2001:db8:1:3::1",
	    NOW, sid), STAFF_LOGIN_OK);
}

static void
test_staff_login_success_is_no_failure(void **state)
{
	struct fx	*fx = *state;
	char		 sid[TOKEN_B32_LEN + 1];
	int		 i;

	for (i = 0; i < STAFF_FAIL_FREE - 1; i++)
		assert_int_equal(login(fx, "sam@example.org", "guess", NULL,
		    NOW, sid), STAFF_LOGIN_BAD);
	assert_int_equal(login(fx, "sam@example.org", PASS, NULL, NOW, sid),
	    STAFF_LOGIN_OK);
	/* The fifth failure is still heard, and only then the wait. */
	assert_int_equal(login(fx, "sam@example.org", "guess", NULL, NOW, sid),
	    STAFF_LOGIN_BAD);
	assert_int_equal(login(fx, "sam@example.org", PASS, NULL, NOW, sid),
	    STAFF_LOGIN_THROTTLED);
}

/* Log-ins and failed log-ins are audited, with neither the password
 * nor the email typed. */
static void
test_staff_login_audited(void **state)
{
	struct fx	*fx = *state;
	char		 sid[TOKEN_B32_LEN + 1];

	assert_int_equal(login(fx, "sam@example.org", PASS, "192.0.2.1", NOW,
	    sid), STAFF_LOGIN_OK);
	assert_int_equal(login(fx, "sam@example.org", "hunter2-wrong",
	    "192.0.2.1", NOW, sid), STAFF_LOGIN_BAD);
	assert_int_equal(login(fx, "who-typed-this@example.org", "pw-typed",
	    "192.0.2.1", NOW, sid), STAFF_LOGIN_BAD);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM audit WHERE "
	    "action = 'login' AND user_id = 1 AND detail = "
	    "'from 192.0.2.1'"), 1);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM audit WHERE "
	    "action = 'login.failed' AND user_id IS NULL AND detail = "
	    "'account 1, from 192.0.2.1'"), 1);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM audit WHERE "
	    "action = 'login.failed' AND detail = "
	    "'no such account, from 192.0.2.1'"), 1);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM audit WHERE "
	    "detail LIKE '%%hunter2%%' OR detail LIKE '%%pw-typed%%' OR "
	    "detail LIKE '%%who-typed%%' OR detail LIKE '%%" PASS "%%'"), 0);
}

/* The one owner of the staff rules: what the admin page and `tessera
 * user add` both call. */
static void
test_staff_add_rules(void **state)
{
	struct fx	*fx = *state;
	char		 longpw[STAFF_PASSWORD_MAX + 2], longname[400];
	long long	 id = 99;
	size_t		 i;

	assert_int_equal(staff_add(fx->db, 2, "new@example.org", "New Person",
	    "educator", "x", NOW, &id), STAFF_ADD_BAD_PASSWORD);
	assert_int_equal(id, 0);
	assert_int_equal(staff_add(fx->db, 2, "new@example.org", "New Person",
	    "educator", "123456789", NOW, &id), STAFF_ADD_BAD_PASSWORD);
	memset(longpw, 'a', sizeof(longpw) - 1);
	longpw[sizeof(longpw) - 1] = '\0';
	assert_int_equal(staff_add(fx->db, 2, "new@example.org", "New Person",
	    "educator", longpw, NOW, &id), STAFF_ADD_BAD_PASSWORD);
	/* Ten characters, not ten bytes: five two-byte letters are not. */
	assert_non_null(staff_password_problem("\xc3\xa9\xc3\xa9\xc3\xa9\xc3"
	    "\xa9\xc3\xa9"));
	assert_null(staff_password_problem("\xc3\xa9\xc3\xa9\xc3\xa9\xc3"
	    "\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"));
	assert_string_equal(staff_password_problem("short"),
	    "Password must be 10 to 128 characters: a few words together "
	    "are easy to remember and hard to guess");
	assert_string_equal(staff_password_problem(""), "Enter a password");
	for (i = 0; i < sizeof(longname) - 1; i++)
		longname[i] = 'n';
	longname[sizeof(longname) - 1] = '\0';
	assert_int_equal(staff_add(fx->db, 2, "new@example.org", longname,
	    "educator", PASS, NOW, &id), STAFF_ADD_BAD_NAME);
	assert_int_equal(staff_add(fx->db, 2, "new@example.org", "New\nPerson",
	    "educator", PASS, NOW, &id), STAFF_ADD_BAD_NAME);
	assert_int_equal(staff_add(fx->db, 2, "new@example.org", "",
	    "educator", PASS, NOW, &id), STAFF_ADD_BAD_NAME);
	assert_int_equal(staff_add(fx->db, 2, "new@example.org", "New Person",
	    "root", PASS, NOW, &id), STAFF_ADD_BAD_ROLE);
	assert_int_equal(staff_add(fx->db, 2, "not-an-address", "New Person",
	    "educator", PASS, NOW, &id), STAFF_ADD_BAD_EMAIL);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM \"user\""), 3);
	assert_int_equal(staff_add(fx->db, 2, "sam@example.org", "Sam Again",
	    "educator", PASS, NOW, &id), STAFF_ADD_DUPLICATE);
	assert_int_equal(staff_add(fx->db, 2, "new@example.org", "New Person",
	    "educator", PASS, NOW, &id), STAFF_ADD_OK);
	assert_true(id > 3);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM audit WHERE "
	    "action = 'user.add' AND user_id = 2 AND detail = "
	    "'user %lld educator'", id), 1);
	/* And the new account can log in. */
	assert_int_equal(login(fx, "new@example.org", PASS, NULL, NOW,
	    longpw), STAFF_LOGIN_OK);
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
	fx_exec(fx->db, "UPDATE \"user\" SET disabled = 1 WHERE id = 1");
	assert_int_equal(staff_session(fx->db, fx->arena, sid, NOW, &u),
	    STAFF_SESSION_NONE);
}

static void
test_staff_login_rehashes_old_hash(void **state)
{
	struct fx	*fx = *state;
	static const struct db_sql	set = {
		"UPDATE \"user\" SET pwhash = ?1 WHERE id = 1", NULL
	};
	char		 old[crypto_pwhash_STRBYTES], sid[TOKEN_B32_LEN + 1];
	struct db_stmt	*st;
	char		 now_hash[PW_HASH_MAX];

	/* A hash made with a lower cost than today's. */
	assert_int_equal(crypto_pwhash_str_alg(old, PASS, strlen(PASS),
	    crypto_pwhash_OPSLIMIT_MIN + 0, 8 * 1024 * 1024,
	    crypto_pwhash_ALG_ARGON2ID13), 0);
	assert_int_equal(pw_needs_rehash(old), 1);
	assert_non_null(st = db_prepare(fx->db, &set));
	assert_int_equal(db_bind_text(st, 1, old), DB_OK);
	assert_int_equal(db_step(st), DB_DONE);
	db_finalize(st);
	assert_int_equal(login(fx, "sam@example.org", PASS, NULL, NOW, sid),
	    STAFF_LOGIN_OK);
	snprintf(now_hash, sizeof(now_hash), "%s", fx_text(fx->db,
	    "SELECT pwhash FROM \"user\" WHERE id = 1"));
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
		cmocka_unit_test(test_staff_delay_grows),
		T(test_staff_login_throttle_pair),
		T(test_staff_login_throttle_client),
		T(test_staff_login_device_exempt),
		T(test_staff_login_ipv6_by_64),
		T(test_staff_login_success_is_no_failure),
		T(test_staff_login_audited),
		T(test_staff_add_rules),
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
