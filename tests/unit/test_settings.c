/*
 * test_settings.c: the college's own settings: what each accepts and
 * refuses (with what message), that a save stores all or nothing, and
 * that it is audited.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "kit/arena.h"
#include "kit/db.h"
#include "college/college.h"
#include "college/settings.h"
#include "fixture.h"

static void
test_settings_check_table(void **state)
{
	static const struct {
		enum settings_key	 k;
		const char		*in;
		const char		*norm;	/* NULL: refused */
		const char		*why;	/* part of the message */
	} cases[] = {
		{ SETTINGS_NAME, "  Riverside Recovery College ",
		    "Riverside Recovery College", NULL },
		{ SETTINGS_NAME, "", NULL, "name" },
		{ SETTINGS_NAME, "Two\nlines", NULL, NULL },
		{ SETTINGS_EMAIL, "Learning@Riverside.example.org",
		    "learning@riverside.example.org", NULL },
		{ SETTINGS_EMAIL, "", "", NULL },
		{ SETTINGS_EMAIL, "not an email", NULL, "name@example.org" },
		{ SETTINGS_PHONE, "0113 496 0123", "0113 496 0123", NULL },
		{ SETTINGS_PHONE, "+44 (0)113 496-0123", "+44 (0)113 496-0123",
		    NULL },
		{ SETTINGS_PHONE, "", "", NULL },
		{ SETTINGS_PHONE, "call us", NULL, "phone number" },
		{ SETTINGS_PHONE, "123", NULL, "phone number" },
		{ SETTINGS_PRIVACY, "We keep only what we need.",
		    "We keep only what we need.", NULL },
		{ SETTINGS_PRIVACY, "   ", NULL, NULL },
		{ SETTINGS_TIMEZONE, "Europe/London", "Europe/London", NULL },
		{ SETTINGS_TIMEZONE, "America/Argentina/Buenos_Aires",
		    "America/Argentina/Buenos_Aires", NULL },
		{ SETTINGS_TIMEZONE, "Mars/Olympus_Mons", NULL, "time zone" },
		{ SETTINGS_TIMEZONE, "../../etc/passwd", NULL, "time zone" },
		{ SETTINGS_TIMEZONE, "/etc/passwd", NULL, "time zone" },
		{ SETTINGS_TIMEZONE, "zone.tab", NULL, "time zone" },
		{ SETTINGS_TIMEZONE, "leapseconds", NULL, "time zone" },
		{ SETTINGS_REMINDER, "0", "0", NULL },
		{ SETTINGS_REMINDER, "336", "336", NULL },
		{ SETTINGS_REMINDER, "048", "48", NULL },
		{ SETTINGS_REMINDER, "337", NULL, NULL },
		{ SETTINGS_REMINDER, "-1", NULL, NULL },
		{ SETTINGS_REMINDER, "twelve", NULL, NULL },
		{ SETTINGS_LANGUAGES, "en,nl,es,cy", "en,nl,es,cy", NULL },
		{ SETTINGS_LANGUAGES, " EN, cy ,nl ", "en,cy,nl", NULL },
		{ SETTINGS_LANGUAGES, "cy", "cy", NULL },
		{ SETTINGS_LANGUAGES, "", NULL, NULL },
		{ SETTINGS_LANGUAGES, " , ", NULL, "codes" },
		{ SETTINGS_LANGUAGES, "en,english", NULL, "codes" },
		{ SETTINGS_LANGUAGES, "en,n", NULL, "codes" },
		{ SETTINGS_LANGUAGES, "en,../x", NULL, "codes" },
		{ SETTINGS_LANGUAGES, "en-GB", NULL, "codes" },
		{ SETTINGS_LANGUAGES, "en,nl,EN", NULL, "twice" },
		{ SETTINGS_LANGUAGES, "aa,ab,ac,ad,ae,af,ag,ah,ai,aj,ak,al,am,"
		    "an,ao,ap,aq", NULL, "too many" },
		{ SETTINGS_DEFAULT_LANG, "cy", "cy", NULL },
		{ SETTINGS_DEFAULT_LANG, "CY", NULL, "code" },
		{ SETTINGS_DEFAULT_LANG, "x", NULL, "code" },
		{ SETTINGS_DEFAULT_LANG, "", NULL, NULL },
		{ SETTINGS_REMINDER, "", NULL, NULL },
	};
	struct arena	*a = arena_new();
	const char	*why, *norm;
	size_t		 i;

	(void)state;
	assert_non_null(a);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		why = settings_check(a, cases[i].k, cases[i].in, &norm);
		if (cases[i].norm != NULL) {
			if (why != NULL)
				fail_msg("%s \"%s\": refused: %s",
				    settings_fields[cases[i].k].name,
				    cases[i].in, why);
			assert_string_equal(norm, cases[i].norm);
		} else {
			if (why == NULL)
				fail_msg("%s \"%s\": accepted",
				    settings_fields[cases[i].k].name,
				    cases[i].in);
			if (cases[i].why != NULL &&
			    strstr(why, cases[i].why) == NULL)
				fail_msg("%s \"%s\": message \"%s\"",
				    settings_fields[cases[i].k].name,
				    cases[i].in, why);
		}
	}
	arena_free(a);
}

static void
test_settings_index(void **state)
{
	(void)state;
	assert_int_equal(settings_index("college_name"), SETTINGS_NAME);
	assert_int_equal(settings_index("reminder_hours"), SETTINGS_REMINDER);
	assert_int_equal(settings_index("retention_months"), -1);
	assert_int_equal(settings_index(NULL), -1);
}

