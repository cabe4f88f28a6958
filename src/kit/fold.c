/*
 * fold.c: text folded for comparison (fold.h), on libunistring: its
 * full Unicode case folding and canonical decomposition do the work;
 * this file only drops the combining marks the decomposition leaves
 * and maps the handful of letters Unicode gives no decomposition.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>
#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#include "kit/arena.h"
#include "kit/fold.h"

/*
 * Letters with a stroke, bar or ligature are separate letters to
 * Unicode, not a base letter plus a mark, so NFD leaves them whole
 * ("Ł" folds to "ł", never to "l"). People typing a name on a phone
 * without that keyboard write the base letter, so each is mapped here.
 * Only lower case: the table is applied after case folding. Every
 * replacement is no longer in UTF-8 than the letter it replaces (two
 * bytes), which fold_utf8() relies on to size its result.
 */
static const struct {
	ucs4_t		 uc;
	const char	*base;
} bases[] = {
	{ 0x00e6, "ae" },	/* æ */
	{ 0x00f0, "d" },	/* ð */
	{ 0x00f8, "o" },	/* ø */
	{ 0x00fe, "th" },	/* þ */
	{ 0x0111, "d" },	/* đ */
	{ 0x0127, "h" },	/* ħ */
	{ 0x0131, "i" },	/* ı (dotless i) */
	{ 0x0140, "l" },	/* ŀ */
	{ 0x0142, "l" },	/* ł */
	{ 0x0153, "oe" },	/* œ */
	{ 0x0167, "t" },	/* ŧ */
};

static const char *
base_of(ucs4_t uc)
{
	size_t	 i;

	for (i = 0; i < sizeof(bases) / sizeof(bases[0]); i++)
		if (bases[i].uc == uc)
			return bases[i].base;
	return NULL;
}

char *
fold_utf8(const char *s, size_t n, size_t *len)
{
	uint8_t		*f, *out;
	size_t		 flen, i, o = 0;
	const char	*b;
	ucs4_t		 uc;
	int		 k;

	if (n > FOLD_IN_MAX || u8_check((const uint8_t *)s, n) != NULL) {
		errno = EILSEQ;
		return NULL;
	}
	/* Case folded and decomposed: "Ŵ" becomes "w" and a circumflex. */
	if ((f = u8_casefold((const uint8_t *)s, n, NULL, UNINORM_NFD, NULL,
	    &flen)) == NULL)
		return NULL;
	if ((out = malloc(flen + 1)) == NULL) {
		free(f);
		return NULL;
	}
	for (i = 0; i < flen; i += (size_t)k) {
		if ((k = u8_mbtouc(&uc, f + i, flen - i)) < 1)
			break;
		/* Marks (Mn, Mc, Me): the accents NFD split off. */
		if (uc_is_general_category(uc, UC_CATEGORY_M))
			continue;
		if ((b = base_of(uc)) != NULL) {
			memcpy(out + o, b, strlen(b));
			o += strlen(b);
		} else if (u8_uctomb(out + o, uc, (int)(flen + 1 - o)) == k)
			o += (size_t)k;
		else
			break;
	}
	free(f);
	if (i < flen) {
		free(out);
		errno = EILSEQ;
		return NULL;
	}
	out[o] = '\0';
	if (len != NULL)
		*len = o;
	return (char *)out;
}

const char *
fold_arena(struct arena *a, const char *s)
{
	char		*f;
	const char	*r;

	if ((f = fold_utf8(s, strlen(s), NULL)) == NULL)
		return NULL;
	r = arena_strdup(a, f);
	free(f);
	return r;
}

static void
sql_fold(sqlite3_context *c, int argc, sqlite3_value **argv)
{
	const unsigned char	*s;
	char			*f;
	size_t			 len;
	int			 n;

	(void)argc;
	if ((s = sqlite3_value_text(argv[0])) == NULL) {
		sqlite3_result_null(c);
		return;
	}
	n = sqlite3_value_bytes(argv[0]);
	errno = 0;
	if ((f = fold_utf8((const char *)s, (size_t)n, &len)) == NULL) {
		if (errno == EILSEQ)
			sqlite3_result_null(c);
		else
			sqlite3_result_error_nomem(c);
		return;
	}
	sqlite3_result_text(c, f, (int)len, free);
}

int
fold_sql_register(sqlite3 *h)
{
	return sqlite3_create_function(h, "fold", 1, SQLITE_UTF8 |
	    SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL, sql_fold, NULL,
	    NULL);
}
