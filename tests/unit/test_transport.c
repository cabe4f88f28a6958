/*
 * test_transport.c: what can be checked of the transports without a
 * mail server (tests/http/test_mail.sh has real ones): the settings
 * refused, a Maildir delivery (LF line ends, tmp/ left empty, names
 * unique), a refused connection as temporary, sendmail's exit codes
 * with a stand-in on PATH, and envelope addresses that could smuggle an
 * SMTP command refused before any I/O.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sys/stat.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kit/transport.h"

static const char msg[] = "From: a@example.org\r\nTo: b@example.org\r\n"
    "Subject: hi\r\n\r\nline one\r\nline two\r\n";

struct fx {
	char	 dir[64];
};

static int
setup(void **state)
{
	struct fx	*fx;

	if ((fx = calloc(1, sizeof(*fx))) == NULL)
		return -1;
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/tessera-transport.XXXXXX");
	if (mkdtemp(fx->dir) == NULL)
		return -1;
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx	*fx = *state;
	char		 cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", fx->dir);
	if (system(cmd) != 0)
		return -1;
	free(fx);
	return 0;
}

/* Names in folder; the first's bytes into buf when given. */
static int
count(const char *folder, char *buf, size_t bufsz)
{
	DIR		*d;
	struct dirent	*e;
	FILE		*fp;
	char		 path[512];
	size_t		 k;
	int		 n = 0;

	assert_non_null(d = opendir(folder));
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n++ == 0 && buf != NULL) {
			snprintf(path, sizeof(path), "%s/%s", folder, e->d_name);
			assert_non_null(fp = fopen(path, "r"));
			k = fread(buf, 1, bufsz - 1, fp);
			buf[k] = '\0';
			fclose(fp);
		}
	}
	closedir(d);
	return n;
}

static void
test_transport_open_refuses(void **state)
{
	struct fx		*fx = *state;
	struct transport_conf	 c;
	char			 err[200];

	memset(&c, 0, sizeof(c));
	c.url = "ftp://127.0.0.1/";
	assert_null(transport_open(&c, err, sizeof(err)));
	assert_non_null(strstr(err, "TESSERA_SMTP"));
	c.url = "http://127.0.0.1:25";
	assert_null(transport_open(&c, err, sizeof(err)));
	/* A login in the URL would skip the TLS-first rule. */
	c.url = "smtp://college:secret@127.0.0.1:25";
	assert_null(transport_open(&c, err, sizeof(err)));
	assert_null(strstr(err, "secret"));
	c.url = "smtp://college@127.0.0.1:25";
	assert_null(transport_open(&c, err, sizeof(err)));
	/* A password with no SMTP to give it to. */
	c.url = "sendmail";
	c.user = "college";
	c.password = "secret";
	assert_null(transport_open(&c, err, sizeof(err)));
	assert_null(strstr(err, "secret"));
	/* A Maildir needs a folder. */
	memset(&c, 0, sizeof(c));
	assert_null(transport_open(&c, err, sizeof(err)));
	c.maildir = fx->dir;
	c.user = "college";
	assert_null(transport_open(&c, err, sizeof(err)));
}

static void
test_transport_send_maildir(void **state)
{
	struct fx		*fx = *state;
	struct transport_conf	 c;
	struct transport	*t;
	char			 err[200], reply[TRANSPORT_REPLY_MAX + 1];
	char			 folder[128], buf[512];
	int			 code;

	memset(&c, 0, sizeof(c));
	snprintf(folder, sizeof(folder), "%s/mail/box", fx->dir);
	c.maildir = folder;
	assert_non_null(t = transport_open(&c, err, sizeof(err)));
	assert_string_equal(transport_kind(t), "maildir");
	assert_int_equal(transport_send(t, "a@example.org", "b@example.org",
	    msg, sizeof(msg) - 1, reply, sizeof(reply), &code),
	    TRANSPORT_SENT);
	assert_int_equal(code, 0);
	assert_int_equal(transport_send(t, "a@example.org", "b@example.org",
	    msg, sizeof(msg) - 1, reply, sizeof(reply), &code),
	    TRANSPORT_SENT);
	snprintf(folder, sizeof(folder), "%s/mail/box/new", fx->dir);
	assert_int_equal(count(folder, buf, sizeof(buf)), 2);
	assert_string_equal(buf, "From: a@example.org\nTo: b@example.org\n"
	    "Subject: hi\n\nline one\nline two\n");
	snprintf(folder, sizeof(folder), "%s/mail/box/tmp", fx->dir);
	assert_int_equal(count(folder, NULL, 0), 0);
	snprintf(folder, sizeof(folder), "%s/mail/box/cur", fx->dir);
	assert_int_equal(count(folder, NULL, 0), 0);
	transport_close(t);
}

