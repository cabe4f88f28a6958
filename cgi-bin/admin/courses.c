/*
 * courses.c: GET/POST /admin/courses and /admin/courses/{id}, and a
 * course's texts in the other offered languages.
 * (admin.c has the routes; admin.h what the office pages share.)
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "kit/arena.h"
#include "kit/form.h"
#include "kit/http.h"
#include "kit/i18n.h"
#include "kit/view.h"
#include "college/clock.h"
#include "college/course.h"
#include "college/lang.h"
#include "college/manage.h"
#include "college/run.h"
#include "college/staff.h"
#include "../web.h"
#include "admin.h"

static const char *const course_statuses[] = { "draft", "published", NULL };

enum {
	CF_SLUG, CF_TITLE, CF_SUMMARY, CF_DESCRIPTION, CF_TOPIC, CF_STATUS,
	CF__MAX
};

static const struct form_spec course_spec[CF__MAX] = {
	[CF_SLUG] = { "slug", N_("Web address name"), FT_TOKEN, 1, 2, SLUG_MAX,
	    0, 0, NULL },
	[CF_TITLE] = { "title", N_("Title"), FT_LINE, 1, 1, 150, 0, 0, NULL },
	[CF_SUMMARY] = { "summary", N_("Summary"), FT_TEXT, 0, 0, 300, 0, 0,
	    NULL },
	[CF_DESCRIPTION] = { "description", N_("Description"), FT_TEXT, 0, 0,
	    5000, 0, 0, NULL },
	[CF_TOPIC] = { "topic", N_("Topic"), FT_INT, 0, 0, 0, 1, RUN_ID_MAX,
	    NULL },
	[CF_STATUS] = { "status", N_("Status"), FT_ONEOF, 1, 0, 0, 0, 0,
	    course_statuses },
};

/* The course form's topic and status choices, after the values are
 * in v. 0 or -1. */
static int
course_choices(struct view *v, struct arena *a)
{
	const char	*t = view_str(v, a, "topic_id");
	long long	 topic = 0;

	if (view_lookup_here(v, "topic") != NULL)
		t = view_str(v, a, "topic");
	if (t != NULL && web_id_parse(t, &topic) == -1)
		topic = 0;
	return manage_topic_options(web_db, topic, v, "topic_options") == -1 ||
	    choices(v, "status_options", course_statuses,
	    view_str(v, a, "status")) == -1 ? -1 : 0;
}

static int
courses_page(struct req *r, const struct staff_user *u, int status,
    const struct form_value *fv)
{
	struct view	*v;

	if ((v = admin_view(r, u, "Courses", "nav_courses")) == NULL ||
	    manage_courses(web_db, college_now(), v) == -1)
		return 500;
	if (web_keep(v, course_spec, CF__MAX, fv, NULL) == -1 ||
	    (fv == NULL && view_set(v, "status", "draft") == -1))
		return 500;
	if (course_choices(v, r->arena) == -1)
		return 500;
	return resp_view(r, status, "admin_courses.html", v);
}

int
page_courses(struct req *r)
{
	struct staff_user	 u;
	int			 rc;

	if ((rc = authorise(r, &u, NULL)) != 0)
		return rc;
	return courses_page(r, &u, 200, NULL);
}

/* A course in the other languages (college/lang.h). */

enum { LT_TITLE, LT_SUMMARY, LT_DESCRIPTION, LT__MAX };	/* per language */

/*
 * The offered languages other than the college's own, into tags; their
 * number. The course's own fields are in the default language.
 */
static size_t
other_langs(struct req *r, char tags[I18N_LANGS_MAX][I18N_TAG_MAX + 1])
{
	const char	*p = web_languages(r), *deflt = web_default_language(r);
	size_t		 n, count = 0;

	while (*p != '\0' && count < I18N_LANGS_MAX) {
		p += strspn(p, " ,");
		if ((n = strcspn(p, " ,")) == 0)
			break;
		if (n <= I18N_TAG_MAX) {
			memcpy(tags[count], p, n);
			tags[count][n] = '\0';
			if (i18n_tag_ok(tags[count]) &&
			    strcmp(tags[count], deflt) != 0)
				count++;
		}
		p += n;
	}
	return count;
}

/* The fields of n languages: title_nl, summary_nl, description_nl, ...
 * in the arena; NULL when out of memory. */
