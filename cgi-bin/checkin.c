/*
 * checkin.fcgi: staff log-in and checking learners in at the door.
 *
 *   GET  /login				the log-in form (next: where to go after)
 *   POST /login				log in: 303 to next; 422 wrong; 429 throttled
 *   POST /logout				end the session: 303 to /login
 *   GET  /checkin				the user's sessions: today and the next 7 days
 *   GET  /checkin/session/{id}		the roster (q: a name to search for)
 *   POST /checkin/session/{id}/mark	a tap: booking, status (or undo)
 *   POST /checkin/session/{id}/absent	mark everyone not checked in absent
 *   POST /checkin/session/{id}/code	check in by short code
 *   POST /checkin/session/{id}/needs	show a learner's support needs (audited)
 *   GET  /checkin/session/{id}/scan	the in-page scanner
 *   POST /checkin/scan			one scan, answered in JSON (session,
 *					text, nonce)
 *   GET  /checkin/session/{id}/sheet	the printable sign-in sheet
 *   GET  /checkin/session/{id}/paper	typing a sheet's ticks back in
 *   POST /checkin/session/{id}/paper	(admins only)
 *   GET  /checkin/today.json		today's rosters, for the phone to keep
 *   POST /checkin/sync			queued check-ins (items), answered in
 *					JSON per item
 *   GET  /checkin/sw.js			the service worker (scope /checkin/)
 *   GET  /c/{token}			what a booking's QR code holds
 *   POST /c/{token}			check that booking in
 *
 * Every page but /login and /c/ needs a staff session; a GET without one
 * is sent to /login and back. Who may see and change a session is
 * decided by college/attendance (its facilitators, and admins): anyone
 * else gets 403. The kit has checked csrf (and Origin, Sec-Fetch-Site)
 * before any POST handler here runs. Pages are never cached (the kit's
 * default Cache-Control: no-store), and nothing here logs a password, a
 * token or a session id.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kit/app.h"
#include "kit/arena.h"
#include "kit/form.h"
#include "kit/http.h"
#include "kit/i18n.h"
#include "kit/outcome.h"
#include "kit/token.h"
#include "kit/view.h"
#include "college/attendance.h"
#include "college/booking.h"
#include "college/clock.h"
#include "college/staff.h"
#include "web.h"

#define NEXT_DEFAULT	"/checkin"	/* where a log-in goes by default */
#define NEXT_ADMIN	"/admin"	/* and an administrator's */
#define ID_MAX		999999999999999999LL
#define CODE_FIELD_MAX	32		/* characters typed as a code */
#define SESSION_PATH	"/checkin/session/"

#ifndef TESSERA_TEMPLATES
#define TESSERA_TEMPLATES "templates"
#endif

/*
 * The scanner's scripts, by addresses that carry a hash of their content
 * (web_static_url()), as the stylesheet's do.
 */
static char	scan_js[WEB_STATIC_URL_MAX] = "/static/scan.js";
static char	jsqr_js[WEB_STATIC_URL_MAX] = "/static/jsqr.js";
static char	door_js[WEB_STATIC_URL_MAX] = "/static/door.js";
static char	out_js[WEB_STATIC_URL_MAX] = "/static/door-out.js";

/*
 * The service worker, read once at start from templates/static/sw.js and
 * served at /checkin/sw.js, so that its scope (the directory it is served
 * from) covers the rosters and scanners under /checkin/ without a
 * Service-Worker-Allowed header. Empty when the file is missing.
 */
#define SW_MAX		(32 * 1024)
static char	sw_body[SW_MAX];
static size_t	sw_len;

static void
sw_load(void)
{
	const char	*dir = getenv("TESSERA_TEMPLATES");
	char		 path[1024];
	FILE		*f;

	if (dir == NULL || *dir == '\0')
		dir = TESSERA_TEMPLATES;
	if ((size_t)snprintf(path, sizeof(path), "%s/static/sw.js", dir) >=
	    sizeof(path) || (f = fopen(path, "re")) == NULL)
		return;
	sw_len = fread(sw_body, 1, sizeof(sw_body), f);
	if (!feof(f))
		sw_len = 0;	/* larger than SW_MAX: refuse, not cut */
	fclose(f);
}

static int
init(void)
{
	if (web_init() == -1)
		return -1;
	web_static_url("scan.js", scan_js, sizeof(scan_js));
	web_static_url("jsqr.js", jsqr_js, sizeof(jsqr_js));
	web_static_url("door.js", door_js, sizeof(door_js));
	web_static_url("door-out.js", out_js, sizeof(out_js));
	sw_load();
	return 0;
}

