/*
 * stmts.h: every SQL statement of the college, listed once (sqlbox
 * style) and used by its enum index through db_stmt(), which prepares
 * it on first use on the process's own connection and keeps it.
 *
 * Statements live with the connection (struct db), never in a module's
 * static cache: a program opens the database in its master process to
 * check it, closes it, and forks workers that each open their own.
 */
#ifndef COLLEGE_STMTS_H
#define COLLEGE_STMTS_H

enum stmt {
	STMT_SETTING_GET,
	STMT_AUDIT_ADD,
	/* catalogue.c */
	STMT_CATALOGUE_COUNT,
	STMT_CATALOGUE_LIST,
	STMT_CATALOGUE_TOPICS,
	STMT_CATALOGUE_COURSE,
	STMT_CATALOGUE_COURSE_RUNS,
	STMT_CATALOGUE_RUN_SESSIONS,
	STMT_CATALOGUE_FACILITATORS,
	/* booking.c */
	STMT_BOOKING_RUN,
	STMT_BOOKING_COUNTS,
	STMT_BOOKING_LEARNER_GET,
	STMT_BOOKING_LEARNER_ADD,
	STMT_BOOKING_LEARNER_CONSENT,
	STMT_BOOKING_EXISTING,
	STMT_BOOKING_INSERT,
	STMT_BOOKING_REOPEN,
	STMT_BOOKING_POSITION,
	STMT_BOOKING_FIRST_WAITING,
	STMT_BOOKING_SET_STATUS,
	STMT_BOOKING_BY_TOKEN,
	STMT_BOOKING_SESSIONS,
	STMT_BOOKING_FACILITATORS,
	STMT__MAX
};

extern const char *const college_stmts[STMT__MAX];

#endif
