#!/bin/sh
# run.sh BUILD: the PostgreSQL end-to-end tests. Makes a throwaway
# cluster (cluster.sh), moves the demo college into it with `tessera
# migrate-db` (which this tests too), starts the whole stack on it
# behind real nginx (programs from BUILD, e.g. build/asan), runs the
# races of race.sh, stops everything and removes the cluster.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=$ROOT/$1
TMP=$(mktemp -d /tmp/tessera-pg-e2e.XXXXXX)
chmod 0755 "$TMP"
PASS=0; FAIL=0
. "$ROOT/tests/http/lib.sh"

PGDIR=$TMP/pg
for i in 1 2 3 4 5 6 7 8 9 10; do
	PORT=$(( 20000 + $(od -An -N2 -tu2 /dev/urandom) % 12000 ))
	curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$PORT/" || break
done
export PORT
export TESSERA_VAR=$TMP/var
export TESSERA_BIN=$BUILD/cgi-bin
export TESSERA_TOOL=$BUILD/bin/tessera
export TESSERA_KEY_FILE=$TMP/var/booking.key
export TESSERA_MAILDIR=$TMP/var/mail
export WORKERS=${WORKERS:-2}
export TESSERA_LIMITS=off
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=0}
BASE=http://127.0.0.1:$PORT
export BASE TMP BUILD ROOT

cleanup() {
	sh "$ROOT/tools/stack.sh" stop >/dev/null 2>&1 || true
	sh "$ROOT/tests/pg/cluster.sh" stop "$PGDIR" >/dev/null 2>&1 || true
}
trap cleanup EXIT INT TERM

if ! sh "$ROOT/tests/pg/cluster.sh" start "$PGDIR"; then
	echo "pg: the cluster did not start"; exit 1
fi
. "$PGDIR/env"
# pg_sql SQL: run SQL on the test database, answers unaligned.
pg_sql() { sh "$ROOT/tests/pg/cluster.sh" psql "$PGDIR" -At -c "$1"; }

# --- tessera migrate-db ---------------------------------------------------
mkdir -p "$TMP/var"
SRC=$TMP/var/source.db
TESSERA_DB=$SRC "$TESSERA_TOOL" demo >/dev/null 2>&1
check "migrate-db demo source" [ -s "$SRC" ]
TESSERA_DB=$SRC "$TESSERA_TOOL" migrate-db --to "$PG_URL" > "$TMP/move.out" 2>&1
check "migrate-db exit 0" [ $? = 0 ]
for t in booking learner session course attendance setting; do
	check "migrate-db $t counted" [ "$(sqlite3 "$SRC" "SELECT count(*) FROM $t")" = \
	    "$(pg_sql "SELECT count(*) FROM $t")" ]
done
check "migrate-db ids kept" [ "$(sqlite3 "$SRC" "SELECT group_concat(id) FROM (SELECT id FROM booking ORDER BY id)")" = \
    "$(pg_sql "SELECT string_agg(id::text, ',' ORDER BY id) FROM booking")" ]
check "migrate-db next id follows" [ "$(pg_sql "INSERT INTO topic(slug, name) VALUES ('moved', 'Moved') RETURNING id" | head -n 1)" = \
    "$(( $(sqlite3 "$SRC" "SELECT max(id) FROM topic") + 1 ))" ]
TESSERA_DB=$SRC "$TESSERA_TOOL" migrate-db --to "$PG_URL" > "$TMP/move2.out" 2>&1
check "migrate-db refuses a non-empty target" [ $? = 1 ]
check "migrate-db says why" grep -q "not empty" "$TMP/move2.out"

# --- the stack on PostgreSQL ------------------------------------------------
export TESSERA_DB=$PG_URL
if ! sh "$ROOT/tools/stack.sh" start >"$TMP/start.log" 2>&1; then
	cat "$TMP/start.log"
	echo "pg: the stack did not start"
	echo "pg: $PASS passed, 1 failed"
	exit 1
fi
pg_sql "UPDATE setting SET value = '0' WHERE key = 'booking_client_max';
    INSERT INTO setting(key, value) SELECT 'booking_client_max', '0'
    WHERE NOT EXISTS (SELECT 1 FROM setting WHERE key = 'booking_client_max')" >/dev/null

echo "pg: race.sh"
. "$ROOT/tests/pg/race.sh"

# The catalogue on PostgreSQL: the list, a search (with a prefix), a
# filter, and a search that matches nothing.
expect_status "pg courses 200" 200 "$BASE/courses"
body_has "pg courses lists the race course" "Race course race-$$"
expect_status "pg search 200" 200 "$BASE/courses?q=race"
body_has "pg search finds" "Race course race-$$"
expect_status "pg search nothing 200" 200 "$BASE/courses?q=zzqqxx"
body_lacks "pg search nothing" "Race course race-$$"

cleanup
trap - EXIT INT TERM
if grep -lE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$TMP"/var/log/*.log 2>/dev/null; then
	grep -hE -A20 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$TMP"/var/log/*.log | head -60
	bad "sanitizers" "a program reported an error (logs above)"
fi
echo "pg: $PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ] && rm -rf "$TMP"
[ "$FAIL" -eq 0 ]
