/*
 * i18n.c: gettext per request (see i18n.h).
 */
#include <libintl.h>
#include <limits.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "i18n.h"
#include "tmpl.h"

/* GNU gettext's counter of loaded catalogues: bumping it makes the
 * next lookup read LANGUAGE again instead of a cached answer. */
extern int	 _nl_msg_cat_cntr;

#define CTX_MAX	1024	/* bytes of "context\004msgid" looked up */

static char	 current[I18N_TAG_MAX + 1] = "en";
static int	 ready;		/* i18n_init() has succeeded */

static const char *
tmpl_gettext(const char *ctx, const char *msgid, const char *plural,
    unsigned long n)
{
	return plural != NULL ? i18n_ntext(ctx, msgid, plural, n) :
	    i18n_text(ctx, msgid);
}

int
i18n_init(const char *localedir)
{
	if (setlocale(LC_ALL, "C.UTF-8") == NULL ||
	    bindtextdomain(I18N_DOMAIN, localedir) == NULL ||
	    bind_textdomain_codeset(I18N_DOMAIN, "UTF-8") == NULL ||
	    textdomain(I18N_DOMAIN) == NULL)
		return -1;
	tmpl_set_translator(tmpl_gettext);
	ready = 1;
	return i18n_use("en");
}

int
i18n_use(const char *lang)
{
	if (lang == NULL)
		lang = "en";
	if (!i18n_tag_ok(lang))
		return -1;
	/* Without the catalogues only English is true to what is shown. */
	if (!ready && strcmp(lang, "en") != 0)
		return -1;
	if (strcmp(lang, current) == 0 && getenv("LANGUAGE") != NULL)
		return 0;
	if (setenv("LANGUAGE", lang, 1) == -1)
		return -1;
	strcpy(current, lang);
	++_nl_msg_cat_cntr;
	return 0;
}

const char *
i18n_current(void)
{
	return current;
}

/* A catalogue's header is the translation of the empty msgid; without
 * a catalogue the empty msgid comes back. (Through a variable: xgettext
 * warns of an empty msgid written as a literal, which is reserved for
 * that header.) */
int
i18n_catalogued(void)
{
	static const char	 header[] = "";

	if (strcmp(current, "en") == 0)
		return 1;
	return ready && dgettext(I18N_DOMAIN, header)[0] != '\0';
}

/*
 * gettext has no pgettext function, only the convention (gettext.h):
 * the msgid looked up is "context\004msgid", and when that has no
 * translation the msgid comes back.
 */
const char *
i18n_text(const char *ctx, const char *msgid)
{
	char		 key[CTX_MAX];
	const char	*t;
	size_t		 c, m;

	if (ctx == NULL)
		return dgettext(I18N_DOMAIN, msgid);
	c = strlen(ctx);
	m = strlen(msgid);
	if (c + 1 + m + 1 > sizeof(key))
		return msgid;
	memcpy(key, ctx, c);
	key[c] = '\004';
	memcpy(key + c + 1, msgid, m + 1);
	t = dgettext(I18N_DOMAIN, key);
	return t == key ? msgid : t;
}

const char *
i18n_ntext(const char *ctx, const char *msgid, const char *plural,
    unsigned long n)
{
	char		 key[CTX_MAX];
	const char	*t;
	size_t		 c, m;

	if (ctx == NULL)
		return dngettext(I18N_DOMAIN, msgid, plural, n);
	c = strlen(ctx);
	m = strlen(msgid);
	if (c + 1 + m + 1 > sizeof(key))
		return n == 1 ? msgid : plural;
	memcpy(key, ctx, c);
	key[c] = '\004';
	memcpy(key + c + 1, msgid, m + 1);
	t = dngettext(I18N_DOMAIN, key, plural, n);
	return t == key ? msgid : t;
}

int
i18n_tag_ok(const char *s)
{
	size_t	 i;

	if (s == NULL)
		return 0;
	for (i = 0; s[i] >= 'a' && s[i] <= 'z'; i++)
		continue;
	return s[i] == '\0' && i >= 2 && i <= I18N_TAG_MAX;
}

int
i18n_offered(const char *offered, const char *lang)
{
	const char	*p = offered;
	size_t		 n, len;

	if (offered == NULL || !i18n_tag_ok(lang))
		return 0;
	len = strlen(lang);
	while (*p != '\0') {
		p += strspn(p, " ,");
		n = strcspn(p, " ,");
		if (n == len && strncmp(p, lang, n) == 0)
			return 1;
		p += n;
	}
	return 0;
}

/*
 * The quality of one range's parameters at p (after its ';'), as
 * thousandths: "q=0.5" is 500. -1 when unreadable. RFC 9110 §12.4.2:
 * qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ).
 */
