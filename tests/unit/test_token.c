/*
 * test_token.c: base32, random tokens, token_valid, ct_streq.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "kit/token.h"

#define DRAWS	2000

/* RFC 4648 section 10, with the '=' padding removed. */
static const struct {
	const char	*in;
	const char	*out;
} vectors[] = {
	{ "",		"" },
	{ "f",		"MY" },
	{ "fo",		"MZXQ" },
	{ "foo",	"MZXW6" },
	{ "foob",	"MZXW6YQ" },
	{ "fooba",	"MZXW6YTB" },
	{ "foobar",	"MZXW6YTBOI" },
};

static void
test_base32_encode_rfc4648(void **state)
{
	char	 out[32];
	size_t	 i, n;

	(void)state;
	for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		memset(out, 'x', sizeof(out));
		n = base32_encode((const unsigned char *)vectors[i].in,
		    strlen(vectors[i].in), out, sizeof(out));
		assert_int_equal(n, strlen(vectors[i].out));
		assert_string_equal(out, vectors[i].out);
	}
}

static void
test_base32_encode_all_bits(void **state)
{
	/* 0x00..0xff patterns reach both ends of the alphabet. */
	const unsigned char	 ones[5] = { 0xff, 0xff, 0xff, 0xff, 0xff };
	const unsigned char	 zeros[5] = { 0 };
	const unsigned char	 mix[5] = { 0x00, 0x44, 0x32, 0x14, 0xc7 };
	char			 out[16];

	(void)state;
	assert_int_equal(base32_encode(ones, 5, out, sizeof(out)), 8);
	assert_string_equal(out, "77777777");
	assert_int_equal(base32_encode(zeros, 5, out, sizeof(out)), 8);
	assert_string_equal(out, "AAAAAAAA");
	/* 00000 00001 00010 00011 00100 00101 00110 00111 */
	assert_int_equal(base32_encode(mix, 5, out, sizeof(out)), 8);
	assert_string_equal(out, "ABCDEFGH");
}

static void
test_base32_encode_small_out(void **state)
{
	const unsigned char	*in = (const unsigned char *)"foobar";
	char			 out[11];

	(void)state;
	/* "MZXW6YTBOI" needs 10 characters and a NUL. */
	memset(out, 'x', sizeof(out));
	assert_int_equal(base32_encode(in, 6, out, 10), 0);
	assert_int_equal(base32_encode(in, 6, out, 0), 0);
	assert_int_equal(base32_encode(in, 6, out, 11), 10);
	assert_string_equal(out, "MZXW6YTBOI");
}

static int
cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

static void
test_token_new_format_and_distinct(void **state)
{
	static char	 toks[DRAWS][TOKEN_B32_LEN + 1];
	size_t		 seen[256] = { 0 };
	size_t		 i, j;

	(void)state;
	for (i = 0; i < DRAWS; i++) {
		memset(toks[i], 'x', sizeof(toks[i]));
		assert_int_equal(token_new(toks[i], sizeof(toks[i])), 0);
		assert_int_equal(strlen(toks[i]), TOKEN_B32_LEN);
		assert_true(token_valid(toks[i]));
		for (j = 0; j < TOKEN_B32_LEN; j++)
			seen[(unsigned char)toks[i][j]]++;
	}
	/* Every letter of the alphabet turns up, and only those. */
	for (i = 0; i < 256; i++) {
		if ((i >= 'A' && i <= 'Z') || (i >= '2' && i <= '7'))
			assert_true(seen[i] > 0);
		else
			assert_int_equal(seen[i], 0);
	}
	/* The last character carries random bits too (130, not 128). */
	memset(seen, 0, sizeof(seen));
	for (i = 0; i < DRAWS; i++)
		seen[(unsigned char)toks[i][TOKEN_B32_LEN - 1]]++;
	for (i = 'A'; i <= 'Z'; i++)
		assert_true(seen[i] > 0);
	qsort(toks, DRAWS, sizeof(toks[0]), cmp);
	for (i = 1; i < DRAWS; i++)
		assert_true(strcmp(toks[i - 1], toks[i]) != 0);
}

