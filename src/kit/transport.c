/*
 * transport.c: SMTP (libcurl), sendmail and Maildir delivery
 * (transport.h).
 */
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>

#include "kit/transport.h"

extern char **environ;

enum kind { KIND_SMTP, KIND_SENDMAIL, KIND_MAILDIR };

struct transport {
	enum kind	 kind;
	CURL		*curl;		/* SMTP: one handle, one connection */
	char		 url[PATH_MAX];
	char		*user;
	char		*password;
	char		 dir[PATH_MAX];	/* Maildir */
	unsigned	 seq;		/* Maildir: names made by this process */
	char		 last[TRANSPORT_REPLY_MAX + 1];	/* SMTP: last reply */
	char		 bad[TRANSPORT_REPLY_MAX + 1];	/* last 4xx or 5xx */
	volatile sig_atomic_t *stop;	/* SMTP: give up when set */
	const char	*data;		/* SMTP: bytes still to upload */
	size_t		 left;
};

/* Copy at most outsz - 1 bytes of s[0..len) into out, keeping printable
 * ASCII only and trimming space at both ends. */
static void
printable(char *out, size_t outsz, const char *s, size_t len)
{
	size_t	 i, o = 0;

	if (outsz == 0)
		return;
	while (len > 0 && (*s == ' ' || *s == '\t'))
		s++, len--;
	for (i = 0; i < len && o + 1 < outsz; i++)
		if (s[i] >= ' ' && s[i] <= '~')
			out[o++] = s[i];
	while (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
}

/*
 * libcurl's debug hook, the one place it shows the server's replies
 * (CURLINFO_HEADER_IN). Only those are looked at: what we send (the
 * message, AUTH) is ignored and nothing is logged.
 */
static int
on_debug(CURL *c, curl_infotype type, char *data, size_t size, void *arg)
{
	struct transport	*t = arg;
	const char		*end = data + size, *line;

	if (type != CURLINFO_HEADER_IN)
		return 0;
	/* The last non-empty line of this chunk. */
	while (end > data && (end[-1] == '\n' || end[-1] == '\r'))
		end--;
	for (line = end; line > data && line[-1] != '\n'; line--)
		continue;
	if (end > line) {
		printable(t->last, sizeof(t->last), line, (size_t)(end - line));
		/* A refusal is followed by curl's QUIT and its 221: keep
		 * the refusal, which is the one the office needs. */
		if (*line == '4' || *line == '5')
			printable(t->bad, sizeof(t->bad), line,
			    (size_t)(end - line));
	}
	return 0;
}

static size_t
on_read(char *out, size_t size, size_t n, void *arg)
{
	struct transport	*t = arg;
	size_t			 k = size * n;

	if (k > t->left)
		k = t->left;
	memcpy(out, t->data, k);
	t->data += k;
	t->left -= k;
	return k;
}

/* libcurl asks about once a second, even while waiting for a reply:
 * non-zero aborts the attempt (CURLE_ABORTED_BY_CALLBACK). */
static int
on_progress(void *arg, curl_off_t dt, curl_off_t dn, curl_off_t ut,
    curl_off_t un)
{
	struct transport	*t = arg;

	return t->stop != NULL && *t->stop;
}

/* Whether url carries a user or password of its own, which would go
 * to the server without the rule below (TLS before a password). */
static int
url_has_login(const char *url)
{
	CURLU	*u;
	char	*part = NULL;
	int	 rc = 1;

	if ((u = curl_url()) == NULL)
		return 1;
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_USER, &part, 0) == CURLUE_NO_USER)
		rc = 0;
	curl_free(part);
	curl_url_cleanup(u);
	return rc;
}

