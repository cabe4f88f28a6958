/*
 * booking.h: learners' bookings: a place on a run or on its waiting
 * list, found again by the booking's token, cancelled by the learner.
 * Nothing here knows HTTP; the pages' variables are filled into a
 * struct view (kit/view.h), which renders as HTML or JSON.
 *
 * The rules.
 * - A run is bookable while it and its course are published, it is not
 *   cancelled, and its first scheduled session has not started.
 * - A learner is a person: an email (trimmed, ASCII lowercased) and the
 *   name they gave. A booking reuses a learner only when both match
 *   (the name trimmed, ASCII case-insensitive) and that learner has no
 *   live booking on the run; else it creates a learner with what was
 *   typed. It never changes an existing learner (name, phone, consent,
 *   creation). So two people who share an address each book under
 *   their own name.
 * - The answer to a learner's booking never depends on whether the
 *   address is known: the run is checked first, then the client's cap
 *   (BOOKING_CLIENT_MAX an hour), and then a booking is made, for a
 *   known address or a new one alike, by the same statements. A
 *   confirmation goes to the address (the outbox), which is how its
 *   owner learns of a booking made by someone else.
 * - Capacity is never exceeded: each change is one BEGIN IMMEDIATE
 *   transaction, so bookings of a run are decided one at a time. A new
 *   booking is confirmed while confirmed < capacity, else waitlisted.
 * - The waiting list is ordered by (queued_at, id) (sql/002); a
 *   booking's position is 1 + the waitlisted bookings of its run before
 *   it. A cancelled booking made again goes to the end.
 * - A learner has one booking per run. Booking the same run again from
 *   the browser that made the booking (same csrf cookie, stored as a
 *   SHA-256), for the same email and name, returns that booking; from
 *   any other browser it is a new booking of a new learner, so knowing
 *   someone's email address gives neither their booking nor a hint.
 * - Two credentials: the manage token (the booking link) and the
 *   check-in token (the QR code, /c/{token}), derived from the manage
 *   token by booking_checkin_token(), so a scanned code cannot manage
 *   the booking. Only SHA-256 hashes of both are stored, and the manage
 *   token sealed (crypto_secretbox) under a key file beside the
 *   database (TESSERA_KEY_FILE, default the database path + ".key"),
 *   created mode 0600 by the first writer if absent, so that later
 *   mail can carry the link and a copy of the database alone cannot.
 * - Every change queues its mail (college/outbox.h) in its own
 *   transaction: confirmed, waitlisted ("position=N"), promoted (in
 *   booking_fill, for every path that promotes), cancelled.
 * - Cancelling a confirmed booking frees its place and, in the same
 *   transaction, confirms the first on the waiting list, unless the run
 *   has started or is not published. Cancelling twice does nothing.
 *
 * Times are passed in (college_now() in the programs) so that tests
 * can fix them. Statements are the STMT_BOOKING_* of college/stmts.h.
 */
#ifndef COLLEGE_BOOKING_H
#define COLLEGE_BOOKING_H

#include <stddef.h>
#include <time.h>

#include "kit/outcome.h"
#include "kit/token.h"

struct arena;
struct db;
struct sink;
struct view;

#define BOOKING_CODE_LEN	6	/* characters in a check-in code */
/* No look-alikes (0/O, 1/I, 2/Z, 5/S, 8/B): read aloud at the door. */
#define BOOKING_CODE_ALPHABET	"ACDEFGHJKLMNPQRTUVWXY34679"
#define BOOKING_CODE_TRIES	8	/* new token and code on a collision */
#define BOOKING_NAME_MAX	100	/* characters in a name */
#define BOOKING_PHONE_MAX	30	/* characters in a phone number */
#define BOOKING_NEEDS_MAX	1000	/* characters of support needs */
#define BOOKING_EMAIL_MAX	254	/* characters (RFC 5321, 4.5.3.1.3) */
/* A buffer that holds any normalised email: 4 UTF-8 bytes a character. */
#define BOOKING_EMAIL_BUF	(BOOKING_EMAIL_MAX * 4 + 1)
#define BOOKING_HASH_HEX	64	/* hex digits of a SHA-256 */
#define BOOKING_CLIENT_MAX	6	/* new bookings per client an hour */
#define BOOKING_CLIENT_WINDOW	3600	/* seconds the cap counts over */
#define BOOKING_CLIENT_KEY_MAX	64	/* bytes of a client address kept */
#define BOOKING_KEY_BYTES	32	/* the sealing key (crypto_secretbox) */
#define BOOKING_CHECKIN_LABEL	"tessera check-in"	/* derivation label */

