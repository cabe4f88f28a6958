/*
 * attendance.h: checking learners in, and the rosters staff keep.
 *
 * The rules.
 * - Access: an educator sees and changes only sessions of runs they
 *   facilitate; an admin sees and changes every session. Each function
 *   that takes a struct att_session checks this again itself.
 * - One record per booking and session, whatever the number of scans:
 *   the attendance table's primary key decides (INSERT ... ON
 *   CONFLICT), never a read before the write. A second scan answers
 *   "already checked in", with the first record's time and educator.
 *   A scan of someone marked absent or excused replaces that record:
 *   they have come after all.
 * - Only confirmed bookings are checked in or listed; a cancelled or
 *   waitlisted booking's scan says so and records nothing.
 * - A scan (a booking's token) checks in at the session of the
 *   booking's run that is on today, in the college's time zone; a run
 *   with no session today answers so, with its dates.
 * - A roster tap sets present, late, absent or excused, or undoes
 *   (deletes) the record; tapping the status a record already has keeps
 *   the first record's time and educator.
 * - Support needs are shown only on request, to those who may see the
 *   session, and each showing is written to the audit log first.
 * - A scan may carry a nonce: the same nonce again from the same user
 *   (a retried request) gets the first answer back and records nothing.
 *
 * Times are passed in (college_now() in the programs) so that tests can
 * fix them. Views are filled for templates and JSON (kit/view.h).
 * Statements are the STMT_ATT_* of college/stmts.h.
 */
#ifndef COLLEGE_ATTENDANCE_H
#define COLLEGE_ATTENDANCE_H

#include <stddef.h>
#include <time.h>

#include "kit/outcome.h"
#include "kit/token.h"

struct arena;
struct db;
struct staff_user;
struct view;

#define ATT_DAYS		8	/* /checkin: today and the next seven days */
#define ATT_CODE_MIN		4	/* characters of a short code, typed */
#define ATT_CODE_MAX		16
#define ATT_NONCE_MIN		16	/* characters of a scan nonce */
#define ATT_NONCE_MAX		64
#define ATT_NONCE_KEEP		(24 * 60 * 60)	/* seconds a nonce is kept */
#define ATT_DATES_MAX		30	/* dates listed for "not today" */
#define ATT_SEARCH_MAX		100	/* characters of a roster search */
#define ATT_SCAN_MAX		512	/* bytes of scanned text looked at */
#define ATT_SYNC_MAX		100	/* queued items in one sync request */
#define ATT_SYNC_LINE_MAX	128	/* bytes of one queued item */
#define ATT_CLOCK_EARLY		(60 * 60)	/* a phone time may be this
						 * long before its session */
#define ATT_TODAY_MAX		64	/* sessions kept for one day offline */

enum att_status {
	ATT_PRESENT,
	ATT_LATE,
	ATT_ABSENT,
	ATT_EXCUSED,
	ATT_STATUS__MAX
};

enum att_method {
	ATT_QR,		/* the booking's QR code, scanned */
	ATT_TAP,	/* a tap on the roster */
	ATT_CODE,	/* the short code, typed */
	ATT_PAPER,	/* the printed sheet, typed in afterwards */
	ATT_METHOD__MAX
};

enum checkin_result {
	CHECKIN_ERROR = OUTCOME_ERROR,
	CHECKIN_DONE = OUTCOME_OK,	/* recorded now */
	CHECKIN_UNKNOWN = OUTCOME_NOT_FOUND, /* no booking has this token
					 * or code */
	CHECKIN_ALREADY = OUTCOME__SHARED,	/* recorded before: at and by
					 * say when and who */
	CHECKIN_CANCELLED,	/* the booking is cancelled */
	CHECKIN_WAITLISTED,	/* on the waiting list, not confirmed */
	CHECKIN_NOT_TODAY,	/* no session of the run today */
	CHECKIN_OTHER_RUN,	/* a booking for another run than the session's */
	CHECKIN_FORBIDDEN,	/* not a run this user may check in for */
	CHECKIN_READY,		/* a dry run: this one may be checked in */
	CHECKIN__MAX
};

