/*
 * test_mailer.c: delivering the outbox into a real Maildir: the bytes
 * stored (sealed) before the attempt and sent again unchanged, the waits that
 * double and stop at an hour, giving up after 48 hours, rows with
 * nothing left to send, and the Message-ID's host.
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

#include "kit/db.h"
#include "kit/transport.h"
#include "college/booking.h"
#include "college/mailer.h"
#include "college/outbox.h"
#include "fixture.h"

#define NOW	((time_t)1796000000)
#define BASE	"https://college.example.org"

struct fx {
	struct db		*db;
	struct transport	*t;
	struct mailer		 m;
	char			 dir[64];
	char			 newdir[80];
	long long		 booking;
};

static void
set_now(time_t t)
{
	char	 s[32];

	snprintf(s, sizeof(s), "%lld", (long long)t);
	setenv("TESSERA_NOW", s, 1);
}

static int
setup(void **state)
{
	struct transport_conf	 c;
	struct fx		*fx;
	char			 err[128];
	long long		 course, run, venue, learner;

	if ((fx = calloc(1, sizeof(*fx))) == NULL)
		return -1;
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/tessera-mailer.XXXXXX");
	if (mkdtemp(fx->dir) == NULL)
		return -1;
	snprintf(fx->newdir, sizeof(fx->newdir), "%s/new", fx->dir);
	fx->db = fx_db();
	course = fx_course(fx->db, "wrap", "Wellness planning");
	run = fx_run(fx->db, course, 5, "published");
	venue = fx_venue(fx->db, "Hall");
	fx_session(fx->db, run, NOW + 7 * 86400, 90, venue, "scheduled");
	learner = fx_learner(fx->db, "Ana", "ana@example.org");
	fx->booking = fx_booking(fx->db, run, learner, "confirmed");
	/* Its link stored as the programs store it (hashed and sealed),
	 * which mail_compose() needs to write the links. */
	fx_sql(fx->db, "UPDATE booking SET token = 'TOKENAAAAAAAAAAAAAAAAAAAAB'"
	    " WHERE id = %lld", fx->booking);
	if (booking_upgrade(fx->db) != 1)
		return -1;
	memset(&c, 0, sizeof(c));
	c.maildir = fx->dir;
	if ((fx->t = transport_open(&c, err, sizeof(err))) == NULL)
		return -1;
	if (mailer_init(&fx->m, fx->db, fx->t, BASE, NULL) == -1)
		return -1;
	set_now(NOW);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx	*fx = *state;
	char		 cmd[128];

	transport_close(fx->t);
	db_close(fx->db);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", fx->dir);
	if (system(cmd) != 0)
		return -1;
	unsetenv("TESSERA_NOW");
	free(fx);
	return 0;
}

/* Queue a confirmation created at created; its id. */
static long long
queue(struct fx *fx, time_t created)
{
	assert_int_equal(outbox_add(fx->db, MAIL_CONFIRMED, fx->booking, 0,
	    NULL, created), 0);
	return fx_count(fx->db, "SELECT max(id) FROM outbox");
}

/* The files in new/, and the first one's bytes into buf (if any). */
static int
files(struct fx *fx, char *buf, size_t bufsz, const char *skip)
{
	DIR		*d;
	struct dirent	*e;
	FILE		*fp;
	char		 path[512];
	size_t		 n;
	int		 count = 0;

	assert_non_null(d = opendir(fx->newdir));
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (count++ == 0 && buf != NULL &&
		    (skip == NULL || strcmp(skip, e->d_name) != 0)) {
			snprintf(path, sizeof(path), "%s/%s", fx->newdir,
			    e->d_name);
			assert_non_null(fp = fopen(path, "r"));
			n = fread(buf, 1, bufsz - 1, fp);
			buf[n] = '\0';
			fclose(fp);
			unlink(path);
		}
	}
	closedir(d);
	return count;
}

