/*
 * move.c: a SQLite college copied into an empty PostgreSQL database
 * (move.h). The copy speaks only the kit's database interface; its
 * statements are made here from the source's own column lists, with
 * every identifier quoted, and all values bound.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kit/arena.h"
#include "kit/buf.h"
#include "kit/db.h"
#include "college/move.h"
#include "college/sqlfiles.h"

/*
 * The college's tables in dependency order: a table comes after every
 * table it references. A source table not listed here (a newer
 * migration's) stops the move rather than being left behind.
 */
static const char *const	tables[] = {
	"setting", "topic", "venue", "course", "course_text", "run",
	"session", "user",
	"facilitator", "learner", "booking", "booking_client", "attendance",
	"auth_session", "login_failure", "audit", "scan_nonce", "outbox",
	"reminder_sent", "lost_request", "pending_erasure", "login_device",
};
#define NTABLES	(sizeof(tables) / sizeof(tables[0]))

/* What the source holds besides the college's tables: the migrations'
 * record (made again by the target's own migrations), SQLite's own and
 * the FTS5 search indexes (PostgreSQL's search columns fill themselves). */
enum { Q_TABLES, Q_COLUMNS, Q__MAX };
static const struct db_sql	src_q[Q__MAX] = {
	[Q_TABLES] = { "SELECT name FROM sqlite_schema WHERE type = 'table'"
	    " AND name NOT LIKE 'sqlite!_%' ESCAPE '!'"
	    " AND name NOT LIKE 'course!_fts%' ESCAPE '!'"
	    " AND name NOT LIKE 'course!_text!_fts%' ESCAPE '!'"
	    " AND name <> 'schema_version' ORDER BY name", NULL },
	/* ?1 a table: its columns in order, and whether each is a BLOB. */
	[Q_COLUMNS] = { "SELECT name, upper(type) = 'BLOB'"
	    " FROM pragma_table_info(?1) ORDER BY cid", NULL },
};
enum { T_TABLES, T__MAX };
static const struct db_sql	dst_q[T__MAX] = {
	[T_TABLES] = { "SELECT count(*) FROM pg_tables"
	    " WHERE schemaname = current_schema()", NULL },
};

/* Per table: the statements made for it. */
enum { P_SELECT, P_COUNT, P__MAX };		/* on the source */
enum { I_INSERT, I_COUNT, I_SEQ, I_CLEAR, I__MAX };	/* on the target */

struct plan {
	int		 ncols;
	int		 blob[MOVE_COLUMNS_MAX];
	int		 has_id;
};

static int
known(const char *name)
{
	size_t	 i;

	for (i = 0; i < NTABLES; i++)
		if (strcmp(tables[i], name) == 0)
			return 1;
	return 0;
}

/* Store a copy of b's text as *out; 0 or -1. */
static int
keep(struct buf *b, const char **out)
{
	char	*s;

	if (b->len == 0 || (s = strndup(b->data, b->len)) == NULL)
		return -1;
	*out = s;
	return 0;
}

/*
 * Read the source's tables and columns and write each table's
 * statements into src_s and dst_s. 0, or -1 with err set.
 */
static int
plan_all(struct db *src, struct plan *pl, struct db_sql *src_s,
    struct db_sql *dst_s, char *err, size_t errlen)
{
	struct db_stmt	*s;
	struct buf	 sel, ins, cnt, seq, clr;
	struct arena	*a;
	const char	*col;
	size_t		 t;
	int		 rc, k, ok = 0;

	if ((a = arena_new()) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}

