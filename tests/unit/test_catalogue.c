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

#include "kit/arena.h"
#include "kit/db.h"
#include "kit/view.h"
#include "college/catalogue.h"
#include "college/lang.h"
#include "college/sqlfiles.h"
#include "college/when.h"
#include "fixture.h"

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

static int
setup(void **state)
{
	struct fx	*fx;

	if ((fx = calloc(1, sizeof(*fx))) == NULL)
		return -1;
	fx->db = fx_db();
	if ((fx->arena = arena_new()) == NULL ||
	    (fx->v = view_new(fx->arena)) == NULL ||
	    when_set_zone("Europe/London") == -1)
		return -1;
	now = fx_utc(2026, 3, 20, 12, 0);
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

static long long
topic(struct fx *fx, const char *slug, const char *name)
{
	return fx_sql(fx->db, "INSERT INTO topic(slug, name) VALUES (%Q, %Q) "
	    "RETURNING id", slug, name);
}

static long long
venue(struct fx *fx, const char *name, int online)
{
	return fx_sql(fx->db, "INSERT INTO venue(name, address, access, "
	    "online) VALUES (%Q, 'Address of %q', 'Step-free', %d) RETURNING id",
	    name, name, online);
}

static long long
course(struct fx *fx, const char *slug, const char *title,
    const char *summary, long long topic_id, const char *status)
{
	return fx_sql(fx->db, "INSERT INTO course(slug, title, summary, "
	    "description, topic_id, status) VALUES (%Q, %Q, %Q, 'About it.', "
	    "%lld, %Q) RETURNING id", slug, title, summary, topic_id, status);
}

/* n bookings of run with status, each by a new learner. */
static void
book(struct fx *fx, long long run_id, const char *status, int n)
{
	long long	 learner;
	char		 token[32], code[16];

	while (n-- > 0) {
		fx->serial++;
		learner = fx_sql(fx->db, "INSERT INTO learner(email, name, "
		    "created_at) VALUES ('l%d@example.org', 'L %d', 0) "
		    "RETURNING id", fx->serial, fx->serial);
		snprintf(token, sizeof(token), "TOKEN%021d", fx->serial);
		snprintf(code, sizeof(code), "C%05d", fx->serial);
		fx_sql(fx->db, "INSERT INTO booking(run_id, learner_id, "
		    "status, token, code, created_at, updated_at) VALUES "
		    "(%lld, %lld, %Q, %Q, %Q, 0, 0)",
		    run_id, learner, status, token, code);
	}
}

static void
facilitate(struct fx *fx, long long run_id, long long user_id,
    const char *role)
{
	fx_sql(fx->db, "INSERT INTO facilitator(run_id, user_id, role) "
	    "VALUES (%lld, %lld, %Q)", run_id, user_id, role);
}

/* The run with this id anywhere in the list's courses, or NULL. */
static const struct view *
list_run(const struct view *v, long long id)
{
	const struct vrow	*c, *r;

	for (c = fx_val(v, "courses", VT_LOOP)->rows; c != NULL; c = c->next)
		for (r = fx_val(c->scope, "runs", VT_LOOP)->rows; r != NULL;
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
	for (c = fx_val(v, "courses", VT_LOOP)->rows; c != NULL; c = c->next)
		for (r = fx_val(c->scope, "runs", VT_LOOP)->rows; r != NULL;
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
	r = fx_run(fx->db, c, capacity, "published");
	fx_session(fx->db, r, start, 120, s->room, "scheduled");
	return r;
}

static void
test_catalogue_list_empty(void **state)
{
	struct fx		*fx = *state;
	struct catalogue_filter	 f;

	assert_int_equal(list(fx, NULL), 0);
	assert_int_equal(fx_rows(fx->v, "courses"), 0);
	assert_int_equal(fx_num(fx->v, "total_runs"), 0);
	assert_int_equal(fx_num(fx->v, "page"), 1);
	assert_int_equal(fx_num(fx->v, "pages"), 1);
	assert_true(fx_flag(fx->v, "empty"));
	assert_false(fx_flag(fx->v, "filtered"));
	assert_false(fx_flag(fx->v, "has_prev"));
	assert_false(fx_flag(fx->v, "has_next"));
	assert_int_equal(fx_rows(fx->v, "topics"), 0);
	assert_int_equal(fx_rows(fx->v, "modes"), 2);

	/* A page past the end of nothing is page 1 of 1. */
	memset(&f, 0, sizeof(f));
	f.page = 5;
	f.q = "anything";
	assert_int_equal(list(fx, &f), 0);
	assert_int_equal(fx_num(fx->v, "page"), 1);
	assert_int_equal(fx_num(fx->v, "pages"), 1);
	assert_true(fx_flag(fx->v, "empty"));
	assert_true(fx_flag(fx->v, "filtered"));
	assert_false(fx_flag(fx->v, "has_next"));
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
	assert_int_equal(fx_num(fx->v, "total_runs"), 4);
	assert_false(fx_flag(fx->v, "empty"));

	r = list_run(fx->v, a);
	assert_non_null(r);
	assert_int_equal(fx_num(r, "capacity"), 5);
	assert_int_equal(fx_num(r, "confirmed"), 2);
	assert_int_equal(fx_num(r, "waitlisted"), 1);
	assert_int_equal(fx_num(r, "seats_left"), 3);
	assert_false(fx_flag(r, "full"));
	assert_string_equal(fx_str(r, "places_text"), "3 places left");
	assert_true(fx_flag(r, "bookable"));
	assert_false(fx_flag(r, "cancelled"));

	r = list_run(fx->v, b);
	assert_int_equal(fx_num(r, "seats_left"), 1);
	assert_string_equal(fx_str(r, "places_text"), "1 place left");

	r = list_run(fx->v, c);
	assert_int_equal(fx_num(r, "seats_left"), 0);
	assert_int_equal(fx_num(r, "waitlisted"), 2);
	assert_true(fx_flag(r, "full"));
	assert_string_equal(fx_str(r, "places_text"),
	    "Full: join the waiting list");
	assert_true(fx_flag(r, "bookable"));

	r = list_run(fx->v, d);
	assert_int_equal(fx_num(r, "confirmed"), 3);
	assert_int_equal(fx_num(r, "seats_left"), 0);	/* never negative */
	assert_true(fx_flag(r, "full"));
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
	rid = fx_run(fx->db, cid, 12, "published");
	/* Thursday 26 March 2026, 10:00 to 12:30 GMT, then weekly. */
	fx_session(fx->db, rid, fx_utc(2026, 3, 26, 10, 0), 150, s.room,
	    "scheduled");
	fx_session(fx->db, rid, fx_utc(2026, 4, 2, 9, 0), 150, s.online,
	    "scheduled");
	fx_session(fx->db, rid, fx_utc(2026, 4, 9, 9, 0), 150, s.room,
	    "cancelled");
	sam = fx_user(fx->db, "sam@example.org", "Sam");
	alex = fx_user(fx->db, "alex@example.org", "Alex");
	facilitate(fx, rid, sam, "peer");
	facilitate(fx, rid, alex, "clinical");

	assert_int_equal(list(fx, NULL), 0);
	assert_int_equal(fx_rows(fx->v, "courses"), 1);
	c = fx_row(fx->v, "courses", 0);
	assert_string_equal(fx_str(c, "slug"), "sleep");
	assert_string_equal(fx_str(c, "title"), "Sleep and wellbeing");
	assert_string_equal(fx_str(c, "summary"), "Sleeping better.");
	assert_string_equal(fx_str(c, "topic"), "Wellbeing");
	assert_string_equal(fx_str(c, "topic_slug"), "wellbeing");
	assert_int_equal(fx_rows(c, "runs"), 1);
	r = fx_row(c, "runs", 0);
	assert_int_equal(fx_num(r, "id"), rid);
	assert_string_equal(fx_str(r, "first_date"), "Thursday 26 March 2026");
	assert_string_equal(fx_str(r, "short_date"), "Thu 26 Mar");
	assert_string_equal(fx_str(r, "time_range"), "10:00 to 12:30");
	assert_string_equal(fx_str(r, "start"), "2026-03-26T10:00:00+00:00");
	assert_string_equal(fx_str(r, "end"), "2026-03-26T12:30:00+00:00");
	assert_int_equal(fx_num(r, "sessions_count"),
	    2);	/* not the cancelled */
	assert_string_equal(fx_str(r, "mode"), "in person");	/* mixed */
	assert_false(fx_flag(r, "online"));
	assert_string_equal(fx_str(r, "venue"), "Room 2");
	assert_string_equal(fx_str(r, "facilitators_text"),
	    "Co-delivered by a peer trainer and a clinical trainer");
	/* Topics for the form, with the selected one marked. */
	assert_int_equal(fx_rows(fx->v, "topics"), 1);
	assert_string_equal(fx_str(fx_row(fx->v, "topics", 0), "slug"),
	    "wellbeing");
	assert_false(fx_flag(fx_row(fx->v, "topics", 0), "selected"));
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

	before = workshop(fx, &s, "before", fx_utc(2026, 3, 28, 9, 0), 10);
	after = workshop(fx, &s, "after", fx_utc(2026, 3, 30, 9, 0), 10);
	autumn = workshop(fx, &s, "autumn", fx_utc(2026, 10, 26, 9, 0), 10);

	assert_int_equal(list(fx, NULL), 0);
	r = list_run(fx->v, before);
	assert_string_equal(fx_str(r, "time_range"), "09:00 to 11:00");
	assert_string_equal(fx_str(r, "start"), "2026-03-28T09:00:00+00:00");
	assert_string_equal(fx_str(r, "first_date"), "Saturday 28 March 2026");
	r = list_run(fx->v, after);
	assert_string_equal(fx_str(r, "time_range"), "10:00 to 12:00");
	assert_string_equal(fx_str(r, "start"), "2026-03-30T10:00:00+01:00");
	assert_string_equal(fx_str(r, "first_date"), "Monday 30 March 2026");
	r = list_run(fx->v, autumn);
	assert_string_equal(fx_str(r, "time_range"), "09:00 to 11:00");
	assert_string_equal(fx_str(r, "start"), "2026-10-26T09:00:00+00:00");
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
	a2 = fx_run(fx->db, anx, 10, "published");
	fx_session(fx->db, a2, now + 5 * DAY, 60, s.room, "scheduled");
	s1 = fx_run(fx->db, slp, 10, "published");
	fx_session(fx->db, s1, now + 3 * DAY, 60, s.room, "scheduled");
	a1 = fx_run(fx->db, anx, 10, "published");
	fx_session(fx->db, a1, now + 1 * DAY, 60, s.room, "scheduled");
	/* A later session does not move a run: the first one decides. */
	fx_session(fx->db, a1, now + 9 * DAY, 60, s.room, "scheduled");

	assert_int_equal(list(fx, NULL), 0);
	assert_int_equal(fx_num(fx->v, "total_runs"), 3);
	/* Two courses: anxiety (first run soonest) with both its runs. */
	assert_int_equal(fx_rows(fx->v, "courses"), 2);
	c = fx_row(fx->v, "courses", 0);
	assert_string_equal(fx_str(c, "slug"), "anxiety");
	assert_int_equal(fx_rows(c, "runs"), 2);
	assert_int_equal(fx_num(fx_row(c, "runs", 0), "id"), a1);
	assert_int_equal(fx_num(fx_row(c, "runs", 1), "id"), a2);
	c = fx_row(fx->v, "courses", 1);
	assert_string_equal(fx_str(c, "slug"), "sleep");
	assert_int_equal(fx_num(fx_row(c, "runs", 0), "id"), s1);
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
	ok = fx_run(fx->db, pub, 10, "published");
	fx_session(fx->db, ok, now + DAY, 60, s.room, "scheduled");
	/* A published run of a draft course. */
	r = fx_run(fx->db, draft, 10, "published");
	fx_session(fx->db, r, now + DAY, 60, s.room, "scheduled");
	/* A draft run and a cancelled run of a published course. */
	r = fx_run(fx->db, pub, 10, "draft");
	fx_session(fx->db, r, now + DAY, 60, s.room, "scheduled");
	r = fx_run(fx->db, pub, 10, "cancelled");
	fx_session(fx->db, r, now + DAY, 60, s.room, "scheduled");
	/* Past: ended a minute ago; and one whose only future session is
	 * cancelled. */
	r = fx_run(fx->db, pub, 10, "published");
	fx_session(fx->db, r, now - 61 * 60, 60, s.room, "scheduled");
	r = fx_run(fx->db, pub, 10, "published");
	fx_session(fx->db, r, now - 7 * DAY, 60, s.room, "scheduled");
	fx_session(fx->db, r, now + 7 * DAY, 60, s.room, "cancelled");
	/* In progress now: shown, not bookable. */
	started = fx_run(fx->db, pub, 10, "published");
	fx_session(fx->db, started, now - 30 * 60, 120, s.room, "scheduled");
	/* Began two weeks ago, continues: shown from its first date. */
	ongoing = fx_run(fx->db, pub, 10, "published");
	fx_session(fx->db, ongoing, now - 14 * DAY, 60, s.room, "scheduled");
	fx_session(fx->db, ongoing, now + 14 * DAY, 60, s.room, "scheduled");

	assert_int_equal(list(fx, NULL), 0);
	snprintf(want, sizeof(want), "%lld,%lld,%lld", ongoing, started, ok);
	assert_string_equal(list_ids(fx->v, buf, sizeof(buf)), want);
	assert_int_equal(fx_num(fx->v, "total_runs"), 3);
	assert_false(fx_flag(list_run(fx->v, started), "bookable"));
	assert_string_equal(fx_str(list_run(fx->v, started), "places_text"),
	    "Booking closed");
	assert_false(fx_flag(list_run(fx->v, ongoing), "bookable"));
	assert_string_equal(fx_str(list_run(fx->v, ongoing), "first_date"),
	    "Friday 6 March 2026");
	assert_true(fx_flag(list_run(fx->v, ok), "bookable"));
	/* The topic list leaves out topics with only draft courses. */
	assert_int_equal(fx_rows(fx->v, "topics"), 1);
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
		{ "anxious", "anxiety" },	/* the same stem, by its prefix */
		{ "Ánxìéty", "anxiety" },	/* without accents */
		{ "worry", "anxiety" },		/* in the summary */
		{ "worrying", "anxiety" },	/* stemmed */
		{ "sleep", "sleep" },
		{ "sleeping well", "" },	/* every word must match */
		{ "Sleep", "sleep" },
		{ "unders", "anxiety" },	/* a prefix of a word */
		{ "e", "" },			/* words, not substrings */
		{ "100%", "pct" },		/* % separates words */
		{ "%", "" },			/* no words: nothing */
		{ "snake", "under" },		/* _ separates words */
		{ "_", "" },
		{ "a_x", "" },
		{ "\\", "" },
		{ "\"rest OR", "" },		/* no FTS5 syntax gets through */
		{ "rest*", "pct" },
		{ "and", "slash,pct" },		/* bm25: the shorter text first */
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
	fx_sql(fx->db, "UPDATE course SET title = 'Understanding Anxiety', "
	    "summary = 'When worry takes over.' WHERE slug = 'anxiety'");
	workshop(fx, &s, "sleep", now + 2 * DAY, 10);
	fx_sql(fx->db,
	    "UPDATE course SET title = 'Sleep' WHERE slug = 'sleep'");
	workshop(fx, &s, "pct", now + 3 * DAY, 10);
	fx_sql(fx->db, "UPDATE course SET title = 'Give 100%% and rest' "
	    "WHERE slug = 'pct'");
	workshop(fx, &s, "under", now + 4 * DAY, 10);
	fx_sql(fx->db,
	    "UPDATE course SET title = 'snake_case' WHERE slug = 'under'");
	workshop(fx, &s, "slash", now + 5 * DAY, 10);
	fx_sql(fx->db,
	    "UPDATE course SET title = 'and\\or' WHERE slug = 'slash'");
	fx_sql(fx->db,
	    "UPDATE course SET summary = '' WHERE slug <> 'anxiety'");
	/* Courses written here by SQL: the search index is made again as
	 * the office's changes do (catalogue_reindex()). */
	assert_int_equal(catalogue_reindex(fx->db), 0);

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&f, 0, sizeof(f));
		f.q = cases[i].q;
		assert_int_equal(list(fx, &f), 0);
		got[0] = '\0';
		n = 0;
		for (c = fx_val(fx->v, "courses", VT_LOOP)->rows; c != NULL;
		    c = c->next)
			n += (size_t)snprintf(got + n, sizeof(got) - n, "%s%s",
			    n ? "," : "", fx_str(c->scope, "slug"));
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("q \"%s\": %s, want %s", cases[i].q, got,
			    cases[i].want);
		assert_int_equal(fx_flag(fx->v, "filtered"),
		    cases[i].q[0] != '\0');
		assert_int_equal(fx_flag(fx->v, "empty"),
		    cases[i].want[0] == '\0');
	}

	/* Too long a search is refused. */
	memset(q, 'a', sizeof(q) - 1);
	q[sizeof(q) - 1] = '\0';
	f.q = q;
	assert_int_equal(list(fx, &f), -1);
	q[CATALOGUE_Q_MAX] = '\0';
	assert_int_equal(list(fx, &f), 0);
}

/* The slugs of the list's courses for the search q, as "a,b". */
static const char *
found(struct fx *fx, const char *q, char *buf, size_t len)
{
	struct catalogue_filter	 f;
	const struct vrow	*c;
	size_t			 n = 0;

	memset(&f, 0, sizeof(f));
	f.q = q;
	assert_int_equal(list(fx, &f), 0);
	buf[0] = '\0';
	for (c = fx_val(fx->v, "courses", VT_LOOP)->rows; c != NULL;
	    c = c->next)
		n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? "," : "",
		    fx_str(c->scope, "slug"));
	assert_true(n < len);
	return buf;
}

