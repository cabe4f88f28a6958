/*
 * view.c: scopes of ordered, named values.
 *
 * A scope is a singly linked list of variables in the order they were
 * first set, with a tail pointer so that adding a variable and appending
 * a row are O(1). Pages hold tens of variables, so a lookup is a linear
 * scan that compares name lengths first: cheaper than hashing at this
 * size, and it keeps the order for JSON for free.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "ascii.h"
#include "view.h"

struct var {
	struct vval	 val;
	struct var	*next;
	unsigned char	 len;		/* of name, at most VIEW_NAME_MAX */
	char		 name[];	/* allocated with the variable */
};

struct view {
	struct arena		*arena;
	const struct view	*parent;	/* NULL at the top */
	struct var		*head;
	struct var		*tail;
};

int
view_name_valid(const char *s, size_t n)
{
	size_t	 i;

	if (s == NULL || n == 0 || n > VIEW_NAME_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (!ascii_alpha(s[i]) && !ascii_digit(s[i]) && s[i] != '_')
			return 0;
	return 1;
}

/* The length of name if it is a valid name (view_name_valid), else 0. */
static size_t
name_len(const char *name)
{
	size_t	 n;

	if (name == NULL)
		return 0;
	n = strnlen(name, VIEW_NAME_MAX + 1);
	return view_name_valid(name, n) ? n : 0;
}

/* Comparing length and first byte first leaves memcmp for the match. */
static struct var *
find_here(const struct view *v, const char *name, size_t len)
{
	struct var	*p;

	for (p = v->head; p != NULL; p = p->next)
		if (p->len == len && p->name[0] == name[0] &&
		    memcmp(p->name, name, len) == 0)
			return p;
	return NULL;
}

/*
 * The variable name (of len bytes, already validated) in v, created at
 * the end of the list if absent, its value zeroed: the caller assigns it
 * at once. NULL if the arena is exhausted. Callers allocate whatever
 * else they need before calling this, so that a failure leaves no
 * half-set variable.
 */
static struct var *
slot(struct view *v, const char *name, size_t len)
{
	struct var	*p;

	if ((p = find_here(v, name, len)) != NULL)
		return p;
	if ((p = arena_alloc(v->arena, sizeof(*p) + len + 1)) == NULL)
		return NULL;
	p->len = (unsigned char)len;
	memcpy(p->name, name, len + 1);
	if (v->tail == NULL)
		v->head = p;
	else
		v->tail->next = p;
	v->tail = p;
	return p;
}

/* Replace a variable's value, keeping its place in the order. */
static void
assign(struct var *p, enum vtype type, const char *s, long long i)
{
	memset(&p->val, 0, sizeof(p->val));
	p->val.type = type;
	p->val.s = s;
	p->val.i = i;
}

/* Set name in v to a scalar; 0 or -1. */
static int
set_scalar(struct view *v, const char *name, enum vtype type, const char *s,
    long long i)
{
	struct var	*p;
	size_t		 len;

	if (v == NULL || (len = name_len(name)) == 0 ||
	    (p = slot(v, name, len)) == NULL)
		return -1;
	assign(p, type, s, i);
	return 0;
}

struct view *
view_new(struct arena *a)
{
	struct view	*v;

	if (a == NULL || (v = arena_alloc(a, sizeof(*v))) == NULL)
		return NULL;
	v->arena = a;
	return v;
}

/* A NULL value is taken as view_set_null(): "nothing to show". */
int
view_set(struct view *v, const char *name, const char *value)
{
	const char	*s;

	if (value == NULL)
		return view_set_null(v, name);
	if (v == NULL || name_len(name) == 0 ||
	    (s = arena_strdup(v->arena, value)) == NULL)
		return -1;
	return set_scalar(v, name, VT_STR, s, 0);
}

int
view_setf(struct view *v, const char *name, const char *fmt, ...)
{
	const char	*s;
	va_list		 ap;

	if (v == NULL || name_len(name) == 0)
		return -1;
	va_start(ap, fmt);
	s = arena_vprintf(v->arena, fmt, ap);
	va_end(ap);
	if (s == NULL)
		return -1;
	return set_scalar(v, name, VT_STR, s, 0);
}

int
view_set_int(struct view *v, const char *name, long long i)
{
	return set_scalar(v, name, VT_INT, NULL, i);
}

int
view_set_bool(struct view *v, const char *name, int b)
{
	return set_scalar(v, name, VT_BOOL, NULL, b != 0);
}

int
view_set_null(struct view *v, const char *name)
{
	return set_scalar(v, name, VT_NULL, NULL, 0);
}

/* An existing loop keeps its rows; any other value becomes an empty loop. */
int
view_loop(struct view *v, const char *name)
{
	struct var	*p;
	size_t		 len;

	if (v == NULL || (len = name_len(name)) == 0 ||
	    (p = slot(v, name, len)) == NULL)
		return -1;
	if (p->val.type != VT_LOOP)
		assign(p, VT_LOOP, NULL, 0);
	return 0;
}

struct view *
view_row(struct view *v, const char *name)
{
	struct var	*p;
	struct vrow	*r;
	struct view	*scope;
	size_t		 len;

	/* Allocate first so that a failure leaves no half-made variable. */
	if (v == NULL || (len = name_len(name)) == 0 ||
	    (r = arena_alloc(v->arena, sizeof(*r))) == NULL ||
	    (scope = view_new(v->arena)) == NULL ||
	    (p = slot(v, name, len)) == NULL)
		return NULL;
	if (p->val.type != VT_LOOP)
		assign(p, VT_LOOP, NULL, 0);
	scope->parent = v;
	r->scope = scope;
	if (p->val.last == NULL)
		p->val.rows = r;
	else
		p->val.last->next = r;
	p->val.last = r;
	p->val.nrows++;
	return scope;
}

const struct vval *
view_lookup_here(const struct view *v, const char *name)
{
	struct var	*p;
	size_t		 len;

	if (v == NULL || name == NULL || (len = strlen(name)) == 0 ||
	    len > VIEW_NAME_MAX)
		return NULL;
	return (p = find_here(v, name, len)) == NULL ? NULL : &p->val;
}

const struct vval *
view_lookup(const struct view *v, const char *name)
{
	const struct vval	*val;

	for (; v != NULL; v = v->parent)
		if ((val = view_lookup_here(v, name)) != NULL)
			return val;
	return NULL;
}

const char *
view_str(const struct view *v, struct arena *a, const char *name)
{
	const struct vval	*val;

	if ((val = view_lookup(v, name)) == NULL)
		return NULL;
	switch (val->type) {
	case VT_STR:
		return val->s;
	case VT_INT:
		return arena_printf(a, "%lld", val->i);
	case VT_BOOL:
		return val->i ? "1" : "";
	case VT_LOOP:
		return arena_printf(a, "%u", val->nrows);
	default:
		return NULL;
	}
}

int
view_truth(const struct vval *val)
{
	if (val == NULL)
		return 0;
	switch (val->type) {
	case VT_STR:
		return val->s != NULL && val->s[0] != '\0';
	case VT_INT:
	case VT_BOOL:
		return val->i != 0;
	case VT_LOOP:
		return val->nrows > 0;
	default:
		return 0;
	}
}

const char *
view_next(const struct view *v, const void **it, const struct vval **val)
{
	const struct var	*p;

	p = *it == NULL ? v->head : ((const struct var *)*it)->next;
	*it = p;
	if (p == NULL)
		return NULL;
	if (val != NULL)
		*val = &p->val;
	return p->name;
}

struct arena *
view_arena(const struct view *v)
{
	return v->arena;
}
