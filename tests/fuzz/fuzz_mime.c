/*
 * fuzz_mime.c: mime_write() on any subject, display name, bodies and
 * calendar.
 *
 * Input: up to five strings separated by NUL: subject, display name,
 * text, html, calendar (absent or empty: none). Addresses, Message-ID
 * and URL are fixed and short, so every header line can fit. Promises
 * checked (mime.h): when it writes, every line ends in CRLF with no
 * other CR or LF, none passes 998 bytes, header lines stay within 78,
 * body lines within 76, and the header block holds exactly one Subject
 * and one From (no input can add a header); when it refuses (-1), the
 * input had a CR or LF in the subject or name, or was not UTF-8.
 */
#include "fuzz.h"

#include "kit/buf.h"
#include "kit/form.h"
#include "kit/mime.h"

/* How many header lines start with name (case as written). */
static size_t
count_header(const char *s, size_t hdr_len, const char *name)
{
	const char	*p = s;
	size_t		 n = 0, k = strlen(name);

	while (p < s + hdr_len) {
		if (strncmp(p, name, k) == 0)
			n++;
		p = strstr(p, "\r\n");
		FUZZ_ASSERT(p != NULL);
		p += 2;
	}
	return n;
}

static void
check(const struct buf *b)
{
	const char	*p = b->data, *end = b->data + b->len, *eol, *hdr_end;
	int		 in_hdr = 1;

	FUZZ_ASSERT(memchr(b->data, '\0', b->len) == NULL);
	hdr_end = strstr(b->data, "\r\n\r\n");
	FUZZ_ASSERT(hdr_end != NULL);
	while (p < end) {
		eol = memmem(p, (size_t)(end - p), "\r\n", 2);
		FUZZ_ASSERT(eol != NULL);
		FUZZ_ASSERT(memchr(p, '\r', (size_t)(eol - p)) == NULL);
		FUZZ_ASSERT(memchr(p, '\n', (size_t)(eol - p)) == NULL);
		FUZZ_ASSERT(eol - p <= MIME_LINE_MAX);
		if (eol == p)
			in_hdr = 0;
		/* Headers within 78; quoted-printable within 76; a part's
		 * own header lines are fixed text within 78. */
		FUZZ_ASSERT(eol - p <= (in_hdr ? MIME_HEADER_LINE :
		    strncmp(p, "Content-", 8) == 0 || *p == ' ' ||
		    strncmp(p, "--=_", 4) == 0 ? MIME_HEADER_LINE :
		    MIME_QP_LINE));
		p = eol + 2;
	}
	FUZZ_ASSERT(count_header(b->data, (size_t)(hdr_end - b->data) + 2,
	    "Subject:") == 1);
	FUZZ_ASSERT(count_header(b->data, (size_t)(hdr_end - b->data) + 2,
	    "From:") == 1);
	FUZZ_ASSERT(count_header(b->data, (size_t)(hdr_end - b->data) + 2,
	    "To:") == 1);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena	*a = fuzz_arena();
	struct mime_msg	 m;
	struct buf	 b;
	char		*s[5] = { "", "", "", "", "" };
	int		 rc, bad;

	fuzz_split(a, data, size, '\0', s, 5);
	memset(&m, 0, sizeof(m));
	m.subject = s[0];
	m.from_name = s[1];
	m.text = s[2];
	m.html = s[3];
	if (*s[4] != '\0') {
		m.ics = s[4];
		m.ics_method = "REQUEST";
	}
	m.from = "college@example.org";
	m.reply_to = "office@example.org";
	m.to = "learner@example.net";
	m.date = 1796000000;
	m.msgid = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	m.host = "college.example.org";
	m.unsubscribe = "https://college.example.org/unsubscribe/TOKEN";
	buf_init(&b, a);
	rc = mime_write(&b, &m);
	bad = strpbrk(s[0], "\r\n") != NULL || strpbrk(s[1], "\r\n") != NULL ||
	    !utf8_valid(s[0], strlen(s[0])) || !utf8_valid(s[1], strlen(s[1])) ||
	    strlen(s[0]) > MIME_SUBJECT_MAX || strlen(s[1]) > MIME_NAME_MAX;
	if (bad) {
		FUZZ_ASSERT(rc == -1);
		return 0;
	}
	FUZZ_ASSERT(rc == 0);
	check(&b);
	return 0;
}
