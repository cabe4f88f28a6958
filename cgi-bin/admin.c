/*
 * admin.fcgi: the college office: /admin.
 *
 *   GET  /admin					the next two weeks; today's absences
 *   GET  /admin/export				the export form (from, to, course, run)
 *   GET  /admin/export/attendance.csv		attendance, streamed (same query)
 *   GET  /admin/export/summary.csv		anonymous figures per run
 *					(excel=1: with a byte-order mark, for Excel)
 *   GET  /admin/export/attendance.xlsx, summary.xlsx	the same as workbooks
 *   GET  /admin/reports				rates and demand (from, to)
 *   GET  /admin/audit				the audit log (action, user, from, to, page)
 *   GET  /admin/learners			find a learner (q)
 *   GET  /admin/learners/{id}			bookings and attendance (show=needs)
 *   GET  /admin/learners/{id}/export.json	everything held (subject access)
 *   POST /admin/learners/{id}/erase		erasure (confirm)
 *   POST /admin/learners/{id}/resend		resend a booking's links (booking)
 *   GET  /admin/settings			retention
 *   POST /admin/settings			months
 *   POST /admin/settings/erase			erase learners past retention now
 *   POST /admin/settings/college		name, contact, privacy notice, time
 *					zone, reminder_hours (college/settings.h)
 *   GET|POST /admin/venues, /admin/venues/{id}
 *   GET|POST /admin/courses, /admin/courses/{id}
 *   GET|POST /admin/runs (course, past), /admin/runs/{id}
 *   POST /admin/runs/{id}/status		status: published, cancelled, draft
 *   POST /admin/runs/{id}/bring			what to bring (said in reminders)
 *   POST /admin/runs/{id}/sessions		add a session
 *   POST /admin/runs/{id}/book			book a place for someone (book_*)
 *   POST /admin/bookings/{id}/cancel, /move (to_run), /resend
 *   POST /admin/runs/{id}/facilitators		user, role
 *   POST /admin/runs/{id}/facilitators/{user}/remove
 *   GET|POST /admin/sessions/{id}		move a session
 *   POST /admin/sessions/{id}/cancel
 *   GET|POST /admin/staff			staff accounts; add one
 *   POST /admin/staff/{id}/disable, /admin/staff/{id}/enable
 *   GET|POST /admin/staff/{id}/password		set a new password
 *
 * Only administrators: without a staff session a GET is sent to
 * /login and back (303), a logged-in educator gets 403. The kit has
 * checked csrf before any POST handler runs. A POST that succeeds
 * answers 303 to a page that says what was done (done=); invalid input
 * answers 422 with the page, the values kept and an error summary.
 * Every change, export, showing of support needs and erasure is in the
 * audit log (college/manage.c, export, learner). Nothing is cached
 * (the kit's default Cache-Control: no-store).
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kit/app.h"
#include "kit/arena.h"
#include "kit/buf.h"
#include "kit/form.h"
#include "kit/http.h"
#include "kit/i18n.h"
#include "kit/json.h"
#include "kit/pw.h"
#include "kit/view.h"
#include "college/booking.h"
#include "college/clock.h"
#include "college/college.h"
#include "college/export.h"
#include "college/lang.h"
#include "college/learner.h"
#include "college/mail.h"
#include "college/manage.h"
#include "college/office.h"
#include "college/reports.h"
#include "college/settings.h"
#include "college/staff.h"
#include "college/when.h"
#include "web.h"

#define RUN_ID_MAX	999999999999LL	/* a run id in a filter */
#define SLUG_MAX	80		/* characters of a course slug */
#define REPORT_BACK	12		/* months the reports look back by default */
#define REPORT_AHEAD	3		/* and ahead */
#define AUDIT_ACTION_MAX 32

/* --- Helpers ------------------------------------------------------------ */

/*
 * Who may be here: 0 with *u filled for an administrator, and, when id
 * is not NULL, the {id} parameter in *id. Otherwise the status to
 * return: 303 to /login (and back, for a GET) without a session, 403
 * for anyone else, 404 for a malformed id, 500 on error.
 */
static int
authorise(struct req *r, struct staff_user *u, long long *id)
{
	int	 rc;

	if ((rc = web_staff(r, u, "/admin")) != 0)
		return rc;
	if (u->role != STAFF_ADMIN)
		return resp_error(r, 403, "This page is for the college "
		    "office's administrators. If you need something from it, "
		    "ask the office.");
	if (id != NULL && web_param_id(r, 0, id) == -1)
		return 404;
	return 0;
}

#define AUTHORISE(r, u, id) do {					\
	int	 auth_;							\
	if ((auth_ = authorise((r), (u), (id))) != 0)			\
		return auth_;						\
} while (0)

/* A lookup's answer (0 found, 1 not found, -1 error) as the status to
 * return: 0 to go on, 404 or 500. */
static int
looked_up(int rc)
{
	return rc == 0 ? 0 : rc == 1 ? 404 : 500;
}

/* What a done= word says after a redirect. */
static const struct {
	const char	*word;
	const char	*text;
} dones[] = {
	{ "saved", "Your changes are saved." },
	{ "added", "Added." },
	{ "published", "Published: learners can book it now." },
	{ "unpublished", "Taken back to draft: learners no longer see it." },
	{ "cancelled", "Cancelled. Learners' booking pages now say so." },
	{ "session-added", "Session added." },
	{ "moved", "Session moved. Learners' booking pages show the new "
	    "time." },
	{ "session-cancelled", "Session cancelled. Learners' booking pages "
	    "now say so." },
	{ "facilitator", "Facilitators updated." },
	{ "removed", "Removed." },
	{ "disabled", "The account is disabled and logged out everywhere." },
	{ "enabled", "The account can log in again." },
	{ "password", "The new password is set; the account was logged out "
	    "everywhere." },
	{ "erased", "Erased. The learner's personal details are gone; their "
	    "attendance still counts in the figures." },
	{ "erase-pending", "The erasure is recorded but not yet complete: "
	    "another program was still reading the database, so a copy "
	    "of these details remains in its log for now. It is queued and "
	    "will be finished automatically (or run 'tessera erase "
	    "--pending')." },
	{ "retention", "The retention period is saved." },
	{ "bring", "Saved. Reminders and confirmations will say this." },
	{ "resent", "The booking's details are on their way to the learner "
	    "again." },
	{ "booked", "Booked: they have a place. A confirmation with their "
	    "booking link is on its way to their email." },
	{ "booked-waiting", "The run is full: they are on the waiting list. "
	    "An email tells them so." },
	{ "booking-cancelled", "The booking is cancelled. An email tells the "
	    "learner." },
	{ "booking-cancelled-promoted", "The booking is cancelled, and the "
	    "first on the waiting list has the place. Both are emailed." },
	{ "booking-moved", "Moved: they have a place on the other run, and "
	    "an email says so." },
	{ "booking-moved-waiting", "Moved: the other run is full, so they are "
	    "on its waiting list. An email says so." },
	{ "college", "The college's details are saved." },
};

/* An admin page's view: layout, csrf, who is logged in, the done text. */
static struct view *
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
		    view_set(v, "done_text", dones[i].text) == -1)
			return NULL;
	return v;
}

/* The value of an optional FT_INT, or 0. */
static long long
ival(const struct form_value *fv)
{
	return fv->value != NULL ? fv->ival : 0;
}

/* Today's date in the college's zone as YYYY-MM-DD, months away. */
static const char *
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
static time_t
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
static const char *
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
static int
to_run(struct req *r, long long run, const char *done)
{
	return web_redirect(r, "/admin/runs/%lld?done=%s", run, done);
}

/* --- The dashboard ------------------------------------------------------ */

static int
page_dashboard(struct req *r)
{
	struct staff_user	 u;
	struct view		*v;

	AUTHORISE(r, &u, NULL);
	if ((v = admin_view(r, &u, "College office", "nav_home")) == NULL ||
	    report_dashboard(web_db, college_now(), v) == -1 ||
	    mail_unreachable_view(web_db, v) == -1)
		return 500;
	return resp_view(r, 200, "admin.html", v);
}

/* --- Exports ------------------------------------------------------------ */

enum { XF_FROM, XF_TO, XF_COURSE, XF_RUN, XF_EXCEL, XF__MAX };

static const struct form_spec export_spec[XF__MAX] = {
	[XF_FROM] = { "from", "From date", FT_DATE, 0, 0, 0, 0, 0, NULL },
	[XF_TO] = { "to", "To date", FT_DATE, 0, 0, 0, 0, 0, NULL },
	[XF_COURSE] = { "course", "Course", FT_TOKEN, 0, 0, SLUG_MAX, 0, 0,
	    NULL },
	[XF_RUN] = { "run", "Run number", FT_INT, 0, 0, 0, 1, RUN_ID_MAX,
	    NULL },
	/* CSV with a byte-order mark: Excel on Windows reads it as UTF-8. */
	[XF_EXCEL] = { "excel", "For Excel", FT_CHECKBOX, 0, 0, 0, 0, 0,
	    NULL },
};

/* UTF-8's byte-order mark, which Excel needs to read a CSV as UTF-8. */
#define UTF8_BOM	"\xef\xbb\xbf"
#define XLSX_TYPE	"application/vnd.openxmlformats-officedocument." \
			"spreadsheetml.sheet"

/* Validate the export filter from the query into f. The number of
 * fields in error (also: from after to), or -1. */
