/*
 * app.c: the accept loop: CGI or FastCGI, prefork workers, one request
 * at a time per worker, one arena per request, one log line each.
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <netinet/in.h>

#include <errno.h>
#include <netdb.h>
#include <grp.h>
#include <pwd.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <fastcgi.h>
#include <fcgiapp.h>

#include "arena.h"
#include "app.h"
#include "buf.h"
#include "cookie.h"
#include "form.h"
#include "http.h"
#include "i18n.h"
#include "tmpl.h"

#ifndef TESSERA_TEMPLATES
#define TESSERA_TEMPLATES "templates"
#endif

#define LISTEN_BACKLOG	128
#define RESPAWN_MIN_S	1	/* a worker dying sooner than this is throttled */

extern char **environ;

static const struct tmpl_set	*templates;
static volatile sig_atomic_t	 stopping;
static const char		*run_user = APP_USER_DEFAULT;

static int	drop_root(const char *);

/* FastCGI output: the connection's stream. */
static int
fcgx_write(void *ctx, const char *p, size_t n)
{
	FCGX_Stream	*out = ctx;

	while (n > 0) {
		int	 k = n > INT_MAX ? INT_MAX : (int)n;

		if (FCGX_PutStr(p, k, out) != k)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/* Where a body comes from: the connection, stdin, or memory (tests). */
struct input {
	FCGX_Stream	*fcgx;	/* the FastCGI connection, or NULL */
	const char	*mem;	/* with fcgx NULL: a body in memory, or NULL
				 * to read stdin (CGI) */
	size_t		 memlen;
	size_t		 off;
};

/* Read exactly n bytes of body into buf; 0, or -1 if the client sent less. */
static int
read_body(struct input *in, char *buf, size_t n)
{
	size_t	 got = 0;

	while (got < n) {
		size_t	 want = n - got;
		int	 k;

		if (want > INT_MAX)
			want = INT_MAX;
		if (in->fcgx != NULL) {
			k = FCGX_GetStr(buf + got, (int)want, in->fcgx);
			if (k <= 0)
				return -1;
		} else if (in->mem != NULL) {
			if (want > in->memlen - in->off)
				want = in->memlen - in->off;
			if (want == 0)
				return -1;
			memcpy(buf + got, in->mem + in->off, want);
			in->off += want;
			k = (int)want;
		} else {
			size_t	 m = fread(buf + got, 1, want, stdin);

			if (m == 0)
				return -1;
			k = (int)m;
		}
		got += (size_t)k;
	}
	return 0;
}

/*
 * CONTENT_LENGTH, strictly: decimal digits only, no sign, no spaces,
 * at most max. Returns 0 and sets *len, 1 if over max, -1 if malformed.
 */
int
app_content_length(const char *s, size_t max, size_t *len)
{
	size_t	 v = 0;

	*len = 0;
	if (s == NULL || *s == '\0')
		return 0;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		if (v > max)
			continue;	/* keep scanning to catch junk */
		v = v * 10 + (size_t)(*s - '0');
	}
	if (v > max)
		return 1;
	*len = v;
	return 0;
}

/* Whether a path is acceptable: UTF-8, no control characters. */
static int
path_ok(const char *p)
{
	size_t	 n = strlen(p);

	if (n == 0 || n > REQ_PATH_MAX || p[0] != '/' || !utf8_valid(p, n))
		return 0;
	for (; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return 0;
	return 1;
}

static int
want_json(const char *accept)
{
	const char	*j, *h;

	if (accept == NULL || (j = strcasestr(accept, "application/json")) == NULL)
		return 0;
	/* A browser lists text/html first; an API client asks for JSON. */
	h = strcasestr(accept, "text/html");
	return h == NULL || j < h;
}

static int
allow_header(struct req *r, int allowed)
{
	const char	*v;

	if ((allowed & M_GET) && (allowed & M_POST))
		v = "GET, HEAD, POST";
	else if (allowed & M_GET)
		v = "GET, HEAD";
	else
		v = "POST";
	return resp_header(r, "Allow", v);
}

static int
healthz(struct req *r)
{
	return resp_body(r, 200, "text/plain; charset=utf-8", "ok\n", 3);
}

/*
 * Parse the request and run the handler. Returns the status, with a
 * response produced (the error page drawn here when the handler or the
 * parser refused).
 */
static int
dispatch(const struct app *app, struct req *r, struct input *in)
{
	const char	*s, *ct;
	size_t		 len, max;
	int		 i, allowed, status, rc;
	enum form_err	 fe;
	char		*body;

	s = req_env(r, "REQUEST_METHOD");
	r->method_name = s ? s : "GET";
	if (strcmp(r->method_name, "GET") == 0)
		r->method = M_GET;
	else if (strcmp(r->method_name, "HEAD") == 0)
		r->method = M_HEAD;
	else if (strcmp(r->method_name, "POST") == 0)
		r->method = M_POST;
	else
		r->method = M_OTHER;
	s = req_env(r, "HTTPS");
	r->https = s != NULL && *s != '\0' && strcasecmp(s, "off") != 0;
	r->want_json = want_json(req_header(r, "Accept"));
	req_parse_cookies(r, req_header(r, "Cookie"));

	s = req_env(r, "PATH_INFO");
	r->path = (s == NULL || *s == '\0') ? "/" : s;
	if (!path_ok(r->path))
		return resp_error(r, 400, N_("That address is not valid."));
	s = req_env(r, "QUERY_STRING");
	r->query = s ? s : "";
	if (strlen(r->query) > REQ_QUERY_MAX)
		return resp_error(r, 414, N_("That address is too long."));
	if ((fe = form_parse_urlencoded(r->arena, r->query,
	    strlen(r->query), &r->qf)) != FORM_OK)
		return resp_error(r, 400, N_("That address is not valid."));
	if (app->before != NULL)
		app->before(r);

	if (strcmp(r->path, "/healthz") == 0) {
		r->route = "/healthz";
		if (r->method == M_GET || r->method == M_HEAD)
			return healthz(r);
		allow_header(r, M_GET);
		return resp_error(r, 405, N_("This page cannot be used that way."));
	}
	i = route_match(r->arena, app->routes, app->nroutes, r->method,
	    r->path, r->params, &r->nparams, &allowed);
	if (i < 0) {
		if (allowed == 0)
			return resp_error(r, 404,
			    N_("There is no page at this address."));
		allow_header(r, allowed);
		return resp_error(r, 405,
		    N_("This page cannot be used that way."));
	}
	r->route = app->routes[i].pattern;

	/* The body: length checked before a byte is read. */
	max = app->body_max ? app->body_max : REQ_BODY_MAX;
	rc = app_content_length(req_env(r, "CONTENT_LENGTH"), max, &len);
	if (rc == -1)
		return resp_error(r, 400, N_("The request was malformed."));
	if (rc == 1)
		return resp_error(r, 413, N_("What was sent is too large."));
	if (r->method == M_POST && len > 0) {
		if ((body = arena_alloc(r->arena, len + 1)) == NULL)
			return resp_error(r, 413, N_("What was sent is too large."));
		if (read_body(in, body, len) == -1)
			return resp_error(r, 400, N_("The request was incomplete."));
		ct = req_env(r, "CONTENT_TYPE");
		if (ct == NULL)
			return resp_error(r, 415, N_("Unsupported form encoding."));
		if (strncasecmp(ct, "application/x-www-form-urlencoded",
		    33) == 0)
			fe = form_parse_urlencoded(r->arena, body, len, &r->bf);
		else if (strncasecmp(ct, "multipart/form-data", 19) == 0)
			fe = form_parse_multipart(r->arena, ct, body, len,
			    &r->bf);
		else
			return resp_error(r, 415, N_("Unsupported form encoding."));
		if (fe == FORM_E_TOO_MANY || fe == FORM_E_TOO_LONG)
			return resp_error(r, 413, N_("What was sent is too large."));
		if (fe != FORM_OK)
			return resp_error(r, 400,
			    N_("What was sent could not be read. "
			    "Please go back and try again."));
	}
	/* Every POST is checked, except on a route that declares itself
	 * one-click (ROUTE_NO_CSRF, app.h): then only its handler decides. */
	if (r->method == M_POST && !(app->routes[i].methods & ROUTE_NO_CSRF) &&
	    csrf_check(r) == -1)
		return resp_error_page(r, 403, "form_expired",
		    N_("This form has expired or came from another site. "
		    "Please go back, reload the page and try again."));

	status = app->routes[i].fn(r);
	if (!r->done && (status < 400 || status == 500) &&
	    app->unavailable != NULL && app->unavailable()) {
		(void)resp_header(r, "Retry-After", APP_RETRY_AFTER);
		return resp_error(r, 503, "We could not reach the college's "
		    "records just now. Please wait a moment and try again.");
	}
	if (!r->done)
		return resp_error(r, status >= 400 ? status : 500, NULL);
	return r->status;
}

/*
 * Copy at most n bytes of s into out (outsz bytes) for a log line:
 * printable ASCII only, anything else as '?', so that nothing a client
 * sends can forge a line or a terminal escape.
 */
static const char *
log_safe(char *out, size_t outsz, const char *s, size_t n)
{
	size_t	 i;

	if (n >= outsz)
		n = outsz - 1;
	for (i = 0; i < n && s[i] != '\0'; i++)
		out[i] = (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?';
	out[i] = '\0';
	return out;
}

/* A log line: never the query, never a token: the route's pattern. */
static void
log_request(const struct req *r, double ms)
{
	const char	*path = r->path ? r->path : "/", *m;
	char		 first[64], meth[24];
	size_t		 n;

	m = log_safe(meth, sizeof(meth), r->method_name ? r->method_name : "-",
	    SIZE_MAX);
	if (r->route != NULL) {
		fprintf(stderr, "%s: %s %s %d %.1fms\n", r->prog, m, r->route,
		    r->status, ms);
		return;
	}
	/* Unrouted: only the first segment, which holds no secret. */
	n = strcspn(path + 1, "/") + 1;
	fprintf(stderr, "%s: %s %s%s %d %.1fms\n", r->prog, m,
	    log_safe(first, sizeof(first), path, n),
	    path[n] != '\0' ? "/..." : "", r->status, ms);
}

static int
serve(const struct app *app, const struct tmpl_set *ts, struct arena *a,
    char **envp, struct input *in, struct sink out)
{
	struct req	 r;
	struct timespec	 t0, t1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	memset(&r, 0, sizeof(r));
	r.arena = a;
	r.envp = envp;
	r.out = out;
	r.prog = app->name;
	r.tmpls = ts;
	r.layout = app->view;
	buf_init(&r.hdrs, a);
	buf_init(&r.body, a);
	dispatch(app, &r, in);
	if (!r.done)
		resp_error(&r, 500, NULL);
	if (!r.streaming && resp_write_head(&r) == 0 && r.method != M_HEAD)
		sink_write(&r.out, r.body.data, r.body.len);
	if (app->after != NULL)
		app->after();
	clock_gettime(CLOCK_MONOTONIC, &t1);
	log_request(&r, (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
	arena_reset(a);
	return r.status;
}

int
app_serve(const struct app *app, const struct tmpl_set *ts, char **envp,
    const char *body, size_t len, const struct sink *out)
{
	struct arena	*a;
	struct input	 in = { NULL, body != NULL ? body : "", len, 0 };
	int		 status;

	if ((a = arena_new()) == NULL)
		return 500;
	status = serve(app, ts, a, envp, &in, *out);
	arena_free(a);
	return status;
}

static int
run_cgi(const struct app *app)
{
	struct arena	*a;
	struct input	 in = { NULL, NULL, 0, 0 };
	int		 rc = 0;

	if (app->init != NULL && app->init() == -1)
		return 1;
	if (drop_root(app->name) == -1)
		return 1;
	if ((a = arena_new()) == NULL)
		return 1;
	serve(app, templates, a, environ, &in, sink_file(stdout));
	if (fflush(stdout) == EOF)
		rc = 1;
	arena_free(a);
	if (app->fini != NULL)
		app->fini();
	return rc;
}

/*
 * Least privilege, as slowcgi does: a process started as root gives it
 * up for run_user once what needs root is done (the socket bound by the
 * master; the database, its WAL and lock files opened by init), so a
 * bug in a handler cannot act as root. Permissions are checked when a
 * file is opened, so the open database stays usable. Returns 0, or -1
 * if the drop failed or root could be taken back: then the caller must
 * not serve.
 */
static int
drop_root(const char *prog)
{
	struct passwd	*pw;

	if (geteuid() != 0 && getuid() != 0)
		return 0;
	if ((pw = getpwnam(run_user)) == NULL) {
		fprintf(stderr, "%s: no user %s to run as (--user)\n", prog,
		    run_user);
		return -1;
	}
	if (pw->pw_uid == 0) {
		fprintf(stderr, "%s: refusing to serve as root (--user %s)\n",
		    prog, run_user);
		return -1;
	}
	if (setgroups(1, &pw->pw_gid) == -1 || setgid(pw->pw_gid) == -1 ||
	    setuid(pw->pw_uid) == -1) {
		fprintf(stderr, "%s: cannot become %s: %s\n", prog, run_user,
		    strerror(errno));
		return -1;
	}
	if (setuid(0) != -1 || geteuid() == 0) {
		fprintf(stderr, "%s: root could be taken back\n", prog);
		return -1;
	}
	return 0;
}

static void
on_stop(int sig)
{
	(void)sig;
	stopping = 1;
}

/*
 * Refuse a request for a role other than FCGI_RESPONDER (a FILTER or an
 * AUTHORIZER): FastCGI 1.0 section 5.5 has the application answer
 * FCGI_END_REQUEST with protocolStatus FCGI_UNKNOWN_ROLE. libfcgi has no
 * call for that (FCGX_Finish_r() always says FCGI_REQUEST_COMPLETE and
 * would serve a FILTER as a responder), so the record is written here
 * on the request's connection (ipcFd, below libfcgi's "don't use" line:
 * the one field that is needed), and the request is freed and its
 * connection closed without libfcgi writing anything more.
 */
static void
refuse_role(FCGX_Request *fr)
{
	unsigned char	 rec[FCGI_HEADER_LEN + sizeof(FCGI_EndRequestBody)];
	size_t		 off = 0;
	ssize_t		 n;

	memset(rec, 0, sizeof(rec));
	rec[0] = FCGI_VERSION_1;
	rec[1] = FCGI_END_REQUEST;
	rec[2] = (unsigned char)((fr->requestId >> 8) & 0xff);
	rec[3] = (unsigned char)(fr->requestId & 0xff);
	rec[5] = sizeof(FCGI_EndRequestBody);	/* content length, low byte */
	/* appStatus 0; then the protocol status. */
	rec[FCGI_HEADER_LEN + 4] = FCGI_UNKNOWN_ROLE;
	while (fr->ipcFd >= 0 && off < sizeof(rec)) {
		n = write(fr->ipcFd, rec + off, sizeof(rec) - off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	FCGX_Free(fr, 1);
}

/* One worker: accept and serve until told to stop. */
static int
worker(const struct app *app, int fd)
{
	FCGX_Request	 fr;
	struct arena	*a;
	struct input	 in = { NULL, NULL, 0, 0 };

	signal(SIGTERM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	signal(SIGPIPE, SIG_IGN);
	if (app->init != NULL && app->init() == -1)
		return 1;
	if (drop_root(app->name) == -1)
		return 1;
	if ((a = arena_new()) == NULL || FCGX_InitRequest(&fr, fd, 0) != 0)
		return 1;
	while (FCGX_Accept_r(&fr) >= 0) {
		struct sink	 out = { fcgx_write, fr.out };

		if (fr.role != FCGI_RESPONDER) {
			refuse_role(&fr);
			continue;
		}

		in.fcgx = fr.in;
		serve(app, templates, a, fr.envp, &in, out);
		FCGX_Finish_r(&fr);
	}
	arena_free(a);
	if (app->fini != NULL)
		app->fini();
	return 0;
}

/* Create the Unix socket: mode 0660 and group gname, or 0600. */
static int
open_socket(const char *path, const char *gname)
{
	struct sockaddr_un	 sa;
	struct stat		 st;
	struct group		*g = NULL;
	mode_t			 old;
	int			 fd;

	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "socket path too long: %s\n", path);
		return -1;
	}
	memcpy(sa.sun_path, path, strlen(path) + 1);
	if (gname != NULL && (g = getgrnam(gname)) == NULL) {
		fprintf(stderr, "no such group: %s\n", gname);
		return -1;
	}
	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			fprintf(stderr, "%s exists and is not a socket\n", path);
			return -1;
		}
		unlink(path);
	}
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1) {
		perror("socket");
		return -1;
	}
	/* Never world-connectable, not even for a moment. */
	old = umask(0177);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1) {
		umask(old);
		perror(path);
		close(fd);
		return -1;
	}
	umask(old);
	if (g != NULL && (chown(path, (uid_t)-1, g->gr_gid) == -1 ||
	    chmod(path, 0660) == -1)) {
		perror(path);
		close(fd);
		return -1;
	}
	if (listen(fd, LISTEN_BACKLOG) == -1) {
		perror("listen");
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * Split "ADDR:PORT" ("10.0.0.2:9001", "[fd00::2]:9001") into host and
 * port (both NUL-terminated in buf). 0, or -1 if malformed or too long.
 */
static int
split_listen(const char *spec, char *buf, size_t len, char **host,
    char **port)
{
	char	*colon;

	if (strlen(spec) >= len)
		return -1;
	memcpy(buf, spec, strlen(spec) + 1);
	if ((colon = strrchr(buf, ':')) == NULL || colon == buf ||
	    colon[1] == '\0')
		return -1;
	*colon = '\0';
	*port = colon + 1;
	*host = buf;
	if (buf[0] == '[') {
		if (colon[-1] != ']' || colon - buf < 3)
			return -1;
		colon[-1] = '\0';
		*host = buf + 1;
	}
	return 0;
}

/*
 * Listen on TCP at "ADDR:PORT", for FastCGI between hosts. ADDR must be
 * a numeric address and not the wildcard (0.0.0.0, ::): FastCGI carries
 * no authentication, so it is bound to the private network's address
 * only, never to every interface. Returns the socket or -1.
 */
static int
open_listen(const char *spec)
{
	struct addrinfo	 hints, *ai = NULL;
	char		 buf[APP_LISTEN_MAX], *host, *port;
	int		 fd, on = 1, rc;

	if (split_listen(spec, buf, sizeof(buf), &host, &port) == -1) {
		fprintf(stderr, "--listen: ADDR:PORT, as 10.0.0.2:9001 "
		    "or [fd00::2]:9001\n");
		return -1;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
	if ((rc = getaddrinfo(host, port, &hints, &ai)) != 0) {
		fprintf(stderr, "--listen %s: %s\n", spec, gai_strerror(rc));
		return -1;
	}
	if ((ai->ai_family == AF_INET &&
	    ((struct sockaddr_in *)ai->ai_addr)->sin_addr.s_addr ==
	    htonl(INADDR_ANY)) || (ai->ai_family == AF_INET6 &&
	    IN6_IS_ADDR_UNSPECIFIED(
	    &((struct sockaddr_in6 *)ai->ai_addr)->sin6_addr))) {
		fprintf(stderr, "--listen %s: give the private address, "
		    "not every interface\n", spec);
		freeaddrinfo(ai);
		return -1;
	}
	if ((fd = socket(ai->ai_family, ai->ai_socktype,
	    ai->ai_protocol)) == -1) {
		perror("socket");
		freeaddrinfo(ai);
		return -1;
	}
	/* A restarted program binds again at once (TIME_WAIT). */
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) == -1 ||
	    bind(fd, ai->ai_addr, ai->ai_addrlen) == -1 ||
	    listen(fd, LISTEN_BACKLOG) == -1) {
		fprintf(stderr, "--listen %s: %s\n", spec, strerror(errno));
		freeaddrinfo(ai);
		close(fd);
		return -1;
	}
	freeaddrinfo(ai);
	return fd;
}

/* The prefork master: keep n workers alive until SIGTERM or SIGINT. */
static int
master(const struct app *app, int fd, int n, const char *sockpath)
{
	pid_t		 pids[APP_WORKERS_MAX];
	time_t		 born[APP_WORKERS_MAX];
	struct sigaction sa;
	int		 i, st;
	pid_t		 pid;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);	/* no SA_RESTART: waitpid wakes */
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	for (i = 0; i < n; i++)
		pids[i] = 0;
	while (!stopping) {
		for (i = 0; i < n && !stopping; i++) {
			if (pids[i] != 0)
				continue;
			if ((pid = fork()) == -1) {
				perror("fork");
				sleep(RESPAWN_MIN_S);
				continue;
			}
			if (pid == 0)
				_exit(worker(app, fd));
			pids[i] = pid;
			born[i] = time(NULL);
		}
		pid = waitpid(-1, &st, 0);
		if (pid <= 0)
			continue;
		for (i = 0; i < n; i++) {
			if (pids[i] != pid)
				continue;
			pids[i] = 0;
			if (stopping)
				break;
			if (WIFSIGNALED(st))
				fprintf(stderr, "%s: worker %d killed by "
				    "signal %d; starting another\n", app->name,
				    (int)pid, WTERMSIG(st));
			else
				fprintf(stderr, "%s: worker %d exited with "
				    "%d; starting another\n", app->name,
				    (int)pid, WEXITSTATUS(st));
			/* A worker that cannot start must not spin. */
			if (time(NULL) - born[i] < RESPAWN_MIN_S)
				sleep(RESPAWN_MIN_S);
		}
	}
	for (i = 0; i < n; i++)
		if (pids[i] != 0)
			kill(pids[i], SIGTERM);
	for (i = 0; i < n; i++)
		if (pids[i] != 0)
			waitpid(pids[i], NULL, 0);
	if (sockpath != NULL)
		unlink(sockpath);
	return 0;
}

static void
usage(const char *name)
{
	fprintf(stderr, "usage: %s.fcgi [--socket PATH [--group NAME] | "
	    "--listen ADDR:PORT]\n"
	    "    [--workers N] [--user NAME] [--check]\n"
	    "With neither: FastCGI on standard input if it is a socket,\n"
	    "else one request as plain CGI. Started as root, workers serve\n"
	    "as --user (default %s).\n", name, APP_USER_DEFAULT);
}

int
app_main(const struct app *app, int argc, char *argv[])
{
	const char	*sock = NULL, *group = NULL, *dir, *tcp = NULL;
	char		 err[512];
	int		 i, workers = 1, check = 0, fd;
	char		*end;
	long		 v;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--socket") == 0 && i + 1 < argc)
			sock = argv[++i];
		else if (strcmp(argv[i], "--listen") == 0 && i + 1 < argc)
			tcp = argv[++i];
		else if (strcmp(argv[i], "--group") == 0 && i + 1 < argc)
			group = argv[++i];
		else if (strcmp(argv[i], "--user") == 0 && i + 1 < argc)
			run_user = argv[++i];
		else if (strcmp(argv[i], "--workers") == 0 && i + 1 < argc) {
			errno = 0;
			v = strtol(argv[++i], &end, 10);
			if (errno != 0 || *end != '\0' || v < 1 ||
			    v > APP_WORKERS_MAX) {
				fprintf(stderr, "--workers: 1 to %d\n",
				    APP_WORKERS_MAX);
				return 2;
			}
			workers = (int)v;
		} else if (strcmp(argv[i], "--check") == 0)
			check = 1;
		else {
			usage(app->name);
			return 2;
		}
	}
	if (sock != NULL && tcp != NULL) {
		fprintf(stderr, "%s: --socket or --listen, not both\n",
		    app->name);
		return 2;
	}

	/* Templates: parsed once, before any request; an error stops us. */
	dir = getenv("TESSERA_TEMPLATES");
	if (dir == NULL || *dir == '\0')
		dir = TESSERA_TEMPLATES;
	if ((templates = tmpl_load(dir, err, sizeof(err))) == NULL) {
		fprintf(stderr, "%s: templates: %s\n", app->name, err);
		return 1;
	}
	/* Open the database once in the master, so that a bad setting
	 * stops the program at start-up, then close it before forking. */
	if (sock != NULL || tcp != NULL || check) {
		if (app->init != NULL && app->init() == -1)
			return 1;
		if (app->fini != NULL)
			app->fini();
	}
	if (check)
		return 0;
	if (sock != NULL) {
		if ((fd = open_socket(sock, group)) == -1)
			return 1;
		FCGX_Init();
		return master(app, fd, workers, sock);
	}
	if (tcp != NULL) {
		if ((fd = open_listen(tcp)) == -1)
			return 1;
		FCGX_Init();
		return master(app, fd, workers, NULL);
	}
	if (FCGX_IsCGI())
		return run_cgi(app);
	FCGX_Init();
	return workers > 1 ? master(app, 0, workers, NULL) : worker(app, 0);
}
