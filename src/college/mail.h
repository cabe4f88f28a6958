/*
 * mail.h: the messages the outbox (outbox.h) turns into, and the
 * reminders. This is the contract between mail.c, which writes what a
 * learner reads, and mailer.c, which delivers it (`tessera mail`).
 *
 * mail_compose() turns one outbox row into a message in the language of
 * the row (the booking's, or the page's a lost link was asked from):
 * plain text and HTML bodies in the same warm, plain words as the
 * pages, dates in that language, an optional iCalendar part, and the
 * one-click unsubscribe address for reminders.
 * It never writes anything about support needs. The mailer encodes it
 * (kit/mime.h: RFC 5322, MIME, RFC 2047), stores the bytes in the row
 * before the first attempt, and sends them.
 */
#ifndef COLLEGE_MAIL_H
#define COLLEGE_MAIL_H

#include "kit/outcome.h"

#include <time.h>

#include <stddef.h>

#include "college/outbox.h"

struct arena;
struct db;
struct view;

/* A composed message; every string in the arena, UTF-8. */
struct mail_msg {
	const char	*to;		/* the address */
	const char	*subject;	/* not yet encoded */
	const char	*text;		/* text/plain body, "\n" line ends */
	const char	*html;		/* text/html body, a whole document */
	const char	*ics;		/* NULL, or an iCalendar object */
	const char	*ics_method;	/* with ics: "REQUEST" or "CANCEL" */
	const char	*unsubscribe;	/* NULL, or the RFC 8058 one-click URL */
	const char	*lang;		/* the language it is written in */
};

enum mail_compose_result {
	MAIL_COMPOSE_ERROR = OUTCOME_ERROR, /* database error: try again later */
	MAIL_COMPOSE_OK = OUTCOME_OK,		/* *out is the message */
	MAIL_COMPOSE_DROP = OUTCOME__SHARED /* nothing to send any more (erased,
					 * or a reminder no longer true) */
};

/*
 * Compose outbox row id as of now. base_url is the public address of
 * the site (links in the message), without a trailing slash.
 */
enum mail_compose_result mail_compose(struct db *, struct arena *,
		    long long id, const char *base_url, time_t now,
		    struct mail_msg *out);

/*
 * The sender, from the college's settings: display name (the college's
 * name), From address and Reply-To (the contact address; NULL if the
 * college has none). Strings in the arena. 0 or -1.
 */
int		 mail_sender(struct db *, struct arena *, const char **name,
		    const char **from, const char **reply_to);

/*
 * Queue, in one transaction, every reminder due by now (sessions that
 * start within the college's reminder window and have had none).
 * Returns how many were queued, or -1.
 */
int		 mail_queue_reminders(struct db *, time_t now);

/* --- Events outside the booking program, and the pages about mail --- */

#define MAIL_REMINDER_HOURS	48	/* default of the reminder_hours setting */
#define MAIL_REMINDER_HOURS_MAX	(24 * 14) /* a fortnight at most */
/* "<booking id>-<26 base32>": the stop-reminders key in a link. */
#define MAIL_RKEY_MAX		(18 + 1 + 26)
#define MAIL_LOST_ADDR_MAX	3	/* lost-link mails per address ... */
#define MAIL_LOST_CLIENT_MAX	20	/* ... requests per client ... */
#define MAIL_LOST_WINDOW	3600	/* ... per this many seconds */
#define MAIL_SENT_LIST_MAX	50	/* messages listed on a learner's page */
#define MAIL_UNREACHABLE_MAX	20	/* learners listed on the dashboard */
#define MAIL_BRING_MAX		500	/* characters of a run's "what to bring" */

/*
 * Queue kind (MAIL_RUN_CANCELLED, MAIL_SESSION_MOVED,
 * MAIL_SESSION_CANCELLED) to every confirmed and waitlisted booking of
 * run, about session (0: none), with detail. Call inside the caller's
 * write transaction. Returns the number queued, or -1.
 */
int		 mail_queue_run(struct db *, enum mail_kind, long long run,
		    long long session, const char *detail, time_t now);

/*
 * The stop-reminders key of booking into out (MAIL_RKEY_MAX + 1
 * bytes): the booking id and a MAC of it under a key derived from the
 * key file (booking_subkey()), so that the link names nothing else and
 * cannot manage the booking. 0 or -1.
 */
int		 mail_reminder_key(struct db *, long long booking, char *out,
		    size_t outsz);
/* The booking a key names, or 0 if the key is not one of ours. -1 on
 * a database error. */
long long	 mail_reminder_booking(struct db *, const char *key);
/* Turn the reminders of booking's learner on (1) or off (0). 0, 1 if
 * there is no such learner any more, -1. */
int		 mail_reminders_set(struct db *, long long booking, int on);
/* Whether booking's learner gets reminders (*on) and the course's
 * title (in the arena). 0, 1 if none, -1. */
int		 mail_reminders_get(struct db *, struct arena *,
		    long long booking, int *on, const char **title);

enum mail_lost_result {
	MAIL_LOST_ERROR = OUTCOME_ERROR,
	MAIL_LOST_QUEUED = OUTCOME_OK,	/* a message is on its way */
	MAIL_LOST_ADDR_LIMIT = OUTCOME__SHARED, /* too many for this
				 * address: answer as if queued, so a
				 * limit says nothing */
	MAIL_LOST_CLIENT_LIMIT	/* too many from this client: 429 */
};
/*
 * "Lost your link?": queue MAIL_LOST to email (normalised by the
 * caller) for client (REMOTE_ADDR; counted as booking_client_key()
 * counts it, an IPv6 address by its /64; NULL: one "unknown" client)
 * at now, within the limits above, to be written in lang (the page's
 * language tag; NULL: English). Neither address is stored as it is:
 * only keyed hashes. One transaction.
 */
enum mail_lost_result mail_lost_request(struct db *, const char *email,
		    const char *client, const char *lang, time_t now);

/*
 * The office's view of a learner's mail into v:
 *   mail	loop, newest first: kind_text, course, when, state
 *		("queued", "sent", "failed"), queued, sent, failed (bools),
 *		sent_when, reply (the server's last reply, for failed)
 *   has_mail	bool
 * Never a message's words. 0 or -1.
 */
int		 mail_learner_view(struct db *, long long learner, struct view *v);
/*
 * The dashboard's learners we could not email:
 *   unreachable	loop: id, name, when
 *   unreachable_count	integer (at most MAIL_UNREACHABLE_MAX)
 * 0 or -1.
 */
int		 mail_unreachable_view(struct db *, struct view *v);
/* What to bring to run's sessions into *text (in the arena; "" for
 * none). 0, 1 if there is no such run, -1. */
int		 mail_bring_get(struct db *, struct arena *, long long run,
		    const char **text);
/* Set it (validated by the caller: at most MAIL_BRING_MAX characters),
 * audited by user by. 0, 1 if there is no such run, -1. */
int		 mail_bring_set(struct db *, long long by, long long run,
		    const char *text);

/*
 * The office resends the links of learner's booking (MAIL_RESEND),
 * audited as "mail.resend" by user by; learner 0 for whoever holds the
 * booking (the run's page acts on the booking alone). The one owner of
 * a resend. OUTCOME_OK; OUTCOME_NOT_FOUND if learner has no such
 * booking or is erased; MAIL_RESEND_CANCELLED if the booking is
 * cancelled (by either side), so there is nothing to resend;
 * OUTCOME_ERROR on a database error.
 */
#define MAIL_RESEND_CANCELLED	OUTCOME__SHARED
int		 mail_resend(struct db *, long long by, long long learner,
		    long long booking, time_t now);

#endif
