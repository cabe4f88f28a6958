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

#include <zlib.h>

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

static void
test_cache_get_gzip(void **state)
{
	struct req	 r;
	char		 page[4096], out[8192];
	char		*env[2] = { NULL, NULL };
	uLongf		 outlen = sizeof(out);
	z_stream	 z;
	size_t		 i;
	static const struct { const char *ae; int gz; } cases[] = {
		{ "gzip, deflate, br", 1 },
		{ "br;q=1.0, gzip;q=0.8", 1 },
		{ "GZIP", 1 },
		{ "gzip;q=0", 0 },
		{ "deflate", 0 },
		{ "x-gzipped", 0 },
		{ "", 0 },
	};

	(void)state;
	for (i = 0; i + 1 < sizeof(page); i++)
		page[i] = "<li>course</li>\n"[i % 16];
	page[sizeof(page) - 1] = '\0';
	req_init(&r, "/courses", "", 0);
	produce(&r, page);
	cache_put(&r, 1, 0, 10);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		req_init(&r, "/courses", "", 0);
		env[0] = arena_printf(a, "HTTP_ACCEPT_ENCODING=%s", cases[i].ae);
		r.envp = env;
		assert_int_equal(cache_get(&r, 1, 1, NULL), 1);
		assert_non_null(strstr(r.hdrs.data, "Vary: Accept-Encoding\r\n"));
		if (!cases[i].gz) {
			assert_null(strstr(r.hdrs.data, "Content-Encoding"));
			assert_int_equal(r.body.len, strlen(page));
			continue;
		}
		assert_non_null(strstr(r.hdrs.data, "Content-Encoding: gzip\r\n"));
		assert_true(r.body.len < strlen(page) / 4);
		/* Inflate it back (15 + 16: expect the gzip wrapper). */
		memset(&z, 0, sizeof(z));
		assert_int_equal(inflateInit2(&z, 15 + 16), Z_OK);
		z.next_in = (Bytef *)r.body.data;
		z.avail_in = (uInt)r.body.len;
		z.next_out = (Bytef *)out;
		z.avail_out = (uInt)sizeof(out);
		assert_int_equal(inflate(&z, Z_FINISH), Z_STREAM_END);
		outlen = z.total_out;
		inflateEnd(&z);
		assert_int_equal(outlen, strlen(page));
		assert_memory_equal(out, page, outlen);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_cache_get_hit_and_misses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cache_put_refuses_private_and_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cache_put_replaces, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cache_get_gzip, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
