/*
 * test_catalogue.c: the course list and course page against an
 * in-memory database with the real migrations and small fixtures, and
 * the demo college (sql/demo.sql) applied twice.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "kit/arena.h"
#include "kit/db.h"
#include "kit/view.h"
#include "college/catalogue.h"
#include "college/sqlfiles.h"
#include "college/stmts.h"
#include "college/when.h"

#define HOUR	3600
#define DAY	(24 * HOUR)

/* Fixtures are seen from 12:00 UTC on Friday 20 March 2026 (GMT). */
static time_t	now;

struct fx {
	struct db	*db;
	struct arena	*arena;
	struct view	*v;
	int		 serial;	/* makes learner emails and tokens unique */
};

static time_t
utc(int y, int mo, int d, int h, int mi)
{
	struct tm	 tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	return timegm(&tm);
}

static int
setup(void **state)
{
	struct fx	*fx;
	char		 err[256];

	if ((fx = calloc(1, sizeof(*fx))) == NULL)
		return -1;
	fx->db = db_open(":memory:", 1, college_stmts, STMT__MAX, err,
	    sizeof(err));
	if (fx->db == NULL || db_migrate(fx->db, college_migrations,
	    college_nmigrations, err, sizeof(err)) == -1) {
		fprintf(stderr, "setup: %s\n", err);
		return -1;
	}
	if ((fx->arena = arena_new()) == NULL ||
	    (fx->v = view_new(fx->arena)) == NULL ||
	    when_set_zone("Europe/London") == -1)
		return -1;
	now = utc(2026, 3, 20, 12, 0);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx	*fx = *state;

	db_close(fx->db);
	arena_free(fx->arena);
	free(fx);
	return 0;
}

/* A fresh, empty view (the old one goes with the arena). */
static struct view *
fresh(struct fx *fx)
{
	arena_reset(fx->arena);
	fx->v = view_new(fx->arena);
	assert_non_null(fx->v);
	return fx->v;
}

