/*
 * lang.h: the college's words in more than one language: course texts
 * per language (table course_text, sql/021_languages.sql) and the
 * language a booking was made in.
 *
 * A course's own title, summary and description (table course) are in
 * the college's default language; course_text holds the same in others.
 */
#ifndef COLLEGE_LANG_H
#define COLLEGE_LANG_H

#include <stddef.h>

#include "college/outbox.h"

struct arena;
struct db;
struct view;

#define LANG_TITLE_MAX		200	/* bytes of a translated title */
#define LANG_SUMMARY_MAX	500
#define LANG_DESCRIPTION_MAX	10000

/*
 * Put the course texts of lang into v: for the course in v itself (its
 * "slug") and for each row of its "courses" loop, the title, summary and
 * (where v has one) description of that language replace the default
 * language's. A course with no text in lang keeps the default's and
 * gets text_fallback (true), text_lang (deflt: for the lang attribute)
 * and text_language (the default language's name, in lang's words).
 * Nothing is done when lang is NULL or is deflt. 0, or -1 on error.
 */
int		 lang_course_texts(struct db *, struct view *v, const char *lang,
		    const char *deflt);
/*
 * The texts of course id: a row of loop "texts" in v per language it
 * has (lang, title, summary, description). 0 or -1.
 */
int		 lang_course_texts_view(struct db *, long long course,
		    struct view *v);
/*
 * Store the texts of course in lang (a language tag), or remove them
 * when title is empty. The caller makes the search index again
 * (catalogue_reindex()) in the same transaction. 0, or -1 on error.
 */
int		 lang_course_text_put(struct db *, long long course,
		    const char *lang, const char *title, const char *summary,
		    const char *description);
/*
 * lang_course_text_put() for n languages at once, in one transaction:
 * langs[i] with its title, summary and description in vals[3 * i],
 * vals[3 * i + 1], vals[3 * i + 2] (NULL for empty), and the search
 * index made again with them (catalogue_reindex()). All or nothing:
 * 0, or -1 on error.
 */
int		 lang_course_texts_save(struct db *, long long course,
		    const char *const *langs, const char *const *vals,
		    size_t n);
/*
 * The kind of outbox row id and the language it is to be written in,
 * into *kind and *lang (in the arena; NULL when the row is gone, its
 * language is not a tag, or it is about a booking whose language is not
 * known: then the college's default language is meant). 0, or -1 on
 * error.
 */
int		 lang_outbox(struct db *, struct arena *, long long id,
		    enum mail_kind *kind, const char **lang);
/* Record lang (a tag, or NULL) as the language booking was made in. */
int		 lang_booking_set(struct db *, long long booking, const char *lang);
/*
 * The language booking was made in into *lang (in the arena), or NULL
 * when it is not known (made by the office, before 021, a tag no longer
 * valid, or no such booking). 0, or -1 on error.
 */
int		 lang_booking(struct db *, struct arena *, long long booking,
		    const char **lang);
/*
 * Switch to the language a learner's mail and calendar are written in:
 * lang, or the college's default language when lang is NULL, or English
 * (whole, not half) when that has no catalogue. The language in use
 * before is copied into was (I18N_TAG_MAX + 1 bytes) for i18n_use(was)
 * after. One owner of this rule: mail_compose() and booking_calendar().
 */
void		 lang_use_learner(struct db *, struct arena *, const char *lang,
		    char *was);

#endif
