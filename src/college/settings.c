/*
 * settings.c: the college's own settings (settings.h). The kit's form
 * validation does the common checks (one line, an email address, a
 * number in range, lengths); the rest is here, once.
 */
#include <stdio.h>
#include <string.h>


#include "kit/arena.h"
#include "kit/ascii.h"
#include "kit/db.h"
#include "kit/form.h"
#include "kit/i18n.h"
#include "college/college.h"
#include "college/settings.h"
#include "college/stmts.h"
#include "college/when.h"

#define PHONE_DIGITS_MIN	6	/* digits in the shortest phone number */
#define PHONE_DIGITS_MAX	15	/* and the longest (ITU-T E.164) */

const struct form_spec settings_fields[SETTINGS__MAX] = {
	[SETTINGS_NAME] = { "college_name", N_("The college's name"), FT_LINE,
	    1, 1, SETTINGS_NAME_MAX, 0, 0, NULL },
	[SETTINGS_EMAIL] = { "contact_email", N_("Contact email address"),
	    FT_EMAIL, 0, 0, 254, 0, 0, NULL },
	[SETTINGS_PHONE] = { "contact_phone", N_("Contact phone number"), FT_LINE,
	    0, 0, SETTINGS_PHONE_MAX, 0, 0, NULL },
	[SETTINGS_PRIVACY] = { "privacy_notice", N_("Privacy notice"), FT_TEXT,
	    1, 1, SETTINGS_PRIVACY_MAX, 0, 0, NULL },
	[SETTINGS_TIMEZONE] = { "timezone", N_("Time zone"), FT_LINE, 1, 1,
	    WHEN_ZONE_MAX, 0, 0, NULL },
	[SETTINGS_REMINDER] = { "reminder_hours", N_("Hours before a session "
	    "for its reminder"), FT_INT, 1, 0, 0, 0, SETTINGS_REMINDER_MAX,
	    NULL },
	[SETTINGS_LANGUAGES] = { "languages", N_("Languages offered"), FT_LINE,
	    1, 1, I18N_LANGS_MAX * (I18N_TAG_MAX + 2), 0, 0, NULL },
	[SETTINGS_DEFAULT_LANG] = { "default_language", N_("The college's own "
	    "language"), FT_LINE, 1, 1, I18N_TAG_MAX, 0, 0, NULL },
};

const char *
settings_default(enum settings_key i)
{
	switch (i) {
	case SETTINGS_REMINDER:
		return SETTINGS_REMINDER_DEFAULT;
	case SETTINGS_TIMEZONE:
		return "Europe/London";
	case SETTINGS_LANGUAGES:
		return SETTINGS_LANGUAGES_DEFAULT;
	case SETTINGS_DEFAULT_LANG:
		return SETTINGS_LANGUAGE_DEFAULT;
	default:
		return "";
	}
}

/*
 * The language list s as stored: its tags lower-cased, joined by ','
 * with no spaces, in the arena; NULL (with *why) when a tag is not two
 * or three letters, comes twice, or there are more than I18N_LANGS_MAX.
 */
static const char *
languages_norm(struct arena *a, const char *s, const char **why)
{
	char		 out[I18N_LANGS_MAX * (I18N_TAG_MAX + 1) + 1];
	char		 tag[I18N_TAG_MAX + 1];
	size_t		 n, o = 0, count = 0, k;

	*why = _("Write the languages as two- or three-letter codes with "
	    "commas between them, like en,nl,es,cy");
	for (;;) {
		s += strspn(s, " ,");
		if (*s == '\0')
			break;
		n = strcspn(s, " ,");
		if (n > I18N_TAG_MAX)
			return NULL;
		for (k = 0; k < n; k++)
			tag[k] = (char)ascii_lower((unsigned char)s[k]);
		tag[n] = '\0';
		if (!i18n_tag_ok(tag))
			return NULL;
		out[o] = '\0';
		if (i18n_offered(out, tag)) {
			*why = _("Each language once, please: one is there twice");
			return NULL;
		}
		if (++count > I18N_LANGS_MAX) {
			*why = _("That is too many languages");
			return NULL;
		}
		if (o > 0)
			out[o++] = ',';
		memcpy(out + o, tag, n);
		o += n;
		s += n;
	}
	out[o] = '\0';
	if (o == 0)
		return NULL;
	return arena_strdup(a, out);
}

