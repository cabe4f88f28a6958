/*
 * tessera: the command-line tool.
 *
 *	tessera init
 *	tessera demo
 *	tessera user add --role admin|educator --email E --name N
 *	tessera backup FILE
 *	tessera export attendance|summary [--from D] [--to D] [--course S] [--run N]
 *	tessera erase --email E | --older-than [MONTHS]
 *	tessera mail [--once]
 *	tessera link BOOKING_ID
 *	tessera set KEY VALUE
 *	tessera help
 *
 * The database is $TESSERA_DB, else var/tessera.db. Exit status: 0 done,
 * 1 failed, 2 usage. Files are created owner-only (umask 077): the
 * database holds health information about learners.
 */
#include <sys/file.h>
#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


#include "kit/arena.h"
#include "kit/db.h"
#include "kit/form.h"
#include "kit/i18n.h"
#include "kit/pw.h"
#include "kit/buf.h"
#include "kit/transport.h"
#include "college/booking.h"
#include "college/clock.h"
#include "college/college.h"
#include "college/export.h"
#include "college/settings.h"
#include "college/learner.h"
#include "college/mail.h"
#include "college/mailer.h"
#include "college/move.h"
#include "college/sqlfiles.h"
#include "college/staff.h"
#include "college/when.h"

#ifndef TESSERA_LOCALEDIR
#define TESSERA_LOCALEDIR "build/locale"
#endif

#define EXIT_USAGE	2
#define EXIT_PENDING	75	/* EX_TEMPFAIL: erased, not yet complete */
#define PORT_DEFAULT	"8080"
#define SMTP_PASSWORD_MAX 512	/* bytes of a mail password */
#define SMTP_TIMEOUT_MAX 3600	/* TESSERA_SMTP_TIMEOUT's upper bound */
#define ERASE_EMAIL_MAX	10000	/* learners one erase --email may erase */

enum stmt {
	STMT_USER_EXISTS,
	STMT_USER_EMAILS,
	STMT_HAS_COURSES,
	STMT__MAX
};

static const struct db_sql stmts[STMT__MAX] = {
	[STMT_USER_EXISTS] =
	    { "SELECT 1 FROM \"user\" WHERE email = ?1" },
	[STMT_USER_EMAILS] =
	    { "SELECT email FROM \"user\"" },
	[STMT_HAS_COURSES] =
	    { "SELECT EXISTS (SELECT 1 FROM course)" },
};

/* The demo college's staff: fixed, public, for a demo database only. */
static const struct demo_user {
	const char	*name;
	const char	*email;
	const char	*role;
	const char	*password;
} demo_users[] = {
	{ "Jo Admin", "jo@demo.tessera.invalid", "admin",
	    "admin-demo-2026" },
	{ "Sam Peer", "sam@demo.tessera.invalid", "educator",
	    "peer-demo-2026" },
	{ "Alex Clinical", "alex@demo.tessera.invalid", "educator",
	    "clinic-demo-2026" },
};
#define DEMO_USERS	(sizeof(demo_users) / sizeof(demo_users[0]))

static const char usage_text[] =
	"usage: tessera init\n"
	"       tessera demo\n"
	"       tessera user add --role admin|educator --email E --name N\n"
	"                        (password: first line of standard input)\n"
	"       tessera backup FILE\n"
	"       tessera export attendance|summary [--from D] [--to D]\n"
	"                        [--course SLUG] [--run ID]   (CSV on standard output)\n"
	"       tessera erase --email E\n"
	"       tessera erase --older-than [MONTHS]   (default: the retention setting)\n"
	"       tessera erase --pending   (complete erasures a reader held up)\n"
	"       tessera mail [--once]   (deliver the outbox; settings in the README)\n"
	"       tessera set KEY VALUE   (college_name, contact_email, contact_phone,\n"
	"                        privacy_notice, timezone, reminder_hours,\n"
	"                        languages, default_language)\n"
	"       tessera link BOOKING_ID   (the booking's own page, for the office)\n"
	"       tessera migrate-db --to postgresql://...   (copy this SQLite\n"
	"                        college into an empty PostgreSQL database)\n"
	"       tessera help\n"
	"The database is $TESSERA_DB, else " COLLEGE_DB_DEFAULT ".\n";

/* TESSERA_VAR (as tools/stack.sh has it), else "var". */
static const char *
var_dir(void)
{
	const char	*v = getenv("TESSERA_VAR");

	return v != NULL && *v != '\0' ? v : "var";
}

static int
usage(void)
{
	fputs(usage_text, stderr);
	return EXIT_USAGE;
}

/*
 * The upgrade step after the migrations, on a connection with the
 * college's statements: the sealing key made if absent, and booking
 * links from before sql/006 hashed and sealed (booking_upgrade). 0 or
 * -1 after a message.
 */
