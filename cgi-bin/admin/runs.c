/*
 * runs.c: GET/POST /admin/runs and /admin/runs/{id}: a run's details,
 * status, what to bring, its facilitators; the run page every form on
 * it is shown again with.
 * (admin.c has the routes; admin.h what the office pages share.)
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "kit/arena.h"
#include "kit/form.h"
#include "kit/http.h"
#include "kit/i18n.h"
#include "kit/view.h"
#include "college/accounts.h"
#include "college/clock.h"
#include "college/course.h"
#include "college/facilitator.h"
#include "college/mail.h"
#include "college/manage.h"
#include "college/office.h"
#include "college/run.h"
#include "college/staff.h"
#include "../web.h"
#include "admin.h"

enum { NF_COURSE, NF_CAPACITY, NF_ONLINE, NF__MAX };

static const struct form_spec new_run_spec[NF__MAX] = {
	[NF_COURSE] = { "course", N_("Course"), FT_INT, 1, 0, 0, 1, RUN_ID_MAX,
	    NULL },
	[NF_CAPACITY] = { "capacity", N_("Places"), FT_INT, 1, 0, 0, 1, 1000,
	    NULL },
	[NF_ONLINE] = { "online_details", N_("Joining details"), FT_TEXT, 0, 0,
	    1000, 0, 0, NULL },
};

enum { LQ_COURSE, LQ_PAST, LQ__MAX };

static const struct form_spec runs_query_spec[LQ__MAX] = {
	[LQ_COURSE] = { "course", N_("Course"), FT_INT, 0, 0, 0, 1, RUN_ID_MAX,
	    NULL },
	[LQ_PAST] = { "past", N_("Past runs"), FT_CHECKBOX, 0, 0, 0, 0, 0, NULL },
};

static int
runs_page(struct req *r, const struct staff_user *u, int status,
    const struct form_value *fv)
{
	struct form_value	 q[LQ__MAX];
	struct view		*v;
	long long		 course;

	if (form_validate(r->arena, &r->qf, runs_query_spec, LQ__MAX, q) < 0 ||
	    (v = admin_view(r, u, "Runs", "nav_runs")) == NULL)
		return 500;
	course = q[LQ_COURSE].error == NULL ? ival(&q[LQ_COURSE]) : 0;
	if (manage_runs(web_db, college_now(), course, (int)q[LQ_PAST].ival,
	    v) == -1 ||
	    view_set_int(v, "filter_course", course) == -1 ||
	    view_set_bool(v, "past", (int)q[LQ_PAST].ival) == -1 ||
	    manage_course_options(web_db, fv != NULL ? ival(&fv[NF_COURSE]) :
	    course, NULL, v, "course_options") == -1 ||
	    web_keep(v, new_run_spec, NF__MAX, fv, NULL) == -1)
		return 500;
	return resp_view(r, status, "admin_runs.html", v);
}

int
page_runs(struct req *r)
{
	struct staff_user	 u;
	int			 rc;

	if ((rc = authorise(r, &u, NULL)) != 0)
		return rc;
	return runs_page(r, &u, 200, NULL);
}

int
post_runs(struct req *r)
{
	struct staff_user	 u;
	struct form_value	 fv[NF__MAX];
	int			 res;
	long long		 id = 0;
	int			 nerr, rc;

	if ((rc = authorise(r, &u, NULL)) != 0)
		return rc;
	if ((nerr = form_validate(r->arena, &r->bf, new_run_spec, NF__MAX,
	    fv)) < 0)
		return 500;
	if (nerr == 0) {
		res = manage_run_create(web_db, u.id, fv[NF_COURSE].ival,
		    fv[NF_CAPACITY].ival, fv[NF_ONLINE].value ?
		    fv[NF_ONLINE].value : "", &id);
		if (res == OUTCOME_OK)
			return to_run(r, id, "added");
		if (res != MANAGE_BAD_REF)
			return 500;
		fv[NF_COURSE].error = _("Choose a course from the list");
	}
	return runs_page(r, &u, 422, fv);
}

/* The run page's forms: details, a new session, a facilitator. */
enum { EF_CAPACITY, EF_ONLINE, EF__MAX };

static const struct form_spec run_edit_spec[EF__MAX] = {
	[EF_CAPACITY] = { "capacity", N_("Places"), FT_INT, 1, 0, 0, 1, 1000,
	    NULL },
	[EF_ONLINE] = { "online_details", N_("Joining details"), FT_TEXT, 0, 0,
	    1000, 0, 0, NULL },
};

