/*
 * mail.c: what learners are told (mail.h). Each message is written once
 * as a short list of blocks (a heading, paragraphs, links, sessions)
 * and rendered from that list twice, as plain text and as an HTML
 * document, so the two bodies always say the same thing. The words are
 * plain and warm: the reader may be anxious.
 *
 * A message is composed when the mailer first takes its outbox row,
 * from the booking as it is then; the facts the event fixed (an old
 * time, a waiting-list position) come from the row's detail. Nothing
 * here reads a booking's support needs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "kit/arena.h"
#include "kit/buf.h"
#include "kit/db.h"
#include "kit/i18n.h"
#include "kit/ical.h"
#include "kit/tmpl.h"
#include "kit/token.h"
#include "kit/view.h"
#include "college/booking.h"
#include "college/college.h"
#include "college/lang.h"
#include "college/mail.h"
#include "college/outbox.h"
#include "college/settings.h"
#include "college/stmts.h"
#include "college/timetable.h"
#include "college/when.h"

#define TEXT_WIDTH	72	/* characters in a plain-text line */
#define KEY_BYTES	BOOKING_KEY_BYTES	/* the mail key */
#define MAIL_KEY_PURPOSE "tessera mail v1"	/* its label (booking_subkey) */
#define MAC_BYTES	16	/* bytes of a MAC kept in a link */

/* --- The blocks of a message and their two renderings ----------------- */

struct doc {
	struct arena	*a;
	struct buf	 text, html;
};

/* An empty message whose bodies grow in arena a. */
static void
doc_init(struct doc *d, struct arena *a)
{
	d->a = a;
	buf_init(&d->text, a);
	buf_init(&d->html, a);
}

/* s into the HTML body, escaped. */
static void
html_put(struct doc *d, const char *s)
{
	struct sink	 k = sink_buf(&d->html);

	html_escape(&k, s);
}

