/*
 * pq.h: libpq, loaded only when a program opens a PostgreSQL database.
 *
 * Every program can speak to PostgreSQL (db_pg.c), but most never do:
 * linked in, libpq brings OpenSSL, GnuTLS, Kerberos and LDAP into every
 * FastCGI process, whose constructors alone cost megabytes of resident
 * memory. So the programs are not linked with libpq; db_pg.c includes
 * this header instead of <libpq-fe.h>, each PQ function it calls is a
 * pointer here, and pq_load() fills them from libpq's shared object on
 * first use.
 *
 * A PQ function db_pg.c newly calls is added to PQ_FUNCS; one missing
 * from it fails the link of every program (there is no -lpq to find it
 * in), never at run time.
 */
#ifndef KIT_PQ_H
#define KIT_PQ_H

#include <libpq-fe.h>

/* libpq's shared object: its ABI has kept major version 5 since 2006. */
#define PQ_SONAME	"libpq.so.5"

#define PQ_FUNCS(X)							\
	X(PQclear) X(PQcmdStatus) X(PQcmdTuples) X(PQconnectdb)	\
	X(PQenterPipelineMode) X(PQexitPipelineMode) X(PQpipelineSync)	\
	X(PQsendQueryParams)						\
	X(PQerrorMessage) X(PQexec) X(PQexecParams) X(PQexecPrepared)	\
	X(PQfinish) X(PQfreemem) X(PQgetisnull) X(PQgetResult)		\
	X(PQgetvalue)							\
	X(PQnfields) X(PQntuples) X(PQprepare) X(PQreset)		\
	X(PQresultErrorField) X(PQresultStatus) X(PQsendQueryPrepared)	\
	X(PQsetNoticeProcessor) X(PQsetSingleRowMode)			\
	X(PQstatus) X(PQtransactionStatus) X(PQunescapeBytea)

struct pq_api {
#define PQ_MEMBER(f)	__typeof__(f)	*f;
	PQ_FUNCS(PQ_MEMBER)
#undef PQ_MEMBER
};

extern struct pq_api	pq_api;

/*
 * Load libpq (once per process) and fill pq_api. 0, or -1 with a
 * message in err (libpq is not installed, or lacks a function).
 */
int		 pq_load(char *err, size_t errlen);

/* From here on, db_pg.c's calls go through the pointers (pq.c itself
 * names the functions). */
#ifndef PQ_LOADER
#define PQclear			pq_api.PQclear
#define PQcmdStatus		pq_api.PQcmdStatus
#define PQcmdTuples		pq_api.PQcmdTuples
#define PQconnectdb		pq_api.PQconnectdb
#define PQenterPipelineMode	pq_api.PQenterPipelineMode
#define PQexitPipelineMode	pq_api.PQexitPipelineMode
#define PQpipelineSync		pq_api.PQpipelineSync
#define PQsendQueryParams	pq_api.PQsendQueryParams
#define PQerrorMessage		pq_api.PQerrorMessage
#define PQexec			pq_api.PQexec
#define PQexecParams		pq_api.PQexecParams
#define PQexecPrepared		pq_api.PQexecPrepared
#define PQfinish		pq_api.PQfinish
#define PQfreemem		pq_api.PQfreemem
#define PQgetisnull		pq_api.PQgetisnull
#define PQgetResult		pq_api.PQgetResult
#define PQgetvalue		pq_api.PQgetvalue
#define PQnfields		pq_api.PQnfields
#define PQntuples		pq_api.PQntuples
#define PQprepare		pq_api.PQprepare
#define PQreset			pq_api.PQreset
#define PQresultErrorField	pq_api.PQresultErrorField
#define PQresultStatus		pq_api.PQresultStatus
#define PQsendQueryPrepared	pq_api.PQsendQueryPrepared
#define PQsetNoticeProcessor	pq_api.PQsetNoticeProcessor
#define PQsetSingleRowMode	pq_api.PQsetSingleRowMode
#define PQstatus		pq_api.PQstatus
#define PQtransactionStatus	pq_api.PQtransactionStatus
#define PQunescapeBytea		pq_api.PQunescapeBytea
#endif

#endif