static int
export_filter(struct req *r, struct form_value *fv, struct export_filter *f)
{
	int	 nerr;

	if ((nerr = form_validate(r->arena, &r->qf, export_spec, XF__MAX,
	    fv)) < 0)
		return -1;
	memset(f, 0, sizeof(*f));
	if (fv[XF_FROM].value != NULL &&
	    when_parse_date(fv[XF_FROM].value, &f->from) == -1)
		f->from = 0;
	if (fv[XF_TO].value != NULL)
		f->to = day_after(fv[XF_TO].value);
	f->course = fv[XF_COURSE].value;
	f->run = ival(&fv[XF_RUN]);
	if (f->from != 0 && f->to != 0 && f->to <= f->from &&
	    fv[XF_TO].error == NULL) {
		fv[XF_TO].error = "The to date must be the same as or after "
		    "the from date";
		nerr++;
	}
	if (nerr > 0)
		return nerr;
	/* A course or run that does not exist would give an empty file
	 * that looks like no one came: say what is wrong instead. */
	switch (export_filter_check(web_db, f)) {
	case 0:
		break;
	case EXPORT_NO_COURSE:
		fv[XF_COURSE].error = "There is no course with that web "
		    "address name. Choose a course from the list";
		nerr++;
		break;
	case EXPORT_NO_RUN:
		fv[XF_RUN].error = "There is no run with that number. The "
		    "number is shown on each run's page";
		nerr++;
		break;
	default:
		return -1;
	}
	return nerr;
}

static int
export_page(struct req *r, const struct staff_user *u, int status,
    const struct form_value *fv)
{
	struct view	*v;

	if ((v = admin_view(r, u, "Export attendance", "nav_export")) ==
	    NULL || web_keep(v, export_spec, XF__MAX, fv, NULL) == -1 ||
	    manage_course_options(web_db, 0, fv[XF_COURSE].raw, v,
	    "course_options") == -1 ||
	    view_set(v, "attendance_header", EXPORT_ATTENDANCE_HEADER) == -1 ||
	    view_set(v, "summary_header", EXPORT_SUMMARY_HEADER) == -1)
		return 500;
	return resp_view(r, status, "admin_export.html", v);
}

static int
page_export(struct req *r)
{
	struct staff_user	 u;
	struct form_value	 fv[XF__MAX];
	struct export_filter	 f;
	int			 nerr;

	AUTHORISE(r, &u, NULL);
	if ((nerr = export_filter(r, fv, &f)) < 0)
		return 500;
	return export_page(r, &u, nerr ? 422 : 200, fv);
}

/*
 * Stream one export. The audit line (who, which filters) is written
 * before a byte goes out: no export escapes the log. Once the status is
 * sent a failure can only cut the file short; it is logged.
 */
static int
export_csv(struct req *r, const char *kind)
{
	struct staff_user	 u;
	struct form_value	 fv[XF__MAX];
	struct export_filter	 f;
	const struct sink	*out;
	char			 name[EXPORT_FILENAME_MAX], what[200];
	char			 action[32];
	const char		*cd;
	size_t			 rows = 0;
	int			 nerr, rc;

	AUTHORISE(r, &u, NULL);
	if ((nerr = export_filter(r, fv, &f)) < 0)
		return 500;
	if (nerr > 0)
		return export_page(r, &u, 422, fv);
	if (export_filename(name, sizeof(name), kind, &f) == NULL ||
	    export_describe(what, sizeof(what), &f) == NULL ||
	    (cd = arena_printf(r->arena, "attachment; filename=\"%s\"",
	    name)) == NULL)
		return 500;
	snprintf(action, sizeof(action), "export.%s", kind);
	if (college_audit(web_db, u.id, action, what) == -1)
		return 500;
	if (resp_header(r, "Content-Disposition", cd) == -1 ||
	    resp_header(r, "Cache-Control", "no-store") == -1 ||
	    (out = resp_stream(r, 200,
	    "text/csv; charset=utf-8; header=present")) == NULL)
		return 500;
	if (r->method == M_HEAD)
		return 200;
	if (fv[XF_EXCEL].ival && sink_write(out, UTF8_BOM,
	    sizeof(UTF8_BOM) - 1) == -1)
		return 200;
	if (strcmp(kind, "attendance") == 0)
		rc = export_attendance(web_db, &f, out, &rows);
	else
		rc = export_summary(web_db, &f, college_now(), out, &rows);
	if (rc == -1)
		fprintf(stderr, "%s: %s export cut short after %zu rows\n",
		    r->prog, kind, rows);
	return 200;
}

/*
 * One export as a workbook: written first to a temporary file (so a
 * failure is still a 500, not a cut file), then sent. The file is
 * unlinked as soon as it is open again, so nothing is left behind
 * whatever happens; its bytes are streamed, never held in memory.
 */
