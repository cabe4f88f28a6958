/*
 * timetable.h: the sessions of a run as a learner is told them, read
 * once for every reader: the booking page and its calendar file
 * (booking.c) and the mail (mail.c).
 *
 * A row is a session with its venue: when it starts and ends, whether
 * the session itself is cancelled (a cancelled run is the caller's
 * business), where it is, and its revision (session.seq, sql/008) for
 * calendar updates. Rows come in time order.
 */
#ifndef COLLEGE_TIMETABLE_H
#define COLLEGE_TIMETABLE_H

#include <stddef.h>
#include <time.h>

struct arena;
struct db;
struct db_stmt;

struct timetable_row {
	long long	 id;
	time_t		 start, end;
	int		 cancelled;	/* the session (not the run) */
	const char	*venue, *address, *access;
	int		 online;
	long long	 seq;		/* session.seq */
};

/*
 * The current row of st (STMT_TIMETABLE_RUN or STMT_TIMETABLE_ONE)
 * into r. Its strings are the statement's: they last until the next
 * step or reset.
 */
void		 timetable_read(struct db_stmt *st, struct timetable_row *r);
/*
 * Every session of run into *out (n of them), strings copied into the
 * arena. 0 or -1.
 */
int		 timetable_of_run(struct db *, struct arena *, long long run,
		    struct timetable_row **out, size_t *n);
/* Session id into *r, strings in the arena. 0, 1 if there is none, -1. */
int		 timetable_one(struct db *, struct arena *, long long id,
		    struct timetable_row *r);

/*
 * Where a session is, in the language in use: "Hope Hub, 1 Park Road";
 * "Online", or "Online: {venue}" for an online one. The mailed
 * calendar's LOCATION, the mails' lists and the booking page's
 * calendar's. In the arena; NULL when out of memory.
 */
const char	*timetable_place(struct arena *, const char *venue,
		    const char *address, int online);
/* "Access: {access}" in the language in use, in the arena (a session's
 * access notes, in a mail's list and a calendar's DESCRIPTION). */
const char	*timetable_access(struct arena *, const char *access);

#endif