	if ((s = db_stmt(src, Q_TABLES)) == NULL) {
		snprintf(err, errlen, "source: %s", db_errmsg(src));
		arena_free(a);
		return -1;
	}
	while ((rc = db_step(s)) == DB_ROW)
		if (!known(db_col_text(s, 0))) {
			snprintf(err, errlen, "the source has a table this "
			    "program cannot move: %s", db_col_text(s, 0));
			db_reset(s);
			arena_free(a);
			return -1;
		}
	db_reset(s);
	if (rc != DB_DONE) {
		snprintf(err, errlen, "source: %s", db_errmsg(src));
		arena_free(a);
		return -1;
	}
	for (t = 0; t < NTABLES; t++) {
		arena_reset(a);
		buf_init(&sel, a);
		buf_init(&ins, a);
		buf_init(&cnt, a);
		buf_init(&seq, a);
		buf_init(&clr, a);
		if ((s = db_stmt(src, Q_COLUMNS)) == NULL ||
		    db_bind_text(s, 1, tables[t]) != DB_OK)
			goto db;
		pl[t].ncols = 0;
		buf_puts(&sel, "SELECT ");
		buf_printf(&ins, "INSERT INTO \"%s\" (", tables[t]);
		while ((rc = db_step(s)) == DB_ROW) {
			if (pl[t].ncols == MOVE_COLUMNS_MAX) {
				snprintf(err, errlen, "%s: more than %d "
				    "columns", tables[t], MOVE_COLUMNS_MAX);
				db_reset(s);
				goto out;
			}
			col = db_col_text(s, 0);
			pl[t].blob[pl[t].ncols] = (int)db_col_int(s, 1);
			if (strcmp(col, "id") == 0)
				pl[t].has_id = 1;
			buf_printf(&sel, "%s\"%s\"", pl[t].ncols ? ", " : "",
			    col);
			buf_printf(&ins, "%s\"%s\"", pl[t].ncols ? ", " : "",
			    col);
			pl[t].ncols++;
		}
		db_reset(s);
		if (rc != DB_DONE)
			goto db;
		if (pl[t].ncols == 0) {
			snprintf(err, errlen, "the source has no table %s: "
			    "run `tessera init` on it first", tables[t]);
			goto out;
		}
		buf_printf(&sel, " FROM \"%s\"", tables[t]);
		if (pl[t].has_id)
			buf_puts(&sel, " ORDER BY id");
		buf_puts(&ins, ") VALUES (");
		for (k = 1; k <= pl[t].ncols; k++)
			buf_printf(&ins, "%s?%d", k > 1 ? ", " : "", k);
		buf_puts(&ins, ")");
		buf_printf(&cnt, "SELECT count(*) FROM \"%s\"", tables[t]);
		buf_printf(&clr, "DELETE FROM \"%s\"", tables[t]);
		/* The next id after the highest copied one. NULL (and
		 * nothing done) for a table without an identity id. */
		if (pl[t].has_id)
			buf_printf(&seq, "SELECT setval(pg_get_serial_sequence("
			    "'\"%s\"', 'id'), (SELECT coalesce(max(id), 0) + 1"
			    " FROM \"%s\"), false)", tables[t], tables[t]);
		else
			buf_puts(&seq, "SELECT 1");
		if (buf_failed(&sel) || buf_failed(&ins) || buf_failed(&cnt) ||
		    buf_failed(&seq) || buf_failed(&clr) ||
		    keep(&clr, &dst_s[t * I__MAX + I_CLEAR].sql) == -1 ||
		    keep(&sel, &src_s[t * P__MAX + P_SELECT].sql) == -1 ||
		    keep(&cnt, &src_s[t * P__MAX + P_COUNT].sql) == -1 ||
		    keep(&ins, &dst_s[t * I__MAX + I_INSERT].sql) == -1 ||
		    keep(&cnt, &dst_s[t * I__MAX + I_COUNT].sql) == -1 ||
		    keep(&seq, &dst_s[t * I__MAX + I_SEQ].sql) == -1) {
			snprintf(err, errlen, "out of memory");
			goto out;
		}
	}
	ok = 1;
	goto out;
db:
	snprintf(err, errlen, "source: %s", db_errmsg(src));
out:
	arena_free(a);
	return ok ? 0 : -1;
}

/* count(*) by statement idx; -1 on error. */
static long long
count_of(struct db *db, size_t idx)
{
	struct db_stmt	*s;
	long long	 n = -1;

	if ((s = db_stmt(db, idx)) == NULL)
		return -1;
	if (db_step(s) == DB_ROW)
		n = db_col_int(s, 0);
	db_reset(s);
	return n;
}

/* Copy table t's rows; the number copied, or -1 with err set. */
static long long
copy_table(struct db *src, struct db *dst, size_t t, const struct plan *pl,
    char *err, size_t errlen)
{
	struct db_stmt	*r, *w;
	const void	*p;
	size_t		 len;
	long long	 n = 0;
	enum db_rc	 rc, wr;
	int		 k;

	if ((r = db_stmt(src, t * P__MAX + P_SELECT)) == NULL) {
		snprintf(err, errlen, "%s: %s", tables[t], db_errmsg(src));
		return -1;
	}
	while ((rc = db_step(r)) == DB_ROW) {
		if ((w = db_stmt(dst, t * I__MAX + I_INSERT)) == NULL)
			goto dst;
		for (k = 0; k < pl->ncols; k++) {
			if (db_col_null(r, k))
				wr = db_bind_null(w, k + 1);
			else if (pl->blob[k]) {
				p = db_col_blob(r, k, &len);
				wr = db_bind_blob(w, k + 1, p, len);
			} else
				wr = db_bind_text_copy(w, k + 1,
				    db_col_text(r, k));
			if (wr != DB_OK)
				goto dst;
		}
		if (db_step(w) != DB_DONE)
			goto dst;
		db_reset(w);
		n++;
	}
	db_reset(r);
	if (rc != DB_DONE) {
		snprintf(err, errlen, "%s: %s", tables[t], db_errmsg(src));
		return -1;
	}
	return n;
dst:
	/* The message names the table and the rule, never a value. */
	snprintf(err, errlen, "%s: %s", tables[t], db_errmsg(dst));
	db_reset(r);
	return -1;
}

