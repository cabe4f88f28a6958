/*
 * app.h: a program's routes and the kit's main loop.
 *
 * A program declares its routes and calls app_main(). The same binary
 * then runs:
 *   - as plain CGI when standard input is not a socket (one request);
 *   - as FastCGI on a socket passed as standard input (spawn-fcgi,
 *     systemd socket activation on fd 0);
 *   - as FastCGI on its own Unix socket with --socket PATH, with
 *     --workers N prefork processes (respawned if one dies) and the
 *     socket's group set by --group NAME (mode 0660, so that only the
 *     web server's group can connect).
 * Every program answers GET /healthz with "ok".
 */
#ifndef KIT_APP_H
#define KIT_APP_H

#include <stddef.h>

struct arena;
struct req;
struct tmpl_set;
struct view;

#define APP_WORKERS_MAX	64

struct route {
	int		 methods;	/* M_GET | M_POST ...; GET also answers HEAD */
	const char	*pattern;	/* "/courses/{slug}" */
	int		(*fn)(struct req *);
};

/*
 * Or'ed into a route's methods (M_POST | ROUTE_NO_CSRF; no method uses
 * this bit): a POST route that the kit's CSRF check does not guard,
 * because the party that sends it cannot hold our cookie: RFC 8058
 * one-click unsubscribe, POSTed by a mail provider with the body
 * "List-Unsubscribe=One-Click" and nothing else. Such a route must be
 * authorised by a secret in its path, and must do nothing that a
 * forged request could abuse (turning reminders off, nothing more).
 */
#define ROUTE_NO_CSRF	(1 << 8)

struct app {
	const char		*name;		/* "catalogue" */
	const struct route	*routes;
	size_t			 nroutes;
	size_t			 body_max;	/* 0: REQ_BODY_MAX */
	/* Per process, after fork: open the database and the like.
	 * Returns 0, or -1 to stop the program. May be NULL. */
	int			(*init)(void);
	void			(*fini)(void);
	/* After each request, whatever happened in it: release what a
	 * handler may have left half-done (statements). May be NULL. */
	void			(*after)(void);
	/* A new view holding the layout's variables, for the pages the
	 * kit draws itself (errors). May be NULL: then a bare view. */
	struct view		*(*view)(struct req *, const char *title);
};

int			 app_main(const struct app *, int argc, char *argv[]);
/* The templates loaded at start-up (TESSERA_TEMPLATES or the built-in dir). */
const struct tmpl_set	*app_templates(void);
/* The running program's description, or NULL outside app_main(). */
const struct app	*app_current(void);

/*
 * Route matching, exposed for tests: returns the index of the route that
 * matches method and path and fills params; -1 with *allowed set to the
 * methods that would match the path (0 if none: 404, else 405).
 */
int			 route_match(struct arena *, const struct route *, size_t n,
			    int method, const char *path, const char **params,
			    size_t *nparams, int *allowed);

/*
 * CONTENT_LENGTH, strictly: decimal digits only (no sign, space or
 * suffix), at most max. Returns 0 with *len set (0 when s is NULL or
 * empty), 1 when over max, -1 when malformed. Exposed for tests.
 */
int			 app_content_length(const char *s, size_t max,
			    size_t *len);

#endif
