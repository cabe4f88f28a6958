/*
 * test_booking.c: the booking rules on an in-memory database with the
 * real migrations: places, the waiting list and its order, repeats from
 * the same and other browsers, cancelling and promotion, runs that
 * cannot be booked, email and phone rules, the booking page's variables
 * and the calendar. One test forks writers on a file database to show
 * that capacity holds across processes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sys/stat.h>
#include <sys/wait.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kit/arena.h"
#include "kit/buf.h"
#include "kit/db.h"
#include "kit/i18n.h"
#include "kit/token.h"
#include "kit/view.h"
#include "college/booking.h"
#include "college/sqlfiles.h"
#include "college/stmts.h"
#include "college/when.h"
#include "fixture.h"

/* 2026-03-02 10:00 UTC, a Monday. */
#define NOW	((time_t)1772445600)
#define DAY	(24 * 60 * 60)
/* The check-in token of "A" x 26 (computed with sha256sum and base32). */
#define CHECKIN_OF_A	"AR47W5TJGR2CHZP33ZWPJBI6DD"

/* Run 1: open, 3 places, an in-person, an online and a cancelled
 * session. Run 2 cancelled, 3 draft, 4 of a draft course, 5 started,
 * 6 without a scheduled session, 7 open with 1 place. */
static const char fixture[] =
    "INSERT INTO venue(id, name, address, access, online) VALUES"
    " (1, 'Riverside Hall', '1 High Street', 'Step-free entrance', 0),"
    " (2, 'Online', '', '', 1);"
    "INSERT INTO course(id, slug, title, status) VALUES"
    " (1, 'wrap', 'Wellness Recovery Action Plan', 'published'),"
    " (2, 'secret', 'A draft course', 'draft');"
    "INSERT INTO run(id, course_id, capacity, status, online_details)"
    " VALUES (1, 1, 3, 'published', 'Join at https://meet.example/abc'),"
    " (2, 1, 5, 'cancelled', ''), (3, 1, 5, 'draft', ''),"
    " (4, 2, 5, 'published', ''), (5, 1, 5, 'published', ''),"
    " (6, 1, 5, 'published', ''), (7, 1, 1, 'published', '');"
    "INSERT INTO session(run_id, starts_at, ends_at, venue_id, status)"
    " VALUES"
    " (1, 1772532000, 1772539200, 1, 'scheduled'),"	/* NOW + 1 day */
    " (1, 1773136800, 1773144000, 2, 'scheduled'),"	/* NOW + 8 days */
    " (1, 1773741600, 1773748800, 1, 'cancelled'),"	/* NOW + 15 days */
    " (2, 1772532000, 1772539200, 1, 'scheduled'),"
    " (3, 1772532000, 1772539200, 1, 'scheduled'),"
    " (4, 1772532000, 1772539200, 1, 'scheduled'),"
    " (5, 1772442000, 1772449200, 1, 'scheduled'),"	/* began NOW - 1h */
    " (6, 1772532000, 1772539200, 1, 'cancelled'),"
    " (7, 1772532000, 1772539200, 1, 'scheduled');"
    "INSERT INTO \"user\"(id, email, name, role, pwhash, created_at) VALUES"
    " (1, 'sam@example.org', 'Sam Peer', 'educator', 'x', 0),"
    " (2, 'alex@example.org', 'Alex Clinic', 'educator', 'x', 0);"
    "INSERT INTO facilitator(run_id, user_id, role) VALUES"
    " (1, 2, 'clinical'), (1, 1, 'peer');";

struct fx {
	struct db	*db;
	struct arena	*arena;
};

static int
setup(void **state)
{
	struct fx	*fx;

	if (when_set_zone("Europe/London") == -1 ||
	    (fx = calloc(1, sizeof(*fx))) == NULL)
		return -1;
	fx->db = fx_db();
	fx_exec(fx->db, fixture);
	if ((fx->arena = arena_new()) == NULL)
		return -1;
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx	*fx = *state;

	db_close(fx->db);
	arena_free(fx->arena);
	free(fx);
	return 0;
}

static enum booking_result
book_as(struct db *db, long long run, const char *name, const char *email,
    const char *browser, time_t now, struct booking_ref *out)
{
	struct booking_request	 req;

	memset(&req, 0, sizeof(req));
	req.run_id = run;
	req.name = name;
	req.email = email;
	req.phone = "07700 900123";
	req.needs = "A seat near the door";
	req.browser = browser;
	return booking_create(db, &req, now, out);
}

static enum booking_result
book(struct db *db, long long run, const char *email, const char *browser,
    struct booking_ref *out)
{
	return book_as(db, run, "Ada Example", email, browser, NOW, out);
}

/* The email of learner number i, and a browser of its own. */
static void
nth(int i, char *email, size_t elen, char *browser, size_t blen)
{
	snprintf(email, elen, "learner%d@example.org", i);
	snprintf(browser, blen, "BROWSER%dAAAAAAAAAAAAAAAAAAAAA", i);
}

/* The status and position of the booking with token, via booking_find. */
static struct booking_ref
found(struct fx *fx, const char *token)
{
	struct booking_info	 info;

	assert_int_equal(booking_find(fx->db, fx->arena, token, NOW, &info), 0);
	return info.ref;
}

static void
test_booking_create_confirms_while_places_remain(void **state)
{
	struct fx		*fx = *state;
	struct booking_ref	 b;
	char			 e[64], br[64];
	int			 i;

	for (i = 1; i <= 3; i++) {
		nth(i, e, sizeof(e), br, sizeof(br));
		assert_int_equal(book(fx->db, 1, e, br, &b), BOOKING_MADE);
		assert_int_equal(b.status, BOOKING_CONFIRMED);
		assert_int_equal(b.position, 0);
		assert_true(b.id > 0);
		assert_true(token_valid(b.token));
	}
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM booking WHERE "
	    "run_id = 1 AND status = 'confirmed'"), 3);
}

static void
test_booking_create_waitlists_with_positions(void **state)
{
	struct fx		*fx = *state;
	struct booking_ref	 b;
	char			 e[64], br[64];
	int			 i;

	for (i = 1; i <= 8; i++) {
		nth(i, e, sizeof(e), br, sizeof(br));
		assert_int_equal(book(fx->db, 1, e, br, &b), BOOKING_MADE);
		if (i <= 3) {
			assert_int_equal(b.status, BOOKING_CONFIRMED);
			continue;
		}
		assert_int_equal(b.status, BOOKING_WAITLISTED);
		assert_int_equal(b.position, i - 3);
		assert_int_equal(found(fx, b.token).position, i - 3);
	}
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM booking WHERE "
	    "run_id = 1 AND status = 'waitlisted'"), 5);
	/* Never more confirmed than capacity. */
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM booking WHERE "
	    "run_id = 1 AND status = 'confirmed'"), 3);
}

static void
test_booking_create_codes_and_tokens(void **state)
{
	struct fx		*fx = *state;
	struct booking_ref	 b;
	char			 e[64], br[64];
	size_t			 k;
	int			 i;

	for (i = 1; i <= 20; i++) {
		nth(i, e, sizeof(e), br, sizeof(br));
		assert_int_equal(book(fx->db, 1, e, br, &b), BOOKING_MADE);
		assert_int_equal(strlen(b.code), BOOKING_CODE_LEN);
		for (k = 0; k < BOOKING_CODE_LEN; k++)
			assert_non_null(strchr(BOOKING_CODE_ALPHABET,
			    b.code[k]));
		assert_int_equal(strlen(b.token), TOKEN_B32_LEN);
	}
	assert_int_equal(fx_count(fx->db, "SELECT count(DISTINCT code) FROM "
	    "booking WHERE run_id = 1"), 20);
	/* Hashes only: no plaintext token is stored. */
	assert_int_equal(fx_count(fx->db,
	    "SELECT count(DISTINCT token_hash) FROM booking"), 20);
	assert_int_equal(fx_count(fx->db,
	    "SELECT count(DISTINCT checkin_hash) FROM booking"), 20);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM booking "
	    "WHERE token IS NOT NULL OR length(token_sealed) <> 66"), 0);
}

static void
test_booking_create_same_browser_returns_existing(void **state)
{
	struct fx		*fx = *state;
	struct booking_ref	 a, b, w;

	assert_int_equal(book(fx->db, 1, "ada@example.org", "BROWSERA", &a),
	    BOOKING_MADE);
	/* A double click, with the email typed differently. */
	assert_int_equal(book(fx->db, 1, "  ADA@Example.ORG ", "BROWSERA", &b),
	    BOOKING_SAME);
	assert_int_equal(b.id, a.id);
	assert_string_equal(b.token, a.token);
	assert_string_equal(b.code, a.code);
	assert_int_equal(b.status, BOOKING_CONFIRMED);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM booking"), 1);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM learner"), 1);

	/* A waitlisted repeat gets its position back. */
	fx_exec(fx->db, "UPDATE run SET capacity = 1 WHERE id = 1");
	assert_int_equal(book(fx->db, 1, "bea@example.org", "BROWSERB", &w),
	    BOOKING_MADE);
	assert_int_equal(w.status, BOOKING_WAITLISTED);
	assert_int_equal(book(fx->db, 1, "bea@example.org", "BROWSERB", &b),
	    BOOKING_SAME);
	assert_int_equal(b.status, BOOKING_WAITLISTED);
	assert_int_equal(b.position, 1);
	assert_string_equal(b.token, w.token);
}