static const char *const roles[] = { "peer", "clinical", "other", NULL };

enum { FF_USER, FF_ROLE, FF__MAX };

static const struct form_spec facilitator_spec[FF__MAX] = {
	[FF_USER] = { "user", N_("Member of staff"), FT_INT, 1, 0, 0, 1,
	    RUN_ID_MAX, NULL },
	[FF_ROLE] = { "role", N_("Role"), FT_ONEOF, 1, 0, 0, 0, 0, roles },
};

enum { BF_BRING, BF__MAX };

static const struct form_spec bring_spec[BF__MAX] = {
	[BF_BRING] = { "bring", N_("What to bring"), FT_TEXT, 0, 0,
	    MAIL_BRING_MAX, 0, 0, NULL },
};

int
run_page(struct req *r, const struct staff_user *u, long long id, int status,
    enum run_form which, const struct form_value *fv, const char *problem)
{
	struct view	*v;
	const char	*venue = NULL;
	int		 rc;

	if ((v = admin_view(r, u, "Run", "nav_runs")) == NULL)
		return 500;
	if ((rc = resp_outcome(manage_run_get(web_db, id, college_now(), v))) != 0)
		return rc;
	if (manage_staff_options(web_db, v) == -1 ||
	    choices(v, "role_options", roles, which == RUN_FORM_FACILITATOR ?
	    fv[FF_ROLE].raw : NULL) == -1 ||
	    view_set(v, "page_title", view_str(v, r->arena, "course")) == -1)
		return 500;
	switch (which) {
	case RUN_FORM_EDIT:
		rc = web_keep(v, run_edit_spec, EF__MAX, fv, NULL);
		break;
	case RUN_FORM_SESSION:
		rc = web_keep(v, session_spec, SS__MAX, fv, NULL);
		venue = fv[SS_VENUE].raw;
		break;
	case RUN_FORM_FACILITATOR:
		rc = web_keep(v, facilitator_spec, FF__MAX, fv, NULL);
		break;
	case RUN_FORM_BRING:
		rc = web_keep(v, bring_spec, BF__MAX, fv, NULL);
		break;
	case RUN_FORM_BOOK:
		rc = web_keep(v, office_book_spec, OK__MAX, fv, NULL);
		break;
	case RUN_FORM_CANCEL:
		rc = view_loop(v, "errors") == -1 ||
		    web_field_error(v, "confirm", _("Tick the box to confirm "
		    "that the run is cancelled")) == -1 ? -1 : 0;
		break;
	default:
		rc = view_loop(v, "errors");
		break;
	}
	if (rc == -1 || (problem != NULL && view_set(v, "problem",
	    problem) == -1) || venue_options(v, venue) == -1 ||
	    office_run_bookings(web_db, id, college_now(), v) == -1)
		return 500;
	/* What to bring as saved, unless the form shows what was typed. */
	if (which != RUN_FORM_BRING) {
		const char	*bring = "";

		if (mail_bring_get(web_db, r->arena, id, &bring) == -1 ||
		    view_set(v, "bring", bring) == -1)
			return 500;
	}
	return resp_view(r, status, "admin_run.html", v);
}

int
page_run(struct req *r)
{
	struct staff_user	 u;
	long long		 id;
	int			 rc;

	if ((rc = authorise(r, &u, &id)) != 0)
		return rc;
	return run_page(r, &u, id, 200, RUN_FORM_NONE, NULL, NULL);
}

int
post_run(struct req *r)
{
	struct staff_user	 u;
	struct form_value	 fv[EF__MAX];
	int			 res;
	long long		 id, confirmed;
	int			 nerr, promoted;
	const char		*msg;
	int			 rc;

	if ((rc = authorise(r, &u, &id)) != 0)
		return rc;
	if ((nerr = form_validate(r->arena, &r->bf, run_edit_spec, EF__MAX,
	    fv)) < 0)
		return 500;
	if (nerr > 0)
		return run_page(r, &u, id, 422, RUN_FORM_EDIT, fv, NULL);
	res = manage_run_update(web_db, u.id, id, fv[EF_CAPACITY].ival,
	    fv[EF_ONLINE].value ? fv[EF_ONLINE].value : "", college_now(),
	    &confirmed, &promoted);
	switch (res) {
	case OUTCOME_OK:
		return to_run(r, id, "saved");
	case MANAGE_BELOW_CONFIRMED:
		if ((msg = admin_say(r, _("Places cannot be fewer than the "
		    "{n} already confirmed. To offer fewer, cancel bookings "
		    "first"), confirmed)) == NULL)
			return 500;
		fv[EF_CAPACITY].error = msg;
		return run_page(r, &u, id, 422, RUN_FORM_EDIT, fv, NULL);
	case MANAGE_CANCELLED:
		return run_page(r, &u, id, 422, RUN_FORM_EDIT, fv,
		    manage_strerror(res));
	default:
		return resp_outcome(res);
	}
}