static int
upgrade_links(void)
{
	struct db	*db;
	char		 err[512];
	int		 n;

	if ((db = college_open(college_db_path(), err, sizeof(err))) == NULL) {
		warnx("%s", err);
		return -1;
	}
	n = booking_upgrade(db);
	db_close(db);
	if (n == -1) {
		warnx("could not upgrade the booking links (is the key file "
		    "beside the database readable?)");
		return -1;
	}
	if (n > 0)
		printf("tessera: %d booking link%s now stored hashed\n", n,
		    n == 1 ? "" : "s");
	return 0;
}

/*
 * Open the database; with migrate, bring its schema up to date first
 * (creating the file if create). NULL after a message.
 */
static struct db *
open_db(int create, int migrate)
{
	struct db	*db;
	char		 err[512];

	if ((db = db_open(college_db_path(), create, stmts, STMT__MAX, err,
	    sizeof(err))) == NULL) {
		warnx("%s", err);
		if (!create)
			warnx("no database? `tessera init` creates one");
		return NULL;
	}
	if (migrate && db_migrate(db, college_migrations,
	    college_nmigrations, err, sizeof(err)) != DB_OK) {
		warnx("migration failed: %s", err);
		db_close(db);
		return NULL;
	}
	if (migrate && upgrade_links() == -1) {
		db_close(db);
		return NULL;
	}
	return db;
}

/* 1 if a user has this email, 0 if not, -1 on error. */
static int
user_exists(struct db *db, const char *email)
{
	struct db_stmt	*s;
	int		 rc;

	if ((s = db_stmt(db, STMT_USER_EXISTS)) == NULL ||
	    db_bind_text(s, 1, email) != DB_OK)
		return -1;
	rc = db_step(s);
	if (rc != DB_ROW && rc != DB_DONE) {
		warnx("%s", db_errmsg(db));
		return -1;
	}
	(void)db_reset(s);
	return rc == DB_ROW;
}

static struct db	*open_college(void);

/*
 * Add a staff user through staff_add() (college/staff.h: the rules and
 * the insert the admin page uses too) on a connection of the college's
 * own, as the command line (audited as the system). Says why after a
 * refusal. 1 if added, 0 if the email was taken, -1 otherwise.
 */
static int
user_add(const char *email, const char *name, const char *role,
    const char *password)
{
	struct db	*db;
	long long	 id;
	int		 rc;

	if ((db = open_college()) == NULL)
		return -1;
	rc = staff_add(db, 0, email, name, role, password, college_now(),
	    &id);
	db_close(db);
	switch (rc) {
	case STAFF_ADD_OK:
		return 1;
	case STAFF_ADD_DUPLICATE:
		return 0;
	case STAFF_ADD_BAD_PASSWORD:
		warnx("%s", staff_password_problem(password));
		return -1;
	case STAFF_ADD_BAD_NAME:
		warnx("--name: at most %d characters, without control "
		    "characters", STAFF_NAME_MAX);
		return -1;
	case STAFF_ADD_BAD_EMAIL:
		warnx("--email: not an email address");
		return -1;
	case STAFF_ADD_BAD_ROLE:
		warnx("--role: admin or educator");
		return -1;
	default:
		warnx("the account could not be added");
		return -1;
	}
}

static int
cmd_init(int argc, char *argv[])
{
	struct db	*db;
	int		 v;

	if (argc != 2)
		return usage();
	if ((db = open_db(1, 1)) == NULL)
		return EXIT_FAILURE;
	v = db_version(db);
	db_close(db);
	if (v == -1)
		return EXIT_FAILURE;
	printf("tessera: database %s at schema version %d\n", college_db_path(), v);
	return EXIT_SUCCESS;
}

/* The demo user with this email, or NULL. */
static const struct demo_user *
demo_user(const char *email)
{
	size_t	 i;

	for (i = 0; i < DEMO_USERS; i++)
		if (strcmp(demo_users[i].email, email) == 0)
			return &demo_users[i];
	return NULL;
}

/*
 * 1 if the database has a staff account that is not a demo one (a real
 * college: the demo must not add accounts with published passwords to
 * it), 0 if not, -1 on error.
 */
static int
has_real_staff(struct db *db)
{
	struct db_stmt	*s;
	int		 rc, real = 0;

	if ((s = db_stmt(db, STMT_USER_EMAILS)) == NULL)
		return -1;
	while ((rc = db_step(s)) == DB_ROW) {
		if (db_col_null(s, 0) ||
		    demo_user(db_col_text(s, 0)) == NULL) {
			real = 1;
			break;
		}
	}
	if (rc != DB_ROW && rc != DB_DONE) {
		warnx("%s", db_errmsg(db));
		return -1;
	}
	(void)db_reset(s);
	return real;
}

/* 1 if any course exists, 0 if none, -1 on error. */
static int
has_courses(struct db *db)
{
	struct db_stmt	*s;
	int		 v;

	if ((s = db_stmt(db, STMT_HAS_COURSES)) == NULL)
		return -1;
	if (db_step(s) != DB_ROW) {
		warnx("%s", db_errmsg(db));
		return -1;
	}
	v = (int)db_col_int(s, 0);
	(void)db_reset(s);
	return v;
}

