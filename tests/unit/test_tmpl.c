/*
 * test_tmpl.c: the template engine (src/kit/tmpl.c).
 *
 * Golden files: every *.html and *.txt in golden/tmpl is rendered with
 * the view golden_view() builds and compared byte for byte with the file
 * of the same stem ending in .expected. Partials end in .inc, so that
 * tmpl_load() does not take them as templates.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kit/arena.h"
#include "kit/buf.h"
#include "kit/json.h"
#include "kit/tmpl.h"
#include "kit/view.h"
#include "fixture.h"

#define GOLDEN_DIR	"golden/tmpl"
#define HOSTILE		"\"><script>alert('x')</script>&{{"

struct fixture {
	struct arena	*arena;
	char		 dir[64];	/* a scratch directory, or "" */
};

static int
setup(void **state)
{
	struct fixture	*fx;

	if ((fx = calloc(1, sizeof(*fx))) == NULL)
		return -1;
	if ((fx->arena = arena_new()) == NULL) {
		free(fx);
		return -1;
	}
	*state = fx;
	return 0;
}

/* Remove path and, if it is a directory, everything in it. */
static void
rm_tree(int at, const char *path)
{
	DIR		*d;
	struct dirent	*de;
	int		 fd;

	if (unlinkat(at, path, 0) == 0 || errno != EISDIR)
		return;
	if ((fd = openat(at, path, O_RDONLY | O_DIRECTORY)) == -1)
		return;
	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return;
	}
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			rm_tree(dirfd(d), de->d_name);
	closedir(d);
	(void)unlinkat(at, path, AT_REMOVEDIR);
}

static int
teardown(void **state)
{
	struct fixture	*fx = *state;

	if (fx->dir[0] != '\0')
		rm_tree(AT_FDCWD, fx->dir);
	arena_free(fx->arena);
	free(fx);
	return 0;
}

static const char *
scratch(struct fixture *fx)
{
	if (fx->dir[0] == '\0') {
		snprintf(fx->dir, sizeof(fx->dir), "/tmp/test_tmpl.XXXXXX");
		assert_non_null(mkdtemp(fx->dir));
	}
	return fx->dir;
}

