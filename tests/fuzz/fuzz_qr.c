/*
 * fuzz_qr.c: qr_svg(), the wrapper around libqrencode, on any text and
 * title.
 *
 * Input: two bytes of size, then the text, a NUL, and the title. Promises
 * checked (qr.h): text that is empty or over QR_TEXT_MAX is refused, any
 * other is drawn; the SVG is valid UTF-8, starts with <svg and ends with
 * </svg>, has exactly the tags the wrapper writes (whatever the title
 * holds, it adds no markup), a square viewBox of width + 2 * QR_QUIET
 * modules for a QR version 1 to 40, and a title of plain escaped text.
 */
#include "fuzz.h"

#include "kit/buf.h"
#include "kit/form.h"
#include "kit/qr.h"

/* How many times needle occurs in s. */
static size_t
count(const char *s, const char *needle)
{
	size_t	 n = 0;

	while ((s = strstr(s, needle)) != NULL) {
		n++;
		s += strlen(needle);
	}
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena	*a = fuzz_arena();
	struct buf	 out;
	struct sink	 sink;
	char		*parts[2] = { "", NULL };
	const char	*t0, *t1;
	unsigned	 px;
	size_t		 len, n;
	int		 rc, dim, dim2, k;

	if (size < 2)
		return 0;
	px = (unsigned)data[0] << 8 | data[1];
	n = fuzz_split(a, data + 2, size - 2, '\0', parts, 2);
	(void)n;
	len = strlen(parts[0]);

	buf_init(&out, a);
	sink = sink_buf(&out);
	rc = qr_svg(&sink, parts[0], px, parts[1]);
	if (len == 0 || len > QR_TEXT_MAX) {
		FUZZ_ASSERT(rc == -1 && out.len == 0);
		return 0;
	}
	FUZZ_ASSERT(rc == 0);
	FUZZ_ASSERT(utf8_valid(out.data, out.len));
	FUZZ_ASSERT(strncmp(out.data, "<svg ", 5) == 0);
	FUZZ_ASSERT(out.len > 6 &&
	    strcmp(out.data + out.len - 6, "</svg>") == 0);
	/* Tags: <svg>, [<title></title>], <rect/>, <path/>, </svg>. */
	FUZZ_ASSERT(count(out.data, "<") == (parts[1] != NULL ? 6u : 4u));
	FUZZ_ASSERT(count(out.data, ">") == (parts[1] != NULL ? 6u : 4u));
	FUZZ_ASSERT(count(out.data, "<path ") == 1);
	k = 0;
	FUZZ_ASSERT(sscanf(out.data, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 %d %d\"%n", &dim, &dim2, &k) == 2 && k > 0);
	FUZZ_ASSERT(dim == dim2);
	FUZZ_ASSERT(dim >= 21 + 2 * QR_QUIET && dim <= 177 + 2 * QR_QUIET);
	FUZZ_ASSERT((dim - 2 * QR_QUIET - 17) % 4 == 0);
	if (px > 0) {
		char	 want[64];

		snprintf(want, sizeof(want), " width=\"%u\" height=\"%u\"",
		    px, px);
		FUZZ_ASSERT(strstr(out.data, want) != NULL);
	} else
		FUZZ_ASSERT(strstr(out.data, " width=\"") == NULL ||
		    strstr(out.data, " width=\"") > strstr(out.data, "<rect"));
	if (parts[1] != NULL) {
		t0 = strstr(out.data, "<title>");
		t1 = strstr(out.data, "</title>");
		FUZZ_ASSERT(t0 != NULL && t1 != NULL && t0 < t1);
		/* Escaped: no quote, and '&' only as an entity. */
		for (t0 += 7; t0 < t1; t0++) {
			FUZZ_ASSERT(*t0 != '"' && *t0 != '\'');
			FUZZ_ASSERT((unsigned char)*t0 >= 0x20);
			if (*t0 == '&')
				FUZZ_ASSERT(strncmp(t0, "&amp;", 5) == 0 ||
				    strncmp(t0, "&lt;", 4) == 0 ||
				    strncmp(t0, "&gt;", 4) == 0 ||
				    strncmp(t0, "&quot;", 6) == 0 ||
				    strncmp(t0, "&#39;", 5) == 0);
		}
	}
	return 0;
}