/* --- Helpers ------------------------------------------------------------ */

/* A page view for a logged-in user: the layout's variables, csrf (every
 * staff page has the log-out form), and who is logged in. */
static struct view *
staff_view(struct req *r, const struct staff_user *u, const char *title)
{
	struct view	*v;

	if ((v = web_form_view(r, title)) == NULL ||
	    view_set(v, "staff_name", u->name) == -1 ||
	    view_set(v, "staff_role", staff_role_word(u->role)) == -1 ||
	    view_set_bool(v, "staff_admin", u->role == STAFF_ADMIN) == -1 ||
	    view_set(v, "_door_js", door_js) == -1)
		return NULL;
	return v;
}

/* A JSON answer with only a result word and a message. */
static int
json_simple(struct req *r, int status, const char *result, const char *msg)
{
	struct view	*v;

	if ((v = view_new(r->arena)) == NULL ||
	    view_set(v, "result", result) == -1 ||
	    view_set(v, "tone", "bad") == -1 ||
	    view_set(v, "message", msg) == -1)
		return 500;
	return resp_json(r, status, v);
}

/*
 * The session of the {id} parameter, for user u: 0 with *s filled, or
 * the status to answer (404 no such session, 403 not the user's).
 */
static int
load_session(struct req *r, const struct staff_user *u, struct att_session *s)
{
	long long	 id;
	int		 rc;

	if (web_param_id(r, 0, &id) == -1)
		return 404;
	if ((rc = resp_outcome(attendance_session(web_db, r->arena, id, u,
	    s))) != 0)
		return rc;
	if (!attendance_may(u, s))
		return resp_error(r, 403, N_("This session is not one of yours: "
		    "only its trainers and the college office can see it."));
	return 0;
}

/* --- Logging in and out --------------------------------------------------- */

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

static int
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

static int
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

static int
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

/* --- The sessions list ---------------------------------------------------- */

static int
checkin_get(struct req *r)
{
	struct staff_user	 u;
	struct view		*v;
	int			 rc;

	if ((rc = web_staff(r, &u, NEXT_DEFAULT)) != 0)
		return rc;
	if ((v = staff_view(r, &u, N_("Your sessions"))) == NULL ||
	    attendance_upcoming(web_db, &u, college_now(), v) == -1)
		return 500;
	return resp_view(r, 200, "checkin.html", v);
}

/* --- The roster and the scanner --------------------------------------------- */

enum {
	Q_Q, Q_R, Q_B, Q_M, Q_ABSENT, Q__MAX
};

/* The results a redirect may carry back to the roster or scanner. */
static const char *const flash_results[] = {
	"checked_in", "already", "cancelled", "waitlisted", "not_today",
	"unknown", NULL
};

static const struct form_spec page_query[Q__MAX] = {
	[Q_Q]      = { "q", "Name", FT_LINE, 0, 0, ATT_SEARCH_MAX, 0, 0, NULL },
	[Q_R]      = { "r", "Result", FT_ONEOF, 0, 0, 0, 0, 0, flash_results },
	[Q_B]      = { "b", "Booking", FT_INT, 0, 0, 0, 1, ID_MAX, NULL },
	[Q_M]      = { "m", "Marked", FT_INT, 0, 0, 0, 1, ID_MAX, NULL },
	[Q_ABSENT] = { "absent", "Marked absent", FT_INT, 0, 0, 0, 0, ID_MAX,
	    NULL },
};

/* What a POST that did not redirect adds to the roster or scanner. */
struct extra {
	const char	*code;		/* the code as typed */
	const char	*code_error;
	long long	 needs_booking;	/* whose needs are shown, or 0 */
	const char	*needs_name;
	const char	*needs;
};

/*
 * The variables of the query: q (the search), flash (a loop of one row:
 * the result a redirect carried back, as attendance_checkin_view()
 * fills it), marked (the booking just tapped), absent_count.
 */
