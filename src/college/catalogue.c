/*
 * catalogue.c: the list of upcoming courses and one course's page.
 *
 * Each page is a handful of prepared statements (college/stmts.h). The
 * list is one statement for the page's runs, with the total and each
 * run's bookings, sessions and facilitators counted in SQL, and one for
 * the topics. A course page reads the course, its runs, each run's
 * sessions and the facilitators. Variables are documented in
 * catalogue.h.
 */
#include <stdio.h>
#include <string.h>

#include "kit/arena.h"
#include "kit/db.h"
#include "kit/i18n.h"
#include "kit/view.h"
#include "college/college.h"
#include "college/catalogue.h"
#include "college/facilitator.h"
#include "college/stmts.h"
#include "college/when.h"

/* Columns of CATALOGUE_RUN_COLS (stmts.c), from an offset. */
enum run_col {
	RC_ID,
	RC_CAPACITY,
	RC_STATUS,
	RC_START,
	RC_END,
	RC_VENUE,
	RC_SESSIONS,
	RC_CONFIRMED,
	RC_WAITLISTED,
	RC_PEER,
	RC_CLINICAL,
	RC_OTHER,
	RC_ONLINE,
	RC__MAX
};

/* Columns of STMT_CATALOGUE_LIST before the run's. */
enum list_col {
	LC_TOTAL,	/* runs matching the filter, on every page */
	LC_COURSE_ID,
	LC_SLUG,
	LC_TITLE,
	LC_SUMMARY,
	LC_TOPIC,
	LC_TOPIC_SLUG,
	LC__MAX		/* the run's columns start here */
};

/* Columns of STMT_CATALOGUE_COURSE. */
enum course_col {
	CC_ID,
	CC_SLUG,
	CC_TITLE,
	CC_SUMMARY,
	CC_DESCRIPTION,
	CC_TOPIC,
	CC_TOPIC_SLUG,
	CC__MAX
};

/* Columns of STMT_CATALOGUE_RUN_SESSIONS. */
enum session_col {
	SC_ID,
	SC_START,
	SC_END,
	SC_STATUS,
	SC_VENUE,
	SC_ADDRESS,
	SC_ACCESS,
	SC_ONLINE,
	SC__MAX
};

/* The filter form's modes: value as in the query string, and label. */
static const struct {
	const char	*value;
	const char	*label;
	int		 online;
} modes[] = {
	{ "in-person",	N_("In person"),	0 },
	{ "online",	N_("Online"),	1 },
};

/* One facilitator role as a noun phrase: "a peer trainer", "peer
 * trainers", in the reader's language. */
static const char *
role_phrase(int n, const char *one, const char *many)
{
	return i18n_ntext(NULL, one, many, (unsigned long)n);
}

char *
catalogue_facilitators_text(char *buf, size_t len, int peer, int clinical,
    int other)
{
	static const char *const names[3] = { "a", "b", "c" };
	const char	*part[3];
	size_t		 n = 0;
	int		 w;

	if (peer > 0)
		part[n++] = role_phrase(peer, "a peer trainer",
		    "peer trainers");
	if (clinical > 0)
		part[n++] = role_phrase(clinical, "a clinical trainer",
		    "clinical trainers");
	if (other > 0)
		part[n++] = role_phrase(other, "a facilitator",
		    "other facilitators");
	switch (n) {
	case 0:
		w = i18n_fill(buf, len, _("Facilitators to be confirmed"),
		    names, part, 0);
		break;
	case 1:
		w = i18n_fill(buf, len, _("Delivered by {a}"), names, part, 1);
		break;
	case 2:
		w = i18n_fill(buf, len, _("Co-delivered by {a} and {b}"),
		    names, part, 2);
		break;
	default:
		w = i18n_fill(buf, len, _("Co-delivered by {a}, {b} and {c}"),
		    names, part, 3);
		break;
	}
	if (w < 0 || (size_t)w >= len)
		return NULL;
	return buf;
}

