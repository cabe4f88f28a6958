/*
 * mail.h: the messages the outbox (outbox.h) turns into, and the
 * reminders. This is the contract between mail.c, which writes what a
 * learner reads, and mailer.c, which delivers it (`tessera mail`).
 *
 * mail_compose() turns one outbox row into a message: plain text and
 * HTML bodies in the same warm, plain words as the pages, an optional
 * iCalendar part, and the one-click unsubscribe address for reminders.
 * It never writes anything about support needs. The mailer encodes it
 * (kit/mime.h: RFC 5322, MIME, RFC 2047), stores the bytes in the row
 * before the first attempt, and sends them.
 */
#ifndef COLLEGE_MAIL_H
#define COLLEGE_MAIL_H

#include <time.h>

struct arena;
struct db;

/* A composed message; every string in the arena, UTF-8. */
struct mail_msg {
	const char	*to;		/* the address */
	const char	*subject;	/* not yet encoded */
	const char	*text;		/* text/plain body, "\n" line ends */
	const char	*html;		/* text/html body, a whole document */
	const char	*ics;		/* NULL, or an iCalendar object */
	const char	*ics_method;	/* with ics: "REQUEST" or "CANCEL" */
	const char	*unsubscribe;	/* NULL, or the RFC 8058 one-click URL */
};

enum mail_compose_result {
	MAIL_COMPOSE_ERROR = -1,	/* database error: try again later */
	MAIL_COMPOSE_OK = 0,		/* *out is the message */
	MAIL_COMPOSE_DROP		/* nothing to send any more (erased,
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

#endif
