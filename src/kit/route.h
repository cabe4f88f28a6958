/*
 * route.h: method + path pattern -> handler (route.c).
 *
 * A program lists its routes in a table; the kit's loop (app.c) finds
 * the one for a request with route_match(). A pattern is a path whose
 * segments are literal or "{name}"; a {name} segment matches one
 * non-empty segment, whose value the handler reads with req_param().
 */
#ifndef KIT_ROUTE_H
#define KIT_ROUTE_H

#include <stddef.h>

struct arena;
struct req;

#define ROUTE_PARAMS_MAX	4	/* {name} segments in a pattern */

enum method {
	M_GET	= 1 << 0,
	M_HEAD	= 1 << 1,
	M_POST	= 1 << 2,
	M_OTHER	= 1 << 3
};

struct route {
	int		 methods;	/* M_GET | M_POST ...; GET also answers HEAD */
	const char	*pattern;	/* "/courses/{slug}" */
	int		(*fn)(struct req *);
};

/*
 * Returns the index of the route that matches method and path and
 * fills params (in the arena; may be NULL) and *nparams; -1 with
 * *allowed set to the methods that would match the path (0 if none:
 * 404, else 405).
 */
int	route_match(struct arena *, const struct route *, size_t n,
	    int method, const char *path, const char **params,
	    size_t *nparams, int *allowed);

#endif
