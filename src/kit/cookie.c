/*
 * cookie.c: the Cookie request header into name/value pairs.
 *
 * Kept apart from the accept loop so that a fuzz harness and the unit
 * tests can call it without a FastCGI connection.
 */
#include <string.h>

#include "arena.h"
#include "cookie.h"
#include "form.h"
#include "http.h"

/*
 * Parse "a=b; c=d" leniently into r->cookies: bad cookies are skipped,
 * not fatal, since other sites on the same host may have left any kind
 * of junk. A header over REQ_COOKIE_MAX bytes is ignored whole; at most
 * REQ_COOKIES_MAX cookies are kept. Every name and value kept is valid
 * UTF-8 without NUL (a C string cannot hold one anyway), in r->arena.
 */
void
req_parse_cookies(struct req *r, const char *h)
{
	struct form_field	*f;
	const char		*p, *end, *eq;

	r->cookies.fields = NULL;
	r->cookies.n = 0;
	if (h == NULL || strlen(h) > REQ_COOKIE_MAX)
		return;
	if ((f = arena_calloc(r->arena, REQ_COOKIES_MAX, sizeof(*f))) == NULL)
		return;
	r->cookies.fields = f;
	for (p = h; *p != '\0' && r->cookies.n < REQ_COOKIES_MAX; p = end) {
		while (*p == ' ' || *p == ';')
			p++;
		end = p + strcspn(p, ";");
		eq = memchr(p, '=', (size_t)(end - p));
		if (eq == NULL || eq == p)
			continue;
		if (!utf8_valid(p, (size_t)(end - p)))
			continue;
		f[r->cookies.n].name = arena_strndup(r->arena, p,
		    (size_t)(eq - p));
		f[r->cookies.n].value = arena_strndup(r->arena, eq + 1,
		    (size_t)(end - eq - 1));
		if (f[r->cookies.n].name == NULL ||
		    f[r->cookies.n].value == NULL)
			return;
		f[r->cookies.n].len = (size_t)(end - eq - 1);
		r->cookies.n++;
	}
}
