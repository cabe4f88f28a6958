/*
 * mime.h: one mail message as the bytes a mail server is given.
 *
 * mime_write() writes RFC 5322 headers and a MIME body (RFC 2045-2049):
 * multipart/alternative of text/plain then text/html, both UTF-8 and
 * quoted-printable; with a calendar, that is wrapped in multipart/mixed
 * beside a text/calendar part with its METHOD (RFC 6047) named as a
 * .ics attachment. Headers: Date, Message-ID, From, Reply-To, To,
 * Subject, MIME-Version, Auto-Submitted (RFC 3834), Content-Language
 * (RFC 3282) when the language is given and, with an unsubscribe URL, List-Unsubscribe and List-Unsubscribe-Post (RFC
 * 8058).
 *
 * Promises: CRLF line ends and no bare CR or LF; header lines within
 * MIME_HEADER_LINE (RFC 5322 2.1.1's 78) except where one address, URL
 * or Message-ID alone is longer; body lines within MIME_QP_LINE (RFC
 * 2045 6.7); non-ASCII subjects and display names as RFC 2047 "B"
 * encoded-words of whole UTF-8 characters; boundaries contain "=_",
 * which quoted-printable output never does, so no part can end one.
 *
 * The kit knows nothing of who sends what: the caller gives the words.
 */
#ifndef KIT_MIME_H
#define KIT_MIME_H

#include <stddef.h>
#include <time.h>

struct buf;

#define MIME_HEADER_LINE	78	/* characters before CRLF (RFC 5322) */
#define MIME_QP_LINE		76	/* quoted-printable line (RFC 2045) */
#define MIME_LINE_MAX		998	/* any line at all (RFC 5322) */
#define MIME_ADDR_MAX		254	/* an address (RFC 5321 path limit) */
#define MIME_NAME_MAX		256	/* bytes of a display name */
#define MIME_SUBJECT_MAX	512	/* bytes of a subject */
#define MIME_URL_MAX		900	/* bytes of the unsubscribe URL */
#define MIME_ID_MAX		200	/* bytes of a Message-ID's id@host */

struct mime_msg {
	const char	*from_name;	/* display name, UTF-8; NULL: none */
	const char	*from;		/* address */
	const char	*reply_to;	/* address, or NULL */
	const char	*to;		/* address */
	const char	*subject;	/* UTF-8 */
	time_t		 date;
	const char	*msgid;		/* local part of the Message-ID */
	const char	*host;		/* its right-hand side */
	const char	*text;		/* UTF-8, "\n" or "\r\n" line ends */
	const char	*html;		/* UTF-8, a whole document */
	const char	*ics;		/* NULL, or an iCalendar object */
	const char	*ics_method;	/* with ics: "REQUEST", "CANCEL", ... */
	const char	*ics_name;	/* attachment name; NULL: "invite.ics" */
	const char	*unsubscribe;	/* NULL, or the one-click https URL */
	const char	*lang;		/* NULL, or the language tag of the
					 * words (Content-Language, RFC 3282) */
};

/*
 * Append the message m to out. Returns 0, or -1 (out then holds a part
 * of it) when a field is missing, too long, not valid UTF-8, holds CR,
 * LF or NUL where a header is made of it, is not a plain address or
 * token where one is needed, or the buf failed.
 */
int	mime_write(struct buf *out, const struct mime_msg *m);

/*
 * Append s as quoted-printable (RFC 2045 6.7): line ends ("\n" or
 * "\r\n") become CRLF hard breaks, lines are cut with soft breaks so
 * none passes MIME_QP_LINE, and "=", controls, bytes past 0x7e and a
 * space or tab before a line end are encoded. Ends with CRLF. 0 or -1.
 */
int	mime_qp(struct buf *out, const char *s);

#endif
