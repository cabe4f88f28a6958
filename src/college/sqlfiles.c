/*
 * sqlfiles.c: finding an SQL file of sql/ built into the binary.
 */
#include <string.h>

#include "college/sqlfiles.h"

const char *
sql_file(const char *name)
{
	size_t	 i;

	if (name == NULL)
		return NULL;
	for (i = 0; i < college_nsql_files; i++)
		if (strcmp(college_sql_files[i].name, name) == 0)
			return college_sql_files[i].sql;
	return NULL;
}
