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
enum manage_result manage_facilitator_set(struct db *, long long by,
	    long long run, long long user, const char *role);
enum manage_result manage_facilitator_remove(struct db *, long long by,
	    long long run, long long user);

#endif
