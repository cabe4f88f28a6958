/*
 * csv.h: writing CSV (RFC 4180) that a spreadsheet cannot turn into a
 * formula.
 *
 * A cell is quoted when it holds a comma, a double quote, CR or LF; a
 * quote inside is doubled. A cell that starts with = + - @ TAB or CR is
 * prefixed with a single quote (OWASP "CSV injection"), since
 * spreadsheets run such cells as formulas. Rows end in CRLF.
 */
#ifndef KIT_CSV_H
#define KIT_CSV_H

#include <stddef.h>

struct sink;

struct csv {
	const struct sink	*sink;
	size_t			 col;	/* cells written in the current row */
	int			 failed;
};

void	csv_init(struct csv *, const struct sink *);
/* Append one cell (NULL is written as empty). 0 or -1. */
int	csv_cell(struct csv *, const char *);
/* Append a number as plain digits ("-3" too: no quote prefix, since a
 * number we format is never a formula). 0 or -1. */
int	csv_cell_int(struct csv *, long long);
/* End the row with CRLF. 0 or -1. */
int	csv_end_row(struct csv *);
/* Write a whole row of n cells. */
int	csv_row(struct csv *, const char *const *cells, size_t n);

#endif
