/*
 * venues.c: GET/POST /admin/venues and /admin/venues/{id}, and the
 * venue choices of a session form.
 * (admin.c has the routes; admin.h what the office pages share.)
 */
#include <stddef.h>
#include <string.h>

#include "kit/form.h"
#include "kit/http.h"
#include "kit/i18n.h"
#include "college/clock.h"
#include "college/manage.h"
#include "college/staff.h"
#include "college/venue.h"
#include "../web.h"
#include "admin.h"

enum { VF_NAME, VF_ADDRESS, VF_ACCESS, VF_ONLINE, VF__MAX };

static const struct form_spec venue_spec[VF__MAX] = {
	[VF_NAME] = { "name", N_("Name"), FT_LINE, 1, 1, 120, 0, 0, NULL },
	[VF_ADDRESS] = { "address", N_("Address"), FT_TEXT, 0, 0, 300, 0, 0,
	    NULL },
	[VF_ACCESS] = { "access", N_("Access information"), FT_TEXT, 0, 0, 2000,
	    0, 0, NULL },
	[VF_ONLINE] = { "online", N_("Online"), FT_CHECKBOX, 0, 0, 0, 0, 0,
	    NULL },
};

static int
venues_page(struct req *r, const struct staff_user *u, int status,
    const struct form_value *fv)
{
	struct view	*v;

	if ((v = admin_view(r, u, "Venues", "nav_venues")) == NULL ||
	    manage_venues(web_db, college_now(), v) == -1 ||
	    web_keep(v, venue_spec, VF__MAX, fv, NULL) == -1)
		return 500;
	return resp_view(r, status, "admin_venues.html", v);
}

int
page_venues(struct req *r)
{
	struct staff_user	 u;
	int			 rc;

	if ((rc = authorise(r, &u, NULL)) != 0)
		return rc;
	return venues_page(r, &u, 200, NULL);
}

static int
venue_page(struct req *r, const struct staff_user *u, long long id,
    int status, const struct form_value *fv)
{
	struct view	*v;
	int		 rc;

	if ((v = admin_view(r, u, "Venue", "nav_venues")) == NULL)
		return 500;
	if ((rc = resp_outcome(manage_venue_get(web_db, id, v))) != 0)
		return rc;
	if (web_keep(v, venue_spec, VF__MAX, fv, NULL) == -1)
		return 500;
	return resp_view(r, status, "admin_venue.html", v);
}

int
page_venue(struct req *r)
{
	struct staff_user	 u;
	long long		 id;
	int			 rc;

	if ((rc = authorise(r, &u, &id)) != 0)
		return rc;
	return venue_page(r, &u, id, 200, NULL);
}

/* Add (id 0) or change a venue. */
static int
venue_save(struct req *r, long long id)
{
	struct staff_user	 u;
	struct form_value	 fv[VF__MAX];
	struct manage_venue	 m;
	int			 res;
	int			 nerr, rc;

	if ((rc = authorise(r, &u, NULL)) != 0)
		return rc;
	if ((nerr = form_validate(r->arena, &r->bf, venue_spec, VF__MAX,
	    fv)) < 0)
		return 500;
	if (nerr > 0)
		return id == 0 ? venues_page(r, &u, 422, fv) :
		    venue_page(r, &u, id, 422, fv);
	m.name = fv[VF_NAME].value;
	m.address = fv[VF_ADDRESS].value ? fv[VF_ADDRESS].value : "";
	m.access = fv[VF_ACCESS].value ? fv[VF_ACCESS].value : "";
	m.online = (int)fv[VF_ONLINE].ival;
	if ((res = manage_venue_save(web_db, u.id, &id, &m)) != OUTCOME_OK)
		return resp_outcome(res);
	return web_redirect(r, "/admin/venues?done=saved");
}

int
post_venues(struct req *r)
{
	return venue_save(r, 0);
}

int
post_venue(struct req *r)
{
	long long	 id;

	if (web_param_id(r, 0, &id) == -1)
		return 404;
	return venue_save(r, id);
}


/* The venue choices for a session form, with the venue numbered
 * selected (as typed, may be NULL) marked. 0 or -1. */
int
venue_options(struct view *v, const char *selected)
{
	long long	 id = 0;

	if (selected != NULL && web_id_parse(selected, &id) == -1)
		id = 0;
	return manage_venue_options(web_db, id, v, "venue_options");
}
