/* test_http.c: response headers, cookies, redirects, CSRF. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "kit/arena.h"
#include "kit/buf.h"
#include "kit/http.h"
#include "kit/token.h"
#include "kit/view.h"

struct fixture {
	struct arena	*a;
	struct req	 r;
	struct buf	 wire;
	char		*env[16];
};

static int
setup(void **state)
{
	struct fixture	*f = calloc(1, sizeof(*f));

	if (f == NULL || (f->a = arena_new()) == NULL)
		return -1;
	f->r.arena = f->a;
	f->r.envp = f->env;
	buf_init(&f->r.hdrs, f->a);
	buf_init(&f->r.body, f->a);
	buf_init(&f->wire, f->a);
	f->r.out = sink_buf(&f->wire);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;

	arena_free(f->a);
	free(f);
	return 0;
}

static void
test_resp_header_refuses_crlf_nul(void **state)
{
	struct fixture	*f = *state;
	static const char *bad[] = {
		"a\r\nSet-Cookie: x=1", "a\nb", "a\rb", "\x01", "a\x7f",
	};
	size_t		 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(resp_header(&f->r, "X-Test", bad[i]), -1);
	assert_int_equal(resp_header(&f->r, "X Test", "v"), -1);
	assert_int_equal(resp_header(&f->r, "X:Test", "v"), -1);
	assert_int_equal(resp_header(&f->r, "", "v"), -1);
	assert_int_equal(f->r.hdrs.len, 0);
	assert_int_equal(resp_header(&f->r, "X-Test", "fine value"), 0);
	assert_string_equal(f->r.hdrs.data, "X-Test: fine value\r\n");
}

static void
test_resp_cookie_flags(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(resp_cookie(&f->r, "sid", "abc", -1, COOKIE_LAX), 0);
	assert_non_null(strstr(f->r.hdrs.data,
	    "Set-Cookie: sid=abc; Path=/; HttpOnly; SameSite=Lax\r\n"));
	f->r.hdrs.len = 0;
	f->r.https = 1;
	assert_int_equal(resp_cookie(&f->r, "sid", "abc", 0, COOKIE_STRICT), 0);
	assert_non_null(strstr(f->r.hdrs.data,
	    "sid=abc; Path=/; HttpOnly; SameSite=Strict; Secure; Max-Age=0"));
	/* Values that would split the header or the cookie are refused. */
	assert_int_equal(resp_cookie(&f->r, "sid", "a;b", -1, 0), -1);
	assert_int_equal(resp_cookie(&f->r, "sid", "a b", -1, 0), -1);
	assert_int_equal(resp_cookie(&f->r, "sid", "a\r\nb", -1, 0), -1);
}

static void
test_resp_redirect_local_only(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(resp_redirect(&f->r, "//evil.example/"), 500);
	assert_int_equal(resp_redirect(&f->r, "/\\evil.example/"), 500);
	assert_int_equal(resp_redirect(&f->r, "https://evil.example/"), 500);
	assert_int_equal(resp_redirect(&f->r, "/x\r\nSet-Cookie: a=b"), 500);
	assert_int_equal(resp_redirect(&f->r, "/booking/ABC"), 303);
	assert_non_null(strstr(f->r.hdrs.data, "Location: /booking/ABC\r\n"));
}

static void
test_resp_write_head_security_headers(void **state)
{
	struct fixture	*f = *state;
	static const char *want[] = {
		"Status: 404 Not Found\r\n",
		"Content-Security-Policy: default-src 'none'; script-src 'self';",
		"frame-ancestors 'none'",
		"X-Content-Type-Options: nosniff\r\n",
		"Referrer-Policy: same-origin\r\n",
		"Cache-Control: no-store\r\n",
		"Content-Type: text/plain; charset=utf-8\r\n",
		"Content-Length: 5\r\n\r\n",
	};
	size_t		 i;

	assert_int_equal(resp_body(&f->r, 404, "text/plain; charset=utf-8",
	    "gone\n", 5), 404);
	assert_int_equal(resp_write_head(&f->r), 0);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		if (strstr(f->wire.data, want[i]) == NULL)
			fail_msg("missing %s in:\n%s", want[i], f->wire.data);
	/* No inline script allowed, ever. */
	assert_null(strstr(f->wire.data, "unsafe-inline"));
}

static void
test_resp_write_head_handler_cache_control(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(resp_header(&f->r, "Cache-Control", "public, max-age=60"), 0);
	assert_int_equal(resp_body(&f->r, 200, "text/plain; charset=utf-8",
	    "x", 1), 200);
	assert_int_equal(resp_write_head(&f->r), 0);
	assert_null(strstr(f->wire.data, "no-store"));
	assert_non_null(strstr(f->wire.data, "Cache-Control: public, max-age=60\r\n"));
}

/* A POST with the given cookie, field and headers. */
static int
csrf_case(struct fixture *f, const char *cookie, const char *field,
    const char *origin, const char *site)
{
	static struct form_field cf, bf;
	int	 n = 0;

	memset(f->env, 0, sizeof(f->env));
	f->env[n++] = (char *)"HTTP_HOST=127.0.0.1:8080";
	if (origin != NULL)
		f->env[n++] = arena_printf(f->a, "HTTP_ORIGIN=%s", origin);
	if (site != NULL)
		f->env[n++] = arena_printf(f->a, "HTTP_SEC_FETCH_SITE=%s", site);
	memset(&f->r.cookies, 0, sizeof(f->r.cookies));
	memset(&f->r.bf, 0, sizeof(f->r.bf));
	if (cookie != NULL) {
		cf.name = "csrf";
		cf.value = cookie;
		cf.len = strlen(cookie);
		f->r.cookies.fields = &cf;
		f->r.cookies.n = 1;
	}
	if (field != NULL) {
		bf.name = "csrf";
		bf.value = field;
		bf.len = strlen(field);
		f->r.bf.fields = &bf;
		f->r.bf.n = 1;
	}
	return csrf_check(&f->r);
}

