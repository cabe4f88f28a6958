/*
 * run.h: the runs of a course (its dates), as the office keeps them
 * (manage.h says how changes are made and what they answer).
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
 */
#ifndef COLLEGE_RUN_H
#define COLLEGE_RUN_H

#include <time.h>

#include "college/manage.h"

struct db;
struct view;

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
 * An outcome: OUTCOME_OK, OUTCOME_NOT_FOUND, OUTCOME_ERROR.
 */
int	manage_run_get(struct db *, long long id, time_t now, struct view *);
/* A new draft run of course with capacity and online details. */
int	manage_run_create(struct db *, long long by,
	    long long course, long long capacity, const char *online,
	    long long *id);
/*
 * New capacity and online details for run id at now. *confirmed gets
 * the confirmed bookings (for the message on MANAGE_BELOW_CONFIRMED),
 * *promoted how many were confirmed from the waiting list.
 */
int	manage_run_update(struct db *, long long by,
	    long long id, long long capacity, const char *online, time_t now,
	    long long *confirmed, int *promoted);
/* status "published", "cancelled" or "draft", as the rules above. A
 * run cancelled queues MAIL_RUN_CANCELLED at now to everyone holding
 * or waiting for a place, in the same transaction. */
int	manage_run_status(struct db *, long long by,
	    long long id, const char *status, time_t now);

#endif
