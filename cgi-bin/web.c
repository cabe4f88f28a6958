/*
 * web.c: the programs' shared glue (HTTP on one side, the college on
 * the other).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kit/db.h"
#include "kit/http.h"
#include "kit/view.h"
#include "college/college.h"
#include "web.h"

#ifndef TESSERA_TEMPLATES
#define TESSERA_TEMPLATES "templates"
#endif

struct db	*web_db;
static char	 css_url[64] = "/static/style.css";

/*
 * The stylesheet's address carries a hash of its content, so nginx can
 * let browsers cache it for a year and a new version is still fetched.
 */
static void
css_version(void)
{
	const char	*dir = getenv("TESSERA_TEMPLATES");
	char		 path[1024], b[4096];
	unsigned long	 h = 2166136261UL;	/* FNV-1a */
	ssize_t		 n, i;
	int		 fd;

	if (dir == NULL || *dir == '\0')
		dir = TESSERA_TEMPLATES;
	if ((size_t)snprintf(path, sizeof(path), "%s/static/style.css", dir) >=
	    sizeof(path) || (fd = open(path, O_RDONLY)) == -1)
		return;
	while ((n = read(fd, b, sizeof(b))) > 0)
		for (i = 0; i < n; i++)
			h = ((h ^ (unsigned char)b[i]) * 16777619UL) & 0xffffffffUL;
	close(fd);
	snprintf(css_url, sizeof(css_url), "/static/style.css?v=%08lx", h);
}

int
web_init(void)
{
	char	 err[512];

	if ((web_db = college_open(college_db_path(), err, sizeof(err))) == NULL) {
		fprintf(stderr, "tessera: %s\n", err);
		return -1;
	}
	css_version();
	return 0;
}

void
web_fini(void)
{
	db_close(web_db);
	web_db = NULL;
}

void
web_after(void)
{
	db_release(web_db);
}

struct view *
web_view(struct req *r, const char *title)
{
	struct view	*v;

	if ((v = view_new(r->arena)) == NULL ||
	    view_set(v, "college_name", college_setting(web_db, r->arena,
	    "college_name", "Recovery College")) == -1 ||
	    view_set(v, "page_title", title) == -1 ||
	    view_set(v, "_css", css_url) == -1)
		return NULL;
	return v;
}

struct view *
web_form_view(struct req *r, const char *title)
{
	struct view	*v;
	const char	*t;

	if ((v = web_view(r, title)) == NULL || (t = csrf_token(r)) == NULL ||
	    view_set(v, "_csrf", t) == -1)
		return NULL;
	return v;
}
