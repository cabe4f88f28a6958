/*
 * test_pw.c: Argon2id password hashes at OWASP's minimum cost.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include <sodium.h>

#include "kit/pw.h"

static const char	good[] = "correct horse battery staple";

static void
test_pw_hash_round_trip(void **state)
{
	char	 h[PW_HASH_MAX];

	assert_int_equal(pw_hash(good, h), 0);
	assert_int_equal(pw_verify(h, good), 1);
}

static void
test_pw_verify_wrong_password(void **state)
{
	static const char *const wrong[] = {
		"correct horse battery stapler",
		"correct horse battery stapl",
		"Correct horse battery staple",
		"correct horse battery staple ",
		"",
	};
	char	 h[PW_HASH_MAX];
	size_t	 i;

	assert_int_equal(pw_hash(good, h), 0);
	for (i = 0; i < sizeof(wrong) / sizeof(wrong[0]); i++)
		assert_int_equal(pw_verify(h, wrong[i]), 0);
	assert_int_equal(pw_verify(h, NULL), 0);
}

static void
test_pw_hash_lengths(void **state)
{
	static const struct {
		size_t	 len;
		int	 ok;
	} cases[] = {
		{ 0, 0 },
		{ 1, 1 },
		{ PW_MAX, 1 },
		{ PW_MAX + 1, 0 },
		{ 1000, 0 },
	};
	char	 pw[1001], h[PW_HASH_MAX];
	size_t	 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(pw, 'p', cases[i].len);
		pw[cases[i].len] = '\0';
		memset(h, 0, sizeof(h));
		assert_int_equal(pw_hash(pw, h), cases[i].ok ? 0 : -1);
		if (cases[i].ok)
			assert_int_equal(pw_verify(h, pw), 1);
		else
			assert_int_equal(h[0], '\0');
	}
	assert_int_equal(pw_hash(NULL, h), -1);
}

/* A longer password is refused, not cut down to one that matches. */
static void
test_pw_verify_no_truncation(void **state)
{
	char	 pw[PW_MAX + 2], h[PW_HASH_MAX];

	memset(pw, 'q', PW_MAX);
	pw[PW_MAX] = '\0';
	assert_int_equal(pw_hash(pw, h), 0);
	pw[PW_MAX] = 'q';
	pw[PW_MAX + 1] = '\0';
	assert_int_equal(pw_verify(h, pw), 0);
}

static void
test_pw_hash_format(void **state)
{
	char	 h[PW_HASH_MAX];

	assert_int_equal(pw_hash(good, h), 0);
	assert_true(strncmp(h, "$argon2id$", 10) == 0);
	assert_non_null(strstr(h, "$m=19456,t=2,p=1$"));
	assert_true(strlen(h) < PW_HASH_MAX);
	assert_int_equal(PW_MEMLIMIT, 19456 * 1024);
	assert_int_equal(PW_OPSLIMIT, 2);
}

static void
test_pw_hash_salted(void **state)
{
	char	 a[PW_HASH_MAX], b[PW_HASH_MAX];

	assert_int_equal(pw_hash(good, a), 0);
	assert_int_equal(pw_hash(good, b), 0);
	assert_string_not_equal(a, b);
	assert_int_equal(pw_verify(a, good), 1);
	assert_int_equal(pw_verify(b, good), 1);
}

static void
test_pw_verify_malformed_hash(void **state)
{
	static const char *const bad[] = {
		"",
		"garbage",
		"$argon2id$",
		"$argon2id$v=19$m=19456,t=2,p=1$",
		"$2b$12$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234",
	};
	char	 longer[PW_HASH_MAX + 10];
	size_t	 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(pw_verify(bad[i], good), 0);
	memset(longer, 'x', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	assert_int_equal(pw_verify(longer, good), 0);
}

/* No account: the dummy hash is checked, and the answer is always no. */
static void
test_pw_verify_null_hash(void **state)
{
	assert_int_equal(pw_verify(NULL, good), 0);
	assert_int_equal(pw_verify(NULL, ""), 0);
	assert_int_equal(pw_verify(NULL, good), 0);
}

static void
test_pw_needs_rehash(void **state)
{
	char	 h[PW_HASH_MAX], old[crypto_pwhash_STRBYTES];

	assert_int_equal(pw_hash(good, h), 0);
	assert_int_equal(pw_needs_rehash(h), 0);
	/* A cheaper hash from before: still verifies, wants replacing. */
	assert_int_equal(crypto_pwhash_str_alg(old, good, strlen(good),
	    crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN,
	    crypto_pwhash_ALG_ARGON2ID13), 0);
	assert_int_equal(pw_verify(old, good), 1);
	assert_int_equal(pw_needs_rehash(old), 1);
	assert_int_equal(pw_needs_rehash("garbage"), 1);
	assert_int_equal(pw_needs_rehash(NULL), 1);
}

static void
test_pw_init_twice(void **state)
{
	assert_int_equal(pw_init(), 0);
	assert_int_equal(pw_init(), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pw_init_twice),
		cmocka_unit_test(test_pw_hash_round_trip),
		cmocka_unit_test(test_pw_verify_wrong_password),
		cmocka_unit_test(test_pw_hash_lengths),
		cmocka_unit_test(test_pw_verify_no_truncation),
		cmocka_unit_test(test_pw_hash_format),
		cmocka_unit_test(test_pw_hash_salted),
		cmocka_unit_test(test_pw_verify_malformed_hash),
		cmocka_unit_test(test_pw_verify_null_hash),
		cmocka_unit_test(test_pw_needs_rehash),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
