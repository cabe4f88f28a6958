/*
 * chart.c: a horizontal bar chart as inline SVG (see chart.h).
 */
#include <stdio.h>
#include <string.h>

#include "kit/buf.h"
#include "kit/chart.h"
#include "kit/tmpl.h"

/* Chart geometry, in SVG user units (the chart scales to its box). */
#define CHART_WIDTH	640
#define CHART_ROW	24	/* height of one bar's row */
#define CHART_BAR	16	/* height of a bar */
#define CHART_LABEL_W	250	/* labels left of this */
#define CHART_BAR_W	300	/* the longest bar */

/* Whether id is 1..CHART_ID_MAX of [a-z0-9-]. */
static int
chart_id_ok(const char *id)
{
	size_t	 i;

	for (i = 0; id[i] != '\0'; i++)
		if (i >= CHART_ID_MAX || !((id[i] >= 'a' && id[i] <= 'z') ||
		    (id[i] >= '0' && id[i] <= '9') || id[i] == '-'))
			return 0;
	return i > 0;
}

/*
 * Write label escaped, cut after CHART_LABEL_MAX - 1 characters with
 * an ellipsis when longer. A character is a UTF-8 lead byte and its
 * continuation bytes, so a cut never splits one.
 */
static int
label_put(const struct sink *out, const char *label)
{
	char	 cut[CHART_LABEL_MAX * 4 + sizeof("…")];
	size_t	 i, chars = 0, at = 0;

	for (i = 0; label[i] != '\0'; i++)
		if (((unsigned char)label[i] & 0xC0) != 0x80) {
			if (chars == CHART_LABEL_MAX - 1)
				at = i;
			chars++;
		}
	if (chars <= CHART_LABEL_MAX)
		return html_escape(out, label);
	/* Valid UTF-8 has at most 4 bytes a character, so this fits; text
	 * that is not (written around the forms) is cut shorter. */
	if (at > CHART_LABEL_MAX * 4)
		at = CHART_LABEL_MAX * 4;
	memcpy(cut, label, at);
	memcpy(cut + at, "…", sizeof("…"));
	return html_escape(out, cut);
}

/* Write the n bytes snprintf() said it wrote to b (len), or fail if it
 * failed or was cut. */
static int
printf_sink(const struct sink *out, char *b, size_t len, int n)
{
	if (n < 0 || (size_t)n >= len)
		return -1;
	return sink_write(out, b, (size_t)n);
}

int
chart_svg_bars(const struct sink *out, const char *id, const char *title,
    const struct chart_bar *bars, size_t n, long long max)
{
	char		 b[256];
	size_t		 i;
	long long	 w;
	int		 y, rc = 0;

	if (!chart_id_ok(id))
		return -1;
	if (n == 0)
		return 0;
	if (n > CHART_BARS_MAX)
		n = CHART_BARS_MAX;
	if (max <= 0)
		for (i = 0; i < n; i++)
			if (bars[i].value > max)
				max = bars[i].value;
	rc |= printf_sink(out, b, sizeof(b), snprintf(b, sizeof(b),
	    "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\""
	    " viewBox=\"0 0 %d %zu\" font-size=\"13\""
	    " font-family=\"sans-serif\" role=\"img\""
	    " aria-labelledby=\"%s\">"
	    "<title id=\"%s\">", CHART_WIDTH, n * CHART_ROW + 8, id, id));
	rc |= html_escape(out, title);
	rc |= sink_puts(out, "</title>\n");
	for (i = 0; i < n && rc == 0; i++) {
		y = (int)i * CHART_ROW + 4;
		w = 0;
		if (max > 0 && bars[i].value > 0)
			w = bars[i].value >= max ? CHART_BAR_W :
			    bars[i].value * CHART_BAR_W / max;
		if (w == 0 && bars[i].value > 0)
			w = 1;
		rc |= printf_sink(out, b, sizeof(b), snprintf(b, sizeof(b),
		    "<text class=\"chart-label\" x=\"%d\" y=\"%d\""
		    " text-anchor=\"end\"><title>", CHART_LABEL_W - 8,
		    y + CHART_BAR - 3));
		rc |= html_escape(out, bars[i].label ? bars[i].label : "");
		rc |= sink_puts(out, "</title>");
		rc |= label_put(out, bars[i].label ? bars[i].label : "");
		rc |= printf_sink(out, b, sizeof(b), snprintf(b, sizeof(b),
		    "</text><rect class=\"chart-bar\" fill=\"#0b5d63\""
		    " x=\"%d\" y=\"%d\" width=\"%lld\" height=\"%d\"/>"
		    "<text class=\"chart-value\" x=\"%lld\" y=\"%d\">",
		    CHART_LABEL_W, y, w, CHART_BAR,
		    (long long)CHART_LABEL_W + w + 6, y + CHART_BAR - 3));
		rc |= html_escape(out, bars[i].text ? bars[i].text : "");
		rc |= sink_puts(out, "</text>\n");
	}
	rc |= sink_puts(out, "</svg>");
	return rc == 0 ? 0 : -1;
}
