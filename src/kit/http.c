/*
 * http.c: request accessors, responses, CSRF.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "buf.h"
#include "http.h"
#include "i18n.h"
#include "json.h"
#include "outcome.h"
#include "tmpl.h"
#include "token.h"
#include "view.h"

/*
 * Sent with every response, error pages included. No inline script or
 * style anywhere (CSP); pages cannot be framed; the booking links are
 * keys, so no Referer ever carries them to another site (same-origin,
 * not no-referrer: with no-referrer browsers send "Origin: null" on our
 * own form POSTs, and old ones without Sec-Fetch-Site could not post).
 */
static const char security_headers[] =
    "Content-Security-Policy: default-src 'none'; script-src 'self'; "
    "style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "media-src 'self' blob:; manifest-src 'self'; worker-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'\r\n"
    "X-Content-Type-Options: nosniff\r\n"
    "Referrer-Policy: same-origin\r\n"
    "X-Frame-Options: DENY\r\n"
    "Cross-Origin-Opener-Policy: same-origin\r\n"
    "Cross-Origin-Resource-Policy: same-origin\r\n"
    "Vary: Accept\r\n";

/* Permissions-Policy unless a handler sets its own (the scanner). */
static const char permissions_default[] =
    "Permissions-Policy: camera=(), microphone=(), geolocation=()\r\n";

const char *
http_reason(int s)
{
	switch (s) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 411: return "Length Required";
	case 413: return "Content Too Large";
	case 414: return "URI Too Long";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	default: return "Unknown";
	}
}

const char *
req_env(const struct req *r, const char *name)
{
	size_t	 n = strlen(name);
	char	**e;

	if (r->envp == NULL)
		return NULL;
	for (e = r->envp; *e != NULL; e++)
		if (strncmp(*e, name, n) == 0 && (*e)[n] == '=')
			return *e + n + 1;
	return NULL;
}

const char *
req_header(const struct req *r, const char *name)
{
	char	 key[128];
	size_t	 i, n;

	n = strlen(name);
	if (n + 6 > sizeof(key))
		return NULL;
	memcpy(key, "HTTP_", 5);
	for (i = 0; i < n; i++)
		key[5 + i] = name[i] == '-' ? '_' :
		    (char)toupper((unsigned char)name[i]);
	key[5 + n] = '\0';
	return req_env(r, key);
}

const char *
req_cookie(const struct req *r, const char *name)
{
	return form_get(&r->cookies, name);
}

const char *
req_param(const struct req *r, size_t i)
{
	return i < r->nparams ? r->params[i] : NULL;
}

/* Whether s holds CR, LF or NUL-free text of visible characters and spaces. */
static int
header_safe(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s == '\r' || *s == '\n' || (unsigned char)*s < 0x20 ||
		    *s == 0x7f)
			if (*s != '\t')
				return 0;
	return 1;
}

/* RFC 9110 token characters. */
static int
token_safe(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) &&
		    strchr("!#$%&'*+-.^_`|~", *s) == NULL)
			return 0;
	return 1;
}

int
resp_header(struct req *r, const char *name, const char *value)
{
	if (!token_safe(name) || !header_safe(value))
		return -1;
	if (r->hdrs.len + strlen(name) + strlen(value) + 4 > RESP_HEADERS_MAX)
		return -1;
	buf_puts(&r->hdrs, name);
	buf_puts(&r->hdrs, ": ");
	buf_puts(&r->hdrs, value);
	buf_puts(&r->hdrs, "\r\n");
	return buf_failed(&r->hdrs) ? -1 : 0;
}

int
resp_cookie(struct req *r, const char *name, const char *value,
    long max_age, int flags)
{
	char	*v;

	/* Cookie values: RFC 6265 cookie-octets only. */
	for (const char *p = value; *p != '\0'; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f ||
		    strchr("\",;\\", *p) != NULL)
			return -1;
	v = arena_printf(r->arena, "%s=%s; Path=/; HttpOnly; SameSite=%s%s",
	    name, value, (flags & COOKIE_STRICT) ? "Strict" : "Lax",
	    r->https ? "; Secure" : "");
	if (v == NULL)
		return -1;
	if (max_age >= 0 &&
	    (v = arena_printf(r->arena, "%s; Max-Age=%ld", v, max_age)) == NULL)
		return -1;
	return resp_header(r, "Set-Cookie", v);
}

