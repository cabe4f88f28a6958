/*
 * ascii.c: the ASCII character classes (ascii.h), written out so that
 * no locale can change them.
 */
#include "ascii.h"

int
ascii_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == '\f' || c == '\v';
}

int
ascii_digit(int c)
{
	return c >= '0' && c <= '9';
}

int
ascii_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

int
ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}
