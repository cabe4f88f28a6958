/*
 * http.h: one request and its response, under FastCGI or plain CGI.
 *
 * The kit's accept loop (app.c) fills a struct req from the FastCGI
 * parameters or the CGI environment, reads and parses the body, matches
 * a route and calls its handler. A handler reads the request fields
 * below (all validated UTF-8 without NUL, all in r->arena) and answers
 * with one of the resp_*() calls, or returns an error status and lets
 * the kit draw the error page. The handler chooses a failure's status
 * (it knows what failed); the kit draws the page for it. A college
 * call's outcome (kit/outcome.h) becomes a status in resp_outcome()
 * only, never by hand.
 *
 * Every response carries the security headers (resp_write_head() in
 * http.c); header values built from data refuse CR, LF and NUL.
 */
#ifndef KIT_HTTP_H
#define KIT_HTTP_H

#include <stddef.h>
#include <time.h>

#include "buf.h"
#include "form.h"
#include "route.h"

struct arena;
struct tmpl_set;
struct view;

#define REQ_BODY_MAX		(64 * 1024)	/* default cap on a request body */
#define REQ_PATH_MAX		1024		/* bytes in the path */
#define REQ_QUERY_MAX		4096		/* bytes in the query string */
#define REQ_COOKIE_MAX		4096		/* bytes in the Cookie header */
#define REQ_COOKIES_MAX		32		/* cookies in one header */
#define RESP_HEADERS_MAX	8192		/* bytes of extra headers */

/* Cookie flags; HttpOnly, Path=/ and Secure over https are always set. */
enum cookie_flags {
	COOKIE_LAX	= 0,		/* SameSite=Lax (default) */
	COOKIE_STRICT	= 1 << 0	/* SameSite=Strict */
};

struct req {
	struct arena	*arena;
	enum method	 method;
	const char	*method_name;	/* as sent, e.g. "GET" */
	const char	*path;		/* decoded, "/courses/x" */
	const char	*query;		/* raw query string, may be "" */
	struct form	 qf;		/* parsed query string */
	struct form	 bf;		/* parsed body (POST) */
	struct form	 cookies;
	const char	*params[ROUTE_PARAMS_MAX]; /* {name} values, in order */
	size_t		 nparams;
	const char	*route;		/* the matched pattern, for logs */
	int		 https;		/* request came over TLS */
	int		 want_json;	/* Accept asks for application/json */
	const char	*prog;		/* program name, for logs */
	const char	*lang;		/* the page's language (app.before sets
					 * it), or NULL; the cache keys on it */
	/* What the program gives every request (as kcgi's struct kreq
	 * carries its templates): the parsed templates, and the layout's
	 * view for the pages the kit draws itself (NULL: a bare view). */
	const struct tmpl_set	*tmpls;
	struct view	*(*layout)(struct req *, const char *title);

	/* Response state: use the resp_*() calls, not these. */
	int		 status;
	struct buf	 hdrs;
	struct buf	 body;
	int		 done;		/* a response has been produced */
	int		 streaming;	/* headers sent, body goes straight out */
	struct sink	 out;		/* the connection */
	char		**envp;		/* FastCGI params or CGI environ */
	char		 csrf[32];	/* this request's csrf token, once made */
};

/* An environment variable / FastCGI parameter, or NULL. */
const char	*req_env(const struct req *, const char *name);
/* A request header by its HTTP name ("Accept", "Sec-Fetch-Site"), or NULL. */
const char	*req_header(const struct req *, const char *name);
const char	*req_cookie(const struct req *, const char *name);
/* The i-th {param} of the matched route, or NULL. */
const char	*req_param(const struct req *, size_t i);

/* Add a response header; -1 (and nothing added) if the name or value
 * holds CR, LF or NUL, or the name is not a token. */
int		 resp_header(struct req *, const char *name, const char *value);
/* Set a cookie; max_age < 0 for a session cookie, 0 to delete. */
int		 resp_cookie(struct req *, const char *name, const char *value,
		    long max_age, int flags);
/* 303 See Other to a local path (must start with a single '/'). Returns
 * 303, or 500 if the location is unsafe. */
int		 resp_redirect(struct req *, const char *location);
/* Render view through template tmpl, or as JSON when the client asked;
 * returns status (or 500 if rendering failed). */
int		 resp_view(struct req *, int status, const char *tmpl,
		    const struct view *);
/* View v as a JSON body (application/json, json_write_view) with
 * status, whatever the client asked for; returns status, or 500 if it
 * could not be written. */
int		 resp_json(struct req *, int status, const struct view *);
/* A body of len bytes with the given Content-Type. Returns status. */
int		 resp_body(struct req *, int status, const char *ctype,
		    const char *data, size_t len);
/* The error page for status, with an optional message for the person. */
int		 resp_error(struct req *, int status, const char *message);
/*
 * What a handler does with an outcome (kit/outcome.h): 0 for
 * OUTCOME_OK (go on), else the status to return, whose page the kit
 * draws: 404 for OUTCOME_NOT_FOUND, 500 for OUTCOME_ERROR and for a
 * module's own outcome that the handler did not answer itself. The one
 * place an outcome becomes a status:
 *	if ((rc = resp_outcome(manage_run_get(db, id, now, v))) != 0)
 *		return rc;
 */
int		 resp_outcome(int outcome);
/* The same with a flag for the template: the view gets status_NNN,
 * and flag (if not NULL) set true, e.g. "form_expired". */
int		 resp_error_page(struct req *, int status, const char *flag,
		    const char *message);
/*
 * Streaming: send status and headers now and return a sink that writes
 * straight to the connection (CSV exports). The body is not buffered:
 * memory stays flat whatever its size. Returns NULL on failure.
 */
const struct sink *resp_stream(struct req *, int status, const char *ctype);
/* For the kit's loop: write the status line and headers. 0 or -1. */
int		 resp_write_head(struct req *);

/*
 * CSRF (double submit, bound to a cookie): csrf_token() returns the
 * token for hidden "csrf" fields, setting the cookie if the request had
 * none. csrf_check() is run by the kit on every POST before the handler:
 * the "csrf" field must equal the cookie, and a cross-site Origin or
 * Sec-Fetch-Site is refused. 0 if fine, -1 if not.
 */
const char	*csrf_token(struct req *);
int		 csrf_check(struct req *);

/*
 * Whether s is a path on this site, safe as a Location: it starts with
 * one '/', not "//" or "/\\" (which browsers read as another host), and
 * holds no TAB (browsers drop tabs, so "/<TAB>/host" is "//host").
 * The one owner of that rule: resp_redirect() and the programs' next=
 * check use it. 1 or 0.
 */
int		 http_local_path(const char *s);

/* The standard reason phrase ("Not Found"), or "Unknown". */
const char	*http_reason(int status);

#endif
