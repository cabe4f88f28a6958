/*
 * clock.h: the college's idea of now.
 */
#ifndef COLLEGE_CLOCK_H
#define COLLEGE_CLOCK_H

#include <time.h>

/* Latest TESSERA_NOW accepted: 9999-12-31T23:59:59Z. */
#define CLOCK_NOW_MAX	253402300799LL

/*
 * Seconds since the Unix epoch: time(NULL), or the value of the
 * environment variable TESSERA_NOW when it is set, so that tests can
 * fix the clock. TESSERA_NOW must be a decimal integer from 0 to
 * CLOCK_NOW_MAX; any other value is refused with a log line and the
 * real clock is used. Read at every call.
 */
time_t	college_now(void);

#endif
