/*
 * test_json.c: views written as JSON (src/kit/json.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "kit/arena.h"
#include "kit/buf.h"
#include "kit/json.h"
#include "kit/view.h"
#include "fixture.h"

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

static const char *
string_json(struct arena *a, const char *s)
{
	struct buf	 b;
	struct sink	 out;

	buf_init(&b, a);
	out = sink_buf(&b);
	assert_int_equal(json_write_string(&out, s), 0);
	return b.data;
}

static const char *
view_json(const struct view *v)
{
	struct buf	 b;
	struct sink	 out;

	buf_init(&b, view_arena(v));
	out = sink_buf(&b);
	assert_int_equal(json_write_view(&out, v), 0);
	return b.data;
}

static void
test_json_write_string_escapes(void **state)
{
	static const struct {
		const char	*in;
		const char	*want;
	} cases[] = {
		{ "", "\"\"" },
		{ "plain text 123", "\"plain text 123\"" },
		{ "say \"hi\"", "\"say \\\"hi\\\"\"" },
		{ "back\\slash", "\"back\\\\slash\"" },
		{ "a/b", "\"a/b\"" },
		{ "line\nbreak\ttab\rcr", "\"line\\u000abreak\\u0009tab\\u000dcr\"" },
		{ "\x01\x1f", "\"\\u0001\\u001f\"" },
		{ "\x7f", "\"\x7f\"" },
		{ "</script><b>&amp;", "\"\\u003c/script\\u003e\\u003cb\\u003e\\u0026amp;\"" },
		{ "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
		    "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"" },
		{ "a\xe2\x80\xa8" "b\xe2\x80\xa9" "c", "\"a\\u2028b\\u2029c\"" },
		/* Invalid UTF-8 never reaches the output as such. */
		{ "x\xff" "y", "\"x\\ufffdy\"" },
		{ "\xc0\xaf", "\"\\ufffd\\ufffd\"" },
		{ "\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"" },
		{ "\xe2\x82", "\"\\ufffd\\ufffd\"" },
		{ "'single'", "\"'single'\"" },
	};
	size_t	 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(string_json(*state, cases[i].in),
		    cases[i].want);
	assert_string_equal(string_json(*state, NULL), "null");
}

static void
test_json_write_view_empty(void **state)
{
	struct view	*v;

	assert_non_null(v = view_new(*state));
	assert_string_equal(view_json(v), "{}");
}

/* Types, order of first setting, null, and hostile strings. */
static void
test_json_write_view_types(void **state)
{
	struct view	*v;

	assert_non_null(v = view_new(*state));
	assert_int_equal(view_set(v, "title", "Hope & <Recovery>"), 0);
	assert_int_equal(view_set_int(v, "capacity", 12), 0);
	assert_int_equal(view_set_int(v, "neg", -3), 0);
	assert_int_equal(view_set_bool(v, "online", 1), 0);
	assert_int_equal(view_set_bool(v, "full", 0), 0);
	assert_int_equal(view_set_null(v, "waitlist_position"), 0);
	assert_int_equal(view_set(v, "capacity", "replaced"), 0);
	assert_string_equal(view_json(v),
	    "{\"title\":\"Hope \\u0026 \\u003cRecovery\\u003e\","
	    "\"capacity\":\"replaced\",\"neg\":-3,\"online\":true,"
	    "\"full\":false,\"waitlist_position\":null}");
}

/* Loops become arrays of objects; rows show only their own names. */
static void
test_json_write_view_loops(void **state)
{
	struct view	*v, *run, *s;

	assert_non_null(v = view_new(*state));
	assert_int_equal(view_set(v, "q", "anx"), 0);
	assert_int_equal(view_loop(v, "none"), 0);
	assert_non_null(run = view_row(v, "runs"));
	assert_int_equal(view_set_int(run, "id", 1), 0);
	assert_int_equal(view_set_int(run, "seats_left", 0), 0);
	assert_non_null(s = view_row(run, "sessions"));
	assert_int_equal(view_set(s, "at", "10:00"), 0);
	assert_non_null(s = view_row(run, "sessions"));
	assert_int_equal(view_set(s, "at", "11:00"), 0);
	assert_non_null(run = view_row(v, "runs"));
	assert_int_equal(view_set_int(run, "id", 2), 0);
	assert_int_equal(view_loop(run, "sessions"), 0);
	assert_non_null(view_row(v, "blank"));
	assert_string_equal(view_json(v),
	    "{\"q\":\"anx\",\"none\":[],\"runs\":["
	    "{\"id\":1,\"seats_left\":0,\"sessions\":"
	    "[{\"at\":\"10:00\"},{\"at\":\"11:00\"}]},"
	    "{\"id\":2,\"sessions\":[]}],\"blank\":[{}]}");
}

/* Names starting with '_' are for templates only, at every level. */
static void
test_json_write_view_private(void **state)
{
	struct view	*v, *r;

	assert_non_null(v = view_new(*state));
	assert_int_equal(view_set(v, "_csrf", "secret"), 0);
	assert_int_equal(view_set(v, "a", "1"), 0);
	assert_int_equal(view_set(v, "__index__", "x"), 0);
	assert_non_null(r = view_row(v, "_private_loop"));
	assert_int_equal(view_set(r, "leak", "no"), 0);
	assert_non_null(r = view_row(v, "rows"));
	assert_int_equal(view_set(r, "_hidden", "no"), 0);
	assert_int_equal(view_set(r, "shown", "yes"), 0);
	assert_int_equal(view_set(v, "b_", "2"), 0);
	assert_int_equal(view_set(v, "_last", "3"), 0);
	assert_string_equal(view_json(v),
	    "{\"a\":\"1\",\"rows\":[{\"shown\":\"yes\"}],\"b_\":\"2\"}");
}

static void
test_json_write_view_extremes(void **state)
{
	struct view	*v;

	assert_non_null(v = view_new(*state));
	assert_int_equal(view_set_int(v, "min", -9223372036854775807LL - 1), 0);
	assert_int_equal(view_set_int(v, "max", 9223372036854775807LL), 0);
	assert_string_equal(view_json(v),
	    "{\"min\":-9223372036854775808,\"max\":9223372036854775807}");
}

/* A sink failure at any byte is reported, never ignored. */
static void
test_json_write_view_sink_fails(void **state)
{
	struct view		*v, *r;
	struct fx_failing	 f;
	struct sink		 out = { fx_failing_write, &f };
	size_t			 len, i;

	assert_non_null(v = view_new(*state));
	assert_int_equal(view_set(v, "s", "a<b\"c"), 0);
	assert_int_equal(view_set_int(v, "i", 5), 0);
	assert_non_null(r = view_row(v, "l"));
	assert_int_equal(view_set_bool(r, "b", 1), 0);
	assert_int_equal(view_set_null(v, "n"), 0);
	len = strlen(view_json(v));
	for (i = 0; i < len; i++) {
		f.left = i;
		assert_int_equal(json_write_view(&out, v), -1);
	}
	f.left = len;
	assert_int_equal(json_write_view(&out, v), 0);
	f.left = 3;
	assert_int_equal(json_write_string(&out, "\x01\x02"), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_json_write_string_escapes,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_json_write_view_empty,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_json_write_view_types,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_json_write_view_loops,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_json_write_view_private,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_json_write_view_extremes,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_json_write_view_sink_fails,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
