/*
 * web.c: the programs' shared glue (HTTP on one side, the college on
 * the other).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kit/app.h"
#include "kit/arena.h"
#include "kit/buf.h"
#include "kit/db.h"
#include "kit/form.h"
#include "kit/http.h"
#include "kit/i18n.h"
#include "kit/tmpl.h"
#include "kit/view.h"
#include "college/booking.h"
#include "college/clock.h"
#include "college/college.h"
#include "college/settings.h"
#include "college/staff.h"
#include "college/when.h"
#include "web.h"

#ifndef TESSERA_TEMPLATES
#define TESSERA_TEMPLATES "templates"
#endif
#ifndef TESSERA_LOCALEDIR
#define TESSERA_LOCALEDIR "build/locale"
#endif

struct db	*web_db;
static char	 css_url[WEB_STATIC_URL_MAX] = "/static/style.css";

static int	 web_view_langs(struct req *, struct view *);

void
web_static_url(const char *name, char *url, size_t urlsz)
{
	const char	*dir = getenv("TESSERA_TEMPLATES");
	char		 path[1024], b[4096];
	unsigned long	 h = 2166136261UL;	/* FNV-1a */
	ssize_t		 n, i;
	int		 fd;

	if (dir == NULL || *dir == '\0')
		dir = TESSERA_TEMPLATES;
	if ((size_t)snprintf(path, sizeof(path), "%s/static/%s", dir, name) >=
	    sizeof(path) || (fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return;
	while ((n = read(fd, b, sizeof(b))) > 0)
		for (i = 0; i < n; i++)
			h = ((h ^ (unsigned char)b[i]) * 16777619UL) & 0xffffffffUL;
	close(fd);
	if (n == 0)
		snprintf(url, urlsz, "/static/%s?v=%08lx", name, h);
}

int
web_init(void)
{
	char	 err[512];

	if ((web_db = college_open(college_db_path(), err, sizeof(err))) == NULL) {
		fprintf(stderr, "tessera: %s\n", err);
		return -1;
	}
	/* The key that seals booking links is read now, while the worker
	 * may still read a 0600 file; it then serves as --user (app.c). */
	if (booking_key_ensure(web_db) == -1) {
		fprintf(stderr, "tessera: the booking links' key cannot be "
		    "read or made (TESSERA_KEY_FILE)\n");
		return -1;
	}
	web_static_url("style.css", css_url, sizeof(css_url));
	/* Without them every page is still whole, in English. */
	if (web_i18n_init() == -1)
		fprintf(stderr, "tessera: the translations cannot be used "
		    "(no C.UTF-8 locale?): pages are in English\n");
	return 0;
}

int
web_i18n_init(void)
{
	const char	*dir = getenv("TESSERA_LOCALEDIR");

	return i18n_init(dir != NULL && *dir != '\0' ? dir :
	    TESSERA_LOCALEDIR);
}

/* --- The reader's language ------------------------------------------------ */

/* How often, at most, a process reads the language settings again. */
#define WEB_LANGS_CHECK_S	1
/* Bytes kept of each: I18N_LANGS_MAX tags and their commas, and more. */
#define WEB_LANGS_BUF		128

/*
 * The offered and default languages, read at most once a second per
 * process rather than twice a request: every page, a cached one too,
 * needs them before anything else, and two SELECTs a request cost the
 * catalogue a measurable share of its throughput. A change made in the
 * settings is used within WEB_LANGS_CHECK_S, as a new time zone is.
 */
static struct {
	time_t	 checked;
	char	 offered[WEB_LANGS_BUF];
	char	 deflt[I18N_TAG_MAX + 1];
} langs;

static void
langs_check(struct req *r)
{
	time_t		 now = time(NULL);
	const char	*o, *d;

	if (langs.checked != 0 && now - langs.checked < WEB_LANGS_CHECK_S)
		return;
	o = college_setting(web_db, r->arena, "languages",
	    SETTINGS_LANGUAGES_DEFAULT);
	d = college_setting(web_db, r->arena, "default_language",
	    SETTINGS_LANGUAGE_DEFAULT);
	if (o == NULL || strlen(o) >= sizeof(langs.offered))
		o = SETTINGS_LANGUAGES_DEFAULT;
	if (d == NULL || !i18n_tag_ok(d) || strlen(d) >= sizeof(langs.deflt))
		d = "en";
	memcpy(langs.offered, o, strlen(o) + 1);
	memcpy(langs.deflt, d, strlen(d) + 1);
	langs.checked = now;
}

const char *
web_languages(struct req *r)
{
	langs_check(r);
	return arena_strdup(r->arena, langs.offered);
}

const char *
web_default_language(struct req *r)
{
	langs_check(r);
	return arena_strdup(r->arena, langs.deflt);
}

void
web_before(struct req *r)
{
	const char	*offered, *c;
	char		*lang;

	/* JSON is for programs: its keys and values stay as they are
	 * whatever the reader's language (the msgids, English). The
	 * door's and the office's pages follow the reader too. */
	if (r->want_json) {
		(void)i18n_use("en");
		return;
	}
	if ((lang = arena_alloc(r->arena, I18N_TAG_MAX + 1)) == NULL) {
		(void)i18n_use("en");
		return;
	}
	offered = web_languages(r);
	c = req_cookie(r, WEB_LANG_COOKIE);
	if (c != NULL && i18n_offered(offered, c))
		strcpy(lang, c);
	else
		i18n_negotiate(req_header(r, "Accept-Language"), offered,
		    web_default_language(r), lang, I18N_TAG_MAX + 1);
	if (i18n_use(lang) == 0)
		r->lang = lang;
	else
		(void)i18n_use("en");
	/* Pages that may be kept by a shared cache (Cache-Control: public)
	 * differ by these two. */
	(void)resp_header(r, "Vary", "Accept-Language, Cookie");
}

int
web_lang(struct req *r)
{
	const char	*lang = req_param(r, 0), *next;

	if (!i18n_offered(web_languages(r), lang))
		return 404;
	next = form_get(&r->qf, "next");
	if (next == NULL || !web_next_ok(next))
		next = "/courses";
	if (resp_cookie(r, WEB_LANG_COOKIE, lang, WEB_LANG_COOKIE_AGE,
	    COOKIE_LAX) == -1)
		return 500;
	return resp_redirect(r, next);
}

void
web_fini(void)
{
	db_close(web_db);
	web_db = NULL;
}

void
web_after(void)
{
	db_release(web_db);
}

/* A failure that was the database server going away (app.h). */
static int
web_unavailable(void)
{
	return web_db != NULL && db_lost(web_db);
}

int
web_main(const char *name, const struct route *routes, size_t nroutes,
    int (*init)(void), int argc, char *argv[])
{
	/* Static: app_main() keeps using it while the program runs. */
	static struct app	 app;

	app.name = name;
	app.routes = routes;
	app.nroutes = nroutes;
	app.init = init != NULL ? init : web_init;
	app.fini = web_fini;
	app.after = web_after;
	app.before = web_before;
	app.unavailable = web_unavailable;
	app.view = web_view;
	return app_main(&app, argc, argv);
}

/* How often, at most, a process looks for a new time zone setting. */
#define WEB_ZONE_CHECK_S	1

/*
 * A zone changed in the settings is used without a restart: a page
 * looks for one before it is drawn, at most once a second per process
 * (one prepared SELECT).
 */
static void
zone_check(void)
{
	static time_t	 checked;
	time_t		 now = time(NULL);

	if (now - checked >= WEB_ZONE_CHECK_S) {
		checked = now;
		(void)college_zone_refresh(web_db);
	}
}

struct view *
web_view(struct req *r, const char *title)
{
	struct view	*v;

	zone_check();

	if ((v = view_new(r->arena)) == NULL ||
	    view_set(v, "college_name", college_setting(web_db, r->arena,
	    "college_name", "Recovery College")) == -1 ||
	    view_set(v, "page_title", title != NULL ?
	    i18n_text(NULL, title) : NULL) == -1 ||
	    view_set(v, "_css", css_url) == -1 ||
	    web_view_langs(r, v) == -1)
		return NULL;
	return v;
}

/*
 * The layout's language variables: _lang (the page's), _langs (a row
 * per offered language: code, name in itself, current) and _here (this
 * address, for the chooser's next=). 0 or -1.
 */
static int
web_view_langs(struct req *r, struct view *v)
{
	const char	*offered = web_languages(r), *p, *here;
	char		 tag[I18N_TAG_MAX + 1];
	struct view	*row;
	size_t		 n, count = 0;

	if (view_set(v, "_lang", r->lang != NULL ? r->lang : "en") == -1)
		return -1;
	if (r->lang == NULL)		/* a page only in English: no chooser */
		return 0;
	here = r->query != NULL && r->query[0] != '\0' ?
	    arena_printf(r->arena, "%s?%s", r->path, r->query) : r->path;
	if (here == NULL || !web_next_ok(here))
		here = "/courses";
	if (view_set(v, "_here", here) == -1)
		return -1;
	for (p = offered; *p != '\0' && count < I18N_LANGS_MAX; count++) {
		p += strspn(p, " ,");
		n = strcspn(p, " ,");
		if (n == 0)
			break;
		if (n < sizeof(tag)) {
			memcpy(tag, p, n);
			tag[n] = '\0';
			if (i18n_tag_ok(tag) && ((row = view_row(v, "_langs")) ==
			    NULL || view_set(row, "code", tag) == -1 ||
			    view_set(row, "name", i18n_name(tag)) == -1 ||
			    view_set_bool(row, "current", r->lang != NULL &&
			    strcmp(r->lang, tag) == 0) == -1))
				return -1;
		}
		p += n;
	}
	return 0;
}

struct view *
web_form_view(struct req *r, const char *title)
{
	struct view	*v;
	const char	*t;

	if ((v = web_view(r, title)) == NULL || (t = csrf_token(r)) == NULL ||
	    view_set(v, "_csrf", t) == -1)
		return NULL;
	return v;
}

/* --- Addresses ------------------------------------------------------------ */

int
web_id_parse(const char *s, long long *id)
{
	char	*end;
	size_t	 n;

	if (s == NULL || (n = strlen(s)) == 0 || n > WEB_ID_DIGITS ||
	    strspn(s, "0123456789") != n)
		return -1;
	errno = 0;
	*id = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || *id < 1)
		return -1;
	return 0;
}