int
settings_index(const char *key)
{
	int	 i;

	for (i = 0; key != NULL && i < SETTINGS__MAX; i++)
		if (strcmp(key, settings_fields[i].name) == 0)
			return i;
	return -1;
}

/* Whether s is a phone number people can read and dial: digits, spaces
 * and + ( ) - . only, with PHONE_DIGITS_MIN to _MAX digits. */
static int
phone_ok(const char *s)
{
	size_t	 digits = 0;

	for (; *s != '\0'; s++) {
		if (*s >= '0' && *s <= '9')
			digits++;
		else if (strchr(" +()-.", *s) == NULL)
			return 0;
	}
	return digits >= PHONE_DIGITS_MIN && digits <= PHONE_DIGITS_MAX;
}

const char *
settings_check(struct arena *a, enum settings_key i, const char *value,
    const char **norm)
{
	struct form_field	 ff;
	struct form		 f;
	struct form_value	 fv;
	const char		*why;

	*norm = NULL;
	if ((unsigned)i >= SETTINGS__MAX)
		return _("There is no such setting");
	if (value == NULL)
		value = "";
	/* The value as a one-field form, for the kit's validators (which
	 * also refuse invalid UTF-8 and NUL bytes). */
	ff.name = settings_fields[i].name;
	ff.value = value;
	ff.len = strlen(value);
	ff.filename = ff.ctype = NULL;
	f.fields = &ff;
	f.n = 1;
	if (!utf8_valid(value, ff.len))
		return _("Use only letters, numbers and punctuation");
	if (form_validate(a, &f, &settings_fields[i], 1, &fv) < 0)
		return _("Something went wrong: please try again");
	if (fv.error != NULL)
		return fv.error;
	*norm = fv.value != NULL ? fv.value : "";
	switch (i) {
	case SETTINGS_PHONE:
		if (**norm != '\0' && !phone_ok(*norm))
			return _("Enter a phone number of digits, spaces and "
			    "+ ( ) -, like 0113 496 0123, or leave it empty");
		break;
	case SETTINGS_TIMEZONE:
		if (!when_zone_known(*norm))
			return _("Enter a time zone from the zone database, "
			    "such as Europe/London or America/New_York");
		break;
	case SETTINGS_LANGUAGES:
		if ((*norm = languages_norm(a, *norm, &why)) == NULL)
			return why;
		break;
	case SETTINGS_DEFAULT_LANG:
		if (!i18n_tag_ok(*norm))
			return _("Write the language as its two- or three-letter "
			    "code, like en or cy");
		break;
	case SETTINGS_REMINDER:
		/* Stored as the plain number ("024" is "24"). */
		if ((*norm = arena_printf(a, "%lld", fv.ival)) == NULL)
			return _("Something went wrong: please try again");
		break;
	default:
		break;
	}
	return NULL;
}

/* A translated pattern with {offered} and {default} filled in, in a. */
static const char *
langs_say(struct arena *a, const char *pattern, const char *offered,
    const char *deflt)
{
	static const char *const names[] = { "offered", "default" };
	const char	*values[2];

	values[0] = offered;
	values[1] = deflt;
	return i18n_say(a, pattern, names, values, 2);
}

/*
 * The one rule across two settings: the college's own language is one
 * of those offered, or a learner whose browser asks for nothing offered
 * would get a language the chooser does not list. norm holds the
 * checked new values (NULL: unchanged, read from db). A change that
 * breaks the rule is refused, never mended by moving the default: the
 * default says which language the courses' own titles are written in,
 * and quietly relabelling them would show English text as Welsh. The
 * message goes to the field that changed (the default when both did),
 * naming what would keep the rule. SETTINGS_SAVED when kept,
 * SETTINGS_INVALID with why[] set, SETTINGS_SAVE_ERROR on a database or
 * memory error.
 */
