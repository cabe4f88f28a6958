/*
 * test_chart.c: the kit's bar chart (kit/chart.h): its geometry, its
 * scale, escaping, cut labels and what it refuses.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "kit/arena.h"
#include "kit/buf.h"
#include "kit/chart.h"

struct fx {
	struct arena	*arena;
	struct buf	 out;
	struct sink	 sink;
};

static int
setup(void **state)
{
	struct fx	*fx;

	if ((fx = calloc(1, sizeof(*fx))) == NULL ||
	    (fx->arena = arena_new()) == NULL)
		return -1;
	buf_init(&fx->out, fx->arena);
	fx->sink = sink_buf(&fx->out);
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

/* Times a string occurs in s. */
static int
count(const char *s, const char *what)
{
	int	 n = 0;

	while ((s = strstr(s, what)) != NULL) {
		n++;
		s += strlen(what);
	}
	return n;
}

static void
test_chart_svg_bars_draws(void **state)
{
	struct fx		*fx = *state;
	const struct chart_bar	 bars[] = {
		{ "Full", 1000, "100.0%" },
		{ "Half", 500, "50.0%" },
		{ "None", 0, "0.0%" },
		{ "Tiny", 1, "0.1%" },
	};

	assert_int_equal(chart_svg_bars(&fx->sink, "chart-a", "Rates",
	    bars, 4, 1000), 0);
	assert_int_equal(strncmp(fx->out.data, "<svg class=\"chart\"", 18), 0);
	assert_non_null(strstr(fx->out.data, "viewBox=\"0 0 640 104\""));
	assert_non_null(strstr(fx->out.data, "aria-labelledby=\"chart-a\""
	    "><title id=\"chart-a\">Rates</title>"));
	assert_non_null(strstr(fx->out.data, "width=\"300\""));
	assert_non_null(strstr(fx->out.data, "width=\"150\""));
	assert_non_null(strstr(fx->out.data, "width=\"0\""));
	assert_non_null(strstr(fx->out.data, "width=\"1\""));
	assert_non_null(strstr(fx->out.data, ">50.0%</text>"));
	assert_int_equal(count(fx->out.data, "<rect"), 4);
	assert_int_equal(strcmp(fx->out.data + fx->out.len - 6, "</svg>"), 0);
}

/* max 0 scales to the largest value. */
static void
test_chart_svg_bars_scales(void **state)
{
	struct fx		*fx = *state;
	const struct chart_bar	 bars[] = {
		{ "a", 4, "4" }, { "b", 2, "2" },
	};

	assert_int_equal(chart_svg_bars(&fx->sink, "w", "t", bars, 2, 0), 0);
	assert_non_null(strstr(fx->out.data, "width=\"300\""));
	assert_non_null(strstr(fx->out.data, "width=\"150\""));
}

static void
test_chart_svg_bars_escapes(void **state)
{
	struct fx		*fx = *state;
	const struct chart_bar	 bars[] = {
		{ "<script>alert('x')</script> & \"co\"", 10, "<b>" },
	};

	assert_int_equal(chart_svg_bars(&fx->sink, "e", "A & <B>", bars, 1,
	    10), 0);
	assert_null(strstr(fx->out.data, "<script"));
	assert_null(strstr(fx->out.data, "<b>"));
	assert_non_null(strstr(fx->out.data, "<title id=\"e\">A &amp; "
	    "&lt;B&gt;</title>"));
	assert_non_null(strstr(fx->out.data, "&lt;script&gt;alert(&#39;x"
	    "&#39;)&lt;/script&gt; &amp; &quot;co&quot;"));
	assert_non_null(strstr(fx->out.data, ">&lt;b&gt;</text>"));
}

/* Long labels are cut at a character, never inside one. */
static void
test_chart_svg_bars_cuts_labels(void **state)
{
	struct fx		*fx = *state;
	char			 label[128], want[128];
	struct chart_bar	 bar = { label, 1, "1" };
	size_t			 i;

	label[0] = '\0';
	for (i = 0; i < 40; i++)
		strcat(label, "é");
	want[0] = '>';
	want[1] = '\0';
	for (i = 0; i < CHART_LABEL_MAX - 1; i++)
		strcat(want, "é");
	strcat(want, "…</text>");
	assert_int_equal(chart_svg_bars(&fx->sink, "c", "t", &bar, 1, 1), 0);
	assert_non_null(strstr(fx->out.data, want));
	/* The whole label is in the bar's title. */
	assert_non_null(strstr(fx->out.data, label));
	/* A label of exactly CHART_LABEL_MAX characters stays whole. */
	label[CHART_LABEL_MAX * 2] = '\0';
	fx->out.len = 0;
	assert_int_equal(chart_svg_bars(&fx->sink, "c", "t", &bar, 1, 1), 0);
	assert_null(strstr(fx->out.data, "…"));
}

static void
test_chart_svg_bars_refuses(void **state)
{
	struct fx		*fx = *state;
	struct chart_bar	 many[CHART_BARS_MAX + 5];
	size_t			 i;

	for (i = 0; i < CHART_BARS_MAX + 5; i++) {
		many[i].label = "x";
		many[i].value = 1;
		many[i].text = "1";
	}
	assert_int_equal(chart_svg_bars(&fx->sink, "", "t", many, 1, 1), -1);
	assert_int_equal(chart_svg_bars(&fx->sink, "a\"b", "t", many, 1, 1),
	    -1);
	assert_int_equal(chart_svg_bars(&fx->sink, "Upper", "t", many, 1, 1),
	    -1);
	assert_int_equal(fx->out.len, 0);
	/* Nothing to draw: nothing written. */
	assert_int_equal(chart_svg_bars(&fx->sink, "a", "t", many, 0, 1), 0);
	assert_int_equal(fx->out.len, 0);
	assert_int_equal(chart_svg_bars(&fx->sink, "a", "t", many,
	    CHART_BARS_MAX + 5, 1), 0);
	assert_int_equal(count(fx->out.data, "<rect"), CHART_BARS_MAX);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_chart_svg_bars_draws,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_chart_svg_bars_scales,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_chart_svg_bars_escapes,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_chart_svg_bars_cuts_labels, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chart_svg_bars_refuses,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
