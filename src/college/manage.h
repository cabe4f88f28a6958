/*
 * manage.h: what a change made by the college office answers, and the
 * sentence that tells a person about it.
 *
 * The office's records each have their module: venue.h, course.h,
 * run.h, session.h, facilitator.h, accounts.h (staff accounts),
 * retention.h (the retention setting) and audit.h (reading the audit
 * log). Every change is one BEGIN IMMEDIATE transaction with its audit
 * line (who: by, a user id; 0 for the system). Audit details name
 * things by id, never a learner by name. Lists fill a struct view (the
 * variables each header lists are an interface: templates and JSON);
 * the forms' values are validated by the caller (cgi-bin/admin/) and
 * checked again where the database must agree (a slug or email already
 * taken, a capacity below the confirmed bookings, an end before a
 * start). manage_db.h has what the modules share to do so.
 */
#ifndef COLLEGE_MANAGE_H
#define COLLEGE_MANAGE_H

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

#endif
