/*
 * web.h: what the four programs share: the database connection of this
 * process and the variables every page's layout needs.
 */
#ifndef CGI_WEB_H
#define CGI_WEB_H

struct db;
struct req;
struct view;

/* This process's connection, opened by web_init() after fork. */
extern struct db	*web_db;

/* app.init / app.fini for every program. */
int		 web_init(void);
void		 web_fini(void);
/* app.after: reset any statement a handler left part-way. */
void		 web_after(void);

/*
 * A new view for a page titled title, with the layout's variables:
 * college_name, page_title, css (the stylesheet's versioned address).
 * NULL when out of memory.
 */
struct view	*web_view(struct req *, const char *title);
/* A view as web_view() with csrf set, for pages with a form. */
struct view	*web_form_view(struct req *, const char *title);

#endif
