/*
 * paper.c: the printable sign-in sheet (GET /checkin/session/{id}/sheet)
 * and typing its ticks back in (GET and POST /checkin/session/{id}/paper).
 */
#include <stddef.h>
#include <stdio.h>
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

/* GET /checkin/session/{id}/sheet: for the run's trainers and admins. */
int
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

int
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
int
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
