/*
 * reports.c: GET /admin/reports, rates and demand over a period.
 * (admin.c has the routes; admin.h what the office pages share.)
 */
#include <stddef.h>
#include <string.h>
#include <time.h>

#include "kit/form.h"
#include "kit/http.h"
#include "kit/i18n.h"
#include "kit/view.h"
#include "college/clock.h"
#include "college/reports.h"
#include "college/staff.h"
#include "college/when.h"
#include "../web.h"
#include "admin.h"

#define REPORT_BACK	12		/* months the reports look back by default */
#define REPORT_AHEAD	3		/* and ahead */

enum { RF_FROM, RF_TO, RF__MAX };

static const struct form_spec report_spec[RF__MAX] = {
	[RF_FROM] = { "from", N_("From date"), FT_DATE, 0, 0, 0, 0, 0, NULL },
	[RF_TO] = { "to", N_("To date"), FT_DATE, 0, 0, 0, 0, 0, NULL },
};

int
page_reports(struct req *r)
{
	struct staff_user	 u;
	struct form_value	 fv[RF__MAX];
	struct view		*v;
	const char		*from, *to;
	time_t			 t0, t1;
	int			 nerr, rc;

	if ((rc = authorise(r, &u, NULL)) != 0)
		return rc;
	if ((nerr = form_validate(r->arena, &r->qf, report_spec, RF__MAX,
	    fv)) < 0 ||
	    (v = admin_view(r, &u, "Reports", "nav_reports")) == NULL)
		return 500;
	/* A filter that does not validate is shown with its message and
	 * the default used instead, so the page is still useful. */
	from = fv[RF_FROM].value ? fv[RF_FROM].value :
	    ymd_months(r, -REPORT_BACK);
	to = fv[RF_TO].value ? fv[RF_TO].value : ymd_months(r, REPORT_AHEAD);
	if (when_parse_date(from, &t0) == -1 || (t1 = day_after(to)) == 0)
		return 500;
	if (t1 <= t0 && fv[RF_TO].error == NULL) {
		fv[RF_TO].error = _("The to date must be the same as or after "
		    "the from date");
		nerr++;
		to = ymd_months(r, REPORT_AHEAD);
		t1 = day_after(to);
	}
	if (web_keep(v, report_spec, RF__MAX, fv, NULL) == -1 ||
	    view_set(v, "from", fv[RF_FROM].error ? fv[RF_FROM].raw : from) ==
	    -1 ||
	    view_set(v, "to", fv[RF_TO].error ? fv[RF_TO].raw : to) == -1 ||
	    view_set(v, "from_used", words_date(r, from)) == -1 ||
	    view_set(v, "to_used", words_date(r, to)) == -1 ||
	    report_fill(web_db, t0, t1, college_now(), v) == -1)
		return 500;
	return resp_view(r, nerr ? 422 : 200, "admin_reports.html", v);
}
