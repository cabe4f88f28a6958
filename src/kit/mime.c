/*
 * mime.c: RFC 5322 headers and a MIME body from a struct (mime.h).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "kit/buf.h"
#include "kit/form.h"
#include "kit/i18n.h"
#include "kit/mime.h"

/* Bytes of UTF-8 per encoded-word: 42 bytes are 56 base64 characters,
 * a 68-character word, so "Subject: " and one word fit in 78 (RFC 2047
 * section 2 caps a word at 75). */
#define EW_CHUNK	42
#define METHOD_MAX	32	/* an iCalendar METHOD */
#define ICS_NAME_MAX	64	/* an attachment's file name */
#define BOUNDARY_ID	16	/* characters of the Message-ID in a boundary */

/* A header being written: where the current physical line started. */
struct hdr {
	struct buf	*out;
	size_t		 line;	/* offset of the current line in out */
	int		 words;	/* words written after the name */
};

static void
hdr_start(struct hdr *h, struct buf *out, const char *name)
{
	h->out = out;
	h->line = out->len;
	h->words = 0;
	buf_puts(out, name);
	buf_putc(out, ':');
}

/*
 * One word of len bytes, after a space or, when it would not fit in the
 * line, after a fold (CRLF and a space: RFC 5322 2.2.3). The first word
 * is never folded: the line would hold the name alone.
 */
static void
hdr_word(struct hdr *h, const char *w, size_t len)
{
	if (h->words > 0 &&
	    h->out->len - h->line + 1 + len > MIME_HEADER_LINE) {
		buf_puts(h->out, "\r\n");
		h->line = h->out->len;
	}
	buf_putc(h->out, ' ');
	buf_append(h->out, w, len);
	h->words++;
}

static void
hdr_end(struct hdr *h)
{
	buf_puts(h->out, "\r\n");
}

/* Length of the UTF-8 sequence that starts with byte c (s is valid). */
static size_t
u8len(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if (c < 0xe0)
		return 2;
	if (c < 0xf0)
		return 3;
	return 4;
}

/* s as RFC 2047 "B" encoded-words, each of whole characters. 0 or -1. */
static int
hdr_encoded(struct hdr *h, const char *s)
{
	char		 word[16 + sodium_base64_ENCODED_LEN(EW_CHUNK,
			    sodium_base64_VARIANT_ORIGINAL)];
	char		 b64[sodium_base64_ENCODED_LEN(EW_CHUNK,
			    sodium_base64_VARIANT_ORIGINAL)];
	size_t		 len = strlen(s), i = 0, n, c;

	while (i < len) {
		for (n = 0; i + n < len; n += c) {
			c = u8len((unsigned char)s[i + n]);
			if (n + c > EW_CHUNK)
				break;
		}
		sodium_bin2base64(b64, sizeof(b64),
		    (const unsigned char *)s + i, n,
		    sodium_base64_VARIANT_ORIGINAL);
		snprintf(word, sizeof(word), "=?UTF-8?B?%s?=", b64);
		hdr_word(h, word, strlen(word));
		i += n;
	}
	return 0;
}

/* Whether s holds CR, LF or is not valid UTF-8, or is longer than max. */
static int
bad_text(const char *s, size_t max)
{
	size_t	 len;

	if (s == NULL)
		return 1;
	len = strlen(s);
	return len > max || strpbrk(s, "\r\n") != NULL ||
	    !utf8_valid(s, len);
}

/* RFC 5322 3.2.3 atext. */
static int
is_atext(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL;
}

/* A plain address: printable ASCII with no space or special that would
 * need quoting, one '@' with something on both sides. */
static int
addr_ok(const char *a)
{
	const char	*at;
	size_t		 i, len;

	if (a == NULL || (len = strlen(a)) == 0 || len > MIME_ADDR_MAX)
		return 0;
	for (i = 0; i < len; i++)
		if (!is_atext((unsigned char)a[i]) && a[i] != '.' &&
		    a[i] != '@')
			return 0;
	at = strchr(a, '@');
	return at != NULL && at != a && at[1] != '\0' &&
	    strchr(at + 1, '@') == NULL;
}

/* Letters, digits and the characters in extra only; 1 to max bytes. */
static int
token_ok(const char *s, const char *extra, size_t max)
{
	size_t	 i;

	if (s == NULL || *s == '\0' || strlen(s) > max)
		return 0;
	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '0' && s[i] <= '9') || strchr(extra, s[i])))
			return 0;
	return 1;
}

/* The URL of List-Unsubscribe: printable ASCII, no space or '<' '>'. */
static int
url_ok(const char *u)
{
	size_t	 i;

	if (u == NULL || *u == '\0' || strlen(u) > MIME_URL_MAX)
		return 0;
	for (i = 0; u[i] != '\0'; i++)
		if (u[i] <= ' ' || u[i] > '~' || u[i] == '<' || u[i] == '>')
			return 0;
	return 1;
}

