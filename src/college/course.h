/*
 * course.h: the college's courses and the topics they are listed
 * under, as the office keeps them (manage.h says how changes are made
 * and what they answer). A saved course is indexed again for the
 * catalogue's search in the same transaction (catalogue.h).
 */
#ifndef COLLEGE_COURSE_H
#define COLLEGE_COURSE_H

#include <time.h>

#include "college/manage.h"

struct db;
struct view;

struct manage_course {
	const char	*slug, *title, *summary, *description;
	long long	 topic_id;	/* 0: none */
	const char	*status;	/* "draft" or "published" */
};

/* loop name: id, name, selected. */
int	manage_topic_options(struct db *, long long selected,
	    struct view *, const char *name);

/*
 * courses	loop: id, slug, title, status, published (bool), topic,
 *		runs, upcoming_runs
 */
int	manage_courses(struct db *, time_t now, struct view *);
/* loop name over courses: id, slug, title, selected (id == selected or
 * slug == selected_slug). */
int	manage_course_options(struct db *, long long selected,
	    const char *selected_slug, struct view *, const char *name);
/* slug, title, summary, description, topic_id, status. 0, 1, -1. */
int	manage_course_get(struct db *, long long id, struct view *);
/* Add (*id 0: set to the new id) or change course *id. */
enum manage_result manage_course_save(struct db *, long long by,
	    long long *id, const struct manage_course *);

#endif