enum move_rc
college_move(const char *from, const char *to,
    void (*say)(const char *, long long), char *err, size_t errlen)
{
	struct db_sql	 src_s[NTABLES * P__MAX], dst_s[NTABLES * I__MAX];
	struct db_sql	 all_d[NTABLES * I__MAX + T__MAX];
	struct plan	 pl[NTABLES];
	struct db	*src = NULL, *dst = NULL;
	enum move_rc	 ret = MOVE_FAILED;
	long long	 n, m;
	size_t		 t, i;
	int		 v, latest;

	memset(src_s, 0, sizeof(src_s));
	memset(dst_s, 0, sizeof(dst_s));
	memset(pl, 0, sizeof(pl));
	latest = college_migrations[college_nmigrations - 1].version;
	if (db_is_url(from) || !db_is_url(to)) {
		snprintf(err, errlen, "the move is from a SQLite file to a "
		    "postgresql:// URL");
		return MOVE_FAILED;
	}
	/* The source: at this program's schema, its columns read. */
	if ((src = db_open(from, 0, src_q, Q__MAX, err, errlen)) == NULL)
		return MOVE_FAILED;
	if ((v = db_version(src)) != latest) {
		snprintf(err, errlen, "the source is at schema version %d, "
		    "this program at %d: run `tessera init` on it first", v,
		    latest);
		goto done;
	}
	if (plan_all(src, pl, src_s, dst_s, err, errlen) == -1)
		goto done;
	db_close(src);
	if ((src = db_open(from, 0, src_s, NTABLES * P__MAX, err,
	    errlen)) == NULL)
		goto done;

	/* The target: empty, then given the schema. */
	for (i = 0; i < NTABLES * I__MAX; i++)
		all_d[i] = dst_s[i];
	all_d[NTABLES * I__MAX + T_TABLES] = dst_q[T_TABLES];
	if ((dst = db_open(to, 0, all_d, NTABLES * I__MAX + T__MAX, err,
	    errlen)) == NULL)
		goto done;
	if ((n = count_of(dst, NTABLES * I__MAX + T_TABLES)) != 0) {
		if (n > 0) {
			snprintf(err, errlen, "the target database is not "
			    "empty (%lld tables): a college is moved only "
			    "into a new, empty database", n);
			ret = MOVE_NOT_EMPTY;
		} else
			snprintf(err, errlen, "target: %s", db_errmsg(dst));
		goto done;
	}
	if (db_migrate(dst, college_migrations, college_nmigrations, err,
	    errlen) != DB_OK)
		goto done;

	/* Every row in one transaction, the source read in one. */
	if (db_begin(dst) != DB_OK) {
		snprintf(err, errlen, "target: %s", db_errmsg(dst));
		goto undo_schema;
	}
	/* What the migrations seeded (default settings) gives way to the
	 * college's own rows: emptied last table first. */
	for (t = NTABLES; t-- > 0;) {
		struct db_stmt	*c = db_stmt(dst, t * I__MAX + I_CLEAR);

		if (c == NULL || db_step(c) != DB_DONE) {
			snprintf(err, errlen, "%s: %s", tables[t],
			    db_errmsg(dst));
			goto rollback;
		}
	}
	for (t = 0; t < NTABLES; t++) {
		if ((n = copy_table(src, dst, t, &pl[t], err, errlen)) == -1)
			goto rollback;
		if (count_of(dst, t * I__MAX + I_SEQ) == -1 &&
		    pl[t].has_id) {
			snprintf(err, errlen, "%s: setting the next id: %s",
			    tables[t], db_errmsg(dst));
			goto rollback;
		}
		m = count_of(dst, t * I__MAX + I_COUNT);
		if (m != n || count_of(src, t * P__MAX + P_COUNT) != n) {
			snprintf(err, errlen, "%s: %lld rows copied, the "
			    "target counts %lld", tables[t], n, m);
			goto rollback;
		}
		if (say != NULL)
			say(tables[t], n);
	}
	if (db_commit(dst) != DB_OK) {
		snprintf(err, errlen, "target: %s", db_errmsg(dst));
		goto undo_schema;
	}
	ret = MOVE_OK;
	goto done;
rollback:
	(void)db_rollback(dst);
undo_schema:
	/* Leave the target as empty as it was found. */
	(void)db_exec(dst, "DROP SCHEMA public CASCADE; CREATE SCHEMA public",
	    NULL, 0);
done:
	db_close(src);
	db_close(dst);
	for (i = 0; i < NTABLES * P__MAX; i++)
		free((char *)src_s[i].sql);
	for (i = 0; i < NTABLES * I__MAX; i++)
		free((char *)dst_s[i].sql);
	return ret;
}