static void
test_settings_save_all_or_nothing(void **state)
{
	struct db	*db = fx_db();
	struct arena	*a = arena_new();
	const char	*vals[SETTINGS__MAX] = { NULL }, *why[SETTINGS__MAX];

	(void)state;
	assert_non_null(a);
	/* One bad value: nothing is stored, and it says which. */
	vals[SETTINGS_NAME] = "Hillside College";
	vals[SETTINGS_TIMEZONE] = "Nowhere/Town";
	assert_int_equal(settings_save(db, a, 0, vals, why),
	    SETTINGS_INVALID);
	assert_null(why[SETTINGS_NAME]);
	assert_non_null(why[SETTINGS_TIMEZONE]);
	assert_string_not_equal(college_setting(db, a, "college_name", ""),
	    "Hillside College");
	assert_int_equal(fx_count(db, "SELECT count(*) FROM audit WHERE "
	    "action = 'setting.set'"), 0);

	/* All good: stored as checked, audited once with the keys. */
	vals[SETTINGS_TIMEZONE] = "Europe/Dublin";
	vals[SETTINGS_REMINDER] = "048";
	assert_int_equal(settings_save(db, a, 0, vals, why),
	    SETTINGS_SAVED);
	assert_string_equal(college_setting(db, a, "college_name", ""),
	    "Hillside College");
	assert_string_equal(college_setting(db, a, "timezone", ""),
	    "Europe/Dublin");
	assert_string_equal(college_setting(db, a, "reminder_hours", ""),
	    "48");
	assert_int_equal(fx_count(db, "SELECT count(*) FROM audit WHERE "
	    "action = 'setting.set' AND detail = "
	    "'college_name timezone reminder_hours'"), 1);
	arena_free(a);
	db_close(db);
}

/* The college's own language stays among those offered: setting a
 * default that is not offered, or a list without the default, is
 * refused with the message on the field that changed; both together
 * (the settings page) are taken when they agree. */
static void
test_settings_default_language_offered(void **state)
{
	struct db	*db = fx_db();
	struct arena	*a = arena_new();
	const char	*vals[SETTINGS__MAX] = { NULL }, *why[SETTINGS__MAX];

	(void)state;
	assert_non_null(a);
	/* A default that is not offered (the default list: en,nl,es,cy). */
	vals[SETTINGS_DEFAULT_LANG] = "fr";
	assert_int_equal(settings_save(db, a, 0, vals, why),
	    SETTINGS_INVALID);
	assert_non_null(why[SETTINGS_DEFAULT_LANG]);
	assert_non_null(strstr(why[SETTINGS_DEFAULT_LANG], "en,nl,es,cy"));
	assert_null(why[SETTINGS_LANGUAGES]);
	assert_string_equal(college_setting(db, a, "default_language", "-"),
	    "-");

	/* A list without the default (en, unset): refused on the list. */
	vals[SETTINGS_DEFAULT_LANG] = NULL;
	vals[SETTINGS_LANGUAGES] = "nl, cy";
	assert_int_equal(settings_save(db, a, 0, vals, why),
	    SETTINGS_INVALID);
	assert_non_null(why[SETTINGS_LANGUAGES]);
	assert_non_null(strstr(why[SETTINGS_LANGUAGES], "Keep en"));
	assert_null(why[SETTINGS_DEFAULT_LANG]);
	assert_string_equal(college_setting(db, a, "languages", "-"), "-");

	/* The page sends both, the default unchanged: the list's fault. */
	vals[SETTINGS_DEFAULT_LANG] = "en";
	assert_int_equal(settings_save(db, a, 0, vals, why),
	    SETTINGS_INVALID);
	assert_non_null(why[SETTINGS_LANGUAGES]);
	assert_null(why[SETTINGS_DEFAULT_LANG]);

	/* Both changed together and agreeing: stored. */
	vals[SETTINGS_DEFAULT_LANG] = "cy";
	assert_int_equal(settings_save(db, a, 0, vals, why),
	    SETTINGS_SAVED);
	assert_string_equal(college_setting(db, a, "languages", ""), "nl,cy");
	assert_string_equal(college_setting(db, a, "default_language", ""),
	    "cy");

	/* One at a time, as tessera set does, against what is stored. */
	vals[SETTINGS_LANGUAGES] = NULL;
	vals[SETTINGS_DEFAULT_LANG] = "en";
	assert_int_equal(settings_save(db, a, 0, vals, why),
	    SETTINGS_INVALID);
	assert_non_null(why[SETTINGS_DEFAULT_LANG]);
	vals[SETTINGS_DEFAULT_LANG] = "nl";
	assert_int_equal(settings_save(db, a, 0, vals, why),
	    SETTINGS_SAVED);
	vals[SETTINGS_DEFAULT_LANG] = NULL;
	vals[SETTINGS_LANGUAGES] = "cy";
	assert_int_equal(settings_save(db, a, 0, vals, why),
	    SETTINGS_INVALID);
	vals[SETTINGS_LANGUAGES] = "nl";
	assert_int_equal(settings_save(db, a, 0, vals, why),
	    SETTINGS_SAVED);
	assert_string_equal(college_setting(db, a, "languages", ""), "nl");
	arena_free(a);
	db_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_settings_check_table),
		cmocka_unit_test(test_settings_index),
		cmocka_unit_test(test_settings_save_all_or_nothing),
		cmocka_unit_test(test_settings_default_language_offered),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
