/*
 * export.c: the attendance and summary exports (see export.h).
 *
 * Each export is one statement (STMT_EXPORT_* in stmts.c) stepped to
 * its end; every row is formatted into stack buffers and written at
 * once, to a table: the CSV writer on a sink, or a worksheet of
 * libxlsxwriter in constant-memory mode (each row is flushed to the
 * file before the next). A session's dates are formatted once for all
 * its rows.
 */
#include <stdio.h>
#include <string.h>

#include <xlsxwriter.h>

#include "kit/buf.h"
#include "kit/csv.h"
#include "kit/db.h"
#include "college/export.h"
#include "college/stmts.h"
#include "college/when.h"

/* Bounds bound for "no bound": every epoch second we store is inside. */
#define EXPORT_MIN	(-((long long)1 << 62))
#define EXPORT_MAX	((long long)1 << 62)

/* Columns of STMT_EXPORT_ATTENDANCE. */
enum att_col {
	AC_SESSION,
	AC_START,
	AC_END,
	AC_COURSE,
	AC_RUN,
	AC_VENUE,
	AC_NAME,
	AC_EMAIL,
	AC_BOOKING,
	AC_STATUS,
	AC_AT,
	AC_BY,
	AC_METHOD,
	AC__MAX
};

/* Columns of STMT_EXPORT_SUMMARY. */
enum sum_col {
	SC_COURSE,
	SC_RUN,
	SC_FIRST,
	SC_SESSIONS,
	SC_PLACES,
	SC_CONFIRMED,
	SC_WAITLISTED,
	SC_HELD,
	SC_ATTENDED,
	SC_CO,
	SC__MAX
};

/* Text of column i, or NULL for SQL NULL (the CSV writer writes ""). */
static const char *
col(struct db_stmt *st, int i)
{
	return db_col_text(st, i);
}

/* Bind the filter as ?1 from, ?2 to, ?3 course, ?4 run. 0 or -1. */
static int
bind_filter(struct db_stmt *st, const struct export_filter *f)
{
	long long	 from = EXPORT_MIN, to = EXPORT_MAX;
	int		 rc;

	if (f != NULL && f->from != 0)
		from = (long long)f->from;
	if (f != NULL && f->to != 0)
		to = (long long)f->to;
	rc = db_bind_int(st, 1, from);
	if (rc == DB_OK)
		rc = db_bind_int(st, 2, to);
	if (rc == DB_OK && f != NULL && f->course != NULL &&
	    f->course[0] != '\0') {
		if (strlen(f->course) > EXPORT_SLUG_MAX)
			return -1;
		rc = db_bind_text(st, 3, f->course);
	}
	if (rc == DB_OK && f != NULL && f->run > 0)
		rc = db_bind_int(st, 4, f->run);
	return rc == DB_OK ? 0 : -1;
}

/*
 * Where an export's rows go: CSV on a sink (ws NULL), or worksheet ws.
 * Both remember a failure, so a row is checked once, at its end.
 */
struct table {
	struct csv	 csv;
	const struct sink *out;
	lxw_worksheet	*ws;
	lxw_row_t	 row;
	lxw_col_t	 col;
	int		 failed;
};

static void
cell(struct table *t, const char *s)
{
	if (t->ws == NULL) {
		csv_cell(&t->csv, s);
		return;
	}
	/* A string cell is never a formula in a worksheet: it is kept as
	 * typed, without the CSV writer's quote prefix. */
	if (s != NULL && *s != '\0' && worksheet_write_string(t->ws, t->row,
	    t->col, s, NULL) != LXW_NO_ERROR)
		t->failed = 1;
	t->col++;
}

static void
cell_int(struct table *t, long long n)
{
	if (t->ws == NULL) {
		csv_cell_int(&t->csv, n);
		return;
	}
	if (worksheet_write_number(t->ws, t->row, t->col, (double)n, NULL) !=
	    LXW_NO_ERROR)
		t->failed = 1;
	t->col++;
}

static int
end_row(struct table *t)
{
	if (t->ws == NULL)
		return csv_end_row(&t->csv);
	t->row++;
	t->col = 0;
	return t->failed ? -1 : 0;
}