/*
 * Where s may be folded next: a space with a word after it, so a run
 * of spaces stays with the word it comes before and no fold leaves a
 * line of only space (RFC 5322 3.2.2). NULL if nowhere.
 */
static const char *
next_fold(const char *s)
{
	for (; *s != '\0'; s++)
		if (s[0] == ' ' && s[1] != ' ' && s[1] != '\0')
			return s;
	return NULL;
}

/*
 * Whether s is printable ASCII that needs no encoding and whose words
 * (between folds) each fit a line after a header's name of name_len;
 * with phrase, only atext words between single spaces (a display name
 * as RFC 5322 atoms).
 */
static int
plain_words(const char *s, int phrase, size_t name_len)
{
	const char	*w = s, *f;
	size_t		 i;

	if (strstr(s, "=?") != NULL)
		return 0;	/* would read as an encoded-word */
	for (i = 0; s[i] != '\0'; i++)
		if (s[i] < ' ' || s[i] > '~' || (phrase && s[i] != ' ' &&
		    !is_atext((unsigned char)s[i])))
			return 0;
	if (phrase && (*s == ' ' || strstr(s, "  ") != NULL ||
	    (i > 0 && s[i - 1] == ' ')))
		return 0;
	for (;;) {
		f = next_fold(w);
		if ((f ? (size_t)(f - w) : strlen(w)) + name_len + 2 >
		    MIME_HEADER_LINE)
			return 0;
		if (f == NULL)
			return 1;
		w = f + 1;
	}
}

/* s (valid UTF-8, no CR or LF) as the words of header h. */
static void
hdr_text(struct hdr *h, const char *s, int phrase, size_t name_len)
{
	const char	*f;

	if (!plain_words(s, phrase, name_len)) {
		hdr_encoded(h, s);
		return;
	}
	for (;;) {
		f = next_fold(s);
		hdr_word(h, s, f ? (size_t)(f - s) : strlen(s));
		if (f == NULL)
			break;
		s = f + 1;
	}
}

/* "Name: display name <addr>" or "Name: addr". */
static void
hdr_addr(struct buf *out, const char *name, const char *display,
    const char *addr)
{
	struct hdr	 h;
	char		 angle[MIME_ADDR_MAX + 3];

	hdr_start(&h, out, name);
	if (display != NULL && *display != '\0') {
		hdr_text(&h, display, 1, strlen(name));
		snprintf(angle, sizeof(angle), "<%s>", addr);
		hdr_word(&h, angle, strlen(angle));
	} else
		hdr_word(&h, addr, strlen(addr));
	hdr_end(&h);
}

static const char *const days[] = {
	"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
};
static const char *const months[] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
	"Nov", "Dec"
};

/* "Date: Sun, 06 Dec 2026 20:21:12 +0000" (RFC 5322 3.3) in the local
 * zone, with English names whatever the locale. 0 or -1. */
static int
hdr_date(struct buf *out, time_t t)
{
	struct tm	 tm;
	long		 off;

	if (localtime_r(&t, &tm) == NULL || tm.tm_wday < 0 ||
	    tm.tm_wday > 6 || tm.tm_mon < 0 || tm.tm_mon > 11)
		return -1;
	off = tm.tm_gmtoff / 60;
	buf_printf(out, "Date: %s, %02d %s %04d %02d:%02d:%02d %c%02ld%02ld\r\n",
	    days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900,
	    tm.tm_hour, tm.tm_min, tm.tm_sec, off < 0 ? '-' : '+',
	    (off < 0 ? -off : off) / 60, (off < 0 ? -off : off) % 60);
	return 0;
}

/* One encoded byte: "=XX". */
static void
qp_hex(char out[4], unsigned char c)
{
	static const char hex[] = "0123456789ABCDEF";

	out[0] = '=';
	out[1] = hex[c >> 4];
	out[2] = hex[c & 0xf];
	out[3] = '\0';
}

int
mime_qp(struct buf *out, const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	char			 enc[4];
	size_t			 col = 0, n, limit;
	int			 last;

	while (*p != '\0') {
		if (*p == '\n' || (p[0] == '\r' && p[1] == '\n')) {
			p += *p == '\r' ? 2 : 1;
			buf_puts(out, "\r\n");
			col = 0;
			continue;
		}
		last = p[1] == '\0' || p[1] == '\n' ||
		    (p[1] == '\r' && p[2] == '\n');
		if (((*p == ' ' || *p == '\t') && !last) ||
		    (*p > ' ' && *p <= '~' && *p != '=' &&
		    /* a line's first "." or "From " survives a naive SMTP
		     * or mbox writer (RFC 5321 4.5.2, RFC 4155) */
		    !(col == 0 && (*p == '.' ||
		    strncmp((const char *)p, "From ", 5) == 0)))) {
			enc[0] = (char)*p;
			enc[1] = '\0';
		} else
			qp_hex(enc, *p);
		n = strlen(enc);
		/* Room for the soft break's "=" unless the line ends here. */
		limit = last ? MIME_QP_LINE : MIME_QP_LINE - 1;
		if (col + n > limit) {
			buf_puts(out, "=\r\n");
			col = 0;
			if (*p == '.' || *p == 'F')
				continue;	/* now first: look again */
		}
		buf_puts(out, enc);
		col += n;
		p++;
	}
	if (col > 0)
		buf_puts(out, "\r\n");
	return buf_failed(out) ? -1 : 0;
}

