/*
 * buf.h: a growable byte string in an arena, and the sink that output
 * is written to.
 *
 * A buf is always NUL-terminated after its len bytes. Once an append
 * fails (arena exhausted) the buf is marked failed, stays as it was,
 * and every later append fails too: callers may append freely and check
 * buf_failed() (or the last return) once at the end.
 */
#ifndef KIT_BUF_H
#define KIT_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

struct buf {
	struct arena	*arena;
	char		*data;	/* NUL-terminated; owned by the arena */
	size_t		 len;
	size_t		 cap;
	int		 failed;
};

void	buf_init(struct buf *, struct arena *);
int	buf_append(struct buf *, const void *, size_t);
int	buf_puts(struct buf *, const char *);
int	buf_putc(struct buf *, char);
int	buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
int	buf_failed(const struct buf *);

/*
 * A sink takes bytes: a buf, a FastCGI stream, a FILE. write returns 0
 * on success and -1 on failure. Writers (csv, ical, tmpl, json) write
 * to a sink so that the same code can build a page in memory or stream
 * an export row by row.
 */
struct sink {
	int	(*write)(void *ctx, const char *, size_t);
	void	 *ctx;
};

/* A sink that appends to a buf. */
struct sink	sink_buf(struct buf *);
/* A sink that writes to a stdio FILE. */
struct sink	sink_file(void *fp);
int		sink_write(const struct sink *, const char *, size_t);
int		sink_puts(const struct sink *, const char *);

#endif
