/*
 * export.c: GET /admin/export and the attendance and summary files
 * (CSV, streamed, or workbooks). Every export is in the audit log.
 * (admin.c has the routes; admin.h what the office pages share.)
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kit/arena.h"
#include "kit/form.h"
#include "kit/http.h"
#include "kit/i18n.h"
#include "kit/view.h"
#include "college/clock.h"
#include "college/college.h"
#include "college/course.h"
#include "college/export.h"
#include "college/staff.h"
#include "college/when.h"
#include "../web.h"
#include "admin.h"

enum { XF_FROM, XF_TO, XF_COURSE, XF_RUN, XF_EXCEL, XF__MAX };

static const struct form_spec export_spec[XF__MAX] = {
	[XF_FROM] = { "from", N_("From date"), FT_DATE, 0, 0, 0, 0, 0, NULL },
	[XF_TO] = { "to", N_("To date"), FT_DATE, 0, 0, 0, 0, 0, NULL },
	[XF_COURSE] = { "course", N_("Course"), FT_TOKEN, 0, 0, SLUG_MAX, 0, 0,
	    NULL },
	[XF_RUN] = { "run", N_("Run number"), FT_INT, 0, 0, 0, 1, RUN_ID_MAX,
	    NULL },
	/* CSV with a byte-order mark: Excel on Windows reads it as UTF-8. */
	[XF_EXCEL] = { "excel", N_("For Excel"), FT_CHECKBOX, 0, 0, 0, 0, 0,
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
		fv[XF_TO].error = _("The to date must be the same as or after "
		    "the from date");
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
		fv[XF_COURSE].error = _("There is no course with that web "
		    "address name. Choose a course from the list");
		nerr++;
		break;
	case EXPORT_NO_RUN:
		fv[XF_RUN].error = _("There is no run with that number. The "
		    "number is shown on each run's page");
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

int
page_export(struct req *r)
{
	struct staff_user	 u;
	struct form_value	 fv[XF__MAX];
	struct export_filter	 f;
	int			 nerr, rc;

	if ((rc = authorise(r, &u, NULL)) != 0)
		return rc;
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

	if ((rc = authorise(r, &u, NULL)) != 0)
		return rc;
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
	int			 nerr, fd, rc;

	if ((rc = authorise(r, &u, NULL)) != 0)
		return rc;
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

int
page_export_attendance_xlsx(struct req *r)
{
	return export_xlsx_send(r, "attendance");
}

int
page_export_summary_xlsx(struct req *r)
{
	return export_xlsx_send(r, "summary");
}

int
page_export_attendance(struct req *r)
{
	return export_csv(r, "attendance");
}

int
page_export_summary(struct req *r)
{
	return export_csv(r, "summary");
}
