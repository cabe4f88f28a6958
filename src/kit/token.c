/*
 * token.c: unguessable tokens from the kernel, base32, and comparing
 * secrets without leaking where they differ.
 */
#include <sys/random.h>

#include <errno.h>
#include <string.h>

#include <sodium.h>

#include "token.h"

/* RFC 4648 section 6. */
static const char	b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/* Random bytes drawn for token_new(): 17 * 8 = 136 bits, of which the
 * first TOKEN_B32_LEN * 5 = 130 become the token. */
#define TOKEN_NEW_BYTES	17

/*
 * getrandom(2) with flags 0 blocks until the kernel's pool is seeded and
 * then never fails for want of entropy; it may be interrupted by a signal
 * or return short for large requests, so loop. There is deliberately no
 * fallback (no /dev/urandom, no rand()): without the kernel we fail.
 */
int
token_random(void *buf, size_t n)
{
	unsigned char	*p = buf;
	ssize_t		 r;

	while (n > 0) {
		r = getrandom(p, n, 0);
		if (r == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r == 0 || (size_t)r > n)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

/*
 * Every 5 input bytes become 8 characters; a tail of k bytes becomes
 * ceil(8k / 5) characters, with the last one's low bits zero. No '='
 * padding is written. For n == 0 an empty string is written and 0 is
 * returned, like a too-small out.
 */
size_t
base32_encode(const unsigned char *in, size_t n, char *out, size_t outsz)
{
	size_t		 need, i, o;
	unsigned int	 acc, bits;

	if (n > (((size_t)-1) - 4) / 8)
		return 0;
	need = (n * 8 + 4) / 5;
	if (outsz < need + 1)
		return 0;
	acc = bits = 0;
	for (i = o = 0; i < n; i++) {
		acc = ((acc << 8) | in[i]) & 0xfffu;
		bits += 8;
		while (bits >= 5) {
			bits -= 5;
			out[o++] = b32[(acc >> bits) & 0x1f];
		}
	}
	if (bits > 0)
		out[o++] = b32[(acc << (5 - bits)) & 0x1f];
	out[o] = '\0';
	return o;
}

int
token_new(char *out, size_t outsz)
{
	unsigned char	 raw[TOKEN_NEW_BYTES];
	char		 enc[(TOKEN_NEW_BYTES * 8 + 4) / 5 + 1];
	int		 rc = -1;

	if (out == NULL || outsz < TOKEN_B32_LEN + 1)
		return -1;
	if (token_random(raw, sizeof(raw)) == 0 &&
	    base32_encode(raw, sizeof(raw), enc, sizeof(enc)) >=
	    TOKEN_B32_LEN) {
		memcpy(out, enc, TOKEN_B32_LEN);
		out[TOKEN_B32_LEN] = '\0';
		rc = 0;
	}
	explicit_bzero(raw, sizeof(raw));
	explicit_bzero(enc, sizeof(enc));
	return rc;
}

int
token_valid(const char *s)
{
	size_t	 i;

	if (s == NULL)
		return 0;
	for (i = 0; i < TOKEN_B32_LEN; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '2' && s[i] <= '7')))
			return 0;	/* also stops at a NUL */
	return s[TOKEN_B32_LEN] == '\0';
}

/*
 * The lengths are compared openly (they are not secret: every token has
 * the same length); the contents with sodium_memcmp(), whose time does
 * not depend on where the strings differ. A NULL never equals anything,
 * not even another NULL, so a missing secret cannot match.
 */
int
ct_streq(const char *a, const char *b)
{
	size_t	 la, lb;

	if (a == NULL || b == NULL)
		return 0;
	la = strlen(a);
	lb = strlen(b);
	if (la != lb)
		return 0;
	return sodium_memcmp(a, b, la) == 0;
}