static struct form_spec *
lang_spec(struct req *r, char tags[][I18N_TAG_MAX + 1], size_t n)
{
	struct form_spec	*s;
	size_t			 i;

	if ((s = arena_calloc(r->arena, n * LT__MAX + 1, sizeof(*s))) == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		s[i * LT__MAX + LT_TITLE] = (struct form_spec){ arena_printf(
		    r->arena, "title_%s", tags[i]), N_("Title"), FT_LINE, 0, 0,
		    LANG_TITLE_MAX, 0, 0, NULL };
		s[i * LT__MAX + LT_SUMMARY] = (struct form_spec){ arena_printf(
		    r->arena, "summary_%s", tags[i]), N_("Summary"), FT_TEXT, 0, 0,
		    LANG_SUMMARY_MAX, 0, 0, NULL };
		s[i * LT__MAX + LT_DESCRIPTION] = (struct form_spec){
		    arena_printf(r->arena, "description_%s", tags[i]),
		    N_("Description"), FT_TEXT, 0, 0, LANG_DESCRIPTION_MAX, 0, 0,
		    NULL };
		if (s[i * LT__MAX + LT_TITLE].name == NULL ||
		    s[i * LT__MAX + LT_SUMMARY].name == NULL ||
		    s[i * LT__MAX + LT_DESCRIPTION].name == NULL)
			return NULL;
	}
	return s;
}

/*
 * The loop lang_texts: a row per other language (code, name, and its
 * title, summary, description as stored, or as typed with *_error when
 * tfv holds a refused form). 0 or -1.
 */
static int
course_texts(struct req *r, struct view *v, long long id,
    const struct form_value *tfv)
{
	char			 tags[I18N_LANGS_MAX][I18N_TAG_MAX + 1];
	static const char *const keys[LT__MAX] = {
		"title", "summary", "description"
	};
	const struct vval	*texts;
	const struct vrow	*t;
	const char		*val;
	struct view		*row;
	size_t			 n, i, k;

	n = other_langs(r, tags);
	if (view_loop(v, "lang_texts") == -1 ||
	    lang_course_texts_view(web_db, id, v) == -1)
		return -1;
	texts = view_lookup_here(v, "texts");
	for (i = 0; i < n; i++) {
		if ((row = view_row(v, "lang_texts")) == NULL ||
		    view_set(row, "code", tags[i]) == -1 ||
		    view_set(row, "name", i18n_name(tags[i])) == -1)
			return -1;
		for (t = texts != NULL ? texts->rows : NULL; t != NULL;
		    t = t->next)
			if ((val = view_str(t->scope, r->arena, "lang")) !=
			    NULL && strcmp(val, tags[i]) == 0)
				break;
		for (k = 0; k < LT__MAX; k++) {
			val = tfv != NULL ? tfv[i * LT__MAX + k].raw :
			    t != NULL ? view_str(t->scope, r->arena, keys[k]) :
			    NULL;
			if (view_set(row, keys[k], val != NULL ? val : "") == -1)
				return -1;
			if (tfv != NULL && tfv[i * LT__MAX + k].error != NULL &&
			    (view_set(row, arena_printf(r->arena, "%s_error",
			    keys[k]), tfv[i * LT__MAX + k].error) == -1 ||
			    web_field_error(v, arena_printf(r->arena, "%s_%s",
			    keys[k], tags[i]), tfv[i * LT__MAX + k].error) == -1))
				return -1;
		}
	}
	return 0;
}

static int	course_page(struct req *, const struct staff_user *,
		    long long, int, const struct form_value *);
static const struct form_value *texts_typed;	/* for course_page() */

/*
 * POST /admin/courses/{id}/texts: the course's title, summary and
 * description in each other language; an empty title removes that
 * language's text (the pages then show the college's own).
 */
