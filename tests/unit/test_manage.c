/*
 * test_manage.c: the college office's changes against an in-memory
 * database with the real migrations: the rules manage.h promises
 * (capacity and the waiting list, run and session states, the last
 * admin, log-ins ended), the audit lines, the audit log's filters and
 * local times.
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
#include "kit/pw.h"
#include "kit/view.h"
#include "college/accounts.h"
#include "college/audit.h"
#include "college/course.h"
#include "college/facilitator.h"
#include "college/manage.h"
#include "college/retention.h"
#include "college/run.h"
#include "college/session.h"
#include "college/staff.h"
#include "college/venue.h"
#include "college/when.h"
#include "fixture.h"

#define DAY	86400

struct fx {
	struct db	*db;
	struct arena	*arena;
	struct view	*v;
	time_t		 now;
	long long	 admin, venue, course;
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
	fx->now = fx_utc(2026, 3, 20, 12, 0);
	fx->admin = fx_sql(fx->db, "INSERT INTO \"user\"(email, name, role, "
	    "pwhash, created_at) VALUES ('jo@example.org', 'Jo', 'admin', 'x', "
	    "0) RETURNING id");
	fx->venue = fx_venue(fx->db, "Hub");
	fx->course = fx_course(fx->db, "anxiety", "Understanding anxiety");
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

static struct view *
fresh(struct fx *fx)
{
	arena_reset(fx->arena);
	assert_non_null(fx->v = view_new(fx->arena));
	return fx->v;
}

static long long
audits(struct fx *fx, const char *action)
{
	return fx_count(fx->db, "SELECT count(*) FROM audit WHERE action = %Q",
	    action);
}

/* A published run with capacity and a session days from now. */
static long long
run(struct fx *fx, int capacity, const char *status, int days)
{
	long long	 r;

	r = fx_run(fx->db, fx->course, capacity, status);
	fx_session(fx->db, r, fx->now + days * DAY, 60, fx->venue,
	    "scheduled");
	return r;
}

/* n bookings of run with status, queued in insertion order. */
static void
book(struct fx *fx, long long r, const char *status, int n)
{
	static int	 serial;
	long long	 l;
	char		 token[32], code[16];

	while (n-- > 0) {
		serial++;
		l = fx_sql(fx->db, "INSERT INTO learner(email, name, "
		    "created_at) VALUES ('m%d@example.org', 'M %d', 0) "
		    "RETURNING id", serial, serial);
		snprintf(token, sizeof(token), "TOKEN%021d", serial);
		snprintf(code, sizeof(code), "C%05d", serial);
		fx_sql(fx->db, "INSERT INTO booking(run_id, learner_id, "
		    "status, token, code, created_at, updated_at, queued_at) "
		    "VALUES (%lld, %lld, %Q, %Q, %Q, 0, 0, %d)", r, l, status,
		    token, code, serial);
	}
}

/* Outbox rows of kind about run's bookings (and session, 0: any). */
static long long
queued(struct fx *fx, const char *kind, long long r, long long session)
{
	return fx_count(fx->db, "SELECT count(*) FROM outbox AS o JOIN booking"
	    " AS b ON b.id = o.booking_id WHERE o.kind = %Q AND b.run_id = %lld"
	    " AND (%lld = 0 OR o.session_id = %lld) AND o.due_at = %lld", kind,
	    r, session, session, (long long)fx->now);
}

static void
test_manage_run_cancel_queues_mail(void **state)
{
	struct fx	*fx = *state;
	long long	 r = run(fx, 2, "published", 3);

	book(fx, r, "confirmed", 2);
	book(fx, r, "waitlisted", 3);
	book(fx, r, "cancelled", 1);
	assert_int_equal(manage_run_status(fx->db, fx->admin, r, "cancelled",
	    fx->now), OUTCOME_OK);
	/* One per confirmed and waiting learner; none for the cancelled. */
	assert_int_equal(queued(fx, "run_cancelled", r, 0), 5);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM outbox"), 5);
	/* Already cancelled: nothing changes, nothing more is sent. */
	assert_int_equal(manage_run_status(fx->db, fx->admin, r, "cancelled",
	    fx->now), OUTCOME_OK);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM outbox"), 5);
}