static void
test_csrf_check_cases(void **state)
{
	struct fixture	*f = *state;
	const char	*t = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	const char	*u = "ABCDEFGHIJKLMNOPQRSTUVWXY2";

	assert_int_equal(csrf_case(f, t, t, NULL, NULL), 0);
	assert_int_equal(csrf_case(f, t, t, "http://127.0.0.1:8080",
	    "same-origin"), 0);
	assert_int_equal(csrf_case(f, t, t, NULL, "none"), 0);
	assert_int_equal(csrf_case(f, NULL, t, NULL, NULL), -1);
	assert_int_equal(csrf_case(f, t, NULL, NULL, NULL), -1);
	assert_int_equal(csrf_case(f, t, u, NULL, NULL), -1);
	assert_int_equal(csrf_case(f, "short", "short", NULL, NULL), -1);
	assert_int_equal(csrf_case(f, t, t, "http://evil.example", NULL), -1);
	assert_int_equal(csrf_case(f, t, t, "null", NULL), -1);
	assert_int_equal(csrf_case(f, t, t, "null", "same-origin"), 0);
	assert_int_equal(csrf_case(f, t, t, "null", "same-site"), -1);
	assert_int_equal(csrf_case(f, t, u, "null", "same-origin"), -1);
	assert_int_equal(csrf_case(f, t, t, "https://127.0.0.1:8080", NULL), -1);
	assert_int_equal(csrf_case(f, t, t, NULL, "cross-site"), -1);
	assert_int_equal(csrf_case(f, t, t, NULL, "same-site"), -1);
}

static void
test_csrf_token_sets_cookie_once(void **state)
{
	struct fixture	*f = *state;
	const char	*t1, *t2;

	memset(&f->r.cookies, 0, sizeof(f->r.cookies));
	t1 = csrf_token(&f->r);
	assert_non_null(t1);
	assert_true(token_valid(t1));
	t2 = csrf_token(&f->r);
	assert_string_equal(t1, t2);
	/* One Set-Cookie, strict. */
	assert_non_null(strstr(f->r.hdrs.data, "Set-Cookie: csrf="));
	assert_null(strstr(strstr(f->r.hdrs.data, "Set-Cookie") + 1,
	    "Set-Cookie"));
	assert_non_null(strstr(f->r.hdrs.data, "SameSite=Strict"));
}

static void
test_req_header_lookup(void **state)
{
	struct fixture	*f = *state;

	memset(f->env, 0, sizeof(f->env));
	f->env[0] = (char *)"HTTP_SEC_FETCH_SITE=same-origin";
	f->env[1] = (char *)"HTTP_ACCEPTX=no";
	f->env[2] = (char *)"HTTP_ACCEPT=text/html";
	assert_string_equal(req_header(&f->r, "Sec-Fetch-Site"), "same-origin");
	assert_string_equal(req_header(&f->r, "accept"), "text/html");
	assert_null(req_header(&f->r, "Origin"));
}

/* A view as JSON, the one way every program answers JSON: the body,
 * its type and status, whatever the request's Accept said. */
static void
test_resp_json_body(void **state)
{
	struct fixture	*f = *state;
	struct view	*v = view_new(f->a);

	assert_non_null(v);
	assert_int_equal(view_set(v, "result", "checked_in"), 0);
	assert_int_equal(view_set(v, "message", "Siân \"Jo\" </script>"), 0);
	assert_int_equal(view_set_int(v, "count", 3), 0);
	f->r.want_json = 0;
	assert_int_equal(resp_json(&f->r, 403, v), 403);
	assert_int_equal(f->r.status, 403);
	assert_true(f->r.done);
	assert_non_null(f->r.body.data);
	assert_non_null(strstr(f->r.body.data, "\"result\":\"checked_in\""));
	assert_non_null(strstr(f->r.body.data, "\"count\":3"));
	assert_null(strstr(f->r.body.data, "</script>"));
	assert_int_equal(resp_write_head(&f->r), 0);
	assert_non_null(strstr(f->wire.data, "Status: 403 Forbidden\r\n"));
	assert_non_null(strstr(f->wire.data,
	    "Content-Type: application/json; charset=utf-8\r\n"));
}

/* resp_view answers through resp_json when the client asked for JSON:
 * no template is needed, and a body written before is replaced. */
static void
test_resp_view_json_is_resp_json(void **state)
{
	struct fixture	*f = *state;
	struct view	*v = view_new(f->a);

	assert_non_null(v);
	assert_int_equal(view_set(v, "title", "Today"), 0);
	assert_int_equal(buf_append(&f->r.body, "old", 3), 0);
	f->r.want_json = 1;
	f->r.tmpls = NULL;
	assert_int_equal(resp_view(&f->r, 200, "none.html", v), 200);
	assert_int_equal(f->r.body.len, strlen("{\"title\":\"Today\"}"));
	assert_memory_equal(f->r.body.data, "{\"title\":\"Today\"}",
	    f->r.body.len);
	assert_int_equal(resp_write_head(&f->r), 0);
	assert_non_null(strstr(f->wire.data,
	    "Content-Type: application/json; charset=utf-8\r\n"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_resp_header_refuses_crlf_nul, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resp_cookie_flags, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resp_redirect_local_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resp_write_head_security_headers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resp_write_head_handler_cache_control, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csrf_check_cases, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csrf_token_sets_cookie_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_req_header_lookup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resp_json_body, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resp_view_json_is_resp_json, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
