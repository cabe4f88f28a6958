/*
 * db_driver.h: what an engine's driver gives db.c. Only the kit's db
 * files include this; everything else speaks db.h.
 *
 * A driver is one file (db_sqlite.c, db_pg.c) exporting one const
 * struct db_ops. db.c owns struct db and struct db_stmt and hands each
 * operation the driver's own connection (conn) or statement (st)
 * pointer, which the driver defines as it likes. The contracts are
 * those of the db.h function of the same name; the differences are
 * said below.
 */
#ifndef KIT_DB_DRIVER_H
#define KIT_DB_DRIVER_H

/* Include "kit/db.h" first: the driver table uses its types. */

struct db_ops {
	const char	*name;		/* "sqlite", "postgresql" */
	/* A new connection, or NULL with a message in err. */
	void		*(*open)(const char *where, int create, char *err,
			    size_t errlen);
	void		 (*close)(void *conn);
	const char	*(*errmsg)(void *conn);
	enum db_rc	 (*busy_timeout)(void *conn, int ms);

	/* Prepare statement idx of the caller's list, picking the
	 * engine's form; NULL after a log line naming idx. */
	void		*(*prepare)(void *conn, const struct db_sql *, size_t idx);
	void		 (*finalize)(void *st);
	/* End the current run, keeping the bindings. */
	void		 (*reset)(void *st);
	/* db_stream(); NULL where rows are always read one at a time. */
	void		 (*stream)(void *st);
	/* End the current run and clear the bindings (db_stmt()). */
	void		 (*rearm)(void *st);
	/* Whether the statement is part-way through its rows. */
	int		 (*active)(void *st);

	enum db_rc	 (*bind_int)(void *st, int i, long long v);
	/* copy 0: keep the pointer (db_bind_text); 1: copy now. */
	enum db_rc	 (*bind_text)(void *st, int i, const char *s, int copy);
	enum db_rc	 (*bind_null)(void *st, int i);
	enum db_rc	 (*bind_blob)(void *st, int i, const void *p,
			    size_t len);
	enum db_rc	 (*step)(void *st);
	long long	 (*col_int)(void *st, int i);
	const char	*(*col_text)(void *st, int i);
	int		 (*col_null)(void *st, int i);
	const void	*(*col_blob)(void *st, int i, size_t *len);

	long long	 (*changes)(void *conn);
	enum db_rc	 (*begin)(void *conn);
	enum db_rc	 (*commit)(void *conn);
	enum db_rc	 (*rollback)(void *conn);
	/* Whether a transaction is open (db_release). */
	int		 (*in_tx)(void *conn);
	int		 (*changed)(void *conn);
	/* After db_release: drop what the request held (the writers'
	 * lock). */
	void		 (*release)(void *conn);

	/* Optional (NULL: always full, db_sync() answers DB_OK). */
	enum db_rc	 (*sync)(void *conn, int full);
	enum db_rc	 (*purge)(void *conn);
	const char	*(*path)(void *conn);
	enum db_rc	 (*backup)(void *conn, const char *file, char *err,
			    size_t errlen);
	enum db_rc	 (*migrate)(void *conn, const struct db_migration *,
			    size_t n, char *err, size_t errlen);
	int		 (*version)(void *conn);
	enum db_rc	 (*exec)(void *conn, const char *sql, char *err,
			    size_t errlen);
	/* Optional (NULL: never): db_lost(). */
	int		 (*lost)(void *conn);
};

/* The driver's connection under db (a driver's own helpers). */
void		*db_driver_conn(struct db *);
/* The driver's statement under s (a driver's own helpers). */
void		*db_driver_stmt(struct db_stmt *);

extern const struct db_ops	db_sqlite_ops;
#ifdef TESSERA_PG
extern const struct db_ops	db_pg_ops;
#endif

#endif