static int
query_vars(struct req *r, const struct staff_user *u,
    const struct att_session *s, struct view *v, const char **search,
    long long *marked)
{
	struct form_value	 fq[Q__MAX];
	struct checkin		 c;
	struct view		*row;
	int			 res;

	if (form_validate(r->arena, &r->qf, page_query, Q__MAX, fq) < 0)
		return -1;
	*search = fq[Q_Q].value;
	*marked = fq[Q_M].value != NULL ? fq[Q_M].ival : 0;
	if (view_set(v, "q", *search != NULL ? *search : "") == -1 ||
	    view_loop(v, "flash") == -1)
		return -1;
	if (fq[Q_ABSENT].value != NULL &&
	    (view_set_bool(v, "absent_done", 1) == -1 ||
	    view_set_int(v, "absent_count", fq[Q_ABSENT].ival) == -1))
		return -1;
	if (fq[Q_R].value == NULL)
		return 0;
	res = attendance_result_parse(fq[Q_R].value);
	if (res < 0 || attendance_recall(web_db, r->arena, u, s,
	    (enum checkin_result)res, fq[Q_B].value != NULL ? fq[Q_B].ival : 0,
	    &c) == -1 ||
	    (row = view_row(v, "flash")) == NULL ||
	    attendance_checkin_view(web_db, &c, row) == -1)
		return -1;
	return 0;
}

/* The code-entry field's variables. */
static int
code_vars(struct view *v, const struct extra *x)
{
	if (view_set(v, "code", x != NULL && x->code != NULL ? x->code : "") ==
	    -1 ||
	    view_set(v, "code_error", x != NULL ? x->code_error : NULL) == -1 ||
	    view_loop(v, "errors") == -1 ||
	    (x != NULL && x->code_error != NULL &&
	    web_field_error(v, "code", x->code_error) == -1))
		return -1;
	return 0;
}

/* Mark the learner rows: the one just tapped, the one whose needs show. */
static int
mark_rows(struct view *v, long long marked, const struct extra *x)
{
	const struct vval	*l = view_lookup(v, "learners");
	const struct vval	*id;
	const struct vrow	*row;

	if (l == NULL || l->type != VT_LOOP)
		return 0;
	for (row = l->rows; row != NULL; row = row->next) {
		if ((id = view_lookup_here(row->scope, "booking_id")) == NULL ||
		    id->type != VT_INT)
			continue;
		if (id->i == marked &&
		    view_set_bool(row->scope, "marked", 1) == -1)
			return -1;
		if (x != NULL && x->needs_booking == id->i &&
		    (view_set_bool(row->scope, "needs_shown", 1) == -1 ||
		    view_set(row->scope, "needs", x->needs) == -1))
			return -1;
	}
	return 0;
}

static int
roster_page(struct req *r, const struct staff_user *u,
    const struct att_session *s, int status, const struct extra *x)
{
	struct view	*v;
	const char	*search;
	long long	 marked;
	time_t		 now = college_now();

	if ((v = staff_view(r, u, N_("Check-in list"))) == NULL ||
	    attendance_session_view(s, now, v) == -1 ||
	    view_setf(v, "page_title", "%s: %s", _("Check-in"),
	    s->course_title) == -1 ||
	    query_vars(r, u, s, v, &search, &marked) == -1 ||
	    attendance_roster(web_db, u, s, search, v) != 0 ||
	    code_vars(v, x) == -1 ||
	    mark_rows(v, marked, x) == -1)
		return 500;
	if (x != NULL && x->needs_booking != 0 &&
	    (view_set_int(v, "needs_booking", x->needs_booking) == -1 ||
	    view_set(v, "needs_name", x->needs_name) == -1))
		return 500;
	return resp_view(r, status, "roster.html", v);
}

static int
scan_page(struct req *r, const struct staff_user *u,
    const struct att_session *s, int status, const struct extra *x)
{
	struct view	*v;
	const char	*search;
	long long	 marked;

	if ((v = staff_view(r, u, N_("Scanner"))) == NULL ||
	    attendance_session_view(s, college_now(), v) == -1 ||
	    view_setf(v, "page_title", "%s: %s", _("Scanner"),
	    s->course_title) == -1 ||
	    query_vars(r, u, s, v, &search, &marked) == -1 ||
	    attendance_counts(web_db, s, v) == -1 ||
	    code_vars(v, x) == -1)
		return 500;
	if (view_set(v, "_scan_js", scan_js) == -1 ||
	    view_set(v, "_jsqr_js", jsqr_js) == -1)
		return 500;
	/* The one page that may use the camera. */
	if (resp_header(r, "Permissions-Policy",
	    "camera=(self), microphone=(), geolocation=()") == -1)
		return 500;
	return resp_view(r, status, "scan.html", v);
}

/*
 * The start of every roster handler: the user (or a redirect to log
 * in) and the session (or 404, 403). 0 to go on, else the status.
 */