/*
 * Set the run variables (catalogue.h) in v from the CATALOGUE_RUN_COLS
 * of st starting at column off. Returns 0 or -1.
 */
static int
run_fill(struct view *v, struct db_stmt *st, int off, time_t now)
{
	char		 date[WHEN_BUF], sdate[WHEN_BUF], range[WHEN_BUF];
	char		 start[WHEN_BUF], end[WHEN_BUF], fac[128];
	char		 places[96], num[24], sess[64];
	static const char *const nname[1] = { "n" };
	const char	*nval[1] = { num };
	long long	 cap, conf, left;
	time_t		 t0, t1;
	int		 cancelled, bookable, online, rc = 0;

	cap = db_col_int(st, off + RC_CAPACITY);
	conf = db_col_int(st, off + RC_CONFIRMED);
	left = cap > conf ? cap - conf : 0;
	t0 = (time_t)db_col_int(st, off + RC_START);
	t1 = (time_t)db_col_int(st, off + RC_END);
	cancelled = strcmp(db_col_text(st, off + RC_STATUS), "cancelled") == 0;
	bookable = strcmp(db_col_text(st, off + RC_STATUS), "published") == 0 &&
	    t0 > now;
	online = (int)db_col_int(st, off + RC_ONLINE) != 0;

	if (when_date(date, sizeof(date), t0) == NULL ||
	    when_short_date(sdate, sizeof(sdate), t0) == NULL ||
	    when_range(range, sizeof(range), t0, t1) == NULL ||
	    when_iso(start, sizeof(start), t0) == NULL ||
	    when_iso(end, sizeof(end), t1) == NULL)
		return -1;
	if (catalogue_facilitators_text(fac, sizeof(fac),
	    (int)db_col_int(st, off + RC_PEER),
	    (int)db_col_int(st, off + RC_CLINICAL),
	    (int)db_col_int(st, off + RC_OTHER)) == NULL)
		return -1;
	snprintf(num, sizeof(num), "%lld", left);
	if (cancelled)
		snprintf(places, sizeof(places), "%s", _("Cancelled"));
	else if (!bookable)
		snprintf(places, sizeof(places), "%s", _("Booking closed"));
	else if (left == 0)
		snprintf(places, sizeof(places), "%s",
		    _("Full: join the waiting list"));
	else
		i18n_fill(places, sizeof(places), i18n_ntext(NULL,
		    "{n} place left", "{n} places left", (unsigned long)left),
		    nname, nval, 1);

	/* Each call is 0 or -1: one check at the end covers them all. */
	rc |= view_set_int(v, "id", db_col_int(st, off + RC_ID));
	rc |= view_set_int(v, "capacity", cap);
	rc |= view_set_int(v, "confirmed", conf);
	rc |= view_set_int(v, "waitlisted",
	    db_col_int(st, off + RC_WAITLISTED));
	rc |= view_set_int(v, "seats_left", left);
	rc |= view_set_bool(v, "full", left == 0);
	rc |= view_set(v, "places_text", places);
	rc |= view_set(v, "first_date", date);
	rc |= view_set(v, "short_date", sdate);
	rc |= view_set(v, "time_range", range);
	rc |= view_set(v, "start", start);
	rc |= view_set(v, "end", end);
	rc |= view_set_int(v, "sessions_count",
	    db_col_int(st, off + RC_SESSIONS));
	snprintf(num, sizeof(num), "%lld",
	    (long long)db_col_int(st, off + RC_SESSIONS));
	i18n_fill(sess, sizeof(sess), i18n_ntext(NULL, "{n} session",
	    "{n} sessions", (unsigned long)db_col_int(st, off + RC_SESSIONS)),
	    nname, nval, 1);
	rc |= view_set(v, "sessions_text", sess);
	rc |= view_set(v, "mode", online ? "online" : "in person");
	rc |= view_set_bool(v, "online", online);
	rc |= view_set(v, "venue", db_col_text(st, off + RC_VENUE));
	rc |= view_set(v, "facilitators_text", fac);
	rc |= view_set_bool(v, "bookable", bookable);
	rc |= view_set_bool(v, "cancelled", cancelled);
	return rc == 0 ? 0 : -1;
}

