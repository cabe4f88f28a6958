/*
 * manage.c: what an office change answers, in words (see manage.h).
 */
#include <stddef.h>

#include "kit/i18n.h"
#include "college/manage.h"

static const char *const messages[MANAGE__MAX] = {
	[OUTCOME_OK] = N_("Saved."),
	[OUTCOME_NOT_FOUND] = N_("That no longer exists. It may have been "
	    "changed by someone else: go back to the list and try again."),
	[MANAGE_DUPLICATE] = N_("That is already in use. Choose another."),
	[MANAGE_BELOW_CONFIRMED] = N_("The number of places cannot be lower "
	    "than the places already confirmed."),
	[MANAGE_BAD_TIME] = N_("The end time must be after the start time."),
	[MANAGE_BAD_REF] = N_("Choose one from the list."),
	[MANAGE_LAST_ADMIN] = N_("This is the last administrator who can log "
	    "in: add or enable another administrator first."),
	[MANAGE_SELF] = N_("You cannot do this to your own account."),
	[MANAGE_CANCELLED] = N_("This has been cancelled and cannot be "
	    "changed."),
	[MANAGE_NO_SESSIONS] = N_("Add at least one session before publishing "
	    "the course dates."),
	[MANAGE_BOOKED] = N_("People hold places or are on the waiting list: "
	    "cancel the run instead."),
};

const char *
manage_strerror(int r)
{
	if (r == OUTCOME_ERROR)
		return _("Something went wrong and nothing was saved. Please "
		    "try again.");
	if (r < 0 || r >= MANAGE__MAX || messages[r] == NULL)
		return "";
	return _(messages[r]);
}
