/*
 * college.c: opening the database, settings, the audit log.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kit/arena.h"
#include "kit/db.h"
#include "kit/view.h"
#include "college/clock.h"
#include "college/college.h"
#include "college/sqlfiles.h"
#include "college/stmts.h"
#include "college/when.h"

const char *
college_db_path(void)
{
	const char	*p = getenv("TESSERA_DB");

	return (p != NULL && *p != '\0') ? p : COLLEGE_DB_DEFAULT;
}

struct db *
college_open(const char *path, char *err, size_t errlen)
{
	struct db	*db;
	struct db_stmt	*st;
	const char	*tz = "Europe/London";
	char		 zone[WHEN_ZONE_MAX + 1];
	int		 want, have;

	db = db_open(path, 0, college_stmts, STMT__MAX, err, errlen);
	if (db == NULL)
		return NULL;
	want = college_nmigrations > 0 ?
	    college_migrations[college_nmigrations - 1].version : 0;
	if ((have = db_version(db)) != want) {
		snprintf(err, errlen, "%s: schema version %d, this program "
		    "needs %d: run 'tessera init'", path, have, want);
		db_close(db);
		return NULL;
	}
	if ((st = db_stmt(db, STMT_SETTING_GET)) != NULL &&
	    db_bind_text(st, 1, "timezone") ==
	    DB_OK && db_step(st) == DB_ROW &&
	    !db_col_null(st, 0) &&
	    strlen(db_col_text(st, 0)) < sizeof(zone)) {
		memcpy(zone, db_col_text(st, 0),
		    strlen(db_col_text(st, 0)) + 1);
		tz = zone;
	}
	if (st != NULL)
		db_reset(st);
	if (when_set_zone(tz) == -1) {
		snprintf(err, errlen, "timezone setting '%s' is not a known "
		    "zone", tz);
		db_close(db);
		return NULL;
	}
	return db;
}

int
college_zone_refresh(struct db *db)
{
	struct db_stmt	*st;
	char		 zone[WHEN_ZONE_MAX + 1];
	size_t		 n;
	int		 rc;

	if ((st = db_stmt(db, STMT_SETTING_GET)) == NULL)
		return -1;
	db_bind_text(st, 1, "timezone");
	zone[0] = '\0';
	if ((rc = db_step(st)) == DB_ROW &&
	    (n = strlen(db_col_text(st, 0))) > 0 && n < sizeof(zone))
		memcpy(zone, db_col_text(st, 0), n + 1);
	db_reset(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return -1;
	/* An unknown zone keeps the one the process has (settings_save()
	 * never stores one; a hand-edited database might). */
	if (zone[0] != '\0' && strcmp(zone, when_zone()) != 0)
		(void)when_set_zone(zone);
	return 0;
}

const char *
college_setting(struct db *db, struct arena *a, const char *key,
    const char *def)
{
	struct db_stmt	*st;
	const char	*v = def;

	if ((st = db_stmt(db, STMT_SETTING_GET)) == NULL)
		return def;
	if (db_bind_text(st, 1, key) == DB_OK &&
	    db_step(st) == DB_ROW &&
	    !db_col_null(st, 0))
		v = db_col_dup(st, 0, a);
	db_reset(st);
	return v != NULL ? v : def;
}

int
college_audit(struct db *db, long long user_id, const char *action,
    const char *detail)
{
	struct db_stmt	*st;

	if ((st = db_stmt(db, STMT_AUDIT_ADD)) == NULL)
		return -1;
	db_bind_int(st, 1, (long long)college_now());
	if (user_id > 0)
		db_bind_int(st, 2, user_id);
	else
		db_bind_null(st, 2);
	db_bind_text(st, 3, action);
	db_bind_text(st, 4, detail ? detail : "");
	return db_step_done(st) == DB_OK ? 0 : -1;
}

int
college_auditf(struct db *db, long long user_id, const char *action,
    const char *fmt, ...)
{
	char	 detail[COLLEGE_AUDIT_DETAIL_MAX];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	return college_audit(db, user_id, action, detail);
}

/*
 * A counter of the changes db_changed() has seen, per process: the
 * programs hold one connection each, so one counter serves.
 */
long long
college_data_version(struct db *db)
{
	static long long	 seen;
	int			 c;

	if ((c = db_changed(db)) < 0)
		return -1;
	seen += c;
	return seen;
}

int
college_set_date(struct view *v, const char *name, struct db_stmt *st, int i)
{
	char	 b[WHEN_BUF];

	if (db_col_null(st, i))
		return view_set(v, name, "");
	if (when_date(b, sizeof(b), (time_t)db_col_int(st, i)) ==
	    NULL)
		return -1;
	return view_set(v, name, b);
}

/* Bytes of a host name (RFC 1035, 2.3.4). */
#define COLLEGE_HOST_MAX	253

const char *
college_url_host(struct arena *a, const char *url)
{
	const char	*h, *e;
	size_t		 n;

	if (url == NULL || (h = strstr(url, "://")) == NULL)
		return NULL;
	h += 3;
	if ((e = strchr(h, '@')) != NULL && e < h + strcspn(h, "/"))
		h = e + 1;
	n = strcspn(h, ":/?#");
	if (n == 0 || n > COLLEGE_HOST_MAX)
		return NULL;
	return arena_strndup(a, h, n);
}
