/*
 * chart.h: a horizontal bar chart, drawn on the server as an inline
 * <svg> element, from labels and numbers. It knows nothing of what the
 * numbers mean: the caller gives each bar its label, its value and the
 * text written beside it, and puts a table with the same figures next
 * to the chart (the chart is a picture of the table, for the eye).
 *
 * The chart is an image with a title (role="img", aria-labelledby),
 * scales to the width of its box (a viewBox, no fixed size), and
 * styles itself through classes (chart, chart-label, chart-bar,
 * chart-value) with one fill colour for browsers without the page's
 * stylesheet.
 */
#ifndef KIT_CHART_H
#define KIT_CHART_H

#include <stddef.h>

struct sink;

/* Characters of a label drawn in a chart (the table has it whole). */
#define CHART_LABEL_MAX		34
/* Bars in one chart; the table beside it has every row. */
#define CHART_BARS_MAX		60
/* Characters of a chart's id. */
#define CHART_ID_MAX		40

/* One bar: a label, a value from 0 to the chart's max, its text. */
struct chart_bar {
	const char	*label;
	long long	 value;
	const char	*text;		/* "85.7%", "12" */
};

/*
 * Write a horizontal bar chart as an <svg> element to sink: one bar per
 * entry (at most CHART_BARS_MAX), scaled so that max fills the width
 * (max <= 0: the largest value does). id (1 to CHART_ID_MAX of
 * [a-z0-9-]) names the title element for aria-labelledby; title and
 * every label and text are HTML-escaped, and labels longer than
 * CHART_LABEL_MAX characters are cut at a character boundary with "…"
 * (the whole label is in a <title>). No bars: nothing is written.
 * Returns 0, or -1 if the sink failed or id is not as said.
 */
int	chart_svg_bars(const struct sink *, const char *id, const char *title,
	    const struct chart_bar *, size_t n, long long max);

#endif