static void
put_file(struct fixture *fx, const char *name, const char *data, size_t len)
{
	char	 path[256];
	FILE	*f;

	snprintf(path, sizeof(path), "%s/%s", scratch(fx), name);
	assert_non_null(f = fopen(path, "wb"));
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void
put(struct fixture *fx, const char *name, const char *text)
{
	put_file(fx, name, text, strlen(text));
}

/* A string of n bytes of 'x', in the fixture's arena. */
static char *
filler(struct fixture *fx, size_t n)
{
	char	*p;

	assert_non_null(p = arena_alloc(fx->arena, n + 1));
	memset(p, 'x', n);
	p[n] = '\0';
	return p;
}

/* Render name from set with v; the output, NUL-terminated, in arena a. */
static const char *
render(const struct tmpl_set *set, const char *name, const struct view *v,
    struct arena *a)
{
	struct buf	 b;
	struct sink	 out;

	buf_init(&b, a);
	out = sink_buf(&b);
	assert_int_equal(tmpl_render(set, name, v, &out), 0);
	assert_false(buf_failed(&b));
	return b.data;
}

/* Parse text as one template and render it. */
static const char *
render_string(struct fixture *fx, const char *text, const struct view *v)
{
	struct tmpl_set	*set;
	char		 err[256];
	const char	*s;

	set = tmpl_load_string("t.html", text, NULL, err, sizeof(err));
	if (set == NULL)
		fail_msg("unexpected parse error: %s", err);
	s = render(set, "t.html", v, fx->arena);
	tmpl_free(set);
	return s;
}

/* A view with a loop "rows" of n = 1 and n = 2. */
static struct view *
golden_rows(struct arena *a)
{
	struct view	*v, *r;

	assert_non_null(v = view_new(a));
	assert_non_null(r = view_row(v, "rows"));
	assert_int_equal(view_set_int(r, "n", 1), 0);
	assert_non_null(r = view_row(v, "rows"));
	assert_int_equal(view_set_int(r, "n", 2), 0);
	return v;
}

static struct view *
golden_view(struct arena *a)
{
	struct view	*v, *r, *s;
	static const char *const topics[] = {
		"art", "books", "cooking", "dance", "exercise"
	};
	size_t		 i;

	assert_non_null(v = view_new(a));
	assert_int_equal(view_set(v, "title", "Courses & <Workshops>"), 0);
	assert_int_equal(view_set(v, "college", "Hope Recovery College"), 0);
	assert_int_equal(view_set_int(v, "count", 3), 0);
	assert_int_equal(view_set_int(v, "zero", 0), 0);
	assert_int_equal(view_set_bool(v, "online", 1), 0);
	assert_int_equal(view_set_bool(v, "closed", 0), 0);
	assert_int_equal(view_set_null(v, "nothing"), 0);
	assert_int_equal(view_set(v, "empty", ""), 0);
	assert_int_equal(view_set(v, "hostile", HOSTILE), 0);
	assert_int_equal(view_set(v, "query", "anxiety & sleep/rest"), 0);
	assert_int_equal(view_set(v, "name_utf8", "Zo\xc3\xab \xf0\x9f\x98\x80"), 0);

	assert_non_null(r = view_row(v, "runs"));
	assert_int_equal(view_set(r, "title", "Managing Anxiety"), 0);
	assert_int_equal(view_set_int(r, "id", 1), 0);
	assert_int_equal(view_set_int(r, "seats_left", 5), 0);
	assert_int_equal(view_set_bool(r, "full", 0), 0);
	assert_non_null(s = view_row(r, "sessions"));
	assert_int_equal(view_set(s, "at", "Mon 10:00"), 0);
	assert_non_null(s = view_row(r, "sessions"));
	assert_int_equal(view_set(s, "at", "Mon 14:00"), 0);

	assert_non_null(r = view_row(v, "runs"));
	assert_int_equal(view_set(r, "title", "Sleep <Well>"), 0);
	assert_int_equal(view_set_int(r, "id", 2), 0);
	assert_int_equal(view_set_int(r, "seats_left", 0), 0);
	assert_int_equal(view_set_bool(r, "full", 1), 0);
	assert_int_equal(view_loop(r, "sessions"), 0);

	assert_non_null(r = view_row(v, "runs"));
	assert_int_equal(view_set(r, "title", "Hearing Voices"), 0);
	assert_int_equal(view_set_int(r, "id", 3), 0);
	assert_int_equal(view_set_int(r, "seats_left", 2), 0);
	assert_int_equal(view_set_bool(r, "full", 0), 0);
	assert_int_equal(view_set(r, "note", "Bring a friend"), 0);
	assert_non_null(s = view_row(r, "sessions"));
	assert_int_equal(view_set(s, "at", "Wed 18:00"), 0);
	assert_int_equal(view_set(s, "title", "Evening"), 0);

	for (i = 0; i < sizeof(topics) / sizeof(topics[0]); i++) {
		assert_non_null(r = view_row(v, "topics"));
		assert_int_equal(view_set(r, "name", topics[i]), 0);
		if (i == 1)
			assert_int_equal(view_set_bool(r, "skip", 1), 0);
		if (i == 3)
			assert_int_equal(view_set_bool(r, "stop", 1), 0);
	}
	assert_int_equal(view_loop(v, "emptyloop"), 0);
	return v;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE	*f;
	char	*p;
	long	 n;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	assert_true((n = ftell(f)) >= 0);
	rewind(f);
	assert_non_null(p = malloc((size_t)n + 1));
	assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
	p[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return p;
}

static void
test_tmpl_render_golden(void **state)
{
	struct fixture	*fx = *state;
	struct tmpl_set	*set;
	struct view	*v;
	DIR		*d;
	struct dirent	*de;
	char		 err[256], path[512], stem[256];
	const char	*got, *dot;
	char		*want;
	size_t		 wantlen, n = 0;

	set = tmpl_load(GOLDEN_DIR, err, sizeof(err));
	if (set == NULL)
		fail_msg("tmpl_load: %s", err);
	v = golden_view(fx->arena);
	assert_non_null(d = opendir(GOLDEN_DIR));
	while ((de = readdir(d)) != NULL) {
		if ((dot = strrchr(de->d_name, '.')) == NULL ||
		    (strcmp(dot, ".html") != 0 && strcmp(dot, ".txt") != 0))
			continue;
		assert_true(tmpl_has(set, de->d_name));
		snprintf(stem, sizeof(stem), "%.*s",
		    (int)(dot - de->d_name), de->d_name);
		snprintf(path, sizeof(path), GOLDEN_DIR "/%s.expected", stem);
		if ((want = slurp(path, &wantlen)) == NULL)
			fail_msg("%s: no %s", de->d_name, path);
		got = render(set, de->d_name, v, fx->arena);
		if (strlen(got) != wantlen || memcmp(got, want, wantlen) != 0) {
			print_error("%s: got:\n%s\n--- want:\n%s\n",
			    de->d_name, got, want);
			free(want);
			fail_msg("%s differs from %s", de->d_name, path);
		}
		free(want);
		n++;
	}
	closedir(d);
	assert_int_equal(n, 6);
	/* Partials are not templates; neither is anything else. */
	assert_false(tmpl_has(set, "head.inc"));
	assert_false(tmpl_has(set, "vars.expected"));
	tmpl_free(set);
}

/* The hostile string through every fmt, in text and in attributes. */
static void
test_tmpl_render_hostile(void **state)
{
	static const struct {
		const char	*tmpl;
		const char	*want;
	} cases[] = {
		{ "<p><TMPL_VAR name=h></p>",
		  "<p>&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;{{</p>" },
		{ "<p title=\"<TMPL_VAR name=h>\">",
		  "<p title=\"&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;{{\">" },
		{ "<p title='<TMPL_VAR name=h fmt=html>'>",
		  "<p title='&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;{{'>" },
		{ "<p><TMPL_VAR name=h fmt=url></p>",
		  "<p>%22%3E%3Cscript%3Ealert%28%27x%27%29%3C%2Fscript%3E%26%7B%7B</p>" },
		{ "<a href=\"/c?q=<TMPL_VAR name=h fmt=url>\">",
		  "<a href=\"/c?q=%22%3E%3Cscript%3Ealert%28%27x%27%29%3C%2Fscript%3E%26%7B%7B\">" },
		{ "<script>s=\"<TMPL_VAR name=h fmt=js>\"</script>",
		  "<script>s=\"\\u0022\\u003e\\u003cscript\\u003ealert\\u0028\\u0027x"
		  "\\u0027\\u0029\\u003c\\u002fscript\\u003e\\u0026\\u007b\\u007b\"</script>" },
		{ "<b onclick=\"f('<TMPL_VAR name=h fmt=js>')\">",
		  "<b onclick=\"f('\\u0022\\u003e\\u003cscript\\u003ealert\\u0028\\u0027x"
		  "\\u0027\\u0029\\u003c\\u002fscript\\u003e\\u0026\\u007b\\u007b')\">" },
		{ "<p><TMPL_VAR name=h fmt=raw></p>",
		  "<p>" HOSTILE "</p>" },
		/* The default is escaped like a value. */
		{ "<p title=\"<TMPL_VAR name=absent default='a\"b<c'>\">",
		  "<p title=\"a&quot;b&lt;c\">" },
		{ "<TMPL_VAR name=absent default='a b&c' fmt=url>", "a%20b%26c" },
		{ "<TMPL_VAR name=absent default=\"</script>\" fmt=js>",
		  "\\u003c\\u002fscript\\u003e" },
	};
	struct fixture	*fx = *state;
	struct view	*v;
	size_t		 i;

	assert_non_null(v = view_new(fx->arena));
	assert_int_equal(view_set(v, "h", HOSTILE), 0);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(render_string(fx, cases[i].tmpl, v),
		    cases[i].want);
}

static const char *
escaped(struct arena *a, int (*esc)(const struct sink *, const char *),
    const char *s)
{
	struct buf	 b;
	struct sink	 out;

	buf_init(&b, a);
	out = sink_buf(&b);
	assert_int_equal(esc(&out, s), 0);
	return b.data;
}

static void
test_tmpl_render_escapers(void **state)
{
	static const struct {
		int		(*esc)(const struct sink *, const char *);
		const char	*in;
		const char	*want;
	} cases[] = {
		{ html_escape, "", "" },
		{ html_escape, "plain", "plain" },
		{ html_escape, "&&", "&amp;&amp;" },
		{ html_escape, "a<b>c\"d'e", "a&lt;b&gt;c&quot;d&#39;e" },
		{ html_escape, "caf\xc3\xa9 `x` {y}", "caf\xc3\xa9 `x` {y}" },
		{ url_escape, "", "" },
		{ url_escape, "AZaz09-._~", "AZaz09-._~" },
		{ url_escape, " !*'();:@&=+$,/?#[]%",
		  "%20%21%2A%27%28%29%3B%3A%40%26%3D%2B%24%2C%2F%3F%23%5B%5D%25" },
		{ url_escape, "\x01\x7f\xc3\xa9\xff", "%01%7F%C3%A9%FF" },
		{ js_escape, "", "" },
		{ js_escape, "Az09 _,.-", "Az09 _,.-" },
		{ js_escape, "\n\r\t\\/", "\\u000a\\u000d\\u0009\\u005c\\u002f" },
		{ js_escape, "`${x}`", "\\u0060\\u0024\\u007bx\\u007d\\u0060" },
		{ js_escape, "=+;:", "\\u003d\\u002b\\u003b\\u003a" },
		{ js_escape, "caf\xc3\xa9", "caf\\u00e9" },
		{ js_escape, "\xe2\x82\xac", "\\u20ac" },
		{ js_escape, "\xe2\x80\xa8\xe2\x80\xa9", "\\u2028\\u2029" },
		{ js_escape, "\xf0\x9f\x98\x80", "\\ud83d\\ude00" },
		{ js_escape, "\xf4\x8f\xbf\xbf", "\\udbff\\udfff" },
		{ js_escape, "\xef\xbf\xbf", "\\uffff" },
		/* Invalid UTF-8 comes out as U+FFFD, never as raw bytes. */
		{ js_escape, "a\xff" "b", "a\\ufffdb" },
		{ js_escape, "\xc0\xbc", "\\ufffd\\ufffd" },
		{ js_escape, "\xed\xa0\x80", "\\ufffd\\ufffd\\ufffd" },
		{ js_escape, "\xe2\x82", "\\ufffd\\ufffd" },
		{ js_escape, "\xf4\x90\x80\x80", "\\ufffd\\ufffd\\ufffd\\ufffd" },
	};
	struct fixture	*fx = *state;
	size_t		 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(escaped(fx->arena, cases[i].esc,
		    cases[i].in), cases[i].want);
}

/*
 * Parse errors: each message names the file and the line where the
 * offending tag (or comment) starts.
 */
static void
test_tmpl_load_string_errors(void **state)
{
	static const struct {
		const char	*text;
		const char	*want;
	} cases[] = {
		{ "<TMPL_FOO>", "t.html:1: unknown tag <TMPL_FOO>" },
		{ "a\n<tmpl_varx name=a>", "t.html:2: unknown tag <TMPL_varx>" },
		{ "<TMPL_>", "t.html:1: unknown tag <TMPL_>" },
		{ "</TMPL_VAR>", "t.html:1: unknown tag </TMPL_VAR>" },
		{ "</TMPL_ELSE>", "t.html:1: unknown tag </TMPL_ELSE>" },
		{ "a\nb\n<TMPL_VAR>",
		  "t.html:3: <TMPL_VAR> without a name attribute" },
		{ "<TMPL_VAR default=x>",
		  "t.html:1: <TMPL_VAR> without a name attribute" },
		{ "<TMPL_IF>x</TMPL_IF>",
		  "t.html:1: <TMPL_IF> without a name attribute" },
		{ "<TMPL_IF name=a>x<TMPL_ELSIF>y</TMPL_IF>",
		  "t.html:1: <TMPL_ELSIF> without a name attribute" },
		{ "<TMPL_LOOP></TMPL_LOOP>",
		  "t.html:1: <TMPL_LOOP> without a name attribute" },
		{ "<TMPL_INCLUDE>",
		  "t.html:1: <TMPL_INCLUDE> without a name attribute" },
		{ "\n<TMPL_IF name=x>\nbody\n",
		  "t.html:2: <TMPL_IF> without </TMPL_IF>" },
		{ "<TMPL_IF name=a>1<TMPL_ELSIF name=b>\n2<TMPL_ELSE>3",
		  "t.html:1: <TMPL_IF> without </TMPL_IF>" },
		{ "x\n\n<TMPL_LOOP name=x>",
		  "t.html:3: <TMPL_LOOP> without </TMPL_LOOP>" },
		{ "x\n</TMPL_IF>", "t.html:2: </TMPL_IF> without <TMPL_IF>" },
		{ "</TMPL_LOOP>", "t.html:1: </TMPL_LOOP> without <TMPL_LOOP>" },
		{ "<TMPL_IF name=a></TMPL_IF></TMPL_IF>",
		  "t.html:1: </TMPL_IF> without <TMPL_IF>" },
		{ "<TMPL_IF name=a>1<TMPL_ELSE>2\n<TMPL_ELSE>3</TMPL_IF>",
		  "t.html:2: <TMPL_ELSE> after <TMPL_ELSE>" },
		{ "<TMPL_IF name=a>1<TMPL_ELSE>2<TMPL_ELSIF name=b>3</TMPL_IF>",
		  "t.html:1: <TMPL_ELSIF> after <TMPL_ELSE>" },
		{ "<TMPL_ELSE>", "t.html:1: <TMPL_ELSE> outside <TMPL_IF>" },
		{ "\n<TMPL_ELSIF name=a>",
		  "t.html:2: <TMPL_ELSIF> outside <TMPL_IF>" },
		{ "<TMPL_IF name=a>\n<TMPL_LOOP name=b>\n</TMPL_IF></TMPL_LOOP>",
		  "t.html:3: </TMPL_IF> inside <TMPL_LOOP> of line 2" },
		{ "<TMPL_IF name=a><TMPL_LOOP name=b><TMPL_ELSE></TMPL_LOOP></TMPL_IF>",
		  "t.html:1: <TMPL_ELSE> inside <TMPL_LOOP> of line 1" },
		{ "<TMPL_LOOP name=b><TMPL_IF name=a>\n</TMPL_LOOP></TMPL_IF>",
		  "t.html:2: </TMPL_LOOP> inside <TMPL_IF> of line 1" },
		{ "<TMPL_BREAK>", "t.html:1: <TMPL_BREAK> outside <TMPL_LOOP>" },
		{ "<TMPL_IF name=a>\n<TMPL_CONTINUE></TMPL_IF>",
		  "t.html:2: <TMPL_CONTINUE> outside <TMPL_LOOP>" },
		{ "<TMPL_LOOP name=a></TMPL_LOOP><TMPL_BREAK>",
		  "t.html:1: <TMPL_BREAK> outside <TMPL_LOOP>" },
		{ "<TMPL_VAR name=x fmt=\"xml\">",
		  "t.html:1: unknown fmt \"xml\" (want html, raw, url or js)" },
		{ "<TMPL_VAR name=x fmt=''>",
		  "t.html:1: unknown fmt \"\" (want html, raw, url or js)" },
		{ "ok <* open comment\n", "t.html:1: comment <* without *>" },
		{ "a\nb\n<* open\n*", "t.html:3: comment <* without *>" },
		{ "<TMPL_VAR name=\"a-b\">",
		  "t.html:1: <TMPL_VAR>: invalid name \"a-b\" (want 1 to 64 of [A-Za-z0-9_])" },
		{ "<TMPL_LOOP name=\"\"></TMPL_LOOP>",
		  "t.html:1: <TMPL_LOOP>: invalid name \"\" (want 1 to 64 of [A-Za-z0-9_])" },
		{ "<TMPL_VAR name=x escape=html>",
		  "t.html:1: <TMPL_VAR> has no attribute \"escape\"" },
		{ "<TMPL_IF name=x fmt=raw></TMPL_IF>",
		  "t.html:1: <TMPL_IF> has no attribute \"fmt\"" },
		{ "<TMPL_ELSE name=x>", "t.html:1: <TMPL_ELSE> has no attribute \"name\"" },
		{ "<TMPL_VAR x>", "t.html:1: <TMPL_VAR> has no attribute \"x\"" },
		{ "<TMPL_VAR name=x NAME=y>",
		  "t.html:1: <TMPL_VAR> has two name attributes" },
		{ "<TMPL_VAR name=x default>",
		  "t.html:1: <TMPL_VAR>: attribute default needs a value" },
		{ "<TMPL_VAR ='x'>", "t.html:1: unexpected '=' in <TMPL_VAR>" },
		{ "<TMPL_VAR name=x", "t.html:1: <TMPL_VAR> without its closing '>'" },
		{ "\n<TMPL_VAR name=\"x>",
		  "t.html:2: <TMPL_VAR> without its closing '>'" },
		/* A quoted value ends on its line, as in libctemplate. */
		{ "\n<TMPL_VAR name=\"x>\n\n",
		  "t.html:2: <TMPL_VAR>: the value of name has no closing \" on its line" },
		{ "<TMPL_IF name=a></TMPL_IF", "t.html:1: </TMPL_IF> without its closing '>'" },
		{ "<TMPL_IF name=a></TMPL_IF name=a>",
		  "t.html:1: </TMPL_IF> takes no attributes" },
		{ "<TMPL_INCLUDE name=\"x.html\">",
		  "t.html:1: <TMPL_INCLUDE> with no template directory" },
		/* libctemplate's rules, refused rather than printed as text. */
		{ "<TMPL_LOOP name=a><TMPL_BREAK level=\"\"></TMPL_LOOP>",
		  "t.html:1: <TMPL_BREAK>: level must be a number from 1 to 1 (the loops around it in this file)" },
		{ "<TMPL_LOOP name=a><TMPL_LOOP name=b><TMPL_CONTINUE level=\"2x\">"
		  "</TMPL_LOOP></TMPL_LOOP>",
		  "t.html:1: <TMPL_CONTINUE>: level must be a number from 1 to 2 (the loops around it in this file)" },
		{ "<TMPL_LOOP name=a><TMPL_BREAK level=\"99999999999999999999\"></TMPL_LOOP>",
		  "t.html:1: <TMPL_BREAK>: level must be a number from 1 to 1 (the loops around it in this file)" },
		{ "<TMPL_LOOP name=a>\n</TMPL_LOOP/>", "t.html:2: </TMPL_LOOP> cannot end with />" },
		{ "<!-- TMPL_VAR name=x", "t.html:1: <TMPL_VAR> without its closing '-->'" },
		{ "<!-- /TMPL_IF", "t.html:1: </TMPL_IF> without its closing '-->'" },
		{ "<!--\n\tTMPL_VAR name=\"x\" --",
		  "t.html:1: <TMPL_VAR> written <!-- ... must end with -->" },
		{ "<!-- TMPL_VAR name=\"x\" -- >",
		  "t.html:1: <TMPL_VAR> written <!-- ... must end with -->" },
		{ "<TMPL_LOOP name=a><TMPL_VAR name=\"__outer__\"></TMPL_LOOP>",
		  "t.html:1: <TMPL_VAR name=\"__outer__\"> is only true or false: test it with <TMPL_IF>" },
		/* Lines are counted through tags and comments. */
		{ "<TMPL_VAR\n name=x\n>\n<TMPL_BOGUS>", "t.html:4: unknown tag <TMPL_BOGUS>" },
		{ "<* a\nb\n*><TMPL_BREAK>", "t.html:3: <TMPL_BREAK> outside <TMPL_LOOP>" },
		{ "<TMPL_VAR name='a\nb'>",
		  "t.html:1: <TMPL_VAR>: the value of name has no closing ' on its line" },
	};
	char		 err[256];
	size_t		 i;
	struct tmpl_set	*set;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(err, 'Z', sizeof(err));
		set = tmpl_load_string("t.html", cases[i].text, NULL, err,
		    sizeof(err));
		if (set != NULL) {
			tmpl_free(set);
			fail_msg("case %zu parsed: %s", i, cases[i].text);
		}
		if (strcmp(err, cases[i].want) != 0)
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, err,
			    cases[i].want);
	}
	/* A short error buffer is truncated, not overrun. */
	assert_null(tmpl_load_string("t.html", "<TMPL_FOO>", NULL, err, 8));
	assert_string_equal(err, "t.html:");
	assert_null(tmpl_load_string("t.html", "<TMPL_FOO>", NULL, NULL, 0));
	/* Template names follow the include rule. */
	assert_null(tmpl_load_string("../t.html", "x", NULL, err, sizeof(err)));
	assert_string_equal(err, "invalid template name");
	assert_null(tmpl_load_string("", "x", NULL, err, sizeof(err)));
	assert_null(tmpl_load_string("t.html", NULL, NULL, err, sizeof(err)));
}

