/*
 * view.h: the variables a page shows, as a small tree.
 *
 * A handler fills one view; the same view renders through a template
 * (HTML) or as JSON (Accept: application/json), so every page is also
 * an API. A view is a scope: named values that are strings, integers,
 * booleans, or loops (lists of rows, each row a scope of its own whose
 * parent is the scope that holds the loop). Names are looked up in the
 * innermost scope first, then outwards: an inner name shadows an outer.
 *
 * Ownership: everything lives in the arena given to view_new(); names
 * and string values are copied into it.
 * Order: variables keep the order in which they were first set (JSON
 * output follows it). Setting a name again replaces its value.
 */
#ifndef KIT_VIEW_H
#define KIT_VIEW_H

struct arena;

/* Longest variable name accepted. */
#define VIEW_NAME_MAX	64

enum vtype {
	VT_STR,
	VT_INT,
	VT_BOOL,
	VT_NULL,	/* JSON null; empty and false in templates */
	VT_LOOP,
	VT__MAX
};

struct view;

struct vrow {			/* one row of a loop */
	struct view	*scope;
	struct vrow	*next;
};

struct vval {
	enum vtype	 type;
	const char	*s;	/* VT_STR */
	long long	 i;	/* VT_INT, VT_BOOL */
	struct vrow	*rows;	/* VT_LOOP, in order */
	struct vrow	*last;
	unsigned	 nrows;
};

/* A new, empty top-level scope, or NULL. */
struct view	*view_new(struct arena *);
/* Whether the n bytes at s make a variable name: 1 to VIEW_NAME_MAX
 * of [A-Za-z0-9_]. Views and templates both hold names to it. */
int		 view_name_valid(const char *s, size_t n);

/* Each returns 0, or -1 when out of memory or the name is invalid
 * (empty, longer than VIEW_NAME_MAX, or not [A-Za-z0-9_]). */
int		 view_set(struct view *, const char *name, const char *value);
int		 view_setf(struct view *, const char *name, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));
int		 view_set_int(struct view *, const char *name, long long);
int		 view_set_bool(struct view *, const char *name, int);
int		 view_set_null(struct view *, const char *name);
/* Declare name as a loop (an empty one if no rows are added): JSON shows []. */
int		 view_loop(struct view *, const char *name);
/* Append a row to loop name (created if need be) and return its scope. */
struct view	*view_row(struct view *, const char *name);

/* Look name up here and then in enclosing scopes; NULL if absent. */
const struct vval *view_lookup(const struct view *, const char *name);
/* Look name up in this scope only (not its parents); NULL if absent. */
const struct vval *view_lookup_here(const struct view *, const char *name);
/* The string form of a value: VT_STR as is, VT_INT in decimal, VT_BOOL
 * "1" or "" (false), VT_NULL and absent as NULL, a loop its row count.
 * The arena is used for numbers. */
const char	*view_str(const struct view *, struct arena *, const char *name);
/* Truth for TMPL_IF: non-empty string, non-zero integer, true, or a loop
 * with rows. */
int		 view_truth(const struct vval *);

/* Iterate one scope's own variables in order; returns NULL at the end.
 * Start with *it = NULL. */
const char	*view_next(const struct view *, const void **it,
		    const struct vval **val);
struct arena	*view_arena(const struct view *);

#endif
