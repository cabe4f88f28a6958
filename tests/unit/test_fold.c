/*
 * test_fold.c: text folded for comparison: case, accents, the letters
 * without a decomposition, refusals, and fold() in SQL.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "kit/arena.h"
#include "kit/db.h"
#include "kit/fold.h"
#include "fixture.h"

static void
test_fold_utf8_table(void **state)
{
	static const struct {
		const char	*in, *want;
	} cases[] = {
		{ "Siân", "sian" },
		{ "Llŵyd", "llwyd" },
		{ "ŻÓŁĆ", "zolc" },
		{ "Zażółć", "zazolc" },
		{ "Zażółć gęślą jaźń", "zazolc gesla jazn" },
		{ "Chloë Brontë", "chloe bronte" },
		{ "José Muñoz", "jose munoz" },
		{ "STRASSE", "strasse" },
		{ "Straße", "strasse" },		/* full case folding */
		{ "Søren Ørsted", "soren orsted" },	/* ø: the table */
		{ "Đorđe", "dorde" },
		{ "Ægir Þór", "aegir thor" },
		{ "İstanbul", "istanbul" },		/* İ: i and a dot above */
		{ "Ευτυχία", "ευτυχια" },		/* Greek keeps its letters */
		{ "محمد", "محمد" },
		{ "张伟", "张伟" },
		{ "", "" },
		{ "plain ascii 123", "plain ascii 123" },
	};
	size_t	 i, len;
	char	*f;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		f = fold_utf8(cases[i].in, strlen(cases[i].in), &len);
		assert_non_null(f);
		assert_string_equal(f, cases[i].want);
		assert_int_equal(len, strlen(cases[i].want));
		free(f);
	}
}

static void
test_fold_utf8_refuses(void **state)
{
	char	*big;

	(void)state;
	assert_null(fold_utf8("\xc3\x28", 2, NULL));	/* invalid UTF-8 */
	assert_null(fold_utf8("\xed\xa0\x80", 3, NULL));	/* a surrogate */
	assert_null(fold_utf8("a\xff", 2, NULL));
	big = malloc(FOLD_IN_MAX + 1);
	assert_non_null(big);
	memset(big, 'a', FOLD_IN_MAX + 1);
	assert_null(fold_utf8(big, FOLD_IN_MAX + 1, NULL));
	free(big);
}

static void
test_fold_arena_copy(void **state)
{
	struct arena	*a = arena_new();

	(void)state;
	assert_non_null(a);
	assert_string_equal(fold_arena(a, "ŻÓŁĆ"), "zolc");
	assert_null(fold_arena(a, "\xc3"));
	arena_free(a);
}

/* SQLite's own: the fold() function the SQLite driver gives every
 * connection (PostgreSQL's form is the helper pge2e's); this opens a
 * SQLite database whatever engine the other tests run on. */
static void
test_fold_sql_function(void **state)
{
	static const struct db_sql	q = {
		"SELECT fold('Llŵyd'), fold(NULL), fold(CAST(x'ff' AS TEXT)),"
		" instr(fold('Zażółć Nowak'), fold('ŻÓŁĆ')) > 0", NULL
	};
	struct db	*db;
	struct db_stmt	*st;
	char		 err[256];

	(void)state;
	db = db_open(":memory:", 1, NULL, 0, err, sizeof(err));
	assert_non_null(db);
	assert_non_null(st = db_prepare(db, &q));
	assert_int_equal(db_step(st), DB_ROW);
	assert_string_equal(db_col_text(st, 0), "llwyd");
	assert_int_equal(db_col_null(st, 1), 1);
	assert_int_equal(db_col_null(st, 2), 1);
	assert_int_equal(db_col_int(st, 3), 1);
	db_finalize(st);
	db_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold_utf8_table),
		cmocka_unit_test(test_fold_utf8_refuses),
		cmocka_unit_test(test_fold_arena_copy),
		cmocka_unit_test(test_fold_sql_function),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
