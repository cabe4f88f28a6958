/*
 * web.h: what the four programs share: the database connection of this
 * process, the variables every page's layout needs, and the small
 * pieces of HTTP handling more than one program uses (ids in paths,
 * next= addresses, the staff session, forms shown again with errors).
 */
#ifndef CGI_WEB_H
#define CGI_WEB_H

#include <stddef.h>

#include "kit/outcome.h"

struct db;
struct form_spec;
struct form_value;
struct req;
struct route;
struct staff_user;
struct view;

#define WEB_ID_DIGITS	18	/* an id in a path fits a long long */
#define WEB_NEXT_MAX	512	/* bytes of a next= address */
#define WEB_STATIC_URL_MAX 64	/* bytes of a versioned static address */

/* The cookie that remembers the chooser's answer, for a year. */
#define WEB_LANG_COOKIE		"lang"
#define WEB_LANG_COOKIE_AGE	(365L * 24 * 60 * 60)

/* This process's connection, opened by web_init() after fork. */
extern struct db	*web_db;

/* app.init / app.fini for every program. */
int		 web_init(void);
void		 web_fini(void);
/* app.after: reset any statement a handler left part-way. */
void		 web_after(void);
/* The translations (TESSERA_LOCALEDIR, else the build's); web_init()
 * calls it. 0 or -1. */
int		 web_i18n_init(void);
/*
 * app.before: the page's language into r->lang and i18n_use(): the
 * chooser's cookie when it names an offered language, else the best
 * offered match for Accept-Language, else the default language. A
 * request for JSON stays in English (the msgids): JSON views do not
 * change with the language; so do the staff's pages (the admin
 * program, /checkin), whose words are not translated yet.
 */
void		 web_before(struct req *);
/* The offered languages ('languages' setting, comma-separated) and the
 * default one ('default_language'), in the request's arena. */
const char	*web_languages(struct req *);
const char	*web_default_language(struct req *);
/*
 * GET /lang/{code}?next=/x: the chooser. Remembers an offered language
 * in the cookie and 303s to next (a safe local address, else /courses);
 * 404 for a language not offered.
 */
int		 web_lang(struct req *);

/*
 * Run the program named name with its routes: app_main() with init
 * (NULL for web_init; a program's own init must call web_init() first),
 * web_fini, web_after and web_view. Returns the exit status.
 */
int		 web_main(const char *name, const struct route *,
		    size_t nroutes, int (*init)(void), int argc, char *argv[]);

/*
 * A new view for a page titled title, with the layout's variables:
 * college_name, page_title, css (the stylesheet's versioned address),
 * _lang, _langs and _here (the language chooser).
 * NULL when out of memory.
 */
struct view	*web_view(struct req *, const char *title);
/* A view as web_view() with csrf set, for pages with a form. */
struct view	*web_form_view(struct req *, const char *title);

/*
 * Set url (of urlsz bytes) to "/static/name?v=HASH", HASH a hash of the
 * file's content, so that browsers may keep it for a year and still
 * fetch a new version. url is left as it was if the file cannot be
 * read to its end or the address does not fit.
 */
void		 web_static_url(const char *name, char *url, size_t urlsz);

/* A decimal id of 1 to WEB_ID_DIGITS digits, >= 1, into *id. 0 or -1. */
int		 web_id_parse(const char *, long long *id);
/* Route parameter i as an id into *id. 0, or -1 (answer 404). */
int		 web_param_id(struct req *, size_t i, long long *id);
/* Whether s is a course slug: 1 or more of [a-z0-9-] (catalogue URLs). */
int		 web_slug_ok(const char *s);
/* s percent-encoded for a query value, in the request's arena; NULL if
 * out of memory. */
const char	*web_url_enc(struct req *, const char *s);
/*
 * Whether s may be a next= address: a local path starting with one '/'
 * (not "//" or "/\", which would leave the site), of visible ASCII
 * without '\', at most WEB_NEXT_MAX bytes.
 */
int		 web_next_ok(const char *s);
/* A 303 to a path built with printf; 500 if out of memory. */
int		 web_redirect(struct req *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));

/* The name of the staff session cookie: __Host- binds it to this
 * origin when the site is served over TLS. */
const char	*web_sid_cookie(const struct req *);
/* What web_who() found (kit/outcome.h). */
enum web_who_result {
	WEB_WHO_ERROR = OUTCOME_ERROR,	/* the database failed */
	WEB_WHO_STAFF = OUTCOME_OK,	/* a staff user is logged in */
	WEB_WHO_NOBODY = OUTCOME__SHARED /* no one is: log in first */
};

/*
 * Who is logged in: WEB_WHO_STAFF with *u filled; WEB_WHO_NOBODY if
 * nobody (*ended set when a session had just run out, whose cookie is
 * then cleared); WEB_WHO_ERROR on a database error.
 */
enum web_who_result web_who(struct req *, struct staff_user *u,
		    int *ended);
/*
 * Send a visitor without a session to /login: a GET or HEAD with
 * next= this address (fallback when it is not a safe next=), anything
 * else without; "ended=1" added when a session had just run out.
 * Returns the status (303, or 500 when out of memory).
 */
int		 web_to_login(struct req *, int ended, const char *fallback);
/*
 * For pages that need a staff session: 0 with *u filled, else the
 * status to return: 303 to /login (web_to_login() with fallback), or
 * 500 on error. Whether u may do what is asked is the caller's check.
 */
int		 web_staff(struct req *, struct staff_user *u,
		    const char *fallback);

/* Add an error for field to the page: "<field>_error" and a row of the
 * errors loop (the summary, linking to the field). 0 or -1. */
int		 web_field_error(struct view *, const char *field,
		    const char *message);
/*
 * Show n fields again as typed (name = raw or ""; checkboxes as
 * booleans), skipping the one named skip (a password; may be NULL), with
 * their errors (web_field_error()). A date field holding text that is
 * not a date also gets "<name>_as_text" (true): the template shows it
 * as type="text", which keeps the text where type="date" would blank
 * it. The errors loop is declared even when empty. fv NULL (a form not
 * yet sent): only the empty loop.
 * 0 or -1.
 */
int		 web_keep(struct view *, const struct form_spec *, size_t n,
		    const struct form_value *fv, const char *skip);

#endif
