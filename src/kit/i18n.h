/*
 * i18n.h: messages in the reader's language, with GNU gettext, chosen
 * per request without system locales.
 *
 * glibc's gettext honours LANGUAGE only when LC_MESSAGES is not "C";
 * i18n_init() sets the built-in C.UTF-8 locale once, so nothing depends
 * on locale-gen, and i18n_use() switches the language for the next
 * lookups by setting LANGUAGE and bumping the catalogue counter, as
 * the gettext manual says a program that changes LANGUAGE must
 * ("Being a gettext grok", _nl_msg_cat_cntr). One request at a time
 * per process: the language is the process's, not a thread's.
 *
 * Languages are primary tags (RFC 5646 §2.2.1): two or three lower-case
 * letters, "en", "nl", "cy". The English text is the msgid itself.
 */
#ifndef KIT_I18N_H
#define KIT_I18N_H

#include <stddef.h>

struct arena;

#define I18N_DOMAIN	"tessera"
#define I18N_TAG_MAX	3	/* letters in a primary language tag */
#define I18N_LANGS_MAX	16	/* languages a site may offer */
#define I18N_RANGES_MAX	32	/* Accept-Language ranges looked at */

/* Messages: the msgid is English; N_() marks without translating. */
#define _(s)		i18n_text(NULL, (s))
#define N_(s)		(s)
/* N_() with a context (msgctxt) for xgettext: "May" the month. */
#define NC_(ctx, s)	(s)

/*
 * Bind the text domain to localedir (its LANG/LC_MESSAGES/tessera.mo),
 * set C.UTF-8 and make the template language's TMPL_TRANS ask gettext.
 * 0, or -1 if the C.UTF-8 locale or the binding is refused.
 */
int		 i18n_init(const char *localedir);
/* Look messages up in lang (a tag as above; "en" or NULL: the msgids)
 * from now on. 0, or -1 if lang is not a tag, or is not English before
 * a successful i18n_init() (then nothing changes). */
int		 i18n_use(const char *lang);
/* The language in use ("en" before any i18n_use()). Static storage. */
const char	*i18n_current(void);
/* Whether the language in use has a catalogue (English always has):
 * when not, every message comes back in English. */
int		 i18n_catalogued(void);
/* msgid in the current language, with context ctx (msgctxt) or NULL. */
const char	*i18n_text(const char *ctx, const char *msgid);
/* The form of msgid/plural for the number n in the current language. */
const char	*i18n_ntext(const char *ctx, const char *msgid,
		    const char *plural, unsigned long n);

/*
 * pattern (a translated message) into buf of len bytes, each {name} of
 * the n names replaced by the matching value; any other text, and a
 * {name} not among them, as it stands. For messages with values in
 * them: a translator may reorder {name}s, and nothing in a pattern is a
 * printf format, so a mistake in a catalogue cannot crash the program.
 * Returns the length wanted, as snprintf() does (-1 if huge); buf is
 * always NUL-terminated when len > 0.
 */
int		 i18n_fill(char *buf, size_t len, const char *pattern,
		    const char *const *names, const char *const *values,
		    size_t n);
/*
 * The same fill into the arena a: the one way to give a translated
 * message with values in it a life beyond the caller's stack. Returns
 * the arena's string, or NULL when the arena is out of room (a result
 * past ARENA_MAX) or the result is past INT_MAX.
 */
const char	*i18n_say(struct arena *a, const char *pattern,
		    const char *const *names, const char *const *values,
		    size_t n);
/* i18n_say() of a pattern with one {name}; a NULL value fills "". */
const char	*i18n_say1(struct arena *a, const char *pattern,
		    const char *name, const char *value);

/* Whether s is a primary language tag: 2 or 3 of [a-z]. */
int		 i18n_tag_ok(const char *s);
/*
 * Whether lang is in offered, a comma-separated list of tags (spaces
 * around the commas allowed).
 */
int		 i18n_offered(const char *offered, const char *lang);
/*
 * The offered language an Accept-Language header (RFC 9110 §12.5.4)
 * asks for: ranges by quality, highest first, ties in the header's
 * order; q=0 refuses. A range matches a language of the same primary
 * tag ("nl-BE" gives "nl"), "*" the default. Into out (at least
 * I18N_TAG_MAX + 1 bytes): the language, or deflt when none matches or
 * the header is absent or unreadable. Returns out.
 */
const char	*i18n_negotiate(const char *accept, const char *offered,
		    const char *deflt, char *out, size_t outsz);
/* The language's name in itself ("Nederlands", "Cymraeg"), or the tag
 * when the kit does not know it. */
const char	*i18n_name(const char *lang);

#endif
