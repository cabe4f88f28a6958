/*
 * tmpl.h: the template language of libctemplate, HTML-escaped by default.
 *
 *   <TMPL_VAR name="x" default="d" fmt="html|raw|url|js">
 *   <TMPL_IF name="x" value="v"> ... <TMPL_ELSIF name="y"> ... <TMPL_ELSE>
 *   ... </TMPL_IF>
 *   <TMPL_LOOP name="rows"> ... <TMPL_BREAK level="1"> <TMPL_CONTINUE>
 *   ... </TMPL_LOOP>
 *   <TMPL_INCLUDE name="file.html">
 *   <!-- TMPL_VAR name="x" -->  (any tag may be written so; end it with -->)
 *   <* a comment *>
 *   <TMPL_TRANS>Book a place</TMPL_TRANS>               (tessera's own)
 *   <TMPL_TRANS count="n" plural="{n} places left">1 place left</TMPL_TRANS>
 *   <TMPL_TRANS context="month">May</TMPL_TRANS>
 *
 * A construct renders as libctemplate 1.0 renders it, or the template
 * is refused at load time; tests/unit/tmpl_conformance holds the cases
 * and what libctemplate printed. Tag and attribute names are
 * case-insensitive, variable names are not. Attribute values are
 * quoted with " or ' and end on their line, or are bare letters,
 * digits, '.' and '-'. White space in a tag is space, tab, CR and LF;
 * "/>" may end any tag but IF, LOOP and their ends. In text, a
 * backslash at the end of a line joins the next line to it (the
 * backslash and the line end are dropped); "\\" there keeps one
 * backslash and the line end.
 *
 * TMPL_VAR prints a variable's text (a number in decimal, a boolean as
 * "1" or nothing), or the default when there is none; a loop is no
 * variable. TMPL_IF holds for a non-empty text, a non-zero number, true,
 * or, when no variable has the name, a loop with rows; with value="v"
 * it holds when the text is v (value="": there is no text and no loop
 * with rows). BREAK and CONTINUE leave level loops (1 by default) of
 * their own file. Inside a loop, names resolve in the row first, then
 * in the scopes around it.
 *
 * Inside a loop, HTML::Template's loop variables are defined:
 * __counter__ (1-based), __index__ (0-based), and __first__, __last__,
 * __inner__, __outer__, __odd__, __even__, which TMPL_IF may test
 * (TMPL_VAR only __odd__ and __even__: "1" or nothing).
 *
 * Deliberate differences from libctemplate: fmt defaults to "html"
 * (escape & < > " '), "raw" being the visible opt-out; "url"
 * percent-encodes everything but unreserved characters (RFC 3986);
 * "js" writes a JavaScript string body with \uXXXX escapes for
 * anything but [A-Za-z0-9 _,.-], safe inside <script> and attributes.
 * Templates are parsed once (tmpl_load) and kept for the life of the
 * process; INCLUDE names a file of the template directory and is
 * resolved at load time, at most TMPL_INCLUDE_DEPTH deep. Names are
 * [A-Za-z0-9_]. A parse error names the file and the line.
 *
 * TMPL_TRANS is not libctemplate's: it marks text for translation
 * (gettext). Its body is text only, no tags, no '<' or '&' (it is
 * escaped when written, so a translator can add no markup); white space
 * runs are squeezed to one space and trimmed, giving the msgid that
 * tools/tmpl-xgettext.sh extracts the same way. {name} in the text (or
 * in its translation) is replaced by that variable's text, escaped.
 * count="n" with plural="..." chooses a plural form by the number n;
 * context="..." is gettext's msgctxt. The text written is what the
 * translator set with tmpl_set_translator() returns, or the English.
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

/*
 * The translator TMPL_TRANS asks: the text for msgid (with context ctx,
 * or NULL), or with plural (non-NULL) the form for the number n. The
 * returned text must live until the render ends; NULL means msgid. The
 * kit knows no language: a program sets this once, before it renders,
 * and chooses the language per request itself. NULL: English.
 */
typedef const char *(*tmpl_translator)(const char *ctx, const char *msgid,
		    const char *plural, unsigned long n);
void		 tmpl_set_translator(tmpl_translator);

/* The escapers, for code that writes HTML itself. */
int		 html_escape(const struct sink *, const char *);
int		 url_escape(const struct sink *, const char *);
int		 js_escape(const struct sink *, const char *);

#endif
