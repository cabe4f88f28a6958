/*
 * timetable.c: a run's sessions, read one way (timetable.h).
 */
#include <string.h>

#include "kit/arena.h"
#include "kit/db.h"
#include "kit/i18n.h"
#include "college/stmts.h"
#include "college/timetable.h"

void
timetable_read(struct db_stmt *st, struct timetable_row *r)
{
	r->id = db_col_int(st, 0);
	r->start = (time_t)db_col_int(st, 1);
	r->end = (time_t)db_col_int(st, 2);
	r->cancelled = strcmp(db_col_text(st, 3), "cancelled") == 0;
	r->venue = db_col_text(st, 4);
	r->address = db_col_text(st, 5);
	r->access = db_col_text(st, 6);
	r->online = (int)db_col_int(st, 7) != 0;
	r->seq = db_col_int(st, 8);
}

/* The current row of st into r, its strings copied into a. 0 or -1. */
static int
read_copy(struct arena *a, struct db_stmt *st, struct timetable_row *r)
{
	timetable_read(st, r);
	r->venue = arena_strdup(a, r->venue);
	r->address = arena_strdup(a, r->address);
	r->access = arena_strdup(a, r->access);
	return r->venue && r->address && r->access ? 0 : -1;
}

int
timetable_of_run(struct db *db, struct arena *a, long long run,
    struct timetable_row **out, size_t *n)
{
	struct db_stmt		*st;
	struct timetable_row	*v = NULL, *nv;
	size_t			 cap = 0;
	int			 step = DB_DONE, rc = 0;

	*n = 0;
	*out = NULL;
	if ((st = db_stmt(db, STMT_TIMETABLE_RUN)) == NULL)
		return -1;
	if (db_bind_int(st, 1, run) != DB_OK) {
		db_reset(st);
		return -1;
	}
	while (rc == 0 && (step = db_step(st)) == DB_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			if ((nv = arena_calloc(a, cap, sizeof(*nv))) == NULL) {
				rc = -1;
				break;
			}
			if (*n > 0)
				memcpy(nv, v, *n * sizeof(*v));
			v = nv;
		}
		rc = read_copy(a, st, &v[(*n)++]);
	}
	if (rc == 0 && step != DB_DONE)
		rc = -1;
	db_reset(st);
	*out = v;
	return rc;
}

int
timetable_one(struct db *db, struct arena *a, long long id,
    struct timetable_row *r)
{
	struct db_stmt	*st;
	int		 step, rc = 1;

	if ((st = db_stmt(db, STMT_TIMETABLE_ONE)) == NULL)
		return -1;
	if (db_bind_int(st, 1, id) != DB_OK) {
		db_reset(st);
		return -1;
	}
	if ((step = db_step(st)) == DB_ROW)
		rc = read_copy(a, st, r);
	else if (step != DB_DONE)
		rc = -1;
	db_reset(st);
	return rc;
}

const char *
timetable_place(struct arena *a, const char *venue, const char *address,
    int online)
{
	if (online)
		return venue[0] != '\0' ? i18n_say1(a, _("Online: {venue}"),
		    "venue", venue) : arena_strdup(a, _("Online"));
	if (address[0] == '\0')
		return arena_strdup(a, venue);
	if (venue[0] == '\0')
		return arena_strdup(a, address);
	return arena_printf(a, "%s, %s", venue, address);
}

const char *
timetable_access(struct arena *a, const char *access)
{
	return i18n_say1(a, _("Access: {access}"), "access", access);
}
