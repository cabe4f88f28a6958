/*
 * settings.c: GET/POST /admin/settings: retention, erasing learners
 * past it now, the college's own details.
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
#include "college/college.h"
#include "college/learner.h"
#include "college/manage.h"
#include "college/retention.h"
#include "college/settings.h"
#include "college/staff.h"
#include "college/when.h"
#include "../web.h"
#include "admin.h"

enum { SF_MONTHS, SF__MAX };

static const struct form_spec settings_spec[SF__MAX] = {
	[SF_MONTHS] = { "months", N_("Months"), FT_INT, 1, 0, 0, 1,
	    LEARNER_RETENTION_MAX, NULL },
};

/*
 * The college's own settings on the page: each key (settings.h) as
 * typed when typed is not NULL, else as stored; why (may be NULL) the
 * messages of a refused save. The values are v_KEY, the errors KEY_error.
 * 0 or -1.
 */
static int
college_fields(struct req *r, struct view *v, const char *const *typed,
    const char *const *why)
{
	const char	*val, *name;
	int		 i;

	for (i = 0; i < SETTINGS__MAX; i++) {
		val = typed != NULL && typed[i] != NULL ? typed[i] :
		    college_setting(web_db,
		    r->arena, settings_fields[i].name, settings_default(i));
		/* "v_college_name": the layout has its own college_name. */
		if ((name = arena_printf(r->arena, "v_%s",
		    settings_fields[i].name)) == NULL ||
		    view_set(v, name, val != NULL ? val : "") == -1)
			return -1;
		if (why != NULL && why[i] != NULL && web_field_error(v,
		    settings_fields[i].name, why[i]) == -1)
			return -1;
	}
	return 0;
}

static int
settings_page(struct req *r, const struct staff_user *u, int status,
    const struct form_value *fv, long long erased, const char *const *typed,
    const char *const *why)
{
	struct view	*v;
	char		 cut[WHEN_BUF];
	int		 months = learner_retention(web_db);

	if ((v = admin_view(r, u, "Settings", "nav_settings")) == NULL ||
	    when_date(cut, sizeof(cut), learner_cutoff(college_now(),
	    months)) == NULL ||
	    view_set_int(v, "retention_months", months) == -1 ||
	    view_set(v, "cutoff_date", cut) == -1 ||
	    view_set_int(v, "erased_count", erased) == -1 ||
	    view_set_bool(v, "erased_now", erased >= 0) == -1)
		return 500;
	if (web_keep(v, settings_spec, SF__MAX, fv, NULL) == -1 ||
	    (fv == NULL && view_set_int(v, "months", months) == -1) ||
	    college_fields(r, v, typed, why) == -1)
		return 500;
	return resp_view(r, status, "admin_settings.html", v);
}

int
page_settings(struct req *r)
{
	struct staff_user	 u;
	const char		*n = form_get(&r->qf, "erased");
	long long		 erased = -1;
	int			 rc;

	if ((rc = authorise(r, &u, NULL)) != 0)
		return rc;
	if (n != NULL && strcmp(n, "0") == 0)
		erased = 0;
	else if (n != NULL && web_id_parse(n, &erased) == -1)
		erased = -1;
	return settings_page(r, &u, 200, NULL, erased, NULL, NULL);
}

int
post_settings(struct req *r)
{
	struct staff_user	 u;
	struct form_value	 fv[SF__MAX];
	int			 nerr, rc;

	if ((rc = authorise(r, &u, NULL)) != 0)
		return rc;
	if ((nerr = form_validate(r->arena, &r->bf, settings_spec, SF__MAX,
	    fv)) < 0)
		return 500;
	if (nerr > 0)
		return settings_page(r, &u, 422, fv, -1, NULL, NULL);
	if (manage_retention_set(web_db, u.id, (int)fv[SF_MONTHS].ival) !=
	    OUTCOME_OK)
		return 500;
	return web_redirect(r, "/admin/settings?done=retention");
}

/* The college's name, contact details, privacy notice, time zone and
 * reminder timing: all checked and saved together by settings_save(),
 * the rules' one owner (tessera set calls it too). */
int
post_settings_college(struct req *r)
{
	struct staff_user	 u;
	const char		*vals[SETTINGS__MAX], *why[SETTINGS__MAX];
	int			 i, rc;

	if ((rc = authorise(r, &u, NULL)) != 0)
		return rc;
	/* A field not sent is empty (and refused if required), but for
	 * the languages, newer than the form some pages and scripts send:
	 * those are left as they are. */
	for (i = 0; i < SETTINGS__MAX; i++)
		if ((vals[i] = form_get(&r->bf, settings_fields[i].name)) ==
		    NULL)
			vals[i] = i == SETTINGS_LANGUAGES ||
			    i == SETTINGS_DEFAULT_LANG ? NULL : "";
	rc = settings_save(web_db, r->arena, u.id, vals, why);
	if (rc == SETTINGS_INVALID)
		return settings_page(r, &u, 422, NULL, -1, vals, why);
	if (rc != SETTINGS_SAVED)
		return resp_outcome(rc);
	return web_redirect(r, "/admin/settings?done=college");
}

int
post_settings_erase(struct req *r)
{
	struct staff_user	 u;
	size_t			 n = 0;
	int			 rc;

	if ((rc = authorise(r, &u, NULL)) != 0)
		return rc;
	if ((rc = learner_erase_older(web_db, learner_retention(web_db), u.id,
	    college_now(), &n)) == -1)
		return 500;
	return web_redirect(r, "/admin/settings?erased=%zu%s", n,
	    rc == LEARNER_ERASE_PENDING ? "&done=erase-pending" : "");
}
