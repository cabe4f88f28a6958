/*
 * audit.h: the audit log as the office reads it (college.h writes a
 * line; every change of the office's modules writes one, manage.h).
 */
#ifndef COLLEGE_AUDIT_H
#define COLLEGE_AUDIT_H

#include <time.h>

struct db;
struct view;

#define MANAGE_AUDIT_PAGE	50	/* audit lines on one page */
#define MANAGE_AUDIT_PAGES_MAX	10000	/* pages of the audit log reachable */

/* What to list of the audit log; NULL / 0 for any. */
struct manage_audit_filter {
	const char	*action;	/* a prefix: "export", "learner.erase" */
	long long	 user;
	time_t		 from, to;	/* [from, to) */
	int		 page;		/* from 1 */
};

/*
 * audit	loop: at ("2026-03-20 14:05"), who ("System" for none),
 *		action, detail
 * total, page, pages, has_prev, has_next, prev_page, next_page.
 */
int	manage_audit(struct db *, const struct manage_audit_filter *,
	    struct view *);

#endif
