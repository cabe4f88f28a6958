/*
 * facilitator.h: who delivers a run (manage.h says how changes are
 * made and what they answer; run.h lists them on the run's page).
 */
#ifndef COLLEGE_FACILITATOR_H
#define COLLEGE_FACILITATOR_H

#include "college/manage.h"

struct db;

/* Add user to run as role ("peer", "clinical", "other"), or change
 * their role. */
int	manage_facilitator_set(struct db *, long long by,
	    long long run, long long user, const char *role);
int	manage_facilitator_remove(struct db *, long long by,
	    long long run, long long user);

/* A facilitator's role ("peer", "clinical", else any) as the words a
 * page shows, in the language in use: the one owner of those words. */
const char	*facilitator_role_text(const char *role);

#endif