/*
 * Bind the filter to st (STMT_CATALOGUE_COUNT or _LIST): see
 * CATALOGUE_FILTER in stmts.c for the parameters. match is the FTS5
 * query (fts_query()) or NULL. Returns 0 or -1.
 */
static int
filter_bind(struct db_stmt *st, const struct catalogue_filter *f,
    const char *match, time_t now)
{
	size_t	 i;
	int	 rc = DB_OK, mode = -1;

	rc |= db_bind_int(st, 1, (long long)now);
	rc |= db_bind_int(st, 9,
	    (long long)now - CATALOGUE_SESSION_SPAN_MAX);
	if (match != NULL)
		rc |= db_bind_text(st, 2, match);
	if (f->topic != NULL && f->topic[0] != '\0')
		rc |= db_bind_text(st, 3, f->topic);
	if (f->mode != NULL && f->mode[0] != '\0') {
		for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
			if (strcmp(f->mode, modes[i].value) == 0)
				mode = modes[i].online;
		/* -1 for an unknown mode: equal to neither 0 nor 1. */
		rc |= db_bind_int(st, 4, mode);
	}
	if (f->from != 0)
		rc |= db_bind_int(st, 5, (long long)f->from);
	if (f->to != 0)
		rc |= db_bind_int(st, 6, (long long)f->to);
	/* DB_OK is 0; any error code makes rc non-zero. */
	return rc == DB_OK ? 0 : -1;
}

#define STEM_KEEP	4	/* letters a search word's prefix keeps at least */
#define STEM_DROP	3	/* letters it drops from a longer word's end */

/* Whether byte c belongs to a search word: an ASCII letter or digit, or
 * any byte of a non-ASCII character. */
static int
word_byte(char c)
{
	unsigned char	 u = (unsigned char)c;

	return u >= 0x80 || (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') ||
	    (u >= 'A' && u <= 'Z');
}

/*
 * The FTS5 query (course_fts, sql/011_search.sql) for the words of q,
 * in the arena: every word must match, each as itself or as a prefix
 * of its first letters. The prefix is there because the porter stemmer
 * keeps a noun and its adjective apart (anxiety -> anxieti, anxious ->
 * anxiou), and someone searching for "anxious" wants the anxiety
 * courses: "anxious" also matches "anxi"* (STEM_KEEP, STEM_DROP). A word is a run of ASCII
 * letters and digits and of non-ASCII bytes (the tokenizer splits
 * further); everything else separates words, so no FTS5 syntax from q
 * survives; a q with none ("%") matches nothing. NULL if q is empty, or
 * the arena is exhausted (*err set).
 */
static char *
fts_query(struct arena *a, const char *q, int *err)
{
	char		*p, *w;
	const char	*s, *e, *cut;
	size_t		 n, chars;

	*err = 0;
	if (q == NULL || q[0] == '\0')
		return NULL;
	n = strlen(q);
	/* Per word: ("w" OR "pre"*) AND  is at most 2w + 16 bytes, and
	 * there are at most (n + 1) / 2 words. */
	if ((p = w = arena_alloc(a, 10 * n + 16)) == NULL) {
		*err = 1;
		return NULL;
	}
	for (s = q; *s != '\0'; s = e) {
		while (*s != '\0' && !word_byte(*s))
			s++;
		for (e = s, chars = 0; word_byte(*e); e++)
			if (((unsigned char)*e & 0xc0) != 0x80)
				chars++;
		if (e == s)
			break;
		if (w != p)
			w = stpcpy(w, " AND ");
		/* The prefix: all but STEM_DROP letters, if STEM_KEEP are
		 * left; else the whole word. */
		cut = e;
		if (chars >= STEM_KEEP + STEM_DROP) {
			for (cut = s, chars -= STEM_DROP; chars > 0; chars--)
				do cut++;
				while (((unsigned char)*cut & 0xc0) == 0x80);
		}
		w = stpcpy(w, "(\"");
		memcpy(w, s, (size_t)(e - s));
		w += e - s;
		w = stpcpy(w, "\" OR \"");
		memcpy(w, s, (size_t)(cut - s));
		w += cut - s;
		w = stpcpy(w, "\"*)");
	}
	/* Only separators: the empty phrase, which matches nothing. */
	if (w == p)
		w = stpcpy(w, "\"\"");
	*w = '\0';
	return p;
}

int
catalogue_reindex(struct db *db)
{
	static const enum stmt	 steps[] = { STMT_CATALOGUE_REINDEX,
	    STMT_LANG_SEARCH_CLEAR, STMT_LANG_SEARCH_FILL };
	struct db_stmt		*st;
	size_t			 i;
	int			 rc;

	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		if ((st = db_stmt(db, steps[i])) == NULL)
			return -1;
		rc = db_step(st);
		db_reset(st);
		if (rc != DB_DONE && rc != DB_ROW)
			return -1;
	}
	return 0;
}