static int
begin(struct req *r, struct staff_user *u, struct att_session *s)
{
	int	 rc;

	if ((rc = web_staff(r, u, NEXT_DEFAULT)) != 0)
		return rc;
	return load_session(r, u, s);
}

static int
roster_get(struct req *r)
{
	struct staff_user	 u;
	struct att_session	 s;
	int			 rc;

	if ((rc = begin(r, &u, &s)) != 0)
		return rc;
	return roster_page(r, &u, &s, 200, NULL);
}

static int
scan_get(struct req *r)
{
	struct staff_user	 u;
	struct att_session	 s;
	int			 rc;

	if ((rc = begin(r, &u, &s)) != 0)
		return rc;
	return scan_page(r, &u, &s, 200, NULL);
}

/* Back to the roster at anchor (may be NULL), with q kept and extra
 * query (may be ""). */
static int
to_roster(struct req *r, const struct att_session *s, const char *q,
    const char *extra, const char *anchor)
{
	const char	*enc = "", *query;

	if (q != NULL && *q != '\0' && (enc = web_url_enc(r, q)) == NULL)
		return 500;
	if ((query = arena_printf(r->arena, "%s%s%s%s", *enc ? "q=" : "", enc,
	    *enc && *extra ? "&" : "", extra)) == NULL)
		return 500;
	return web_redirect(r, SESSION_PATH "%lld%s%s%s%s", s->id,
	    *query ? "?" : "", query, anchor != NULL ? "#" : "",
	    anchor != NULL ? anchor : "");
}

static const char *const mark_choices[] = {
	"present", "late", "absent", "excused", "undo", NULL
};

enum {
	M_BOOKING, M_STATUS, M_Q, M__MAX
};

static const struct form_spec mark_fields[M__MAX] = {
	[M_BOOKING] = { "booking", "Learner", FT_INT, 1, 0, 0, 1, ID_MAX, NULL },
	[M_STATUS]  = { "status", "Status", FT_ONEOF, 1, 0, 0, 0, 0,
	    mark_choices },
	[M_Q]       = { "q", "Name", FT_LINE, 0, 0, ATT_SEARCH_MAX, 0, 0, NULL },
};

static int
mark_post(struct req *r)
{
	struct staff_user	 u;
	struct att_session	 s;
	struct form_value	 fv[M__MAX];
	const char		*extra, *anchor;
	long long		 b;
	int			 rc;

	if ((rc = begin(r, &u, &s)) != 0)
		return rc;
	/* Buttons, not typing: a field out of bounds is a broken request. */
	if ((rc = form_validate(r->arena, &r->bf, mark_fields, M__MAX,
	    fv)) < 0)
		return 500;
	if (rc > 0)
		return resp_error(r, 400, N_("That change could not be read. "
		    "Please go back, reload the list and try again."));
	b = fv[M_BOOKING].ival;
	rc = attendance_mark(web_db, &u, &s, b, fv[M_STATUS].value,
	    college_now());
	if (rc == OUTCOME_ERROR)
		return 500;
	if (rc == OUTCOME_NOT_FOUND)
		return resp_error(r, 404, N_("That learner is not on this "
		    "session's list."));
	if ((extra = arena_printf(r->arena, "m=%lld", b)) == NULL ||
	    (anchor = arena_printf(r->arena, "b%lld", b)) == NULL)
		return 500;
	return to_roster(r, &s, fv[M_Q].value, extra, anchor);
}

static int
absent_post(struct req *r)
{
	struct staff_user	 u;
	struct att_session	 s;
	const char		*extra;
	long long		 n;
	int			 rc;

	if ((rc = begin(r, &u, &s)) != 0)
		return rc;
	if (attendance_absent_rest(web_db, &u, &s, college_now(), &n) != 0)
		return 500;
	if ((extra = arena_printf(r->arena, "absent=%lld", n)) == NULL)
		return 500;
	return to_roster(r, &s, NULL, extra, "counts");
}

static const char *const back_choices[] = { "scan", NULL };

enum {
	C_CODE, C_BACK, C__MAX
};

static const struct form_spec code_fields[C__MAX] = {
	[C_CODE] = { "code", N_("Check-in code"), FT_LINE, 1, 0, CODE_FIELD_MAX, 0,
	    0, NULL },
	[C_BACK] = { "back", "Back to", FT_ONEOF, 0, 0, 0, 0, 0, back_choices },
};