int
http_local_path(const char *s)
{
	return s != NULL && s[0] == '/' && s[1] != '/' && s[1] != '\\' &&
	    strchr(s, '\t') == NULL;
}

int
resp_redirect(struct req *r, const char *loc)
{
	/* Local paths only: "//host" and "/\host" would leave the site,
	 * and so would "/<TAB>/host", since browsers drop tabs from a URL
	 * before they read it (WHATWG URL: "remove all ASCII tab or
	 * newline"); header_safe() refuses CR and LF. */
	if (!http_local_path(loc) || resp_header(r, "Location", loc) == -1)
		return 500;
	r->status = 303;
	r->body.len = 0;
	r->done = 1;
	return 303;
}

int
resp_body(struct req *r, int status, const char *ctype, const char *data,
    size_t len)
{
	r->body.len = 0;
	if (resp_header(r, "Content-Type", ctype) == -1 ||
	    buf_append(&r->body, data, len) == -1)
		return 500;
	r->status = status;
	r->done = 1;
	return status;
}

int
resp_json(struct req *r, int status, const struct view *v)
{
	struct sink	 s;

	r->body.len = 0;
	s = sink_buf(&r->body);
	if (json_write_view(&s, v) == -1 || buf_failed(&r->body) ||
	    resp_header(r, "Content-Type",
	    "application/json; charset=utf-8") == -1)
		return 500;
	r->status = status;
	r->done = 1;
	return status;
}

int
resp_view(struct req *r, int status, const char *tmpl, const struct view *v)
{
	struct sink		 s;
	const struct tmpl_set	*ts = r->tmpls;

	if (r->want_json)
		return resp_json(r, status, v);
	/* A page answered with an error (but a form shown again, 422) is
	 * marked, so that the layout says nothing of the address that led
	 * to it (header.html's language links): two such pages are alike
	 * whatever their address. The view is the handler's own, made in
	 * this request's arena. */
	if (status >= 400 && status != 422 &&
	    view_set_bool((struct view *)(uintptr_t)v, "_error_page", 1) == -1)
		return 500;
	r->body.len = 0;
	s = sink_buf(&r->body);
	if (ts == NULL || tmpl_render(ts, tmpl, v, &s) == -1 ||
	    buf_failed(&r->body))
		return 500;
	if (resp_header(r, "Content-Type", "text/html; charset=utf-8") == -1)
		return 500;
	r->status = status;
	r->done = 1;
	return status;
}

/* A title a person understands, for the error pages. */
static const char *
error_title(int status, const char *flag)
{
	if (flag != NULL && strcmp(flag, "form_expired") == 0)
		return N_("This form has expired");
	switch (status) {
	case 404: return N_("Page not found");
	case 403: return N_("Not allowed");
	case 405: return N_("Not available this way");
	case 413: return N_("Too large");
	case 500: return N_("Something went wrong");
	default: return http_reason(status);
	}
}

int
resp_error_page(struct req *r, int status, const char *flag,
    const char *message)
{
	struct view	*v;
	const char	*title = http_reason(status);
	char		 text[256], sflag[16];
	int		 n;

	r->body.len = 0;
	snprintf(sflag, sizeof(sflag), "status_%d", status);
	v = r->layout != NULL ?
	    r->layout(r, error_title(status, flag)) : view_new(r->arena);
	if (v != NULL &&
	    view_set_int(v, "status", status) == 0 &&
	    view_set(v, "title", title) == 0 &&
	    view_set_bool(v, sflag, 1) == 0 &&
	    view_set_bool(v, "_error_page", 1) == 0 &&
	    (flag == NULL || view_set_bool(v, flag, 1) == 0) &&
	    (message == NULL || view_set(v, "message",
	    i18n_text(NULL, message)) == 0) &&
	    resp_view(r, status, "error.html", v) == status && r->done)
		return status;	/* (resp_view's own failure is also 500) */
	/* No template or no memory: a plain page still says what happened. */
	r->body.len = 0;
	n = snprintf(text, sizeof(text), "%d %s\n%s\n", status, title,
	    message ? message : "");
	if (n < 0 || (size_t)n >= sizeof(text))
		n = (int)strlen(text);
	if (resp_body(r, status, "text/plain; charset=utf-8", text,
	    (size_t)n) != status) {
		/* Last resort: an empty body with the right status. */
		r->status = status;
		r->done = 1;
	}
	return status;
}