/* One session as the check-in pages need it. Strings in the arena. */
struct att_session {
	long long	 id;
	long long	 run_id;
	time_t		 starts_at;
	time_t		 ends_at;
	int		 scheduled;	/* neither it nor its run cancelled */
	const char	*course_title;
	const char	*venue;
	int		 online;
	int		 number;	/* its place among the run's sessions, 1.. */
	int		 count;		/* the run's scheduled sessions */
	int		 facilitates;	/* the user asking facilitates its run */
};

/* What a scan or a typed code asks. Strings are borrowed for the call. */
struct checkin_req {
	const char	*token;		/* a booking's token, or NULL */
	const char	*code;		/* or a short code (needs session_id) */
	long long	 session_id;	/* 0: today's session of the booking's run */
	int		 today_only;	/* session_id must be a session today */
	const char	*nonce;		/* NULL, or this scan's nonce */
	enum att_method	 method;
	int		 dry_run;	/* decide only: READY instead of DONE */
};

/* The answer. Strings in the arena; fields not known are 0 or NULL. */
struct checkin {
	enum checkin_result	 result;
	int			 replay;	/* the nonce was seen: first answer */
	long long		 booking_id;
	long long		 run_id;
	long long		 session_id;
	const char		*name;		/* the learner's whole name */
	const char		*course_title;
	enum att_status		 status;	/* DONE, ALREADY: the record */
	time_t			 at;
	const char		*by;		/* who made the record */
	enum att_method		 method;
	long long		 session_run;	/* the session's run */
	time_t			 starts_at;	/* the session, when known */
	time_t			 ends_at;
	int			 number;
	int			 count;
};

/* The words: "present"...; "qr", "tap", "code"; "checked_in"... NULL
 * when out of range. The parsers answer -1 for an unknown word. */
const char	*attendance_status_word(enum att_status);
int		 attendance_status_parse(const char *);
const char	*attendance_method_word(enum att_method);
const char	*attendance_result_word(enum checkin_result);
int		 attendance_result_parse(const char *);

/*
 * The local day of now: *start its midnight, *end the next midnight, in
 * the process's zone (when_set_zone()). 0 or -1.
 */
int		 attendance_day(time_t now, time_t *start, time_t *end);

/* The first word of a name (up to the first space), in the arena. */
const char	*attendance_first_name(struct arena *, const char *name);

/*
 * A typed short code made comparable: spaces and hyphens dropped,
 * letters uppercased; it must then be ATT_CODE_MIN..ATT_CODE_MAX of
 * [A-Z0-9]. Writes out (ATT_CODE_MAX + 1 bytes). 0 or -1.
 */
int		 attendance_code_norm(const char *in, char *out, size_t outsz);

/*
 * The booking token in what a QR code held: a bare token, or an address
 * whose path is /c/TOKEN (anything before /c/ is ignored, a ? or # after
 * the token ends it). Writes out (TOKEN_B32_LEN + 1 bytes). 0 or -1.
 */
int		 attendance_scanned_token(const char *text, char *out,
		    size_t outsz);

/* Whether s is a usable nonce: ATT_NONCE_MIN..MAX of [A-Za-z0-9_-]. */
int		 attendance_nonce_valid(const char *s);

/* Whether user may see and change session s. */
int		 attendance_may(const struct staff_user *,
		    const struct att_session *);

/*
 * Session id as seen by user into *s (facilitates filled for user).
 * 0, 1 when there is no such session, -1 on error. Does not decide
 * access: use attendance_may().
 */
int		 attendance_session(struct db *, struct arena *, long long id,
		    const struct staff_user *, struct att_session *);
/*
 * The session's variables: session_id, course_title, venue, online,
 * date, time_range, session_text ("Session 2 of 6"), today,
 * in_progress, over. 0 or -1.
 */
int		 attendance_session_view(const struct att_session *, time_t now,
		    struct view *);

/*
 * /checkin: the sessions user may see that start today or in the next
 * ATT_DAYS - 1 days, as the loop days (date, label, today, sessions:
 * id, time_range, course_title, venue, online, booked, checked_in,
 * session_text, in_progress, over), and empty, admin. 0 or -1.
 */
int		 attendance_upcoming(struct db *, const struct staff_user *,
		    time_t now, struct view *);

