/*
 * pw.h: staff passwords, hashed with Argon2id (libsodium
 * crypto_pwhash_str) at OWASP's minimum cost: m = 19 MiB, t = 2, p = 1
 * (OWASP Password Storage Cheat Sheet). The hash string carries its
 * own salt and parameters, so raising the cost later still verifies
 * old hashes; pw_needs_rehash() says when to store a new one.
 *
 * A password is 1 to PW_MAX bytes, taken as given: no composition
 * rules (NIST SP 800-63B 5.1.1.2), no trimming.
 */
#ifndef KIT_PW_H
#define KIT_PW_H

#define PW_MAX		128			/* bytes in a password */
#define PW_HASH_MAX	128			/* crypto_pwhash_STRBYTES, with NUL */
#define PW_OPSLIMIT	2			/* t: passes over memory */
#define PW_MEMLIMIT	(19 * 1024 * 1024)	/* m: bytes of memory */

/* Initialise libsodium once; later calls do nothing. 0 or -1. */
int	pw_init(void);
/*
 * Hash password into out, a NUL-terminated "$argon2id$..." string.
 * 0, or -1 if the password is empty or longer than PW_MAX or the
 * memory could not be had.
 */
int	pw_hash(const char *password, char out[PW_HASH_MAX]);
/*
 * 1 if password matches hash, else 0 (also for a malformed hash or a
 * password of the wrong length). With hash NULL (no such account) it
 * checks against a dummy hash and answers 0, taking as long as for a
 * real account, so that timing does not tell which accounts exist.
 */
int	pw_verify(const char *hash, const char *password);
/* 1 if hash was made with other parameters than today's (or is not
 * one of ours) and should be replaced at the next login, else 0. */
int	pw_needs_rehash(const char *hash);

#endif
