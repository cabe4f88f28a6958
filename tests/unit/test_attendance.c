/*
 * test_attendance.c: check-in rules on an in-memory database with the
 * real migrations: a scan, a second scan ("already", with the first
 * record's time and educator), cancelled and waitlisted bookings, the
 * wrong day, unknown codes, access by facilitators and admins, short
 * codes, nonces, roster taps and undo, marking the rest absent, support
 * needs and their audit, the sessions list and the roster's variables.
 * One test forks scanners on a file database: of many scans of one code
 * at once exactly one records.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sys/wait.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kit/arena.h"
#include "kit/db.h"
#include "kit/token.h"
#include "kit/view.h"
#include "college/attendance.h"
#include "college/booking.h"
#include "college/staff.h"
#include "college/when.h"
#include "fixture.h"

/* 2026-03-02 10:00 UTC, a Monday; London is on GMT. */
#define NOW	((time_t)1772445600)
#define DAY	(24 * 60 * 60)

#define TA	"AAAAAAAAAAAAAAAAAAAAAAAAAB"	/* Ada, run 1, confirmed */
#define TB	"AAAAAAAAAAAAAAAAAAAAAAAAAC"	/* Bea, run 1, confirmed */
#define TC	"AAAAAAAAAAAAAAAAAAAAAAAAAD"	/* Cal, run 1, confirmed */
#define TD	"AAAAAAAAAAAAAAAAAAAAAAAAAE"	/* Dee, run 1, waitlisted */
#define TE	"AAAAAAAAAAAAAAAAAAAAAAAAAF"	/* Eli, run 1, cancelled */
#define TF	"AAAAAAAAAAAAAAAAAAAAAAAAAG"	/* Fay, run 2 (tomorrow) */
#define TNONE	"ZZZZZZZZZZZZZZZZZZZZZZZZZZ"
#define NOT_YOURS	"Not on your sessions: no booking on your sessions " \
			"has this code."

/*
 * Run 1 (Sam, and Jo the admin is no facilitator): session 1 today
 * 09:30-11:30 (in progress), 2 next week, 3 last week, 6 in nine days.
 * Run 2 (Alex): session 4 tomorrow. Run 3 cancelled: session 5 today,
 * cancelled.
 */
static const char fixture[] =
    "INSERT INTO venue(id, name, online) VALUES (1, 'Riverside Hall', 0),"
    " (2, 'Online', 1);"
    "INSERT INTO course(id, slug, title, status) VALUES"
    " (1, 'wrap', 'Wellness Recovery Action Plan', 'published'),"
    " (2, 'calm', 'Managing stress', 'published'),"
    " (3, 'voices', 'Hearing voices', 'published');"
    "INSERT INTO run(id, course_id, capacity, status) VALUES"
    " (1, 1, 10, 'published'), (2, 2, 10, 'published'),"
    " (3, 3, 10, 'cancelled');"
    "INSERT INTO session(id, run_id, starts_at, ends_at, venue_id, status)"
    " VALUES (1, 1, 1772443800, 1772451000, 1, 'scheduled'),"
    " (2, 1, 1773048600, 1773055800, 1, 'scheduled'),"
    " (3, 1, 1771839000, 1771846200, 1, 'scheduled'),"
    " (4, 2, 1772532000, 1772535600, 2, 'scheduled'),"
    " (5, 3, 1772449200, 1772452800, 1, 'cancelled'),"
    " (6, 1, 1773223200, 1773226800, 1, 'scheduled');"
    "INSERT INTO \"user\"(id, email, name, role, pwhash, created_at) VALUES"
    " (1, 'sam@example.org', 'Sam Peer', 'educator', 'x', 0),"
    " (2, 'alex@example.org', 'Alex Clinic', 'educator', 'x', 0),"
    " (3, 'jo@example.org', 'Jo Admin', 'admin', 'x', 0);"
    "INSERT INTO facilitator(run_id, user_id, role) VALUES"
    " (1, 1, 'peer'), (2, 2, 'clinical'), (3, 1, 'peer');"
    "INSERT INTO learner(id, email, name, created_at) VALUES"
    " (1, 'ada@example.org', 'Ada Example', 0),"
    " (2, 'bea@example.org', 'Bea Sample', 0),"
    " (3, 'cal@example.org', 'Cal Test_100%', 0),"
    " (4, 'dee@example.org', 'Dee Waiting', 0),"
    " (5, 'eli@example.org', 'Eli Gone', 0),"
    " (6, 'fay@example.org', 'Fay Other', 0),"
    " (7, 'gus@example.org', 'Gus Third', 0);"
    "INSERT INTO booking(id, run_id, learner_id, status, token, code, needs,"
    " created_at, updated_at) VALUES"
    " (1, 1, 1, 'confirmed', '" TA "', 'ACDEFG', 'I use a wheelchair.', 0, 0),"
    " (2, 1, 2, 'confirmed', '" TB "', 'CDEFGH', '', 0, 0),"
    " (3, 1, 3, 'confirmed', '" TC "', 'DEFGHJ', '', 0, 0),"
    " (4, 1, 4, 'waitlisted', '" TD "', 'EFGHJK', '', 0, 0),"
    " (5, 1, 5, 'cancelled', '" TE "', 'FGHJKL', '', 0, 0),"
    " (6, 2, 6, 'confirmed', '" TF "', 'GHJKLM', '', 0, 0),"
    " (7, 3, 7, 'confirmed', 'AAAAAAAAAAAAAAAAAAAAAAAAAH', 'HJKLMN', '',"
    "  0, 0);";

/* The check-in token of manage token t (what the QR code holds); a few
 * kept at once. */
static const char *
ckt(const char *t)
{
	static char	 b[8][TOKEN_B32_LEN + 1];
	static int	 i;

	i = (i + 1) % 8;
	booking_checkin_token(t, b[i]);
	return b[i];
}

static const struct staff_user sam = { 1, STAFF_EDUCATOR, "Sam Peer",
    "sam@example.org" };
static const struct staff_user alex = { 2, STAFF_EDUCATOR, "Alex Clinic",
    "alex@example.org" };
static const struct staff_user jo = { 3, STAFF_ADMIN, "Jo Admin",
    "jo@example.org" };

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
	/* The rows hold plaintext tokens, as before sql/006: the upgrade
	 * step hashes them, and check-in then takes the check-in token. */
	if (booking_upgrade(fx->db) != 7)
		return -1;
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

/* Session id as u sees it. */
static struct att_session
sess(struct fx *fx, long long id, const struct staff_user *u)
{
	struct att_session	 s;

	assert_int_equal(attendance_session(fx->db, fx->arena, id, u, &s), 0);
	return s;
}

/* A scan of token by u at now, no session given, no nonce. */
static enum checkin_result
scan(struct fx *fx, const struct staff_user *u, const char *token,
    time_t now, struct checkin *c)
{
	struct checkin_req	 r;

	memset(&r, 0, sizeof(r));
	r.token = token != NULL && token_valid(token) ? ckt(token) : token;
	r.method = ATT_QR;
	return attendance_checkin(fx->db, fx->arena, u, &r, now, c);
}

/* The door's scan of a check-in token for session, today only, with a
 * nonce. */
static struct checkin_req
door_scan(const char *token, long long session, const char *nonce)
{
	struct checkin_req	 r;

	memset(&r, 0, sizeof(r));
	r.token = token;
	r.session_id = session;
	r.today_only = 1;
	r.nonce = nonce;
	return r;
}

static const char *
str(struct fx *fx, const struct view *v, const char *name)
{
	const char	*s = view_str(v, fx->arena, name);

	return s != NULL ? s : "(null)";
}

