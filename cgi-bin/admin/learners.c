/*
 * learners.c: find a learner, their page (support needs shown only on
 * request, and audited), what is held about them, erasure, resending
 * a booking's links.
 * (admin.c has the routes; admin.h what the office pages share.)
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "kit/arena.h"
#include "kit/buf.h"
#include "kit/form.h"
#include "kit/http.h"
#include "kit/i18n.h"
#include "kit/json.h"
#include "kit/view.h"
#include "college/clock.h"
#include "college/learner.h"
#include "college/mail.h"
#include "college/staff.h"
#include "../web.h"
#include "admin.h"

enum { LF_Q, LF__MAX };

static const struct form_spec learners_spec[LF__MAX] = {
	[LF_Q] = { "q", N_("Name or email"), FT_LINE, 0, 0, LEARNER_Q_CHARS, 0,
	    0, NULL },
};

int
page_learners(struct req *r)
{
	struct staff_user	 u;
	struct form_value	 fv[LF__MAX];
	struct view		*v;
	int			 nerr, rc;

	if ((rc = authorise(r, &u, NULL)) != 0)
		return rc;
	if ((nerr = form_validate(r->arena, &r->qf, learners_spec, LF__MAX,
	    fv)) < 0 ||
	    (v = admin_view(r, &u, "Learners", "nav_learners")) == NULL ||
	    web_keep(v, learners_spec, LF__MAX, fv, NULL) == -1 ||
	    learner_find(web_db, fv[LF_Q].value, v) == -1 ||
	    view_set_bool(v, "searched", fv[LF_Q].value != NULL) == -1 ||
	    view_set_int(v, "retention_months", learner_retention(web_db)) ==
	    -1)
		return 500;
	return resp_view(r, nerr ? 422 : 200, "admin_learners.html", v);
}

/* The learner page, with status and an optional error on confirm. */
static int
learner_page(struct req *r, const struct staff_user *u, long long id,
    int status, int show_needs, const char *confirm_error)
{
	struct view	*v;
	int		 rc;

	if ((v = admin_view(r, u, "Learner", "nav_learners")) == NULL ||
	    view_loop(v, "errors") == -1)
		return 500;
	if ((rc = resp_outcome(learner_show(web_db, id, show_needs, u->id,
	    v))) != 0)
		return rc;
	/* What we sent them and whether it arrived; never the words. */
	if (mail_learner_view(web_db, id, v) == -1)
		return 500;
	if (confirm_error != NULL &&
	    web_field_error(v, "confirm", confirm_error) == -1)
		return 500;
	if (view_set(v, "page_title", view_str(v, r->arena, "name")) == -1)
		return 500;
	return resp_view(r, status, "admin_learner.html", v);
}

/* The page for a learner's record asked for from another site. */
static int
learner_elsewhere(struct req *r, const struct staff_user *u, long long id)
{
	struct view	*v;

	if ((v = admin_view(r, u, "Open a learner's record?",
	    "nav_learners")) == NULL || view_set_int(v, "id", id) == -1)
		return 500;
	return resp_view(r, 200, "admin_learner_elsewhere.html", v);
}

int
page_learner(struct req *r)
{
	struct staff_user	 u;
	const char		*show, *site;
	long long		 id;
	int			 rc;

	if ((rc = authorise(r, &u, &id)) != 0)
		return rc;
	/* Opening a record is audited in the admin's name: a link on
	 * another website must not do that (Fetch Metadata), so it gets a
	 * page that asks first and shows nothing of the record. */
	site = req_header(r, "Sec-Fetch-Site");
	if (site != NULL && strcmp(site, "same-origin") != 0 &&
	    strcmp(site, "none") != 0)
		return learner_elsewhere(r, &u, id);
	show = form_get(&r->qf, "show");
	return learner_page(r, &u, id, 200,
	    show != NULL && strcmp(show, "needs") == 0, NULL);
}

/* The subject-access download: POST only, so that no link can make it
 * (and its audit line) happen; a GET answers 405 with Allow. */
int
post_learner_json(struct req *r)
{
	struct staff_user	 u;
	struct view		*v;
	struct buf		 b;
	struct sink		 s;
	const char		*cd;
	long long		 id;
	int			 rc;

	if ((rc = authorise(r, &u, &id)) != 0)
		return rc;
	if ((v = view_new(r->arena)) == NULL)
		return 500;
	if ((rc = resp_outcome(learner_export(web_db, id, u.id, college_now(),
	    v))) != 0)
		return rc;
	buf_init(&b, r->arena);
	s = sink_buf(&b);
	if (json_write_view(&s, v) == -1 ||
	    buf_putc(&b, '\n') == -1 ||
	    (cd = arena_printf(r->arena,
	    "attachment; filename=\"learner-%lld.json\"", id)) == NULL ||
	    resp_header(r, "Content-Disposition", cd) == -1 ||
	    resp_header(r, "Cache-Control", "no-store") == -1)
		return 500;
	return resp_body(r, 200, "application/json; charset=utf-8", b.data,
	    b.len);
}

int
post_learner_erase(struct req *r)
{
	struct staff_user	 u;
	long long		 id;
	int			 rc;

	if ((rc = authorise(r, &u, &id)) != 0)
		return rc;
	if (form_get(&r->bf, "confirm") == NULL)
		return learner_page(r, &u, id, 422, 0, _("Tick the box to "
		    "confirm that this learner's details are to be erased"));
	if ((rc = learner_erase(web_db, id, u.id, college_now())) == -1)
		return 500;
	/* Erased now, or before: either way the page shows it erased;
	 * one a reader held up says it is not yet complete. */
	return web_redirect(r, "/admin/learners/%lld?done=%s", id,
	    rc == 0 ? "erased" : rc == LEARNER_ERASE_PENDING ?
	    "erase-pending" : "saved");
}

enum { RSF_BOOKING, RSF__MAX };

static const struct form_spec resend_spec[RSF__MAX] = {
	[RSF_BOOKING] = { "booking", N_("Booking"), FT_INT, 1, 0, 0, 1,
	    (long long)1e15, NULL },
};

int
post_learner_resend(struct req *r)
{
	struct staff_user	 u;
	struct form_value	 fv[RSF__MAX];
	long long		 id;
	int			 rc;

	if ((rc = authorise(r, &u, &id)) != 0)
		return rc;
	/* A hidden field: anything wrong with it came from no form of ours. */
	if (form_validate(r->arena, &r->bf, resend_spec, RSF__MAX, fv) != 0)
		return 400;
	switch ((rc = mail_resend(web_db, u.id, id, fv[RSF_BOOKING].ival,
	    college_now()))) {
	case OUTCOME_OK:
		return web_redirect(r, "/admin/learners/%lld?done=resent", id);
	case MAIL_RESEND_CANCELLED:
		return learner_page(r, &u, id, 422, 0, _("This booking is "
		    "cancelled, so there is nothing to send again"));
	default:
		return resp_outcome(rc);
	}
}