static int
code_post(struct req *r)
{
	struct staff_user	 u;
	struct att_session	 s;
	struct form_value	 fv[C__MAX];
	struct checkin_req	 q;
	struct checkin		 c;
	struct extra		 x;
	int			 rc, scan;

	if ((rc = begin(r, &u, &s)) != 0)
		return rc;
	if ((rc = form_validate(r->arena, &r->bf, code_fields, C__MAX,
	    fv)) < 0)
		return 500;
	scan = fv[C_BACK].value != NULL;
	if (fv[C_CODE].error != NULL) {
		memset(&x, 0, sizeof(x));
		x.code = fv[C_CODE].raw;
		x.code_error = fv[C_CODE].value == NULL &&
		    (fv[C_CODE].raw == NULL || *fv[C_CODE].raw == '\0') ?
		    _("Enter the check-in code from the learner's booking") :
		    fv[C_CODE].error;
		return scan ? scan_page(r, &u, &s, 422, &x) :
		    roster_page(r, &u, &s, 422, &x);
	}
	memset(&q, 0, sizeof(q));
	q.code = fv[C_CODE].value;
	q.session_id = s.id;
	q.method = ATT_CODE;
	if (attendance_checkin(web_db, r->arena, &u, &q, college_now(),
	    &c) == CHECKIN_ERROR)
		return 500;
	if (c.result == CHECKIN_FORBIDDEN)
		return 403;
	if (c.booking_id != 0)
		return web_redirect(r, SESSION_PATH "%lld%s?r=%s&b=%lld#result",
		    s.id, scan ? "/scan" : "",
		    attendance_result_word(c.result), c.booking_id);
	return web_redirect(r, SESSION_PATH "%lld%s?r=%s#result", s.id,
	    scan ? "/scan" : "", attendance_result_word(c.result));
}

enum {
	N_BOOKING, N__MAX
};

static const struct form_spec needs_fields[N__MAX] = {
	[N_BOOKING] = { "booking", "Learner", FT_INT, 1, 0, 0, 1, ID_MAX, NULL },
};

static int
needs_post(struct req *r)
{
	struct staff_user	 u;
	struct att_session	 s;
	struct form_value	 fv[N__MAX];
	struct extra		 x;
	int			 rc;

	if ((rc = begin(r, &u, &s)) != 0)
		return rc;
	if ((rc = form_validate(r->arena, &r->bf, needs_fields, N__MAX,
	    fv)) < 0)
		return 500;
	if (rc > 0)
		return resp_error(r, 400, N_("That request could not be read."));
	memset(&x, 0, sizeof(x));
	x.needs_booking = fv[N_BOOKING].ival;
	if ((rc = attendance_needs(web_db, r->arena, &u, &s, x.needs_booking,
	    &x.needs_name, &x.needs)) == OUTCOME_ERROR)
		return 500;
	if (rc == OUTCOME_NOT_FOUND)
		return resp_error(r, 404, N_("That learner is not on this "
		    "session's list."));
	/* A read (audited), so the page itself, not a redirect. */
	return roster_page(r, &u, &s, 200, &x);
}

enum {
	S_SESSION, S_TEXT, S_NONCE, S__MAX
};

static const struct form_spec scan_fields[S__MAX] = {
	[S_SESSION] = { "session", "Session", FT_INT, 1, 0, 0, 1, ID_MAX, NULL },
	[S_TEXT]    = { "text", "Code", FT_LINE, 1, 0, ATT_SCAN_MAX, 0, 0,
	    NULL },
	[S_NONCE]   = { "nonce", "Nonce", FT_TOKEN, 1, ATT_NONCE_MIN,
	    ATT_NONCE_MAX, 0, 0, NULL },
};

/*
 * One scan from the in-page scanner, always answered in JSON: 200 with
 * attendance_checkin_view()'s variables, or result "login" (401),
 * "invalid" (422), "forbidden" with why "session" (403: the session is
 * not the user's), "no_session" (404).
 */
