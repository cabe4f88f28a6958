/*
 * mailer.c: the outbox delivered (mailer.h).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "kit/arena.h"
#include "kit/buf.h"
#include "kit/db.h"
#include "kit/mime.h"
#include "kit/transport.h"
#include "college/booking.h"
#include "college/clock.h"
#include "college/learner.h"
#include "college/college.h"
#include "college/mail.h"
#include "college/mailer.h"
#include "college/stmts.h"

#define ERROR_MAX	(TRANSPORT_REPLY_MAX + 64)	/* last_error */
#define RUN_BATCHES_MAX	1000	/* batches in one mailer_run() */

int
mailer_init(struct mailer *m, struct db *db, struct transport *t,
    const char *base_url, volatile sig_atomic_t *stop)
{
	struct arena	*a;
	const char	*h;
	int		 rc = -1;

	memset(m, 0, sizeof(*m));
	m->db = db;
	m->transport = t;
	m->base_url = base_url != NULL ? base_url : "";
	m->stop = stop;
	snprintf(m->host, sizeof(m->host), "localhost");
	if (base_url == NULL || *base_url == '\0')
		return 0;
	/* The same host as the calendar's UIDs (mail.c's one reading). */
	if ((a = arena_new()) == NULL)
		return -1;
	if ((h = college_url_host(a, base_url)) != NULL &&
	    strlen(h) < sizeof(m->host)) {
		memcpy(m->host, h, strlen(h) + 1);
		rc = 0;
	}
	arena_free(a);
	return rc;
}

static int
stopping(const struct mailer *m)
{
	return m->stop != NULL && *m->stop;
}

/* Step a write of one row; 0 or -1. */
static int
step(struct db_stmt *st)
{
	int	 rc = db_step(st);

	db_reset(st);
	return rc == DB_DONE ? 0 : -1;
}

static void
say(long long id, const char *kind, const char *result, int code)
{
	fprintf(stderr, "tessera mail: outbox %lld %s %s %d\n", id, kind,
	    result, code);
}

/* State 'failed' with why; attempt is 1 after a real attempt. */
static int
mark_failed(struct mailer *m, long long id, const char *why, int attempt)
{
	struct db_stmt	*st;

	if ((st = db_stmt(m->db, STMT_MAILER_FAILED)) == NULL)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_text_copy(st, 2, why);
	db_bind_int(st, 3, attempt);
	return step(st);
}

/* Due again after a wait that doubles with each attempt, or given up
 * once MAILER_GIVE_UP has passed since the row was queued. */
static int
mark_retry(struct mailer *m, long long id, long long attempts,
    time_t created, time_t now, const char *why, int *gave_up)
{
	struct db_stmt	*st;
	char		 msg[ERROR_MAX];
	time_t		 wait = MAILER_RETRY_FIRST;
	long long	 i;

	*gave_up = 0;
	if (now - created >= MAILER_GIVE_UP) {
		*gave_up = 1;
		snprintf(msg, sizeof(msg), "gave up after %d hours: %s",
		    MAILER_GIVE_UP / 3600, why);
		return mark_failed(m, id, msg, 1);
	}
	for (i = 0; i < attempts && wait < MAILER_RETRY_MAX; i++)
		wait *= 2;
	if (wait > MAILER_RETRY_MAX)
		wait = MAILER_RETRY_MAX;
	if ((st = db_stmt(m->db, STMT_MAILER_RETRY)) == NULL)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, (long long)(now + wait));
	db_bind_text_copy(st, 3, why);
	return step(st);
}

/*
 * Compose row id and encode it; the bytes in *body. Returns
 * MAIL_COMPOSE_OK, MAIL_COMPOSE_DROP, or MAIL_COMPOSE_ERROR (with
 * *unwritable set when the message itself cannot be written, as for an
 * address that is not one).
 */
