/*
 * test_qr.c: the SVG is parsed back into modules, compared with
 * libqrencode's grid, rasterised to a PGM and read by zbarimg.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <qrencode.h>

#include "kit/arena.h"
#include "kit/buf.h"
#include "kit/qr.h"
#include "fixture.h"

#define URL	"http://127.0.0.1:8080/c/ABCDEFGHIJKLMNOPQRSTUVWXYZ"
#define SVG_OPEN	"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "
#define PX		8	/* pixels per module in the PGM */
#define DIM_MAX		(177 + 2 * QR_QUIET)

struct fx {
	struct arena	*arena;
	struct buf	 buf;
	struct sink	 sink;
};

static int
setup(void **state)
{
	struct fx	*fx;

	if ((fx = calloc(1, sizeof(*fx))) == NULL)
		return -1;
	if ((fx->arena = arena_new()) == NULL) {
		free(fx);
		return -1;
	}
	buf_init(&fx->buf, fx->arena);
	fx->sink = sink_buf(&fx->buf);
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

/* The module grid read back from an SVG, quiet zone included. */
struct grid {
	int		 dim;
	size_t		 runs;		/* rectangles in the path */
	unsigned char	 dark[DIM_MAX][DIM_MAX];
};

/*
 * Parse our own SVG strictly: the viewBox, then a path of
 * "M x y h n v 1 h -n z" runs and nothing else. Fails the test on
 * anything unexpected.
 */
static void
parse_svg(const char *svg, struct grid *g)
{
	const char	*p;
	int		 x, y, n, m, used, i;

	memset(g, 0, sizeof(*g));
	assert_int_equal(strncmp(svg, SVG_OPEN, strlen(SVG_OPEN)), 0);
	assert_int_equal(sscanf(svg + strlen(SVG_OPEN), "%d %d\"", &g->dim,
	    &n), 2);
	assert_int_equal(g->dim, n);
	assert_true(g->dim > 2 * QR_QUIET && g->dim <= DIM_MAX);
	assert_non_null(p = strstr(svg, "<path "));
	assert_non_null(p = strstr(p, " d=\""));
	p += 4;
	while (*p != '"') {
		used = 0;
		assert_int_equal(sscanf(p, "M%d %dh%dv1h-%dz%n", &x, &y, &n,
		    &m, &used), 4);
		assert_true(used > 0);
		assert_int_equal(n, m);
		assert_true(n > 0);
		assert_true(x >= 0 && y >= 0 && y < g->dim &&
		    x + n <= g->dim);
		for (i = x; i < x + n; i++) {
			assert_int_equal(g->dark[y][i], 0);	/* no overlap */
			g->dark[y][i] = 1;
		}
		g->runs++;
		p += used;
	}
	assert_string_equal(p, "\"/></svg>");
}

/* Write the grid as a binary PGM, PX pixels a module. */
static void
write_pgm(const struct grid *g, const char *path)
{
	FILE	*f;
	int	 x, y, i, side = g->dim * PX;

	assert_non_null(f = fopen(path, "wb"));
	assert_true(fprintf(f, "P5\n%d %d\n255\n", side, side) > 0);
	for (y = 0; y < side; y++)
		for (x = 0; x < side; x++) {
			i = g->dark[y / PX][x / PX] ? 0 : 255;
			assert_int_not_equal(fputc(i, f), EOF);
		}
	assert_int_equal(fclose(f), 0);
}

/* What zbarimg reads from the grid, as a malloc'd string. */
static char *
zbar_decode(const struct grid *g)
{
	char	 dir[] = "/tmp/tessera-qr-XXXXXX", path[64], cmd[160];
	char	*out;
	size_t	 len = 0, n;
	FILE	*p;
	int	 st;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/qr.pgm", dir);
	write_pgm(g, path);
	snprintf(cmd, sizeof(cmd),
	    "zbarimg --nodbus --raw -q '%s' 2>/dev/null", path);
	assert_non_null(out = calloc(1, 4096));
	assert_non_null(p = popen(cmd, "r"));
	while ((n = fread(out + len, 1, 4095 - len, p)) > 0)
		len += n;
	st = pclose(p);
	unlink(path);
	rmdir(dir);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	/* --raw ends each symbol with a newline. */
	assert_true(len > 0 && out[len - 1] == '\n');
	out[len - 1] = '\0';
	return out;
}

/* Render text, check the grid against libqrencode's, decode with zbar. */
static void
round_trip(struct fx *fx, const char *text)
{
	struct grid	*g;
	QRcode		*q;
	char		*got;
	size_t		 runs = 0;
	int		 x, y, w, d;

	buf_init(&fx->buf, fx->arena);
	assert_int_equal(qr_svg(&fx->sink, text, 240, "Check-in code"), 0);
	assert_non_null(g = malloc(sizeof(*g)));
	parse_svg(fx->buf.data, g);

	assert_non_null(q = QRcode_encodeString(text, 0, QR_ECLEVEL_M,
	    QR_MODE_8, 1));
	w = q->width;
	/* The quiet zone: viewBox = modules + 2 * QR_QUIET, all white. */
	assert_int_equal(g->dim, w + 2 * QR_QUIET);
	for (y = 0; y < g->dim; y++)
		for (x = 0; x < g->dim; x++) {
			if (x < QR_QUIET || y < QR_QUIET ||
			    x >= QR_QUIET + w || y >= QR_QUIET + w) {
				assert_int_equal(g->dark[y][x], 0);
				continue;
			}
			d = q->data[(y - QR_QUIET) * w + x - QR_QUIET] & 1;
			assert_int_equal(g->dark[y][x], d);
			/* One rectangle per horizontal run of dark modules. */
			if (d && (x == QR_QUIET || !g->dark[y][x - 1]))
				runs++;
		}
	assert_int_equal(g->runs, runs);
	QRcode_free(q);

	got = zbar_decode(g);
	assert_string_equal(got, text);
	free(got);
	free(g);
}

static void
test_qr_svg_round_trip(void **state)
{
	struct fx	*fx = *state;
	char		 big[QR_TEXT_MAX + 1];
	size_t		 i;

	round_trip(fx, URL);
	round_trip(fx, "x");
	/* The longest text allowed, all 95 printable characters. */
	for (i = 0; i < QR_TEXT_MAX; i++)
		big[i] = (char)(' ' + i % 95);
	big[QR_TEXT_MAX] = '\0';
	round_trip(fx, big);
}

static void
test_qr_svg_document(void **state)
{
	struct fx	*fx = *state;
	const char	*d = NULL;
	char		 head[256];
	int		 dim;

	assert_int_equal(qr_svg(&fx->sink, URL, 200, "Your check-in code"),
	    0);
	d = fx->buf.data;
	assert_int_equal(strncmp(d, SVG_OPEN, strlen(SVG_OPEN)), 0);
	assert_non_null(strstr(d, "\" width=\"200\" height=\"200\" "
	    "role=\"img\"><title>Your check-in code</title><rect "));
	assert_non_null(strstr(d, "fill=\"#fff\"/><path "));
	assert_non_null(strstr(d, "shape-rendering=\"crispEdges\""));
	assert_int_equal(strcmp(d + fx->buf.len - 9, "\"/></svg>"), 0);
	/* One path only. */
	assert_null(strstr(strstr(d, "<path ") + 1, "<path "));

	/* No size: no width or height; no title: no <title>. */
	buf_init(&fx->buf, fx->arena);
	assert_int_equal(qr_svg(&fx->sink, URL, 0, NULL), 0);
	d = fx->buf.data;
	assert_int_equal(sscanf(d + strlen(SVG_OPEN), "%d", &dim), 1);
	snprintf(head, sizeof(head), SVG_OPEN "%d %d\" role=\"img\">"
	    "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path ",
	    dim, dim, dim, dim);
	assert_int_equal(strncmp(d, head, strlen(head)), 0);
	assert_null(strstr(d, "<title>"));
}

static void
test_qr_svg_title_escaped(void **state)
{
	static const struct {
		const char	*in;
		const char	*out;
	} cases[] = {
		{ "A & B <c> \"d\" 'e'",
		    "A &amp; B &lt;c&gt; &quot;d&quot; &#39;e&#39;" },
		{ "</title><script>x</script>",
		    "&lt;/title&gt;&lt;script&gt;x&lt;/script&gt;" },
		{ "a\x01" "b\nc\x7f", "a b c " },
		{ "caf\xc3\xa9 \xe2\x98\x95", "caf\xc3\xa9 \xe2\x98\x95" },
		{ "bad \xff \xc3", "bad \xef\xbf\xbd \xef\xbf\xbd" },
		{ "\xef\xbf\xbf", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
		{ "", "" },
	};
	struct fx	*fx = *state;
	char		 exp[128];
	size_t		 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf_init(&fx->buf, fx->arena);
		assert_int_equal(qr_svg(&fx->sink, URL, 0, cases[i].in), 0);
		snprintf(exp, sizeof(exp), "role=\"img\"><title>%s</title><rect",
		    cases[i].out);
		assert_non_null(strstr(fx->buf.data, exp));
	}
}

static void
test_qr_svg_refused(void **state)
{
	struct fx	*fx = *state;
	char		 big[QR_TEXT_MAX + 2];

	assert_int_equal(qr_svg(&fx->sink, NULL, 0, NULL), -1);
	assert_int_equal(qr_svg(&fx->sink, "", 0, "t"), -1);
	memset(big, 'a', sizeof(big) - 1);
	big[QR_TEXT_MAX + 1] = '\0';
	assert_int_equal(qr_svg(&fx->sink, big, 0, NULL), -1);
	assert_int_equal(fx->buf.len, 0);
	big[QR_TEXT_MAX] = '\0';
	assert_int_equal(qr_svg(&fx->sink, big, 0, NULL), 0);
	assert_true(fx->buf.len > 0);
}

static void
test_qr_svg_sink_failure(void **state)
{
	struct fx_failing	 lim = { 100 };
	struct sink		 s = { fx_failing_write, &lim };

	(void)state;
	assert_int_equal(qr_svg(&s, URL, 0, NULL), -1);
	lim.left = 0;
	assert_int_equal(qr_svg(&s, URL, 0, NULL), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_qr_svg_round_trip,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_qr_svg_document,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_qr_svg_title_escaped,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_qr_svg_refused,
		    setup, teardown),
		cmocka_unit_test(test_qr_svg_sink_failure),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
