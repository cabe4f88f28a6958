/*
 * json.c: a view written as JSON (RFC 8259).
 *
 * Output is compact (no whitespace) and follows the order in which the
 * variables were set. Runs of bytes that need no escaping are written
 * with one sink call.
 */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "json.h"
#include "utf8.h"
#include "view.h"

/*
 * Strings are escaped as RFC 8259 section 7 requires (", \ and control
 * characters), plus "<", ">" and "&" so that a response sniffed as HTML
 * runs nothing, and U+2028 and U+2029, which end a line in older
 * JavaScript. The form layer guarantees valid UTF-8; should an invalid
 * byte get through anyway it becomes U+FFFD, so the output is still
 * valid JSON.
 */
int
json_write_string(const struct sink *out, const char *str)
{
	const unsigned char	*s = (const unsigned char *)str;
	const unsigned char	*run;
	char			 esc[8];
	size_t			 n;

	if (str == NULL)
		return sink_puts(out, "null");
	if (sink_write(out, "\"", 1) == -1)
		return -1;
	for (run = s; *s != '\0'; ) {
		if (*s >= 0x80) {
			n = utf8_char_z((const char *)s, NULL);
			/* E2 80 A8 and E2 80 A9 are U+2028 and U+2029. */
			if (n == 3 && s[0] == 0xe2 && s[1] == 0x80 &&
			    (s[2] == 0xa8 || s[2] == 0xa9))
				snprintf(esc, sizeof(esc), "\\u%04x",
				    s[2] == 0xa8 ? 0x2028u : 0x2029u);
			else if (n == 0)
				snprintf(esc, sizeof(esc), "\\ufffd");
			else {
				s += n;
				continue;
			}
			n = n == 0 ? 1 : n;
		} else if (*s == '"' || *s == '\\') {
			esc[0] = '\\';
			esc[1] = (char)*s;
			esc[2] = '\0';
			n = 1;
		} else if (*s < 0x20 || *s == '<' || *s == '>' || *s == '&') {
			snprintf(esc, sizeof(esc), "\\u%04x", *s);
			n = 1;
		} else {
			s++;
			continue;
		}
		if (sink_write(out, (const char *)run, (size_t)(s - run)) == -1 ||
		    sink_puts(out, esc) == -1)
			return -1;
		s += n;
		run = s;
	}
	if (sink_write(out, (const char *)run, (size_t)(s - run)) == -1)
		return -1;
	return sink_write(out, "\"", 1);
}

static int	write_object(const struct sink *, const struct view *);

static int
write_value(const struct sink *out, const struct vval *val)
{
	const struct vrow	*r;
	char			 num[32];

	switch (val->type) {
	case VT_STR:
		return json_write_string(out, val->s != NULL ? val->s : "");
	case VT_INT:
		snprintf(num, sizeof(num), "%lld", val->i);
		return sink_puts(out, num);
	case VT_BOOL:
		return sink_puts(out, val->i ? "true" : "false");
	case VT_LOOP:
		if (sink_write(out, "[", 1) == -1)
			return -1;
		for (r = val->rows; r != NULL; r = r->next) {
			if (r != val->rows && sink_write(out, ",", 1) == -1)
				return -1;
			if (write_object(out, r->scope) == -1)
				return -1;
		}
		return sink_write(out, "]", 1);
	default:
		return sink_puts(out, "null");
	}
}

/* One scope's own variables as an object; the parents are not shown. */
static int
write_object(const struct sink *out, const struct view *v)
{
	const void		*it = NULL;
	const struct vval	*val;
	const char		*name;
	int			 first = 1;

	if (sink_write(out, "{", 1) == -1)
		return -1;
	while ((name = view_next(v, &it, &val)) != NULL) {
		if (name[0] == '_')
			continue;
		if (!first && sink_write(out, ",", 1) == -1)
			return -1;
		first = 0;
		if (json_write_string(out, name) == -1 ||
		    sink_write(out, ":", 1) == -1 ||
		    write_value(out, val) == -1)
			return -1;
	}
	return sink_write(out, "}", 1);
}

int
json_write_view(const struct sink *out, const struct view *v)
{
	return write_object(out, v);
}
