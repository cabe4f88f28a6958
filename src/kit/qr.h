/*
 * qr.h: QR codes as SVG, with libqrencode.
 *
 * Error correction M, a 4-module quiet zone (ISO/IEC 18004), drawn as
 * one <path> of unit squares so the file stays small and scales without
 * blur. The SVG carries role="img" and a <title> for screen readers.
 */
#ifndef KIT_QR_H
#define KIT_QR_H

struct sink;

#define QR_QUIET	4	/* modules of white around the code */
#define QR_TEXT_MAX	512	/* longest text encoded */

/* Write an SVG for text to sink; size is the width in CSS pixels written
 * into the width/height attributes (0 leaves them out); title (may be
 * NULL) is the accessible name. Returns 0, or -1 (text too long or
 * empty, encoding failed, sink failed). */
int	qr_svg(const struct sink *, const char *text, unsigned size,
	    const char *title);

#endif
