/*
 * booking.fcgi: learners' bookings. No account and no password: the
 * booking's token in the address is the learner's key.
 *
 *   GET  /book/{run}			the booking form (or why it is closed)
 *   POST /book/{run}			book: 303 to the booking, 422 with the
 *					form, 409 if the run has closed, 429
 *					when this client has booked
 *					BOOKING_CLIENT_MAX places in an hour
 *   GET  /booking/{token}		the booking: status, sessions, QR code
 *   GET  /booking/{token}/qr.svg	the QR code alone (it holds /c/ and
 *					the check-in token, never {token})
 *   GET  /booking/{token}/calendar.ics	the sessions, for a calendar; 404
 *					while on the waiting list
 *   GET  /booking/{token}/cancel	"are you sure?"
 *   POST /booking/{token}/cancel	cancel: 303 to the booking
 *   GET  /booking/lost			"lost your link?": the form
 *   POST /booking/lost			send the links: 303 to /booking/lost/sent
 *					whether or not the address is known
 *					(and when its limit is reached), 422
 *					for a malformed address, 429 when this
 *					client has asked too often
 *   GET  /booking/lost/sent		"check your email"
 *   GET  /booking/{key}/reminders	stop (or start again) reminders
 *   POST /booking/{key}/reminders	RFC 8058 one-click: stop them (no
 *					csrf: mail providers send it), 200
 *   POST /booking/{key}/reminders/on	start them again (csrf), 303
 *
 * {key} in the reminders' routes is mail_reminder_key(), not the
 * booking's token: a link that stops reminders and does nothing else.
 *
 * A malformed or unknown token is the kit's plain 404 page: it says
 * nothing about whether a booking exists. The kit has checked csrf (and
 * Origin, Sec-Fetch-Site) before any POST handler here runs.
 *
 * This file is the route table; the handlers are in cgi-bin/booking/,
 * one file per resource, and what they share in
 * cgi-bin/booking/booking.h.
 */
#include <stddef.h>

#include "kit/app.h"
#include "kit/route.h"
#include "web.h"
#include "booking/booking.h"

static const struct route routes[] = {
	{ M_GET, "/book/{run}", book_get },
	{ M_POST, "/book/{run}", book_post },
	/* Before /booking/{token}, which would take "lost" for a token. */
	{ M_GET, "/booking/lost", lost_get },
	{ M_POST, "/booking/lost", lost_post },
	{ M_GET, "/booking/lost/sent", lost_sent_get },
	{ M_GET, "/booking/{key}/reminders", reminders_get },
	{ M_POST | ROUTE_NO_CSRF, "/booking/{key}/reminders", reminders_stop },
	{ M_POST, "/booking/{key}/reminders/on", reminders_start },
	{ M_GET, "/booking/{token}", booking_get },
	{ M_GET, "/booking/{token}/qr.svg", qr_get },
	{ M_GET, "/booking/{token}/calendar.ics", calendar_get },
	{ M_GET, "/booking/{token}/cancel", cancel_get },
	{ M_POST, "/booking/{token}/cancel", cancel_post },
};

int
main(int argc, char *argv[])
{
	return web_main("booking", routes, sizeof(routes) / sizeof(routes[0]),
	    booking_init, argc, argv);
}
