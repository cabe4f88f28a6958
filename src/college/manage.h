/*
 * manage.h: what the college office keeps: venues, courses, runs and
 * their sessions, facilitators, staff accounts, the retention setting,
 * and the audit log that records every change.
 *
 * Every change is one BEGIN IMMEDIATE transaction with its audit line
 * (who: by, a user id; 0 for the system). Audit details name things by
 * id, never a learner by name. Lists fill a struct view (variables
 * below are an interface: templates and JSON); the forms' values are
 * validated by the caller (cgi-bin/admin.c) and checked again here
 * where the database must agree (a slug or email already taken, a
 * capacity below the confirmed bookings, an end before a start).
 *
 * Rules kept here.
 * - A run's capacity may not go below its confirmed bookings. Raising
 *   it confirms the first on its waiting list (booking.h's rules: only
 *   while the run is published and has not started), audited as
 *   "booking.promote".
 * - A run is published from draft (it needs a scheduled session),
 *   cancelled from draft or published (learners' booking pages then
 *   say so; bookings keep their status so the learner sees what they
 *   had), or taken back to draft from published while nobody holds a
 *   place. A cancelled run stays cancelled.
 * - Sessions of a cancelled run cannot be added, moved or cancelled; a
 *   cancelled session stays cancelled.
 * - The last admin who can log in cannot be disabled, and nobody
 *   disables their own account here.
 * - Disabling an account or setting its password ends its log-ins.
 */
#ifndef COLLEGE_MANAGE_H
#define COLLEGE_MANAGE_H

#include <stddef.h>
#include <time.h>

struct db;
struct view;

#define MANAGE_AUDIT_PAGE	50	/* audit lines on one page */
#define MANAGE_AUDIT_PAGES_MAX	10000	/* pages of the audit log reachable */

enum manage_result {
	MANAGE_ERROR = -1,	/* database error */
	MANAGE_OK = 0,
	MANAGE_NOT_FOUND,	/* no such venue, course, run, session, user */
	MANAGE_DUPLICATE,	/* the slug or email is taken */
	MANAGE_BELOW_CONFIRMED,	/* capacity below the confirmed bookings */
	MANAGE_BAD_TIME,	/* the end is not after the start */
	MANAGE_BAD_REF,		/* an unknown venue, topic, course or user */
	MANAGE_LAST_ADMIN,	/* it would leave no admin able to log in */
	MANAGE_SELF,		/* not on your own account */
	MANAGE_CANCELLED,	/* the run or session is cancelled */
	MANAGE_NO_SESSIONS,	/* publishing a run with no scheduled session */
	MANAGE_BOOKED,		/* back to draft while places are held */
	MANAGE__MAX
};

/* A sentence for a person saying what went wrong. */
const char	*manage_strerror(enum manage_result);

struct manage_venue {
	const char	*name, *address, *access;
	int		 online;
};

struct manage_course {
	const char	*slug, *title, *summary, *description;
	long long	 topic_id;	/* 0: none */
	const char	*status;	/* "draft" or "published" */
};

struct manage_session {
	time_t		 start, end;
	long long	 venue_id;
};

/*
 * venues	loop: id, name, address, online (bool), upcoming (sessions
 *		to come there)
 */
int	manage_venues(struct db *, time_t now, struct view *);
/* name, address, access, online (bool). 0, 1 none, -1. */
int	manage_venue_get(struct db *, long long id, struct view *);
/* Add (*id 0: set to the new id) or change venue *id. */
enum manage_result manage_venue_save(struct db *, long long by,
	    long long *id, const struct manage_venue *);

/* loop name: id, name, online (bool), selected (bool, id == selected). */
int	manage_venue_options(struct db *, long long selected,
	    struct view *, const char *name);
/* loop name: id, name, selected. */
int	manage_topic_options(struct db *, long long selected,
	    struct view *, const char *name);

/*
 * courses	loop: id, slug, title, status, published (bool), topic,
 *		runs, upcoming_runs
 */
int	manage_courses(struct db *, time_t now, struct view *);
/* loop name over courses: id, slug, title, selected (id == selected or
 * slug == selected_slug). */
int	manage_course_options(struct db *, long long selected,
	    const char *selected_slug, struct view *, const char *name);
/* slug, title, summary, description, topic_id, status. 0, 1, -1. */
int	manage_course_get(struct db *, long long id, struct view *);
enum manage_result manage_course_save(struct db *, long long by,
	    long long *id, const struct manage_course *);