/*
 * The roster of s: counts (booked, present, late, absent, excused,
 * checked_in, unmarked) over every confirmed learner, and the loop
 * learners (booking_id, name, status, status_text, present, late,
 * absent, excused, unmarked, checked_in, at_time, by, method_text,
 * has_needs), filtered by search (NULL or "": everyone; else names
 * containing it, case-insensitively for ASCII), with searched and
 * no_match. OUTCOME_OK; OUTCOME_NOT_FOUND when user may not see s (a
 * session not theirs is one they do not know of); OUTCOME_ERROR.
 */
int		 attendance_roster(struct db *, const struct staff_user *,
		    const struct att_session *, const char *search,
		    struct view *);

/*
 * Check in as q asks, by user, at now: one transaction. out holds the
 * answer (result also returned). A user who may not check in for the
 * booking's run gets CHECKIN_FORBIDDEN, and learns nothing of it. With
 * q->dry_run nothing is written (and no nonce is used): a booking that
 * would be checked in answers CHECKIN_READY.
 */
enum checkin_result attendance_checkin(struct db *, struct arena *,
		    const struct staff_user *, const struct checkin_req *,
		    time_t now, struct checkin *out);
/*
 * The answer that result gave for booking at s, rebuilt for the page a
 * POST redirects to: out as attendance_checkin() filled it, from the
 * booking and its record as they are now. A booking not of s's run is
 * CHECKIN_UNKNOWN; a user who may not see s gets CHECKIN_FORBIDDEN.
 * 0 or -1.
 */
int		 attendance_recall(struct db *, struct arena *,
		    const struct staff_user *, const struct att_session *,
		    enum checkin_result result, long long booking,
		    struct checkin *out);
/* The counts of attendance_roster() alone, for s. 0 or -1. */
int		 attendance_counts(struct db *, const struct att_session *,
		    struct view *);
/*
 * The answer's variables: result (the word), tone ("ok", "warn",
 * "bad", or "info" for a dry run's "ready"), message (a sentence), result_<word> true, replay, first_name,
 * course_title, session_text, at_time, by, by_unnamed (true when whoever
 * recorded it has no name, and by is then "a member of staff"), status
 * (the record's word,
 * for checked_in and already), dates (loop of date, time_range,
 * starts_iso: the run's sessions, for not_today), and booked and
 * checked_in for the session when there is one. 0 or -1.
 */
int		 attendance_checkin_view(struct db *, const struct checkin *,
		    struct view *);

/*
 * A roster tap: set booking's record for s to status what ("present",
 * "late", "absent", "excused"), or delete it ("undo"). OUTCOME_OK
 * done; OUTCOME_NOT_FOUND when no confirmed booking of s's run has that
 * id (or user may not change s, or what is not a word above);
 * OUTCOME_ERROR on error.
 */
int		 attendance_mark(struct db *, const struct staff_user *,
		    const struct att_session *, long long booking,
		    const char *what, time_t now);
/* Mark every confirmed learner of s without a record absent; *n gets
 * how many. OUTCOME_OK; OUTCOME_NOT_FOUND when user may not change s;
 * OUTCOME_ERROR on error. */
int		 attendance_absent_rest(struct db *, const struct staff_user *,
		    const struct att_session *, time_t now, long long *n);
/*
 * The support needs of booking, a confirmed learner of s, for user:
 * the showing is written to the audit log, and only then *name and
 * *needs (in the arena; "" when none were given) are set. 0, 1 when
 * there is no such learner or user may not see s, -1 on error.
 */
int		 attendance_needs(struct db *, struct arena *,
		    const struct staff_user *, const struct att_session *,
		    long long booking, const char **name, const char **needs);

/*
 * Offline check-in (the door with no signal). A phone that has opened
 * today's sessions keeps their rosters (attendance_today()) and queues
 * each scan, tap and typed code with its own nonce and the phone's
 * time; attendance_sync() takes one queued item when the network is
 * back. The rules, on top of those above:
 * - A nonce is used once per user: the item sent again answers as the
 *   first time (with the record as it is now) and changes nothing.
 * - The phone's time is trusted only within [the session's start -
 *   ATT_CLOCK_EARLY, now]: a check-in cannot predate the doors opening
 *   by more than that, nor happen in the future; a time outside is
 *   moved to the nearer bound (the check-in happened; only the clock
 *   was wrong), so a phone set to last year cannot win every race.
 * - Of two check-ins (present or late) of one learner the earlier is
 *   kept, whichever arrived first: an offline scan at 10:01 replaces an
 *   online one at 10:05, and the later phone is told who was first.
 * - A tap on an existing check-in that changes present to late (or
 *   back) changes the status and keeps the first time and educator.
 * - Absent, excused and undo are decisions: the newer by phone time
 *   wins; one older than the record it would change is answered
 *   "changed" and does nothing.
 * - "rest" marks every confirmed learner without a record absent.
 * - Authorisation as online: only sessions the user may change.
 */

