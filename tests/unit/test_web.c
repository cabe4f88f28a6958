/*
 * test_web.c: what the four programs share (cgi-bin/web.c): ids and
 * slugs in addresses, the next= check, encoded redirects, and a form
 * shown again with what was typed and an error summary.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "kit/arena.h"
#include "kit/buf.h"
#include "kit/form.h"
#include "kit/http.h"
#include "kit/json.h"
#include "kit/view.h"
#include "../../cgi-bin/web.h"

static void
test_web_id_parse_table(void **state)
{
	static const struct { const char *s; int rc; long long id; } t[] = {
		{ "1", 0, 1 }, { "42", 0, 42 },
		{ "999999999999999999", 0, 999999999999999999LL },
		{ "0", -1, 0 }, { "", -1, 0 }, { "-1", -1, 0 }, { "+1", -1, 0 },
		{ " 1", -1, 0 }, { "1 ", -1, 0 }, { "1e3", -1, 0 },
		{ "0x10", -1, 0 }, { "12345678901234567890", -1, 0 },
		{ "9999999999999999999", -1, 0 },
	};
	size_t		 i;
	long long	 id;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		id = 0;
		assert_int_equal(web_id_parse(t[i].s, &id), t[i].rc);
		if (t[i].rc == 0)
			assert_true(id == t[i].id);
	}
	assert_int_equal(web_id_parse(NULL, &id), -1);
}

static void
test_web_slug_ok_table(void **state)
{
	assert_true(web_slug_ok("wrap"));
	assert_true(web_slug_ok("hearing-voices-2"));
	assert_false(web_slug_ok(""));
	assert_false(web_slug_ok("Wrap"));
	assert_false(web_slug_ok("a b"));
	assert_false(web_slug_ok("../x"));
	assert_false(web_slug_ok("caf\xc3\xa9"));
}

static void
test_web_next_ok_table(void **state)
{
	static const struct { const char *s; int ok; } t[] = {
		{ "/checkin", 1 }, { "/admin/runs?x=1", 1 },
		{ "//evil.example", 0 }, { "/\\evil.example", 0 },
		{ "/\t/evil.example", 0 }, { "http://evil.example", 0 },
		{ "checkin", 0 }, { "", 0 }, { "/a b", 0 }, { "/a\\b", 0 },
		{ "/caf\xc3\xa9", 0 }, { "/x\r\nSet-Cookie: a=b", 0 },
	};
	size_t	 i;
	char	 longpath[4096];

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		assert_int_equal(web_next_ok(t[i].s), t[i].ok);
	assert_int_equal(web_next_ok(NULL), 0);
	memset(longpath, 'a', sizeof(longpath) - 1);
	longpath[0] = '/';
	longpath[sizeof(longpath) - 1] = '\0';
	assert_int_equal(web_next_ok(longpath), 0);
}

struct fixture {
	struct arena	*a;
	struct req	 r;
	struct buf	 wire;
};

static int
setup(void **state)
{
	static struct fixture	 f;

	memset(&f, 0, sizeof(f));
	if ((f.a = arena_new()) == NULL)
		return -1;
	f.r.arena = f.a;
	buf_init(&f.r.hdrs, f.a);
	buf_init(&f.r.body, f.a);
	*state = &f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;

	arena_free(f->a);
	return 0;
}

static void
test_web_redirect_encodes_and_stays_local(void **state)
{
	struct fixture	*f = *state;
	const char	*enc;

	enc = web_url_enc(&f->r, "/admin/runs?a=1&b=Si\xc3\xa2n");
	assert_non_null(enc);
	assert_string_equal(enc, "%2Fadmin%2Fruns%3Fa%3D1%26b%3DSi%C3%A2n");
	assert_int_equal(web_redirect(&f->r, "/login?next=%s", enc), 303);
	assert_non_null(strstr(f->r.hdrs.data,
	    "Location: /login?next=%2Fadmin"));
	/* A format that would leave the site is refused, not sent. */
	f->r.hdrs.len = 0;
	assert_int_equal(web_redirect(&f->r, "/%s", "/evil.example"), 500);
}

static void
test_web_keep_shows_typed_values_and_errors(void **state)
{
	struct fixture	*f = *state;
	static const struct form_spec spec[] = {
		{ .name = "name", .label = "Your name", .type = FT_TEXT,
		  .required = 1, .max_len = 100 },
		{ .name = "password", .label = "Password", .type = FT_TEXT,
		  .max_len = 128 },
		{ .name = "consent", .label = "Consent", .type = FT_CHECKBOX },
	};
	struct form_value	 fv[3];
	struct view		*v = view_new(f->a);
	struct buf		 out;
	struct sink		 s;

	memset(fv, 0, sizeof(fv));
	fv[0].raw = "Ana O'Brien";
	fv[0].error = "Please shorten your name.";
	fv[1].raw = "secret-typed";
	fv[2].ival = 1;
	assert_non_null(v);
	assert_int_equal(web_keep(v, spec, 3, fv, "password"), 0);
	buf_init(&out, f->a);
	s = sink_buf(&out);
	assert_int_equal(json_write_view(&s, v), 0);
	assert_int_equal(buf_append(&out, "", 1), 0);
	assert_non_null(strstr(out.data, "\"name\":\"Ana O'Brien\""));
	assert_non_null(strstr(out.data,
	    "\"name_error\":\"Please shorten your name.\""));
	assert_non_null(strstr(out.data, "\"consent\":true"));
	assert_non_null(strstr(out.data, "\"errors\":[{\"field\":\"name\""));
	/* The skipped field (a password) is never shown again. */
	assert_null(strstr(out.data, "secret-typed"));
}

static void
test_web_keep_unsent_form_has_empty_errors(void **state)
{
	struct fixture	*f = *state;
	static const struct form_spec spec[] = {
		{ .name = "email", .label = "Email", .type = FT_TEXT },
	};
	struct view	*v = view_new(f->a);
	struct buf	 out;
	struct sink	 s;

	assert_int_equal(web_keep(v, spec, 1, NULL, NULL), 0);
	buf_init(&out, f->a);
	s = sink_buf(&out);
	assert_int_equal(json_write_view(&s, v), 0);
	assert_int_equal(buf_append(&out, "", 1), 0);
	assert_string_equal(out.data, "{\"errors\":[]}");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_web_id_parse_table),
		cmocka_unit_test(test_web_slug_ok_table),
		cmocka_unit_test(test_web_next_ok_table),
		cmocka_unit_test_setup_teardown(
		    test_web_redirect_encodes_and_stays_local, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_web_keep_shows_typed_values_and_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_web_keep_unsent_form_has_empty_errors, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