/* What does parse: the syntax the header promises. */
static void
test_tmpl_load_string_syntax(void **state)
{
	static const struct {
		const char	*text;
		const char	*want;
	} cases[] = {
		{ "", "" },
		{ "no tags at all < > <* *>", "no tags at all < > " },
		{ "<TMPL_VAR name=\"s\">|<tmpl_var NAME='s'>|<TmPl_VaR nAmE=s>", "v|v|v" },
		{ "<TMPL_VAR name = \"s\" >|<TMPL_VAR\tname=s/>|<TMPL_VAR name=s />", "v|v|v" },
		{ "<TMPL_VAR name=s fmt=RAW>|<TMPL_VAR name=s FMT='Html'>", "v|v" },
		{ "<TMPL_IF name=t>yes</tmpl_if>|<tmpl_loop name=l>r</TMPL_LOOP >", "yes|rr" },
		{ "a<**>b<* <TMPL_FOO> *>c", "abc" },
		{ "<TMPL_IF name=t>1<TMPL_ELSE/>2</TMPL_IF>", "1" },
		{ "<TMPL_VAR name=absent default=''>.", "." },
		{ "<TMPL_VAR name=absent default=\"it's\">", "it&#39;s" },
		{ "<TMPL_VAR name=absent default='say \"hi\"' fmt=raw>", "say \"hi\"" },
		{ "<TMPL_LOOP name=l><TMPL_VAR name=\"__counter__\"></TMPL_LOOP>", "12" },
		{ "<TMPL_LOOP name=l><TMPL_LOOP name=l><TMPL_VAR name=\"__counter__\">"
		  "</TMPL_LOOP>,</TMPL_LOOP>", "12,12," },
		{ "<TMPL_LOOP name=l><TMPL_IF name=\"__first__\">F<TMPL_ELSIF name=\"__last__\">"
		  "L</TMPL_IF></TMPL_LOOP>", "FL" },
		{ "<TMPL_LOOP name=l><TMPL_IF name=\"__odd__\">o<TMPL_ELSE>e</TMPL_IF>"
		  "<TMPL_VAR name=\"__odd__\">|</TMPL_LOOP>", "o1|e|" },
		{ "<TMPL_VAR name=n>", "-12" },
		{ "<TMPL_VAR name=min>|<TMPL_VAR name=max>|<TMPL_VAR name=zero>",
		  "-9223372036854775808|9223372036854775807|0" },
		{ "[<TMPL_VAR name=f>][<TMPL_VAR name=t>]", "[][1]" },
		/* A loop is no variable (as in libctemplate). */
		{ "[<TMPL_VAR name=l fmt=raw>][<TMPL_VAR name=l default=none>]", "[][none]" },
		{ "text <TMPL_VAR name=s>\n", "text v\n" },
	};
	struct fixture	*fx = *state;
	struct view	*v;
	size_t		 i;

	assert_non_null(v = view_new(fx->arena));
	assert_int_equal(view_set(v, "s", "v"), 0);
	assert_int_equal(view_set_bool(v, "t", 1), 0);
	assert_int_equal(view_set_bool(v, "f", 0), 0);
	assert_int_equal(view_set_int(v, "n", -12), 0);
	assert_int_equal(view_set_int(v, "min", -9223372036854775807LL - 1), 0);
	assert_int_equal(view_set_int(v, "max", 9223372036854775807LL), 0);
	assert_int_equal(view_set_int(v, "zero", 0), 0);
	assert_non_null(view_row(v, "l"));
	assert_non_null(view_row(v, "l"));
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(render_string(fx, cases[i].text, v),
		    cases[i].want);
}

