/*
 * outcome.h: what a call that looks something up or changes something
 * answers, with one meaning everywhere.
 *
 *   OUTCOME_ERROR	-1	the database or the system failed; nothing
 *				was changed (a change rolled back)
 *   OUTCOME_OK		 0	found, or done
 *   OUTCOME_NOT_FOUND	 1	no such thing, or none this caller may know
 *				of (a stranger is told the same)
 *
 * A module whose calls can answer more (a slug already taken, a run
 * that is full) lists its own outcomes in an enum that starts at
 * OUTCOME__SHARED, so its values never collide with these; the shared
 * ones keep these values in every module. Programs turn an outcome
 * into an HTTP status with resp_outcome() (kit/http.h), after
 * answering the module's own outcomes themselves (usually a 422 page
 * that says what to change).
 *
 * A lookup that answers "0, 1 if none, -1" answers these very values.
 * The enums of booking.h, attendance.h, mail.h and staff.h give the
 * shared values their own names (BOOKING_ERROR, CHECKIN_DONE; and
 * CHECKIN_UNKNOWN and STAFF_SESSION_NONE are OUTCOME_NOT_FOUND) and
 * number their other outcomes from OUTCOME__SHARED too, so no module's
 * outcome can be read as "not found" by mistake.
 */
#ifndef KIT_OUTCOME_H
#define KIT_OUTCOME_H

enum outcome {
	OUTCOME_ERROR = -1,
	OUTCOME_OK = 0,
	OUTCOME_NOT_FOUND = 1,
	OUTCOME__SHARED		/* a module's own outcomes start here */
};

#endif
