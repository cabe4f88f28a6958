/*
 * tmpl.c: the libctemplate language, parsed once, rendered many times.
 *
 * Loading reads each file once (kept in a per-set cache: includes of the
 * same partial share its bytes) and parses it into a tree of nodes in the
 * set's arena. TMPL_INCLUDE is inlined at load time: the included file
 * is parsed again at the point of inclusion, so that whether it sits in
 * a loop (for the loop variables) is known while parsing; BREAK and
 * CONTINUE count only the loops of their own file, as in libctemplate.
 * A cycle of includes ends at TMPL_INCLUDE_DEPTH. Whatever libctemplate
 * would print as text because it is a malformed tag is refused here
 * with file:line instead.
 *
 * Rendering walks the tree and writes text nodes straight from the
 * file's bytes (a text with line continuations is joined once, at load
 * time): it allocates nothing (numbers are formatted on the stack).
 * Inside loops, names resolve in the current row, then in the rows of
 * the loops around it, then in the view and its parents, variables and
 * loops apart; the loop variables (__first__ ... __index__) are resolved
 * at parse time to a node flag and read from the render frame, so the
 * caller's view is never written to.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "ascii.h"
#include "buf.h"
#include "tmpl.h"
#include "utf8.h"
#include "view.h"

/* IF and LOOP nested in one template, includes counted: bounds the
 * recursion of both parser and renderer. */
#define TMPL_NEST_MAX	64
/* Template bytes parsed for one top-level template, each inclusion
 * counted again: bounds the expansion of includes of includes. */
#define TMPL_EXPAND_MAX	((size_t)1024 * 1024)
/* Files one set reads: up to TMPL_FILES_MAX templates, and as many
 * partials (included files that are not templates, such as *.inc). */
#define TMPL_CACHE_MAX	(2 * TMPL_FILES_MAX)
/* Longest piece of hostile input quoted back in an error message. */
#define QUOTE_MAX	40

enum fmt {
	FMT_HTML,
	FMT_RAW,
	FMT_URL,
	FMT_JS,
	FMT__MAX
};

static const char *const fmtnames[FMT__MAX] = { "html", "raw", "url", "js" };

/* HTML::Template's loop_context_vars (libctemplate has none). */
enum meta {
	META_NONE,
	META_FIRST,
	META_LAST,
	META_INNER,
	META_OUTER,
	META_ODD,
	META_EVEN,
	META_COUNTER,	/* 1-based */
	META_INDEX,	/* 0-based */
	META__MAX
};

static const char *const metanames[META__MAX] = {
	NULL, "__first__", "__last__", "__inner__", "__outer__", "__odd__",
	"__even__", "__counter__", "__index__"
};

enum ntype {
	N_TEXT,
	N_VAR,
	N_IF,
	N_LOOP,
	N_BREAK,
	N_CONTINUE,
	N_TRANS
};

struct node {
	enum ntype	 type;
	enum fmt	 fmt;		/* N_VAR */
	enum meta	 meta;		/* N_VAR, N_IF: a loop variable */
	int		 elsif;		/* N_IF made by TMPL_ELSIF */
	unsigned	 level;		/* N_BREAK, N_CONTINUE: loops to leave */
	const char	*text;		/* N_TEXT: len bytes; N_VAR: default;
					 * N_TRANS: the msgid */
	size_t		 len;
	const char	*value;		/* N_IF: value="...", or NULL;
					 * N_TRANS: plural="...", or NULL */
	const char	*name;		/* N_VAR, N_IF, N_LOOP; N_TRANS:
					 * count="...", or NULL */
	const char	*ctx;		/* N_TRANS: context="...", or NULL */
	struct node	*body;		/* N_IF when true; N_LOOP each row */
	struct node	*alt;		/* N_IF otherwise: an elsif node or a list */
	struct node	*next;
};

struct tfile {				/* one file's bytes, read once */
	const char	*name;
	char		*data;		/* NUL-terminated, malloc'd */
	size_t		 len;
};

struct tmpl {
	const char	*name;
	struct node	*root;
};

struct tmpl_set {
	struct arena	*arena;		/* nodes, names, defaults */
	struct tfile	*files;		/* TMPL_CACHE_MAX slots */
	size_t		 nfiles;
	struct tmpl	*tmpls;		/* sorted by name */
	size_t		 ntmpls;
};

/* State of one tmpl_load*() call. */
struct loader {
	struct tmpl_set	*set;
	int		 dirfd;		/* -1: includes are refused */
	size_t		 expanded;	/* bytes parsed for this template */
	char		*err;
	size_t		 errlen;
};

/* State of one file being parsed (one per inclusion). */
struct parser {
	struct loader	*ld;
	const char	*file;
	const char	*p;
	const char	*end;
	unsigned	 line;		/* of p */
	int		 depth;		/* includes above this file */
	int		 loops;		/* loops around p, includes counted */
	int		 fileloops;	/* loops around p opened in this file */
	int		 nest;		/* IFs and LOOPs around p */
};

struct list {
	struct node	*head;
	struct node	**tail;
};

enum tagk {
	TK_VAR,
	TK_IF,
	TK_ELSIF,
	TK_ELSE,
	TK_LOOP,
	TK_BREAK,
	TK_CONTINUE,
	TK_INCLUDE,
	TK_TRANS,
	TK_ENDIF,
	TK_ENDLOOP,
	TK__MAX
};

enum attrk {
	A_NAME,
	A_DEFAULT,
	A_FMT,
	A_VALUE,
	A_LEVEL,
	A_COUNT,
	A_PLURAL,
	A_CONTEXT,
	A__MAX
};

static const char *const attrnames[A__MAX] = {
	"name", "default", "fmt", "value", "level", "count", "plural",
	"context"
};

/* As libctemplate has them; a container (IF, LOOP and their ends) may
 * not end with "/>". */
static const struct tagdef {
	const char	*word;		/* after TMPL_ */
	int		 closing;	/* </TMPL_...> */
	int		 container;
	unsigned	 attrs;		/* bits of enum attrk allowed */
	unsigned	 need;		/* bits required */
} tagdefs[TK__MAX] = {
	{ "VAR", 0, 0, 1u << A_NAME | 1u << A_DEFAULT | 1u << A_FMT,
	  1u << A_NAME },
	{ "IF", 0, 1, 1u << A_NAME | 1u << A_VALUE, 1u << A_NAME },
	{ "ELSIF", 0, 0, 1u << A_NAME | 1u << A_VALUE, 1u << A_NAME },
	{ "ELSE", 0, 0, 0, 0 },
	{ "LOOP", 0, 1, 1u << A_NAME, 1u << A_NAME },
	{ "BREAK", 0, 0, 1u << A_LEVEL, 0 },
	{ "CONTINUE", 0, 0, 1u << A_LEVEL, 0 },
	{ "INCLUDE", 0, 0, 1u << A_NAME, 1u << A_NAME },
	/* tessera's own: its body is read by trans_node(). */
	{ "TRANS", 0, 1, 1u << A_COUNT | 1u << A_PLURAL | 1u << A_CONTEXT, 0 },
	{ "IF", 1, 1, 0, 0 },
	{ "LOOP", 1, 1, 0, 0 },
};

enum tok {
	TOK_EOF,
	TOK_TEXT,
	TOK_TAG
};

struct attr {
	const char	*v;		/* into the file's bytes */
	size_t		 len;
	int		 set;
};

struct token {
	enum tok	 kind;
	enum tagk	 tag;
	int		 comment;	/* written <!-- TMPL_... --> */
	unsigned	 line;		/* where it starts */
	const char	*text;		/* TOK_TEXT */
	size_t		 len;
	struct attr	 attr[A__MAX];
};