/*
 * Someone else, from another browser, books with Ada's address (and
 * even her name): a new booking of a new learner, answered exactly as
 * any booking; Ada's record and booking are untouched (issue 11.1-2).
 */
static void
test_booking_create_other_browser_is_a_new_booking(void **state)
{
	struct fx		*fx = *state;
	struct booking_ref	 a, b, c;

	assert_int_equal(book_as(fx->db, 1, "Ada Example", "ada@example.org",
	    "BROWSERA", NOW, &a), BOOKING_MADE);
	fx_exec(fx->db, "UPDATE learner SET consent_at = 5, created_at = 5");
	assert_int_equal(book_as(fx->db, 1, "Someone Else", "Ada@example.org",
	    "BROWSERX", NOW + 60, &b), BOOKING_MADE);
	assert_int_not_equal(b.id, a.id);
	assert_string_not_equal(b.token, a.token);
	assert_int_equal(b.status, BOOKING_CONFIRMED);
	/* The same name from no browser at all: a third person's place,
	 * never "you already have one". */
	assert_int_equal(book(fx->db, 1, "ada@example.org", NULL, &c),
	    BOOKING_MADE);
	assert_int_not_equal(c.id, a.id);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM booking"), 3);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM learner"), 3);
	/* Ada's record as it was: name, phone, consent and creation. */
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM learner WHERE "
	    "name = 'Ada Example' AND phone = '07700 900123' AND "
	    "consent_at = 5 AND created_at = 5"), 1);
	assert_int_equal(found(fx, a.token).id, a.id);
}

/* Two people, one address: each is on the roster under their own name,
 * on the same run, and a search by either name finds them (13.2). */
static void
test_booking_create_two_people_one_address(void **state)
{
	struct fx		*fx = *state;
	struct booking_ref	 a, b;

	assert_int_equal(book_as(fx->db, 1, "Ada Example", "home@example.org",
	    "BROWSERA", NOW, &a), BOOKING_MADE);
	assert_int_equal(book_as(fx->db, 1, "Bea Example", "home@example.org",
	    "BROWSERA", NOW, &b), BOOKING_MADE);
	assert_int_not_equal(a.id, b.id);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM booking AS b "
	    "JOIN learner AS l ON l.id = b.learner_id WHERE b.run_id = 1 AND "
	    "b.status = 'confirmed' AND l.email = 'home@example.org' AND "
	    "l.name IN ('Ada Example', 'Bea Example')"), 2);
	assert_int_equal(fx_count(fx->db, "SELECT count(DISTINCT learner_id) "
	    "FROM booking"), 2);
}

static void
test_booking_create_same_email_other_run(void **state)
{
	struct fx		*fx = *state;
	struct booking_ref	 a, b, c;

	assert_int_equal(book_as(fx->db, 1, "Ada Example", "ada@example.org",
	    "BROWSERA", NOW, &a), BOOKING_MADE);
	/* The same person on another run: the same learner, unchanged. */
	assert_int_equal(book_as(fx->db, 7, " ada EXAMPLE ", "ADA@example.org",
	    "BROWSERX", NOW, &b), BOOKING_MADE);
	assert_int_not_equal(a.id, b.id);
	assert_string_not_equal(a.token, b.token);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM learner"), 1);
	/* Another name on that address: another person. */
	assert_int_equal(book_as(fx->db, 6, "Not Ada", "ada@example.org",
	    "BROWSERX", NOW, &c), BOOKING_REFUSED);
	fx_exec(fx->db, "UPDATE session SET status = 'scheduled' WHERE "
	    "run_id = 6");
	assert_int_equal(book_as(fx->db, 6, "Not Ada", "ada@example.org",
	    "BROWSERX", NOW, &c), BOOKING_MADE);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM learner"), 2);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM learner WHERE "
	    "name = 'Ada Example' AND email = 'ada@example.org'"), 1);
}

static void
test_booking_create_refused(void **state)
{
	static const struct {
		long long		 run;
		enum booking_closed	 why;
	} cases[] = {
		{ 2, BOOKING_RUN_CANCELLED },
		{ 3, BOOKING_NOT_OPEN },	/* draft run */
		{ 4, BOOKING_NOT_OPEN },	/* draft course */
		{ 5, BOOKING_STARTED },
		{ 6, BOOKING_NOT_OPEN },	/* no scheduled session */
		{ 99, BOOKING_NO_RUN },
	};
	struct fx		*fx = *state;
	struct booking_ref	 b;
	size_t			 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(book(fx->db, cases[i].run, "ada@example.org",
		    "BROWSERA", &b), BOOKING_REFUSED);
		assert_int_equal(b.closed, cases[i].why);
		assert_true(strlen(booking_closed_text(cases[i].why)) > 10);
		assert_string_equal(b.token, "");
	}
	/* Run 1 closes when its first session starts. */
	assert_int_equal(book_as(fx->db, 1, "Ada", "ada@example.org",
	    "BROWSERA", (time_t)1772532000, &b), BOOKING_REFUSED);
	assert_int_equal(b.closed, BOOKING_STARTED);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM booking"), 0);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM learner"), 0);
	/* A second earlier it could be booked. */
	assert_int_equal(book_as(fx->db, 1, "Ada", "ada@example.org",
	    "BROWSERA", (time_t)1772532000 - 1, &b), BOOKING_MADE);
}

static void
test_booking_create_invalid(void **state)
{
	struct fx		*fx = *state;
	struct booking_request	 req;
	struct booking_ref	 b;
	char			 longtext[BOOKING_NEEDS_MAX + 2];

	memset(&req, 0, sizeof(req));
	req.run_id = 1;
	req.name = "Ada";
	req.email = "ada@example.org";
	req.browser = "BROWSERA";
	req.name = "";
	assert_int_equal(booking_create(fx->db, &req, NOW, &b),
	    BOOKING_INVALID);
	req.name = "Ada";
	req.email = "not-an-email";
	assert_int_equal(booking_create(fx->db, &req, NOW, &b),
	    BOOKING_INVALID);
	req.email = "ada@example.org";
	req.phone = "call me";
	assert_int_equal(booking_create(fx->db, &req, NOW, &b),
	    BOOKING_INVALID);
	req.phone = NULL;
	memset(longtext, 'x', sizeof(longtext) - 1);
	longtext[sizeof(longtext) - 1] = '\0';
	req.needs = longtext;
	assert_int_equal(booking_create(fx->db, &req, NOW, &b),
	    BOOKING_INVALID);
	longtext[BOOKING_NEEDS_MAX] = '\0';
	assert_int_equal(booking_create(fx->db, &req, NOW, &b), BOOKING_MADE);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM booking"), 1);
}

static void
test_booking_create_stores_learner(void **state)
{
	struct fx		*fx = *state;
	struct booking_ref	 b;

	assert_int_equal(book_as(fx->db, 1, "Ada Example",
	    " Ada.Example@Example.ORG\t", "BROWSERA", NOW, &b), BOOKING_MADE);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM learner WHERE "
	    "email = 'ada.example@example.org' AND name = 'Ada Example' AND "
	    "consent_at = 1772445600"), 1);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM booking WHERE "
	    "needs = 'A seat near the door' AND length(browser_hash) = 64 "
	    "AND created_at = 1772445600"), 1);
	/* The browser's token is kept only as a hash. */
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM booking WHERE "
	    "browser_hash LIKE '%%BROWSER%%'"), 0);
}

static void
test_booking_cancel_promotes_in_order(void **state)
{
	struct fx		*fx = *state;
	struct booking_ref	 b[7];
	char			 e[64], br[64];
	int			 i, promoted;

	for (i = 0; i < 7; i++) {
		nth(i, e, sizeof(e), br, sizeof(br));
		assert_int_equal(book(fx->db, 1, e, br, &b[i]), BOOKING_MADE);
	}
	/* 0..2 confirmed, 3..6 waiting as 1..4. */
	assert_int_equal(booking_cancel(fx->db, b[1].token, NOW, &promoted), 0);
	assert_int_equal(promoted, 1);
	assert_int_equal(found(fx, b[1].token).status, BOOKING_CANCELLED);
	assert_int_equal(found(fx, b[3].token).status, BOOKING_CONFIRMED);
	assert_int_equal(found(fx, b[3].token).position, 0);
	assert_int_equal(found(fx, b[4].token).position, 1);
	assert_int_equal(found(fx, b[5].token).position, 2);
	assert_int_equal(found(fx, b[6].token).position, 3);

	/* Leaving the waiting list moves those behind up, promotes none. */
	assert_int_equal(booking_cancel(fx->db, b[5].token, NOW, &promoted), 0);
	assert_int_equal(promoted, 0);
	assert_int_equal(found(fx, b[4].token).position, 1);
	assert_int_equal(found(fx, b[6].token).position, 2);

	assert_int_equal(booking_cancel(fx->db, b[0].token, NOW, &promoted), 0);
	assert_int_equal(promoted, 1);
	assert_int_equal(found(fx, b[4].token).status, BOOKING_CONFIRMED);
	assert_int_equal(found(fx, b[6].token).position, 1);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM booking WHERE "
	    "run_id = 1 AND status = 'confirmed'"), 3);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM audit WHERE "
	    "action = 'booking.promote'"), 2);
}