/* <TMPL_ followed by a word that is no tag is an error, even unclosed. */
static void
test_tmpl_load_string_unknown_prefix(void **state)
{
	char	 err[128];

	assert_null(tmpl_load_string("t.html", "x<TMPL_PLAIN", NULL, err,
	    sizeof(err)));
	assert_string_equal(err, "t.html:1: unknown tag <TMPL_PLAIN>");
}

/* Nesting and size limits: the limit passes, one more fails. */
static void
test_tmpl_load_string_limits(void **state)
{
	struct fixture	*fx = *state;
	struct buf	 b;
	struct tmpl_set	*set;
	struct view	*v;
	char		 err[256], *big;
	int		 i;

	assert_non_null(v = view_new(fx->arena));
	assert_int_equal(view_set_bool(v, "a", 1), 0);
	buf_init(&b, fx->arena);
	for (i = 0; i < 64; i++)
		assert_int_equal(buf_puts(&b, "<TMPL_IF name=a>"), 0);
	assert_int_equal(buf_puts(&b, "deep"), 0);
	for (i = 0; i < 64; i++)
		assert_int_equal(buf_puts(&b, "</TMPL_IF>"), 0);
	assert_string_equal(render_string(fx, b.data, v), "deep");

	buf_init(&b, fx->arena);
	for (i = 0; i < 32; i++)
		assert_int_equal(buf_puts(&b, "<TMPL_IF name=a>\n<TMPL_LOOP name=a>"),
		    0);
	assert_int_equal(buf_puts(&b, "<TMPL_IF name=a>"), 0);
	assert_null(tmpl_load_string("t.html", b.data, NULL, err, sizeof(err)));
	assert_string_equal(err,
	    "t.html:33: <TMPL_IF> and <TMPL_LOOP> nested more than 64 deep");

	big = filler(fx, TMPL_FILE_MAX);
	assert_non_null(set = tmpl_load_string("t.html", big, NULL, err,
	    sizeof(err)));
	tmpl_free(set);
	big = filler(fx, TMPL_FILE_MAX + 1);
	assert_null(tmpl_load_string("t.html", big, NULL, err, sizeof(err)));
	assert_string_equal(err, "t.html:1: larger than 262144 bytes");
}

