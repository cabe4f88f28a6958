/*
 * retention.c: the retention setting (see retention.h).
 */
#include <stdio.h>
#include <string.h>

#include "kit/db.h"
#include "college/learner.h"
#include "college/manage_db.h"
#include "college/retention.h"
#include "college/stmts.h"

enum manage_result
manage_retention_set(struct db *db, long long by, int months)
{
	char	 value[16];

	if (months < 1 || months > LEARNER_RETENTION_MAX)
		return MANAGE_BAD_REF;
	snprintf(value, sizeof(value), "%d", months);
	if (db_begin(db) != DB_OK)
		return MANAGE_ERROR;
	if (manage_exec(db, NULL, STMT_ADMIN_SETTING_SET, "tt",
	    "retention_months", value) == -1 || manage_audit_add(db, by,
	    "setting.retention", "retention_months %d", months) == -1)
		return manage_finish(db, MANAGE_ERROR);
	return manage_finish(db, MANAGE_OK);
}