static enum mail_compose_result
compose(struct mailer *m, struct arena *a, long long id, const char *msgid,
    time_t now, struct buf *body, int *unwritable)
{
	struct mail_msg			 msg;
	struct mime_msg			 mm;
	enum mail_compose_result	 rc;
	const char			*name, *from, *reply_to;

	*unwritable = 0;
	memset(&msg, 0, sizeof(msg));
	rc = mail_compose(m->db, a, id, m->base_url, now, &msg);
	db_release(m->db);
	if (rc != MAIL_COMPOSE_OK)
		return rc;
	if (mail_sender(m->db, a, &name, &from, &reply_to) == -1)
		return MAIL_COMPOSE_ERROR;
	db_release(m->db);
	memset(&mm, 0, sizeof(mm));
	mm.from_name = name;
	mm.from = from;
	mm.reply_to = reply_to;
	mm.to = msg.to;
	mm.subject = msg.subject;
	mm.date = now;
	mm.msgid = msgid;
	mm.host = m->host;
	mm.text = msg.text;
	mm.html = msg.html;
	mm.ics = msg.ics;
	mm.ics_method = msg.ics_method;
	mm.unsubscribe = msg.unsubscribe;
	mm.lang = msg.lang;
	buf_init(body, a);
	if (mime_write(body, &mm) == -1) {
		*unwritable = !buf_failed(body);
		return MAIL_COMPOSE_ERROR;
	}
	return MAIL_COMPOSE_OK;
}

/*
 * The stored message is sealed (crypto_secretbox: nonce, MAC, text)
 * under the database's key (booking.h): it carries the booking link,
 * which a copy of the database alone must not give away.
 */
#define SEAL_OVERHEAD	(crypto_secretbox_NONCEBYTES + \
			    crypto_secretbox_MACBYTES)

/* body sealed into a new arena blob *out of *outlen bytes. 0 or -1. */
static int
seal_body(struct mailer *m, struct arena *a, const struct buf *body,
    unsigned char **out, size_t *outlen)
{
	unsigned char	 key[BOOKING_KEY_BYTES];
	unsigned char	*p;
	int		 rc;

	if ((p = arena_alloc(a, body->len + SEAL_OVERHEAD)) == NULL ||
	    booking_key(m->db, key) == -1)
		return -1;
	randombytes_buf(p, crypto_secretbox_NONCEBYTES);
	rc = crypto_secretbox_easy(p + crypto_secretbox_NONCEBYTES,
	    (const unsigned char *)body->data, body->len, p, key);
	sodium_memzero(key, sizeof(key));
	*out = p;
	*outlen = body->len + SEAL_OVERHEAD;
	return rc == 0 ? 0 : -1;
}

/* A stored blob of len bytes opened into body (emptied first). 0, or
 * -1 if it does not open (another key, damaged). */
static int
unseal_body(struct mailer *m, struct arena *a, const void *blob, size_t len,
    struct buf *body)
{
	unsigned char	 key[BOOKING_KEY_BYTES];
	unsigned char	*p;
	int		 rc;

	buf_init(body, a);
	if (len < SEAL_OVERHEAD ||
	    (p = arena_alloc(a, len - SEAL_OVERHEAD + 1)) == NULL ||
	    booking_key(m->db, key) == -1)
		return -1;
	rc = crypto_secretbox_open_easy(p, (const unsigned char *)blob +
	    crypto_secretbox_NONCEBYTES, len - crypto_secretbox_NONCEBYTES,
	    blob, key);
	sodium_memzero(key, sizeof(key));
	if (rc != 0)
		return -1;
	return buf_append(body, p, len - SEAL_OVERHEAD);
}

/* One due row on its way: what phase 1 found, and its bytes. */
enum prep {
	PREP_SEND,		/* body stored before: send it */
	PREP_NEW,		/* composed now: store, then send */
	PREP_DROP,		/* nothing to send any more */
	PREP_UNWRITABLE,	/* cannot be written as a message */
	PREP_LATER,		/* compose failed: a database error */
	PREP_SEALED		/* the stored bytes do not open */
};

