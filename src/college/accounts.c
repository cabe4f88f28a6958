/*
 * accounts.c: staff accounts as the office changes them (see
 * accounts.h).
 */
#include <string.h>

#include "kit/db.h"
#include "kit/pw.h"
#include "kit/view.h"
#include "college/accounts.h"
#include "college/college.h"
#include "college/manage_db.h"
#include "college/stmts.h"

static int
staff_row(struct view *r, struct db_stmt *st, void *arg)
{
	int	 e = 0;

	e |= view_set_int(r, "id", db_col_int(st, 0));
	e |= view_set(r, "name", db_col_text(st, 1));
	e |= view_set(r, "email", db_col_text(st, 2));
	e |= view_set(r, "role", db_col_text(st, 3));
	e |= view_set_bool(r, "admin",
	    strcmp(db_col_text(st, 3), "admin") == 0);
	e |= view_set_bool(r, "disabled", (int)db_col_int(st, 4));
	e |= college_set_date(r, "last_seen", st, 5);
	return e;
}

int
manage_staff(struct db *db, struct view *v)
{
	return manage_each_row(manage_stmt(db, STMT_ADMIN_STAFF, ""), v,
	    "staff", staff_row, NULL);
}

int
manage_staff_options(struct db *db, struct view *v)
{
	struct view	*r;
	struct db_stmt	*st;
	int		 rc, e;

	if (view_loop(v, "staff_options") == -1 ||
	    (st = manage_stmt(db, STMT_ADMIN_STAFF, "")) == NULL)
		return -1;
	while ((rc = db_step(st)) == DB_ROW) {
		if ((int)db_col_int(st, 4))
			continue;	/* disabled */
		if ((r = view_row(v, "staff_options")) == NULL)
			break;
		e = 0;
		e |= view_set_int(r, "id", db_col_int(st, 0));
		e |= view_set(r, "name", db_col_text(st, 1));
		if (e != 0)
			break;
	}
	db_reset(st);
	return rc == DB_DONE ? 0 : -1;
}

int
manage_staff_get(struct db *db, long long id, struct view *v)
{
	struct db_stmt	*st;
	int		 rc, e = 0;

	if ((st = manage_stmt(db, STMT_ADMIN_STAFF_GET, "i", id)) == NULL)
		return -1;
	if ((rc = db_step(st)) == DB_ROW) {
		e |= view_set_int(v, "id", id);
		e |= view_set(v, "name", db_col_text(st, 1));
		e |= view_set(v, "email", db_col_text(st, 2));
		e |= view_set(v, "role", db_col_text(st, 3));
		e |= view_set_bool(v, "disabled", (int)db_col_int(st, 4));
	}
	return manage_row_end(st, rc, e);
}

/* The other admins who can log in. -1 on error. */
static long long
admins_left(struct db *db, long long except)
{
	struct db_stmt	*st;
	long long	 n = -1;

	if ((st = manage_stmt(db, STMT_ADMIN_ADMINS_LEFT, "i", except)) == NULL)
		return -1;
	if (db_step(st) == DB_ROW)
		n = db_col_int(st, 0);
	db_reset(st);
	return n;
}

enum manage_result
manage_staff_disable(struct db *db, long long by, long long id,
    int disabled)
{
	struct db_stmt	*st;
	long long	 left;
	int		 changed = 0, rc, admin = 0;

	if (id == by && disabled)
		return MANAGE_SELF;
	if (db_begin(db) != DB_OK)
		return MANAGE_ERROR;
	if ((st = manage_stmt(db, STMT_ADMIN_STAFF_GET, "i", id)) == NULL)
		return manage_finish(db, MANAGE_ERROR);
	if ((rc = db_step(st)) == DB_ROW)
		admin = strcmp(db_col_text(st, 3), "admin") == 0;
	db_reset(st);
	if (rc != DB_ROW)
		return manage_finish(db, rc == DB_DONE ? MANAGE_NOT_FOUND :
		    MANAGE_ERROR);
	if (disabled && admin && (left = admins_left(db, id)) < 1)
		return manage_finish(db, left == 0 ? MANAGE_LAST_ADMIN :
		    MANAGE_ERROR);
	if (manage_exec(db, &changed, STMT_ADMIN_STAFF_DISABLE, "ii", id,
	    (long long)(disabled != 0)) == -1 || (disabled && manage_exec(db,
	    NULL, STMT_ADMIN_STAFF_SESSIONS_DEL, "i", id) == -1) ||
	    manage_audit_add(db, by, disabled ? "user.disable" : "user.enable",
	    "user %lld", id) == -1)
		return manage_finish(db, MANAGE_ERROR);
	return manage_finish(db, MANAGE_OK);
}

enum manage_result
manage_staff_password(struct db *db, long long by, long long id,
    const char *password)
{
	char	 hash[PW_HASH_MAX];
	int	 changed = 0, rc;

	if (pw_hash(password, hash) == -1)
		return MANAGE_ERROR;
	if (db_begin(db) != DB_OK)
		return MANAGE_ERROR;
	rc = manage_exec(db, &changed, STMT_ADMIN_STAFF_PASSWORD, "it", id,
	    hash);
	explicit_bzero(hash, sizeof(hash));
	if (rc == -1)
		return manage_finish(db, MANAGE_ERROR);
	if (changed == 0)
		return manage_finish(db, MANAGE_NOT_FOUND);
	if (manage_exec(db, NULL, STMT_ADMIN_STAFF_SESSIONS_DEL, "i",
	    id) == -1 ||
	    manage_audit_add(db, by, "user.password", "user %lld", id) == -1)
		return manage_finish(db, MANAGE_ERROR);
	return manage_finish(db, MANAGE_OK);
}
