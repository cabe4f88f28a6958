/*
 * common.c: what every office page shares: who may be here, the page's
 * view with its done= words, dates for the filters, the select choices.
 * (admin.c has the routes; admin.h what the office pages share.)
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kit/arena.h"
#include "kit/form.h"
#include "kit/http.h"
#include "kit/i18n.h"
#include "kit/view.h"
#include "college/clock.h"
#include "college/staff.h"
#include "college/when.h"
#include "../web.h"
#include "admin.h"

/*
 * Who may be here: 0 with *u filled for an administrator, and, when id
 * is not NULL, the {id} parameter in *id. Otherwise the status to
 * return: 303 to /login (and back, for a GET) without a session, 403
 * for anyone else, 404 for a malformed id, 500 on error.
 */
int
authorise(struct req *r, struct staff_user *u, long long *id)
{
	int	 rc;

	if ((rc = web_staff(r, u, "/admin")) != 0)
		return rc;
	if (u->role != STAFF_ADMIN)
		return resp_error(r, 403, N_("This page is for the college "
		    "office's administrators. If you need something from it, "
		    "ask the office."));
	if (id != NULL && web_param_id(r, 0, id) == -1)
		return 404;
	return 0;
}

/* What a done= word says after a redirect. */
static const struct {
	const char	*word;
	const char	*text;
} dones[] = {
	{ "saved", N_("Your changes are saved.") },
	{ "added", N_("Added.") },
	{ "published", N_("Published: learners can book it now.") },
	{ "unpublished", N_("Taken back to draft: learners no longer see it.") },
	{ "cancelled", N_("Cancelled. Learners' booking pages now say so.") },
	{ "session-added", N_("Session added.") },
	{ "moved", N_("Session moved. Learners' booking pages show the new "
	    "time.") },
	{ "session-cancelled", N_("Session cancelled. Learners' booking pages "
	    "now say so.") },
	{ "facilitator", N_("Facilitators updated.") },
	{ "removed", N_("Removed.") },
	{ "disabled", N_("The account is disabled and logged out everywhere.") },
	{ "enabled", N_("The account can log in again.") },
	{ "password", N_("The new password is set; the account was logged out "
	    "everywhere.") },
	{ "erased", N_("Erased. The learner's personal details are gone; their "
	    "attendance still counts in the figures.") },
	{ "erase-pending", N_("The erasure is recorded but not yet complete: "
	    "another program was still reading the database, so a copy "
	    "of these details remains in its log for now. It is queued and "
	    "will be finished automatically (or run 'tessera erase "
	    "--pending').") },
	{ "retention", N_("The retention period is saved.") },
	{ "bring", N_("Saved. Reminders and confirmations will say this.") },
	{ "resent", N_("The booking's details are on their way to the learner "
	    "again.") },
	{ "booked", N_("Booked: they have a place. A confirmation with their "
	    "booking link is on its way to their email.") },
	{ "booked-waiting", N_("The run is full: they are on the waiting list. "
	    "An email tells them so.") },
	{ "booking-cancelled", N_("The booking is cancelled. An email tells the "
	    "learner.") },
	{ "booking-cancelled-promoted", N_("The booking is cancelled, and the "
	    "first on the waiting list has the place. Both are emailed.") },
	{ "booking-moved", N_("Moved: they have a place on the other run, and "
	    "an email says so.") },
	{ "booking-moved-waiting", N_("Moved: the other run is full, so they are "
	    "on its waiting list. An email says so.") },
	{ "college", N_("The college's details are saved.") },
};

/* An admin page's view: layout, csrf, who is logged in, the done text. */
struct view *
admin_view(struct req *r, const struct staff_user *u, const char *title,
    const char *section)
{
	struct view	*v;
	const char	*d = form_get(&r->qf, "done");
	size_t		 i;

	if ((v = web_form_view(r, title)) == NULL ||
	    view_set(v, "staff_name", u->name) == -1 ||
	    view_set_bool(v, "staff_admin", 1) == -1 ||
	    view_set_bool(v, "_wide", 1) == -1 ||
	    view_set_bool(v, section, 1) == -1)
		return NULL;
	for (i = 0; d != NULL && i < sizeof(dones) / sizeof(dones[0]); i++)
		if (strcmp(d, dones[i].word) == 0 &&
		    view_set(v, "done_text", _(dones[i].text)) == -1)
			return NULL;
	return v;
}

/* The value of an optional FT_INT, or 0. */
long long
ival(const struct form_value *fv)
{
	return fv->value != NULL ? fv->ival : 0;
}

/* Today's date in the college's zone as YYYY-MM-DD, months away. */
const char *
ymd_months(struct req *r, int months)
{
	struct tm	 tm;
	time_t		 t = college_now();
	char		 b[WHEN_BUF];

	if (localtime_r(&t, &tm) == NULL)
		return "";
	tm.tm_mon += months;
	tm.tm_isdst = -1;
	t = mktime(&tm);
	if (when_ymd(b, sizeof(b), t) == NULL)
		return "";
	return arena_strdup(r->arena, b);
}

/* The local midnight after date ymd: a "to" date is included. */
time_t
day_after(const char *ymd)
{
	struct tm	 tm;
	time_t		 t;

	if (when_parse_date(ymd, &t) == -1 || localtime_r(&t, &tm) == NULL)
		return 0;
	tm.tm_mday++;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

/* A YYYY-MM-DD date in words, as every page writes dates ("Tuesday 3
 * December 2026"), in the request's arena; ymd itself if it will not
 * parse. */
const char *
words_date(struct req *r, const char *ymd)
{
	char	 b[WHEN_BUF];
	time_t	 t;

	if (when_parse_date(ymd, &t) == -1 ||
	    when_date(b, sizeof(b), t) == NULL)
		return ymd;
	return arena_strdup(r->arena, b);
}

/* A 303 to run's page, which says done (a done= word). */
int
to_run(struct req *r, long long run, const char *done)
{
	return web_redirect(r, "/admin/runs/%lld?done=%s", run, done);
}


/* Status choices as a loop with selected, for a select. */
int
choices(struct view *v, const char *loop, const char *const *list,
    const char *selected)
{
	struct view	*o;
	size_t		 i;

	if (view_loop(v, loop) == -1)
		return -1;
	for (i = 0; list[i] != NULL; i++)
		if ((o = view_row(v, loop)) == NULL ||
		    view_set(o, "value", list[i]) == -1 ||
		    view_set_bool(o, "selected", selected != NULL &&
		    strcmp(selected, list[i]) == 0) == -1)
			return -1;
	return 0;
}

const char *
admin_say(struct req *r, const char *pattern, long long n)
{
	static const char *const names[] = { "n" };
	const char	*values[1];
	char		 num[24];

	snprintf(num, sizeof(num), "%lld", n);
	values[0] = num;
	return i18n_say(r->arena, pattern, names, values, 1);
}