/* A part's headers and its quoted-printable body. */
static void
part(struct buf *out, const char *boundary, const char *type,
    const char *extra, const char *body)
{
	buf_printf(out, "--%s\r\nContent-Type: %s; charset=UTF-8%s\r\n"
	    "Content-Transfer-Encoding: quoted-printable\r\n\r\n",
	    boundary, type, extra);
	mime_qp(out, body);
}

int
mime_write(struct buf *out, const struct mime_msg *m)
{
	struct hdr	 h;
	char		 alt[64], mix[64], extra[160], id[MIME_ID_MAX + 3];
	const char	*name;

	/* Refuse before writing anything a header is made of. */
	if (!addr_ok(m->from) || !addr_ok(m->to) ||
	    (m->reply_to != NULL && !addr_ok(m->reply_to)) ||
	    (m->from_name != NULL && bad_text(m->from_name, MIME_NAME_MAX)) ||
	    bad_text(m->subject, MIME_SUBJECT_MAX) ||
	    !token_ok(m->msgid, ".-_+", MIME_ID_MAX) ||
	    !token_ok(m->host, ".-", MIME_ID_MAX) ||
	    strlen(m->msgid) + strlen(m->host) + 1 > MIME_ID_MAX ||
	    m->text == NULL || m->html == NULL ||
	    (m->ics != NULL && !token_ok(m->ics_method, "-", METHOD_MAX)) ||
	    (m->ics != NULL && m->ics_name != NULL &&
	    !token_ok(m->ics_name, ".-_", ICS_NAME_MAX)) ||
	    (m->unsubscribe != NULL && !url_ok(m->unsubscribe)) ||
	    (m->lang != NULL && !i18n_tag_ok(m->lang)))
		return -1;

	if (hdr_date(out, m->date) == -1)
		return -1;
	hdr_addr(out, "From", m->from_name, m->from);
	if (m->reply_to != NULL)
		hdr_addr(out, "Reply-To", NULL, m->reply_to);
	hdr_addr(out, "To", NULL, m->to);
	hdr_start(&h, out, "Subject");
	hdr_text(&h, m->subject, 0, strlen("Subject"));
	hdr_end(&h);
	snprintf(id, sizeof(id), "<%s@%s>", m->msgid, m->host);
	hdr_start(&h, out, "Message-ID");
	hdr_word(&h, id, strlen(id));
	hdr_end(&h);
	buf_puts(out, "MIME-Version: 1.0\r\n"
	    "Auto-Submitted: auto-generated\r\n");
	if (m->lang != NULL)
		buf_printf(out, "Content-Language: %s\r\n", m->lang);
	if (m->unsubscribe != NULL) {
		hdr_start(&h, out, "List-Unsubscribe");
		buf_putc(out, ' ');
		buf_putc(out, '<');
		buf_puts(out, m->unsubscribe);
		buf_putc(out, '>');
		hdr_end(&h);
		buf_puts(out, "List-Unsubscribe-Post: "
		    "List-Unsubscribe=One-Click\r\n");
	}

	/* "=_" never occurs in quoted-printable (RFC 2045 6.7): no body
	 * line can be taken for a boundary. */
	snprintf(alt, sizeof(alt), "=_alt_%.*s", BOUNDARY_ID, m->msgid);
	snprintf(mix, sizeof(mix), "=_mix_%.*s", BOUNDARY_ID, m->msgid);
	if (m->ics != NULL)
		buf_printf(out, "Content-Type: multipart/mixed;\r\n"
		    " boundary=\"%s\"\r\n\r\n"
		    "This is a message in MIME format.\r\n\r\n"
		    "--%s\r\n", mix, mix);
	buf_printf(out, "Content-Type: multipart/alternative;\r\n"
	    " boundary=\"%s\"\r\n\r\n", alt);
	if (m->ics == NULL)
		buf_puts(out, "This is a message in MIME format.\r\n\r\n");
	part(out, alt, "text/plain", "", m->text);
	part(out, alt, "text/html", "", m->html);
	buf_printf(out, "--%s--\r\n", alt);
	if (m->ics != NULL) {
		name = m->ics_name != NULL ? m->ics_name : "invite.ics";
		snprintf(extra, sizeof(extra), ";\r\n method=%s; name=\"%s\"\r\n"
		    "Content-Disposition: attachment; filename=\"%s\"",
		    m->ics_method, name, name);
		part(out, mix, "text/calendar", extra, m->ics);
		buf_printf(out, "--%s--\r\n", mix);
	}
	return buf_failed(out) ? -1 : 0;
}
