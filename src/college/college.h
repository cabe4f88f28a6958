/*
 * college.h: opening the college's database for a program.
 */
#ifndef COLLEGE_COLLEGE_H
#define COLLEGE_COLLEGE_H

#include <stddef.h>

struct arena;
struct db;
struct db_stmt;
struct view;

#define COLLEGE_AUDIT_DETAIL_MAX 160	/* bytes of an audit line's detail */
#define COLLEGE_DB_DEFAULT	"var/tessera.db"

/* The database path: TESSERA_DB, or COLLEGE_DB_DEFAULT. */
const char	*college_db_path(void);
/*
 * Open path with the college's statements, refuse a database whose
 * schema is older than this program's migrations (run `tessera init`),
 * and set the process's time zone from the 'timezone' setting. NULL on
 * failure with a message in err. Close with db_close().
 */
struct db	*college_open(const char *path, char *err, size_t errlen);
/*
 * Make the 'timezone' setting the process's zone again if it changed
 * (tessera set, the admin settings page) and is a known zone; a process
 * keeps its zone otherwise. 0, or -1 on a database error.
 */
int		 college_zone_refresh(struct db *);
/* A setting's value copied into the arena, or def if unset. */
const char	*college_setting(struct db *, struct arena *, const char *key,
		    const char *def);
/*
 * A number that changes whenever another connection has committed to
 * the database since this one last looked (db_changed()) — and this
 * process's own commits are its own to track. -1 on error.
 */
long long	 college_data_version(struct db *);
/* Set name in v to column i (epoch seconds) as "Tuesday 3 December
 * 2026" in the college's zone, or "" for NULL. 0 or -1. */
int		 college_set_date(struct view *, const char *name,
		    struct db_stmt *, int i);
/* The host of an http(s) URL, in the arena; NULL if there is none.
 * Calendar UIDs, Message-IDs and the default From address are made of
 * it (the college's TESSERA_BASE_URL). */
const char	*college_url_host(struct arena *, const char *url);
/* Append to the audit log; user_id 0 for the system. 0 or -1. */
int		 college_audit(struct db *, long long user_id,
		    const char *action, const char *detail);
/*
 * college_audit() with the detail written from fmt (printf), cut at
 * COLLEGE_AUDIT_DETAIL_MAX bytes. A detail names rows by id ("booking
 * 12 run 3"), never a person's name, email, needs or a token. 0 or -1.
 */
int		 college_auditf(struct db *, long long user_id,
		    const char *action, const char *fmt, ...)
		    __attribute__((format(printf, 4, 5)));

#endif
