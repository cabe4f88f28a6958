/*
 * test_mail.c: what learners are told (college/mail.h), composed from
 * outbox rows on an in-memory database with the real migrations: the
 * words, the links, the door code, the calendar part (UID host,
 * SEQUENCE growing, CANCEL), nothing about support needs, DROP when
 * nothing is true any more; reminders queued once, within the rules;
 * the stop-reminders key; the lost-link limits; the office's view.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kit/arena.h"
#include "kit/buf.h"
#include "kit/db.h"
#include "kit/i18n.h"
#include "kit/mime.h"
#include "kit/view.h"
#include "college/booking.h"
#include "college/mail.h"
#include "college/outbox.h"
#include "college/when.h"
#include "fixture.h"

#define BASE	"https://college.example.org"
#define HOUR	3600
#define DAY	86400
#define NEEDS	"SECRET-NEED-wheelchair-and-panic"

struct fx {
	struct db	*db;
	struct arena	*a;
	time_t		 now;
	long long	 venue, course, run, s1, s2, learner, booking;
};

/* The link token the tests give booking id: 26 base32 characters (a
 * format for fx_sql(), hence %%). */
#define TOKEN_SQL \
    "'TOKENAAAAAAAAAAAAAAAAAAA' || char(65 + id / 26 %% 26) || char(65 + id %% 26)"
/* The same in PostgreSQL's words. */
#define TOKEN_SQL_PG \
    "'TOKENAAAAAAAAAAAAAAAAAAA' || chr((65 + id / 26 %% 26)::int) ||" \
    " chr((65 + id %% 26)::int)"

/* A booking (fx_booking) whose link is stored as the programs store it:
 * hashed and sealed (booking_upgrade), its token TOKEN_SQL. */
static long long
book(struct db *db, long long run, long long learner, const char *status)
{
	long long	 id = fx_booking(db, run, learner, status);

	fx_sql(db, fx_is_pg() ?
	    "UPDATE booking SET token = " TOKEN_SQL_PG " WHERE id = %lld" :
	    "UPDATE booking SET token = " TOKEN_SQL " WHERE id = %lld",
	    id);
	assert_int_equal(booking_upgrade(db), 1);
	return id;
}

/* Booking id's link token, as TOKEN_SQL makes it. */
static const char *
token_of(long long id, char out[TOKEN_B32_LEN + 1])
{
	snprintf(out, TOKEN_B32_LEN + 1, "TOKENAAAAAAAAAAAAAAAAAAA%c%c",
	    (char)(65 + id / 26 % 26), (char)(65 + id % 26));
	return out;
}

static int
setup(void **state)
{
	struct fx	*fx;

	if ((fx = calloc(1, sizeof(*fx))) == NULL ||
	    (fx->a = arena_new()) == NULL ||
	    when_set_zone("Europe/London") == -1)
		return -1;
	setenv("TESSERA_BASE_URL", BASE, 1);
	fx->db = fx_db();
	fx->now = fx_utc(2026, 3, 20, 12, 0);
	fx->venue = fx_venue(fx->db, "Hope Hub");
	fx_exec(fx->db, "UPDATE venue SET address = '1 Park Road',"
	    " access = 'Step-free entrance'");
	fx->course = fx_course(fx->db, "anxiety", "Understanding anxiety");
	fx->run = fx_run(fx->db, fx->course, 2, "published");
	fx->s1 = fx_session(fx->db, fx->run, fx->now + 5 * DAY, 120,
	    fx->venue, "scheduled");
	fx->s2 = fx_session(fx->db, fx->run, fx->now + 12 * DAY, 120,
	    fx->venue, "scheduled");
	fx->learner = fx_learner(fx->db, "Ana", "ana@example.org");
	fx->booking = book(fx->db, fx->run, fx->learner, "confirmed");
	fx_sql(fx->db, "UPDATE booking SET needs = %Q", NEEDS);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx	*fx = *state;

	db_close(fx->db);
	arena_free(fx->a);
	free(fx);
	return 0;
}

/* Queue kind about booking (session, detail) and return the row id. */
static long long
queue(struct fx *fx, enum mail_kind kind, long long booking,
    long long session, const char *detail)
{
	assert_int_equal(outbox_add(fx->db, kind, booking, session, detail,
	    fx->now), 0);
	return fx_count(fx->db, "SELECT max(id) FROM outbox");
}

static struct mail_msg
compose(struct fx *fx, long long id)
{
	struct mail_msg	 m;

	assert_int_equal(mail_compose(fx->db, fx->a, id, BASE, fx->now, &m),
	    MAIL_COMPOSE_OK);
	assert_non_null(m.subject);
	assert_non_null(m.text);
	assert_non_null(m.html);
	return m;
}

static void
has(const char *hay, const char *needle)
{
	if (hay == NULL || strstr(hay, needle) == NULL)
		fail_msg("missing \"%s\" in:\n%s", needle, hay ? hay : "(null)");
}

/* The plain text with its wrapping undone: line breaks (a paragraph's
 * too) and the indent after them read as one space; malloc'd. */
static char *
flat(const char *text)
{
	char	*f, *o;

	assert_non_null(f = malloc(strlen(text) + 1));
	for (o = f; *text != '\0'; text++) {
		if (*text == '\n') {
			while (text[1] == ' ' || text[1] == '\n')
				text++;
			*o++ = ' ';
		} else
			*o++ = *text;
	}
	*o = '\0';
	return f;
}

/* The plain text, read as flat() reads it, holds needle. */
static void
has_text(const char *text, const char *needle)
{
	char	*f = flat(text);

	if (strstr(f, needle) == NULL)
		fail_msg("missing \"%s\" in:\n%s", needle, f);
	free(f);
}

static void
lacks(const char *hay, const char *needle)
{
	if (hay != NULL && strstr(hay, needle) != NULL)
		fail_msg("unexpected \"%s\" in:\n%s", needle, hay);
}