enum booking_status {
	BOOKING_CONFIRMED,
	BOOKING_WAITLISTED,
	BOOKING_CANCELLED,
	BOOKING_STATUS__MAX
};

/* Why a run cannot be booked; BOOKING_OPEN when it can. */
enum booking_closed {
	BOOKING_OPEN = 0,
	BOOKING_NO_RUN,		/* no such run */
	BOOKING_NOT_OPEN,	/* run or course a draft, or no session scheduled */
	BOOKING_RUN_CANCELLED,	/* the college cancelled the run */
	BOOKING_STARTED,	/* its first session has started */
	BOOKING_CLOSED__MAX
};

enum booking_result {
	BOOKING_ERROR = OUTCOME_ERROR,	/* database error, out of randomness */
	BOOKING_MADE = OUTCOME_OK,	/* a new booking, or a cancelled one made again */
	BOOKING_SAME = OUTCOME__SHARED,	/* this browser's existing booking,
					 * unchanged */
	BOOKING_ELSEWHERE,	/* no longer returned: a booking from another
				 * browser is a booking of its own (006) */
	BOOKING_REFUSED,	/* the run cannot be booked: see closed */
	BOOKING_INVALID,	/* a field out of bounds (validate first) */
	BOOKING_LIMITED		/* this client has booked BOOKING_CLIENT_MAX
				 * places in the last hour: nothing done */
};

/* What a learner sends. Strings are borrowed for the call. */
struct booking_request {
	long long	 run_id;
	const char	*name;		/* 1..BOOKING_NAME_MAX characters */
	const char	*email;		/* normalised here again */
	const char	*phone;		/* NULL or "" if not given */
	const char	*needs;		/* NULL or "" if none */
	const char	*browser;	/* the browser's csrf token, or NULL */
	const char	*client;	/* REMOTE_ADDR, or NULL: the cap */
	const char	*lang;		/* the page's language tag, or NULL:
					 * recorded with the booking, in its
					 * transaction (lang_booking_set) */
	long long	 by_user;	/* 0: the learner; else the staff user
					 * booking for them (no browser rule,
					 * no cap, audited "booking.office") */
};

/* A booking as the programs need it. */
struct booking_ref {
	long long		 id;
	long long		 run_id;
	enum booking_status	 status;
	long long		 position;	/* waitlisted: 1, 2, ...; else 0 */
	enum booking_closed	 closed;	/* with BOOKING_REFUSED */
	char			 token[TOKEN_B32_LEN + 1];	/* manage */
	char			 checkin[TOKEN_B32_LEN + 1];	/* QR, /c/ */
	char			 code[BOOKING_CODE_LEN + 1];
};

/* A booking with its run and course, from booking_find(). */
struct booking_info {
	struct booking_ref	 ref;
	const char		*course_slug;	/* in the arena */
	const char		*course_title;	/* in the arena */
	const char		*online_details; /* in the arena; "" if none */
	long long		 capacity;
	int			 run_published;
	int			 run_cancelled;
	time_t			 first_start;	/* first scheduled session; 0: none */
	int			 started;	/* first_start <= now */
};

/*
 * Book req->run_id for the person req->name at req->email at time now.
 * On BOOKING_MADE and BOOKING_SAME, out is the booking (status,
 * position, token, checkin, code); on BOOKING_REFUSED, out->closed says
 * why. BOOKING_LIMITED: the client's cap. BOOKING_ELSEWHERE is no
 * longer returned. Nothing is written unless the result is BOOKING_MADE
 * (then the mail is queued in the same transaction).
 */
enum booking_result booking_create(struct db *,
		    const struct booking_request *req, time_t now,
		    struct booking_ref *out);

/*
 * Cancel the booking with token at time now, promoting from the waiting
 * list as the rules say; *promoted (may be NULL) gets how many were
 * confirmed. Returns 0 (cancelled now, or it already was), 1 if there
 * is no such booking, -1 on error.
 */
int		 booking_cancel(struct db *, const char *token, time_t now,
		    int *promoted);

/*
 * Confirm the first on run's waiting list, in queue order, while fewer
 * than capacity are confirmed; each promotion is audited as
 * "booking.promote" by staff user by (0: the system). Call inside the
 * caller's BEGIN IMMEDIATE transaction; it decides whether the run may
 * take promotions. *confirmed gets the confirmed count after; *promoted
 * is increased by the number confirmed. 0 or -1.
 */
int		 booking_fill(struct db *, long long by, long long run,
		    long long capacity, time_t now, long long *confirmed,
		    int *promoted);