/* Whether the filter restricts anything. */
static int
filter_set(const struct catalogue_filter *f)
{
	return (f->q != NULL && f->q[0] != '\0') ||
	    (f->topic != NULL && f->topic[0] != '\0') ||
	    (f->mode != NULL && f->mode[0] != '\0') ||
	    f->from != 0 || f->to != 0;
}

/* The topics and modes loops of the filter form. 0 or -1. */
static int
form_fill(struct db *db, const struct catalogue_filter *f, struct view *v)
{
	struct db_stmt	*st;
	struct view	*row;
	size_t		 i;
	int		 rc = 0, step = DB_DONE;

	if ((st = db_stmt(db, STMT_CATALOGUE_TOPICS)) == NULL)
		return -1;
	rc |= view_loop(v, "topics");
	while (rc == 0 && (step = db_step(st)) == DB_ROW) {
		if ((row = view_row(v, "topics")) == NULL) {
			rc = -1;
			break;
		}
		rc |= view_set(row, "slug", db_col_text(st, 0));
		rc |= view_set(row, "name", db_col_text(st, 1));
		rc |= view_set_bool(row, "selected", f->topic != NULL &&
		    strcmp(f->topic, db_col_text(st, 0)) == 0);
	}
	if (rc == 0 && step != DB_DONE)
		rc = -1;
	db_reset(st);

	rc |= view_loop(v, "modes");
	for (i = 0; rc == 0 && i < sizeof(modes) / sizeof(modes[0]); i++) {
		if ((row = view_row(v, "modes")) == NULL)
			return -1;
		rc |= view_set(row, "value", modes[i].value);
		rc |= view_set(row, "label", _(modes[i].label));
		rc |= view_set_bool(row, "selected", f->mode != NULL &&
		    strcmp(f->mode, modes[i].value) == 0);
	}
	return rc == 0 ? 0 : -1;
}

/* The number of runs matching the filter, or -1. */
static long long
list_count(struct db *db, const struct catalogue_filter *f,
    const char *match, time_t now)
{
	struct db_stmt	*st;
	long long	 n = -1;

	if ((st = db_stmt(db, STMT_CATALOGUE_COUNT)) == NULL)
		return -1;
	if (filter_bind(st, f, match, now) == 0 &&
	    db_step(st) == DB_ROW)
		n = db_col_int(st, 0);
	db_reset(st);
	return n;
}

