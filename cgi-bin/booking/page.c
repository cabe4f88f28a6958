/*
 * page.c: a booking's own page, by its token: GET /booking/{token}, its
 * QR code (qr.svg), its sessions for a calendar (calendar.ics), and
 * cancelling it (GET and POST /booking/{token}/cancel).
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "kit/arena.h"
#include "kit/buf.h"
#include "kit/http.h"
#include "kit/i18n.h"
#include "kit/outcome.h"
#include "kit/qr.h"
#include "kit/token.h"
#include "kit/view.h"
#include "college/booking.h"
#include "college/clock.h"
#include "../web.h"
#include "booking.h"

#define QR_PX		240	/* the QR code's width on the page, CSS px */
#define SLUG_FILE_MAX	80	/* bytes of a slug in a file name */

/* The booking named by the {token} parameter into info: 0, or the
 * status to answer (404 for a malformed or unknown token). */
static int
find(struct req *r, struct booking_info *info)
{
	const char	*token = req_param(r, 0);

	if (token == NULL || !token_valid(token))
		return 404;
	return resp_outcome(booking_find(web_db, r->arena, token,
	    college_now(), info));
}

/* Write the QR code of the check-in token (its /c/ address) to buf. */
static int
qr_of(struct req *r, const char *token, struct buf *out, unsigned px)
{
	const char	*base, *url;
	struct sink	 s;

	if ((base = base_url(r)) == NULL ||
	    (url = arena_printf(r->arena, "%s/c/%s", base, token)) == NULL)
		return -1;
	buf_init(out, r->arena);
	s = sink_buf(out);
	if (qr_svg(&s, url, px, "QR code to show at the door") == -1 ||
	    buf_failed(out))
		return -1;
	return 0;
}

int
booking_get(struct req *r)
{
	struct booking_info	 info;
	struct view		*v;
	struct buf		 qr;
	int			 rc;

	if ((rc = find(r, &info)) != 0)
		return rc;
	if ((v = web_view(r, "Your booking")) == NULL ||
	    booking_view(web_db, &info, college_now(), v) == -1 ||
	    view_setf(v, "page_title", "%s: %s", _("Your booking"),
	    info.course_title) == -1)
		return 500;
	/* The SVG is drawn here from the token alone: trusted markup, the
	 * only raw variable on the page (and, as _qr_svg, not in JSON). */
	if (view_truth(view_lookup(v, "show_qr"))) {
		if (qr_of(r, info.ref.checkin, &qr, QR_PX) == -1)
			return 400;
		if (view_set(v, "_qr_svg", qr.data) == -1)
			return 500;
	}
	return resp_view(r, 200, "booking.html", v);
}

int
qr_get(struct req *r)
{
	struct booking_info	 info;
	struct buf		 qr;
	int			 rc;

	if ((rc = find(r, &info)) != 0)
		return rc;
	/* Cancelled (by either side), or only waiting: there is nothing
	 * to check in to. */
	if (info.ref.status != BOOKING_CONFIRMED || info.run_cancelled)
		return 404;
	if (qr_of(r, info.ref.checkin, &qr, 0) == -1)
		return 400;
	return resp_body(r, 200, "image/svg+xml", qr.data, qr.len);
}

/* A file name from the slug: [a-z0-9-] kept, at most SLUG_FILE_MAX. */
static const char *
ics_name(struct req *r, const char *slug)
{
	char	 name[SLUG_FILE_MAX + 1];
	size_t	 i, n = 0;

	for (i = 0; slug[i] != '\0' && n < SLUG_FILE_MAX; i++)
		if ((slug[i] >= 'a' && slug[i] <= 'z') ||
		    (slug[i] >= '0' && slug[i] <= '9') || slug[i] == '-')
			name[n++] = slug[i];
	name[n] = '\0';
	return arena_printf(r->arena, "attachment; filename=\"%s.ics\"",
	    n > 0 ? name : "booking");
}

int
calendar_get(struct req *r)
{
	struct booking_info	 info;
	struct buf		 out;
	struct sink		 s;
	const char		*base, *url, *disp;
	int			 rc;

	if ((rc = find(r, &info)) != 0)
		return rc;
	/* No calendar entry for a place not yet had: a date in someone's
	 * calendar reads as a promise. The promotion mail brings one. */
	if (info.ref.status == BOOKING_WAITLISTED)
		return 404;
	/* The course page, never the booking link: calendars are shared. */
	base = base_url(r);
	url = base == NULL ? NULL : arena_printf(r->arena, "%s/courses/%s",
	    base, info.course_slug);
	buf_init(&out, r->arena);
	s = sink_buf(&out);
	if (booking_calendar(web_db, r->arena, &info, url, college_now(),
	    &s) == -1 || buf_failed(&out) ||
	    (disp = ics_name(r, info.course_slug)) == NULL ||
	    resp_header(r, "Content-Disposition", disp) == -1)
		return 500;
	return resp_body(r, 200, "text/calendar; charset=utf-8", out.data,
	    out.len);
}

int
cancel_get(struct req *r)
{
	struct booking_info	 info;
	struct view		*v;
	int			 rc;

	if ((rc = find(r, &info)) != 0)
		return rc;
	if ((v = web_form_view(r, "Cancel your booking")) == NULL ||
	    booking_view(web_db, &info, college_now(), v) == -1 ||
	    view_setf(v, "page_title", "%s: %s", _("Cancel your booking"),
	    info.course_title) == -1)
		return 500;
	return resp_view(r, 200, "booking_cancel.html", v);
}

int
cancel_post(struct req *r)
{
	const char	*token = req_param(r, 0);
	int		 rc;

	if (token == NULL || !token_valid(token))
		return 404;
	if ((rc = resp_outcome(booking_cancel(web_db, token, college_now(),
	    NULL))) != 0)
		return rc;
	return web_redirect(r, "/booking/%s", token);
}
