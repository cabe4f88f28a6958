/*
 * facilitator.c: who delivers a run (see facilitator.h).
 */
#include <string.h>

#include "kit/db.h"
#include "kit/i18n.h"
#include "college/college.h"
#include "college/facilitator.h"
#include "college/manage_db.h"
#include "college/stmts.h"

int
manage_facilitator_set(struct db *db, long long by, long long run,
    long long user, const char *role)
{
	int	 r, u;

	if (strcmp(role, "peer") != 0 && strcmp(role, "clinical") != 0 &&
	    strcmp(role, "other") != 0)
		return MANAGE_BAD_REF;
	if (db_begin(db) != DB_OK)
		return OUTCOME_ERROR;
	if ((r = manage_exists(db, STMT_ADMIN_RUN_GET, run)) ==
	    OUTCOME_ERROR ||
	    (u = manage_exists(db, STMT_ADMIN_STAFF_GET, user)) ==
	    OUTCOME_ERROR)
		return manage_finish(db, OUTCOME_ERROR);
	if (r == OUTCOME_NOT_FOUND)
		return manage_finish(db, OUTCOME_NOT_FOUND);
	if (u == OUTCOME_NOT_FOUND)
		return manage_finish(db, MANAGE_BAD_REF);
	if (manage_exec(db, NULL, STMT_ADMIN_FACILITATOR_SET, "iit", run, user,
	    role) == -1 || college_auditf(db, by, "facilitator.set",
	    "run %lld user %lld %s", run, user, role) == -1)
		return manage_finish(db, OUTCOME_ERROR);
	return manage_finish(db, OUTCOME_OK);
}

int
manage_facilitator_remove(struct db *db, long long by, long long run,
    long long user)
{
	int	 changed = 0;

	if (db_begin(db) != DB_OK)
		return OUTCOME_ERROR;
	if (manage_exec(db, &changed, STMT_ADMIN_FACILITATOR_DEL, "ii", run,
	    user) == -1)
		return manage_finish(db, OUTCOME_ERROR);
	if (changed == 0)
		return manage_finish(db, OUTCOME_NOT_FOUND);
	if (college_auditf(db, by, "facilitator.remove", "run %lld user %lld",
	    run, user) == -1)
		return manage_finish(db, OUTCOME_ERROR);
	return manage_finish(db, OUTCOME_OK);
}

const char *
facilitator_role_text(const char *role)
{
	if (strcmp(role, "peer") == 0)
		return _("Peer trainer");
	if (strcmp(role, "clinical") == 0)
		return _("Clinical trainer");
	return _("Facilitator");
}
