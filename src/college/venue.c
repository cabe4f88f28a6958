/*
 * venue.c: the college's venues (see venue.h).
 */
#include <string.h>
#include <time.h>

#include "kit/db.h"
#include "kit/view.h"
#include "college/manage_db.h"
#include "college/stmts.h"
#include "college/venue.h"

static int
venue_row(struct view *r, struct db_stmt *st, void *arg)
{
	int	 e = 0;

	e |= view_set_int(r, "id", db_col_int(st, 0));
	e |= view_set(r, "name", db_col_text(st, 1));
	e |= view_set(r, "address", db_col_text(st, 2));
	e |= view_set_bool(r, "online", (int)db_col_int(st, 3));
	e |= view_set_int(r, "upcoming", db_col_int(st, 4));
	return e;
}

int
manage_venues(struct db *db, time_t now, struct view *v)
{
	return manage_each_row(manage_stmt(db, STMT_ADMIN_VENUES, "i",
	    (long long)now), v, "venues", venue_row, NULL);
}

int
manage_venue_get(struct db *db, long long id, struct view *v)
{
	struct db_stmt	*st;
	int		 rc, e = 0;

	if ((st = manage_stmt(db, STMT_ADMIN_VENUE_GET, "i", id)) == NULL)
		return -1;
	if ((rc = db_step(st)) == DB_ROW) {
		e |= view_set_int(v, "id", id);
		e |= view_set(v, "name", db_col_text(st, 1));
		e |= view_set(v, "address", db_col_text(st, 2));
		e |= view_set(v, "access", db_col_text(st, 3));
		e |= view_set_bool(v, "online", (int)db_col_int(st, 4));
	}
	return manage_row_end(st, rc, e);
}

enum manage_result
manage_venue_save(struct db *db, long long by, long long *id,
    const struct manage_venue *f)
{
	enum manage_result	 r = MANAGE_ERROR;
	int			 changed = 0;

	if (db_begin(db) != DB_OK)
		return MANAGE_ERROR;
	if (*id == 0) {
		if (manage_insert(db, id, STMT_ADMIN_VENUE_ADD, "ttti", f->name,
		    f->address, f->access, (long long)(f->online != 0)) == 0) {
			r = manage_audit_add(db, by, "venue.add", "venue %lld",
			    *id) == 0 ? MANAGE_OK : MANAGE_ERROR;
		}
	} else if (manage_exec(db, &changed, STMT_ADMIN_VENUE_SET, "ittti",
	    *id, f->name, f->address, f->access,
	    (long long)(f->online != 0)) == 0)
		r = changed == 0 ? MANAGE_NOT_FOUND : manage_audit_add(db, by,
		    "venue.edit", "venue %lld", *id) == 0 ? MANAGE_OK :
		    MANAGE_ERROR;
	return manage_finish(db, r);
}

/* A venue choice; arg points to the selected id. */
static int
venue_option_row(struct view *r, struct db_stmt *st, void *arg)
{
	int	 e = 0;

	e |= view_set_int(r, "id", db_col_int(st, 0));
	e |= view_set(r, "name", db_col_text(st, 1));
	e |= view_set_bool(r, "online", (int)db_col_int(st, 3));
	e |= view_set_bool(r, "selected",
	    db_col_int(st, 0) == *(const long long *)arg);
	return e;
}

int
manage_venue_options(struct db *db, long long selected, struct view *v,
    const char *name)
{
	return manage_each_row(manage_stmt(db, STMT_ADMIN_VENUES, "i",
	    (long long)0), v, name, venue_option_row, &selected);
}
