/*
 * bookings.c: the office acts for a learner on a run's page: book a
 * place for someone, cancel, move or resend a booking.
 * (admin.c has the routes; admin.h what the office pages share.)
 */
#include <stddef.h>
#include <string.h>

#include "kit/form.h"
#include "kit/http.h"
#include "kit/i18n.h"
#include "college/booking.h"
#include "college/clock.h"
#include "college/mail.h"
#include "college/office.h"
#include "college/staff.h"
#include "../web.h"
#include "admin.h"

/* --- The office acts for a learner ----------------------------------------
 *
 * On a run's page (admin_run_bookings.html): who has a place and who is
 * waiting, in order, with each one's short check-in code to read out;
 * book a place for someone who phoned or came in; cancel, move to
 * another run of the course, or send the booking's links again. The
 * rules are the booking rules' own (college/booking.h, by_user set:
 * audited as the office's); office.h has the list, mail.h the resend.
 */

/* The office books a place for someone (post_run_book()): the fields
 * of the learner's own form, and their agreement, given by phone or in
 * person, to the privacy notice read to them. */
const struct form_spec office_book_spec[OK__MAX] = {
	[OK_NAME] = { "book_name", N_("Name"), FT_LINE, 1, 1, BOOKING_NAME_MAX,
	    0, 0, NULL },
	[OK_EMAIL] = { "book_email", N_("Email address"), FT_EMAIL, 1, 0,
	    BOOKING_EMAIL_MAX, 0, 0, NULL },
	[OK_PHONE] = { "book_phone", N_("Phone number"), FT_LINE, 0, 0,
	    BOOKING_PHONE_MAX, 0, 0, NULL },
	[OK_NEEDS] = { "book_needs", N_("Support needs"), FT_TEXT, 0, 0,
	    BOOKING_NEEDS_MAX, 0, 0, NULL },
	[OK_CONSENT] = { "book_consent", N_("Privacy notice"), FT_CHECKBOX, 0, 0,
	    0, 0, 0, NULL },
};

/* What a refused booking says, by enum booking_closed. */
static const char *
closed_text(enum booking_closed c)
{
	switch (c) {
	case BOOKING_NOT_OPEN:
		return _("This run is not open for booking: publish it, with a "
		    "session, first.");
	case BOOKING_RUN_CANCELLED:
		return _("This run is cancelled: it cannot be booked.");
	case BOOKING_STARTED:
		return _("This run has started: it can no longer be booked.");
	default:
		return _("This run cannot be booked.");
	}
}

int
post_run_book(struct req *r)
{
	struct staff_user	 u;
	struct form_value	 fv[OK__MAX];
	struct booking_request	 q;
	struct booking_ref	 ref;
	long long		 run;
	int			 nerr, rc;

	if ((rc = authorise(r, &u, &run)) != 0)
		return rc;
	if ((nerr = form_validate(r->arena, &r->bf, office_book_spec, OK__MAX,
	    fv)) < 0)
		return 500;
	if (!fv[OK_CONSENT].ival) {
		fv[OK_CONSENT].error = _("Read the privacy notice to them and "
		    "tick this box once they agree");
		nerr++;
	}
	if (nerr > 0)
		return run_page(r, &u, run, 422, RUN_FORM_BOOK, fv, NULL);
	memset(&q, 0, sizeof(q));
	q.run_id = run;
	q.name = fv[OK_NAME].value;
	q.email = fv[OK_EMAIL].value;
	q.phone = fv[OK_PHONE].value;
	q.needs = fv[OK_NEEDS].value;
	q.by_user = u.id;
	switch (booking_create(web_db, &q, college_now(), &ref)) {
	case BOOKING_MADE:
	case BOOKING_SAME:
		return to_run(r, run, ref.status == BOOKING_WAITLISTED ?
		    "booked-waiting" : "booked");
	case BOOKING_REFUSED:
		if (ref.closed == BOOKING_NO_RUN)
			return 404;
		return run_page(r, &u, run, 422, RUN_FORM_BOOK, fv,
		    closed_text(ref.closed));
	case BOOKING_INVALID:
		return run_page(r, &u, run, 422, RUN_FORM_BOOK, fv,
		    _("Check the details: one of them is too long."));
	default:
		return 500;
	}
}

/*
 * Who may act on booking {id}: an administrator, the booking existing.
 * 0 with *u, *id and *run filled; else the status to return.
 */
static int
office_booking(struct req *r, struct staff_user *u, long long *id,
    long long *run)
{
	int	 rc;

	if ((rc = authorise(r, u, id)) != 0)
		return rc;
	return resp_outcome(office_booking_run(web_db, *id, run));
}

int
post_booking_cancel(struct req *r)
{
	struct staff_user	 u;
	long long		 id, run;
	int			 rc, promoted = 0;

	if ((rc = office_booking(r, &u, &id, &run)) != 0)
		return rc;
	if ((rc = booking_cancel_id(web_db, id, u.id, college_now(),
	    &promoted)) != OUTCOME_OK)
		return resp_outcome(rc);
	return to_run(r, run, promoted > 0 ? "booking-cancelled-promoted" :
	    "booking-cancelled");
}

enum { MV_RUN, MV__MAX };

static const struct form_spec move_spec[MV__MAX] = {
	[MV_RUN] = { "to_run", N_("Run to move to"), FT_INT, 1, 0, 0, 1,
	    RUN_ID_MAX, NULL },
};

int
post_booking_move(struct req *r)
{
	struct staff_user	 u;
	struct form_value	 fv[MV__MAX];
	struct booking_ref	 ref;
	long long		 id, run;
	int			 rc;

	if ((rc = office_booking(r, &u, &id, &run)) != 0)
		return rc;
	if (form_validate(r->arena, &r->bf, move_spec, MV__MAX, fv) < 0)
		return 500;
	if (fv[MV_RUN].error != NULL)
		return run_page(r, &u, run, 422, RUN_FORM_NONE, NULL,
		    _("Choose the run to move the booking to."));
	memset(&ref, 0, sizeof(ref));
	rc = booking_move(web_db, id, fv[MV_RUN].ival, u.id, college_now(),
	    &ref);
	if (rc == BOOKING_MOVE_REFUSED)
		return run_page(r, &u, run, 422, RUN_FORM_NONE, NULL,
		    ref.closed != BOOKING_OPEN ? closed_text(ref.closed) :
		    _("That booking cannot be moved there: it is cancelled, or "
		    "the run is not another date of the same course."));
	if (rc != BOOKING_MOVED)
		return resp_outcome(rc);
	return to_run(r, run, ref.status == BOOKING_WAITLISTED ?
	    "booking-moved-waiting" : "booking-moved");
}

int
post_booking_resend(struct req *r)
{
	struct staff_user	 u;
	long long		 id, run;
	int			 rc;

	if ((rc = office_booking(r, &u, &id, &run)) != 0)
		return rc;
	if ((rc = mail_resend(web_db, u.id, 0, id, college_now())) ==
	    OUTCOME_ERROR)
		return 500;
	if (rc != OUTCOME_OK)	/* not found, or MAIL_RESEND_CANCELLED */
		return run_page(r, &u, run, 422, RUN_FORM_NONE, NULL,
		    _("Nothing was sent: the booking is cancelled, or the "
		    "learner's details were erased."));
	return to_run(r, run, "resent");
}