static void
test_mailer_run_stores_then_sends(void **state)
{
	struct fx	*fx = *state;
	static char	 a[65536], b[65536];
	long long	 id = queue(fx, NOW);

	assert_int_equal(mailer_run(&fx->m, NOW), 1);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM outbox WHERE"
	    " id = %lld AND state = 'sent' AND sent_at = %lld AND"
	    " attempts = 1 AND body IS NOT NULL AND last_error = ''", id,
	    (long long)NOW), 1);
	/* Stored sealed: neither the address nor the link shows. */
	assert_int_equal(fx_count(fx->db, fx_is_pg() ?
	    "SELECT position('ana@example.org'::bytea IN body) +"
	    " position('/booking/'::bytea IN body) FROM outbox WHERE id = %lld" :
	    "SELECT instr(body, CAST("
	    "'ana@example.org' AS BLOB)) + instr(body, CAST('/booking/' AS"
	    " BLOB)) FROM outbox WHERE id = %lld", id), 0);
	assert_int_equal(files(fx, a, sizeof(a), NULL), 1);
	assert_non_null(strstr(a, "\nTo: ana@example.org\n"));
	assert_non_null(strstr(a, "/booking/"));
	assert_non_null(strstr(a, "@college.example.org>\n"));
	assert_non_null(strstr(a, "\nAuto-Submitted: auto-generated\n"));
	/* A Maildir file has LF line ends. */
	assert_null(strchr(a, '\r'));
	assert_int_equal(fx->m.sent, 1);

	/* Sent again (as after a crash before the record): the same
	 * stored bytes, not a new composition, even a day later. */
	fx_sql(fx->db, "UPDATE outbox SET state = 'queued' WHERE id = %lld",
	    id);
	set_now(NOW + 86400);
	assert_int_equal(mailer_run(&fx->m, NOW + 86400), 1);
	assert_int_equal(files(fx, b, sizeof(b), NULL), 1);
	assert_string_equal(a, b);
}

static void
test_mailer_run_retry_doubles(void **state)
{
	struct fx	*fx = *state;
	long long	 id = queue(fx, NOW);

	/* No new/: the rename fails, a temporary failure. */
	assert_int_equal(rmdir(fx->newdir), 0);
	assert_int_equal(mailer_run(&fx->m, NOW), 1);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM outbox WHERE"
	    " id = %lld AND state = 'queued' AND attempts = 1 AND"
	    " due_at = %lld AND last_error LIKE 'Maildir: %%'", id,
	    (long long)NOW + 60), 1);
	/* Not due yet: nothing is tried. */
	set_now(NOW + 59);
	assert_int_equal(mailer_run(&fx->m, NOW + 59), 0);
	set_now(NOW + 60);
	assert_int_equal(mailer_run(&fx->m, NOW + 60), 1);
	assert_int_equal(fx_count(fx->db, "SELECT due_at FROM outbox WHERE"
	    " id = %lld", id), NOW + 60 + 120);
	/* Many tries on, the wait stops at an hour. */
	fx_sql(fx->db, "UPDATE outbox SET attempts = 20, due_at = 0 WHERE"
	    " id = %lld", id);
	set_now(NOW + 200);
	assert_int_equal(mailer_run(&fx->m, NOW + 200), 1);
	assert_int_equal(fx_count(fx->db, "SELECT due_at FROM outbox WHERE"
	    " id = %lld", id), NOW + 200 + MAILER_RETRY_MAX);
	/* Back: delivered, the tries counted. */
	assert_int_equal(mkdir(fx->newdir, 0700), 0);
	set_now(NOW + 200 + MAILER_RETRY_MAX);
	assert_int_equal(mailer_run(&fx->m, NOW + 200 + MAILER_RETRY_MAX), 1);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM outbox WHERE"
	    " id = %lld AND state = 'sent' AND attempts = 22", id), 1);
	assert_int_equal(files(fx, NULL, 0, NULL), 1);
}

