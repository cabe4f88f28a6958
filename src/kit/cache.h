/*
 * cache.h: a small per-process cache of rendered responses.
 *
 * For read-only pages that many people ask for (the prospectus): the
 * rendered body is kept, keyed on method, path, query and whether JSON
 * was asked for, and served again while the database has not changed
 * (the caller passes a version, e.g. SQLite's PRAGMA data_version) and
 * the entry is younger than its time to live (pages that depend on the
 * clock, such as "booking closed", stay at most that stale).
 *
 * Ownership: the cache owns copies of what it stores (malloc), for the
 * life of the process; nothing in it points into a request's arena.
 * Only bodies of successful (200) responses are stored. Each is also
 * kept gzipped (compressed once, when stored) and sent so to clients
 * whose Accept-Encoding takes gzip, as every browser's does: a quarter
 * of the bytes for a learner on a slow connection, and no per-request
 * compression in nginx.
 */
#ifndef KIT_CACHE_H
#define KIT_CACHE_H

#include <time.h>

struct req;

#define CACHE_SLOTS	32		/* entries per process */
#define CACHE_BODY_MAX	(64 * 1024)	/* larger bodies are not kept */
#define CACHE_KEY_MAX	(4096 + 1024 + 16)
#define CACHE_GZIP_MIN	1024		/* smaller bodies are sent as they are */

/*
 * If the cache holds a fresh response for this request at this version,
 * produce it (resp_body, with its Content-Type and cache_control) and
 * return 1; else 0.
 */
int	cache_get(struct req *, long long version, time_t now,
	    const char *cache_control);
/* Keep the response the request has just produced (status 200 only),
 * valid at version until now + ttl seconds. */
void	cache_put(const struct req *, long long version, time_t now, int ttl);
/* Drop everything (tests). */
void	cache_clear(void);

#endif