/* The header: as it is on CSV (it has no hostile cells), a cell per
 * comma-separated name on a worksheet. 0 or -1. */
static int
header(struct table *t, const char *line)
{
	char		 name[64];
	const char	*e;
	size_t		 n;

	if (t->ws == NULL) {
		if (sink_puts(t->out, line) == -1 ||
		    sink_write(t->out, "\r\n", 2) == -1)
			return -1;
		return 0;
	}
	for (;; line = e + 1) {
		if ((e = strchr(line, ',')) == NULL)
			e = line + strlen(line);
		if ((n = (size_t)(e - line)) >= sizeof(name))
			return -1;
		memcpy(name, line, n);
		name[n] = '\0';
		cell(t, name);
		if (*e == '\0')
			break;
	}
	return end_row(t);
}

/* A session's times as the export shows them, kept for its rows. */
struct session_text {
	long long	 id;
	char		 date[WHEN_BUF];
	char		 start[WHEN_BUF];
	char		 end[WHEN_BUF];
};

static int
session_text(struct session_text *t, struct db_stmt *st)
{
	long long	 id = db_col_int(st, AC_SESSION);
	time_t		 t0, t1;

	if (t->id == id)
		return 0;
	t0 = (time_t)db_col_int(st, AC_START);
	t1 = (time_t)db_col_int(st, AC_END);
	if (when_ymd(t->date, sizeof(t->date), t0) == NULL ||
	    when_time(t->start, sizeof(t->start), t0) == NULL ||
	    when_time(t->end, sizeof(t->end), t1) == NULL)
		return -1;
	t->id = id;
	return 0;
}

/* One row of the attendance export. 0 or -1. */
static int
attendance_row(struct table *c, struct db_stmt *st, struct session_text *t)
{
	char	 at[WHEN_BUF];
	int	 recorded = !db_col_null(st, AC_STATUS);

	if (session_text(t, st) == -1)
		return -1;
	at[0] = '\0';
	if (recorded && when_iso(at, sizeof(at),
	    (time_t)db_col_int(st, AC_AT)) == NULL)
		return -1;
	cell(c, t->date);
	cell(c, t->start);
	cell(c, t->end);
	cell(c, col(st, AC_COURSE));
	cell_int(c, db_col_int(st, AC_RUN));
	cell(c, col(st, AC_VENUE));
	cell(c, col(st, AC_NAME));
	cell(c, col(st, AC_EMAIL));
	cell(c, col(st, AC_BOOKING));
	cell(c, col(st, AC_STATUS));
	cell(c, at);
	cell(c, col(st, AC_BY));
	cell(c, col(st, AC_METHOD));
	/* The table remembers a failure: one check per row. */
	return end_row(c);
}

/* The attendance export to t; *rows as export_attendance(). */
static int
attendance_to(struct db *db, const struct export_filter *f, struct table *tb,
    size_t *rows)
{
	struct session_text	 t;
	struct db_stmt		*st;
	size_t			 n = 0;
	int			 rc;

	if (rows != NULL)
		*rows = 0;
	if ((st = db_stmt(db, STMT_EXPORT_ATTENDANCE)) == NULL)
		return -1;
	/* Any number of rows in the same memory; nothing else reads the
	 * database until the loop below ends. */
	db_stream(st);
	if (bind_filter(st, f) == -1 ||
	    header(tb, EXPORT_ATTENDANCE_HEADER) == -1) {
		db_reset(st);
		return -1;
	}
	memset(&t, 0, sizeof(t));
	t.id = -1;
	while ((rc = db_step(st)) == DB_ROW) {
		if (attendance_row(tb, st, &t) == -1)
			break;
		n++;
	}
	db_reset(st);
	if (rows != NULL)
		*rows = n;
	return rc == DB_DONE ? 0 : -1;
}

/* A table writing CSV to out. */
static void
csv_table(struct table *t, const struct sink *out)
{
	memset(t, 0, sizeof(*t));
	t->out = out;
	csv_init(&t->csv, out);
}

