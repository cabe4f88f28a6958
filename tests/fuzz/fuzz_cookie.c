/*
 * fuzz_cookie.c: req_parse_cookies() on any Cookie header.
 *
 * Promises checked (http.h, cookie.c): a header over REQ_COOKIE_MAX bytes
 * yields no cookie; otherwise at most REQ_COOKIES_MAX, each with a
 * non-empty name holding no '=' or ';', a value holding no ';', both
 * valid UTF-8 without NUL, len the value's length, and each name=value
 * found as such in the header; req_cookie() finds the first of a name.
 */
#include "fuzz.h"

#include "kit/form.h"
#include "kit/cookie.h"
#include "kit/http.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena	*a = fuzz_arena();
	struct req	 r;
	char		*h, *pair;
	size_t		 i, j, nlen;

	h = fuzz_str(a, data, size);
	memset(&r, 0, sizeof(r));
	r.arena = a;
	req_parse_cookies(&r, h);
	if (strlen(h) > REQ_COOKIE_MAX) {
		FUZZ_ASSERT(r.cookies.n == 0);
		return 0;
	}
	FUZZ_ASSERT(r.cookies.n <= REQ_COOKIES_MAX);
	for (i = 0; i < r.cookies.n; i++) {
		const struct form_field *c = &r.cookies.fields[i];

		nlen = strlen(c->name);
		FUZZ_ASSERT(nlen > 0);
		FUZZ_ASSERT(strpbrk(c->name, "=;") == NULL);
		FUZZ_ASSERT(strchr(c->value, ';') == NULL);
		FUZZ_ASSERT(c->len == strlen(c->value));
		FUZZ_ASSERT(utf8_valid(c->name, nlen));
		FUZZ_ASSERT(utf8_valid(c->value, c->len));
		pair = arena_printf(a, "%s=%s", c->name, c->value);
		FUZZ_ASSERT(pair != NULL && strstr(h, pair) != NULL);
		/* The first cookie of this name is the one req_cookie gives. */
		for (j = 0; j < i; j++)
			if (strcmp(r.cookies.fields[j].name, c->name) == 0)
				break;
		if (j == i)
			FUZZ_ASSERT(req_cookie(&r, c->name) == c->value);
	}
	return 0;
}
