/*
 * test_app.c: one request through the kit's loop (app_serve), as a
 * program serves it: routing to 404 and 405 with Allow, /healthz, the
 * body's length and encoding checks, CSRF before any POST handler, a
 * handler's failure drawn as the error page with the program's layout,
 * and resp_view() as HTML or JSON.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kit/app.h"
#include "kit/arena.h"
#include "kit/buf.h"
#include "kit/http.h"
#include "kit/tmpl.h"
#include "kit/view.h"

#define TOKEN	"ABCDEFGHIJKLMNOPQRSTUVWXYZ"	/* a valid csrf token */

static int
hello(struct req *r)
{
	struct view	*v = view_new(r->arena);

	if (v == NULL || view_set(v, "who", req_param(r, 0)) == -1 ||
	    view_set_int(v, "n", 42) == -1)
		return 500;
	return resp_view(r, 200, "page.html", v);
}

static int
refuse(struct req *r)
{
	return 409;	/* no response: the kit draws the error page */
}

static int
posted(struct req *r)
{
	const char	*x = form_get(&r->bf, "x");

	return resp_body(r, 200, "text/plain", x ? x : "-", x ? strlen(x) : 1);
}

static const struct route routes[] = {
	{ M_GET, "/hello/{who}", hello },
	{ M_GET, "/refuse", refuse },
	{ M_POST, "/post", posted },
};

/* The layout's view for the kit's own pages, as web_view() gives. */
static struct view *
layout(struct req *r, const char *title)
{
	struct view	*v = view_new(r->arena);

	if (v == NULL || view_set(v, "college_name", "Test College") == -1 ||
	    view_set(v, "page_title", title) == -1)
		return NULL;
	return v;
}

static const struct app app = {
	.name = "test", .routes = routes, .nroutes = 3, .body_max = 64,
	.view = layout,
};

struct fixture {
	struct tmpl_set	*ts;
	struct arena	*a;
	struct buf	 wire;
	char		*env[16];
	size_t		 nenv;
};

