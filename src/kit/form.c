/*
 * form.c: form bodies into raw fields, raw fields into checked values.
 *
 * Parsing never trusts its input: data is a (pointer, length) pair that
 * is never read past its length nor assumed NUL-terminated, and every
 * limit is a named constant from form.h. On any error the form is left
 * empty (fields NULL, n 0), so a caller cannot use half a parse.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "ascii.h"
#include "form.h"
#include "i18n.h"
#include "utf8.h"

/* RFC 7578 4.4: a part without a Content-Type is text/plain. */
#define PART_CTYPE_DEFAULT	"text/plain"
/* RFC 5321 4.5.3.1.1 and 4.5.3.1.3 (with RFC 3696 errata 1690). */
#define EMAIL_LOCAL_MAX		64	/* octets in the local part */
#define EMAIL_MAX		254	/* characters in the whole address */

static const char *const errors[FORM_E__MAX] = {
	[FORM_OK] = "no error",
	[FORM_E_ENCODING] = "malformed percent-encoding or multipart framing",
	[FORM_E_UTF8] = "invalid UTF-8",
	[FORM_E_NUL] = "NUL byte in a field",
	[FORM_E_TOO_MANY] = "too many fields",
	[FORM_E_TOO_LONG] = "field name or value too long",
	[FORM_E_BOUNDARY] = "missing or invalid multipart boundary",
	[FORM_E_NOMEM] = "out of memory",
};

const char *
form_strerror(enum form_err e)
{
	if ((unsigned)e >= FORM_E__MAX || errors[e] == NULL)
		return "unknown form error";
	return errors[e];
}