int
web_param_id(struct req *r, size_t i, long long *id)
{
	return web_id_parse(req_param(r, i), id);
}

int
web_slug_ok(const char *s)
{
	size_t	 i;

	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return 0;
	return i > 0;
}

const char *
web_url_enc(struct req *r, const char *s)
{
	struct buf	 b;
	struct sink	 k;

	buf_init(&b, r->arena);
	k = sink_buf(&b);
	if (url_escape(&k, s) == -1 || buf_failed(&b))
		return NULL;
	return b.data;
}

int
web_next_ok(const char *s)
{
	size_t	 i, n;

	if (!http_local_path(s) || (n = strlen(s)) > WEB_NEXT_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] <= ' ' || s[i] >= 0x7f || s[i] == '\\')
			return 0;
	return 1;
}

int
web_redirect(struct req *r, const char *fmt, ...)
{
	va_list		 ap;
	char		*loc;

	va_start(ap, fmt);
	loc = arena_vprintf(r->arena, fmt, ap);
	va_end(ap);
	if (loc == NULL)
		return 500;
	return resp_redirect(r, loc);
}

/* --- The staff session ---------------------------------------------------- */

const char *
web_sid_cookie(const struct req *r)
{
	return r->https ? "__Host-sid" : "sid";
}

enum web_who_result
web_who(struct req *r, struct staff_user *u, int *ended)
{
	*ended = 0;
	switch (staff_session(web_db, r->arena, req_cookie(r,
	    web_sid_cookie(r)), college_now(), u)) {
	case STAFF_SESSION_OK:
		return WEB_WHO_STAFF;
	case STAFF_SESSION_EXPIRED:
		*ended = 1;
		(void)resp_cookie(r, web_sid_cookie(r), "", 0, COOKIE_LAX);
		return WEB_WHO_NOBODY;
	case STAFF_SESSION_NONE:
		return WEB_WHO_NOBODY;
	default:
		return WEB_WHO_ERROR;
	}
}

