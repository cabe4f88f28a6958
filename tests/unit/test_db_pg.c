/*
 * test_db_pg.c: the PostgreSQL driver (src/kit/db_pg.c) against a real
 * throwaway server that the group setup makes with tests/pg/cluster.sh
 * and the teardown removes. ?N parameters, statuses by SQLSTATE with no
 * value in the message, RETURNING id, blobs and booleans, transactions
 * and the writers' lock across two connections, reconnecting after the
 * server cut the connection (never inside a transaction), migrations,
 * and the round trips a transaction costs (counted by a go-between).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kit/db.h"
#include "college/booking.h"
#include "college/sqlfiles.h"
#include "college/stmts.h"
#include "college/when.h"

enum { S_ECHO, S_ADD, S_COUNT, S_QUOTED, S_BLOB_ADD, S_BLOB_GET, S_BOOL,
    S_PID, S_KILL, S__MAX };

static const struct db_sql stmts[S__MAX] = {
	[S_ECHO] = { "SELECT ?1, ?2", "SELECT ?1::int + ?2::int, ?2::text" },
	[S_ADD] = { "INSERT INTO u (name, n) VALUES (?1, ?2) RETURNING id",
	    NULL },
	[S_COUNT] = { "SELECT count(*) FROM u", NULL },
	/* A ? inside quotes or a comment is not a parameter. */
	[S_QUOTED] = { "SELECT 'a?1b', \"n\" FROM (SELECT ?1::int AS \"n\")"
	    " x -- ?9 is not one\n", NULL },
	[S_BLOB_ADD] = { "INSERT INTO b (v) VALUES (?1)", NULL },
	[S_BLOB_GET] = { "SELECT v FROM b", NULL },
	[S_BOOL] = { "SELECT ?1::int > 2, NULL::text", NULL },
	[S_PID] = { "SELECT pg_backend_pid()", NULL },
	[S_KILL] = { "SELECT pg_terminate_backend(?1::int)", NULL },
};

static const char	table_sql[] =
	"DROP TABLE IF EXISTS u; DROP TABLE IF EXISTS b;"
	" CREATE TABLE u (id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
	"  n INTEGER NOT NULL CHECK (n >= 0));"
	" CREATE TABLE b (v BYTEA)";

static char	dir[64];
static char	url[512];
static char	sock[256];	/* the server's socket directory */
static char	port[16];

/* Start the throwaway server; its URL comes from DIR/env. */
static int
cluster_up(void **state)
{
	char	 cmd[256], line[512];
	FILE	*f;
	size_t	 n;

	snprintf(dir, sizeof(dir), "/tmp/test_db_pg.XXXXXX");
	if (mkdtemp(dir) == NULL || rmdir(dir) == -1)
		return -1;
	snprintf(cmd, sizeof(cmd), "sh ../pg/cluster.sh start %s >&2", dir);
	if (system(cmd) != 0)
		return -1;
	snprintf(cmd, sizeof(cmd), "%s/env", dir);
	if ((f = fopen(cmd, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, "PG_URL='", 8) == 0) {
			n = strcspn(line + 8, "'");
			snprintf(url, sizeof(url), "%.*s", (int)n, line + 8);
		} else if (strncmp(line, "PG_SOCK=", 8) == 0 &&
		    strlen(line + 8) < sizeof(sock))
			memcpy(sock, line + 8, strlen(line + 8) + 1);
		else if (strncmp(line, "PG_PORT=", 8) == 0 &&
		    strlen(line + 8) < sizeof(port))
			memcpy(port, line + 8, strlen(line + 8) + 1);
	}
	fclose(f);
	return url[0] != '\0' ? 0 : -1;
}

