# lib.sh: helpers for the end-to-end tests through nginx. Sourced by
# run.sh; each test_*.sh uses $BASE and these functions.

# ok NAME: record a pass.  bad NAME WHY: record a failure.
ok() { PASS=$((PASS + 1)); }
bad() { FAIL=$((FAIL + 1)); echo "  FAIL: $1: $2"; }

# check NAME COMMAND...: passes when COMMAND succeeds.
check() {
	name=$1; shift
	if "$@"; then ok "$name"; else bad "$name" "$*"; fi
}

# fetch [curl args] URL: sets STATUS, BODY (file), HDRS (file).
fetch() {
	HDRS=$TMP/hdrs; BODY=$TMP/body
	STATUS=$(curl -s -o "$BODY" -D "$HDRS" -w '%{http_code}' \
	    --max-time 20 "$@") || STATUS=000
}

# expect_status NAME WANT [curl args] URL
expect_status() {
	name=$1; want=$2; shift 2
	fetch "$@"
	if [ "$STATUS" = "$want" ]; then ok "$name"
	else bad "$name" "status $STATUS, wanted $want"; fi
}

# body_has NAME TEXT: the last body contains TEXT (fixed string).
body_has() {
	if grep -qF -- "$2" "$BODY"; then ok "$1"
	else bad "$1" "body lacks '$2'"; fi
}
body_lacks() {
	if grep -qF -- "$2" "$BODY"; then bad "$1" "body has '$2'"
	else ok "$1"; fi
}
# header_has NAME REGEX: a header line of the last response matches.
header_has() {
	if tr -d '\r' < "$HDRS" | grep -qiE -- "$2"; then ok "$1"
	else bad "$1" "no header matching '$2'"; fi
}

# csrf_of FILE: the csrf value in a page's hidden field.
csrf_of() {
	sed -n 's/.*name="csrf" value="\([A-Z2-7]*\)".*/\1/p' "$1" | head -n 1
}

# The database engine of the run: TESSERA_TEST_ENGINE, "sqlite" (the
# default: TESSERA_DB is a file) or "pg" (TESSERA_DB is a PostgreSQL
# URL; run.sh makes the throwaway cluster). db_pg answers true on pg,
# for the few places where a test must pick its SQL by engine.
db_pg() { [ "${TESSERA_TEST_ENGINE:-sqlite}" = pg ]; }

# db_sql SQL...: run each SQL text on the college's database with the
# engine in use, as the tests' one way in: one row a line, columns
# separated by "|", no header, NULL as nothing; stops at the first
# error (exit status not 0). SQLite writes with secure_delete on, as
# the programs write (erasure is checked on the file's bytes), and
# waits up to 10 s for a writer; psql runs each text as one request
# (several statements in it are one transaction), quietly.
db_sql() {
	if db_pg; then
		db_n=$#
		for db_a; do set -- "$@" -c "$db_a"; done
		shift "$db_n"
		psql -X -q -At -v ON_ERROR_STOP=1 -d "$TESSERA_DB" "$@"
	else
		sqlite3 -cmd ".timeout 10000" -cmd ".output /dev/null" \
		    -cmd "PRAGMA secure_delete = ON" -cmd ".output stdout" \
		    "$TESSERA_DB" "$@"
	fi
}

# db_files_have TEXT: whether any file the database keeps on disk holds
# TEXT: SQLite's file and its write-ahead log, or the whole data
# directory of the test cluster, its WAL included ($PGDIR/primary).
db_files_have() {
	if db_pg; then
		grep -rqaF -- "$1" "$PGDIR/primary"
	else
		cat "$TESSERA_DB" "$TESSERA_DB-wal" 2>/dev/null | grep -qaF -- "$1"
	fi
}
db_files_lack() { ! db_files_have "$1"; }
# db_skip NAME WHY: a test of SQLite's own mechanism not run on this
# engine; the reason is printed so the run says what it left out.
db_skip() { echo "  skip on $TESSERA_TEST_ENGINE: $1: $2"; }