/* Include errors name the including file and the line of the tag;
 * errors inside an included file name that file. */
static void
test_tmpl_load_string_include_errors(void **state)
{
	static const struct {
		const char	*text;
		const char	*want;
	} cases[] = {
		{ "ok\n<TMPL_INCLUDE name=\"missing.html\">",
		  "page.html:2: cannot include \"missing.html\": No such file or directory" },
		{ "<TMPL_INCLUDE name=\"../etc/passwd\">",
		  "page.html:1: invalid include name \"../etc/passwd\"" },
		{ "<TMPL_INCLUDE name=\"sub/x.html\">",
		  "page.html:1: invalid include name \"sub/x.html\"" },
		{ "<TMPL_INCLUDE name=\".hidden.html\">",
		  "page.html:1: invalid include name \".hidden.html\"" },
		{ "<TMPL_INCLUDE name=\"..\">", "page.html:1: invalid include name \"..\"" },
		{ "<TMPL_INCLUDE name=\"/etc/passwd\">",
		  "page.html:1: invalid include name \"/etc/passwd\"" },
		{ "<TMPL_INCLUDE name=\"\">", "page.html:1: invalid include name \"\"" },
		{ "\n<TMPL_INCLUDE name=\"sub\">",
		  "page.html:2: cannot include \"sub\": not a regular file" },
		{ "<TMPL_INCLUDE name=\"bad.inc\">", "bad.inc:3: unknown tag <TMPL_FOO>" },
		{ "<TMPL_IF name=a><TMPL_INCLUDE name=\"close.inc\">",
		  "close.inc:1: </TMPL_IF> without <TMPL_IF>" },
		{ "<TMPL_INCLUDE name=\"open.inc\"></TMPL_IF>",
		  "open.inc:1: <TMPL_IF> without </TMPL_IF>" },
		{ "x\n<TMPL_INCLUDE name=\"brk.inc\">",
		  "brk.inc:1: <TMPL_BREAK> outside <TMPL_LOOP>" },
		{ "<TMPL_INCLUDE name=\"self.inc\">",
		  "self.inc:1: include of \"self.inc\" nested more than 8 deep" },
		{ "<TMPL_INCLUDE name=\"m1.inc\">",
		  "m8.inc:1: include of \"m9.inc\" nested more than 8 deep" },
		{ "\n\n<TMPL_INCLUDE name=\"big.inc\">",
		  "page.html:3: cannot include \"big.inc\": larger than 262144 bytes" },
		{ "<TMPL_INCLUDE name=\"nul.inc\">", "nul.inc:2: NUL byte" },
		{ "<TMPL_INCLUDE name=\"fan.inc\">",
		  "fan.inc:1: includes expand to more than 1048576 bytes" },
	};
	struct fixture	*fx = *state;
	struct tmpl_set	*set;
	char		 err[256], name[32], text[64], path[256];
	size_t		 i;
	int		 k;

	put(fx, "bad.inc", "one\ntwo\n<TMPL_FOO>");
	put(fx, "close.inc", "</TMPL_IF>");
	put(fx, "open.inc", "<TMPL_IF name=a>");
	put(fx, "brk.inc", "<TMPL_BREAK>");
	put(fx, "self.inc", "<TMPL_INCLUDE name=\"self.inc\">");
	for (k = 1; k <= 9; k++) {
		snprintf(name, sizeof(name), "m%d.inc", k);
		snprintf(text, sizeof(text), "<TMPL_INCLUDE name=\"m%d.inc\">",
		    k + 1);
		put(fx, name, k == 9 ? "leaf" : text);
	}
	put_file(fx, "big.inc", filler(fx, TMPL_FILE_MAX + 1),
	    TMPL_FILE_MAX + 1);
	put_file(fx, "nul.inc", "a\nb\0c", 5);
	/* 4 x 256 KB: the fourth inclusion passes the 1 MB expansion cap. */
	put_file(fx, "filled.inc", filler(fx, TMPL_FILE_MAX), TMPL_FILE_MAX);
	put(fx, "fan.inc", "<TMPL_INCLUDE name=filled.inc><TMPL_INCLUDE name=filled.inc>"
	    "<TMPL_INCLUDE name=filled.inc><TMPL_INCLUDE name=filled.inc>"
	    "<TMPL_INCLUDE name=filled.inc>");
	snprintf(path, sizeof(path), "%s/sub", scratch(fx));
	assert_int_equal(mkdir(path, 0700), 0);

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		set = tmpl_load_string("page.html", cases[i].text, scratch(fx),
		    err, sizeof(err));
		if (set != NULL) {
			tmpl_free(set);
			fail_msg("case %zu parsed: %s", i, cases[i].text);
		}
		if (strcmp(err, cases[i].want) != 0)
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, err,
			    cases[i].want);
	}
	assert_null(tmpl_load_string("page.html", "x", "/nonexistent/dir", err,
	    sizeof(err)));
	assert_string_equal(err, "/nonexistent/dir: No such file or directory");
}

