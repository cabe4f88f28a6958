/*
 * ical.h: writing iCalendar (RFC 5545).
 *
 * Lines end in CRLF and are folded at 75 octets, never inside a UTF-8
 * sequence (3.1); TEXT values escape backslash, semicolon, comma and
 * newline (3.3.11). Times are written in UTC ("Z" form, 3.3.5), which
 * every calendar shows in the reader's own zone; X-WR-TIMEZONE names the
 * college's zone for display.
 */
#ifndef KIT_ICAL_H
#define KIT_ICAL_H

#include <stddef.h>
#include <time.h>

struct sink;

struct ical {
	const struct sink	*sink;
	int			 failed;
};

struct ical_event {
	const char	*uid;		/* unique and stable, e.g. "s12-b34@host" */
	time_t		 start, end;	/* UTC */
	time_t		 stamp;		/* DTSTAMP */
	const char	*summary;
	const char	*location;	/* may be NULL */
	const char	*description;	/* may be NULL */
	const char	*url;		/* may be NULL */
	int		 cancelled;	/* STATUS:CANCELLED */
	long long	 sequence;	/* SEQUENCE (5.2.4), written when > 0 */
	/* For invitations (RFC 5546): "mailto:" addresses, or NULL. */
	const char	*organizer;	/* ORGANIZER */
	const char	*attendee;	/* ATTENDEE */
};

/* BEGIN:VCALENDAR with VERSION, PRODID, CALSCALE, METHOD:PUBLISH and
 * X-WR-CALNAME/X-WR-TIMEZONE (tz may be NULL). */
int	ical_begin(struct ical *, const struct sink *, const char *calname,
	    const char *tz);
/* The same with another iTIP method (RFC 5546, 1.4): "REQUEST" for an
 * invitation or its update, "CANCEL" for events that are gone. */
int	ical_begin_method(struct ical *, const struct sink *,
	    const char *calname, const char *tz, const char *method);
int	ical_event(struct ical *, const struct ical_event *);
int	ical_end(struct ical *);
/* Write one content line "name:value" with value escaped as TEXT and the
 * line folded; for tests and extra properties. */
int	ical_text_line(struct ical *, const char *name, const char *value);

#endif