int
export_attendance(struct db *db, const struct export_filter *f,
    const struct sink *out, size_t *rows)
{
	struct table	 t;

	csv_table(&t, out);
	return attendance_to(db, f, &t, rows);
}

/*
 * The mean attendance rate as a percentage with one decimal, rounded
 * half up in integers (no floating point surprises): "" when nothing
 * was expected.
 */
static void
rate_text(char *buf, size_t len, long long attended, long long expected)
{
	long long	 tenths;

	if (expected <= 0 || attended < 0) {
		buf[0] = '\0';
		return;
	}
	tenths = (attended * 2000 + expected) / (expected * 2);
	snprintf(buf, len, "%lld.%lld", tenths / 10, tenths % 10);
}

static int
summary_row(struct table *c, struct db_stmt *st)
{
	char		 date[WHEN_BUF], rate[32];
	long long	 conf, held, attended;

	if (when_ymd(date, sizeof(date),
	    (time_t)db_col_int(st, SC_FIRST)) == NULL)
		return -1;
	conf = db_col_int(st, SC_CONFIRMED);
	held = db_col_int(st, SC_HELD);
	attended = db_col_int(st, SC_ATTENDED);
	rate_text(rate, sizeof(rate), attended, conf * held);
	cell(c, col(st, SC_COURSE));
	cell_int(c, db_col_int(st, SC_RUN));
	cell(c, date);
	cell_int(c, db_col_int(st, SC_SESSIONS));
	cell_int(c, db_col_int(st, SC_PLACES));
	cell_int(c, conf);
	cell_int(c, db_col_int(st, SC_WAITLISTED));
	cell_int(c, held);
	cell_int(c, attended);
	cell(c, rate);
	cell(c, (int)db_col_int(st, SC_CO) ? "yes" : "no");
	return end_row(c);
}

/* The summary export to t; *rows as export_summary(). */
static int
summary_to(struct db *db, const struct export_filter *f, time_t now,
    struct table *t, size_t *rows)
{
	struct db_stmt	*st;
	size_t		 n = 0;
	int		 rc;

	if (rows != NULL)
		*rows = 0;
	if ((st = db_stmt(db, STMT_EXPORT_SUMMARY)) == NULL)
		return -1;
	if (bind_filter(st, f) == -1 ||
	    db_bind_int(st, 5, (long long)now) != DB_OK ||
	    header(t, EXPORT_SUMMARY_HEADER) == -1) {
		db_reset(st);
		return -1;
	}
	while ((rc = db_step(st)) == DB_ROW) {
		if (summary_row(t, st) == -1)
			break;
		n++;
	}
	db_reset(st);
	if (rows != NULL)
		*rows = n;
	return rc == DB_DONE ? 0 : -1;
}

int
export_summary(struct db *db, const struct export_filter *f, time_t now,
    const struct sink *out, size_t *rows)
{
	struct table	 t;

	csv_table(&t, out);
	return summary_to(db, f, now, &t, rows);
}

int
export_xlsx(struct db *db, const char *kind, const struct export_filter *f,
    time_t now, const char *path, size_t *rows)
{
	lxw_workbook_options	 o;
	lxw_workbook		*wb;
	struct table		 t;
	int			 rc;

	if (rows != NULL)
		*rows = 0;
	if (strcmp(kind, "attendance") != 0 && strcmp(kind, "summary") != 0)
		return -1;
	/* Constant memory: each row goes to a temporary file as soon as
	 * the next begins, so memory stays flat whatever the rows. */
	memset(&o, 0, sizeof(o));
	o.constant_memory = LXW_TRUE;
	if ((wb = workbook_new_opt(path, &o)) == NULL)
		return -1;
	memset(&t, 0, sizeof(t));
	if ((t.ws = workbook_add_worksheet(wb, kind)) == NULL) {
		(void)workbook_close(wb);
		return -1;
	}
	if (strcmp(kind, "attendance") == 0)
		rc = attendance_to(db, f, &t, rows);
	else
		rc = summary_to(db, f, now, &t, rows);
	/* Close always (it frees the workbook); its error counts too. */
	if (workbook_close(wb) != LXW_NO_ERROR)
		rc = -1;
	return rc;
}

