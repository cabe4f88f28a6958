/*
 * fuzz.h: what the libFuzzer harnesses in tests/fuzz share.
 *
 * Each harness feeds one kit parser or writer with the fuzzer's bytes and
 * then checks the promises its header makes, not only that it did not
 * crash: a broken promise calls FUZZ_ASSERT, which aborts, and libFuzzer
 * saves the input that did it. One arena per process, reset per input.
 */
#ifndef TESSERA_FUZZ_H
#define TESSERA_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kit/arena.h"

#define FUZZ_ASSERT(c) do {						\
	if (!(c)) {							\
		fprintf(stderr, "%s:%d: invariant failed: %s\n",	\
		    __FILE__, __LINE__, #c);				\
		abort();						\
	}								\
} while (0)

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* The process's arena, emptied for each input. */
static inline struct arena *
fuzz_arena(void)
{
	static struct arena	*a;

	if (a == NULL && (a = arena_new()) == NULL)
		abort();
	arena_reset(a);
	return a;
}

/* A NUL-terminated copy of n bytes of p in the arena (a NUL inside ends
 * the string early, as it would for a C caller). */
static inline char *
fuzz_str(struct arena *a, const uint8_t *p, size_t n)
{
	char	*s;

	if ((s = arena_alloc(a, n + 1)) == NULL)
		abort();
	memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

/*
 * Split n bytes at each byte sep into at most max NUL-terminated strings
 * in the arena; returns how many. The last one runs to the end.
 */
static inline size_t
fuzz_split(struct arena *a, const uint8_t *p, size_t n, uint8_t sep,
    char **out, size_t max)
{
	size_t	 k = 0, start = 0, i;

	if (max == 0)
		return 0;
	for (i = 0; i < n && k + 1 < max; i++) {
		if (p[i] != sep)
			continue;
		out[k++] = fuzz_str(a, p + start, i - start);
		start = i + 1;
	}
	out[k++] = fuzz_str(a, p + start, n - start);
	return k;
}

#endif
