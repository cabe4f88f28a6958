/*
 * move.h: moving a college from one database engine to another
 * (`tessera migrate-db --to URL`): an existing SQLite college copied
 * into an empty PostgreSQL database.
 */
#ifndef COLLEGE_MOVE_H
#define COLLEGE_MOVE_H

#include <stddef.h>

#include "kit/outcome.h"

/* Tables the copy knows, at most. */
#define MOVE_TABLES_MAX	32
/* Columns of one table, at most (a bound parameter each). */
#define MOVE_COLUMNS_MAX 24

enum move_rc {
	MOVE_FAILED = OUTCOME_ERROR,	/* anything else: see err; nothing
					 * was kept */
	MOVE_OK = OUTCOME_OK,
	MOVE_NOT_EMPTY = OUTCOME__SHARED /* the target already holds tables:
					 * refused */
};

/*
 * Copy the college in the SQLite database from into the PostgreSQL
 * database at the URL to, which must be empty: the target gets the
 * college's schema (its migrations), then every table in dependency
 * order with its ids as they are, then each identity sequence is set
 * past the highest id, then each table's row count is compared with the
 * source's. All of it is one transaction on the target: a failure
 * leaves the target as empty as it was. say, if not NULL, is told each
 * table and its rows once copied. MOVE_OK, or a status with a message
 * in err.
 */
enum move_rc	 college_move(const char *from, const char *to,
		    void (*say)(const char *table, long long rows),
		    char *err, size_t errlen);

#endif
