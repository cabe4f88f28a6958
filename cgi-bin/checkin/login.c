/*
 * login.c: staff log in and out: GET and POST /login, POST /logout.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "kit/form.h"
#include "kit/http.h"
#include "kit/i18n.h"
#include "kit/outcome.h"
#include "kit/view.h"
#include "college/clock.h"
#include "college/staff.h"
#include "../web.h"
#include "checkin.h"

enum {
	L_EMAIL, L__MAX
};

static const struct form_spec login_fields[L__MAX] = {
	[L_EMAIL] = { "email", N_("Email address"), FT_EMAIL, 1, 0, STAFF_EMAIL_MAX,
	    0, 0, NULL },
};

/*
 * The log-in form with status: email as typed, next, and the messages:
 * email_error, password_error, an errors loop for the summary, and
 * notice (a sentence above the form).
 */
static int
login_page(struct req *r, int status, const char *email, const char *next,
    const char *email_error, const char *password_error, const char *notice,
    int out)
{
	struct view	*v;

	if ((v = web_form_view(r, N_("Staff log in"))) == NULL ||
	    (out && view_set(v, "_out_js", out_js) == -1) ||
	    view_set(v, "email", email != NULL ? email : "") == -1 ||
	    view_set(v, "next", next) == -1 ||
	    view_set(v, "email_error", email_error) == -1 ||
	    view_set(v, "password_error", password_error) == -1 ||
	    view_set(v, "notice", notice) == -1 ||
	    view_loop(v, "errors") == -1 ||
	    (email_error != NULL &&
	    web_field_error(v, "email", email_error) == -1) ||
	    (password_error != NULL &&
	    web_field_error(v, "password", password_error) == -1))
		return 500;
	return resp_view(r, status, "login.html", v);
}

/* The device cookie's name (staff.h): __Host- under https. */
static const char *
device_cookie(const struct req *r)
{
	return r->https ? "__Host-device" : "device";
}

/* The next= of the query (GET) or the body (POST) if it is safe, else
 * "" (where to go is then the user's landing(): see below). */
static const char *
next_of(const struct form *f)
{
	const char	*n = form_get(f, "next");

	return web_next_ok(n) ? n : "";
}

/* Where a log-in goes: next if one was given, else the user's own area
 * (an administrator's is the college office, an educator's the door). */
static const char *
landing(const char *next, enum staff_role role)
{
	if (*next != '\0')
		return next;
	return role == STAFF_ADMIN ? NEXT_ADMIN : NEXT_DEFAULT;
}

int
login_get(struct req *r)
{
	struct staff_user	 u;
	const char		*next = next_of(&r->qf), *notice = NULL;
	int			 rc, ended;

	if ((rc = web_who(r, &u, &ended)) == WEB_WHO_ERROR)
		return 500;
	if (rc == WEB_WHO_STAFF)
		return resp_redirect(r, landing(next, u.role));
	if (ended || form_get(&r->qf, "ended") != NULL)
		notice = _("You were logged out after a time without use. "
		    "Please log in again.");
	else if (form_get(&r->qf, "out") != NULL)
		notice = _("You have logged out.");
	return login_page(r, 200, NULL, next, NULL, NULL, notice,
	    form_get(&r->qf, "out") != NULL);
}

int
login_post(struct req *r)
{
	struct form_value	 fv[L__MAX];
	struct staff_user	 u;
	const char		*next = next_of(&r->bf), *pw, *old;
	char			 sid[TOKEN_B32_LEN + 1], msg[256], num[24];
	const char *const	 names[] = { "n" }, *vals[] = { num };
	char			 dev[TOKEN_B32_LEN + 1];
	long			 retry, minutes;
	int			 nerr;

	if ((nerr = form_validate(r->arena, &r->bf, login_fields, L__MAX,
	    fv)) < 0)
		return 500;
	pw = form_get(&r->bf, "password");
	if (nerr > 0 || pw == NULL || *pw == '\0')
		return login_page(r, 422, fv[L_EMAIL].raw, next,
		    fv[L_EMAIL].error, pw == NULL || *pw == '\0' ?
		    _("Enter your password") : NULL, NULL, 0);
	switch (staff_login(web_db, fv[L_EMAIL].value, pw,
	    req_env(r, "REMOTE_ADDR"), req_cookie(r, device_cookie(r)),
	    college_now(), sid, dev, &retry)) {
	case STAFF_LOGIN_OK:
		break;
	case STAFF_LOGIN_BAD:
		/* One answer for an unknown email and a wrong password. */
		return login_page(r, 422, fv[L_EMAIL].raw, next,
		    _("The email address or the password is not right"), NULL,
		    NULL, 0);
	case STAFF_LOGIN_THROTTLED:
		minutes = (retry + 59) / 60;
		snprintf(msg, sizeof(msg), "%ld", retry);
		(void)resp_header(r, "Retry-After", msg);
		snprintf(num, sizeof(num), "%ld", minutes);
		i18n_fill(msg, sizeof(msg), i18n_ntext(NULL,
		    "Too many attempts. Try again in {n} minute.",
		    "Too many attempts. Try again in {n} minutes.",
		    (unsigned long)minutes), names, vals, 1);
		return login_page(r, 429, fv[L_EMAIL].raw, next, NULL, NULL,
		    msg, 0);
	default:
		return 500;
	}
	/* A new id at every log-in; any session this browser had ends. */
	if ((old = req_cookie(r, web_sid_cookie(r))) != NULL)
		(void)staff_logout(web_db, old);
	if (resp_cookie(r, web_sid_cookie(r), sid, STAFF_ABSOLUTE, COOKIE_LAX) == -1)
		return 500;
	/* This browser has now logged in: others' failures no longer
	 * keep it out (staff.h). Sent only with log-ins, never off-site. */
	if (resp_cookie(r, device_cookie(r), dev, STAFF_DEVICE_TTL,
	    COOKIE_STRICT) == -1)
		return 500;
	explicit_bzero(dev, sizeof(dev));
	/* Who just logged in, for where to land: the session just made. */
	if (*next == '\0' && staff_session(web_db, r->arena, sid,
	    college_now(), &u) != STAFF_SESSION_OK)
		u.role = STAFF_EDUCATOR;
	explicit_bzero(sid, sizeof(sid));
	return resp_redirect(r, *next != '\0' ? next : landing(next, u.role));
}

int
logout_post(struct req *r)
{
	if (staff_logout(web_db, req_cookie(r, web_sid_cookie(r))) == -1)
		return 500;
	if (resp_cookie(r, web_sid_cookie(r), "", 0, COOKIE_LAX) == -1)
		return 500;
	/* What the phone kept for the day (rosters, the page copies, the
	 * service worker) goes with the session. */
	if (resp_header(r, "Clear-Site-Data", "\"cache\", \"storage\"") ==
	    -1)
		return 500;
	return resp_redirect(r, "/login?out=1");
}
