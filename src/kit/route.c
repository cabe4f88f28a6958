/*
 * route.c: method + path pattern -> handler.
 *
 * A pattern is a path whose segments are literal or "{name}"; a {name}
 * segment matches one non-empty segment. Paths are compared segment by
 * segment; a trailing slash is significant ("/courses/" is not
 * "/courses"), so each page has one address.
 */
#include <string.h>

#include "arena.h"
#include "route.h"

/* Length of the segment starting at s (up to '/' or the end). */
static size_t
seglen(const char *s)
{
	return strcspn(s, "/");
}

static int
match(struct arena *a, const char *pat, const char *path,
    const char **params, size_t *np)
{
	size_t	 pl, sl, n = 0;

	for (;;) {
		if (*pat == '\0' || *path == '\0') {
			if (*pat != *path)
				return 0;
			break;
		}
		if (*pat == '/' || *path == '/') {
			if (*pat != *path)
				return 0;
			pat++;
			path++;
			continue;
		}
		pl = seglen(pat);
		sl = seglen(path);
		if (pat[0] == '{' && pat[pl - 1] == '}') {
			if (sl == 0 || n == ROUTE_PARAMS_MAX)
				return 0;
			if (params != NULL &&
			    (params[n] = arena_strndup(a, path, sl)) == NULL)
				return 0;
			n++;
		} else if (pl != sl || memcmp(pat, path, pl) != 0)
			return 0;
		pat += pl;
		path += sl;
	}
	if (np != NULL)
		*np = n;
	return 1;
}

int
route_match(struct arena *a, const struct route *r, size_t n, int method,
    const char *path, const char **params, size_t *nparams, int *allowed)
{
	size_t	 i;
	int	 m;

	*allowed = 0;
	*nparams = 0;
	if (path[0] != '/')
		return -1;
	/* HEAD is answered wherever GET is. */
	m = method == M_HEAD ? M_GET : method;
	for (i = 0; i < n; i++) {
		if (!match(a, r[i].pattern, path, NULL, NULL))
			continue;
		if (r[i].methods & m) {
			if (!match(a, r[i].pattern, path, params, nparams))
				return -1;
			return (int)i;
		}
		*allowed |= r[i].methods;
	}
	if (*allowed & M_GET)
		*allowed |= M_HEAD;
	return -1;
}