static void
test_mailer_run_gives_up_after_48_hours(void **state)
{
	struct fx	*fx = *state;
	long long	 young = queue(fx, NOW - MAILER_GIVE_UP + 1);
	long long	 old = queue(fx, NOW - MAILER_GIVE_UP);

	assert_int_equal(rmdir(fx->newdir), 0);
	assert_int_equal(mailer_run(&fx->m, NOW), 2);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM outbox WHERE"
	    " id = %lld AND state = 'queued'", young), 1);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM outbox WHERE"
	    " id = %lld AND state = 'failed' AND attempts = 1 AND"
	    " last_error LIKE 'gave up after 48 hours: Maildir: %%'", old), 1);
	assert_int_equal(fx->m.failed, 1);
	assert_int_equal(fx->m.retried, 1);
}

static void
test_mailer_run_nothing_to_send(void **state)
{
	struct fx	*fx = *state;
	long long	 erased = queue(fx, NOW), gone = queue(fx, NOW);

	/* Erased after it was queued. */
	fx_sql(fx->db, "UPDATE outbox SET rcpt = '' WHERE id = %lld", erased);
	/* A waiting-list message for a booking that has a place by now
	 * is no longer true (mail.c says drop). */
	fx_sql(fx->db, "UPDATE outbox SET kind = 'waitlisted' WHERE id = %lld",
	    gone);
	assert_int_equal(mailer_run(&fx->m, NOW), 0);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM outbox WHERE"
	    " state = 'dropped' AND attempts = 0 AND last_error = '"
	    MAILER_NOTHING "'"), 2);
	assert_int_equal(files(fx, NULL, 0, NULL), 0);
	assert_int_equal(fx->m.dropped, 2);
}

static void
test_mailer_run_unopenable_body_waits(void **state)
{
	struct fx	*fx = *state;
	long long	 id = queue(fx, NOW);

	/* Bytes sealed under another key (or damaged): not sent, and
	 * tried again later like a temporary failure. */
	fx_sql(fx->db, fx_is_pg() ?
	    "UPDATE outbox SET body = decode(repeat(md5(random()::text), 13),"
	    " 'hex') WHERE id = %lld" :
	    "UPDATE outbox SET body = randomblob(200) WHERE"
	    " id = %lld", id);
	assert_int_equal(mailer_run(&fx->m, NOW), 0);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM outbox WHERE"
	    " id = %lld AND state = 'queued' AND attempts = 1 AND due_at = %lld"
	    " AND last_error LIKE 'the stored message does not open%%'", id,
	    (long long)NOW + MAILER_RETRY_FIRST), 1);
	assert_int_equal(files(fx, NULL, 0, NULL), 0);
}

static void
test_mailer_run_batches(void **state)
{
	struct fx	*fx = *state;
	int		 i;

	for (i = 0; i < MAILER_BATCH * 2 + 3; i++)
		queue(fx, NOW);
	/* Not yet due ones wait. */
	fx_sql(fx->db, "UPDATE outbox SET due_at = %lld WHERE id = 1",
	    (long long)NOW + 1);
	assert_int_equal(mailer_run(&fx->m, NOW), MAILER_BATCH * 2 + 2);
	assert_int_equal(files(fx, NULL, 0, NULL), MAILER_BATCH * 2 + 2);
	assert_int_equal(fx_count(fx->db, "SELECT count(*) FROM outbox WHERE"
	    " state = 'queued'"), 1);
}

static void
test_mailer_init_host(void **state)
{
	struct fx	*fx = *state;
	struct mailer	 m;

	assert_int_equal(mailer_init(&m, fx->db, fx->t,
	    "https://College.Example.ORG:8443/tessera", NULL), 0);
	assert_string_equal(m.host, "College.Example.ORG");
	assert_int_equal(mailer_init(&m, fx->db, fx->t, NULL, NULL), 0);
	assert_string_equal(m.host, "localhost");
	assert_int_equal(mailer_init(&m, fx->db, fx->t, "not a url", NULL),
	    -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_mailer_run_stores_then_sends, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mailer_run_retry_doubles,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_mailer_run_gives_up_after_48_hours, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_mailer_run_nothing_to_send, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_mailer_run_unopenable_body_waits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mailer_run_batches,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_mailer_init_host,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