/* The port `make run` serves on, as far as the environment says. */
static const char *
port(void)
{
	const char	*p = getenv("PORT");
	char		*end;
	long		 v;

	if (p == NULL || *p < '0' || *p > '9')
		return PORT_DEFAULT;
	errno = 0;
	v = strtol(p, &end, 10);
	if (errno != 0 || *end != '\0' || v < 1 || v > 65535)
		return PORT_DEFAULT;
	return p;
}

/*
 * Load the demo college into a fresh database: the demo staff first
 * (demo.sql names them as facilitators), then sql/demo.sql in one
 * transaction. Run again, it adds nothing. It refuses a database that
 * has staff of its own.
 */
static int
cmd_demo(int argc, char *argv[])
{
	const struct demo_user	*u;
	struct db		*db;
	const char		*sql;
	char			 err[512];
	size_t			 i;
	int			 rc;

	if (argc != 2)
		return usage();
	if ((db = open_db(1, 1)) == NULL)
		return EXIT_FAILURE;
	if ((sql = sql_file("demo.sql")) == NULL) {
		warnx("this build has no sql/demo.sql: there is no demo "
		    "college to load yet");
		goto fail;
	}
	if ((rc = has_real_staff(db)) != 0) {
		if (rc == 1)
			warnx("%s has staff accounts of its own; the demo "
			    "is only for a new database", college_db_path());
		goto fail;
	}
	for (i = 0; i < DEMO_USERS; i++) {
		u = &demo_users[i];
		if ((rc = user_exists(db, u->email)) == -1)
			goto fail;
		if (rc == 0 && user_add(u->email, u->name, u->role,
		    u->password) == -1)
			goto fail;
	}
	if ((rc = has_courses(db)) == -1)
		goto fail;
	if (rc == 1)
		printf("tessera: %s already has courses; demo college not "
		    "loaded again\n", college_db_path());
	else {
		if (db_begin(db) != DB_OK)
			goto fail;
		if (db_exec(db, sql, err, sizeof(err)) != DB_OK) {
			warnx("demo.sql: %s", err);
			(void)db_rollback(db);
			goto fail;
		}
		if (db_commit(db) != DB_OK || upgrade_links() == -1)
			goto fail;
		printf("tessera: demo college loaded into %s\n", college_db_path());
	}
	db_close(db);
	printf("Log in at http://127.0.0.1:%s/login as:\n", port());
	for (i = 0; i < DEMO_USERS; i++)
		printf("  %-8s  %-26s  password %-17s (%s)\n", demo_users[i].role,
		    demo_users[i].email, demo_users[i].password,
		    demo_users[i].name);
	printf("Administrators work in http://127.0.0.1:%s/admin; trainers "
	    "check learners in at /checkin.\n", port());
	return EXIT_SUCCESS;
fail:
	db_close(db);
	return EXIT_FAILURE;
}

/*
 * Read the password: the first line of standard input, without its
 * newline (a CR before it, from a Windows file, goes too), 1 to PW_MAX
 * bytes of UTF-8 with no NUL. 0, or -1 after a message.
 */
static int
read_password(char *pw, size_t pwsz)
{
	size_t	 n = 0;
	int	 c;

	if (isatty(STDIN_FILENO))
		fputs("Password: ", stderr);
	while ((c = getchar()) != EOF && c != '\n') {
		/* Room for PW_MAX bytes, a CR and the NUL. */
		if (n + 1 >= pwsz || n >= PW_MAX + 1) {
			warnx("the password is longer than %d bytes", PW_MAX);
			return -1;
		}
		if (c == '\0') {
			warnx("the password holds a NUL byte");
			return -1;
		}
		pw[n++] = (char)c;
	}
	if (ferror(stdin)) {
		warn("reading the password");
		return -1;
	}
	if (n > 0 && pw[n - 1] == '\r')
		n--;
	pw[n] = '\0';
	if (n == 0) {
		warnx("no password: give it as the first line of standard "
		    "input");
		return -1;
	}
	if (n > PW_MAX) {
		warnx("the password is longer than %d bytes", PW_MAX);
		return -1;
	}
	if (!utf8_valid(pw, n)) {
		warnx("the password is not valid UTF-8");
		return -1;
	}
	return 0;
}

enum user_field { UF_ROLE, UF_EMAIL, UF_NAME, UF__MAX };

static const char *const roles[] = { "admin", "educator", NULL };

/* The same rules as the web forms, so that the login form finds the
 * email as stored here. */
static const struct form_spec user_spec[UF__MAX] = {
	[UF_ROLE] = { "role", "Role", FT_ONEOF, 1, 0, 0, 0, 0, roles },
	[UF_EMAIL] = { "email", "Email", FT_EMAIL, 1, 0, 0, 0, 0, NULL },
	[UF_NAME] = { "name", "Name", FT_LINE, 1, 1, STAFF_NAME_MAX, 0, 0,
	    NULL },
};

/*
 * tessera user add --role R --email E --name N: each option once, each
 * value checked as the web forms check theirs.
 */