/* Run SQL made with sqlite3_mprintf() formats (%Q quotes strings). */
static long long
sql(struct fx *fx, const char *fmt, ...)
{
	va_list		 ap;
	char		*q, *err = NULL;
	sqlite3		*h = db_handle(fx->db);

	va_start(ap, fmt);
	q = sqlite3_vmprintf(fmt, ap);
	va_end(ap);
	assert_non_null(q);
	if (sqlite3_exec(h, q, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", q, err);
	sqlite3_free(q);
	return sqlite3_last_insert_rowid(h);
}

static long long
query_int(struct fx *fx, const char *q)
{
	sqlite3_stmt	*st;
	long long	 v;

	assert_int_equal(sqlite3_prepare_v2(db_handle(fx->db), q, -1, &st,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static long long
topic(struct fx *fx, const char *slug, const char *name)
{
	return sql(fx, "INSERT INTO topic(slug, name) VALUES (%Q, %Q)", slug,
	    name);
}

static long long
venue(struct fx *fx, const char *name, int online)
{
	return sql(fx, "INSERT INTO venue(name, address, access, online) "
	    "VALUES (%Q, 'Address of %q', 'Step-free', %d)", name, name,
	    online);
}

static long long
course(struct fx *fx, const char *slug, const char *title,
    const char *summary, long long topic_id, const char *status)
{
	return sql(fx, "INSERT INTO course(slug, title, summary, description,"
	    " topic_id, status) VALUES (%Q, %Q, %Q, 'About it.', %lld, %Q)",
	    slug, title, summary, topic_id, status);
}

static long long
run(struct fx *fx, long long course_id, int capacity, const char *status)
{
	return sql(fx, "INSERT INTO run(course_id, capacity, status) "
	    "VALUES (%lld, %d, %Q)", course_id, capacity, status);
}

static long long
session(struct fx *fx, long long run_id, time_t start, int minutes,
    long long venue_id, const char *status)
{
	return sql(fx, "INSERT INTO session(run_id, starts_at, ends_at, "
	    "venue_id, status) VALUES (%lld, %lld, %lld, %lld, %Q)", run_id,
	    (long long)start, (long long)start + minutes * 60, venue_id,
	    status);
}

/* n bookings of run with status, each by a new learner. */
static void
book(struct fx *fx, long long run_id, const char *status, int n)
{
	long long	 learner;

	while (n-- > 0) {
		fx->serial++;
		learner = sql(fx, "INSERT INTO learner(email, name, "
		    "created_at) VALUES ('l%d@example.org', 'L %d', 0)",
		    fx->serial, fx->serial);
		sql(fx, "INSERT INTO booking(run_id, learner_id, status, token,"
		    " code, created_at, updated_at) VALUES (%lld, %lld, %Q, "
		    "printf('TOKEN%%021d', %d), printf('C%%05d', %d), 0, 0)",
		    run_id, learner, status, fx->serial, fx->serial);
	}
}

static long long
user(struct fx *fx, const char *email, const char *name)
{
	return sql(fx, "INSERT INTO user(email, name, role, pwhash, "
	    "created_at) VALUES (%Q, %Q, 'educator', 'x', 0)", email, name);
}

static void
facilitate(struct fx *fx, long long run_id, long long user_id,
    const char *role)
{
	sql(fx, "INSERT INTO facilitator(run_id, user_id, role) "
	    "VALUES (%lld, %lld, %Q)", run_id, user_id, role);
}

/* Value lookups that fail the test on a wrong type. */
static const struct vval *
val(const struct view *v, const char *name, enum vtype type)
{
	const struct vval	*x = view_lookup(v, name);

	if (x == NULL)
		fail_msg("no variable %s", name);
	if (x->type != type)
		fail_msg("%s has type %d, want %d", name, x->type, type);
	return x;
}

static const char *
str(const struct view *v, const char *name)
{
	return val(v, name, VT_STR)->s;
}

static long long
num(const struct view *v, const char *name)
{
	return val(v, name, VT_INT)->i;
}

static int
flag(const struct view *v, const char *name)
{
	return (int)val(v, name, VT_BOOL)->i;
}

static unsigned
rows(const struct view *v, const char *name)
{
	return val(v, name, VT_LOOP)->nrows;
}

/* Row i of loop name. */
static const struct view *
row(const struct view *v, const char *name, unsigned i)
{
	const struct vrow	*r = val(v, name, VT_LOOP)->rows;

	while (r != NULL && i-- > 0)
		r = r->next;
	if (r == NULL)
		fail_msg("%s has no row %u", name, i);
	return r->scope;
}

/* The run with this id anywhere in the list's courses, or NULL. */
static const struct view *
list_run(const struct view *v, long long id)
{
	const struct vrow	*c, *r;

	for (c = val(v, "courses", VT_LOOP)->rows; c != NULL; c = c->next)
		for (r = val(c->scope, "runs", VT_LOOP)->rows; r != NULL;
		    r = r->next)
			if (view_lookup(r->scope, "id")->i == id)
				return r->scope;
	return NULL;
}

/* Run ids of the list page in order, as "id,id,...". */
static const char *
list_ids(const struct view *v, char *buf, size_t len)
{
	const struct vrow	*c, *r;
	size_t			 n = 0;

	buf[0] = '\0';
	for (c = val(v, "courses", VT_LOOP)->rows; c != NULL; c = c->next)
		for (r = val(c->scope, "runs", VT_LOOP)->rows; r != NULL;
		    r = r->next)
			n += (size_t)snprintf(buf + n, len - n, "%s%lld",
			    n ? "," : "", view_lookup(r->scope, "id")->i);
	assert_true(n < len);
	return buf;
}

static int
list(struct fx *fx, const struct catalogue_filter *f)
{
	return catalogue_list(fx->db, f, now, fresh(fx));
}

/* A small college: topic, in-person and online venues. */
struct small {
	long long	 topic, other_topic, room, online;
};

static struct small
small(struct fx *fx)
{
	struct small	 s;

	s.topic = topic(fx, "wellbeing", "Wellbeing");
	s.other_topic = topic(fx, "understanding", "Understanding");
	s.room = venue(fx, "Room 2", 0);
	s.online = venue(fx, "Online", 1);
	return s;
}

/* A published course with one published run of one session. */
static long long
workshop(struct fx *fx, const struct small *s, const char *slug,
    time_t start, int capacity)
{
	long long	 c, r;

	c = course(fx, slug, slug, "A summary.", s->topic, "published");
	r = run(fx, c, capacity, "published");
	session(fx, r, start, 120, s->room, "scheduled");
	return r;
}

static void
test_catalogue_list_empty(void **state)
{
	struct fx		*fx = *state;
	struct catalogue_filter	 f;

	assert_int_equal(list(fx, NULL), 0);
	assert_int_equal(rows(fx->v, "courses"), 0);
	assert_int_equal(num(fx->v, "total_runs"), 0);
	assert_int_equal(num(fx->v, "page"), 1);
	assert_int_equal(num(fx->v, "pages"), 1);
	assert_true(flag(fx->v, "empty"));
	assert_false(flag(fx->v, "filtered"));
	assert_false(flag(fx->v, "has_prev"));
	assert_false(flag(fx->v, "has_next"));
	assert_int_equal(rows(fx->v, "topics"), 0);
	assert_int_equal(rows(fx->v, "modes"), 2);

	/* A page past the end of nothing is page 1 of 1. */
	memset(&f, 0, sizeof(f));
	f.page = 5;
	f.q = "anything";
	assert_int_equal(list(fx, &f), 0);
	assert_int_equal(num(fx->v, "page"), 1);
	assert_int_equal(num(fx->v, "pages"), 1);
	assert_true(flag(fx->v, "empty"));
	assert_true(flag(fx->v, "filtered"));
	assert_false(flag(fx->v, "has_next"));
}

static void
test_catalogue_list_availability(void **state)
{
	struct fx		*fx = *state;
	struct small		 s = small(fx);
	const struct view	*r;
	long long		 a, b, c, d;

	a = workshop(fx, &s, "a", now + 1 * DAY, 5);
	book(fx, a, "confirmed", 2);
	book(fx, a, "waitlisted", 1);
	book(fx, a, "cancelled", 4);
	b = workshop(fx, &s, "b", now + 2 * DAY, 3);
	book(fx, b, "confirmed", 2);
	book(fx, b, "cancelled", 1);
	c = workshop(fx, &s, "c", now + 3 * DAY, 4);
	book(fx, c, "confirmed", 4);
	book(fx, c, "waitlisted", 2);
	d = workshop(fx, &s, "d", now + 4 * DAY, 2);	/* overbooked by hand */
	book(fx, d, "confirmed", 3);

	assert_int_equal(list(fx, NULL), 0);
	assert_int_equal(num(fx->v, "total_runs"), 4);
	assert_false(flag(fx->v, "empty"));

	r = list_run(fx->v, a);
	assert_non_null(r);
	assert_int_equal(num(r, "capacity"), 5);
	assert_int_equal(num(r, "confirmed"), 2);
	assert_int_equal(num(r, "waitlisted"), 1);
	assert_int_equal(num(r, "seats_left"), 3);
	assert_false(flag(r, "full"));
	assert_string_equal(str(r, "places_text"), "3 places left");
	assert_true(flag(r, "bookable"));
	assert_false(flag(r, "cancelled"));

	r = list_run(fx->v, b);
	assert_int_equal(num(r, "seats_left"), 1);
	assert_string_equal(str(r, "places_text"), "1 place left");

	r = list_run(fx->v, c);
	assert_int_equal(num(r, "seats_left"), 0);
	assert_int_equal(num(r, "waitlisted"), 2);
	assert_true(flag(r, "full"));
	assert_string_equal(str(r, "places_text"),
	    "Full: join the waiting list");
	assert_true(flag(r, "bookable"));

	r = list_run(fx->v, d);
	assert_int_equal(num(r, "confirmed"), 3);
	assert_int_equal(num(r, "seats_left"), 0);	/* never negative */
	assert_true(flag(r, "full"));
}

static void
test_catalogue_list_run_variables(void **state)
{
	struct fx		*fx = *state;
	struct small		 s = small(fx);
	const struct view	*r, *c;
	long long		 cid, rid, sam, alex;

	cid = course(fx, "sleep", "Sleep and wellbeing", "Sleeping better.",
	    s.topic, "published");
	rid = run(fx, cid, 12, "published");
	/* Thursday 26 March 2026, 10:00 to 12:30 GMT, then weekly. */
	session(fx, rid, utc(2026, 3, 26, 10, 0), 150, s.room, "scheduled");
	session(fx, rid, utc(2026, 4, 2, 9, 0), 150, s.online, "scheduled");
	session(fx, rid, utc(2026, 4, 9, 9, 0), 150, s.room, "cancelled");
	sam = user(fx, "sam@example.org", "Sam");
	alex = user(fx, "alex@example.org", "Alex");
	facilitate(fx, rid, sam, "peer");
	facilitate(fx, rid, alex, "clinical");

	assert_int_equal(list(fx, NULL), 0);
	assert_int_equal(rows(fx->v, "courses"), 1);
	c = row(fx->v, "courses", 0);
	assert_string_equal(str(c, "slug"), "sleep");
	assert_string_equal(str(c, "title"), "Sleep and wellbeing");
	assert_string_equal(str(c, "summary"), "Sleeping better.");
	assert_string_equal(str(c, "topic"), "Wellbeing");
	assert_string_equal(str(c, "topic_slug"), "wellbeing");
	assert_int_equal(rows(c, "runs"), 1);
	r = row(c, "runs", 0);
	assert_int_equal(num(r, "id"), rid);
	assert_string_equal(str(r, "first_date"), "Thursday 26 March 2026");
	assert_string_equal(str(r, "short_date"), "Thu 26 Mar");
	assert_string_equal(str(r, "time_range"), "10:00 to 12:30");
	assert_string_equal(str(r, "start"), "2026-03-26T10:00:00+00:00");
	assert_string_equal(str(r, "end"), "2026-03-26T12:30:00+00:00");
	assert_int_equal(num(r, "sessions_count"), 2);	/* not the cancelled */
	assert_string_equal(str(r, "mode"), "in person");	/* mixed */
	assert_false(flag(r, "online"));
	assert_string_equal(str(r, "venue"), "Room 2");
	assert_string_equal(str(r, "facilitators_text"),
	    "Co-delivered by a peer trainer and a clinical trainer");
	/* Topics for the form, with the selected one marked. */
	assert_int_equal(rows(fx->v, "topics"), 1);
	assert_string_equal(str(row(fx->v, "topics", 0), "slug"), "wellbeing");
	assert_false(flag(row(fx->v, "topics", 0), "selected"));
}

/* A session at 09:00 UTC shows 09:00 before the clocks go forward on
 * 29 March 2026 and 10:00 after; and back again after 25 October. */
static void
test_catalogue_list_dst(void **state)
{
	struct fx		*fx = *state;
	struct small		 s = small(fx);
	const struct view	*r;
	long long		 before, after, autumn;

	before = workshop(fx, &s, "before", utc(2026, 3, 28, 9, 0), 10);
	after = workshop(fx, &s, "after", utc(2026, 3, 30, 9, 0), 10);
	autumn = workshop(fx, &s, "autumn", utc(2026, 10, 26, 9, 0), 10);

	assert_int_equal(list(fx, NULL), 0);
	r = list_run(fx->v, before);
	assert_string_equal(str(r, "time_range"), "09:00 to 11:00");
	assert_string_equal(str(r, "start"), "2026-03-28T09:00:00+00:00");
	assert_string_equal(str(r, "first_date"), "Saturday 28 March 2026");
	r = list_run(fx->v, after);
	assert_string_equal(str(r, "time_range"), "10:00 to 12:00");
	assert_string_equal(str(r, "start"), "2026-03-30T10:00:00+01:00");
	assert_string_equal(str(r, "first_date"), "Monday 30 March 2026");
	r = list_run(fx->v, autumn);
	assert_string_equal(str(r, "time_range"), "09:00 to 11:00");
	assert_string_equal(str(r, "start"), "2026-10-26T09:00:00+00:00");
}

static void
test_catalogue_list_order_and_grouping(void **state)
{
	struct fx		*fx = *state;
	struct small		 s = small(fx);
	const struct view	*c;
	char			 buf[128], want[128];
	long long		 anx, slp, a1, a2, s1;

	anx = course(fx, "anxiety", "Anxiety", "", s.topic, "published");
	slp = course(fx, "sleep", "Sleep", "", s.topic, "published");
	/* Inserted out of order. */
	a2 = run(fx, anx, 10, "published");
	session(fx, a2, now + 5 * DAY, 60, s.room, "scheduled");
	s1 = run(fx, slp, 10, "published");
	session(fx, s1, now + 3 * DAY, 60, s.room, "scheduled");
	a1 = run(fx, anx, 10, "published");
	session(fx, a1, now + 1 * DAY, 60, s.room, "scheduled");
	/* A later session does not move a run: the first one decides. */
	session(fx, a1, now + 9 * DAY, 60, s.room, "scheduled");

	assert_int_equal(list(fx, NULL), 0);
	assert_int_equal(num(fx->v, "total_runs"), 3);
	/* Two courses: anxiety (first run soonest) with both its runs. */
	assert_int_equal(rows(fx->v, "courses"), 2);
	c = row(fx->v, "courses", 0);
	assert_string_equal(str(c, "slug"), "anxiety");
	assert_int_equal(rows(c, "runs"), 2);
	assert_int_equal(num(row(c, "runs", 0), "id"), a1);
	assert_int_equal(num(row(c, "runs", 1), "id"), a2);
	c = row(fx->v, "courses", 1);
	assert_string_equal(str(c, "slug"), "sleep");
	assert_int_equal(num(row(c, "runs", 0), "id"), s1);
	snprintf(want, sizeof(want), "%lld,%lld,%lld", a1, a2, s1);
	assert_string_equal(list_ids(fx->v, buf, sizeof(buf)), want);
}

static void
test_catalogue_list_hides_draft_past_cancelled(void **state)
{
	struct fx		*fx = *state;
	struct small		 s = small(fx);
	char			 buf[128], want[128];
	long long		 pub, draft, ok, r, started, ongoing;

	pub = course(fx, "pub", "Published", "", s.topic, "published");
	draft = course(fx, "draft", "Draft", "", s.topic, "draft");
	ok = run(fx, pub, 10, "published");
	session(fx, ok, now + DAY, 60, s.room, "scheduled");
	/* A published run of a draft course. */
	r = run(fx, draft, 10, "published");
	session(fx, r, now + DAY, 60, s.room, "scheduled");
	/* A draft run and a cancelled run of a published course. */
	r = run(fx, pub, 10, "draft");
	session(fx, r, now + DAY, 60, s.room, "scheduled");
	r = run(fx, pub, 10, "cancelled");
	session(fx, r, now + DAY, 60, s.room, "scheduled");
	/* Past: ended a minute ago; and one whose only future session is
	 * cancelled. */
	r = run(fx, pub, 10, "published");
	session(fx, r, now - 61 * 60, 60, s.room, "scheduled");
	r = run(fx, pub, 10, "published");
	session(fx, r, now - 7 * DAY, 60, s.room, "scheduled");
	session(fx, r, now + 7 * DAY, 60, s.room, "cancelled");
	/* In progress now: shown, not bookable. */
	started = run(fx, pub, 10, "published");
	session(fx, started, now - 30 * 60, 120, s.room, "scheduled");
	/* Began two weeks ago, continues: shown from its first date. */
	ongoing = run(fx, pub, 10, "published");
	session(fx, ongoing, now - 14 * DAY, 60, s.room, "scheduled");
	session(fx, ongoing, now + 14 * DAY, 60, s.room, "scheduled");

	assert_int_equal(list(fx, NULL), 0);
	snprintf(want, sizeof(want), "%lld,%lld,%lld", ongoing, started, ok);
	assert_string_equal(list_ids(fx->v, buf, sizeof(buf)), want);
	assert_int_equal(num(fx->v, "total_runs"), 3);
	assert_false(flag(list_run(fx->v, started), "bookable"));
	assert_string_equal(str(list_run(fx->v, started), "places_text"),
	    "Booking closed");
	assert_false(flag(list_run(fx->v, ongoing), "bookable"));
	assert_string_equal(str(list_run(fx->v, ongoing), "first_date"),
	    "Friday 6 March 2026");
	assert_true(flag(list_run(fx->v, ok), "bookable"));
	/* The topic list leaves out topics with only draft courses. */
	assert_int_equal(rows(fx->v, "topics"), 1);
}

static void
test_catalogue_list_filter_q(void **state)
{
	static const struct {
		const char	*q;
		const char	*want;	/* course slugs in order */
	} cases[] = {
		{ "anxiety", "anxiety" },
		{ "ANXIETY", "anxiety" },
		{ "worry", "anxiety" },		/* in the summary */
		{ "sleep", "sleep" },
		{ "e", "anxiety,sleep,pct,under" },
		{ "100%", "pct" },		/* % is literal */
		{ "%", "pct" },
		{ "_", "under" },		/* _ is literal */
		{ "a_x", "" },
		{ "\\", "slash" },
		{ "nothing like it", "" },
		{ "", "anxiety,sleep,pct,under,slash" },
	};
	struct fx		*fx = *state;
	struct small		 s = small(fx);
	struct catalogue_filter	 f;
	const struct vrow	*c;
	char			 got[128], q[CATALOGUE_Q_MAX + 2];
	size_t			 i, n;

	workshop(fx, &s, "anxiety", now + 1 * DAY, 10);
	sql(fx, "UPDATE course SET title = 'Understanding Anxiety', "
	    "summary = 'When worry takes over.' WHERE slug = 'anxiety'");
	workshop(fx, &s, "sleep", now + 2 * DAY, 10);
	sql(fx, "UPDATE course SET title = 'Sleep' WHERE slug = 'sleep'");
	workshop(fx, &s, "pct", now + 3 * DAY, 10);
	sql(fx, "UPDATE course SET title = 'Give 100%% and rest' "
	    "WHERE slug = 'pct'");
	workshop(fx, &s, "under", now + 4 * DAY, 10);
	sql(fx, "UPDATE course SET title = 'snake_case' WHERE slug = 'under'");
	workshop(fx, &s, "slash", now + 5 * DAY, 10);
	sql(fx, "UPDATE course SET title = 'and\\or' WHERE slug = 'slash'");
	sql(fx, "UPDATE course SET summary = '' WHERE slug <> 'anxiety'");

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&f, 0, sizeof(f));
		f.q = cases[i].q;
		assert_int_equal(list(fx, &f), 0);
		got[0] = '\0';
		n = 0;
		for (c = val(fx->v, "courses", VT_LOOP)->rows; c != NULL;
		    c = c->next)
			n += (size_t)snprintf(got + n, sizeof(got) - n, "%s%s",
			    n ? "," : "", str(c->scope, "slug"));
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("q \"%s\": %s, want %s", cases[i].q, got,
			    cases[i].want);
		assert_int_equal(flag(fx->v, "filtered"), cases[i].q[0] != '\0');
		assert_int_equal(flag(fx->v, "empty"), cases[i].want[0] == '\0');
	}

	/* Too long a search is refused. */
	memset(q, 'a', sizeof(q) - 1);
	q[sizeof(q) - 1] = '\0';
	f.q = q;
	assert_int_equal(list(fx, &f), -1);
	q[CATALOGUE_Q_MAX] = '\0';
	assert_int_equal(list(fx, &f), 0);
}

static void
test_catalogue_list_filter_topic_mode_dates(void **state)
{
	struct fx		*fx = *state;
	struct small		 s = small(fx);
	struct catalogue_filter	 f;
	char			 buf[128], want[128];
	long long		 c1, c2, room, web, mixed;

	c1 = course(fx, "one", "One", "", s.topic, "published");
	c2 = course(fx, "two", "Two", "", s.other_topic, "published");
	room = run(fx, c1, 10, "published");
	session(fx, room, utc(2026, 3, 23, 10, 0), 60, s.room, "scheduled");
	web = run(fx, c2, 10, "published");
	session(fx, web, utc(2026, 3, 24, 10, 0), 60, s.online, "scheduled");
	session(fx, web, utc(2026, 3, 31, 9, 0), 60, s.online, "scheduled");
	/* Online but for one in-person session: in person. */
	mixed = run(fx, c2, 10, "published");
	session(fx, mixed, utc(2026, 3, 25, 10, 0), 60, s.online,
	    "scheduled");
	session(fx, mixed, utc(2026, 4, 1, 9, 0), 60, s.room, "scheduled");

	memset(&f, 0, sizeof(f));
	f.topic = "understanding";
	assert_int_equal(list(fx, &f), 0);
	snprintf(want, sizeof(want), "%lld,%lld", web, mixed);
	assert_string_equal(list_ids(fx->v, buf, sizeof(buf)), want);
	/* Topics by name: Understanding, then Wellbeing. */
	assert_true(flag(row(fx->v, "topics", 0), "selected"));
	assert_false(flag(row(fx->v, "topics", 1), "selected"));
	f.topic = "no-such-topic";
	assert_int_equal(list(fx, &f), 0);
	assert_true(flag(fx->v, "empty"));

	memset(&f, 0, sizeof(f));
	f.mode = "online";
	assert_int_equal(list(fx, &f), 0);
	snprintf(want, sizeof(want), "%lld", web);
	assert_string_equal(list_ids(fx->v, buf, sizeof(buf)), want);
	assert_string_equal(str(list_run(fx->v, web), "mode"), "online");
	assert_true(flag(row(fx->v, "modes", 1), "selected"));
	f.mode = "in-person";
	assert_int_equal(list(fx, &f), 0);
	snprintf(want, sizeof(want), "%lld,%lld", room, mixed);
	assert_string_equal(list_ids(fx->v, buf, sizeof(buf)), want);
	assert_true(flag(row(fx->v, "modes", 0), "selected"));
	f.mode = "by-carrier-pigeon";
	assert_int_equal(list(fx, &f), 0);
	assert_int_equal(num(fx->v, "total_runs"), 0);

	/* from <= first start < to, on local midnights. */
	memset(&f, 0, sizeof(f));
	assert_int_equal(when_parse_date("2026-03-24", &f.from), 0);
	assert_int_equal(list(fx, &f), 0);
	snprintf(want, sizeof(want), "%lld,%lld", web, mixed);
	assert_string_equal(list_ids(fx->v, buf, sizeof(buf)), want);
	assert_int_equal(when_parse_date("2026-03-25", &f.to), 0);
	assert_int_equal(list(fx, &f), 0);
	snprintf(want, sizeof(want), "%lld", web);
	assert_string_equal(list_ids(fx->v, buf, sizeof(buf)), want);
	f.from = 0;
	assert_int_equal(list(fx, &f), 0);
	snprintf(want, sizeof(want), "%lld,%lld", room, web);
	assert_string_equal(list_ids(fx->v, buf, sizeof(buf)), want);
	assert_true(flag(fx->v, "filtered"));

	/* Filters combine. */
	memset(&f, 0, sizeof(f));
	f.topic = "understanding";
	f.mode = "in-person";
	assert_int_equal(list(fx, &f), 0);
	snprintf(want, sizeof(want), "%lld", mixed);
	assert_string_equal(list_ids(fx->v, buf, sizeof(buf)), want);
}

static void
test_catalogue_list_pagination(void **state)
{
	static const struct {
		int		 ask;
		long long	 page;
		unsigned	 runs;
		int		 prev, next;
	} cases[] = {
		{ 0, 1, CATALOGUE_PAGE_SIZE, 0, 1 },
		{ 1, 1, CATALOGUE_PAGE_SIZE, 0, 1 },
		{ 2, 2, CATALOGUE_PAGE_SIZE, 1, 1 },
		{ 3, 3, 5, 1, 0 },
		{ 4, 3, 5, 1, 0 },		/* clamped */
		{ -7, 1, CATALOGUE_PAGE_SIZE, 0, 1 },
		{ 2147483647, 3, 5, 1, 0 },
	};
	struct fx		*fx = *state;
	struct small		 s = small(fx);
	struct catalogue_filter	 f;
	const struct vrow	*c, *r;
	long long		 cid, rid, first[3] = { 0, 0, 0 }, prev_id;
	unsigned		 n;
	size_t			 i;
	int			 k;

	cid = course(fx, "many", "Many", "", s.topic, "published");
	for (k = 0; k < 2 * CATALOGUE_PAGE_SIZE + 5; k++) {
		rid = run(fx, cid, 10, "published");
		/* Later ids start sooner: order is by time, not id. */
		session(fx, rid, now + (100 - k) * HOUR, 60, s.room,
		    "scheduled");
	}
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&f, 0, sizeof(f));
		f.page = cases[i].ask;
		assert_int_equal(list(fx, &f), 0);
		assert_int_equal(num(fx->v, "total_runs"),
		    2 * CATALOGUE_PAGE_SIZE + 5);
		assert_int_equal(num(fx->v, "pages"), 3);
		assert_int_equal(num(fx->v, "page"), cases[i].page);
		assert_int_equal(flag(fx->v, "has_prev"), cases[i].prev);
		assert_int_equal(flag(fx->v, "has_next"), cases[i].next);
		assert_int_equal(num(fx->v, "prev_page"), cases[i].page - 1);
		assert_int_equal(num(fx->v, "next_page"), cases[i].page + 1);
		n = 0;
		prev_id = 0;
		for (c = val(fx->v, "courses", VT_LOOP)->rows; c != NULL;
		    c = c->next)
			for (r = val(c->scope, "runs", VT_LOOP)->rows;
			    r != NULL; r = r->next, n++) {
				/* Ids fall as start times rise. */
				rid = view_lookup(r->scope, "id")->i;
				if (prev_id != 0)
					assert_true(rid < prev_id);
				prev_id = rid;
				if (n == 0)
					first[cases[i].page - 1] = rid;
			}
		assert_int_equal(n, cases[i].runs);
		assert_int_equal(rows(fx->v, "courses"), 1);
	}
	/* The pages do not overlap: page 2 starts 20 runs after page 1. */
	assert_int_equal(first[0] - first[1], CATALOGUE_PAGE_SIZE);
	assert_int_equal(first[1] - first[2], CATALOGUE_PAGE_SIZE);
}

static void
test_catalogue_course_page(void **state)
{
	struct fx		*fx = *state;
	struct small		 s = small(fx);
	const struct view	*r, *x;
	long long		 cid, open, cancelled, started, past, draft;
	long long		 sam, alex, kim, s1, s2;

	cid = course(fx, "wrap", "WRAP", "Plan for wellness.", s.topic,
	    "published");
	sql(fx, "UPDATE course SET description = 'Six weeks of planning.' "
	    "WHERE id = %lld", cid);
	sam = user(fx, "sam@example.org", "Sam Peer");
	alex = user(fx, "alex@example.org", "Alex Clinical");
	kim = user(fx, "kim@example.org", "Kim Past");
	/* Open: two weekly sessions across the spring DST change. */
	open = run(fx, cid, 8, "published");
	s1 = session(fx, open, utc(2026, 3, 27, 9, 0), 120, s.room,
	    "scheduled");
	s2 = session(fx, open, utc(2026, 4, 3, 9, 0), 120, s.online,
	    "scheduled");
	facilitate(fx, open, alex, "clinical");
	facilitate(fx, open, sam, "peer");
	book(fx, open, "confirmed", 8);
	book(fx, open, "waitlisted", 1);
	/* Cancelled, with its sessions cancelled too: shown as cancelled. */
	cancelled = run(fx, cid, 8, "cancelled");
	session(fx, cancelled, utc(2026, 4, 20, 9, 0), 120, s.room,
	    "cancelled");
	/* Started an hour ago. */
	started = run(fx, cid, 8, "published");
	session(fx, started, now - HOUR, 120, s.room, "scheduled");
	/* Over: neither it nor Kim, who facilitated it, is shown. */
	past = run(fx, cid, 8, "published");
	session(fx, past, now - 2 * DAY, 120, s.room, "scheduled");
	facilitate(fx, past, kim, "other");
	draft = run(fx, cid, 8, "draft");
	session(fx, draft, now + 2 * DAY, 120, s.room, "scheduled");

	assert_int_equal(catalogue_course(fx->db, "wrap", now, fresh(fx)), 0);
	assert_string_equal(str(fx->v, "slug"), "wrap");
	assert_string_equal(str(fx->v, "title"), "WRAP");
	assert_string_equal(str(fx->v, "summary"), "Plan for wellness.");
	assert_string_equal(str(fx->v, "description"),
	    "Six weeks of planning.");
	assert_string_equal(str(fx->v, "topic"), "Wellbeing");
	assert_true(flag(fx->v, "has_runs"));

	assert_int_equal(rows(fx->v, "facilitators"), 2);
	x = row(fx->v, "facilitators", 0);
	assert_string_equal(str(x, "name"), "Sam Peer");
	assert_string_equal(str(x, "role_text"), "Peer trainer");
	x = row(fx->v, "facilitators", 1);
	assert_string_equal(str(x, "name"), "Alex Clinical");
	assert_string_equal(str(x, "role_text"), "Clinical trainer");

	assert_int_equal(rows(fx->v, "runs"), 3);
	r = row(fx->v, "runs", 0);
	assert_int_equal(num(r, "id"), started);
	assert_false(flag(r, "bookable"));
	assert_false(flag(r, "cancelled"));
	x = row(r, "sessions", 0);
	assert_false(flag(x, "past"));		/* still going */

	r = row(fx->v, "runs", 1);
	assert_int_equal(num(r, "id"), open);
	assert_true(flag(r, "bookable"));
	assert_true(flag(r, "full"));
	assert_int_equal(num(r, "waitlisted"), 1);
	assert_string_equal(str(r, "places_text"),
	    "Full: join the waiting list");
	assert_string_equal(str(r, "facilitators_text"),
	    "Co-delivered by a peer trainer and a clinical trainer");
	assert_int_equal(num(r, "sessions_count"), 2);
	assert_int_equal(rows(r, "sessions"), 2);
	x = row(r, "sessions", 0);
	assert_int_equal(num(x, "id"), s1);
	assert_string_equal(str(x, "start"), "2026-03-27T09:00:00+00:00");
	assert_string_equal(str(x, "end"), "2026-03-27T11:00:00+00:00");
	assert_string_equal(str(x, "date"), "Friday 27 March 2026");
	assert_string_equal(str(x, "short_date"), "Fri 27 Mar");
	assert_string_equal(str(x, "time_range"), "09:00 to 11:00");
	assert_string_equal(str(x, "venue"), "Room 2");
	assert_string_equal(str(x, "address"), "Address of Room 2");
	assert_string_equal(str(x, "access"), "Step-free");
	assert_false(flag(x, "online"));
	assert_false(flag(x, "past"));
	assert_false(flag(x, "cancelled"));
	x = row(r, "sessions", 1);
	assert_int_equal(num(x, "id"), s2);
	/* Same 09:00 UTC, one week on: now British Summer Time. */
	assert_string_equal(str(x, "start"), "2026-04-03T10:00:00+01:00");
	assert_string_equal(str(x, "time_range"), "10:00 to 12:00");
	assert_true(flag(x, "online"));
	assert_string_equal(str(x, "venue"), "Online");

	r = row(fx->v, "runs", 2);
	assert_int_equal(num(r, "id"), cancelled);
	assert_true(flag(r, "cancelled"));
	assert_false(flag(r, "bookable"));
	assert_string_equal(str(r, "places_text"), "Cancelled");
	assert_int_equal(rows(r, "sessions"), 1);
	assert_true(flag(row(r, "sessions", 0), "cancelled"));
	(void)draft;
}

static void
test_catalogue_course_not_found(void **state)
{
	struct fx	*fx = *state;
	struct small	 s = small(fx);
	char		 longslug[CATALOGUE_SLUG_MAX + 2];

	course(fx, "draft", "Draft", "", s.topic, "draft");
	course(fx, "quiet", "No runs", "", s.topic, "published");
	assert_int_equal(catalogue_course(fx->db, "nope", now, fresh(fx)), 1);
	assert_int_equal(catalogue_course(fx->db, "draft", now, fresh(fx)), 1);
	assert_int_equal(catalogue_course(fx->db, "", now, fresh(fx)), 1);
	assert_int_equal(catalogue_course(fx->db, NULL, now, fresh(fx)), 1);
	assert_int_equal(catalogue_course(fx->db, "Quiet", now, fresh(fx)), 1);
	memset(longslug, 'a', sizeof(longslug) - 1);
	longslug[sizeof(longslug) - 1] = '\0';
	assert_int_equal(catalogue_course(fx->db, longslug, now, fresh(fx)),
	    1);
	/* A published course with no upcoming runs is still a page. */
	assert_int_equal(catalogue_course(fx->db, "quiet", now, fresh(fx)), 0);
	assert_int_equal(rows(fx->v, "runs"), 0);
	assert_int_equal(rows(fx->v, "facilitators"), 0);
	assert_false(flag(fx->v, "has_runs"));
	assert_int_equal(catalogue_course(NULL, "quiet", now, fresh(fx)), -1);
}

static void
test_catalogue_facilitators_text_cases(void **state)
{
	static const struct {
		int		 peer, clinical, other;
		const char	*want;
	} cases[] = {
		{ 1, 1, 0,
		    "Co-delivered by a peer trainer and a clinical trainer" },
		{ 2, 1, 0,
		    "Co-delivered by peer trainers and a clinical trainer" },
		{ 1, 0, 0, "Delivered by a peer trainer" },
		{ 2, 0, 0, "Delivered by peer trainers" },
		{ 0, 1, 0, "Delivered by a clinical trainer" },
		{ 0, 3, 0, "Delivered by clinical trainers" },
		{ 0, 0, 1, "Delivered by a facilitator" },
		{ 1, 0, 1, "Co-delivered by a peer trainer and a facilitator" },
		{ 1, 1, 2, "Co-delivered by a peer trainer, a clinical "
		    "trainer and other facilitators" },
		{ 0, 0, 0, "Facilitators to be confirmed" },
	};
	char	 buf[128];
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_non_null(catalogue_facilitators_text(buf, sizeof(buf),
		    cases[i].peer, cases[i].clinical, cases[i].other));
		assert_string_equal(buf, cases[i].want);
	}
	assert_null(catalogue_facilitators_text(buf, 10, 1, 1, 0));
}

