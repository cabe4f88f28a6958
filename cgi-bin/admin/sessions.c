/*
 * sessions.c: the session form (on a run's page and its own), GET/POST
 * /admin/sessions/{id} to move a session, and cancelling one.
 * (admin.c has the routes; admin.h what the office pages share.)
 */
#include <stddef.h>
#include <string.h>

#include "kit/arena.h"
#include "kit/form.h"
#include "kit/http.h"
#include "kit/i18n.h"
#include "kit/view.h"
#include "college/clock.h"
#include "college/manage.h"
#include "college/session.h"
#include "college/staff.h"
#include "college/when.h"
#include "../web.h"
#include "admin.h"

const struct form_spec session_spec[SS__MAX] = {
	[SS_DATE] = { "date", N_("Date"), FT_DATE, 1, 0, 0, 0, 0, NULL },
	[SS_START] = { "start", N_("Start time"), FT_TIME, 1, 0, 0, 0, 0, NULL },
	[SS_END] = { "end", N_("End time"), FT_TIME, 1, 0, 0, 0, 0, NULL },
	[SS_VENUE] = { "venue", N_("Venue"), FT_INT, 1, 0, 0, 1, RUN_ID_MAX,
	    NULL },
	/* Ticked to record a session that has already happened. */
	[SS_PAST] = { "past", N_("Already happened"), FT_CHECKBOX, 0, 0, 0, 0, 0,
	    NULL },
};

/*
 * The session fields as times. The number of errors added (messages
 * copied into arena). A date before today (in the college's zone) is
 * most often a slip of the year, and would close booking for the whole
 * run: it is refused unless the "past" box says the session really has
 * happened (recorded late).
 */
static int
session_times(struct arena *arena, struct form_value *fv,
    struct manage_session *s)
{
	char	 today[WHEN_BUF], why[WHEN_BUF * 2];
	int	 n = 0;

	if (fv[SS_DATE].value == NULL || fv[SS_START].value == NULL ||
	    fv[SS_END].value == NULL)
		return 0;
	/* Both YYYY-MM-DD: they compare as strings. */
	if (when_ymd(today, sizeof(today), college_now()) != NULL &&
	    strcmp(fv[SS_DATE].value, today) < 0 && !fv[SS_PAST].ival) {
		fv[SS_PAST].error = _("That date is in the past. Change the "
		    "date, or tick this box if the session has already "
		    "happened and you are recording it");
		n++;
	}
	/* Times in the hours the clocks change: college/when.h says how
	 * they are read, and words for the one that does not exist. */
	switch (when_span(fv[SS_DATE].value, fv[SS_START].value,
	    fv[SS_END].value, &s->start, &s->end, why, sizeof(why))) {
	case WHEN_SPAN_OK:
		return n;
	case WHEN_SPAN_START_SKIPPED:
		fv[SS_START].error = arena_strdup(arena, why);
		return n + 1;
	case WHEN_SPAN_END_SKIPPED:
		fv[SS_END].error = arena_strdup(arena, why);
		return n + 1;
	case WHEN_SPAN_ORDER:
		fv[SS_END].error = _("End time must be after the start time");
		return n + 1;
	default:
		fv[SS_START].error = _("Enter a time that exists on that day");
		return n + 1;
	}
}

/*
 * The posted session form, checked, into fv and *s (zeroed first; its
 * venue and times set): the one reading for adding a session and for
 * moving one. The number of fields in error, or -1 on a memory error.
 */
static int
session_form(struct req *r, struct form_value *fv, struct manage_session *s)
{
	int	 nerr;

	if ((nerr = form_validate(r->arena, &r->bf, session_spec, SS__MAX,
	    fv)) < 0)
		return -1;
	memset(s, 0, sizeof(*s));
	nerr += session_times(r->arena, fv, s);
	s->venue_id = fv[SS_VENUE].ival;
	return nerr;
}