static int
cmd_user_add(int argc, char *argv[], struct arena *a)
{
	struct form_field	 fields[UF__MAX];
	struct form_value	 vals[UF__MAX];
	struct form		 f = { fields, 0 };
	struct db		*db;
	char			 pw[PW_MAX + 2];
	size_t			 i, j;
	int			 rc, n;

	for (i = 3; i < (size_t)argc; i += 2) {
		for (j = 0; j < UF__MAX; j++)
			if (strncmp(argv[i], "--", 2) == 0 &&
			    strcmp(argv[i] + 2, user_spec[j].name) == 0)
				break;
		if (j == UF__MAX || i + 1 >= (size_t)argc ||
		    form_get(&f, user_spec[j].name) != NULL)
			return usage();
		fields[f.n].name = user_spec[j].name;
		fields[f.n].value = argv[i + 1];
		fields[f.n].len = strlen(argv[i + 1]);
		fields[f.n].filename = fields[f.n].ctype = NULL;
		f.n++;
	}
	if ((n = form_validate(a, &f, user_spec, UF__MAX, vals)) == -1) {
		warnx("out of memory");
		return EXIT_FAILURE;
	}
	if (n > 0) {
		for (j = 0; j < UF__MAX; j++)
			if (vals[j].error != NULL)
				warnx("--%s: %s", user_spec[j].name,
				    vals[j].error);
		return EXIT_USAGE;
	}
	if (read_password(pw, sizeof(pw)) == -1) {
		explicit_bzero(pw, sizeof(pw));
		return EXIT_FAILURE;
	}
	/* The same rule as the admin page's, before anything is opened. */
	if (staff_password_problem(pw) != NULL) {
		warnx("%s", staff_password_problem(pw));
		explicit_bzero(pw, sizeof(pw));
		return EXIT_USAGE;
	}
	/* Bring the schema up to date, then add as the college does. */
	if ((db = open_db(0, 1)) == NULL) {
		explicit_bzero(pw, sizeof(pw));
		return EXIT_FAILURE;
	}
	db_close(db);
	rc = user_add(vals[UF_EMAIL].value, vals[UF_NAME].value,
	    vals[UF_ROLE].value, pw);
	explicit_bzero(pw, sizeof(pw));
	if (rc == 0)
		warnx("a user with that email already exists");
	if (rc != 1)
		return EXIT_FAILURE;
	printf("tessera: added %s %s\n", vals[UF_ROLE].value,
	    vals[UF_EMAIL].value);
	return EXIT_SUCCESS;
}

static int
cmd_user(int argc, char *argv[])
{
	struct arena	*a;
	int		 rc;

	if (argc < 3 || strcmp(argv[2], "add") != 0)
		return usage();
	if ((a = arena_new()) == NULL) {
		warnx("out of memory");
		return EXIT_FAILURE;
	}
	rc = cmd_user_add(argc, argv, a);
	arena_free(a);
	return rc;
}

/*
 * Copy the live database into file, an empty file we created, and check
 * the copy (db_backup). 0, or -1 after a message.
 */
static int
backup_to(struct db *db, const char *file)
{
	char	 err[512];

	if (db_backup(db, file, err, sizeof(err)) != DB_OK) {
		warnx("%s", err);
		return -1;
	}
	return 0;
}

static int
cmd_backup(int argc, char *argv[])
{
	struct db	*db;
	const char	*file;
	int		 fd, rc;

	if (argc != 3 || *argv[2] == '\0')
		return usage();
	file = argv[2];
	if ((db = open_db(0, 0)) == NULL)
		return EXIT_FAILURE;
	/* Create it here, exclusively: never overwrite, never follow a
	 * link someone left in the way. */
	if ((fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, S_IRUSR | S_IWUSR)) == -1) {
		if (errno == EEXIST)
			warnx("%s exists; not overwritten", file);
		else
			warn("%s", file);
		db_close(db);
		return EXIT_FAILURE;
	}
	if (close(fd) == -1) {
		warn("%s", file);
		rc = -1;
	} else
		rc = backup_to(db, file);
	db_close(db);
	if (rc == -1) {
		if (unlink(file) == -1)
			warn("%s: could not remove the partial copy", file);
		return EXIT_FAILURE;
	}
	printf("tessera: backed up %s to %s\n", college_db_path(), file);
	return EXIT_SUCCESS;
}

/*
 * The programs' own view of the database (college_open(): the
 * college's statements, the schema checked, the zone set), for the
 * exports and erasure. NULL after a message.
 */
static struct db *
open_college(void)
{
	struct db	*db;
	char		 err[512];

	if ((db = college_open(college_db_path(), err, sizeof(err))) == NULL)
		warnx("%s", err);
	return db;
}

/* A local date "YYYY-MM-DD" as the epoch of its midnight, or of the
 * next day's (next). 0, or -1 after a message. */