/* The i-th row (0-based) of loop name in v, or NULL. */
static const struct view *
row(const struct view *v, const char *name, unsigned i)
{
	const struct vval	*l = view_lookup(v, name);
	const struct vrow	*r;

	if (l == NULL || l->type != VT_LOOP)
		return NULL;
	for (r = l->rows; r != NULL && i > 0; r = r->next)
		i--;
	return r != NULL ? r->scope : NULL;
}

static unsigned
rows(const struct view *v, const char *name)
{
	const struct vval	*l = view_lookup(v, name);

	return l != NULL && l->type == VT_LOOP ? l->nrows : 0;
}

/* --- Small functions ------------------------------------------------------ */

static void
test_attendance_day_cases(void **state)
{
	static const struct {
		time_t	 now;
		time_t	 start;
		time_t	 end;
	} cases[] = {
		{ NOW, 1772409600, 1772409600 + DAY },
		{ 1772409600, 1772409600, 1772409600 + DAY },	/* midnight */
		{ 1772409599, 1772409600 - DAY, 1772409600 },	/* a second before */
		/* 29 March 2026, the clocks go forward: a 23-hour day. */
		{ 1774785600, 1774742400, 1774742400 + 23 * 60 * 60 },
		/* 25 October 2026, back: 25 hours, from BST midnight. */
		{ 1792929600, 1792882800, 1792882800 + 25 * 60 * 60 },
	};
	time_t	 s, e;
	size_t	 i;

	(void)state;
	assert_int_equal(when_set_zone("Europe/London"), 0);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(attendance_day(cases[i].now, &s, &e), 0);
		assert_int_equal(s, cases[i].start);
		assert_int_equal(e, cases[i].end);
	}
}

static void
test_attendance_code_norm_cases(void **state)
{
	static const struct {
		const char	*in;
		const char	*out;	/* NULL: refused */
	} cases[] = {
		{ "ACDEFG", "ACDEFG" },
		{ "acd-efg", "ACDEFG" },
		{ " ac de fg ", "ACDEFG" },
		{ "pdp gfa", "PDPGFA" },
		{ "A1B2", "A1B2" },
		{ "abc", NULL },
		{ "", NULL },
		{ "  -- ", NULL },
		{ "abc$de", NULL },
		{ "ÄBCDEF", NULL },
		{ "abcdefghijklmnop", "ABCDEFGHIJKLMNOP" },
		{ "abcdefghijklmnopq", NULL },
	};
	char	 out[ATT_CODE_MAX + 1];
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (cases[i].out == NULL)
			assert_int_equal(attendance_code_norm(cases[i].in, out,
			    sizeof(out)), -1);
		else {
			assert_int_equal(attendance_code_norm(cases[i].in, out,
			    sizeof(out)), 0);
			assert_string_equal(out, cases[i].out);
		}
	}
	assert_int_equal(attendance_code_norm(NULL, out, sizeof(out)), -1);
	assert_int_equal(attendance_code_norm("ACDEFG", out, 4), -1);
}

static void
test_attendance_scanned_token_cases(void **state)
{
	static const struct {
		const char	*in;
		int		 ok;
	} cases[] = {
		{ TA, 1 },
		{ "https://college.example.org/c/" TA, 1 },
		{ "http://127.0.0.1:8080/c/" TA, 1 },
		{ "https://x.example/c/" TA "?utm=1", 1 },
		{ "https://x.example/c/" TA "#top", 1 },
		{ "https://x.example/c/c/" TA, 1 },
		{ "https://x.example/c/" TA "/more", 0 },
		{ "https://x.example/b/" TA, 0 },
		{ "https://x.example/c/aaaaaaaaaaaaaaaaaaaaaaaaab", 0 },
		{ "https://x.example/c/" TA "A", 0 },
		{ "https://x.example/c/", 0 },
		{ "ACDEFG", 0 },
		{ "", 0 },
	};
	char	 out[TOKEN_B32_LEN + 1], big[ATT_SCAN_MAX + 2];
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(attendance_scanned_token(cases[i].in, out,
		    sizeof(out)), cases[i].ok ? 0 : -1);
		if (cases[i].ok)
			assert_string_equal(out, TA);
	}
	memset(big, 'A', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	memcpy(big + sizeof(big) - 1 - TOKEN_B32_LEN - 3, "/c/", 3);
	assert_int_equal(attendance_scanned_token(big, out, sizeof(out)), -1);
	assert_int_equal(attendance_scanned_token(NULL, out, sizeof(out)), -1);
}

static void
test_attendance_nonce_valid_cases(void **state)
{
	static const struct {
		const char	*in;
		int		 ok;
	} cases[] = {
		{ "0123456789abcdef", 1 },
		{ "0123456789abcdeF_-", 1 },
		{ "0123456789abcde", 0 },
		{ "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
		    1 },
		{ "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdefA",
		    0 },
		{ "0123456789abcdef ", 0 },
		{ "0123456789abcdef/", 0 },
		{ "", 0 },
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(attendance_nonce_valid(cases[i].in),
		    cases[i].ok);
	assert_int_equal(attendance_nonce_valid(NULL), 0);
}

static void
test_attendance_words_round_trip(void **state)
{
	struct arena	*a;
	int		 i;

	(void)state;
	for (i = 0; i < ATT_STATUS__MAX; i++)
		assert_int_equal(attendance_status_parse(
		    attendance_status_word((enum att_status)i)), i);
	for (i = 0; i < CHECKIN__MAX; i++)
		assert_int_equal(attendance_result_parse(
		    attendance_result_word((enum checkin_result)i)), i);
	assert_int_equal(attendance_status_parse("undo"), -1);
	assert_null(attendance_result_word(CHECKIN_ERROR));
	assert_string_equal(attendance_method_word(ATT_CODE), "code");
	assert_non_null(a = arena_new());
	assert_string_equal(attendance_first_name(a, "Ada Example"), "Ada");
	assert_string_equal(attendance_first_name(a, "  Bo"), "Bo");
	assert_string_equal(attendance_first_name(a, ""), "");
	arena_free(a);
}

/* --- Check-in ------------------------------------------------------------- */

static void
test_attendance_checkin_scan_records(void **state)
{
	struct fx	*fx = *state;
	struct checkin	 c;

	assert_int_equal(scan(fx, &sam, TA, NOW, &c), CHECKIN_DONE);
	assert_int_equal(c.session_id, 1);
	assert_int_equal(c.booking_id, 1);
	assert_string_equal(c.name, "Ada Example");
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM attendance "
	    "WHERE booking_id = 1 AND session_id = 1 AND status = 'present' "
	    "AND by_user = 1 AND method = 'qr' AND at = 1772445600"), 1);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM attendance"),
	    1);
}

static void
test_attendance_checkin_twice_is_already(void **state)
{
	struct fx	*fx = *state;
	struct checkin	 c;
	struct view	*v;

	assert_int_equal(scan(fx, &sam, TA, NOW + 120, &c), CHECKIN_DONE);
	/* The admin scans the same code later: the first record stands. */
	assert_int_equal(scan(fx, &jo, TA, NOW + 600, &c), CHECKIN_ALREADY);
	assert_int_equal(c.at, NOW + 120);
	assert_string_equal(c.by, "Sam Peer");
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM attendance"),
	    1);
	assert_int_equal(fx_count(fx->db, "SELECT by_user FROM attendance"), 1);
	assert_non_null(v = view_new(fx->arena));
	assert_int_equal(attendance_checkin_view(fx->db, &c, v), 0);
	assert_string_equal(str(fx, v, "result"), "already");
	assert_string_equal(str(fx, v, "tone"), "warn");
	/* The learner is named in the answer itself (issue 13). */
	assert_string_equal(str(fx, v, "message"),
	    "Ada Example: already checked in at 10:02 by Sam Peer.");
	assert_string_equal(str(fx, v, "first_name"), "Ada");
	assert_string_equal(str(fx, v, "name"), "Ada Example");
	assert_string_equal(str(fx, v, "checked_in"), "1");
	assert_string_equal(str(fx, v, "booked"), "3");
	assert_true(view_truth(view_lookup(v, "result_already")));
}

