/*
 * checkin.fcgi: staff log-in and checking learners in at the door.
 *
 *   GET  /login				the log-in form (next: where to go after)
 *   POST /login				log in: 303 to next; 422 wrong; 429 throttled
 *   POST /logout				end the session: 303 to /login
 *   GET  /checkin				the user's sessions: today and the next 7 days
 *   GET  /checkin/session/{id}		the roster (q: a name to search for)
 *   POST /checkin/session/{id}/mark	a tap: booking, status (or undo)
 *   POST /checkin/session/{id}/absent	mark everyone not checked in absent
 *   POST /checkin/session/{id}/code	check in by short code
 *   POST /checkin/session/{id}/needs	show a learner's support needs (audited)
 *   GET  /checkin/session/{id}/scan	the in-page scanner
 *   POST /checkin/scan			one scan, answered in JSON (session,
 *					text, nonce)
 *   GET  /checkin/session/{id}/sheet	the printable sign-in sheet
 *   GET  /checkin/session/{id}/paper	typing a sheet's ticks back in
 *   POST /checkin/session/{id}/paper	(admins only)
 *   GET  /checkin/today.json		today's rosters, for the phone to keep
 *   POST /checkin/sync			queued check-ins (items), answered in
 *					JSON per item
 *   GET  /checkin/sw.js			the service worker (scope /checkin/)
 *   GET  /c/{token}			what a booking's QR code holds
 *   POST /c/{token}			check that booking in
 *
 * Every page but /login and /c/ needs a staff session; a GET without one
 * is sent to /login and back. Who may see and change a session is
 * decided by college/attendance (its facilitators, and admins): anyone
 * else gets 403. The kit has checked csrf (and Origin, Sec-Fetch-Site)
 * before any POST handler here runs. Pages are never cached (the kit's
 * default Cache-Control: no-store), and nothing here logs a password, a
 * token or a session id.
 *
 * This file is the route table; the handlers are in cgi-bin/checkin/,
 * one file per part of the door, and what they share in
 * cgi-bin/checkin/checkin.h.
 */
#include <stddef.h>

#include "kit/route.h"
#include "web.h"
#include "checkin/checkin.h"

static const struct route routes[] = {
	{ M_GET, "/login", login_get },
	{ M_POST, "/login", login_post },
	{ M_POST, "/logout", logout_post },
	{ M_GET, "/checkin", checkin_get },
	{ M_GET, "/checkin/session/{id}", roster_get },
	{ M_POST, "/checkin/session/{id}/mark", mark_post },
	{ M_POST, "/checkin/session/{id}/absent", absent_post },
	{ M_POST, "/checkin/session/{id}/code", code_post },
	{ M_POST, "/checkin/session/{id}/needs", needs_post },
	{ M_GET, "/checkin/session/{id}/scan", scan_get },
	{ M_POST, "/checkin/scan", scan_post },
	{ M_GET, "/checkin/session/{id}/sheet", sheet_get },
	{ M_GET, "/checkin/session/{id}/paper", paper_get },
	{ M_POST, "/checkin/session/{id}/paper", paper_post },
	{ M_GET, "/checkin/today.json", today_get },
	{ M_POST, "/checkin/sync", sync_post },
	{ M_GET, "/checkin/sw.js", sw_get },
	{ M_GET, "/c/{token}", c_get },
	{ M_POST, "/c/{token}", c_post },
};

int
main(int argc, char *argv[])
{
	return web_main("checkin", routes, sizeof(routes) / sizeof(routes[0]),
	    checkin_init, argc, argv);
}