static int
parse_day(const char *opt, const char *s, int next, time_t *t)
{
	struct tm	 tm;

	if (when_parse_date(s, t) == -1) {
		warnx("%s: %s is not a date like 2026-03-31", opt, s);
		return -1;
	}
	if (next) {
		if (localtime_r(t, &tm) == NULL)
			return -1;
		tm.tm_mday++;
		tm.tm_isdst = -1;
		*t = mktime(&tm);
	}
	return 0;
}

/* A whole number from 1 to max, or -1 after a message. */
static long long
parse_count(const char *opt, const char *s, long long max)
{
	char		*end;
	long long	 v;

	errno = 0;
	if (*s < '0' || *s > '9' || (v = strtoll(s, &end, 10), errno != 0) ||
	    *end != '\0' || v < 1 || v > max) {
		warnx("%s: %s is not a number from 1 to %lld", opt, s, max);
		return -1;
	}
	return v;
}

/*
 * tessera export attendance|summary [--from D] [--to D] [--course SLUG]
 * [--run ID]: the CSV on standard output (dates are the college's, both
 * included), audited as done from the command line.
 */
static int
cmd_export(int argc, char *argv[])
{
	struct export_filter	 f;
	struct db		*db;
	struct sink		 out;
	const char		*kind, *from = NULL, *to = NULL, *run = NULL;
	char			 what[160], detail[200], action[32];
	size_t			 rows = 0, i, k;
	int			 rc;

	if (argc < 3 || (strcmp(argv[2], "attendance") != 0 &&
	    strcmp(argv[2], "summary") != 0))
		return usage();
	kind = argv[2];
	memset(&f, 0, sizeof(f));
	for (i = 3; i < (size_t)argc; i += 2) {
		if (i + 1 >= (size_t)argc)
			return usage();
		if (strcmp(argv[i], "--from") == 0 && from == NULL)
			from = argv[i + 1];
		else if (strcmp(argv[i], "--to") == 0 && to == NULL)
			to = argv[i + 1];
		else if (strcmp(argv[i], "--run") == 0 && run == NULL)
			run = argv[i + 1];
		else if (strcmp(argv[i], "--course") == 0 && f.course == NULL) {
			f.course = argv[i + 1];
			for (k = 0; f.course[k] != '\0'; k++)
				if (!((f.course[k] >= 'a' && f.course[k] <= 'z') ||
				    (f.course[k] >= '0' && f.course[k] <= '9') ||
				    f.course[k] == '-'))
					break;
			if (k == 0 || f.course[k] != '\0' ||
			    k > EXPORT_SLUG_MAX) {
				warnx("--course: a course's slug, like "
				    "understanding-anxiety");
				return EXIT_USAGE;
			}
		} else
			return usage();
	}
	if ((db = open_college()) == NULL)
		return EXIT_FAILURE;
	/* Dates are read in the college's zone, which opening set. */
	if ((from != NULL && parse_day("--from", from, 0, &f.from) == -1) ||
	    (to != NULL && parse_day("--to", to, 1, &f.to) == -1) ||
	    (run != NULL && (f.run = parse_count("--run", run,
	    (long long)1 << 62)) == -1)) {
		db_close(db);
		return EXIT_USAGE;
	}
	/* As the admin page: a filter naming nothing is a mistake, not an
	 * empty file (college/export.h). */
	switch (export_filter_check(db, &f)) {
	case 0:
		break;
	case EXPORT_NO_COURSE:
		warnx("--course: there is no course %s", f.course);
		db_close(db);
		return EXIT_FAILURE;
	case EXPORT_NO_RUN:
		warnx("--run: there is no run %lld", f.run);
		db_close(db);
		return EXIT_FAILURE;
	default:
		db_close(db);
		return EXIT_FAILURE;
	}
	out = sink_file(stdout);
	if (strcmp(kind, "attendance") == 0)
		rc = export_attendance(db, &f, &out, &rows);
	else
		rc = export_summary(db, &f, college_now(), &out, &rows);
	if (fflush(stdout) == EOF || ferror(stdout))
		rc = -1;
	if (export_describe(what, sizeof(what), &f) == NULL)
		snprintf(what, sizeof(what), "(filter)");
	snprintf(detail, sizeof(detail), "%s, %zu rows, command line%s", what,
	    rows, rc == 0 ? "" : ", failed");
	snprintf(action, sizeof(action), "export.%s", kind);
	if (college_audit(db, 0, action, detail) == -1)
		rc = -1;
	db_close(db);
	if (rc == -1) {
		warnx("the export failed");
		return EXIT_FAILURE;
	}
	fprintf(stderr, "tessera: %zu rows\n", rows);
	return EXIT_SUCCESS;
}

/* Say that erasures are recorded but not complete; EXIT_PENDING. */
static int
pending_said(void)
{
	fprintf(stderr, "tessera: NOT COMPLETE: the erasure is recorded in "
	    "the database, but another program kept reading it for %d "
	    "seconds, so a copy of the personal data is still in its "
	    "write-ahead log (%s-wal). The erasure is queued: run 'tessera "
	    "erase --pending' once other readers have finished (the daily "
	    "'tessera erase --older-than' pass also retries it).\n",
	    learner_wait_ms / 1000, college_db_path());
	return EXIT_PENDING;
}