int
post_run_session(struct req *r)
{
	struct staff_user	 u;
	struct form_value	 fv[SS__MAX];
	struct manage_session	 s;
	int			 res;
	long long		 run, id;
	int			 nerr, rc;

	if ((rc = authorise(r, &u, &run)) != 0)
		return rc;
	if ((nerr = session_form(r, fv, &s)) < 0)
		return 500;
	if (nerr == 0) {
		res = manage_session_add(web_db, u.id, run, &s, &id);
		if (res == OUTCOME_OK)
			return to_run(r, run, "session-added");
		if (res == OUTCOME_NOT_FOUND || res == OUTCOME_ERROR)
			return resp_outcome(res);
		if (res == MANAGE_BAD_REF)
			fv[SS_VENUE].error = _("Choose a venue from the list");
		else
			return run_page(r, &u, run, 422, RUN_FORM_SESSION, fv,
			    manage_strerror(res));
	}
	return run_page(r, &u, run, 422, RUN_FORM_SESSION, fv, NULL);
}

static int
session_page(struct req *r, const struct staff_user *u, long long id,
    int status, struct form_value *fv, const char *problem)
{
	struct view	*v;
	int		 rc;

	if ((v = admin_view(r, u, "Move a session", "nav_runs")) == NULL)
		return 500;
	if ((rc = resp_outcome(manage_session_get(web_db, id, v))) != 0)
		return rc;
	if (web_keep(v, session_spec, SS__MAX, fv, NULL) == -1 ||
	    (fv == NULL &&
	    (view_set(v, "date", view_str(v, r->arena, "start_ymd")) == -1 ||
	    view_set(v, "start", view_str(v, r->arena, "start_hm")) == -1 ||
	    view_set(v, "end", view_str(v, r->arena, "end_hm")) == -1 ||
	    view_set(v, "venue", view_str(v, r->arena, "venue_id")) == -1)) ||
	    (problem != NULL && view_set(v, "problem", problem) == -1) ||
	    venue_options(v, view_str(v, r->arena, "venue")) == -1)
		return 500;
	return resp_view(r, status, "admin_session.html", v);
}

int
page_session(struct req *r)
{
	struct staff_user	 u;
	long long		 id;
	int			 rc;

	if ((rc = authorise(r, &u, &id)) != 0)
		return rc;
	return session_page(r, &u, id, 200, NULL, NULL);
}

/* The run a session belongs to, for the redirect back; 0 if none. */
static long long
session_run(struct req *r, long long id)
{
	struct view		*v;
	const struct vval	*x;

	if ((v = view_new(r->arena)) == NULL ||
	    manage_session_get(web_db, id, v) != 0 ||
	    (x = view_lookup_here(v, "run_id")) == NULL)
		return 0;
	return x->i;
}

int
post_session(struct req *r)
{
	struct staff_user	 u;
	struct form_value	 fv[SS__MAX];
	struct manage_session	 s;
	int			 res;
	long long		 id;
	int			 nerr, rc;

	if ((rc = authorise(r, &u, &id)) != 0)
		return rc;
	if ((nerr = session_form(r, fv, &s)) < 0)
		return 500;
	if (nerr > 0)
		return session_page(r, &u, id, 422, fv, NULL);
	switch ((res = manage_session_move(web_db, u.id, id, &s, college_now()))) {
	case OUTCOME_OK:
		return to_run(r, session_run(r, id), "moved");
	case OUTCOME_NOT_FOUND:
	case OUTCOME_ERROR:
		return resp_outcome(res);
	case MANAGE_BAD_REF:
		fv[SS_VENUE].error = _("Choose a venue from the list");
		return session_page(r, &u, id, 422, fv, NULL);
	default:
		return session_page(r, &u, id, 422, fv, manage_strerror(res));
	}
}

int
post_session_cancel(struct req *r)
{
	struct staff_user	 u;
	int			 res;
	long long		 id;
	int			 rc;

	if ((rc = authorise(r, &u, &id)) != 0)
		return rc;
	res = manage_session_cancel(web_db, u.id, id, college_now());
	if (res == OUTCOME_NOT_FOUND || res == OUTCOME_ERROR)
		return resp_outcome(res);
	if (res != OUTCOME_OK)
		return session_page(r, &u, id, 422, NULL,
		    manage_strerror(res));
	return to_run(r, session_run(r, id), "session-cancelled");
}