static int
hex_value(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Percent-decode len bytes of s into a new NUL-terminated arena string
 * (*out, *outlen bytes before the NUL). FORM_E_ENCODING when a '%' is
 * not followed by two hex digits within len, FORM_E_NOMEM.
 */
static enum form_err
decode(struct arena *a, const char *s, size_t len, int plus, char **out,
    size_t *outlen)
{
	char	*d;
	size_t	 i, j;
	int	 hi, lo;

	if (len == SIZE_MAX || (d = arena_alloc(a, len + 1)) == NULL)
		return FORM_E_NOMEM;
	for (i = j = 0; i < len; i++) {
		if (s[i] == '%') {
			if (len - i < 3 ||
			    (hi = hex_value((unsigned char)s[i + 1])) == -1 ||
			    (lo = hex_value((unsigned char)s[i + 2])) == -1)
				return FORM_E_ENCODING;
			d[j++] = (char)(hi << 4 | lo);
			i += 2;
		} else if (s[i] == '+' && plus)
			d[j++] = ' ';
		else
			d[j++] = s[i];
	}
	d[j] = '\0';
	*out = d;
	*outlen = j;
	return FORM_OK;
}

char *
form_decode(struct arena *a, const char *s, size_t len, int plus,
    size_t *outlen)
{
	char	*d;
	size_t	 n;

	if (decode(a, s, len, plus, &d, &n) != FORM_OK)
		return NULL;
	if (outlen != NULL)
		*outlen = n;
	return d;
}

/* Whether len bytes of a name or text value may be kept: at most max
 * bytes, no NUL, valid UTF-8 (checked in that order). */
static enum form_err
check_text(const char *s, size_t len, size_t max)
{
	if (len > max)
		return FORM_E_TOO_LONG;
	if (len > 0 && memchr(s, '\0', len) != NULL)
		return FORM_E_NUL;
	if (!utf8_valid(s, len))
		return FORM_E_UTF8;
	return FORM_OK;
}

/* Append a field to f, whose array holds cap (at most FORM_FIELDS_MAX)
 * entries. */
static enum form_err
push(struct form *f, size_t cap, const char *name, const char *value,
    size_t len, const char *filename, const char *ctype)
{
	struct form_field	*fld;

	if (f->n >= cap)
		return FORM_E_TOO_MANY;
	fld = &f->fields[f->n++];
	fld->name = name;
	fld->value = value;
	fld->len = len;
	fld->filename = filename;
	fld->ctype = ctype;
	return FORM_OK;
}

static enum form_err
parse_urlencoded(struct arena *a, const char *data, size_t len,
    struct form *f)
{
	enum form_err	 e;
	char		*name, *value;
	size_t		 i, j, k, npairs, cap, nlen, vlen;

	if (len == 0)
		return FORM_OK;
	for (npairs = 1, i = 0; i < len; i++)
		if (data[i] == '&')
			npairs++;
	cap = npairs < FORM_FIELDS_MAX ? npairs : FORM_FIELDS_MAX;
	if ((f->fields = arena_calloc(a, cap, sizeof(*f->fields))) == NULL)
		return FORM_E_NOMEM;

	/* Each pair is data[i..j), with its '=' (if any) at k. */
	for (i = 0; i <= len; i = j + 1) {
		for (j = i; j < len && data[j] != '&'; j++)
			continue;
		if (j == i)
			continue;
		for (k = i; k < j && data[k] != '='; k++)
			continue;
		e = decode(a, data + i, k - i, 1, &name, &nlen);
		if (e != FORM_OK)
			return e;
		/* "=x" has no name to file it under. */
		if (nlen == 0)
			continue;
		if ((e = check_text(name, nlen, FORM_NAME_MAX)) != FORM_OK)
			return e;
		if (k == j)
			k = j - 1;	/* "a" alone: an empty value */
		e = decode(a, data + k + 1, j - k - 1, 1, &value, &vlen);
		if (e != FORM_OK)
			return e;
		if ((e = check_text(value, vlen, FORM_VALUE_MAX)) != FORM_OK)
			return e;
		e = push(f, cap, name, value, vlen, NULL, NULL);
		if (e != FORM_OK)
			return e;
	}
	return FORM_OK;
}

enum form_err
form_parse_urlencoded(struct arena *a, const char *data, size_t len,
    struct form *f)
{
	enum form_err	 e;

	f->fields = NULL;
	f->n = 0;
	if ((e = parse_urlencoded(a, data, len, f)) != FORM_OK) {
		f->fields = NULL;
		f->n = 0;
	}
	return e;
}

/*
 * Multipart/form-data (RFC 7578 on RFC 2046 5.1).
 *
 * Header parameters are read as RFC 7231 3.1.1.1 and RFC 6266 4.1 write
 * them, token=token or token="quoted", except that a quoted value runs
 * to the next '"' with no backslash escapes: browsers follow the WHATWG
 * encoding, which writes '"' in a name or filename as %22 and leaves a
 * backslash as it is (a Windows path would otherwise lose its slashes).
 */

/* RFC 7230 3.2.6 tchar. */
static int
is_tchar(unsigned char c)
{
	return ascii_alpha(c) || ascii_digit(c) ||
	    (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

/* RFC 2046 5.1.1 bchars (a space may not be the last one). */
static int
is_bchar(unsigned char c)
{
	return ascii_alpha(c) || ascii_digit(c) ||
	    (c != '\0' && strchr("'()+_,-./:=? ", c) != NULL);
}

static size_t
skip_ows(const char *s, size_t len, size_t i)
{
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

/* Whether s (len bytes) is word, ignoring ASCII case. */
static int
span_is(const char *s, size_t len, const char *word)
{
	return strlen(word) == len && strncasecmp(s, word, len) == 0;
}

struct param {
	const char	*name;
	size_t		 nlen;
	const char	*val;
	size_t		 vlen;
};

/*
 * Read the next "; name=value" parameter of a header value s[*pos..len).
 * Returns 1 with *pr filled, 0 at the end (a trailing ';' is allowed), or
 * -1 when malformed.
 */
static int
next_param(const char *s, size_t len, size_t *pos, struct param *pr)
{
	size_t	 i, start;

	i = skip_ows(s, len, *pos);
	if (i < len && s[i] == ';')
		i = skip_ows(s, len, i + 1);
	else if (i < len)
		return -1;
	if (i == len) {
		*pos = i;
		return 0;
	}
	for (start = i; i < len && is_tchar((unsigned char)s[i]); i++)
		continue;
	if (i == start || i == len || s[i] != '=')
		return -1;
	pr->name = s + start;
	pr->nlen = i - start;
	i++;
	if (i < len && s[i] == '"') {
		for (start = ++i; i < len && s[i] != '"'; i++)
			continue;
		if (i == len)
			return -1;
		pr->val = s + start;
		pr->vlen = i - start;
		i++;
	} else {
		for (start = i; i < len && s[i] != ';' && s[i] != '"' &&
		    s[i] != ' ' && s[i] != '\t'; i++)
			continue;
		if (i == start)
			return -1;
		pr->val = s + start;
		pr->vlen = i - start;
	}
	*pos = i;
	return 1;
}

/*
 * The boundary parameter of a Content-Type value that must be
 * multipart/form-data. A second boundary parameter is refused rather
 * than guessed at.
 */
static enum form_err
boundary_of(const char *ctype, const char **bnd, size_t *blen)
{
	struct param	 pr;
	size_t		 len, i, start;
	int		 r, found = 0;

	*bnd = NULL;
	*blen = 0;
	if (ctype == NULL)
		return FORM_E_BOUNDARY;
	len = strlen(ctype);
	i = skip_ows(ctype, len, 0);
	for (start = i; i < len && (is_tchar((unsigned char)ctype[i]) ||
	    ctype[i] == '/'); i++)
		continue;
	if (!span_is(ctype + start, i - start, "multipart/form-data"))
		return FORM_E_BOUNDARY;
	while ((r = next_param(ctype, len, &i, &pr)) == 1) {
		if (!span_is(pr.name, pr.nlen, "boundary"))
			continue;
		if (found)
			return FORM_E_BOUNDARY;
		found = 1;
		*bnd = pr.val;
		*blen = pr.vlen;
	}
	if (r == -1 || !found)
		return FORM_E_BOUNDARY;
	if (*blen < 1 || *blen > FORM_BOUNDARY_MAX || (*bnd)[*blen - 1] == ' ')
		return FORM_E_BOUNDARY;
	for (i = 0; i < *blen; i++)
		if (!is_bchar((unsigned char)(*bnd)[i]))
			return FORM_E_BOUNDARY;
	return FORM_OK;
}

/* What one part's headers said. */
struct part {
	int		 has_disp;
	const char	*name;		/* NULL if no name parameter */
	size_t		 nlen;
	const char	*fname;		/* NULL if no filename parameter */
	size_t		 flen;
	const char	*ctype;		/* NULL if no Content-Type */
	size_t		 ctlen;
};

/* Content-Disposition: form-data; name="x"; filename="y" (RFC 7578 4.2).
 * Other parameters, filename* among them, are ignored. */
static enum form_err
parse_disposition(const char *s, size_t len, struct part *pt)
{
	struct param	 pr;
	size_t		 i = 0;
	int		 r;

	while (i < len && is_tchar((unsigned char)s[i]))
		i++;
	if (!span_is(s, i, "form-data"))
		return FORM_E_ENCODING;
	while ((r = next_param(s, len, &i, &pr)) == 1) {
		if (span_is(pr.name, pr.nlen, "name")) {
			if (pt->name != NULL)
				return FORM_E_ENCODING;
			pt->name = pr.val;
			pt->nlen = pr.vlen;
		} else if (span_is(pr.name, pr.nlen, "filename")) {
			if (pt->fname != NULL)
				return FORM_E_ENCODING;
			pt->fname = pr.val;
			pt->flen = pr.vlen;
		}
	}
	return r == -1 ? FORM_E_ENCODING : FORM_OK;
}

/*
 * Read a part's header lines from data[*pos..len) up to and including
 * the empty line. Each line ends in CRLF, holds at most
 * FORM_PART_LINE_MAX bytes before it and no other CR, LF or NUL; at most
 * FORM_PART_HEADERS_MAX lines. Continuation lines (obsolete folding,
 * RFC 7230 3.2.4) are refused. Headers other than Content-Disposition and
 * Content-Type are ignored; each of those two may appear once.
 */
static enum form_err
parse_headers(const char *data, size_t len, size_t *pos, struct part *pt)
{
	const char	*line, *eol, *colon;
	size_t		 i, lim, llen, nlen, vs, ve, nh;
	enum form_err	 e;

	memset(pt, 0, sizeof(*pt));
	for (nh = 0;; nh++) {
		line = data + *pos;
		lim = len - *pos;
		if (lim > FORM_PART_LINE_MAX + 2)
			lim = FORM_PART_LINE_MAX + 2;
		if (lim < 2 || (eol = memmem(line, lim, "\r\n", 2)) == NULL)
			return FORM_E_ENCODING;
		llen = (size_t)(eol - line);
		*pos += llen + 2;
		if (llen == 0)
			return FORM_OK;
		if (nh == FORM_PART_HEADERS_MAX)
			return FORM_E_ENCODING;
		if (memchr(line, '\0', llen) != NULL)
			return FORM_E_NUL;
		if (memchr(line, '\r', llen) != NULL ||
		    memchr(line, '\n', llen) != NULL)
			return FORM_E_ENCODING;
		if ((colon = memchr(line, ':', llen)) == NULL)
			return FORM_E_ENCODING;
		nlen = (size_t)(colon - line);
		for (i = 0; i < nlen; i++)
			if (!is_tchar((unsigned char)line[i]))
				return FORM_E_ENCODING;
		if (nlen == 0)
			return FORM_E_ENCODING;
		vs = skip_ows(line, llen, nlen + 1);
		for (ve = llen; ve > vs && (line[ve - 1] == ' ' ||
		    line[ve - 1] == '\t'); ve--)
			continue;
		if (span_is(line, nlen, "Content-Disposition")) {
			if (pt->has_disp)
				return FORM_E_ENCODING;
			pt->has_disp = 1;
			e = parse_disposition(line + vs, ve - vs, pt);
			if (e != FORM_OK)
				return e;
		} else if (span_is(line, nlen, "Content-Type")) {
			if (pt->ctype != NULL || ve == vs)
				return FORM_E_ENCODING;
			pt->ctype = line + vs;
			pt->ctlen = ve - vs;
		}
	}
}

/* Check one part's name, filename, type and body and add it to f.
 * A part whose name is empty is skipped, as "=x" is when urlencoded. */
static enum form_err
add_part(struct arena *a, struct form *f, const struct part *pt,
    const char *body, size_t blen)
{
	enum form_err	 e;
	const char	*name, *value, *fname = NULL, *ctype;

	if (!pt->has_disp || pt->name == NULL)
		return FORM_E_ENCODING;
	if (pt->nlen == 0)
		return FORM_OK;
	if ((e = check_text(pt->name, pt->nlen, FORM_NAME_MAX)) != FORM_OK)
		return e;
	if (pt->fname != NULL) {
		if ((e = check_text(pt->fname, pt->flen,
		    FORM_PART_LINE_MAX)) != FORM_OK)
			return e;
		if (memchr(pt->fname, '\r', pt->flen) != NULL ||
		    memchr(pt->fname, '\n', pt->flen) != NULL)
			return FORM_E_ENCODING;
		if (blen > FORM_FILE_MAX)
			return FORM_E_TOO_LONG;
	} else if ((e = check_text(body, blen, FORM_VALUE_MAX)) != FORM_OK)
		return e;
	if (pt->ctype != NULL && !utf8_valid(pt->ctype, pt->ctlen))
		return FORM_E_UTF8;

	if ((name = arena_strndup(a, pt->name, pt->nlen)) == NULL ||
	    (value = arena_strndup(a, body, blen)) == NULL)
		return FORM_E_NOMEM;
	if (pt->fname != NULL &&
	    (fname = arena_strndup(a, pt->fname, pt->flen)) == NULL)
		return FORM_E_NOMEM;
	if (pt->ctype != NULL)
		ctype = arena_strndup(a, pt->ctype, pt->ctlen);
	else
		ctype = PART_CTYPE_DEFAULT;
	if (ctype == NULL)
		return FORM_E_NOMEM;
	return push(f, FORM_FIELDS_MAX, name, value, blen, fname, ctype);
}

/*
 * RFC 2046 5.1.1: the body is [preamble CRLF] dash-boundary, then parts
 * each ended by CRLF dash-boundary; after a delimiter comes either "--"
 * (the close, then an epilogue that is ignored) or optional linear
 * white space and CRLF before the next part.
 */
static enum form_err
parse_multipart(struct arena *a, const char *ctype, const char *data,
    size_t len, struct form *f)
{
	struct part	 pt;
	const char	*bnd = NULL, *hit;
	char		*delim;
	size_t		 blen = 0, dlen, pos, start;
	enum form_err	 e;

	if ((e = boundary_of(ctype, &bnd, &blen)) != FORM_OK)
		return e;
	/* delim is CRLF "--" boundary; delim + 2 is the dash-boundary. */
	dlen = 4 + blen;
	if ((delim = arena_alloc(a, dlen + 1)) == NULL)
		return FORM_E_NOMEM;
	memcpy(delim, "\r\n--", 4);
	memcpy(delim + 4, bnd, blen);
	if ((f->fields = arena_calloc(a, FORM_FIELDS_MAX,
	    sizeof(*f->fields))) == NULL)
		return FORM_E_NOMEM;

	if (len >= dlen - 2 && memcmp(data, delim + 2, dlen - 2) == 0)
		pos = dlen - 2;
	else if (len > 0 && (hit = memmem(data, len, delim, dlen)) != NULL)
		pos = (size_t)(hit - data) + dlen;
	else
		return FORM_E_ENCODING;

	for (;;) {
		/* pos is just past a delimiter. */
		if (len - pos >= 2 && data[pos] == '-' && data[pos + 1] == '-')
			return FORM_OK;
		pos = skip_ows(data, len, pos);
		if (len - pos < 2 || data[pos] != '\r' || data[pos + 1] != '\n')
			return FORM_E_ENCODING;
		pos += 2;
		if ((e = parse_headers(data, len, &pos, &pt)) != FORM_OK)
			return e;
		start = pos;
		if (len - pos < dlen ||
		    (hit = memmem(data + pos, len - pos, delim, dlen)) == NULL)
			return FORM_E_ENCODING;
		pos = (size_t)(hit - data) + dlen;
		e = add_part(a, f, &pt, data + start,
		    (size_t)(hit - data) - start);
		if (e != FORM_OK)
			return e;
	}
}

enum form_err
form_parse_multipart(struct arena *a, const char *ctype, const char *data,
    size_t len, struct form *f)
{
	enum form_err	 e;

	f->fields = NULL;
	f->n = 0;
	if ((e = parse_multipart(a, ctype, data, len, f)) != FORM_OK) {
		f->fields = NULL;
		f->n = 0;
	}
	return e;
}

static const struct form_field *
first_field(const struct form *f, const char *name)
{
	size_t	 i;

	if (f == NULL)
		return NULL;
	for (i = 0; i < f->n; i++)
		if (strcmp(f->fields[i].name, name) == 0)
			return &f->fields[i];
	return NULL;
}

const char *
form_get(const struct form *f, const char *name)
{
	const struct form_field	*fld;

	return (fld = first_field(f, name)) == NULL ? NULL : fld->value;
}

size_t
form_count(const struct form *f, const char *name)
{
	size_t	 i, n = 0;

	if (f == NULL)
		return 0;
	for (i = 0; i < f->n; i++)
		if (strcmp(f->fields[i].name, name) == 0)
			n++;
	return n;
}

/*
 * Validation.
 *
 * FT_TEXT, FT_LINE and FT_EMAIL are trimmed of ASCII white space at both
 * ends and then count as absent when empty; the other types are judged
 * exactly as sent, and count as absent only when sent empty. Lengths are
 * in characters (code points) of the trimmed value; they apply to the
 * text types and FT_TOKEN. An FT_INT spec whose min and max are both 0
 * takes any long long.
 */

/*
 * A message in the reader's language (kit/i18n.h): pattern translated,
 * its {label} the label and {n}, {lo}, {hi} the numbers, in the arena.
 * The label itself was translated by the caller. NULL when out of
 * memory.
 */
static const char *
say(struct arena *a, const char *pattern, const char *label, long long n,
    long long lo, long long hi)
{
	static const char *const names[4] = { "label", "n", "lo", "hi" };
	const char	*values[4];
	char		 nb[24], lb[24], hb[24];

	snprintf(nb, sizeof(nb), "%lld", n);
	snprintf(lb, sizeof(lb), "%lld", lo);
	snprintf(hb, sizeof(hb), "%lld", hi);
	values[0] = label;
	values[1] = nb;
	values[2] = lb;
	values[3] = hb;
	return i18n_say(a, pattern, names, values, 4);
}

/* A label for the middle of a sentence: "Your name" becomes "your name";
 * an acronym such as "URL" is left alone. The label is first put in the
 * reader's language (a form's labels are msgids: N_()). */
static const char *
label_lc(struct arena *a, const char *label)
{
	char	*s;

	label = i18n_text(NULL, label);
	if (label[0] < 'A' || label[0] > 'Z' ||
	    (label[1] >= 'A' && label[1] <= 'Z'))
		return label;
	if ((s = arena_strdup(a, label)) == NULL)
		return NULL;
	s[0] = (char)ascii_lower((unsigned char)s[0]);
	return s;
}

static int
days_in_month(int y, int m)
{
	static const int	 days[12] =
	    { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

/* Decimal value of n digits at s, or -1 if any is not a digit. */
static int
digits(const char *s, size_t n)
{
	size_t	 i;
	int	 v = 0;

	for (i = 0; i < n; i++) {
		if (!ascii_digit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* YYYY-MM-DD, a date that exists, years 1900 to 9999. */
static int
valid_date(const char *s, size_t len)
{
	int	 y, m, d;

	if (len != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	if ((y = digits(s, 4)) == -1 || (m = digits(s + 5, 2)) == -1 ||
	    (d = digits(s + 8, 2)) == -1)
		return 0;
	if (y < 1900 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= days_in_month(y, m);
}

/* HH:MM, 00:00 to 23:59. */
static int
valid_time(const char *s, size_t len)
{
	int	 h, m;

	if (len != 5 || s[2] != ':')
		return 0;
	if ((h = digits(s, 2)) == -1 || (m = digits(s + 3, 2)) == -1)
		return 0;
	return h <= 23 && m <= 59;
}

/* An optional '-' and decimal digits only (no '+', no space), in range
 * of a long long. */
static int
parse_int(const char *s, size_t len, long long *out)
{
	char		*end;
	size_t		 i;
	long long	 v;

	i = (len > 0 && s[0] == '-') ? 1 : 0;
	if (i == len)
		return 0;
	for (; i < len; i++)
		if (!ascii_digit((unsigned char)s[i]))
			return 0;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || end != s + len)
		return 0;
	*out = v;
	return 1;
}

/* One line, one '@', a local part of 1..EMAIL_LOCAL_MAX octets, a
 * domain with a dot, no dot at either end and no two dots together.
 * s is already trimmed and lowercased. */
static int
valid_email(const char *s, size_t len)
{
	const char	*at;
	size_t		 i, llen;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] <= 0x20 || s[i] == 0x7F)
			return 0;
	if ((at = memchr(s, '@', len)) == NULL ||
	    memchr(at + 1, '@', len - (size_t)(at - s) - 1) != NULL)
		return 0;
	llen = (size_t)(at - s);
	if (llen == 0 || llen > EMAIL_LOCAL_MAX)
		return 0;
	s = at + 1;
	len -= llen + 1;
	if (len == 0 || s[0] == '.' || s[len - 1] == '.' ||
	    memchr(s, '.', len) == NULL)
		return 0;
	for (i = 1; i < len; i++)
		if (s[i] == '.' && s[i - 1] == '.')
			return 0;
	return 1;
}

static int
one_of(const char *s, const char *const *choices)
{
	size_t	 i;

	if (choices == NULL)
		return 0;
	for (i = 0; choices[i] != NULL; i++)
		if (strcmp(s, choices[i]) == 0)
			return 1;
	return 0;
}

static int
valid_token(const char *s, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++)
		if (!ascii_alpha((unsigned char)s[i]) &&
		    !ascii_digit((unsigned char)s[i]) &&
		    s[i] != '_' && s[i] != '-')
			return 0;
	return 1;
}

/*
 * Whether s (len bytes of valid UTF-8) holds a bidirectional control
 * character: the embeddings and overrides U+202A..U+202E, the isolates
 * U+2066..U+2069, the marks U+200E, U+200F and U+061C. Invisible, they
 * can make a name read backwards on a roster or hide what text says
 * (issue 11.9; Unicode TR 9). Matched on their UTF-8 bytes: E2 80 8E/8F,
 * E2 80 AA..AE, E2 81 A6..A9, D8 9C.
 */
static int
has_bidi_control(const char *s, size_t len)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i;

	for (i = 0; i + 1 < len; i++) {
		if (u[i] == 0xD8 && u[i + 1] == 0x9C)
			return 1;
		if (u[i] != 0xE2 || i + 2 >= len)
			continue;
		if (u[i + 1] == 0x80 && (u[i + 2] == 0x8E || u[i + 2] == 0x8F ||
		    (u[i + 2] >= 0xAA && u[i + 2] <= 0xAE)))
			return 1;
		if (u[i + 1] == 0x81 && u[i + 2] >= 0xA6 && u[i + 2] <= 0xA9)
			return 1;
	}
	return 0;
}

/* The message for a required field left empty. */
static const char *
msg_missing(struct arena *a, const struct form_spec *sp, const char *label)
{
	const char	*lc;

	if ((lc = label_lc(a, label)) == NULL)
		return NULL;
	if (sp->type == FT_ONEOF)
		return say(a, _("Choose one of the options for {label}"), lc,
		    0, 0, 0);
	return say(a, _("Enter {label}"), lc, 0, 0, 0);
}

/* The message for a value sent but not valid for its type. */
static const char *
msg_invalid(struct arena *a, const struct form_spec *sp, const char *label,
    long long lo, long long hi, int bounded)
{
	const char	*lc;

	label = i18n_text(NULL, label);
	switch (sp->type) {
	case FT_LINE:
		return say(a, _("{label} must be a single line of text"), label,
		    0, 0, 0);
	case FT_EMAIL:
		return arena_strdup(a,
		    _("Enter an email address like name@example.org"));
	case FT_INT:
		if (!bounded)
			return say(a, _("{label} must be a whole number"),
			    label, 0, 0, 0);
		return say(a, _("{label} must be a whole number from {lo} to "
		    "{hi}"), label, 0, lo, hi);
	case FT_DATE:
		return say(a, _("{label} must be a real date, like 2026-03-14"),
		    label, 0, 0, 0);
	case FT_TIME:
		return say(a, _("{label} must be a time like 09:30"), label, 0,
		    0, 0);
	case FT_ONEOF:
		if ((lc = label_lc(a, sp->label)) == NULL)
			return NULL;
		return say(a, _("Choose one of the options for {label}"), lc,
		    0, 0, 0);
	case FT_TOKEN:
		return say(a, _("{label} must use only letters, numbers, "
		    "hyphens and underscores"), label, 0, 0, 0);
	default:
		return say(a, _("{label} must be plain text"), label, 0, 0, 0);
	}
}

/* Too long (most) or too short (least) for n characters. */
static const char *
msg_length(struct arena *a, const char *label, int most, size_t n)
{
	label = i18n_text(NULL, label);
	return say(a, most ? i18n_ntext(NULL,
	    "{label} must be at most {n} character",
	    "{label} must be at most {n} characters", n) : i18n_ntext(NULL,
	    "{label} must be at least {n} character",
	    "{label} must be at least {n} characters", n), label,
	    (long long)n, 0, 0);
}

/*
 * Set *msg to a complaint if the trimmed value s (len bytes of valid
 * UTF-8) is too long or too short for sp, else to NULL. FT_EMAIL is held
 * to EMAIL_MAX characters whatever max_len says. Returns -1 when out of
 * memory.
 */
static int
check_length(struct arena *a, const struct form_spec *sp, const char *label,
    const char *s, size_t len, const char **msg)
{
	size_t	 nchars, max;

	*msg = NULL;
	nchars = utf8_chars(s, len);
	max = sp->max_len;
	if (sp->type == FT_EMAIL && (max == 0 || max > EMAIL_MAX))
		max = EMAIL_MAX;
	if (max == 0 && len > FORM_VALUE_MAX)
		*msg = say(a, _("{label} is too long; make it shorter"),
		    i18n_text(NULL, label), 0, 0, 0);
	else if (max != 0 && nchars > max)
		*msg = msg_length(a, label, 1, max);
	else if (nchars < sp->min_len)
		*msg = msg_length(a, label, 0, sp->min_len);
	else
		return 0;
	return *msg == NULL ? -1 : 0;
}

/*
 * Judge one spec. Returns 0, or -1 when out of memory; v->error says
 * whether the field is valid.
 */
static int
check_field(struct arena *a, const struct form *f,
    const struct form_spec *sp, struct form_value *v)
{
	const struct form_field	*fld;
	const char		*label, *s;
	char			*norm;
	size_t			 len, i;
	long long		 lo, hi;
	int			 text, bounded;

	memset(v, 0, sizeof(*v));
	label = sp->label != NULL ? sp->label : sp->name;
	fld = first_field(f, sp->name);
	if (fld != NULL)
		v->raw = fld->value;
	if (sp->type == FT_CHECKBOX) {
		v->ival = fld != NULL;
		v->value = v->raw;
		return 0;
	}
	s = fld != NULL ? fld->value : "";
	len = fld != NULL ? fld->len : 0;

	/* Only a file part can hold a NUL or invalid UTF-8 here. */
	if (!utf8_valid(s, len)) {
		if ((v->error = arena_printf(a, "%s must be plain text",
		    label)) == NULL)
			return -1;
		return 0;
	}
	text = sp->type == FT_TEXT || sp->type == FT_LINE ||
	    sp->type == FT_EMAIL;
	if (text) {
		while (len > 0 && ascii_space((unsigned char)s[0])) {
			s++;
			len--;
		}
		while (len > 0 && ascii_space((unsigned char)s[len - 1]))
			len--;
	}
	if (len == 0) {
		if (!sp->required)
			return 0;
		if ((v->error = msg_missing(a, sp, label)) == NULL)
			return -1;
		return 0;
	}

	if (text || sp->type == FT_TOKEN) {
		if (check_length(a, sp, label, s, len, &v->error) == -1)
			return -1;
		if (v->error != NULL)
			return 0;
	}
	if (text && has_bidi_control(s, len)) {
		if ((norm = (char *)label_lc(a, label)) == NULL ||
		    (v->error = say(a, _("Please remove the hidden formatting "
		    "characters from {label}"), norm, 0, 0, 0)) == NULL)
			return -1;
		return 0;
	}
	lo = sp->min;
	hi = sp->max;
	bounded = lo != 0 || hi != 0;
	if (!bounded) {
		lo = LLONG_MIN;
		hi = LLONG_MAX;
	}
	if ((norm = arena_strndup(a, s, len)) == NULL)
		return -1;
	switch (sp->type) {
	case FT_TEXT:
		break;
	case FT_LINE:
		for (i = 0; i < len; i++)
			if ((unsigned char)s[i] < 0x20 || s[i] == 0x7F)
				goto invalid;
		break;
	case FT_EMAIL:
		for (i = 0; i < len; i++)
			norm[i] = (char)ascii_lower((unsigned char)norm[i]);
		if (!valid_email(norm, len))
			goto invalid;
		break;
	case FT_INT:
		if (!parse_int(norm, len, &v->ival) ||
		    v->ival < lo || v->ival > hi) {
			v->ival = 0;
			goto invalid;
		}
		if ((norm = arena_printf(a, "%lld", v->ival)) == NULL)
			return -1;
		break;
	case FT_DATE:
		if (!valid_date(s, len))
			goto invalid;
		break;
	case FT_TIME:
		if (!valid_time(s, len))
			goto invalid;
		break;
	case FT_ONEOF:
		if (!one_of(norm, sp->choices))
			goto invalid;
		break;
	case FT_TOKEN:
		if (!valid_token(s, len))
			goto invalid;
		break;
	default:
		goto invalid;
	}
	v->value = norm;
	return 0;
invalid:
	if ((v->error = msg_invalid(a, sp, label, lo, hi, bounded)) == NULL)
		return -1;
	return 0;
}

/*
 * Each vals[i] gets raw (the first value sent, untrimmed, or NULL), and
 * either value (normalised) or error (a message naming the label), both
 * in the arena.
 */
int
form_validate(struct arena *a, const struct form *f,
    const struct form_spec *specs, size_t n, struct form_value *vals)
{
	size_t	 i;
	int	 nerr = 0;

	for (i = 0; i < n; i++) {
		if (check_field(a, f, &specs[i], &vals[i]) == -1)
			return -1;
		if (vals[i].error != NULL)
			nerr++;
	}
	return nerr;
}
