/*
 * retention.h: how long learners' details are kept after their last
 * sign of life (learner.h erases them; manage.h says how changes are
 * made and what they answer).
 */
#ifndef COLLEGE_RETENTION_H
#define COLLEGE_RETENTION_H

#include "college/manage.h"

struct db;

/* Set the retention setting (1..LEARNER_RETENTION_MAX months). */
enum manage_result manage_retention_set(struct db *, long long by,
	    int months);

#endif