/*
 * tessera erase --email E: erase one learner.
 * tessera erase --older-than [MONTHS]: erase every learner not seen for
 * MONTHS (default: the retention setting).
 * tessera erase --pending: complete the erasures that readers held up.
 * An erasure is only reported done once no copy is left in the
 * database or its log; one that a reader held up says so and exits
 * with EXIT_PENDING, queued for --pending.
 */
static int
cmd_erase(int argc, char *argv[])
{
	struct db	*db;
	char		 email[256];
	long long	 id = 0, months = 0;
	size_t		 n = 0, pending = 0;
	int		 rc;

	if (argc == 4 && strcmp(argv[2], "--email") == 0) {
		if (booking_email_normalise(email, sizeof(email),
		    argv[3]) == -1) {
			warnx("--email: %s is not an email address", argv[3]);
			return EXIT_USAGE;
		}
	} else if ((argc == 3 || argc == 4) &&
	    strcmp(argv[2], "--older-than") == 0) {
		if (argc == 4 && (months = parse_count("--older-than",
		    argv[3], LEARNER_RETENTION_MAX)) == -1)
			return EXIT_USAGE;
	} else if (argc == 3 && strcmp(argv[2], "--pending") == 0) {
		if ((db = open_college()) == NULL)
			return EXIT_FAILURE;
		rc = learner_erase_pending(db, learner_wait_ms, &n);
		db_close(db);
		if (rc == -1) {
			warnx("completing the queued erasures failed");
			return EXIT_FAILURE;
		}
		if (rc == LEARNER_ERASE_PENDING)
			return pending_said();
		printf("tessera: every erasure is complete\n");
		return EXIT_SUCCESS;
	} else
		return usage();
	if ((db = open_college()) == NULL)
		return EXIT_FAILURE;
	if (strcmp(argv[2], "--email") == 0) {
		/* An address may be several people's (a family's): erase
		 * every learner with it. Erasure blanks the address, so each
		 * turn finds the next; the count bounds the loop. */
		while ((rc = learner_by_email(db, email, &id)) == 0 &&
		    n < ERASE_EMAIL_MAX) {
			rc = learner_erase(db, id, 0, college_now());
			if (rc != 0 && rc != LEARNER_ERASE_PENDING)
				break;
			/* Success is said only for an erasure with no copy
			 * left; a held-up one is said by pending_said(). */
			if (rc == LEARNER_ERASE_PENDING)
				pending++;
			else
				printf("tessera: erased learner %lld\n", id);
			n++;
		}
		db_close(db);
		if (rc == 1 && n > 0)
			return pending > 0 ? pending_said() :
			    EXIT_SUCCESS;
		if (rc == 1) {
			warnx("no learner has that email address (or they "
			    "were erased before)");
			return EXIT_FAILURE;
		}
		if (rc == -1) {
			warnx("erasure failed");
			return EXIT_FAILURE;
		}
		return EXIT_SUCCESS;
	}
	if (months == 0)
		months = learner_retention(db);
	rc = learner_erase_older(db, (int)months, 0, college_now(), &n);
	db_close(db);
	if (rc == -1) {
		warnx("erasure failed part-way (%zu learners not seen for "
		    "%lld months were erased)", n, months);
		return EXIT_FAILURE;
	}
	if (rc == LEARNER_ERASE_PENDING)
		return pending_said();
	printf("tessera: erased %zu learners not seen for %lld months\n", n,
	    months);
	return EXIT_SUCCESS;
}

static volatile sig_atomic_t mail_stop;

static void
on_stop(int sig)
{
	(void)sig;
	mail_stop = 1;
}

/* The first line of TESSERA_SMTP_PASSWORD_FILE into pw. 0, or -1 after
 * a message (never the password). */
static int
password_file(const char *file, char *pw, size_t pwsz)
{
	FILE	*fp;
	size_t	 n;

	if ((fp = fopen(file, "r")) == NULL) {
		warn("TESSERA_SMTP_PASSWORD_FILE: %s", file);
		return -1;
	}
	if (fgets(pw, (int)pwsz, fp) == NULL) {
		fclose(fp);
		warnx("TESSERA_SMTP_PASSWORD_FILE: %s is empty", file);
		return -1;
	}
	fclose(fp);
	n = strcspn(pw, "\r\n");
	pw[n] = '\0';
	return 0;
}

/*
 * The mail settings from the environment (README, "Mail"): a password
 * only from TESSERA_SMTP_PASSWORD or a file, never an argument. 0, or
 * -1 after a message.
 */
