/*
 * test_tmpl_conformance.c: the template language against its references.
 *
 * Every NAME.tmpl in tmpl_conformance/ is loaded with the data in
 * NAME.in (the format is in tmpl_conformance/README) and:
 *   - if NAME.refused exists, loading must fail with the message on its
 *     first line (file:line: message);
 *   - otherwise it must render byte for byte as NAME.out, recorded from
 *     libctemplate 1.0, and as NAME.ht, recorded from HTML::Template
 *     2.97, where these exist (one of the three must).
 * Then each case named in tmpl_conformance/html-template.list is
 * rendered live by Perl's HTML::Template (html-template.pl) and must
 * match tessera's rendering.
 *
 * The cases' values need no HTML escaping, or are written with
 * fmt="raw": escaping by default is tessera's deliberate difference.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kit/arena.h"
#include "kit/buf.h"
#include "kit/tmpl.h"
#include "kit/view.h"

#define CASE_DIR	"tmpl_conformance"
#define CASES_MAX	128		/* *.tmpl files in CASE_DIR */
#define NEST_MAX	16		/* loops open at once in a .in file */
#define PERL_OUT_MAX	((size_t)256 * 1024)

/* The whole file at CASE_DIR/name+ext, NUL-terminated, or NULL if it
 * does not exist. Free with free(). */
static char *
slurp(const char *name, const char *ext)
{
	char	 path[512], *p;
	FILE	*f;
	long	 n;

	snprintf(path, sizeof(path), "%s/%s%s", CASE_DIR, name, ext);
	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	assert_true((n = ftell(f)) >= 0);
	rewind(f);
	assert_non_null(p = malloc((size_t)n + 1));
	assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
	p[n] = '\0';
	fclose(f);
	return p;
}

/*
 * The view a .in file describes: "set NAME VALUE", "loop NAME" (its
 * first row begins), "row" (the next row), "end". A row is made when
 * something is put in it, so a loop with nothing in it has no rows, as
 * libctemplate's API allows no empty row.
 */
static struct view *
data_view(struct arena *a, char *text)
{
	struct {
		struct view	*in;	/* the scope that holds the loop */
		const char	*name;
		struct view	*row;	/* the row being filled, or NULL */
	} st[NEST_MAX + 1];
	struct view	*top, *cur;
	char		*line, *next, *sp;
	int		 d = 0;

	assert_non_null(top = view_new(a));
	memset(st, 0, sizeof(st));
	st[0].row = top;
	for (line = text; line != NULL && *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if (strcmp(line, "row") == 0) {
			assert_true(d > 0);
			st[d].row = NULL;
			continue;
		}
		if (strcmp(line, "end") == 0) {
			assert_true(d > 0);
			if (st[d].row == NULL && view_lookup_here(st[d].in,
			    st[d].name) == NULL)
				assert_int_equal(view_loop(st[d].in, st[d].name), 0);
			d--;
			continue;
		}
		if (d > 0 && st[d].row == NULL)
			assert_non_null(st[d].row = view_row(st[d].in,
			    st[d].name));
		cur = st[d].row;
		if (strncmp(line, "set ", 4) == 0) {
			if ((sp = strchr(line + 4, ' ')) != NULL)
				*sp++ = '\0';
			assert_int_equal(view_set(cur, line + 4,
			    sp != NULL ? sp : ""), 0);
		} else if (strncmp(line, "loop ", 5) == 0) {
			assert_true(d < NEST_MAX);
			d++;
			st[d].in = cur;
			st[d].name = line + 5;
			st[d].row = NULL;
		} else
			fail_msg("bad data line: %s", line);
	}
	assert_int_equal(d, 0);
	return top;
}

/* Render case name with its data; returns the output (in a) or NULL
 * with the load error in err. */
static const char *
render_case(struct arena *a, const char *name, char *err, size_t errlen)
{
	struct tmpl_set	*set;
	struct view	*v;
	struct buf	 b;
	struct sink	 out;
	char		 file[256], *text, *data;

	snprintf(file, sizeof(file), "%s.tmpl", name);
	assert_non_null(text = slurp(name, ".tmpl"));
	data = slurp(name, ".in");
	v = data_view(a, data != NULL ? data : (char *)"");
	set = tmpl_load_string(file, text, CASE_DIR, err, errlen);
	free(text);
	if (set == NULL) {
		free(data);
		return NULL;
	}
	buf_init(&b, a);
	out = sink_buf(&b);
	assert_int_equal(tmpl_render(set, file, v, &out), 0);
	assert_false(buf_failed(&b));
	tmpl_free(set);
	free(data);
	return b.data != NULL ? b.data : "";
}