/*
 * runs		loop: id, course, course_id, status, capacity, confirmed,
 *		waitlisted, sessions_count, first_date ("" if none),
 *		draft, published, cancelled (bools)
 * course 0 lists every course's; past set also lists runs that are over.
 */
int	manage_runs(struct db *, time_t now, long long course, int past,
	    struct view *);
/*
 * A run's page: id, course_id, course, slug, capacity, status, draft,
 * published, cancelled (bools), online_details, confirmed, waitlisted,
 * first_date, started (bool), sessions loop (id, date, time_range,
 * start_ymd, start_hm, end_hm, venue, online, status, cancelled (bool),
 * past (bool), records), facilitators loop (user_id, name, role,
 * role_text, disabled), co_delivered (bool).
 * 0, 1 if there is none, -1.
 */
int	manage_run_get(struct db *, long long id, time_t now, struct view *);
/* A new draft run of course with capacity and online details. */
enum manage_result manage_run_create(struct db *, long long by,
	    long long course, long long capacity, const char *online,
	    long long *id);
/*
 * New capacity and online details for run id at now. *confirmed gets
 * the confirmed bookings (for the message on MANAGE_BELOW_CONFIRMED),
 * *promoted how many were confirmed from the waiting list.
 */
enum manage_result manage_run_update(struct db *, long long by,
	    long long id, long long capacity, const char *online, time_t now,
	    long long *confirmed, int *promoted);
/* status "published", "cancelled" or "draft", as the rules above. A
 * run cancelled queues MAIL_RUN_CANCELLED at now to everyone holding
 * or waiting for a place, in the same transaction. */
enum manage_result manage_run_status(struct db *, long long by,
	    long long id, const char *status, time_t now);

/* session_id, run_id, course, start_ymd, start_hm, end_hm, venue_id,
 * status, cancelled (bool), run_cancelled (bool). 0, 1, -1. */
int	manage_session_get(struct db *, long long id, struct view *);
enum manage_result manage_session_add(struct db *, long long by,
	    long long run, const struct manage_session *, long long *id);
/* A move (to another time or place) queues MAIL_SESSION_MOVED with the
 * old time and place, a cancellation MAIL_SESSION_CANCELLED, at now,
 * to everyone holding or waiting for a place on the run, in the same
 * transaction. */
enum manage_result manage_session_move(struct db *, long long by,
	    long long id, const struct manage_session *, time_t now);
enum manage_result manage_session_cancel(struct db *, long long by,
	    long long id, time_t now);

/* Add user to run as role ("peer", "clinical", "other"), or change
 * their role. */
enum manage_result manage_facilitator_set(struct db *, long long by,
	    long long run, long long user, const char *role);
enum manage_result manage_facilitator_remove(struct db *, long long by,
	    long long run, long long user);

/*
 * staff	loop: id, name, email, role, admin (bool), disabled (bool),
 *		last_seen ("" if never)
 * and, for the facilitator form, staff_options (active staff: id, name).
 */
int	manage_staff(struct db *, struct view *);
/* staff_options loop only. */
int	manage_staff_options(struct db *, struct view *);
/* id, name, email, role, disabled. 0, 1, -1. */
int	manage_staff_get(struct db *, long long id, struct view *);
/* A new account; the password is hashed here (Argon2id, kit/pw.h). */
enum manage_result manage_staff_add(struct db *, long long by,
	    const char *email, const char *name, const char *role,
	    const char *password, time_t now, long long *id);
enum manage_result manage_staff_disable(struct db *, long long by,
	    long long id, int disabled);
enum manage_result manage_staff_password(struct db *, long long by,
	    long long id, const char *password);

/* Set the retention setting (1..LEARNER_RETENTION_MAX months). */
enum manage_result manage_retention_set(struct db *, long long by,
	    int months);

/* What to list of the audit log; NULL / 0 for any. */
struct manage_audit_filter {
	const char	*action;	/* a prefix: "export", "learner.erase" */
	long long	 user;
	time_t		 from, to;	/* [from, to) */
	int		 page;		/* from 1 */
};

/*
 * audit	loop: at ("2026-03-20 14:05"), who ("System" for none),
 *		action, detail
 * total, page, pages, has_prev, has_next, prev_page, next_page.
 */
int	manage_audit(struct db *, const struct manage_audit_filter *,
	    struct view *);

/*
 * The epoch of local date ymd ("YYYY-MM-DD") at hm ("HH:MM") in the
 * process's zone. 0 or -1.
 */
int	manage_local_time(const char *ymd, const char *hm, time_t *t);

#endif