static void
test_manage_run_cancel_mail_same_transaction(void **state)
{
	struct fx	*fx = *state;
	long long	 r = run(fx, 2, "published", 3);

	book(fx, r, "confirmed", 1);
	book(fx, r, "waitlisted", 1);
	/* The mail cannot be queued: the change must not happen either. */
	fx_refuse(fx->db, "outbox", 1);
	assert_int_equal(manage_run_status(fx->db, fx->admin, r, "cancelled",
	    fx->now), OUTCOME_ERROR);
	assert_int_equal(fx_count(fx->db, "SELECT status = 'published' FROM run"
	    " WHERE id = %lld", r), 1);
	assert_int_equal(audits(fx, "run.cancel"), 0);
	fx_refuse(fx->db, "outbox", 0);
	assert_int_equal(manage_run_status(fx->db, fx->admin, r, "cancelled",
	    fx->now), OUTCOME_OK);
	assert_int_equal(queued(fx, "run_cancelled", r, 0), 2);
}

static void
test_manage_session_changes_queue_mail(void **state)
{
	struct fx		*fx = *state;
	struct manage_session	 s;
	long long		 r = run(fx, 2, "published", 3), sid, other;
	char			 detail[128];

	sid = fx_count(fx->db, "SELECT id FROM session WHERE run_id = %lld", r);
	other = fx_venue(fx->db, "Library");
	book(fx, r, "confirmed", 2);
	book(fx, r, "waitlisted", 1);
	book(fx, r, "cancelled", 1);
	s.start = fx->now + 3 * DAY;
	s.end = s.start + 3600;
	s.venue_id = fx->venue;
	/* Saved unchanged: nobody is told anything. */
	assert_int_equal(manage_session_move(fx->db, fx->admin, sid, &s,
	    fx->now), OUTCOME_OK);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM outbox"), 0);
	s.start += 3600;
	s.end += 3600;
	s.venue_id = other;
	assert_int_equal(manage_session_move(fx->db, fx->admin, sid, &s,
	    fx->now), OUTCOME_OK);
	assert_int_equal(queued(fx, "session_moved", r, sid), 3);
	/* The old time and place, as the change fixed them. */
	snprintf(detail, sizeof(detail), "old_start=%lld;old_end=%lld;"
	    "old_venue=%lld", (long long)(fx->now + 3 * DAY),
	    (long long)(fx->now + 3 * DAY + 3600), fx->venue);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM outbox WHERE"
	    " detail = %Q", detail), 3);
	assert_int_equal(fx_count(fx->db, "SELECT seq FROM session WHERE id ="
	    " %lld", sid), 1);
	assert_int_equal(manage_session_cancel(fx->db, fx->admin, sid,
	    fx->now), OUTCOME_OK);
	assert_int_equal(queued(fx, "session_cancelled", r, sid), 3);
	assert_int_equal(fx_count(fx->db, "SELECT seq FROM session WHERE id ="
	    " %lld", sid), 2);
	/* Refused (already cancelled): nothing more queued. */
	assert_int_equal(manage_session_cancel(fx->db, fx->admin, sid,
	    fx->now), MANAGE_CANCELLED);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM outbox"), 6);
}

