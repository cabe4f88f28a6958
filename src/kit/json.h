/*
 * json.h: a view written as JSON (RFC 8259).
 *
 * Strings are escaped (", \, control characters as \uXXXX; "<", ">" and
 * "&" as \u003c, \u003e, \u0026 so JSON is safe if sniffed as HTML);
 * integers as numbers, booleans as true/false, loops as arrays of objects.
 * Names starting with an underscore are private to templates and left out.
 */
#ifndef KIT_JSON_H
#define KIT_JSON_H

struct sink;
struct view;

/* Write the view as one JSON object. Returns 0 or -1 (sink failed). */
int	json_write_view(const struct sink *, const struct view *);
/* Write s as a quoted JSON string. */
int	json_write_string(const struct sink *, const char *);

#endif