/* Characters (not bytes) from s to e. */
static size_t
width(const char *s, const char *e)
{
	size_t	 n = 0;

	for (; s < e; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* s into the text body, wrapped at TEXT_WIDTH at spaces, each line
 * after the first starting with indent. A word longer than a line (a
 * link) stands on a line of its own. Words are told apart by whether
 * the line has one yet, not by the column: a word as short as the
 * indent ("Je", "El") is followed by its space too. */
static void
text_wrapped(struct doc *d, const char *s, const char *indent)
{
	size_t	 col = 0, w, ind = strlen(indent);
	int	 bare = 1;	/* no word on this line yet */
	const char *e;

	while (*s != '\0') {
		while (*s == ' ')
			s++;
		if (*s == '\0')
			break;
		for (e = s; *e != '\0' && *e != ' '; e++)
			;
		w = width(s, e);
		if (!bare && col + 1 + w > TEXT_WIDTH) {
			buf_putc(&d->text, '\n');
			buf_puts(&d->text, indent);
			col = ind;
		} else if (!bare) {
			buf_putc(&d->text, ' ');
			col++;
		}
		buf_append(&d->text, s, (size_t)(e - s));
		col += w;
		bare = 0;
		s = e;
	}
}

static void doc_para(struct doc *, const char *);

/* The message's heading, and the greeting under it. */
static void
doc_heading(struct doc *d, const char *s)
{
	text_wrapped(d, s, "");
	buf_puts(&d->text, "\n\n");
	buf_puts(&d->html, "<h1>");
	html_put(d, s);
	buf_puts(&d->html, "</h1>\n");
	doc_para(d, _("Hello,"));
}

/* A section's heading (h2). */
static void
doc_subheading(struct doc *d, const char *s)
{
	text_wrapped(d, s, "");
	buf_puts(&d->text, "\n\n");
	buf_puts(&d->html, "<h2>");
	html_put(d, s);
	buf_puts(&d->html, "</h2>\n");
}

/* A paragraph. */
static void
doc_para(struct doc *d, const char *s)
{
	text_wrapped(d, s, "");
	buf_puts(&d->text, "\n\n");
	buf_puts(&d->html, "<p>");
	html_put(d, s);
	buf_puts(&d->html, "</p>\n");
}

/* A sentence ending in a link: "lead" then the address on its own line
 * in text; the link's words are label in HTML. */
static void
doc_link(struct doc *d, const char *lead, const char *label, const char *url)
{
	text_wrapped(d, lead, "");
	buf_puts(&d->text, "\n");
	buf_puts(&d->text, url);
	buf_puts(&d->text, "\n\n");
	buf_puts(&d->html, "<p>");
	html_put(d, lead);
	buf_puts(&d->html, " <a href=\"");
	html_put(d, url);
	buf_puts(&d->html, "\">");
	html_put(d, label);
	buf_puts(&d->html, "</a></p>\n");
}

/* The start of a list of items (doc_item, doc_item_link). */
static void
doc_list_begin(struct doc *d)
{
	buf_puts(&d->html, "<ul>\n");
}

/* One item of a list: a first line and up to three more (NULL or ""
 * for none). */
static void
doc_item(struct doc *d, const char *first, const char *l2, const char *l3,
    const char *l4)
{
	const char	*more[3] = { l2, l3, l4 };
	size_t		 i;

	buf_puts(&d->text, "- ");
	text_wrapped(d, first, "  ");
	buf_puts(&d->html, "<li>");
	html_put(d, first);
	for (i = 0; i < 3; i++) {
		if (more[i] == NULL || more[i][0] == '\0')
			continue;
		buf_puts(&d->text, "\n  ");
		text_wrapped(d, more[i], "  ");
		buf_puts(&d->html, "<br>");
		html_put(d, more[i]);
	}
	buf_puts(&d->text, "\n");
	buf_puts(&d->html, "</li>\n");
}

/* A list item that is a link (the lost-link message's bookings). */
static void
doc_item_link(struct doc *d, const char *label, const char *more,
    const char *url)
{
	buf_puts(&d->text, "- ");
	text_wrapped(d, label, "  ");
	if (more != NULL && more[0] != '\0') {
		buf_puts(&d->text, "\n  ");
		text_wrapped(d, more, "  ");
	}
	buf_puts(&d->text, "\n  ");
	buf_puts(&d->text, url);
	buf_puts(&d->text, "\n");
	buf_puts(&d->html, "<li><a href=\"");
	html_put(d, url);
	buf_puts(&d->html, "\">");
	html_put(d, label);
	buf_puts(&d->html, "</a>");
	if (more != NULL && more[0] != '\0') {
		buf_puts(&d->html, "<br>");
		html_put(d, more);
	}
	buf_puts(&d->html, "</li>\n");
}

/* The end of that list. */
static void
doc_list_end(struct doc *d)
{
	buf_puts(&d->text, "\n");
	buf_puts(&d->html, "</ul>\n");
}

/* The whole HTML document around the body: a language, a title, no
 * images, no styles to load, no script. */
static const char *
html_document(struct doc *d, const char *title)
{
	struct buf	 out;
	struct sink	 k;

	buf_init(&out, d->a);
	k = sink_buf(&out);
	buf_puts(&out, "<!DOCTYPE html>\n<html lang=\"");
	buf_puts(&out, i18n_current());
	buf_puts(&out, "\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n<title>");
	html_escape(&k, title);
	buf_puts(&out, "</title>\n</head>\n<body>\n");
	buf_append(&out, d->html.data, d->html.len);
	buf_puts(&out, "</body>\n</html>\n");
	if (buf_failed(&out) || buf_failed(&d->html))
		return NULL;
	return out.data;
}

/* --- Reading the event ------------------------------------------------ */

/* Everything a message may say, read for one outbox row. */
struct event {
	enum mail_kind	 kind;
	long long	 booking, session, run;
	const char	*rcpt, *detail;
	enum booking_status status;
	const char	*token, *code;
	long long	 bseq;
	int		 erased, reminders;
	const char	*title, *online_details, *bring;
	int		 run_cancelled;
	const char	*base, *host, *college, *from;
	time_t		 now;
	struct timetable_row *s;	/* the run's sessions (NEED_SESSIONS) */
	size_t		 n;
	struct timetable_row one;	/* the row's session (NEED_SESSION) */
};

/* The value of name in a detail "a=1;b=2", in the arena; NULL if
 * absent. */
static const char *
detail_get(struct arena *a, const char *detail, const char *name)
{
	size_t		 n = strlen(name);
	const char	*p = detail, *e;

	while (p != NULL && *p != '\0') {
		e = strchr(p, ';');
		if (strncmp(p, name, n) == 0 && p[n] == '=')
			return e ? arena_strndup(a, p + n + 1,
			    (size_t)(e - p - n - 1)) : arena_strdup(a, p + n + 1);
		p = e ? e + 1 : NULL;
	}
	return NULL;
}

/* The number name in a detail, or 0 when absent or not a number > 0. */
static long long
detail_num(struct arena *a, const char *detail, const char *name)
{
	const char	*v = detail_get(a, detail, name);
	char		*end;
	long long	 n;

	if (v == NULL || *v == '\0')
		return 0;
	n = strtoll(v, &end, 10);
	return *end == '\0' && n > 0 ? n : 0;
}

/* --- Words ---------------------------------------------------------- */

/* "Wednesday 25 March 2026" in the arena; NULL on failure. */
static const char *
date_of(struct arena *a, time_t t)
{
	char	 b[WHEN_BUF];

	return when_date(b, sizeof(b), t) ? arena_strdup(a, b) : NULL;
}

/* "Wednesday 25 March 2026, 10:00 to 12:00" in the arena. */
static const char *
when_of(struct arena *a, time_t start, time_t end)
{
	char	 d[WHEN_BUF], r[WHEN_BUF];

	if (when_date(d, sizeof(d), start) == NULL ||
	    when_range(r, sizeof(r), start, end) == NULL)
		return NULL;
	return arena_printf(a, "%s, %s", d, r);
}

/* The sessions as a list; joining: the run's online details (only for
 * a confirmed place), or NULL. */
static void
sessions_list(struct doc *d, const struct timetable_row *s, size_t n,
    int all_off, const char *joining)
{
	const char	*when, *where, *extra;
	size_t		 i;

	doc_list_begin(d);
	for (i = 0; i < n; i++) {
		when = when_of(d->a, s[i].start, s[i].end);
		if (s[i].cancelled || all_off)
			when = i18n_say1(d->a, _("{when} (cancelled)"), "when", when);
		where = timetable_place(d->a, s[i].venue, s[i].address, s[i].online);
		extra = NULL;
		if (s[i].online && joining != NULL && joining[0] != '\0' &&
		    !s[i].cancelled && !all_off)
			extra = i18n_say1(d->a, _("How to join: {joining}"),
			    "joining", joining);
		else if (!s[i].online && s[i].access[0] != '\0' &&
		    (i == 0 || strcmp(s[i].access, s[i - 1].access) != 0 ||
		    strcmp(s[i].venue, s[i - 1].venue) != 0))
			extra = timetable_access(d->a, s[i].access);
		doc_item(d, when ? when : "", where ? where : "", extra, NULL);
	}
	doc_list_end(d);
}

/* The booking's own page, and its cancel step, in the arena. */
static const char *
booking_url(const struct event *e, struct arena *a)
{
	return arena_printf(a, "%s/booking/%s", e->base, e->token);
}

static const char *
cancel_url(const struct event *e, struct arena *a)
{
	return arena_printf(a, "%s/booking/%s/cancel", e->base, e->token);
}

/* The kind farewell every message ends with. */
static void
farewell(struct doc *d, const struct event *e)
{
	doc_para(d, i18n_say1(d->a, _("With best wishes from everyone at "
	    "{college}."), "college", e->college));
}

/* The closing lines of every message about a booking. */
static void
sign_off(struct doc *d, const struct event *e)
{
	doc_link(d, _("If you lose this email, you can ask for your booking "
	    "links again at any time:"), _("Get my booking links"),
	    arena_printf(d->a, "%s/booking/lost", e->base));
	farewell(d, e);
}

/* --- The calendar part ---------------------------------------------- */

/*
 * The calendar of the event's booking, as METHOD method: every session
 * of the run, or only the row's own one. An event's UID names the
 * session, the booking and the site's host; its SEQUENCE is session.seq
 * + booking.seq (sql/008), which grows with every change. Its words are
 * the course's title and the places: nothing to translate. The calendar
 * is set on m; 0 or -1.
 */
static int
calendar(struct arena *a, const struct event *e, int only,
    const char *method, struct mail_msg *m)
{
	struct buf		 out;
	struct sink		 k;
	struct ical		 ic;
	struct ical_event	 ev;
	const struct timetable_row *s = only ? &e->one : e->s;
	const char		*tz = when_zone(), *url = booking_url(e, a);
	const char		*org, *att;
	size_t			 i, n = only ? 1 : e->n;
	int			 cancel = strcmp(method, "CANCEL") == 0;

	org = arena_printf(a, "mailto:%s", e->from);
	att = arena_printf(a, "mailto:%s", e->rcpt);
	buf_init(&out, a);
	k = sink_buf(&out);
	if (url == NULL || org == NULL || att == NULL ||
	    ical_begin_method(&ic, &k, e->title, tz[0] ? tz : NULL,
	    method) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		memset(&ev, 0, sizeof(ev));
		ev.uid = arena_printf(a, "s%lld-b%lld@%s", s[i].id, e->booking,
		    e->host);
		ev.start = s[i].start;
		ev.end = s[i].end;
		ev.stamp = e->now;
		ev.summary = e->title;
		ev.location = timetable_place(a, s[i].venue, s[i].address,
		    s[i].online);
		ev.url = url;
		ev.cancelled = cancel || s[i].cancelled || e->run_cancelled;
		ev.sequence = s[i].seq + e->bseq;
		ev.organizer = org;
		ev.attendee = att;
		if (ev.uid == NULL || ev.location == NULL ||
		    ical_event(&ic, &ev) == -1)
			return -1;
	}
	if (ical_end(&ic) == -1 || buf_failed(&out))
		return -1;
	m->ics = out.data;
	m->ics_method = method;
	return 0;
}

/* --- The bodies ------------------------------------------------------- */

/*
 * Each kind's words after its heading and first paragraph (struct
 * kind_rule): 0, 1 when nothing is true to say any more (the message
 * is dropped), -1 on error.
 */

/* The run's own words about what to bring, or a kind general line. */
static void
what_to_bring(struct doc *d, const struct event *e)
{
	doc_subheading(d, _("What to bring"));
	if (e->bring[0] != '\0')
		doc_para(d, e->bring);
	else
		doc_para(d, _("You do not need to bring anything. Some people "
		    "like to bring a drink, and something to write with. Come "
		    "as you are."));
}

/* A place (confirmed, promoted, resent): the sessions, the door code,
 * the links, and the calendar. */
static int
body_place(struct doc *d, struct db *db, struct event *e, struct mail_msg *m)
{
	(void)db;
	doc_subheading(d, e->n == 1 ? _("When and where") : _("When and where: "
	    "every session"));
	sessions_list(d, e->s, e->n, e->run_cancelled, e->online_details);
	if (e->bring[0] != '\0')
		what_to_bring(d, e);
	doc_subheading(d, _("At the door"));
	doc_para(d, i18n_say1(d->a, _("Show the QR code on your booking page, or "
	    "tell us your check-in code: {code}"), "code", e->code));
	doc_link(d, _("Your booking page has your QR code, the sessions and "
	    "a calendar file:"), _("Open your booking"), booking_url(e, d->a));
	/* The confirmation is also how an address's owner learns that
	 * someone booked with it: one kind way out for both. */
	doc_link(d, _("If you cannot come after all, please let us know, so "
	    "that someone on the waiting list can have your place. If you "
	    "did not book this (someone may have typed your email address by "
	    "mistake), you can cancel it here:"), _("Cancel this booking"),
	    cancel_url(e, d->a));
	sign_off(d, e);
	return calendar(d->a, e, 0, "REQUEST", m);
}

/* On the waiting list (at the row's position, if it says one): no door
 * code and no calendar. */
static int
body_waiting(struct doc *d, struct db *db, struct event *e,
    struct mail_msg *m)
{
	long long	 position = detail_num(d->a, e->detail, "position");

	(void)db;
	(void)m;
	if (position > 0)
		doc_para(d, i18n_say1(d->a, _("You are number {n} on the list."),
		    "n", arena_printf(d->a, "%lld", position)));
	doc_para(d, _("If a place comes up, it is yours straight away and we "
	    "will email you. You do not need to do anything until then."));
	doc_link(d, _("You can see where you are on the list here:"),
	    _("Open your booking"), booking_url(e, d->a));
	doc_link(d, _("If you no longer want a place, or did not ask for one "
	    "(someone may have typed your email address by mistake), you "
	    "can take your name off the list here:"),
	    _("Leave the waiting list"), cancel_url(e, d->a));
	sign_off(d, e);
	return 0;
}

/* Whether the event's booking was ever sent an invitation: 1, 0, -1. */
static int
was_invited(struct db *db, const struct event *e)
{
	struct db_stmt	*st;
	int		 rc = -1;

	if ((st = db_stmt(db, STMT_MAIL_WAS_INVITED)) == NULL)
		return -1;
	if (db_bind_int(st, 1, e->booking) == DB_OK &&
	    db_step(st) == DB_ROW)
		rc = (int)db_col_int(st, 0) != 0;
	db_reset(st);
	return rc;
}

/* Cancelled by the learner (or the office for them): a CANCEL goes to
 * the calendar if an invitation ever went. */
static int
body_cancelled(struct doc *d, struct db *db, struct event *e,
    struct mail_msg *m)
{
	int	 invited;

	doc_link(d, _("If this was a mistake, you are welcome to book again "
	    "while there are places:"), _("See the course"),
	    arena_printf(d->a, "%s/courses", e->base));
	sign_off(d, e);
	/* Someone who only ever waited has nothing in a calendar. */
	if ((invited = was_invited(db, e)) == -1)
		return -1;
	if (e->n == 0 || !invited)
		return 0;
	return calendar(d->a, e, 0, "CANCEL", m);
}

/* The college cancelled the whole run. */
static int
body_run_cancelled(struct doc *d, struct db *db, struct event *e,
    struct mail_msg *m)
{
	(void)db;
	doc_para(d, e->status == BOOKING_CONFIRMED ? _("Your place is "
	    "cancelled with it. You do not need to do anything.") :
	    _("The waiting list is closed with it. You do not need to do "
	    "anything."));
	doc_link(d, _("You are welcome to look at our other courses:"),
	    _("See our courses"), arena_printf(d->a, "%s/courses", e->base));
	sign_off(d, e);
	/* Only a place was ever sent to a calendar. */
	if (e->status != BOOKING_CONFIRMED || e->n == 0)
		return 0;
	return calendar(d->a, e, 0, "CANCEL", m);
}

/* What every message about one session ends with. */
static int
session_tail(struct doc *d, struct event *e, struct mail_msg *m,
    const char *method)
{
	doc_link(d, _("Your booking page shows every session as it is now:"),
	    _("Open your booking"), booking_url(e, d->a));
	if (e->status == BOOKING_CONFIRMED)
		doc_link(d, _("If you can no longer come, please let us know "
		    "here, so that someone on the waiting list can have your "
		    "place:"), _("Give up my place"), cancel_url(e, d->a));
	sign_off(d, e);
	if (e->status != BOOKING_CONFIRMED)
		return 0;
	return calendar(d->a, e, 1, method, m);
}

/* One session cancelled. */
static int
body_session_cancelled(struct doc *d, struct db *db, struct event *e,
    struct mail_msg *m)
{
	(void)db;
	if (e->n > 1)
		doc_para(d, _("The rest of the course goes ahead as planned."));
	return session_tail(d, e, m, "CANCEL");
}

/* One session moved: now, and before (the old time and place from the
 * row's detail). */
static int
body_session_moved(struct doc *d, struct db *db, struct event *e,
    struct mail_msg *m)
{
	struct arena	*a = d->a;
	struct db_stmt	*st;
	const char	*was_when, *was_where, *vname = "", *vaddr = "";
	time_t		 os, oe;
	long long	 ov;
	int		 online = 0, rc;

	os = (time_t)detail_num(a, e->detail, "old_start");
	oe = (time_t)detail_num(a, e->detail, "old_end");
	ov = detail_num(a, e->detail, "old_venue");
	if ((st = db_stmt(db, STMT_MAIL_VENUE)) == NULL)
		return -1;
	if (db_bind_int(st, 1, ov) != DB_OK) {
		db_reset(st);
		return -1;
	}
	if ((rc = db_step(st)) == DB_ROW) {
		vname = arena_strdup(a, db_col_text(st, 0));
		vaddr = arena_strdup(a, db_col_text(st, 1));
		online = (int)db_col_int(st, 2);
	}
	db_reset(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return -1;
	was_when = oe > os ? when_of(a, os, oe) : NULL;
	was_where = vname && vname[0] ? timetable_place(a, vname,
	    vaddr ? vaddr : "", online) : NULL;
	doc_list_begin(d);
	doc_item(d, i18n_say1(a, _("Now: {when}"), "when", when_of(a,
	    e->one.start, e->one.end)), timetable_place(a, e->one.venue,
	    e->one.address, e->one.online), NULL, NULL);
	if (was_when != NULL)
		doc_item(d, i18n_say1(a, _("Before: {when}"), "when", was_when),
		    was_where, NULL, NULL);
	doc_list_end(d);
	return session_tail(d, e, m, "REQUEST");
}

/* Before a session: where, when, what to bring, one link to give the
 * place up and one to stop reminders. */
static int
body_reminder(struct doc *d, struct db *db, struct event *e,
    struct mail_msg *m)
{
	struct arena	*a = d->a;
	char		 key[MAIL_RKEY_MAX + 1];

	/* Nothing true to say any more. */
	if (e->one.cancelled || e->one.start <= e->now || !e->reminders)
		return 1;
	if (mail_reminder_key(db, e->booking, key, sizeof(key)) == -1)
		return -1;
	m->unsubscribe = arena_printf(a, "%s/booking/%s/reminders", e->base,
	    key);
	sessions_list(d, &e->one, 1, 0, e->online_details);
	what_to_bring(d, e);
	doc_para(d, i18n_say1(a, _("At the door, show the QR code on your "
	    "booking page or tell us your check-in code: {code}"), "code",
	    e->code));
	doc_link(d, _("If you cannot come, please give your place up here, "
	    "so that someone on the waiting list can have it:"),
	    _("Give up my place"), cancel_url(e, a));
	doc_link(d, _("If you would rather not get these reminders, you can "
	    "stop them here:"), _("Stop reminders"), m->unsubscribe);
	sign_off(d, e);
	return m->unsubscribe != NULL ? 0 : -1;
}

/* "Lost your link?": the links to every upcoming live booking of
 * the address, or kind words when there are none. */
static int
body_lost(struct doc *d, struct db *db, struct event *e, struct mail_msg *m)
{
	struct arena	*a = d->a;
	struct db_stmt	*st;
	const char	*label, *more, *url;
	char		 tok[TOKEN_B32_LEN + 1];
	int		 step, n = 0, rc = 0;

	(void)m;
	if ((st = db_stmt(db, STMT_MAIL_LOST_BOOKINGS)) == NULL)
		return -1;
	if (db_bind_text(st, 1, e->rcpt) != DB_OK ||
	    db_bind_int(st, 2, (long long)e->now) != DB_OK) {
		db_reset(st);
		return -1;
	}
	while ((step = db_step(st)) == DB_ROW) {
		/* A booking whose link is gone (erased) is left out. */
		if ((rc = booking_manage_token(db, db_col_int(st, 0),
		    tok)) == 1)
			continue;
		if (rc == -1)
			break;
		if (n++ == 0) {
			doc_para(d, _("You asked us for the links to your "
			    "bookings. Here they are:"));
			doc_list_begin(d);
		}
		label = arena_strdup(a, db_col_text(st, 2));
		more = i18n_say1(a, strcmp(db_col_text(st, 3), "confirmed") == 0 ?
		    _("Your place is confirmed. Next session: {date}") :
		    _("You are on the waiting list. Next session: {date}"),
		    "date", date_of(a, (time_t)db_col_int(st, 4)));
		url = arena_printf(a, "%s/booking/%s", e->base, tok);
		if (label == NULL || more == NULL || url == NULL) {
			rc = -1;
			break;
		}
		doc_item_link(d, label, more, url);
	}
	db_reset(st);
	if (rc == -1 || step != DB_DONE)
		return -1;
	if (n > 0)
		doc_list_end(d);
	else {
		doc_para(d, _("You asked us for the links to your bookings, but "
		    "we could not find any bookings still to come for this "
		    "email address."));
		doc_para(d, _("If you booked with a different email address, "
		    "you are welcome to try again with that one. If you think "
		    "something is wrong, just reply to this email and we will "
		    "help."));
	}
	doc_para(d, _("If you did not ask for this, you can ignore this "
	    "email: nothing has changed."));
	doc_link(d, _("You can see all our courses here:"), _("See our "
	    "courses"), arena_printf(a, "%s/courses", e->base));
	farewell(d, e);
	return 0;
}

/* --- The kinds of message ------------------------------------------- */

/* The booking statuses a message is still true for. */
#define LIVE_CONFIRMED	0x1
#define LIVE_WAITING	0x2
#define LIVE_CANCELLED	0x4
#define LIVE_ANY	(LIVE_CONFIRMED | LIVE_WAITING | LIVE_CANCELLED)

/* What a kind needs before its words, and when it stays true. */
#define NEED_BOOKING	0x1	/* a learner not erased, and the link */
#define NEED_SESSIONS	0x2	/* every session of the run (e->s) */
#define NEED_SESSION	0x4	/* the row's own session (e->one) */
#define RUN_OFF_OK	0x8	/* still true once the run is cancelled */

/*
 * One row per kind of message: the words it opens with and what its
 * body needs. subject, heading and lead are messages of the catalogue
 * (English msgids) in which {title} is the course, {date} the day of
 * the row's session and {when} its day and times; lead is the first
 * paragraph, after the greeting (NULL: none). A new kind is a new row
 * and, when no body fits, a new body.
 */
struct kind_rule {
	unsigned	 live;		/* LIVE_* */
	unsigned	 needs;		/* NEED_* and RUN_OFF_OK */
	const char	*subject;
	const char	*heading;
	const char	*lead;
	int		(*body)(struct doc *, struct db *, struct event *,
			    struct mail_msg *);
};

#define PLACE		(NEED_BOOKING | NEED_SESSIONS)
#define ONE_SESSION	(NEED_BOOKING | NEED_SESSIONS | NEED_SESSION)

static const struct kind_rule rules[MAIL_KIND__MAX] = {
	[MAIL_CONFIRMED] = { LIVE_CONFIRMED, PLACE,
	    N_("Your place is confirmed: {title}"),
	    N_("Your place is confirmed"),
	    N_("Thank you for booking {title}. Your place is saved and we "
	    "look forward to meeting you."), body_place },
	[MAIL_PROMOTED] = { LIVE_CONFIRMED, PLACE,
	    N_("A place has come up for you: {title}"),
	    N_("Good news: a place has come up for you"),
	    N_("Someone has given up their place on {title}, and it is now "
	    "yours. You do not need to do anything else."), body_place },
	/* Resent to someone still waiting: the waiting list's words. */
	[MAIL_RESEND] = { LIVE_CONFIRMED | LIVE_WAITING, PLACE,
	    N_("Your booking: {title}"),
	    N_("Your booking, as you asked"),
	    N_("Here are the details of your place on {title} again."),
	    body_place },
	[MAIL_WAITLISTED] = { LIVE_WAITING, NEED_BOOKING,
	    N_("You are on the waiting list: {title}"),
	    N_("You are on the waiting list"),
	    N_("{title} is full at the moment, so we have put you on the "
	    "waiting list."), body_waiting },
	/* Booked again since: the new confirmation says what is true, and
	 * its calendar update must be the last. */
	[MAIL_CANCELLED] = { LIVE_CANCELLED, PLACE | RUN_OFF_OK,
	    N_("Your booking is cancelled: {title}"),
	    N_("Your booking is cancelled"),
	    N_("Your booking for {title} is now cancelled. You do not need "
	    "to do anything else."), body_cancelled },
	/* The learner had cancelled first: nothing more to say. */
	[MAIL_RUN_CANCELLED] = { LIVE_CONFIRMED | LIVE_WAITING,
	    PLACE | RUN_OFF_OK,
	    N_("We are sorry: {title} is cancelled"),
	    N_("We are sorry: this course is cancelled"),
	    N_("We have had to cancel {title}. We know this is "
	    "disappointing, and we are sorry."), body_run_cancelled },
	[MAIL_SESSION_MOVED] = { LIVE_CONFIRMED | LIVE_WAITING, ONE_SESSION,
	    N_("A session has changed: {title}"),
	    N_("A session has changed"),
	    N_("We have had to change a session of {title}. Please check the "
	    "new time and place."), body_session_moved },
	[MAIL_SESSION_CANCELLED] = { LIVE_CONFIRMED | LIVE_WAITING,
	    ONE_SESSION,
	    N_("A session is cancelled: {title}"),
	    N_("We are sorry: a session is cancelled"),
	    N_("We have had to cancel the session of {title} on {when}. "
	    "Please do not come in for it."), body_session_cancelled },
	[MAIL_REMINDER] = { LIVE_CONFIRMED, NEED_BOOKING | NEED_SESSION,
	    N_("See you soon: {title} on {date}"),
	    N_("See you soon at {title}"),
	    N_("This is a friendly reminder of your next session."),
	    body_reminder },
	/* To an address, about no one booking: the same for any address. */
	[MAIL_LOST] = { LIVE_ANY, RUN_OFF_OK,
	    N_("Your booking links"),
	    N_("Your booking links"),
	    NULL, body_lost },
};

/* pattern (a msgid of a rule) in the current language, with the
 * event's {title}, {date} and {when}; NULL when out of memory. */
static const char *
words_of(struct arena *a, const struct event *e, const char *pattern)
{
	const char	*names[] = { "title", "date", "when" };
	const char	*values[3];
	int		 one = e->one.id != 0;

	values[0] = e->title;
	values[1] = one ? date_of(a, e->one.start) : "";
	values[2] = one ? when_of(a, e->one.start, e->one.end) : "";
	if (values[1] == NULL || values[2] == NULL)
		return NULL;
	return i18n_say(a, _(pattern), names, values, 3);
}

/* The status bit of e for a rule's live. */
static unsigned
live_of(const struct event *e)
{
	return e->status == BOOKING_CONFIRMED ? LIVE_CONFIRMED :
	    e->status == BOOKING_WAITLISTED ? LIVE_WAITING : LIVE_CANCELLED;
}

/* Read outbox row id into e: 0, 1 if there is none, -1. */
static int
event_read(struct db *db, struct arena *a, long long id, struct event *e)
{
	struct db_stmt	*st;
	const char	*status;
	int		 step, rc = 0;

	if ((st = db_stmt(db, STMT_MAIL_ROW)) == NULL)
		return -1;
	if (db_bind_int(st, 1, id) != DB_OK) {
		db_reset(st);
		return -1;
	}
	if ((step = db_step(st)) != DB_ROW) {
		db_reset(st);
		return step == DB_DONE ? 1 : -1;
	}
	e->kind = outbox_kind_of(db_col_text(st, 0));
	e->booking = db_col_int(st, 1);
	e->session = db_col_int(st, 2);
	e->rcpt = arena_strdup(a, db_col_text(st, 3));
	e->detail = arena_strdup(a, db_col_text(st, 4));
	status = db_col_text(st, 5);
	e->status = strcmp(status, "confirmed") == 0 ? BOOKING_CONFIRMED :
	    strcmp(status, "waitlisted") == 0 ? BOOKING_WAITLISTED :
	    BOOKING_CANCELLED;
	e->run = db_col_int(st, 6);
	e->code = arena_strdup(a, db_col_text(st, 8));
	e->bseq = db_col_int(st, 9);
	e->erased = !db_col_null(st, 10) &&
	    (int)db_col_int(st, 10) != 0;
	e->reminders = (int)db_col_int(st, 11) != 0;
	e->title = arena_strdup(a, db_col_text(st, 12));
	e->run_cancelled = strcmp(db_col_text(st, 13), "cancelled") == 0;
	e->online_details = arena_strdup(a, db_col_text(st, 14));
	e->bring = arena_strdup(a, db_col_text(st, 15));
	if (e->rcpt == NULL || e->detail == NULL || e->code == NULL ||
	    e->title == NULL || e->online_details == NULL || e->bring == NULL)
		rc = -1;
	db_reset(st);
	return rc;
}

/* The booking link's token of e (booking.h: unsealed from the database
 * under the key file). 0, 1 if it has none any more (erased), -1. */
static int
event_token(struct db *db, struct arena *a, struct event *e)
{
	char	 tok[TOKEN_B32_LEN + 1];
	int	 rc;

	if ((rc = booking_manage_token(db, e->booking, tok)) != 0)
		return rc;
	return (e->token = arena_strdup(a, tok)) != NULL ? 0 : -1;
}

static enum mail_compose_result compose(struct db *, struct arena *,
		    long long, const char *, time_t, struct mail_msg *);

/*
 * Every message is written in the language of its outbox row: the
 * booking's (the language it was made in; the college's default
 * language when that is not known), or for "lost your link?" the
 * page's it was asked from.
 */
enum mail_compose_result
mail_compose(struct db *db, struct arena *a, long long id,
    const char *base_url, time_t now, struct mail_msg *out)
{
	enum mail_compose_result	 rc;
	enum mail_kind			 kind;
	char				 was[I18N_TAG_MAX + 1];
	const char			*lang = NULL;

	if (lang_outbox(db, a, id, &kind, &lang) == -1)
		return MAIL_COMPOSE_ERROR;
	/* The process's language (a web request's) is put back after. */
	lang_use_learner(db, a, lang, was);
	rc = compose(db, a, id, base_url, now, out);
	(void)i18n_use(was);
	return rc;
}

static enum mail_compose_result
compose(struct db *db, struct arena *a, long long id,
    const char *base_url, time_t now, struct mail_msg *out)
{
	const struct kind_rule	*r;
	struct event		 e;
	struct doc		 d;
	const char		*name, *reply, *heading, *lead = NULL;
	int			 rc;

	memset(out, 0, sizeof(*out));
	memset(&e, 0, sizeof(e));
	if (base_url == NULL || (e.host = college_url_host(a, base_url)) == NULL)
		return MAIL_COMPOSE_ERROR;
	e.base = base_url;
	e.now = now;
	if ((rc = event_read(db, a, id, &e)) == 1)
		return MAIL_COMPOSE_DROP;
	if (rc == -1 || e.kind >= MAIL_KIND__MAX ||
	    mail_sender(db, a, &name, &e.from, &reply) == -1)
		return MAIL_COMPOSE_ERROR;
	e.college = name;
	if ((r = &rules[e.kind])->body == NULL)
		return MAIL_COMPOSE_ERROR;
	/* An erased learner (or a blanked row) is told nothing more, and
	 * nothing that is no longer true is said. */
	if (e.rcpt[0] == '\0' || ((r->needs & NEED_BOOKING) &&
	    (e.booking == 0 || e.erased)) || !(r->live & live_of(&e)) ||
	    (!(r->needs & RUN_OFF_OK) && e.run_cancelled))
		return MAIL_COMPOSE_DROP;
	if (e.kind == MAIL_RESEND && e.status == BOOKING_WAITLISTED)
		r = &rules[MAIL_WAITLISTED];
	if ((r->needs & NEED_BOOKING) && (rc = event_token(db, a, &e)) != 0)
		return rc == 1 ? MAIL_COMPOSE_DROP : MAIL_COMPOSE_ERROR;
	if ((r->needs & NEED_SESSIONS) &&
	    timetable_of_run(db, a, e.run, &e.s, &e.n) == -1)
		return MAIL_COMPOSE_ERROR;
	if ((r->needs & NEED_SESSION) &&
	    (rc = timetable_one(db, a, e.session, &e.one)) != 0)
		return rc == 1 ? MAIL_COMPOSE_DROP : MAIL_COMPOSE_ERROR;
	if ((out->subject = words_of(a, &e, r->subject)) == NULL ||
	    (heading = words_of(a, &e, r->heading)) == NULL ||
	    (r->lead != NULL && (lead = words_of(a, &e, r->lead)) == NULL))
		return MAIL_COMPOSE_ERROR;
	doc_init(&d, a);
	doc_heading(&d, heading);
	if (lead != NULL)
		doc_para(&d, lead);
	if ((rc = r->body(&d, db, &e, out)) == 1)
		return MAIL_COMPOSE_DROP;
	if (rc != 0 || buf_failed(&d.text))
		return MAIL_COMPOSE_ERROR;
	out->to = e.rcpt;
	out->text = d.text.data;
	out->lang = arena_strdup(a, i18n_current());
	if (out->lang == NULL ||
	    (out->html = html_document(&d, out->subject)) == NULL)
		return MAIL_COMPOSE_ERROR;
	return MAIL_COMPOSE_OK;
}

int
mail_sender(struct db *db, struct arena *a, const char **name,
    const char **from, const char **reply_to)
{
	const char	*base, *host, *f, *r;

	*name = college_setting(db, a, "college_name", "Recovery College");
	f = college_setting(db, a, "mail_from", "");
	if (f == NULL || f[0] == '\0') {
		base = getenv("TESSERA_BASE_URL");
		host = college_url_host(a, base);
		f = arena_printf(a, "noreply@%s", host ? host : "localhost");
	}
	r = college_setting(db, a, "contact_email", "");
	*from = f;
	*reply_to = r != NULL && r[0] != '\0' ? r : NULL;
	return *name != NULL && f != NULL ? 0 : -1;
}

/* --- Reminders ------------------------------------------------------ */

int
mail_queue_reminders(struct db *db, time_t now)
{
	struct arena	*a;
	struct db_stmt	*st, *mk;
	long long	 hours, (*due)[2] = NULL, (*nd)[2];
	size_t		 n = 0, cap = 0, i;
	const char	*h;
	char		*end;
	int		 step, rc = 0;

	if ((a = arena_new()) == NULL)
		return -1;
	h = college_setting(db, a, "reminder_hours", "48");
	hours = strtoll(h ? h : "", &end, 10);
	if (h == NULL || *end != '\0' || hours < 0 ||
	    hours > MAIL_REMINDER_HOURS_MAX)
		hours = MAIL_REMINDER_HOURS;
	if (hours == 0) {
		arena_free(a);
		return 0;
	}
	if (db_begin(db) != DB_OK) {
		arena_free(a);
		return -1;
	}
	if ((st = db_stmt(db, STMT_MAIL_REMINDERS_DUE)) == NULL ||
	    db_bind_int(st, 1, (long long)now) != DB_OK ||
	    db_bind_int(st, 2, hours * 3600) != DB_OK)
		rc = -1;
	while (rc == 0 && (step = db_step(st)) == DB_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			if ((nd = arena_calloc(a, cap, sizeof(*nd))) == NULL) {
				rc = -1;
				break;
			}
			if (n > 0)
				memcpy(nd, due, n * sizeof(*due));
			due = nd;
		}
		due[n][0] = db_col_int(st, 0);
		due[n][1] = db_col_int(st, 1);
		n++;
	}
	if (rc == 0 && step != DB_DONE)
		rc = -1;
	if (st != NULL)
		db_reset(st);
	for (i = 0; rc == 0 && i < n; i++) {
		if ((mk = db_stmt(db, STMT_MAIL_REMINDER_MARK)) == NULL ||
		    db_bind_int(mk, 1, due[i][0]) != DB_OK ||
		    db_bind_int(mk, 2, due[i][1]) != DB_OK ||
		    db_bind_int(mk, 3, (long long)now) != DB_OK ||
		    db_step(mk) != DB_DONE)
			rc = -1;
		if (mk != NULL)
			db_reset(mk);
		if (rc == 0 && outbox_add(db, MAIL_REMINDER, due[i][0],
		    due[i][1], NULL, now) == -1)
			rc = -1;
	}
	arena_free(a);
	if (rc == -1) {
		db_rollback(db);
		return -1;
	}
	if (db_commit(db) != DB_OK)
		return -1;
	return (int)n;
}

/* --- Events the office makes ---------------------------------------- */

int
mail_queue_run(struct db *db, enum mail_kind kind, long long run,
    long long session, const char *detail, time_t now)
{
	struct db_stmt	*st;
	long long	*ids = NULL, *nids;
	size_t		 n = 0, cap = 0, i;
	int		 step, rc = 0;

	if ((st = db_stmt(db, STMT_MAIL_RUN_BOOKINGS)) == NULL)
		return -1;
	if (db_bind_int(st, 1, run) != DB_OK) {
		db_reset(st);
		return -1;
	}
	/* Read them all first (into memory of this call, freed below):
	 * outbox_add steps statements of its own. */
	while ((step = db_step(st)) == DB_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			if ((nids = realloc(ids, cap * sizeof(*ids))) == NULL) {
				rc = -1;
				break;
			}
			ids = nids;
		}
		ids[n++] = db_col_int(st, 0);
	}
	if (rc == 0 && step != DB_DONE)
		rc = -1;
	db_reset(st);
	for (i = 0; rc == 0 && i < n; i++)
		rc = outbox_add(db, kind, ids[i], session, detail, now);
	free(ids);
	return rc == 0 ? (int)n : -1;
}

/* --- Stop reminders ------------------------------------------------- */

/*
 * The key of the stop-reminders links and of the lost-link limits'
 * hashes: derived from the booking links' sealing key (booking.h), so it
 * lives in the key file beside the database and not in it. A copy of
 * the database alone can then neither make a stop link nor test an
 * address against the limits' hashes; and the link needs no booking
 * token, so it opens nothing else. 0 or -1.
 */
static int
mail_key(struct db *db, unsigned char key[KEY_BYTES])
{
	return booking_subkey(db, MAIL_KEY_PURPOSE, key);
}

/* HMAC-SHA-256 under the mail key of "purpose:" and what, cut to n
 * bytes (at most 32). 0 or -1. */
static int
mail_mac(struct db *db, const char *purpose, const char *what,
    unsigned char *out, size_t n)
{
	unsigned char				 key[KEY_BYTES];
	unsigned char				 mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state		 hs;

	if (n > sizeof(mac) || sodium_init() < 0 || mail_key(db, key) == -1)
		return -1;
	crypto_auth_hmacsha256_init(&hs, key, sizeof(key));
	crypto_auth_hmacsha256_update(&hs, (const unsigned char *)purpose,
	    strlen(purpose));
	crypto_auth_hmacsha256_update(&hs, (const unsigned char *)":", 1);
	crypto_auth_hmacsha256_update(&hs, (const unsigned char *)what,
	    strlen(what));
	crypto_auth_hmacsha256_final(&hs, mac);
	memcpy(out, mac, n);
	sodium_memzero(key, sizeof(key));
	return 0;
}

int
mail_reminder_key(struct db *db, long long booking, char *out, size_t outsz)
{
	unsigned char	 mac[MAC_BYTES];
	char		 id[24], b32[TOKEN_B32_LEN + 8];
	int		 n;

	if (booking <= 0)
		return -1;
	snprintf(id, sizeof(id), "%lld", booking);
	if (mail_mac(db, "reminders", id, mac, sizeof(mac)) == -1 ||
	    base32_encode(mac, sizeof(mac), b32, sizeof(b32)) == 0)
		return -1;
	n = snprintf(out, outsz, "%s-%s", id, b32);
	return n > 0 && (size_t)n < outsz ? 0 : -1;
}

long long
mail_reminder_booking(struct db *db, const char *key)
{
	char		 want[MAIL_RKEY_MAX + 1], *end;
	long long	 id;

	if (key == NULL || strlen(key) > MAIL_RKEY_MAX ||
	    key[0] < '1' || key[0] > '9')
		return 0;
	id = strtoll(key, &end, 10);
	if (*end != '-' || id <= 0)
		return 0;
	if (mail_reminder_key(db, id, want, sizeof(want)) == -1)
		return -1;
	return ct_streq(want, key) ? id : 0;
}

int
mail_reminders_set(struct db *db, long long booking, int on)
{
	struct db_stmt	*st;
	char		 detail[40];
	int		 rc;

	snprintf(detail, sizeof(detail), "booking %lld", booking);
	if (db_begin(db) != DB_OK)
		return -1;
	if ((st = db_stmt(db, STMT_MAIL_REMINDERS_SET)) == NULL ||
	    db_bind_int(st, 1, booking) != DB_OK ||
	    db_bind_int(st, 2, on ? 1 : 0) != DB_OK) {
		if (st != NULL)
			db_reset(st);
		db_rollback(db);
		return -1;
	}
	rc = db_step(st) == DB_DONE ? 0 : -1;
	db_reset(st);
	if (rc == 0 && db_changes(db) == 0)
		rc = 1;
	if (rc == 0 && college_audit(db, 0, on ? "mail.reminders_on" :
	    "mail.reminders_off", detail) == -1)
		rc = -1;
	if (rc == -1) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db) != DB_OK ? -1 : rc;
}

