/*
 * lang.c: course texts per language and the booking's language; see
 * lang.h.
 */
#include <stdio.h>
#include <string.h>

#include "kit/arena.h"
#include "kit/db.h"
#include "kit/i18n.h"
#include "kit/view.h"
#include "college/catalogue.h"
#include "college/college.h"
#include "college/lang.h"
#include "college/outbox.h"
#include "college/settings.h"
#include "college/stmts.h"

/* Languages by their English names, for "described in English": the
 * catalogue gives each in the reader's words (context "language"). */
static const struct {
	const char	*tag;
	const char	*name;
} names[] = {
	{ "cy", NC_("language", "Welsh") },
	{ "de", NC_("language", "German") },
	{ "en", NC_("language", "English") },
	{ "es", NC_("language", "Spanish") },
	{ "fi", NC_("language", "Finnish") },
	{ "fr", NC_("language", "French") },
	{ "ga", NC_("language", "Irish") },
	{ "nb", NC_("language", "Norwegian") },
	{ "nl", NC_("language", "Dutch") },
	{ "no", NC_("language", "Norwegian") },
	{ "pl", NC_("language", "Polish") },
	{ "pt", NC_("language", "Portuguese") },
	{ "sv", NC_("language", "Swedish") },
};

/* lang's name in the current language, or its autonym if unlisted. */
static const char *
language_name(const char *lang)
{
	size_t	 i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i].tag, lang) == 0)
			return i18n_text("language", names[i].name);
	return i18n_name(lang);
}

/* One course's texts (the scope holding its "slug") in lang. */
static int
course_text(struct db *db, struct view *scope, const char *lang,
    const char *deflt)
{
	struct db_stmt	*st;
	const char	*slug;
	enum db_rc	 step = DB_DONE;
	int		 rc = 0;

	if ((slug = view_str(scope, view_arena(scope), "slug")) == NULL)
		return 0;
	if ((st = db_stmt(db, STMT_LANG_COURSE_TEXT)) == NULL)
		return -1;
	if (db_bind_text(st, 1, slug) != DB_OK ||
	    db_bind_text(st, 2, lang) != DB_OK) {
		db_reset(st);
		return -1;
	}
	step = db_step(st);
	if (step == DB_ROW) {
		rc |= view_set(scope, "title", db_col_text(st, 0));
		if (db_col_text(st, 1)[0] != '\0')
			rc |= view_set(scope, "summary", db_col_text(st, 1));
		if (db_col_text(st, 2)[0] != '\0' &&
		    view_lookup_here(scope, "description") != NULL)
			rc |= view_set(scope, "description",
			    db_col_text(st, 2));
	} else if (step == DB_DONE) {
		rc |= view_set_bool(scope, "text_fallback", 1);
		rc |= view_set(scope, "text_lang", deflt);
		rc |= view_set(scope, "text_language", language_name(deflt));
	} else
		rc = -1;
	db_reset(st);
	return rc;
}

int
lang_course_texts(struct db *db, struct view *v, const char *lang,
    const char *deflt)
{
	const struct vval	*loop;
	const struct vrow	*row;

	if (lang == NULL || deflt == NULL || strcmp(lang, deflt) == 0)
		return 0;
	if (course_text(db, v, lang, deflt) == -1)
		return -1;
	if ((loop = view_lookup_here(v, "courses")) == NULL ||
	    loop->type != VT_LOOP)
		return 0;
	for (row = loop->rows; row != NULL; row = row->next)
		if (course_text(db, row->scope, lang, deflt) == -1)
			return -1;
	return 0;
}

int
lang_course_texts_view(struct db *db, long long course, struct view *v)
{
	struct db_stmt	*st;
	struct view	*row;
	enum db_rc	 step = DB_DONE;
	int		 rc = 0;

	if ((st = db_stmt(db, STMT_LANG_COURSE_TEXTS)) == NULL)
		return -1;
	if (db_bind_int(st, 1, course) != DB_OK) {
		db_reset(st);
		return -1;
	}
	rc |= view_loop(v, "texts");
	while (rc == 0 && (step = db_step(st)) == DB_ROW) {
		if ((row = view_row(v, "texts")) == NULL) {
			rc = -1;
			break;
		}
		rc |= view_set(row, "lang", db_col_text(st, 0));
		rc |= view_set(row, "title", db_col_text(st, 1));
		rc |= view_set(row, "summary", db_col_text(st, 2));
		rc |= view_set(row, "description", db_col_text(st, 3));
	}
	if (rc == 0 && step != DB_DONE)
		rc = -1;
	db_reset(st);
	return rc;
}

