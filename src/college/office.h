/*
 * office.h: what the college office sees and does for a learner who
 * phones or comes to reception, beside the booking rules themselves
 * (college/booking.h: booking_create() with by_user, booking_cancel_id(),
 * booking_move(), which this file does not repeat).
 *
 * Nothing here shows support needs: they stay on the learner's page,
 * shown on request and audited (college/learner.h).
 */
#ifndef COLLEGE_OFFICE_H
#define COLLEGE_OFFICE_H

#include <time.h>

struct db;
struct view;

/*
 * Fill v for run's page with who holds a place and who is waiting:
 *   bookings	loop, confirmed first in the order they booked, then the
 *		waiting list in its order: booking_id, learner_id, name,
 *		status ("confirmed", "waitlisted"), confirmed, waitlisted
 *		(bools), position (waiting: 1, 2, ...; else 0), code (the
 *		short check-in code, to read out), booked (a date in words)
 *   has_bookings	bool
 *   move_options	loop: the other runs of the same course that can be
 *		booked at now: run_id, text ("Run 12, starting Tuesday 3
 *		March 2026: 4 places free" or "...: full, a waiting list")
 *   has_move_options	bool
 * Returns 0, or -1 on a database error or out of memory.
 */
int	office_run_bookings(struct db *, long long run, time_t now,
	    struct view *v);

/*
 * The run of booking id into *run: 0, 1 if there is no such booking,
 * -1 on error.
 */
int	office_booking_run(struct db *, long long id, long long *run);

#endif
