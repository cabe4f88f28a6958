/*
 * booking.fcgi: learners' bookings: /book/{run} and /booking/{token}.
 *
 * The foundation serves /healthz only; the pages come with their issue.
 */
#include <stddef.h>

#include "kit/app.h"
#include "web.h"

static const struct app app = {
	.name = "booking",
	.routes = NULL,
	.nroutes = 0,
	.init = web_init,
	.fini = web_fini,
	.after = web_after,
	.view = web_view,
};

int
main(int argc, char *argv[])
{
	return app_main(&app, argc, argv);
}
