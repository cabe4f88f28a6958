/*
 * session.h: the sessions of a run, as the office keeps them (manage.h
 * says how changes are made and what they answer).
 *
 * Rules kept here.
 * - Sessions of a cancelled run cannot be added, moved or cancelled; a
 *   cancelled session stays cancelled.
 * - A session ends after it starts, at a venue that exists.
 */
#ifndef COLLEGE_SESSION_H
#define COLLEGE_SESSION_H

#include <time.h>

#include "college/manage.h"

struct db;
struct view;

struct manage_session {
	time_t		 start, end;
	long long	 venue_id;
};

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

/*
 * The epoch of local date ymd ("YYYY-MM-DD") at hm ("HH:MM") in the
 * process's zone. 0 or -1.
 */
int	manage_local_time(const char *ymd, const char *hm, time_t *t);

#endif