static void
test_manage_venue_save_rules(void **state)
{
	struct fx		*fx = *state;
	struct manage_venue	 m = { "Library", "1 Square", "Lift", 0 };
	long long		 id = 0, missing = 999;

	assert_int_equal(manage_venue_save(fx->db, fx->admin, &id, &m),
	    OUTCOME_OK);
	assert_true(id > fx->venue);
	m.name = "Central Library";
	m.online = 1;
	assert_int_equal(manage_venue_save(fx->db, fx->admin, &id, &m),
	    OUTCOME_OK);
	assert_int_equal(fx_count(fx->db, "SELECT name = 'Central Library' AND "
	    "online = 1 FROM venue WHERE id = %lld", id), 1);
	assert_int_equal(manage_venue_save(fx->db, fx->admin, &missing, &m),
	    OUTCOME_NOT_FOUND);
	assert_int_equal(audits(fx, "venue.add"), 1);
	assert_int_equal(audits(fx, "venue.edit"), 1);
	assert_int_equal(manage_venue_get(fx->db, id, fresh(fx)), 0);
	assert_string_equal(view_lookup_here(fx->v, "access")->s, "Lift");
	assert_int_equal(manage_venue_get(fx->db, 999, fresh(fx)), 1);
}

static void
test_manage_course_save_rules(void **state)
{
	struct fx		*fx = *state;
	struct manage_course	 m = { "sleep", "Sleep", "", "", 0, "draft" };
	long long		 id = 0, other = 0;

	assert_int_equal(manage_course_save(fx->db, fx->admin, &id, &m),
	    OUTCOME_OK);
	/* Its own slug again is fine; another course's is not. */
	m.title = "Sleep well";
	assert_int_equal(manage_course_save(fx->db, fx->admin, &id, &m),
	    OUTCOME_OK);
	m.slug = "anxiety";
	assert_int_equal(manage_course_save(fx->db, fx->admin, &id, &m),
	    MANAGE_DUPLICATE);
	assert_int_equal(manage_course_save(fx->db, fx->admin, &other, &m),
	    MANAGE_DUPLICATE);
	assert_int_equal(other, 0);
	m.slug = "sleep";
	m.topic_id = 999;
	assert_int_equal(manage_course_save(fx->db, fx->admin, &id, &m),
	    MANAGE_BAD_REF);
	m.topic_id = fx_sql(fx->db, "INSERT INTO topic(slug, name) VALUES "
	    "('w', 'Wellbeing') RETURNING id");
	assert_int_equal(manage_course_save(fx->db, fx->admin, &id, &m),
	    OUTCOME_OK);
	assert_int_equal(fx_count(fx->db, "SELECT topic_id = %lld AND title = "
	    "'Sleep well' FROM course WHERE id = %lld", m.topic_id, id), 1);
	assert_int_equal(audits(fx, "course.add"), 1);
	assert_int_equal(audits(fx, "course.edit"), 2);
}

/* Lowering capacity under the confirmed is refused; raising it
 * confirms from the waiting list, in queue order. */
static void
test_manage_run_update_capacity(void **state)
{
	struct fx	*fx = *state;
	long long	 r, conf;
	int		 promoted;

	r = run(fx, 3, "published", 5);
	book(fx, r, "confirmed", 3);
	book(fx, r, "waitlisted", 3);
	assert_int_equal(manage_run_update(fx->db, fx->admin, r, 2, "",
	    fx->now, &conf, &promoted), MANAGE_BELOW_CONFIRMED);
	assert_int_equal(conf, 3);
	assert_int_equal(fx_count(fx->db, "SELECT capacity FROM run WHERE id = "
	    "%lld", r), 3);
	assert_int_equal(manage_run_update(fx->db, fx->admin, r, 3, "link",
	    fx->now, &conf, &promoted), OUTCOME_OK);
	assert_int_equal(promoted, 0);
	assert_int_equal(manage_run_update(fx->db, fx->admin, r, 5, "link",
	    fx->now, &conf, &promoted), OUTCOME_OK);
	assert_int_equal(promoted, 2);
	/* The first two in the queue, the third still waiting. */
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM booking WHERE "
	    "run_id = %lld AND status = 'confirmed'", r), 5);
	assert_int_equal(fx_count(fx->db, "SELECT status = 'waitlisted' FROM "
	    "booking WHERE run_id = %lld ORDER BY queued_at DESC LIMIT 1", r),
	    1);
	assert_int_equal(audits(fx, "booking.promote"), 2);
	assert_int_equal(audits(fx, "run.edit"), 2);
	assert_int_equal(manage_run_update(fx->db, fx->admin, 999, 5, "",
	    fx->now, &conf, &promoted), OUTCOME_NOT_FOUND);
}

