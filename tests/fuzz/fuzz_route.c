/*
 * fuzz_route.c: route_match() on any method and path.
 *
 * Input: the first byte picks the method, the rest is the path. Checked
 * against an independent oracle: a match means the route allows the
 * method (HEAD where GET is), every {param} is a non-empty segment with
 * no '/', and putting the params back into the pattern gives the path
 * exactly; no match with *allowed set means some route has the path but
 * none the method; *allowed 0 means no route has the path.
 */
#include "fuzz.h"

#include "kit/route.h"
#include "kit/http.h"

static int
handler(struct req *r)
{
	(void)r;
	return 200;
}

static const struct route routes[] = {
	{ M_GET, "/", handler },
	{ M_GET, "/courses", handler },
	{ M_GET, "/courses/{slug}", handler },
	{ M_GET | M_POST, "/book/{run}", handler },
	{ M_GET, "/booking/{token}", handler },
	{ M_GET, "/booking/{token}/qr.svg", handler },
	{ M_POST, "/booking/{token}/cancel", handler },
	{ M_GET, "/booking/{token}/cancel", handler },
	{ M_GET, "/a/{w}/{x}/{y}/{z}", handler },
	{ M_GET, "/{a}/{b}/{c}/{d}/{e}", handler },
	{ M_POST, "/{x}//{y}/", handler },
};
#define NROUTES	(sizeof(routes) / sizeof(routes[0]))

static const int methods[] = { M_GET, M_HEAD, M_POST, M_OTHER };

/*
 * The oracle: whether pattern matches path, walking segment by segment
 * with strsep on copies; the params it finds go to params[]. A pattern
 * with more than ROUTE_PARAMS_MAX params never matches.
 */
static int
oracle(struct arena *a, const char *pattern, const char *path,
    const char **params, size_t *np)
{
	char	*pat, *pth, *ps, *ts;
	size_t	 n = 0;

	pat = arena_strdup(a, pattern);
	pth = arena_strdup(a, path);
	FUZZ_ASSERT(pat != NULL && pth != NULL);
	for (;;) {
		ps = strsep(&pat, "/");
		ts = strsep(&pth, "/");
		if (ps == NULL || ts == NULL)
			break;
		if (ps[0] == '{') {
			if (ts[0] == '\0' || n == ROUTE_PARAMS_MAX)
				return 0;
			params[n++] = ts;
		} else if (strcmp(ps, ts) != 0)
			return 0;
	}
	if (ps != NULL || ts != NULL)
		return 0;
	*np = n;
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena	*a = fuzz_arena();
	const char	*params[ROUTE_PARAMS_MAX], *want[ROUTE_PARAMS_MAX];
	char		*path;
	size_t		 np, wn, i, k;
	int		 method, allowed, m, idx, first, want_allowed;

	if (size < 1)
		return 0;
	method = methods[data[0] % 4];
	path = fuzz_str(a, data + 1, size - 1);
	idx = route_match(a, routes, NROUTES, method, path, params, &np,
	    &allowed);
	FUZZ_ASSERT(idx >= -1 && idx < (int)NROUTES);
	FUZZ_ASSERT(np <= ROUTE_PARAMS_MAX);

	/* What the oracle says: the first route with path and method. */
	m = method == M_HEAD ? M_GET : method;
	first = -1;
	want_allowed = 0;
	for (i = 0; i < NROUTES && path[0] == '/'; i++) {
		if (!oracle(a, routes[i].pattern, path, want, &wn))
			continue;
		if (routes[i].methods & m) {
			first = (int)i;
			break;
		}
		want_allowed |= routes[i].methods;
	}
	FUZZ_ASSERT(idx == first);
	if (idx >= 0) {
		FUZZ_ASSERT(np == wn);
		for (k = 0; k < np; k++) {
			FUZZ_ASSERT(params[k] != NULL && params[k][0] != '\0');
			FUZZ_ASSERT(strchr(params[k], '/') == NULL);
			FUZZ_ASSERT(strcmp(params[k], want[k]) == 0);
		}
		return 0;
	}
	FUZZ_ASSERT(np == 0);
	if (want_allowed & M_GET)
		want_allowed |= M_HEAD;
	FUZZ_ASSERT(allowed == want_allowed);
	FUZZ_ASSERT(!(allowed & m));
	return 0;
}