static void
test_transport_send_refuses_envelope(void **state)
{
	struct fx		*fx = *state;
	struct transport_conf	 c;
	struct transport	*t;
	char			 err[200], reply[TRANSPORT_REPLY_MAX + 1];
	char			 folder[128];
	int			 code;
	size_t			 i;
	static const char *const bad[] = {
		"b@example.org>\r\nRCPT TO:<victim@example.org",
		"b@example.org\nDATA",
		"b @example.org",
		"<b@example.org>",
		"no-at-sign",
		"",
		"b\xc3\xa9@example.org",
	};

	memset(&c, 0, sizeof(c));
	c.maildir = fx->dir;
	assert_non_null(t = transport_open(&c, err, sizeof(err)));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(transport_send(t, "a@example.org", bad[i],
		    msg, sizeof(msg) - 1, reply, sizeof(reply), &code),
		    TRANSPORT_PERMANENT);
		assert_int_equal(transport_send(t, bad[i], "b@example.org",
		    msg, sizeof(msg) - 1, reply, sizeof(reply), &code),
		    TRANSPORT_PERMANENT);
	}
	snprintf(folder, sizeof(folder), "%s/new", fx->dir);
	assert_int_equal(count(folder, NULL, 0), 0);
	transport_close(t);
}

static void
test_transport_send_smtp_refused_is_temporary(void **state)
{
	struct transport_conf	 c;
	struct transport	*t;
	char			 err[200], reply[TRANSPORT_REPLY_MAX + 1];
	int			 code;

	memset(&c, 0, sizeof(c));
	/* Port 1 on loopback: nothing listens, the kernel refuses. */
	c.url = "smtp://127.0.0.1:1";
	assert_non_null(t = transport_open(&c, err, sizeof(err)));
	assert_string_equal(transport_kind(t), "smtp");
	assert_int_equal(transport_send(t, "a@example.org", "b@example.org",
	    msg, sizeof(msg) - 1, reply, sizeof(reply), &code),
	    TRANSPORT_TEMPORARY);
	assert_int_equal(code, 0);
	assert_true(reply[0] != '\0');
	transport_close(t);
}

static void
test_transport_send_sendmail_exits(void **state)
{
	struct fx		*fx = *state;
	struct transport_conf	 c;
	struct transport	*t;
	char			 err[200], reply[TRANSPORT_REPLY_MAX + 1];
	char			 path[128], buf[512], *old;
	FILE			*fp;
	int			 code;

	/* A stand-in for the local MTA: keeps its input and arguments,
	 * exits with $FAKE_EXIT. */
	snprintf(path, sizeof(path), "%s/sendmail", fx->dir);
	assert_non_null(fp = fopen(path, "w"));
	fprintf(fp, "#!/bin/sh\necho \"$*\" > %s/args\ncat > %s/in\n"
	    "exit ${FAKE_EXIT:-0}\n", fx->dir, fx->dir);
	fclose(fp);
	assert_int_equal(chmod(path, 0755), 0);
	old = strdup(getenv("PATH"));
	snprintf(buf, sizeof(buf), "%s:%s", fx->dir, old);
	setenv("PATH", buf, 1);

	memset(&c, 0, sizeof(c));
	c.url = "sendmail";
	assert_non_null(t = transport_open(&c, err, sizeof(err)));
	assert_int_equal(transport_send(t, "a@example.org", "b@example.org",
	    msg, sizeof(msg) - 1, reply, sizeof(reply), &code),
	    TRANSPORT_SENT);
	snprintf(path, sizeof(path), "%s/in", fx->dir);
	assert_non_null(fp = fopen(path, "r"));
	buf[fread(buf, 1, sizeof(buf) - 1, fp)] = '\0';
	fclose(fp);
	assert_null(strchr(buf, '\r'));
	assert_non_null(strstr(buf, "\nline two\n"));
	snprintf(path, sizeof(path), "%s/args", fx->dir);
	assert_non_null(fp = fopen(path, "r"));
	assert_non_null(fgets(buf, sizeof(buf), fp));
	fclose(fp);
	assert_string_equal(buf, "-t -oi\n");

	setenv("FAKE_EXIT", "75", 1);
	assert_int_equal(transport_send(t, "a@example.org", "b@example.org",
	    msg, sizeof(msg) - 1, reply, sizeof(reply), &code),
	    TRANSPORT_TEMPORARY);
	assert_int_equal(code, 75);
	setenv("FAKE_EXIT", "67", 1);
	assert_int_equal(transport_send(t, "a@example.org", "b@example.org",
	    msg, sizeof(msg) - 1, reply, sizeof(reply), &code),
	    TRANSPORT_PERMANENT);
	assert_string_equal(reply, "sendmail exited 67");
	unsetenv("FAKE_EXIT");
	transport_close(t);

	/* No sendmail at all: temporary (the MTA may be installed). */
	setenv("PATH", fx->dir, 1);
	snprintf(path, sizeof(path), "%s/sendmail", fx->dir);
	unlink(path);
	assert_non_null(t = transport_open(&c, err, sizeof(err)));
	assert_int_equal(transport_send(t, "a@example.org", "b@example.org",
	    msg, sizeof(msg) - 1, reply, sizeof(reply), &code),
	    TRANSPORT_TEMPORARY);
	transport_close(t);
	setenv("PATH", old, 1);
	free(old);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_transport_open_refuses,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_transport_send_maildir,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_transport_send_refuses_envelope, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_transport_send_smtp_refused_is_temporary, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_transport_send_sendmail_exits, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
