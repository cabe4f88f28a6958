/*
 * scan.c: the in-page scanner (GET /checkin/session/{id}/scan) and one
 * scan, answered in JSON (POST /checkin/scan).
 */
#include <stddef.h>
#include <string.h>

#include "kit/form.h"
#include "kit/http.h"
#include "kit/i18n.h"
#include "kit/outcome.h"
#include "kit/view.h"
#include "college/attendance.h"
#include "college/clock.h"
#include "college/staff.h"
#include "../web.h"
#include "checkin.h"

int
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

int
scan_get(struct req *r)
{
	struct staff_user	 u;
	struct att_session	 s;
	int			 rc;

	if ((rc = begin(r, &u, &s)) != 0)
		return rc;
	return scan_page(r, &u, &s, 200, NULL);
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
int
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