int
mail_reminders_get(struct db *db, struct arena *a, long long booking,
    int *on, const char **title)
{
	struct db_stmt	*st;
	int		 step, rc = 1;

	if ((st = db_stmt(db, STMT_MAIL_REMINDERS_GET)) == NULL)
		return -1;
	if (db_bind_int(st, 1, booking) != DB_OK) {
		db_reset(st);
		return -1;
	}
	if ((step = db_step(st)) == DB_ROW) {
		*on = (int)db_col_int(st, 0) != 0;
		*title = arena_strdup(a, db_col_text(st, 1));
		rc = *title != NULL ? 0 : -1;
	} else if (step != DB_DONE)
		rc = -1;
	db_reset(st);
	return rc;
}

/* --- Lost your link? ------------------------------------------------ */

/* "kind:" and a keyed hash of what into out (at most 64 bytes). */
static int
lost_key(struct db *db, const char *kind, const char *what, char *out,
    size_t outsz)
{
	unsigned char	 mac[MAC_BYTES];
	char		 hex[MAC_BYTES * 2 + 1];
	int		 n;

	if (mail_mac(db, "lost", what, mac, sizeof(mac)) == -1)
		return -1;
	sodium_bin2hex(hex, sizeof(hex), mac, sizeof(mac));
	n = snprintf(out, outsz, "%s:%s", kind, hex);
	return n > 0 && (size_t)n < outsz ? 0 : -1;
}

