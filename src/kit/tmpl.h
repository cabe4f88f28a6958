/*
 * tmpl.h: the template language of libctemplate, HTML-escaped by default.
 *
 *   <TMPL_VAR name="x" default="d" fmt="html|raw|url|js">
 *   <TMPL_IF name="x"> ... <TMPL_ELSIF name="y"> ... <TMPL_ELSE> ... </TMPL_IF>
 *   <TMPL_LOOP name="rows"> ... <TMPL_BREAK> <TMPL_CONTINUE> ... </TMPL_LOOP>
 *   <TMPL_INCLUDE name="file.html">
 *   <* a comment *>
 *
 * Tag and attribute names are case-insensitive; attribute values are
 * quoted with " or ' or bare. fmt defaults to "html" (escape & < > " ').
 * "url" percent-encodes everything but unreserved characters (RFC 3986);
 * "js" writes a JavaScript string body with \uXXXX escapes for anything
 * but [A-Za-z0-9 _,.-], safe inside <script> and attributes; "raw" is the
 * visible opt-out. Inside a loop, names resolve in the row first, then in
 * the scopes around it. In a loop, __first__, __last__, __odd__ and
 * __index__ (1-based) are defined too.
 *
 * Templates are parsed once (tmpl_load) and kept for the life of the
 * process; INCLUDE is resolved at load time, at most TMPL_INCLUDE_DEPTH
 * deep. A parse error names the file and the line.
 */
#ifndef KIT_TMPL_H
#define KIT_TMPL_H

#include <stddef.h>

struct sink;
struct view;

#define TMPL_INCLUDE_DEPTH	8
#define TMPL_FILE_MAX		((size_t)256 * 1024)	/* largest template file */
#define TMPL_FILES_MAX		256			/* templates in a set */
#define TMPL_NAME_MAX		128			/* file name length */

struct tmpl_set;

/*
 * Parse every *.html and *.txt file directly in dir (includes are found
 * relative to dir as well). On failure returns NULL and writes a message
 * such as "booking.html:12: TMPL_IF without </TMPL_IF>" into err.
 * Free with tmpl_free().
 */
struct tmpl_set	*tmpl_load(const char *dir, char *err, size_t errlen);
/* Parse one template from memory, named name (for messages and lookup);
 * includes are read from dir, which may be NULL to forbid them. */
struct tmpl_set	*tmpl_load_string(const char *name, const char *text,
		    const char *dir, char *err, size_t errlen);
void		 tmpl_free(struct tmpl_set *);
/* Whether the set has a template of that name. */
int		 tmpl_has(const struct tmpl_set *, const char *name);

/*
 * Render template name with view to sink. Returns 0, or -1 if the
 * template does not exist or the sink failed.
 */
int		 tmpl_render(const struct tmpl_set *, const char *name,
		    const struct view *, const struct sink *);

/* The escapers, for code that writes HTML itself. */
int		 html_escape(const struct sink *, const char *);
int		 url_escape(const struct sink *, const char *);
int		 js_escape(const struct sink *, const char *);

#endif