struct item {
	long long	 id;
	const char	*kind;
	const char	*rcpt;
	time_t		 created;
	long long	 attempts;
	struct buf	 body;
	enum prep	 prep;
};

/*
 * Phase 1 for one row, reads only: its fields and stored bytes, or a
 * message composed now. 1 if the row is there, 0 if it is no longer
 * queued, -1 if the database failed.
 */
static int
prepare(struct mailer *m, struct arena *a, long long id, time_t now,
    struct item *it)
{
	struct db_stmt			*st;
	const void			*blob;
	const char			*msgid;
	size_t				 bloblen;
	enum mail_compose_result	 cr;
	int				 unwritable;

	memset(it, 0, sizeof(*it));
	it->id = id;
	if ((st = db_stmt(m->db, STMT_MAILER_ROW)) == NULL)
		return -1;
	db_bind_int(st, 1, id);
	if (db_step(st) != DB_ROW) {
		db_reset(st);
		return 0;
	}
	it->kind = db_col_dup(st, 0, a);
	it->rcpt = db_col_dup(st, 1, a);
	msgid = db_col_dup(st, 2, a);
	it->created = (time_t)db_col_int(st, 3);
	it->attempts = db_col_int(st, 4);
	blob = db_col_blob(st, 5, &bloblen);
	buf_init(&it->body, a);
	if (blob != NULL && unseal_body(m, a, blob, bloblen,
	    &it->body) == -1)
		it->prep = PREP_SEALED;
	db_reset(st);
	if (it->kind == NULL || it->rcpt == NULL || msgid == NULL ||
	    buf_failed(&it->body))
		return -1;

	if (*it->rcpt == '\0')		/* erased since it was queued */
		it->prep = PREP_DROP;
	else if (it->prep == PREP_SEALED)
		;
	else if (blob != NULL)
		it->prep = PREP_SEND;
	else {
		cr = compose(m, a, id, msgid, now, &it->body, &unwritable);
		it->prep = cr == MAIL_COMPOSE_OK ? PREP_NEW :
		    cr == MAIL_COMPOSE_DROP ? PREP_DROP :
		    unwritable ? PREP_UNWRITABLE : PREP_LATER;
	}
	return 1;
}

/*
 * Phase 1's writes for a batch, in ONE transaction (one sync to disk,
 * not one a row): the new bodies stored, and the rows that will not be
 * sent settled. Committed before any attempt. 0 or -1.
 */
static int
settle(struct mailer *m, struct arena *a, struct item *items, size_t n,
    time_t now)
{
	struct db_stmt	*st;
	unsigned char	**sealed;
	size_t		 i, *len;
	int		 gave_up;

	/* Sealed before the transaction: no crypto under the lock. */
	if ((sealed = arena_calloc(a, n, sizeof(*sealed))) == NULL ||
	    (len = arena_calloc(a, n, sizeof(*len))) == NULL)
		return -1;
	for (i = 0; i < n; i++)
		if (items[i].prep == PREP_NEW && seal_body(m, a,
		    &items[i].body, &sealed[i], &len[i]) == -1)
			return -1;
	if (db_begin(m->db) != DB_OK)
		return -1;
	for (i = 0; i < n; i++) {
		switch (items[i].prep) {
		case PREP_NEW:
			if ((st = db_stmt(m->db, STMT_MAILER_SET_BODY)) ==
			    NULL)
				goto fail;
			db_bind_int(st, 1, items[i].id);
			db_bind_blob(st, 2, sealed[i], len[i]);
			if (step(st) == -1)
				goto fail;
			break;
		case PREP_DROP:
			if ((st = db_stmt(m->db, STMT_MAILER_DROPPED)) == NULL)
				goto fail;
			db_bind_int(st, 1, items[i].id);
			db_bind_text(st, 2, MAILER_NOTHING);
			if (step(st) == -1)
				goto fail;
			break;
		case PREP_UNWRITABLE:
			if (mark_failed(m, items[i].id, "the message could not "
			    "be written (is the address right?)", 0) == -1)
				goto fail;
			break;
		case PREP_LATER:
			/* Not this message's fault: later, like a 4xx. */
			if (mark_retry(m, items[i].id, items[i].attempts,
			    items[i].created, now, "could not compose the "
			    "message", &gave_up) == -1)
				goto fail;
			break;
		case PREP_SEALED:
			if (mark_retry(m, items[i].id, items[i].attempts,
			    items[i].created, now, "the stored message does "
			    "not open: is this the database's key file?",
			    &gave_up) == -1)
				goto fail;
			break;
		default:
			break;
		}
	}
	if (db_commit(m->db) != DB_OK)
		return -1;
	for (i = 0; i < n; i++) {
		switch (items[i].prep) {
		case PREP_DROP:
			say(items[i].id, items[i].kind, "dropped", 0);
			m->dropped++;
			break;
		case PREP_UNWRITABLE:
			say(items[i].id, items[i].kind, "unwritable", 0);
			m->failed++;
			break;
		case PREP_LATER:
			say(items[i].id, items[i].kind, "compose-error", 0);
			break;
		case PREP_SEALED:
			say(items[i].id, items[i].kind, "sealed-error", 0);
			break;
		default:
			break;
		}
	}
	return 0;
fail:
	db_rollback(m->db);
	return -1;
}

