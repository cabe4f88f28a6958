/*
 * settings.h: the college's own settings, and the one owner of their
 * rules, for the admin settings page and `tessera set KEY VALUE`.
 *
 *   college_name	1 to SETTINGS_NAME_MAX characters, one line
 *   contact_email	an email address, or empty (none shown)
 *   contact_phone	digits, spaces and + ( ) - . with 6 to 15 digits, or
 *			empty (none shown)
 *   privacy_notice	1 to SETTINGS_PRIVACY_MAX characters (shown on the
 *			booking form)
 *   timezone		a zone of the system's zone database
 *			(/usr/share/zoneinfo), e.g. Europe/London
 *   reminder_hours	a whole number from 0 to SETTINGS_REMINDER_MAX:
 *			how long before a session its reminder goes (0:
 *			no reminders)
 *   languages		the languages the site offers: 1 to I18N_LANGS_MAX
 *			tags (kit/i18n.h: "en", "nl", "cy"), comma-separated,
 *			stored as "en,nl,es,cy"
 *   default_language	the language of the college's own texts (course
 *			titles and descriptions), shown when nothing the
 *			reader asks for is offered: one of languages
 *
 * Values are stored as text in the setting table, as checked (trimmed;
 * an email lowercased). Every change is in the audit log (the keys, not
 * the values). The programs take a new time zone within a second
 * (college_zone_refresh() before a page is drawn, at most once a
 * second in each process).
 */
#ifndef COLLEGE_SETTINGS_H
#define COLLEGE_SETTINGS_H

#include <stddef.h>

#include "kit/form.h"
#include "kit/outcome.h"

struct arena;
struct db;

#define SETTINGS_NAME_MAX	100	/* characters of the college's name */
#define SETTINGS_PRIVACY_MAX	8000	/* characters of the privacy notice */
#define SETTINGS_PHONE_MAX	30	/* characters of a phone number */
#define SETTINGS_REMINDER_MAX	336	/* hours: two weeks */
#define SETTINGS_REMINDER_DEFAULT "24"	/* shown when none is set */
#define SETTINGS_LANGUAGES_DEFAULT "en,nl,es,cy" /* offered when unset */
#define SETTINGS_LANGUAGE_DEFAULT "en"	/* default_language when unset */

enum settings_key {
	SETTINGS_NAME,
	SETTINGS_EMAIL,
	SETTINGS_PHONE,
	SETTINGS_PRIVACY,
	SETTINGS_TIMEZONE,
	SETTINGS_REMINDER,
	SETTINGS_LANGUAGES,
	SETTINGS_DEFAULT_LANG,
	SETTINGS__MAX
};

/*
 * The settings as form fields, by enum settings_key: each field's name
 * is the setting's key, its label the words used in messages. The
 * admin page uses them as its form.
 */
extern const struct form_spec settings_fields[SETTINGS__MAX];

/* The index of key, or -1 if it is not one of these settings. */
int		 settings_index(const char *key);
/* What setting i is when it has never been set ("" for most). */
const char	*settings_default(enum settings_key i);

/*
 * Check value for setting i. Returns NULL when it may be stored, with
 * the value to store in *norm (in the arena); else a message for the
 * person saying what to fix ("Enter a time zone such as
 * Europe/London"). On out of memory it returns a message too.
 */
const char	*settings_check(struct arena *, enum settings_key i,
		    const char *value, const char **norm);

/*
 * Check and store every value that is not NULL (values by enum
 * settings_key), in one transaction, audited as "setting.set" by user
 * by (0: the command line) with the keys changed. Nothing is stored
 * unless all are valid. Returns SETTINGS_SAVED; SETTINGS_INVALID when
 * a value is not valid, with its message in why[i] (why may hold
 * several); SETTINGS_SAVE_ERROR on a database error.
 * The languages offered must include default_language, as they would
 * be after the save: a change that breaks that is refused
 * (SETTINGS_INVALID), never mended by moving the default, with the
 * message on the field that changed.
 */
enum settings_save_result {
	SETTINGS_SAVE_ERROR = OUTCOME_ERROR,
	SETTINGS_SAVED = OUTCOME_OK,
	SETTINGS_INVALID = OUTCOME__SHARED
};
enum settings_save_result settings_save(struct db *, struct arena *,
		    long long by, const char *const values[SETTINGS__MAX],
		    const char *why[SETTINGS__MAX]);

#endif