/* How many times needle is in hay. */
static int
count(const char *hay, const char *needle)
{
	int	 n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

/* Nothing about support needs anywhere in a message. */
static void
no_needs(const struct mail_msg *m)
{
	lacks(m->subject, "SECRET-NEED");
	lacks(m->text, "SECRET-NEED");
	lacks(m->html, "SECRET-NEED");
	lacks(m->ics, "SECRET-NEED");
}

/* The HTML is a plain, whole document: a language, a title, a heading,
 * no images, no script, nothing loaded from elsewhere. */
static void
plain_html(const struct mail_msg *m)
{
	has(m->html, "<!DOCTYPE html>");
	has(m->html, "<html lang=\"en\">");
	has(m->html, "<title>");
	has(m->html, "<h1>");
	lacks(m->html, "<img");
	lacks(m->html, "<script");
	lacks(m->html, "<link");
	lacks(m->html, "style=");
}

/* The SEQUENCE of the event with uid in ics, 0 when absent. */
static long long
sequence_of(const char *ics, const char *uid)
{
	const char	*p, *e, *q;
	char		 want[128];

	snprintf(want, sizeof(want), "UID:%s\r\n", uid);
	if ((p = strstr(ics, want)) == NULL)
		fail_msg("no %s in:\n%s", uid, ics);
	e = strstr(p, "END:VEVENT");
	q = strstr(p, "SEQUENCE:");
	return q != NULL && q < e ? strtoll(q + 9, NULL, 10) : 0;
}

static void
test_mail_compose_confirmed(void **state)
{
	struct fx	*fx = *state;
	struct mail_msg	 m = compose(fx, queue(fx, MAIL_CONFIRMED,
			    fx->booking, 0, NULL));
	char		 uid[96], link[128], tok[TOKEN_B32_LEN + 1];

	assert_string_equal(m.to, "ana@example.org");
	has(m.subject, "Your place is confirmed: Understanding anxiety");
	snprintf(link, sizeof(link), BASE "/booking/%s",
	    token_of(fx->booking, tok));
	has_text(m.text, link);
	has(m.html, link);
	has_text(m.text, "check-in code: C");
	has_text(m.text, "Wednesday 25 March 2026");
	has_text(m.text, "Hope Hub, 1 Park Road");
	has_text(m.text, "Access: Step-free entrance");
	/* The owner of the address learns of it and can undo it. */
	has_text(m.text, "If you did not book this");
	has_text(m.text, "/cancel");
	has_text(m.text, BASE "/booking/lost");
	assert_null(m.unsubscribe);
	assert_non_null(m.ics);
	assert_string_equal(m.ics_method, "REQUEST");
	has(m.ics, "METHOD:REQUEST\r\n");
	snprintf(uid, sizeof(uid), "s%lld-b%lld@college.example.org", fx->s1,
	    fx->booking);
	has(m.ics, uid);
	snprintf(uid, sizeof(uid), "s%lld-b%lld@college.example.org", fx->s2,
	    fx->booking);
	has(m.ics, uid);
	lacks(m.ics, "@tessera");
	has(m.ics, "ORGANIZER:mailto:noreply@college.example.org");
	has(m.ics, "mailto:ana@example.org");
	plain_html(&m);
	no_needs(&m);
	/* One way to give the place up, said once. */
	assert_int_equal(count(m.text, "/cancel"), 1);
}

static void
test_mail_compose_waitlisted_no_code_no_calendar(void **state)
{
	struct fx	*fx = *state;
	long long	 l = fx_learner(fx->db, "Bo", "bo@example.org");
	long long	 b = book(fx->db, fx->run, l, "waitlisted");
	struct mail_msg	 m;
	char		 code[16];

	fx_sql(fx->db, "UPDATE booking SET needs = %Q", NEEDS);
	m = compose(fx, queue(fx, MAIL_WAITLISTED, b, 0, "position=3"));
	has(m.subject, "waiting list");
	has_text(m.text, "You are number 3 on the list.");
	has_text(m.text, "/booking/TOKEN");
	snprintf(code, sizeof(code), "C%05lld", l);
	lacks(m.text, code);
	lacks(m.html, code);
	lacks(m.text, "check-in code");
	assert_null(m.ics);
	assert_null(m.ics_method);
	plain_html(&m);
	no_needs(&m);
}

static void
test_mail_compose_promoted(void **state)
{
	struct fx	*fx = *state;
	struct mail_msg	 m = compose(fx, queue(fx, MAIL_PROMOTED,
			    fx->booking, 0, NULL));

	has(m.subject, "A place has come up for you");
	has_text(m.text, "it is now yours");
	has_text(m.text, "check-in code: C");
	assert_non_null(m.ics);
	has(m.ics, "METHOD:REQUEST");
	no_needs(&m);
}

static void
test_mail_compose_cancelled_calendar_cancel(void **state)
{
	struct fx	*fx = *state;
	struct mail_msg	 before, after;
	char		 uid[96];

	snprintf(uid, sizeof(uid), "s%lld-b%lld@college.example.org", fx->s1,
	    fx->booking);
	before = compose(fx, queue(fx, MAIL_CONFIRMED, fx->booking, 0, NULL));
	fx_exec(fx->db, "UPDATE booking SET status = 'cancelled'");
	after = compose(fx, queue(fx, MAIL_CANCELLED, fx->booking, 0, NULL));
	has(after.subject, "Your booking is cancelled");
	assert_string_equal(after.ics_method, "CANCEL");
	has(after.ics, "METHOD:CANCEL\r\n");
	has(after.ics, "STATUS:CANCELLED");
	lacks(after.ics, "STATUS:CONFIRMED");
	assert_true(sequence_of(after.ics, uid) >
	    sequence_of(before.ics, uid));
	no_needs(&after);
}

static void
test_mail_compose_cancelled_waiting_or_rebooked(void **state)
{
	struct fx	*fx = *state;
	long long	 l = fx_learner(fx->db, "Bo", "bo@example.org");
	long long	 w = book(fx->db, fx->run, l, "waitlisted"), id;
	struct mail_msg	 m;

	/* Left the waiting list: told so, but no calendar part, since no
	 * invitation was ever sent. */
	queue(fx, MAIL_WAITLISTED, w, 0, "position=1");
	fx_sql(fx->db, "UPDATE booking SET status = 'cancelled' WHERE id ="
	    " %lld", w);
	m = compose(fx, queue(fx, MAIL_CANCELLED, w, 0, NULL));
	has(m.subject, "Your booking is cancelled");
	assert_null(m.ics);
	/* Cancelled, then booked again before the mailer came: the
	 * cancellation is no longer true. */
	id = queue(fx, MAIL_CANCELLED, fx->booking, 0, NULL);
	assert_int_equal(mail_compose(fx->db, fx->a, id, BASE, fx->now, &m),
	    MAIL_COMPOSE_DROP);
	/* A run cancelled after the learner had cancelled: nothing new. */
	fx_exec(fx->db, "UPDATE run SET status = 'cancelled'");
	id = queue(fx, MAIL_RUN_CANCELLED, w, 0, NULL);
	assert_int_equal(mail_compose(fx->db, fx->a, id, BASE, fx->now, &m),
	    MAIL_COMPOSE_DROP);
}

static void
test_mail_compose_run_cancelled(void **state)
{
	struct fx	*fx = *state;
	long long	 l = fx_learner(fx->db, "Bo", "bo@example.org");
	long long	 w = book(fx->db, fx->run, l, "waitlisted");
	long long	 id1, id2;
	struct mail_msg	 m;

	fx_exec(fx->db, "UPDATE run SET status = 'cancelled'");
	id1 = queue(fx, MAIL_RUN_CANCELLED, fx->booking, 0, NULL);
	id2 = queue(fx, MAIL_RUN_CANCELLED, w, 0, NULL);
	m = compose(fx, id1);
	has(m.subject, "is cancelled");
	has_text(m.text, "We are sorry");
	has_text(m.text, "Your place is cancelled with it");
	assert_string_equal(m.ics_method, "CANCEL");
	has(m.ics, "METHOD:CANCEL");
	no_needs(&m);
	/* A waiting learner never had a calendar invitation. */
	m = compose(fx, id2);
	has_text(m.text, "The waiting list is closed");
	assert_null(m.ics);
}

static void
test_mail_compose_session_moved_sequence_grows(void **state)
{
	struct fx	*fx = *state;
	struct mail_msg	 before, after;
	char		 uid[96], detail[128];
	time_t		 old = fx->now + 5 * DAY;
	long long	 other = fx_venue(fx->db, "Central Library");

	snprintf(uid, sizeof(uid), "s%lld-b%lld@college.example.org", fx->s1,
	    fx->booking);
	before = compose(fx, queue(fx, MAIL_CONFIRMED, fx->booking, 0, NULL));
	fx_sql(fx->db, "UPDATE session SET starts_at = %lld, ends_at = %lld,"
	    " venue_id = %lld WHERE id = %lld", (long long)(old + DAY),
	    (long long)(old + DAY + 2 * HOUR), other, fx->s1);
	snprintf(detail, sizeof(detail), "old_start=%lld;old_end=%lld;"
	    "old_venue=%lld", (long long)old, (long long)(old + 2 * HOUR),
	    fx->venue);
	after = compose(fx, queue(fx, MAIL_SESSION_MOVED, fx->booking, fx->s1,
	    detail));
	has(after.subject, "A session has changed");
	has_text(after.text, "Now: Thursday 26 March 2026");
	has_text(after.text, "Central Library");
	has_text(after.text, "Before: Wednesday 25 March 2026");
	has_text(after.text, "Hope Hub");
	assert_string_equal(after.ics_method, "REQUEST");
	assert_true(sequence_of(after.ics, uid) >
	    sequence_of(before.ics, uid));
	/* Only the session that changed is in the update. */
	snprintf(uid, sizeof(uid), "s%lld-b", fx->s2);
	lacks(after.ics, uid);
	no_needs(&after);
}

static void
test_mail_compose_session_cancelled(void **state)
{
	struct fx	*fx = *state;
	struct mail_msg	 m;
	char		 uid[96];

	fx_sql(fx->db, "UPDATE session SET status = 'cancelled' WHERE id ="
	    " %lld", fx->s2);
	m = compose(fx, queue(fx, MAIL_SESSION_CANCELLED, fx->booking, fx->s2,
	    NULL));
	has(m.subject, "A session is cancelled");
	has_text(m.text, "Wednesday 1 April 2026");
	has_text(m.text, "The rest of the course goes ahead");
	assert_string_equal(m.ics_method, "CANCEL");
	has(m.ics, "METHOD:CANCEL");
	snprintf(uid, sizeof(uid), "UID:s%lld-b%lld@college.example.org",
	    fx->s2, fx->booking);
	has(m.ics, uid);
	assert_int_equal(sequence_of(m.ics, uid + 4), 1);
	snprintf(uid, sizeof(uid), "UID:s%lld-b", fx->s1);
	lacks(m.ics, uid);
	no_needs(&m);
}

static void
test_mail_compose_reminder(void **state)
{
	struct fx	*fx = *state;
	struct mail_msg	 m;
	char		 key[MAIL_RKEY_MAX + 1];
	long long	 id = queue(fx, MAIL_REMINDER, fx->booking, fx->s1, NULL);

	m = compose(fx, id);
	has(m.subject, "See you soon: Understanding anxiety on Wednesday");
	has_text(m.text, "What to bring You do not need to bring anything");
	has_text(m.text, "Hope Hub");
	has_text(m.text, "/cancel");
	assert_int_equal(mail_reminder_key(fx->db, fx->booking, key,
	    sizeof(key)), 0);
	assert_non_null(m.unsubscribe);
	has(m.unsubscribe, BASE "/booking/");
	has(m.unsubscribe, key);
	/* The stop link is not the booking's own link. */
	lacks(m.unsubscribe, "TOKEN");
	assert_null(m.ics);
	no_needs(&m);
	plain_html(&m);
}

static void
test_mail_compose_reminder_bring(void **state)
{
	struct fx	*fx = *state;
	struct mail_msg	 m;
	const char	*t = NULL;

	assert_int_equal(mail_bring_set(fx->db, 0, fx->run, "A notebook, and "
	    "comfortable clothes."), 0);
	assert_int_equal(mail_bring_get(fx->db, fx->a, fx->run, &t), 0);
	assert_string_equal(t, "A notebook, and comfortable clothes.");
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM audit WHERE"
	    " action = 'run.bring' AND detail = 'run %lld'", fx->run), 1);
	m = compose(fx, queue(fx, MAIL_REMINDER, fx->booking, fx->s1, NULL));
	has_text(m.text, "What to bring A notebook, and comfortable clothes.");
	lacks(m.text, "You do not need to bring anything");
	m = compose(fx, queue(fx, MAIL_CONFIRMED, fx->booking, 0, NULL));
	has_text(m.text, "A notebook, and comfortable clothes.");
	assert_int_equal(mail_bring_set(fx->db, 0, 9999, "x"), 1);
}

