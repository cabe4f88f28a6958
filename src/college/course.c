/*
 * course.c: courses and topics (see course.h).
 */
#include <string.h>
#include <time.h>

#include "kit/db.h"
#include "kit/view.h"
#include "college/catalogue.h"
#include "college/course.h"
#include "college/manage_db.h"
#include "college/stmts.h"

static int
course_row(struct view *r, struct db_stmt *st, void *arg)
{
	int	 e = 0;

	e |= view_set_int(r, "id", db_col_int(st, 0));
	e |= view_set(r, "slug", db_col_text(st, 1));
	e |= view_set(r, "title", db_col_text(st, 2));
	e |= view_set(r, "status", db_col_text(st, 3));
	e |= view_set_bool(r, "published",
	    strcmp(db_col_text(st, 3), "published") == 0);
	e |= view_set(r, "topic", db_col_text(st, 4));
	e |= view_set_int(r, "runs", db_col_int(st, 5));
	e |= view_set_int(r, "upcoming_runs", db_col_int(st, 6));
	return e;
}

int
manage_courses(struct db *db, time_t now, struct view *v)
{
	return manage_each_row(manage_stmt(db, STMT_ADMIN_COURSES, "i",
	    (long long)now), v, "courses", course_row, NULL);
}

/* The course to mark selected: by id, or by slug when not NULL. */
struct course_selected {
	long long	 id;
	const char	*slug;
};

static int
course_option_row(struct view *r, struct db_stmt *st, void *arg)
{
	const struct course_selected	*sel = arg;
	int				 e = 0;

	e |= view_set_int(r, "id", db_col_int(st, 0));
	e |= view_set(r, "slug", db_col_text(st, 1));
	e |= view_set(r, "title", db_col_text(st, 2));
	e |= view_set_bool(r, "selected",
	    db_col_int(st, 0) == sel->id ||
	    (sel->slug != NULL && strcmp(db_col_text(st, 1), sel->slug) == 0));
	return e;
}

int
manage_course_options(struct db *db, long long selected,
    const char *selected_slug, struct view *v, const char *name)
{
	struct course_selected	 sel = { selected, selected_slug };

	return manage_each_row(manage_stmt(db, STMT_ADMIN_COURSES, "i",
	    (long long)0), v, name, course_option_row, &sel);
}

int
manage_course_get(struct db *db, long long id, struct view *v)
{
	struct db_stmt	*st;
	int		 rc, e = 0;

	if ((st = manage_stmt(db, STMT_ADMIN_COURSE_GET, "i", id)) == NULL)
		return -1;
	if ((rc = db_step(st)) == DB_ROW) {
		e |= view_set_int(v, "id", id);
		e |= view_set(v, "slug", db_col_text(st, 1));
		e |= view_set(v, "title", db_col_text(st, 2));
		e |= view_set(v, "summary", db_col_text(st, 3));
		e |= view_set(v, "description", db_col_text(st, 4));
		e |= view_set_int(v, "topic_id", db_col_int(st, 5));
		e |= view_set(v, "status", db_col_text(st, 6));
	}
	return manage_row_end(st, rc, e);
}

/* The id of the course with slug into *id (0 if none). 0 or -1. */
static int
course_by_slug(struct db *db, const char *slug, long long *id)
{
	struct db_stmt	*st;
	int		 rc;

	*id = 0;
	if ((st = manage_stmt(db, STMT_ADMIN_COURSE_SLUG, "t", slug)) == NULL)
		return -1;
	if ((rc = db_step(st)) == DB_ROW)
		*id = db_col_int(st, 0);
	db_reset(st);
	return rc == DB_ROW || rc == DB_DONE ? 0 : -1;
}

/* Whether topic id exists (the topics list is short). 1, 0, -1. */
static int
topic_exists(struct db *db, long long id)
{
	struct db_stmt	*st;
	int		 rc, found = 0;

	if ((st = manage_stmt(db, STMT_ADMIN_TOPICS, "")) == NULL)
		return -1;
	while ((rc = db_step(st)) == DB_ROW)
		if (db_col_int(st, 0) == id)
			found = 1;
	db_reset(st);
	return rc == DB_DONE ? found : -1;
}

enum manage_result
manage_course_save(struct db *db, long long by, long long *id,
    const struct manage_course *f)
{
	enum manage_result	 r = MANAGE_ERROR;
	long long		 other;
	int			 changed = 0, t = 1;

	if (db_begin(db) != DB_OK)
		return MANAGE_ERROR;
	if (course_by_slug(db, f->slug, &other) == -1 ||
	    (f->topic_id != 0 && (t = topic_exists(db, f->topic_id)) == -1))
		return manage_finish(db, MANAGE_ERROR);
	if (other != 0 && other != *id)
		return manage_finish(db, MANAGE_DUPLICATE);
	if (t == 0)
		return manage_finish(db, MANAGE_BAD_REF);
	if (*id == 0) {
		if (manage_insert(db, id, STMT_ADMIN_COURSE_ADD, "ttttzt",
		    f->slug, f->title, f->summary, f->description, f->topic_id,
		    f->status) == 0) {
			r = catalogue_reindex(db) == 0 &&
			    manage_audit_add(db, by, "course.add",
			    "course %lld %s", *id, f->slug) == 0 ?
			    MANAGE_OK : MANAGE_ERROR;
		}
	} else if (manage_exec(db, &changed, STMT_ADMIN_COURSE_SET, "ittttzt",
	    *id, f->slug, f->title, f->summary, f->description, f->topic_id,
	    f->status) == 0 && catalogue_reindex(db) == 0)
		r = changed == 0 ? MANAGE_NOT_FOUND :
		    manage_audit_add(db, by, "course.edit", "course %lld %s %s",
		    *id, f->slug, f->status) == 0 ? MANAGE_OK : MANAGE_ERROR;
	return manage_finish(db, r);
}


/* A topic choice; arg points to the selected id. */
static int
topic_option_row(struct view *r, struct db_stmt *st, void *arg)
{
	int	 e = 0;

	e |= view_set_int(r, "id", db_col_int(st, 0));
	e |= view_set(r, "name", db_col_text(st, 2));
	e |= view_set_bool(r, "selected",
	    db_col_int(st, 0) == *(const long long *)arg);
	return e;
}

int
manage_topic_options(struct db *db, long long selected, struct view *v,
    const char *name)
{
	return manage_each_row(manage_stmt(db, STMT_ADMIN_TOPICS, ""), v, name,
	    topic_option_row, &selected);
}
