/*
 * transport.h: handing finished message bytes (kit/mime.h) to the next
 * hop, and saying what became of them.
 *
 * Three ways, chosen by a URL-like setting:
 *   smtp://host:port   SMTP with libcurl, STARTTLS when the server
 *                      offers it and required when there is a password
 *                      (a password never crosses in the clear)
 *   smtps://host:port  SMTP over TLS from the first byte
 *   sendmail           `sendmail -t -oi` (the local MTA), no shell
 *   NULL or ""         a Maildir (tmp/, new/, cur/): written to tmp/,
 *                      fsync'd, renamed into new/, the Maildir way
 *
 * One struct transport serves a whole run: for SMTP it keeps one curl
 * easy handle, so the connection stays open between messages.
 *
 * Each attempt ends sent, temporary (try again later: a 4xx reply,
 * connection refused, a timeout, a connection dropped mid-DATA, a TLS
 * or log-in problem, which is the sender's to fix and not the
 * recipient's fault) or permanent (a 5xx reply to the message; for
 * sendmail any exit but EX_TEMPFAIL). The reply is the server's last
 * line, trimmed to printable ASCII, for the office to read: it never
 * holds the message or a password.
 */
#ifndef KIT_TRANSPORT_H
#define KIT_TRANSPORT_H

#include <signal.h>
#include <stddef.h>

#define TRANSPORT_CONNECT_TIMEOUT 10	/* seconds to connect to a server */
#define TRANSPORT_TIMEOUT	60	/* seconds for one whole message */
#define TRANSPORT_REPLY_MAX	200	/* bytes of a reply kept */
#define TRANSPORT_ADDR_MAX	254	/* an envelope address (RFC 5321) */
#define TRANSPORT_SENDMAIL_TEMPFAIL 75	/* EX_TEMPFAIL, sysexits.h */

enum transport_result {
	TRANSPORT_SENT,
	TRANSPORT_TEMPORARY,
	TRANSPORT_PERMANENT
};

struct transport_conf {
	const char	*url;		/* as above */
	const char	*user;		/* NULL: no AUTH */
	const char	*password;	/* with user */
	const char	*maildir;	/* with no url: the Maildir's folder */
	const char	*ca_file;	/* NULL, or the CAs to trust for TLS
					 * instead of the system's */
	long		 timeout;	/* seconds; 0: TRANSPORT_TIMEOUT */
	/* NULL, or set (by a signal handler) to cut a slow SMTP attempt
	 * short within about a second: it then ends temporary. */
	volatile sig_atomic_t *stop;
};

struct transport;

/*
 * A transport for conf (strings copied), or NULL with the reason in err:
 * an unknown scheme, credentials with neither smtp:// nor smtps://, a
 * Maildir that cannot be made. Free with transport_close().
 */
struct transport	*transport_open(const struct transport_conf *,
			    char *err, size_t errlen);
void			 transport_close(struct transport *);
/* "smtp", "sendmail" or "maildir": for log lines. */
const char		*transport_kind(const struct transport *);

/*
 * Send len bytes of msg (CRLF line ends) from envelope sender from to
 * rcpt. reply gets the server's last reply (or what went wrong) and
 * *code its number (0 when there is none, as for a Maildir). An address
 * that is not printable ASCII without space, '<' or '>' (which could
 * smuggle an SMTP command) is refused, permanent, before any I/O.
 */
enum transport_result	 transport_send(struct transport *, const char *from,
			    const char *rcpt, const char *msg, size_t len,
			    char *reply, size_t replysz, int *code);

#endif
