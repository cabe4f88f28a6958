/*
 * outbox.h: mail a learner must get, queued in the database in the
 * same transaction as the change it announces (sql/005_outbox.sql).
 * Nothing here talks SMTP: `tessera mail` delivers the queue.
 *
 * Contract: call outbox_add() inside the caller's open write
 * transaction (db_begin). If the transaction rolls back, the message
 * was never queued; if it commits, the message will be delivered.
 */
#ifndef COLLEGE_OUTBOX_H
#define COLLEGE_OUTBOX_H

#include <time.h>

struct db;

enum mail_kind {
	MAIL_CONFIRMED,		/* a place, at booking */
	MAIL_WAITLISTED,	/* on the waiting list; detail "position=N" */
	MAIL_PROMOTED,		/* from the waiting list to a place */
	MAIL_CANCELLED,		/* cancelled by the learner (or the office) */
	MAIL_RUN_CANCELLED,	/* the college cancelled the whole run */
	MAIL_SESSION_MOVED,	/* detail "old_start=T;old_end=T;old_venue=ID" */
	MAIL_SESSION_CANCELLED,	/* one session of the run cancelled */
	MAIL_REMINDER,		/* before session_id */
	MAIL_LOST,		/* "lost your link": booking_id 0, rcpt given */
	MAIL_RESEND,		/* the office resends a booking's links */
	MAIL_KIND__MAX
};

#define OUTBOX_DETAIL_MAX	256	/* bytes of detail */

/* The kind's word in the outbox table ("confirmed", ...), or NULL. */
const char	*outbox_kind_word(enum mail_kind);
/* The kind for a word, or MAIL_KIND__MAX. */
enum mail_kind	 outbox_kind_of(const char *word);

/*
 * Queue a message of kind about booking_id (and session_id, 0 for
 * none), due at now, to the booking's learner's address as it is now.
 * detail (NULL for "") holds facts of the event. A booking whose
 * learner has no address (erased) queues nothing and returns 0.
 * Returns 0 or -1.
 */
int		 outbox_add(struct db *, enum mail_kind, long long booking_id,
		    long long session_id, const char *detail, time_t now);
/*
 * Queue a message of kind (MAIL_LOST) to rcpt, about no one booking, to
 * be written in lang (a language tag; NULL: English). Returns 0 or -1.
 */
int		 outbox_add_to(struct db *, enum mail_kind, const char *rcpt,
		    const char *lang, const char *detail, time_t now);

#endif
