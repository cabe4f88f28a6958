/*
 * learner.h: learners as the college office sees them: finding one,
 * their bookings and attendance, everything held about them (a subject
 * access request, UK GDPR article 15), and erasure (article 17).
 *
 * Erasure removes the person and keeps the figures: the learner's row
 * stays with email NULL, name LEARNER_ERASED_NAME, phone and consent
 * cleared and erased_at set; their bookings stay (with their status and
 * attendance records, so every count stays true) with support needs
 * and the browser hash cleared and the token replaced by one no link
 * can match. Deleted bytes are overwritten (the database runs with
 * secure_delete=ON, kit/db.h), and the learner's mail in the outbox
 * loses its address, body and server reply (what was still queued is
 * never sent). Afterwards the write-ahead log is checkpointed and
 * truncated so that the old pages leave the -wal file too; a reader
 * that holds an older snapshot keeps them there, so the erasure is only
 * complete once a truncating checkpoint has succeeded. Until then it
 * is queued in pending_erasure (written in the erasing transaction)
 * and learner_erase_pending() retries it (`tessera erase --pending`,
 * the mailer's daily pass). Every erasure and every showing of support needs is written to
 * the audit log, naming the learner by id only.
 *
 * Statements are the STMT_LEARNER_* of college/stmts.h. Times are
 * passed in (college_now() in the programs) so tests can fix them.
 */
#ifndef COLLEGE_LEARNER_H
#define COLLEGE_LEARNER_H

#include <stddef.h>
#include <time.h>

#include "kit/outcome.h"

struct db;
struct view;

#define LEARNER_ERASED_NAME	"Erased learner"
#define LEARNER_Q_CHARS		100	/* characters of a search (the form) */
#define LEARNER_Q_MAX		(LEARNER_Q_CHARS * 4)	/* its bytes in UTF-8 */
#define LEARNER_FIND_MAX	50	/* learners listed for one search */
#define LEARNER_ERASE_BATCH	100	/* learners erased per transaction */
#define LEARNER_RETENTION_DEFAULT 24	/* months, if the setting is unset */
#define LEARNER_RETENTION_MAX	240	/* months accepted */
#define LEARNER_CHECKPOINT_WAIT_MS 10000 /* how long an erasure waits for
					   readers to let the log go */
#define LEARNER_CHECKPOINT_PAUSE_MS 100	/* between checkpoint attempts */
#define LEARNER_ERASE_PENDING	OUTCOME__SHARED	/* erased, but the log
					   still holds old pages: queued,
					   not complete */

/* How long an erasure waits for readers: LEARNER_CHECKPOINT_WAIT_MS;
 * only tests change it. */
extern int	learner_wait_ms;

/*
 * Fill v with the learners (not erased) whose name or email contains
 * q (ASCII case-insensitive; % and _ are literal), by name, at most
 * LEARNER_FIND_MAX:
 *   learners		loop: id, name, email, phone, bookings (integer)
 *   found		integer, rows in the loop
 *   more		bool, there may be more than were listed
 * q NULL or "" lists nothing. Returns 0, or -1 on error or q longer
 * than LEARNER_Q_MAX.
 */
int	learner_find(struct db *, const char *q, struct view *v);

/*
 * Fill v for the learner's page, and audit the look as by_user
 * ("learner.view", detail "learner ID"). With show_needs, support needs
 * are included and the showing is audited too ("needs.reveal", as
 * check-in does).
 * Variables:
 *   id, name, email, phone	("" when erased)
 *   consented		bool; consent_date ("" if none)
 *   created_date
 *   erased		bool; erased_date ("" if not)
 *   bookings		loop: booking_id, run_id, course, slug, status,
 *			first_date ("" if no session), sessions_count,
 *			attended, waitlist_position (integer or null),
 *			run_cancelled (bool), has_needs (bool), needs ("" unless
 *			show_needs), booked_date
 *   attendance		loop: date, time, course, run_id, status, method,
 *			recorded_at ("10:02"), recorded_by
 *   has_bookings, has_attendance, has_needs (bool: any booking has
 *   needs), needs_shown (bool)
 * Returns 0, 1 if there is no such learner, -1 on error.
 */
