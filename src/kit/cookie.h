/*
 * cookie.h: the Cookie request header into name/value pairs (cookie.c).
 * Apart from the loop so that tests and a fuzz harness can call it.
 */
#ifndef KIT_COOKIE_H
#define KIT_COOKIE_H

struct req;

/*
 * Parse "a=b; c=d" (header may be NULL) leniently into r->cookies: bad
 * pairs are skipped. A header over REQ_COOKIE_MAX bytes is ignored
 * whole; at most REQ_COOKIES_MAX cookies are kept, in r->arena.
 */
void	req_parse_cookies(struct req *, const char *header);

#endif