static void
test_attendance_checkin_refusals(void **state)
{
	static const struct {
		const char		*token;
		const struct staff_user	*u;
		enum checkin_result	 want;
		const char		*message;
	} cases[] = {
		{ TE, &sam, CHECKIN_CANCELLED,
		    "Booking cancelled: Eli does not have a place." },
		{ TD, &sam, CHECKIN_WAITLISTED, "On the waiting list, not "
		    "confirmed: Dee does not have a place yet." },
		{ TNONE, &sam, CHECKIN_UNKNOWN, NOT_YOURS },
		{ "not a token", &sam, CHECKIN_UNKNOWN, NOT_YOURS },
		/* Alex does not run run 1, Sam does not run run 2: the
		 * same words as a code no booking has (issue 11 point 9). */
		{ TA, &alex, CHECKIN_UNKNOWN, NOT_YOURS },
		{ TF, &sam, CHECKIN_UNKNOWN, NOT_YOURS },
	};
	struct fx	*fx = *state;
	struct checkin	 c;
	struct view	*v;
	size_t		 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(scan(fx, cases[i].u, cases[i].token, NOW, &c),
		    cases[i].want);
		assert_non_null(v = view_new(fx->arena));
		assert_int_equal(attendance_checkin_view(fx->db, &c, v), 0);
		assert_string_equal(str(fx, v, "message"), cases[i].message);
		assert_string_equal(str(fx, v, "tone"), "bad");
		if (cases[i].want == CHECKIN_UNKNOWN) {
			/* Nothing about the learner for someone else's run. */
			assert_string_equal(str(fx, v, "first_name"), "");
			assert_string_equal(str(fx, v, "name"), "");
			assert_string_equal(str(fx, v, "course_title"), "");
			assert_int_equal(c.booking_id, 0);
		}
	}
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM attendance"),
	    0);
}

static void
test_attendance_checkin_not_today(void **state)
{
	struct fx		*fx = *state;
	struct checkin		 c;
	struct checkin_req	 r;
	struct view		*v;

	/* Run 2 meets tomorrow only. */
	assert_int_equal(scan(fx, &alex, TF, NOW, &c), CHECKIN_NOT_TODAY);
	assert_non_null(v = view_new(fx->arena));
	assert_int_equal(attendance_checkin_view(fx->db, &c, v), 0);
	assert_string_equal(str(fx, v, "message"), "No session of this course "
	    "today. Its sessions: Tue 3 Mar 10:00.");
	assert_int_equal(rows(v, "dates"), 1);
	assert_string_equal(str(fx, row(v, "dates", 0), "time_range"),
	    "10:00 to 11:00");
	/* Tomorrow it is. */
	assert_int_equal(scan(fx, &alex, TF, NOW + DAY, &c), CHECKIN_DONE);
	assert_int_equal(c.session_id, 4);
	/* A scanner open on next week's session refuses today's scans. */
	memset(&r, 0, sizeof(r));
	r.token = ckt(TA);
	r.session_id = 2;
	r.today_only = 1;
	assert_int_equal(attendance_checkin(fx->db, fx->arena, &sam, &r, NOW,
	    &c), CHECKIN_NOT_TODAY);
	/* A cancelled session is no session. */
	memset(&r, 0, sizeof(r));
	r.token = ckt("AAAAAAAAAAAAAAAAAAAAAAAAAH");
	assert_int_equal(attendance_checkin(fx->db, fx->arena, &sam, &r, NOW,
	    &c), CHECKIN_NOT_TODAY);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM attendance"),
	    1);
}

static void
test_attendance_checkin_session_given(void **state)
{
	struct fx		*fx = *state;
	struct checkin_req	 r;
	struct checkin		 c;

	memset(&r, 0, sizeof(r));
	r.session_id = 1;
	r.today_only = 1;
	r.method = ATT_QR;
	/* A booking of another run, scanned by an admin at this door. */
	r.token = ckt(TF);
	assert_int_equal(attendance_checkin(fx->db, fx->arena, &jo, &r, NOW,
	    &c), CHECKIN_OTHER_RUN);
	assert_string_equal(c.course_title, "Managing stress");
	/* Someone else's session: refused before anything is looked up. */
	r.token = ckt(TA);
	assert_int_equal(attendance_checkin(fx->db, fx->arena, &alex, &r, NOW,
	    &c), CHECKIN_FORBIDDEN);
	assert_int_equal(c.booking_id, 0);
	r.session_id = 999;
	assert_int_equal(attendance_checkin(fx->db, fx->arena, &jo, &r, NOW,
	    &c), CHECKIN_FORBIDDEN);
	/* A short code, typed, for the session's run only. */
	memset(&r, 0, sizeof(r));
	r.session_id = 1;
	r.code = "cde-fgh";
	r.method = ATT_CODE;
	assert_int_equal(attendance_checkin(fx->db, fx->arena, &sam, &r, NOW,
	    &c), CHECKIN_DONE);
	assert_int_equal(c.booking_id, 2);
	r.code = "GHJKLM";	/* Fay's, of run 2 */
	assert_int_equal(attendance_checkin(fx->db, fx->arena, &sam, &r, NOW,
	    &c), CHECKIN_UNKNOWN);
	r.code = "??";
	assert_int_equal(attendance_checkin(fx->db, fx->arena, &sam, &r, NOW,
	    &c), CHECKIN_UNKNOWN);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM attendance "
	    "WHERE method = 'code' AND booking_id = 2"), 1);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM attendance"),
	    1);
	/* A code with no session to look in is unknown. */
	r.session_id = 0;
	r.code = "CDEFGH";
	assert_int_equal(attendance_checkin(fx->db, fx->arena, &sam, &r, NOW,
	    &c), CHECKIN_UNKNOWN);
}

static void
test_attendance_checkin_nonce_replay(void **state)
{
	struct fx		*fx = *state;
	struct checkin_req	 r = door_scan(ckt(TB), 1, "n0nce-0000000001");
	struct checkin		 c;

	assert_int_equal(attendance_checkin(fx->db, fx->arena, &sam, &r, NOW,
	    &c), CHECKIN_DONE);
	assert_int_equal(c.replay, 0);
	/* The same request again (a retry): the first answer, no record. */
	assert_int_equal(attendance_checkin(fx->db, fx->arena, &sam, &r,
	    NOW + 5, &c), CHECKIN_DONE);
	assert_int_equal(c.replay, 1);
	assert_int_equal(c.at, NOW);
	assert_string_equal(c.name, "Bea Sample");
	/* A new scan of the same code: already. */
	r.nonce = "n0nce-0000000002";
	assert_int_equal(attendance_checkin(fx->db, fx->arena, &sam, &r,
	    NOW + 9, &c), CHECKIN_ALREADY);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM attendance"),
	    1);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM scan_nonce"),
	    2);
	/* Nonces are per user: Jo's same nonce is a scan of its own. */
	r.nonce = "n0nce-0000000001";
	assert_int_equal(attendance_checkin(fx->db, fx->arena, &jo, &r,
	    NOW + 10, &c), CHECKIN_ALREADY);
	assert_int_equal(c.replay, 0);
	/* Unknown answers replay too. */
	r.token = ckt(TNONE);
	r.nonce = "n0nce-0000000003";
	assert_int_equal(attendance_checkin(fx->db, fx->arena, &sam, &r,
	    NOW + 11, &c), CHECKIN_UNKNOWN);
	assert_int_equal(attendance_checkin(fx->db, fx->arena, &sam, &r,
	    NOW + 12, &c), CHECKIN_UNKNOWN);
	assert_int_equal(c.replay, 1);
	/* A bad nonce is refused outright. */
	r.nonce = "short";
	assert_int_equal(attendance_checkin(fx->db, fx->arena, &sam, &r,
	    NOW, &c), CHECKIN_ERROR);
	/* A day later old nonces are gone. */
	r.nonce = "n0nce-0000000004";
	assert_int_equal(attendance_checkin(fx->db, fx->arena, &sam, &r,
	    NOW + ATT_NONCE_KEEP + 100, &c), CHECKIN_UNKNOWN);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM scan_nonce"),
	    1);
}

