/*
 * fuzz_fold.c: fold_utf8() (fold.h), the search's text folding.
 *
 * Invalid UTF-8 (or too long) is refused with EILSEQ. Valid UTF-8 gives
 * a NUL-terminated result whose length is *len, that is itself valid
 * UTF-8, holds no combining mark (the accents are gone) and no ASCII
 * capital (case is folded). Out of memory may refuse too (ENOMEM).
 */
#include <errno.h>

#include <unictype.h>
#include <unistr.h>

#include "fuzz.h"

#include "kit/fold.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t	*p;
	char		*f;
	size_t		 len = 0, i;
	ucs4_t		 uc;
	int		 k, valid;

	valid = size <= FOLD_IN_MAX && u8_check(data, size) == NULL;
	errno = 0;
	f = fold_utf8((const char *)data, size, &len);
	if (!valid) {
		FUZZ_ASSERT(f == NULL && errno == EILSEQ);
		return 0;
	}
	if (f == NULL) {
		FUZZ_ASSERT(errno == ENOMEM);
		return 0;
	}
	FUZZ_ASSERT(f[len] == '\0');
	FUZZ_ASSERT(u8_check((const uint8_t *)f, len) == NULL);
	p = (const uint8_t *)f;
	for (i = 0; i < len; i += (size_t)k) {
		k = u8_mbtouc(&uc, p + i, len - i);
		FUZZ_ASSERT(k >= 1);
		FUZZ_ASSERT(!uc_is_general_category(uc, UC_CATEGORY_M));
		FUZZ_ASSERT(!(uc >= 'A' && uc <= 'Z'));
	}
	free(f);
	return 0;
}