/* Apply demo.sql as `tessera demo` does, inside BEGIN IMMEDIATE. */
static void
demo_load(struct fx *fx)
{
	const char	*demo;
	char		 err[512];

	assert_non_null(demo = sql_file("demo.sql"));
	assert_int_equal(db_begin(fx->db), 0);
	if (db_exec(fx->db, demo, err, sizeof(err)) == -1)
		fail_msg("demo.sql: %s", err);
	assert_int_equal(db_commit(fx->db), 0);
}

static const char *const demo_counts[] = {
	"SELECT count(*) FROM topic",
	"SELECT count(*) FROM venue",
	"SELECT count(*) FROM course",
	"SELECT count(*) FROM run",
	"SELECT count(*) FROM session",
	"SELECT count(*) FROM facilitator",
	"SELECT count(*) FROM learner",
	"SELECT count(*) FROM booking",
	"SELECT count(*) FROM attendance",
	"SELECT count(*) FROM audit",
	"SELECT count(*) FROM setting",
	"SELECT total(starts_at) FROM session",
};
#define DEMO_NCOUNTS	(sizeof(demo_counts) / sizeof(demo_counts[0]))

static void
test_demo_sql_twice(void **state)
{
	struct fx		*fx = *state;
	struct catalogue_filter	 f;
	long long		 before[DEMO_NCOUNTS];
	time_t			 t;
	size_t			 i;
	char			 q[512];

	user(fx, "sam@demo.tessera.invalid", "Sam Peer");
	user(fx, "alex@demo.tessera.invalid", "Alex Clinical");
	user(fx, "jo@demo.tessera.invalid", "Jo Admin");
	demo_load(fx);
	for (i = 0; i < DEMO_NCOUNTS; i++)
		before[i] = query_int(fx, demo_counts[i]);
	/* Twice: nothing changes. */
	demo_load(fx);
	for (i = 0; i < DEMO_NCOUNTS; i++)
		if (query_int(fx, demo_counts[i]) != before[i])
			fail_msg("%s changed on a second run", demo_counts[i]);

	t = time(NULL);
	assert_true(query_int(fx, "SELECT count(*) FROM course "
	    "WHERE status = 'published'") >= 20);
	assert_true(query_int(fx, "SELECT count(*) FROM course "
	    "WHERE status = 'draft'") >= 1);
	assert_int_equal(query_int(fx, "SELECT count(*) FROM setting WHERE "
	    "key = 'college_name' AND value = 'Riverside Recovery College'"),
	    1);
	assert_int_equal(query_int(fx, "SELECT count(*) FROM venue "
	    "WHERE online = 1"), 1);
	/* A session in progress now, facilitated by Sam. */
	snprintf(q, sizeof(q), "SELECT count(*) FROM session AS s "
	    "JOIN run AS r ON r.id = s.run_id "
	    "JOIN facilitator AS f ON f.run_id = r.id "
	    "JOIN user AS u ON u.id = f.user_id "
	    "WHERE s.starts_at <= %lld AND s.ends_at > %lld "
	    "AND r.status = 'published' AND s.status = 'scheduled' "
	    "AND u.email = 'sam@demo.tessera.invalid'",
	    (long long)t, (long long)t);
	assert_true(query_int(fx, q) >= 1);
	/* A full published run with a waiting list. */
	assert_true(query_int(fx, "SELECT count(*) FROM run AS r "
	    "WHERE r.status = 'published' AND r.capacity <= (SELECT count(*) "
	    "FROM booking AS b WHERE b.run_id = r.id "
	    "AND b.status = 'confirmed') AND EXISTS (SELECT 1 FROM booking "
	    "AS b WHERE b.run_id = r.id AND b.status = 'waitlisted')") >= 1);
	/* A cancelled run; co-delivered and peer-only runs. */
	assert_true(query_int(fx, "SELECT count(*) FROM run "
	    "WHERE status = 'cancelled'") >= 1);
	assert_true(query_int(fx, "SELECT count(*) FROM facilitator "
	    "WHERE role = 'clinical'") >= 10);
	/* Tokens: 26 of A-Z2-7, unique; codes: 6 characters. */
	assert_int_equal(query_int(fx, "SELECT count(*) FROM booking WHERE "
	    "length(token) <> 26 OR token GLOB '*[^A-Z2-7]*' "
	    "OR length(code) <> 6 OR code GLOB '*[^A-Z2-7]*'"), 0);
	assert_int_equal(query_int(fx, "SELECT count(*) FROM learner "
	    "WHERE email NOT LIKE '%@example.org'"), 0);
	assert_int_equal(query_int(fx, "SELECT count(*) FROM course "
	    "WHERE slug GLOB '*[^a-z0-9-]*'"), 0);

	/* The catalogue shows it: the run in progress among the first. */
	memset(&f, 0, sizeof(f));
	assert_int_equal(catalogue_list(fx->db, &f, t, fresh(fx)), 0);
	assert_true(num(fx->v, "total_runs") >= 25);
	assert_int_equal(num(fx->v, "pages"),
	    (num(fx->v, "total_runs") + CATALOGUE_PAGE_SIZE - 1) /
	    CATALOGUE_PAGE_SIZE);
	assert_true(rows(fx->v, "topics") >= 8);
	assert_int_equal(catalogue_course(fx->db,
	    "introduction-to-peer-support", t, fresh(fx)), 0);
	assert_string_equal(str(row(fx->v, "runs", 0), "places_text"),
	    "Full: join the waiting list");
	assert_int_equal(catalogue_course(fx->db, "understanding-ocd", t,
	    fresh(fx)), 1);
}

/* Without the demo staff the demo still loads, with no facilitators. */
static void
test_demo_sql_without_staff(void **state)
{
	struct fx	*fx = *state;

	demo_load(fx);
	demo_load(fx);
	assert_int_equal(query_int(fx, "SELECT count(*) FROM facilitator"), 0);
	assert_true(query_int(fx, "SELECT count(*) FROM booking") > 100);
	assert_int_equal(query_int(fx,
	    "SELECT count(*) FROM pragma_foreign_key_check"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_catalogue_list_empty,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_catalogue_list_availability, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_catalogue_list_run_variables, setup, teardown),
		cmocka_unit_test_setup_teardown(test_catalogue_list_dst,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_catalogue_list_order_and_grouping, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_catalogue_list_hides_draft_past_cancelled, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_catalogue_list_filter_q,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_catalogue_list_filter_topic_mode_dates, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_catalogue_list_pagination, setup, teardown),
		cmocka_unit_test_setup_teardown(test_catalogue_course_page,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_catalogue_course_not_found, setup, teardown),
		cmocka_unit_test(test_catalogue_facilitators_text_cases),
		cmocka_unit_test_setup_teardown(test_demo_sql_twice, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_demo_sql_without_staff,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