/* Requests under key since since; -1 on error. */
static long long
lost_count(struct db *db, const char *key, time_t since)
{
	struct db_stmt	*st;
	long long	 n = -1;

	if ((st = db_stmt(db, STMT_MAIL_LOST_COUNT)) == NULL)
		return -1;
	if (db_bind_text(st, 1, key) == DB_OK &&
	    db_bind_int(st, 2, (long long)since) == DB_OK &&
	    db_step(st) == DB_ROW)
		n = db_col_int(st, 0);
	db_reset(st);
	return n;
}

/* Record one request under key at now. 0 or -1. */
static int
lost_note(struct db *db, const char *key, time_t now)
{
	struct db_stmt	*st;
	int		 rc = -1;

	if ((st = db_stmt(db, STMT_MAIL_LOST_ADD)) == NULL)
		return -1;
	if (db_bind_text(st, 1, key) == DB_OK &&
	    db_bind_int(st, 2, (long long)now) == DB_OK &&
	    db_step(st) == DB_DONE)
		rc = 0;
	db_reset(st);
	return rc;
}

enum mail_lost_result
mail_lost_request(struct db *db, const char *email, const char *client,
    const char *lang, time_t now)
{
	struct db_stmt		*st;
	char			 ak[80], ck[80];
	long long		 na, nc;
	time_t			 since = now - MAIL_LOST_WINDOW;
	char			 who[BOOKING_HASH_HEX + 1];
	enum mail_lost_result	 r = MAIL_LOST_QUEUED;

	/* One owner for how a client is counted: booking.c's cap. */
	if (booking_client_key(client, who) == -1)
		return MAIL_LOST_ERROR;
	if (email == NULL ||
	    lost_key(db, "addr", email, ak, sizeof(ak)) == -1 ||
	    lost_key(db, "client", who[0] ? who : "unknown", ck,
	    sizeof(ck)) == -1)
		return MAIL_LOST_ERROR;
	if (db_begin(db) != DB_OK)
		return MAIL_LOST_ERROR;
	if ((st = db_stmt(db, STMT_MAIL_LOST_PRUNE)) == NULL ||
	    db_bind_int(st, 1, (long long)since) != DB_OK ||
	    db_step(st) != DB_DONE) {
		if (st != NULL)
			db_reset(st);
		db_rollback(db);
		return MAIL_LOST_ERROR;
	}
	db_reset(st);
	if ((nc = lost_count(db, ck, since)) == -1 ||
	    (na = lost_count(db, ak, since)) == -1) {
		db_rollback(db);
		return MAIL_LOST_ERROR;
	}
	if (nc >= MAIL_LOST_CLIENT_MAX) {
		db_rollback(db);
		return MAIL_LOST_CLIENT_LIMIT;
	}
	/* Every well-formed address is queued the same way, known or not:
	 * mail_compose() decides what the message says. */
	if (lost_note(db, ck, now) == -1 ||
	    (na < MAIL_LOST_ADDR_MAX && (lost_note(db, ak, now) == -1 ||
	    outbox_add_to(db, MAIL_LOST, email, lang, NULL, now) == -1))) {
		db_rollback(db);
		return MAIL_LOST_ERROR;
	}
	if (na >= MAIL_LOST_ADDR_MAX)
		r = MAIL_LOST_ADDR_LIMIT;
	return db_commit(db) != DB_OK ? MAIL_LOST_ERROR : r;
}

