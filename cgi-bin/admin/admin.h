/*
 * admin.h: what the college office's pages share (cgi-bin/admin/).
 *
 * admin.c is the route table; each file in cgi-bin/admin/ holds the
 * handlers of one resource (dashboard, export, reports, audit,
 * learners, settings, venues, courses, runs, bookings, sessions,
 * staff) and common.c what they all use: who may be here, the page's
 * view and its done= words, dates for the filters and select choices.
 * Every handler answers as the kit's handlers do (kit/route.h): the
 * status it sent, or one for the kit to send.
 */
#ifndef ADMIN_ADMIN_H
#define ADMIN_ADMIN_H

#include <time.h>

#include "kit/form.h"
#include "kit/outcome.h"

struct req;
struct staff_user;
struct view;

#define RUN_ID_MAX	999999999999LL	/* a run, course or venue id in a form */
#define SLUG_MAX	80		/* characters of a course slug */

/* --- common.c ----------------------------------------------------------- */

/*
 * Who may be here: 0 with *u filled for an administrator, and, when id
 * is not NULL, the {id} parameter in *id. Otherwise the status to
 * return: 303 to /login (and back, for a GET) without a session, 403
 * for anyone else, 404 for a malformed id, 500 on error.
 */
int		 authorise(struct req *, struct staff_user *, long long *id);

/* An admin page's view: layout, csrf, who is logged in, the section
 * marked in the navigation, the text of the query's done= word. NULL
 * on error. */
struct view	*admin_view(struct req *, const struct staff_user *,
		    const char *title, const char *section);

/* A translated message (pattern: _()'s answer) with its {n} filled in
 * by n, in the request's arena; NULL when out of memory. */
const char	*admin_say(struct req *, const char *pattern, long long n);

/* The value of an optional FT_INT, or 0. */
long long	 ival(const struct form_value *);

/* Today's date in the college's zone as YYYY-MM-DD, months away, in
 * the request's arena ("" on error). */
const char	*ymd_months(struct req *, int months);

/* The local midnight after date ymd (a "to" date is included); 0 if
 * it will not parse. */
time_t		 day_after(const char *ymd);

/* A YYYY-MM-DD date in words, as every page writes dates, in the
 * request's arena; ymd itself if it will not parse. */
const char	*words_date(struct req *, const char *ymd);

/* A 303 to run's page, which says done (a done= word). */
int		 to_run(struct req *, long long run, const char *done);

/* The NULL-ended list as loop's rows (value, selected), for a select.
 * 0 or -1. */
int		 choices(struct view *, const char *loop,
		    const char *const *list, const char *selected);

/* --- venues.c ----------------------------------------------------------- */

/* The venue choices for a session form, with the venue numbered
 * selected (as typed, may be NULL) marked. 0 or -1. */
int		 venue_options(struct view *, const char *selected);

int		 page_venues(struct req *);
int		 post_venues(struct req *);
int		 page_venue(struct req *);
int		 post_venue(struct req *);

/* --- runs.c ------------------------------------------------------------- */

/* Which of the run page's forms is shown again with errors. */
enum run_form { RUN_FORM_NONE, RUN_FORM_EDIT, RUN_FORM_SESSION,
	RUN_FORM_FACILITATOR, RUN_FORM_STATUS, RUN_FORM_CANCEL,
	RUN_FORM_BRING, RUN_FORM_BOOK };

/*
 * Run id's page with status: the form which (its fields fv, in the
 * order of that form's spec) shown again as typed with its errors,
 * and problem (may be NULL) said above them. The status sent, 404 for
 * no such run, or 500.
 */
int		 run_page(struct req *, const struct staff_user *,
		    long long id, int status, enum run_form which,
		    const struct form_value *fv, const char *problem);

int		 page_runs(struct req *);
int		 post_runs(struct req *);
int		 page_run(struct req *);
int		 post_run(struct req *);
int		 post_run_status(struct req *);
int		 post_run_bring(struct req *);
int		 post_run_facilitator(struct req *);
int		 post_run_facilitator_remove(struct req *);

/* --- bookings.c --------------------------------------------------------- */

/* The office's booking form on a run's page (RUN_FORM_BOOK). */
enum { OK_NAME, OK_EMAIL, OK_PHONE, OK_NEEDS, OK_CONSENT, OK__MAX };
extern const struct form_spec office_book_spec[OK__MAX];

int		 post_run_book(struct req *);
int		 post_booking_cancel(struct req *);
int		 post_booking_move(struct req *);
int		 post_booking_resend(struct req *);

/* --- sessions.c --------------------------------------------------------- */

/* The session form, on a run's page (RUN_FORM_SESSION) and its own. */
enum { SS_DATE, SS_START, SS_END, SS_VENUE, SS_PAST, SS__MAX };
extern const struct form_spec session_spec[SS__MAX];

int		 post_run_session(struct req *);
int		 page_session(struct req *);
int		 post_session(struct req *);
int		 post_session_cancel(struct req *);

/* --- The other resources ------------------------------------------------ */

int		 page_dashboard(struct req *);		/* dashboard.c */

int		 page_export(struct req *);		/* export.c */
int		 page_export_attendance(struct req *);
int		 page_export_summary(struct req *);
int		 page_export_attendance_xlsx(struct req *);
int		 page_export_summary_xlsx(struct req *);

int		 page_reports(struct req *);		/* reports.c */

int		 page_audit(struct req *);		/* audit.c */

int		 page_learners(struct req *);		/* learners.c */
int		 page_learner(struct req *);
int		 post_learner_json(struct req *);
int		 post_learner_resend(struct req *);
int		 post_learner_erase(struct req *);

int		 page_settings(struct req *);		/* settings.c */
int		 post_settings(struct req *);
int		 post_settings_erase(struct req *);
int		 post_settings_college(struct req *);

int		 page_courses(struct req *);		/* courses.c */
int		 post_courses(struct req *);
int		 page_course(struct req *);
int		 post_course(struct req *);
int		 post_course_texts(struct req *);

int		 page_staff(struct req *);		/* staff.c */
int		 post_staff(struct req *);
int		 post_staff_disable(struct req *);
int		 post_staff_enable(struct req *);
int		 page_staff_password(struct req *);
int		 post_staff_password(struct req *);

#endif /* ADMIN_ADMIN_H */
