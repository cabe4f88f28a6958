/*
 * fuzz_header.c: response headers built from data: resp_header(),
 * resp_cookie() and resp_redirect().
 *
 * Input: up to three strings separated by NUL: a header name, a value
 * (also used as a cookie value), a redirect location. Promises checked
 * (http.h): nothing is stored unless the name is a token and the value
 * holds no CR, LF or NUL; the stored headers are lines "Name: value"
 * ending in CRLF with no other CR or LF, so no data can start a header
 * or the body; a redirect goes to a local path only, even once a browser
 * has dropped tabs and newlines from it (WHATWG URL) and read '\' as '/'.
 */
#include "fuzz.h"

#include "kit/buf.h"
#include "kit/http.h"

/* Whether the stored headers are well formed lines; returns how many. */
static size_t
check_lines(const struct buf *b)
{
	const char	*p = b->data, *end = b->data + b->len, *eol, *colon;
	size_t		 n = 0;

	FUZZ_ASSERT(memchr(b->data, '\0', b->len) == NULL);
	while (p < end) {
		eol = memmem(p, (size_t)(end - p), "\r\n", 2);
		FUZZ_ASSERT(eol != NULL);
		FUZZ_ASSERT(memchr(p, '\r', (size_t)(eol - p)) == NULL);
		FUZZ_ASSERT(memchr(p, '\n', (size_t)(eol - p)) == NULL);
		colon = memchr(p, ':', (size_t)(eol - p));
		FUZZ_ASSERT(colon != NULL && colon > p && colon[1] == ' ');
		FUZZ_ASSERT(memchr(p, ' ', (size_t)(colon - p)) == NULL);
		p = eol + 2;
		n++;
	}
	return n;
}

/* The first two characters a browser would see in a Location. */
static void
check_local(const char *loc)
{
	char	 c[2];
	size_t	 n = 0;

	for (; *loc != '\0' && n < 2; loc++) {
		if (*loc == '\t' || *loc == '\r' || *loc == '\n')
			continue;
		c[n++] = *loc == '\\' ? '/' : *loc;
	}
	FUZZ_ASSERT(n >= 1 && c[0] == '/');
	FUZZ_ASSERT(n == 1 || c[1] != '/');
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena	*a = fuzz_arena();
	struct req	 r;
	char		*s[3] = { "", "", "/" };
	size_t		 n, lines, before;
	int		 rc;

	n = fuzz_split(a, data, size, '\0', s, 3);
	(void)n;
	memset(&r, 0, sizeof(r));
	r.arena = a;
	buf_init(&r.hdrs, a);
	buf_init(&r.body, a);

	rc = resp_header(&r, s[0], s[1]);
	if (rc == 0) {
		FUZZ_ASSERT(strpbrk(s[1], "\r\n") == NULL);
		FUZZ_ASSERT(s[0][0] != '\0' &&
		    strpbrk(s[0], " :\t\r\n()<>@,;\\\"/[]?={}") == NULL);
	} else
		FUZZ_ASSERT(r.hdrs.len == 0);
	lines = check_lines(&r.hdrs);
	FUZZ_ASSERT(lines == (rc == 0));

	before = r.hdrs.len;
	rc = resp_cookie(&r, "fuzz", s[1], -1, COOKIE_LAX);
	if (rc != 0)
		FUZZ_ASSERT(r.hdrs.len == before);
	else
		FUZZ_ASSERT(strpbrk(s[1], " ;,\"\\") == NULL);
	lines = check_lines(&r.hdrs);

	before = r.hdrs.len;
	rc = resp_redirect(&r, s[2]);
	FUZZ_ASSERT(rc == 303 || rc == 500);
	if (rc == 303) {
		check_local(s[2]);
		FUZZ_ASSERT(r.status == 303 && r.done);
		FUZZ_ASSERT(check_lines(&r.hdrs) == lines + 1);
	} else
		FUZZ_ASSERT(r.hdrs.len == before);
	return 0;
}
