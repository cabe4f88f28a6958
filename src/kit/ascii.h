/*
 * ascii.h: the ASCII character classes the parsers share.
 *
 * <ctype.h> answers by the locale the program runs in and wants an
 * unsigned char or EOF; these answer the same in every locale, for any
 * int, and say no to every byte outside ASCII (so a UTF-8 letter is
 * never taken for a space or a letter). They are the one owner of these
 * rules: a parser with a narrower rule (the template language's four
 * white-space characters) writes its rule in terms of these.
 */
#ifndef KIT_ASCII_H
#define KIT_ASCII_H

/* Space, \t, \n, \r, \f or \v: isspace() in the "C" locale. */
int	ascii_space(int c);
/* '0' to '9'. */
int	ascii_digit(int c);
/* 'a' to 'z' or 'A' to 'Z'. */
int	ascii_alpha(int c);
/* 'A' to 'Z' as 'a' to 'z'; any other c as it is. */
int	ascii_lower(int c);

#endif