static int
scan_post(struct req *r)
{
	struct staff_user	 u;
	struct att_session	 s;
	struct form_value	 fv[S__MAX];
	struct checkin_req	 q;
	struct checkin		 c;
	struct view		*v;
	char			 token[TOKEN_B32_LEN + 1];
	char			 code[ATT_CODE_MAX + 1];
	int			 rc, ended;

	if ((rc = web_who(r, &u, &ended)) == WEB_WHO_ERROR)
		return 500;
	if (rc == WEB_WHO_NOBODY)
		return json_simple(r, 401, "login", "You have been logged out. "
		    "Log in again to go on scanning.");
	if ((rc = form_validate(r->arena, &r->bf, scan_fields, S__MAX,
	    fv)) < 0)
		return 500;
	if (rc > 0)
		return json_simple(r, 422, "invalid", "That scan could not be "
		    "read. Please scan again.");
	rc = attendance_session(web_db, r->arena, fv[S_SESSION].ival, &u, &s);
	if (rc == OUTCOME_NOT_FOUND)
		return json_simple(r, resp_outcome(rc), "no_session", "There "
		    "is no such session.");
	if (rc != OUTCOME_OK)
		return resp_outcome(rc);
	if (!attendance_may(&u, &s)) {
		/* "forbidden" as a scanned booking of someone else's course
		 * answers too; why tells the page's script which of the two
		 * to say (the result word stays as programs know it). */
		if ((v = view_new(r->arena)) == NULL ||
		    view_set(v, "result", "forbidden") == -1 ||
		    view_set(v, "why", "session") == -1 ||
		    view_set(v, "tone", "bad") == -1 ||
		    view_set(v, "message", "This session is not one of "
		    "yours.") == -1)
			return 500;
		return resp_json(r, 403, v);
	}
	memset(&q, 0, sizeof(q));
	q.session_id = s.id;
	q.today_only = 1;
	q.nonce = fv[S_NONCE].value;
	q.method = ATT_QR;
	if (attendance_scanned_token(fv[S_TEXT].value, token,
	    sizeof(token)) == 0)
		q.token = token;
	else if (attendance_code_norm(fv[S_TEXT].value, code,
	    sizeof(code)) == 0) {
		q.code = code;
		q.method = ATT_CODE;
	}
	if (attendance_checkin(web_db, r->arena, &u, &q, college_now(),
	    &c) == CHECKIN_ERROR ||
	    (v = view_new(r->arena)) == NULL ||
	    attendance_checkin_view(web_db, &c, v) == -1)
		return 500;
	return resp_json(r, c.result == CHECKIN_FORBIDDEN ? 403 : 200, v);
}

/* --- Offline: the day's rosters, the queue, the service worker ---------- */

/*
 * GET /checkin/today.json: the rosters of the user's sessions today, for
 * the phone to keep until the day ends or the user logs out (see
 * attendance_today() for what is in it, and what never is). no-store
 * (the kit's default): HTTP caches keep nothing; the page's script
 * keeps it in IndexedDB.
 */
static int
today_get(struct req *r)
{
	struct staff_user	 u;
	struct view		*v;
	int			 rc, ended;

	if ((rc = web_who(r, &u, &ended)) == WEB_WHO_ERROR)
		return 500;
	if (rc == WEB_WHO_NOBODY)
		return json_simple(r, 401, "login", "You have been logged out. "
		    "Log in again to keep today's lists on this phone.");
	if ((v = view_new(r->arena)) == NULL ||
	    attendance_today(web_db, &u, college_now(), v) == -1)
		return 500;
	return resp_json(r, 200, v);
}

/*
 * POST /checkin/sync: check-ins queued on a phone, in the field items:
 * up to ATT_SYNC_MAX lines "NONCE SESSION BOOKING ACTION METHOD AT"
 * (attendance_item_parse()). A form, not a JSON body, so that the kit's
 * one csrf check (a form field) guards it as every other POST. Always
 * JSON: 200 with results (one row per line, in order: index and what
 * attendance_sync() says, or result "invalid" for a line that could not
 * be read), 401 "login", 422 "invalid" when items is missing, empty or
 * too long.
 */