static int
smtp_setup(struct transport *t, const struct transport_conf *c, char *err,
    size_t errlen)
{
	int	 tls = strncmp(c->url, "smtps://", 8) == 0;
	long	 timeout = c->timeout > 0 ? c->timeout : TRANSPORT_TIMEOUT;

	if (url_has_login(c->url)) {
		snprintf(err, errlen, "TESSERA_SMTP: no user or password in "
		    "the URL; use TESSERA_SMTP_USER and "
		    "TESSERA_SMTP_PASSWORD_FILE");
		return -1;
	}

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK ||
	    (t->curl = curl_easy_init()) == NULL) {
		snprintf(err, errlen, "libcurl did not start");
		return -1;
	}
	if (c->user != NULL && *c->user != '\0') {
		if ((t->user = strdup(c->user)) == NULL ||
		    (t->password = strdup(c->password ? c->password : "")) ==
		    NULL) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		curl_easy_setopt(t->curl, CURLOPT_USERNAME, t->user);
		curl_easy_setopt(t->curl, CURLOPT_PASSWORD, t->password);
	}
	if (curl_easy_setopt(t->curl, CURLOPT_URL, t->url) != CURLE_OK ||
	    curl_easy_setopt(t->curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps") !=
	    CURLE_OK) {
		snprintf(err, errlen, "TESSERA_SMTP: not a URL libcurl takes");
		return -1;
	}
	/* STARTTLS if offered; demanded before a password is sent. */
	if (!tls)
		curl_easy_setopt(t->curl, CURLOPT_USE_SSL, t->user != NULL ?
		    (long)CURLUSESSL_ALL : (long)CURLUSESSL_TRY);
	if (c->ca_file != NULL && *c->ca_file != '\0' &&
	    curl_easy_setopt(t->curl, CURLOPT_CAINFO, c->ca_file) !=
	    CURLE_OK) {
		snprintf(err, errlen, "TESSERA_SMTP_CA: not taken");
		return -1;
	}
	curl_easy_setopt(t->curl, CURLOPT_CONNECTTIMEOUT,
	    (long)TRANSPORT_CONNECT_TIMEOUT);
	curl_easy_setopt(t->curl, CURLOPT_TIMEOUT, timeout);
	curl_easy_setopt(t->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(t->curl, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(t->curl, CURLOPT_READFUNCTION, on_read);
	curl_easy_setopt(t->curl, CURLOPT_READDATA, t);
	curl_easy_setopt(t->curl, CURLOPT_VERBOSE, 1L);
	curl_easy_setopt(t->curl, CURLOPT_DEBUGFUNCTION, on_debug);
	curl_easy_setopt(t->curl, CURLOPT_DEBUGDATA, t);
	t->stop = c->stop;
	curl_easy_setopt(t->curl, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(t->curl, CURLOPT_XFERINFODATA, t);
	curl_easy_setopt(t->curl, CURLOPT_NOPROGRESS, 0L);
	return 0;
}

/* mkdir -p for a path of our own making, mode 0700. 0 or -1. */
static int
mkdirs(const char *path)
{
	char	 p[PATH_MAX];
	size_t	 i;

	if (snprintf(p, sizeof(p), "%s", path) >= (int)sizeof(p))
		return -1;
	for (i = 1; p[i] != '\0'; i++) {
		if (p[i] != '/')
			continue;
		p[i] = '\0';
		if (mkdir(p, 0700) == -1 && errno != EEXIST)
			return -1;
		p[i] = '/';
	}
	return mkdir(p, 0700) == -1 && errno != EEXIST ? -1 : 0;
}

static int
maildir_setup(struct transport *t, const struct transport_conf *c, char *err,
    size_t errlen)
{
	static const char *const sub[] = { "tmp", "new", "cur" };
	char	 p[PATH_MAX];
	size_t	 i;

	if (c->maildir == NULL || *c->maildir == '\0' ||
	    snprintf(t->dir, sizeof(t->dir), "%s", c->maildir) >=
	    (int)sizeof(t->dir)) {
		snprintf(err, errlen, "no Maildir folder given");
		return -1;
	}
	for (i = 0; i < 3; i++) {
		if (snprintf(p, sizeof(p), "%s/%s", t->dir, sub[i]) >=
		    (int)sizeof(p) || mkdirs(p) == -1) {
			snprintf(err, errlen, "%s: %s", p, strerror(errno));
			return -1;
		}
	}
	return 0;
}

struct transport *
transport_open(const struct transport_conf *c, char *err, size_t errlen)
{
	struct transport	*t;
	int			 rc;

	if ((t = calloc(1, sizeof(*t))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (c->url == NULL || *c->url == '\0') {
		t->kind = KIND_MAILDIR;
		rc = maildir_setup(t, c, err, errlen);
	} else if (strcmp(c->url, "sendmail") == 0) {
		t->kind = KIND_SENDMAIL;
		rc = 0;
	} else if ((strncmp(c->url, "smtp://", 7) == 0 ||
	    strncmp(c->url, "smtps://", 8) == 0) &&
	    snprintf(t->url, sizeof(t->url), "%s", c->url) <
	    (int)sizeof(t->url)) {
		t->kind = KIND_SMTP;
		rc = smtp_setup(t, c, err, errlen);
	} else {
		snprintf(err, errlen, "TESSERA_SMTP: smtp://host:port, "
		    "smtps://host:port or sendmail");
		rc = -1;
	}
	if (rc == 0 && t->kind != KIND_SMTP && c->user != NULL &&
	    *c->user != '\0') {
		snprintf(err, errlen, "a mail user and password need "
		    "TESSERA_SMTP=smtp://... or smtps://...");
		rc = -1;
	}
	if (rc == -1) {
		transport_close(t);
		return NULL;
	}
	return t;
}

void
transport_close(struct transport *t)
{
	if (t == NULL)
		return;
	if (t->curl != NULL) {
		curl_easy_cleanup(t->curl);
		curl_global_cleanup();
	}
	if (t->password != NULL) {
		explicit_bzero(t->password, strlen(t->password));
		free(t->password);
	}
	free(t->user);
	free(t);
}

const char *
transport_kind(const struct transport *t)
{
	return t->kind == KIND_SMTP ? "smtp" :
	    t->kind == KIND_SENDMAIL ? "sendmail" : "maildir";
}

/* Whether a curl error is about our side (TLS, log-in), whatever the
 * reply: the message itself was not refused. */
static int
config_error(CURLcode rc)
{
	switch (rc) {
	case CURLE_LOGIN_DENIED:
	case CURLE_USE_SSL_FAILED:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_AUTH_ERROR:
		return 1;
	default:
		return 0;
	}
}

static enum transport_result
smtp_send(struct transport *t, const char *from, const char *rcpt,
    const char *msg, size_t len, char *reply, size_t replysz, int *code)
{
	struct curl_slist	*to;
	char			 path[TRANSPORT_ADDR_MAX + 3];
	CURLcode		 rc;
	long			 resp = 0;

	if ((to = curl_slist_append(NULL, rcpt)) == NULL) {
		snprintf(reply, replysz, "out of memory");
		return TRANSPORT_TEMPORARY;
	}
	snprintf(path, sizeof(path), "<%s>", from);
	curl_easy_setopt(t->curl, CURLOPT_MAIL_FROM, path);
	curl_easy_setopt(t->curl, CURLOPT_MAIL_RCPT, to);
	t->data = msg;
	t->left = len;
	t->last[0] = t->bad[0] = '\0';
	rc = curl_easy_perform(t->curl);
	curl_easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &resp);
	curl_easy_setopt(t->curl, CURLOPT_MAIL_RCPT, NULL);
	curl_slist_free_all(to);
	*code = (int)resp;
	if (rc == CURLE_OK && t->last[0] != '\0')
		snprintf(reply, replysz, "%s", t->last);
	else if (rc != CURLE_OK && rc != CURLE_OPERATION_TIMEDOUT &&
	    t->bad[0] != '\0')
		snprintf(reply, replysz, "%s", t->bad);
	else
		snprintf(reply, replysz, "%s", curl_easy_strerror(rc));
	if (rc == CURLE_OK)
		return TRANSPORT_SENT;
	if (!config_error(rc) && resp >= 500 && resp < 600)
		return TRANSPORT_PERMANENT;
	return TRANSPORT_TEMPORARY;
}

/* Write n bytes, through short writes and EINTR. 0 or -1. */
static int
write_all(int fd, const char *p, size_t n)
{
	ssize_t	 w;

	while (n > 0) {
		if ((w = write(fd, p, n)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Write msg to fd with each CRLF as LF, the local convention of
 * sendmail's input and of Maildir files. 0 or -1. */
static int
write_lf(int fd, const char *msg, size_t len)
{
	const char	*p = msg, *end = msg + len, *cr;

	while (p < end) {
		if ((cr = memmem(p, (size_t)(end - p), "\r\n", 2)) == NULL)
			return write_all(fd, p, (size_t)(end - p));
		if (write_all(fd, p, (size_t)(cr - p)) == -1 ||
		    write_all(fd, "\n", 1) == -1)
			return -1;
		p = cr + 2;
	}
	return 0;
}

static enum transport_result
sendmail_send(struct transport *t, const char *msg, size_t len,
    char *reply, size_t replysz, int *code)
{
	posix_spawn_file_actions_t	 fa;
	char				*argv[] = { "sendmail", "-t", "-oi", NULL };
	int				 fd[2], status, rc;
	pid_t				 pid;

	*code = 0;
	if (pipe2(fd, O_CLOEXEC) == -1) {
		snprintf(reply, replysz, "pipe: %s", strerror(errno));
		return TRANSPORT_TEMPORARY;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fd[0], STDIN_FILENO);
	rc = posix_spawnp(&pid, "sendmail", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fd[0]);
	if (rc != 0) {
		close(fd[1]);
		snprintf(reply, replysz, "sendmail did not start: %s",
		    strerror(rc));
		return TRANSPORT_TEMPORARY;
	}
	/* A sendmail that stops reading shows in its exit status. */
	(void)write_lf(fd[1], msg, len);
	close(fd[1]);
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR) {
			snprintf(reply, replysz, "waitpid: %s",
			    strerror(errno));
			return TRANSPORT_TEMPORARY;
		}
	if (WIFEXITED(status)) {
		*code = WEXITSTATUS(status);
		snprintf(reply, replysz, "sendmail exited %d", *code);
		if (*code == 0)
			return TRANSPORT_SENT;
		return *code == TRANSPORT_SENDMAIL_TEMPFAIL ?
		    TRANSPORT_TEMPORARY : TRANSPORT_PERMANENT;
	}
	snprintf(reply, replysz, "sendmail was killed by signal %d",
	    WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	return TRANSPORT_TEMPORARY;
}

/* fsync a folder, so a rename into it is on disk. */
static int
sync_dir(const char *dir)
{
	int	 fd, rc;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/*
 * The Maildir way (https://cr.yp.to/proto/maildir.html): a name unique
 * to this host, time, process and message, written in tmp/, fsync'd,
 * then linked into new/ so a reader never sees half a message.
 */
static enum transport_result
maildir_send(struct transport *t, const char *msg, size_t len,
    char *reply, size_t replysz, int *code)
{
	struct timeval	 tv;
	char		 host[256], name[400], tmp[PATH_MAX], dst[PATH_MAX];
	size_t		 i;
	int		 fd;

	*code = 0;
	if (gethostname(host, sizeof(host)) == -1)
		snprintf(host, sizeof(host), "localhost");
	host[sizeof(host) - 1] = '\0';
	for (i = 0; host[i] != '\0'; i++)
		if (host[i] == '/' || host[i] == ':')
			host[i] = '_';
	gettimeofday(&tv, NULL);
	snprintf(name, sizeof(name), "%lld.M%ldP%dQ%u.%s",
	    (long long)tv.tv_sec, (long)tv.tv_usec, (int)getpid(), ++t->seq,
	    host);
	if (snprintf(tmp, sizeof(tmp), "%s/tmp/%s", t->dir, name) >=
	    (int)sizeof(tmp) ||
	    snprintf(dst, sizeof(dst), "%s/new/%s", t->dir, name) >=
	    (int)sizeof(dst)) {
		snprintf(reply, replysz, "Maildir path too long");
		return TRANSPORT_TEMPORARY;
	}
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) == -1)
		goto fail;
	if (write_lf(fd, msg, len) == -1 || fsync(fd) == -1) {
		close(fd);
		unlink(tmp);
		goto fail;
	}
	close(fd);
	if (rename(tmp, dst) == -1) {
		unlink(tmp);
		goto fail;
	}
	if (snprintf(dst, sizeof(dst), "%s/new", t->dir) >= (int)sizeof(dst) ||
	    sync_dir(dst) == -1)
		goto fail;
	snprintf(reply, replysz, "delivered to the Maildir");
	return TRANSPORT_SENT;
fail:
	snprintf(reply, replysz, "Maildir: %s", strerror(errno));
	return TRANSPORT_TEMPORARY;
}

/* An envelope address we will put in an SMTP command: printable ASCII
 * with no space, '<' or '>', at most TRANSPORT_ADDR_MAX bytes, so that
 * none can end a command or start another. */
static int
envelope_ok(const char *a)
{
	size_t	 i;

	for (i = 0; a[i] != '\0'; i++)
		if (a[i] <= ' ' || a[i] > '~' || a[i] == '<' || a[i] == '>' ||
		    i >= TRANSPORT_ADDR_MAX)
			return 0;
	return i > 0 && strchr(a, '@') != NULL;
}

enum transport_result
transport_send(struct transport *t, const char *from, const char *rcpt,
    const char *msg, size_t len, char *reply, size_t replysz, int *code)
{
	*code = 0;
	if (replysz > 0)
		reply[0] = '\0';
	if (!envelope_ok(from) || !envelope_ok(rcpt)) {
		snprintf(reply, replysz, "not an email address we can send "
		    "to or from");
		return TRANSPORT_PERMANENT;
	}
	switch (t->kind) {
	case KIND_SMTP:
		return smtp_send(t, from, rcpt, msg, len, reply, replysz, code);
	case KIND_SENDMAIL:
		return sendmail_send(t, msg, len, reply, replysz, code);
	default:
		return maildir_send(t, msg, len, reply, replysz, code);
	}
}