/*
 * Cancel booking id for the office: as booking_cancel, audited as
 * "booking.office_cancel" by by_user. 0 (cancelled now, or it already
 * was), 1 if there is no such booking, -1 on error.
 */
int		 booking_cancel_id(struct db *, long long booking_id,
		    long long by_user, time_t now, int *promoted);

/*
 * Move booking id to run to_run, another run of the same course, by
 * staff user by_user, in one transaction: a place there if one is free
 * (else the end of its waiting list), the old place freed with
 * promotion, the new run's mail queued (MAIL_CONFIRMED or
 * MAIL_WAITLISTED), audited "booking.move". out is the booking after.
 * Returns BOOKING_MOVED; BOOKING_MOVE_NONE if there is no such
 * booking; BOOKING_MOVE_REFUSED if it is cancelled, or to_run is not
 * another bookable run of the same course, or the learner is on to_run
 * already (out->closed says why when it is the run); BOOKING_MOVE_ERROR
 * on error. The booking keeps its links.
 */
enum booking_move_result {
	BOOKING_MOVE_ERROR = OUTCOME_ERROR,
	BOOKING_MOVED = OUTCOME_OK,
	BOOKING_MOVE_NONE = OUTCOME_NOT_FOUND,
	BOOKING_MOVE_REFUSED = OUTCOME__SHARED
};
enum booking_move_result booking_move(struct db *, long long booking_id,
		    long long to_run, long long by_user, time_t now,
		    struct booking_ref *out);

/*
 * The manage token of booking id, unsealed into out. 0, 1 if the
 * booking has none (erased), -1 on error (no key, a wrong key).
 */
int		 booking_manage_token(struct db *, long long booking_id,
		    char out[TOKEN_B32_LEN + 1]);
/* The check-in token of a manage token: the first 130 bits of
 * SHA-256(BOOKING_CHECKIN_LABEL "\0" manage) in base32. */
void		 booking_checkin_token(const char *manage,
		    char out[TOKEN_B32_LEN + 1]);
/*
 * A key of its own for another purpose (a label such as "tessera mail
 * v1"), derived from the sealing key: HMAC-SHA-256(sealing key, purpose)
 * into out, so that it too is held only beside the database, and knowing
 * it opens no booking link. 0 or -1.
 */
int		 booking_subkey(struct db *, const char *purpose,
		    unsigned char out[BOOKING_KEY_BYTES]);
/*
 * The key a client is counted by in per-client limits (the booking cap,
 * the lost-link page's): SHA-256 (hex) of its address, an IPv6 address
 * by its /64, into out; "" when client (REMOTE_ADDR) is unusable. 0 or
 * -1.
 */
int		 booking_client_key(const char *client,
		    char out[BOOKING_HASH_HEX + 1]);
/* SHA-256 of token in lowercase hex. */
void		 booking_token_hash(const char *token,
		    char out[BOOKING_HASH_HEX + 1]);
/*
 * Make sure the sealing key of this database exists (creating it, mode
 * 0600, from the kernel's randomness if not). 0 or -1 (a message on
 * standard error says why).
 */
int		 booking_key_ensure(struct db *);
/*
 * The sealing key itself, for the database's other sealed data (the
 * outbox's stored messages, which carry the booking link: mailer.c).
 * The caller wipes it (sodium_memzero). 0 or -1.
 */
int		 booking_key(struct db *, unsigned char key[BOOKING_KEY_BYTES]);
/*
 * The upgrade step `tessera init` runs after the migrations: every
 * booking that still holds a plaintext token gets its hashes and sealed
 * token, and the plaintext is blanked, in one transaction. Returns the
 * number converted, or -1.
 */
int		 booking_upgrade(struct db *);

/*
 * Whether a live-or-not booking has this check-in token (a learner who
 * scanned their own code at /c/): 0 yes, 1 no (or not a token), -1 on
 * error. Nothing of the booking is handed back: the code cannot open
 * the booking's page.
 */
int		 booking_checkin_find(struct db *, const char *checkin);

/*
 * Find the booking with token. Returns 0 with info filled (strings in
 * the arena), 1 if there is none (or token is not a valid token), -1
 * on error.
 */
int		 booking_find(struct db *, struct arena *, const char *token,
		    time_t now, struct booking_info *info);

