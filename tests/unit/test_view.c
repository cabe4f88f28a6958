/*
 * test_view.c: the view tree (src/kit/view.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "kit/arena.h"
#include "kit/view.h"

static int
setup(void **state)
{
	struct arena	*a;

	if ((a = arena_new()) == NULL)
		return -1;
	*state = a;
	return 0;
}

static int
teardown(void **state)
{
	arena_free(*state);
	return 0;
}

/* Every setter must apply the same name rule. */
static void
test_view_set_name_validation(void **state)
{
	static const struct {
		const char	*name;
		int		 ok;
	} cases[] = {
		{ "a", 1 },
		{ "Z", 1 },
		{ "_", 1 },
		{ "0", 1 },
		{ "run_id", 1 },
		{ "__index__", 1 },
		{ "A_b_9", 1 },
		{ "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz012345678901", 1 },
		{ "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz0123456789012", 0 },
		{ "", 0 },
		{ "a-b", 0 },
		{ "a b", 0 },
		{ "a.b", 0 },
		{ "a/b", 0 },
		{ "a\"", 0 },
		{ "<x>", 0 },
		{ "caf\xc3\xa9", 0 },
		{ "a\n", 0 },
		{ "x=1", 0 },
	};
	struct view	*v, *row;
	size_t		 i;
	int		 want;

	assert_int_equal(strlen(cases[7].name), VIEW_NAME_MAX);
	assert_int_equal(strlen(cases[8].name), VIEW_NAME_MAX + 1);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_non_null(v = view_new(*state));
		want = cases[i].ok ? 0 : -1;
		assert_int_equal(view_set(v, cases[i].name, "x"), want);
		assert_int_equal(view_setf(v, cases[i].name, "%d", 1), want);
		assert_int_equal(view_set_int(v, cases[i].name, 1), want);
		assert_int_equal(view_set_bool(v, cases[i].name, 1), want);
		assert_int_equal(view_set_null(v, cases[i].name), want);
		assert_int_equal(view_loop(v, cases[i].name), want);
		/* The rule itself, which templates use too. */
		assert_int_equal(view_name_valid(cases[i].name,
		    strlen(cases[i].name)), cases[i].ok);
		row = view_row(v, cases[i].name);
		if (cases[i].ok) {
			assert_non_null(row);
			assert_non_null(view_lookup(v, cases[i].name));
		} else {
			assert_null(row);
			/* A refused name leaves nothing behind. */
			const void *it = NULL;
			assert_null(view_next(v, &it, NULL));
		}
	}
	assert_int_equal(view_set(NULL, "a", "b"), -1);
	assert_int_equal(view_set_int(v, NULL, 1), -1);
	/* Only the n bytes given count: a name inside a template's text. */
	assert_true(view_name_valid("run_id}} more", 6));
	assert_false(view_name_valid("run_id}} more", 7));
	assert_false(view_name_valid(NULL, 0));
	assert_false(view_name_valid("a", 0));
}

static void
test_view_set_types(void **state)
{
	struct view		*v;
	const struct vval	*val;
	char			 src[] = "mutable";

	assert_non_null(v = view_new(*state));
	assert_int_equal(view_set(v, "s", src), 0);
	src[0] = 'X';	/* the view holds a copy */
	assert_non_null(val = view_lookup(v, "s"));
	assert_int_equal(val->type, VT_STR);
	assert_string_equal(val->s, "mutable");

	assert_int_equal(view_set_int(v, "i", -42), 0);
	assert_non_null(val = view_lookup(v, "i"));
	assert_int_equal(val->type, VT_INT);
	assert_true(val->i == -42);

	assert_int_equal(view_set_bool(v, "b", 7), 0);
	assert_non_null(val = view_lookup(v, "b"));
	assert_int_equal(val->type, VT_BOOL);
	assert_true(val->i == 1);

	assert_int_equal(view_set_null(v, "n"), 0);
	assert_non_null(val = view_lookup(v, "n"));
	assert_int_equal(val->type, VT_NULL);

	assert_int_equal(view_set(v, "sn", NULL), 0);
	assert_non_null(val = view_lookup(v, "sn"));
	assert_int_equal(val->type, VT_NULL);

	assert_int_equal(view_setf(v, "f", "%s-%03d", "run", 7), 0);
	assert_non_null(val = view_lookup(v, "f"));
	assert_int_equal(val->type, VT_STR);
	assert_string_equal(val->s, "run-007");

	assert_null(view_lookup(v, "absent"));
	assert_null(view_lookup(v, ""));
	assert_ptr_equal(view_arena(v), *state);
}

