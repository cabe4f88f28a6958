/*
 * db_sqlite.h: the SQLite engine under the database interface, for the
 * kit's own tests and tools only. The college never includes this
 * (tests/layering.sh checks).
 */
#ifndef KIT_DB_SQLITE_H
#define KIT_DB_SQLITE_H

#include <sqlite3.h>

struct db;
struct db_stmt;

/* How often, and how long apart, db_backup() retries a busy source. */
#define DB_BACKUP_TRIES		100
#define DB_BACKUP_WAIT_MS	100

/* The SQLite connection under db, or NULL if db is another engine's. */
sqlite3		*db_handle(struct db *);
/* The SQLite statement under s, which must be a SQLite db's. */
sqlite3_stmt	*db_sqlite_stmt(struct db_stmt *);

#endif
