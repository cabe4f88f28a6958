/*
 * fuzz_escape.c: the escapers output goes through: html_escape(),
 * url_escape(), js_escape() (tmpl.h) and json_write_string() (json.h).
 *
 * Each output is checked for what must never appear in it (markup
 * characters, bytes outside the allowed set, raw control characters,
 * invalid UTF-8) and then decoded by an independent decoder written
 * here: it must give back the input exactly (for js and JSON, when the
 * input is valid UTF-8; invalid bytes are promised to become U+FFFD).
 */
#include "fuzz.h"

#include "kit/buf.h"
#include "kit/form.h"
#include "kit/json.h"
#include "kit/tmpl.h"

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Four hex digits at s. */
static unsigned long
hex4(const char *s)
{
	unsigned long	 v = 0;
	int		 i, h;

	for (i = 0; i < 4; i++) {
		FUZZ_ASSERT((h = hexval((unsigned char)s[i])) != -1);
		v = v << 4 | (unsigned long)h;
	}
	return v;
}

static void
put_utf8(struct buf *b, unsigned long cp)
{
	FUZZ_ASSERT(cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff));
	if (cp < 0x80)
		buf_putc(b, (char)cp);
	else if (cp < 0x800) {
		buf_putc(b, (char)(0xc0 | cp >> 6));
		buf_putc(b, (char)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		buf_putc(b, (char)(0xe0 | cp >> 12));
		buf_putc(b, (char)(0x80 | (cp >> 6 & 0x3f)));
		buf_putc(b, (char)(0x80 | (cp & 0x3f)));
	} else {
		buf_putc(b, (char)(0xf0 | cp >> 18));
		buf_putc(b, (char)(0x80 | (cp >> 12 & 0x3f)));
		buf_putc(b, (char)(0x80 | (cp >> 6 & 0x3f)));
		buf_putc(b, (char)(0x80 | (cp & 0x3f)));
	}
}

/* A \uXXXX escape at *s (pointing at the 'u'), with a surrogate pair
 * read whole. */
static unsigned long
read_u(const char **s)
{
	unsigned long	 hi, lo;

	hi = hex4(*s + 1);
	*s += 5;
	if (hi < 0xd800 || hi > 0xdfff)
		return hi;
	FUZZ_ASSERT(hi <= 0xdbff);
	FUZZ_ASSERT((*s)[0] == '\\' && (*s)[1] == 'u');
	lo = hex4(*s + 2);
	FUZZ_ASSERT(lo >= 0xdc00 && lo <= 0xdfff);
	*s += 6;
	return 0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00);
}

static void
check_html(struct arena *a, const char *in)
{
	static const char *const ents[][2] = {
		{ "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" },
		{ "&quot;", "\"" }, { "&#39;", "'" },
	};
	struct buf	 out, dec;
	struct sink	 sink;
	const char	*s;
	size_t		 i;

	buf_init(&out, a);
	buf_init(&dec, a);
	sink = sink_buf(&out);
	FUZZ_ASSERT(html_escape(&sink, in) == 0);
	FUZZ_ASSERT(strpbrk(out.data, "<>\"'") == NULL);
	for (s = out.data; *s != '\0'; ) {
		if (*s != '&') {
			buf_putc(&dec, *s++);
			continue;
		}
		for (i = 0; i < 5; i++)
			if (strncmp(s, ents[i][0], strlen(ents[i][0])) == 0)
				break;
		FUZZ_ASSERT(i < 5);
		buf_puts(&dec, ents[i][1]);
		s += strlen(ents[i][0]);
	}
	FUZZ_ASSERT(!buf_failed(&dec) && strcmp(dec.data, in) == 0);
}

static void
check_url(struct arena *a, const char *in)
{
	struct buf	 out, dec;
	struct sink	 sink;
	const char	*s;

	buf_init(&out, a);
	buf_init(&dec, a);
	sink = sink_buf(&out);
	FUZZ_ASSERT(url_escape(&sink, in) == 0);
	FUZZ_ASSERT(strspn(out.data, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~%") == out.len);
	for (s = out.data; *s != '\0'; ) {
		if (*s != '%') {
			buf_putc(&dec, *s++);
			continue;
		}
		FUZZ_ASSERT(hexval((unsigned char)s[1]) != -1 &&
		    hexval((unsigned char)s[2]) != -1);
		buf_putc(&dec, (char)(hexval((unsigned char)s[1]) << 4 |
		    hexval((unsigned char)s[2])));
		s += 3;
	}
	FUZZ_ASSERT(!buf_failed(&dec) && strcmp(dec.data, in) == 0);
}

static void
check_js(struct arena *a, const char *in, int valid)
{
	struct buf	 out, dec;
	struct sink	 sink;
	const char	*s;

	buf_init(&out, a);
	buf_init(&dec, a);
	sink = sink_buf(&out);
	FUZZ_ASSERT(js_escape(&sink, in) == 0);
	FUZZ_ASSERT(strspn(out.data, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _,.-\\") == out.len);
	for (s = out.data; *s != '\0'; ) {
		if (*s != '\\') {
			buf_putc(&dec, *s++);
			continue;
		}
		FUZZ_ASSERT(s[1] == 'u');
		s++;
		put_utf8(&dec, read_u(&s));
	}
	FUZZ_ASSERT(!buf_failed(&dec));
	if (valid)
		FUZZ_ASSERT(strcmp(dec.data, in) == 0);
}

static void
check_json(struct arena *a, const char *in, int valid)
{
	struct buf	 out, dec;
	struct sink	 sink;
	const char	*s;

	buf_init(&out, a);
	buf_init(&dec, a);
	sink = sink_buf(&out);
	FUZZ_ASSERT(json_write_string(&sink, in) == 0);
	FUZZ_ASSERT(out.len >= 2 && out.data[0] == '"' &&
	    out.data[out.len - 1] == '"');
	FUZZ_ASSERT(utf8_valid(out.data, out.len));
	FUZZ_ASSERT(strpbrk(out.data, "<>&") == NULL);
	for (s = out.data + 1; s < out.data + out.len - 1; ) {
		FUZZ_ASSERT((unsigned char)*s >= 0x20 && *s != '"');
		if (*s != '\\') {
			buf_putc(&dec, *s++);
			continue;
		}
		s++;
		switch (*s) {
		case '"': case '\\': case '/':
			buf_putc(&dec, *s++);
			break;
		case 'b': buf_putc(&dec, '\b'); s++; break;
		case 'f': buf_putc(&dec, '\f'); s++; break;
		case 'n': buf_putc(&dec, '\n'); s++; break;
		case 'r': buf_putc(&dec, '\r'); s++; break;
		case 't': buf_putc(&dec, '\t'); s++; break;
		case 'u':
			put_utf8(&dec, read_u(&s));
			break;
		default:
			FUZZ_ASSERT(0);
		}
	}
	FUZZ_ASSERT(s == out.data + out.len - 1);
	FUZZ_ASSERT(!buf_failed(&dec));
	if (valid)
		FUZZ_ASSERT(strcmp(dec.data, in) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena	*a = fuzz_arena();
	char		*in;
	int		 valid;

	in = fuzz_str(a, data, size);
	valid = utf8_valid(in, strlen(in));
	check_html(a, in);
	check_url(a, in);
	check_js(a, in, valid);
	check_json(a, in, valid);
	return 0;
}
