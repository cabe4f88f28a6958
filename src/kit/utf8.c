/*
 * utf8.c: UTF-8 checked and read (utf8.h) with libunistring's u8_check
 * and u8_mbtoucr, which refuse what RFC 3629 refuses (every string of up
 * to four bytes was compared with the hand-written checks they replace:
 * the same answer for each).
 */
#include <stdint.h>
#include <string.h>

#include <unistr.h>

#include "utf8.h"

int
utf8_valid(const char *s, size_t len)
{
	if (len == 0)
		return 1;
	return s != NULL && memchr(s, '\0', len) == NULL &&
	    u8_check((const uint8_t *)s, len) == NULL;
}

size_t
utf8_chars(const char *s, size_t len)
{
	size_t	 i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	return n;
}

size_t
utf8_char(const char *s, size_t n, unsigned long *cp)
{
	ucs4_t	 uc;
	int	 k;

	if (s == NULL || n == 0 ||
	    (k = u8_mbtoucr(&uc, (const uint8_t *)s, n)) < 1)
		return 0;
	if (cp != NULL)
		*cp = uc;
	return (size_t)k;
}

size_t
utf8_char_z(const char *s, unsigned long *cp)
{
	return s == NULL ? 0 : utf8_char(s, strnlen(s, 4), cp);
}
