/*
 * csv.c: RFC 4180 CSV with the OWASP guard against formula injection.
 */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "csv.h"

/* Leading characters that make a spreadsheet evaluate a cell. */
#define CSV_FORMULA	"=+-@\t\r"
/* Characters that force a cell into double quotes (RFC 4180, 2.6). */
#define CSV_QUOTE	",\"\r\n"

void
csv_init(struct csv *c, const struct sink *s)
{
	memset(c, 0, sizeof(*c));
	c->sink = s;
}

/* Write n bytes, remembering the first failure. 0 or -1. */
static int
put(struct csv *c, const char *p, size_t n)
{
	if (c->failed)
		return -1;
	if (sink_write(c->sink, p, n) == -1) {
		c->failed = 1;
		return -1;
	}
	return 0;
}

/* The separator before every cell but the first of a row. */
static int
sep(struct csv *c)
{
	return c->col > 0 ? put(c, ",", 1) : 0;
}

/*
 * A hostile cell such as "=1+1" is written as '=1+1 so that it shows as
 * text. The quote goes inside the field, so a prefixed cell that also
 * needs quoting ("\rx") becomes "'\rx" in double quotes. Runs of plain
 * bytes are handed to the sink whole; only a double quote is doubled.
 */
int
csv_cell(struct csv *c, const char *s)
{
	const char	*q;
	int		 quote;

	if (c->failed)
		return -1;
	if (s == NULL)
		s = "";
	quote = s[strcspn(s, CSV_QUOTE)] != '\0';
	if (sep(c) == -1)
		return -1;
	if (quote && put(c, "\"", 1) == -1)
		return -1;
	if (s[0] != '\0' && strchr(CSV_FORMULA, s[0]) != NULL &&
	    put(c, "'", 1) == -1)
		return -1;
	while ((q = strchr(s, '"')) != NULL) {
		if (put(c, s, (size_t)(q - s) + 1) == -1 ||
		    put(c, "\"", 1) == -1)
			return -1;
		s = q + 1;
	}
	if (put(c, s, strlen(s)) == -1)
		return -1;
	if (quote && put(c, "\"", 1) == -1)
		return -1;
	c->col++;
	return 0;
}

/*
 * Numbers are written plainly, "-3" included: a number we format
 * ourselves is data, not a formula, and a spreadsheet must be able to
 * sum it. Only text from people gets the quote prefix.
 */
int
csv_cell_int(struct csv *c, long long v)
{
	char	 num[32];
	int	 n;

	if (c->failed)
		return -1;
	n = snprintf(num, sizeof(num), "%lld", v);
	if (n < 0 || (size_t)n >= sizeof(num)) {
		c->failed = 1;
		return -1;
	}
	if (sep(c) == -1 || put(c, num, (size_t)n) == -1)
		return -1;
	c->col++;
	return 0;
}

int
csv_end_row(struct csv *c)
{
	if (put(c, "\r\n", 2) == -1)
		return -1;
	c->col = 0;
	return 0;
}

int
csv_row(struct csv *c, const char *const *cells, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (csv_cell(c, cells[i]) == -1)
			return -1;
	return csv_end_row(c);
}