/* TMPL_INCLUDE_DEPTH levels of includes are fine, with the loop
 * variables working in an included file inside a loop (a BREAK belongs
 * to a loop of its own file, as in libctemplate). */
static void
test_tmpl_load_string_include_depth(void **state)
{
	struct fixture	*fx = *state;
	struct tmpl_set	*set;
	struct view	*v;
	char		 err[256], name[32], text[64];
	int		 k;

	for (k = 1; k <= TMPL_INCLUDE_DEPTH; k++) {
		snprintf(name, sizeof(name), "l%d.inc", k);
		snprintf(text, sizeof(text), "%d<TMPL_INCLUDE name=\"l%d.inc\">",
		    k, k + 1);
		put(fx, name, k == TMPL_INCLUDE_DEPTH ?
		    "<TMPL_VAR name=\"__counter__\">;" :
		    text);
	}
	assert_non_null(v = view_new(fx->arena));
	assert_non_null(view_row(v, "rows"));
	assert_int_equal(view_set_bool(view_row(v, "rows"), "stop", 1), 0);
	assert_non_null(view_row(v, "rows"));
	set = tmpl_load_string("page.html",
	    "<TMPL_LOOP name=rows>[<TMPL_INCLUDE name=\"l1.inc\"><TMPL_IF "
	    "name=stop><TMPL_BREAK></TMPL_IF>]</TMPL_LOOP>.",
	    scratch(fx), err, sizeof(err));
	if (set == NULL)
		fail_msg("%s", err);
	assert_string_equal(render(set, "page.html", v, fx->arena),
	    "[12345671;][12345672;.");
	tmpl_free(set);
}

static void
test_tmpl_load_dir(void **state)
{
	struct fixture	*fx = *state;
	struct tmpl_set	*set;
	struct view	*v;
	char		 err[256], path[256];

	put(fx, "b.html", "B<TMPL_INCLUDE name=\"part.inc\">");
	put(fx, "a.txt", "A <TMPL_VAR name=x>");
	put(fx, "part.inc", "+part");
	put(fx, ".hidden.html", "<TMPL_FOO>");
	put(fx, "notes.md", "<TMPL_FOO>");
	put(fx, "c.html.orig", "<TMPL_FOO>");
	snprintf(path, sizeof(path), "%s/dir.html", scratch(fx));
	assert_int_equal(mkdir(path, 0700), 0);
	put(fx, "dir.html/inner.html", "inner");

	set = tmpl_load(scratch(fx), err, sizeof(err));
	if (set == NULL)
		fail_msg("tmpl_load: %s", err);
	assert_true(tmpl_has(set, "a.txt"));
	assert_true(tmpl_has(set, "b.html"));
	assert_false(tmpl_has(set, "part.inc"));
	assert_false(tmpl_has(set, ".hidden.html"));
	assert_false(tmpl_has(set, "notes.md"));
	assert_false(tmpl_has(set, "c.html.orig"));
	assert_false(tmpl_has(set, "dir.html"));
	assert_false(tmpl_has(set, "inner.html"));
	assert_false(tmpl_has(set, "dir.html/inner.html"));
	assert_false(tmpl_has(set, NULL));
	assert_non_null(v = view_new(fx->arena));
	assert_int_equal(view_set(v, "x", "<x>"), 0);
	assert_string_equal(render(set, "a.txt", v, fx->arena), "A &lt;x&gt;");
	assert_string_equal(render(set, "b.html", v, fx->arena), "B+part");
	tmpl_free(set);

	/* One broken template fails the whole set, naming it. */
	put(fx, "c.html", "ok\n<TMPL_IF name=x>");
	assert_null(tmpl_load(scratch(fx), err, sizeof(err)));
	assert_string_equal(err, "c.html:2: <TMPL_IF> without </TMPL_IF>");
	put_file(fx, "c.html", filler(fx, TMPL_FILE_MAX + 1),
	    TMPL_FILE_MAX + 1);
	assert_null(tmpl_load(scratch(fx), err, sizeof(err)));
	assert_string_equal(err, "c.html:1: larger than 262144 bytes");
	put_file(fx, "c.html", "\0", 1);
	assert_null(tmpl_load(scratch(fx), err, sizeof(err)));
	assert_string_equal(err, "c.html:1: NUL byte");

	assert_null(tmpl_load("/nonexistent/dir", err, sizeof(err)));
	assert_string_equal(err, "/nonexistent/dir: No such file or directory");
}

static void
test_tmpl_load_files_max(void **state)
{
	struct fixture	*fx = *state;
	struct tmpl_set	*set;
	char		 err[256], name[32], want[128];
	int		 i;

	struct view	*v;

	/* A full set may still include partials. */
	for (i = 0; i < TMPL_FILES_MAX; i++) {
		snprintf(name, sizeof(name), "t%03d.html", i);
		put(fx, name, "x<TMPL_INCLUDE name=p.inc>");
	}
	put(fx, "p.inc", "P");
	set = tmpl_load(scratch(fx), err, sizeof(err));
	if (set == NULL)
		fail_msg("tmpl_load: %s", err);
	assert_true(tmpl_has(set, "t000.html"));
	assert_true(tmpl_has(set, "t255.html"));
	assert_non_null(v = view_new(fx->arena));
	assert_string_equal(render(set, "t255.html", v, fx->arena), "xP");
	tmpl_free(set);
	put(fx, "t256.html", "x");
	assert_null(tmpl_load(scratch(fx), err, sizeof(err)));
	snprintf(want, sizeof(want), "%s: more than 256 templates", scratch(fx));
	assert_string_equal(err, want);
}

/*
 * Inside nested loops a name resolves in the innermost row, then in the
 * rows around it, then in the view; nothing is written to the view.
 */