static enum settings_save_result
settings_langs_agree(struct db *db, struct arena *a,
    const char *norm[SETTINGS__MAX], const char *why[SETTINGS__MAX])
{
	const char	*offered, *deflt, *was;

	if (norm[SETTINGS_LANGUAGES] == NULL &&
	    norm[SETTINGS_DEFAULT_LANG] == NULL)
		return SETTINGS_SAVED;
	offered = norm[SETTINGS_LANGUAGES] != NULL ?
	    norm[SETTINGS_LANGUAGES] : college_setting(db, a, "languages",
	    SETTINGS_LANGUAGES_DEFAULT);
	was = college_setting(db, a, "default_language",
	    SETTINGS_LANGUAGE_DEFAULT);
	deflt = norm[SETTINGS_DEFAULT_LANG] != NULL ?
	    norm[SETTINGS_DEFAULT_LANG] : was;
	if (offered == NULL || deflt == NULL || was == NULL)
		return SETTINGS_SAVE_ERROR;
	if (i18n_offered(offered, deflt))
		return SETTINGS_SAVED;
	/* Sent unchanged (the settings page sends both): the list is
	 * what changed, so the message is the list's. */
	if (strcmp(deflt, was) != 0)
		why[SETTINGS_DEFAULT_LANG] = langs_say(a, _("The college's "
		    "own language must be one of the languages offered "
		    "({offered}): choose one of those, or offer {default} "
		    "first"), offered, deflt);
	else
		why[SETTINGS_LANGUAGES] = langs_say(a, _("Keep {default}, the "
		    "college's own language, in the list, or change the "
		    "college's own language first"), offered, deflt);
	if (why[SETTINGS_DEFAULT_LANG] == NULL &&
	    why[SETTINGS_LANGUAGES] == NULL)
		return SETTINGS_SAVE_ERROR;
	return SETTINGS_INVALID;
}

enum settings_save_result
settings_save(struct db *db, struct arena *a, long long by,
    const char *const values[SETTINGS__MAX], const char *why[SETTINGS__MAX])
{
	const char	*norm[SETTINGS__MAX];
	struct db_stmt	*st;
	char		 keys[256];
	size_t		 n = 0;
	int		 i, bad = 0, rc;

	for (i = 0; i < SETTINGS__MAX; i++) {
		why[i] = NULL;
		norm[i] = NULL;
		if (values[i] != NULL &&
		    (why[i] = settings_check(a, (enum settings_key)i,
		    values[i], &norm[i])) != NULL)
			bad = 1;
	}
	if (bad)
		return SETTINGS_INVALID;
	if ((rc = settings_langs_agree(db, a, norm, why)) != SETTINGS_SAVED)
		return rc;
	keys[0] = '\0';
	if (db_begin(db) != DB_OK)
		return SETTINGS_SAVE_ERROR;
	for (i = 0; i < SETTINGS__MAX; i++) {
		if (norm[i] == NULL)
			continue;
		if ((st = db_stmt(db, STMT_ADMIN_SETTING_SET)) == NULL)
			goto fail;
		db_bind_text(st, 1, settings_fields[i].name);
		db_bind_text(st, 2, norm[i]);
		if (db_step_done(st) != DB_OK)
			goto fail;
		n += (size_t)snprintf(keys + n, sizeof(keys) - n, "%s%s",
		    n > 0 ? " " : "", settings_fields[i].name);
		if (n >= sizeof(keys))
			goto fail;
	}
	if (n > 0 && college_audit(db, by, "setting.set", keys) == -1)
		goto fail;
	return db_commit(db) == 0 ? SETTINGS_SAVED : SETTINGS_SAVE_ERROR;
fail:
	db_rollback(db);
	return SETTINGS_SAVE_ERROR;
}