static void
test_mail_compose_reminder_drops(void **state)
{
	struct fx	*fx = *state;
	struct mail_msg	 m;
	long long	 id = queue(fx, MAIL_REMINDER, fx->booking, fx->s1, NULL);

	/* Stopped reminders since. */
	assert_int_equal(mail_reminders_set(fx->db, fx->booking, 0), 0);
	assert_int_equal(mail_compose(fx->db, fx->a, id, BASE, fx->now, &m),
	    MAIL_COMPOSE_DROP);
	assert_int_equal(mail_reminders_set(fx->db, fx->booking, 1), 0);
	assert_int_equal(mail_compose(fx->db, fx->a, id, BASE, fx->now, &m),
	    MAIL_COMPOSE_OK);
	/* The session cancelled since. */
	fx_sql(fx->db, "UPDATE session SET status = 'cancelled' WHERE id ="
	    " %lld", fx->s1);
	assert_int_equal(mail_compose(fx->db, fx->a, id, BASE, fx->now, &m),
	    MAIL_COMPOSE_DROP);
	fx_sql(fx->db, "UPDATE session SET status = 'scheduled' WHERE id ="
	    " %lld", fx->s1);
	/* The booking cancelled since. */
	fx_exec(fx->db, "UPDATE booking SET status = 'cancelled'");
	assert_int_equal(mail_compose(fx->db, fx->a, id, BASE, fx->now, &m),
	    MAIL_COMPOSE_DROP);
}

