/*
 * staff.c: GET/POST /admin/staff: staff accounts, adding one, disabling
 * and enabling, setting a new password.
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
#include "college/accounts.h"
#include "college/clock.h"
#include "college/manage.h"
#include "college/staff.h"
#include "../web.h"
#include "admin.h"

static const char *const staff_roles[] = { "educator", "admin", NULL };

enum { UF_NAME, UF_EMAIL, UF_ROLE, UF_PASSWORD, UF__MAX };

static const struct form_spec staff_spec[UF__MAX] = {
	[UF_NAME] = { "name", N_("Name"), FT_LINE, 1, 1, STAFF_NAME_MAX, 0, 0,
	    NULL },
	[UF_EMAIL] = { "email", N_("Email address"), FT_EMAIL, 1, 0,
	    STAFF_EMAIL_MAX, 0, 0, NULL },
	[UF_ROLE] = { "role", N_("Role"), FT_ONEOF, 1, 0, 0, 0, 0, staff_roles },
	[UF_PASSWORD] = { "password", N_("Password"), FT_TEXT, 1, 0,
	    STAFF_PASSWORD_MAX, 0, 0, NULL },
};

/*
 * A password as typed (the raw field: never trimmed), if staff.c's rule
 * (staff_password_problem()) allows it; sets fv->error otherwise.
 * Returns the password or NULL.
 */
static const char *
password_check(struct form_value *fv)
{
	const char	*why;

	if (fv->error != NULL)
		return NULL;
	if ((why = staff_password_problem(fv->raw)) != NULL) {
		fv->error = why;
		return NULL;
	}
	return fv->raw;
}

static int
staff_page(struct req *r, const struct staff_user *u, int status,
    const struct form_value *fv, const char *problem)
{
	struct view	*v;

	if ((v = admin_view(r, u, "Staff", "nav_staff")) == NULL ||
	    manage_staff(web_db, v) == -1 ||
	    view_set_int(v, "my_id", u->id) == -1 ||
	    web_keep(v, staff_spec, UF__MAX, fv, "password") == -1 ||
	    (fv == NULL && view_set(v, "role", "educator") == -1) ||
	    choices(v, "role_options", staff_roles,
	    view_str(v, r->arena, "role")) == -1 ||
	    (problem != NULL && view_set(v, "problem", problem) == -1))
		return 500;
	return resp_view(r, status, "admin_staff.html", v);
}

int
page_staff(struct req *r)
{
	struct staff_user	 u;
	int			 rc;

	if ((rc = authorise(r, &u, NULL)) != 0)
		return rc;
	return staff_page(r, &u, 200, NULL, NULL);
}

int
post_staff(struct req *r)
{
	struct staff_user	 u;
	struct form_value	 fv[UF__MAX];
	const char		*pw;
	long long		 id;
	int			 nerr, rc;

	if ((rc = authorise(r, &u, NULL)) != 0)
		return rc;
	if ((nerr = form_validate(r->arena, &r->bf, staff_spec, UF__MAX,
	    fv)) < 0)
		return 500;
	if ((pw = password_check(&fv[UF_PASSWORD])) == NULL &&
	    fv[UF_PASSWORD].error != NULL)
		nerr++;
	if (nerr == 0) {
		switch (staff_add(web_db, u.id, fv[UF_EMAIL].value,
		    fv[UF_NAME].value, fv[UF_ROLE].value, pw, college_now(),
		    &id)) {
		case STAFF_ADD_OK:
			return web_redirect(r, "/admin/staff?done=added");
		case STAFF_ADD_DUPLICATE:
			fv[UF_EMAIL].error = _("There is already an account "
			    "with this email address");
			break;
		case STAFF_ADD_BAD_NAME:
			fv[UF_NAME].error = admin_say(r, _("Enter a name of "
			    "at most {n} characters, without control "
			    "characters"), STAFF_NAME_MAX);
			break;
		default:
			/* The fields' rules are checked above. */
			return 500;
		}
	}
	return staff_page(r, &u, 422, fv, NULL);
}

static int
staff_disable(struct req *r, int disabled)
{
	struct staff_user	 u;
	int			 res;
	long long		 id;
	int			 rc;

	if ((rc = authorise(r, &u, &id)) != 0)
		return rc;
	res = manage_staff_disable(web_db, u.id, id, disabled);
	if (res == OUTCOME_NOT_FOUND || res == OUTCOME_ERROR)
		return resp_outcome(res);
	if (res == MANAGE_SELF)
		return staff_page(r, &u, 422, NULL, _("You cannot disable your "
		    "own account, the one you are logged in with. If it "
		    "should be disabled, ask another administrator to do it."));
	if (res != OUTCOME_OK)
		return staff_page(r, &u, 422, NULL, manage_strerror(res));
	return web_redirect(r, "/admin/staff?done=%s", disabled ? "disabled" :
	    "enabled");
}

int
post_staff_disable(struct req *r)
{
	return staff_disable(r, 1);
}

int
post_staff_enable(struct req *r)
{
	return staff_disable(r, 0);
}

enum { PF_PASSWORD, PF__MAX };

static const struct form_spec password_spec[PF__MAX] = {
	[PF_PASSWORD] = { "password", N_("New password"), FT_TEXT, 1, 0,
	    STAFF_PASSWORD_MAX, 0, 0, NULL },
};

static int
password_page(struct req *r, const struct staff_user *u, long long id,
    int status, const struct form_value *fv)
{
	struct view	*v;
	int		 rc;

	if ((v = admin_view(r, u, "Set a password", "nav_staff")) == NULL)
		return 500;
	if ((rc = resp_outcome(manage_staff_get(web_db, id, v))) != 0)
		return rc;
	if (web_keep(v, password_spec, PF__MAX, fv, "password") == -1)
		return 500;
	return resp_view(r, status, "admin_password.html", v);
}

int
page_staff_password(struct req *r)
{
	struct staff_user	 u;
	long long		 id;
	int			 rc;

	if ((rc = authorise(r, &u, &id)) != 0)
		return rc;
	return password_page(r, &u, id, 200, NULL);
}

int
post_staff_password(struct req *r)
{
	struct staff_user	 u;
	struct form_value	 fv[PF__MAX];
	int			 res;
	const char		*pw;
	long long		 id;
	int			 rc;

	if ((rc = authorise(r, &u, &id)) != 0)
		return rc;
	if (form_validate(r->arena, &r->bf, password_spec, PF__MAX, fv) < 0)
		return 500;
	if ((pw = password_check(&fv[PF_PASSWORD])) == NULL)
		return password_page(r, &u, id, 422, fv);
	res = manage_staff_password(web_db, u.id, id, pw);
	if (res != OUTCOME_OK)
		return resp_outcome(res);
	return web_redirect(r, "/admin/staff?done=password");
}
