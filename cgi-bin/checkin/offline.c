/*
 * offline.c: what the door keeps working without a network: today's
 * rosters (GET /checkin/today.json), the queue of check-ins made offline
 * (POST /checkin/sync), and the service worker (GET /checkin/sw.js).
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kit/form.h"
#include "kit/http.h"
#include "kit/i18n.h"
#include "kit/outcome.h"
#include "kit/view.h"
#include "college/attendance.h"
#include "college/clock.h"
#include "college/staff.h"
#include "../web.h"
#include "checkin.h"

#ifndef TESSERA_TEMPLATES
#define TESSERA_TEMPLATES "templates"
#endif

/*
 * The service worker, read once at start from templates/static/sw.js and
 * served at /checkin/sw.js, so that its scope (the directory it is served
 * from) covers the rosters and scanners under /checkin/ without a
 * Service-Worker-Allowed header. Empty when the file is missing.
 */
#define SW_MAX		(32 * 1024)
static char	sw_body[SW_MAX];
static size_t	sw_len;

void
sw_load(void)
{
	const char	*dir = getenv("TESSERA_TEMPLATES");
	char		 path[1024];
	FILE		*f;

	if (dir == NULL || *dir == '\0')
		dir = TESSERA_TEMPLATES;
	if ((size_t)snprintf(path, sizeof(path), "%s/static/sw.js", dir) >=
	    sizeof(path) || (f = fopen(path, "re")) == NULL)
		return;
	sw_len = fread(sw_body, 1, sizeof(sw_body), f);
	if (!feof(f))
		sw_len = 0;	/* larger than SW_MAX: refuse, not cut */
	fclose(f);
}

/*
 * GET /checkin/today.json: the rosters of the user's sessions today, for
 * the phone to keep until the day ends or the user logs out (see
 * attendance_today() for what is in it, and what never is). no-store
 * (the kit's default): HTTP caches keep nothing; the page's script
 * keeps it in IndexedDB.
 */
int
today_get(struct req *r)
{
	struct staff_user	 u;
	struct view		*v;
	int			 rc, ended;

	if ((rc = web_who(r, &u, &ended)) == WEB_WHO_ERROR)
		return 500;
	if (rc == WEB_WHO_NOBODY)
		return json_simple(r, 401, "login", "You have been logged out. "
		    "Log in again to keep today's lists on this phone.");
	if ((v = view_new(r->arena)) == NULL ||
	    attendance_today(web_db, &u, college_now(), v) == -1)
		return 500;
	return resp_json(r, 200, v);
}

/*
 * POST /checkin/sync: check-ins queued on a phone, in the field items:
 * up to ATT_SYNC_MAX lines "NONCE SESSION BOOKING ACTION METHOD AT"
 * (attendance_item_parse()). A form, not a JSON body, so that the kit's
 * one csrf check (a form field) guards it as every other POST. Always
 * JSON: 200 with results (one row per line, in order: index and what
 * attendance_sync() says, or result "invalid" for a line that could not
 * be read), 401 "login", 422 "invalid" when items is missing, empty or
 * too long.
 */
int
sync_post(struct req *r)
{
	struct staff_user	 u;
	struct att_item		 it;
	struct view		*v, *row;
	const char		*items, *p;
	char			 line[ATT_SYNC_LINE_MAX + 1];
	size_t			 n, i = 0;
	int			 rc, ended;
	time_t			 now = college_now();

	if ((rc = web_who(r, &u, &ended)) == WEB_WHO_ERROR)
		return 500;
	if (rc == WEB_WHO_NOBODY)
		return json_simple(r, 401, "login", "You have been logged out. "
		    "Log in again: what is waiting will be sent then.");
	items = form_get(&r->bf, "items");
	if (items == NULL || *items == '\0')
		return json_simple(r, 422, "invalid", "Nothing was sent.");
	/* Counted first: a batch too large records nothing at all. */
	for (p = items; *p != '\0'; p += n + (p[n] == '\n')) {
		n = strcspn(p, "\n");
		if (++i > ATT_SYNC_MAX)
			return json_simple(r, 422, "invalid", "Too many "
			    "check-ins at once: send them in smaller groups.");
	}
	i = 0;
	if ((v = view_new(r->arena)) == NULL || view_loop(v, "results") == -1)
		return 500;
	for (p = items; *p != '\0'; p += n + (p[n] == '\n')) {
		n = strcspn(p, "\n");
		i++;
		if ((row = view_row(v, "results")) == NULL ||
		    view_set_int(row, "index", (long long)i - 1) == -1)
			return 500;
		if (n > ATT_SYNC_LINE_MAX ||
		    (memcpy(line, p, n), line[n] = '\0',
		    attendance_item_parse(line, &it) == -1)) {
			if (view_set(row, "result", "invalid") == -1 ||
			    view_set(row, "tone", "bad") == -1 ||
			    view_set(row, "message", "This check-in could "
			    "not be read, so it was not recorded.") == -1)
				return 500;
			continue;
		}
		if (attendance_sync(web_db, &u, &it, now, row) == -1)
			return 500;
	}
	if (view_set_int(v, "count", (long long)i) == -1 ||
	    view_set_int(v, "server_time", (long long)now) == -1)
		return 500;
	return resp_json(r, 200, v);
}

/* GET /checkin/sw.js: the service worker, never cached by HTTP. */
int
sw_get(struct req *r)
{
	if (sw_len == 0)
		return 404;
	if (resp_header(r, "Cache-Control", "no-cache") == -1)
		return 500;
	return resp_body(r, 200, "text/javascript; charset=utf-8", sw_body,
	    sw_len);
}