static void
test_tmpl_render_loop_scoping(void **state)
{
	struct fixture	*fx = *state;
	struct view	*v, *r, *s;
	struct buf	 before, after;
	struct sink	 out;
	const char	*got;

	assert_non_null(v = view_new(fx->arena));
	assert_int_equal(view_set(v, "name", "top"), 0);
	assert_int_equal(view_set(v, "only_top", "T"), 0);
	assert_non_null(r = view_row(v, "outer"));
	assert_int_equal(view_set(r, "name", "o1"), 0);
	assert_non_null(s = view_row(r, "inner"));
	assert_int_equal(view_set(s, "name", "i1"), 0);
	assert_non_null(s = view_row(r, "inner"));
	assert_non_null(r = view_row(v, "outer"));
	assert_non_null(s = view_row(r, "inner"));
	assert_int_equal(view_set(s, "name", "i3"), 0);
	/* A loop of the view, iterated inside another loop, sees the
	 * current outer row before the view. */
	assert_non_null(s = view_row(v, "shared"));
	assert_int_equal(view_set(s, "x", "s"), 0);

	buf_init(&before, fx->arena);
	out = sink_buf(&before);
	assert_int_equal(json_write_view(&out, v), 0);

	got = render_string(fx,
	    "<TMPL_LOOP name=outer>(<TMPL_VAR name=name> <TMPL_VAR name=\"__counter__\">:"
	    "<TMPL_LOOP name=inner>[<TMPL_VAR name=name>/<TMPL_VAR name=\"only_top\">"
	    "/<TMPL_VAR name=\"__counter__\">]</TMPL_LOOP>"
	    "<TMPL_LOOP name=shared><TMPL_VAR name=x><TMPL_VAR name=name></TMPL_LOOP>"
	    ")</TMPL_LOOP><TMPL_VAR name=name>", v);
	assert_string_equal(got,
	    "(o1 1:[i1/T/1][o1/T/2]so1)(top 2:[i3/T/1]stop)top");

	/* The view is as it was: no loop variable was left in it. */
	assert_null(view_lookup(v, "__index__"));
	assert_null(view_lookup(v, "__first__"));
	buf_init(&after, fx->arena);
	out = sink_buf(&after);
	assert_int_equal(json_write_view(&out, v), 0);
	assert_string_equal(before.data, after.data);
}

/* Rendering allocates nothing from the view's arena: text is written
 * from the parsed files, numbers are formatted on the stack. */
static void
test_tmpl_render_no_alloc(void **state)
{
	struct fixture	*fx = *state;
	struct tmpl_set	*set;
	struct view	*v, *r;
	struct arena	*outa;
	struct buf	 b;
	struct sink	 out;
	char		 err[256];
	size_t		 used;
	int		 i;

	assert_non_null(v = view_new(fx->arena));
	assert_int_equal(view_set(v, "title", "T & co"), 0);
	for (i = 0; i < 50; i++) {
		assert_non_null(r = view_row(v, "runs"));
		assert_int_equal(view_set_int(r, "id", i), 0);
		assert_int_equal(view_set_bool(r, "full", i % 2), 0);
		assert_int_equal(view_set(r, "title", "Course <x>"), 0);
	}
	set = tmpl_load_string("t.html",
	    "<h1><TMPL_VAR name=title></h1><ul><TMPL_LOOP name=runs><li "
	    "id=\"r<TMPL_VAR name=id>\"><TMPL_VAR name=title> "
	    "<TMPL_VAR name=\"__counter__\"><TMPL_IF name=full>full</TMPL_IF>"
	    "<TMPL_VAR name=runs fmt=url></li></TMPL_LOOP></ul>", NULL, err,
	    sizeof(err));
	assert_non_null(set);
	assert_non_null(outa = arena_new());
	buf_init(&b, outa);
	out = sink_buf(&b);
	used = arena_used(fx->arena);
	assert_int_equal(tmpl_render(set, "t.html", v, &out), 0);
	assert_int_equal(arena_used(fx->arena), used);
	assert_non_null(strstr(b.data, "<li id=\"r49\">Course &lt;x&gt; 50full</li></ul>"));
	arena_free(outa);
	tmpl_free(set);
}

static void
test_tmpl_render_missing(void **state)
{
	struct fixture	*fx = *state;
	struct tmpl_set	*set;
	struct view	*v;
	struct buf	 b;
	struct sink	 out;
	char		 err[64];

	assert_non_null(v = view_new(fx->arena));
	assert_non_null(set = tmpl_load_string("t.html", "x", NULL, err,
	    sizeof(err)));
	buf_init(&b, fx->arena);
	out = sink_buf(&b);
	assert_int_equal(tmpl_render(set, "u.html", v, &out), -1);
	assert_int_equal(tmpl_render(set, "t.htm", v, &out), -1);
	assert_int_equal(tmpl_render(NULL, "t.html", v, &out), -1);
	assert_int_equal(b.len, 0);
	assert_false(tmpl_has(set, "u.html"));
	assert_true(tmpl_has(set, "t.html"));
	tmpl_free(set);
	tmpl_free(NULL);
}

/* A sink that fails at any byte makes the render fail, whatever is
 * being written then (text, an escape, a default, inside a loop). */
static void
test_tmpl_render_sink_fails(void **state)
{
	struct fixture		*fx = *state;
	struct tmpl_set		*set;
	struct view		*v;
	struct fx_failing	 f;
	struct sink		 out = { fx_failing_write, &f };
	char			 err[64];
	const char		*full;
	size_t			 i, len;
	static const char text[] =
	    "a<TMPL_VAR name=h><TMPL_VAR name=h fmt=url><TMPL_VAR name=h fmt=js>"
	    "<TMPL_LOOP name=l><TMPL_IF name=\"__first__\">f<TMPL_ELSE>"
	    "<TMPL_VAR name=none default=\"d&\"></TMPL_IF></TMPL_LOOP>z";

	assert_non_null(v = view_new(fx->arena));
	assert_int_equal(view_set(v, "h", "<&é>"), 0);
	assert_non_null(view_row(v, "l"));
	assert_non_null(view_row(v, "l"));
	assert_non_null(set = tmpl_load_string("t.html", text, NULL, err,
	    sizeof(err)));
	full = render(set, "t.html", v, fx->arena);
	assert_string_equal(full, "a&lt;&amp;é&gt;%3C%26%C3%A9%3E"
	    "\\u003c\\u0026\\u00e9\\u003efd&amp;z");
	len = strlen(full);
	for (i = 0; i < len; i++) {
		f.left = i;
		assert_int_equal(tmpl_render(set, "t.html", v, &out), -1);
	}
	f.left = len;
	assert_int_equal(tmpl_render(set, "t.html", v, &out), 0);
	tmpl_free(set);
}

/* A translator for the tests: "Book a place" and a plural in a made-up
 * language, a context, and a translation that moves and reuses {n}. */