static int
quality(const char *p, size_t n)
{
	size_t	 i = 0, d;
	int	 q;

	while (i < n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	if (i + 2 > n || (p[i] != 'q' && p[i] != 'Q') || p[i + 1] != '=')
		return -1;
	i += 2;
	if (i >= n || (p[i] != '0' && p[i] != '1'))
		return -1;
	q = (p[i++] - '0') * 1000;
	if (i < n && p[i] == '.') {
		for (i++, d = 100; i < n && p[i] >= '0' && p[i] <= '9' &&
		    d > 0; i++, d /= 10)
			q += (p[i] - '0') * (int)d;
	}
	while (i < n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	return i == n && q <= 1000 ? q : -1;
}

const char *
i18n_negotiate(const char *accept, const char *offered, const char *deflt,
    char *out, size_t outsz)
{
	const char	*p, *semi;
	char		 tag[I18N_TAG_MAX + 1];
	size_t		 n, t, i;
	int		 q, best = 0, ranges = 0;

	if (outsz < I18N_TAG_MAX + 1)
		return out;
	strcpy(out, i18n_tag_ok(deflt) ? deflt : "en");
	if (accept == NULL)
		return out;
	for (p = accept; *p != '\0' && ranges < I18N_RANGES_MAX; ranges++) {
		p += strspn(p, " \t,");
		if ((n = strcspn(p, ",")) == 0)
			break;
		semi = memchr(p, ';', n);
		t = semi != NULL ? (size_t)(semi - p) : n;
		while (t > 0 && (p[t - 1] == ' ' || p[t - 1] == '\t'))
			t--;
		q = semi != NULL ? quality(semi + 1,
		    n - (size_t)(semi - p) - 1) : 1000;
		/* The primary tag, lower-cased: letters up to '-' or end. */
		for (i = 0; i < t && i < I18N_TAG_MAX &&
		    ((p[i] >= 'a' && p[i] <= 'z') ||
		    (p[i] >= 'A' && p[i] <= 'Z')); i++)
			tag[i] = (char)(p[i] | 0x20);
		tag[i] = '\0';
		if (q > best) {
			if (t == 1 && p[0] == '*') {
				best = q;
				strcpy(out, i18n_tag_ok(deflt) ? deflt : "en");
			} else if ((i == t || (i < t && p[i] == '-')) &&
			    i18n_offered(offered, tag)) {
				best = q;
				strcpy(out, tag);
			}
		}
		p += n;
	}
	return out;
}

const char *
i18n_name(const char *lang)
{
	static const struct {
		const char	*tag;
		const char	*name;
	} names[] = {
		{ "cy", "Cymraeg" },
		{ "de", "Deutsch" },
		{ "en", "English" },
		{ "es", "Español" },
		{ "fi", "Suomi" },
		{ "fr", "Français" },
		{ "ga", "Gaeilge" },
		{ "nb", "Norsk bokmål" },
		{ "nl", "Nederlands" },
		{ "no", "Norsk" },
		{ "pl", "Polski" },
		{ "pt", "Português" },
		{ "sv", "Svenska" },
	};
	size_t	 i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i].tag, lang) == 0)
			return names[i].name;
	return lang;
}

/*
 * Write pattern into buf (len bytes) with each {name} of names replaced
 * by the matching value; any other text, and a {name} not among them,
 * as it stands. The pattern comes from a translator: nothing in it is
 * a printf format. Returns what snprintf() would: the length wanted.
 */
int
i18n_fill(char *buf, size_t len, const char *pattern, const char *const *names,
    const char *const *values, size_t n)
{
	size_t		 out = 0, i, k;
	const char	*p = pattern, *v;

	while (*p != '\0') {
		v = NULL;
		k = 1;
		if (*p == '{')
			for (i = 0; i < n; i++) {
				k = strlen(names[i]);
				if (strncmp(p + 1, names[i], k) == 0 &&
				    p[1 + k] == '}') {
					v = values[i];
					k += 2;
					break;
				}
				k = 1;
			}
		if (v == NULL)
			v = p, i = 1;
		else
			i = strlen(v);
		if (out + i < len)
			memcpy(buf + out, v, i);
		out += i;
		p += k;
	}
	if (len > 0)
		buf[out < len ? out : len - 1] = '\0';
	return out > (size_t)INT_MAX ? -1 : (int)out;
}

/*
 * i18n_fill() twice: once to measure, once into an arena string of
 * that length. The pattern is never a format, so a value with braces
 * in it stands as it is.
 */
const char *
i18n_say(struct arena *a, const char *pattern, const char *const *names,
    const char *const *values, size_t n)
{
	char	*out;
	int	 len;

	if ((len = i18n_fill(NULL, 0, pattern, names, values, n)) < 0 ||
	    (out = arena_alloc(a, (size_t)len + 1)) == NULL)
		return NULL;
	(void)i18n_fill(out, (size_t)len + 1, pattern, names, values, n);
	return out;
}

const char *
i18n_say1(struct arena *a, const char *pattern, const char *name,
    const char *value)
{
	const char	*names[1], *values[1];

	names[0] = name;
	values[0] = value != NULL ? value : "";
	return i18n_say(a, pattern, names, values, 1);
}
