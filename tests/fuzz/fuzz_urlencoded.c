/*
 * fuzz_urlencoded.c: form_parse_urlencoded() and form_validate() on any
 * bytes, as a query string or a POST body would bring them.
 *
 * Promises checked (form.h): on success at most FORM_FIELDS_MAX fields,
 * each name non-empty and each name and value valid UTF-8 without NUL and
 * within FORM_NAME_MAX / FORM_VALUE_MAX, with len the value's length; on
 * failure an empty form. Then every value form_validate() accepts obeys
 * its type: a line has no control character, an email one '@' and no
 * capital, an integer is in range, and so on.
 */
#include "fuzz.h"

#include "kit/form.h"

static const char *const modes[] = { "online", "in-person", NULL };

static const struct form_spec specs[] = {
	{ "a", "Your name", FT_TEXT, 1, 1, 20, 0, 0, NULL },
	{ "b", "Town", FT_LINE, 0, 0, 0, 0, 0, NULL },
	{ "c", "Email address", FT_EMAIL, 1, 0, 0, 0, 0, NULL },
	{ "d", "Seats", FT_INT, 0, 0, 0, 1, 40, NULL },
	{ "e", "Page", FT_INT, 0, 0, 0, 0, 0, NULL },
	{ "f", "From", FT_DATE, 0, 0, 0, 0, 0, NULL },
	{ "g", "Start", FT_TIME, 0, 0, 0, 0, 0, NULL },
	{ "h", "Mode", FT_ONEOF, 0, 0, 0, 0, 0, modes },
	{ "i", "Consent", FT_CHECKBOX, 0, 0, 0, 0, 0, NULL },
	{ "j", "Slug", FT_TOKEN, 0, 2, 8, 0, 0, NULL },
	{ "q", "Search", FT_LINE, 0, 0, 100, 0, 0, NULL },
};
#define NSPECS	(sizeof(specs) / sizeof(specs[0]))

/* Code points in valid UTF-8. */
static size_t
chars(const char *s)
{
	size_t	 n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

static int
all_digits(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static void
check_value(const struct form_spec *sp, const struct form_value *v)
{
	const char	*s = v->value, *at;
	size_t		 len, i;

	if (v->error != NULL) {
		FUZZ_ASSERT(v->value == NULL);
		FUZZ_ASSERT(v->error[0] != '\0');
		return;
	}
	if (sp->type == FT_CHECKBOX) {
		FUZZ_ASSERT(v->ival == (v->raw != NULL));
		return;
	}
	if (s == NULL) {
		FUZZ_ASSERT(!sp->required);
		return;
	}
	len = strlen(s);
	FUZZ_ASSERT(len > 0);
	FUZZ_ASSERT(utf8_valid(s, len));
	if (sp->max_len != 0 && sp->type != FT_INT)
		FUZZ_ASSERT(chars(s) <= sp->max_len);
	if (sp->type != FT_INT)
		FUZZ_ASSERT(chars(s) >= sp->min_len);
	switch (sp->type) {
	case FT_TEXT:
	case FT_LINE:
	case FT_EMAIL:
		/* Trimmed at both ends. */
		FUZZ_ASSERT(strchr(" \t\r\n\f\v", s[0]) == NULL);
		FUZZ_ASSERT(strchr(" \t\r\n\f\v", s[len - 1]) == NULL);
		if (sp->type == FT_TEXT)
			break;
		for (i = 0; i < len; i++)
			FUZZ_ASSERT((unsigned char)s[i] >= 0x20 &&
			    s[i] != 0x7f);
		if (sp->type == FT_LINE)
			break;
		FUZZ_ASSERT((at = strchr(s, '@')) != NULL);
		FUZZ_ASSERT(strchr(at + 1, '@') == NULL);
		FUZZ_ASSERT(at > s && strchr(at + 1, '.') != NULL);
		FUZZ_ASSERT(chars(s) <= 254);	/* EMAIL_MAX, in characters */
		for (i = 0; i < len; i++)
			FUZZ_ASSERT(s[i] < 'A' || s[i] > 'Z');
		break;
	case FT_INT:
		if (sp->min != 0 || sp->max != 0)
			FUZZ_ASSERT(v->ival >= sp->min && v->ival <= sp->max);
		/* The normalised value is the number written plainly. */
		FUZZ_ASSERT(strtoll(s, NULL, 10) == v->ival);
		FUZZ_ASSERT(s[0] == '-' ? all_digits(s + 1, len - 1) :
		    all_digits(s, len));
		break;
	case FT_DATE:
		FUZZ_ASSERT(len == 10 && s[4] == '-' && s[7] == '-');
		FUZZ_ASSERT(all_digits(s, 4) && all_digits(s + 5, 2) &&
		    all_digits(s + 8, 2));
		FUZZ_ASSERT(strncmp(s + 5, "13", 2) < 0 &&
		    strncmp(s + 5, "00", 2) > 0);
		FUZZ_ASSERT(strncmp(s + 8, "32", 2) < 0 &&
		    strncmp(s + 8, "00", 2) > 0);
		break;
	case FT_TIME:
		FUZZ_ASSERT(len == 5 && s[2] == ':');
		FUZZ_ASSERT(all_digits(s, 2) && all_digits(s + 3, 2));
		FUZZ_ASSERT(strncmp(s, "24", 2) < 0 &&
		    strncmp(s + 3, "60", 2) < 0);
		break;
	case FT_ONEOF:
		FUZZ_ASSERT(strcmp(s, "online") == 0 ||
		    strcmp(s, "in-person") == 0);
		break;
	case FT_TOKEN:
		FUZZ_ASSERT(strspn(s, "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") == len);
		break;
	default:
		FUZZ_ASSERT(0);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena		*a = fuzz_arena();
	struct form		 f;
	struct form_value	 vals[NSPECS];
	enum form_err		 e;
	size_t			 i, len;
	int			 nerr, counted;

	e = form_parse_urlencoded(a, (const char *)data, size, &f);
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
		FUZZ_ASSERT(fld->len == strlen(fld->value));
		FUZZ_ASSERT(fld->len <= FORM_VALUE_MAX);
		FUZZ_ASSERT(utf8_valid(fld->value, fld->len));
		FUZZ_ASSERT(fld->filename == NULL && fld->ctype == NULL);
	}
	if (f.n > 0)
		FUZZ_ASSERT(form_get(&f, f.fields[0].name) ==
		    f.fields[0].value);

	nerr = form_validate(a, &f, specs, NSPECS, vals);
	FUZZ_ASSERT(nerr >= 0 && (size_t)nerr <= NSPECS);
	for (counted = 0, i = 0; i < NSPECS; i++) {
		check_value(&specs[i], &vals[i]);
		if (vals[i].error != NULL)
			counted++;
		FUZZ_ASSERT(vals[i].raw == form_get(&f, specs[i].name));
	}
	FUZZ_ASSERT(counted == nerr);
	return 0;
}