/* The search finds a course by its texts in another language
 * (course_text_fts, sql/022_search_texts.sql) as soon as they are
 * saved, follows their edits and removal, and still finds it by the
 * college's own words. */
static void
test_catalogue_list_filter_q_translated(void **state)
{
	struct fx		*fx = *state;
	struct small		 s = small(fx);
	const char		*langs[] = { "cy", "es" };
	const char		*vals[6];
	char			 got[128];
	long long		 anxiety;

	workshop(fx, &s, "anxiety", now + 1 * DAY, 10);
	workshop(fx, &s, "sleep", now + 2 * DAY, 10);
	fx_sql(fx->db, "UPDATE course SET title = 'Understanding anxiety' "
	    "WHERE slug = 'anxiety'");
	assert_int_equal(catalogue_reindex(fx->db), 0);
	anxiety = fx_count(fx->db,
	    "SELECT id FROM course WHERE slug = 'anxiety'");
	assert_string_equal(found(fx, "gorbryder", got, sizeof(got)), "");

	vals[0] = "Deall gorbryder";
	vals[1] = "Cwrs am bryder a beth sy'n helpu.";
	vals[2] = NULL;
	vals[3] = "Entender la ansiedad";
	vals[4] = NULL;
	vals[5] = "Dormir mejor también ayuda.";
	assert_int_equal(lang_course_texts_save(fx->db, anxiety, langs, vals,
	    2), 0);
	assert_string_equal(found(fx, "gorbryder", got, sizeof(got)),
	    "anxiety");
	assert_string_equal(found(fx, "Gorbryder bryder", got, sizeof(got)),
	    "anxiety");
	assert_string_equal(found(fx, "ansiedad", got, sizeof(got)),
	    "anxiety");
	assert_string_equal(found(fx, "dormir", got, sizeof(got)), "anxiety");
	assert_string_equal(found(fx, "anxiety", got, sizeof(got)),
	    "anxiety");
	/* Words of two languages at once: no one text has both. */
	assert_string_equal(found(fx, "gorbryder ansiedad", got, sizeof(got)),
	    "");

	/* An edit: the old Welsh word is gone, the new one found; the
	 * Spanish text removed (no title) is gone from the search. */
	vals[0] = "Deall pryderon";
	vals[3] = NULL;
	assert_int_equal(lang_course_texts_save(fx->db, anxiety, langs, vals,
	    2), 0);
	assert_string_equal(found(fx, "gorbryder", got, sizeof(got)), "");
	assert_string_equal(found(fx, "pryderon", got, sizeof(got)),
	    "anxiety");
	assert_string_equal(found(fx, "ansiedad", got, sizeof(got)), "");
	/* What the search reads: SQLite's second FTS5 index, made again;
	 * PostgreSQL's generated column beside each text. */
	assert_int_equal(fx_count(fx->db, fx_is_pg() ?
	    "SELECT count(*) FROM course_text WHERE search IS NOT NULL" :
	    "SELECT count(*) FROM course_text_fts"), 1);
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
	room = fx_run(fx->db, c1, 10, "published");
	fx_session(fx->db, room, fx_utc(2026, 3, 23, 10, 0), 60, s.room,
	    "scheduled");
	web = fx_run(fx->db, c2, 10, "published");
	fx_session(fx->db, web, fx_utc(2026, 3, 24, 10, 0), 60, s.online,
	    "scheduled");
	fx_session(fx->db, web, fx_utc(2026, 3, 31, 9, 0), 60, s.online,
	    "scheduled");
	/* Online but for one in-person session: in person. */
	mixed = fx_run(fx->db, c2, 10, "published");
	fx_session(fx->db, mixed, fx_utc(2026, 3, 25, 10, 0), 60, s.online,
	    "scheduled");
	fx_session(fx->db, mixed, fx_utc(2026, 4, 1, 9, 0), 60, s.room,
	    "scheduled");

	memset(&f, 0, sizeof(f));
	f.topic = "understanding";
	assert_int_equal(list(fx, &f), 0);
	snprintf(want, sizeof(want), "%lld,%lld", web, mixed);
	assert_string_equal(list_ids(fx->v, buf, sizeof(buf)), want);
	/* Topics by name: Understanding, then Wellbeing. */
	assert_true(fx_flag(fx_row(fx->v, "topics", 0), "selected"));
	assert_false(fx_flag(fx_row(fx->v, "topics", 1), "selected"));
	f.topic = "no-such-topic";
	assert_int_equal(list(fx, &f), 0);
	assert_true(fx_flag(fx->v, "empty"));

	memset(&f, 0, sizeof(f));
	f.mode = "online";
	assert_int_equal(list(fx, &f), 0);
	snprintf(want, sizeof(want), "%lld", web);
	assert_string_equal(list_ids(fx->v, buf, sizeof(buf)), want);
	assert_string_equal(fx_str(list_run(fx->v, web), "mode"), "online");
	assert_true(fx_flag(fx_row(fx->v, "modes", 1), "selected"));
	f.mode = "in-person";
	assert_int_equal(list(fx, &f), 0);
	snprintf(want, sizeof(want), "%lld,%lld", room, mixed);
	assert_string_equal(list_ids(fx->v, buf, sizeof(buf)), want);
	assert_true(fx_flag(fx_row(fx->v, "modes", 0), "selected"));
	f.mode = "by-carrier-pigeon";
	assert_int_equal(list(fx, &f), 0);
	assert_int_equal(fx_num(fx->v, "total_runs"), 0);

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
	assert_true(fx_flag(fx->v, "filtered"));

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
		rid = fx_run(fx->db, cid, 10, "published");
		/* Later ids start sooner: order is by time, not id. */
		fx_session(fx->db, rid, now + (100 - k) * HOUR, 60, s.room,
		    "scheduled");
	}
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&f, 0, sizeof(f));
		f.page = cases[i].ask;
		assert_int_equal(list(fx, &f), 0);
		assert_int_equal(fx_num(fx->v, "total_runs"),
		    2 * CATALOGUE_PAGE_SIZE + 5);
		assert_int_equal(fx_num(fx->v, "pages"), 3);
		assert_int_equal(fx_num(fx->v, "page"), cases[i].page);
		assert_int_equal(fx_flag(fx->v, "has_prev"), cases[i].prev);
		assert_int_equal(fx_flag(fx->v, "has_next"), cases[i].next);
		assert_int_equal(fx_num(fx->v, "prev_page"), cases[i].page - 1);
		assert_int_equal(fx_num(fx->v, "next_page"), cases[i].page + 1);
		n = 0;
		prev_id = 0;
		for (c = fx_val(fx->v, "courses", VT_LOOP)->rows; c != NULL;
		    c = c->next)
			for (r = fx_val(c->scope, "runs", VT_LOOP)->rows;
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
		assert_int_equal(fx_rows(fx->v, "courses"), 1);
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
	fx_sql(fx->db, "UPDATE course SET description = 'Six weeks of "
	    "planning.' WHERE id = %lld", cid);
	sam = fx_user(fx->db, "sam@example.org", "Sam Peer");
	alex = fx_user(fx->db, "alex@example.org", "Alex Clinical");
	kim = fx_user(fx->db, "kim@example.org", "Kim Past");
	/* Open: two weekly sessions across the spring DST change. */
	open = fx_run(fx->db, cid, 8, "published");
	s1 = fx_session(fx->db, open, fx_utc(2026, 3, 27, 9, 0), 120, s.room,
	    "scheduled");
	s2 = fx_session(fx->db, open, fx_utc(2026, 4, 3, 9, 0), 120, s.online,
	    "scheduled");
	facilitate(fx, open, alex, "clinical");
	facilitate(fx, open, sam, "peer");
	book(fx, open, "confirmed", 8);
	book(fx, open, "waitlisted", 1);
	/* Cancelled, with its sessions cancelled too: shown as cancelled. */
	cancelled = fx_run(fx->db, cid, 8, "cancelled");
	fx_session(fx->db, cancelled, fx_utc(2026, 4, 20, 9, 0), 120, s.room,
	    "cancelled");
	/* Started an hour ago. */
	started = fx_run(fx->db, cid, 8, "published");
	fx_session(fx->db, started, now - HOUR, 120, s.room, "scheduled");
	/* Over: neither it nor Kim, who facilitated it, is shown. */
	past = fx_run(fx->db, cid, 8, "published");
	fx_session(fx->db, past, now - 2 * DAY, 120, s.room, "scheduled");
	facilitate(fx, past, kim, "other");
	draft = fx_run(fx->db, cid, 8, "draft");
	fx_session(fx->db, draft, now + 2 * DAY, 120, s.room, "scheduled");

	assert_int_equal(catalogue_course(fx->db, "wrap", now, fresh(fx)), 0);
	assert_string_equal(fx_str(fx->v, "slug"), "wrap");
	assert_string_equal(fx_str(fx->v, "title"), "WRAP");
	assert_string_equal(fx_str(fx->v, "summary"), "Plan for wellness.");
	assert_string_equal(fx_str(fx->v, "description"),
	    "Six weeks of planning.");
	assert_string_equal(fx_str(fx->v, "topic"), "Wellbeing");
	assert_true(fx_flag(fx->v, "has_runs"));

	assert_int_equal(fx_rows(fx->v, "facilitators"), 2);
	x = fx_row(fx->v, "facilitators", 0);
	assert_string_equal(fx_str(x, "name"), "Sam Peer");
	assert_string_equal(fx_str(x, "role_text"), "Peer trainer");
	x = fx_row(fx->v, "facilitators", 1);
	assert_string_equal(fx_str(x, "name"), "Alex Clinical");
	assert_string_equal(fx_str(x, "role_text"), "Clinical trainer");

	assert_int_equal(fx_rows(fx->v, "runs"), 3);
	r = fx_row(fx->v, "runs", 0);
	assert_int_equal(fx_num(r, "id"), started);
	assert_false(fx_flag(r, "bookable"));
	assert_false(fx_flag(r, "cancelled"));
	x = fx_row(r, "sessions", 0);
	assert_false(fx_flag(x, "past"));		/* still going */

	r = fx_row(fx->v, "runs", 1);
	assert_int_equal(fx_num(r, "id"), open);
	assert_true(fx_flag(r, "bookable"));
	assert_true(fx_flag(r, "full"));
	assert_int_equal(fx_num(r, "waitlisted"), 1);
	assert_string_equal(fx_str(r, "places_text"),
	    "Full: join the waiting list");
	assert_string_equal(fx_str(r, "facilitators_text"),
	    "Co-delivered by a peer trainer and a clinical trainer");
	assert_int_equal(fx_num(r, "sessions_count"), 2);
	assert_int_equal(fx_rows(r, "sessions"), 2);
	x = fx_row(r, "sessions", 0);
	assert_int_equal(fx_num(x, "id"), s1);
	assert_string_equal(fx_str(x, "start"), "2026-03-27T09:00:00+00:00");
	assert_string_equal(fx_str(x, "end"), "2026-03-27T11:00:00+00:00");
	assert_string_equal(fx_str(x, "date"), "Friday 27 March 2026");
	assert_string_equal(fx_str(x, "short_date"), "Fri 27 Mar");
	assert_string_equal(fx_str(x, "time_range"), "09:00 to 11:00");
	assert_string_equal(fx_str(x, "venue"), "Room 2");
	assert_string_equal(fx_str(x, "address"), "Address of Room 2");
	assert_string_equal(fx_str(x, "access"), "Step-free");
	assert_false(fx_flag(x, "online"));
	assert_false(fx_flag(x, "past"));
	assert_false(fx_flag(x, "cancelled"));
	x = fx_row(r, "sessions", 1);
	assert_int_equal(fx_num(x, "id"), s2);
	/* Same 09:00 UTC, one week on: now British Summer Time. */
	assert_string_equal(fx_str(x, "start"), "2026-04-03T10:00:00+01:00");
	assert_string_equal(fx_str(x, "time_range"), "10:00 to 12:00");
	assert_true(fx_flag(x, "online"));
	assert_string_equal(fx_str(x, "venue"), "Online");

	r = fx_row(fx->v, "runs", 2);
	assert_int_equal(fx_num(r, "id"), cancelled);
	assert_true(fx_flag(r, "cancelled"));
	assert_false(fx_flag(r, "bookable"));
	assert_string_equal(fx_str(r, "places_text"), "Cancelled");
	assert_int_equal(fx_rows(r, "sessions"), 1);
	assert_true(fx_flag(fx_row(r, "sessions", 0), "cancelled"));
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
	assert_int_equal(fx_rows(fx->v, "runs"), 0);
	assert_int_equal(fx_rows(fx->v, "facilitators"), 0);
	assert_false(fx_flag(fx->v, "has_runs"));
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
	if (db_exec(fx->db, demo, err, sizeof(err)) != DB_OK)
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

	fx_sqlite_only("sql/demo.sql is SQLite's; a PostgreSQL college gets "
	    "the demo through tessera migrate-db");
	fx_user(fx->db, "sam@demo.tessera.invalid", "Sam Peer");
	fx_user(fx->db, "alex@demo.tessera.invalid", "Alex Clinical");
	fx_user(fx->db, "jo@demo.tessera.invalid", "Jo Admin");
	demo_load(fx);
	for (i = 0; i < DEMO_NCOUNTS; i++)
		before[i] = fx_count(fx->db, "%s", demo_counts[i]);
	/* Twice: nothing changes. */
	demo_load(fx);
	for (i = 0; i < DEMO_NCOUNTS; i++)
		if (fx_count(fx->db, "%s", demo_counts[i]) != before[i])
			fail_msg("%s changed on a second run", demo_counts[i]);

	t = time(NULL);
	assert_true(fx_count(fx->db, "SELECT count(*) FROM course "
	    "WHERE status = 'published'") >= 20);
	assert_true(fx_count(fx->db, "SELECT count(*) FROM course "
	    "WHERE status = 'draft'") >= 1);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM setting WHERE "
	    "key = 'college_name' AND value = 'Riverside Recovery College'"),
	    1);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM venue "
	    "WHERE online = 1"), 1);
	/* A session in progress now, facilitated by Sam. */
	snprintf(q, sizeof(q), "SELECT count(*) FROM session AS s "
	    "JOIN run AS r ON r.id = s.run_id "
	    "JOIN facilitator AS f ON f.run_id = r.id "
	    "JOIN \"user\" AS u ON u.id = f.user_id "
	    "WHERE s.starts_at <= %lld AND s.ends_at > %lld "
	    "AND r.status = 'published' AND s.status = 'scheduled' "
	    "AND u.email = 'sam@demo.tessera.invalid'",
	    (long long)t, (long long)t);
	assert_true(fx_count(fx->db, "%s", q) >= 1);
	/* A full published run with a waiting list. */
	assert_true(fx_count(fx->db, "SELECT count(*) FROM run AS r "
	    "WHERE r.status = 'published' AND r.capacity <= (SELECT count(*) "
	    "FROM booking AS b WHERE b.run_id = r.id "
	    "AND b.status = 'confirmed') AND EXISTS (SELECT 1 FROM booking "
	    "AS b WHERE b.run_id = r.id AND b.status = 'waitlisted')") >= 1);
	/* A cancelled run; co-delivered and peer-only runs. */
	assert_true(fx_count(fx->db, "SELECT count(*) FROM run "
	    "WHERE status = 'cancelled'") >= 1);
	assert_true(fx_count(fx->db, "SELECT count(*) FROM facilitator "
	    "WHERE role = 'clinical'") >= 10);
	/* Tokens: 26 of A-Z2-7, unique; codes: 6 characters. */
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM booking WHERE "
	    "length(token) <> 26 OR token GLOB '*[^A-Z2-7]*' "
	    "OR length(code) <> 6 OR code GLOB '*[^A-Z2-7]*'"), 0);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM learner "
	    "WHERE email NOT LIKE '%%@example.org'"), 0);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM course "
	    "WHERE slug GLOB '*[^a-z0-9-]*'"), 0);

	/* The catalogue shows it: the run in progress among the first. */
	memset(&f, 0, sizeof(f));
	assert_int_equal(catalogue_list(fx->db, &f, t, fresh(fx)), 0);
	assert_true(fx_num(fx->v, "total_runs") >= 25);
	assert_int_equal(fx_num(fx->v, "pages"),
	    (fx_num(fx->v, "total_runs") + CATALOGUE_PAGE_SIZE - 1) /
	    CATALOGUE_PAGE_SIZE);
	assert_true(fx_rows(fx->v, "topics") >= 8);
	assert_int_equal(catalogue_course(fx->db,
	    "introduction-to-peer-support", t, fresh(fx)), 0);
	assert_string_equal(fx_str(fx_row(fx->v, "runs", 0), "places_text"),
	    "Full: join the waiting list");
	assert_int_equal(catalogue_course(fx->db, "understanding-ocd", t,
	    fresh(fx)), 1);
}

/* Without the demo staff the demo still loads, with no facilitators. */
static void
test_demo_sql_without_staff(void **state)
{
	struct fx	*fx = *state;

	fx_sqlite_only("sql/demo.sql is SQLite's; a PostgreSQL college gets "
	    "the demo through tessera migrate-db");
	demo_load(fx);
	demo_load(fx);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM facilitator"),
	    0);
	assert_true(fx_count(fx->db, "SELECT count(*) FROM booking") > 100);
	assert_int_equal(fx_count(fx->db,
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
		cmocka_unit_test_setup_teardown(
		    test_catalogue_list_filter_q_translated, setup, teardown),
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