static void
test_booking_cancel_twice_harmless(void **state)
{
	struct fx		*fx = *state;
	struct booking_ref	 b[5];
	char			 e[64], br[64];
	int			 i, promoted;

	for (i = 0; i < 5; i++) {
		nth(i, e, sizeof(e), br, sizeof(br));
		assert_int_equal(book(fx->db, 1, e, br, &b[i]), BOOKING_MADE);
	}
	assert_int_equal(booking_cancel(fx->db, b[0].token, NOW, &promoted), 0);
	assert_int_equal(promoted, 1);
	assert_int_equal(booking_cancel(fx->db, b[0].token, NOW + 60,
	    &promoted), 0);
	assert_int_equal(promoted, 0);
	/* b[4] is still first in line: the second cancel freed nothing. */
	assert_int_equal(found(fx, b[4].token).status, BOOKING_WAITLISTED);
	assert_int_equal(found(fx, b[4].token).position, 1);
	assert_int_equal(fx_count(fx->db, "SELECT updated_at FROM booking "
	    "WHERE status = 'cancelled'"), NOW);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM audit WHERE "
	    "action = 'booking.cancel'"), 1);
}

static void
test_booking_cancel_unknown(void **state)
{
	struct fx	*fx = *state;
	int		 promoted = 7;

	assert_int_equal(booking_cancel(fx->db, "AAAAAAAAAAAAAAAAAAAAAAAAAA",
	    NOW, &promoted), 1);
	assert_int_equal(promoted, 0);
	assert_int_equal(booking_cancel(fx->db, "short", NOW, NULL), 1);
	assert_int_equal(booking_cancel(fx->db, "aaaaaaaaaaaaaaaaaaaaaaaaaa",
	    NOW, NULL), 1);
	assert_int_equal(booking_cancel(fx->db, NULL, NOW, NULL), 1);
}

static void
test_booking_cancel_after_start_promotes_nobody(void **state)
{
	struct fx		*fx = *state;
	struct booking_ref	 a, w;
	int			 promoted;

	assert_int_equal(book(fx->db, 7, "ada@example.org", "A", &a),
	    BOOKING_MADE);
	assert_int_equal(book(fx->db, 7, "bea@example.org", "B", &w),
	    BOOKING_MADE);
	assert_int_equal(w.status, BOOKING_WAITLISTED);
	/* The session has begun: too late to give the place away. */
	assert_int_equal(booking_cancel(fx->db, a.token, (time_t)1772532000 +
	    60, &promoted), 0);
	assert_int_equal(promoted, 0);
	assert_int_equal(found(fx, w.token).status, BOOKING_WAITLISTED);
}

static void
test_booking_create_rebook_after_cancel_goes_to_end(void **state)
{
	struct fx		*fx = *state;
	struct booking_ref	 a, b, c, again;
	int			 promoted;

	/* Run 7 has one place. */
	assert_int_equal(book(fx->db, 7, "ada@example.org", "A", &a),
	    BOOKING_MADE);
	assert_int_equal(book(fx->db, 7, "bea@example.org", "B", &b),
	    BOOKING_MADE);
	assert_int_equal(book(fx->db, 7, "cal@example.org", "C", &c),
	    BOOKING_MADE);
	assert_int_equal(booking_cancel(fx->db, a.token, NOW, &promoted), 0);
	assert_int_equal(found(fx, b.token).status, BOOKING_CONFIRMED);
	/* Ada books again: behind Cal, though her row is older. */
	assert_int_equal(book(fx->db, 7, "ada@example.org", "A", &again),
	    BOOKING_MADE);
	assert_int_equal(again.id, a.id);
	assert_int_equal(again.status, BOOKING_WAITLISTED);
	assert_int_equal(again.position, 2);
	assert_string_not_equal(again.token, a.token);
	assert_int_equal(found(fx, c.token).position, 1);
	/* The old link is dead; the new one works. */
	{
		struct booking_info	 info;

		assert_int_equal(booking_find(fx->db, fx->arena, a.token, NOW,
		    &info), 1);
	}
	assert_int_equal(found(fx, again.token).position, 2);
	/* When Bea cancels, Cal (first in line) gets the place. */
	assert_int_equal(booking_cancel(fx->db, b.token, NOW, &promoted), 0);
	assert_int_equal(found(fx, c.token).status, BOOKING_CONFIRMED);
	assert_int_equal(found(fx, again.token).position, 1);
}

static void
test_booking_create_fills_free_places_first(void **state)
{
	struct fx		*fx = *state;
	struct booking_ref	 a, w, n;

	assert_int_equal(book(fx->db, 7, "ada@example.org", "A", &a),
	    BOOKING_MADE);
	assert_int_equal(book(fx->db, 7, "bea@example.org", "B", &w),
	    BOOKING_MADE);
	assert_int_equal(w.status, BOOKING_WAITLISTED);
	/* The college adds a place; the next booking must not jump Bea. */
	fx_exec(fx->db, "UPDATE run SET capacity = 2 WHERE id = 7");
	assert_int_equal(book(fx->db, 7, "cal@example.org", "C", &n),
	    BOOKING_MADE);
	assert_int_equal(n.status, BOOKING_WAITLISTED);
	assert_int_equal(n.position, 1);
	assert_int_equal(found(fx, w.token).status, BOOKING_CONFIRMED);
}

/* Demo rows keep queued_at 0 (its default): id order then decides. */
static void
test_booking_position_legacy_rows(void **state)
{
	struct fx		*fx = *state;
	struct booking_ref	 a, b, n;

	assert_int_equal(book(fx->db, 7, "ada@example.org", "A", &a),
	    BOOKING_MADE);
	fx_exec(fx->db, "INSERT INTO learner(id, email, name, created_at) "
	    "VALUES (100, 'x@example.org', 'X', 0), (101, 'y@example.org', "
	    "'Y', 0);INSERT INTO booking(run_id, learner_id, status, token, "
	    "code, created_at, updated_at) VALUES (7, 101, 'waitlisted', "
	    "'DEMOAAAAAAAAAAAAAAAAAAAAAB', 'AAAAAB', 0, 0), (7, 100, "
	    "'waitlisted', 'DEMOAAAAAAAAAAAAAAAAAAAAAC', 'AAAAAC', 0, 0);");
	/* Rows from before sql/006: the upgrade step hashes their links. */
	assert_int_equal(booking_upgrade(fx->db), 2);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM booking "
	    "WHERE token IS NOT NULL"), 0);
	assert_int_equal(found(fx, "DEMOAAAAAAAAAAAAAAAAAAAAAB").position, 1);
	assert_int_equal(found(fx, "DEMOAAAAAAAAAAAAAAAAAAAAAC").position, 2);
	assert_int_equal(book(fx->db, 7, "bea@example.org", "B", &b),
	    BOOKING_MADE);
	assert_int_equal(b.position, 3);
	assert_int_equal(booking_cancel(fx->db, a.token, NOW, NULL), 0);
	assert_int_equal(found(fx, "DEMOAAAAAAAAAAAAAAAAAAAAAB").status,
	    BOOKING_CONFIRMED);
	assert_int_equal(found(fx, b.token).position, 2);
	(void)n;
}

static void
test_booking_email_normalise_cases(void **state)
{
	static const struct {
		const char	*in;
		const char	*out;	/* NULL: refused */
	} cases[] = {
		{ "ada@example.org", "ada@example.org" },
		{ "  Ada@Example.ORG  ", "ada@example.org" },
		{ "\tADA@EXAMPLE.ORG\r\n", "ada@example.org" },
		{ "Zoë@Example.org", "zoë@example.org" },
		{ "", NULL },
		{ "   ", NULL },
		{ "no-at-sign", NULL },
	};
	char	 out[BOOKING_EMAIL_BUF], big[BOOKING_EMAIL_MAX + 8];
	char	 wide[BOOKING_EMAIL_MAX * 2 + 1];
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc = booking_email_normalise(out, sizeof(out), cases[i].in);

		if (cases[i].out == NULL)
			assert_int_equal(rc, -1);
		else {
			assert_int_equal(rc, 0);
			assert_string_equal(out, cases[i].out);
		}
	}
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	big[10] = '@';
	assert_int_equal(booking_email_normalise(out, sizeof(out), big), -1);
	big[BOOKING_EMAIL_MAX] = '\0';
	assert_int_equal(booking_email_normalise(out, sizeof(out), big), 0);
	assert_int_equal(booking_email_normalise(out, 5, "ada@example.org"),
	    -1);
	/* The limit counts characters, not bytes. */
	memcpy(wide, "a@", 2);
	for (i = 1; i < BOOKING_EMAIL_MAX; i++)		/* then 253 of ë */
		memcpy(wide + 2 * i, "\xc3\xab", 2);
	wide[2 * BOOKING_EMAIL_MAX] = '\0';
	assert_int_equal(booking_email_normalise(out, sizeof(out), wide), -1);
	wide[2 * BOOKING_EMAIL_MAX - 2] = '\0';		/* 254 characters */
	assert_int_equal(booking_email_normalise(out, sizeof(out), wide), 0);
	assert_int_equal(strlen(out), 2 * BOOKING_EMAIL_MAX - 2);
	assert_int_equal(booking_email_normalise(out, sizeof(out), NULL), -1);
}

