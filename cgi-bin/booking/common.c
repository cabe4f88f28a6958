/*
 * common.c: what the booking pages share: TESSERA_BASE_URL, read at
 * start, and the site's address for links; the college's contact details.
 * (booking.c has the routes; booking.h what the booking pages share.)
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kit/arena.h"
#include "kit/http.h"
#include "kit/view.h"
#include "college/college.h"
#include "../web.h"
#include "booking.h"

#define BASE_URL_MAX	200	/* bytes in TESSERA_BASE_URL */
#define HOST_MAX	255	/* bytes in a Host header used for links */

/* TESSERA_BASE_URL, checked once per process; "" to use Host. */
static char	base_env[BASE_URL_MAX + 1];

/* Whether s is a usable base URL: http(s)://, then visible ASCII
 * with nothing that could break out of an attribute or a header. */
static int
base_ok(const char *s)
{
	size_t	 n = strlen(s);

	if (n == 0 || n > BASE_URL_MAX ||
	    (strncmp(s, "http://", 7) != 0 && strncmp(s, "https://", 8) != 0))
		return 0;
	for (; *s != '\0'; s++)
		if (*s <= ' ' || *s >= 0x7f || strchr("\"'<>\\`", *s) != NULL)
			return 0;
	return 1;
}

int
booking_init(void)
{
	const char	*b = getenv("TESSERA_BASE_URL");
	size_t		 n;

	if (web_init() == -1)
		return -1;
	if (b == NULL || *b == '\0')
		return 0;
	if (!base_ok(b)) {
		fprintf(stderr, "booking: TESSERA_BASE_URL is not an http(s) "
		    "URL; using the Host header\n");
		return 0;
	}
	n = strlen(b);
	while (n > 0 && b[n - 1] == '/')
		n--;
	memcpy(base_env, b, n);
	base_env[n] = '\0';
	return 0;
}

/*
 * The site's address for links that leave the page (the QR code, the
 * calendar): TESSERA_BASE_URL, else the scheme and the Host header,
 * which must be [A-Za-z0-9.:-] only. NULL when there is no usable one.
 */
const char *
base_url(struct req *r)
{
	const char	*h;
	size_t		 n;

	if (base_env[0] != '\0')
		return base_env;
	if ((h = req_header(r, "Host")) == NULL ||
	    (n = strlen(h)) == 0 || n > HOST_MAX ||
	    strspn(h, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789.:-") != n)
		return NULL;
	return arena_printf(r->arena, "%s://%s", r->https ? "https" : "http",
	    h);
}

/* The college's contact details and privacy notice, for the pages. */
int
contact(struct req *r, struct view *v)
{
	static const char *const keys[] = {
		"contact_email", "contact_phone", "privacy_notice",
	};
	size_t	 i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (view_set(v, keys[i], college_setting(web_db, r->arena,
		    keys[i], "")) == -1)
			return -1;
	return 0;
}