int	learner_show(struct db *, long long id, int show_needs,
	    long long by_user, struct view *v);

/*
 * Fill v with everything held about the learner, for a JSON download
 * (every time ISO 8601 with offset; absent values null), and audit it
 * ("learner.export") as by_user at now:
 *   exported_at, learner_id, name, email, phone, consent_at,
 *   created_at, erased_at
 *   bookings		loop: booking_id, course, run_id, status,
 *			support_needs, booked_at, updated_at,
 *			waitlist_position, run_status, first_session
 *   attendance		loop: booking_id, course, session_start, status,
 *			recorded_at, method, recorded_by
 * Returns 0, 1 if there is no such learner, -1 on error.
 */
int	learner_export(struct db *, long long id, long long by_user,
	    time_t now, struct view *v);

/*
 * The first learner with this email (one address may be several people's:
 * erase each in turn until this answers 1) (compared as stored: trimmed, ASCII
 * lowercased, as booking_email_normalise() makes it) into *id.
 * Returns 0, 1 if there is none, -1 on error.
 */
int	learner_by_email(struct db *, const char *email, long long *id);

/*
 * Erase learner id as by_user (0: the system) at now, in one
 * transaction with its audit line ("learner.erase", "learner ID") and
 * its pending_erasure row, then empty the log (learner_erase_pending()
 * with learner_wait_ms). Returns 0 erased and complete, 1 if
 * there is no such learner or it was erased before,
 * LEARNER_ERASE_PENDING if it is erased in the database but a reader
 * kept old pages in the log (queued: say so, do not claim success),
 * -1 on error.
 */
int	learner_erase(struct db *, long long id, long long by_user, time_t now);

/*
 * Erase every learner whose last sign of life (enrolment, consent, a
 * change to a booking, the end of a session of a booking not
 * cancelled, an attendance record) is more than months before now, in
 * transactions of LEARNER_ERASE_BATCH, each audited; then complete
 * every queued erasure, these and any earlier one a reader held up
 * (learner_erase_pending()), so the daily retention pass retries them.
 * *erased gets the number erased. months is 1..LEARNER_RETENTION_MAX.
 * Returns 0, LEARNER_ERASE_PENDING (as learner_erase()) or -1 (those
 * erased before a failure stay erased).
 */
int	learner_erase_older(struct db *, int months, long long by_user,
	    time_t now, size_t *erased);

/* now less months, by the calendar in the process's zone. */
time_t	learner_cutoff(time_t now, int months);

/*
 * Make erased rows unreadable from the database's files (db_purge():
 * on SQLite the write-ahead log checkpointed and truncated to nothing),
 * trying again every LEARNER_CHECKPOINT_PAUSE_MS while readers hold it,
 * for up to wait_ms. Busy or partly done counts as not done. Returns 0 when
 * the log is empty (or the database has none), LEARNER_ERASE_PENDING
 * when readers still held it after wait_ms (old pages stay in the
 * log), -1 on error.
 */
int	learner_checkpoint(struct db *, int wait_ms);

/*
 * Complete the queued erasures (pending_erasure): checkpoint as
 * learner_checkpoint(wait_ms) and, once the log is empty, take off the
 * queue every erasure that was on it before. *left gets how many are
 * still queued. Returns 0 (nothing queued, or all complete),
 * LEARNER_ERASE_PENDING (readers still hold the log), -1 on error.
 */
int	learner_erase_pending(struct db *, int wait_ms, size_t *left);

/* The retention setting in months ('retention_months'), or
 * LEARNER_RETENTION_DEFAULT when unset or not a number in range. */
int	learner_retention(struct db *);

#endif
