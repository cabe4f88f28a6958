/* test_cache.c: the rendered-response cache. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "kit/arena.h"
#include "kit/cache.h"
#include "kit/http.h"

static struct arena *a;

/* A fresh GET request for path?query. */
static void
req_init(struct req *r, const char *path, const char *query, int json)
{
	memset(r, 0, sizeof(*r));
	arena_reset(a);
	r->arena = a;
	r->method = M_GET;
	r->method_name = "GET";
	r->path = path;
	r->query = query;
	r->want_json = json;
	buf_init(&r->hdrs, a);
	buf_init(&r->body, a);
}

static void
produce(struct req *r, const char *body)
{
	assert_int_equal(resp_body(r, 200, "text/html; charset=utf-8", body,
	    strlen(body)), 200);
}

static int
setup(void **state)
{
	(void)state;
	cache_clear();
	return (a = arena_new()) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	(void)state;
	cache_clear();
	arena_free(a);
	return 0;
}

static void
test_cache_get_hit_and_misses(void **state)
{
	struct req	 r;

	(void)state;
	req_init(&r, "/courses", "q=sleep", 0);
	assert_int_equal(cache_get(&r, 7, 1000, NULL), 0);
	produce(&r, "<p>sleep</p>");
	cache_put(&r, 7, 1000, 10);

	req_init(&r, "/courses", "q=sleep", 0);
	assert_int_equal(cache_get(&r, 7, 1005, "public, max-age=10"), 1);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.body.data, "<p>sleep</p>");
	assert_non_null(strstr(r.hdrs.data, "Content-Type: text/html; charset=utf-8\r\n"));
	assert_non_null(strstr(r.hdrs.data, "Cache-Control: public, max-age=10\r\n"));

	req_init(&r, "/courses", "q=sleeps", 0);	/* other query */
	assert_int_equal(cache_get(&r, 7, 1005, NULL), 0);
	req_init(&r, "/courses", "q=sleep", 1);		/* JSON asked */
	assert_int_equal(cache_get(&r, 7, 1005, NULL), 0);
	req_init(&r, "/courses", "q=sleep", 0);		/* db changed */
	assert_int_equal(cache_get(&r, 8, 1005, NULL), 0);
	req_init(&r, "/courses", "q=sleep", 0);		/* expired */
	assert_int_equal(cache_get(&r, 7, 1010, NULL), 0);
	req_init(&r, "/courses", "q=sleep", 0);		/* POST never */
	r.method = M_POST;
	r.method_name = "POST";
	assert_int_equal(cache_get(&r, 7, 1005, NULL), 0);
}

static void
test_cache_put_refuses_private_and_errors(void **state)
{
	struct req	 r;
	char		*big;

	(void)state;
	/* A response that sets a cookie belongs to one person. */
	req_init(&r, "/a", "", 0);
	assert_int_equal(resp_cookie(&r, "csrf", "ABC", -1, 0), 0);
	produce(&r, "mine");
	cache_put(&r, 1, 0, 10);
	req_init(&r, "/a", "", 0);
	assert_int_equal(cache_get(&r, 1, 1, NULL), 0);

	req_init(&r, "/b", "", 0);
	assert_int_equal(resp_body(&r, 404, "text/html; charset=utf-8", "x", 1), 404);
	cache_put(&r, 1, 0, 10);
	req_init(&r, "/b", "", 0);
	assert_int_equal(cache_get(&r, 1, 1, NULL), 0);

	big = malloc(CACHE_BODY_MAX + 2);
	assert_non_null(big);
	memset(big, 'x', CACHE_BODY_MAX + 1);
	big[CACHE_BODY_MAX + 1] = '\0';
	req_init(&r, "/c", "", 0);
	produce(&r, big);
	cache_put(&r, 1, 0, 10);
	req_init(&r, "/c", "", 0);
	assert_int_equal(cache_get(&r, 1, 1, NULL), 0);
	free(big);
}

static void
test_cache_put_replaces(void **state)
{
	struct req	 r;

	(void)state;
	req_init(&r, "/courses", "", 0);
	produce(&r, "old");
	cache_put(&r, 1, 0, 10);
	req_init(&r, "/courses", "", 0);
	produce(&r, "new");
	cache_put(&r, 2, 0, 10);
	req_init(&r, "/courses", "", 0);
	assert_int_equal(cache_get(&r, 2, 1, NULL), 1);
	assert_string_equal(r.body.data, "new");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_cache_get_hit_and_misses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cache_put_refuses_private_and_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cache_put_replaces, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