int
lang_course_text_put(struct db *db, long long course, const char *lang,
    const char *title, const char *summary, const char *description)
{
	struct db_stmt	*st;
	int		 rc;

	if (!i18n_tag_ok(lang))
		return -1;
	if (title == NULL || title[0] == '\0') {
		if ((st = db_stmt(db, STMT_LANG_COURSE_TEXT_DEL)) == NULL)
			return -1;
		rc = db_bind_int(st, 1, course) == DB_OK &&
		    db_bind_text(st, 2, lang) ==
		    DB_OK && db_step(st) == DB_DONE ? 0 : -1;
		db_reset(st);
		return rc;
	}
	if ((st = db_stmt(db, STMT_LANG_COURSE_TEXT_PUT)) == NULL)
		return -1;
	rc = db_bind_int(st, 1, course) == DB_OK &&
	    db_bind_text(st, 2, lang) == DB_OK &&
	    db_bind_text(st, 3, title) == DB_OK &&
	    db_bind_text(st, 4, summary ? summary : "") == DB_OK &&
	    db_bind_text(st, 5, description ? description : "") == DB_OK &&
	    db_step(st) == DB_DONE ? 0 : -1;
	db_reset(st);
	return rc;
}

int
lang_course_texts_save(struct db *db, long long course,
    const char *const *langs, const char *const *vals, size_t n)
{
	size_t	 i;

	if (db_begin(db) != DB_OK)
		return -1;
	for (i = 0; i < n; i++)
		if (lang_course_text_put(db, course, langs[i], vals[3 * i],
		    vals[3 * i + 1], vals[3 * i + 2]) == -1) {
			db_rollback(db);
			return -1;
		}
	/* The search finds the course by its new words at once. */
	if (catalogue_reindex(db) == -1) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db) == DB_OK ? 0 : -1;
}

int
lang_booking_set(struct db *db, long long booking, const char *lang)
{
	struct db_stmt	*st;
	int		 rc;

	if (lang != NULL && !i18n_tag_ok(lang))
		return -1;
	if ((st = db_stmt(db, STMT_LANG_BOOKING_SET)) == NULL)
		return -1;
	rc = db_bind_int(st, 1, booking) == DB_OK &&
	    (lang != NULL ? db_bind_text(st, 2, lang) :
	    db_bind_null(st, 2)) == DB_OK &&
	    db_step(st) == DB_DONE ? 0 : -1;
	db_reset(st);
	return rc;
}

int
lang_booking(struct db *db, struct arena *a, long long booking,
    const char **lang)
{
	struct db_stmt	*st;
	enum db_rc	 step;
	int		 rc = 0;

	*lang = NULL;
	if ((st = db_stmt(db, STMT_LANG_BOOKING)) == NULL)
		return -1;
	if (db_bind_int(st, 1, booking) != DB_OK) {
		db_reset(st);
		return -1;
	}
	if ((step = db_step(st)) == DB_ROW) {
		if (i18n_tag_ok(db_col_text(st, 0)) &&
		    (*lang = db_col_dup(st, 0, a)) == NULL)
			rc = -1;
	} else if (step != DB_DONE)
		rc = -1;
	db_reset(st);
	return rc;
}

void
lang_use_learner(struct db *db, struct arena *a, const char *lang,
    char *was)
{
	snprintf(was, I18N_TAG_MAX + 1, "%s", i18n_current());
	if (lang == NULL)
		lang = college_setting(db, a, "default_language",
		    SETTINGS_LANGUAGE_DEFAULT);
	/* A language with no catalogue: English, whole, and saying so. */
	if (lang == NULL || i18n_use(lang) == -1 || !i18n_catalogued())
		(void)i18n_use("en");
}

int
lang_outbox(struct db *db, struct arena *a, long long id,
    enum mail_kind *kind, const char **lang)
{
	struct db_stmt	*st;
	enum db_rc	 step;
	int		 rc = 0;

	*kind = MAIL_KIND__MAX;
	*lang = NULL;
	if ((st = db_stmt(db, STMT_LANG_OUTBOX)) == NULL)
		return -1;
	if (db_bind_int(st, 1, id) != DB_OK) {
		db_reset(st);
		return -1;
	}
	if ((step = db_step(st)) == DB_ROW) {
		*kind = outbox_kind_of(db_col_text(st, 0));
		if (i18n_tag_ok(db_col_text(st, 1)) &&
		    (*lang = db_col_dup(st, 1, a)) == NULL)
			rc = -1;
	} else if (step != DB_DONE)
		rc = -1;
	db_reset(st);
	return rc;
}
