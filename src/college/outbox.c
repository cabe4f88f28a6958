/*
 * outbox.c: queueing mail in the change's own transaction.
 */
#include <string.h>


#include "kit/db.h"
#include "kit/i18n.h"
#include "kit/token.h"
#include "college/outbox.h"
#include "college/stmts.h"

static const char *const kind_words[MAIL_KIND__MAX] = {
	[MAIL_CONFIRMED] = "confirmed",
	[MAIL_WAITLISTED] = "waitlisted",
	[MAIL_PROMOTED] = "promoted",
	[MAIL_CANCELLED] = "cancelled",
	[MAIL_RUN_CANCELLED] = "run_cancelled",
	[MAIL_SESSION_MOVED] = "session_moved",
	[MAIL_SESSION_CANCELLED] = "session_cancelled",
	[MAIL_REMINDER] = "reminder",
	[MAIL_LOST] = "lost",
	[MAIL_RESEND] = "resend",
};

const char *
outbox_kind_word(enum mail_kind k)
{
	if ((unsigned)k >= MAIL_KIND__MAX)
		return NULL;
	return kind_words[k];
}

enum mail_kind
outbox_kind_of(const char *word)
{
	size_t	 i;

	if (word == NULL)
		return MAIL_KIND__MAX;
	for (i = 0; i < MAIL_KIND__MAX; i++)
		if (strcmp(kind_words[i], word) == 0)
			return (enum mail_kind)i;
	return MAIL_KIND__MAX;
}

/* The local part of a new Message-ID: 130 random bits, so that two
 * installations (and two rows) never share one. */
static int
new_msgid(char *out, size_t outsz)
{
	return token_new(out, outsz);
}

static int
detail_ok(const char *detail)
{
	return detail == NULL || strlen(detail) <= OUTBOX_DETAIL_MAX;
}

int
outbox_add(struct db *db, enum mail_kind kind, long long booking_id,
    long long session_id, const char *detail, time_t now)
{
	struct db_stmt	*st;
	char		 msgid[TOKEN_B32_LEN + 1];

	if (outbox_kind_word(kind) == NULL || booking_id <= 0 ||
	    !detail_ok(detail) || new_msgid(msgid, sizeof(msgid)) == -1)
		return -1;
	if ((st = db_stmt(db, STMT_OUTBOX_ADD)) == NULL)
		return -1;
	db_bind_text(st, 1, kind_words[kind]);
	db_bind_int(st, 2, booking_id);
	if (session_id > 0)
		db_bind_int(st, 3, session_id);
	else
		db_bind_null(st, 3);
	db_bind_text(st, 4, detail ? detail : "");
	db_bind_text_copy(st, 5, msgid);
	db_bind_int(st, 6, (long long)now);
	return db_step_done(st) == DB_OK ? 0 : -1;
}

int
outbox_add_to(struct db *db, enum mail_kind kind, const char *rcpt,
    const char *lang, const char *detail, time_t now)
{
	struct db_stmt	*st;
	char		 msgid[TOKEN_B32_LEN + 1];

	if (outbox_kind_word(kind) == NULL || rcpt == NULL || *rcpt == '\0' ||
	    !detail_ok(detail) || (lang != NULL && !i18n_tag_ok(lang)) ||
	    new_msgid(msgid, sizeof(msgid)) == -1)
		return -1;
	if ((st = db_stmt(db, STMT_OUTBOX_ADD_TO)) == NULL)
		return -1;
	db_bind_text(st, 1, kind_words[kind]);
	db_bind_text(st, 2, rcpt);
	db_bind_text(st, 3, detail ? detail : "");
	db_bind_text_copy(st, 4, msgid);
	db_bind_int(st, 5, (long long)now);
	db_bind_text(st, 6, lang != NULL ? lang : "en");
	return db_step_done(st) == DB_OK ? 0 : -1;
}
