/*
 * booking.fcgi: learners' bookings. No account and no password: the
 * booking's token in the address is the learner's key.
 *
 *   GET  /book/{run}			the booking form (or why it is closed)
 *   POST /book/{run}			book: 303 to the booking, 422 with the
 *					form, 409 if the run has closed, 429
 *					when this client has booked
 *					BOOKING_CLIENT_MAX places in an hour
 *   GET  /booking/{token}		the booking: status, sessions, QR code
 *   GET  /booking/{token}/qr.svg	the QR code alone (it holds /c/ and
 *					the check-in token, never {token})
 *   GET  /booking/{token}/calendar.ics	the sessions, for a calendar; 404
 *					while on the waiting list
 *   GET  /booking/{token}/cancel	"are you sure?"
 *   POST /booking/{token}/cancel	cancel: 303 to the booking
 *   GET  /booking/lost			"lost your link?": the form
 *   POST /booking/lost			send the links: 303 to /booking/lost/sent
 *					whether or not the address is known
 *					(and when its limit is reached), 422
 *					for a malformed address, 429 when this
 *					client has asked too often
 *   GET  /booking/lost/sent		"check your email"
 *   GET  /booking/{key}/reminders	stop (or start again) reminders
 *   POST /booking/{key}/reminders	RFC 8058 one-click: stop them (no
 *					csrf: mail providers send it), 200
 *   POST /booking/{key}/reminders/on	start them again (csrf), 303
 *
 * {key} in the reminders' routes is mail_reminder_key(), not the
 * booking's token: a link that stops reminders and does nothing else.
 *
 * A malformed or unknown token is the kit's plain 404 page: it says
 * nothing about whether a booking exists. The kit has checked csrf (and
 * Origin, Sec-Fetch-Site) before any POST handler here runs.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kit/app.h"
#include "kit/arena.h"
#include "kit/buf.h"
#include "kit/form.h"
#include "kit/http.h"
#include "kit/i18n.h"
#include "kit/qr.h"
#include "kit/token.h"
#include "kit/view.h"
#include "college/booking.h"
#include "college/clock.h"
#include "college/college.h"
#include "college/mail.h"
#include "web.h"

#define BASE_URL_MAX	200	/* bytes in TESSERA_BASE_URL */
#define HOST_MAX	255	/* bytes in a Host header used for links */
#define QR_PX		240	/* the QR code's width on the page, CSS px */
#define SLUG_FILE_MAX	80	/* bytes of a slug in a file name */

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

enum {
	L_EMAIL, L__MAX
};

static const struct form_spec lost_fields[L__MAX] = {
	[L_EMAIL] = { "email", N_("Your email address"), FT_EMAIL, 1, 0, 0, 0, 0,
	    NULL },
};

/* TESSERA_BASE_URL, checked once per process; "" to use Host. */
static char	base_env[BASE_URL_MAX + 1];

/* Whether s is a usable base URL: http(s)://, then visible ASCII
 * with nothing that could break out of an attribute or a header. */
static int
base_ok(const char *s)
{
	size_t	 n = strlen(s);

	if (n == 0 || n > BASE_URL_MAX ||
	    (strncmp(s, "http://", 7) != 0 && strncmp(s, "https://", 8) != 0))
		return 0;
	for (; *s != '\0'; s++)
		if (*s <= ' ' || *s >= 0x7f || strchr("\"'<>\\`", *s) != NULL)
			return 0;
	return 1;
}

static int
init(void)
{
	const char	*b = getenv("TESSERA_BASE_URL");
	size_t		 n;

	if (web_init() == -1)
		return -1;
	if (b == NULL || *b == '\0')
		return 0;
	if (!base_ok(b)) {
		fprintf(stderr, "booking: TESSERA_BASE_URL is not an http(s) "
		    "URL; using the Host header\n");
		return 0;
	}
	n = strlen(b);
	while (n > 0 && b[n - 1] == '/')
		n--;
	memcpy(base_env, b, n);
	base_env[n] = '\0';
	return 0;
}

/*
 * The site's address for links that leave the page (the QR code, the
 * calendar): TESSERA_BASE_URL, else the scheme and the Host header,
 * which must be [A-Za-z0-9.:-] only. NULL when there is no usable one.
 */
static const char *
base_url(struct req *r)
{
	const char	*h;
	size_t		 n;

	if (base_env[0] != '\0')
		return base_env;
	if ((h = req_header(r, "Host")) == NULL ||
	    (n = strlen(h)) == 0 || n > HOST_MAX ||
	    strspn(h, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789.:-") != n)
		return NULL;
	return arena_printf(r->arena, "%s://%s", r->https ? "https" : "http",
	    h);
}

/* The college's contact details and privacy notice, for the pages. */
static int
contact(struct req *r, struct view *v)
{
	static const char *const keys[] = {
		"contact_email", "contact_phone", "privacy_notice",
	};
	size_t	 i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (view_set(v, keys[i], college_setting(web_db, r->arena,
		    keys[i], "")) == -1)
			return -1;
	return 0;
}

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

static int
book_get(struct req *r)
{
	long long	 run;

	if (web_param_id(r, 0, &run) == -1)
		return 404;
	return form_page(r, run, NULL, 200);
}

static int
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

static int
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

static int
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

static int
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

static int
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

static int
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

/* --- Lost your link? ----------------------------------------------- */

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

static int
lost_get(struct req *r)
{
	return lost_page(r, NULL, 200);
}

static int
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

static int
lost_sent_get(struct req *r)
{
	struct view	*v;

	if ((v = web_view(r, "Check your email")) == NULL ||
	    view_set_bool(v, "sent", 1) == -1 ||
	    view_set_bool(v, "limited", 0) == -1 || contact(r, v) == -1)
		return 500;
	return resp_view(r, 200, "booking_lost.html", v);
}

/* --- Reminders on and off ------------------------------------------ */

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

static int
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
static int
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

static int
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

static const struct route routes[] = {
	{ M_GET, "/book/{run}", book_get },
	{ M_POST, "/book/{run}", book_post },
	/* Before /booking/{token}, which would take "lost" for a token. */
	{ M_GET, "/booking/lost", lost_get },
	{ M_POST, "/booking/lost", lost_post },
	{ M_GET, "/booking/lost/sent", lost_sent_get },
	{ M_GET, "/booking/{key}/reminders", reminders_get },
	{ M_POST | ROUTE_NO_CSRF, "/booking/{key}/reminders", reminders_stop },
	{ M_POST, "/booking/{key}/reminders/on", reminders_start },
	{ M_GET, "/booking/{token}", booking_get },
	{ M_GET, "/booking/{token}/qr.svg", qr_get },
	{ M_GET, "/booking/{token}/calendar.ics", calendar_get },
	{ M_GET, "/booking/{token}/cancel", cancel_get },
	{ M_POST, "/booking/{token}/cancel", cancel_post },
};

int
main(int argc, char *argv[])
{
	return web_main("booking", routes, sizeof(routes) / sizeof(routes[0]),
	    init, argc, argv);
}