static void
test_booking_phone_valid_cases(void **state)
{
	static const struct {
		const char	*in;
		int		 ok;
	} cases[] = {
		{ "07700 900123", 1 },
		{ "+44 (0)113 496 0123", 1 },
		{ "0113-496-0123", 1 },
		{ "123456789012345678901234567890", 1 },	/* 30 */
		{ "1234567890123456789012345678901", 0 },	/* 31 */
		{ "", 0 },
		{ " + ", 0 },
		{ "0113 ext. 4", 0 },
		{ "0113\n496", 0 },
		{ "٠١٢", 0 },
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(booking_phone_valid(cases[i].in), cases[i].ok);
	assert_int_equal(booking_phone_valid(NULL), 0);
}

/* The string value of name in v, or NULL. */
static const char *
str(struct fx *fx, const struct view *v, const char *name)
{
	return view_str(v, fx->arena, name);
}

static void
test_booking_view_confirmed(void **state)
{
	struct fx		*fx = *state;
	struct booking_ref	 b;
	struct booking_info	 info;
	const struct vval	*val, *ss, *fs;
	const struct vrow	*r;
	struct view		*v;

	assert_int_equal(book(fx->db, 1, "ada@example.org", "A", &b),
	    BOOKING_MADE);
	assert_int_equal(booking_find(fx->db, fx->arena, b.token, NOW, &info),
	    0);
	assert_non_null(v = view_new(fx->arena));
	assert_int_equal(booking_view(fx->db, &info, NOW, v), 0);
	assert_string_equal(str(fx, v, "status"), "confirmed");
	assert_non_null(val = view_lookup(v, "waitlist_position"));
	assert_int_equal(val->type, VT_NULL);
	assert_string_equal(str(fx, v, "status_text"),
	    "Your place is confirmed.");
	assert_string_equal(str(fx, v, "course_title"),
	    "Wellness Recovery Action Plan");
	assert_string_equal(str(fx, v, "course_slug"), "wrap");
	assert_string_equal(str(fx, v, "code"), b.code);
	assert_true(view_truth(view_lookup(v, "show_qr")));
	assert_true(view_truth(view_lookup(v, "can_cancel")));
	assert_string_equal(str(fx, v, "sessions_count"), "3");
	assert_non_null(ss = view_lookup(v, "sessions"));
	assert_int_equal(ss->nrows, 3);
	r = ss->rows;
	assert_string_equal(str(fx, r->scope, "date"), "Tuesday 3 March 2026");
	assert_string_equal(str(fx, r->scope, "time_range"), "10:00 to 12:00");
	assert_string_equal(str(fx, r->scope, "venue"), "Riverside Hall");
	assert_string_equal(str(fx, r->scope, "address"), "1 High Street");
	assert_string_equal(str(fx, r->scope, "access"), "Step-free entrance");
	assert_string_equal(str(fx, r->scope, "joining"), "");
	assert_false(view_truth(view_lookup(r->scope, "cancelled")));
	r = r->next;
	assert_true(view_truth(view_lookup(r->scope, "online")));
	assert_string_equal(str(fx, r->scope, "joining"),
	    "Join at https://meet.example/abc");
	r = r->next;
	assert_true(view_truth(view_lookup(r->scope, "cancelled")));
	/* Peer trainer first. */
	assert_non_null(fs = view_lookup(v, "facilitators"));
	assert_int_equal(fs->nrows, 2);
	assert_string_equal(str(fx, fs->rows->scope, "name"), "Sam Peer");
	assert_string_equal(str(fx, fs->rows->scope, "role_text"),
	    "Peer trainer");
	assert_string_equal(str(fx, fs->rows->next->scope, "role_text"),
	    "Clinical trainer");
	/* Nothing personal on the page. */
	assert_null(view_lookup(v, "needs"));
	assert_null(view_lookup(v, "phone"));
	assert_null(view_lookup(v, "email"));
	assert_null(view_lookup(v, "name"));
}

static void
test_booking_view_waitlisted_and_cancelled(void **state)
{
	struct fx		*fx = *state;
	struct booking_ref	 a, w;
	struct booking_info	 info;
	const struct vval	*val;
	struct view		*v;

	assert_int_equal(book(fx->db, 7, "ada@example.org", "A", &a),
	    BOOKING_MADE);
	fx_exec(fx->db, "UPDATE session SET venue_id = 2 WHERE run_id = 7;"
	    "UPDATE run SET online_details = 'secret link' WHERE id = 7");
	assert_int_equal(book(fx->db, 7, "bea@example.org", "B", &w),
	    BOOKING_MADE);
	assert_int_equal(booking_find(fx->db, fx->arena, w.token, NOW, &info),
	    0);
	assert_non_null(v = view_new(fx->arena));
	assert_int_equal(booking_view(fx->db, &info, NOW, v), 0);
	assert_string_equal(str(fx, v, "status"), "waitlisted");
	assert_non_null(val = view_lookup(v, "waitlist_position"));
	assert_int_equal(val->type, VT_INT);
	assert_int_equal(val->i, 1);
	assert_string_equal(str(fx, v, "status_text"),
	    "You are number 1 on the waiting list.");
	/* Joining details are for confirmed places only. */
	val = view_lookup(v, "sessions");
	assert_string_equal(str(fx, val->rows->scope, "joining"), "");
	/* Waiting is not a place: no door code, no code, no calendar. */
	assert_false(view_truth(view_lookup(v, "show_qr")));
	assert_false(view_truth(view_lookup(v, "show_calendar")));
	assert_string_equal(str(fx, v, "code"), "");
	assert_true(view_truth(view_lookup(v, "mailed")));

	assert_int_equal(booking_cancel(fx->db, w.token, NOW, NULL), 0);
	assert_int_equal(booking_find(fx->db, fx->arena, w.token, NOW, &info),
	    0);
	assert_non_null(v = view_new(fx->arena));
	assert_int_equal(booking_view(fx->db, &info, NOW, v), 0);
	assert_string_equal(str(fx, v, "status"), "cancelled");
	assert_false(view_truth(view_lookup(v, "show_qr")));
	assert_false(view_truth(view_lookup(v, "can_cancel")));
	assert_int_equal(view_lookup(v, "waitlist_position")->type, VT_NULL);

	/* The college cancels the run: said so, and no QR code. */
	fx_exec(fx->db, "UPDATE run SET status = 'cancelled' WHERE id = 7");
	assert_int_equal(booking_find(fx->db, fx->arena, a.token, NOW, &info),
	    0);
	assert_non_null(v = view_new(fx->arena));
	assert_int_equal(booking_view(fx->db, &info, NOW, v), 0);
	assert_true(view_truth(view_lookup(v, "run_cancelled")));
	assert_false(view_truth(view_lookup(v, "show_qr")));
	val = view_lookup(v, "sessions");
	assert_string_equal(str(fx, val->rows->scope, "joining"), "");
}

static void
test_booking_view_same_place(void **state)
{
	struct fx		*fx = *state;
	struct booking_ref	 b;
	struct booking_info	 info;
	const struct vval	*ss;
	struct view		*v;

	fx_exec(fx->db, "INSERT INTO session(run_id, starts_at, ends_at,"
	    " venue_id) VALUES (7, 1773136800, 1773144000, 1),"
	    " (7, 1773741600, 1773748800, 2)");
	assert_int_equal(book(fx->db, 7, "ada@example.org", "A", &b),
	    BOOKING_MADE);
	assert_int_equal(booking_find(fx->db, fx->arena, b.token, NOW, &info),
	    0);
	assert_non_null(v = view_new(fx->arena));
	assert_int_equal(booking_view(fx->db, &info, NOW, v), 0);
	assert_non_null(ss = view_lookup(v, "sessions"));
	assert_int_equal(ss->nrows, 3);
	/* Hall, Hall again, then Online. */
	assert_false(view_truth(view_lookup(ss->rows->scope, "same_place")));
	assert_true(view_truth(view_lookup(ss->rows->next->scope,
	    "same_place")));
	assert_false(view_truth(view_lookup(ss->rows->next->next->scope,
	    "same_place")));
}

static void
test_booking_find_unknown(void **state)
{
	struct fx		*fx = *state;
	struct booking_info	 info;

	assert_int_equal(booking_find(fx->db, fx->arena,
	    "AAAAAAAAAAAAAAAAAAAAAAAAAA", NOW, &info), 1);
	assert_int_equal(booking_find(fx->db, fx->arena, "' OR 1=1 --", NOW,
	    &info), 1);
	assert_int_equal(booking_find(fx->db, fx->arena, NULL, NOW, &info), 1);
}

/* Occurrences of needle in hay. */
static int
count_of(const char *hay, const char *needle)
{
	int	 n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

static void
test_booking_calendar_events(void **state)
{
	struct fx		*fx = *state;
	struct booking_ref	 b;
	struct booking_info	 info;
	struct buf		 out;
	struct sink		 s;
	char			 uid[64];

	assert_int_equal(book(fx->db, 1, "ada@example.org", "A", &b),
	    BOOKING_MADE);
	assert_int_equal(booking_find(fx->db, fx->arena, b.token, NOW, &info),
	    0);
	buf_init(&out, fx->arena);
	s = sink_buf(&out);
	assert_int_equal(booking_calendar(fx->db, fx->arena, &info,
	    "http://example.org/booking/X", NOW, &s), 0);
	assert_false(buf_failed(&out));
	assert_non_null(strstr(out.data, "BEGIN:VCALENDAR\r\n"));
	assert_non_null(strstr(out.data, "END:VCALENDAR\r\n"));
	assert_non_null(strstr(out.data, "X-WR-TIMEZONE:Europe/London\r\n"));
	assert_int_equal(count_of(out.data, "BEGIN:VEVENT\r\n"), 3);
	assert_int_equal(count_of(out.data, "STATUS:CANCELLED"), 1);
	assert_non_null(strstr(out.data, "DTSTART:20260303T100000Z\r\n"));
	assert_non_null(strstr(out.data,
	    "LOCATION:Riverside Hall\\, 1 High Street\r\n"));
	/* Unique across installations: the site's host (issue 12). */
	snprintf(uid, sizeof(uid), "UID:s1-b%lld@example.org\r\n", b.id);
	assert_non_null(strstr(out.data, uid));
	assert_non_null(strstr(out.data, "Join at https://meet.example/abc"));
	/* Nothing has changed yet: the first revision, SEQUENCE 0. */
	assert_null(strstr(out.data, "SEQUENCE:"));

	/* Cancelled: every event says so, and no joining details. */
	assert_int_equal(booking_cancel(fx->db, b.token, NOW, NULL), 0);
	assert_int_equal(booking_find(fx->db, fx->arena, b.token, NOW, &info),
	    0);
	buf_init(&out, fx->arena);
	s = sink_buf(&out);
	assert_int_equal(booking_calendar(fx->db, fx->arena, &info, NULL, NOW,
	    &s), 0);
	assert_int_equal(count_of(out.data, "STATUS:CANCELLED"), 3);
	assert_null(strstr(out.data, "meet.example"));
	/* Cancelling is a new revision of every event, as in the mailed
	 * update (mail.c), so a calendar that had the file follows it. */
	assert_int_equal(count_of(out.data, "SEQUENCE:1\r\n"), 3);
}

/*
 * The calendar's words are the booking's language whoever asks (issue
 * 17): a Welsh booking's waiting place, access notes and online
 * session in Welsh, an English one's in English, and the process's
 * language (a web request's) put back.
 */
static void
test_booking_calendar_language(void **state)
{
	struct fx		*fx = *state;
	struct booking_ref	 a, w;
	struct booking_info	 info;
	struct buf		 out;
	struct sink		 s;

	assert_int_equal(i18n_init(TESSERA_LOCALEDIR), 0);
	fx_exec(fx->db, "UPDATE run SET capacity = 1 WHERE id = 1");
	assert_int_equal(book(fx->db, 1, "ada@example.org", "A", &a),
	    BOOKING_MADE);
	assert_int_equal(book(fx->db, 1, "bea@example.org", "B", &w),
	    BOOKING_MADE);
	assert_int_equal(w.status, BOOKING_WAITLISTED);
	fx_exec(fx->db, "UPDATE booking SET lang = 'cy'");

	assert_int_equal(booking_find(fx->db, fx->arena, w.token, NOW, &info),
	    0);
	buf_init(&out, fx->arena);
	s = sink_buf(&out);
	assert_int_equal(booking_calendar(fx->db, fx->arena, &info, NULL, NOW,
	    &s), 0);
	assert_int_equal(count_of(out.data,
	    "SUMMARY:Wellness Recovery Action Plan (rhestr aros)\r\n"), 3);
	assert_null(strstr(out.data, "waiting list"));
	assert_string_equal(i18n_current(), "en");

	assert_int_equal(booking_find(fx->db, fx->arena, a.token, NOW, &info),
	    0);
	buf_init(&out, fx->arena);
	s = sink_buf(&out);
	assert_int_equal(booking_calendar(fx->db, fx->arena, &info, NULL, NOW,
	    &s), 0);
	assert_non_null(strstr(out.data,
	    "DESCRIPTION:Mynediad: Step-free entrance\r\n"));
	assert_non_null(strstr(out.data, "LOCATION:Ar-lein: Online\r\n"));
	assert_null(strstr(out.data, "Access:"));
	assert_string_equal(i18n_current(), "en");

	/* The same booking in English: the English words. */
	fx_exec(fx->db, "UPDATE booking SET lang = 'en'");
	buf_init(&out, fx->arena);
	s = sink_buf(&out);
	assert_int_equal(booking_calendar(fx->db, fx->arena, &info, NULL, NOW,
	    &s), 0);
	assert_non_null(strstr(out.data,
	    "DESCRIPTION:Access: Step-free entrance\r\n"));
	assert_non_null(strstr(out.data, "LOCATION:Online: Online\r\n"));
}

static void
test_booking_run_view_cases(void **state)
{
	static const struct {
		long long	 run;
		int		 rc;
		const char	*closed;
		const char	*title;
	} cases[] = {
		{ 1, 0, "", "Wellness Recovery Action Plan" },
		{ 2, 0, "cancelled", "Wellness Recovery Action Plan" },
		{ 3, 0, "not-open", "" },
		{ 4, 0, "not-open", "" },
		{ 5, 0, "started", "Wellness Recovery Action Plan" },
		{ 99, 1, NULL, NULL },
	};
	struct fx		*fx = *state;
	struct view		*v;
	enum booking_closed	 closed;
	size_t			 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_non_null(v = view_new(fx->arena));
		assert_int_equal(booking_run_view(fx->db, cases[i].run, NOW, v,
		    &closed), cases[i].rc);
		if (cases[i].rc != 0)
			continue;
		assert_string_equal(str(fx, v, "closed"), cases[i].closed);
		assert_string_equal(str(fx, v, "course_title"),
		    cases[i].title);
		assert_int_equal(view_truth(view_lookup(v, "bookable")),
		    cases[i].closed[0] == '\0');
		assert_int_equal(closed == BOOKING_OPEN,
		    cases[i].closed[0] == '\0');
	}
	assert_non_null(v = view_new(fx->arena));
	assert_int_equal(booking_run_view(fx->db, 7, NOW, v, &closed), 0);
	assert_string_equal(str(fx, v, "places_text"), "1 place left");
	assert_string_equal(str(fx, v, "seats_left"), "1");
	{
		struct booking_ref	 b;

		assert_int_equal(book(fx->db, 7, "ada@example.org", "A", &b),
		    BOOKING_MADE);
	}
	assert_non_null(v = view_new(fx->arena));
	assert_int_equal(booking_run_view(fx->db, 7, NOW, v, &closed), 0);
	assert_string_equal(str(fx, v, "places_text"),
	    "Full: you can join the waiting list");
	assert_true(view_truth(view_lookup(v, "full")));
}

/*
 * Several processes book one run at once on a file database: each
 * booking is its own BEGIN IMMEDIATE transaction, so exactly capacity
 * are confirmed and the waiting list is 1..n without gaps.
 */
#define RACE_PROCS	6
#define RACE_EACH	8
#define RACE_CAPACITY	10

static void
test_booking_create_concurrent_processes(void **state)
{
	char		 dir[] = "/tmp/test_booking.XXXXXX", path[64], p[80];
	struct db	*db;
	char		 err[256];
	pid_t		 pids[RACE_PROCS];
	int		 i, j, st, ok = 1;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/t.db", dir);
	assert_non_null(db = fx_open(path, 1));
	assert_int_equal(db_exec(db, fixture, err, sizeof(err)), 0);
	fx_exec(db, "UPDATE run SET capacity = 10 WHERE id = 1");
	db_close(db);

	for (i = 0; i < RACE_PROCS; i++) {
		assert_true((pids[i] = fork()) != -1);
		if (pids[i] == 0) {
			struct booking_ref	 b;
			char			 e[64], br[64];
			int			 bad = 0;

			if ((db = fx_open(path, 0)) == NULL)
				_exit(2);
			for (j = 0; j < RACE_EACH; j++) {
				nth(i * 100 + j, e, sizeof(e), br, sizeof(br));
				if (book(db, 1, e, br, &b) != BOOKING_MADE)
					bad = 1;
			}
			db_close(db);
			_exit(bad);
		}
	}
	for (i = 0; i < RACE_PROCS; i++) {
		assert_int_equal(waitpid(pids[i], &st, 0), pids[i]);
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			ok = 0;
	}
	assert_true(ok);
	assert_non_null(db = fx_open(path, 0));
	assert_int_equal(fx_count(db, "SELECT count(*) FROM booking WHERE "
	    "status = 'confirmed'"), RACE_CAPACITY);
	assert_int_equal(fx_count(db, "SELECT count(*) FROM booking WHERE "
	    "status = 'waitlisted'"), RACE_PROCS * RACE_EACH - RACE_CAPACITY);
	/* Positions 1..n: queued_at distinct within the run. */
	assert_int_equal(fx_count(db, "SELECT count(DISTINCT queued_at) FROM "
	    "booking WHERE run_id = 1"), RACE_PROCS * RACE_EACH);
	db_close(db);
	snprintf(p, sizeof(p), "%s/t.db-wal", dir);
	(void)unlink(p);
	snprintf(p, sizeof(p), "%s/t.db-shm", dir);
	(void)unlink(p);
	snprintf(p, sizeof(p), "%s/t.db-writer", dir);
	(void)unlink(p);
	snprintf(p, sizeof(p), "%s/t.db.key", dir);
	(void)unlink(p);
	(void)unlink(path);
	(void)rmdir(dir);
}

/* The outbox rows of booking id of kind, and all of them. */
static long long
mails(struct fx *fx, long long id, const char *kind)
{
	return fx_count(fx->db, "SELECT count(*) FROM outbox WHERE "
	    "booking_id = %lld AND kind = %Q", id, kind);
}

/*
 * Each change queues its mail once, in its own transaction: a new
 * place, a waiting-list place with its position, a cancellation, and a
 * promotion whoever causes it (a cancellation, the office raising the
 * capacity through booking_fill). A same-browser repeat queues nothing.
 */
static void
test_booking_mail_queued_once(void **state)
{
	struct fx		*fx = *state;
	struct booking_ref	 a, w, r;
	long long		 c;
	int			 promoted = 0;

	assert_int_equal(book(fx->db, 7, "ada@example.org", "A", &a),
	    BOOKING_MADE);
	assert_int_equal(mails(fx, a.id, "confirmed"), 1);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM outbox WHERE "
	    "booking_id = %lld AND rcpt = 'ada@example.org'", a.id), 1);
	assert_int_equal(book(fx->db, 7, "bea@example.org", "B", &w),
	    BOOKING_MADE);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM outbox WHERE "
	    "booking_id = %lld AND kind = 'waitlisted' AND detail = "
	    "'position=1'", w.id), 1);
	assert_int_equal(book(fx->db, 7, "ada@example.org", "A", &r),
	    BOOKING_SAME);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM outbox"), 2);
	/* Ada cancels: her mail, and Bea's promotion. */
	assert_int_equal(booking_cancel(fx->db, a.token, NOW, &promoted), 0);
	assert_int_equal(promoted, 1);
	assert_int_equal(mails(fx, a.id, "cancelled"), 1);
	assert_int_equal(mails(fx, w.id, "promoted"), 1);
	assert_int_equal(booking_cancel(fx->db, a.token, NOW, NULL), 0);
	assert_int_equal(mails(fx, a.id, "cancelled"), 1);
	/* The office raises capacity: the one waiting is promoted and told. */
	assert_int_equal(book(fx->db, 7, "cy@example.org", "C", &r),
	    BOOKING_MADE);
	assert_int_equal(r.status, BOOKING_WAITLISTED);
	promoted = 0;
	assert_int_equal(db_begin(fx->db), 0);
	fx_exec(fx->db, "UPDATE run SET capacity = 2 WHERE id = 7");
	assert_int_equal(booking_fill(fx->db, 1, 7, 2, NOW, &c, &promoted), 0);
	assert_int_equal(db_commit(fx->db), 0);
	assert_int_equal(promoted, 1);
	assert_int_equal(mails(fx, r.id, "promoted"), 1);
	/* Nothing about support needs in any row. */
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM outbox WHERE "
	    "detail LIKE '%%seat%%'"), 0);
}