static void
test_token_new_small_out(void **state)
{
	char	 out[TOKEN_B32_LEN + 1];

	(void)state;
	assert_int_equal(token_new(out, TOKEN_B32_LEN), -1);
	assert_int_equal(token_new(NULL, sizeof(out)), -1);
	assert_int_equal(token_new(out, sizeof(out)), 0);
}

static void
test_token_random_fills(void **state)
{
	enum { N = 64 * 1024 };
	unsigned char	*a, *b;
	size_t		 i, zeros = 0;

	(void)state;
	a = calloc(1, N);
	b = calloc(1, N);
	assert_non_null(a);
	assert_non_null(b);
	assert_int_equal(token_random(a, 0), 0);
	assert_int_equal(token_random(a, N), 0);
	assert_int_equal(token_random(b, N), 0);
	assert_memory_not_equal(a, b, N);
	for (i = 0; i < N; i++)
		zeros += a[i] == 0;
	/* Expect ~256; all-zero or a short fill would be far above. */
	assert_true(zeros < 1024);
	assert_true(a[N - 1] != 0 || a[N - 2] != 0 || a[N - 3] != 0);
	free(a);
	free(b);
}

static void
test_token_valid_cases(void **state)
{
	static const struct {
		const char	*s;
		int		 ok;
	} cases[] = {
		{ "ABCDEFGHIJKLMNOPQRSTUVWXYZ", 1 },
		{ "234567ABCDEFGHIJKLMNOPQRST", 1 },
		{ "AAAAAAAAAAAAAAAAAAAAAAAAAA", 1 },
		{ "ABCDEFGHIJKLMNOPQRSTUVWXY", 0 },	/* 25 */
		{ "ABCDEFGHIJKLMNOPQRSTUVWXYZA", 0 },	/* 27 */
		{ "abcdefghijklmnopqrstuvwxyz", 0 },	/* lower case */
		{ "ABCDEFGHIJKLMNOPQRSTUVWXY0", 0 },	/* 0 not in alphabet */
		{ "ABCDEFGHIJKLMNOPQRSTUVWXY1", 0 },
		{ "ABCDEFGHIJKLMNOPQRSTUVWXY8", 0 },
		{ "ABCDEFGHIJKLMNOPQRSTUVWXY9", 0 },
		{ "ABCDEFGHIJKLMNOPQRSTUVWXY=", 0 },
		{ "ABCDEFGHIJKLM OPQRSTUVWXYZ", 0 },
		{ "ABCDEFGHIJKLMNOPQRSTUVWXY\xc3", 0 },
		{ "ABCDEFGHIJKLMNOPQRSTUVWXYZ\n", 0 },
		{ "", 0 },
		{ NULL, 0 },
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(token_valid(cases[i].s), cases[i].ok);
}

static void
test_ct_streq_cases(void **state)
{
	static const struct {
		const char	*a, *b;
		int		 eq;
	} cases[] = {
		{ "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", 1 },
		{ "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "ABCDEFGHIJKLMNOPQRSTUVWXYA", 0 },
		{ "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "BBCDEFGHIJKLMNOPQRSTUVWXYZ", 0 },
		{ "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "ABCDEFGHIJKLMNOPQRSTUVWXY", 0 },
		{ "ABC", "ABCD", 0 },
		{ "ABCD", "ABC", 0 },
		{ "a", "A", 0 },
		{ "", "", 1 },
		{ "", "A", 0 },
		{ "x", NULL, 0 },
		{ NULL, "x", 0 },
		{ NULL, NULL, 0 },
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(ct_streq(cases[i].a, cases[i].b),
		    cases[i].eq);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base32_encode_rfc4648),
		cmocka_unit_test(test_base32_encode_all_bits),
		cmocka_unit_test(test_base32_encode_small_out),
		cmocka_unit_test(test_token_new_format_and_distinct),
		cmocka_unit_test(test_token_new_small_out),
		cmocka_unit_test(test_token_random_fills),
		cmocka_unit_test(test_token_valid_cases),
		cmocka_unit_test(test_ct_streq_cases),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