static int
sync_post(struct req *r)
{
	struct staff_user	 u;
	struct att_item		 it;
	struct view		*v, *row;
	const char		*items, *p;
	char			 line[ATT_SYNC_LINE_MAX + 1];
	size_t			 n, i = 0;
	int			 rc, ended;
	time_t			 now = college_now();

	if ((rc = web_who(r, &u, &ended)) == WEB_WHO_ERROR)
		return 500;
	if (rc == WEB_WHO_NOBODY)
		return json_simple(r, 401, "login", "You have been logged out. "
		    "Log in again: what is waiting will be sent then.");
	items = form_get(&r->bf, "items");
	if (items == NULL || *items == '\0')
		return json_simple(r, 422, "invalid", "Nothing was sent.");
	/* Counted first: a batch too large records nothing at all. */
	for (p = items; *p != '\0'; p += n + (p[n] == '\n')) {
		n = strcspn(p, "\n");
		if (++i > ATT_SYNC_MAX)
			return json_simple(r, 422, "invalid", "Too many "
			    "check-ins at once: send them in smaller groups.");
	}
	i = 0;
	if ((v = view_new(r->arena)) == NULL || view_loop(v, "results") == -1)
		return 500;
	for (p = items; *p != '\0'; p += n + (p[n] == '\n')) {
		n = strcspn(p, "\n");
		i++;
		if ((row = view_row(v, "results")) == NULL ||
		    view_set_int(row, "index", (long long)i - 1) == -1)
			return 500;
		if (n > ATT_SYNC_LINE_MAX ||
		    (memcpy(line, p, n), line[n] = '\0',
		    attendance_item_parse(line, &it) == -1)) {
			if (view_set(row, "result", "invalid") == -1 ||
			    view_set(row, "tone", "bad") == -1 ||
			    view_set(row, "message", "This check-in could "
			    "not be read, so it was not recorded.") == -1)
				return 500;
			continue;
		}
		if (attendance_sync(web_db, &u, &it, now, row) == -1)
			return 500;
	}
	if (view_set_int(v, "count", (long long)i) == -1 ||
	    view_set_int(v, "server_time", (long long)now) == -1)
		return 500;
	return resp_json(r, 200, v);
}

/* GET /checkin/sw.js: the service worker, never cached by HTTP. */
static int
sw_get(struct req *r)
{
	if (sw_len == 0)
		return 404;
	if (resp_header(r, "Cache-Control", "no-cache") == -1)
		return 500;
	return resp_body(r, 200, "text/javascript; charset=utf-8", sw_body,
	    sw_len);
}

/* --- Paper: the sign-in sheet and its ticks typed back in ---------------- */

/* GET /checkin/session/{id}/sheet: for the run's trainers and admins. */
static int
sheet_get(struct req *r)
{
	struct staff_user	 u;
	struct att_session	 s;
	struct view		*v;
	int			 rc;

	if ((rc = begin(r, &u, &s)) != 0)
		return rc;
	if ((v = staff_view(r, &u, N_("Sign-in sheet"))) == NULL ||
	    attendance_session_view(&s, college_now(), v) == -1 ||
	    view_setf(v, "page_title", "%s: %s", _("Sign-in sheet"),
	    s.course_title) == -1 ||
	    attendance_sheet(web_db, &u, &s, v) != 0)
		return 500;
	return resp_view(r, 200, "sheet.html", v);
}

/* The paper-entry page of s with status; saved: how many changed on the
 * last submit, or -1. */
static int
paper_page(struct req *r, const struct staff_user *u,
    const struct att_session *s, int status, long long saved)
{
	struct view	*v;

	if ((v = staff_view(r, u, N_("Type in a paper sheet"))) == NULL ||
	    attendance_session_view(s, college_now(), v) == -1 ||
	    view_setf(v, "page_title", "%s: %s",
	    _("Type in a paper sheet"), s->course_title) == -1 ||
	    attendance_sheet(web_db, u, s, v) != 0 ||
	    (saved >= 0 && (view_set_bool(v, "saved", 1) == -1 ||
	    view_set_int(v, "saved_count", saved) == -1)))
		return 500;
	return resp_view(r, status, "paper.html", v);
}

/* The start of the paper handlers: an admin, and the session. */
static int
paper_begin(struct req *r, struct staff_user *u, struct att_session *s)
{
	int	 rc;

	if ((rc = begin(r, u, s)) != 0)
		return rc;
	if (u->role != STAFF_ADMIN)
		return resp_error(r, 403, N_("Only the college office types in "
		    "paper sheets. The sign-in sheet itself is on the "
		    "check-in list."));
	return 0;
}

static int
paper_get(struct req *r)
{
	struct staff_user	 u;
	struct att_session	 s;
	struct form_value	 fq[1];
	static const struct form_spec saved_query[1] = {
		{ "saved", "Saved", FT_INT, 0, 0, 0, 0, ID_MAX, NULL },
	};
	int			 rc;

	if ((rc = paper_begin(r, &u, &s)) != 0)
		return rc;
	if (form_validate(r->arena, &r->qf, saved_query, 1, fq) < 0)
		return 500;
	return paper_page(r, &u, &s, 200, fq[0].value != NULL ?
	    fq[0].ival : -1);
}

static const char *const paper_words[] = {
	"present", "late", "absent", "none", NULL
};

/*
 * POST /checkin/session/{id}/paper: a radio group b<booking> per learner
 * on the list (present, late, absent, none). A learner without a value
 * is left as they are; a value out of the choices, or a booking not on
 * the list, is a broken request (400): radios cannot be mistyped.
 */
