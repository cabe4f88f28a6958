/*
 * mailer.h: delivering the outbox (outbox.h), for `tessera mail`.
 *
 * A due row (state 'queued', due_at <= now) is composed (mail.h) and
 * encoded (kit/mime.h) once, and the bytes are committed to the row
 * BEFORE the first attempt; every attempt sends those stored bytes. So
 * a mailer killed at any moment loses nothing, and at worst sends one
 * message twice, byte for byte the same, with the same Message-ID.
 * No transaction is open while a server is being talked to, so a slow
 * or dead server never holds up a booking.
 *
 * After an attempt: sent (state 'sent', sent_at); temporary failure
 * (attempts + 1, due again after MAILER_RETRY_FIRST, doubling to at most
 * MAILER_RETRY_MAX, until MAILER_GIVE_UP after the row was queued, then
 * 'failed'); permanent failure ('failed' at once, the reply kept in
 * last_error). A row with nothing to send any more (MAIL_COMPOSE_DROP,
 * or its address erased) becomes 'dropped' (sql/007) with last_error
 * MAILER_NOTHING, without an attempt: it is no failure, and the office
 * counts failures.
 *
 * One line per attempt goes to stderr: outbox id, kind, result and the
 * reply's code; never an address or a word of the message.
 */
#ifndef COLLEGE_MAILER_H
#define COLLEGE_MAILER_H

#include <signal.h>
#include <stddef.h>
#include <time.h>

struct db;
struct transport;

#define MAILER_BATCH		50	/* rows taken per look at the queue */
#define MAILER_RETRY_FIRST	60	/* seconds before the first retry */
#define MAILER_RETRY_MAX	3600	/* the longest wait between tries */
#define MAILER_GIVE_UP		(48 * 3600)	/* retry this long at least */
#define MAILER_POLL_MS		500	/* how often the loop looks */
#define MAILER_REMINDERS_EVERY	60	/* seconds between reminder runs */
#define MAILER_ERASE_EVERY	(24 * 3600)	/* the retention erasure */
#define MAILER_HOST_MAX		253	/* a DNS name */
#define MAILER_NOTHING		"nothing to send"

struct mailer {
	struct db		*db;
	struct transport	*transport;
	const char		*base_url;	/* links; without a final '/' */
	char			 host[MAILER_HOST_MAX + 1];	/* Message-IDs */
	volatile sig_atomic_t	*stop;		/* set by a signal: finish */
	/* Counts since mailer_init(). */
	size_t			 sent, retried, failed, dropped;
};

/*
 * Set m up to deliver db's outbox through t; the Message-ID host is
 * base_url's host name as college_url_host() reads it, the calendar UIDs'
 * host ("localhost" when base_url is NULL or "").
 * stop may be NULL. 0, or -1 if base_url is not a URL.
 */
int	mailer_init(struct mailer *m, struct db *db, struct transport *t,
	    const char *base_url, volatile sig_atomic_t *stop);

/*
 * Deliver every row due at now, in batches of MAILER_BATCH, until none
 * is due (or *stop). Returns the number of attempts made, or -1 if the
 * database failed (rows not reached stay queued).
 */
int	mailer_run(struct mailer *m, time_t now);

/*
 * Keep delivering until *stop: within MAILER_POLL_MS of another
 * program's commit (PRAGMA data_version) or of a retry coming due,
 * queueing reminders every MAILER_REMINDERS_EVERY and erasing learners
 * past the retention setting every MAILER_ERASE_EVERY (the first time
 * a minute after starting). Returns 0 when stopped.
 */
int	mailer_loop(struct mailer *m);

#endif