/* A run that has started, or is not published, promotes no one. */
static void
test_manage_run_update_no_promotion(void **state)
{
	struct fx	*fx = *state;
	long long	 started, draft, conf;
	int		 promoted;

	started = run(fx, 1, "published", -1);
	book(fx, started, "confirmed", 1);
	book(fx, started, "waitlisted", 1);
	assert_int_equal(manage_run_update(fx->db, fx->admin, started, 4, "",
	    fx->now, &conf, &promoted), OUTCOME_OK);
	assert_int_equal(promoted, 0);
	draft = run(fx, 1, "draft", 5);
	book(fx, draft, "waitlisted", 1);
	assert_int_equal(manage_run_update(fx->db, fx->admin, draft, 4, "",
	    fx->now, &conf, &promoted), OUTCOME_OK);
	assert_int_equal(promoted, 0);
	assert_int_equal(audits(fx, "booking.promote"), 0);
}

static void
test_manage_run_status_rules(void **state)
{
	struct fx		*fx = *state;
	struct manage_session	 s;
	long long		 r = 0, sid, booked;

	assert_int_equal(manage_run_create(fx->db, fx->admin, fx->course, 10,
	    "", &r), OUTCOME_OK);
	assert_int_equal(fx_count(fx->db, "SELECT status = 'draft' FROM run "
	    "WHERE id = %lld", r), 1);
	assert_int_equal(manage_run_status(fx->db, fx->admin, r, "published",
	    fx->now),
	    MANAGE_NO_SESSIONS);
	s.start = fx->now + DAY;
	s.end = s.start + 3600;
	s.venue_id = fx->venue;
	assert_int_equal(manage_session_add(fx->db, fx->admin, r, &s, &sid),
	    OUTCOME_OK);
	assert_int_equal(manage_run_status(fx->db, fx->admin, r, "published",
	    fx->now),
	    OUTCOME_OK);
	assert_int_equal(manage_run_status(fx->db, fx->admin, r, "draft",
	    fx->now),
	    OUTCOME_OK);
	assert_int_equal(manage_run_status(fx->db, fx->admin, r, "published",
	    fx->now),
	    OUTCOME_OK);
	book(fx, r, "waitlisted", 1);
	assert_int_equal(manage_run_status(fx->db, fx->admin, r, "draft",
	    fx->now),
	    MANAGE_BOOKED);
	assert_int_equal(manage_run_status(fx->db, fx->admin, r, "closed",
	    fx->now),
	    MANAGE_BAD_REF);
	assert_int_equal(manage_run_status(fx->db, fx->admin, r, "cancelled",
	    fx->now),
	    OUTCOME_OK);
	/* Cancelled stays cancelled; its bookings keep their status. */
	assert_int_equal(manage_run_status(fx->db, fx->admin, r, "published",
	    fx->now),
	    MANAGE_CANCELLED);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM booking WHERE "
	    "run_id = %lld AND status = 'waitlisted'", r), 1);
	assert_int_equal(manage_session_add(fx->db, fx->admin, r, &s, &sid),
	    MANAGE_CANCELLED);
	assert_int_equal(manage_run_create(fx->db, fx->admin, 999, 10, "",
	    &booked), MANAGE_BAD_REF);
	assert_int_equal(audits(fx, "run.publish"), 2);
	assert_int_equal(audits(fx, "run.unpublish"), 1);
	assert_int_equal(audits(fx, "run.cancel"), 1);
}