static void
test_attendance_checkin_replaces_absent(void **state)
{
	struct fx		*fx = *state;
	struct att_session	 s = sess(fx, 1, &sam);
	struct checkin		 c;

	assert_int_equal(attendance_mark(fx->db, &sam, &s, 3, "absent", NOW), 0);
	/* They came after all. */
	assert_int_equal(scan(fx, &sam, TC, NOW + 60, &c), CHECKIN_DONE);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM attendance "
	    "WHERE booking_id = 3 AND status = 'present' AND method = 'qr'"),
	    1);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM attendance"),
	    1);
}

static void
test_attendance_checkin_dry_run(void **state)
{
	struct fx		*fx = *state;
	struct checkin_req	 r;
	struct checkin		 c;
	struct view		*v;

	memset(&r, 0, sizeof(r));
	r.token = ckt(TA);
	r.dry_run = 1;
	assert_int_equal(attendance_checkin(fx->db, fx->arena, &sam, &r, NOW,
	    &c), CHECKIN_READY);
	assert_int_equal(c.session_id, 1);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM attendance"),
	    0);
	assert_non_null(v = view_new(fx->arena));
	assert_int_equal(attendance_checkin_view(fx->db, &c, v), 0);
	assert_string_equal(str(fx, v, "first_name"), "Ada");
	assert_string_equal(str(fx, v, "session_text"), "Session 2 of 4, "
	    "09:30 to 11:30");
	assert_int_equal(scan(fx, &sam, TA, NOW, &c), CHECKIN_DONE);
	assert_int_equal(attendance_checkin(fx->db, fx->arena, &sam, &r, NOW,
	    &c), CHECKIN_ALREADY);
	assert_int_equal(attendance_checkin(fx->db, fx->arena, &alex, &r, NOW,
	    &c), CHECKIN_UNKNOWN);
}

/*
 * Many scanners scan one code at the same moment, each in its own
 * process with its own connection: exactly one records, every other
 * answers "already".
 */
#define RACE_PROCS	8

static void
test_attendance_checkin_concurrent_scans(void **state)
{
	char		 dir[] = "/tmp/test_attendance.XXXXXX", path[64], p[80];
	struct db	*db;
	char		 err[256], go;
	pid_t		 pids[RACE_PROCS];
	int		 i, st, done = 0, already = 0, gate[2];

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/t.db", dir);
	assert_non_null(db = fx_open(path, 1));
	assert_int_equal(db_exec(db, fixture, err, sizeof(err)), 0);
	assert_int_equal(booking_upgrade(db), 7);
	db_close(db);
	assert_int_equal(pipe(gate), 0);
	for (i = 0; i < RACE_PROCS; i++) {
		assert_true((pids[i] = fork()) != -1);
		if (pids[i] == 0) {
			struct arena		*a = arena_new();
			struct checkin_req	 r;
			struct checkin		 c;
			enum checkin_result	 res;

			close(gate[1]);
			if (a == NULL || (db = fx_open(path, 0)) == NULL)
				_exit(9);
			/* Everyone waits at the gate, then scans at once. */
			if (read(gate[0], &go, 1) != 0)
				_exit(9);
			memset(&r, 0, sizeof(r));
			r.token = ckt(TA);
			r.method = ATT_QR;
			res = attendance_checkin(db, a, &sam, &r, NOW, &c);
			db_close(db);
			_exit(res == CHECKIN_DONE ? 0 :
			    res == CHECKIN_ALREADY ? 1 : 9);
		}
	}
	close(gate[0]);
	close(gate[1]);		/* the gate opens: every read sees EOF */
	for (i = 0; i < RACE_PROCS; i++) {
		assert_int_equal(waitpid(pids[i], &st, 0), pids[i]);
		assert_true(WIFEXITED(st));
		if (WEXITSTATUS(st) == 0)
			done++;
		else if (WEXITSTATUS(st) == 1)
			already++;
	}
	assert_int_equal(done, 1);
	assert_int_equal(already, RACE_PROCS - 1);
	assert_non_null(db = fx_open(path, 0));
	assert_int_equal(fx_count(db, "SELECT count(*) FROM attendance"), 1);
	db_close(db);
	snprintf(p, sizeof(p), "%s/t.db-wal", dir);
	(void)unlink(p);
	snprintf(p, sizeof(p), "%s/t.db-shm", dir);
	(void)unlink(p);
	snprintf(p, sizeof(p), "%s/t.db-writer", dir);	/* kit/db.c's lock */
	(void)unlink(p);
	snprintf(p, sizeof(p), "%s/t.db.key", dir);	/* booking's key */
	(void)unlink(p);
	(void)unlink(path);
	(void)rmdir(dir);
}

/* --- The roster ----------------------------------------------------------- */

static void
test_attendance_session_access(void **state)
{
	struct fx		*fx = *state;
	struct att_session	 s;

	assert_int_equal(attendance_session(fx->db, fx->arena, 999, &sam, &s),
	    1);
	s = sess(fx, 1, &sam);
	assert_true(attendance_may(&sam, &s));
	assert_int_equal(s.run_id, 1);
	assert_int_equal(s.number, 2);
	assert_int_equal(s.count, 4);
	assert_string_equal(s.course_title, "Wellness Recovery Action Plan");
	assert_string_equal(s.venue, "Riverside Hall");
	assert_true(s.scheduled);
	s = sess(fx, 1, &alex);
	assert_false(attendance_may(&alex, &s));
	s = sess(fx, 1, &jo);
	assert_true(attendance_may(&jo, &s));
	s = sess(fx, 5, &sam);
	assert_false(s.scheduled);
	assert_false(attendance_may(NULL, &s));
}

