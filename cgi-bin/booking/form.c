/*
 * form.c: the booking form: GET /book/{run} (the form, or why it is
 * closed) and POST /book/{run} (book a place).
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "kit/form.h"
#include "kit/http.h"
#include "kit/i18n.h"
#include "kit/outcome.h"
#include "kit/view.h"
#include "college/booking.h"
#include "college/clock.h"
#include "../web.h"
#include "booking.h"

enum {
	F_NAME, F_EMAIL, F_PHONE, F_NEEDS, F_CONSENT, F__MAX
};

static const struct form_spec fields[F__MAX] = {
	[F_NAME]    = { "name", N_("Your name"), FT_LINE, 1, 1,
	    BOOKING_NAME_MAX, 0, 0, NULL },
	[F_EMAIL]   = { "email", N_("Your email address"), FT_EMAIL, 1, 0, 0,
	    0, 0, NULL },
	[F_PHONE]   = { "phone", N_("Phone number"), FT_LINE, 0, 0,
	    BOOKING_PHONE_MAX, 0, 0, NULL },
	[F_NEEDS]   = { "needs", N_("What would help you take part"), FT_TEXT, 0,
	    0, BOOKING_NEEDS_MAX, 0, 0, NULL },
	[F_CONSENT] = { "consent", N_("Privacy notice"), FT_CHECKBOX, 0, 0, 0,
	    0, 0, NULL },
};

/*
 * The checks the field table cannot make: the phone's characters and
 * the consent box. Adds to fv[] and *nerr. 0 or -1 (out of memory).
 */
static int
check_more(struct form_value *fv, int *nerr)
{
	if (fv[F_PHONE].error == NULL && fv[F_PHONE].value != NULL &&
	    !booking_phone_valid(fv[F_PHONE].value)) {
		fv[F_PHONE].value = NULL;
		fv[F_PHONE].error = _("Enter a phone number using only "
		    "numbers, spaces and + ( ) -");
		(*nerr)++;
	}
	if (fv[F_CONSENT].ival == 0) {
		fv[F_CONSENT].error = _("Tick the box to say you have read "
		    "the privacy notice");
		(*nerr)++;
	}
	return 0;
}

/* Re-show what was typed (fv NULL: an empty form), each field's error,
 * and the summary. */
static int
keep_fields(struct view *v, const struct form_value *fv)
{
	struct form_value	 empty[F__MAX];

	if (fv == NULL) {
		memset(empty, 0, sizeof(empty));
		fv = empty;
	}
	return web_keep(v, fields, F__MAX, fv, NULL);
}

/*
 * The booking form of run with status (200, 422, 409), fv the typed
 * values (NULL for an empty form). A run that cannot be booked shows
 * why instead of the form, as 409 when a POST was refused.
 */
static int
form_page(struct req *r, long long run, const struct form_value *fv,
    int status)
{
	struct view		*v;
	enum booking_closed	 closed;
	const char		*title;
	int			 rc;

	if ((v = web_form_view(r, "Book a place")) == NULL)
		return 500;
	if ((rc = resp_outcome(booking_run_view(web_db, run, college_now(), v,
	    &closed))) != 0)
		return rc;
	if (closed != BOOKING_OPEN && status != 200)
		status = 409;
	title = view_str(v, r->arena, "course_title");
	if (title != NULL && title[0] != '\0' &&
	    view_setf(v, "page_title", "%s: %s", _("Book a place"), title) == -1)
		return 500;
	if (keep_fields(v, fv) == -1 || contact(r, v) == -1 ||
	    view_set_bool(v, "limited", 0) == -1)
		return 500;
	return resp_view(r, status, "book.html", v);
}

/*
 * This client has booked BOOKING_CLIENT_MAX places in the last hour:
 * 429, Retry-After, and a kind page. It depends on the client alone,
 * never on the address typed.
 */
static int
limited_page(struct req *r, long long run)
{
	struct view		*v;
	enum booking_closed	 closed;
	char			 secs[32];
	int			 rc;

	if ((v = web_view(r, "Please wait a while")) == NULL)
		return 500;
	if ((rc = resp_outcome(booking_run_view(web_db, run, college_now(), v,
	    &closed))) != 0)
		return rc;
	snprintf(secs, sizeof(secs), "%d", BOOKING_CLIENT_WINDOW);
	if (keep_fields(v, NULL) == -1 || contact(r, v) == -1 ||
	    view_set_bool(v, "limited", 1) == -1 ||
	    resp_header(r, "Retry-After", secs) == -1)
		return 500;
	return resp_view(r, 429, "book.html", v);
}

int
book_get(struct req *r)
{
	long long	 run;

	if (web_param_id(r, 0, &run) == -1)
		return 404;
	return form_page(r, run, NULL, 200);
}

int
book_post(struct req *r)
{
	struct form_value	 fv[F__MAX];
	struct booking_request	 q;
	struct booking_ref	 b;
	long long		 run;
	int			 nerr;

	if (web_param_id(r, 0, &run) == -1)
		return 404;
	if ((nerr = form_validate(r->arena, &r->bf, fields, F__MAX, fv)) < 0 ||
	    check_more(fv, &nerr) == -1)
		return 500;
	if (nerr > 0)
		return form_page(r, run, fv, 422);
	memset(&q, 0, sizeof(q));
	q.run_id = run;
	q.name = fv[F_NAME].value;
	q.email = fv[F_EMAIL].value;
	q.phone = fv[F_PHONE].value;
	q.needs = fv[F_NEEDS].value;
	/* The cookie the kit has just checked: this browser. */
	q.browser = csrf_token(r);
	q.client = req_env(r, "REMOTE_ADDR");
	/* The language it is made in, for what is mailed later. */
	q.lang = r->lang;
	switch (booking_create(web_db, &q, college_now(), &b)) {
	case BOOKING_MADE:
	case BOOKING_SAME:
		return web_redirect(r, "/booking/%s", b.token);
	case BOOKING_LIMITED:
		return limited_page(r, run);
	case BOOKING_REFUSED:
		if (b.closed == BOOKING_NO_RUN)
			return 404;
		return form_page(r, run, fv, 409);
	case BOOKING_INVALID:
		return 400;
	default:
		return 500;
	}
}
