/*
 * pw.c: Argon2id password hashes through libsodium.
 */
#include <string.h>

#include <sodium.h>

#include "pw.h"

_Static_assert(PW_HASH_MAX == crypto_pwhash_STRBYTES,
    "PW_HASH_MAX must be libsodium's crypto_pwhash_STRBYTES");
_Static_assert(PW_MEMLIMIT >= crypto_pwhash_MEMLIMIT_MIN &&
    PW_OPSLIMIT >= crypto_pwhash_OPSLIMIT_MIN,
    "Argon2id cost below libsodium's minimum");

static int	ready;

int
pw_init(void)
{
	if (ready)
		return 0;
	/* 0 the first time, 1 if already done, -1 on failure. */
	if (sodium_init() < 0)
		return -1;
	ready = 1;
	return 0;
}

/* Whether password is 1 to PW_MAX bytes; *len gets its length. */
static int
pw_ok(const char *password, size_t *len)
{
	if (password == NULL)
		return 0;
	*len = strnlen(password, PW_MAX + 1);
	return *len >= 1 && *len <= PW_MAX;
}

int
pw_hash(const char *password, char out[PW_HASH_MAX])
{
	size_t	 len;

	if (!pw_ok(password, &len) || pw_init() == -1)
		return -1;
	if (crypto_pwhash_str_alg(out, password, len, PW_OPSLIMIT,
	    PW_MEMLIMIT, crypto_pwhash_ALG_ARGON2ID13) != 0)
		return -1;
	return 0;
}

/*
 * A hash of random bytes, made once, for pw_verify(NULL, ...). NULL if
 * it could not be made.
 */
static const char *
dummy(void)
{
	static char	 h[PW_HASH_MAX];
	static int	 made;
	unsigned char	 raw[16];
	char		 pw[sizeof(raw) * 2 + 1];

	if (!made) {
		randombytes_buf(raw, sizeof(raw));
		sodium_bin2hex(pw, sizeof(pw), raw, sizeof(raw));
		if (pw_hash(pw, h) == -1)
			return NULL;
		sodium_memzero(pw, sizeof(pw));
		made = 1;
	}
	return h;
}

int
pw_verify(const char *hash, const char *password)
{
	const char	*h;
	size_t		 len;
	int		 ok;

	if (pw_init() == -1)
		return 0;
	if ((h = hash) == NULL && (h = dummy()) == NULL)
		return 0;
	if (strnlen(h, PW_HASH_MAX) >= PW_HASH_MAX)
		return 0;
	/* A password of the wrong length still costs a verification, so
	 * that timing tells nothing. */
	if (!(ok = pw_ok(password, &len))) {
		password = "";
		len = 0;
	}
	if (crypto_pwhash_str_verify(h, password, len) != 0)
		return 0;
	return ok && hash != NULL;
}

int
pw_needs_rehash(const char *hash)
{
	if (hash == NULL || strnlen(hash, PW_HASH_MAX) >= PW_HASH_MAX ||
	    pw_init() == -1)
		return 1;
	return crypto_pwhash_str_needs_rehash(hash, PW_OPSLIMIT,
	    PW_MEMLIMIT) != 0;
}