static void
test_mail_compose_erased_drops(void **state)
{
	struct fx	*fx = *state;
	struct mail_msg	 m;
	long long	 id = queue(fx, MAIL_CONFIRMED, fx->booking, 0, NULL);

	fx_exec(fx->db, "UPDATE learner SET email = NULL, erased_at = 1");
	assert_int_equal(mail_compose(fx->db, fx->a, id, BASE, fx->now, &m),
	    MAIL_COMPOSE_DROP);
	/* No such row: nothing to send either. */
	assert_int_equal(mail_compose(fx->db, fx->a, id + 100, BASE, fx->now,
	    &m), MAIL_COMPOSE_DROP);
}

static void
test_mail_compose_lost(void **state)
{
	struct fx	*fx = *state;
	struct mail_msg	 m;
	long long	 id;

	assert_int_equal(outbox_add_to(fx->db, MAIL_LOST, "ana@example.org", NULL,
	    NULL, fx->now), 0);
	id = fx_count(fx->db, "SELECT max(id) FROM outbox");
	m = compose(fx, id);
	has(m.subject, "Your booking links");
	has_text(m.text, "Here they are");
	has_text(m.text, "Understanding anxiety");
	has_text(m.text, BASE "/booking/TOKEN");
	has_text(m.text, "Your place is confirmed. Next session: Wednesday 25 March 2026");
	no_needs(&m);
	plain_html(&m);
	/* An address nobody booked with: a kind message, no links. */
	assert_int_equal(outbox_add_to(fx->db, MAIL_LOST, "nobody@example.org", NULL,
	    NULL, fx->now), 0);
	id = fx_count(fx->db, "SELECT max(id) FROM outbox");
	m = compose(fx, id);
	assert_string_equal(m.to, "nobody@example.org");
	has_text(m.text, "we could not find any bookings");
	lacks(m.text, "/booking/TOKEN");
	no_needs(&m);
	/* Bookings that are over or cancelled are not listed. */
	fx_exec(fx->db, "UPDATE booking SET status = 'cancelled'");
	assert_int_equal(outbox_add_to(fx->db, MAIL_LOST, "ana@example.org", NULL,
	    NULL, fx->now), 0);
	m = compose(fx, fx_count(fx->db, "SELECT max(id) FROM outbox"));
	has_text(m.text, "we could not find any bookings");
}

static void
test_mail_compose_resend(void **state)
{
	struct fx	*fx = *state;
	struct mail_msg	 m;

	assert_int_equal(mail_resend(fx->db, 0, fx->learner, fx->booking,
	    fx->now), 0);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM audit WHERE"
	    " action = 'mail.resend'"), 1);
	m = compose(fx, fx_count(fx->db, "SELECT max(id) FROM outbox WHERE"
	    " kind = 'resend'"));
	has(m.subject, "Your booking: Understanding anxiety");
	has_text(m.text, "/booking/TOKEN");
	has_text(m.text, "check-in code");
	no_needs(&m);
	assert_int_equal(mail_resend(fx->db, 0, fx->learner, 9999, fx->now),
	    OUTCOME_NOT_FOUND);
	/* Someone else's booking through this learner's page: no. */
	assert_int_equal(mail_resend(fx->db, 0, fx->learner + 1, fx->booking,
	    fx->now), OUTCOME_NOT_FOUND);
	fx_exec(fx->db, "UPDATE booking SET status = 'cancelled'");
	assert_int_equal(mail_resend(fx->db, 0, fx->learner, fx->booking,
	    fx->now), MAIL_RESEND_CANCELLED);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM outbox WHERE"
	    " kind = 'resend'"), 1);
}

static void
test_mail_sender_settings(void **state)
{
	struct fx	*fx = *state;
	const char	*name, *from, *reply;

	assert_int_equal(mail_sender(fx->db, fx->a, &name, &from, &reply), 0);
	assert_string_equal(name, "Recovery College");
	assert_string_equal(from, "noreply@college.example.org");
	assert_null(reply);
	fx_exec(fx->db, "UPDATE setting SET value = 'hello@rc.example' WHERE"
	    " key = 'mail_from'; UPDATE setting SET value = 'office@rc.example'"
	    " WHERE key = 'contact_email'");
	assert_int_equal(mail_sender(fx->db, fx->a, &name, &from, &reply), 0);
	assert_string_equal(from, "hello@rc.example");
	assert_string_equal(reply, "office@rc.example");
}