/* --- The office's view ---------------------------------------------- */

/* A kind's word for the office ("Reminder"), in the reader's language. */
static const char *
kind_text(const char *word)
{
	static const char *const texts[MAIL_KIND__MAX] = {
		[MAIL_CONFIRMED] = N_("Place confirmed"),
		[MAIL_WAITLISTED] = N_("On the waiting list"),
		[MAIL_PROMOTED] = N_("Place from the waiting list"),
		[MAIL_CANCELLED] = N_("Booking cancelled"),
		[MAIL_RUN_CANCELLED] = N_("Course cancelled"),
		[MAIL_SESSION_MOVED] = N_("Session changed"),
		[MAIL_SESSION_CANCELLED] = N_("Session cancelled"),
		[MAIL_REMINDER] = N_("Reminder"),
		[MAIL_LOST] = N_("Booking links asked for"),
		[MAIL_RESEND] = N_("Booking resent by the office"),
	};
	enum mail_kind	 k = outbox_kind_of(word);

	return k < MAIL_KIND__MAX ? _(texts[k]) : word;
}

/* "Tuesday 3 December 2026 at 10:00" */
static const char *
stamp_of(struct arena *a, time_t t)
{
	static const char *const names[] = { "date", "time" };
	const char	*values[2];
	char		 d[WHEN_BUF], h[WHEN_BUF];

	if (when_date(d, sizeof(d), t) == NULL ||
	    when_time(h, sizeof(h), t) == NULL)
		return NULL;
	values[0] = d;
	values[1] = h;
	/* TRANSLATORS: "Tuesday 3 December 2026 at 10:00". */
	return i18n_say(a, _("{date} at {time}"), names, values, 2);
}