/*
 * The runs of page (from 1), grouped into the courses loop: a course's
 * row is made when its first run on the page is met, so courses come in
 * the order of their earliest run here. *total gets the number of runs
 * matching the filter, or 0 if the page has no rows (it may be past the
 * end). 0 or -1.
 */
static int
list_page(struct db *db, const struct catalogue_filter *f, const char *match,
    time_t now, long long page, struct view *v, long long *total)
{
	struct {
		long long	 id;
		struct view	*scope;
	}		 seen[CATALOGUE_PAGE_SIZE];
	struct db_stmt	*st;
	struct view	*course, *run;
	long long	 id;
	size_t		 nseen = 0, i;
	int		 rc = 0, step = DB_DONE;

	if ((st = db_stmt(db, STMT_CATALOGUE_LIST)) == NULL)
		return -1;
	*total = 0;
	if (filter_bind(st, f, match, now) == -1 ||
	    db_bind_int(st, 7, CATALOGUE_PAGE_SIZE) != DB_OK ||
	    db_bind_int(st, 8, (page - 1) * CATALOGUE_PAGE_SIZE) !=
	    DB_OK) {
		db_reset(st);
		return -1;
	}
	while (rc == 0 && (step = db_step(st)) == DB_ROW) {
		*total = db_col_int(st, LC_TOTAL);
		id = db_col_int(st, LC_COURSE_ID);
		for (course = NULL, i = 0; i < nseen; i++)
			if (seen[i].id == id)
				course = seen[i].scope;
		if (course == NULL) {
			/* LIMIT bounds the rows, so nseen cannot pass it. */
			if (nseen >= CATALOGUE_PAGE_SIZE ||
			    (course = view_row(v, "courses")) == NULL) {
				rc = -1;
				break;
			}
			seen[nseen].id = id;
			seen[nseen++].scope = course;
			rc |= view_set(course, "slug", db_col_text(st, LC_SLUG));
			rc |= view_set(course, "title", db_col_text(st, LC_TITLE));
			rc |= view_set(course, "summary",
			    db_col_text(st, LC_SUMMARY));
			rc |= view_set(course, "topic", db_col_text(st, LC_TOPIC));
			rc |= view_set(course, "topic_slug",
			    db_col_text(st, LC_TOPIC_SLUG));
		}
		if (rc != 0 || (run = view_row(course, "runs")) == NULL ||
		    run_fill(run, st, LC__MAX, now) == -1)
			rc = -1;
	}
	if (rc == 0 && step != DB_DONE)
		rc = -1;
	db_reset(st);
	return rc;
}

int
catalogue_list(struct db *db, const struct catalogue_filter *filter,
    time_t now, struct view *v)
{
	static const struct catalogue_filter	 none;
	const struct catalogue_filter		*f;
	const char				*match;
	long long				 total, pages, page;
	int					 err, rc = 0;

	if (db == NULL || v == NULL)
		return -1;
	f = filter != NULL ? filter : &none;
	if (f->q != NULL && strlen(f->q) > CATALOGUE_Q_MAX)
		return -1;
	match = fts_query(view_arena(v), f->q, &err);
	if (err)
		return -1;

	/* One statement gives the page and the total; only a page past
	 * the end needs the count, to be clamped and asked again. */
	page = f->page < 1 ? 1 : f->page;
	if (view_loop(v, "courses") == -1 ||
	    list_page(db, f, match, now, page, v, &total) == -1)
		return -1;
	if (total == 0 && page > 1) {
		if ((total = list_count(db, f, match, now)) < 0)
			return -1;
		page = (total + CATALOGUE_PAGE_SIZE - 1) / CATALOGUE_PAGE_SIZE;
		if (page < 1)
			page = 1;
		if (total > 0 &&
		    list_page(db, f, match, now, page, v, &total) == -1)
			return -1;
	}
	pages = total == 0 ? 1 :
	    (total + CATALOGUE_PAGE_SIZE - 1) / CATALOGUE_PAGE_SIZE;

	rc |= view_set_int(v, "total_runs", total);
	rc |= view_setf(v, "total_text", "%lld course %s", total,
	    total == 1 ? "date" : "dates");
	rc |= view_set_bool(v, "paged", pages > 1);
	rc |= view_set_int(v, "page", page);
	rc |= view_set_int(v, "pages", pages);
	rc |= view_set_bool(v, "has_prev", page > 1);
	rc |= view_set_bool(v, "has_next", page < pages);
	rc |= view_set_int(v, "prev_page", page - 1);
	rc |= view_set_int(v, "next_page", page + 1);
	rc |= view_set_bool(v, "empty", total == 0);
	rc |= view_set_bool(v, "filtered", filter_set(f));
	if (rc != 0)
		return -1;
	return form_fill(db, f, v);
}