static void
test_attendance_mark_cases(void **state)
{
	struct fx		*fx = *state;
	struct att_session	 s = sess(fx, 1, &sam);
	struct att_session	 other = sess(fx, 1, &alex);

	assert_int_equal(attendance_mark(fx->db, &sam, &s, 1, "late", NOW), 0);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM attendance "
	    "WHERE booking_id = 1 AND status = 'late' AND method = 'tap' AND "
	    "at = 1772445600"), 1);
	/* The same status again keeps the first time. */
	assert_int_equal(attendance_mark(fx->db, &jo, &s, 1, "late", NOW + 60),
	    0);
	assert_int_equal(fx_count(fx->db, "SELECT at FROM attendance"), NOW);
	assert_int_equal(fx_count(fx->db, "SELECT by_user FROM attendance"), 1);
	/* Another status replaces it. */
	assert_int_equal(attendance_mark(fx->db, &jo, &s, 1, "excused",
	    NOW + 90), 0);
	assert_int_equal(fx_count(fx->db, "SELECT by_user FROM attendance "
	    "WHERE status = 'excused'"), 3);
	/* Undo deletes it, and says so in the audit log. */
	assert_int_equal(attendance_mark(fx->db, &sam, &s, 1, "undo", NOW), 0);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM attendance"),
	    0);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM audit WHERE "
	    "action = 'attendance.undo' AND user_id = 1 AND "
	    "detail = 'booking 1, session 1'"), 1);
	assert_int_equal(attendance_mark(fx->db, &sam, &s, 1, "undo", NOW), 0);
	/* Refused: waitlisted, cancelled, another run's, unknown, bad word,
	 * someone else's session. */
	assert_int_equal(attendance_mark(fx->db, &sam, &s, 4, "present", NOW),
	    1);
	assert_int_equal(attendance_mark(fx->db, &sam, &s, 5, "present", NOW),
	    1);
	assert_int_equal(attendance_mark(fx->db, &sam, &s, 6, "present", NOW),
	    1);
	assert_int_equal(attendance_mark(fx->db, &sam, &s, 99, "present", NOW),
	    1);
	assert_int_equal(attendance_mark(fx->db, &sam, &s, 1, "gone", NOW), 1);
	assert_int_equal(attendance_mark(fx->db, &sam, &s, 1, NULL, NOW), 1);
	assert_int_equal(attendance_mark(fx->db, &alex, &other, 1, "present",
	    NOW), 1);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM attendance"),
	    0);
}

static void
test_attendance_absent_rest_marks_unmarked(void **state)
{
	struct fx		*fx = *state;
	struct att_session	 s = sess(fx, 1, &sam);
	struct att_session	 other = sess(fx, 1, &alex);
	struct checkin		 c;
	long long		 n;

	assert_int_equal(scan(fx, &sam, TA, NOW, &c), CHECKIN_DONE);
	assert_int_equal(attendance_absent_rest(fx->db, &alex, &other, NOW,
	    &n), 1);
	assert_int_equal(attendance_absent_rest(fx->db, &sam, &s, NOW + 7000,
	    &n), 0);
	/* Bea and Cal; not Ada (present), Dee (waitlisted), Eli (cancelled). */
	assert_int_equal(n, 2);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM attendance "
	    "WHERE status = 'absent' AND booking_id IN (2, 3)"), 2);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM attendance "
	    "WHERE status = 'present' AND booking_id = 1"), 1);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM audit WHERE "
	    "action = 'attendance.absent_rest'"), 1);
	assert_int_equal(attendance_absent_rest(fx->db, &sam, &s, NOW + 7100,
	    &n), 0);
	assert_int_equal(n, 0);
}

static void
test_attendance_needs_audited(void **state)
{
	struct fx		*fx = *state;
	struct att_session	 s = sess(fx, 1, &sam);
	struct att_session	 other = sess(fx, 1, &alex);
	const char		*name, *needs;

	assert_int_equal(attendance_needs(fx->db, fx->arena, &sam, &s, 1,
	    &name, &needs), 0);
	assert_string_equal(name, "Ada Example");
	assert_string_equal(needs, "I use a wheelchair.");
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM audit WHERE "
	    "action = 'needs.reveal' AND user_id = 1 AND "
	    "detail = 'booking 1, session 1'"), 1);
	/* Each showing is a line of its own. */
	assert_int_equal(attendance_needs(fx->db, fx->arena, &jo, &s, 2,
	    &name, &needs), 0);
	assert_string_equal(needs, "");
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM audit WHERE "
	    "action = 'needs.reveal'"), 2);
	/* Not for an educator of another run, nor for a learner not on the
	 * session's list: nothing shown, nothing logged. */
	assert_int_equal(attendance_needs(fx->db, fx->arena, &alex, &other, 1,
	    &name, &needs), 1);
	assert_null(needs);
	assert_int_equal(attendance_needs(fx->db, fx->arena, &sam, &s, 6,
	    &name, &needs), 1);
	assert_int_equal(attendance_needs(fx->db, fx->arena, &sam, &s, 4,
	    &name, &needs), 1);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM audit WHERE "
	    "action = 'needs.reveal'"), 2);
}

static void
test_attendance_roster_view(void **state)
{
	struct fx		*fx = *state;
	struct att_session	 s = sess(fx, 1, &sam);
	struct att_session	 other = sess(fx, 1, &alex);
	struct checkin		 c;
	struct view		*v;
	const struct view	*r;

	assert_int_equal(scan(fx, &sam, TB, NOW, &c), CHECKIN_DONE);
	assert_int_equal(attendance_mark(fx->db, &sam, &s, 3, "late", NOW + 60),
	    0);
	assert_non_null(v = view_new(fx->arena));
	assert_int_equal(attendance_roster(fx->db, &alex, &other, NULL, v), 1);
	assert_int_equal(attendance_roster(fx->db, &sam, &s, NULL, v), 0);
	assert_string_equal(str(fx, v, "booked"), "3");
	assert_string_equal(str(fx, v, "present"), "1");
	assert_string_equal(str(fx, v, "late"), "1");
	assert_string_equal(str(fx, v, "checked_in"), "2");
	assert_string_equal(str(fx, v, "unmarked"), "1");
	assert_int_equal(rows(v, "learners"), 3);
	r = row(v, "learners", 0);
	assert_string_equal(str(fx, r, "name"), "Ada Example");
	assert_string_equal(str(fx, r, "status_text"), "Not checked in");
	assert_true(view_truth(view_lookup(r, "unmarked")));
	assert_true(view_truth(view_lookup(r, "has_needs")));
	r = row(v, "learners", 1);
	assert_string_equal(str(fx, r, "name"), "Bea Sample");
	assert_string_equal(str(fx, r, "status"), "present");
	assert_string_equal(str(fx, r, "at_time"), "10:00");
	assert_string_equal(str(fx, r, "by"), "Sam Peer");
	assert_string_equal(str(fx, r, "method_text"), "QR code");
	assert_false(view_truth(view_lookup(r, "has_needs")));
	r = row(v, "learners", 2);
	assert_string_equal(str(fx, r, "status"), "late");
	assert_true(view_truth(view_lookup(r, "late")));
	assert_true(view_truth(view_lookup(r, "checked_in")));
	/* A search: case-insensitive, and % and _ are only letters. */
	assert_non_null(v = view_new(fx->arena));
	assert_int_equal(attendance_roster(fx->db, &sam, &s, "bea", v), 0);
	assert_int_equal(rows(v, "learners"), 1);
	assert_string_equal(str(fx, v, "booked"), "3");
	assert_non_null(v = view_new(fx->arena));
	assert_int_equal(attendance_roster(fx->db, &sam, &s, "_100%", v), 0);
	assert_int_equal(rows(v, "learners"), 1);
	assert_non_null(v = view_new(fx->arena));
	assert_int_equal(attendance_roster(fx->db, &sam, &s, "%", v), 0);
	assert_int_equal(rows(v, "learners"), 1);
	assert_non_null(v = view_new(fx->arena));
	assert_int_equal(attendance_roster(fx->db, &sam, &s, "Dee", v), 0);
	assert_int_equal(rows(v, "learners"), 0);
	assert_true(view_truth(view_lookup(v, "no_match")));
}

