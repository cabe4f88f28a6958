/*
 * audit.c: GET /admin/audit, the audit log, filtered and paged.
 * (admin.c has the routes; admin.h what the office pages share.)
 */
#include <stddef.h>
#include <string.h>

#include "kit/form.h"
#include "kit/http.h"
#include "kit/i18n.h"
#include "kit/view.h"
#include "college/accounts.h"
#include "college/audit.h"
#include "college/manage.h"
#include "college/staff.h"
#include "college/when.h"
#include "../web.h"
#include "admin.h"

static const char *const audit_actions[] = {
	"attendance", "booking", "course", "demo", "export", "facilitator",
	"learner", "needs", "run", "session", "setting", "user", "venue", NULL
};

enum { AF_ACTION, AF_USER, AF_FROM, AF_TO, AF_PAGE, AF__MAX };

static const struct form_spec audit_spec[AF__MAX] = {
	[AF_ACTION] = { "action", N_("What"), FT_ONEOF, 0, 0, 0, 0, 0,
	    audit_actions },
	[AF_USER] = { "user", N_("Who"), FT_INT, 0, 0, 0, 1, RUN_ID_MAX, NULL },
	[AF_FROM] = { "from", N_("From date"), FT_DATE, 0, 0, 0, 0, 0, NULL },
	[AF_TO] = { "to", N_("To date"), FT_DATE, 0, 0, 0, 0, 0, NULL },
	[AF_PAGE] = { "page", N_("Page"), FT_INT, 0, 0, 0, 1,
	    MANAGE_AUDIT_PAGES_MAX, NULL },
};

int
page_audit(struct req *r)
{
	struct staff_user		 u;
	struct form_value		 fv[AF__MAX];
	struct manage_audit_filter	 f;
	struct view			*v, *o;
	const struct vrow		*row;
	const struct vval		*staff;
	size_t				 i;
	int				 nerr, rc;

	if ((rc = authorise(r, &u, NULL)) != 0)
		return rc;
	if ((nerr = form_validate(r->arena, &r->qf, audit_spec, AF__MAX,
	    fv)) < 0 ||
	    (v = admin_view(r, &u, "Audit log", "nav_audit")) == NULL ||
	    web_keep(v, audit_spec, AF__MAX, fv, NULL) == -1)
		return 500;
	memset(&f, 0, sizeof(f));
	f.action = fv[AF_ACTION].value;
	f.user = ival(&fv[AF_USER]);
	if (fv[AF_FROM].value != NULL)
		(void)when_parse_date(fv[AF_FROM].value, &f.from);
	if (fv[AF_TO].value != NULL)
		f.to = day_after(fv[AF_TO].value);
	f.page = (int)ival(&fv[AF_PAGE]);
	if (view_loop(v, "action_options") == -1)
		return 500;
	for (i = 0; audit_actions[i] != NULL; i++)
		if ((o = view_row(v, "action_options")) == NULL ||
		    view_set(o, "value", audit_actions[i]) == -1 ||
		    view_set_bool(o, "selected", f.action != NULL &&
		    strcmp(f.action, audit_actions[i]) == 0) == -1)
			return 500;
	/* Who: every account, the one filtered by selected. */
	if (manage_staff(web_db, v) == -1)
		return 500;
	staff = view_lookup_here(v, "staff");
	for (row = staff != NULL ? staff->rows : NULL; row != NULL;
	    row = row->next) {
		const struct vval	*id = view_lookup_here(row->scope, "id");

		if (view_set_bool(row->scope, "selected",
		    id != NULL && id->i == f.user) == -1)
			return 500;
	}
	if (manage_audit(web_db, &f, v) == -1)
		return 500;
	return resp_view(r, nerr ? 422 : 200, "admin_audit.html", v);
}