static void
test_mail_queue_reminders_once(void **state)
{
	struct fx	*fx = *state;
	time_t		 t = fx->now + 5 * DAY - 47 * HOUR;

	/* Not yet inside the 48-hour window. */
	assert_int_equal(mail_queue_reminders(fx->db, fx->now), 0);
	assert_int_equal(mail_queue_reminders(fx->db, t), 1);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM outbox WHERE"
	    " kind = 'reminder' AND session_id = %lld AND booking_id = %lld",
	    fx->s1, fx->booking), 1);
	/* Once, however often the mailer asks. */
	assert_int_equal(mail_queue_reminders(fx->db, t + 60), 0);
	assert_int_equal(mail_queue_reminders(fx->db, t + HOUR), 0);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM outbox"), 1);
	/* The second session has its own, a week later. */
	assert_int_equal(mail_queue_reminders(fx->db, t + 7 * DAY), 1);
}

static void
test_mail_queue_reminders_not_inside_window_at_booking(void **state)
{
	struct fx	*fx = *state;
	time_t		 t = fx->now + 5 * DAY - 47 * HOUR;

	/* Booked 40 hours before the session: already inside the window. */
	fx_sql(fx->db, "UPDATE booking SET created_at = %lld",
	    (long long)(fx->now + 5 * DAY - 40 * HOUR));
	assert_int_equal(mail_queue_reminders(fx->db, t + 8 * HOUR), 0);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM outbox"), 0);
}

static void
test_mail_queue_reminders_opted_out(void **state)
{
	struct fx	*fx = *state;
	time_t		 t = fx->now + 5 * DAY - 47 * HOUR;
	int		 on = 1;
	const char	*title;

	assert_int_equal(mail_reminders_set(fx->db, fx->booking, 0), 0);
	assert_int_equal(mail_reminders_get(fx->db, fx->a, fx->booking, &on,
	    &title), 0);
	assert_int_equal(on, 0);
	assert_string_equal(title, "Understanding anxiety");
	assert_int_equal(mail_queue_reminders(fx->db, t), 0);
	assert_int_equal(mail_reminders_set(fx->db, fx->booking, 1), 0);
	assert_int_equal(mail_queue_reminders(fx->db, t), 1);
}

static void
test_mail_queue_reminders_off(void **state)
{
	struct fx	*fx = *state;
	time_t		 t = fx->now + 5 * DAY - 47 * HOUR;

	fx_exec(fx->db, "UPDATE setting SET value = '0' WHERE"
	    " key = 'reminder_hours'");
	assert_int_equal(mail_queue_reminders(fx->db, t), 0);
	assert_int_equal(mail_queue_reminders(fx->db, t + 46 * HOUR), 0);
	/* A shorter window: due only within 2 hours. */
	fx_exec(fx->db, "UPDATE setting SET value = '2' WHERE"
	    " key = 'reminder_hours'");
	assert_int_equal(mail_queue_reminders(fx->db, t), 0);
	assert_int_equal(mail_queue_reminders(fx->db, t + 46 * HOUR), 1);
}

static void
test_mail_queue_reminders_skips_waiting_and_cancelled(void **state)
{
	struct fx	*fx = *state;
	time_t		 t = fx->now + 5 * DAY - 47 * HOUR;
	long long	 l = fx_learner(fx->db, "Bo", "bo@example.org");

	book(fx->db, fx->run, l, "waitlisted");
	fx_sql(fx->db, "UPDATE session SET status = 'cancelled' WHERE id ="
	    " %lld", fx->s2);
	assert_int_equal(mail_queue_reminders(fx->db, t), 1);
	assert_int_equal(mail_queue_reminders(fx->db, t + 7 * DAY), 0);
}

static void
test_mail_reminder_key_round_trip(void **state)
{
	struct fx	*fx = *state;
	char		 key[MAIL_RKEY_MAX + 1], bad[MAIL_RKEY_MAX + 1];
	size_t		 n;

	assert_int_equal(mail_reminder_key(fx->db, fx->booking, key,
	    sizeof(key)), 0);
	assert_int_equal(mail_reminder_booking(fx->db, key), fx->booking);
	memcpy(bad, key, sizeof(bad));
	n = strlen(bad);
	bad[n - 1] = bad[n - 1] == 'A' ? 'B' : 'A';
	assert_int_equal(mail_reminder_booking(fx->db, bad), 0);
	/* Another booking's id with this MAC. */
	snprintf(bad, sizeof(bad), "%lld%s", fx->booking + 1,
	    strchr(key, '-'));
	assert_int_equal(mail_reminder_booking(fx->db, bad), 0);
	assert_int_equal(mail_reminder_booking(fx->db, "0-AAAA"), 0);
	assert_int_equal(mail_reminder_booking(fx->db, "x"), 0);
	assert_int_equal(mail_reminder_booking(fx->db, ""), 0);
}

static void
test_mail_reminder_key_from_key_file(void **state)
{
	struct fx	*fx = *state;
	struct db	*db;
	char		 dir[] = "/tmp/test_mail.XXXXXX", path[128], k1[128],
			 k2[128], key[MAIL_RKEY_MAX + 1];

	(void)fx;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/college.db", dir);
	snprintf(k1, sizeof(k1), "%s/one.key", dir);
	snprintf(k2, sizeof(k2), "%s/two.key", dir);
	assert_non_null(db = fx_open(path, 1));
	setenv("TESSERA_KEY_FILE", k1, 1);
	assert_int_equal(mail_reminder_key(db, 42, key, sizeof(key)), 0);
	assert_int_equal(mail_reminder_booking(db, key), 42);
	/* The same database with another key file: the link is not ours.
	 * The key is not in the database, so a copy of it makes no link. */
	setenv("TESSERA_KEY_FILE", k2, 1);
	assert_int_equal(mail_reminder_booking(db, key), 0);
	setenv("TESSERA_KEY_FILE", k1, 1);
	assert_int_equal(mail_reminder_booking(db, key), 42);
	unsetenv("TESSERA_KEY_FILE");
	db_close(db);
	unlink(k1);
	unlink(k2);
	unlink(path);
	/* db.c's writers' lock file beside the database. */
	snprintf(path, sizeof(path), "%s/college.db-writer", dir);
	unlink(path);
	assert_int_equal(rmdir(dir), 0);
}