static int
mail_conf(struct transport_conf *c, char *maildir, size_t mdsz, char *pw,
    size_t pwsz)
{
	const char	*v, *slash, *db = college_db_path();
	long long	 t;
	char		*end;

	memset(c, 0, sizeof(*c));
	c->url = getenv("TESSERA_SMTP");
	c->user = getenv("TESSERA_SMTP_USER");
	c->ca_file = getenv("TESSERA_SMTP_CA");
	if ((v = getenv("TESSERA_SMTP_PASSWORD_FILE")) != NULL && *v != '\0') {
		if (password_file(v, pw, pwsz) == -1)
			return -1;
		c->password = pw;
	} else
		c->password = getenv("TESSERA_SMTP_PASSWORD");
	if ((v = getenv("TESSERA_SMTP_TIMEOUT")) != NULL && *v != '\0') {
		errno = 0;
		t = strtoll(v, &end, 10);
		if (errno != 0 || *end != '\0' || t < 1 ||
		    t > SMTP_TIMEOUT_MAX) {
			warnx("TESSERA_SMTP_TIMEOUT: seconds from 1 to %d",
			    SMTP_TIMEOUT_MAX);
			return -1;
		}
		c->timeout = (long)t;
	}
	/* The Maildir: TESSERA_MAILDIR, else "mail" beside the database,
	 * or in the var folder for a database on a server. */
	if ((v = getenv("TESSERA_MAILDIR")) != NULL && *v != '\0')
		snprintf(maildir, mdsz, "%s", v);
	else if (db_is_url(db))
		snprintf(maildir, mdsz, "%s/mail", var_dir());
	else if ((slash = strrchr(db, '/')) != NULL)
		snprintf(maildir, mdsz, "%.*s/mail", (int)(slash - db), db);
	else
		snprintf(maildir, mdsz, "mail");
	c->maildir = maildir;
	return 0;
}

/*
 * tessera mail [--once]: deliver the outbox (with --once, after queueing
 * the reminders due: all that cron needs). One mailer at a time per
 * database (a lock file beside it): with --once a second one exits 0 at
 * once; without, it waits its turn. Exit 0, or 1 if the database or the
 * transport could not be opened.
 */
static int
cmd_mail(int argc, char *argv[])
{
	struct transport_conf	 conf;
	struct transport	*t;
	struct mailer		 m;
	struct sigaction	 sa;
	struct db		*db;
	char			 maildir[PATH_MAX], pw[SMTP_PASSWORD_MAX];
	char			 lock[PATH_MAX], err[256], base[256];
	const char		*b;
	size_t			 n;
	int			 once, fd, rc;

	if (argc == 3 && strcmp(argv[2], "--once") == 0)
		once = 1;
	else if (argc == 2)
		once = 0;
	else
		return usage();
	if (mail_conf(&conf, maildir, sizeof(maildir), pw, sizeof(pw)) == -1)
		return EXIT_FAILURE;
	if ((db = open_college()) == NULL)
		return EXIT_FAILURE;
	/* Messages are written in their booking's language (mail.c). */
	if (i18n_init(getenv("TESSERA_LOCALEDIR") != NULL &&
	    getenv("TESSERA_LOCALEDIR")[0] != '\0' ?
	    getenv("TESSERA_LOCALEDIR") : TESSERA_LOCALEDIR) == -1)
		warnx("the translations cannot be used: mail goes in English");
	/* Beside a database file; in the var folder for a server's (one
	 * mailer per host then: run it on one host, README). */
	if (db_is_url(college_db_path()))
		snprintf(lock, sizeof(lock), "%s/mail.lock", var_dir());
	else
		snprintf(lock, sizeof(lock), "%s-mail.lock", college_db_path());
	if ((fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) == -1) {
		warn("%s", lock);
		db_close(db);
		return EXIT_FAILURE;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;	/* no SA_RESTART: sleeps end early */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		if (once) {
			warnx("another mailer is running; it will send");
			close(fd);
			db_close(db);
			return EXIT_SUCCESS;
		}
		warnx("another mailer is running; waiting for it to stop");
		while (flock(fd, LOCK_EX) == -1)
			if (errno != EINTR || mail_stop) {
				close(fd);
				db_close(db);
				return EXIT_SUCCESS;
			}
	}
	conf.stop = &mail_stop;
	t = transport_open(&conf, err, sizeof(err));
	explicit_bzero(pw, sizeof(pw));
	if (t == NULL) {
		warnx("%s", err);
		close(fd);
		db_close(db);
		return EXIT_FAILURE;
	}
	/* Links in messages: TESSERA_BASE_URL without a final '/'. */
	b = getenv("TESSERA_BASE_URL");
	snprintf(base, sizeof(base), "%s", b != NULL ? b : "");
	n = strlen(base);
	while (n > 0 && base[n - 1] == '/')
		base[--n] = '\0';
	if (n == 0 || mailer_init(&m, db, t, base, &mail_stop) == -1) {
		warnx("TESSERA_BASE_URL: the site's public address, like "
		    "https://college.example.org (the links in messages)");
		transport_close(t);
		close(fd);
		db_close(db);
		return EXIT_FAILURE;
	}
	fprintf(stderr, "tessera mail: delivering by %s%s\n",
	    transport_kind(t), once ? ", once" : "");
	if (once) {
		/* cron's whole job: the reminders due, then the queue. */
		if (mail_queue_reminders(db, college_now()) == -1)
			warnx("reminders could not be queued");
		rc = mailer_run(&m, college_now());
	} else
		rc = mailer_loop(&m);
	fprintf(stderr, "tessera mail: %zu sent, %zu to retry, %zu failed, "
	    "%zu with nothing to send\n", m.sent, m.retried, m.failed,
	    m.dropped);
	transport_close(t);
	close(fd);
	db_close(db);
	return rc == -1 ? EXIT_FAILURE : EXIT_SUCCESS;
}

