/*
 * cache.c: direct-mapped response cache; see cache.h.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <zlib.h>

#include "cache.h"
#include "http.h"

struct slot {
	char		*key;
	char		*ctype;
	char		*body;
	size_t		 len;
	char		*gz;		/* the body gzipped once, or NULL */
	size_t		 gzlen;
	long long	 version;
	time_t		 expires;
};

static struct slot	slots[CACHE_SLOTS];

/* The key: "GET /courses?q=x" plus " json" when JSON was asked for,
 * plus " lang=nl" when the request has a language: a page in Dutch is
 * not served to someone who reads Welsh. */
static size_t
make_key(const struct req *r, char *k, size_t sz)
{
	size_t	 pl = strlen(r->path), ql = strlen(r->query), n;

	if (pl + ql + 32 > sz || (r->lang != NULL && strlen(r->lang) > 8))
		return 0;
	n = 0;
	k[n++] = r->method == M_HEAD ? 'G' : r->method_name[0];
	k[n++] = ' ';
	memcpy(k + n, r->path, pl);
	n += pl;
	k[n++] = '?';
	memcpy(k + n, r->query, ql);
	n += ql;
	if (r->lang != NULL) {
		memcpy(k + n, " lang=", 6);
		memcpy(k + n + 6, r->lang, strlen(r->lang));
		n += 6 + strlen(r->lang);
	}
	if (r->want_json) {
		memcpy(k + n, " json", 5);
		n += 5;
	}
	k[n] = '\0';
	return n;
}

/* FNV-1a: spreads keys over the slots. */
static size_t
slot_of(const char *k, size_t n)
{
	uint32_t	 h = 2166136261u;
	size_t		 i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)k[i]) * 16777619u;
	return h % CACHE_SLOTS;
}

static void
slot_free(struct slot *s)
{
	free(s->key);
	free(s->ctype);
	free(s->body);
	free(s->gz);
	memset(s, 0, sizeof(*s));
}

/*
 * Whether the client takes gzip: "gzip" listed in Accept-Encoding and
 * not refused with q=0 (RFC 9110 12.5.3). Every browser sends it.
 */
static int
accepts_gzip(const struct req *r)
{
	const char	*ae = req_header(r, "Accept-Encoding"), *p, *q;
	size_t		 n;

	if (ae == NULL)
		return 0;
	for (p = ae; *p != '\0'; p += n) {
		p += strspn(p, " ,");
		n = strcspn(p, ",");
		if (n >= 4 && strncasecmp(p, "gzip", 4) == 0 &&
		    (p[4] == ',' || p[4] == ';' || p[4] == ' ' || p[4] == '\0')) {
			q = memchr(p, ';', n);
			if (q != NULL && (q = strstr(q, "q=")) != NULL &&
			    q < p + n && strtod(q + 2, NULL) == 0.0)
				return 0;
			return 1;
		}
	}
	return 0;
}

/* Gzip len bytes of in at the default level into a new malloc'd block. */
static char *
gzip_of(const char *in, size_t len, size_t *outlen)
{
	z_stream	 z;
	char		*out;
	uLong		 cap;

	memset(&z, 0, sizeof(z));
	/* 15 + 16: a gzip wrapper (RFC 1952), as Content-Encoding wants. */
	if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK)
		return NULL;
	cap = deflateBound(&z, (uLong)len) + 32;
	if ((out = malloc(cap)) == NULL) {
		deflateEnd(&z);
		return NULL;
	}
	z.next_in = (Bytef *)(uintptr_t)in;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)out;
	z.avail_out = (uInt)cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END) {
		deflateEnd(&z);
		free(out);
		return NULL;
	}
	*outlen = z.total_out;
	deflateEnd(&z);
	return out;
}

int
cache_get(struct req *r, long long version, time_t now,
    const char *cache_control)
{
	char		 k[CACHE_KEY_MAX];
	size_t		 n;
	struct slot	*s;

	if ((r->method != M_GET && r->method != M_HEAD) ||
	    (n = make_key(r, k, sizeof(k))) == 0)
		return 0;
	s = &slots[slot_of(k, n)];
	if (s->key == NULL || strcmp(s->key, k) != 0 ||
	    s->version != version || now >= s->expires)
		return 0;
	if (cache_control != NULL &&
	    resp_header(r, "Cache-Control", cache_control) == -1)
		return 0;
	/* Vary: the same address answers gzip or not by this header. */
	if (resp_header(r, "Vary", "Accept-Encoding") == -1)
		return 0;
	if (s->gz != NULL && accepts_gzip(r)) {
		if (resp_header(r, "Content-Encoding", "gzip") == -1)
			return 0;
		return resp_body(r, 200, s->ctype, s->gz, s->gzlen) == 200;
	}
	return resp_body(r, 200, s->ctype, s->body, s->len) == 200;
}

void
cache_put(const struct req *r, long long version, time_t now, int ttl)
{
	char		 k[CACHE_KEY_MAX];
	const char	*ct, *end;
	size_t		 n;
	struct slot	*s, fresh;

	if (r->status != 200 || r->streaming || r->body.len > CACHE_BODY_MAX ||
	    (r->method != M_GET && r->method != M_HEAD) ||
	    (n = make_key(r, k, sizeof(k))) == 0)
		return;
	/* A page that sets a cookie is someone's own: never shared. */
	if (strstr(r->hdrs.data, "Set-Cookie:") != NULL ||
	    (ct = strstr(r->hdrs.data, "Content-Type: ")) == NULL)
		return;
	ct += 14;
	end = strstr(ct, "\r\n");
	memset(&fresh, 0, sizeof(fresh));
	fresh.key = strdup(k);
	fresh.ctype = end ? strndup(ct, (size_t)(end - ct)) : NULL;
	fresh.body = malloc(r->body.len ? r->body.len : 1);
	if (fresh.key == NULL || fresh.ctype == NULL || fresh.body == NULL) {
		slot_free(&fresh);
		return;
	}
	memcpy(fresh.body, r->body.data, r->body.len);
	fresh.len = r->body.len;
	/* Compressed once here rather than by nginx on every request. */
	if (fresh.len >= CACHE_GZIP_MIN)
		fresh.gz = gzip_of(fresh.body, fresh.len, &fresh.gzlen);
	fresh.version = version;
	fresh.expires = now + ttl;
	s = &slots[slot_of(k, n)];
	slot_free(s);
	*s = fresh;
}

void
cache_clear(void)
{
	size_t	 i;

	for (i = 0; i < CACHE_SLOTS; i++)
		slot_free(&slots[i]);
}
