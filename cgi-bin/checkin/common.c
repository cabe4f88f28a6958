/*
 * common.c: what every door page shares: the scripts' addresses, the
 * start of the program, the staff page's view, a JSON answer with only a
 * message, and the session a roster handler is about.
 * (checkin.c has the routes; checkin.h what the door's pages share.)
 */
#include <stddef.h>

#include "kit/http.h"
#include "kit/i18n.h"
#include "kit/outcome.h"
#include "kit/view.h"
#include "college/attendance.h"
#include "college/staff.h"
#include "../web.h"
#include "checkin.h"

/*
 * The scanner's scripts, by addresses that carry a hash of their content
 * (web_static_url()), as the stylesheet's do.
 */
char	scan_js[WEB_STATIC_URL_MAX] = "/static/scan.js";
char	jsqr_js[WEB_STATIC_URL_MAX] = "/static/jsqr.js";
char	door_js[WEB_STATIC_URL_MAX] = "/static/door.js";
char	out_js[WEB_STATIC_URL_MAX] = "/static/door-out.js";

int
checkin_init(void)
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

/* A page view for a logged-in user: the layout's variables, csrf (every
 * staff page has the log-out form), and who is logged in. */
struct view *
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
int
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
int
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

/*
 * The start of every roster handler: the user (or a redirect to log
 * in) and the session (or 404, 403). 0 to go on, else the status.
 */
int
begin(struct req *r, struct staff_user *u, struct att_session *s)
{
	int	 rc;

	if ((rc = web_staff(r, u, NEXT_DEFAULT)) != 0)
		return rc;
	return load_session(r, u, s);
}
