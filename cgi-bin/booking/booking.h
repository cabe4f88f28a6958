/*
 * booking.h: what the learners' booking pages share (cgi-bin/booking/).
 *
 * booking.c is the route table; each file in cgi-bin/booking/ holds the
 * handlers of one resource: form.c (the booking form, /book/{run}),
 * page.c (a booking's page, its QR code, calendar and cancelling),
 * lost.c ("lost your link?"), reminders.c (reminders off and on again);
 * common.c holds what they use: the site's address for links and the
 * college's contact details. Every handler answers as the kit's
 * handlers do (kit/route.h): the status it sent, or one for the kit to
 * send.
 */
#ifndef BOOKING_BOOKING_H
#define BOOKING_BOOKING_H

struct req;
struct view;

/* --- common.c ----------------------------------------------------------- */

/* The program's start, once, before any request: web_init() and
 * TESSERA_BASE_URL. 0 or -1. */
int		 booking_init(void);

/*
 * The site's address for links that leave the page (the QR code, the
 * calendar): TESSERA_BASE_URL, else the scheme and the Host header,
 * which must be [A-Za-z0-9.:-] only. NULL when there is no usable one.
 */
const char	*base_url(struct req *);

/* The college's contact details and privacy notice, for the pages. */
int		 contact(struct req *, struct view *);

/* --- The resources ------------------------------------------------------ */

int		 book_get(struct req *);		/* form.c */
int		 book_post(struct req *);

int		 booking_get(struct req *);		/* page.c */
int		 qr_get(struct req *);
int		 calendar_get(struct req *);
int		 cancel_get(struct req *);
int		 cancel_post(struct req *);

int		 lost_get(struct req *);		/* lost.c */
int		 lost_post(struct req *);
int		 lost_sent_get(struct req *);

int		 reminders_get(struct req *);		/* reminders.c */
int		 reminders_stop(struct req *);
int		 reminders_start(struct req *);

#endif /* BOOKING_BOOKING_H */