/*
 * Phase 2 for one row: send its stored bytes, record what happened.
 * The record is written with synchronous=NORMAL: in WAL mode that
 * survives the process being killed, and all a power cut can undo is
 * the record, so the same bytes go again (a duplicate with the same
 * Message-ID, which the design accepts); the bytes themselves were
 * made durable (FULL) by settle(). 0 or -1.
 */
static int
attempt(struct mailer *m, struct item *it, const char *from)
{
	struct db_stmt		*st;
	enum transport_result	 res;
	char			 reply[TRANSPORT_REPLY_MAX + 1];
	time_t			 now;
	int			 code, gave_up, rc;

	res = transport_send(m->transport, from, it->rcpt, it->body.data,
	    it->body.len, reply, sizeof(reply), &code);
	now = college_now();
	switch (res) {
	case TRANSPORT_SENT:
		if ((st = db_stmt(m->db, STMT_MAILER_SENT)) == NULL)
			return -1;
		db_bind_int(st, 1, it->id);
		db_bind_int(st, 2, (long long)now);
		rc = step(st);
		say(it->id, it->kind, "sent", code);
		m->sent++;
		return rc;
	case TRANSPORT_TEMPORARY:
		rc = mark_retry(m, it->id, it->attempts, it->created, now,
		    reply, &gave_up);
		say(it->id, it->kind, gave_up ? "gave-up" : "temporary", code);
		if (gave_up)
			m->failed++;
		else
			m->retried++;
		return rc;
	default:
		rc = mark_failed(m, it->id, reply, 1);
		say(it->id, it->kind, "permanent", code);
		m->failed++;
		return rc;
	}
}

/* Durability (db_sync) for the records that follow: 1 full, 0 relaxed.
 * 0 or -1. */
static int
sync_mode(struct mailer *m, int full)
{
	return db_sync(m->db, full) == DB_OK ? 0 : -1;
}

/* One batch of ids: prepare all, settle them, then send. 0 or -1. */
static int
batch(struct mailer *m, struct arena *a, const long long *ids, size_t n,
    time_t now, int *attempts)
{
	struct item	*items;
	const char	*name, *from, *rt;
	size_t		 i, k = 0;
	int		 rc;

	if ((items = arena_calloc(a, n, sizeof(*items))) == NULL)
		return -1;
	for (i = 0; i < n && !stopping(m); i++) {
		if ((rc = prepare(m, a, ids[i], now, &items[k])) == -1)
			return -1;
		k += (size_t)rc;
	}
	db_release(m->db);
	if (k == 0)
		return 0;
	if (settle(m, a, items, k, now) == -1)
		return -1;
	/* The envelope sender: the college's address as it is now. */
	if (mail_sender(m->db, a, &name, &from, &rt) == -1)
		return -1;
	db_release(m->db);
	if (sync_mode(m, 0) == -1)
		return -1;
	rc = 0;
	for (i = 0; i < k && !stopping(m) && rc == 0; i++) {
		if (items[i].prep != PREP_SEND && items[i].prep != PREP_NEW)
			continue;
		rc = attempt(m, &items[i], from);
		(*attempts)++;
	}
	if (sync_mode(m, 1) == -1)
		return -1;
	return rc;
}