int
resp_outcome(int outcome)
{
	switch (outcome) {
	case OUTCOME_OK:
		return 0;
	case OUTCOME_NOT_FOUND:
		return 404;
	default:
		return 500;
	}
}

int
resp_error(struct req *r, int status, const char *message)
{
	return resp_error_page(r, status, NULL, message);
}

/* Write status line and headers to the connection. */
int
resp_write_head(struct req *r)
{
	struct buf	 h;
	const char	*ctype_seen;

	buf_init(&h, r->arena);
	buf_printf(&h, "Status: %d %s\r\n", r->status, http_reason(r->status));
	buf_puts(&h, security_headers);
	if (strcasestr(r->hdrs.data, "Permissions-Policy:") == NULL)
		buf_puts(&h, permissions_default);
	if (strcasestr(r->hdrs.data, "Cache-Control:") == NULL)
		buf_puts(&h, "Cache-Control: no-store\r\n");
	ctype_seen = strcasestr(r->hdrs.data, "Content-Type:");
	if (ctype_seen == NULL && r->status != 303 && r->status != 304 &&
	    r->status != 204)
		buf_puts(&h, "Content-Type: text/plain; charset=utf-8\r\n");
	buf_append(&h, r->hdrs.data, r->hdrs.len);
	if (!r->streaming)
		buf_printf(&h, "Content-Length: %zu\r\n", r->body.len);
	buf_puts(&h, "\r\n");
	if (buf_failed(&h))
		return -1;
	return sink_write(&r->out, h.data, h.len);
}

const struct sink *
resp_stream(struct req *r, int status, const char *ctype)
{
	if (r->streaming || resp_header(r, "Content-Type", ctype) == -1)
		return NULL;
	r->status = status;
	r->streaming = 1;
	r->done = 1;
	if (resp_write_head(r) == -1)
		return NULL;
	return &r->out;
}

/* The cookie name: __Host- binds it to this origin when over TLS. */
static const char *
csrf_cookie_name(const struct req *r)
{
	return r->https ? "__Host-csrf" : "csrf";
}

const char *
csrf_token(struct req *r)
{
	const char	*c;

	if (r->csrf[0] != '\0')
		return r->csrf;
	c = req_cookie(r, csrf_cookie_name(r));
	if (c != NULL && token_valid(c)) {
		memcpy(r->csrf, c, TOKEN_B32_LEN + 1);
		return r->csrf;
	}
	if (token_new(r->csrf, sizeof(r->csrf)) == -1) {
		r->csrf[0] = '\0';
		return NULL;
	}
	if (resp_cookie(r, csrf_cookie_name(r), r->csrf, -1,
	    COOKIE_STRICT) == -1)
		return NULL;
	return r->csrf;
}

int
csrf_check(struct req *r)
{
	const char	*site, *origin, *host, *cookie, *field;
	char		*want;

	/* Fetch metadata: a browser says where the request came from. */
	site = req_header(r, "Sec-Fetch-Site");
	if (site != NULL && strcmp(site, "same-origin") != 0 &&
	    strcmp(site, "none") != 0)
		return -1;
	origin = req_header(r, "Origin");
	/*
	 * A browser sends "Origin: null" on a same-origin form POST when
	 * the page's referrer policy is no-referrer (Fetch standard,
	 * "serializing a request origin"); its Sec-Fetch-Site vouches.
	 */
	if (origin != NULL && strcmp(origin, "null") == 0 &&
	    site != NULL && strcmp(site, "same-origin") == 0)
		origin = NULL;
	if (origin != NULL) {
		host = req_header(r, "Host");
		if (host == NULL)
			return -1;
		want = arena_printf(r->arena, "%s://%s",
		    r->https ? "https" : "http", host);
		if (want == NULL || strcasecmp(origin, want) != 0)
			return -1;
	}
	cookie = req_cookie(r, csrf_cookie_name(r));
	field = form_get(&r->bf, "csrf");
	if (cookie == NULL || field == NULL || !token_valid(cookie) ||
	    !ct_streq(cookie, field))
		return -1;
	return 0;
}