/*
 * tessera set KEY VALUE: one of the college's settings, checked by the
 * same rules as the admin settings page (college/settings.h), audited.
 */
static int
cmd_set(int argc, char *argv[])
{
	struct arena	*a;
	struct db	*db;
	const char	*vals[SETTINGS__MAX] = { NULL }, *why[SETTINGS__MAX];
	int		 i, rc;

	if (argc != 4)
		return usage();
	if ((i = settings_index(argv[2])) < 0) {
		warnx("%s: not a setting; one of college_name, contact_email, "
		    "contact_phone, privacy_notice, timezone, reminder_hours, "
		    "languages, default_language",
		    argv[2]);
		return EXIT_USAGE;
	}
	if ((a = arena_new()) == NULL)
		errx(EXIT_FAILURE, "out of memory");
	if ((db = open_college()) == NULL) {
		arena_free(a);
		return EXIT_FAILURE;
	}
	vals[i] = argv[3];
	rc = settings_save(db, a, 0, vals, why);
	if (rc == SETTINGS_INVALID)
		warnx("%s: %s", argv[2], why[i]);
	else if (rc == SETTINGS_SAVE_ERROR)
		warnx("%s: could not save: %s", argv[2],
		    db_errmsg(db));
	else
		printf("tessera: %s is set\n", argv[2]);
	db_close(db);
	arena_free(a);
	return rc == SETTINGS_SAVED ? EXIT_SUCCESS : EXIT_FAILURE;
}

/*
 * tessera link BOOKING_ID: print the path of the booking's own page
 * (/booking/{manage token}), unsealed with the key beside the database,
 * for the office to send or read out to the learner. Only someone who
 * can read both the database and its key file can run it.
 */
static int
cmd_link(int argc, char *argv[])
{
	struct db	*db;
	char		 token[TOKEN_B32_LEN + 1];
	long long	 id;
	int		 rc;

	if (argc != 3)
		return usage();
	if ((id = parse_count("BOOKING_ID", argv[2], LLONG_MAX)) <= 0)
		return EXIT_USAGE;
	if ((db = open_college()) == NULL)
		return EXIT_FAILURE;
	rc = booking_manage_token(db, id, token);
	db_close(db);
	if (rc == 1) {
		warnx("booking %lld has no link (no such booking, or its "
		    "learner was erased)", id);
		return EXIT_FAILURE;
	}
	if (rc == -1) {
		warnx("could not open the booking's link (is this the key "
		    "file that was made with the database?)");
		return EXIT_FAILURE;
	}
	printf("/booking/%s\n", token);
	return EXIT_SUCCESS;
}

static void
say_moved(const char *table, long long rows)
{
	printf("  %-16s %lld rows\n", table, rows);
}

/*
 * tessera migrate-db --to URL: copy the college at $TESSERA_DB (SQLite)
 * into the empty PostgreSQL database at URL (college/move.h). The URL is
 * never printed: it may hold a password.
 */
static int
cmd_migrate_db(int argc, char *argv[])
{
	char		 err[512];
	enum move_rc	 rc;

	if (argc != 4 || strcmp(argv[2], "--to") != 0)
		return usage();
	if (!db_is_url(argv[3])) {
		warnx("--to: a postgresql:// URL (libpq's syntax)");
		return EXIT_USAGE;
	}
	printf("tessera: copying %s into PostgreSQL\n", college_db_path());
	rc = college_move(college_db_path(), argv[3], say_moved, err, sizeof(err));
	if (rc != MOVE_OK) {
		warnx("%s%s", rc == MOVE_NOT_EMPTY ? "refused: " :
		    "not moved: ", err);
		return EXIT_FAILURE;
	}
	printf("tessera: done; every table's rows counted on both sides. "
	    "Set TESSERA_DB to the URL and restart the programs.\n");
	return EXIT_SUCCESS;
}

static const struct command {
	const char	*name;
	int		(*fn)(int, char *[]);
} commands[] = {
	{ "init", cmd_init },
	{ "demo", cmd_demo },
	{ "user", cmd_user },
	{ "backup", cmd_backup },
	{ "export", cmd_export },
	{ "erase", cmd_erase },
	{ "mail", cmd_mail },
	{ "set", cmd_set },
	{ "link", cmd_link },
	{ "migrate-db", cmd_migrate_db },
};

int
main(int argc, char *argv[])
{
	size_t	 i;

	umask(077);
	if (argc < 2)
		return usage();
	if (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0) {
		fputs(usage_text, stdout);
		return EXIT_SUCCESS;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].fn(argc, argv);
	return usage();
}