/* Order is that of first setting; setting again replaces in place. */
static void
test_view_next_order(void **state)
{
	static const char *const want[] = { "z", "a", "m", "loop", "b" };
	struct view		*v;
	const struct vval	*val;
	const void		*it = NULL;
	const char		*name;
	size_t			 n = 0;

	assert_non_null(v = view_new(*state));
	assert_int_equal(view_set(v, "z", "1"), 0);
	assert_int_equal(view_set(v, "a", "2"), 0);
	assert_int_equal(view_set_int(v, "m", 3), 0);
	assert_int_equal(view_loop(v, "loop"), 0);
	assert_int_equal(view_set(v, "b", "4"), 0);
	assert_int_equal(view_set_bool(v, "a", 0), 0);	/* replaces */
	assert_int_equal(view_set(v, "z", "again"), 0);
	while ((name = view_next(v, &it, &val)) != NULL) {
		assert_true(n < 5);
		assert_string_equal(name, want[n]);
		if (n == 0) {
			assert_int_equal(val->type, VT_STR);
			assert_string_equal(val->s, "again");
		}
		if (n == 1)
			assert_int_equal(val->type, VT_BOOL);
		n++;
	}
	assert_int_equal(n, 5);
}

static void
test_view_row_order(void **state)
{
	struct view		*v, *r;
	const struct vval	*val;
	const struct vrow	*row;
	int			 i;

	assert_non_null(v = view_new(*state));
	for (i = 0; i < 100; i++) {
		assert_non_null(r = view_row(v, "rows"));
		assert_int_equal(view_set_int(r, "n", i), 0);
	}
	assert_non_null(val = view_lookup(v, "rows"));
	assert_int_equal(val->type, VT_LOOP);
	assert_int_equal(val->nrows, 100);
	i = 0;
	for (row = val->rows; row != NULL; row = row->next) {
		assert_true(view_lookup(row->scope, "n")->i == i);
		if (row->next == NULL)
			assert_ptr_equal(row, val->last);
		i++;
	}
	assert_int_equal(i, 100);

	/* A row turns a non-loop value into a loop; view_loop keeps rows. */
	assert_int_equal(view_set(v, "x", "str"), 0);
	assert_non_null(view_row(v, "x"));
	assert_int_equal(view_loop(v, "x"), 0);
	assert_int_equal(view_lookup(v, "x")->type, VT_LOOP);
	assert_int_equal(view_lookup(v, "x")->nrows, 1);

	/* An empty declared loop. */
	assert_int_equal(view_loop(v, "empty"), 0);
	assert_int_equal(view_lookup(v, "empty")->type, VT_LOOP);
	assert_int_equal(view_lookup(v, "empty")->nrows, 0);
	assert_null(view_lookup(v, "empty")->rows);

	/* Names in a row are its own. */
	assert_null(view_lookup(v, "n"));
}

/* The string value of name as seen from v; fails the test if absent. */
static const char *
str_at(const struct view *v, const char *name)
{
	const struct vval	*val;

	if ((val = view_lookup(v, name)) == NULL)
		fail_msg("%s: not found", name);
	assert_int_equal(val->type, VT_STR);
	return val->s;
}

/* Lookup walks outwards; an inner name shadows an outer one. */
static void
test_view_lookup_shadowing(void **state)
{
	struct view		*top, *outer, *inner;
	const struct vval	*val;

	assert_non_null(top = view_new(*state));
	assert_int_equal(view_set(top, "title", "top"), 0);
	assert_int_equal(view_set(top, "only_top", "t"), 0);
	assert_non_null(outer = view_row(top, "runs"));
	assert_int_equal(view_set(outer, "title", "outer"), 0);
	assert_non_null(inner = view_row(outer, "sessions"));
	assert_int_equal(view_set(inner, "title", "inner"), 0);
	assert_int_equal(view_set(inner, "only_inner", "i"), 0);

	assert_string_equal(str_at(inner, "title"), "inner");
	assert_string_equal(str_at(outer, "title"), "outer");
	assert_string_equal(str_at(top, "title"), "top");
	assert_string_equal(str_at(inner, "only_top"), "t");
	assert_null(view_lookup(outer, "only_inner"));
	assert_null(view_lookup(top, "only_inner"));

	assert_null(view_lookup_here(inner, "only_top"));
	assert_non_null(val = view_lookup_here(inner, "title"));
	assert_string_equal(val->s, "inner");
	assert_non_null(view_lookup(inner, "runs"));
	assert_null(view_lookup_here(inner, "runs"));
}

