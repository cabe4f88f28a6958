/*
 * fold.h: text folded for comparison, so that a search finds a name
 * however it was typed: Unicode case folding (with libunistring), no
 * diacritics ("Siân" -> "sian", "Llŵyd" -> "llwyd", "ŻÓŁĆ" -> "zolc").
 *
 * A folded string is for comparing only, never for showing: two
 * strings that fold the same are "the same" for a search box.
 */
#ifndef KIT_FOLD_H
#define KIT_FOLD_H

#include <stddef.h>

struct arena;
struct sqlite3;

#define FOLD_IN_MAX	(64 * 1024)	/* bytes folded at most; longer is refused */

/*
 * s (n bytes of UTF-8) case-folded, decomposed (NFD) with its combining
 * marks dropped, and the few letters that have no decomposition (ł, ø,
 * đ, ...) mapped to their base letter. Returns a NUL-terminated string
 * the caller frees with free(), its length in *len (if len is not
 * NULL); NULL if s is not valid UTF-8, longer than FOLD_IN_MAX, or
 * memory ran out.
 */
char		*fold_utf8(const char *s, size_t n, size_t *len);
/* fold_utf8() of the string s, copied into the arena; NULL as above. */
const char	*fold_arena(struct arena *, const char *s);
/*
 * Register fold(x) on the connection: x folded as fold_utf8(), NULL for
 * NULL or text that will not fold. Deterministic and innocuous, so it
 * may be used anywhere, even with trusted_schema=OFF. SQLITE_OK or an
 * SQLite error code.
 */
int		 fold_sql_register(struct sqlite3 *);

#endif