int
mail_learner_view(struct db *db, long long learner, struct view *v)
{
	struct db_stmt	*st;
	struct view	*row;
	struct arena	*a = view_arena(v);
	const char	*state;
	int		 step = DB_DONE, rc, n = 0;

	if ((st = db_stmt(db, STMT_MAIL_LEARNER_SENT)) == NULL)
		return -1;
	if (db_bind_int(st, 1, learner) != DB_OK ||
	    db_bind_int(st, 2, MAIL_SENT_LIST_MAX) != DB_OK) {
		db_reset(st);
		return -1;
	}
	rc = view_loop(v, "mail");
	while (rc == 0 && (step = db_step(st)) == DB_ROW) {
		state = db_col_text(st, 2);
		if ((row = view_row(v, "mail")) == NULL) {
			rc = -1;
			break;
		}
		rc |= view_set(row, "kind_text", kind_text(db_col_text(st, 0)));
		rc |= view_set(row, "course", db_col_text(st, 6));
		rc |= view_set(row, "when", stamp_of(a,
		    (time_t)db_col_int(st, 1)));
		rc |= view_set(row, "state", state);
		rc |= view_set_bool(row, "queued", strcmp(state, "queued") == 0);
		rc |= view_set_bool(row, "sent", strcmp(state, "sent") == 0);
		rc |= view_set_bool(row, "failed", strcmp(state, "failed") == 0);
		/* sql/007: nothing left to send, so nothing was sent. */
		rc |= view_set_bool(row, "dropped", strcmp(state, "dropped") == 0);
		rc |= view_set(row, "sent_when", db_col_null(st, 3) ? "" : stamp_of(a,
		    (time_t)db_col_int(st, 3)));
		rc |= view_set(row, "reply", strcmp(state, "failed") == 0 ?
		    db_col_text(st, 5) : "");
		n++;
	}
	if (rc == 0 && step != DB_DONE)
		rc = -1;
	db_reset(st);
	return rc == 0 ? view_set_bool(v, "has_mail", n > 0) : -1;
}