static int
export_xlsx_send(struct req *r, const char *kind)
{
	struct staff_user	 u;
	struct form_value	 fv[XF__MAX];
	struct export_filter	 f;
	const struct sink	*out;
	char			 name[EXPORT_FILENAME_MAX + 8], what[200];
	char			 action[32], path[256], b[16384];
	const char		*cd, *tmp = getenv("TMPDIR");
	size_t			 rows = 0, n;
	ssize_t			 got;
	int			 nerr, fd;

	AUTHORISE(r, &u, NULL);
	if ((nerr = export_filter(r, fv, &f)) < 0)
		return 500;
	if (nerr > 0)
		return export_page(r, &u, 422, fv);
	/* export_filename() ends in ".csv"; the buffer has room for "x". */
	if (export_filename(name, EXPORT_FILENAME_MAX, kind, &f) == NULL ||
	    (n = strlen(name)) < 4)
		return 500;
	memcpy(name + n - 4, ".xlsx", sizeof(".xlsx"));
	if (export_describe(what, sizeof(what), &f) == NULL ||
	    (cd = arena_printf(r->arena, "attachment; filename=\"%s\"",
	    name)) == NULL)
		return 500;
	snprintf(action, sizeof(action), "export.%s.xlsx", kind);
	if (college_audit(web_db, u.id, action, what) == -1)
		return 500;
	if (tmp == NULL || *tmp == '\0')
		tmp = "/tmp";
	if ((size_t)snprintf(path, sizeof(path), "%s/tessera-xlsx-XXXXXX",
	    tmp) >= sizeof(path) || (fd = mkstemp(path)) == -1)
		return 500;
	close(fd);
	if (export_xlsx(web_db, kind, &f, college_now(), path, &rows) == -1 ||
	    (fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		fprintf(stderr, "%s: %s workbook failed after %zu rows\n",
		    r->prog, kind, rows);
		unlink(path);
		return 500;
	}
	unlink(path);
	if (resp_header(r, "Content-Disposition", cd) == -1 ||
	    resp_header(r, "Cache-Control", "no-store") == -1 ||
	    (out = resp_stream(r, 200, XLSX_TYPE)) == NULL) {
		close(fd);
		return 500;
	}
	while (r->method != M_HEAD && (got = read(fd, b, sizeof(b))) != 0) {
		if (got == -1 && errno == EINTR)
			continue;
		if (got == -1 || sink_write(out, b, (size_t)got) == -1) {
			fprintf(stderr, "%s: %s workbook cut short\n",
			    r->prog, kind);
			break;
		}
	}
	close(fd);
	return 200;
}

static int
page_export_attendance_xlsx(struct req *r)
{
	return export_xlsx_send(r, "attendance");
}

static int
page_export_summary_xlsx(struct req *r)
{
	return export_xlsx_send(r, "summary");
}

static int
page_export_attendance(struct req *r)
{
	return export_csv(r, "attendance");
}

static int
page_export_summary(struct req *r)
{
	return export_csv(r, "summary");
}

/* --- Reports ------------------------------------------------------------ */

enum { RF_FROM, RF_TO, RF__MAX };

static const struct form_spec report_spec[RF__MAX] = {
	[RF_FROM] = { "from", "From date", FT_DATE, 0, 0, 0, 0, 0, NULL },
	[RF_TO] = { "to", "To date", FT_DATE, 0, 0, 0, 0, 0, NULL },
};

static int
page_reports(struct req *r)
{
	struct staff_user	 u;
	struct form_value	 fv[RF__MAX];
	struct view		*v;
	const char		*from, *to;
	time_t			 t0, t1;
	int			 nerr;

	AUTHORISE(r, &u, NULL);
	if ((nerr = form_validate(r->arena, &r->qf, report_spec, RF__MAX,
	    fv)) < 0 ||
	    (v = admin_view(r, &u, "Reports", "nav_reports")) == NULL)
		return 500;
	/* A filter that does not validate is shown with its message and
	 * the default used instead, so the page is still useful. */
	from = fv[RF_FROM].value ? fv[RF_FROM].value :
	    ymd_months(r, -REPORT_BACK);
	to = fv[RF_TO].value ? fv[RF_TO].value : ymd_months(r, REPORT_AHEAD);
	if (when_parse_date(from, &t0) == -1 || (t1 = day_after(to)) == 0)
		return 500;
	if (t1 <= t0 && fv[RF_TO].error == NULL) {
		fv[RF_TO].error = "The to date must be the same as or after "
		    "the from date";
		nerr++;
		to = ymd_months(r, REPORT_AHEAD);
		t1 = day_after(to);
	}
	if (web_keep(v, report_spec, RF__MAX, fv, NULL) == -1 ||
	    view_set(v, "from", fv[RF_FROM].error ? fv[RF_FROM].raw : from) ==
	    -1 ||
	    view_set(v, "to", fv[RF_TO].error ? fv[RF_TO].raw : to) == -1 ||
	    view_set(v, "from_used", words_date(r, from)) == -1 ||
	    view_set(v, "to_used", words_date(r, to)) == -1 ||
	    report_fill(web_db, t0, t1, college_now(), v) == -1)
		return 500;
	return resp_view(r, nerr ? 422 : 200, "admin_reports.html", v);
}

/* --- The audit log ------------------------------------------------------ */

static const char *const audit_actions[] = {
	"attendance", "booking", "course", "demo", "export", "facilitator",
	"learner", "needs", "run", "session", "setting", "user", "venue", NULL
};

enum { AF_ACTION, AF_USER, AF_FROM, AF_TO, AF_PAGE, AF__MAX };

static const struct form_spec audit_spec[AF__MAX] = {
	[AF_ACTION] = { "action", "What", FT_ONEOF, 0, 0, 0, 0, 0,
	    audit_actions },
	[AF_USER] = { "user", "Who", FT_INT, 0, 0, 0, 1, RUN_ID_MAX, NULL },
	[AF_FROM] = { "from", "From date", FT_DATE, 0, 0, 0, 0, 0, NULL },
	[AF_TO] = { "to", "To date", FT_DATE, 0, 0, 0, 0, 0, NULL },
	[AF_PAGE] = { "page", "Page", FT_INT, 0, 0, 0, 1,
	    MANAGE_AUDIT_PAGES_MAX, NULL },
};

static int
page_audit(struct req *r)
{
	struct staff_user		 u;
	struct form_value		 fv[AF__MAX];
	struct manage_audit_filter	 f;
	struct view			*v, *o;
	const struct vrow		*row;
	const struct vval		*staff;
	size_t				 i;
	int				 nerr;

	AUTHORISE(r, &u, NULL);
	if ((nerr = form_validate(r->arena, &r->qf, audit_spec, AF__MAX,
	    fv)) < 0 ||
	    (v = admin_view(r, &u, "Audit log", "nav_audit")) == NULL ||
	    web_keep(v, audit_spec, AF__MAX, fv, NULL) == -1)
		return 500;
	memset(&f, 0, sizeof(f));
	f.action = fv[AF_ACTION].value;
	f.user = ival(&fv[AF_USER]);
	if (fv[AF_FROM].value != NULL)
		(void)when_parse_date(fv[AF_FROM].value, &f.from);
	if (fv[AF_TO].value != NULL)
		f.to = day_after(fv[AF_TO].value);
	f.page = (int)ival(&fv[AF_PAGE]);
	if (view_loop(v, "action_options") == -1)
		return 500;
	for (i = 0; audit_actions[i] != NULL; i++)
		if ((o = view_row(v, "action_options")) == NULL ||
		    view_set(o, "value", audit_actions[i]) == -1 ||
		    view_set_bool(o, "selected", f.action != NULL &&
		    strcmp(f.action, audit_actions[i]) == 0) == -1)
			return 500;
	/* Who: every account, the one filtered by selected. */
	if (manage_staff(web_db, v) == -1)
		return 500;
	staff = view_lookup_here(v, "staff");
	for (row = staff != NULL ? staff->rows : NULL; row != NULL;
	    row = row->next) {
		const struct vval	*id = view_lookup_here(row->scope, "id");

		if (view_set_bool(row->scope, "selected",
		    id != NULL && id->i == f.user) == -1)
			return 500;
	}
	if (manage_audit(web_db, &f, v) == -1)
		return 500;
	return resp_view(r, nerr ? 422 : 200, "admin_audit.html", v);
}

/* --- Learners ----------------------------------------------------------- */

enum { LF_Q, LF__MAX };

static const struct form_spec learners_spec[LF__MAX] = {
	[LF_Q] = { "q", "Name or email", FT_LINE, 0, 0, LEARNER_Q_CHARS, 0,
	    0, NULL },
};

static int
page_learners(struct req *r)
{
	struct staff_user	 u;
	struct form_value	 fv[LF__MAX];
	struct view		*v;
	int			 nerr;

	AUTHORISE(r, &u, NULL);
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
	if ((rc = looked_up(learner_show(web_db, id, show_needs, u->id,
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

static int
page_learner(struct req *r)
{
	struct staff_user	 u;
	const char		*show, *site;
	long long		 id;

	AUTHORISE(r, &u, &id);
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
static int
post_learner_json(struct req *r)
{
	struct staff_user	 u;
	struct view		*v;
	struct buf		 b;
	struct sink		 s;
	const char		*cd;
	long long		 id;
	int			 rc;

	AUTHORISE(r, &u, &id);
	if ((v = view_new(r->arena)) == NULL)
		return 500;
	if ((rc = learner_export(web_db, id, u.id, college_now(), v)) == 1)
		return 404;
	buf_init(&b, r->arena);
	s = sink_buf(&b);
	if (rc == -1 || json_write_view(&s, v) == -1 ||
	    buf_putc(&b, '\n') == -1 ||
	    (cd = arena_printf(r->arena,
	    "attachment; filename=\"learner-%lld.json\"", id)) == NULL ||
	    resp_header(r, "Content-Disposition", cd) == -1 ||
	    resp_header(r, "Cache-Control", "no-store") == -1)
		return 500;
	return resp_body(r, 200, "application/json; charset=utf-8", b.data,
	    b.len);
}

static int
post_learner_erase(struct req *r)
{
	struct staff_user	 u;
	long long		 id;
	int			 rc;

	AUTHORISE(r, &u, &id);
	if (form_get(&r->bf, "confirm") == NULL)
		return learner_page(r, &u, id, 422, 0, "Tick the box to "
		    "confirm that this learner's details are to be erased");
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
	[RSF_BOOKING] = { "booking", "Booking", FT_INT, 1, 0, 0, 1,
	    (long long)1e15, NULL },
};

static int
post_learner_resend(struct req *r)
{
	struct staff_user	 u;
	struct form_value	 fv[RSF__MAX];
	long long		 id;
	int			 rc;

	AUTHORISE(r, &u, &id);
	/* A hidden field: anything wrong with it came from no form of ours. */
	if (form_validate(r->arena, &r->bf, resend_spec, RSF__MAX, fv) != 0)
		return 400;
	switch ((rc = mail_resend(web_db, u.id, id, fv[RSF_BOOKING].ival,
	    college_now()))) {
	case 0:
		return web_redirect(r, "/admin/learners/%lld?done=resent", id);
	case 1:
		return 404;
	case 2:
		return learner_page(r, &u, id, 422, 0, "This booking is "
		    "cancelled, so there is nothing to send again");
	default:
		return 500;
	}
}

/* --- Settings ----------------------------------------------------------- */

enum { SF_MONTHS, SF__MAX };

static const struct form_spec settings_spec[SF__MAX] = {
	[SF_MONTHS] = { "months", "Months", FT_INT, 1, 0, 0, 1,
	    LEARNER_RETENTION_MAX, NULL },
};

/*
 * The college's own settings on the page: each key (settings.h) as
 * typed when typed is not NULL, else as stored; why (may be NULL) the
 * messages of a refused save. The values are v_KEY, the errors KEY_error.
 * 0 or -1.
 */
static int
college_fields(struct req *r, struct view *v, const char *const *typed,
    const char *const *why)
{
	const char	*val, *name;
	int		 i;

	for (i = 0; i < SETTINGS__MAX; i++) {
		val = typed != NULL && typed[i] != NULL ? typed[i] :
		    college_setting(web_db,
		    r->arena, settings_fields[i].name, settings_default(i));
		/* "v_college_name": the layout has its own college_name. */
		if ((name = arena_printf(r->arena, "v_%s",
		    settings_fields[i].name)) == NULL ||
		    view_set(v, name, val != NULL ? val : "") == -1)
			return -1;
		if (why != NULL && why[i] != NULL && web_field_error(v,
		    settings_fields[i].name, why[i]) == -1)
			return -1;
	}
	return 0;
}

static int
settings_page(struct req *r, const struct staff_user *u, int status,
    const struct form_value *fv, long long erased, const char *const *typed,
    const char *const *why)
{
	struct view	*v;
	char		 cut[WHEN_BUF];
	int		 months = learner_retention(web_db);

	if ((v = admin_view(r, u, "Settings", "nav_settings")) == NULL ||
	    when_date(cut, sizeof(cut), learner_cutoff(college_now(),
	    months)) == NULL ||
	    view_set_int(v, "retention_months", months) == -1 ||
	    view_set(v, "cutoff_date", cut) == -1 ||
	    view_set_int(v, "erased_count", erased) == -1 ||
	    view_set_bool(v, "erased_now", erased >= 0) == -1)
		return 500;
	if (web_keep(v, settings_spec, SF__MAX, fv, NULL) == -1 ||
	    (fv == NULL && view_set_int(v, "months", months) == -1) ||
	    college_fields(r, v, typed, why) == -1)
		return 500;
	return resp_view(r, status, "admin_settings.html", v);
}

static int
page_settings(struct req *r)
{
	struct staff_user	 u;
	const char		*n = form_get(&r->qf, "erased");
	long long		 erased = -1;

	AUTHORISE(r, &u, NULL);
	if (n != NULL && strcmp(n, "0") == 0)
		erased = 0;
	else if (n != NULL && web_id_parse(n, &erased) == -1)
		erased = -1;
	return settings_page(r, &u, 200, NULL, erased, NULL, NULL);
}

static int
post_settings(struct req *r)
{
	struct staff_user	 u;
	struct form_value	 fv[SF__MAX];
	int			 nerr;

	AUTHORISE(r, &u, NULL);
	if ((nerr = form_validate(r->arena, &r->bf, settings_spec, SF__MAX,
	    fv)) < 0)
		return 500;
	if (nerr > 0)
		return settings_page(r, &u, 422, fv, -1, NULL, NULL);
	if (manage_retention_set(web_db, u.id, (int)fv[SF_MONTHS].ival) !=
	    MANAGE_OK)
		return 500;
	return web_redirect(r, "/admin/settings?done=retention");
}

/* The college's name, contact details, privacy notice, time zone and
 * reminder timing: all checked and saved together by settings_save(),
 * the rules' one owner (tessera set calls it too). */
static int
post_settings_college(struct req *r)
{
	struct staff_user	 u;
	const char		*vals[SETTINGS__MAX], *why[SETTINGS__MAX];
	int			 i, rc;

	AUTHORISE(r, &u, NULL);
	/* A field not sent is empty (and refused if required), but for
	 * the languages, newer than the form some pages and scripts send:
	 * those are left as they are. */
	for (i = 0; i < SETTINGS__MAX; i++)
		if ((vals[i] = form_get(&r->bf, settings_fields[i].name)) ==
		    NULL)
			vals[i] = i == SETTINGS_LANGUAGES ||
			    i == SETTINGS_DEFAULT_LANG ? NULL : "";
	if ((rc = settings_save(web_db, r->arena, u.id, vals, why)) == -1)
		return 500;
	if (rc == 1)
		return settings_page(r, &u, 422, NULL, -1, vals, why);
	return web_redirect(r, "/admin/settings?done=college");
}

static int
post_settings_erase(struct req *r)
{
	struct staff_user	 u;
	size_t			 n = 0;
	int			 rc;

	AUTHORISE(r, &u, NULL);
	if ((rc = learner_erase_older(web_db, learner_retention(web_db), u.id,
	    college_now(), &n)) == -1)
		return 500;
	return web_redirect(r, "/admin/settings?erased=%zu%s", n,
	    rc == LEARNER_ERASE_PENDING ? "&done=erase-pending" : "");
}

/* --- Venues ------------------------------------------------------------- */

enum { VF_NAME, VF_ADDRESS, VF_ACCESS, VF_ONLINE, VF__MAX };

static const struct form_spec venue_spec[VF__MAX] = {
	[VF_NAME] = { "name", "Name", FT_LINE, 1, 1, 120, 0, 0, NULL },
	[VF_ADDRESS] = { "address", "Address", FT_TEXT, 0, 0, 300, 0, 0,
	    NULL },
	[VF_ACCESS] = { "access", "Access information", FT_TEXT, 0, 0, 2000,
	    0, 0, NULL },
	[VF_ONLINE] = { "online", "Online", FT_CHECKBOX, 0, 0, 0, 0, 0,
	    NULL },
};

static int
venues_page(struct req *r, const struct staff_user *u, int status,
    const struct form_value *fv)
{
	struct view	*v;

	if ((v = admin_view(r, u, "Venues", "nav_venues")) == NULL ||
	    manage_venues(web_db, college_now(), v) == -1 ||
	    web_keep(v, venue_spec, VF__MAX, fv, NULL) == -1)
		return 500;
	return resp_view(r, status, "admin_venues.html", v);
}

static int
page_venues(struct req *r)
{
	struct staff_user	 u;

	AUTHORISE(r, &u, NULL);
	return venues_page(r, &u, 200, NULL);
}

static int
venue_page(struct req *r, const struct staff_user *u, long long id,
    int status, const struct form_value *fv)
{
	struct view	*v;
	int		 rc;

	if ((v = admin_view(r, u, "Venue", "nav_venues")) == NULL)
		return 500;
	if ((rc = looked_up(manage_venue_get(web_db, id, v))) != 0)
		return rc;
	if (web_keep(v, venue_spec, VF__MAX, fv, NULL) == -1)
		return 500;
	return resp_view(r, status, "admin_venue.html", v);
}

static int
page_venue(struct req *r)
{
	struct staff_user	 u;
	long long		 id;

	AUTHORISE(r, &u, &id);
	return venue_page(r, &u, id, 200, NULL);
}

/* Add (id 0) or change a venue. */
static int
venue_save(struct req *r, long long id)
{
	struct staff_user	 u;
	struct form_value	 fv[VF__MAX];
	struct manage_venue	 m;
	enum manage_result	 res;
	int			 nerr;

	AUTHORISE(r, &u, NULL);
	if ((nerr = form_validate(r->arena, &r->bf, venue_spec, VF__MAX,
	    fv)) < 0)
		return 500;
	if (nerr > 0)
		return id == 0 ? venues_page(r, &u, 422, fv) :
		    venue_page(r, &u, id, 422, fv);
	m.name = fv[VF_NAME].value;
	m.address = fv[VF_ADDRESS].value ? fv[VF_ADDRESS].value : "";
	m.access = fv[VF_ACCESS].value ? fv[VF_ACCESS].value : "";
	m.online = (int)fv[VF_ONLINE].ival;
	if ((res = manage_venue_save(web_db, u.id, &id, &m)) ==
	    MANAGE_NOT_FOUND)
		return 404;
	if (res != MANAGE_OK)
		return 500;
	return web_redirect(r, "/admin/venues?done=saved");
}

static int
post_venues(struct req *r)
{
	return venue_save(r, 0);
}

static int
post_venue(struct req *r)
{
	long long	 id;

	if (web_param_id(r, 0, &id) == -1)
		return 404;
	return venue_save(r, id);
}

/* --- Courses ------------------------------------------------------------ */

static const char *const course_statuses[] = { "draft", "published", NULL };

enum {
	CF_SLUG, CF_TITLE, CF_SUMMARY, CF_DESCRIPTION, CF_TOPIC, CF_STATUS,
	CF__MAX
};

static const struct form_spec course_spec[CF__MAX] = {
	[CF_SLUG] = { "slug", "Web address name", FT_TOKEN, 1, 2, SLUG_MAX,
	    0, 0, NULL },
	[CF_TITLE] = { "title", "Title", FT_LINE, 1, 1, 150, 0, 0, NULL },
	[CF_SUMMARY] = { "summary", "Summary", FT_TEXT, 0, 0, 300, 0, 0,
	    NULL },
	[CF_DESCRIPTION] = { "description", "Description", FT_TEXT, 0, 0,
	    5000, 0, 0, NULL },
	[CF_TOPIC] = { "topic", "Topic", FT_INT, 0, 0, 0, 1, RUN_ID_MAX,
	    NULL },
	[CF_STATUS] = { "status", "Status", FT_ONEOF, 1, 0, 0, 0, 0,
	    course_statuses },
};

/* Status choices as a loop with selected, for a select. */
static int
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

/* The course form's topic and status choices, after the values are
 * in v. 0 or -1. */
static int
course_choices(struct view *v, struct arena *a)
{
	const char	*t = view_str(v, a, "topic_id");
	long long	 topic = 0;

	if (view_lookup_here(v, "topic") != NULL)
		t = view_str(v, a, "topic");
	if (t != NULL && web_id_parse(t, &topic) == -1)
		topic = 0;
	return manage_topic_options(web_db, topic, v, "topic_options") == -1 ||
	    choices(v, "status_options", course_statuses,
	    view_str(v, a, "status")) == -1 ? -1 : 0;
}

static int
courses_page(struct req *r, const struct staff_user *u, int status,
    const struct form_value *fv)
{
	struct view	*v;

	if ((v = admin_view(r, u, "Courses", "nav_courses")) == NULL ||
	    manage_courses(web_db, college_now(), v) == -1)
		return 500;
	if (web_keep(v, course_spec, CF__MAX, fv, NULL) == -1 ||
	    (fv == NULL && view_set(v, "status", "draft") == -1))
		return 500;
	if (course_choices(v, r->arena) == -1)
		return 500;
	return resp_view(r, status, "admin_courses.html", v);
}

static int
page_courses(struct req *r)
{
	struct staff_user	 u;

	AUTHORISE(r, &u, NULL);
	return courses_page(r, &u, 200, NULL);
}

/* --- A course in the other languages (college/lang.h) ------------------ */

enum { LT_TITLE, LT_SUMMARY, LT_DESCRIPTION, LT__MAX };	/* per language */

/*
 * The offered languages other than the college's own, into tags; their
 * number. The course's own fields are in the default language.
 */
static size_t
other_langs(struct req *r, char tags[I18N_LANGS_MAX][I18N_TAG_MAX + 1])
{
	const char	*p = web_languages(r), *deflt = web_default_language(r);
	size_t		 n, count = 0;

	while (*p != '\0' && count < I18N_LANGS_MAX) {
		p += strspn(p, " ,");
		if ((n = strcspn(p, " ,")) == 0)
			break;
		if (n <= I18N_TAG_MAX) {
			memcpy(tags[count], p, n);
			tags[count][n] = '\0';
			if (i18n_tag_ok(tags[count]) &&
			    strcmp(tags[count], deflt) != 0)
				count++;
		}
		p += n;
	}
	return count;
}

/* The fields of n languages: title_nl, summary_nl, description_nl, ...
 * in the arena; NULL when out of memory. */
static struct form_spec *
lang_spec(struct req *r, char tags[][I18N_TAG_MAX + 1], size_t n)
{
	struct form_spec	*s;
	size_t			 i;

	if ((s = arena_calloc(r->arena, n * LT__MAX + 1, sizeof(*s))) == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		s[i * LT__MAX + LT_TITLE] = (struct form_spec){ arena_printf(
		    r->arena, "title_%s", tags[i]), "Title", FT_LINE, 0, 0,
		    LANG_TITLE_MAX, 0, 0, NULL };
		s[i * LT__MAX + LT_SUMMARY] = (struct form_spec){ arena_printf(
		    r->arena, "summary_%s", tags[i]), "Summary", FT_TEXT, 0, 0,
		    LANG_SUMMARY_MAX, 0, 0, NULL };
		s[i * LT__MAX + LT_DESCRIPTION] = (struct form_spec){
		    arena_printf(r->arena, "description_%s", tags[i]),
		    "Description", FT_TEXT, 0, 0, LANG_DESCRIPTION_MAX, 0, 0,
		    NULL };
		if (s[i * LT__MAX + LT_TITLE].name == NULL ||
		    s[i * LT__MAX + LT_SUMMARY].name == NULL ||
		    s[i * LT__MAX + LT_DESCRIPTION].name == NULL)
			return NULL;
	}
	return s;
}

/*
 * The loop lang_texts: a row per other language (code, name, and its
 * title, summary, description as stored, or as typed with *_error when
 * tfv holds a refused form). 0 or -1.
 */
static int
course_texts(struct req *r, struct view *v, long long id,
    const struct form_value *tfv)
{
	char			 tags[I18N_LANGS_MAX][I18N_TAG_MAX + 1];
	static const char *const keys[LT__MAX] = {
		"title", "summary", "description"
	};
	const struct vval	*texts;
	const struct vrow	*t;
	const char		*val;
	struct view		*row;
	size_t			 n, i, k;

	n = other_langs(r, tags);
	if (view_loop(v, "lang_texts") == -1 ||
	    lang_course_texts_view(web_db, id, v) == -1)
		return -1;
	texts = view_lookup_here(v, "texts");
	for (i = 0; i < n; i++) {
		if ((row = view_row(v, "lang_texts")) == NULL ||
		    view_set(row, "code", tags[i]) == -1 ||
		    view_set(row, "name", i18n_name(tags[i])) == -1)
			return -1;
		for (t = texts != NULL ? texts->rows : NULL; t != NULL;
		    t = t->next)
			if ((val = view_str(t->scope, r->arena, "lang")) !=
			    NULL && strcmp(val, tags[i]) == 0)
				break;
		for (k = 0; k < LT__MAX; k++) {
			val = tfv != NULL ? tfv[i * LT__MAX + k].raw :
			    t != NULL ? view_str(t->scope, r->arena, keys[k]) :
			    NULL;
			if (view_set(row, keys[k], val != NULL ? val : "") == -1)
				return -1;
			if (tfv != NULL && tfv[i * LT__MAX + k].error != NULL &&
			    (view_set(row, arena_printf(r->arena, "%s_error",
			    keys[k]), tfv[i * LT__MAX + k].error) == -1 ||
			    web_field_error(v, arena_printf(r->arena, "%s_%s",
			    keys[k], tags[i]), tfv[i * LT__MAX + k].error) == -1))
				return -1;
		}
	}
	return 0;
}

static int	course_page(struct req *, const struct staff_user *,
		    long long, int, const struct form_value *);
static const struct form_value *texts_typed;	/* for course_page() */

/*
 * POST /admin/courses/{id}/texts: the course's title, summary and
 * description in each other language; an empty title removes that
 * language's text (the pages then show the college's own).
 */
static int
post_course_texts(struct req *r)
{
	struct staff_user	 u;
	char			 tags[I18N_LANGS_MAX][I18N_TAG_MAX + 1];
	struct form_spec	*spec;
	struct form_value	*fv;
	const char		**langs, **vals;
	long long		 id;
	size_t			 n, i;
	int			 nerr, rc;

	AUTHORISE(r, &u, &id);
	if ((rc = looked_up(manage_course_get(web_db, id,
	    view_new(r->arena)))) != 0)
		return rc;
	n = other_langs(r, tags);
	if (n == 0)
		return web_redirect(r, "/admin/courses/%lld", id);
	if ((spec = lang_spec(r, tags, n)) == NULL ||
	    (fv = arena_calloc(r->arena, n * LT__MAX, sizeof(*fv))) == NULL ||
	    (nerr = form_validate(r->arena, &r->bf, spec, n * LT__MAX,
	    fv)) < 0)
		return 500;
	/* A summary or description needs the title of its language. */
	for (i = 0; i < n; i++)
		if (fv[i * LT__MAX + LT_TITLE].value == NULL &&
		    fv[i * LT__MAX + LT_TITLE].error == NULL &&
		    (fv[i * LT__MAX + LT_SUMMARY].value != NULL ||
		    fv[i * LT__MAX + LT_DESCRIPTION].value != NULL)) {
			fv[i * LT__MAX + LT_TITLE].error = "Give the title in "
			    "this language too, or clear its summary and "
			    "description";
			nerr++;
		}
	if (nerr > 0) {
		texts_typed = fv;
		rc = course_page(r, &u, id, 422, NULL);
		texts_typed = NULL;
		return rc;
	}
	if ((langs = arena_calloc(r->arena, n, sizeof(*langs))) == NULL ||
	    (vals = arena_calloc(r->arena, n * LT__MAX, sizeof(*vals))) == NULL)
		return 500;
	for (i = 0; i < n * LT__MAX; i++) {
		langs[i / LT__MAX] = tags[i / LT__MAX];
		vals[i] = fv[i].value;
	}
	if (lang_course_texts_save(web_db, id, langs, vals, n) == -1)
		return 500;
	return web_redirect(r, "/admin/courses/%lld?done=texts#languages", id);
}

static int
course_page(struct req *r, const struct staff_user *u, long long id,
    int status, const struct form_value *fv)
{
	struct view	*v;
	int		 rc;

	if ((v = admin_view(r, u, "Course", "nav_courses")) == NULL)
		return 500;
	if ((rc = looked_up(manage_course_get(web_db, id, v))) != 0)
		return rc;
	if (manage_runs(web_db, college_now(), id, 1, v) == -1 ||
	    view_set(v, "page_title", view_str(v, r->arena, "title")) == -1 ||
	    web_keep(v, course_spec, CF__MAX, fv, NULL) == -1 ||
	    course_choices(v, r->arena) == -1 ||
	    course_texts(r, v, id, texts_typed) == -1 ||
	    view_set_bool(v, "texts_saved", form_get(&r->qf, "done") != NULL &&
	    strcmp(form_get(&r->qf, "done"), "texts") == 0) == -1)
		return 500;
	return resp_view(r, status, "admin_course.html", v);
}

static int
page_course(struct req *r)
{
	struct staff_user	 u;
	long long		 id;

	AUTHORISE(r, &u, &id);
	return course_page(r, &u, id, 200, NULL);
}

static int
course_save(struct req *r, long long id)
{
	struct staff_user	 u;
	struct form_value	 fv[CF__MAX];
	struct manage_course	 m;
	enum manage_result	 res;
	int			 nerr;

	AUTHORISE(r, &u, NULL);
	if ((nerr = form_validate(r->arena, &r->bf, course_spec, CF__MAX,
	    fv)) < 0)
		return 500;
	if (fv[CF_SLUG].error == NULL && fv[CF_SLUG].value != NULL &&
	    !web_slug_ok(fv[CF_SLUG].value)) {
		fv[CF_SLUG].error = "Web address name must use only lowercase "
		    "letters, numbers and hyphens, like understanding-anxiety";
		nerr++;
	}
	if (nerr == 0) {
		m.slug = fv[CF_SLUG].value;
		m.title = fv[CF_TITLE].value;
		m.summary = fv[CF_SUMMARY].value ? fv[CF_SUMMARY].value : "";
		m.description = fv[CF_DESCRIPTION].value ?
		    fv[CF_DESCRIPTION].value : "";
		m.topic_id = ival(&fv[CF_TOPIC]);
		m.status = fv[CF_STATUS].value;
		switch ((res = manage_course_save(web_db, u.id, &id, &m))) {
		case MANAGE_OK:
			return web_redirect(r, "/admin/courses/%lld?done=saved",
			    id);
		case MANAGE_DUPLICATE:
			fv[CF_SLUG].error = "Another course has this web "
			    "address name: choose another";
			nerr++;
			break;
		case MANAGE_BAD_REF:
			fv[CF_TOPIC].error = "Choose a topic from the list";
			nerr++;
			break;
		case MANAGE_NOT_FOUND:
			return 404;
		default:
			return 500;
		}
	}
	return id == 0 ? courses_page(r, &u, 422, fv) :
	    course_page(r, &u, id, 422, fv);
}

static int
post_courses(struct req *r)
{
	return course_save(r, 0);
}

static int
post_course(struct req *r)
{
	long long	 id;

	if (web_param_id(r, 0, &id) == -1)
		return 404;
	return course_save(r, id);
}

/* --- Runs --------------------------------------------------------------- */

enum { NF_COURSE, NF_CAPACITY, NF_ONLINE, NF__MAX };

static const struct form_spec new_run_spec[NF__MAX] = {
	[NF_COURSE] = { "course", "Course", FT_INT, 1, 0, 0, 1, RUN_ID_MAX,
	    NULL },
	[NF_CAPACITY] = { "capacity", "Places", FT_INT, 1, 0, 0, 1, 1000,
	    NULL },
	[NF_ONLINE] = { "online_details", "Joining details", FT_TEXT, 0, 0,
	    1000, 0, 0, NULL },
};

enum { LQ_COURSE, LQ_PAST, LQ__MAX };

static const struct form_spec runs_query_spec[LQ__MAX] = {
	[LQ_COURSE] = { "course", "Course", FT_INT, 0, 0, 0, 1, RUN_ID_MAX,
	    NULL },
	[LQ_PAST] = { "past", "Past runs", FT_CHECKBOX, 0, 0, 0, 0, 0, NULL },
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

static int
page_runs(struct req *r)
{
	struct staff_user	 u;

	AUTHORISE(r, &u, NULL);
	return runs_page(r, &u, 200, NULL);
}

static int
post_runs(struct req *r)
{
	struct staff_user	 u;
	struct form_value	 fv[NF__MAX];
	enum manage_result	 res;
	long long		 id = 0;
	int			 nerr;

	AUTHORISE(r, &u, NULL);
	if ((nerr = form_validate(r->arena, &r->bf, new_run_spec, NF__MAX,
	    fv)) < 0)
		return 500;
	if (nerr == 0) {
		res = manage_run_create(web_db, u.id, fv[NF_COURSE].ival,
		    fv[NF_CAPACITY].ival, fv[NF_ONLINE].value ?
		    fv[NF_ONLINE].value : "", &id);
		if (res == MANAGE_OK)
			return to_run(r, id, "added");
		if (res != MANAGE_BAD_REF)
			return 500;
		fv[NF_COURSE].error = "Choose a course from the list";
	}
	return runs_page(r, &u, 422, fv);
}

/* The run page's forms: details, a new session, a facilitator. */
enum { EF_CAPACITY, EF_ONLINE, EF__MAX };

static const struct form_spec run_edit_spec[EF__MAX] = {
	[EF_CAPACITY] = { "capacity", "Places", FT_INT, 1, 0, 0, 1, 1000,
	    NULL },
	[EF_ONLINE] = { "online_details", "Joining details", FT_TEXT, 0, 0,
	    1000, 0, 0, NULL },
};

enum { SS_DATE, SS_START, SS_END, SS_VENUE, SS_PAST, SS__MAX };

static const struct form_spec session_spec[SS__MAX] = {
	[SS_DATE] = { "date", "Date", FT_DATE, 1, 0, 0, 0, 0, NULL },
	[SS_START] = { "start", "Start time", FT_TIME, 1, 0, 0, 0, 0, NULL },
	[SS_END] = { "end", "End time", FT_TIME, 1, 0, 0, 0, 0, NULL },
	[SS_VENUE] = { "venue", "Venue", FT_INT, 1, 0, 0, 1, RUN_ID_MAX,
	    NULL },
	/* Ticked to record a session that has already happened. */
	[SS_PAST] = { "past", "Already happened", FT_CHECKBOX, 0, 0, 0, 0, 0,
	    NULL },
};

static const char *const roles[] = { "peer", "clinical", "other", NULL };

enum { FF_USER, FF_ROLE, FF__MAX };

static const struct form_spec facilitator_spec[FF__MAX] = {
	[FF_USER] = { "user", "Member of staff", FT_INT, 1, 0, 0, 1,
	    RUN_ID_MAX, NULL },
	[FF_ROLE] = { "role", "Role", FT_ONEOF, 1, 0, 0, 0, 0, roles },
};

/* The venue choices for a session form, with the venue numbered
 * selected (as typed, may be NULL) marked. 0 or -1. */
static int
venue_options(struct view *v, const char *selected)
{
	long long	 id = 0;

	if (selected != NULL && web_id_parse(selected, &id) == -1)
		id = 0;
	return manage_venue_options(web_db, id, v, "venue_options");
}

/* Which of the run page's forms is shown again with errors. */
/* The office books a place for someone (post_run_book()): the fields
 * of the learner's own form, and their agreement, given by phone or in
 * person, to the privacy notice read to them. */
enum { OK_NAME, OK_EMAIL, OK_PHONE, OK_NEEDS, OK_CONSENT, OK__MAX };

static const struct form_spec office_book_spec[OK__MAX] = {
	[OK_NAME] = { "book_name", "Name", FT_LINE, 1, 1, BOOKING_NAME_MAX,
	    0, 0, NULL },
	[OK_EMAIL] = { "book_email", "Email address", FT_EMAIL, 1, 0,
	    BOOKING_EMAIL_MAX, 0, 0, NULL },
	[OK_PHONE] = { "book_phone", "Phone number", FT_LINE, 0, 0,
	    BOOKING_PHONE_MAX, 0, 0, NULL },
	[OK_NEEDS] = { "book_needs", "Support needs", FT_TEXT, 0, 0,
	    BOOKING_NEEDS_MAX, 0, 0, NULL },
	[OK_CONSENT] = { "book_consent", "Privacy notice", FT_CHECKBOX, 0, 0,
	    0, 0, 0, NULL },
};

enum run_form { RUN_FORM_NONE, RUN_FORM_EDIT, RUN_FORM_SESSION,
	RUN_FORM_FACILITATOR, RUN_FORM_STATUS, RUN_FORM_CANCEL,
	RUN_FORM_BRING, RUN_FORM_BOOK };

enum { BF_BRING, BF__MAX };

static const struct form_spec bring_spec[BF__MAX] = {
	[BF_BRING] = { "bring", "What to bring", FT_TEXT, 0, 0,
	    MAIL_BRING_MAX, 0, 0, NULL },
};

static int
run_page(struct req *r, const struct staff_user *u, long long id, int status,
    enum run_form which, const struct form_value *fv, const char *problem)
{
	struct view	*v;
	const char	*venue = NULL;
	int		 rc;

	if ((v = admin_view(r, u, "Run", "nav_runs")) == NULL)
		return 500;
	if ((rc = looked_up(manage_run_get(web_db, id, college_now(), v))) != 0)
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
		    web_field_error(v, "confirm", "Tick the box to confirm "
		    "that the run is cancelled") == -1 ? -1 : 0;
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

static int
page_run(struct req *r)
{
	struct staff_user	 u;
	long long		 id;

	AUTHORISE(r, &u, &id);
	return run_page(r, &u, id, 200, RUN_FORM_NONE, NULL, NULL);
}

static int
post_run(struct req *r)
{
	struct staff_user	 u;
	struct form_value	 fv[EF__MAX];
	enum manage_result	 res;
	long long		 id, confirmed;
	int			 nerr, promoted;
	char			*msg;

	AUTHORISE(r, &u, &id);
	if ((nerr = form_validate(r->arena, &r->bf, run_edit_spec, EF__MAX,
	    fv)) < 0)
		return 500;
	if (nerr > 0)
		return run_page(r, &u, id, 422, RUN_FORM_EDIT, fv, NULL);
	res = manage_run_update(web_db, u.id, id, fv[EF_CAPACITY].ival,
	    fv[EF_ONLINE].value ? fv[EF_ONLINE].value : "", college_now(),
	    &confirmed, &promoted);
	switch (res) {
	case MANAGE_OK:
		return to_run(r, id, "saved");
	case MANAGE_NOT_FOUND:
		return 404;
	case MANAGE_BELOW_CONFIRMED:
		if ((msg = arena_printf(r->arena, "Places cannot be fewer "
		    "than the %lld already confirmed. To offer fewer, cancel "
		    "bookings first", confirmed)) == NULL)
			return 500;
		fv[EF_CAPACITY].error = msg;
		return run_page(r, &u, id, 422, RUN_FORM_EDIT, fv, NULL);
	case MANAGE_CANCELLED:
		return run_page(r, &u, id, 422, RUN_FORM_EDIT, fv,
		    manage_strerror(res));
	default:
		return 500;
	}
}

static const char *const run_statuses[] = {
	"published", "cancelled", "draft", NULL
};

enum { TF_STATUS, TF__MAX };

static const struct form_spec run_status_spec[TF__MAX] = {
	[TF_STATUS] = { "status", "Status", FT_ONEOF, 1, 0, 0, 0, 0,
	    run_statuses },
};

static int
post_run_bring(struct req *r)
{
	struct staff_user	 u;
	struct form_value	 fv[BF__MAX];
	long long		 id;
	int			 nerr;

	AUTHORISE(r, &u, &id);
	if ((nerr = form_validate(r->arena, &r->bf, bring_spec, BF__MAX,
	    fv)) < 0)
		return 500;
	if (nerr > 0)
		return run_page(r, &u, id, 422, RUN_FORM_BRING, fv, NULL);
	switch (mail_bring_set(web_db, u.id, id, fv[BF_BRING].value ?
	    fv[BF_BRING].value : "")) {
	case 0:
		return to_run(r, id, "bring");
	case 1:
		return 404;
	default:
		return 500;
	}
}

static int
post_run_status(struct req *r)
{
	struct staff_user	 u;
	struct form_value	 fv[TF__MAX];
	enum manage_result	 res;
	long long		 id;
	const char		*done;

	AUTHORISE(r, &u, &id);
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
	if (res == MANAGE_NOT_FOUND)
		return 404;
	if (res == MANAGE_ERROR)
		return 500;
	if (res != MANAGE_OK)
		return run_page(r, &u, id, 422, RUN_FORM_STATUS, fv,
		    manage_strerror(res));
	done = strcmp(fv[TF_STATUS].value, "published") == 0 ? "published" :
	    strcmp(fv[TF_STATUS].value, "cancelled") == 0 ? "cancelled" :
	    "unpublished";
	return to_run(r, id, done);
}

/* --- The office acts for a learner ----------------------------------------
 *
 * On a run's page (admin_run_bookings.html): who has a place and who is
 * waiting, in order, with each one's short check-in code to read out;
 * book a place for someone who phoned or came in; cancel, move to
 * another run of the course, or send the booking's links again. The
 * rules are the booking rules' own (college/booking.h, by_user set:
 * audited as the office's); office.h has the list, mail.h the resend.
 */

/* What a refused booking says, by enum booking_closed. */
static const char *
closed_text(enum booking_closed c)
{
	switch (c) {
	case BOOKING_NOT_OPEN:
		return "This run is not open for booking: publish it, with a "
		    "session, first.";
	case BOOKING_RUN_CANCELLED:
		return "This run is cancelled: it cannot be booked.";
	case BOOKING_STARTED:
		return "This run has started: it can no longer be booked.";
	default:
		return "This run cannot be booked.";
	}
}

static int
post_run_book(struct req *r)
{
	struct staff_user	 u;
	struct form_value	 fv[OK__MAX];
	struct booking_request	 q;
	struct booking_ref	 ref;
	long long		 run;
	int			 nerr;

	AUTHORISE(r, &u, &run);
	if ((nerr = form_validate(r->arena, &r->bf, office_book_spec, OK__MAX,
	    fv)) < 0)
		return 500;
	if (!fv[OK_CONSENT].ival) {
		fv[OK_CONSENT].error = "Read the privacy notice to them and "
		    "tick this box once they agree";
		nerr++;
	}
	if (nerr > 0)
		return run_page(r, &u, run, 422, RUN_FORM_BOOK, fv, NULL);
	memset(&q, 0, sizeof(q));
	q.run_id = run;
	q.name = fv[OK_NAME].value;
	q.email = fv[OK_EMAIL].value;
	q.phone = fv[OK_PHONE].value;
	q.needs = fv[OK_NEEDS].value;
	q.by_user = u.id;
	switch (booking_create(web_db, &q, college_now(), &ref)) {
	case BOOKING_MADE:
	case BOOKING_SAME:
		return to_run(r, run, ref.status == BOOKING_WAITLISTED ?
		    "booked-waiting" : "booked");
	case BOOKING_REFUSED:
		if (ref.closed == BOOKING_NO_RUN)
			return 404;
		return run_page(r, &u, run, 422, RUN_FORM_BOOK, fv,
		    closed_text(ref.closed));
	case BOOKING_INVALID:
		return run_page(r, &u, run, 422, RUN_FORM_BOOK, fv,
		    "Check the details: one of them is too long.");
	default:
		return 500;
	}
}

/*
 * Who may act on booking {id}: an administrator, the booking existing.
 * 0 with *u, *id and *run filled; else the status to return.
 */
static int
office_booking(struct req *r, struct staff_user *u, long long *id,
    long long *run)
{
	int	 rc;

	if ((rc = authorise(r, u, id)) != 0)
		return rc;
	return looked_up(office_booking_run(web_db, *id, run));
}

static int
post_booking_cancel(struct req *r)
{
	struct staff_user	 u;
	long long		 id, run;
	int			 rc, promoted = 0;

	if ((rc = office_booking(r, &u, &id, &run)) != 0)
		return rc;
	if ((rc = booking_cancel_id(web_db, id, u.id, college_now(),
	    &promoted)) == -1)
		return 500;
	if (rc == 1)
		return 404;
	return to_run(r, run, promoted > 0 ? "booking-cancelled-promoted" :
	    "booking-cancelled");
}

enum { MV_RUN, MV__MAX };

static const struct form_spec move_spec[MV__MAX] = {
	[MV_RUN] = { "to_run", "Run to move to", FT_INT, 1, 0, 0, 1,
	    RUN_ID_MAX, NULL },
};

static int
post_booking_move(struct req *r)
{
	struct staff_user	 u;
	struct form_value	 fv[MV__MAX];
	struct booking_ref	 ref;
	long long		 id, run;
	int			 rc;

	if ((rc = office_booking(r, &u, &id, &run)) != 0)
		return rc;
	if (form_validate(r->arena, &r->bf, move_spec, MV__MAX, fv) < 0)
		return 500;
	if (fv[MV_RUN].error != NULL)
		return run_page(r, &u, run, 422, RUN_FORM_NONE, NULL,
		    "Choose the run to move the booking to.");
	memset(&ref, 0, sizeof(ref));
	if ((rc = booking_move(web_db, id, fv[MV_RUN].ival, u.id,
	    college_now(), &ref)) == -1)
		return 500;
	if (rc == 1)
		return run_page(r, &u, run, 422, RUN_FORM_NONE, NULL,
		    ref.closed != BOOKING_OPEN ? closed_text(ref.closed) :
		    "That booking cannot be moved there: it is cancelled, or "
		    "the run is not another date of the same course.");
	return to_run(r, run, ref.status == BOOKING_WAITLISTED ?
	    "booking-moved-waiting" : "booking-moved");
}

static int
post_booking_resend(struct req *r)
{
	struct staff_user	 u;
	long long		 id, run;
	int			 rc;

	if ((rc = office_booking(r, &u, &id, &run)) != 0)
		return rc;
	if ((rc = mail_resend(web_db, u.id, 0, id, college_now())) == -1)
		return 500;
	if (rc != 0)
		return run_page(r, &u, run, 422, RUN_FORM_NONE, NULL,
		    "Nothing was sent: the booking is cancelled, or the "
		    "learner's details were erased.");
	return to_run(r, run, "resent");
}

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
		fv[SS_PAST].error = "That date is in the past. Change the "
		    "date, or tick this box if the session has already "
		    "happened and you are recording it";
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
		fv[SS_END].error = "End time must be after the start time";
		return n + 1;
	default:
		fv[SS_START].error = "Enter a time that exists on that day";
		return n + 1;
	}
}

static int
post_run_session(struct req *r)
{
	struct staff_user	 u;
	struct form_value	 fv[SS__MAX];
	struct manage_session	 s;
	enum manage_result	 res;
	long long		 run, id;
	int			 nerr;

	AUTHORISE(r, &u, &run);
	if ((nerr = form_validate(r->arena, &r->bf, session_spec, SS__MAX,
	    fv)) < 0)
		return 500;
	memset(&s, 0, sizeof(s));
	nerr += session_times(r->arena, fv, &s);
	if (nerr == 0) {
		s.venue_id = fv[SS_VENUE].ival;
		res = manage_session_add(web_db, u.id, run, &s, &id);
		if (res == MANAGE_OK)
			return to_run(r, run, "session-added");
		if (res == MANAGE_NOT_FOUND)
			return 404;
		if (res == MANAGE_ERROR)
			return 500;
		if (res == MANAGE_BAD_REF)
			fv[SS_VENUE].error = "Choose a venue from the list";
		else
			return run_page(r, &u, run, 422, RUN_FORM_SESSION, fv,
			    manage_strerror(res));
	}
	return run_page(r, &u, run, 422, RUN_FORM_SESSION, fv, NULL);
}

static int
post_run_facilitator(struct req *r)
{
	struct staff_user	 u;
	struct form_value	 fv[FF__MAX];
	enum manage_result	 res;
	long long		 run;
	int			 nerr;

	AUTHORISE(r, &u, &run);
	if ((nerr = form_validate(r->arena, &r->bf, facilitator_spec,
	    FF__MAX, fv)) < 0)
		return 500;
	if (nerr == 0) {
		res = manage_facilitator_set(web_db, u.id, run,
		    fv[FF_USER].ival, fv[FF_ROLE].value);
		if (res == MANAGE_OK)
			return to_run(r, run, "facilitator");
		if (res == MANAGE_NOT_FOUND)
			return 404;
		if (res != MANAGE_BAD_REF)
			return 500;
		fv[FF_USER].error = "Choose a member of staff from the list";
	}
	return run_page(r, &u, run, 422, RUN_FORM_FACILITATOR, fv, NULL);
}

static int
post_run_facilitator_remove(struct req *r)
{
	struct staff_user	 u;
	enum manage_result	 res;
	long long		 run, user;

	AUTHORISE(r, &u, &run);
	if (web_param_id(r, 1, &user) == -1)
		return 404;
	res = manage_facilitator_remove(web_db, u.id, run, user);
	if (res == MANAGE_NOT_FOUND)
		return 404;
	if (res != MANAGE_OK)
		return 500;
	return to_run(r, run, "removed");
}

/* --- Sessions ----------------------------------------------------------- */

static int
session_page(struct req *r, const struct staff_user *u, long long id,
    int status, struct form_value *fv, const char *problem)
{
	struct view	*v;
	int		 rc;

	if ((v = admin_view(r, u, "Move a session", "nav_runs")) == NULL)
		return 500;
	if ((rc = looked_up(manage_session_get(web_db, id, v))) != 0)
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

static int
page_session(struct req *r)
{
	struct staff_user	 u;
	long long		 id;

	AUTHORISE(r, &u, &id);
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

static int
post_session(struct req *r)
{
	struct staff_user	 u;
	struct form_value	 fv[SS__MAX];
	struct manage_session	 s;
	enum manage_result	 res;
	long long		 id;
	int			 nerr;

	AUTHORISE(r, &u, &id);
	if ((nerr = form_validate(r->arena, &r->bf, session_spec, SS__MAX,
	    fv)) < 0)
		return 500;
	memset(&s, 0, sizeof(s));
	nerr += session_times(r->arena, fv, &s);
	if (nerr > 0)
		return session_page(r, &u, id, 422, fv, NULL);
	s.venue_id = fv[SS_VENUE].ival;
	switch ((res = manage_session_move(web_db, u.id, id, &s, college_now()))) {
	case MANAGE_OK:
		return to_run(r, session_run(r, id), "moved");
	case MANAGE_NOT_FOUND:
		return 404;
	case MANAGE_BAD_REF:
		fv[SS_VENUE].error = "Choose a venue from the list";
		return session_page(r, &u, id, 422, fv, NULL);
	case MANAGE_ERROR:
		return 500;
	default:
		return session_page(r, &u, id, 422, fv, manage_strerror(res));
	}
}

static int
post_session_cancel(struct req *r)
{
	struct staff_user	 u;
	enum manage_result	 res;
	long long		 id;

	AUTHORISE(r, &u, &id);
	res = manage_session_cancel(web_db, u.id, id, college_now());
	if (res == MANAGE_NOT_FOUND)
		return 404;
	if (res == MANAGE_ERROR)
		return 500;
	if (res != MANAGE_OK)
		return session_page(r, &u, id, 422, NULL,
		    manage_strerror(res));
	return to_run(r, session_run(r, id), "session-cancelled");
}

/* --- Staff -------------------------------------------------------------- */

static const char *const staff_roles[] = { "educator", "admin", NULL };

enum { UF_NAME, UF_EMAIL, UF_ROLE, UF_PASSWORD, UF__MAX };

static const struct form_spec staff_spec[UF__MAX] = {
	[UF_NAME] = { "name", "Name", FT_LINE, 1, 1, STAFF_NAME_MAX, 0, 0,
	    NULL },
	[UF_EMAIL] = { "email", "Email address", FT_EMAIL, 1, 0,
	    STAFF_EMAIL_MAX, 0, 0, NULL },
	[UF_ROLE] = { "role", "Role", FT_ONEOF, 1, 0, 0, 0, 0, staff_roles },
	[UF_PASSWORD] = { "password", "Password", FT_TEXT, 1, 0,
	    STAFF_PASSWORD_MAX, 0, 0, NULL },
};

/*
 * A password as typed (the raw field: never trimmed), if staff.c's rule
 * (staff_password_problem()) allows it; sets fv->error otherwise.
 * Returns the password or NULL.
 */
static const char *
password_check(struct form_value *fv)
{
	const char	*why;

	if (fv->error != NULL)
		return NULL;
	if ((why = staff_password_problem(fv->raw)) != NULL) {
		fv->error = why;
		return NULL;
	}
	return fv->raw;
}

static int
staff_page(struct req *r, const struct staff_user *u, int status,
    const struct form_value *fv, const char *problem)
{
	struct view	*v;

	if ((v = admin_view(r, u, "Staff", "nav_staff")) == NULL ||
	    manage_staff(web_db, v) == -1 ||
	    view_set_int(v, "my_id", u->id) == -1 ||
	    web_keep(v, staff_spec, UF__MAX, fv, "password") == -1 ||
	    (fv == NULL && view_set(v, "role", "educator") == -1) ||
	    choices(v, "role_options", staff_roles,
	    view_str(v, r->arena, "role")) == -1 ||
	    (problem != NULL && view_set(v, "problem", problem) == -1))
		return 500;
	return resp_view(r, status, "admin_staff.html", v);
}

static int
page_staff(struct req *r)
{
	struct staff_user	 u;

	AUTHORISE(r, &u, NULL);
	return staff_page(r, &u, 200, NULL, NULL);
}

static int
post_staff(struct req *r)
{
	struct staff_user	 u;
	struct form_value	 fv[UF__MAX];
	const char		*pw;
	long long		 id;
	int			 nerr;

	AUTHORISE(r, &u, NULL);
	if ((nerr = form_validate(r->arena, &r->bf, staff_spec, UF__MAX,
	    fv)) < 0)
		return 500;
	if ((pw = password_check(&fv[UF_PASSWORD])) == NULL &&
	    fv[UF_PASSWORD].error != NULL)
		nerr++;
	if (nerr == 0) {
		switch (staff_add(web_db, u.id, fv[UF_EMAIL].value,
		    fv[UF_NAME].value, fv[UF_ROLE].value, pw, college_now(),
		    &id)) {
		case STAFF_ADD_OK:
			return web_redirect(r, "/admin/staff?done=added");
		case STAFF_ADD_DUPLICATE:
			fv[UF_EMAIL].error = "There is already an account "
			    "with this email address";
			break;
		case STAFF_ADD_BAD_NAME:
			fv[UF_NAME].error = arena_printf(r->arena, "Enter a "
			    "name of at most %d characters, without control "
			    "characters", STAFF_NAME_MAX);
			break;
		default:
			/* The fields' rules are checked above. */
			return 500;
		}
	}
	return staff_page(r, &u, 422, fv, NULL);
}

static int
staff_disable(struct req *r, int disabled)
{
	struct staff_user	 u;
	enum manage_result	 res;
	long long		 id;

	AUTHORISE(r, &u, &id);
	res = manage_staff_disable(web_db, u.id, id, disabled);
	if (res == MANAGE_NOT_FOUND)
		return 404;
	if (res == MANAGE_ERROR)
		return 500;
	if (res == MANAGE_SELF)
		return staff_page(r, &u, 422, NULL, "You cannot disable your "
		    "own account, the one you are logged in with. If it "
		    "should be disabled, ask another administrator to do it.");
	if (res != MANAGE_OK)
		return staff_page(r, &u, 422, NULL, manage_strerror(res));
	return web_redirect(r, "/admin/staff?done=%s", disabled ? "disabled" :
	    "enabled");
}

static int
post_staff_disable(struct req *r)
{
	return staff_disable(r, 1);
}

static int
post_staff_enable(struct req *r)
{
	return staff_disable(r, 0);
}

enum { PF_PASSWORD, PF__MAX };

static const struct form_spec password_spec[PF__MAX] = {
	[PF_PASSWORD] = { "password", "New password", FT_TEXT, 1, 0,
	    STAFF_PASSWORD_MAX, 0, 0, NULL },
};

static int
password_page(struct req *r, const struct staff_user *u, long long id,
    int status, const struct form_value *fv)
{
	struct view	*v;
	int		 rc;

	if ((v = admin_view(r, u, "Set a password", "nav_staff")) == NULL)
		return 500;
	if ((rc = looked_up(manage_staff_get(web_db, id, v))) != 0)
		return rc;
	if (web_keep(v, password_spec, PF__MAX, fv, "password") == -1)
		return 500;
	return resp_view(r, status, "admin_password.html", v);
}

static int
page_staff_password(struct req *r)
{
	struct staff_user	 u;
	long long		 id;

	AUTHORISE(r, &u, &id);
	return password_page(r, &u, id, 200, NULL);
}

static int
post_staff_password(struct req *r)
{
	struct staff_user	 u;
	struct form_value	 fv[PF__MAX];
	enum manage_result	 res;
	const char		*pw;
	long long		 id;

	AUTHORISE(r, &u, &id);
	if (form_validate(r->arena, &r->bf, password_spec, PF__MAX, fv) < 0)
		return 500;
	if ((pw = password_check(&fv[PF_PASSWORD])) == NULL)
		return password_page(r, &u, id, 422, fv);
	res = manage_staff_password(web_db, u.id, id, pw);
	if (res == MANAGE_NOT_FOUND)
		return 404;
	if (res != MANAGE_OK)
		return 500;
	return web_redirect(r, "/admin/staff?done=password");
}

/* --- The program -------------------------------------------------------- */

static const struct route routes[] = {
	{ M_GET, "/admin", page_dashboard },
	{ M_GET, "/admin/export", page_export },
	{ M_GET, "/admin/export/attendance.csv", page_export_attendance },
	{ M_GET, "/admin/export/summary.csv", page_export_summary },
	{ M_GET, "/admin/export/attendance.xlsx", page_export_attendance_xlsx },
	{ M_GET, "/admin/export/summary.xlsx", page_export_summary_xlsx },
	{ M_GET, "/admin/reports", page_reports },
	{ M_GET, "/admin/audit", page_audit },
	{ M_GET, "/admin/learners", page_learners },
	{ M_GET, "/admin/learners/{id}", page_learner },
	/* A POST (csrf checked by the kit): a cross-site link cannot make
	 * the download, nor its audit line, in an admin's name. */
	{ M_POST, "/admin/learners/{id}/export.json", post_learner_json },
	{ M_POST, "/admin/learners/{id}/resend", post_learner_resend },
	{ M_POST, "/admin/learners/{id}/erase", post_learner_erase },
	{ M_GET, "/admin/settings", page_settings },
	{ M_POST, "/admin/settings", post_settings },
	{ M_POST, "/admin/settings/erase", post_settings_erase },
	{ M_POST, "/admin/settings/college", post_settings_college },
	{ M_GET, "/admin/venues", page_venues },
	{ M_POST, "/admin/venues", post_venues },
	{ M_GET, "/admin/venues/{id}", page_venue },
	{ M_POST, "/admin/venues/{id}", post_venue },
	{ M_GET, "/admin/courses", page_courses },
	{ M_POST, "/admin/courses", post_courses },
	{ M_GET, "/admin/courses/{id}", page_course },
	{ M_POST, "/admin/courses/{id}", post_course },
	{ M_POST, "/admin/courses/{id}/texts", post_course_texts },
	{ M_GET, "/admin/runs", page_runs },
	{ M_POST, "/admin/runs", post_runs },
	{ M_GET, "/admin/runs/{id}", page_run },
	{ M_POST, "/admin/runs/{id}", post_run },
	{ M_POST, "/admin/runs/{id}/status", post_run_status },
	{ M_POST, "/admin/runs/{id}/bring", post_run_bring },
	{ M_POST, "/admin/runs/{id}/sessions", post_run_session },
	{ M_POST, "/admin/runs/{id}/book", post_run_book },
	{ M_POST, "/admin/bookings/{id}/cancel", post_booking_cancel },
	{ M_POST, "/admin/bookings/{id}/move", post_booking_move },
	{ M_POST, "/admin/bookings/{id}/resend", post_booking_resend },
	{ M_POST, "/admin/runs/{id}/facilitators", post_run_facilitator },
	{ M_POST, "/admin/runs/{id}/facilitators/{user}/remove",
	    post_run_facilitator_remove },
	{ M_GET, "/admin/sessions/{id}", page_session },
	{ M_POST, "/admin/sessions/{id}", post_session },
	{ M_POST, "/admin/sessions/{id}/cancel", post_session_cancel },
	{ M_GET, "/admin/staff", page_staff },
	{ M_POST, "/admin/staff", post_staff },
	{ M_POST, "/admin/staff/{id}/disable", post_staff_disable },
	{ M_POST, "/admin/staff/{id}/enable", post_staff_enable },
	{ M_GET, "/admin/staff/{id}/password", page_staff_password },
	{ M_POST, "/admin/staff/{id}/password", post_staff_password },
};

int
main(int argc, char *argv[])
{
	return web_main("admin", routes, sizeof(routes) / sizeof(routes[0]),
	    NULL, argc, argv);
}
