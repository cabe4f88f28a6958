/*
 * token.h: unguessable tokens and comparing secrets.
 */
#ifndef KIT_TOKEN_H
#define KIT_TOKEN_H

#include <stddef.h>

#define TOKEN_BYTES	20			/* 160 bits from the kernel */
#define TOKEN_LEN	32			/* base32 characters for TOKEN_BYTES */
/* DESIGN.md asks for at least 128 bits as 26 characters of A-Z2-7:
 * 26 * 5 = 130 bits; token_new() takes 17 random bytes and writes the
 * first 26 base32 characters, i.e. 130 random bits. */
#define TOKEN_B32_LEN	26

/* Fill buf with n bytes from the kernel (getrandom(2)). 0 or -1. */
int	token_random(void *buf, size_t n);
/* Write a new TOKEN_B32_LEN-character base32 token (RFC 4648 alphabet,
 * no padding) and a NUL into out (at least TOKEN_B32_LEN + 1 bytes).
 * 0 or -1 if the kernel gave no randomness. */
int	token_new(char *out, size_t outsz);
/* RFC 4648 base32 of n bytes into out (no padding). Returns the number
 * of characters written (excluding NUL), or 0 if out is too small. */
size_t	base32_encode(const unsigned char *in, size_t n, char *out,
	    size_t outsz);
/* Whether s is exactly TOKEN_B32_LEN characters of A-Z2-7. */
int	token_valid(const char *s);
/* Compare two strings in time that depends only on their lengths:
 * 1 if equal, 0 if not. */
int	ct_streq(const char *a, const char *b);

#endif
