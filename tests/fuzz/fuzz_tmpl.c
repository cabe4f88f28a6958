/*
 * fuzz_tmpl.c: the template parser and renderer on any template text.
 *
 * The text is loaded as "fuzz.html" with a directory of four small
 * templates to include (made at start in a temporary directory). Promises
 * checked (tmpl.h): either a set comes back, or an error that starts with
 * the name of the file at fault, a line number within that file, and a
 * message; a set renders, and a variable holding markup never reaches the
 * output unescaped unless the template says fmt="raw".
 */
#include <ftw.h>
#include <stdarg.h>
#include <strings.h>
#include <unistd.h>

#include "fuzz.h"

#include "kit/buf.h"
#include "kit/tmpl.h"
#include "kit/view.h"

int	LLVMFuzzerInitialize(int *, char ***);

/*
 * What a variable holds. Its '<' must never come out unescaped: "<\x01"
 * in the output can only be the variable's own, raw, as long as the
 * template's text holds no \x01 (no other value does).
 */
#define MARK	"<\x01\"'&>"

static char	 dir[] = "/tmp/tessera-fuzz-tmpl.XXXXXX";

static const struct {
	const char	*name;
	const char	*text;
} files[] = {
	{ "a.html", "<p>a <TMPL_VAR name=\"x\"></p>\n" },
	{ "b.html", "<TMPL_INCLUDE name=\"a.html\">\n<TMPL_LOOP name=\"rows\">"
	    "<TMPL_VAR name=\"y\"><TMPL_IF name=\"__last__\">.</TMPL_IF></TMPL_LOOP>\n" },
	{ "self.html", "x\n<TMPL_INCLUDE name=\"self.html\">\n" },
	{ "bad.html", "\n<TMPL_IF x>\n" },
};

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)flag;
	(void)f;
	return remove(path);
}

static void
cleanup(void)
{
	nftw(dir, rm_one, 8, FTW_DEPTH | FTW_PHYS);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char	 path[sizeof(dir) + 32];
	FILE	*fp;
	size_t	 i;

	(void)argc;
	(void)argv;
	if (mkdtemp(dir) == NULL)
		abort();
	atexit(cleanup);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i].name);
		if ((fp = fopen(path, "w")) == NULL ||
		    fputs(files[i].text, fp) == EOF || fclose(fp) == EOF)
			abort();
	}
	return 0;
}

/* Lines in a file's text: the most a message may cite. */
static unsigned
lines_of(const char *name, const char *text)
{
	size_t		 i;
	unsigned	 n = 1;
	const char	*p;

	if (strcmp(name, "fuzz.html") != 0) {
		for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
			if (strcmp(name, files[i].name) == 0)
				break;
		FUZZ_ASSERT(i < sizeof(files) / sizeof(files[0]));
		text = files[i].text;
	}
	for (p = text; (p = strchr(p, '\n')) != NULL; p++)
		n++;
	return n;
}

static struct view *
make_view(struct arena *a)
{
	struct view	*v, *row;
	int		 i;

	FUZZ_ASSERT((v = view_new(a)) != NULL);
	FUZZ_ASSERT(view_set(v, "x", MARK) == 0);
	FUZZ_ASSERT(view_set(v, "y", "plain") == 0);
	FUZZ_ASSERT(view_set_int(v, "n", -42) == 0);
	FUZZ_ASSERT(view_set_bool(v, "t", 1) == 0);
	FUZZ_ASSERT(view_set_bool(v, "f", 0) == 0);
	FUZZ_ASSERT(view_set_null(v, "z") == 0);
	FUZZ_ASSERT(view_loop(v, "empty") == 0);
	for (i = 0; i < 3; i++) {
		FUZZ_ASSERT((row = view_row(v, "rows")) != NULL);
		FUZZ_ASSERT(view_set(row, "x", "r" MARK) == 0);
		FUZZ_ASSERT(view_set_int(row, "i", i) == 0);
		/* Each row's own empty "rows": nested loops stay small. */
		FUZZ_ASSERT(view_loop(row, "rows") == 0);
	}
	return v;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena	*a = fuzz_arena();
	struct tmpl_set	*set;
	struct buf	 out;
	struct sink	 sink;
	char		 err[256], file[TMPL_NAME_MAX + 1], *text;
	const char	*colon;
	unsigned	 line;
	int		 k;

	text = fuzz_str(a, data, size);
	set = tmpl_load_string("fuzz.html", text, dir, err, sizeof(err));
	if (set == NULL) {
		if (strcmp(err, "out of memory") == 0)
			return 0;
		/* "file:line: message" */
		colon = strchr(err, ':');
		FUZZ_ASSERT(colon != NULL && colon > err &&
		    (size_t)(colon - err) <= TMPL_NAME_MAX);
		memcpy(file, err, (size_t)(colon - err));
		file[colon - err] = '\0';
		k = 0;
		FUZZ_ASSERT(sscanf(colon + 1, "%u: %n", &line, &k) == 1);
		FUZZ_ASSERT(k > 0 && colon[1 + k] != '\0');
		FUZZ_ASSERT(line >= 1 && line <= lines_of(file, text));
		return 0;
	}
	FUZZ_ASSERT(tmpl_has(set, "fuzz.html"));
	buf_init(&out, a);
	sink = sink_buf(&out);
	FUZZ_ASSERT(tmpl_render(set, "fuzz.html", make_view(a), &sink) == 0);
	FUZZ_ASSERT(tmpl_render(set, "nonesuch.html", make_view(a),
	    &sink) == -1);
	if (strcasestr(text, "raw") == NULL && strchr(text, '\x01') == NULL)
		FUZZ_ASSERT(strstr(out.data, "<\x01") == NULL);
	tmpl_free(set);
	return 0;
}