int
post_course_texts(struct req *r)
{
	struct staff_user	 u;
	char			 tags[I18N_LANGS_MAX][I18N_TAG_MAX + 1];
	struct form_spec	*spec;
	struct form_value	*fv;
	const char		**langs, **vals;
	long long		 id;
	size_t			 n, i;
	int			 nerr, rc;

	if ((rc = authorise(r, &u, &id)) != 0)
		return rc;
	if ((rc = resp_outcome(manage_course_get(web_db, id,
	    view_new(r->arena)))) != 0)
		return rc;
	n = other_langs(r, tags);
	if (n == 0)
		return web_redirect(r, "/admin/courses/%lld", id);
	if ((spec = lang_spec(r, tags, n)) == NULL ||
	    (fv = arena_calloc(r->arena, n * LT__MAX, sizeof(*fv))) == NULL ||
	    (nerr = form_validate(r->arena, &r->bf, spec, n * LT__MAX,
	    fv)) < 0)
		return 500;
	/* A summary or description needs the title of its language. */
	for (i = 0; i < n; i++)
		if (fv[i * LT__MAX + LT_TITLE].value == NULL &&
		    fv[i * LT__MAX + LT_TITLE].error == NULL &&
		    (fv[i * LT__MAX + LT_SUMMARY].value != NULL ||
		    fv[i * LT__MAX + LT_DESCRIPTION].value != NULL)) {
			fv[i * LT__MAX + LT_TITLE].error = _("Give the title in "
			    "this language too, or clear its summary and "
			    "description");
			nerr++;
		}
	if (nerr > 0) {
		texts_typed = fv;
		rc = course_page(r, &u, id, 422, NULL);
		texts_typed = NULL;
		return rc;
	}
	if ((langs = arena_calloc(r->arena, n, sizeof(*langs))) == NULL ||
	    (vals = arena_calloc(r->arena, n * LT__MAX, sizeof(*vals))) == NULL)
		return 500;
	for (i = 0; i < n * LT__MAX; i++) {
		langs[i / LT__MAX] = tags[i / LT__MAX];
		vals[i] = fv[i].value;
	}
	if (lang_course_texts_save(web_db, id, langs, vals, n) == -1)
		return 500;
	return web_redirect(r, "/admin/courses/%lld?done=texts#languages", id);
}

static int
course_page(struct req *r, const struct staff_user *u, long long id,
    int status, const struct form_value *fv)
{
	struct view	*v;
	int		 rc;

	if ((v = admin_view(r, u, "Course", "nav_courses")) == NULL)
		return 500;
	if ((rc = resp_outcome(manage_course_get(web_db, id, v))) != 0)
		return rc;
	if (manage_runs(web_db, college_now(), id, 1, v) == -1 ||
	    view_set(v, "page_title", view_str(v, r->arena, "title")) == -1 ||
	    web_keep(v, course_spec, CF__MAX, fv, NULL) == -1 ||
	    course_choices(v, r->arena) == -1 ||
	    course_texts(r, v, id, texts_typed) == -1 ||
	    view_set_bool(v, "texts_saved", form_get(&r->qf, "done") != NULL &&
	    strcmp(form_get(&r->qf, "done"), "texts") == 0) == -1)
		return 500;
	return resp_view(r, status, "admin_course.html", v);
}

int
page_course(struct req *r)
{
	struct staff_user	 u;
	long long		 id;
	int			 rc;

	if ((rc = authorise(r, &u, &id)) != 0)
		return rc;
	return course_page(r, &u, id, 200, NULL);
}

static int
course_save(struct req *r, long long id)
{
	struct staff_user	 u;
	struct form_value	 fv[CF__MAX];
	struct manage_course	 m;
	int			 res;
	int			 nerr, rc;

	if ((rc = authorise(r, &u, NULL)) != 0)
		return rc;
	if ((nerr = form_validate(r->arena, &r->bf, course_spec, CF__MAX,
	    fv)) < 0)
		return 500;
	if (fv[CF_SLUG].error == NULL && fv[CF_SLUG].value != NULL &&
	    !web_slug_ok(fv[CF_SLUG].value)) {
		fv[CF_SLUG].error = _("Web address name must use only lowercase "
		    "letters, numbers and hyphens, like understanding-anxiety");
		nerr++;
	}
	if (nerr == 0) {
		m.slug = fv[CF_SLUG].value;
		m.title = fv[CF_TITLE].value;
		m.summary = fv[CF_SUMMARY].value ? fv[CF_SUMMARY].value : "";
		m.description = fv[CF_DESCRIPTION].value ?
		    fv[CF_DESCRIPTION].value : "";
		m.topic_id = ival(&fv[CF_TOPIC]);
		m.status = fv[CF_STATUS].value;
		switch ((res = manage_course_save(web_db, u.id, &id, &m))) {
		case OUTCOME_OK:
			return web_redirect(r, "/admin/courses/%lld?done=saved",
			    id);
		case MANAGE_DUPLICATE:
			fv[CF_SLUG].error = _("Another course has this web "
			    "address name: choose another");
			nerr++;
			break;
		case MANAGE_BAD_REF:
			fv[CF_TOPIC].error = _("Choose a topic from the list");
			nerr++;
			break;
		default:
			return resp_outcome(res);
		}
	}
	return id == 0 ? courses_page(r, &u, 422, fv) :
	    course_page(r, &u, id, 422, fv);
}

int
post_courses(struct req *r)
{
	return course_save(r, 0);
}

int
post_course(struct req *r)
{
	long long	 id;

	if (web_param_id(r, 0, &id) == -1)
		return 404;
	return course_save(r, id);
}
