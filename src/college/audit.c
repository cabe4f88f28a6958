/*
 * audit.c: reading the audit log (see audit.h).
 */
#include <string.h>
#include <time.h>

#include "kit/db.h"
#include "kit/i18n.h"
#include "kit/view.h"
#include "college/audit.h"
#include "college/manage_db.h"
#include "college/stmts.h"
#include "college/when.h"

/* An audit line; arg points to the count of all matching lines. */
static int
audit_row(struct view *r, struct db_stmt *st, void *arg)
{
	char	 when[WHEN_BUF * 2 + 2];
	int	 e = 0;

	*(long long *)arg = db_col_int(st, 5);
	e |= view_set(r, "at", manage_stamp(when, sizeof(when),
	    (time_t)db_col_int(st, 1)));
	e |= view_set(r, "who", db_col_null(st, 2) ||
	    db_col_text(st, 2)[0] == '\0' ? _("System") : db_col_text(st, 2));
	e |= view_set(r, "action", db_col_text(st, 3));
	e |= view_set(r, "detail", db_col_text(st, 4));
	return e;
}

int
manage_audit(struct db *db, const struct manage_audit_filter *f,
    struct view *v)
{
	char		 pat[80];
	const char	*a = f->action;
	long long	 total = 0, pages;
	int		 e, page = f->page < 1 ? 1 : f->page;
	size_t		 i, n = 0;

	if (page > MANAGE_AUDIT_PAGES_MAX)
		page = MANAGE_AUDIT_PAGES_MAX;
	/* The action as a LIKE prefix, % and _ taken literally. */
	if (a != NULL && a[0] != '\0') {
		for (i = 0; a[i] != '\0' && n + 3 < sizeof(pat); i++) {
			if (a[i] == '%' || a[i] == '_' || a[i] == '\\')
				pat[n++] = '\\';
			pat[n++] = a[i];
		}
		pat[n++] = '%';
		pat[n] = '\0';
	}
	if (manage_each_row(manage_stmt(db, STMT_ADMIN_AUDIT, "Tziiii",
	    n > 0 ? pat : NULL, f->user,
	    (long long)(f->from != 0 ? f->from : 0),
	    (long long)(f->to != 0 ? f->to : (time_t)1 << 40),
	    (long long)MANAGE_AUDIT_PAGE,
	    (long long)(page - 1) * MANAGE_AUDIT_PAGE), v, "audit", audit_row,
	    &total) == -1)
		return -1;
	pages = total > 0 ? (total + MANAGE_AUDIT_PAGE - 1) /
	    MANAGE_AUDIT_PAGE : 1;
	e = 0;
	e |= view_set_int(v, "total", total);
	e |= view_set_int(v, "page", page);
	e |= view_set_int(v, "pages", pages);
	e |= view_set_bool(v, "has_prev", page > 1);
	e |= view_set_bool(v, "has_next", page < pages);
	e |= view_set_int(v, "prev_page", page - 1);
	e |= view_set_int(v, "next_page", page + 1);
	return e == 0 ? 0 : -1;
}
