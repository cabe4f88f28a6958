/*
 * utf8.h: reading UTF-8 one character at a time, for the escapers that
 * must never pass an invalid byte on (JSON, templates' JavaScript
 * strings, iCalendar text, SVG text), and checking whole strings for
 * the parsers. The decoding is libunistring's; this is the one place
 * the kit and the college ask it.
 */
#ifndef KIT_UTF8_H
#define KIT_UTF8_H

#include <stddef.h>

/*
 * Whether s (len bytes) is well-formed UTF-8 (RFC 3629, as above) with
 * no NUL: what every field, cookie, path and header value must be.
 * len 0 is valid, s NULL with it.
 */
int	utf8_valid(const char *s, size_t len);
/* Characters (code points) in len bytes of valid UTF-8: the bytes that
 * do not continue a character. */
size_t	utf8_chars(const char *s, size_t len);
/*
 * The character at s, of at most n bytes: its length, 1 to 4, with its
 * code point in *cp (cp may be NULL); 0 when the bytes there are not a
 * well-formed character (RFC 3629: an overlong form, a surrogate, a
 * code point past U+10FFFF, a sequence cut short) or n is 0.
 */
size_t	utf8_char(const char *s, size_t n, unsigned long *cp);
/* The same for a NUL-terminated s, read no further than its NUL (a NUL
 * is never part of a longer character). */
size_t	utf8_char_z(const char *s, unsigned long *cp);

#endif
