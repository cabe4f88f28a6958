/*
 * accounts.h: the staff accounts as the office sees and changes them
 * (manage.h says how changes are made and what they answer). New
 * accounts: staff_add() (college/staff.h), the one owner of the rules
 * for them.
 *
 * Rules kept here.
 * - The last admin who can log in cannot be disabled, and nobody
 *   disables their own account here.
 * - Disabling an account or setting its password ends its log-ins.
 */
#ifndef COLLEGE_ACCOUNTS_H
#define COLLEGE_ACCOUNTS_H

#include "college/manage.h"

struct db;
struct view;

/*
 * staff	loop: id, name, email, role, admin (bool), disabled (bool),
 *		last_seen ("" if never)
 * and, for the facilitator form, staff_options (active staff: id, name).
 */
int	manage_staff(struct db *, struct view *);
/* staff_options loop only. */
int	manage_staff_options(struct db *, struct view *);
/* id, name, email, role, disabled. 0, 1, -1. */
int	manage_staff_get(struct db *, long long id, struct view *);
enum manage_result manage_staff_disable(struct db *, long long by,
	    long long id, int disabled);
enum manage_result manage_staff_password(struct db *, long long by,
	    long long id, const char *password);

#endif
