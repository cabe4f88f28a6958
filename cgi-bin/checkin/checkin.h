/*
 * checkin.h: what the door's pages share (cgi-bin/checkin/).
 *
 * checkin.c is the route table; each file in cgi-bin/checkin/ holds the
 * handlers of one part of the door: login.c (log in and out), lists.c
 * (the sessions list and the roster: mark, absent, code, needs), scan.c
 * (the in-page scanner and its POST), paper.c (the sign-in sheet and
 * paper entry), offline.c (today.json, sync, the service worker), c.c
 * (the /c/{token} pages); common.c holds what they all use. Every
 * handler answers as the kit's handlers do (kit/route.h): the status it
 * sent, or one for the kit to send.
 */
#ifndef CHECKIN_CHECKIN_H
#define CHECKIN_CHECKIN_H

#include "../web.h"

struct att_session;
struct req;
struct staff_user;
struct view;

#define NEXT_DEFAULT	"/checkin"	/* where a log-in goes by default */
#define NEXT_ADMIN	"/admin"	/* and an administrator's */
#define ID_MAX		999999999999999999LL
#define CODE_FIELD_MAX	32		/* characters typed as a code */
#define SESSION_PATH	"/checkin/session/"

/* --- common.c ----------------------------------------------------------- */

/*
 * The scripts' addresses, which carry a hash of their content
 * (web_static_url()), filled by checkin_init().
 */
extern char	scan_js[WEB_STATIC_URL_MAX];
extern char	jsqr_js[WEB_STATIC_URL_MAX];
extern char	door_js[WEB_STATIC_URL_MAX];
extern char	out_js[WEB_STATIC_URL_MAX];

/* The program's start, once, before any request: web_init(), the
 * scripts' addresses, the service worker. 0 or -1. */
int		 checkin_init(void);

/* A page view for a logged-in user: the layout's variables, csrf (every
 * staff page has the log-out form), and who is logged in. */
struct view	*staff_view(struct req *, const struct staff_user *,
		    const char *title);

/* A JSON answer with only a result word and a message. */
int		 json_simple(struct req *, int status, const char *result,
		    const char *msg);

/*
 * The session of the {id} parameter, for user u: 0 with *s filled, or
 * the status to answer (404 no such session, 403 not the user's).
 */
int		 load_session(struct req *, const struct staff_user *,
		    struct att_session *);

/*
 * The start of every roster handler: the user (or a redirect to log
 * in) and the session (or 404, 403). 0 to go on, else the status.
 */
int		 begin(struct req *, struct staff_user *, struct att_session *);

/* --- lists.c ------------------------------------------------------------ */

/* What a POST that did not redirect adds to the roster or scanner. */
struct extra {
	const char	*code;		/* the code as typed */
	const char	*code_error;
	long long	 needs_booking;	/* whose needs are shown, or 0 */
	const char	*needs_name;
	const char	*needs;
};

/*
 * The variables of the query: q (the search), flash (a loop of one row:
 * the result a redirect carried back, as attendance_checkin_view()
 * fills it), marked (the booking just tapped), absent_count.
 */
int		 query_vars(struct req *, const struct staff_user *,
		    const struct att_session *, struct view *,
		    const char **search, long long *marked);

/* The code-entry field's variables. */
int		 code_vars(struct view *, const struct extra *);

/* The roster of s with status, and what a POST adds (x, may be NULL). */
int		 roster_page(struct req *, const struct staff_user *,
		    const struct att_session *, int status,
		    const struct extra *);

int		 checkin_get(struct req *);
int		 roster_get(struct req *);
int		 mark_post(struct req *);
int		 absent_post(struct req *);
int		 code_post(struct req *);
int		 needs_post(struct req *);

/* --- scan.c ------------------------------------------------------------- */

/* The scanner of s with status, and what a POST adds (x, may be NULL). */
int		 scan_page(struct req *, const struct staff_user *,
		    const struct att_session *, int status,
		    const struct extra *);

int		 scan_get(struct req *);
int		 scan_post(struct req *);

/* --- offline.c ---------------------------------------------------------- */

/* Read the service worker, templates/static/sw.js, once at start (left
 * empty when the file is missing or too large). */
void		 sw_load(void);

int		 today_get(struct req *);
int		 sync_post(struct req *);
int		 sw_get(struct req *);

/* --- The other parts ---------------------------------------------------- */

int		 login_get(struct req *);		/* login.c */
int		 login_post(struct req *);
int		 logout_post(struct req *);

int		 sheet_get(struct req *);		/* paper.c */
int		 paper_get(struct req *);
int		 paper_post(struct req *);

int		 c_get(struct req *);			/* c.c */
int		 c_post(struct req *);

#endif /* CHECKIN_CHECKIN_H */
