/*
 * fuzz_csv.c: the CSV writer on any cells.
 *
 * Input: cells separated by NUL bytes; byte 0x1e ends a row early, and a
 * cell "#" followed by 8 bytes is written as a number. The output is read
 * back with an RFC 4180 reader written here, and must give every row and
 * cell exactly, except that a text cell starting with = + - @ TAB or CR
 * comes back with one single quote before it; no cell as read ever starts
 * with one of those (a number's '-' aside); every row ends in CRLF.
 */
#include "fuzz.h"

#include "kit/buf.h"
#include "kit/csv.h"

#define CELLS_MAX	64
#define FORMULA		"=+-@\t\r"

struct cell {
	const char	*want;	/* what the reader must give back */
	int		 number;
	int		 row_end;	/* the last cell of its row */
};

/*
 * Read one field of RFC 4180 CSV at *p (end at end) into a new arena
 * string; *term gets ',' or '\n' (the CRLF after a row) or 0 at the end.
 * Aborts on anything RFC 4180 does not allow.
 */
static char *
read_field(struct arena *a, const char **p, const char *end, int *term)
{
	struct buf	 b;
	const char	*s = *p;

	buf_init(&b, a);
	if (s < end && *s == '"') {
		for (s++;; s++) {
			FUZZ_ASSERT(s < end);
			if (*s == '"') {
				if (s + 1 < end && s[1] == '"') {
					buf_putc(&b, '"');
					s++;
					continue;
				}
				s++;
				break;
			}
			buf_putc(&b, *s);
		}
	} else {
		for (; s < end && *s != ',' && *s != '\r'; s++) {
			FUZZ_ASSERT(*s != '"' && *s != '\n');
			buf_putc(&b, *s);
		}
	}
	if (s == end)
		*term = 0;
	else if (*s == ',') {
		*term = ',';
		s++;
	} else {
		FUZZ_ASSERT(end - s >= 2 && s[0] == '\r' && s[1] == '\n');
		*term = '\n';
		s += 2;
	}
	*p = s;
	FUZZ_ASSERT(!buf_failed(&b));
	buf_putc(&b, '\0');
	return b.data;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena	*a = fuzz_arena();
	struct buf	 out;
	struct sink	 sink;
	struct csv	 c;
	struct cell	 cells[CELLS_MAX];
	char		*parts[CELLS_MAX], *got, *s;
	const char	*p, *end;
	size_t		 n, i;
	long long	 v;
	int		 term, row_open = 0;

	n = fuzz_split(a, data, size, '\0', parts, CELLS_MAX);
	buf_init(&out, a);
	sink = sink_buf(&out);
	csv_init(&c, &sink);
	for (i = 0; i < n; i++) {
		s = parts[i];
		cells[i].row_end = 0;
		cells[i].number = 0;
		if (s[0] == '#' && strlen(s) >= 9) {
			memcpy(&v, s + 1, sizeof(v));
			FUZZ_ASSERT(csv_cell_int(&c, v) == 0);
			cells[i].want = arena_printf(a, "%lld", v);
			cells[i].number = 1;
		} else {
			/* 0x1e ends the row after this cell. */
			char *rs = strchr(s, 0x1e);

			if (rs != NULL) {
				*rs = '\0';
				cells[i].row_end = 1;
			}
			FUZZ_ASSERT(csv_cell(&c, s) == 0);
			cells[i].want = s[0] != '\0' &&
			    strchr(FORMULA, s[0]) != NULL ?
			    arena_printf(a, "'%s", s) : s;
		}
		FUZZ_ASSERT(cells[i].want != NULL);
		if (i + 1 == n)
			cells[i].row_end = 1;
		if (cells[i].row_end)
			FUZZ_ASSERT(csv_end_row(&c) == 0);
	}
	FUZZ_ASSERT(!buf_failed(&out));

	/* Read it back. */
	p = out.data;
	end = out.data + out.len;
	for (i = 0; i < n; i++) {
		got = read_field(a, &p, end, &term);
		FUZZ_ASSERT(strcmp(got, cells[i].want) == 0);
		if (!cells[i].number && got[0] != '\0')
			FUZZ_ASSERT(strchr(FORMULA, got[0]) == NULL);
		FUZZ_ASSERT(term == (cells[i].row_end ? '\n' : ','));
		row_open = !cells[i].row_end;
	}
	FUZZ_ASSERT(!row_open);
	FUZZ_ASSERT(p == end);
	return 0;
}