int
web_to_login(struct req *r, int ended, const char *fallback)
{
	const char	*here, *enc;

	if (r->method != M_GET && r->method != M_HEAD)
		return resp_redirect(r, ended ? "/login?ended=1" : "/login");
	here = r->query[0] != '\0' ?
	    arena_printf(r->arena, "%s?%s", r->path, r->query) : r->path;
	if (here == NULL)
		return 500;
	if (!web_next_ok(here))
		here = fallback;
	if ((enc = web_url_enc(r, here)) == NULL)
		return 500;
	return web_redirect(r, "/login?next=%s%s", enc,
	    ended ? "&ended=1" : "");
}

int
web_staff(struct req *r, struct staff_user *u, const char *fallback)
{
	int	 rc, ended;

	if ((rc = web_who(r, u, &ended)) != WEB_WHO_STAFF)
		return rc == WEB_WHO_NOBODY ? web_to_login(r, ended,
		    fallback) : 500;
	return 0;
}

/* --- Forms shown again ---------------------------------------------------- */

int
web_field_error(struct view *v, const char *field, const char *message)
{
	char		 name[VIEW_NAME_MAX];
	struct view	*e;

	snprintf(name, sizeof(name), "%s_error", field);
	if (view_set(v, name, message) == -1 ||
	    (e = view_row(v, "errors")) == NULL ||
	    view_set(e, "field", field) == -1 ||
	    view_set(e, "message", message) == -1)
		return -1;
	return 0;
}

int
web_keep(struct view *v, const struct form_spec *spec, size_t n,
    const struct form_value *fv, const char *skip)
{
	time_t	 t;
	size_t	 i;

	if (view_loop(v, "errors") == -1)
		return -1;
	if (fv == NULL)
		return 0;
	for (i = 0; i < n; i++) {
		if (skip != NULL && strcmp(spec[i].name, skip) == 0)
			continue;
		if (spec[i].type == FT_CHECKBOX) {
			if (view_set_bool(v, spec[i].name, fv[i].ival) == -1)
				return -1;
		} else if (view_set(v, spec[i].name,
		    fv[i].raw != NULL ? fv[i].raw : "") == -1)
			return -1;
		/* A browser empties a type="date" field whose value is not
		 * a date (HTML's value sanitization), and what was typed
		 * would vanish: the page shows such a field as text. */
		if (spec[i].type == FT_DATE && fv[i].raw != NULL &&
		    fv[i].raw[0] != '\0' && when_parse_date(fv[i].raw, &t) == -1 &&
		    view_set_bool(v, arena_printf(view_arena(v), "%s_as_text",
		    spec[i].name), 1) == -1)
			return -1;
	}
	for (i = 0; i < n; i++)
		if (fv[i].error != NULL &&
		    web_field_error(v, spec[i].name, fv[i].error) == -1)
			return -1;
	return 0;
}