static void
test_manage_session_rules(void **state)
{
	struct fx		*fx = *state;
	struct manage_session	 s;
	long long		 r, id;

	r = run(fx, 5, "published", 3);
	s.start = fx->now + DAY;
	s.end = s.start;
	s.venue_id = fx->venue;
	assert_int_equal(manage_session_add(fx->db, fx->admin, r, &s, &id),
	    MANAGE_BAD_TIME);
	s.end = s.start + 5400;
	s.venue_id = 999;
	assert_int_equal(manage_session_add(fx->db, fx->admin, r, &s, &id),
	    MANAGE_BAD_REF);
	s.venue_id = fx->venue;
	assert_int_equal(manage_session_add(fx->db, fx->admin, 999, &s, &id),
	    OUTCOME_NOT_FOUND);
	assert_int_equal(manage_session_add(fx->db, fx->admin, r, &s, &id),
	    OUTCOME_OK);
	s.start += DAY;
	s.end += DAY;
	assert_int_equal(manage_session_move(fx->db, fx->admin, id, &s, fx->now),
	    OUTCOME_OK);
	assert_int_equal(fx_count(fx->db, "SELECT starts_at FROM session WHERE "
	    "id = %lld", id), (long long)s.start);
	assert_int_equal(manage_session_cancel(fx->db, fx->admin, id, fx->now),
	    OUTCOME_OK);
	assert_int_equal(manage_session_cancel(fx->db, fx->admin, id, fx->now),
	    MANAGE_CANCELLED);
	assert_int_equal(manage_session_move(fx->db, fx->admin, id, &s, fx->now),
	    MANAGE_CANCELLED);
	assert_int_equal(manage_session_get(fx->db, id, fresh(fx)), 0);
	assert_int_equal(view_lookup_here(fx->v, "cancelled")->i, 1);
	assert_int_equal(audits(fx, "session.add"), 1);
	assert_int_equal(audits(fx, "session.move"), 1);
	assert_int_equal(audits(fx, "session.cancel"), 1);
}

static void
test_manage_facilitator_rules(void **state)
{
	struct fx	*fx = *state;
	long long	 r, sam;

	r = run(fx, 5, "published", 3);
	sam = fx_sql(fx->db, "INSERT INTO \"user\"(email, name, role, pwhash, "
	    "created_at) VALUES ('sam@example.org', 'Sam', 'educator', 'x', "
	    "0) RETURNING id");
	assert_int_equal(manage_facilitator_set(fx->db, fx->admin, r, sam,
	    "boss"), MANAGE_BAD_REF);
	assert_int_equal(manage_facilitator_set(fx->db, fx->admin, r, 999,
	    "peer"), MANAGE_BAD_REF);
	assert_int_equal(manage_facilitator_set(fx->db, fx->admin, 999, sam,
	    "peer"), OUTCOME_NOT_FOUND);
	assert_int_equal(manage_facilitator_set(fx->db, fx->admin, r, sam,
	    "peer"), OUTCOME_OK);
	assert_int_equal(manage_run_get(fx->db, r, fx->now, fresh(fx)), 0);
	assert_false(view_lookup_here(fx->v, "co_delivered")->i);
	assert_int_equal(manage_facilitator_set(fx->db, fx->admin, r,
	    fx->admin, "clinical"), OUTCOME_OK);
	assert_int_equal(manage_run_get(fx->db, r, fx->now, fresh(fx)), 0);
	assert_true(view_lookup_here(fx->v, "co_delivered")->i);
	/* Setting again changes the role, not the number. */
	assert_int_equal(manage_facilitator_set(fx->db, fx->admin, r, sam,
	    "other"), OUTCOME_OK);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM facilitator "
	    "WHERE run_id = %lld", r), 2);
	assert_int_equal(manage_facilitator_remove(fx->db, fx->admin, r, sam),
	    OUTCOME_OK);
	assert_int_equal(manage_facilitator_remove(fx->db, fx->admin, r, sam),
	    OUTCOME_NOT_FOUND);
	assert_int_equal(audits(fx, "facilitator.set"), 3);
	assert_int_equal(audits(fx, "facilitator.remove"), 1);
}

