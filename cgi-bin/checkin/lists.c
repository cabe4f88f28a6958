/*
 * lists.c: the user's sessions (GET /checkin) and a session's roster
 * (GET /checkin/session/{id}) with its actions: mark, absent, code and
 * needs. The roster's query and code field are shared with the scanner.
 */
#include <stddef.h>
#include <string.h>

#include "kit/arena.h"
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

/*
 * The variables of the query: q (the search), flash (a loop of one row:
 * the result a redirect carried back, as attendance_checkin_view()
 * fills it), marked (the booking just tapped), absent_count.
 */
int
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
int
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

int
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

int
roster_get(struct req *r)
{
	struct staff_user	 u;
	struct att_session	 s;
	int			 rc;

	if ((rc = begin(r, &u, &s)) != 0)
		return rc;
	return roster_page(r, &u, &s, 200, NULL);
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

int
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

int
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

int
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

int
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
