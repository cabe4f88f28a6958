/*
 * form.h: parsing and validating form fields (kcgi style).
 *
 * Parsing turns a query string, an application/x-www-form-urlencoded
 * body or a multipart/form-data body into a list of raw fields. Every
 * field name and value is checked: valid UTF-8, no NUL byte, within
 * FORM_NAME_MAX / FORM_VALUE_MAX, at most FORM_FIELDS_MAX fields.
 * Repeated names are kept, in order.
 *
 * Validation then checks the raw fields against the program's table of
 * struct form_spec: a handler only ever reads validated values.
 *
 * Ownership: every string lives in the arena passed in.
 */
#ifndef KIT_FORM_H
#define KIT_FORM_H

#include <stddef.h>

#include "utf8.h"	/* utf8_valid(), which the form layer's callers use */

struct arena;

#define FORM_FIELDS_MAX		64		/* fields in one form */
#define FORM_NAME_MAX		64		/* bytes in a field name */
#define FORM_VALUE_MAX		(16 * 1024)	/* bytes in a text value */
#define FORM_FILE_MAX		(256 * 1024)	/* bytes in a multipart file part */
#define FORM_BOUNDARY_MAX	70		/* RFC 2046 5.1.1 */
#define FORM_PART_LINE_MAX	2048		/* bytes in a part header line */
#define FORM_PART_HEADERS_MAX	16		/* header lines in one part */

enum form_err {
	FORM_OK = 0,
	FORM_E_ENCODING,	/* malformed percent-encoding or multipart framing */
	FORM_E_UTF8,		/* invalid UTF-8 */
	FORM_E_NUL,		/* a NUL byte */
	FORM_E_TOO_MANY,	/* more than FORM_FIELDS_MAX fields */
	FORM_E_TOO_LONG,	/* a name or value over its limit */
	FORM_E_BOUNDARY,	/* missing or invalid multipart boundary */
	FORM_E_NOMEM,
	FORM_E__MAX
};

struct form_field {
	const char	*name;
	const char	*value;		/* NUL-terminated */
	size_t		 len;		/* bytes in value */
	const char	*filename;	/* multipart file parts only, else NULL */
	const char	*ctype;		/* multipart parts only, else NULL */
};

struct form {
	struct form_field	*fields;
	size_t			 n;
};

/* A short English message for an error, for logs. */
const char	*form_strerror(enum form_err);

/*
 * Parse urlencoded data (query string or body) of len bytes; '+' is a
 * space. Empty pairs ("a=1&&b=2") are skipped; "a" alone is a = "".
 */
enum form_err	 form_parse_urlencoded(struct arena *, const char *data,
		    size_t len, struct form *);
/*
 * Parse a multipart/form-data body (RFC 7578). ctype is the whole
 * Content-Type header value, which carries the boundary.
 * Text parts obey FORM_VALUE_MAX and UTF-8; parts with a filename are
 * kept as bytes up to FORM_FILE_MAX and are not checked for UTF-8.
 */
enum form_err	 form_parse_multipart(struct arena *, const char *ctype,
		    const char *data, size_t len, struct form *);

/* The first value of name, or NULL. */
const char	*form_get(const struct form *, const char *name);
/* How many fields are named name. */
size_t		 form_count(const struct form *, const char *name);

/* Percent-decode len bytes of s ('+' as space if plus) into the arena;
 * NULL on malformed input. *outlen gets the decoded length. */
char		*form_decode(struct arena *, const char *s, size_t len,
		    int plus, size_t *outlen);

/* What a field must be. */
enum form_type {
	FT_TEXT,	/* any text; spaces trimmed at both ends */
	FT_LINE,	/* one line: like FT_TEXT but no CR, LF or other C0 control */
	FT_EMAIL,	/* one line with one @, a local part and a dotted domain; lowercased */
	FT_INT,		/* decimal integer within [min, max] */
	FT_DATE,	/* YYYY-MM-DD, a real calendar date */
	FT_TIME,	/* HH:MM, 00:00 to 23:59 */
	FT_ONEOF,	/* one of choices[] */
	FT_CHECKBOX,	/* present (any value) or absent; never "missing" */
	FT_TOKEN,	/* [A-Za-z0-9_-] only */
	FT__MAX
};

struct form_spec {
	const char		*name;		/* field name */
	const char		*label;		/* for messages: "Email address" */
	enum form_type		 type;
	int			 required;
	size_t			 min_len;	/* in characters, after trimming */
	size_t			 max_len;	/* in characters; 0 means FORM_VALUE_MAX bytes */
	long long		 min, max;	/* FT_INT; both 0 means any */
	const char *const	*choices;	/* FT_ONEOF, NULL-terminated */
};

/* One validated (or refused) field, indexed like the spec table. */
struct form_value {
	const char	*raw;		/* what was sent (for re-showing the form), or NULL */
	const char	*value;		/* normalised value when valid, else NULL */
	long long	 ival;		/* FT_INT value; FT_CHECKBOX 1 or 0 */
	const char	*error;		/* a message for the person, or NULL if valid */
};

/*
 * Check form against n specs, filling vals[0..n-1]. Fields not in the
 * table are ignored; a repeated field is judged by its first value.
 * An absent optional field is valid with value NULL (FT_CHECKBOX:
 * ival 0). Messages say what to fix in plain words, e.g.
 * "Enter your email address" or "Email address must be like
 * name@example.org". Returns the number of fields in error, or -1 when
 * out of memory.
 */
int		 form_validate(struct arena *, const struct form *,
		    const struct form_spec *, size_t n, struct form_value *vals);

#endif
