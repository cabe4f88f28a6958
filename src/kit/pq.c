/*
 * pq.c: libpq loaded on first use (pq.h says why).
 */
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#define PQ_LOADER
#include "pq.h"

struct pq_api	 pq_api;

int
pq_load(char *err, size_t errlen)
{
	static int	 loaded;
	struct pq_api	 api;
	const char	*name;
	void		*h, *f;

	if (loaded)
		return 0;
	/* Kept open for the life of the process: never dlclose()d. */
	if ((h = dlopen(PQ_SONAME, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		snprintf(err, errlen, "postgresql: cannot load %s: %s",
		    PQ_SONAME, dlerror());
		return -1;
	}
	/* POSIX: a function's address from dlsym() comes as a void *. */
#define PQ_LOAD(fn)							\
	name = #fn;							\
	if ((f = dlsym(h, name)) == NULL)				\
		goto missing;						\
	memcpy(&api.fn, &f, sizeof(f));
	PQ_FUNCS(PQ_LOAD)
#undef PQ_LOAD
	pq_api = api;
	loaded = 1;
	return 0;
missing:
	snprintf(err, errlen, "postgresql: %s lacks %s", PQ_SONAME, name);
	return -1;
}