static void
test_attendance_upcoming_by_user(void **state)
{
	struct fx		*fx = *state;
	struct view		*v;
	const struct view	*d;

	/* Sam: today's session and next week's; not last week's, not the
	 * one in nine days, not run 2's. */
	assert_non_null(v = view_new(fx->arena));
	assert_int_equal(attendance_upcoming(fx->db, &sam, NOW, v), 0);
	assert_int_equal(rows(v, "days"), 2);
	d = row(v, "days", 0);
	assert_string_equal(str(fx, d, "label"), "Today");
	assert_string_equal(str(fx, d, "date"), "Monday 2 March 2026");
	assert_int_equal(rows(d, "sessions"), 1);
	assert_string_equal(str(fx, row(d, "sessions", 0), "id"), "1");
	assert_true(view_truth(view_lookup(row(d, "sessions", 0),
	    "in_progress")));
	assert_string_equal(str(fx, row(d, "sessions", 0), "session_text"),
	    "Session 2 of 4");
	assert_string_equal(str(fx, row(d, "sessions", 0), "booked"), "3");
	d = row(v, "days", 1);
	assert_string_equal(str(fx, d, "label"), "");
	assert_string_equal(str(fx, row(d, "sessions", 0), "id"), "2");
	assert_false(view_truth(view_lookup(v, "empty")));
	/* Alex: tomorrow's. */
	assert_non_null(v = view_new(fx->arena));
	assert_int_equal(attendance_upcoming(fx->db, &alex, NOW, v), 0);
	assert_int_equal(rows(v, "days"), 1);
	assert_string_equal(str(fx, row(v, "days", 0), "label"), "Tomorrow");
	/* Jo, an admin: every one of them. */
	assert_non_null(v = view_new(fx->arena));
	assert_int_equal(attendance_upcoming(fx->db, &jo, NOW, v), 0);
	assert_int_equal(rows(v, "days"), 3);
	assert_true(view_truth(view_lookup(v, "admin")));
	/* Nothing for a user with no runs. */
	fx_exec(fx->db, "DELETE FROM facilitator WHERE user_id = 2");
	assert_non_null(v = view_new(fx->arena));
	assert_int_equal(attendance_upcoming(fx->db, &alex, NOW, v), 0);
	assert_int_equal(rows(v, "days"), 0);
	assert_true(view_truth(view_lookup(v, "empty")));
}

static void
test_attendance_recall_cases(void **state)
{
	struct fx		*fx = *state;
	struct att_session	 s = sess(fx, 1, &sam);
	struct att_session	 other = sess(fx, 1, &alex);
	struct checkin		 c;

	assert_int_equal(scan(fx, &sam, TA, NOW, &c), CHECKIN_DONE);
	assert_int_equal(attendance_recall(fx->db, fx->arena, &sam, &s,
	    CHECKIN_ALREADY, 1, &c), 0);
	assert_int_equal(c.result, CHECKIN_ALREADY);
	assert_int_equal(c.at, NOW);
	assert_string_equal(c.by, "Sam Peer");
	/* Another run's booking is not shown through this session. */
	assert_int_equal(attendance_recall(fx->db, fx->arena, &sam, &s,
	    CHECKIN_DONE, 6, &c), 0);
	assert_int_equal(c.result, CHECKIN_UNKNOWN);
	assert_null(c.name);
	assert_int_equal(attendance_recall(fx->db, fx->arena, &alex, &other,
	    CHECKIN_DONE, 1, &c), 0);
	assert_int_equal(c.result, CHECKIN_FORBIDDEN);
	assert_null(c.name);
}

/* --- Offline check-in: the queue's items, the clock, paper ----------------- */

/* One queued item as a line, parsed. */
static struct att_item
item(const char *nonce, long long session, long long booking,
    const char *action, const char *method, time_t at)
{
	struct att_item	 it;
	char		 line[ATT_SYNC_LINE_MAX + 1];

	snprintf(line, sizeof(line), "%s %lld %lld %s %s %lld", nonce,
	    session, booking, action, method, (long long)at);
	assert_int_equal(attendance_item_parse(line, &it), 0);
	return it;
}

/* Sync it for u at now; the answer's row. */
static struct view *
sync1(struct fx *fx, const struct staff_user *u, struct att_item it,
    time_t now)
{
	struct view	*v;

	assert_non_null(v = view_new(fx->arena));
	assert_int_equal(attendance_sync(fx->db, u, &it, now, v), 0);
	return v;
}

static void
test_attendance_item_parse_cases(void **state)
{
	static const struct {
		const char	*line;
		int		 ok;
	} cases[] = {
		{ "n0nce-0123456789abcd 1 2 present qr 1772445600", 1 },
		{ "n0nce-0123456789abcd 1 2 late tap 1", 1 },
		{ "n0nce-0123456789abcd 1 0 rest tap 1772445600", 1 },
		{ "n0nce-0123456789abcd 1 2 undo code 1772445600", 1 },
		{ "n0nce-0123456789abcd 1 2 present paper 1772445600", 0 },
		{ "n0nce-0123456789abcd 1 0 present qr 1772445600", 0 },
		{ "n0nce-0123456789abcd 1 2 rest tap 1772445600", 0 },
		{ "n0nce-0123456789abcd 0 2 present qr 1772445600", 0 },
		{ "short 1 2 present qr 1772445600", 0 },
		{ "n0nce-0123456789abcd 1 2 present qr", 0 },
		{ "n0nce-0123456789abcd 1 2 present qr 1 ", 0 },
		{ "n0nce-0123456789abcd 1  2 present qr 1", 0 },
		{ "n0nce-0123456789abcd -1 2 present qr 1", 0 },
		{ "n0nce-0123456789abcd 1 2 Present qr 1", 0 },
		{ "n0nce-0123456789abcd 1 2 present qr 1x", 0 },
		{ "n0nce-0123456789abcd 1 2 present qr 1234567890123456789", 0 },
		{ "n0nce\"0123456789abcd 1 2 present qr 1", 0 },
		{ "", 0 },
	};
	struct att_item	 it;
	size_t		 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(attendance_item_parse(cases[i].line, &it) == 0,
		    cases[i].ok);
	assert_int_equal(attendance_item_parse(cases[0].line, &it), 0);
	assert_string_equal(it.nonce, "n0nce-0123456789abcd");
	assert_int_equal(it.session_id, 1);
	assert_int_equal(it.booking_id, 2);
	assert_int_equal(it.action, ATT_DO_PRESENT);
	assert_int_equal(it.method, ATT_QR);
	assert_int_equal(it.at, NOW);
}

/* The phone's clock is trusted only within [start - 1 h, now]. */
static void
test_attendance_clock_bounds(void **state)
{
	struct fx		*fx = *state;
	struct att_session	 s = sess(fx, 1, &sam);	/* from 09:30 */

	assert_int_equal(attendance_clock(&s, NOW - 60, NOW), NOW - 60);
	assert_int_equal(attendance_clock(&s, NOW + 3600, NOW), NOW);
	assert_int_equal(attendance_clock(&s, 0, NOW),
	    s.starts_at - ATT_CLOCK_EARLY);
	assert_int_equal(attendance_clock(&s, s.starts_at - 3601, NOW),
	    s.starts_at - ATT_CLOCK_EARLY);
	/* A session not yet begun by more than an hour: never the future. */
	assert_int_equal(attendance_clock(&s, NOW, s.starts_at - 7200),
	    s.starts_at - 7200);

	/* A synced check-in from a phone set to last year is recorded at
	 * the bound, not last year. */
	sync1(fx, &sam, item("clock-nonce-000000001", 1, 1, "present", "qr",
	    NOW - 365 * DAY), NOW);
	assert_int_equal(fx_count(fx->db, "SELECT at FROM attendance WHERE "
	    "booking_id = 1"), s.starts_at - ATT_CLOCK_EARLY);
}