/* A rolled-back change leaves no mail: the outbox row is in the change's
 * own transaction. */
static void
test_booking_mail_rolled_back_with_change(void **state)
{
	struct fx		*fx = *state;
	struct booking_ref	 a, w;
	long long		 c;
	int			 promoted = 0;

	assert_int_equal(book(fx->db, 7, "ada@example.org", "A", &a),
	    BOOKING_MADE);
	assert_int_equal(book(fx->db, 7, "bea@example.org", "B", &w),
	    BOOKING_MADE);
	assert_int_equal(db_begin(fx->db), 0);
	fx_exec(fx->db, "UPDATE run SET capacity = 2 WHERE id = 7");
	assert_int_equal(booking_fill(fx->db, 0, 7, 2, NOW, &c, &promoted), 0);
	assert_int_equal(mails(fx, w.id, "promoted"), 1);
	assert_int_equal(db_rollback(fx->db), 0);
	assert_int_equal(mails(fx, w.id, "promoted"), 0);
	/* A booking whose transaction fails (the outbox refuses the row)
	 * leaves neither booking nor mail. */
	fx_refuse(fx->db, "outbox", 1);
	assert_int_equal(book(fx->db, 1, "cy@example.org", "C", &a),
	    BOOKING_ERROR);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM booking "
	    "WHERE run_id = 1"), 0);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM learner "
	    "WHERE email = 'cy@example.org'"), 0);
}

