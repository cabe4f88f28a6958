/*
 * c.c: what a booking's QR code holds: GET /c/{token} (the page) and
 * POST /c/{token} (check that booking in).
 */
#include <stddef.h>
#include <string.h>

#include "kit/http.h"
#include "kit/i18n.h"
#include "kit/outcome.h"
#include "kit/token.h"
#include "kit/view.h"
#include "college/attendance.h"
#include "college/booking.h"
#include "college/clock.h"
#include "college/staff.h"
#include "../web.h"
#include "checkin.h"

/*
 * The page for a booking's code: for a visitor who is not logged in
 * (most likely the learner, who scanned their own code) a pointer to
 * their booking page and a staff log-in link; for staff, what a
 * check-in would do (a dry run) with the button to do it.
 */
int
c_get(struct req *r)
{
	struct staff_user	 u;
	struct checkin_req	 q;
	struct checkin		 c;
	struct view		*v;
	const char		*token = req_param(r, 0), *r_word;
	int			 rc, ended, status = 200;

	if (!token_valid(token))
		return 404;
	if ((rc = web_who(r, &u, &ended)) == WEB_WHO_ERROR)
		return 500;
	if (rc == WEB_WHO_NOBODY) {
		/* A code no booking has: the plain 404, as /booking/ gives.
		 * The check-in token cannot open the booking (booking.h):
		 * the learner's link is in their confirmation mail. */
		if ((rc = resp_outcome(booking_checkin_find(web_db,
		    token))) != 0)
			return rc;
		if ((v = web_view(r, N_("Your booking"))) == NULL ||
		    view_set_bool(v, "learner", 1) == -1 ||
		    view_set(v, "booking_url", "/booking/lost") == -1 ||
		    view_setf(v, "login_url", "/login?next=/c/%s", token) == -1)
			return 500;
		return resp_view(r, 200, "c.html", v);
	}
	memset(&q, 0, sizeof(q));
	q.token = token;
	q.method = ATT_QR;
	q.dry_run = 1;
	if (attendance_checkin(web_db, r->arena, &u, &q, college_now(),
	    &c) == CHECKIN_ERROR)
		return 500;
	/* Just checked in here (the POST redirected with r=checked_in). */
	r_word = form_get(&r->qf, "r");
	if (c.result == CHECKIN_ALREADY && r_word != NULL &&
	    strcmp(r_word, "checked_in") == 0)
		c.result = CHECKIN_DONE;
	if (c.result == CHECKIN_UNKNOWN)
		status = 404;
	else if (c.result == CHECKIN_FORBIDDEN)
		status = 403;
	if ((v = staff_view(r, &u, N_("Check in"))) == NULL ||
	    attendance_checkin_view(web_db, &c, v) == -1 ||
	    view_setf(v, "c_url", "/c/%s", token) == -1 ||
	    view_set_int(v, "session_id", c.session_id) == -1)
		return 500;
	return resp_view(r, status, "c.html", v);
}

int
c_post(struct req *r)
{
	struct staff_user	 u;
	struct checkin_req	 q;
	struct checkin		 c;
	const char		*token = req_param(r, 0);
	int			 rc, ended;

	if (!token_valid(token))
		return 404;
	if ((rc = web_who(r, &u, &ended)) == WEB_WHO_ERROR)
		return 500;
	if (rc == WEB_WHO_NOBODY)
		return web_redirect(r, "/login?next=/c/%s%s", token,
		    ended ? "&ended=1" : "");
	memset(&q, 0, sizeof(q));
	q.token = token;
	q.method = ATT_QR;
	if (attendance_checkin(web_db, r->arena, &u, &q, college_now(),
	    &c) == CHECKIN_ERROR)
		return 500;
	if (c.result == CHECKIN_FORBIDDEN || c.result == CHECKIN_UNKNOWN)
		return c_get(r);
	return web_redirect(r, "/c/%s%s", token,
	    c.result == CHECKIN_DONE ? "?r=checked_in" : "");
}