static int
cluster_down(void **state)
{
	char	 cmd[256];

	snprintf(cmd, sizeof(cmd), "sh ../pg/cluster.sh stop %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static struct db *
open_t(void)
{
	struct db	*db;
	char		 err[512];

	db = db_open(url, 1, stmts, S__MAX, err, sizeof(err));
	if (db == NULL)
		fail_msg("db_open: %s", err);
	return db;
}

static int
fresh(void **state)
{
	struct db	*db = open_t();
	char		 err[512];

	assert_int_equal(db_exec(db, table_sql, err, sizeof(err)), DB_OK);
	db_close(db);
	return 0;
}

static enum db_rc
add(struct db *db, const char *name, long long n, long long *id)
{
	struct db_stmt	*s = db_stmt(db, S_ADD);
	enum db_rc	 rc;

	assert_non_null(s);
	assert_int_equal(db_bind_text(s, 1, name), DB_OK);
	assert_int_equal(db_bind_int(s, 2, n), DB_OK);
	rc = db_step(s);
	if (rc == DB_ROW && id != NULL)
		*id = db_col_int(s, 0);
	db_reset(s);
	return rc;
}

static long long
count(struct db *db)
{
	struct db_stmt	*s = db_stmt(db, S_COUNT);
	long long	 n;

	assert_non_null(s);
	assert_int_equal(db_step(s), DB_ROW);
	n = db_col_int(s, 0);
	db_reset(s);
	return n;
}

static void
test_db_pg_engine_and_params(void **state)
{
	struct db	*db = open_t();
	struct db_stmt	*s;

	assert_string_equal(db_engine(db), "postgresql");
	assert_null(db_path(db));
	s = db_stmt(db, S_ECHO);
	assert_non_null(s);
	assert_int_equal(db_bind_int(s, 1, 3), DB_OK);
	assert_int_equal(db_bind_text_copy(s, 2, "4"), DB_OK);
	assert_int_equal(db_bind_int(s, 3, 1), DB_ERROR);	/* no ?3 */
	assert_int_equal(db_step(s), DB_ROW);
	assert_int_equal(db_col_int(s, 0), 7);
	assert_string_equal(db_col_text(s, 1), "4");
	assert_int_equal(db_step(s), DB_DONE);
	s = db_stmt(db, S_QUOTED);
	assert_non_null(s);
	assert_int_equal(db_bind_int(s, 1, 5), DB_OK);
	assert_int_equal(db_step(s), DB_ROW);
	assert_string_equal(db_col_text(s, 0), "a?1b");
	assert_int_equal(db_col_int(s, 1), 5);
	db_reset(s);
	db_close(db);
}

static void
test_db_pg_returning_and_constraints(void **state)
{
	struct db	*db = open_t();
	long long	 a = 0, b = 0;

	assert_int_equal(add(db, "ann", 1, &a), DB_ROW);
	assert_int_equal(add(db, "bob", 2, &b), DB_ROW);
	assert_true(a > 0);
	assert_int_equal(b, a + 1);
	assert_int_equal(db_changes(db), 1);
	/* Unique and check violations: DB_CONSTRAINT, and the message
	 * never quotes the value (PostgreSQL's DETAIL would). */
	assert_int_equal(add(db, "ann", 3, NULL), DB_CONSTRAINT);
	assert_null(strstr(db_errmsg(db), "ann"));
	assert_non_null(strstr(db_errmsg(db), "unique"));
	assert_int_equal(add(db, "cat", -1, NULL), DB_CONSTRAINT);
	assert_int_equal(count(db), 2);
	db_close(db);
}

static void
test_db_pg_blob_bool_null(void **state)
{
	struct db	*db = open_t();
	struct db_stmt	*s;
	const unsigned char	 v[] = { 0, 1, 0xff, '\\', 'x', 0 };
	const unsigned char	*p;
	size_t		 len;

	s = db_stmt(db, S_BLOB_ADD);
	assert_int_equal(db_bind_blob(s, 1, v, sizeof(v)), DB_OK);
	assert_int_equal(db_step(s), DB_DONE);
	s = db_stmt(db, S_BLOB_GET);
	assert_int_equal(db_step(s), DB_ROW);
	p = db_col_blob(s, 0, &len);
	assert_int_equal(len, sizeof(v));
	assert_memory_equal(p, v, sizeof(v));
	db_reset(s);
	s = db_stmt(db, S_BOOL);
	assert_int_equal(db_bind_int(s, 1, 3), DB_OK);
	assert_int_equal(db_step(s), DB_ROW);
	assert_int_equal(db_col_int(s, 0), 1);
	assert_true(db_col_null(s, 1));
	assert_string_equal(db_col_text(s, 1), "");
	db_reset(s);
	db_close(db);
}

static void
test_db_pg_transactions(void **state)
{
	struct db	*db = open_t();

	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(add(db, "ann", 1, NULL), DB_ROW);
	assert_int_equal(db_rollback(db), DB_OK);
	assert_int_equal(count(db), 0);
	assert_int_equal(db_rollback(db), DB_OK);	/* none open: fine */
	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(add(db, "ann", 1, NULL), DB_ROW);
	assert_int_equal(db_commit(db), DB_OK);
	assert_int_equal(count(db), 1);
	/* A failed statement is undone alone, as in SQLite: the
	 * transaction goes on and commits the rest. */
	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(add(db, "bob", 1, NULL), DB_ROW);
	assert_int_equal(add(db, "ann", 1, NULL), DB_CONSTRAINT);
	assert_int_equal(add(db, "cat", 1, NULL), DB_ROW);
	assert_int_equal(db_commit(db), DB_OK);
	assert_int_equal(count(db), 3);
	/* A rollback undoes all of it. */
	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(add(db, "dan", 1, NULL), DB_ROW);
	assert_int_equal(db_rollback(db), DB_OK);
	assert_int_equal(count(db), 3);
	db_close(db);
}

/* Writers one at a time, across connections (and so across hosts). */
static void
test_db_pg_writers_lock(void **state)
{
	struct db	*a = open_t(), *b = open_t();

	assert_int_equal(db_busy_timeout(b, 300), DB_OK);
	assert_int_equal(db_begin(a), DB_OK);
	assert_int_equal(db_begin(b), DB_BUSY);
	/* b's failed begin left nothing open, and b still reads. */
	assert_int_equal(count(b), 0);
	assert_int_equal(add(a, "ann", 1, NULL), DB_ROW);
	assert_int_equal(db_commit(a), DB_OK);
	assert_int_equal(db_begin(b), DB_OK);
	/* Inside its transaction b sees a's commit. */
	assert_int_equal(count(b), 1);
	assert_int_equal(db_commit(b), DB_OK);
	db_close(a);
	db_close(b);
}

/* Keyed writers (db_begin_keys): apart when their keys differ, one at
 * a time when they share one, and never beside a whole-database
 * writer (db_begin). */
static void
test_db_pg_writers_keys(void **state)
{
	struct db	*a = open_t(), *b = open_t();
	const long long	 k1[] = { 7, -3 }, k2[] = { 8, 1LL << 40 },
			 k3[] = { 1LL << 40, 7 };

	assert_int_equal(db_busy_timeout(b, 300), DB_OK);
	assert_int_equal(db_busy_timeout(a, 300), DB_OK);
	assert_int_equal(db_begin_keys(a, k1, 2), DB_OK);
	/* Other keys: b writes and commits while a is open. */
	assert_int_equal(db_begin_keys(b, k2, 2), DB_OK);
	assert_int_equal(add(b, "bob", 1, NULL), DB_ROW);
	assert_int_equal(db_commit(b), DB_OK);
	/* A key of a's (7), in another order: b waits, then gives up. */
	assert_int_equal(db_begin_keys(b, k3, 2), DB_BUSY);
	/* The whole database waits for a keyed writer. */
	assert_int_equal(db_begin(b), DB_BUSY);
	assert_int_equal(add(a, "ann", 1, NULL), DB_ROW);
	assert_int_equal(db_commit(a), DB_OK);
	assert_int_equal(db_begin_keys(b, k3, 2), DB_OK);
	assert_int_equal(db_commit(b), DB_OK);
	/* And a keyed writer waits for the whole database. */
	assert_int_equal(db_begin(b), DB_OK);
	assert_int_equal(db_begin_keys(a, k2, 2), DB_BUSY);
	assert_int_equal(db_commit(b), DB_OK);
	assert_int_equal(count(a), 2);
	db_close(a);
	db_close(b);
}

/* The connection b uses, cut by the server. */
static void
cut(struct db *a, struct db *b)
{
	struct db_stmt	*s = db_stmt(b, S_PID);
	long long	 pid;

	assert_int_equal(db_step(s), DB_ROW);
	pid = db_col_int(s, 0);
	db_reset(s);
	s = db_stmt(a, S_KILL);
	assert_int_equal(db_bind_int(s, 1, pid), DB_OK);
	assert_int_equal(db_step(s), DB_ROW);
	assert_int_equal(db_col_int(s, 0), 1);
	db_reset(s);
	usleep(100000);
}

static void
test_db_pg_reconnects(void **state)
{
	struct db	*a = open_t(), *b = open_t();
	long long	 id = 0;

	assert_int_equal(add(b, "ann", 1, NULL), DB_ROW);
	cut(a, b);
	/* The run that meets the dead connection fails (a write is never
	 * sent twice: it may have been done); the next one is served on
	 * a new connection, its statement prepared again. */
	assert_int_equal(add(b, "bob", 1, &id), DB_ERROR);
	/* Said lost (the programs answer 503, try again), whether libpq
	 * saw the socket close or only the server's last word (57P01). */
	assert_int_equal(db_lost(b), 1);
	db_release(b);
	assert_int_equal(db_lost(b), 0);
	assert_int_equal(add(b, "bob", 1, &id), DB_ROW);
	/* A statement first prepared after a cut mends the connection
	 * itself (preparing changes nothing). */
	cut(a, b);
	assert_int_equal(count(b), 2);
	assert_true(id > 0);
	/* Inside a transaction: the cut fails the rest of it, which
	 * never runs outside it, and the next request starts afresh. */
	assert_int_equal(db_begin(b), DB_OK);
	assert_int_equal(add(b, "cat", 1, NULL), DB_ROW);
	cut(a, b);
	assert_int_equal(add(b, "dan", 1, NULL), DB_ERROR);
	assert_int_not_equal(db_commit(b), DB_OK);
	db_release(b);
	assert_int_equal(count(b), 2);
	assert_int_equal(count(a), 2);
	assert_int_equal(add(b, "dan", 1, NULL), DB_ROW);
	db_close(a);
	db_close(b);
}

static const struct db_migration mig[] = {
	{ 1, "001_a.sql", "CREATE TABLE a (x INTEGER);",
	    "CREATE TABLE a (x BIGINT);" },
	{ 2, "002_b.sql", "CREATE TABLE bb (y INTEGER);"
	    " INSERT INTO bb (y) VALUES (7);", NULL },
	{ 3, "003_bad.sql", "CREATE TABLE c (y INTEGER); SELECT nope;", NULL },
};

static void
test_db_pg_migrate(void **state)
{
	struct db	*db = open_t();
	char		 err[512];

	(void)db_exec(db, "DROP TABLE IF EXISTS schema_version, a, bb, c",
	    err, sizeof(err));
	assert_int_equal(db_version(db), 0);
	assert_int_equal(db_migrate(db, mig, 2, err, sizeof(err)), DB_OK);
	assert_int_equal(db_version(db), 2);
	/* Again: nothing to do. */
	assert_int_equal(db_migrate(db, mig, 2, err, sizeof(err)), DB_OK);
	/* A failing script leaves nothing behind. */
	assert_int_equal(db_migrate(db, mig, 3, err, sizeof(err)), DB_ERROR);
	assert_non_null(strstr(err, "003_bad.sql"));
	assert_int_equal(db_version(db), 2);
	assert_int_equal(db_exec(db, "SELECT * FROM c", err, sizeof(err)),
	    DB_ERROR);
	/* A newer database than the program is refused. */
	assert_int_equal(db_migrate(db, mig, 1, err, sizeof(err)), DB_ERROR);
	assert_non_null(strstr(err, "newer"));
	db_close(db);
}

/* The college's real migrations, in their PostgreSQL forms. */
/* A booking for a new person on run, through conn db. */
static enum booking_result
book_on(struct db *db, long long run, const char *email)
{
	struct booking_request	 q;
	struct booking_ref	 out;

	memset(&q, 0, sizeof(q));
	q.run_id = run;
	q.name = "Ada Example";
	q.email = email;
	q.client = "192.0.2.1";
	return booking_create(db, &q, time(NULL), &out);
}

/* A booking holds its run's key, not the whole database: another run
 * is booked meanwhile, the same run waits (db_begin_keys). */
static void
test_db_pg_booking_keys(void **state)
{
	struct db	*a, *b;
	char		 err[512], key[128];
	const long long	 run2 = 2;

	snprintf(key, sizeof(key), "%s/booking.key", dir);
	assert_int_equal(setenv("TESSERA_KEY_FILE", key, 1), 0);
	assert_int_equal(when_set_zone("Europe/London"), 0);
	a = db_open(url, 1, college_stmts, STMT__MAX, err, sizeof(err));
	b = db_open(url, 1, college_stmts, STMT__MAX, err, sizeof(err));
	assert_non_null(a);
	assert_non_null(b);
	(void)db_exec(a, "DROP SCHEMA public CASCADE; CREATE SCHEMA public",
	    err, sizeof(err));
	assert_int_equal(db_migrate(a, college_migrations,
	    college_nmigrations, err, sizeof(err)), DB_OK);
	if (db_exec(a,
	    "INSERT INTO venue (id, name) VALUES (1, 'Hall');"
	    " INSERT INTO course (id, slug, title, summary, status) VALUES"
	    "  (1, 'c', 'Understanding anxiety', 'Calmer days', 'published');"
	    " INSERT INTO run (id, course_id, capacity, status) VALUES"
	    "  (2, 1, 10, 'published'), (3, 1, 10, 'published');"
	    " INSERT INTO session (run_id, starts_at, ends_at, venue_id)"
	    "  SELECT r, extract(epoch FROM now())::bigint + 172800,"
	    "  extract(epoch FROM now())::bigint + 180000, 1"
	    "  FROM (VALUES (2), (3)) AS v(r)", err, sizeof(err)) != DB_OK)
		fail_msg("%s", err);
	assert_int_equal(db_busy_timeout(b, 300), DB_OK);
	assert_int_equal(db_begin_keys(a, &run2, 1), DB_OK);
	assert_int_equal(book_on(b, 3, "bo@example.org"), BOOKING_MADE);
	assert_int_equal(book_on(b, 2, "cy@example.org"), BOOKING_ERROR);
	assert_int_equal(db_commit(a), DB_OK);
	assert_int_equal(book_on(b, 2, "cy@example.org"), BOOKING_MADE);
	db_close(a);
	db_close(b);
}

static void
test_db_pg_migrate_college(void **state)
{
	struct db	*db = open_t();
	char		 err[512];

	(void)db_exec(db, "DROP SCHEMA public CASCADE; CREATE SCHEMA public",
	    err, sizeof(err));
	assert_int_equal(db_migrate(db, college_migrations,
	    college_nmigrations, err, sizeof(err)), DB_OK);
	assert_int_equal(db_version(db),
	    college_migrations[college_nmigrations - 1].version);
	/* The seq trigger of 008 and the search column of 011 work. */
	if (db_exec(db,
	    "INSERT INTO topic (slug, name) VALUES ('t', 'T');"
	    " INSERT INTO venue (name) VALUES ('Hall');"
	    " INSERT INTO course (slug, title, summary) VALUES"
	    "  ('c', 'Understanding anxiety', 'Calmer days');"
	    " INSERT INTO run (course_id, capacity) VALUES (1, 10);"
	    " INSERT INTO session (run_id, starts_at, ends_at, venue_id)"
	    "  VALUES (1, 100, 200, 1);"
	    " UPDATE session SET starts_at = 150;"
	    " DO $$ BEGIN IF (SELECT seq FROM session) <> 1 THEN"
	    "  RAISE 'seq not bumped'; END IF;"
	    " IF NOT EXISTS (SELECT 1 FROM course WHERE search @@"
	    "  websearch_to_tsquery('english', 'understand')) THEN"
	    "  RAISE 'no search'; END IF; END $$", err, sizeof(err)) != DB_OK)
		fail_msg("%s", err);
	db_close(db);
}

static void
test_db_pg_changed(void **state)
{
	struct db	*a = open_t(), *b = open_t();

	assert_int_equal(db_changed(a), 1);
	assert_int_equal(db_changed(a), 0);
	assert_int_equal(add(b, "ann", 1, NULL), DB_ROW);
	assert_int_equal(db_changed(a), 1);
	db_close(a);
	db_close(b);
}

/*
 * A go-between for one connection: it listens where libpq looks for a
 * server in dir/.s.PGSQL.port, passes bytes both ways to the real one,
 * and counts in *sends each read from the client: one per round trip,
 * since a client that waits for an answer cannot have sent the next
 * message yet, and a pipeline goes out in one write. A forked child;
 * its pid, or -1.
 */
static pid_t
proxy_start(const char *at, volatile long *sends)
{
	struct sockaddr_un	 sa;
	struct pollfd		 pf[2];
	char			 buf[8192];
	ssize_t			 n;
	pid_t			 pid;
	int			 l, c, s, i;

	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/.s.PGSQL.%s", at,
	    port);
	if ((l = socket(AF_UNIX, SOCK_STREAM, 0)) == -1 ||
	    bind(l, (struct sockaddr *)&sa, sizeof(sa)) == -1 ||
	    listen(l, 1) == -1)
		return -1;
	if ((pid = fork()) != 0) {
		close(l);
		return pid;
	}
	if ((c = accept(l, NULL, NULL)) == -1)
		_exit(1);
	if ((size_t)snprintf(sa.sun_path, sizeof(sa.sun_path),
	    "%s/.s.PGSQL.%s", sock, port) >= sizeof(sa.sun_path))
		_exit(1);
	if ((s = socket(AF_UNIX, SOCK_STREAM, 0)) == -1 ||
	    connect(s, (struct sockaddr *)&sa, sizeof(sa)) == -1)
		_exit(1);
	pf[0].fd = c;
	pf[1].fd = s;
	pf[0].events = pf[1].events = POLLIN;
	for (;;) {
		if (poll(pf, 2, -1) == -1)
			_exit(1);
		for (i = 0; i < 2; i++) {
			if (pf[i].revents == 0)
				continue;
			if ((n = read(pf[i].fd, buf, sizeof(buf))) <= 0)
				_exit(0);
			if (i == 0)
				(*sends)++;
			if (write(pf[1 - i].fd, buf, (size_t)n) != n)
				_exit(1);
		}
	}
}

/*
 * Round trips: a write inside a transaction sends its savepoint with
 * it, so a transaction of five writes costs seven round trips (BEGIN
 * with its lock, the writes, COMMIT), not twelve; a write that fails
 * still costs only its own, plus the rollback to its savepoint.
 */
static void
test_db_pg_round_trips(void **state)
{
	char		 pdir[64], purl[600], err[512], *enc, *o;
	const char	*p;
	volatile long	*sends;
	struct db	*db;
	long		 before;
	pid_t		 pid;
	int		 i, st;

	sends = mmap(NULL, sizeof(*sends), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	assert_true(sends != MAP_FAILED);
	*sends = 0;
	snprintf(pdir, sizeof(pdir), "/tmp/test_db_pg_proxy.XXXXXX");
	assert_non_null(mkdtemp(pdir));
	assert_true((pid = proxy_start(pdir, sends)) > 0);
	/* The same URL, the proxy's directory as its host. */
	enc = purl;
	o = enc + snprintf(purl, sizeof(purl), "postgresql://tessera@");
	for (p = pdir; *p != '\0'; p++)
		o += *p == '/' ? snprintf(o, 4, "%%2F") :
		    snprintf(o, 2, "%c", *p);
	snprintf(o, sizeof(purl) - (size_t)(o - purl), ":%s/tessera", port);
	db = db_open(purl, 1, stmts, S__MAX, err, sizeof(err));
	if (db == NULL)
		fail_msg("db_open: %s", err);
	/* Each statement is prepared on its first use: use them first. */
	assert_int_equal(count(db), 0);
	assert_int_equal(add(db, "w", 1, NULL), DB_ROW);

	before = *sends;
	assert_int_equal(db_begin(db), DB_OK);
	for (i = 0; i < 5; i++) {
		char	 name[16];

		snprintf(name, sizeof(name), "n%d", i);
		assert_int_equal(add(db, name, 1, NULL), DB_ROW);
	}
	assert_int_equal(db_commit(db), DB_OK);
	assert_int_equal(*sends - before, 1 + 5 + 1);

	/* A failure by design: its savepoint undoes it alone, for one
	 * round trip more (the rollback to the savepoint). */
	before = *sends;
	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(add(db, "n0", 1, NULL), DB_CONSTRAINT);
	assert_int_equal(add(db, "n5", 1, NULL), DB_ROW);
	assert_int_equal(db_commit(db), DB_OK);
	assert_int_equal(*sends - before, 1 + 2 + 1 + 1);
	assert_int_equal(count(db), 7);

	db_close(db);
	if (waitpid(pid, &st, 0) != pid) {
		kill(pid, SIGKILL);
		(void)waitpid(pid, &st, 0);
	}
	snprintf(err, sizeof(err), "%s/.s.PGSQL.%s", pdir, port);
	(void)unlink(err);
	(void)rmdir(pdir);
	munmap((void *)sends, sizeof(*sends));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_db_pg_engine_and_params, fresh),
		cmocka_unit_test_setup(test_db_pg_returning_and_constraints,
		    fresh),
		cmocka_unit_test_setup(test_db_pg_blob_bool_null, fresh),
		cmocka_unit_test_setup(test_db_pg_transactions, fresh),
		cmocka_unit_test_setup(test_db_pg_round_trips, fresh),
		cmocka_unit_test_setup(test_db_pg_writers_lock, fresh),
		cmocka_unit_test_setup(test_db_pg_writers_keys, fresh),
		cmocka_unit_test_setup(test_db_pg_reconnects, fresh),
		cmocka_unit_test_setup(test_db_pg_migrate, fresh),
		cmocka_unit_test_setup(test_db_pg_changed, fresh),
		cmocka_unit_test(test_db_pg_migrate_college),
		cmocka_unit_test(test_db_pg_booking_keys),
	};

	return cmocka_run_group_tests(tests, cluster_up, cluster_down);
}