enum att_action {
	ATT_DO_PRESENT,
	ATT_DO_LATE,
	ATT_DO_ABSENT,
	ATT_DO_EXCUSED,
	ATT_DO_UNDO,
	ATT_DO_REST,		/* everyone else absent (booking 0) */
	ATT_ACTION__MAX
};

/* One queued item, as the phone sends it. */
struct att_item {
	char		 nonce[ATT_NONCE_MAX + 1];
	long long	 session_id;
	long long	 booking_id;	/* 0 for ATT_DO_REST */
	enum att_action	 action;
	enum att_method	 method;	/* qr, tap or code: never paper */
	time_t		 at;		/* the phone's time */
};

/*
 * One item from its line, "NONCE SESSION BOOKING ACTION METHOD AT":
 * single spaces, ids and at as decimal numbers, action one of present,
 * late, absent, excused, undo, rest, method one of qr, tap, code.
 * 0, or -1 for anything else (nothing is guessed).
 */
int		 attendance_item_parse(const char *line, struct att_item *);

/* The time a check-in made at phone time on session s is recorded at,
 * at server time now: phone, kept within the bounds above. */
time_t		 attendance_clock(const struct att_session *s, time_t phone,
		    time_t now);

/*
 * Apply one queued item for user at now (one transaction) and fill row
 * with the answer: nonce, result (checked_in, already, marked, undone,
 * rest, changed, unknown, forbidden), tone, message (a sentence naming
 * the learner, e.g. "Ana Silva: already checked in at 10:02 by Sam
 * Peer."), replay, booking_id, session_id, name, status (the record's
 * word now, "" for none), at_time, by, count (for rest), and the
 * session's counts as attendance_counts() sets them (not for
 * forbidden). 0, or -1 on error (then nothing was written).
 */
int		 attendance_sync(struct db *, const struct staff_user *,
		    const struct att_item *, time_t now, struct view *row);

/*
 * What a phone keeps for the day: day (YYYY-MM-DD, the college's zone)
 * and the loop sessions (id, course_title, date, time_range, venue,
 * online, learners: booking_id, name, code, hash (booking.checkin_hash:
 * hex SHA-256 of the check-in token, never the token), status, at_time,
 * by) of the sessions today that the
 * user facilitates. Never support needs, email or phone. 0 or -1.
 */
int		 attendance_today(struct db *, const struct staff_user *,
		    time_t now, struct view *);

/*
 * The sign-in sheet of s: the loop learners (booking_id, name, code,
 * status, present, late, absent, unmarked) in name order. No support
 * needs, no contact details. OUTCOME_OK; OUTCOME_NOT_FOUND when user
 * may not see s; OUTCOME_ERROR.
 */
int		 attendance_sheet(struct db *, const struct staff_user *,
		    const struct att_session *, struct view *);

/*
 * Ticks typed back in from a paper sheet of s by user (an admin): for
 * each of n bookings, status[i] is ATT_PRESENT, ATT_LATE, ATT_ABSENT,
 * or -1 for no tick (any record is removed). Recorded with method
 * paper at now, in one transaction with one audit line; a record that
 * already says the same is left as it is. *changed gets how many
 * changed. The arena holds what is read on the way. ATT_PAPER_SAVED;
 * ATT_PAPER_REFUSED when user is no admin or a booking is not a
 * confirmed learner of s (nothing is written); ATT_PAPER_ERROR on error.
 */
enum att_paper_result {
	ATT_PAPER_ERROR = OUTCOME_ERROR,
	ATT_PAPER_SAVED = OUTCOME_OK,
	ATT_PAPER_REFUSED = OUTCOME__SHARED
};
enum att_paper_result attendance_paper(struct db *, struct arena *,
		    const struct staff_user *, const struct att_session *, size_t n,
		    const long long *booking, const int *status, time_t now,
		    long long *changed);

#endif