/* The sessions loop of run id into v. 0 or -1. */
static int
sessions_fill(struct db *db, long long id, int run_cancelled, time_t now,
    struct view *v)
{
	char		 date[WHEN_BUF], sdate[WHEN_BUF], range[WHEN_BUF];
	char		 start[WHEN_BUF], end[WHEN_BUF];
	struct db_stmt	*st;
	struct view	*row;
	time_t		 t0, t1;
	int		 rc = 0, step = DB_DONE;

	if ((st = db_stmt(db, STMT_CATALOGUE_RUN_SESSIONS)) == NULL)
		return -1;
	if (db_bind_int(st, 1, id) != DB_OK) {
		db_reset(st);
		return -1;
	}
	rc |= view_loop(v, "sessions");
	while (rc == 0 && (step = db_step(st)) == DB_ROW) {
		t0 = (time_t)db_col_int(st, SC_START);
		t1 = (time_t)db_col_int(st, SC_END);
		if ((row = view_row(v, "sessions")) == NULL ||
		    when_date(date, sizeof(date), t0) == NULL ||
		    when_short_date(sdate, sizeof(sdate), t0) == NULL ||
		    when_range(range, sizeof(range), t0, t1) == NULL ||
		    when_iso(start, sizeof(start), t0) == NULL ||
		    when_iso(end, sizeof(end), t1) == NULL) {
			rc = -1;
			break;
		}
		rc |= view_set_int(row, "id", db_col_int(st, SC_ID));
		rc |= view_set(row, "start", start);
		rc |= view_set(row, "end", end);
		rc |= view_set(row, "date", date);
		rc |= view_set(row, "short_date", sdate);
		rc |= view_set(row, "time_range", range);
		rc |= view_set(row, "venue", db_col_text(st, SC_VENUE));
		rc |= view_set(row, "address", db_col_text(st, SC_ADDRESS));
		rc |= view_set(row, "access", db_col_text(st, SC_ACCESS));
		rc |= view_set_bool(row, "online",
		    (int)db_col_int(st, SC_ONLINE) != 0);
		rc |= view_set_bool(row, "past", t1 <= now);
		rc |= view_set_bool(row, "cancelled", run_cancelled ||
		    strcmp(db_col_text(st, SC_STATUS), "cancelled") == 0);
	}
	if (rc == 0 && step != DB_DONE)
		rc = -1;
	db_reset(st);
	return rc;
}

/*
 * The runs loop of course id, each with its sessions. The runs are
 * copied into the view before their sessions are read, since both use
 * the connection's statements. 0 or -1.
 */