int
export_filter_check(struct db *db, const struct export_filter *f)
{
	struct db_stmt	*st;
	int		 rc;

	if (f->course != NULL && f->course[0] != '\0') {
		if ((st = db_stmt(db, STMT_EXPORT_COURSE_EXISTS)) == NULL)
			return -1;
		db_bind_text(st, 1, f->course);
		rc = db_step(st);
		db_reset(st);
		if (rc == DB_DONE)
			return EXPORT_NO_COURSE;
		if (rc != DB_ROW)
			return -1;
	}
	if (f->run > 0) {
		if ((st = db_stmt(db, STMT_EXPORT_RUN_EXISTS)) == NULL)
			return -1;
		db_bind_int(st, 1, f->run);
		rc = db_step(st);
		db_reset(st);
		if (rc == DB_DONE)
			return EXPORT_NO_RUN;
		if (rc != DB_ROW)
			return -1;
	}
	return 0;
}

/* Append s to buf (of len, holding *n bytes) keeping only [a-z0-9-],
 * with A-Z lowercased. 0, or -1 if it does not fit. */
static int
put_safe(char *buf, size_t len, size_t *n, const char *s)
{
	char	 ch;

	for (; *s != '\0'; s++) {
		ch = *s;
		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
		    ch == '-'))
			continue;
		if (*n + 1 >= len)
			return -1;
		buf[(*n)++] = ch;
	}
	buf[*n] = '\0';
	return 0;
}

/* The last day a filter's exclusive end includes, as YYYY-MM-DD. */
static char *
last_day(char *buf, size_t len, time_t to)
{
	return when_ymd(buf, len, to - 1);
}

char *
export_filename(char *buf, size_t len, const char *kind,
    const struct export_filter *f)
{
	char	 d[WHEN_BUF], num[32];
	size_t	 n = 0;

	if (len == 0)
		return NULL;
	buf[0] = '\0';
	if (put_safe(buf, len, &n, kind) == -1)
		return NULL;
	if (f != NULL && f->from != 0 && (when_ymd(d, sizeof(d), f->from) ==
	    NULL || put_safe(buf, len, &n, "-from-") == -1 ||
	    put_safe(buf, len, &n, d) == -1))
		return NULL;
	if (f != NULL && f->to != 0 && (last_day(d, sizeof(d), f->to) ==
	    NULL || put_safe(buf, len, &n, "-to-") == -1 ||
	    put_safe(buf, len, &n, d) == -1))
		return NULL;
	if (f != NULL && f->course != NULL && f->course[0] != '\0' &&
	    (put_safe(buf, len, &n, "-") == -1 ||
	    put_safe(buf, len, &n, f->course) == -1))
		return NULL;
	if (f != NULL && f->run > 0) {
		snprintf(num, sizeof(num), "-run-%lld", f->run);
		if (put_safe(buf, len, &n, num) == -1)
			return NULL;
	}
	if (n + sizeof(".csv") > len)
		return NULL;
	memcpy(buf + n, ".csv", sizeof(".csv"));
	return buf;
}

char *
export_describe(char *buf, size_t len, const struct export_filter *f)
{
	char	 from[WHEN_BUF] = "", to[WHEN_BUF] = "", run[32] = "any";
	int	 w;

	if (f != NULL && f->from != 0 && when_ymd(from, sizeof(from),
	    f->from) == NULL)
		return NULL;
	if (f != NULL && f->to != 0 && last_day(to, sizeof(to), f->to) ==
	    NULL)
		return NULL;
	if (f != NULL && f->run > 0)
		snprintf(run, sizeof(run), "%lld", f->run);
	w = snprintf(buf, len, "from %s to %s course %s run %s",
	    from[0] ? from : "any", to[0] ? to : "any",
	    f != NULL && f->course != NULL && f->course[0] != '\0' ?
	    f->course : "any", run);
	if (w < 0 || (size_t)w >= len)
		return NULL;
	return buf;
}
