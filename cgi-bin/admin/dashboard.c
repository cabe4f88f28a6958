/*
 * dashboard.c: GET /admin, the next two weeks and today's absences.
 * (admin.c has the routes; admin.h what the office pages share.)
 */
#include <stddef.h>
#include <string.h>

#include "kit/http.h"
#include "college/clock.h"
#include "college/mail.h"
#include "college/reports.h"
#include "college/staff.h"
#include "../web.h"
#include "admin.h"

int
page_dashboard(struct req *r)
{
	struct staff_user	 u;
	struct view		*v;

	AUTHORISE(r, &u, NULL);
	if ((v = admin_view(r, &u, "College office", "nav_home")) == NULL ||
	    report_dashboard(web_db, college_now(), v) == -1 ||
	    mail_unreachable_view(web_db, v) == -1)
		return 500;
	return resp_view(r, 200, "admin.html", v);
}
