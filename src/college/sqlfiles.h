/*
 * sqlfiles.h: the SQL files of sql/, built into the binaries by
 * tools/embed-sql.sh. Migrations (NNN_*.sql) are in version order.
 */
#ifndef COLLEGE_SQLFILES_H
#define COLLEGE_SQLFILES_H

#include <stddef.h>

#include "kit/db.h"	/* struct db_migration, complete for the array */

struct sql_file {
	const char	*name;	/* "demo.sql" */
	const char	*sql;
};

extern const struct db_migration	college_migrations[];
extern const size_t			college_nmigrations;
extern const struct sql_file		college_sql_files[];
extern const size_t			college_nsql_files;

/* The text of sql/name, or NULL. */
const char	*sql_file(const char *name);

#endif