static int
runs_fill(struct db *db, long long course, time_t now, struct view *v)
{
	struct {
		long long	 id;
		int		 cancelled;
		struct view	*scope;
	}		 runs[CATALOGUE_COURSE_RUNS_MAX];
	struct db_stmt	*st;
	size_t		 n = 0, i;
	int		 rc = 0, step = DB_DONE;

	if ((st = db_stmt(db, STMT_CATALOGUE_COURSE_RUNS)) == NULL)
		return -1;
	if (db_bind_int(st, 1, course) != DB_OK ||
	    db_bind_int(st, 2, (long long)now) != DB_OK ||
	    db_bind_int(st, 3, CATALOGUE_COURSE_RUNS_MAX) != DB_OK) {
		db_reset(st);
		return -1;
	}
	rc |= view_loop(v, "runs");
	while (rc == 0 && (step = db_step(st)) == DB_ROW) {
		if (n >= CATALOGUE_COURSE_RUNS_MAX ||
		    (runs[n].scope = view_row(v, "runs")) == NULL ||
		    run_fill(runs[n].scope, st, 0, now) == -1) {
			rc = -1;
			break;
		}
		runs[n].id = db_col_int(st, RC_ID);
		runs[n].cancelled = strcmp(db_col_text(st, RC_STATUS),
		    "cancelled") == 0;
		n++;
	}
	if (rc == 0 && step != DB_DONE)
		rc = -1;
	db_reset(st);
	for (i = 0; rc == 0 && i < n; i++)
		rc = sessions_fill(db, runs[i].id, runs[i].cancelled, now,
		    runs[i].scope);
	if (rc == 0)
		rc = view_set_bool(v, "has_runs", n > 0);
	return rc;
}

/* The facilitators loop of course id. 0 or -1. */
static int
facilitators_fill(struct db *db, long long course, time_t now,
    struct view *v)
{
	struct db_stmt	*st;
	struct view	*row;
	const char	*role, *text;
	int		 rc = 0, step = DB_DONE;

	if ((st = db_stmt(db, STMT_CATALOGUE_FACILITATORS)) == NULL)
		return -1;
	if (db_bind_int(st, 1, course) != DB_OK ||
	    db_bind_int(st, 2, (long long)now) != DB_OK) {
		db_reset(st);
		return -1;
	}
	rc |= view_loop(v, "facilitators");
	while (rc == 0 && (step = db_step(st)) == DB_ROW) {
		role = db_col_text(st, 1);
		text = facilitator_role_text(role);
		if ((row = view_row(v, "facilitators")) == NULL) {
			rc = -1;
			break;
		}
		rc |= view_set(row, "name", db_col_text(st, 0));
		rc |= view_set(row, "role_text", text);
	}
	if (rc == 0 && step != DB_DONE)
		rc = -1;
	db_reset(st);
	return rc;
}

int
catalogue_course(struct db *db, const char *slug, time_t now,
    struct view *v)
{
	struct db_stmt	*st;
	long long	 id;
	int		 rc = 0, step = DB_DONE;

	if (db == NULL || v == NULL)
		return -1;
	if (slug == NULL || slug[0] == '\0' ||
	    strlen(slug) > CATALOGUE_SLUG_MAX)
		return 1;
	if ((st = db_stmt(db, STMT_CATALOGUE_COURSE)) == NULL)
		return -1;
	if (db_bind_text(st, 1, slug) != DB_OK) {
		db_reset(st);
		return -1;
	}
	if ((step = db_step(st)) != DB_ROW) {
		db_reset(st);
		return step == DB_DONE ? 1 : -1;
	}
	id = db_col_int(st, CC_ID);
	rc |= view_set(v, "slug", db_col_text(st, CC_SLUG));
	rc |= view_set(v, "title", db_col_text(st, CC_TITLE));
	rc |= view_set(v, "summary", db_col_text(st, CC_SUMMARY));
	rc |= view_set(v, "description", db_col_text(st, CC_DESCRIPTION));
	rc |= view_set(v, "topic", db_col_text(st, CC_TOPIC));
	rc |= view_set(v, "topic_slug", db_col_text(st, CC_TOPIC_SLUG));
	db_reset(st);
	if (rc != 0 || facilitators_fill(db, id, now, v) == -1 ||
	    runs_fill(db, id, now, v) == -1)
		return -1;
	return 0;
}