/* A nonce is recorded once: the item sent again changes nothing and
 * answers as the first time. */
static void
test_attendance_sync_nonce_once(void **state)
{
	struct fx	*fx = *state;
	struct att_item	 it = item("once-nonce-0000000001", 1, 1, "present",
			    "qr", NOW - 300);
	struct view	*v;

	v = sync1(fx, &sam, it, NOW);
	assert_string_equal(str(fx, v, "result"), "checked_in");
	assert_string_equal(str(fx, v, "message"),
	    "Ada Example: checked in at 09:55.");
	assert_false(view_truth(view_lookup(v, "replay")));
	assert_int_equal(fx_num(v, "checked_in"), 1);
	assert_int_equal(fx_num(v, "booked"), 3);
	/* Undo in between, then the first item again: still undone. */
	sync1(fx, &sam, item("once-nonce-0000000002", 1, 1, "undo", "tap",
	    NOW - 60), NOW);
	v = sync1(fx, &sam, it, NOW + 60);
	assert_string_equal(str(fx, v, "result"), "checked_in");
	assert_true(view_truth(view_lookup(v, "replay")));
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM attendance"),
	    0);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM scan_nonce"),
	    2);
}

/* Both paths keep a nonce's answer in one shape: its word, and the
 * booking and session it was about, or NULL where there was none (a
 * session that is not the user's names neither), and both forget a
 * nonce after ATT_NONCE_KEEP. */
static void
test_attendance_nonce_kept_answer(void **state)
{
	struct fx		*fx = *state;
	struct checkin_req	 r;
	struct checkin		 c;
	struct view		*v;

	/* Offline: Alex's item for a session that is not Alex's. */
	v = sync1(fx, &alex, item("kept-nonce-0000000001", 1, 1, "present",
	    "qr", NOW - 60), NOW);
	assert_string_equal(str(fx, v, "result"), "forbidden");
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM scan_nonce"
	    " WHERE nonce = 'kept-nonce-0000000001' AND user_id = 2"
	    " AND result = 'forbidden' AND booking_id IS NULL"
	    " AND session_id IS NULL"), 1);
	/* Sent again: the same answer, replayed, still nothing recorded. */
	v = sync1(fx, &alex, item("kept-nonce-0000000001", 1, 1, "present",
	    "qr", NOW - 60), NOW + 5);
	assert_string_equal(str(fx, v, "result"), "forbidden");
	assert_true(view_truth(view_lookup(v, "replay")));
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM attendance"),
	    0);
	/* Offline: Sam's check-in names both. */
	sync1(fx, &sam, item("kept-nonce-0000000002", 1, 1, "present", "qr",
	    NOW - 60), NOW);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM scan_nonce"
	    " WHERE nonce = 'kept-nonce-0000000002' AND user_id = 1"
	    " AND result = 'checked_in' AND booking_id = 1"
	    " AND session_id = 1"), 1);
	/* Online: a scan of a code nobody has names neither. */
	r = door_scan(ckt(TNONE), 1, "kept-nonce-0000000003");
	assert_int_equal(attendance_checkin(fx->db, fx->arena, &sam, &r, NOW,
	    &c), CHECKIN_UNKNOWN);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM scan_nonce"
	    " WHERE nonce = 'kept-nonce-0000000003' AND result = 'unknown'"
	    " AND booking_id IS NULL"), 1);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM scan_nonce"),
	    3);
	/* A day on, an offline item prunes what the online path kept. */
	sync1(fx, &sam, item("kept-nonce-0000000004", 1, 1, "undo", "tap",
	    NOW), NOW + ATT_NONCE_KEEP + 100);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM scan_nonce"),
	    1);
}

/* Of two check-ins of one learner the earlier is kept, whichever
 * arrives first, and the later phone is told who was first. */
static void
test_attendance_sync_earliest_kept(void **state)
{
	struct fx	*fx = *state;
	struct checkin	 c;
	struct view	*v;

	/* Online at 10:05 by Jo; Sam's phone, offline, scanned at 10:01. */
	assert_int_equal(scan(fx, &jo, TA, NOW + 300, &c), CHECKIN_DONE);
	v = sync1(fx, &sam, item("early-nonce-00000001", 1, 1, "present",
	    "qr", NOW + 60), NOW + 600);
	assert_string_equal(str(fx, v, "result"), "checked_in");
	assert_int_equal(fx_count(fx->db, "SELECT at FROM attendance WHERE "
	    "booking_id = 1 AND session_id = 1"), NOW + 60);
	assert_int_equal(fx_count(fx->db, "SELECT by_user FROM attendance "
	    "WHERE booking_id = 1"), 1);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM attendance"),
	    1);

	/* The other way round: Jo online at 10:02, Sam's later 10:04. */
	assert_int_equal(scan(fx, &jo, TB, NOW + 120, &c), CHECKIN_DONE);
	v = sync1(fx, &sam, item("early-nonce-00000002", 1, 2, "present",
	    "code", NOW + 240), NOW + 600);
	assert_string_equal(str(fx, v, "result"), "already");
	assert_string_equal(str(fx, v, "tone"), "warn");
	assert_string_equal(str(fx, v, "message"),
	    "Bea Sample: already checked in at 10:02 by Jo Admin.");
	assert_int_equal(fx_count(fx->db, "SELECT at FROM attendance WHERE "
	    "booking_id = 2"), NOW + 120);
	assert_int_equal(fx_count(fx->db, "SELECT by_user FROM attendance "
	    "WHERE booking_id = 2"), 3);

	/* A tap of late on that check-in: late, the first time stays. */
	v = sync1(fx, &sam, item("early-nonce-00000003", 1, 2, "late", "tap",
	    NOW + 300), NOW + 600);
	assert_string_equal(str(fx, v, "result"), "marked");
	assert_int_equal(fx_count(fx->db, "SELECT at FROM attendance WHERE "
	    "booking_id = 2 AND status = 'late'"), NOW + 120);

	/* An undo older than the record it would remove does nothing. */
	v = sync1(fx, &sam, item("early-nonce-00000004", 1, 2, "undo", "tap",
	    NOW + 30), NOW + 600);
	assert_string_equal(str(fx, v, "result"), "changed");
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM attendance "
	    "WHERE booking_id = 2"), 1);

	/* Excused, then an undo made after it: both applied in turn. */
	v = sync1(fx, &sam, item("early-nonce-00000006", 1, 1, "excused",
	    "tap", NOW + 400), NOW + 600);
	assert_string_equal(str(fx, v, "result"), "marked");
	assert_string_equal(str(fx, v, "status"), "excused");
	v = sync1(fx, &sam, item("early-nonce-00000007", 1, 1, "undo", "tap",
	    NOW + 450), NOW + 600);
	assert_string_equal(str(fx, v, "result"), "undone");
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM attendance "
	    "WHERE booking_id = 1"), 0);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM audit WHERE "
	    "action = 'attendance.undo'"), 1);

	/* Everyone else absent, through the queue. */
	v = sync1(fx, &sam, item("early-nonce-00000005", 1, 0, "rest", "tap",
	    NOW + 500), NOW + 600);
	assert_string_equal(str(fx, v, "result"), "rest");
	assert_int_equal(fx_num(v, "count"), 2);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM attendance "
	    "WHERE booking_id IN (1, 3) AND status = 'absent'"), 2);
}

/* An educator's queue for someone else's session, or a learner not on
 * the session, records nothing. */