static void
test_manage_staff_rules(void **state)
{
	struct fx	*fx = *state;
	long long	 kim = 0, dup = 0;
	int		 ok;

	/* Accounts are added by staff_add() (college/staff.h), the one
	 * owner of their rules; manage.c changes them. */
	assert_int_equal(staff_add(fx->db, fx->admin, "kim@example.org",
	    "Kim", "educator", "correct horse battery", fx->now, &kim),
	    STAFF_ADD_OK);
	assert_int_equal(staff_add(fx->db, fx->admin, "kim@example.org",
	    "Kim 2", "admin", "another password!", fx->now, &dup),
	    STAFF_ADD_DUPLICATE);
	assert_int_equal(staff_add(fx->db, fx->admin, "x@example.org",
	    "X", "root", "another password!", fx->now, &dup),
	    STAFF_ADD_BAD_ROLE);
	/* The password is stored as an Argon2id hash that verifies. */
	ok = pw_verify(fx_text(fx->db, "SELECT pwhash FROM \"user\" "
	    "WHERE id = %lld", kim), "correct horse battery");
	assert_int_equal(ok, 1);

	/* Not yourself; not the last admin. */
	assert_int_equal(manage_staff_disable(fx->db, fx->admin, fx->admin, 1),
	    MANAGE_SELF);
	assert_int_equal(manage_staff_disable(fx->db, kim, fx->admin, 1),
	    MANAGE_LAST_ADMIN);
	assert_int_equal(manage_staff_disable(fx->db, fx->admin, 999, 1),
	    OUTCOME_NOT_FOUND);
	/* Disabling ends the account's log-ins. */
	fx_sql(fx->db, "INSERT INTO auth_session VALUES ('h1', %lld, 0, 0)",
	    kim);
	assert_int_equal(manage_staff_disable(fx->db, fx->admin, kim, 1),
	    OUTCOME_OK);
	assert_int_equal(fx_count(fx->db, "SELECT disabled FROM \"user\" WHERE id "
	    "= %lld", kim), 1);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM auth_session "
	    "WHERE user_id = %lld", kim), 0);
	assert_int_equal(manage_staff_disable(fx->db, fx->admin, kim, 0),
	    OUTCOME_OK);
	/* A new password ends them too. */
	fx_sql(fx->db, "INSERT INTO auth_session VALUES ('h2', %lld, 0, 0)",
	    kim);
	assert_int_equal(manage_staff_password(fx->db, fx->admin, kim,
	    "a brand new password"), OUTCOME_OK);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM auth_session "
	    "WHERE user_id = %lld", kim), 0);
	assert_int_equal(manage_staff_password(fx->db, fx->admin, 999,
	    "a brand new password"), OUTCOME_NOT_FOUND);
	assert_int_equal(audits(fx, "user.add"), 1);
	assert_int_equal(audits(fx, "user.disable"), 1);
	assert_int_equal(audits(fx, "user.enable"), 1);
	assert_int_equal(audits(fx, "user.password"), 1);
	/* Nothing in the audit log says a password. */
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM audit WHERE "
	    "detail LIKE '%%password%%' OR detail LIKE '%%horse%%'"), 0);
}

static void
test_manage_retention_set_range(void **state)
{
	struct fx	*fx = *state;

	assert_int_equal(manage_retention_set(fx->db, fx->admin, 0),
	    MANAGE_BAD_REF);
	assert_int_equal(manage_retention_set(fx->db, fx->admin, 241),
	    MANAGE_BAD_REF);
	assert_int_equal(manage_retention_set(fx->db, fx->admin, 36),
	    OUTCOME_OK);
	assert_int_equal(fx_count(fx->db, "SELECT value FROM setting WHERE key "
	    "= 'retention_months'"), 36);
	assert_int_equal(audits(fx, "setting.retention"), 1);
}