static void
test_mail_lost_request_limits(void **state)
{
	struct fx	*fx = *state;
	int		 i;

	for (i = 0; i < MAIL_LOST_ADDR_MAX; i++)
		assert_int_equal(mail_lost_request(fx->db, "ana@example.org",
		    "192.0.2.1", NULL, fx->now + i), MAIL_LOST_QUEUED);
	/* The address's limit: the same answer to the page, no mail. */
	assert_int_equal(mail_lost_request(fx->db, "ana@example.org",
	    "192.0.2.2", NULL, fx->now + 10), MAIL_LOST_ADDR_LIMIT);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM outbox WHERE"
	    " kind = 'lost'"), MAIL_LOST_ADDR_MAX);
	/* Unknown addresses are queued too: the message says so kindly. */
	assert_int_equal(mail_lost_request(fx->db, "nobody@example.org",
	    "192.0.2.2", NULL, fx->now + 10), MAIL_LOST_QUEUED);
	/* Neither address nor client is stored as it is. */
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM lost_request"
	    " WHERE key LIKE '%%example%%' OR key LIKE '%%192.0%%'"), 0);
	/* The client's limit. */
	for (i = 0; i < MAIL_LOST_CLIENT_MAX; i++)
		(void)mail_lost_request(fx->db, "x@example.org", "198.51.100.7", NULL,
		    fx->now + 20);
	assert_int_equal(mail_lost_request(fx->db, "y@example.org",
	    "198.51.100.7", NULL, fx->now + 30), MAIL_LOST_CLIENT_LIMIT);
	/* An hour on, both limits have passed. */
	assert_int_equal(mail_lost_request(fx->db, "ana@example.org",
	    "198.51.100.7", NULL, fx->now + MAIL_LOST_WINDOW + 40),
	    MAIL_LOST_QUEUED);
}

static void
test_mail_lost_request_ipv6_by_64(void **state)
{
	struct fx	*fx = *state;
	char		 a[64];
	int		 i;

	/* A phone has a whole /64: its addresses count as one client. */
	for (i = 0; i < MAIL_LOST_CLIENT_MAX; i++) {
		snprintf(a, sizeof(a), "2001:db8:1:2::%x", i + 1);
		assert_int_equal(mail_lost_request(fx->db, "z@example.org", a, NULL,
		    fx->now), i < MAIL_LOST_ADDR_MAX ? MAIL_LOST_QUEUED :
		    MAIL_LOST_ADDR_LIMIT);
	}
	assert_int_equal(mail_lost_request(fx->db, "w@example.org",
	    "2001:db8:1:2:ffff::9", NULL, fx->now), MAIL_LOST_CLIENT_LIMIT);
	/* The next /64 is someone else. */
	assert_int_equal(mail_lost_request(fx->db, "w@example.org",
	    "2001:db8:1:3::1", NULL, fx->now), MAIL_LOST_QUEUED);
	/* IPv4 through an IPv6 socket is one IPv4 address each. */
	assert_int_equal(mail_lost_request(fx->db, "v@example.org",
	    "::ffff:192.0.2.9", NULL, fx->now), MAIL_LOST_QUEUED);
}

static void
test_mail_learner_view_no_content(void **state)
{
	struct fx	*fx = *state;
	struct view	*v;

	queue(fx, MAIL_CONFIRMED, fx->booking, 0, NULL);
	queue(fx, MAIL_REMINDER, fx->booking, fx->s1, NULL);
	fx_exec(fx->db, "UPDATE outbox SET state = 'failed', last_error ="
	    " '550 5.1.1 mailbox unavailable', body = 'SECRET BODY'"
	    " WHERE kind = 'reminder'");
	assert_non_null(v = view_new(fx->a));
	assert_int_equal(mail_learner_view(fx->db, fx->learner, v), 0);
	assert_int_equal(fx_rows(v, "mail"), 2);
	assert_int_equal(fx_flag(v, "has_mail"), 1);
	assert_string_equal(fx_str(fx_row(v, "mail", 0), "kind_text"),
	    "Reminder");
	assert_int_equal(fx_flag(fx_row(v, "mail", 0), "failed"), 1);
	assert_string_equal(fx_str(fx_row(v, "mail", 0), "reply"),
	    "550 5.1.1 mailbox unavailable");
	assert_string_equal(fx_str(fx_row(v, "mail", 1), "state"), "queued");
	assert_null(view_lookup_here(fx_row(v, "mail", 0), "body"));
	assert_non_null(v = view_new(fx->a));
	assert_int_equal(mail_unreachable_view(fx->db, v), 0);
	assert_int_equal(fx_num(v, "unreachable_count"), 1);
	assert_string_equal(fx_str(fx_row(v, "unreachable", 0), "name"), "Ana");
	/* A later message that went through: reachable again. */
	queue(fx, MAIL_RESEND, fx->booking, 0, NULL);
	fx_exec(fx->db, "UPDATE outbox SET state = 'sent' WHERE kind ="
	    " 'resend'");
	assert_non_null(v = view_new(fx->a));
	assert_int_equal(mail_unreachable_view(fx->db, v), 0);
	assert_int_equal(fx_num(v, "unreachable_count"), 0);
}

static void
test_mail_text_lines_wrapped(void **state)
{
	struct fx	*fx = *state;
	struct mail_msg	 m = compose(fx, queue(fx, MAIL_CONFIRMED,
			    fx->booking, 0, NULL));
	const char	*p = m.text, *e;

	/* Words wrap at 72; only a link may stand longer on its own. */
	for (; *p != '\0'; p = *e ? e + 1 : e) {
		e = strchr(p, '\n');
		if (e == NULL)
			e = p + strlen(p);
		if (e - p > 72 && (memchr(p, ' ', (size_t)(e - p)) != NULL))
			fail_msg("long line: %.*s", (int)(e - p), p);
	}
}


/* --- Every kind in the learner's language ---------------------------- */

#ifndef TESSERA_LOCALEDIR
#define TESSERA_LOCALEDIR "../../build/locale"
#endif
#define POT		"../../po/tessera.pot"
#define MAILCHECK	"../http/mailcheck.py"
#define ENGLISH_MAX	2000	/* English sentences read from the .pot */

/*
 * The English sentences of the catalogue, as test_i18n.sh takes them:
 * every msgid of po/tessera.pot cut at its {names}, each piece of three
 * words or more, trimmed. In *out (count returned), strings malloc'd.
 */