static int
fail(struct loader *ld, const char *file, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/*
 * Write "file:line: message" into the caller's error buffer (or, with
 * no file, just the message). Always returns -1.
 */
static int
fail(struct loader *ld, const char *file, unsigned line, const char *fmt, ...)
{
	va_list	 ap;
	int	 n = 0;

	if (ld->err == NULL || ld->errlen == 0)
		return -1;
	if (file != NULL)
		n = snprintf(ld->err, ld->errlen, "%s:%u: ", file, line);
	if (n < 0 || (size_t)n >= ld->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(ld->err + n, ld->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

/* Whether the n bytes at s are word, ignoring ASCII case. */
static int
word_eq(const char *s, size_t n, const char *word)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (word[i] == '\0' || ascii_lower(s[i]) != ascii_lower(word[i]))
			return 0;
	return word[n] == '\0';
}

static const char *tag_label(int);

/* Whether the bytes at s, before end, start with word, ignoring case. */
static int
prefix_eq(const char *s, const char *end, const char *word)
{
	size_t	 n = strlen(word);

	return (size_t)(end - s) >= n && word_eq(s, n, word);
}

/* White space inside a tag: libctemplate's four, ASCII white space
 * but not \f or \v. */
static int
tag_space(int c)
{
	return ascii_space(c) && c != '\f' && c != '\v';
}

/* A bare (unquoted) attribute value is made of these, as in
 * libctemplate; anything else must be quoted. */
static int
is_bare(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '-';
}

/*
 * A template or include name stays inside the template directory: no
 * '/', no leading '.' (so neither "." nor ".."), no NUL or control
 * character, 1..TMPL_NAME_MAX bytes.
 */
static int
file_name_valid(const char *s, size_t n)
{
	size_t	 i;

	if (n == 0 || n > TMPL_NAME_MAX || s[0] == '.')
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] == '/' || (unsigned char)s[i] < 0x20)
			return 0;
	return 1;
}

static unsigned
count_lines(const char *s, const char *end)
{
	unsigned	 n = 0;

	while (s < end && (s = memchr(s, '\n', (size_t)(end - s))) != NULL) {
		n++;
		s++;
	}
	return n;
}

static void
advance(struct parser *ps, const char *to)
{
	ps->line += count_lines(ps->p, to);
	ps->p = to;
}

/*
 * Where the tag's "TMPL_" or "/TMPL_" starts if s, before end, opens
 * the comment form of a tag: "<!--", white space, then one of those
 * (any case). NULL otherwise: an ordinary HTML comment is text.
 */
static const char *
comment_tag_at(const char *s, const char *end)
{
	if (!prefix_eq(s, end, "<!--"))
		return NULL;
	for (s += 4; s < end && tag_space(*s); s++)
		continue;
	return prefix_eq(s, end, "TMPL_") || prefix_eq(s, end, "/TMPL_") ?
	    s : NULL;
}

/* Whether a tag or a comment starts at s. */
static int
special_at(const char *s, const char *end)
{
	if (end - s < 2)
		return 0;
	if (s[1] == '*')
		return 1;
	return prefix_eq(s, end, "<TMPL_") || prefix_eq(s, end, "</TMPL_") ||
	    comment_tag_at(s, end) != NULL;
}

/*
 * How the tag ends at s: past "-->" in the comment form, past ">" (or
 * "/>" for a tag that is no container) otherwise; NULL if not there.
 */
static const char *
tag_end(const struct parser *ps, const struct token *t, const char *s)
{
	if (t->comment)
		return prefix_eq(s, ps->end, "-->") ? s + 3 : NULL;
	if (s < ps->end && *s == '>')
		return s + 1;
	if (!tagdefs[t->tag].container && prefix_eq(s, ps->end, "/>"))
		return s + 2;
	return NULL;
}

/* The error for a tag that does not end as it must at s. */
static int
bad_end(struct parser *ps, const struct token *t, const char *s)
{
	if (t->comment && (prefix_eq(s, ps->end, ">") ||
	    prefix_eq(s, ps->end, "/>") || prefix_eq(s, ps->end, "--")))
		return fail(ps->ld, ps->file, t->line,
		    "%s written <!-- ... must end with -->",
		    tag_label(t->tag));
	if (!t->comment && prefix_eq(s, ps->end, "/>"))
		return fail(ps->ld, ps->file, t->line,
		    "%s cannot end with />", tag_label(t->tag));
	if (!t->comment && prefix_eq(s, ps->end, "-->"))
		return fail(ps->ld, ps->file, t->line,
		    "%s ends with --> but does not start with <!--",
		    tag_label(t->tag));
	return 0;
}

static const char *
tag_label(int k)
{
	static const char *const labels[TK__MAX] = {
		"<TMPL_VAR>", "<TMPL_IF>", "<TMPL_ELSIF>", "<TMPL_ELSE>",
		"<TMPL_LOOP>", "<TMPL_BREAK>", "<TMPL_CONTINUE>",
		"<TMPL_INCLUDE>", "<TMPL_TRANS>", "</TMPL_IF>", "</TMPL_LOOP>"
	};

	return labels[k];
}

/*
 * Read the attributes of an opening tag up to and past its end. As in
 * libctemplate: white space around '=', values in " or ' on one line,
 * or bare if made of letters, digits, '.' and '-'.
 */
static int
read_attrs(struct parser *ps, struct token *t, const char *s)
{
	const struct tagdef	*td = &tagdefs[t->tag];
	const char		*an, *v, *q, *e;
	size_t			 alen;
	enum attrk		 a;
	char			 quote;

	for (;;) {
		while (s < ps->end && tag_space(*s))
			s++;
		if (s >= ps->end)
			goto unterminated;
		if ((e = tag_end(ps, t, s)) != NULL) {
			s = e;
			break;
		}
		if (bad_end(ps, t, s) == -1)
			return -1;
		for (an = s; s < ps->end && (*s == '_' || *s == '-' ||
		    (ascii_lower(*s) >= 'a' && ascii_lower(*s) <= 'z') ||
		    (*s >= '0' && *s <= '9')); s++)
			continue;
		if ((alen = (size_t)(s - an)) == 0 && *s > ' ' && *s < 0x7f)
			return fail(ps->ld, ps->file, t->line,
			    "unexpected '%c' in %s", *s, tag_label(t->tag));
		if (alen == 0)
			return fail(ps->ld, ps->file, t->line,
			    "unexpected byte 0x%02x in %s", (unsigned char)*s,
			    tag_label(t->tag));
		for (a = 0; a < A__MAX; a++)
			if (word_eq(an, alen, attrnames[a]))
				break;
		if (a == A__MAX || !(td->attrs & 1u << a))
			return fail(ps->ld, ps->file, t->line,
			    "%s has no attribute \"%.*s\"", tag_label(t->tag),
			    (int)(alen > QUOTE_MAX ? QUOTE_MAX : alen), an);
		if (t->attr[a].set)
			return fail(ps->ld, ps->file, t->line,
			    "%s has two %s attributes", tag_label(t->tag),
			    attrnames[a]);
		while (s < ps->end && tag_space(*s))
			s++;
		if (s >= ps->end)
			goto unterminated;
		if (*s != '=')
			return fail(ps->ld, ps->file, t->line,
			    "%s: attribute %s needs a value",
			    tag_label(t->tag), attrnames[a]);
		s++;
		while (s < ps->end && tag_space(*s))
			s++;
		if (s >= ps->end)
			goto unterminated;
		if (*s == '"' || *s == '\'') {
			quote = *s++;
			for (q = s; q < ps->end && *q != quote && *q != '\n'; q++)
				continue;
			if (q >= ps->end)
				goto unterminated;
			if (*q == '\n')
				return fail(ps->ld, ps->file, t->line,
				    "%s: the value of %s has no closing %c on its "
				    "line", tag_label(t->tag), attrnames[a], quote);
			v = s;
			s = q + 1;
		} else {
			for (v = s; s < ps->end && is_bare(*s); s++)
				continue;
			if (s == v && (tag_space(*s) || *s == '>'))
				return fail(ps->ld, ps->file, t->line,
				    "%s: attribute %s needs a value",
				    tag_label(t->tag), attrnames[a]);
			if (s == v || (s < ps->end && !tag_space(*s) &&
			    *s != '>' && *s != '/'))
				return fail(ps->ld, ps->file, t->line,
				    "%s: put the value of %s in quotes (unquoted, "
				    "it may have only letters, digits, '.' and '-')",
				    tag_label(t->tag), attrnames[a]);
			q = s;
		}
		t->attr[a].v = v;
		t->attr[a].len = (size_t)(q - v);
		t->attr[a].set = 1;
	}
	for (a = 0; a < A__MAX; a++)
		if ((td->need & 1u << a) && !t->attr[a].set)
			return fail(ps->ld, ps->file, t->line,
			    "%s without a %s attribute", tag_label(t->tag),
			    attrnames[a]);
	advance(ps, s);
	return 0;
unterminated:
	return fail(ps->ld, ps->file, t->line, "%s without its closing '%s'",
	    tag_label(t->tag), t->comment ? "-->" : ">");
}

/* Read the tag at ps->p: "<TMPL_", "</TMPL_" or the comment form. */
static int
read_tag(struct parser *ps, struct token *t)
{
	const char	*s = ps->p, *w, *e;
	size_t		 wlen;
	int		 closing;
	enum tagk	 k;

	memset(t, 0, sizeof(*t));
	t->kind = TOK_TAG;
	t->line = ps->line;
	if (s[1] == '!') {
		t->comment = 1;
		s = comment_tag_at(s, ps->end);
	} else
		s++;
	closing = *s == '/';
	s += closing ? 6 : 5;
	for (w = s; s < ps->end && ascii_lower(*s) >= 'a' && ascii_lower(*s) <= 'z'; s++)
		continue;
	wlen = (size_t)(s - w);
	for (k = 0; k < TK__MAX; k++)
		if (tagdefs[k].closing == closing &&
		    word_eq(w, wlen, tagdefs[k].word))
			break;
	if (k == TK__MAX && !closing && word_eq(w, wlen, "UNLESS"))
		return fail(ps->ld, ps->file, t->line, "unknown tag <TMPL_UNLESS> "
		    "(libctemplate has none: use <TMPL_IF> with <TMPL_ELSE>)");
	if (k == TK__MAX)
		return fail(ps->ld, ps->file, t->line, "unknown tag <%sTMPL_%.*s>",
		    closing ? "/" : "", (int)(wlen > QUOTE_MAX ? QUOTE_MAX : wlen),
		    w);
	t->tag = k;
	if (!closing)
		return read_attrs(ps, t, s);
	while (s < ps->end && tag_space(*s))
		s++;
	if (s >= ps->end)
		return fail(ps->ld, ps->file, t->line, "%s without its closing '%s'",
		    tag_label(k), t->comment ? "-->" : ">");
	if ((e = tag_end(ps, t, s)) == NULL) {
		if (bad_end(ps, t, s) == -1)
			return -1;
		return fail(ps->ld, ps->file, t->line, "%s takes no attributes",
		    tag_label(k));
	}
	advance(ps, e);
	return 0;
}

/* The next piece of the file: text, a tag, or the end. Comments are
 * skipped here. */
static int
next_token(struct parser *ps, struct token *t)
{
	const char	*s, *q;
	unsigned	 line;

	for (;;) {
		s = ps->p;
		if (s >= ps->end) {
			memset(t, 0, sizeof(*t));
			t->kind = TOK_EOF;
			t->line = ps->line;
			return 0;
		}
		if (*s == '<' && special_at(s, ps->end)) {
			if (s[1] != '*')
				return read_tag(ps, t);
			line = ps->line;
			q = memmem(s + 2, (size_t)(ps->end - s - 2), "*>", 2);
			if (q == NULL)
				return fail(ps->ld, ps->file, line,
				    "comment <* without *>");
			advance(ps, q + 2);
			continue;
		}
		for (q = s + 1; q < ps->end; q++) {
			if ((q = memchr(q, '<', (size_t)(ps->end - q))) == NULL) {
				q = ps->end;
				break;
			}
			if (special_at(q, ps->end))
				break;
		}
		memset(t, 0, sizeof(*t));
		t->kind = TOK_TEXT;
		t->line = ps->line;
		t->text = s;
		t->len = (size_t)(q - s);
		advance(ps, q);
		return 0;
	}
}

static struct node *
node_new(struct parser *ps, enum ntype type, unsigned line)
{
	struct node	*n;

	if ((n = arena_alloc(ps->ld->set->arena, sizeof(*n))) == NULL)
		fail(ps->ld, ps->file, line, "out of memory");
	else
		n->type = type;
	return n;
}

static void
append(struct list *l, struct node *n)
{
	*l->tail = n;
	l->tail = &n->next;
}

/* A node of type for a tag with a name attribute (VAR, IF, ELSIF, LOOP). */
static struct node *
named_node(struct parser *ps, const struct token *t, enum ntype type)
{
	const struct attr	*a = &t->attr[A_NAME];
	struct node		*n;
	enum meta		 m;
	enum fmt		 f;

	if (!view_name_valid(a->v, a->len)) {
		fail(ps->ld, ps->file, t->line,
		    "%s: invalid name \"%.*s\" (want 1 to %d of [A-Za-z0-9_])",
		    tag_label(t->tag),
		    (int)(a->len > QUOTE_MAX ? QUOTE_MAX : a->len), a->v,
		    VIEW_NAME_MAX);
		return NULL;
	}
	if ((n = node_new(ps, type, t->line)) == NULL)
		return NULL;
	if ((n->name = arena_strndup(ps->ld->set->arena, a->v, a->len)) == NULL)
		goto nomem;
	/* Loop variables exist only inside a loop; outside, they are
	 * ordinary names looked up in the view. */
	if (ps->loops > 0 && type != N_LOOP)
		for (m = 1; m < META__MAX; m++)
			if (strcmp(n->name, metanames[m]) == 0)
				n->meta = m;
	/* HTML::Template writes these as 1, 0 or "" depending on the
	 * row, libctemplate has no such variable: only IF may ask. */
	if (type == N_VAR && n->meta >= META_FIRST && n->meta <= META_OUTER) {
		fail(ps->ld, ps->file, t->line, "<TMPL_VAR name=\"%s\"> is "
		    "only true or false: test it with <TMPL_IF>", n->name);
		return NULL;
	}
	if (type == N_IF && t->attr[A_VALUE].set && (n->value =
	    arena_strndup(ps->ld->set->arena, t->attr[A_VALUE].v,
	    t->attr[A_VALUE].len)) == NULL)
		goto nomem;
	if (type != N_VAR)
		return n;
	if (t->attr[A_DEFAULT].set && (n->text = arena_strndup(
	    ps->ld->set->arena, t->attr[A_DEFAULT].v,
	    t->attr[A_DEFAULT].len)) == NULL)
		goto nomem;
	if ((a = &t->attr[A_FMT])->set) {
		for (f = 0; f < FMT__MAX; f++)
			if (word_eq(a->v, a->len, fmtnames[f]))
				break;
		if (f == FMT__MAX) {
			fail(ps->ld, ps->file, t->line,
			    "unknown fmt \"%.*s\" (want html, raw, url or js)",
			    (int)(a->len > QUOTE_MAX ? QUOTE_MAX : a->len), a->v);
			return NULL;
		}
		n->fmt = f;
	}
	return n;
nomem:
	fail(ps->ld, ps->file, t->line, "out of memory");
	return NULL;
}

/*
 * A text node. libctemplate's line continuation: a backslash at the
 * end of a line ("\\\n" or "\\\r\n") is dropped with the line end, and
 * a doubled one there stands for one backslash kept with the line end;
 * any other backslash is text. Done once here, so text without
 * continuations still renders straight from the file's bytes.
 */
static struct node *
text_node(struct parser *ps, const struct token *t)
{
	struct node	*n;
	const char	*p = t->text;
	char		*o;
	size_t		 i, k, len = t->len, olen = 0;

	if ((n = node_new(ps, N_TEXT, t->line)) == NULL)
		return NULL;
	n->text = p;
	n->len = len;
	if (memchr(p, '\\', len) == NULL)
		return n;
	if ((o = arena_alloc(ps->ld->set->arena, len)) == NULL) {
		fail(ps->ld, ps->file, t->line, "out of memory");
		return NULL;
	}
	for (i = 0; i < len; i++) {
		if (p[i] == '\\') {
			k = i + 1;
			if (k < len && p[k] == '\\')
				k++;
			if (k < len && p[k] == '\r')
				k++;
			if (k < len && p[k] == '\n') {
				if (p[i + 1] != '\\') {
					i = k;		/* drop \ and the line end */
					continue;
				}
				i++;			/* \\ keeps one \ */
			}
		}
		o[olen++] = p[i];
	}
	n->text = o;
	n->len = olen;
	return n;
}

/*
 * A BREAK or CONTINUE: inside a loop of this very file (as in
 * libctemplate, where an included file is a template of its own),
 * level="N" leaving N of them, 1 to the loops around.
 */
static struct node *
jump_node(struct parser *ps, const struct token *t)
{
	const struct attr	*a = &t->attr[A_LEVEL];
	struct node		*n;
	unsigned		 level = 1;
	size_t			 i;

	if (ps->fileloops == 0) {
		fail(ps->ld, ps->file, t->line, ps->loops == 0 ?
		    "%s outside <TMPL_LOOP>" : "%s outside a <TMPL_LOOP> of "
		    "this file (an included file's loops are its own)",
		    tag_label(t->tag));
		return NULL;
	}
	if (a->set) {
		level = 0;
		for (i = 0; i < a->len && level <= (unsigned)ps->fileloops; i++)
			level = a->v[i] >= '0' && a->v[i] <= '9' ?
			    level * 10 + (unsigned)(a->v[i] - '0') : 0u - 1;
		if (a->len == 0 || level < 1 || level > (unsigned)ps->fileloops) {
			fail(ps->ld, ps->file, t->line, "%s: level must be a "
			    "number from 1 to %d (the loops around it in this "
			    "file)", tag_label(t->tag), ps->fileloops);
			return NULL;
		}
	}
	if ((n = node_new(ps, t->tag == TK_BREAK ? N_BREAK : N_CONTINUE,
	    t->line)) == NULL)
		return NULL;
	n->level = level;
	return n;
}

/*
 * Whether the n bytes at s are a translatable text as <TMPL_TRANS>
 * holds it: no '<' or '&' (the text is escaped when it is written, so
 * markup and entities cannot be in it: write the character itself),
 * and every '{' opens a {name} of a variable. On failure *why says
 * what is wrong.
 */
static int
trans_text_ok(const char *s, size_t n, const char **why)
{
	size_t	 i, k;

	for (i = 0; i < n; i++) {
		if (s[i] == '<' || s[i] == '&') {
			*why = "holds text only: no tags, no markup, no '&' "
			    "(write the character itself)";
			return 0;
		}
		if (s[i] == '}') {
			*why = "has a '}' without its '{'";
			return 0;
		}
		if (s[i] != '{')
			continue;
		for (k = i + 1; k < n && s[k] != '}'; k++)
			continue;
		if (k >= n || !view_name_valid(s + i + 1, k - i - 1)) {
			*why = "has a '{' that does not hold a {name} "
			    "([A-Za-z0-9_])";
			return 0;
		}
		i = k;
	}
	return 1;
}

/*
 * s (n bytes) with each run of white space made one space and none at
 * either end, in the set's arena: the msgid, as tools/tmpl-xgettext.sh
 * writes it. NULL when out of memory.
 */
static char *
squeeze(struct parser *ps, const char *s, size_t n)
{
	char	*o;
	size_t	 i, len = 0;

	if ((o = arena_alloc(ps->ld->set->arena, n + 1)) == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		if (tag_space(s[i])) {
			if (len > 0 && o[len - 1] != ' ')
				o[len++] = ' ';
			continue;
		}
		o[len++] = s[i];
	}
	while (len > 0 && o[len - 1] == ' ')
		len--;
	o[len] = '\0';
	return o;
}

/*
 * A TRANS at t, whose body is the text up to </TMPL_TRANS>: text only
 * (trans_text_ok()), its white space squeezed. count="n" names the
 * number a plural form is chosen by and needs plural="..." (the
 * English plural), and the other way round; context="..." is gettext's
 * msgctxt.
 */
static struct node *
trans_node(struct parser *ps, const struct token *t)
{
	static const char	 close[] = "</TMPL_TRANS>";
	const struct attr	*a;
	struct arena		*ar = ps->ld->set->arena;
	struct node		*n;
	const char		*s, *why;

	for (s = ps->p; s < ps->end; s++)
		if (*s == '<' && prefix_eq(s, ps->end, close))
			break;
	if (s >= ps->end) {
		fail(ps->ld, ps->file, t->line, "<TMPL_TRANS> without "
		    "</TMPL_TRANS>");
		return NULL;
	}
	if (!trans_text_ok(ps->p, (size_t)(s - ps->p), &why)) {
		fail(ps->ld, ps->file, t->line, "<TMPL_TRANS> %s", why);
		return NULL;
	}
	if (t->attr[A_COUNT].set != t->attr[A_PLURAL].set) {
		fail(ps->ld, ps->file, t->line, "<TMPL_TRANS> needs count= "
		    "and plural= together");
		return NULL;
	}
	if ((n = node_new(ps, N_TRANS, t->line)) == NULL)
		return NULL;
	if ((n->text = squeeze(ps, ps->p, (size_t)(s - ps->p))) == NULL)
		goto nomem;
	if (n->text[0] == '\0') {
		fail(ps->ld, ps->file, t->line, "<TMPL_TRANS> with no text");
		return NULL;
	}
	if ((a = &t->attr[A_COUNT])->set) {
		if (!view_name_valid(a->v, a->len)) {
			fail(ps->ld, ps->file, t->line, "<TMPL_TRANS>: invalid "
			    "count \"%.*s\"", (int)(a->len > QUOTE_MAX ?
			    QUOTE_MAX : a->len), a->v);
			return NULL;
		}
		if ((n->name = arena_strndup(ar, a->v, a->len)) == NULL)
			goto nomem;
		a = &t->attr[A_PLURAL];
		if (!trans_text_ok(a->v, a->len, &why)) {
			fail(ps->ld, ps->file, t->line, "<TMPL_TRANS> plural "
			    "%s", why);
			return NULL;
		}
		if ((n->value = squeeze(ps, a->v, a->len)) == NULL)
			goto nomem;
	}
	if ((a = &t->attr[A_CONTEXT])->set && (n->ctx = arena_strndup(ar,
	    a->v, a->len)) == NULL)
		goto nomem;
	advance(ps, s + sizeof(close) - 1);
	return n;
nomem:
	fail(ps->ld, ps->file, t->line, "out of memory");
	return NULL;
}

/* The error for a tag that ends a block where it cannot. */
static int
stray(struct parser *ps, const struct token *t)
{
	switch (t->tag) {
	case TK_ELSIF:
	case TK_ELSE:
		return fail(ps->ld, ps->file, t->line, "%s outside <TMPL_IF>",
		    tag_label(t->tag));
	case TK_ENDIF:
		return fail(ps->ld, ps->file, t->line,
		    "</TMPL_IF> without <TMPL_IF>");
	default:
		return fail(ps->ld, ps->file, t->line,
		    "</TMPL_LOOP> without <TMPL_LOOP>");
	}
}

static int	parse_list(struct parser *, struct list *, struct token *);
static int	parse_file(struct loader *, const struct tfile *, int, int, int,
		    struct list *);
static const struct tfile *get_file(struct loader *, const char *,
		    char *, size_t);

static int
nest_in(struct parser *ps, const struct token *t)
{
	if (++ps->nest > TMPL_NEST_MAX)
		return fail(ps->ld, ps->file, t->line,
		    "<TMPL_IF> and <TMPL_LOOP> nested more than %d deep",
		    TMPL_NEST_MAX);
	return 0;
}

/* The IF at open, with its ELSIFs and ELSE, up to and past </TMPL_IF>. */
static int
parse_if(struct parser *ps, const struct token *open, struct list *out)
{
	struct node	*first, *cur;
	struct node	**target;
	struct list	 l;
	struct token	 stop;
	int		 seen_else = 0;

	if (nest_in(ps, open) == -1 ||
	    (first = named_node(ps, open, N_IF)) == NULL)
		return -1;
	cur = first;
	target = &cur->body;
	for (;;) {
		if (parse_list(ps, &l, &stop) == -1)
			return -1;
		*target = l.head;
		if (stop.kind == TOK_EOF)
			return fail(ps->ld, ps->file, open->line,
			    "<TMPL_IF> without </TMPL_IF>");
		switch (stop.tag) {
		case TK_ELSIF:
			if (seen_else)
				return fail(ps->ld, ps->file, stop.line,
				    "<TMPL_ELSIF> after <TMPL_ELSE>");
			if ((cur->alt = named_node(ps, &stop, N_IF)) == NULL)
				return -1;
			cur = cur->alt;
			cur->elsif = 1;
			target = &cur->body;
			break;
		case TK_ELSE:
			if (seen_else)
				return fail(ps->ld, ps->file, stop.line,
				    "<TMPL_ELSE> after <TMPL_ELSE>");
			seen_else = 1;
			target = &cur->alt;
			break;
		case TK_ENDIF:
			ps->nest--;
			append(out, first);
			return 0;
		default:
			return fail(ps->ld, ps->file, stop.line,
			    "</TMPL_LOOP> inside <TMPL_IF> of line %u",
			    open->line);
		}
	}
}

static int
parse_loop(struct parser *ps, const struct token *open, struct list *out)
{
	struct node	*n;
	struct list	 l;
	struct token	 stop;

	if (nest_in(ps, open) == -1 ||
	    (n = named_node(ps, open, N_LOOP)) == NULL)
		return -1;
	ps->loops++;
	ps->fileloops++;
	if (parse_list(ps, &l, &stop) == -1)
		return -1;
	ps->loops--;
	ps->fileloops--;
	ps->nest--;
	n->body = l.head;
	if (stop.kind == TOK_EOF)
		return fail(ps->ld, ps->file, open->line,
		    "<TMPL_LOOP> without </TMPL_LOOP>");
	if (stop.tag != TK_ENDLOOP)
		return fail(ps->ld, ps->file, stop.line,
		    "%s inside <TMPL_LOOP> of line %u", tag_label(stop.tag),
		    open->line);
	append(out, n);
	return 0;
}

/* Parse the file named by t and splice its nodes into out. */
static int
parse_include(struct parser *ps, const struct token *t, struct list *out)
{
	const struct attr	*a = &t->attr[A_NAME];
	const struct tfile	*f;
	struct list		 sub;
	char			 name[TMPL_NAME_MAX + 1], why[128];

	if (ps->ld->dirfd == -1)
		return fail(ps->ld, ps->file, t->line,
		    "<TMPL_INCLUDE> with no template directory");
	if (!file_name_valid(a->v, a->len) || memchr(a->v, '\0', a->len))
		return fail(ps->ld, ps->file, t->line,
		    "invalid include name \"%.*s\"",
		    (int)(a->len > QUOTE_MAX ? QUOTE_MAX : a->len), a->v);
	memcpy(name, a->v, a->len);
	name[a->len] = '\0';
	if (ps->depth >= TMPL_INCLUDE_DEPTH)
		return fail(ps->ld, ps->file, t->line,
		    "include of \"%s\" nested more than %d deep", name,
		    TMPL_INCLUDE_DEPTH);
	if ((f = get_file(ps->ld, name, why, sizeof(why))) == NULL)
		return fail(ps->ld, ps->file, t->line, "cannot include \"%s\": %s",
		    name, why);
	if (f->len > TMPL_EXPAND_MAX - ps->ld->expanded)
		return fail(ps->ld, ps->file, t->line,
		    "includes expand to more than %zu bytes", TMPL_EXPAND_MAX);
	if (parse_file(ps->ld, f, ps->depth + 1, ps->loops, ps->nest,
	    &sub) == -1)
		return -1;
	if (sub.head != NULL) {
		*out->tail = sub.head;
		out->tail = sub.tail;
	}
	return 0;
}

/*
 * Parse nodes into l until a tag that ends a block (ELSIF, ELSE,
 * </TMPL_IF>, </TMPL_LOOP>) or the end of the file, which is put in stop
 * for the caller to judge.
 */
static int
parse_list(struct parser *ps, struct list *l, struct token *stop)
{
	struct token	 t;
	struct node	*n;

	l->head = NULL;
	l->tail = &l->head;
	for (;;) {
		if (next_token(ps, &t) == -1)
			return -1;
		if (t.kind == TOK_EOF) {
			*stop = t;
			return 0;
		}
		if (t.kind == TOK_TEXT) {
			if ((n = text_node(ps, &t)) == NULL)
				return -1;
			append(l, n);
			continue;
		}
		switch (t.tag) {
		case TK_VAR:
			if ((n = named_node(ps, &t, N_VAR)) == NULL)
				return -1;
			append(l, n);
			break;
		case TK_IF:
			if (parse_if(ps, &t, l) == -1)
				return -1;
			break;
		case TK_LOOP:
			if (parse_loop(ps, &t, l) == -1)
				return -1;
			break;
		case TK_BREAK:
		case TK_CONTINUE:
			if ((n = jump_node(ps, &t)) == NULL)
				return -1;
			append(l, n);
			break;
		case TK_INCLUDE:
			if (parse_include(ps, &t, l) == -1)
				return -1;
			break;
		case TK_TRANS:
			if ((n = trans_node(ps, &t)) == NULL)
				return -1;
			append(l, n);
			break;
		default:
			*stop = t;
			return 0;
		}
	}
}

/*
 * Parse a whole file, included depth deep inside loops loops and nest
 * blocks, into out. The file must close every block it opens.
 */
static int
parse_file(struct loader *ld, const struct tfile *f, int depth, int loops,
    int nest, struct list *out)
{
	struct parser	 ps;
	struct token	 stop;
	const char	*nul;

	memset(&ps, 0, sizeof(ps));
	ps.ld = ld;
	ps.file = f->name;
	ps.p = f->data;
	ps.end = f->data + f->len;
	ps.line = 1;
	ps.depth = depth;
	ps.loops = loops;
	ps.nest = nest;
	if ((nul = memchr(f->data, '\0', f->len)) != NULL)
		return fail(ld, f->name, 1 + count_lines(f->data, nul),
		    "NUL byte");
	ld->expanded += f->len;
	if (parse_list(&ps, out, &stop) == -1)
		return -1;
	if (stop.kind != TOK_EOF)
		return stray(&ps, &stop);
	return 0;
}

/*
 * Read name from dirfd into malloc'd memory: a regular file of at most
 * TMPL_FILE_MAX bytes. On failure returns -1 with the reason in why.
 */
static int
read_file(int dirfd, const char *name, char **data, size_t *len, char *why,
    size_t whylen)
{
	struct stat	 st;
	char		*p = NULL;
	size_t		 cap, n = 0;
	ssize_t		 r;
	int		 fd;

	/* O_NONBLOCK: opening a FIFO must not hang the load. */
	if ((fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOCTTY |
	    O_NONBLOCK)) == -1) {
		snprintf(why, whylen, "%s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1) {
		snprintf(why, whylen, "%s", strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(why, whylen, "not a regular file");
		goto out;
	}
	if (st.st_size < 0 || (unsigned long long)st.st_size > TMPL_FILE_MAX)
		goto toolarge;
	/* One byte more than the size, to see a file that grew meanwhile. */
	cap = (size_t)st.st_size + 1;
	if ((p = malloc(cap + 1)) == NULL) {
		snprintf(why, whylen, "out of memory");
		goto out;
	}
	while (n < cap) {
		if ((r = read(fd, p + n, cap - n)) == -1) {
			if (errno == EINTR)
				continue;
			snprintf(why, whylen, "%s", strerror(errno));
			goto out;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (n > TMPL_FILE_MAX || n == cap)
		goto toolarge;
	p[n] = '\0';
	close(fd);
	*data = p;
	*len = n;
	return 0;
toolarge:
	snprintf(why, whylen, "larger than %zu bytes", TMPL_FILE_MAX);
out:
	free(p);
	close(fd);
	return -1;
}

/* The file name from the set's cache, read from the directory if need
 * be; NULL with the reason in why. */
static const struct tfile *
get_file(struct loader *ld, const char *name, char *why, size_t whylen)
{
	struct tmpl_set	*set = ld->set;
	struct tfile	*f;
	size_t		 i;

	for (i = 0; i < set->nfiles; i++)
		if (strcmp(set->files[i].name, name) == 0)
			return &set->files[i];
	if (set->nfiles >= TMPL_CACHE_MAX) {
		snprintf(why, whylen, "more than %d files", TMPL_CACHE_MAX);
		return NULL;
	}
	f = &set->files[set->nfiles];
	if ((f->name = arena_strdup(set->arena, name)) == NULL) {
		snprintf(why, whylen, "out of memory");
		return NULL;
	}
	if (read_file(ld->dirfd, name, &f->data, &f->len, why, whylen) == -1)
		return NULL;
	set->nfiles++;
	return f;
}

static struct tmpl_set *
set_new(void)
{
	struct tmpl_set	*set;

	if ((set = calloc(1, sizeof(*set))) == NULL)
		return NULL;
	if ((set->arena = arena_new()) == NULL ||
	    (set->files = calloc(TMPL_CACHE_MAX, sizeof(*set->files))) == NULL) {
		arena_free(set->arena);
		free(set);
		return NULL;
	}
	return set;
}

void
tmpl_free(struct tmpl_set *set)
{
	size_t	 i;

	if (set == NULL)
		return;
	for (i = 0; i < set->nfiles; i++)
		free(set->files[i].data);
	free(set->files);
	arena_free(set->arena);
	free(set);
}

/* Parse the top-level template name into slot i of the set. */
static int
load_one(struct loader *ld, const char *name, size_t i)
{
	const struct tfile	*f;
	struct list		 l;
	char			 why[128];

	if ((f = get_file(ld, name, why, sizeof(why))) == NULL)
		return fail(ld, name, 1, "%s", why);
	ld->expanded = 0;
	if (parse_file(ld, f, 0, 0, 0, &l) == -1)
		return -1;
	ld->set->tmpls[i].name = f->name;
	ld->set->tmpls[i].root = l.head;
	return 0;
}

static int
has_suffix(const char *s, size_t n, const char *suffix)
{
	size_t	 m = strlen(suffix);

	return n > m && memcmp(s + n - m, suffix, m) == 0;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

struct tmpl_set *
tmpl_load(const char *dir, char *err, size_t errlen)
{
	struct loader	 ld;
	struct dirent	*de;
	struct stat	 st;
	DIR		*d;
	const char	**names = NULL;
	size_t		 n = 0, i, len;

	memset(&ld, 0, sizeof(ld));
	ld.err = err;
	ld.errlen = errlen;
	ld.dirfd = -1;
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if ((ld.set = set_new()) == NULL) {
		fail(&ld, NULL, 0, "out of memory");
		return NULL;
	}
	if ((d = opendir(dir)) == NULL) {
		fail(&ld, NULL, 0, "%s: %s", dir, strerror(errno));
		tmpl_free(ld.set);
		return NULL;
	}
	ld.dirfd = dirfd(d);
	if ((names = calloc(TMPL_FILES_MAX, sizeof(*names))) == NULL) {
		fail(&ld, NULL, 0, "out of memory");
		goto bad;
	}
	for (;;) {
		errno = 0;
		if ((de = readdir(d)) == NULL) {
			if (errno != 0) {
				fail(&ld, NULL, 0, "%s: %s", dir,
				    strerror(errno));
				goto bad;
			}
			break;
		}
		len = strlen(de->d_name);
		if (de->d_name[0] == '.' || !(has_suffix(de->d_name, len,
		    ".html") || has_suffix(de->d_name, len, ".txt")))
			continue;
		if (fstatat(ld.dirfd, de->d_name, &st, 0) == -1) {
			fail(&ld, de->d_name, 1, "%s", strerror(errno));
			goto bad;
		}
		if (!S_ISREG(st.st_mode))
			continue;
		if (!file_name_valid(de->d_name, len)) {
			fail(&ld, NULL, 0, "%s: invalid template name \"%.*s\"",
			    dir, QUOTE_MAX, de->d_name);
			goto bad;
		}
		if (n >= TMPL_FILES_MAX) {
			fail(&ld, NULL, 0, "%s: more than %d templates", dir,
			    TMPL_FILES_MAX);
			goto bad;
		}
		if ((names[n] = arena_strdup(ld.set->arena, de->d_name)) ==
		    NULL) {
			fail(&ld, NULL, 0, "out of memory");
			goto bad;
		}
		n++;
	}
	qsort(names, n, sizeof(*names), cmp_names);
	if ((ld.set->tmpls = arena_calloc(ld.set->arena, n ? n : 1,
	    sizeof(*ld.set->tmpls))) == NULL) {
		fail(&ld, NULL, 0, "out of memory");
		goto bad;
	}
	for (i = 0; i < n; i++)
		if (load_one(&ld, names[i], i) == -1)
			goto bad;
	ld.set->ntmpls = n;
	free(names);
	closedir(d);
	return ld.set;
bad:
	free(names);
	closedir(d);
	tmpl_free(ld.set);
	return NULL;
}

struct tmpl_set *
tmpl_load_string(const char *name, const char *text, const char *dir,
    char *err, size_t errlen)
{
	struct loader	 ld;
	struct tfile	*f;
	size_t		 len;

	memset(&ld, 0, sizeof(ld));
	ld.err = err;
	ld.errlen = errlen;
	ld.dirfd = -1;
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (name == NULL || !file_name_valid(name, strlen(name))) {
		fail(&ld, NULL, 0, "invalid template name");
		return NULL;
	}
	if (text == NULL) {
		fail(&ld, name, 1, "no text");
		return NULL;
	}
	if ((len = strnlen(text, TMPL_FILE_MAX + 1)) > TMPL_FILE_MAX) {
		fail(&ld, name, 1, "larger than %zu bytes", TMPL_FILE_MAX);
		return NULL;
	}
	if ((ld.set = set_new()) == NULL) {
		fail(&ld, NULL, 0, "out of memory");
		return NULL;
	}
	if (dir != NULL && (ld.dirfd = open(dir, O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) == -1) {
		fail(&ld, NULL, 0, "%s: %s", dir, strerror(errno));
		goto bad;
	}
	/* The text goes into the cache under name: it shadows a file of
	 * that name in dir, for includes too. */
	f = &ld.set->files[0];
	if ((f->name = arena_strdup(ld.set->arena, name)) == NULL ||
	    (f->data = malloc(len + 1)) == NULL ||
	    (ld.set->tmpls = arena_calloc(ld.set->arena, 1,
	    sizeof(*ld.set->tmpls))) == NULL) {
		fail(&ld, NULL, 0, "out of memory");
		goto bad;
	}
	memcpy(f->data, text, len);
	f->data[len] = '\0';
	f->len = len;
	ld.set->nfiles = 1;
	if (load_one(&ld, name, 0) == -1)
		goto bad;
	ld.set->ntmpls = 1;
	if (ld.dirfd != -1)
		close(ld.dirfd);
	return ld.set;
bad:
	if (ld.dirfd != -1)
		close(ld.dirfd);
	tmpl_free(ld.set);
	return NULL;
}

static const struct tmpl *
find_tmpl(const struct tmpl_set *set, const char *name)
{
	size_t	 lo = 0, hi, mid;
	int	 c;

	if (set == NULL || name == NULL)
		return NULL;
	hi = set->ntmpls;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((c = strcmp(name, set->tmpls[mid].name)) == 0)
			return &set->tmpls[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

int
tmpl_has(const struct tmpl_set *set, const char *name)
{
	return find_tmpl(set, name) != NULL;
}

/*
 * Escapers. Each writes runs of bytes that need no escaping with one
 * sink call, and returns 0 or -1 (sink failed).
 */

int
html_escape(const struct sink *out, const char *s)
{
	const char	*e;
	size_t		 n;

	for (;;) {
		/* strcspn finds the next special byte a word at a time. */
		n = strcspn(s, "&<>\"'");
		if (sink_write(out, s, n) == -1)
			return -1;
		s += n;
		switch (*s) {
		case '\0':
			return 0;
		case '&':
			e = "&amp;";
			break;
		case '<':
			e = "&lt;";
			break;
		case '>':
			e = "&gt;";
			break;
		case '"':
			e = "&quot;";
			break;
		default:
			e = "&#39;";
			break;
		}
		if (sink_puts(out, e) == -1)
			return -1;
		s++;
	}
}

/* RFC 3986 section 2.3: unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~". */
int
url_escape(const struct sink *out, const char *s)
{
	static const char	 hex[] = "0123456789ABCDEF";
	const char		*run;
	unsigned char		 c;
	char			 e[3];

	for (run = s; (c = (unsigned char)*s) != '\0'; s++) {
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~')
			continue;
		e[0] = '%';
		e[1] = hex[c >> 4];
		e[2] = hex[c & 0xf];
		if (sink_write(out, run, (size_t)(s - run)) == -1 ||
		    sink_write(out, e, 3) == -1)
			return -1;
		run = s + 1;
	}
	return sink_write(out, run, (size_t)(s - run));
}

/*
 * The body of a JavaScript string: everything but [A-Za-z0-9 _,.-] as
 * \uXXXX (lower-case hex), code points above U+FFFF as a surrogate pair,
 * invalid UTF-8 as U+FFFD. Nothing it writes can end a string, a
 * <script> element or an HTML attribute.
 */
int
js_escape(const struct sink *out, const char *str)
{
	const unsigned char	*s = (const unsigned char *)str;
	const unsigned char	*run;
	unsigned long		 cp;
	size_t			 n;
	char			 e[40];	/* two \u of any unsigned long:
					 * cp is at most U+10FFFF, but the
					 * compiler cannot know it */

	for (run = s; *s != '\0'; ) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == ' ' || *s == '_' ||
		    *s == ',' || *s == '.' || *s == '-') {
			s++;
			continue;
		}
		if (*s < 0x80) {
			cp = *s;
			n = 1;
		} else if ((n = utf8_char_z((const char *)s, &cp)) == 0) {
			cp = 0xfffd;
			n = 1;
		}
		if (cp > 0xffff)
			snprintf(e, sizeof(e), "\\u%04lx\\u%04lx",
			    0xd800 + ((cp - 0x10000) >> 10),
			    0xdc00 + ((cp - 0x10000) & 0x3ff));
		else
			snprintf(e, sizeof(e), "\\u%04lx", cp);
		if (sink_write(out, (const char *)run, (size_t)(s - run)) ==
		    -1 || sink_puts(out, e) == -1)
			return -1;
		s += n;
		run = s;
	}
	return sink_write(out, (const char *)run, (size_t)(s - run));
}

/* Rendering. */

struct frame {				/* one row of a loop being rendered */
	const struct view	*scope;
	const struct frame	*up;	/* the loop around, or NULL */
	unsigned		 index;	/* 1-based */
	unsigned		 count;
};

enum rs {
	RS_OK,
	RS_BREAK,
	RS_CONTINUE,
	RS_ERR
};

/*
 * The value of name in the row, then in the rows of the loops around,
 * then in the view. As in libctemplate, loops and other variables are
 * looked up apart: with loop set only a loop is found, otherwise only
 * a variable that is not one.
 */
static const struct vval *
lookup(const struct view *root, const struct frame *f, const char *name,
    int loop)
{
	const struct vval	*v;

	for (; f != NULL; f = f->up)
		if ((v = view_lookup_here(f->scope, name)) != NULL &&
		    (v->type == VT_LOOP) == loop)
			return v;
	if ((v = view_lookup(root, name)) != NULL && (v->type == VT_LOOP) == loop)
		return v;
	return NULL;
}

/*
 * Both at once, in one walk: the variable of that name that is not a
 * loop (returned, or NULL) and the innermost loop of that name (in
 * *loop, or NULL), for TMPL_IF.
 */
static const struct vval *
lookup_both(const struct view *root, const struct frame *f,
    const char *name, const struct vval **loop)
{
	const struct vval	*v;

	*loop = NULL;
	for (; f != NULL; f = f->up)
		if ((v = view_lookup_here(f->scope, name)) != NULL) {
			if (v->type != VT_LOOP)
				return v;
			if (*loop == NULL)
				*loop = v;
		}
	if ((v = view_lookup(root, name)) != NULL) {
		if (v->type != VT_LOOP)
			return v;
		if (*loop == NULL)
			*loop = v;
	}
	return NULL;
}

static int
meta_truth(const struct frame *f, enum meta m)
{
	int	 first, last;

	if (f == NULL)
		return 0;
	first = f->index == 1;
	last = f->index == f->count;
	switch (m) {
	case META_FIRST:
		return first;
	case META_LAST:
		return last;
	case META_INNER:
		return !first && !last;
	case META_OUTER:
		return first || last;
	case META_ODD:
		return f->index % 2 == 1;
	case META_EVEN:
		return f->index % 2 == 0;
	case META_INDEX:
		return f->index > 1;	/* 0 is false, as in Perl */
	default:
		return 1;
	}
}

/* i in decimal, ending at end (exclusive); returns where it starts.
 * The buffer must hold 20 digits and a sign. snprintf costs more than
 * the rest of a VAR together. */
static char *
decimal(char *end, long long i)
{
	unsigned long long	 u;
	char			*p = end;

	u = i < 0 ? 0ULL - (unsigned long long)i : (unsigned long long)i;
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (i < 0)
		*--p = '-';
	return p;
}

/*
 * The text of the variable n names, as libctemplate sees it: a string,
 * or NULL when absent. A loop is no variable. Numbers are written into
 * num (32 bytes, NUL-terminated at its end).
 */
static const char *
value_of(const struct view *root, const struct frame *f,
    const struct node *n, char *num)
{
	const struct vval	*v;
	char			*end = num + 31;

	*end = '\0';
	if (n->meta == META_COUNTER && f != NULL)
		return decimal(end, f->index);
	if (n->meta == META_INDEX && f != NULL)
		return decimal(end, (long long)f->index - 1);
	if (n->meta != META_NONE)
		return meta_truth(f, n->meta) ? "1" : "";
	if ((v = lookup(root, f, n->name, 0)) == NULL)
		return NULL;
	switch (v->type) {
	case VT_STR:
		return v->s;
	case VT_INT:
		return decimal(end, v->i);
	case VT_BOOL:
		return v->i ? "1" : "";
	default:
		return NULL;
	}
}

/*
 * Whether an IF or ELSIF holds, by libctemplate's rule: a variable of
 * that name decides if there is one (view_truth: not empty, not zero,
 * not false), else a loop with rows is true. With value="x": the
 * variable's text is x; value="" holds when there is neither a
 * variable with text nor a loop with rows. A loop variable decides by
 * HTML::Template's rule.
 */
static int
truth(const struct view *root, const struct frame *f, const struct node *n)
{
	const struct vval	*v, *loop;
	const char		*s;
	char			 num[32];

	if (n->meta != META_NONE && n->value == NULL)
		return meta_truth(f, n->meta);
	if (n->value == NULL) {
		if ((v = lookup_both(root, f, n->name, &loop)) != NULL &&
		    v->type != VT_NULL)
			return view_truth(v);
		return view_truth(loop);
	}
	if ((s = value_of(root, f, n, num)) != NULL && n->value[0] != '\0')
		return strcmp(s, n->value) == 0;
	if (s != NULL)
		return s[0] == '\0';
	return n->value[0] == '\0' &&
	    !view_truth(lookup(root, f, n->name, 1));
}

static int
render_var(const struct sink *out, const struct view *root,
    const struct frame *f, const struct node *n)
{
	const char	*s;
	char		 num[32];

	if ((s = value_of(root, f, n, num)) == NULL &&
	    (s = n->text) == NULL)
		return 0;
	switch (n->fmt) {
	case FMT_RAW:
		return sink_puts(out, s);
	case FMT_URL:
		return url_escape(out, s);
	case FMT_JS:
		return js_escape(out, s);
	default:
		return html_escape(out, s);
	}
}

static tmpl_translator	 translator;

void
tmpl_set_translator(tmpl_translator fn)
{
	translator = fn;
}

/* The n bytes at s, HTML-escaped. */
static int
escape_run(const struct sink *out, const char *s, size_t n)
{
	const char	*e;
	size_t		 i, run = 0;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '&': e = "&amp;"; break;
		case '<': e = "&lt;"; break;
		case '>': e = "&gt;"; break;
		case '"': e = "&quot;"; break;
		case '\'': e = "&#39;"; break;
		default: continue;
		}
		if (sink_write(out, s + run, i - run) == -1 ||
		    sink_puts(out, e) == -1)
			return -1;
		run = i + 1;
	}
	return sink_write(out, s + run, n - run);
}

/*
 * A TRANS: the text the translator gives (the English text without
 * one; plural chosen by count, English's rule), escaped, each {name}
 * in it replaced by that variable's text, escaped. A {name} with no
 * variable is written as it stands; so is a '{' that opens none.
 */
static int
render_trans(const struct sink *out, const struct view *root,
    const struct frame *f, const struct node *n)
{
	struct node	 var;
	const char	*s, *q, *v;
	char		 num[32], name[VIEW_NAME_MAX + 1], *end;
	unsigned long	 count = 0;

	memset(&var, 0, sizeof(var));
	var.type = N_VAR;
	if (n->name != NULL) {
		var.name = n->name;
		if ((v = value_of(root, f, &var, num)) != NULL)
			count = strtoul(v, &end, 10);
	}
	if (translator != NULL)
		s = translator(n->ctx, n->text, n->value, count);
	else
		s = n->value != NULL && count != 1 ? n->value : n->text;
	if (s == NULL)
		s = n->text;
	while ((q = strchr(s, '{')) != NULL) {
		if (escape_run(out, s, (size_t)(q - s)) == -1)
			return -1;
		s = q;
		q = strchr(s + 1, '}');
		if (q == NULL || !view_name_valid(s + 1, (size_t)(q - s - 1))) {
			if (escape_run(out, s, 1) == -1)
				return -1;
			s++;
			continue;
		}
		memcpy(name, s + 1, (size_t)(q - s - 1));
		name[q - s - 1] = '\0';
		var.name = name;
		if ((v = value_of(root, f, &var, num)) == NULL) {
			if (escape_run(out, s, (size_t)(q - s + 1)) == -1)
				return -1;
		} else if (html_escape(out, v) == -1)
			return -1;
		s = q + 1;
	}
	return html_escape(out, s);
}

/* The nodes an IF chain renders: the body of the first ELSIF (or the
 * IF) that is true, else the ELSE list, else NULL. No recursion, however
 * long the chain. */
static const struct node *
branch(const struct view *root, const struct frame *f, const struct node *n)
{
	for (;;) {
		if (truth(root, f, n))
			return n->body;
		if (n->alt == NULL || !n->alt->elsif)
			return n->alt;
		n = n->alt;
	}
}

static enum rs	render_list(const struct sink *, const struct view *,
		    const struct frame *, const struct node *, unsigned *);

/*
 * A loop's rows. A BREAK or CONTINUE of level N below ends the row and
 * leaves N loops: this one counts one, and one with levels to spare
 * passes the rest up to the loop around it.
 */
static enum rs
render_loop(const struct sink *out, const struct view *root,
    const struct frame *f, const struct node *n, unsigned *unwind)
{
	const struct vval	*v;
	const struct vrow	*r;
	struct frame		 row;
	enum rs			 st;

	if ((v = lookup(root, f, n->name, 1)) == NULL)
		return RS_OK;
	row.up = f;
	row.count = v->nrows;
	row.index = 0;
	for (r = v->rows; r != NULL; r = r->next) {
		row.scope = r->scope;
		row.index++;
		st = render_list(out, root, &row, n->body, unwind);
		if (st == RS_ERR)
			return RS_ERR;
		if (st == RS_OK)
			continue;
		if (--*unwind > 0)
			return st;
		if (st == RS_BREAK)
			break;
	}
	return RS_OK;
}

/* Render a list of nodes; BREAK and CONTINUE pass up to their loop,
 * with the number of loops to leave in *unwind. */
static enum rs
render_list(const struct sink *out, const struct view *root,
    const struct frame *f, const struct node *n, unsigned *unwind)
{
	enum rs	 st;

	for (; n != NULL; n = n->next) {
		switch (n->type) {
		case N_TEXT:
			if (sink_write(out, n->text, n->len) == -1)
				return RS_ERR;
			break;
		case N_VAR:
			if (render_var(out, root, f, n) == -1)
				return RS_ERR;
			break;
		case N_TRANS:
			if (render_trans(out, root, f, n) == -1)
				return RS_ERR;
			break;
		case N_IF:
			if ((st = render_list(out, root, f,
			    branch(root, f, n), unwind)) != RS_OK)
				return st;
			break;
		case N_LOOP:
			if ((st = render_loop(out, root, f, n, unwind)) !=
			    RS_OK)
				return st;
			break;
		case N_BREAK:
			*unwind = n->level;
			return RS_BREAK;
		case N_CONTINUE:
			*unwind = n->level;
			return RS_CONTINUE;
		}
	}
	return RS_OK;
}

int
tmpl_render(const struct tmpl_set *set, const char *name,
    const struct view *v, const struct sink *out)
{
	const struct tmpl	*t;
	unsigned		 unwind = 0;

	if ((t = find_tmpl(set, name)) == NULL)
		return -1;
	return render_list(out, v, NULL, t->root, &unwind) == RS_ERR ? -1 : 0;
}