static void
test_view_str_forms(void **state)
{
	struct view	*v;

	assert_non_null(v = view_new(*state));
	assert_int_equal(view_set(v, "s", "text"), 0);
	assert_int_equal(view_set(v, "e", ""), 0);
	assert_int_equal(view_set_int(v, "i", -9223372036854775807LL - 1), 0);
	assert_int_equal(view_set_int(v, "z", 0), 0);
	assert_int_equal(view_set_bool(v, "t", 1), 0);
	assert_int_equal(view_set_bool(v, "f", 0), 0);
	assert_int_equal(view_set_null(v, "n"), 0);
	assert_non_null(view_row(v, "l"));
	assert_non_null(view_row(v, "l"));
	assert_non_null(view_row(v, "l"));

	assert_string_equal(view_str(v, *state, "s"), "text");
	assert_string_equal(view_str(v, *state, "e"), "");
	assert_string_equal(view_str(v, *state, "i"), "-9223372036854775808");
	assert_string_equal(view_str(v, *state, "z"), "0");
	assert_string_equal(view_str(v, *state, "t"), "1");
	assert_string_equal(view_str(v, *state, "f"), "");
	assert_null(view_str(v, *state, "n"));
	assert_null(view_str(v, *state, "absent"));
	assert_string_equal(view_str(v, *state, "l"), "3");
}

static void
test_view_truth_table(void **state)
{
	struct view	*v;
	static const struct {
		const char	*name;
		int		 truth;
	} cases[] = {
		{ "s", 1 }, { "e", 0 }, { "zero_str", 1 }, { "i", 1 },
		{ "neg", 1 }, { "z", 0 }, { "t", 1 }, { "f", 0 }, { "n", 0 },
		{ "full", 1 }, { "empty", 0 }, { "absent", 0 },
	};
	size_t		 i;

	assert_non_null(v = view_new(*state));
	assert_int_equal(view_set(v, "s", "x"), 0);
	assert_int_equal(view_set(v, "e", ""), 0);
	assert_int_equal(view_set(v, "zero_str", "0"), 0);
	assert_int_equal(view_set_int(v, "i", 5), 0);
	assert_int_equal(view_set_int(v, "neg", -1), 0);
	assert_int_equal(view_set_int(v, "z", 0), 0);
	assert_int_equal(view_set_bool(v, "t", 1), 0);
	assert_int_equal(view_set_bool(v, "f", 0), 0);
	assert_int_equal(view_set_null(v, "n"), 0);
	assert_non_null(view_row(v, "full"));
	assert_int_equal(view_loop(v, "empty"), 0);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(view_truth(view_lookup(v, cases[i].name)),
		    cases[i].truth);
	assert_int_equal(view_truth(NULL), 0);
}

/* view_next on a row lists only the row's own variables. */
static void
test_view_next_row_scope(void **state)
{
	struct view	*v, *r;
	const void	*it = NULL;
	const char	*name;

	assert_non_null(v = view_new(*state));
	assert_int_equal(view_set(v, "outer", "o"), 0);
	assert_non_null(r = view_row(v, "rows"));
	assert_null(view_next(r, &it, NULL));
	assert_int_equal(view_set(r, "own", "x"), 0);
	it = NULL;
	assert_non_null(name = view_next(r, &it, NULL));
	assert_string_equal(name, "own");
	assert_null(view_next(r, &it, NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_view_set_name_validation,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_view_set_types,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_view_next_order,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_view_row_order,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_view_lookup_shadowing,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_view_str_forms,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_view_truth_table,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_view_next_row_scope,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