int
mailer_run(struct mailer *m, time_t now)
{
	struct db_stmt	*st;
	struct arena	*a;
	long long	 ids[MAILER_BATCH];
	size_t		 n, batches;
	int		 attempts = 0;

	if ((a = arena_new()) == NULL)
		return -1;
	for (batches = 0; batches < RUN_BATCHES_MAX && !stopping(m);
	    batches++) {
		/* The ids first, the statement reset, then the rest: no
		 * read is held open while a server is talked to. */
		if ((st = db_stmt(m->db, STMT_MAILER_DUE)) == NULL) {
			attempts = -1;
			break;
		}
		db_bind_int(st, 1, (long long)now);
		db_bind_int(st, 2, MAILER_BATCH);
		n = 0;
		while (n < MAILER_BATCH && db_step(st) == DB_ROW)
			ids[n++] = db_col_int(st, 0);
		db_reset(st);
		if (n == 0)
			break;
		arena_reset(a);
		if (batch(m, a, ids, n, now, &attempts) == -1) {
			db_release(m->db);
			attempts = -1;
			break;
		}
		if (n < MAILER_BATCH)
			break;
	}
	arena_free(a);
	return attempts;
}

/* An integer from a one-row statement; def when NULL or no row. */
static long long
one_int(struct db *db, size_t stmt, long long def)
{
	struct db_stmt	*st;
	long long	 v = def;

	if ((st = db_stmt(db, stmt)) == NULL)
		return def;
	if (db_step(st) == DB_ROW &&
	    !db_col_null(st, 0))
		v = db_col_int(st, 0);
	db_reset(st);
	return v;
}

int
mailer_loop(struct mailer *m)
{
	struct timespec	 tick = { 0, MAILER_POLL_MS * 1000000L };
	time_t		 now, next_reminders = 0, next_erase, next_due = 0;
	size_t		 erased;
	int		 run, n;

	next_erase = college_now() + 60;
	while (!stopping(m)) {
		now = college_now();
		run = 0;
		if (now >= next_reminders) {
			if ((n = mail_queue_reminders(m->db, now)) > 0)
				run = 1;
			else if (n == -1)
				fprintf(stderr, "tessera mail: reminders could "
				    "not be queued\n");
			next_reminders = now + MAILER_REMINDERS_EVERY;
			db_release(m->db);
		}
		if (now >= next_erase) {
			if (learner_erase_older(m->db, learner_retention(m->db),
			    0, now, &erased) == -1)
				fprintf(stderr, "tessera mail: the retention "
				    "erasure failed\n");
			else if (erased > 0)
				fprintf(stderr, "tessera mail: erased %zu "
				    "learners past the retention period\n",
				    erased);
			next_erase = now + MAILER_ERASE_EVERY;
			db_release(m->db);
		}
		/* Another program's commit (a queued message) is the cue to
		 * look again; an error looks again too. */
		if (db_changed(m->db) != 0 ||
		    (next_due > 0 && now >= next_due))
			run = 1;
		if (run) {
			if (mailer_run(m, now) == -1)
				fprintf(stderr, "tessera mail: the database "
				    "failed; trying again\n");
			next_due = (time_t)one_int(m->db, STMT_MAILER_NEXT_DUE,
			    0);
		}
		db_release(m->db);
		if (!stopping(m))
			nanosleep(&tick, NULL);
	}
	return 0;
}