static const char *
fake_translator(const char *ctx, const char *msgid, const char *plural,
    unsigned long n)
{
	if (ctx != NULL && strcmp(ctx, "month") == 0 &&
	    strcmp(msgid, "May") == 0)
		return "mei";
	if (ctx == NULL && strcmp(msgid, "Book a place") == 0)
		return "Boek een plek";
	if (plural != NULL && strcmp(msgid, "{n} place left") == 0)
		return n == 1 ? "nog {n} plek" : "nog {n} plekken ({n})";
	if (ctx == NULL && strcmp(msgid, "Hello {who}") == 0)
		return "{who}, hallo {nope} {";
	return NULL;
}

static void
test_tmpl_render_trans(void **state)
{
	struct fixture	*fx = *state;
	struct view	*v;

	assert_non_null(v = view_new(fx->arena));
	assert_int_equal(view_set(v, "who", HOSTILE), 0);
	assert_int_equal(view_set_int(v, "n", 3), 0);
	assert_int_equal(view_set_int(v, "one", 1), 0);

	/* No translator: the English, white space squeezed, the plural
	 * by English's rule, values escaped. */
	tmpl_set_translator(NULL);
	assert_string_equal(render_string(fx, "<p><TMPL_TRANS>  Book\n\ta   "
	    "place </TMPL_TRANS></p>", v), "<p>Book a place</p>");
	assert_string_equal(render_string(fx, "<TMPL_TRANS count=\"n\" "
	    "plural=\"{n} places left\">{n} place left</TMPL_TRANS>", v),
	    "3 places left");
	assert_string_equal(render_string(fx, "<TMPL_TRANS count=\"one\" "
	    "plural=\"{one} places left\">{one} place left</TMPL_TRANS>", v),
	    "1 place left");
	assert_string_equal(render_string(fx, "<TMPL_TRANS>Hi {who}, it's "
	    "\"{missing}\"</TMPL_TRANS>", v), "Hi &quot;&gt;&lt;script&gt;"
	    "alert(&#39;x&#39;)&lt;/script&gt;&amp;{{, it&#39;s "
	    "&quot;{missing}&quot;");

	/* With one: its text, escaped, its {name}s filled; an unknown
	 * {name} and a lone '{' as they stand. */
	tmpl_set_translator(fake_translator);
	assert_string_equal(render_string(fx, "<TMPL_TRANS>Book a place"
	    "</TMPL_TRANS>", v), "Boek een plek");
	assert_string_equal(render_string(fx, "<TMPL_TRANS context=\"month\">"
	    "May</TMPL_TRANS> <TMPL_TRANS>May</TMPL_TRANS>", v), "mei May");
	assert_string_equal(render_string(fx, "<TMPL_TRANS count=\"n\" "
	    "plural=\"{n} places left\">{n} place left</TMPL_TRANS>", v),
	    "nog 3 plekken (3)");
	assert_string_equal(render_string(fx, "<TMPL_LOOP name=\"rows\">"
	    "<TMPL_TRANS count=\"n\" plural=\"{n} places left\">{n} place "
	    "left</TMPL_TRANS>;</TMPL_LOOP>", golden_rows(fx->arena)),
	    "nog 1 plek;nog 2 plekken (2);");
	assert_string_equal(render_string(fx, "<TMPL_TRANS>Hello {who}"
	    "</TMPL_TRANS>", v), "&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)"
	    "&lt;/script&gt;&amp;{{, hallo {nope} {");
	tmpl_set_translator(NULL);
}

static void
test_tmpl_load_string_trans_errors(void **state)
{
	static const struct {
		const char	*text;
		const char	*err;
	} cases[] = {
		{ "<TMPL_TRANS>Book", "t.html:1: <TMPL_TRANS> without "
		  "</TMPL_TRANS>" },
		{ "<TMPL_TRANS>a <b>b</b></TMPL_TRANS>", "t.html:1: <TMPL_TRANS> "
		  "holds text only: no tags, no markup, no '&' (write the "
		  "character itself)" },
		{ "x\n<TMPL_TRANS>a <TMPL_VAR name=\"x\"></TMPL_TRANS>",
		  "t.html:2: <TMPL_TRANS> holds text only: no tags, no markup, "
		  "no '&' (write the character itself)" },
		{ "<TMPL_TRANS>Q&amp;A</TMPL_TRANS>", "t.html:1: <TMPL_TRANS> "
		  "holds text only: no tags, no markup, no '&' (write the "
		  "character itself)" },
		{ "<TMPL_TRANS>a {b c}</TMPL_TRANS>", "t.html:1: <TMPL_TRANS> "
		  "has a '{' that does not hold a {name} ([A-Za-z0-9_])" },
		{ "<TMPL_TRANS>a }</TMPL_TRANS>", "t.html:1: <TMPL_TRANS> has a "
		  "'}' without its '{'" },
		{ "<TMPL_TRANS>  </TMPL_TRANS>", "t.html:1: <TMPL_TRANS> with no "
		  "text" },
		{ "<TMPL_TRANS count=\"n\">a</TMPL_TRANS>", "t.html:1: "
		  "<TMPL_TRANS> needs count= and plural= together" },
		{ "<TMPL_TRANS plural=\"as\">a</TMPL_TRANS>", "t.html:1: "
		  "<TMPL_TRANS> needs count= and plural= together" },
		{ "<TMPL_TRANS count=\"a b\" plural=\"x\">a</TMPL_TRANS>",
		  "t.html:1: <TMPL_TRANS>: invalid count \"a b\"" },
		{ "<TMPL_TRANS name=\"x\">a</TMPL_TRANS>", "t.html:1: "
		  "<TMPL_TRANS> has no attribute \"name\"" },
		{ "<TMPL_TRANS/>a</TMPL_TRANS>", "t.html:1: <TMPL_TRANS> cannot "
		  "end with />" },
		{ "a</TMPL_TRANS>", "t.html:1: unknown tag </TMPL_TRANS>" },
		{ "<TMPL_VAR name=\"x\" count=\"n\">", "t.html:1: <TMPL_VAR> "
		  "has no attribute \"count\"" },
	};
	char		 err[256];
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_null(tmpl_load_string("t.html", cases[i].text, NULL, err,
		    sizeof(err)));
		assert_string_equal(err, cases[i].err);
	}
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_tmpl_render_golden),
		T(test_tmpl_render_hostile),
		T(test_tmpl_render_escapers),
		T(test_tmpl_load_string_errors),
		T(test_tmpl_load_string_syntax),
		T(test_tmpl_load_string_unknown_prefix),
		T(test_tmpl_load_string_limits),
		T(test_tmpl_load_string_include_errors),
		T(test_tmpl_load_string_include_depth),
		T(test_tmpl_load_dir),
		T(test_tmpl_load_files_max),
		T(test_tmpl_render_loop_scoping),
		T(test_tmpl_render_no_alloc),
		T(test_tmpl_render_missing),
		T(test_tmpl_render_sink_fails),
		T(test_tmpl_render_trans),
		T(test_tmpl_load_string_trans_errors),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