/*
 * Fill v for the booking page. Variables (an interface: templates, the
 * JSON API and tests rely on them):
 *   status		"confirmed", "waitlisted" or "cancelled"
 *   waitlist_position	integer when waitlisted, else null
 *   confirmed, waitlisted, cancelled	bool
 *   status_text	"Your place is confirmed.", "You are number 3 on
 *			the waiting list.", "This booking is cancelled."
 *   run_cancelled	bool, the college cancelled the course
 *   started		bool, the first session has started
 *   show_qr		bool, a confirmed place on a run not cancelled with
 *			a session in person (there is a door to show it at)
 *   show_calendar	bool, a confirmed place on a run not cancelled
 *   can_cancel		bool, the booking is not cancelled
 *   course_title, course_slug
 *   code		the short check-in code; "" unless confirmed (and
 *			the run not cancelled)
 *   in_person, online, online_only	bool, from the sessions not
 *			cancelled: some in person, some online, all online
 *   mailed		bool, a live booking: a confirmation was emailed
 *   keep_link		bool, a live booking: the page's address matters
 *   sessions_count	integer
 *   sessions		loop, in time order: id, date, time_range, start,
 *			end (ISO 8601), venue, address, access, online
 *			(bool), joining (the run's online details, only for
 *			a confirmed booking's online sessions, else ""),
 *			joining_url (the first http(s) address in joining,
 *			else ""), joining_is_url (bool: joining is just it),
 *			past (bool), cancelled (bool), same_place (bool:
 *			same venue and address as the session before)
 *   facilitators	loop: name, role_text ("Peer trainer",
 *			"Clinical trainer", "Facilitator")
 *   has_facilitators	bool
 *   booking_url, qr_url, calendar_url, cancel_url	the booking's pages
 *			(/booking/TOKEN, .../qr.svg, .../calendar.ics,
 *			.../cancel)
 *   contact_email, contact_phone, privacy_notice	the college's
 *			settings (settings.h), "" if not set
 * The program adds only the page's title and the QR code's picture,
 * which is drawn from the request's address.
 * Nothing personal (name, email, phone, support needs) is shown: anyone
 * holding the link sees this page. Returns 0 or -1.
 */
int		 booking_view(struct db *, const struct booking_info *,
		    time_t now, struct view *v);

/*
 * Write the booking's sessions as an iCalendar file (RFC 5545) to sink:
 * one VEVENT per session, cancelled ones (or all, if the booking or run
 * is cancelled) with STATUS:CANCELLED; url (may be NULL) is the booking
 * page. Scratch strings go in the arena. Returns 0 or -1.
 */
int		 booking_calendar(struct db *, struct arena *,
		    const struct booking_info *, const char *url, time_t now,
		    const struct sink *);

/*
 * Fill v for the booking form of run_id and store in *closed why it
 * cannot be booked (BOOKING_OPEN if it can). Variables:
 *   run_id		integer
 *   bookable		bool
 *   closed		"", "not-open", "cancelled" or "started"
 *   closed_text	booking_closed_text(), "" when bookable
 *   course_title, course_slug	"" for a run that is not open
 *   capacity, seats_left	integers; full (bool)
 *   places_text	"3 places left", "1 place left", "Full: you can
 *			join the waiting list"
 *   sessions_count	integer
 *   sessions		loop (none for a run that is not open): date,
 *			time_range, venue, online (bool), cancelled (bool)
 * Returns 0, 1 if there is no such run (v untouched), -1 on error.
 */
int		 booking_run_view(struct db *, long long run_id, time_t now,
		    struct view *v, enum booking_closed *closed);

/* "confirmed", "waitlisted", "cancelled"; "" for anything else. */
const char	*booking_status_word(enum booking_status);
/* A sentence for a person saying why a run cannot be booked, in the
 * language in use ("" when it can be). */
const char	*booking_closed_text(enum booking_closed);

/*
 * Copy email into out (outsz bytes) trimmed of ASCII white space and
 * with ASCII letters lowercased (BOOKING_EMAIL_BUF bytes always
 * suffice). Returns 0, or -1 if the result is empty, longer than
 * BOOKING_EMAIL_MAX characters, has no '@' or does not fit.
 */
int		 booking_email_normalise(char *out, size_t outsz,
		    const char *email);
/* Whether s is a phone number as accepted: 1..BOOKING_PHONE_MAX of
 * digits, spaces and + ( ) -, with at least one digit. */
int		 booking_phone_valid(const char *s);

/* The SEQUENCE of the calendar event of session for booking (sql/008:
 * it grows with every change of either), so that a calendar file
 * downloaded from the booking page agrees with the mailed invitations.
 * -1 on error. */
long long	 booking_event_sequence(struct db *, long long session,
		    long long booking);

#endif