static void
test_attendance_sync_refusals(void **state)
{
	struct fx	*fx = *state;
	struct view	*v;

	v = sync1(fx, &alex, item("refuse-nonce-0000001", 1, 1, "present",
	    "qr", NOW), NOW);
	assert_string_equal(str(fx, v, "result"), "forbidden");
	assert_string_equal(str(fx, v, "name"), "");
	/* Fay is booked on run 2, Dee waits, Eli cancelled. */
	v = sync1(fx, &sam, item("refuse-nonce-0000002", 1, 6, "present",
	    "qr", NOW), NOW);
	assert_string_equal(str(fx, v, "result"), "unknown");
	assert_string_equal(str(fx, v, "name"), "");
	v = sync1(fx, &sam, item("refuse-nonce-0000003", 1, 4, "present",
	    "tap", NOW), NOW);
	assert_string_equal(str(fx, v, "result"), "unknown");
	v = sync1(fx, &sam, item("refuse-nonce-0000004", 1, 5, "late",
	    "tap", NOW), NOW);
	assert_string_equal(str(fx, v, "result"), "unknown");
	v = sync1(fx, &sam, item("refuse-nonce-0000005", 999, 1, "present",
	    "tap", NOW), NOW);
	assert_string_equal(str(fx, v, "result"), "forbidden");
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM attendance"),
	    0);
}

/* A scan for a run the educator does not facilitate answers as an
 * unknown code, with the scanner's session given too: no course title. */
static void
test_attendance_checkin_foreign_is_unknown(void **state)
{
	struct fx		*fx = *state;
	struct checkin_req	 r;
	struct checkin		 c;
	struct view		*v;

	memset(&r, 0, sizeof(r));
	r.token = ckt(TF);		/* run 2: Alex's, not Sam's */
	r.session_id = 1;		/* Sam's own session */
	r.method = ATT_QR;
	assert_int_equal(attendance_checkin(fx->db, fx->arena, &sam, &r, NOW,
	    &c), CHECKIN_UNKNOWN);
	assert_non_null(v = view_new(fx->arena));
	assert_int_equal(attendance_checkin_view(fx->db, &c, v), 0);
	assert_string_equal(str(fx, v, "message"), NOT_YOURS);
	assert_string_equal(str(fx, v, "course_title"), "");
	assert_string_equal(str(fx, v, "result"), "unknown");
	/* The admin, who may see every run, is told where it belongs. */
	assert_int_equal(attendance_checkin(fx->db, fx->arena, &jo, &r, NOW,
	    &c), CHECKIN_OTHER_RUN);
}

/* The day's rosters: the check-in hash, never needs or contacts. */
static void
test_attendance_today_view(void **state)
{
	struct fx		*fx = *state;
	struct view		*v;
	const struct view	*s0, *l0;
	struct arena		*a = fx->arena;
	char			 th[BOOKING_HASH_HEX + 1];

	assert_non_null(v = view_new(a));
	assert_int_equal(attendance_today(fx->db, &sam, NOW, v), 0);
	assert_string_equal(str(fx, v, "day"), "2026-03-02");
	/* Sam's sessions today: 1 (run 1); 5 is cancelled. */
	assert_int_equal(rows(v, "sessions"), 1);
	assert_non_null(s0 = row(v, "sessions", 0));
	assert_int_equal(fx_num(s0, "id"), 1);
	assert_int_equal(rows(s0, "learners"), 3);
	assert_non_null(l0 = row(s0, "learners", 0));
	assert_string_equal(str(fx, l0, "name"), "Ada Example");
	assert_string_equal(str(fx, l0, "code"), "ACDEFG");
	/* The hash of the check-in token the QR code holds (booking.h),
	 * which a phone can match a scan against, never a token. */
	booking_token_hash(ckt(TA), th);
	assert_string_equal(str(fx, l0, "hash"), th);
	assert_null(view_lookup(l0, "needs"));
	assert_null(view_lookup(l0, "has_needs"));
	assert_null(view_lookup(l0, "email"));
	/* Alex has nothing today. */
	assert_non_null(v = view_new(a));
	assert_int_equal(attendance_today(fx->db, &alex, NOW, v), 0);
	assert_int_equal(rows(v, "sessions"), 0);
}

/* Ticks from paper: method paper, audited, admins only. */
static void
test_attendance_paper_entry(void **state)
{
	struct fx		*fx = *state;
	struct att_session	 s = sess(fx, 1, &jo);
	struct checkin		 c;
	long long		 b[3] = { 1, 2, 3 }, changed;
	int			 st[3] = { ATT_PRESENT, ATT_LATE, -1 };
	long long		 bad[1] = { 6 };
	int			 badst[1] = { ATT_PRESENT };

	assert_int_equal(scan(fx, &sam, TC, NOW, &c), CHECKIN_DONE);
	assert_int_equal(attendance_paper(fx->db, fx->arena, &jo, &s, 3, b, st,
	    NOW + DAY, &changed), ATT_PAPER_SAVED);
	assert_int_equal(changed, 3);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM attendance "
	    "WHERE method = 'paper'"), 2);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM attendance "
	    "WHERE booking_id = 2 AND status = 'late'"), 1);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM attendance "
	    "WHERE booking_id = 3"), 0);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM audit WHERE "
	    "action = 'attendance.paper'"), 1);
	/* The same sheet again changes nothing. */
	assert_int_equal(attendance_paper(fx->db, fx->arena, &jo, &s, 3, b, st,
	    NOW + DAY, &changed), ATT_PAPER_SAVED);
	assert_int_equal(changed, 0);
	/* An educator may not; a booking of another run spoils the lot. */
	s = sess(fx, 1, &sam);
	assert_int_equal(attendance_paper(fx->db, fx->arena, &sam, &s, 3, b, st,
	    NOW + DAY, &changed), ATT_PAPER_REFUSED);
	s = sess(fx, 1, &jo);
	assert_int_equal(attendance_paper(fx->db, fx->arena, &jo, &s, 1, bad, badst,
	    NOW + DAY, &changed), ATT_PAPER_REFUSED);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM attendance "
	    "WHERE booking_id = 6"), 0);
}

#define T(f)	cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_attendance_day_cases),
		cmocka_unit_test(test_attendance_code_norm_cases),
		cmocka_unit_test(test_attendance_scanned_token_cases),
		cmocka_unit_test(test_attendance_nonce_valid_cases),
		cmocka_unit_test(test_attendance_words_round_trip),
		T(test_attendance_checkin_scan_records),
		T(test_attendance_checkin_twice_is_already),
		T(test_attendance_checkin_refusals),
		T(test_attendance_checkin_not_today),
		T(test_attendance_checkin_session_given),
		T(test_attendance_checkin_nonce_replay),
		T(test_attendance_checkin_replaces_absent),
		T(test_attendance_checkin_dry_run),
		cmocka_unit_test(test_attendance_checkin_concurrent_scans),
		T(test_attendance_session_access),
		T(test_attendance_mark_cases),
		T(test_attendance_absent_rest_marks_unmarked),
		T(test_attendance_needs_audited),
		T(test_attendance_roster_view),
		T(test_attendance_upcoming_by_user),
		T(test_attendance_recall_cases),
		T(test_attendance_item_parse_cases),
		T(test_attendance_clock_bounds),
		T(test_attendance_sync_nonce_once),
		T(test_attendance_nonce_kept_answer),
		T(test_attendance_sync_earliest_kept),
		T(test_attendance_sync_refusals),
		T(test_attendance_checkin_foreign_is_unknown),
		T(test_attendance_today_view),
		T(test_attendance_paper_entry),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
