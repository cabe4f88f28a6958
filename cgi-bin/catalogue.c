/*
 * catalogue.fcgi: the prospectus. Anyone may read it; nothing here
 * changes state, so pages may be cached briefly.
 *
 *   GET /                  the course list (the college's front page)
 *   GET /courses           the course list: q, topic, mode, from, to, page
 *   GET /courses/{slug}    one course, its runs and sessions
 */
#include <stddef.h>
#include <string.h>
#include <time.h>

#include "kit/app.h"
#include "kit/cache.h"
#include "kit/form.h"
#include "kit/http.h"
#include "kit/i18n.h"
#include "kit/view.h"
#include "college/catalogue.h"
#include "college/lang.h"
#include "college/college.h"
#include "college/clock.h"
#include "college/when.h"
#include "web.h"

#define SLUG_MAX	80
/*
 * Pages are kept rendered in each worker while the database is unchanged
 * (college_data_version(): db_changed()), for at most CACHE_TTL seconds since they also
 * depend on the clock ("booking closed" once a run starts). Browsers and
 * proxies may keep them for as long.
 */
#define CACHE_TTL	10
#define CACHE_CONTROL	"public, max-age=10"
/*
 * Asking whether the database changed costs a round to the engine
 * (SQLite: a read transaction opened and closed, three system calls); under load a worker asks at most once per
 * VERSION_RECHECK_MS, so a change shows within that time.
 */
#define VERSION_RECHECK_MS	100

static long long
db_version_now(void)
{
	static long long	 ver = -1;
	static struct timespec	 last;
	struct timespec		 t;
	long long		 ms;

	clock_gettime(CLOCK_MONOTONIC, &t);
	ms = (long long)(t.tv_sec - last.tv_sec) * 1000 +
	    (t.tv_nsec - last.tv_nsec) / 1000000;
	if (ver < 0 || ms >= VERSION_RECHECK_MS || ms < 0) {
		ver = college_data_version(web_db);
		last = t;
	}
	return ver;
}

static const char *const modes[] = { "in-person", "online", NULL };

enum {
	F_Q, F_TOPIC, F_MODE, F_FROM, F_TO, F_PAGE, F__MAX
};

static const struct form_spec filters[F__MAX] = {
	[F_Q]     = { "q", N_("Search words"), FT_LINE, 0, 0, CATALOGUE_Q_CHARS,
	    0, 0, NULL },
	[F_TOPIC] = { "topic", N_("Topic"), FT_TOKEN, 0, 0, SLUG_MAX, 0, 0, NULL },
	[F_MODE]  = { "mode", N_("Where"), FT_ONEOF, 0, 0, 0, 0, 0, modes },
	[F_FROM]  = { "from", N_("From date"), FT_DATE, 0, 0, 0, 0, 0, NULL },
	[F_TO]    = { "to", N_("To date"), FT_DATE, 0, 0, 0, 0, 0, NULL },
	[F_PAGE]  = { "page", N_("Page"), FT_INT, 0, 0, 0, 1, 10000, NULL },
};

static int
page_list(struct req *r)
{
	struct form_value	 fv[F__MAX];
	struct catalogue_filter	 f;
	struct view		*v;
	int			 nerr, status;
	long long		 ver = db_version_now();
	time_t			 now = college_now();

	if (ver >= 0 && cache_get(r, ver, now, CACHE_CONTROL))
		return 200;
	if ((nerr = form_validate(r->arena, &r->qf, filters, F__MAX, fv)) < 0 ||
	    (v = web_view(r, "Courses")) == NULL)
		return 500;
	memset(&f, 0, sizeof(f));
	/* A filter that does not validate is shown with its message and
	 * left out of the search, so the page is still useful. */
	f.q = fv[F_Q].value;
	f.topic = fv[F_TOPIC].value;
	f.mode = fv[F_MODE].value;
	if (fv[F_FROM].value != NULL)
		when_parse_date(fv[F_FROM].value, &f.from);
	if (fv[F_TO].value != NULL && when_parse_date(fv[F_TO].value, &f.to) == 0)
		f.to += 24 * 60 * 60;	/* to the end of that day */
	f.page = fv[F_PAGE].value ? (int)fv[F_PAGE].ival : 1;
	/* Dates the wrong way round would match nothing: say so (both
	 * are shown as typed) and search without them. */
	if (f.from != 0 && f.to != 0 && f.to <= f.from) {
		fv[F_TO].error = _("The dates are the wrong way round: the "
		    "To date is before the From date. Swap them, or clear "
		    "one");
		nerr++;
		f.from = f.to = 0;
	}
	/* Each filter as typed, and its error if any. */
	if (web_keep(v, filters, F__MAX, fv, NULL) == -1 ||
	    catalogue_list(web_db, &f, now, v) == -1 ||
	    lang_course_texts(web_db, v, r->lang,
	    web_default_language(r)) == -1)
		return 500;
	if (nerr == 0)
		resp_header(r, "Cache-Control", CACHE_CONTROL);
	if ((status = resp_view(r, nerr ? 422 : 200, "courses.html", v)) == 200)
		cache_put(r, ver, now, CACHE_TTL);
	return status;
}

static int
page_course(struct req *r)
{
	const char	*slug = req_param(r, 0);
	struct view	*v;
	int		 rc, status;
	long long	 ver = db_version_now();
	time_t		 now = college_now();

	if (strlen(slug) > SLUG_MAX || !web_slug_ok(slug))
		return 404;
	if (ver >= 0 && cache_get(r, ver, now, CACHE_CONTROL))
		return 200;
	if ((v = web_view(r, "Course")) == NULL)
		return 500;
	if ((rc = resp_outcome(catalogue_course(web_db, slug, now, v))) != 0)
		return rc;
	if (lang_course_texts(web_db, v, r->lang,
	    web_default_language(r)) == -1)
		return 500;
	/* The page's title is the course's. */
	if (view_set(v, "page_title", view_str(v, r->arena, "title")) == -1)
		return 500;
	resp_header(r, "Cache-Control", CACHE_CONTROL);
	if ((status = resp_view(r, 200, "course.html", v)) == 200)
		cache_put(r, ver, now, CACHE_TTL);
	return status;
}

static const struct route routes[] = {
	{ M_GET, "/", page_list },
	{ M_GET, "/courses", page_list },
	{ M_GET, "/courses/{slug}", page_course },
	{ M_GET, "/lang/{code}", web_lang },
};

int
main(int argc, char *argv[])
{
	return web_main("catalogue", routes,
	    sizeof(routes) / sizeof(routes[0]), NULL, argc, argv);
}
