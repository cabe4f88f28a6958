/* test_route.c: route matching and the strict CONTENT_LENGTH parser. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "kit/app.h"
#include "kit/route.h"
#include "kit/arena.h"
#include "kit/http.h"

static int h(struct req *r) { (void)r; return 200; }

static const struct route routes[] = {
	{ M_GET,		"/courses",		h },
	{ M_GET,		"/courses/{slug}",	h },
	{ M_GET | M_POST,	"/book/{run}",		h },
	{ M_GET,		"/booking/{token}/qr.svg", h },
	{ M_POST,		"/booking/{token}/cancel", h },
	{ M_GET,		"/",			h },
};
#define NROUTES (sizeof(routes) / sizeof(routes[0]))

struct match_case {
	int		 method;
	const char	*path;
	int		 want;		/* route index or -1 */
	int		 allowed;	/* when -1 */
	const char	*p0;		/* first param */
};

static const struct match_case cases[] = {
	{ M_GET,  "/courses", 0, 0, NULL },
	{ M_HEAD, "/courses", 0, 0, NULL },
	{ M_GET,  "/courses/", -1, 0, NULL },	/* empty segment */
	{ M_GET,  "/courses/anxiety", 1, 0, "anxiety" },
	{ M_GET,  "/courses/anxiety/", -1, 0, NULL },
	{ M_GET,  "/courses/a/b", -1, 0, NULL },
	{ M_POST, "/courses", -1, M_GET | M_HEAD, NULL },
	{ M_OTHER, "/courses", -1, M_GET | M_HEAD, NULL },
	{ M_POST, "/book/12", 2, 0, "12" },
	{ M_GET,  "/booking/ABC/qr.svg", 3, 0, "ABC" },
	{ M_GET,  "/booking/ABC/cancel", -1, M_POST, NULL },
	{ M_POST, "/booking/ABC/cancel", 4, 0, "ABC" },
	{ M_GET,  "/", 5, 0, NULL },
	{ M_GET,  "", -1, 0, NULL },
	{ M_GET,  "courses", -1, 0, NULL },
	{ M_GET,  "/nope", -1, 0, NULL },
	{ M_GET,  "/coursesx", -1, 0, NULL },
	{ M_GET,  "//courses", -1, 0, NULL },
};

static void
test_route_match_table(void **state)
{
	struct arena	*a = arena_new();
	const char	*params[ROUTE_PARAMS_MAX];
	size_t		 i, np;
	int		 allowed, got;

	(void)state;
	assert_non_null(a);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(params, 0, sizeof(params));
		got = route_match(a, routes, NROUTES, cases[i].method,
		    cases[i].path, params, &np, &allowed);
		if (got != cases[i].want)
			fail_msg("case %zu (%s): got %d, want %d", i,
			    cases[i].path, got, cases[i].want);
		if (got == -1)
			assert_int_equal(allowed, cases[i].allowed);
		if (cases[i].p0 != NULL) {
			assert_int_equal(np, 1);
			assert_string_equal(params[0], cases[i].p0);
		}
	}
	arena_free(a);
}

static void
test_route_match_param_limit(void **state)
{
	static const struct route many[] = {
		{ M_GET, "/{a}/{b}/{c}/{d}/{e}", h },
		{ M_GET, "/{a}/{b}/{c}/{d}", h },
	};
	struct arena	*a = arena_new();
	const char	*params[ROUTE_PARAMS_MAX];
	size_t		 np;
	int		 allowed;

	(void)state;
	/* More {params} than ROUTE_PARAMS_MAX never match. */
	assert_int_equal(route_match(a, many, 2, M_GET, "/1/2/3/4/5",
	    params, &np, &allowed), -1);
	assert_int_equal(route_match(a, many, 2, M_GET, "/1/2/3/4",
	    params, &np, &allowed), 1);
	assert_int_equal(np, 4);
	assert_string_equal(params[3], "4");
	arena_free(a);
}

struct cl_case {
	const char	*s;
	size_t		 max;
	int		 rc;
	size_t		 len;
};

static const struct cl_case cl_cases[] = {
	{ NULL, 100, 0, 0 },
	{ "", 100, 0, 0 },
	{ "0", 100, 0, 0 },
	{ "100", 100, 0, 100 },
	{ "101", 100, 1, 0 },
	{ "-1", 100, -1, 0 },
	{ "+1", 100, -1, 0 },
	{ " 1", 100, -1, 0 },
	{ "1 ", 100, -1, 0 },
	{ "1e3", 100, -1, 0 },
	{ "0x10", 100, -1, 0 },
	{ "99999999999999999999999999999", 100, 1, 0 },
	{ "99999999999999999999999999999x", 100, -1, 0 },
	{ "18446744073709551616", 65536, 1, 0 },
	{ "65536", 65536, 0, 65536 },
};

static void
test_app_content_length_table(void **state)
{
	size_t	 i, len;
	int	 rc;

	(void)state;
	for (i = 0; i < sizeof(cl_cases) / sizeof(cl_cases[0]); i++) {
		rc = app_content_length(cl_cases[i].s, cl_cases[i].max, &len);
		if (rc != cl_cases[i].rc || len != cl_cases[i].len)
			fail_msg("case %zu (%s): rc %d len %zu", i,
			    cl_cases[i].s ? cl_cases[i].s : "NULL", rc, len);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_route_match_table),
		cmocka_unit_test(test_route_match_param_limit),
		cmocka_unit_test(test_app_content_length_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