static void
test_manage_audit_filters(void **state)
{
	struct fx			*fx = *state;
	struct manage_audit_filter	 f;
	int				 i;

	for (i = 0; i < MANAGE_AUDIT_PAGE + 5; i++)
		fx_sql(fx->db, "INSERT INTO audit(at, user_id, action, detail) "
		    "VALUES (%d, %lld, 'export.attendance', 'x')", 1000 + i,
		    fx->admin);
	fx_sql(fx->db, "INSERT INTO audit(at, user_id, action, detail) VALUES "
	    "(5000, NULL, 'learner.erase', 'learner 1')");
	fx_sql(fx->db, "INSERT INTO audit(at, user_id, action, detail) VALUES "
	    "(5001, NULL, 'export_x', 'underscore')");
	memset(&f, 0, sizeof(f));
	assert_int_equal(manage_audit(fx->db, &f, fresh(fx)), 0);
	assert_int_equal(view_lookup_here(fx->v, "total")->i,
	    MANAGE_AUDIT_PAGE + 7);
	assert_int_equal(view_lookup_here(fx->v, "audit")->nrows,
	    MANAGE_AUDIT_PAGE);
	assert_int_equal(view_lookup_here(fx->v, "pages")->i, 2);
	assert_true(view_lookup_here(fx->v, "has_next")->i);
	/* Newest first; a line with no user is the system's. */
	assert_string_equal(view_lookup_here(
	    view_lookup_here(fx->v, "audit")->rows->scope, "who")->s, "System");
	f.page = 2;
	assert_int_equal(manage_audit(fx->db, &f, fresh(fx)), 0);
	assert_int_equal(view_lookup_here(fx->v, "audit")->nrows, 7);
	assert_false(view_lookup_here(fx->v, "has_next")->i);
	/* A prefix, with _ taken literally. */
	memset(&f, 0, sizeof(f));
	f.action = "export.";
	assert_int_equal(manage_audit(fx->db, &f, fresh(fx)), 0);
	assert_int_equal(view_lookup_here(fx->v, "total")->i,
	    MANAGE_AUDIT_PAGE + 5);
	f.action = "export_";
	assert_int_equal(manage_audit(fx->db, &f, fresh(fx)), 0);
	assert_int_equal(view_lookup_here(fx->v, "total")->i, 1);
	/* By user and by time. */
	memset(&f, 0, sizeof(f));
	f.user = fx->admin;
	f.from = 1000;
	f.to = 1010;
	assert_int_equal(manage_audit(fx->db, &f, fresh(fx)), 0);
	assert_int_equal(view_lookup_here(fx->v, "total")->i, 10);
}

static void
test_manage_local_time_zone(void **state)
{
	time_t	 t;

	(void)state;
	assert_int_equal(manage_local_time("2026-03-20", "10:30", &t), 0);
	assert_int_equal(t, fx_utc(2026, 3, 20, 10, 30));
	/* Summer time: 10:30 in London is 09:30 UTC. */
	assert_int_equal(manage_local_time("2026-07-01", "10:30", &t), 0);
	assert_int_equal(t, fx_utc(2026, 7, 1, 9, 30));
	assert_int_equal(manage_local_time("2026-02-30", "10:30", &t), -1);
	assert_int_equal(manage_local_time("2026-03-20", "24:00", &t), -1);
	assert_int_equal(manage_local_time("2026-03-20", "9:30", &t), -1);
	assert_int_equal(manage_local_time("2026-03-20", NULL, &t), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_manage_venue_save_rules,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_manage_course_save_rules,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_manage_run_update_capacity,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_manage_run_update_no_promotion, setup, teardown),
		cmocka_unit_test_setup_teardown(test_manage_run_status_rules,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_manage_session_rules,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_manage_run_cancel_queues_mail, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_manage_run_cancel_mail_same_transaction, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_manage_session_changes_queue_mail, setup, teardown),
		cmocka_unit_test_setup_teardown(test_manage_facilitator_rules,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_manage_staff_rules,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_manage_retention_set_range,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_manage_audit_filters,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_manage_local_time_zone,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
