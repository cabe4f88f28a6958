/*
 * arena.h: one region of memory per request, freed in one go.
 *
 * Everything a request allocates comes from its arena: parsed fields,
 * view variables, the rendered page. arena_reset() at the end of the
 * request gives it all back at once, so no handler frees anything.
 *
 * Ownership: memory returned by arena_*() belongs to the arena and is
 * valid until the next arena_reset() or arena_free().
 */
#ifndef KIT_ARENA_H
#define KIT_ARENA_H

#include <stdarg.h>
#include <stddef.h>

/* The most one arena will hand out in total; past it every call fails.
 * A request that needs more than this is hostile or a bug. */
#define ARENA_MAX	((size_t)64 * 1024 * 1024)
/* Size of each block taken from malloc (a larger request gets its own). */
#define ARENA_BLOCK	((size_t)16 * 1024)

struct arena;

/* A new, empty arena, or NULL when out of memory. Free with arena_free(). */
struct arena	*arena_new(void);
/* Give back everything; the first block is kept for the next request. */
void		 arena_reset(struct arena *);
void		 arena_free(struct arena *);

/* Zeroed memory aligned for any type, or NULL past ARENA_MAX. */
void		*arena_alloc(struct arena *, size_t);
/* Array of n elements of size sz, checked for overflow; zeroed. */
void		*arena_calloc(struct arena *, size_t n, size_t sz);
/* Copies of strings, NUL-terminated; NULL on failure. */
char		*arena_strdup(struct arena *, const char *);
char		*arena_strndup(struct arena *, const char *, size_t);
/* printf into the arena; NULL on failure. */
char		*arena_printf(struct arena *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
char		*arena_vprintf(struct arena *, const char *, va_list);
/* Bytes handed out since the last reset (for tests and limits). */
size_t		 arena_used(const struct arena *);

#endif
