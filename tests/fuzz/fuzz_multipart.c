/*
 * fuzz_multipart.c: form_parse_multipart() on any Content-Type and body.
 *
 * Input: the Content-Type header value up to the first LF, then the body.
 * Promises checked (form.h): on failure an empty form; on success at most
 * FORM_FIELDS_MAX fields, each name non-empty, valid UTF-8, no NUL, within
 * FORM_NAME_MAX; a text part's value valid UTF-8 without NUL within
 * FORM_VALUE_MAX; a file part within FORM_FILE_MAX with a filename that
 * is valid UTF-8 without CR or LF; every part has a content type (the
 * default text/plain when none was sent) that is valid UTF-8; and every
 * value lies byte for byte inside the body that was sent.
 */
#include "fuzz.h"

#include "kit/form.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena		*a = fuzz_arena();
	const uint8_t		*nl;
	const char		*body;
	char			*ctype;
	struct form		 f;
	enum form_err		 e;
	size_t			 i, len, clen, blen;

	if ((nl = memchr(data, '\n', size)) == NULL)
		return 0;
	clen = (size_t)(nl - data);
	ctype = fuzz_str(a, data, clen);
	/* The body ends where libFuzzer's buffer ends: ASan sees any read
	 * past it. */
	blen = size - clen - 1;
	body = (const char *)nl + 1;

	e = form_parse_multipart(a, ctype, body, blen, &f);
	FUZZ_ASSERT(form_strerror(e) != NULL);
	if (e != FORM_OK) {
		FUZZ_ASSERT(f.n == 0 && f.fields == NULL);
		return 0;
	}
	FUZZ_ASSERT(f.n <= FORM_FIELDS_MAX);
	for (i = 0; i < f.n; i++) {
		const struct form_field *fld = &f.fields[i];

		len = strlen(fld->name);
		FUZZ_ASSERT(len > 0 && len <= FORM_NAME_MAX);
		FUZZ_ASSERT(utf8_valid(fld->name, len));
		FUZZ_ASSERT(fld->value != NULL);
		FUZZ_ASSERT(fld->value[fld->len] == '\0');
		FUZZ_ASSERT(fld->len <= blen);
		FUZZ_ASSERT(fld->len == 0 || memmem(body, blen, fld->value,
		    fld->len) != NULL);
		FUZZ_ASSERT(fld->ctype != NULL);
		FUZZ_ASSERT(utf8_valid(fld->ctype, strlen(fld->ctype)));
		if (fld->filename != NULL) {
			len = strlen(fld->filename);
			FUZZ_ASSERT(utf8_valid(fld->filename, len));
			FUZZ_ASSERT(strpbrk(fld->filename, "\r\n") == NULL);
			FUZZ_ASSERT(fld->len <= FORM_FILE_MAX);
		} else {
			FUZZ_ASSERT(fld->len == strlen(fld->value));
			FUZZ_ASSERT(fld->len <= FORM_VALUE_MAX);
			FUZZ_ASSERT(utf8_valid(fld->value, fld->len));
		}
	}
	return 0;
}
