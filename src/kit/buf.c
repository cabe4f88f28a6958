/*
 * buf.c: growable strings in an arena; sinks.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "buf.h"

#define BUF_MIN	256

void
buf_init(struct buf *b, struct arena *a)
{
	memset(b, 0, sizeof(*b));
	b->arena = a;
	b->data = (char *)"";
}

static int
grow(struct buf *b, size_t need)
{
	size_t	 cap;
	char	*p;

	if (b->failed)
		return -1;
	if (need > SIZE_MAX - b->len - 1) {
		b->failed = 1;
		return -1;
	}
	if (b->len + need + 1 <= b->cap)
		return 0;
	cap = b->cap ? b->cap : BUF_MIN;
	while (cap < b->len + need + 1) {
		if (cap > SIZE_MAX / 2) {
			b->failed = 1;
			return -1;
		}
		cap *= 2;
	}
	/* The old block stays in the arena until reset: cheap doubling. */
	if ((p = arena_alloc(b->arena, cap)) == NULL) {
		b->failed = 1;
		return -1;
	}
	if (b->len)
		memcpy(p, b->data, b->len);
	p[b->len] = '\0';
	b->data = p;
	b->cap = cap;
	return 0;
}

int
buf_append(struct buf *b, const void *p, size_t n)
{
	if (grow(b, n) == -1)
		return -1;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int
buf_puts(struct buf *b, const char *s)
{
	return buf_append(b, s, strlen(s));
}

int
buf_putc(struct buf *b, char c)
{
	return buf_append(b, &c, 1);
}

int
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->failed = 1;
		return -1;
	}
	if (grow(b, (size_t)n) == -1)
		return -1;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

int
buf_failed(const struct buf *b)
{
	return b->failed;
}

static int
buf_write(void *ctx, const char *p, size_t n)
{
	return buf_append(ctx, p, n);
}

struct sink
sink_buf(struct buf *b)
{
	struct sink	s = { buf_write, b };

	return s;
}

static int
file_write(void *ctx, const char *p, size_t n)
{
	return fwrite(p, 1, n, ctx) == n ? 0 : -1;
}

struct sink
sink_file(void *fp)
{
	struct sink	s = { file_write, fp };

	return s;
}

int
sink_write(const struct sink *s, const char *p, size_t n)
{
	return n == 0 ? 0 : s->write(s->ctx, p, n);
}

int
sink_puts(const struct sink *s, const char *p)
{
	return sink_write(s, p, strlen(p));
}