int
mail_unreachable_view(struct db *db, struct view *v)
{
	struct db_stmt	*st;
	struct view	*row;
	int		 step = DB_DONE, rc, n = 0;

	if ((st = db_stmt(db, STMT_MAIL_UNREACHABLE)) == NULL)
		return -1;
	if (db_bind_int(st, 1, MAIL_UNREACHABLE_MAX) != DB_OK) {
		db_reset(st);
		return -1;
	}
	rc = view_loop(v, "unreachable");
	while (rc == 0 && (step = db_step(st)) == DB_ROW) {
		if ((row = view_row(v, "unreachable")) == NULL) {
			rc = -1;
			break;
		}
		rc |= view_set_int(row, "id", db_col_int(st, 0));
		rc |= view_set(row, "name", db_col_text(st, 1));
		rc |= view_set(row, "when", stamp_of(view_arena(v),
		    (time_t)db_col_int(st, 2)));
		n++;
	}
	if (rc == 0 && step != DB_DONE)
		rc = -1;
	db_reset(st);
	return rc == 0 ? view_set_int(v, "unreachable_count", n) : -1;
}

int
mail_resend(struct db *db, long long by, long long learner, long long booking,
    time_t now)
{
	struct db_stmt	*st;
	char		 detail[40];
	int		 step, found = 0, live = 0;

	if (db_begin(db) != DB_OK)
		return -1;
	if ((st = db_stmt(db, STMT_MAIL_BOOKING_OF)) == NULL ||
	    db_bind_int(st, 1, booking) != DB_OK) {
		if (st != NULL)
			db_reset(st);
		db_rollback(db);
		return -1;
	}
	if ((step = db_step(st)) == DB_ROW) {
		found = (learner == 0 ||
		    db_col_int(st, 0) == learner) &&
		    (int)db_col_int(st, 1) == 0;
		live = (int)db_col_int(st, 2) != 0;
	}
	db_reset(st);
	if (step != DB_ROW && step != DB_DONE) {
		db_rollback(db);
		return -1;
	}
	if (!found || !live) {
		db_rollback(db);
		return !found ? OUTCOME_NOT_FOUND : MAIL_RESEND_CANCELLED;
	}
	snprintf(detail, sizeof(detail), "booking %lld", booking);
	if (outbox_add(db, MAIL_RESEND, booking, 0, NULL, now) == -1 ||
	    college_audit(db, by, "mail.resend", detail) == -1) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db) != DB_OK ? -1 : 0;
}

