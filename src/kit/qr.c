/*
 * qr.c: a QR code as a small SVG, drawn from libqrencode's module grid.
 *
 * The dark modules of each row are merged into horizontal runs and the
 * runs drawn as one <path>: "M x y h n v 1 h -n z" per run. Coordinates
 * are in modules, the quiet zone included, so the viewBox is
 * width + 2 * QR_QUIET modules square and the caller scales it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <qrencode.h>

#include "buf.h"
#include "qr.h"
#include "utf8.h"

/* Bytes gathered before each write to the sink. */
#define QR_CHUNK	1024

struct out {
	const struct sink	*sink;
	size_t			 len;
	int			 failed;
	char			 buf[QR_CHUNK];
};

static void
flush(struct out *o)
{
	if (o->len > 0 && !o->failed &&
	    sink_write(o->sink, o->buf, o->len) == -1)
		o->failed = 1;
	o->len = 0;
}

static void
put(struct out *o, const char *p, size_t n)
{
	if (o->len + n > sizeof(o->buf)) {
		flush(o);
		if (n > sizeof(o->buf)) {
			if (!o->failed && sink_write(o->sink, p, n) == -1)
				o->failed = 1;
			return;
		}
	}
	memcpy(o->buf + o->len, p, n);
	o->len += n;
}

static void
oputs(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

static void
oprintf(struct out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
oprintf(struct out *o, const char *fmt, ...)
{
	char	 tmp[128];
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(tmp)) {
		o->failed = 1;
		return;
	}
	put(o, tmp, (size_t)n);
}

/*
 * Text escaped for XML character data and attribute values. Control
 * characters XML 1.0 forbids become a space and invalid UTF-8 becomes
 * U+FFFD, so the SVG stays well formed whatever the title holds.
 */
static void
xml_text(struct out *o, const char *str)
{
	const unsigned char	*s = (const unsigned char *)str;
	size_t			 n = strlen(str), k;
	unsigned long		 cp;

	while (n > 0) {
		k = 1;
		switch (*s) {
		case '&':
			oputs(o, "&amp;");
			break;
		case '<':
			oputs(o, "&lt;");
			break;
		case '>':
			oputs(o, "&gt;");
			break;
		case '"':
			oputs(o, "&quot;");
			break;
		case '\'':
			oputs(o, "&#39;");
			break;
		default:
			if (*s < 0x20 || *s == 0x7f)
				put(o, " ", 1);
			else if (*s < 0x80)
				put(o, (const char *)s, 1);
			else if ((k = utf8_char((const char *)s, n, &cp)) > 0 &&
			    cp != 0xfffe && cp != 0xffff)	/* not XML Chars */
				put(o, (const char *)s, k);
			else {
				oputs(o, "\xef\xbf\xbd");
				k = 1;
			}
			break;
		}
		s += k;
		n -= k;
	}
}

/* The dark modules as one path, one closed rectangle per run. */
static void
modules(struct out *o, const QRcode *q)
{
	int	 x, y, x0, w = q->width;

	oputs(o, "<path fill=\"#000\" shape-rendering=\"crispEdges\" d=\"");
	for (y = 0; y < w; y++) {
		for (x = 0; x < w; ) {
			if (!(q->data[y * w + x] & 1)) {
				x++;
				continue;
			}
			for (x0 = x; x < w && (q->data[y * w + x] & 1); x++)
				continue;
			oprintf(o, "M%d %dh%dv1h-%dz", x0 + QR_QUIET,
			    y + QR_QUIET, x - x0, x - x0);
		}
	}
	oputs(o, "\"/>");
}

int
qr_svg(const struct sink *sink, const char *text, unsigned size,
    const char *title)
{
	struct out	 o;
	QRcode		*q;
	size_t		 len;
	int		 dim;

	if (text == NULL)
		return -1;
	len = strnlen(text, QR_TEXT_MAX + 1);
	if (len == 0 || len > QR_TEXT_MAX)
		return -1;
	/* Version 0: the smallest that fits; 8-bit mode, case kept. */
	if ((q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8,
	    1)) == NULL)
		return -1;
	if (q->width <= 0 || q->width > 177) {
		QRcode_free(q);
		return -1;
	}
	dim = q->width + 2 * QR_QUIET;

	o.sink = sink;
	o.len = 0;
	o.failed = 0;
	oprintf(&o, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 %d %d\"", dim, dim);
	if (size > 0)
		oprintf(&o, " width=\"%u\" height=\"%u\"", size, size);
	oputs(&o, " role=\"img\">");
	if (title != NULL) {
		oputs(&o, "<title>");
		xml_text(&o, title);
		oputs(&o, "</title>");
	}
	oprintf(&o, "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>",
	    dim, dim);
	modules(&o, q);
	oputs(&o, "</svg>");
	flush(&o);
	QRcode_free(q);
	return o.failed ? -1 : 0;
}