static const char *const run_statuses[] = {
	"published", "cancelled", "draft", NULL
};

enum { TF_STATUS, TF__MAX };

static const struct form_spec run_status_spec[TF__MAX] = {
	[TF_STATUS] = { "status", N_("Status"), FT_ONEOF, 1, 0, 0, 0, 0,
	    run_statuses },
};

int
post_run_bring(struct req *r)
{
	struct staff_user	 u;
	struct form_value	 fv[BF__MAX];
	long long		 id;
	int			 nerr, rc;

	if ((rc = authorise(r, &u, &id)) != 0)
		return rc;
	if ((nerr = form_validate(r->arena, &r->bf, bring_spec, BF__MAX,
	    fv)) < 0)
		return 500;
	if (nerr > 0)
		return run_page(r, &u, id, 422, RUN_FORM_BRING, fv, NULL);
	if ((rc = resp_outcome(mail_bring_set(web_db, u.id, id,
	    fv[BF_BRING].value ? fv[BF_BRING].value : ""))) != 0)
		return rc;
	return to_run(r, id, "bring");
}

int
post_run_status(struct req *r)
{
	struct staff_user	 u;
	struct form_value	 fv[TF__MAX];
	int			 res;
	long long		 id;
	const char		*done;
	int			 rc;

	if ((rc = authorise(r, &u, &id)) != 0)
		return rc;
	if (form_validate(r->arena, &r->bf, run_status_spec, TF__MAX, fv) < 0)
		return 500;
	if (fv[TF_STATUS].error != NULL)
		return run_page(r, &u, id, 422, RUN_FORM_STATUS, fv,
		    fv[TF_STATUS].error);
	/* Cancelling cannot be undone: it takes a ticked box. */
	if (strcmp(fv[TF_STATUS].value, "cancelled") == 0 &&
	    form_get(&r->bf, "confirm") == NULL)
		return run_page(r, &u, id, 422, RUN_FORM_CANCEL, NULL, NULL);
	res = manage_run_status(web_db, u.id, id, fv[TF_STATUS].value,
	    college_now());
	if (res == OUTCOME_NOT_FOUND || res == OUTCOME_ERROR)
		return resp_outcome(res);
	if (res != OUTCOME_OK)
		return run_page(r, &u, id, 422, RUN_FORM_STATUS, fv,
		    manage_strerror(res));
	done = strcmp(fv[TF_STATUS].value, "published") == 0 ? "published" :
	    strcmp(fv[TF_STATUS].value, "cancelled") == 0 ? "cancelled" :
	    "unpublished";
	return to_run(r, id, done);
}

int
post_run_facilitator(struct req *r)
{
	struct staff_user	 u;
	struct form_value	 fv[FF__MAX];
	int			 res;
	long long		 run;
	int			 nerr, rc;

	if ((rc = authorise(r, &u, &run)) != 0)
		return rc;
	if ((nerr = form_validate(r->arena, &r->bf, facilitator_spec,
	    FF__MAX, fv)) < 0)
		return 500;
	if (nerr == 0) {
		res = manage_facilitator_set(web_db, u.id, run,
		    fv[FF_USER].ival, fv[FF_ROLE].value);
		if (res == OUTCOME_OK)
			return to_run(r, run, "facilitator");
		if (res != MANAGE_BAD_REF)
			return resp_outcome(res);
		fv[FF_USER].error = _("Choose a member of staff from the list");
	}
	return run_page(r, &u, run, 422, RUN_FORM_FACILITATOR, fv, NULL);
}

int
post_run_facilitator_remove(struct req *r)
{
	struct staff_user	 u;
	int			 res;
	long long		 run, user;
	int			 rc;

	if ((rc = authorise(r, &u, &run)) != 0)
		return rc;
	if (web_param_id(r, 1, &user) == -1)
		return 404;
	res = manage_facilitator_remove(web_db, u.id, run, user);
	if (res != OUTCOME_OK)
		return resp_outcome(res);
	return to_run(r, run, "removed");
}
