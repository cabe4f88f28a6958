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
 *     web server's group can connect);
 *   - as FastCGI on TCP with --listen ADDR:PORT (several application
 *     hosts behind one nginx): ADDR is the host's private address,
 *     never the wildcard, since FastCGI has no authentication.
 * Started as root, each worker opens what it needs (init) and then
 * becomes --user NAME (APP_USER_DEFAULT) before its first request.
 * Every program answers GET /healthz with "ok".
 */
#ifndef KIT_APP_H
#define KIT_APP_H

#include <stddef.h>

#include "route.h"

struct arena;
struct req;
struct sink;
struct tmpl_set;
struct view;

#define APP_WORKERS_MAX	64
/* Seconds a 503 for an unreachable database asks a client to wait. */
#define APP_RETRY_AFTER	"5"
/* Longest --listen ADDR:PORT, "[" IPv6 "]:" port with room to spare. */
#define APP_LISTEN_MAX	64
/* Started as root, a worker serves as this user (--user NAME), never
 * as root; the master keeps root only to bind and to start workers. */
#define APP_USER_DEFAULT	"nobody"

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
	/* Before each routed request, once its path, query and cookies
	 * are read: choose what depends on the reader (the language).
	 * May be NULL. */
	void			(*before)(struct req *);
	/* Whether the request failed because the database could not be
	 * reached (a failover): its 500 becomes a 503 that says to try
	 * again, with Retry-After. May be NULL. */
	int			(*unavailable)(void);
	/* A new view holding the layout's variables, for the pages the
	 * kit draws itself (errors). May be NULL: then a bare view. */
	struct view		*(*view)(struct req *, const char *title);
};

int			 app_main(const struct app *, int argc, char *argv[]);

/*
 * Serve one request as the loop does, from an environment (FastCGI
 * parameters or CGI variables, NULL-terminated) and a body of len bytes
 * in memory, writing the response to out; templates may be NULL. For
 * tests: the loop itself reads the body from the connection. Returns
 * the response's status.
 */
int			 app_serve(const struct app *, const struct tmpl_set *,
			    char **envp, const char *body, size_t len,
			    const struct sink *out);

/*
 * CONTENT_LENGTH, strictly: decimal digits only (no sign, space or
 * suffix), at most max. Returns 0 with *len set (0 when s is NULL or
 * empty), 1 when over max, -1 when malformed. Exposed for tests.
 */
int			 app_content_length(const char *s, size_t max,
			    size_t *len);

#endif