/*
 * Two credentials: the check-in token is derived from the manage token
 * as documented (checked against a value computed outside this code),
 * opens nothing itself, and only hashes and the sealed token are kept;
 * booking_manage_token() gives the link back.
 */
static void
test_booking_tokens_hashed_and_sealed(void **state)
{
	struct fx		*fx = *state;
	struct booking_ref	 a;
	struct booking_info	 info;
	char			 ck[TOKEN_B32_LEN + 1], m[TOKEN_B32_LEN + 1];
	char			 h[BOOKING_HASH_HEX + 1];

	/* printf 'tessera check-in\000AAAAAAAAAAAAAAAAAAAAAAAAAA' |
	 * sha256sum | cut -c1-34 | xxd -r -p | base32 | cut -c1-26 */
	booking_checkin_token("AAAAAAAAAAAAAAAAAAAAAAAAAA", ck);
	assert_string_equal(ck, CHECKIN_OF_A);
	/* printf abc | sha256sum */
	booking_token_hash("abc", h);
	assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223b00361a39"
	    "6177a9cb410ff61f20015ad");

	assert_int_equal(book(fx->db, 1, "ada@example.org", "A", &a),
	    BOOKING_MADE);
	booking_checkin_token(a.token, ck);
	assert_string_equal(a.checkin, ck);
	assert_string_not_equal(a.checkin, a.token);
	booking_token_hash(a.token, h);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM booking WHERE "
	    "id = %lld AND token IS NULL AND token_hash = %Q", a.id, h), 1);
	booking_token_hash(ck, h);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM booking WHERE "
	    "checkin_hash = %Q", h), 1);
	assert_int_equal(fx_count(fx->db, fx_is_pg() ?
	    "SELECT count(*) FROM booking WHERE "
	    "position(convert_to(%Q, 'UTF8') IN token_sealed) > 0" :
	    "SELECT count(*) FROM booking WHERE "
	    "instr(CAST(token_sealed AS TEXT), %Q) > 0", a.token), 0);
	/* The check-in token neither finds nor cancels the booking. */
	assert_int_equal(booking_find(fx->db, fx->arena, a.checkin, NOW,
	    &info), 1);
	assert_int_equal(booking_cancel(fx->db, a.checkin, NOW, NULL), 1);
	assert_int_equal(booking_checkin_find(fx->db, a.checkin), 0);
	assert_int_equal(booking_checkin_find(fx->db, a.token), 1);
	/* The link back from the sealed copy, for later mail. */
	assert_int_equal(booking_manage_token(fx->db, a.id, m), 0);
	assert_string_equal(m, a.token);
	assert_int_equal(booking_manage_token(fx->db, 999, m), 1);
	/* Tampered with, the seal does not open. */
	fx_exec(fx->db, fx_is_pg() ?
	    "UPDATE booking SET token_sealed = "
	    "decode(repeat('00', 66), 'hex') WHERE id = 1" :
	    "UPDATE booking SET token_sealed = "
	    "zeroblob(66) WHERE id = 1");
	assert_int_equal(booking_manage_token(fx->db, a.id, m), -1);
}

/* The key file: made mode 0600 beside a database file by the first
 * writer, 32 bytes, and the same key used by the next process. */
