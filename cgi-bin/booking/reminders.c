/*
 * reminders.c: a booking's reminders off and on again, by the key in
 * its reminder mails (mail_reminder_key(), not the booking's token):
 * GET and POST /booking/{key}/reminders, POST /booking/{key}/reminders/on.
 */
#include <stddef.h>
#include <string.h>

#include "kit/form.h"
#include "kit/http.h"
#include "kit/i18n.h"
#include "kit/outcome.h"
#include "kit/view.h"
#include "college/mail.h"
#include "../web.h"
#include "booking.h"

/* The booking named by the {key} parameter: > 0, or the status to
 * answer as a negative number (404 for a key that is not ours). */
static long long
reminder_booking(struct req *r)
{
	long long	 b = mail_reminder_booking(web_db, req_param(r, 0));

	return b == 0 ? -404 : b < 0 ? -500 : b;
}

/* The page for booking: whether reminders are on, the buttons. */
static int
reminders_page(struct req *r, long long b, int status)
{
	struct view	*v;
	const char	*title, *key = req_param(r, 0);
	int		 on, rc;

	if ((v = web_form_view(r, "Reminders")) == NULL)
		return 500;
	if ((rc = resp_outcome(mail_reminders_get(web_db, r->arena, b, &on,
	    &title))) != 0)
		return rc;
	if (view_set_bool(v, "on", on) == -1 ||
	    view_set(v, "course_title", title) == -1 ||
	    view_setf(v, "stop_url", "/booking/%s/reminders", key) == -1 ||
	    view_setf(v, "start_url", "/booking/%s/reminders/on", key) == -1)
		return 500;
	return resp_view(r, status, "booking_reminders.html", v);
}

int
reminders_get(struct req *r)
{
	long long	 b;

	if ((b = reminder_booking(r)) < 0)
		return (int)-b;
	return reminders_page(r, b, 200);
}

/*
 * RFC 8058, 3.2: the body is "List-Unsubscribe=One-Click". Nothing
 * else is asked, and nothing else is done: this route has no csrf
 * check (ROUTE_NO_CSRF), so it may only ever turn reminders off.
 */
int
reminders_stop(struct req *r)
{
	const char	*one = form_get(&r->bf, "List-Unsubscribe");
	long long	 b;
	int		 rc;

	if ((b = reminder_booking(r)) < 0)
		return (int)-b;
	if (one == NULL || strcmp(one, "One-Click") != 0)
		return 400;
	if ((rc = resp_outcome(mail_reminders_set(web_db, b, 0))) != 0)
		return rc;
	return reminders_page(r, b, 200);
}

int
reminders_start(struct req *r)
{
	long long	 b;
	int		 rc;

	if ((b = reminder_booking(r)) < 0)
		return (int)-b;
	if ((rc = resp_outcome(mail_reminders_set(web_db, b, 1))) != 0)
		return rc;
	return web_redirect(r, "/booking/%s/reminders", req_param(r, 0));
}