/* --- What to bring -------------------------------------------------- */

int
mail_bring_get(struct db *db, struct arena *a, long long run,
    const char **text)
{
	struct db_stmt	*st;
	int		 step, rc = 1;

	if ((st = db_stmt(db, STMT_MAIL_BRING_GET)) == NULL)
		return -1;
	if (db_bind_int(st, 1, run) != DB_OK) {
		db_reset(st);
		return -1;
	}
	if ((step = db_step(st)) == DB_ROW)
		rc = (*text = arena_strdup(a, db_col_text(st, 0))) != NULL ?
		    0 : -1;
	else if (step != DB_DONE)
		rc = -1;
	db_reset(st);
	return rc;
}

int
mail_bring_set(struct db *db, long long by, long long run, const char *text)
{
	struct db_stmt	*st;
	char		 detail[40];
	int		 rc;

	snprintf(detail, sizeof(detail), "run %lld", run);
	if (db_begin(db) != DB_OK)
		return -1;
	if ((st = db_stmt(db, STMT_MAIL_BRING_SET)) == NULL ||
	    db_bind_int(st, 1, run) != DB_OK ||
	    db_bind_text(st, 2, text ? text : "") !=
	    DB_OK) {
		if (st != NULL)
			db_reset(st);
		db_rollback(db);
		return -1;
	}
	rc = db_step(st) == DB_DONE ? 0 : -1;
	db_reset(st);
	if (rc == 0 && db_changes(db) == 0)
		rc = 1;
	if (rc == 0 && college_audit(db, by, "run.bring", detail) == -1)
		rc = -1;
	if (rc != 0) {
		db_rollback(db);
		return rc;
	}
	return db_commit(db) != DB_OK ? -1 : 0;
}