static void
test_booking_key_file(void **state)
{
	char		 dir[] = "/tmp/test_booking_key.XXXXXX", path[64], p[96];
	char		 other[96];
	struct db	*db;
	struct stat	 sb;
	struct booking_ref a;
	char		 m[TOKEN_B32_LEN + 1];

	fx_sqlite_only("the key file beside a SQLite file; a server's database "
	    "uses TESSERA_KEY_FILE");
	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/t.db", dir);
	snprintf(p, sizeof(p), "%s/t.db.key", dir);
	assert_non_null(db = fx_open(path, 1));
	fx_exec(db, fixture);
	assert_int_equal(stat(p, &sb), -1);
	assert_int_equal(book(db, 1, "ada@example.org", "A", &a), BOOKING_MADE);
	assert_int_equal(stat(p, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(sb.st_size, BOOKING_KEY_BYTES);
	db_close(db);
	/* Another connection, the same key from the file. */
	assert_non_null(db = fx_open(path, 0));
	assert_int_equal(booking_manage_token(db, a.id, m), 0);
	assert_string_equal(m, a.token);
	db_close(db);
	/* A copy of the database alone, without its key (here: the key
	 * file named elsewhere, so a new one is made), gives no link. */
	snprintf(other, sizeof(other), "%s/copy.key", dir);
	assert_int_equal(setenv("TESSERA_KEY_FILE", other, 1), 0);
	assert_non_null(db = fx_open(path, 0));
	assert_int_equal(booking_key_ensure(db), 0);
	assert_int_equal(stat(other, &sb), 0);
	assert_int_equal(booking_manage_token(db, a.id, m), -1);
	db_close(db);
	assert_int_equal(unsetenv("TESSERA_KEY_FILE"), 0);
	(void)unlink(other);
	(void)unlink(p);
	snprintf(p, sizeof(p), "%s/t.db-wal", dir);
	(void)unlink(p);
	snprintf(p, sizeof(p), "%s/t.db-shm", dir);
	(void)unlink(p);
	snprintf(p, sizeof(p), "%s/t.db-writer", dir);
	(void)unlink(p);
	(void)unlink(path);
	assert_int_equal(rmdir(dir), 0);
}

/* The per-client cap: BOOKING_CLIENT_MAX new bookings an hour from one
 * client (IPv6 by its /64), whatever the addresses typed; other
 * clients are unaffected; an hour later it is open again. */
static void
test_booking_client_cap(void **state)
{
	struct fx		*fx = *state;
	struct booking_request	 q;
	struct booking_ref	 b;
	char			 e[64];
	int			 i;

	fx_exec(fx->db, "UPDATE run SET capacity = 100 WHERE id = 1");
	memset(&q, 0, sizeof(q));
	q.run_id = 1;
	q.name = "Ada Example";
	q.email = e;
	q.client = "2001:db8:1:2::5";
	for (i = 0; i < BOOKING_CLIENT_MAX; i++) {
		snprintf(e, sizeof(e), "cap%d@example.org", i);
		assert_int_equal(booking_create(fx->db, &q, NOW, &b),
		    BOOKING_MADE);
	}
	/* Another address in the same /64, a known or a new email: 429. */
	q.client = "2001:db8:1:2:ffff::1";
	snprintf(e, sizeof(e), "cap0@example.org");
	assert_int_equal(booking_create(fx->db, &q, NOW, &b), BOOKING_LIMITED);
	assert_int_equal(b.id, 0);
	snprintf(e, sizeof(e), "new@example.org");
	assert_int_equal(booking_create(fx->db, &q, NOW, &b), BOOKING_LIMITED);
	/* Another /64 and an IPv4 client are not held up. */
	q.client = "2001:db8:1:3::5";
	assert_int_equal(booking_create(fx->db, &q, NOW, &b), BOOKING_MADE);
	q.client = "192.0.2.7";
	snprintf(e, sizeof(e), "v4@example.org");
	assert_int_equal(booking_create(fx->db, &q, NOW, &b), BOOKING_MADE);
	/* Nothing of the address is kept, only hashes. */
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM booking_client "
	    "WHERE key_hash LIKE '%%2001%%' OR key_hash LIKE '%%192.0%%'"), 0);
	/* An hour on, the first client may book again; old rows pruned. */
	q.client = "2001:db8:1:2::5";
	snprintf(e, sizeof(e), "later@example.org");
	assert_int_equal(booking_create(fx->db, &q, NOW + BOOKING_CLIENT_WINDOW,
	    &b), BOOKING_MADE);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM booking_client "
	    "WHERE at <= %lld", (long long)NOW), 0);
	/* Staff booking for a learner are never capped. */
	q.by_user = 1;
	for (i = 0; i < BOOKING_CLIENT_MAX + 2; i++) {
		snprintf(e, sizeof(e), "office%d@example.org", i);
		assert_int_equal(booking_create(fx->db, &q, NOW, &b),
		    BOOKING_MADE);
	}
	/* The setting lifts it (0) for a stack whose tests share an address. */
	q.by_user = 0;
	fx_exec(fx->db, "INSERT INTO setting(key, value) VALUES "
	    "('booking_client_max', '0')");
	for (i = 0; i < BOOKING_CLIENT_MAX + 2; i++) {
		snprintf(e, sizeof(e), "free%d@example.org", i);
		assert_int_equal(booking_create(fx->db, &q, NOW, &b),
		    BOOKING_MADE);
	}
}

/* The office books for a learner (audited, no browser rule), cancels by
 * id (audited, with promotion and mail), and moves a booking to another
 * run of the same course. */
static void
test_booking_office(void **state)
{
	struct fx		*fx = *state;
	struct booking_request	 q;
	struct booking_ref	 a, b, w, m;
	struct booking_info	 info;
	int			 promoted = 0;

	memset(&q, 0, sizeof(q));
	q.run_id = 7;
	q.name = "Ada Example";
	q.email = "ada@example.org";
	q.browser = "OFFICEBROWSER";
	q.by_user = 1;
	assert_int_equal(booking_create(fx->db, &q, NOW, &a), BOOKING_MADE);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM audit WHERE "
	    "user_id = 1 AND action = 'booking.office' AND detail = "
	    "'booking %lld run 7'", a.id), 1);
	/* The same desk booking the next person: not "the same browser". */
	q.name = "Bea Example";
	q.email = "bea@example.org";
	assert_int_equal(booking_create(fx->db, &q, NOW, &w), BOOKING_MADE);
	assert_int_equal(w.status, BOOKING_WAITLISTED);
	assert_int_equal(booking_cancel_id(fx->db, a.id, 1, NOW, &promoted), 0);
	assert_int_equal(promoted, 1);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM audit WHERE "
	    "user_id = 1 AND action = 'booking.office_cancel'"), 1);
	assert_int_equal(mails(fx, a.id, "cancelled"), 1);
	assert_int_equal(mails(fx, w.id, "promoted"), 1);
	assert_int_equal(booking_cancel_id(fx->db, 999, 1, NOW, NULL), 1);

	/* Move Bea (now confirmed on run 7, capacity 1) to run 1. Someone
	 * waits on run 7 and is promoted when she goes. */
	q.name = "Cy Example";
	q.email = "cy@example.org";
	assert_int_equal(booking_create(fx->db, &q, NOW, &b), BOOKING_MADE);
	assert_int_equal(b.status, BOOKING_WAITLISTED);
	assert_int_equal(booking_move(fx->db, w.id, 1, 1, NOW, &m),
	    BOOKING_MOVED);
	assert_int_equal(m.run_id, 1);
	assert_int_equal(m.status, BOOKING_CONFIRMED);
	assert_int_equal(mails(fx, w.id, "confirmed"), 1);
	assert_int_equal(mails(fx, b.id, "promoted"), 1);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM audit WHERE "
	    "action = 'booking.move' AND detail = 'booking %lld run 1'",
	    w.id), 1);
	/* Bea's link still works, now for run 1. */
	assert_int_equal(booking_manage_token(fx->db, w.id, m.token), 0);
	assert_int_equal(booking_find(fx->db, fx->arena, m.token, NOW, &info),
	    0);
	assert_int_equal(info.ref.run_id, 1);
	/* Not to a run of another course, a closed run, or the same run. */
	assert_int_equal(booking_move(fx->db, w.id, 4, 1, NOW, &m),
	    BOOKING_MOVE_REFUSED);
	assert_int_equal(booking_move(fx->db, w.id, 5, 1, NOW, &m),
	    BOOKING_MOVE_REFUSED);
	assert_int_equal(m.closed, BOOKING_STARTED);
	assert_int_equal(booking_move(fx->db, w.id, 1, 1, NOW, &m),
	    BOOKING_MOVE_REFUSED);
	assert_int_equal(booking_move(fx->db, a.id, 1, 1, NOW, &m),
	    BOOKING_MOVE_REFUSED);
	/* No such booking: "not found", not "refused". */
	assert_int_equal(booking_move(fx->db, 9999, 1, 1, NOW, &m),
	    BOOKING_MOVE_NONE);
	assert_int_equal(booking_move(fx->db, 0, 1, 1, NOW, &m),
	    BOOKING_MOVE_NONE);
	/* To a full run: the end of its waiting list. */
	fx_exec(fx->db, "UPDATE run SET capacity = 1 WHERE id = 1");
	assert_int_equal(booking_move(fx->db, b.id, 1, 1, NOW, &m),
	    BOOKING_MOVED);
	assert_int_equal(m.status, BOOKING_WAITLISTED);
	assert_int_equal(m.position, 1);
	/* Cy's first mail (number 1 on run 7), and now run 1's. */
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM outbox WHERE "
	    "booking_id = %lld AND kind = 'waitlisted' AND detail = "
	    "'position=1'", b.id), 2);
}

/* Online and in-person words: the page's variables say what is true. */
static void
test_booking_view_online(void **state)
{
	struct fx		*fx = *state;
	struct booking_ref	 a;
	struct booking_info	 info;
	const struct vval	*val;
	struct view		*v;

	fx_exec(fx->db, "UPDATE session SET venue_id = 2 WHERE run_id = 7;"
	    "UPDATE run SET online_details = 'https://meet.example/x' "
	    "WHERE id = 7");
	assert_int_equal(book(fx->db, 7, "ada@example.org", "A", &a),
	    BOOKING_MADE);
	assert_int_equal(booking_find(fx->db, fx->arena, a.token, NOW, &info),
	    0);
	assert_non_null(v = view_new(fx->arena));
	assert_int_equal(booking_view(fx->db, &info, NOW, v), 0);
	assert_true(view_truth(view_lookup(v, "online_only")));
	assert_false(view_truth(view_lookup(v, "show_qr")));
	assert_true(view_truth(view_lookup(v, "show_calendar")));
	val = view_lookup(v, "sessions");
	assert_string_equal(str(fx, val->rows->scope, "joining_url"),
	    "https://meet.example/x");
	assert_true(view_truth(view_lookup(val->rows->scope,
	    "joining_is_url")));
	/* Text around a link: the link found, the text kept. */
	fx_exec(fx->db, "UPDATE run SET online_details = 'Join at "
	    "https://meet.example/y. Code 12' WHERE id = 7");
	assert_int_equal(booking_find(fx->db, fx->arena, a.token, NOW, &info),
	    0);
	assert_non_null(v = view_new(fx->arena));
	assert_int_equal(booking_view(fx->db, &info, NOW, v), 0);
	val = view_lookup(v, "sessions");
	assert_string_equal(str(fx, val->rows->scope, "joining_url"),
	    "https://meet.example/y");
	assert_false(view_truth(view_lookup(val->rows->scope,
	    "joining_is_url")));
	/* No http(s) address (javascript: is not one): text only. */
	fx_exec(fx->db, "UPDATE run SET online_details = 'javascript:alert(1)'"
	    " WHERE id = 7");
	assert_int_equal(booking_find(fx->db, fx->arena, a.token, NOW, &info),
	    0);
	assert_non_null(v = view_new(fx->arena));
	assert_int_equal(booking_view(fx->db, &info, NOW, v), 0);
	val = view_lookup(v, "sessions");
	assert_string_equal(str(fx, val->rows->scope, "joining_url"), "");
}

