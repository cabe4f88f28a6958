/*
 * lost.c: "lost your link?": GET and POST /booking/lost (the form; send
 * the links) and GET /booking/lost/sent ("check your email").
 */
#include <stddef.h>
#include <string.h>

#include "kit/form.h"
#include "kit/http.h"
#include "kit/i18n.h"
#include "kit/outcome.h"
#include "kit/view.h"
#include "college/booking.h"
#include "college/clock.h"
#include "college/mail.h"
#include "../web.h"
#include "booking.h"

enum {
	L_EMAIL, L__MAX
};

static const struct form_spec lost_fields[L__MAX] = {
	[L_EMAIL] = { "email", N_("Your email address"), FT_EMAIL, 1, 0, 0, 0, 0,
	    NULL },
};

/* The form (fv NULL: empty) with status: 200, 422, or 429 (limited). */
static int
lost_page(struct req *r, const struct form_value *fv, int status)
{
	struct form_value	 empty[L__MAX];
	struct view		*v;

	if (fv == NULL) {
		memset(empty, 0, sizeof(empty));
		fv = empty;
	}
	if ((v = web_form_view(r, "Get your booking links")) == NULL ||
	    web_keep(v, lost_fields, L__MAX, fv, NULL) == -1 ||
	    view_set_bool(v, "limited", status == 429) == -1 ||
	    view_set_bool(v, "sent", 0) == -1 || contact(r, v) == -1)
		return 500;
	return resp_view(r, status, "booking_lost.html", v);
}

int
lost_get(struct req *r)
{
	return lost_page(r, NULL, 200);
}

int
lost_post(struct req *r)
{
	struct form_value	 fv[L__MAX];
	char			 email[BOOKING_EMAIL_BUF];
	int			 nerr;

	if ((nerr = form_validate(r->arena, &r->bf, lost_fields, L__MAX,
	    fv)) < 0)
		return 500;
	if (nerr == 0 && booking_email_normalise(email, sizeof(email),
	    fv[L_EMAIL].value) == -1) {
		fv[L_EMAIL].value = NULL;
		fv[L_EMAIL].error = _("Enter your email address, like "
		    "name@example.com");
		nerr++;
	}
	if (nerr > 0)
		return lost_page(r, fv, 422);
	/* Known or not, limited for the address or not: the same answer,
	 * so this page tells nobody whether an address has bookings. */
	switch (mail_lost_request(web_db, email, req_env(r, "REMOTE_ADDR"),
	    r->lang, college_now())) {
	case MAIL_LOST_QUEUED:
	case MAIL_LOST_ADDR_LIMIT:
		return web_redirect(r, "/booking/lost/sent");
	case MAIL_LOST_CLIENT_LIMIT:
		return lost_page(r, fv, 429);
	default:
		return 500;
	}
}

int
lost_sent_get(struct req *r)
{
	struct view	*v;

	if ((v = web_view(r, "Check your email")) == NULL ||
	    view_set_bool(v, "sent", 1) == -1 ||
	    view_set_bool(v, "limited", 0) == -1 || contact(r, v) == -1)
		return 500;
	return resp_view(r, 200, "booking_lost.html", v);
}