static size_t
english_sentences(char **out, size_t max)
{
	FILE	*f;
	char	 line[4096], piece[4096], *p, *q, *o;
	size_t	 n = 0, words;
	int	 in;

	assert_non_null(f = fopen(POT, "r"));
	while (fgets(line, sizeof(line), f) != NULL) {
		if (strncmp(line, "msgid \"", 7) != 0)
			continue;
		p = line + 7;
		if ((q = strrchr(p, '"')) != NULL)
			*q = '\0';
		while (*p != '\0') {
			/* One piece: up to a {name} or the end, unescaped. */
			for (o = piece; *p != '\0' && *p != '{'; p++) {
				if (*p == '\\' && p[1] != '\0')
					p++;
				*o++ = *p;
			}
			*o = '\0';
			if (*p == '{' && (q = strchr(p, '}')) != NULL)
				p = q + 1;
			else if (*p == '{')
				p++;
			for (o = piece; *o != '\0' && strchr(" ,.:;", *o); o++)
				;
			memmove(piece, o, strlen(o) + 1);
			for (o = piece + strlen(piece); o > piece && o[-1] == ' ';)
				*--o = '\0';
			for (words = 0, in = 0, o = piece; *o != '\0'; o++) {
				if (*o != ' ' && !in)
					words++;
				in = *o != ' ';
			}
			if (words >= 3 && n < max)
				assert_non_null(out[n++] = strdup(piece));
		}
	}
	fclose(f);
	assert_true(n > 100);
	return n;
}

/* No English sentence of the catalogue in the subject or the text. */
static void
no_english(const struct mail_msg *m, char **english, size_t n,
    const char *what)
{
	char	*text = flat(m->text);
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strstr(m->subject, english[i]) != NULL ||
		    strstr(text, english[i]) != NULL)
			fail_msg("%s: English \"%s\" in:\n%s\n%s", what,
			    english[i], m->subject, text);
	free(text);
}

/*
 * The message m as the mailer encodes it (mime_write) into a file of
 * dir; its name is appended to files (a shell word list).
 */
static void
encode_to(const struct mail_msg *m, const char *dir, int k, char *files,
    size_t len)
{
	struct arena	*a;
	struct buf	 b;
	struct mime_msg	 mm;
	char		 path[512];
	FILE		*f;

	assert_non_null(a = arena_new());
	memset(&mm, 0, sizeof(mm));
	mm.from_name = "Coleg Adfer — Recovery College";
	mm.from = "noreply@college.example.org";
	mm.to = m->to;
	mm.subject = m->subject;
	mm.date = 1774000000;
	mm.msgid = "test";
	mm.host = "college.example.org";
	mm.text = m->text;
	mm.html = m->html;
	mm.ics = m->ics;
	mm.ics_method = m->ics_method;
	mm.unsubscribe = m->unsubscribe;
	mm.lang = m->lang;
	buf_init(&b, a);
	assert_int_equal(mime_write(&b, &mm), 0);
	snprintf(path, sizeof(path), "\r\nContent-Language: %s\r\n", m->lang);
	has(b.data, path);
	snprintf(path, sizeof(path), "%s/%02d.eml", dir, k);
	assert_non_null(f = fopen(path, "wb"));
	assert_int_equal(fwrite(b.data, 1, b.len, f), b.len);
	fclose(f);
	strncat(files, " ", len - strlen(files) - 1);
	strncat(files, path, len - strlen(files) - 1);
	arena_free(a);
}

/*
 * Every kind of message composed for a booking made in lang: each is
 * in lang (its own words given in greeting, a weekday name of lang in
 * weekday, the html and Content-Language saying lang), holds no English
 * sentence of the catalogue, and parses strictly as MIME (mailcheck.py,
 * Python's email package).
 */
static void
every_kind_in(struct fx *fx, const char *lang, const char *greeting,
    const char *weekday)
{
	static char	*english[ENGLISH_MAX];
	static size_t	 ne;
	char		 dir[] = "/tmp/test_mail.XXXXXX";
	char		 files[8192] = "", detail[128], htmllang[32], cmd[9000];
	const char	*what[] = { "confirmed", "promoted", "resend",
			    "waitlisted", "resend (waiting)", "cancelled",
			    "run cancelled", "session moved",
			    "session cancelled", "reminder", "lost",
			    "lost (none)" };
	/* Which of them say a date (the others need none). */
	const int	 dated[] = { 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 0 };
	long long	 ids[12], waiting, gone;
	struct mail_msg	 m;
	size_t		 i;

	assert_int_equal(i18n_init(TESSERA_LOCALEDIR), 0);
	/* Read once, kept (reachable) for the next language's test. */
	if (ne == 0)
		ne = english_sentences(english, ENGLISH_MAX);
	assert_non_null(mkdtemp(dir));
	waiting = book(fx->db, fx->run, fx_learner(fx->db, "Bea",
	    "bea@example.org"), "waitlisted");
	gone = book(fx->db, fx->run, fx_learner(fx->db, "Cai",
	    "cai@example.org"), "cancelled");
	fx_sql(fx->db, "UPDATE booking SET lang = %Q", lang);
	snprintf(detail, sizeof(detail), "old_start=%lld;old_end=%lld;"
	    "old_venue=%lld", (long long)(fx->now + 4 * DAY),
	    (long long)(fx->now + 4 * DAY + 2 * HOUR), fx->venue);
	ids[0] = queue(fx, MAIL_CONFIRMED, fx->booking, 0, NULL);
	ids[1] = queue(fx, MAIL_PROMOTED, fx->booking, 0, NULL);
	ids[2] = queue(fx, MAIL_RESEND, fx->booking, 0, NULL);
	ids[3] = queue(fx, MAIL_WAITLISTED, waiting, 0, "position=2");
	ids[4] = queue(fx, MAIL_RESEND, waiting, 0, NULL);
	ids[5] = queue(fx, MAIL_CANCELLED, gone, 0, NULL);
	ids[6] = queue(fx, MAIL_RUN_CANCELLED, fx->booking, 0, NULL);
	ids[7] = queue(fx, MAIL_SESSION_MOVED, fx->booking, fx->s1, detail);
	ids[8] = queue(fx, MAIL_SESSION_CANCELLED, fx->booking, fx->s2, NULL);
	ids[9] = queue(fx, MAIL_REMINDER, fx->booking, fx->s1, NULL);
	/* "Lost your link?" in the language of the page it was asked on. */
	assert_int_equal(mail_lost_request(fx->db, "ana@example.org",
	    "192.0.2.1", lang, fx->now), MAIL_LOST_QUEUED);
	ids[10] = fx_count(fx->db, "SELECT max(id) FROM outbox");
	assert_int_equal(mail_lost_request(fx->db, "nobody@example.org",
	    "192.0.2.1", lang, fx->now), MAIL_LOST_QUEUED);
	ids[11] = fx_count(fx->db, "SELECT max(id) FROM outbox");
	snprintf(htmllang, sizeof(htmllang), "<html lang=\"%s\">", lang);
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		m = compose(fx, ids[i]);
		assert_non_null(m.lang);
		if (strcmp(m.lang, lang) != 0)
			fail_msg("%s: written in %s", what[i], m.lang);
		has(m.html, htmllang);
		has(m.text, greeting);
		no_english(&m, english, ne, what[i]);
		no_needs(&m);
		encode_to(&m, dir, (int)i, files, sizeof(files));
		/* A date in words where the message has one. */
		if (dated[i])
			has(m.text, weekday);
	}
	snprintf(cmd, sizeof(cmd), "/usr/bin/python3 " MAILCHECK " --crlf%s >/dev/null",
	    files);
	if (system(cmd) != 0)
		fail_msg("mailcheck.py refused a message of %s (%s)", lang, dir);
	snprintf(cmd, sizeof(cmd), "rm -r %s", dir);
	assert_int_equal(system(cmd), 0);
	/* The process's language is put back (a web request's). */
	assert_string_equal(i18n_current(), "en");
}

