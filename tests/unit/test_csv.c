/*
 * test_csv.c: RFC 4180 quoting and the formula-injection guard.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kit/arena.h"
#include "kit/buf.h"
#include "kit/csv.h"
#include "fixture.h"

struct fx {
	struct arena	*arena;
	struct buf	 buf;
	struct sink	 sink;
	struct csv	 csv;
};

static int
setup(void **state)
{
	struct fx	*fx;

	if ((fx = calloc(1, sizeof(*fx))) == NULL)
		return -1;
	if ((fx->arena = arena_new()) == NULL) {
		free(fx);
		return -1;
	}
	buf_init(&fx->buf, fx->arena);
	fx->sink = sink_buf(&fx->buf);
	csv_init(&fx->csv, &fx->sink);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx	*fx = *state;

	arena_free(fx->arena);
	free(fx);
	return 0;
}

/* Compare the output with exp, bytes and length both. */
static void
assert_out(const struct fx *fx, const char *exp)
{
	assert_int_equal(fx->buf.len, strlen(exp));
	assert_memory_equal(fx->buf.data, exp, fx->buf.len);
}

static void
test_csv_cell_hostile(void **state)
{
	static const struct {
		const char	*in;
		const char	*out;
	} cases[] = {
		{ "=1+1",		"'=1+1" },
		{ "+x",			"'+x" },
		{ "-x",			"'-x" },
		{ "@x",			"'@x" },
		{ "-",			"'-" },
		{ "\tx",		"'\tx" },
		{ "\rx",		"\"'\rx\"" },
		{ "=HYPERLINK(\"http://e.example\",\"y\")",
		    "\"'=HYPERLINK(\"\"http://e.example\"\",\"\"y\"\")\"" },
		{ "=a,b",		"\"'=a,b\"" },
		{ "a,b",		"\"a,b\"" },
		{ "a\"b",		"\"a\"\"b\"" },
		{ "\"",			"\"\"\"\"" },
		{ "\"\"",		"\"\"\"\"\"\"" },
		{ "line 1\nline 2",	"\"line 1\nline 2\"" },
		{ "line 1\r\nline 2",	"\"line 1\r\nline 2\"" },
		{ "\nx",		"\"\nx\"" },
		{ "",			"" },
		{ NULL,			"" },
		{ "plain",		"plain" },
		{ "a=b",		"a=b" },	/* only a leading = */
		{ " =1",		" =1" },
		{ "'quoted'",		"'quoted'" },
		{ "caf\xc3\xa9 \xe2\x98\x95",	"caf\xc3\xa9 \xe2\x98\x95" },
		{ "\xc3\xa9,\xc3\xa9",	"\"\xc3\xa9,\xc3\xa9\"" },
	};
	struct fx	*fx = *state;
	char		 exp[128];
	size_t		 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf_init(&fx->buf, fx->arena);
		csv_init(&fx->csv, &fx->sink);
		assert_int_equal(csv_cell(&fx->csv, cases[i].in), 0);
		assert_int_equal(csv_end_row(&fx->csv), 0);
		snprintf(exp, sizeof(exp), "%s\r\n", cases[i].out);
		assert_out(fx, exp);
	}
}

static void
test_csv_cell_int_plain(void **state)
{
	struct fx	*fx = *state;

	assert_int_equal(csv_cell_int(&fx->csv, -3), 0);
	assert_int_equal(csv_cell_int(&fx->csv, 0), 0);
	assert_int_equal(csv_cell_int(&fx->csv, 42), 0);
	assert_int_equal(csv_cell_int(&fx->csv, LLONG_MIN), 0);
	assert_int_equal(csv_cell_int(&fx->csv, LLONG_MAX), 0);
	assert_int_equal(csv_end_row(&fx->csv), 0);
	assert_out(fx, "-3,0,42,-9223372036854775808,9223372036854775807\r\n");
}

static void
test_csv_row_full(void **state)
{
	static const char *const head[] = {
		"date", "course", "learner", "status", "note",
	};
	static const char *const row[] = {
		"2025-03-10", "Hope, agency & opportunity", "=cmd|' /C calc'!A0",
		NULL, "said \"thanks\"\nleft early",
	};
	struct fx	*fx = *state;

	assert_int_equal(csv_row(&fx->csv, head, 5), 0);
	assert_int_equal(fx->csv.col, 0);
	assert_int_equal(csv_row(&fx->csv, row, 5), 0);
	assert_int_equal(csv_cell(&fx->csv, "x"), 0);
	assert_int_equal(csv_cell_int(&fx->csv, -3), 0);
	assert_int_equal(fx->csv.col, 2);
	assert_int_equal(csv_end_row(&fx->csv), 0);
	assert_int_equal(csv_row(&fx->csv, NULL, 0), 0);
	assert_out(fx,
	    "date,course,learner,status,note\r\n"
	    "2025-03-10,\"Hope, agency & opportunity\",'=cmd|' /C calc'!A0,,"
	    "\"said \"\"thanks\"\"\nleft early\"\r\n"
	    "x,-3\r\n"
	    "\r\n");
}

static void
test_csv_cell_sink_failure(void **state)
{
	struct fx_limited	 lim = { 5, 0, 0 };
	struct sink		 s = { fx_limited_write, &lim };
	struct csv		 c;

	(void)state;
	csv_init(&c, &s);
	assert_int_equal(csv_cell(&c, "abc"), 0);
	assert_int_equal(c.failed, 0);
	assert_int_equal(csv_cell(&c, "defgh"), -1);
	assert_int_equal(c.failed, 1);
	/* Once failed, every call fails without touching the sink. */
	assert_int_equal(csv_cell(&c, "x"), -1);
	assert_int_equal(csv_cell_int(&c, 1), -1);
	assert_int_equal(csv_end_row(&c), -1);
	assert_int_equal(csv_row(&c, NULL, 0), -1);
	assert_int_equal(lim.calls_after_fail, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_csv_cell_hostile,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_csv_cell_int_plain,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_csv_row_full,
		    setup, teardown),
		cmocka_unit_test(test_csv_cell_sink_failure),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
