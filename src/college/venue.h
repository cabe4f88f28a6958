/*
 * venue.h: the college's venues, as the office keeps them (manage.h
 * says how changes are made and what they answer).
 */
#ifndef COLLEGE_VENUE_H
#define COLLEGE_VENUE_H

#include <time.h>

#include "college/manage.h"

struct db;
struct view;

struct manage_venue {
	const char	*name, *address, *access;
	int		 online;
};

/*
 * venues	loop: id, name, address, online (bool), upcoming (sessions
 *		to come there)
 */
int	manage_venues(struct db *, time_t now, struct view *);
/* name, address, access, online (bool). 0, 1 none, -1. */
int	manage_venue_get(struct db *, long long id, struct view *);
/* Add (*id 0: set to the new id) or change venue *id. */
enum manage_result manage_venue_save(struct db *, long long by,
	    long long *id, const struct manage_venue *);

/* loop name: id, name, online (bool), selected (bool, id == selected). */
int	manage_venue_options(struct db *, long long selected,
	    struct view *, const char *name);

#endif