static void
test_mail_every_kind_in_welsh(void **state)
{
	struct fx	*fx = *state;
	struct mail_msg	 m;

	every_kind_in(fx, "cy", "Helo,", "Dydd ");
	/* The course's own Welsh title, where the college wrote one. */
	fx_sql(fx->db, "INSERT INTO course_text(course_id, lang, title)"
	    " VALUES (%lld, 'cy', 'Deall gorbryder')", fx->course);
	m = compose(fx, queue(fx, MAIL_SESSION_MOVED, fx->booking, fx->s1,
	    NULL));
	has(m.subject, "Mae sesiwn wedi newid: Deall gorbryder");
	lacks(m.subject, "Understanding anxiety");
}

static void
test_mail_every_kind_in_dutch(void **state)
{
	struct fx	*fx = *state;
	struct mail_msg	 m;

	every_kind_in(fx, "nl", "Hallo,", "dag ");
	/* A list item whose first word is no longer than the indent. */
	assert_int_equal(mail_lost_request(fx->db, "ana@example.org",
	    "192.0.2.1", "nl", fx->now), MAIL_LOST_QUEUED);
	m = compose(fx, fx_count(fx->db, "SELECT max(id) FROM outbox"));
	has_text(m.text, "Je plek is bevestigd. Volgende bijeenkomst: "
	    "woensdag 25 maart 2026");
}

static void
test_mail_every_kind_in_spanish(void **state)
{
	every_kind_in(*state, "es", "Hola:", " de 2026");
}

/* A message in English says so too; a row in a language with no
 * catalogue is written whole in English, and says English. */
static void
test_mail_content_language(void **state)
{
	struct fx	*fx = *state;
	struct mail_msg	 m;

	m = compose(fx, queue(fx, MAIL_REMINDER, fx->booking, fx->s1, NULL));
	assert_string_equal(m.lang, "en");
	assert_int_equal(i18n_init(TESSERA_LOCALEDIR), 0);
	fx_exec(fx->db, "UPDATE booking SET lang = 'xx'");
	m = compose(fx, queue(fx, MAIL_REMINDER, fx->booking, fx->s1, NULL));
	has(m.subject, "See you soon");
	plain_html(&m);
	assert_string_equal(m.lang, "en");
}

/* A booking whose language is not known (made by the office) is
 * written to in the college's default language; one made in English,
 * in English whatever the default. */
static void
test_mail_unknown_language_is_the_default(void **state)
{
	struct fx	*fx = *state;
	struct mail_msg	 m;

	assert_int_equal(i18n_init(TESSERA_LOCALEDIR), 0);
	fx_exec(fx->db, "INSERT INTO setting(key, value) VALUES"
	    " ('default_language', 'nl') ON CONFLICT(key) DO UPDATE"
	    " SET value = excluded.value");
	fx_exec(fx->db, "UPDATE booking SET lang = NULL");
	m = compose(fx, queue(fx, MAIL_PROMOTED, fx->booking, 0, NULL));
	assert_string_equal(m.lang, "nl");
	has(m.subject, "Er is een plek voor je vrijgekomen");
	fx_exec(fx->db, "UPDATE booking SET lang = 'en'");
	m = compose(fx, queue(fx, MAIL_PROMOTED, fx->booking, 0, NULL));
	assert_string_equal(m.lang, "en");
	has(m.subject, "A place has come up for you");
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_mail_compose_confirmed),
		T(test_mail_compose_waitlisted_no_code_no_calendar),
		T(test_mail_compose_promoted),
		T(test_mail_compose_cancelled_calendar_cancel),
		T(test_mail_compose_cancelled_waiting_or_rebooked),
		T(test_mail_compose_run_cancelled),
		T(test_mail_compose_session_moved_sequence_grows),
		T(test_mail_compose_session_cancelled),
		T(test_mail_compose_reminder),
		T(test_mail_compose_reminder_bring),
		T(test_mail_compose_reminder_drops),
		T(test_mail_compose_erased_drops),
		T(test_mail_compose_lost),
		T(test_mail_compose_resend),
		T(test_mail_sender_settings),
		T(test_mail_queue_reminders_once),
		T(test_mail_queue_reminders_not_inside_window_at_booking),
		T(test_mail_queue_reminders_opted_out),
		T(test_mail_queue_reminders_off),
		T(test_mail_queue_reminders_skips_waiting_and_cancelled),
		T(test_mail_reminder_key_round_trip),
		T(test_mail_reminder_key_from_key_file),
		T(test_mail_lost_request_limits),
		T(test_mail_lost_request_ipv6_by_64),
		T(test_mail_learner_view_no_content),
		T(test_mail_text_lines_wrapped),
		T(test_mail_every_kind_in_welsh),
		T(test_mail_every_kind_in_dutch),
		T(test_mail_every_kind_in_spanish),
		T(test_mail_content_language),
		T(test_mail_unknown_language_is_the_default),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