static void
remove_dir(const char *dir)
{
	char	 path[512];

	snprintf(path, sizeof(path), "%s/page.html", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/error.html", dir);
	unlink(path);
	rmdir(dir);
}

/* Write name with text into dir. */
static int
put(const char *dir, const char *name, const char *text)
{
	char	 path[512];
	FILE	*fp;
	int	 rc;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((fp = fopen(path, "w")) == NULL)
		return -1;
	rc = fputs(text, fp) == EOF ? -1 : 0;
	return fclose(fp) == EOF ? -1 : rc;
}

static int
setup(void **state)
{
	static struct fixture	 f;
	char			 err[256], dir[] = "/tmp/test_app.XXXXXX";

	memset(&f, 0, sizeof(f));
	if (mkdtemp(dir) == NULL ||
	    put(dir, "page.html", "<p>Hello <TMPL_VAR name=\"who\">, "
	    "<TMPL_VAR name=\"n\">.</p>") == -1 ||
	    put(dir, "error.html", "<h1><TMPL_VAR name=\"page_title\"></h1>"
	    "<p><TMPL_VAR name=\"message\"></p>"
	    "<p><TMPL_VAR name=\"college_name\"></p>"
	    "<TMPL_IF name=\"form_expired\"><p>expired</p></TMPL_IF>") == -1)
		return -1;
	f.ts = tmpl_load(dir, err, sizeof(err));
	/* Parsed once and kept: the files may go. */
	remove_dir(dir);
	if (f.ts == NULL || (f.a = arena_new()) == NULL)
		return -1;
	buf_init(&f.wire, f.a);
	*state = &f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;

	tmpl_free(f->ts);
	arena_free(f->a);
	return 0;
}

static void
env_add(struct fixture *f, const char *kv)
{
	assert_true(f->nenv + 1 < sizeof(f->env) / sizeof(f->env[0]));
	f->env[f->nenv++] = (char *)kv;
	f->env[f->nenv] = NULL;
}

/* Serve method path with the extra "K=V" variables (NULL-ended list). */
static int
serve(struct fixture *f, const char *body, ...)
{
	va_list		 ap;
	const char	*kv;
	struct sink	 out;

	f->nenv = 0;
	f->env[0] = NULL;
	f->wire.len = 0;
	va_start(ap, body);
	while ((kv = va_arg(ap, const char *)) != NULL)
		env_add(f, kv);
	va_end(ap);
	out = sink_buf(&f->wire);
	return app_serve(&app, f->ts, f->env, body, body ? strlen(body) : 0,
	    &out);
}

static const char *
wire(struct fixture *f)
{
	assert_int_equal(buf_append(&f->wire, "", 1), 0);
	return f->wire.data;
}

static void
test_dispatch_route_and_params(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(serve(f, NULL, "REQUEST_METHOD=GET",
	    "PATH_INFO=/hello/Ana", NULL), 200);
	assert_non_null(strstr(wire(f), "<p>Hello Ana, 42.</p>"));
	assert_non_null(strstr(wire(f), "Content-Type: text/html; charset=utf-8"));
	assert_non_null(strstr(wire(f), "Content-Security-Policy:"));
}

static void
test_dispatch_not_found_and_wrong_method(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(serve(f, NULL, "REQUEST_METHOD=GET",
	    "PATH_INFO=/nowhere", NULL), 404);
	assert_non_null(strstr(wire(f), "<h1>Page not found</h1>"));
	assert_non_null(strstr(wire(f), "<p>Test College</p>"));
	assert_int_equal(serve(f, NULL, "REQUEST_METHOD=DELETE",
	    "PATH_INFO=/hello/Ana", NULL), 405);
	assert_non_null(strstr(wire(f), "Allow: GET, HEAD"));
	assert_int_equal(serve(f, NULL, "REQUEST_METHOD=GET",
	    "PATH_INFO=/post", NULL), 405);
	assert_non_null(strstr(wire(f), "Allow: POST"));
}

static void
test_dispatch_healthz(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(serve(f, NULL, "REQUEST_METHOD=GET",
	    "PATH_INFO=/healthz", NULL), 200);
	assert_non_null(strstr(wire(f), "\r\n\r\nok\n"));
	assert_int_equal(serve(f, NULL, "REQUEST_METHOD=POST",
	    "PATH_INFO=/healthz", NULL), 405);
}

static void
test_dispatch_handler_failure_gets_error_page(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(serve(f, NULL, "REQUEST_METHOD=GET",
	    "PATH_INFO=/refuse", NULL), 409);
	assert_non_null(strstr(wire(f), "<h1>Conflict</h1>"));
}

static void
test_dispatch_body_checks(void **state)
{
	struct fixture	*f = *state;
	char		 big[128];

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	/* Over the app's body_max: 413 before a byte is read. */
	assert_int_equal(serve(f, big, "REQUEST_METHOD=POST",
	    "PATH_INFO=/post", "CONTENT_LENGTH=127",
	    "CONTENT_TYPE=application/x-www-form-urlencoded", NULL), 413);
	/* A length that is not plain digits. */
	assert_int_equal(serve(f, "x=1", "REQUEST_METHOD=POST",
	    "PATH_INFO=/post", "CONTENT_LENGTH=+3",
	    "CONTENT_TYPE=application/x-www-form-urlencoded", NULL), 400);
	/* Less body than announced. */
	assert_int_equal(serve(f, "x=1", "REQUEST_METHOD=POST",
	    "PATH_INFO=/post", "CONTENT_LENGTH=9",
	    "CONTENT_TYPE=application/x-www-form-urlencoded", NULL), 400);
	/* An encoding forms do not use. */
	assert_int_equal(serve(f, "x=1", "REQUEST_METHOD=POST",
	    "PATH_INFO=/post", "CONTENT_LENGTH=3",
	    "CONTENT_TYPE=text/plain", NULL), 415);
	/* A path with a NUL-free but invalid form. */
	assert_int_equal(serve(f, NULL, "REQUEST_METHOD=GET",
	    "PATH_INFO=/hello/Ana", "QUERY_STRING=a=%ZZ", NULL), 400);
}

static void
test_dispatch_csrf_before_handler(void **state)
{
	struct fixture	*f = *state;

	/* No token: 403, and the handler never ran (it would answer 200). */
	assert_int_equal(serve(f, "x=1", "REQUEST_METHOD=POST",
	    "PATH_INFO=/post", "CONTENT_LENGTH=3",
	    "CONTENT_TYPE=application/x-www-form-urlencoded", NULL), 403);
	assert_non_null(strstr(wire(f), "<p>expired</p>"));
	/* Cross-site, even with a matching token. */
	assert_int_equal(serve(f, "x=1&csrf=" TOKEN, "REQUEST_METHOD=POST",
	    "PATH_INFO=/post", "CONTENT_LENGTH=35",
	    "CONTENT_TYPE=application/x-www-form-urlencoded",
	    "HTTP_COOKIE=csrf=" TOKEN, "HTTP_SEC_FETCH_SITE=cross-site",
	    NULL), 403);
	/* Same site, matching token: the handler answers. */
	assert_int_equal(serve(f, "x=1&csrf=" TOKEN, "REQUEST_METHOD=POST",
	    "PATH_INFO=/post", "CONTENT_LENGTH=35",
	    "CONTENT_TYPE=application/x-www-form-urlencoded",
	    "HTTP_COOKIE=csrf=" TOKEN, "HTTP_SEC_FETCH_SITE=same-origin",
	    NULL), 200);
	assert_non_null(strstr(wire(f), "\r\n\r\n1"));
}

static void
test_resp_view_json(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(serve(f, NULL, "REQUEST_METHOD=GET",
	    "PATH_INFO=/hello/Bo", "HTTP_ACCEPT=application/json", NULL), 200);
	assert_non_null(strstr(wire(f), "application/json; charset=utf-8"));
	assert_non_null(strstr(wire(f), "\"who\":\"Bo\""));
	assert_non_null(strstr(wire(f), "\"n\":42"));
	assert_null(strstr(wire(f), "<p>"));
}

static void
test_resp_view_without_templates_is_500(void **state)
{
	struct fixture	*f = *state;
	struct sink	 out = sink_buf(&f->wire);
	char		*env[] = { "REQUEST_METHOD=GET", "PATH_INFO=/hello/Ana",
			    NULL };

	f->wire.len = 0;
	/* No template set: the page cannot be drawn, and the error page
	 * falls back to plain text that still says what happened. */
	assert_int_equal(app_serve(&app, NULL, env, NULL, 0, &out), 500);
	assert_non_null(strstr(wire(f), "text/plain"));
	assert_non_null(strstr(wire(f), "500 Internal Server Error"));
}

static void
test_resp_error_message_and_head(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(serve(f, NULL, "REQUEST_METHOD=HEAD",
	    "PATH_INFO=/nowhere", NULL), 404);
	/* HEAD: the headers, no body. */
	assert_null(strstr(wire(f), "<h1>"));
	assert_int_equal(serve(f, NULL, "REQUEST_METHOD=GET",
	    "PATH_INFO=/nowhere", NULL), 404);
	assert_non_null(strstr(wire(f),
	    "<p>There is no page at this address.</p>"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dispatch_route_and_params),
		cmocka_unit_test(test_dispatch_not_found_and_wrong_method),
		cmocka_unit_test(test_dispatch_healthz),
		cmocka_unit_test(test_dispatch_handler_failure_gets_error_page),
		cmocka_unit_test(test_dispatch_body_checks),
		cmocka_unit_test(test_dispatch_csrf_before_handler),
		cmocka_unit_test(test_resp_view_json),
		cmocka_unit_test(test_resp_view_without_templates_is_500),
		cmocka_unit_test(test_resp_error_message_and_head),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