/* The stems of every *.tmpl in CASE_DIR, sorted; returns how many. */
static size_t
case_names(char names[][64])
{
	DIR		*d;
	struct dirent	*de;
	size_t		 n = 0, len, i, j;
	char		 tmp[64];

	assert_non_null(d = opendir(CASE_DIR));
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len <= 5 || strcmp(de->d_name + len - 5, ".tmpl") != 0)
			continue;
		assert_true(n < CASES_MAX && len - 5 < 64);
		memcpy(names[n], de->d_name, len - 5);
		names[n][len - 5] = '\0';
		n++;
	}
	closedir(d);
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
			memcpy(tmp, names[j], sizeof(tmp));
			memcpy(names[j], names[j - 1], sizeof(tmp));
			memcpy(names[j - 1], tmp, sizeof(tmp));
		}
	return n;
}

/* Each case renders as the references recorded, or is refused with the
 * message recorded. */
static void
test_tmpl_conformance_recorded(void **state)
{
	static char	 names[CASES_MAX][64];
	struct arena	*a;
	const char	*got;
	char		*want, *ht, *refused, *nl, err[256];
	size_t		 n, i, failures = 0;

	(void)state;
	n = case_names(names);
	assert_true(n >= 30);
	for (i = 0; i < n; i++) {
		assert_non_null(a = arena_new());
		want = slurp(names[i], ".out");
		ht = slurp(names[i], ".ht");
		refused = slurp(names[i], ".refused");
		err[0] = '\0';
		got = render_case(a, names[i], err, sizeof(err));
		if (refused != NULL) {
			if ((nl = strchr(refused, '\n')) != NULL)
				*nl = '\0';
			if (got != NULL || strcmp(err, refused) != 0) {
				print_error("%s: want refused with \"%s\", got %s%s\n",
				    names[i], refused, got != NULL ? "output:\n" :
				    "error ", got != NULL ? got : err);
				failures++;
			}
		} else if (want == NULL && ht == NULL) {
			print_error("%s: no .out, .ht or .refused\n", names[i]);
			failures++;
		} else if (got == NULL) {
			print_error("%s: refused: %s\n", names[i], err);
			failures++;
		} else {
			if (want != NULL && strcmp(got, want) != 0) {
				print_error("%s: got:\n%s\n--- libctemplate:\n%s\n",
				    names[i], got, want);
				failures++;
			}
			if (ht != NULL && strcmp(got, ht) != 0) {
				print_error("%s: got:\n%s\n--- HTML::Template:\n%s\n",
				    names[i], got, ht);
				failures++;
			}
		}
		free(want);
		free(ht);
		free(refused);
		arena_free(a);
	}
	assert_int_equal(failures, 0);
}

/* What Perl's HTML::Template prints for case name, read whole. */
static char *
perl_render(const char *name)
{
	char	 cmd[512], *p;
	size_t	 n = 0, r;
	FILE	*f;
	int	 st;

	snprintf(cmd, sizeof(cmd), "perl %s/html-template.pl %s/%s.tmpl "
	    "%s/%s.in", CASE_DIR, CASE_DIR, name, CASE_DIR, name);
	assert_non_null(f = popen(cmd, "r"));
	assert_non_null(p = malloc(PERL_OUT_MAX + 1));
	while (n < PERL_OUT_MAX && (r = fread(p + n, 1, PERL_OUT_MAX - n,
	    f)) > 0)
		n += r;
	p[n] = '\0';
	st = pclose(f);
	if (st != 0)
		fail_msg("%s: perl exited with status %d (is "
		    "libhtml-template-perl installed? tools/deps.sh installs it)",
		    name, st);
	return p;
}

/* The constructs tessera shares with HTML::Template render alike, live. */
static void
test_tmpl_conformance_html_template(void **state)
{
	struct arena	*a;
	const char	*got;
	char		*list, *name, *next, *want, err[256];
	size_t		 n = 0, failures = 0;

	(void)state;
	assert_non_null(list = slurp("html-template", ".list"));
	for (name = list; *name != '\0'; name = next) {
		if ((next = strchr(name, '\n')) != NULL)
			*next++ = '\0';
		else
			next = name + strlen(name);
		if (*name == '\0' || *name == '#')
			continue;
		assert_non_null(a = arena_new());
		if ((got = render_case(a, name, err, sizeof(err))) == NULL)
			fail_msg("%s: refused: %s", name, err);
		want = perl_render(name);
		if (strcmp(got, want) != 0) {
			print_error("%s: got:\n%s\n--- HTML::Template:\n%s\n",
			    name, got, want);
			failures++;
		}
		free(want);
		arena_free(a);
		n++;
	}
	free(list);
	assert_true(n >= 5);
	assert_int_equal(failures, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tmpl_conformance_recorded),
		cmocka_unit_test(test_tmpl_conformance_html_template),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