static int
paper_post(struct req *r)
{
	struct staff_user	 u;
	struct att_session	 s;
	struct view		*v;
	const struct vval	*l, *id;
	const struct vrow	*row;
	long long		*bk, changed;
	int			*st, w, i;
	size_t			 n = 0, cap = 0, k, other;
	char			 name[32];
	const char		*val;

	if ((w = paper_begin(r, &u, &s)) != 0)
		return w;
	if ((v = view_new(r->arena)) == NULL ||
	    attendance_sheet(web_db, &u, &s, v) != 0)
		return 500;
	l = view_lookup(v, "learners");
	for (row = l != NULL && l->type == VT_LOOP ? l->rows : NULL;
	    row != NULL; row = row->next)
		cap++;
	if ((bk = arena_alloc(r->arena, (cap + 1) * sizeof(*bk))) == NULL ||
	    (st = arena_alloc(r->arena, (cap + 1) * sizeof(*st))) == NULL)
		return 500;
	for (row = cap > 0 ? l->rows : NULL; row != NULL; row = row->next) {
		if ((id = view_lookup_here(row->scope, "booking_id")) == NULL ||
		    id->type != VT_INT)
			return 500;
		snprintf(name, sizeof(name), "b%lld", id->i);
		if ((val = form_get(&r->bf, name)) == NULL)
			continue;
		for (i = 0, w = -2; paper_words[i] != NULL; i++)
			if (strcmp(val, paper_words[i]) == 0)
				w = i;
		if (w == -2)
			return resp_error(r, 400, N_("That sheet could not be "
			    "read. Please go back, reload it and try again."));
		bk[n] = id->i;
		st[n++] = w == 0 ? ATT_PRESENT : w == 1 ? ATT_LATE :
		    w == 2 ? ATT_ABSENT : -1;
	}
	/* Every field but csrf is one learner of the list, once: anything
	 * else (another run's booking, a name twice) is a broken form. */
	for (k = 0, other = 0; k < r->bf.n; k++)
		if (strcmp(r->bf.fields[k].name, "csrf") != 0)
			other++;
	if (other != n)
		return resp_error(r, 400, N_("That sheet could not be read. "
		    "Please go back, reload it and try again."));
	switch (attendance_paper(web_db, r->arena, &u, &s, n, bk, st,
	    college_now(), &changed)) {
	case ATT_PAPER_SAVED:
		break;
	case ATT_PAPER_REFUSED:
		return resp_error(r, 400, N_("That sheet could not be read. "
		    "Please go back, reload it and try again."));
	default:
		return 500;
	}
	return web_redirect(r, SESSION_PATH "%lld/paper?saved=%lld#saved",
	    s.id, changed);
}

/* --- /c/{token}: what the QR code holds ------------------------------------- */

/*
 * The page for a booking's code: for a visitor who is not logged in
 * (most likely the learner, who scanned their own code) a pointer to
 * their booking page and a staff log-in link; for staff, what a
 * check-in would do (a dry run) with the button to do it.
 */
static int
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

static int
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

static const struct route routes[] = {
	{ M_GET, "/login", login_get },
	{ M_POST, "/login", login_post },
	{ M_POST, "/logout", logout_post },
	{ M_GET, "/checkin", checkin_get },
	{ M_GET, "/checkin/session/{id}", roster_get },
	{ M_POST, "/checkin/session/{id}/mark", mark_post },
	{ M_POST, "/checkin/session/{id}/absent", absent_post },
	{ M_POST, "/checkin/session/{id}/code", code_post },
	{ M_POST, "/checkin/session/{id}/needs", needs_post },
	{ M_GET, "/checkin/session/{id}/scan", scan_get },
	{ M_POST, "/checkin/scan", scan_post },
	{ M_GET, "/checkin/session/{id}/sheet", sheet_get },
	{ M_GET, "/checkin/session/{id}/paper", paper_get },
	{ M_POST, "/checkin/session/{id}/paper", paper_post },
	{ M_GET, "/checkin/today.json", today_get },
	{ M_POST, "/checkin/sync", sync_post },
	{ M_GET, "/checkin/sw.js", sw_get },
	{ M_GET, "/c/{token}", c_get },
	{ M_POST, "/c/{token}", c_post },
};

int
main(int argc, char *argv[])
{
	return web_main("checkin", routes, sizeof(routes) / sizeof(routes[0]),
	    init, argc, argv);
}