/*
 * sql/006 on a database with bookings from before: every learner and
 * booking kept with its id, attendance and mail still pointing at them,
 * foreign keys whole, learner.email no longer UNIQUE; then the upgrade
 * step hashes and seals the old links, blanks them, and the old link
 * still opens its booking while its check-in token checks in.
 * SQLite's own: it opens SQLite whatever TESSERA_TEST_DB says, since a
 * PostgreSQL college starts at the whole schema (sql/pg/001_init.sql).
 */
static void
test_booking_migration_006(void **state)
{
	struct db		*db;
	struct arena		*a;
	struct booking_info	 info;
	char			 err[256], m[TOKEN_B32_LEN + 1];
	char			 ck[TOKEN_B32_LEN + 1], h[BOOKING_HASH_HEX + 1];
	size_t			 i, before = 0;

	(void)state;
	for (i = 0; i < college_nmigrations; i++)
		if (college_migrations[i].version < 6)
			before++;
	assert_non_null(db = db_open(":memory:", 1, college_stmts, STMT__MAX,
	    err, sizeof(err)));
	assert_int_equal(db_migrate(db, college_migrations, before, err,
	    sizeof(err)), 0);
	assert_int_equal(db_version(db), 5);
	fx_exec(db, fixture);
	fx_exec(db, "INSERT INTO learner(id, email, name, phone, consent_at,"
	    " created_at) VALUES (10, 'ada@example.org', 'Ada', '0100', 7, 7),"
	    " (11, 'bea@example.org', 'Bea', '', 8, 8);"
	    "INSERT INTO booking(id, run_id, learner_id, status, token, code,"
	    " needs, created_at, updated_at, queued_at, browser_hash) VALUES"
	    " (20, 1, 10, 'confirmed', 'OLDAAAAAAAAAAAAAAAAAAAAAAA', 'CCCCCC',"
	    " 'needs', 9, 9, 1, 'h'),"
	    " (21, 1, 11, 'waitlisted', 'OLDBAAAAAAAAAAAAAAAAAAAAAA', 'DDDDDD',"
	    " '', 9, 9, 2, '');"
	    "INSERT INTO attendance(booking_id, session_id, status, at, method)"
	    " VALUES (20, 1, 'present', 9, 'qr');"
	    "INSERT INTO outbox(kind, booking_id, rcpt, msgid, created_at,"
	    " due_at) VALUES ('confirmed', 20, 'ada@example.org', 'm1', 9, 9);");
	/* A UNIQUE email before 006. */
	assert_int_equal(db_exec(db, "INSERT INTO learner(email, name, "
	    "created_at) VALUES ('ada@example.org', 'Ada Two', 1)", err,
	    sizeof(err)), DB_CONSTRAINT);
	assert_int_equal(db_migrate(db, college_migrations,
	    college_nmigrations, err, sizeof(err)), 0);
	assert_int_equal(fx_count(db, "SELECT count(*) FROM learner WHERE "
	    "id = 10 AND email = 'ada@example.org' AND name = 'Ada' AND "
	    "phone = '0100' AND consent_at = 7 AND created_at = 7"), 1);
	assert_int_equal(fx_count(db, "SELECT count(*) FROM booking WHERE "
	    "(id = 20 AND status = 'confirmed' AND needs = 'needs' AND "
	    "queued_at = 1 AND browser_hash = 'h' AND code = 'CCCCCC') OR "
	    "(id = 21 AND status = 'waitlisted' AND queued_at = 2)"), 2);
	assert_int_equal(fx_count(db, "SELECT count(*) FROM attendance WHERE "
	    "booking_id = 20"), 1);
	assert_int_equal(fx_count(db, "SELECT count(*) FROM outbox WHERE "
	    "booking_id = 20"), 1);
	assert_int_equal(fx_count(db, "SELECT count(*) FROM "
	    "pragma_foreign_key_check"), 0);
	assert_int_equal(fx_count(db, "SELECT count(*) FROM sqlite_master "
	    "WHERE name IN ('learner_006', 'booking_006')"), 0);
	assert_int_equal(fx_count(db, "SELECT count(*) FROM sqlite_master "
	    "WHERE type = 'index' AND name IN ('booking_queue', "
	    "'booking_run_queued', 'booking_run_status', 'booking_learner', "
	    "'learner_email')"), 5);
	/* Two people on one address now. */
	fx_exec(db, "INSERT INTO learner(email, name, created_at) VALUES "
	    "('ada@example.org', 'Ada Two', 1)");

	assert_int_equal(booking_upgrade(db), 2);
	assert_int_equal(booking_upgrade(db), 0);
	assert_int_equal(fx_count(db, "SELECT count(*) FROM booking WHERE "
	    "token IS NOT NULL"), 0);
	assert_non_null(a = arena_new());
	assert_int_equal(booking_find(db, a, "OLDAAAAAAAAAAAAAAAAAAAAAAA", NOW,
	    &info), 0);
	assert_int_equal(info.ref.id, 20);
	assert_int_equal(booking_manage_token(db, 21, m), 0);
	assert_string_equal(m, "OLDBAAAAAAAAAAAAAAAAAAAAAA");
	booking_checkin_token("OLDAAAAAAAAAAAAAAAAAAAAAAA", ck);
	booking_token_hash(ck, h);
	assert_int_equal(fx_count(db, "SELECT id FROM booking WHERE "
	    "checkin_hash = %Q", h), 20);
	arena_free(a);
	db_close(db);
}

/* The language a booking is made in is written with it, in its own
 * transaction: the booking and its queued mail carry it from the first
 * commit; a tag that is not one is left out and the booking stands. */
static void
test_booking_lang_with_booking(void **state)
{
	struct fx		*fx = *state;
	struct booking_request	 req;
	struct booking_ref	 b;

	memset(&req, 0, sizeof(req));
	req.run_id = 1;
	req.name = "Nia Jones";
	req.email = "nia@example.org";
	req.browser = "NIAAAAAAAAAAAAAAAAAAAAAAAA";
	req.lang = "cy";
	assert_int_equal(booking_create(fx->db, &req, NOW, &b), BOOKING_MADE);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM booking WHERE "
	    "id = %lld AND lang = 'cy'", b.id), 1);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM outbox WHERE "
	    "booking_id = %lld AND lang = 'cy'", b.id), 1);
	/* Not a tag: the booking is made, with no language. */
	req.name = "Iolo Evans";
	req.email = "iolo@example.org";
	req.browser = "IOLOAAAAAAAAAAAAAAAAAAAAAA";
	req.lang = "cy\"><x";
	assert_int_equal(booking_create(fx->db, &req, NOW, &b), BOOKING_MADE);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM booking WHERE "
	    "id = %lld AND lang IS NULL", b.id), 1);
	/* Refused: nothing is written, the language neither. */
	req.run_id = 2;
	req.email = "ffion@example.org";
	req.lang = "nl";
	assert_int_equal(booking_create(fx->db, &req, NOW, &b),
	    BOOKING_REFUSED);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM booking WHERE "
	    "lang = 'nl'"), 0);
}

#define T(f)	cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_booking_create_confirms_while_places_remain),
		T(test_booking_create_waitlists_with_positions),
		T(test_booking_create_codes_and_tokens),
		T(test_booking_create_same_browser_returns_existing),
		T(test_booking_create_other_browser_is_a_new_booking),
		T(test_booking_create_two_people_one_address),
		T(test_booking_create_same_email_other_run),
		T(test_booking_create_refused),
		T(test_booking_create_invalid),
		T(test_booking_create_stores_learner),
		T(test_booking_cancel_promotes_in_order),
		T(test_booking_cancel_twice_harmless),
		T(test_booking_cancel_unknown),
		T(test_booking_cancel_after_start_promotes_nobody),
		T(test_booking_create_rebook_after_cancel_goes_to_end),
		T(test_booking_create_fills_free_places_first),
		T(test_booking_position_legacy_rows),
		T(test_booking_email_normalise_cases),
		T(test_booking_phone_valid_cases),
		T(test_booking_view_confirmed),
		T(test_booking_view_waitlisted_and_cancelled),
		T(test_booking_view_same_place),
		T(test_booking_find_unknown),
		T(test_booking_calendar_events),
		T(test_booking_calendar_language),
		T(test_booking_run_view_cases),
		cmocka_unit_test(test_booking_create_concurrent_processes),
		T(test_booking_mail_queued_once),
		T(test_booking_mail_rolled_back_with_change),
		T(test_booking_tokens_hashed_and_sealed),
		cmocka_unit_test(test_booking_key_file),
		T(test_booking_client_cap),
		T(test_booking_office),
		T(test_booking_view_online),
		cmocka_unit_test(test_booking_migration_006),
		T(test_booking_lang_with_booking),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
